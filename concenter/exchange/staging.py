"""New people of a people import, staged by the check and written by the commit in SQL
(docs/adr/0027-staged-new-people-written-by-insert-select.md).

The check of a batch writes each row it parsed into a person (`StagedPerson`): every column the
person will be created with, derived ones included (search key, Thai sort key), the person's
text for the audit entry and the fields the sheet has — COPY on PostgreSQL, `executemany` on
SQLite, one short transaction per chunk of the file. Its kept check (concenter.exchange.checked)
then holds, for such a row, only the row's place here (`seq`), not a pickled draft.

The commit, a chunk per short transaction, reads back the chunk's staged rows for what must be
checked against the database then (people already registered, duplicates, the scope: the
people kind's own rules, unchanged); the rows that create a person are written by
`write_new`: their ids taken, then one `INSERT … SELECT` each (the staged rows joined to the
list of (seq, id)) for
the people (hidden until the batch is published, as before), their audit entries (the JSON of
`audit.audit_bulk_values`, built by the database), the batch's bookkeeping rows and, on SQLite,
the name index; the roll-ups by one grouped query. `tests/exchange/test_lean_people_path.py`
proves it stores what the instance path stores, column by column.

Staged rows go with the kept check (`checked.clear`: imported, refused, checked again; the
retention purge).
"""

from collections.abc import Callable, Sequence

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction

from concenter.common import audit, clock, search_index
from concenter.common.rows import insert_rows
from concenter.exchange.models import Action, StagedPerson
from concenter.people.models import Person

TABLE = StagedPerson._meta.db_table
# The Person columns a staged row carries (every other Person column takes its default, or
# the commit's value: id, timestamps, import_pending).
PERSON_COLUMNS = (
    "area_id", "province_code", "district_code", "subdistrict_code", "title", "given_name",
    "family_name", "given_name_en", "family_name_en", "gender", "birth_year", "profession_id",
    "phone", "email", "national_id_hash", "national_id_last4", "name_search", "name_latin",
    "sort_key",
)  # fmt: skip
COLUMNS = ("batch_id", "seq", "row", "present", "object_repr", *PERSON_COLUMNS)
DELETE_CHUNK = 5000
# SQLite: rows per `write_new` statement (two parameters a row in its VALUES list; SQLite before
# 3.32 takes at most 999 parameters a statement).
SQLITE_PART = 400


def stage(batch_id: int, rows: Sequence[tuple]) -> None:
    """Staged rows, each (seq, row number, present fields, str(person), {Person column:
    value}), in one short transaction."""
    if not rows:
        return
    values = [
        (batch_id, seq, number, ",".join(sorted(present)), text[:500],
         *(record[c] for c in PERSON_COLUMNS))
        for seq, number, present, text, record in rows
    ]  # fmt: skip
    with transaction.atomic():
        insert_rows(TABLE, COLUMNS, values)


def read(batch_id: int, low: int, high: int) -> dict[int, tuple]:
    """{seq: (present, {Person column: value})} of the staged rows low..high."""
    columns = ", ".join(PERSON_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT seq, present, {columns} FROM {TABLE} "  # noqa: S608
            "WHERE batch_id = %s AND seq BETWEEN %s AND %s",
            [batch_id, low, high],
        )
        return {
            seq: (present, dict(zip(PERSON_COLUMNS, rest, strict=True)))
            for seq, present, *rest in cursor.fetchall()
        }


