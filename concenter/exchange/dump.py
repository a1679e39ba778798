"""A database-neutral dump of every table, to move an installation between SQLite and
PostgreSQL (`concenter dump FILE` / `concenter load FILE`).

The dump is a zip: manifest.json (format, the source's database, its migrations, the tables in
order) and one JSON-lines file per table, one row per line, each value in a plain form (dates
ISO, money as decimal text, binary as base64). Loading replaces every table of the target in one
transaction, after checking that both have applied the same migrations; ids are kept, so every
reference stays right, and PostgreSQL's sequences are moved past them. Uploaded files are rows
too (common.storage), so they move with the records that name them.

The manifest records the fingerprint of PERSONAL_DATA_KEY; `load` refuses a dump made under
another key (its national-ID hashes would match nothing) and warns on a dump that predates the
fingerprint. After loading, the database is made ready to serve (`backup.database_ready`: the
cache table and fresh planner statistics).
"""

import base64
import datetime
import json
import uuid
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction

from concenter.exchange.backup import (
    BackupError,
    applied_migrations,
    database_ready,
    key_fingerprint_check,
)
from concenter.people.identity import personal_data_key_fingerprint

FORMAT = "concenter.dump/1"
BATCH = 2000


class DumpError(Exception):
    pass


def dumped_models() -> list[type[models.Model]]:
    """Every concrete, managed model (many-to-many tables included), parents first."""
    found = [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy and not m._meta.swapped
    ]
    return sorted(found, key=lambda m: m._meta.db_table)


def _plain(field: models.Field, value):
    if value is None:
        return None
    if isinstance(field, models.BinaryField):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, (Decimal, uuid.UUID)):
        return str(value)
    return value


def dump(path: Path, *, log: Callable[[str], None] | None = None) -> dict:
    """Write every table to the zip at `path`; returns the manifest."""
    manifest = {
        "format": FORMAT,
        "vendor": connection.vendor,
        "migrations": applied_migrations(),
        "personal_data_key_fingerprint": personal_data_key_fingerprint(),
        "tables": [],
    }
    temporary = path.with_name(path.name + ".part")
    outermost = not connection.in_atomic_block
    with transaction.atomic(), zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:  # one snapshot for every table
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        for model in dumped_models():
            fields = list(model._meta.concrete_fields)
            names = [f.attname for f in fields]
            count = 0
            with archive.open(f"tables/{model._meta.db_table}.jsonl", "w") as target:
                rows = model._base_manager.order_by("pk").values_list(*names)
                for row in rows.iterator(chunk_size=BATCH):
                    line = [_plain(f, v) for f, v in zip(fields, row, strict=True)]
                    target.write(json.dumps(line, ensure_ascii=False).encode("utf-8") + b"\n")
                    count += 1
            manifest["tables"].append(
                {
                    "table": model._meta.db_table,
                    "model": model._meta.label,
                    "columns": names,
                    "rows": count,
                }
            )
            if log:
                log(f"{model._meta.db_table}: {count} rows")
        archive.writestr("manifest.json", json.dumps(manifest, indent=2))
    temporary.replace(path)
    return manifest


def _converter(field: models.Field) -> Callable:
    if isinstance(field, models.BinaryField):
        return lambda v: None if v is None else base64.b64decode(v)
    if isinstance(field, models.JSONField):
        return lambda v: v
    if isinstance(field, (models.DateTimeField, models.DateField, models.TimeField,
                          models.DecimalField, models.UUIDField, models.DurationField)):  # fmt: skip
        return lambda v: None if v is None else field.to_python(v)
    return lambda v: v


def load(
    path: Path,
    *,
    log: Callable[[str], None] | None = None,
    warn: Callable[[str], None] | None = None,
) -> dict:
    """Replace every table with the dump's rows, in one transaction; then make the database
    ready to serve."""
    try:
        archive = zipfile.ZipFile(path)
        manifest = json.loads(archive.read("manifest.json"))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DumpError(f"{path} is not a concenter dump") from exc
    with archive:
        if manifest.get("format") != FORMAT:
            raise DumpError(f"{path} is not a concenter dump ({manifest.get('format')})")
        if manifest["migrations"] != applied_migrations():
            raise DumpError(
                "the dump and this database have not applied the same migrations: run "
                "`concenter migrate` on both to the same version first"
            )
        try:
            key_fingerprint_check(manifest, what="dump", warn=warn)
        except BackupError as exc:
            raise DumpError(str(exc)) from exc
        by_table = {m._meta.db_table: m for m in dumped_models()}
        missing = [t["table"] for t in manifest["tables"] if t["table"] not in by_table]
        if missing:
            raise DumpError(f"unknown tables in the dump: {', '.join(missing)}")
        with transaction.atomic(), connection.constraint_checks_disabled():
            with connection.cursor() as cursor:
                for model in reversed(list(by_table.values())):
                    table_name = connection.ops.quote_name(model._meta.db_table)
                    cursor.execute(f"DELETE FROM {table_name}")  # noqa: S608 - a model's table
                for table in manifest["tables"]:
                    _load_table(cursor, archive, by_table[table["table"]], table)
                    if log:
                        log(f"{table['table']}: {table['rows']} rows")
            connection.check_constraints()
            if connection.vendor == "postgresql":
                statements = connection.ops.sequence_reset_sql(no_style(), list(by_table.values()))
                with connection.cursor() as cursor:
                    for statement in statements:
                        cursor.execute(statement)
    database_ready()
    return manifest


def _load_table(cursor, archive: zipfile.ZipFile, model, table: dict) -> None:
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(_field_name(model, c)) for c in table["columns"]]
    converters = [_converter(f) for f in fields]
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    batch = []
    with archive.open(f"tables/{table['table']}.jsonl") as source:
        for line in source:
            values = json.loads(line)
            batch.append(
                [
                    None if value is None else field.get_db_prep_save(convert(value), connection)
                    for field, convert, value in zip(fields, converters, values, strict=True)
                ]
            )
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                batch = []
    if batch:
        cursor.executemany(sql, batch)


def _field_name(model, attname: str) -> str:
    for field in model._meta.concrete_fields:
        if field.attname == attname:
            return field.name
    raise DumpError(f"{model._meta.db_table} has no column {attname}")
