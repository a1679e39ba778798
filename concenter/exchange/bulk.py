"""Writing an import in bulk, inside the import's one transaction.

Rows are validated by the kinds (concenter.exchange.kinds) with the services' own rule
functions; what they accept is written here a chunk at a time:

* ids are taken up front (PostgreSQL: the table's sequence; SQLite: after the highest id ever
  used, while the transaction holds the write lock), so a chunk is one `executemany` per table
  instead of a model save per row, and the audit entries and imported-record rows can name them;
* every row gets its audit entry through `concenter.common.audit.audit_bulk` (before and after
  values for an update), in the name of the importing user;
* roll-up figures move once per chunk, by the difference of the records' contributions
  (`concenter.network.rollups.rollup_change`), as the services move them one record at a time.

A chunked commit (docs/adr/0009-chunked-import-commit.md) writes with `pending=True`: each chunk
is its own short transaction; the records it creates carry `import_pending` (the batch id) and
nobody sees them, the changes to existing records are staged (`StagedChange`) and the roll-up
deltas summed, and `publish` applies all of it in one short transaction at the end.
`discard_pending` takes back what an import that never ended left behind.
"""

import pickle
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from functools import cache, lru_cache
from types import SimpleNamespace

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction

from concenter.common import audit, clock, search_index
from concenter.common.rows import insert_rows
from concenter.exchange.messages import msg
from concenter.exchange.models import Action, StagedChange
from concenter.network import rollups

# Types whose Python value the database driver takes as it is.
_PLAIN_TYPES = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "EmailField",
    "ForeignKey",
    "IntegerField",
    "OneToOneField",
    "PositiveBigIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "SmallIntegerField",
    "TextField",
    "URLField",
}


def _adapter(field: models.Field) -> Callable | None:
    if field.get_internal_type() in _PLAIN_TYPES or isinstance(field, models.CharField):
        return None
    if isinstance(field, (models.DateField, models.DecimalField)):
        # A chunk's timestamps are one value and dates repeat: adapt each value once.
        return lru_cache(maxsize=4096)(lambda value: field.get_db_prep_save(value, connection))
    return lambda value: field.get_db_prep_save(value, connection)


class Table:
    """A model's table as raw SQL: its columns and how each value goes to the database."""

    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        self.name = model._meta.db_table
        self.fields = list(model._meta.concrete_fields)
        self.pk = model._meta.pk
        self.adapters = [_adapter(f) for f in self.fields]
        self.columns = [f.column for f in self.fields]

    def values(self, instance: models.Model) -> tuple:
        row = []
        for field, adapt in zip(self.fields, self.adapters, strict=True):
            value = getattr(instance, field.attname)
            row.append(value if adapt is None or value is None else adapt(value))
        return tuple(row)

    def update_sql(self, fields: Sequence[str]) -> tuple[str, list[models.Field]]:
        quote = connection.ops.quote_name
        chosen = [self.model._meta.get_field(name) for name in fields]
        assignments = ", ".join(f"{quote(f.column)} = %s" for f in chosen)
        sql = f"UPDATE {quote(self.name)} SET {assignments} WHERE {quote(self.pk.column)} = %s"  # noqa: S608
        return sql, chosen


_TABLES: dict[type, Table] = {}


def table(model: type[models.Model]) -> Table:
    if model not in _TABLES:
        _TABLES[model] = Table(model)
    return _TABLES[model]


@cache
def _defaults(model: type[models.Model]) -> dict:
    """{attname: default} of every concrete field, as a new instance holds them."""
    blank = model()
    return {f.attname: getattr(blank, f.attname) for f in model._meta.concrete_fields}


