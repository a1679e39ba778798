"""The benchmark's own databases: a fresh one per engine and purpose, never the developer's.

A child process sees its database through its environment only (`env()`): CONCENTER_VAR_DIR for
the SQLite file, the keys and the static files; DATABASE_URL for PostgreSQL. PostgreSQL databases
are created with a UTF-8 LC_CTYPE (pg_trgm extracts no trigram from Thai under "C") and the "C"
collation, and dropped again at the end unless kept.
"""

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ENGINES = ("sqlite", "postgresql")
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/concenter_bench"


def maintenance_url(url: str) -> str:
    """The same server's `postgres` database (to create and drop others)."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/postgres", parts.query, parts.fragment))


def with_database_name(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def _quoted(name: str) -> str:
    if not name.replace("_", "").isalnum():
        raise ValueError(f"database name {name!r}: letters, digits and _ only")
    return f'"{name}"'


@dataclass(frozen=True)
class BenchDatabase:
    engine: str  # "sqlite" or "postgresql"
    var_dir: Path
    url: str | None = None  # PostgreSQL only

    @property
    def name(self) -> str:
        if self.url:
            return urlsplit(self.url).path.lstrip("/")
        return str(self.var_dir / "concenter.sqlite3")

    def env(self) -> dict[str, str]:
        """The environment of a child process working on this database."""
        env = dict(os.environ)
        env["CONCENTER_VAR_DIR"] = str(self.var_dir)
        env["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
        env.pop("DATABASE_URL", None)
        env.pop("REDIS_URL", None)
        if self.url:
            env["DATABASE_URL"] = self.url
        return env

    def create(self) -> None:
        """A new empty database (an existing one of the same name is dropped first)."""
        self.drop()
        self.var_dir.mkdir(parents=True, exist_ok=True)
        if self.url:
            import psycopg

            name = _quoted(urlsplit(self.url).path.lstrip("/"))
            with psycopg.connect(maintenance_url(self.url), autocommit=True) as connection:
                connection.execute(
                    f"CREATE DATABASE {name} ENCODING 'UTF8' LC_COLLATE 'C' "
                    "LC_CTYPE 'C.UTF-8' TEMPLATE template0"
                )

    def drop(self) -> None:
        if self.url:
            import psycopg

            name = _quoted(urlsplit(self.url).path.lstrip("/"))
            with psycopg.connect(maintenance_url(self.url), autocommit=True) as connection:
                connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        if self.var_dir.exists():
            shutil.rmtree(self.var_dir)


def bench_databases(
    engine: str, *, work_dir: Path, postgres_url: str
) -> tuple[BenchDatabase, BenchDatabase]:
    """The main database (synthetic network: dashboards, search, pages) and the import one
    (areas and villages only, so the files import as new people)."""
    main_dir, import_dir = work_dir / engine / "main", work_dir / engine / "import"
    if engine == "sqlite":
        return BenchDatabase("sqlite", main_dir), BenchDatabase("sqlite", import_dir)
    base = urlsplit(postgres_url).path.lstrip("/") or "concenter_bench"
    return (
        BenchDatabase("postgresql", main_dir, with_database_name(postgres_url, base)),
        BenchDatabase("postgresql", import_dir, with_database_name(postgres_url, f"{base}_import")),
    )
