"""The search indexes kept beside the searched tables: their state, their repair, and the
writes that fill them in bulk (SQLite's FTS5 trigram tables and their triggers, PostgreSQL's
pg_trgm indexes). The search itself is concenter.common.search; what it searches is registered
there (`searchable`)."""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Callable, Iterator, Sequence

from django.db import connection, transaction
from django.db.models import Model

from concenter.common.search import _TARGETS, _Target

logger = logging.getLogger("concenter.common.search")

# Index status and repair ----------------------------------------------------------------------

_SYNC_TRIGGERS = ("ai", "ad", "au")


def _sqlite_index_sql(target: _Target) -> list[str]:
    """The FTS5 table, its triggers, the prefix index (as migrations people 0003 / network
    0004 create them)."""
    table, fts = target.table, target.fts_table
    prefix_index = (
        [f"CREATE INDEX IF NOT EXISTS {target.sqlite_prefix_index} ON {table} (name_search)"]
        if target.sqlite_prefix_index
        else []
    )
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5("
        f"name_search, name_latin, content='{table}', content_rowid='id', tokenize='trigram')",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ai AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, name_search, name_latin) "
        f"VALUES (new.id, new.name_search, new.name_latin); END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ad AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, name_search, name_latin) "
        f"VALUES ('delete', old.id, old.name_search, old.name_latin); END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_au AFTER UPDATE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, name_search, name_latin) "
        f"VALUES ('delete', old.id, old.name_search, old.name_latin); "
        f"INSERT INTO {fts}(rowid, name_search, name_latin) "
        f"VALUES (new.id, new.name_search, new.name_latin); END",
        *prefix_index,
    ]


def _postgresql_index_sql(table: str, prefix: str) -> list[str]:
    return [
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        f"CREATE INDEX IF NOT EXISTS {prefix}_name_trgm ON {table} "
        "USING gin (name_search gin_trgm_ops)",
        f"CREATE INDEX IF NOT EXISTS {prefix}_latin_trgm ON {table} "
        "USING gin (name_latin gin_trgm_ops)",
    ]


_PG_INDEX_PREFIX = {"people_person": "person", "network_organization": "org"}


def _sqlite_missing(target: _Target) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE (type = 'table' AND name = %s)"
            " OR (type IN ('trigger', 'index') AND tbl_name = %s)",
            [target.fts_table, target.table],
        )
        present = {row[0] for row in cursor.fetchall()}
    wanted = [target.fts_table] + [f"{target.fts_table}_{t}" for t in _SYNC_TRIGGERS]
    if target.sqlite_prefix_index:
        wanted.append(target.sqlite_prefix_index)
    return [name for name in wanted if name not in present]


def _postgresql_missing(target: _Target) -> list[str]:
    prefix = _PG_INDEX_PREFIX[target.table]
    wanted = [f"{prefix}_name_trgm", f"{prefix}_latin_trgm"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = %s AND indexname = ANY(%s)",
            [target.table, wanted],
        )
        present = {row[0] for row in cursor.fetchall()}
    return [name for name in wanted if name not in present]


def _sqlite_fts5_trigram_handles_thai() -> bool:
    """Measured in a private in-memory database of the same SQLite library."""
    try:
        db = sqlite3.connect(":memory:")
        try:
            db.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='trigram')")
            db.execute("INSERT INTO t(x) VALUES ('สมศรีมีสุข')")
            found = db.execute("SELECT count(*) FROM t WHERE t MATCH '\"มศร\"'").fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:
        return False
    return found == 1


def search_backend_status() -> dict:
    """How name search runs on this database, for /healthz and start-up checks.

    ``{"vendor", "backend", "thai_trigrams", "index_ok", "problems": [...]}``: `thai_trigrams`
    is whether the trigram machinery extracts trigrams from Thai (PostgreSQL:
    ``show_trgm('สมชาย') <> '{}'``, false under ``LC_CTYPE=C``); `index_ok` whether the indexes
    and (SQLite) sync triggers exist.  Never raises.
    """
    vendor = connection.vendor
    status: dict = {"vendor": vendor, "problems": []}
    targets = tuple(_TARGETS.values())
    try:
        if vendor == "sqlite":
            status["backend"] = "fts5-trigram"
            status["thai_trigrams"] = _sqlite_fts5_trigram_handles_thai()
            missing = [name for t in targets for name in _sqlite_missing(t)]
        elif vendor == "postgresql":
            status["backend"] = "pg_trgm"
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SHOW lc_ctype")
                status["lc_ctype"] = cursor.fetchone()[0]
                cursor.execute("SELECT extversion FROM pg_extension WHERE extname = 'pg_trgm'")
                row = cursor.fetchone()
                status["pg_trgm"] = row[0] if row else None
                if row:
                    cursor.execute("SELECT show_trgm(%s) <> '{}'", ["สมชาย"])
                    status["thai_trigrams"] = bool(cursor.fetchone()[0])
                else:
                    status["thai_trigrams"] = False
                    status["problems"].append("the pg_trgm extension is not installed")
            missing = [name for t in targets for name in _postgresql_missing(t)]
            if status["pg_trgm"] and not status["thai_trigrams"]:
                status["problems"].append(
                    f"pg_trgm extracts no trigram from Thai under LC_CTYPE={status['lc_ctype']}:"
                    " Thai searches stay correct but scan the whole table; recreate the"
                    " database with a UTF-8 LC_CTYPE (e.g. C.UTF-8)"
                )
        else:
            status["backend"] = "like"
            status["thai_trigrams"] = False
            missing = []
            status["problems"].append(f"no search index on {vendor}: every search scans")
    except Exception as exc:  # a status report must answer
        logger.exception("search backend status failed")
        status.setdefault("backend", "unknown")
        status.setdefault("thai_trigrams", False)
        status["index_ok"] = False
        status["problems"].append(f"status check failed: {exc.__class__.__name__}")
        return status
    status["index_ok"] = not missing
    if missing:
        status["problems"].append("missing: " + ", ".join(missing))
    return status


