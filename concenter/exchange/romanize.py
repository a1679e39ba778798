"""Romanised names after an import (docs/adr/0013-import-check-kept-and-names-romanised-after.md).

Romanising a Thai name (pythainlp's royin, ≈ 0.3–2 ms a new word) capped an import's rate, so a
people import leaves the romanised key (`Person.name_latin`) of the names it brought in empty:
people are found by their Thai name as soon as the import ends, and by a romanised one once
`fill` has run — right after the import, in the same runner (`jobs.run`), or at once when the
file is small. It works in short transactions of FILL_CHUNK people and writes a key only where
the name is still the one it romanised and the key still empty, so a person edited meanwhile
keeps what their edit wrote. It is its own job (`Job.ROMANIZE`): a runner that dies leaves it to
`concenter work`, which starts it again where the empty keys are.
"""

import time

from django.db import connection, transaction

from concenter.common.room import Room
from concenter.exchange.models import ImportedRecord, RecordKind
from concenter.people.models import Person
from concenter.people.services import latin_key
from concenter.people.words import words_write

FILL_CHUNK = 500
INLINE_MAX = 2000  # an import that brought in at most this many people is romanised at once

_NAMES = ("given_name", "family_name", "given_name_en", "family_name_en")


def batch_range(batch_id: int) -> tuple[int, int] | None:
    """The lowest and highest id of the people a batch created or changed (None: none)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT MIN(CAST(object_key AS BIGINT)), MAX(CAST(object_key AS BIGINT)) "
            "FROM exchange_importedrecord WHERE batch_id = %s AND kind = %s",
            [batch_id, RecordKind.PERSON],
        )
        low, high = cursor.fetchone()
    return None if low is None else (int(low), int(high))


def _unromanised(low: int, high: int):
    # Visible people only (another import's hidden ones are romanised after their own).
    return Person.objects.filter(pk__gte=low, pk__lte=high, name_latin="")


def pending_count(batch_id: int) -> int:
    """How many people of a batch still wait for their romanised name."""
    bounds = batch_range(batch_id)
    return 0 if bounds is None else _unromanised(*bounds).count()


def fill(batch_id: int, *, progress=None) -> int:
    """Romanise the names of the people a batch brought in whose romanised key is empty, a
    short transaction per FILL_CHUNK people. Returns the number of keys written."""
    bounds = batch_range(batch_id)
    if bounds is None:
        return 0
    low, high = bounds
    total = _unromanised(low, high).count()
    done = written = 0
    after = low - 1
    quote = connection.ops.quote_name
    table = quote(Person._meta.db_table)
    sql = (
        f"UPDATE {table} SET name_latin = %s WHERE id = %s AND name_latin = '' AND "  # noqa: S608
        + " AND ".join(f"{quote(n)} = %s" for n in _NAMES)
    )
    room = Room()
    while True:
        people = list(_unromanised(after + 1, high).order_by("pk").only("pk", *_NAMES)[:FILL_CHUNK])
        if not people:
            break
        after = people[-1].pk
        # Romanised outside the transaction: it only holds the locks for the writes.
        keys = [(latin_key(p), p) for p in people]
        rows = [(key, p.pk, *(getattr(p, n) for n in _NAMES)) for key, p in keys if key]
        began = time.monotonic()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(sql, rows)
            written += max(cursor.rowcount, 0) if connection.vendor == "postgresql" else len(rows)
            words_write([p.pk for p in people])  # the name words beside the romanised key
        # SQLite: back-to-back transactions (names romanised from the cache take a few ms
        # between them) could keep another user's login or edit out for seconds; a pause after
        # each half second of them lets every waiting writer in (common.room, ADR 0033). A pause
        # as long as each transaction (up to 100 ms), as before, still let a login wait 2.7 s
        # in the fill of 100,000 people: a waiter looks only every 100 ms.
        room.after(time.monotonic() - began)
        done += len(people)
        if progress is not None:
            progress("romanize", done, max(total, done))
    if progress is not None:
        progress("romanize", done, max(total, done), force=True)
    return written


def words_fill(batch_id: int) -> int:
    """Write the name words (people.words) of the people a batch created or changed, FILL_CHUNK
    at a time, for the kinds whose people are romanised as they are written (an organisation's
    leader, a member, a seat), which `fill` never sees. Returns how many people it looked at."""
    ids = [
        int(key)
        for key in ImportedRecord.objects.filter(
            batch_id=batch_id, kind=RecordKind.PERSON
        ).values_list("object_key", flat=True)
    ]
    for start in range(0, len(ids), FILL_CHUNK):
        words_write(ids[start : start + FILL_CHUNK])
    return len(ids)


def has_people(batch_id: int) -> bool:
    return ImportedRecord.objects.filter(batch_id=batch_id, kind=RecordKind.PERSON).exists()
