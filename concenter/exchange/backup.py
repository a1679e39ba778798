"""Backup and restore of an installation: the database and the uploaded files, in one archive.

`concenter backup FILE` writes a .tar.gz holding manifest.json and the database, which holds the
uploaded files too (common.storage, ADR 0008):

* SQLite: a consistent copy taken with SQLite's online backup API while the app keeps running;
* PostgreSQL: `pg_dump --format=custom` (a consistent snapshot by PostgreSQL's own rules).

The manifest records the fingerprint of PERSONAL_DATA_KEY (never the key): the national-ID
hashes in the database match only under that key, so `restore` refuses another one.

`concenter restore FILE` puts it back on the same kind of database (moving from SQLite to
PostgreSQL is `concenter dump` / `concenter load`, see concenter.exchange.dump), then leaves the
database ready to serve (`database_ready`: the cache table, fresh planner statistics). A backup
made before the files moved into the database carries them under media/: they are stored again.
"""

import json
import logging
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder

from concenter.common import clock
from concenter.people.identity import personal_data_key_fingerprint

logger = logging.getLogger(__name__)

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


def database_ready() -> None:
    """What a database needs after its tables were replaced whole, before it serves: the cache
    table (not a model, so neither a dump nor every restore brings it) and fresh planner
    statistics (PostgreSQL plans loaded tables as if empty until ANALYZE: 2-3x slower pages)."""
    call_command("createcachetable", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def key_fingerprint_check(manifest: dict, *, what: str, warn=None) -> None:
    """Refuse a dump or backup made under another PERSONAL_DATA_KEY; warn when it predates the
    fingerprint (nothing to compare with)."""
    recorded = manifest.get("personal_data_key_fingerprint")
    if not recorded:
        (warn or logger.warning)(
            f"warning: this {what} does not say which PERSONAL_DATA_KEY its national-ID hashes "
            "need (it was made before concenter recorded it). Make sure PERSONAL_DATA_KEY is the "
            "key of the installation it came from, or duplicate ID numbers will not be "
            "recognised (docs/deploy.md, 'Moving and the key')."
        )
        return
    here = personal_data_key_fingerprint()
    if recorded != here:
        raise BackupError(
            f"this {what} was made with another PERSONAL_DATA_KEY (fingerprint {recorded}; this "
            f"installation's is {here}). Its national-ID hashes match only under that key. Set "
            "PERSONAL_DATA_KEY to the key of the installation it came from (a `make run` "
            "installation keeps it in var/personal_data_key) and run this again. Nothing was "
            "changed (docs/deploy.md, 'Moving and the key')."
        )


def backup(path: Path) -> dict:
    """Write the archive at `path`; returns its manifest."""
    from concenter.common.models import StoredFile

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
        manifest = {
            "format": FORMAT,
            "created_at": clock.now().isoformat(timespec="seconds"),
            "vendor": connection.vendor,
            "database": database.name,
            "migrations": applied_migrations(),
            "media_files": StoredFile.objects.count(),  # inside the database
            "personal_data_key_fingerprint": personal_data_key_fingerprint(),
        }
        (work / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(path.name + ".part")
        with tarfile.open(temporary, "w:gz") as archive:
            archive.add(work / "manifest.json", arcname="manifest.json")
            archive.add(database, arcname=database.name)
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


def restore(path: Path, *, warn=None) -> dict:
    """Put the database of a backup back (replaced whole, the files with it), ready to serve."""
    manifest = read_manifest(path)
    if manifest["vendor"] != connection.vendor:
        raise BackupError(
            f"this backup is of a {manifest['vendor']} database and this installation uses "
            f"{connection.vendor}: move with `concenter dump` and `concenter load` instead"
        )
    key_fingerprint_check(manifest, what="backup", warn=warn)
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
        connections.close_all()
        for member in _safe_members(archive, "media/"):  # a backup of an older version
            name = member.name[len("media/") :]
            if not default_storage.exists(name):
                with archive.extractfile(member) as handle:
                    default_storage.save(name, File(handle))
    database_ready()
    return manifest