def keys(batch_id: int, low: int, high: int) -> dict[int, tuple]:
    """{seq: (area code, subdistrict code, name key, ID hash)} of the staged rows low..high:
    what a row's natural key and scope are made of, without the rest of the row."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT seq, area_id, subdistrict_code, name_search, national_id_hash "  # noqa: S608
            f"FROM {TABLE} WHERE batch_id = %s AND seq BETWEEN %s AND %s",
            [batch_id, low, high],
        )
        return {seq: tuple(rest) for seq, *rest in cursor.fetchall()}


def any_registered(batch_id: int, low: int, high: int) -> bool:
    """True when a person everyone sees has the ID hash of one of the staged rows low..high, or
    its name key in its subdistrict (not anonymised): what `PeopleIndex` would find for them.
    Two index probes a staged row; no person row is read or locked."""
    person = Person._meta.db_table
    within = "s.batch_id = %s AND s.seq BETWEEN %s AND %s"
    with connection.cursor() as cursor:
        for condition in (
            "p.national_id_hash = s.national_id_hash",
            # By the name's index only: `|| ''` keeps SQLite off the subdistrict's, which would
            # read every person of the subdistrict (hidden ones of this batch too) a staged row.
            "p.name_search = s.name_search AND p.subdistrict_code || '' = s.subdistrict_code "
            "AND s.subdistrict_code <> '' AND p.anonymized_at IS NULL",
        ):
            cursor.execute(
                f"SELECT 1 FROM {TABLE} s WHERE {within} AND EXISTS ("  # noqa: S608
                f"SELECT 1 FROM {person} p WHERE {condition} AND p.import_pending IS NULL) "
                "LIMIT 1",
                [batch_id, low, high],
            )
            if cursor.fetchone() is not None:
                return True
    return False


def clear(batch_id: int) -> None:
    """Remove a batch's staged rows, DELETE_CHUNK a short transaction (a million-row batch
    never holds the SQLite write lock for long)."""
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {TABLE} WHERE id IN (SELECT id FROM {TABLE} "  # noqa: S608
                "WHERE batch_id = %s LIMIT %s)",
                [batch_id, DELETE_CHUNK],
            )
            if cursor.rowcount < DELETE_CHUNK:
                return


def _param(field) -> str:
    """A placeholder for a value of `field` in a SELECT list: PostgreSQL types it (an untyped
    parameter there is text); SQLite takes it as it is (a CAST would change its affinity)."""
    if connection.vendor == "postgresql":
        return f"CAST(%s AS {field.cast_db_type(connection)})"
    return "%s"


def _text(sql: str) -> str:
    return f"CAST({sql} AS TEXT)"


def _changes_sql(model, constants: dict) -> tuple[str, list]:
    """The JSON of a new record's audit entry as `audit.audit_bulk_values` encodes it — every
    audited field with a value, as [null, str(value)], in field order — built by the database
    from the staged columns; `constants` gives the fields the commit sets (or their defaults)."""
    pieces, params = [], []
    postgres = connection.vendor == "postgresql"
    for name, attname in audit.audited_fields(model):
        if attname == model._meta.pk.attname:
            value, nullable = _text("v.id"), False
        elif attname in PERSON_COLUMNS:
            field = model._meta.get_field(name)
            value = (
                attname
                if field.get_internal_type() in ("CharField", "ForeignKey")
                else (_text(attname))
            )
            value = _text(attname) if postgres else value
            nullable = field.null
        elif constants[attname] is None:
            continue  # no value: not in the entry
        else:
            value, nullable = ("CAST(%s AS TEXT)" if postgres else "%s"), False
            params.append(str(constants[attname]))
        pair = (
            f"jsonb_build_array(NULL::text, {value})" if postgres else f"json_array(NULL, {value})"
        )
        if nullable:
            pair = f"CASE WHEN s.{attname} IS NULL THEN NULL ELSE {pair} END"
        pieces.append(f"'{name}', {pair}")
    if postgres:
        return f"jsonb_strip_nulls(jsonb_build_object({', '.join(pieces)}))", params
    return f"json_patch('{{}}', json_object({', '.join(pieces)}))", params


def write_new(
    writer,
    model,
    seqs: Sequence[int],
    *,
    record_kind: str,
    contributions: Callable | None = None,
) -> list[int]:
    """Create the people of these staged rows of the writer's batch, as `Writer.create_values`
    creates them from values (same rows, audit entries, name index, bookkeeping and roll-up
    contributions), with a few statements. Inside the chunk's transaction. Returns their ids."""
    from concenter.exchange import bulk

    if not seqs:
        return []
    if connection.vendor == "sqlite" and len(seqs) > SQLITE_PART:
        return [
            pk
            for start in range(0, len(seqs), SQLITE_PART)
            for pk in write_new(writer, model, seqs[start : start + SQLITE_PART],
                                record_kind=record_kind, contributions=contributions)
        ]  # fmt: skip
    batch_id = writer.batch_id
    pks = bulk.allocate_ids(model, len(seqs))
    # The chunk's staged rows with the ids taken for them, joined to a list of (seq, id); the
    # range of seqs keeps the planner on the (batch, seq) index (a fresh table has no statistics).
    if connection.vendor == "postgresql":
        head, head_params = "", []
        source = (
            f"FROM {TABLE} s JOIN unnest(%s::int[], %s::bigint[]) AS v(seq, id) "
            "ON s.seq = v.seq WHERE s.batch_id = %s AND s.seq BETWEEN %s AND %s"
        )
        source_params = [list(seqs), pks, batch_id, min(seqs), max(seqs)]
    else:
        head = f"WITH v(seq, id) AS (VALUES {', '.join(['(%s, %s)'] * len(seqs))}) "
        head_params = [x for pair in zip(seqs, pks, strict=True) for x in pair]
        source = (
            f"FROM v JOIN {TABLE} s ON s.batch_id = %s AND s.seq = v.seq "
            "AND s.seq BETWEEN %s AND %s"
        )
        source_params = [batch_id, min(seqs), max(seqs)]
    quote = connection.ops.quote_name

    spec = bulk.table(model)
    defaults = bulk._defaults(model)
    constants = {**defaults, "import_pending": batch_id if writer.pending else None}
    for name in ("created_at", "updated_at"):
        if name in defaults:
            constants[name] = writer.now
    exprs, params = [], []
    for field, adapt in zip(spec.fields, spec.adapters, strict=True):
        if field.attname == spec.pk.attname:
            exprs.append("v.id")
        elif field.attname in PERSON_COLUMNS:
            exprs.append(f"s.{field.attname}")
        else:
            value = constants[field.attname]
            exprs.append(_param(field))
            params.append(value if adapt is None or value is None else adapt(value))
    columns = ", ".join(quote(c) for c in spec.columns)
    insert_people = (
        f"{head}INSERT INTO {quote(spec.name)} ({columns}) SELECT {', '.join(exprs)} "
        f"{source} ORDER BY v.seq"
    )

    def write() -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute(insert_people, [*head_params, *params, *source_params])
        return pks

    search_index.insert_indexed(model, write)

    # Audit entries: audit.audit_bulk_values' rows, by the database.
    actor, remote_addr = audit.current_actor_and_address()
    actor_id = getattr(actor, "pk", None) or None
    meta = LogEntry._meta
    timestamp = meta.get_field("timestamp").get_db_prep_save(clock.now(), connection)
    changes, changes_params = _changes_sql(model, constants)
    field = meta.get_field
    audit_sql = (
        f"{head}INSERT INTO {quote(meta.db_table)} (content_type_id, object_pk, object_id, "
        "object_repr, action, changes_text, changes, actor_id, remote_addr, timestamp) "
        f"SELECT {_param(field('content_type'))}, {_text('v.id')}, v.id, s.object_repr, "
        f"{_param(field('action'))}, '', {changes}, {_param(field('actor'))}, "
        f"{_param(field('remote_addr'))}, {_param(field('timestamp'))} {source} ORDER BY v.seq"
    )
    content_type = ContentType.objects.get_for_model(model)
    with connection.cursor() as cursor:
        cursor.execute(
            audit_sql,
            [*head_params, content_type.pk, LogEntry.Action.CREATE, *changes_params, actor_id,
             remote_addr, timestamp, *source_params],
        )  # fmt: skip
        if writer.batch_id is not None and record_kind:
            # The batch's bookkeeping rows (for undo).
            cursor.execute(
                f"{head}INSERT INTO exchange_importedrecord "
                "(batch_id, kind, object_key, action, row) "
                f"SELECT %s, %s, {_text('v.id')}, %s, s.row {source} ORDER BY v.seq",
                [*head_params, batch_id, record_kind, Action.CREATED, *source_params],
            )
        if contributions is not None:
            # Roll-ups: one grouped query; the rule (`contributions`) read once per group.
            cursor.execute(
                f"{head}SELECT s.province_code, s.district_code, s.subdistrict_code, "
                f"s.profession_id, COUNT(*) {source} GROUP BY s.province_code, "
                "s.district_code, s.subdistrict_code, s.profession_id",
                [*head_params, *source_params],
            )
            shape = bulk._shape(model)
            for province, district, subdistrict, profession, count in cursor.fetchall():
                shaped = shape(**{**defaults, "province_code": province,
                                  "district_code": district, "subdistrict_code": subdistrict,
                                  "profession_id": profession})  # fmt: skip
                writer.rollup(after=[(codes, metric, key, value * count)
                                     for codes, metric, key, value in contributions(shaped)])  # fmt: skip
    return pks
