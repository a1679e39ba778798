"""The check's result, kept for the commit (docs/adr/0013-import-check-kept-and-names-romanised-after.md).

The check of a batch reads the file, parses every row and checks it; a kind that keeps its check
(`ImportKind.keeps_check`, people) stores here, chunk by chunk, what the commit needs of each
row: its sheet, number and cells (for the report of a row refused later), the errors its cells
had, and what the kind parsed from them (a person's checked values, area and ID fingerprint).
The commit then reads these chunks instead of the file: no second read, parse or romanisation;
only what depends on the database at that moment (the people already registered, duplicates,
the scope) is checked again, inside each chunk's short transaction.

Chunks are written in autocommit (a short insert each) and compressed (≈ 60–100 bytes a row).
"""

import pickle
import zlib

from django.db import connection, transaction

from concenter.exchange import staging
from concenter.exchange.models import CheckedChunk

LEVEL = 1  # zlib: fast; the rows repeat themselves enough


def clear(batch_id: int) -> None:
    """The kept check of a batch removed, with its staged rows (concenter.exchange.staging)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM exchange_checkedchunk WHERE batch_id = %s", [batch_id])
    staging.clear(batch_id)


def keep(batch_id: int, number: int, records: list[tuple]) -> None:
    """One chunk of the check: (sheet, row number, cells, errors, parsed) per row."""
    payload = zlib.compress(pickle.dumps(records, protocol=pickle.HIGHEST_PROTOCOL), LEVEL)
    CheckedChunk.objects.create(batch_id=batch_id, number=number, rows=len(records),
                                payload=payload)  # fmt: skip


def kept_rows(batch_id: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COALESCE(SUM(rows), 0) FROM exchange_checkedchunk WHERE batch_id = %s",
            [batch_id],
        )
        return int(cursor.fetchone()[0])


def usable(batch) -> bool:
    """True when the batch's whole check is kept (every row it read)."""
    return bool(batch is not None and batch.rows_read and kept_rows(batch.pk) == batch.rows_read)


def chunks(batch_id: int):
    """The kept chunks in order, each a list of (sheet, number, cells, errors, parsed);
    `parsed` is an int for a row staged in concenter.exchange.staging (its `seq`)."""
    numbers = list(
        CheckedChunk.objects.filter(batch_id=batch_id)
        .order_by("number")
        .values_list("pk", flat=True)
    )
    for pk in numbers:
        payload = CheckedChunk.objects.filter(pk=pk).values_list("payload", flat=True).get()
        yield pickle.loads(zlib.decompress(bytes(payload)))  # noqa: S301 - written by `keep`