def search_index_repair(*, rebuild: bool = True) -> dict:
    """Create what is missing of the search indexes (idempotent) and, on SQLite, rebuild the
    FTS5 tables from the records.  Needed after a migration makes Django remake
    people_person or network_organization on SQLite (AlterField, many AddField…): the remade
    table loses its triggers (and org_name_search_prefix), and the index silently stops
    following edits.  Returns :func:`search_backend_status`."""
    vendor = connection.vendor
    targets = tuple(_TARGETS.values())
    with transaction.atomic(), connection.cursor() as cursor:
        for target in targets:
            if vendor == "sqlite":
                for statement in _sqlite_index_sql(target):
                    cursor.execute(statement)
                if rebuild:
                    cursor.execute(
                        f"INSERT INTO {target.fts_table}({target.fts_table}) VALUES ('rebuild')"
                    )
            elif vendor == "postgresql":
                prefix = _PG_INDEX_PREFIX[target.table]
                for statement in _postgresql_index_sql(target.table, prefix):
                    cursor.execute(statement)
    return search_backend_status()


# Bulk writes ----------------------------------------------------------------------------------

_BULK_INDEX_CHUNK = 500


def insert_indexed(model: type[Model], insert: Callable[[], Sequence[int]]) -> None:
    """Run `insert` (which adds rows of `model` and returns their ids) and keep the SQLite name
    index in step.

    Row by row, the FTS5 trigger costs ~70 µs a person; indexing the same rows with one
    INSERT … SELECT afterwards costs ~8 µs. So inside the caller's transaction (it holds SQLite's
    write lock: nobody else inserts meanwhile) the insert trigger is dropped, the rows inserted
    and indexed together, and the trigger created again; a rollback undoes all of it. Other
    databases and other models: `insert` runs as it is (PostgreSQL's trigram indexes are plain
    indexes)."""
    table = model._meta.db_table
    target = next((t for t in _TARGETS.values() if t.table == table), None)
    if connection.vendor != "sqlite" or target is None:
        insert()
        return
    assert connection.in_atomic_block, "insert_indexed runs inside the import's transaction"
    fts = target.fts_table
    trigger = f"{fts}_ai"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = %s", [trigger]
        )
        found = cursor.fetchone()
        if found is None:  # no index to keep: search_index_repair() rebuilds it (migrate)
            insert()
            return
        cursor.execute(f"DROP TRIGGER {trigger}")
        pks = insert()
        for start in range(0, len(pks), _BULK_INDEX_CHUNK):
            part = list(pks[start : start + _BULK_INDEX_CHUNK])
            marks = ", ".join(["%s"] * len(part))
            cursor.execute(
                f"INSERT INTO {fts}(rowid, name_search, name_latin) "
                f"SELECT id, name_search, name_latin FROM {target.table} WHERE id IN ({marks})",
                part,
            )
        cursor.execute(found[0])


@contextlib.contextmanager
def unindexed_update(model: type[Model]) -> Iterator[None]:
    """An UPDATE of `model`'s rows that changes no indexed name (an import's rows made visible:
    `import_pending` cleared) without the SQLite index's update trigger, which would delete and
    insert every row's index entry again. Inside the caller's transaction (SQLite DDL is
    transactional and the transaction holds the write lock; a rollback restores the trigger).
    Other databases and models: the block runs as it is."""
    table = model._meta.db_table
    target = next((t for t in _TARGETS.values() if t.table == table), None)
    if connection.vendor != "sqlite" or target is None:
        yield
        return
    assert connection.in_atomic_block, "unindexed_update runs inside a transaction"
    trigger = f"{target.fts_table}_au"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = %s", [trigger]
        )
        found = cursor.fetchone()
        if found is not None:
            cursor.execute(f"DROP TRIGGER {trigger}")
        yield
        if found is not None:
            cursor.execute(found[0])
