"""Backup and restore of an installation: the database and the uploaded files, in one archive.

`concenter backup FILE` writes a .tar.gz holding manifest.json, the database and media/:

* SQLite: a consistent copy taken with SQLite's online backup API while the app keeps running;
* PostgreSQL: `pg_dump --format=custom` (a consistent snapshot by PostgreSQL's own rules).

`concenter restore FILE` puts both back on the same kind of database (moving from SQLite to
PostgreSQL is `concenter dump` / `concenter load`, see concenter.exchange.dump).
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder

from concenter.common import clock

FORMAT = "concenter.backup/1"
SQLITE_NAME = "database.sqlite3"
POSTGRES_NAME = "database.pgdump"


class BackupError(Exception):
    pass


def _postgres_environment() -> tuple[list[str], dict]:
    """pg_dump/pg_restore arguments and environment for the default database."""
    settings_dict = connection.settings_dict
    environment = os.environ.copy()
    arguments = []
    if settings_dict.get("HOST"):
        arguments += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        arguments += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        arguments += ["--username", str(settings_dict["USER"])]
    if settings_dict.get("PASSWORD"):
        environment["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    arguments += ["--dbname", str(settings_dict["NAME"])]
    return arguments, environment


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} is not installed (apt-get install postgresql-client); "
            "`concenter dump` works without it."
        )
    return path


def applied_migrations() -> list[list[str]]:
    return sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations())


def backup(path: Path) -> dict:
    """Write the archive at `path`; returns its manifest."""
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="concenter-backup-") as folder:
        work = Path(folder)
        if connection.vendor == "sqlite":
            database = work / SQLITE_NAME
            connection.ensure_connection()
            target = sqlite3.connect(database)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
        elif connection.vendor == "postgresql":
            database = work / POSTGRES_NAME
            arguments, environment = _postgres_environment()
            subprocess.run(  # noqa: S603 - a fixed program, arguments from the settings
                [
                    _tool("pg_dump"),
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    "--file",
                    str(database),
                    *arguments,
                ],
                check=True,
                env=environment,
                capture_output=True,
            )
        else:
            raise BackupError(f"no backup for {connection.vendor}: use `concenter dump`")
        files = [p for p in media.rglob("*") if p.is_file()] if media.exists() else []
        manifest = {
            "format": FORMAT,
            "created_at": clock.now().isoformat(timespec="seconds"),
            "vendor": connection.vendor,
            "database": database.name,
            "migrations": applied_migrations(),
            "media_files": len(files),
        }
        (work / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(path.name + ".part")
        with tarfile.open(temporary, "w:gz") as archive:
            archive.add(work / "manifest.json", arcname="manifest.json")
            archive.add(database, arcname=database.name)
            for file in files:
                archive.add(file, arcname=f"media/{file.relative_to(media).as_posix()}")
        temporary.replace(path)
    return manifest


def read_manifest(path: Path) -> dict:
    try:
        with tarfile.open(path, "r:gz") as archive:
            member = archive.extractfile("manifest.json")
            manifest = json.loads(member.read()) if member else {}
    except (tarfile.TarError, KeyError, ValueError) as exc:
        raise BackupError(f"{path} is not a concenter backup") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is not a concenter backup ({manifest.get('format')})")
    return manifest


def _safe_members(archive: tarfile.TarFile, prefix: str):
    for member in archive.getmembers():
        name = member.name
        if not name.startswith(prefix) or not member.isfile():
            continue
        if name.startswith("/") or ".." in Path(name).parts:
            raise BackupError(f"unsafe path in the archive: {name}")
        yield member


def restore(path: Path) -> dict:
    """Put the database and the media of a backup back (the database is replaced whole)."""
    manifest = read_manifest(path)
    if manifest["vendor"] != connection.vendor:
        raise BackupError(
            f"this backup is of a {manifest['vendor']} database and this installation uses "
            f"{connection.vendor}: move with `concenter dump` and `concenter load` instead"
        )
    media = Path(settings.MEDIA_ROOT)
    with (
        tempfile.TemporaryDirectory(prefix="concenter-restore-") as folder,
        tarfile.open(path, "r:gz") as archive,
    ):
        work = Path(folder)
        member = archive.getmember(manifest["database"])
        archive.extract(member, work, filter="data")
        database = work / manifest["database"]
        connections.close_all()
        if connection.vendor == "sqlite":
            source = sqlite3.connect(database)
            target = sqlite3.connect(connection.settings_dict["NAME"])
            try:
                source.backup(target)
            finally:
                source.close()
                target.close()
        else:
            arguments, environment = _postgres_environment()
            subprocess.run(  # noqa: S603 - a fixed program, arguments from the settings
                [
                    _tool("pg_restore"),
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--no-privileges",
                    "--single-transaction",
                    *arguments,
                    str(database),
                ],
                check=True,
                env=environment,
                capture_output=True,
            )
        if media.exists():
            shutil.rmtree(media)
        media.mkdir(parents=True, exist_ok=True)
        for member in _safe_members(archive, "media/"):
            member.name = member.name[len("media/") :]
            archive.extract(member, media, filter="data")
    return manifest