@cache
def _shape(model: type[models.Model]) -> type:
    """A namespace class holding a record's values with the model's own properties and
    `__str__` (`area_codes`, `full_name` …), so the rules written for instances read values."""
    borrowed = {}
    for klass in reversed(model.__mro__):
        if issubclass(klass, models.Model) and klass is not models.Model:
            borrowed.update({k: v for k, v in vars(klass).items() if isinstance(v, property)})
    borrowed["__str__"] = model.__str__
    return type(f"{model.__name__}Values", (SimpleNamespace,), borrowed)


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` new primary keys of `model`. Call inside the import's transaction: on SQLite it
    holds the write lock (transactions begin IMMEDIATE), so nobody else takes these ids."""
    if count <= 0:
        return []
    name = model._meta.db_table
    column = model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [name, column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        quote = connection.ops.quote_name
        cursor.execute(f"SELECT COALESCE(MAX({quote(column)}), 0) FROM {quote(name)}")  # noqa: S608
        highest = cursor.fetchone()[0]
        if connection.vendor == "sqlite":
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [name])
            row = cursor.fetchone()
            if row and row[0] and row[0] > highest:
                highest = row[0]  # AUTOINCREMENT never reuses the id of a deleted row
    return list(range(highest + 1, highest + 1 + count))


def insert(instances: Sequence[models.Model]) -> None:
    """Insert model instances whose primary keys are already set (see allocate_ids)."""
    if not instances:
        return
    spec = table(type(instances[0]))
    insert_rows(spec.name, spec.columns, [spec.values(instance) for instance in instances])


def _insert_returning_pks(instances: Sequence[models.Model]) -> list:
    insert(instances)
    return [instance.pk for instance in instances]


def delete(model: type[models.Model], pks: Sequence) -> None:
    """Delete rows by primary key (their audit entries are the caller's)."""
    if not pks:
        return
    quote = connection.ops.quote_name
    name, column = quote(model._meta.db_table), quote(model._meta.pk.column)
    with connection.cursor() as cursor:
        for start in range(0, len(pks), 500):
            part = list(pks[start : start + 500])
            marks = ", ".join(["%s"] * len(part))
            cursor.execute(f"DELETE FROM {name} WHERE {column} IN ({marks})", part)  # noqa: S608


def update(instances: Sequence[models.Model], fields: Sequence[str]) -> None:
    """Write `fields` of each instance (one statement, many parameter rows)."""
    if not instances:
        return
    spec = table(type(instances[0]))
    sql, chosen = spec.update_sql(fields)
    adapters = [_adapter(f) for f in chosen]
    rows = []
    for instance in instances:
        row = []
        for field, adapt in zip(chosen, adapters, strict=True):
            value = getattr(instance, field.attname)
            row.append(value if adapt is None or value is None else adapt(value))
        row.append(instance.pk)
        rows.append(row)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 1000):
            cursor.executemany(sql, rows[start : start + 1000])


class Writer:
    """What one chunk of an import writes, flushed as a handful of statements."""

    def __init__(self, *, batch_id: int | None, pending: bool = False) -> None:
        self.batch_id = batch_id
        self.now = clock.now()
        self._before: list = []
        self._after: list = []
        self._records: list[tuple] = []  # (kind, key, action, row) of ImportedRecord
        # A chunked commit: new records hidden, changes staged, roll-ups summed for `publish`.
        self.pending = pending and batch_id is not None
        self.rollup_deltas: dict[tuple[str, str, str], int] = defaultdict(int)
        self._deferred: list[tuple] = []

    def create(
        self,
        instances: Sequence[models.Model],
        *,
        record_kind: str,
        rows: Sequence[int],
        contributions: Callable | None = None,
        allocate: bool = True,
    ) -> None:
        """Insert new records (timestamps set, ids taken), audit them, count them."""
        if not instances:
            return
        model = type(instances[0])
        if allocate:
            for instance, pk in zip(instances, allocate_ids(model, len(instances)), strict=True):
                instance.pk = pk
        for instance in instances:
            for name in ("created_at", "updated_at"):
                if hasattr(instance, name):
                    setattr(instance, name, self.now)
        if self.pending:
            if not hasattr(instances[0], "import_pending"):
                raise TypeError(f"{model.__name__} cannot be hidden until an import ends")
            for instance in instances:
                instance.import_pending = self.batch_id
        search_index.insert_indexed(model, lambda: _insert_returning_pks(instances))
        audit.audit_bulk(list(instances), action=LogEntry.Action.CREATE)
        if contributions is not None:
            for instance in instances:
                self._after.extend(contributions(instance))
        self._remember(instances, record_kind, Action.CREATED, rows)

    def create_values(
        self,
        model: type[models.Model],
        records: Sequence[dict],
        *,
        record_kind: str,
        rows: Sequence[int],
        contributions: Callable | None = None,
    ) -> None:
        """`create` for new records given as values (`{attname: value}` of the fields a row
        sets; every other field takes its model default), with no model instance per record:
        the same rows, audit entries, name index rows, roll-up contributions and bookkeeping
        as `create` writes for the instances these values describe (tested against it). A
        record reaches the rules that read it (`str`, the roll-up contributions) as a
        namespace of its values with the model's own properties and `__str__` (`_shape`)."""
        if not records:
            return
        spec = table(model)
        defaults = _defaults(model)
        stamps = {name: self.now for name in ("created_at", "updated_at") if name in defaults}
        if self.pending:
            if "import_pending" not in defaults:
                raise TypeError(f"{model.__name__} cannot be hidden until an import ends")
            stamps["import_pending"] = self.batch_id
        pks = allocate_ids(model, len(records))
        attnames = [f.attname for f in spec.fields]
        audited = audit.audited_fields(model)
        shape = _shape(model)
        full_rows, audit_items, after = [], [], self._after
        for pk, values in zip(pks, records, strict=True):
            record = {**defaults, **values, **stamps, spec.pk.attname: pk}
            full_rows.append(
                tuple(
                    value if adapt is None or value is None else adapt(value)
                    for value, adapt in zip(
                        [record[a] for a in attnames], spec.adapters, strict=True
                    )
                )
            )
            shaped = shape(**record)
            new = {
                name: None if record[attname] is None else str(record[attname])
                for name, attname in audited
            }
            audit_items.append((pk, str(shaped), new, None))
            if contributions is not None:
                after.extend(contributions(shaped))

        def write() -> list[int]:
            insert_rows(spec.name, spec.columns, full_rows)
            return pks

        search_index.insert_indexed(model, write)
        audit.audit_bulk_values(model, audit_items, action=LogEntry.Action.CREATE)
        if self.batch_id is not None and record_kind:
            for pk, row in zip(pks, rows, strict=True):
                self._records.append((record_kind, str(pk), Action.CREATED, row))

    def change(
        self,
        instances: Sequence[models.Model],
        *,
        befores: Sequence[dict],
        fields: Iterable[str],
        record_kind: str,
        rows: Sequence[int],
        contributions_before: Sequence[list] | None = None,
        contributions: Callable | None = None,
    ) -> None:
        """Write changed records (version + 1), audit them with their values before."""
        if not instances:
            return
        if self.pending:
            # Staged: applied by `publish`, when the whole import is written.
            before = [c for contribution in contributions_before or [] for c in contribution]
            after = [c for i in instances for c in contributions(i)] if contributions else []
            self._deferred.append(
                (
                    list(instances),
                    list(befores),
                    list(fields),
                    record_kind,
                    list(rows),
                    before,
                    after,
                )
            )
            return
        fields = list(fields)
        for instance in instances:
            if hasattr(instance, "version"):
                instance.version += 1
            if hasattr(instance, "updated_at"):
                instance.updated_at = self.now
        for extra in ("version", "updated_at"):
            if hasattr(instances[0], extra) and extra not in fields:
                fields.append(extra)
        update(instances, fields)
        audit.audit_bulk(list(instances), action=LogEntry.Action.UPDATE, before=list(befores))
        if contributions is not None:
            for contribution in contributions_before or []:
                self._before.extend(contribution)
            for instance in instances:
                self._after.extend(contributions(instance))
        self._remember(instances, record_kind, Action.UPDATED, rows)

    def rollup(self, before: Iterable = (), after: Iterable = ()) -> None:
        self._before.extend(before)
        self._after.extend(after)

    def _remember(self, instances, record_kind: str, action: str, rows: Sequence[int]) -> None:
        if self.batch_id is None or not record_kind:
            return
        for instance, row in zip(instances, rows, strict=True):
            self._records.append((record_kind, str(instance.pk), action, row))

    def flush(self) -> None:
        """Move the roll-ups once for the chunk and note what the batch touched (a chunked
        commit: sum the roll-up deltas and stage the changes, for `publish`)."""
        if self.pending:
            _expand(self._before, -1, self.rollup_deltas)
            _expand(self._after, +1, self.rollup_deltas)
            if self._deferred:
                StagedChange.objects.create(
                    batch_id=self.batch_id,
                    payload=pickle.dumps(self._deferred, protocol=pickle.HIGHEST_PROTOCOL),
                )
            self._deferred = []
        elif self._before or self._after:
            rollups.rollup_change(self._before, self._after)
        self._before, self._after = [], []
        if self._records:
            # Bookkeeping rows of the batch (for undo), written as plain tuples.
            insert_rows(
                "exchange_importedrecord",
                ("batch_id", "kind", "object_key", "action", "row"),
                [(self.batch_id, *r) for r in self._records],
            )
        self._records = []


def _expand(contributions: Iterable, sign: int, into: dict) -> None:
    for codes, metric, key, value in contributions:
        for code in codes:
            into[(code, metric, key)] += sign * value


def _pending_models() -> list[type[models.Model]]:
    """The models whose new records a chunked commit hides (`import_pending`)."""
    from concenter.people.models import Person

    return [Person]


def _hidden(model: type[models.Model]) -> models.Manager:
    return model.everyone if hasattr(model, "everyone") else model._base_manager


def publish(batch_id: int, rollup_deltas: dict) -> None:
    """The end of a chunked commit, inside one transaction: the staged changes applied (each
    only if nobody changed its record meanwhile), the batch's new records shown, the roll-ups
    moved. Raises ValidationError when a staged record was changed by someone else."""
    assert transaction.get_connection().in_atomic_block, "publish runs in one transaction"
    writer = Writer(batch_id=batch_id)
    for staged in StagedChange.objects.filter(batch_id=batch_id).order_by("pk"):
        for instances, befores, fields, record_kind, rows, before, after in pickle.loads(  # noqa: S301 - written by this module
            bytes(staged.payload)
        ):
            _check_unchanged(instances)
            writer.change(instances, befores=befores, fields=fields, record_kind=record_kind,
                          rows=rows)  # fmt: skip
            writer.rollup(before, after)
    writer.flush()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in _pending_models():
            with search_index.unindexed_update(model):  # no name changes: the index stays as it is
                cursor.execute(
                    f"UPDATE {quote(model._meta.db_table)} SET import_pending = NULL "  # noqa: S608
                    "WHERE import_pending = %s",
                    [batch_id],
                )
        cursor.execute("DELETE FROM exchange_stagedchange WHERE batch_id = %s", [batch_id])
    rollups.rollup_apply(dict(rollup_deltas))


def _check_unchanged(instances: Sequence[models.Model]) -> None:
    if not instances or not hasattr(instances[0], "version"):
        return
    model = type(instances[0])
    wanted = {i.pk: i.version for i in instances}
    now = dict(_hidden(model).filter(pk__in=list(wanted)).values_list("pk", "version"))
    changed = sum(1 for pk, version in wanted.items() if now.get(pk) != version)
    if changed:
        raise ValidationError(
            msg(
                "%(count)s records of this file were changed by someone else while it was being imported: nothing was stored; check the file again.",
                count=changed,
            )
        )


DISCARD_CHUNK = 1000


def discard_pending(batch_id: int) -> int:
    """Take back what a chunked commit that never ended wrote (a refusal, an error, a killed
    process): its hidden records with their audit entries, its staged changes and bookkeeping,
    a short transaction per thousand records. Returns the number of records removed."""
    removed = 0
    for model in _pending_models():
        content_type = ContentType.objects.get_for_model(model)
        while True:
            with transaction.atomic():
                pks = list(
                    _hidden(model)
                    .filter(import_pending=batch_id)
                    .values_list("pk", flat=True)[:DISCARD_CHUNK]
                )
                if not pks:
                    break
                LogEntry.objects.filter(content_type=content_type, object_id__in=pks).delete()
                delete(model, pks)
                removed += len(pks)
    with transaction.atomic(), connection.cursor() as cursor:
        # Raw: bookkeeping rows of the batch, no audit entry each.
        cursor.execute("DELETE FROM exchange_stagedchange WHERE batch_id = %s", [batch_id])
        cursor.execute("DELETE FROM exchange_importedrecord WHERE batch_id = %s", [batch_id])
    return removed
