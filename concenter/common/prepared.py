"""Statements of the hot pages compiled once per process, run with each request's values
(ADR 0032).

Building a statement's SQL from a queryset costs the ORM 0.2–1 ms of CPU (joins, selected
columns, ordering, quoting): ten times what the statement itself costs the database, and a third
of a page's CPU. A `Prepared` query builds its queryset once per *shape* (what changes the SQL
text: the reader's scope, a level) with stand-in values, keeps the SQL and the ORM's compiler,
and then runs the same SQL with the request's values in place of the stand-ins — the records
come back as the ORM makes them (the same columns, `select_related` records, then
`prefetch_related`), so a page cannot tell the difference.

    _person = Prepared(lambda scope, person_id: Person.objects.filter(...).filter(pk=person_id)[:1], int)
    rows = _person(user_scope(user), 42)

The values are the arguments after the shape, of the kinds given (int, str or date): a value of
another kind, or a build whose SQL holds a stand-in anywhere but as a parameter (a `LIKE`
pattern, a transformed value), is refused, so a value never changes the SQL's text unseen.
Only querysets of records (no `values()`) are prepared.
"""

import copy
import datetime
import threading
from collections.abc import Callable, Hashable
from types import SimpleNamespace

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet, prefetch_related_objects
from django.db.models.query import ModelIterable

# Shapes kept per prepared query (readers' scopes); past it the oldest half is forgotten.
MAX_SHAPES = 256

_STAND_INS = {
    # Inside a 32-bit integer column's range: the ORM turns a value outside it into "no rows".
    int: lambda index: 2_147_480_001 + index,
    str: lambda index: f"\x1fprepared-{index}\x1f",
    datetime.date: lambda index: datetime.date(1001, 1, 1 + index),
}


class _Compiled:
    __slots__ = ("compiler", "lookups", "model", "params", "slots", "sql")

    def __init__(self, compiler, sql, params, slots, model, lookups):
        self.compiler = compiler
        self.sql = sql
        self.params = params
        self.slots = slots  # (position in params, index of the value, conversion or None)
        self.model = model
        self.lookups = lookups


_INT32_MIN, _INT32_MAX = -(2**31), 2**31 - 1
_EMPTY = object()  # the shape matches nothing (an empty scope): no statement to run


class Prepared:
    def __init__(self, build: Callable[..., QuerySet], *kinds: type):
        if any(kind not in _STAND_INS for kind in kinds):
            raise TypeError("a prepared query takes int, str or date values")
        self._build = build
        self._kinds = kinds
        self._compiled: dict[tuple, _Compiled | object] = {}
        self._lock = threading.Lock()

    def __call__(self, shape: Hashable, *values) -> list:
        if any(type(v) is int and not _INT32_MIN <= v <= _INT32_MAX for v in values):
            # Outside a 32-bit column's range the ORM may answer "no rows" without asking the
            # database: such a value takes the ORM's own path.
            return list(self._build(shape, *values))
        compiled = self._get(shape, values)
        if compiled is _EMPTY:
            return []
        alias = compiled.compiler.using
        compiler = copy.copy(compiled.compiler)
        compiler.connection = connections[alias]  # this thread's connection
        params = list(compiled.params)
        for position, index, convert in compiled.slots:
            params[position] = convert(values[index]) if convert else values[index]
        statement = (compiled.sql, tuple(params))
        compiler.as_sql = lambda *args, **kwargs: statement
        source = SimpleNamespace(
            db=alias,
            model=compiled.model,
            query=SimpleNamespace(get_compiler=lambda *args, **kwargs: compiler),
            _known_related_objects={},
        )
        records = list(ModelIterable(source))
        if compiled.lookups and records:
            prefetch_related_objects(records, *compiled.lookups)
        return records

    def statement(self, shape: Hashable, *values) -> tuple[str, tuple] | None:
        """The SQL and parameters a call runs (None: nothing is run); for tests."""
        compiled = self._get(shape, values)
        if compiled is _EMPTY:
            return None
        params = list(compiled.params)
        for position, index, convert in compiled.slots:
            params[position] = convert(values[index]) if convert else values[index]
        return compiled.sql, tuple(params)

    def _get(self, shape, values):
        if len(values) != len(self._kinds) or any(
            type(value) is not kind for value, kind in zip(values, self._kinds, strict=True)
        ):
            raise TypeError(f"expected values of kinds {self._kinds}, got {values!r}")
        key = shape
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compile(shape)
            with self._lock:
                if len(self._compiled) >= MAX_SHAPES:
                    for old in list(self._compiled)[: MAX_SHAPES // 2]:
                        self._compiled.pop(old, None)
                self._compiled[key] = compiled
        return compiled

    def _compile(self, shape):
        stand_ins = [_STAND_INS[kind](index) for index, kind in enumerate(self._kinds)]
        queryset = self._build(shape, *stand_ins)
        if queryset._iterable_class is not ModelIterable:
            raise TypeError("only querysets of records are prepared")
        compiler = queryset.query.get_compiler(using=queryset.db)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return _EMPTY
        if not sql:
            return _EMPTY
        slots = []
        found = set()
        for position, param in enumerate(params):
            for index, stand_in in enumerate(stand_ins):
                if type(param) is type(stand_in) and param == stand_in:
                    slots.append((position, index, None))
                elif isinstance(stand_in, datetime.date) and param == str(stand_in):
                    slots.append((position, index, str))  # SQLite binds dates as text
                else:
                    continue
                found.add(index)
        for index, stand_in in enumerate(stand_ins):
            if index not in found or str(stand_in) in sql:
                raise ValueError(f"value {index} is not a plain parameter of the statement")
        compiler.connection = None  # each call takes its own thread's connection
        return _Compiled(
            compiler,
            sql,
            tuple(params),
            tuple(slots),
            queryset.model,
            tuple(queryset._prefetch_related_lookups),
        )
