"""The import run: read a file a chunk of rows at a time, let its kind check each chunk with the
services' rules, write what passed in bulk, keep what did not with its messages.

* A check (dry run) writes nothing and holds no lock: it only reads.
* An import of a kind that can hide its new records (people; `ImportKind.chunked_commit`) is
  written a chunk at a time, each chunk its own short transaction, with nothing of it visible
  until services publishes the batch (docs/adr/0009-chunked-import-commit.md). Any other kind is
  one transaction. "all" mode: a single rejected row and nothing is stored (the writes stop at
  the first rejection; the transaction is rolled back, or the hidden records discarded);
  "partial" mode: the valid rows are stored, the rejected ones kept on the batch to be fixed and
  uploaded again. A crash or a kill in the middle leaves nothing visible.
* Re-importing a file updates the records its rows name (natural keys: codes, the ID hash,
  registration numbers, names within an area) and leaves identical ones untouched.

Memory stays flat: rows stream from the reader, a chunk at a time; only the rejected rows (up to
REJECTED_KEPT of them) and the in-file duplicate keys are held.
"""

import datetime
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from concenter.common.room import Room
from concenter.exchange import checked
from concenter.exchange.bulk import Writer
from concenter.exchange.columns import (
    HEADER_SEARCH_ROWS,
    ImportFileError,
    header_score,
    map_headers,
    unused_headers,
)
from concenter.exchange.kinds import KINDS
from concenter.exchange.kinds.base import (
    CREATED,
    REJECTED,
    UNCHANGED,
    UPDATED,
    Context,
    Row,
    SheetRow,
)
from concenter.exchange.messages import msg
from concenter.exchange.models import Mode
from concenter.exchange.readers import Sheet, Workbook

CHUNK_ROWS = 2000
# A chunked commit's transaction: what others may have to wait for (ADR 0035). PostgreSQL: only
# the rows a chunk changes (its new people are hidden, roll-ups are applied at the end). SQLite:
# everyone's writes (one writer at a time), bounded by `Room`'s pauses; smaller chunks there
# cost more than they spare others, as each chunk writes a page of every index per row once the
# indexes outgrow it (100,000 people: 500 rows a chunk 39 s, 1,000 35 s, 2,000 29 s).
COMMIT_CHUNK_ROWS = CHUNK_ROWS
REJECTED_KEPT = 20_000
WHOLE_FILE_MAX_ROWS = 300_000


@dataclass
class RejectedData:
    sheet: str
    row: int
    cells: list
    errors: list[tuple[str, str]]

    def error_text(self) -> str:
        return "; ".join(f"{c}: {t}" if c else t for c, t in self.errors)


@dataclass
class RunResult:
    kind: str
    headers: list = field(default_factory=list)
    header_row: int = 1
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected_count: int = 0
    rejected: list[RejectedData] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    longest_chunk_seconds: float = 0.0  # the longest write transaction of a chunked commit
    chunked: bool = False  # written a chunk per transaction, hidden until published
    rollup_deltas: dict = field(default_factory=dict, repr=False)  # a chunked commit's, summed
    status: str = ""  # the batch's status after the run (checked, done, refused)
    batch: object = None  # the ImportBatch, when the run has one

    def count(self, action: str) -> int:
        return {
            CREATED: self.created,
            UPDATED: self.updated,
            UNCHANGED: self.unchanged,
            REJECTED: self.rejected_count,
        }[action]

    @property
    def rows_per_second(self) -> float:
        return self.rows_read / self.seconds if self.seconds else 0.0


def cell_text(value) -> str:
    """A cell kept for the report and the rejected-rows sheet, as the person can type it again."""
    if isinstance(value, datetime.date):
        return f"{value.day:02d}/{value.month:02d}/{value.year + 543}"
    if value is None:
        return ""
    return str(value)


def _blank(cells: list) -> bool:
    return all(cell_text(c).strip() == "" for c in cells)


class _Run:
    def __init__(
        self,
        *,
        actor,
        kind: str,
        workbook: Workbook,
        mode: str,
        writing: bool,
        batch_id: int | None,
        progress: Callable | None,
        kept: int = 0,
    ) -> None:
        self.workbook = workbook
        self.mode = mode
        self.writing = writing
        self.chunked = bool(writing and batch_id is not None and KINDS[kind].chunked_commit)
        self.writer = Writer(batch_id=batch_id, pending=self.chunked) if writing else None
        self.kind = KINDS[kind](Context(actor=actor, writer=self.writer))
        self.batch_id = batch_id
        # A check that keeps what it parsed for the commit; a commit that reads it (`kept`
        # rows) instead of the file (concenter.exchange.checked).
        self.keep = bool(not writing and batch_id is not None and KINDS[kind].keeps_check)
        self.kept = kept if writing and batch_id is not None and KINDS[kind].keeps_check else 0
        warnings = list(workbook.warnings) if workbook is not None else []
        self.result = RunResult(kind=kind, warnings=warnings, chunked=self.chunked)
        self.progress = progress
        self.phase = "commit" if writing else "check"
        self.total = self.kept or sum(s.total_rows for s in workbook.sheets)

    # Reading ------------------------------------------------------------------------------

    def _header(self, sheet: Sheet, first: bool):
        """(mapping, header cells, header row number, rows read past it) of a sheet, or None
        for a later sheet whose header does not fit (a guide sheet, a chart)."""
        buffered = []
        for number, cells in sheet.rows:
            buffered.append((number, cells))
            if len(buffered) >= HEADER_SEARCH_ROWS:
                break
        scored = [
            (header_score(cells, self.kind.columns), i) for i, (_n, cells) in enumerate(buffered)
        ]
        best = max(scored, default=(0, 0))
        if not buffered or (best[0] == 0 and not first):
            return None
        index = best[1]
        number, headers = buffered[index]
        try:
            mapping = map_headers(headers, self.kind.columns)
        except ImportFileError:
            if first:
                raise
            return None
        return mapping, headers, number, buffered[index + 1 :]

    def sheet_rows(self):
        """Every data row of every sheet that fits the kind, as SheetRow, in order."""
        read_any = False
        for sheet in self.workbook.sheets:
            found = self._header(sheet, first=not read_any)
            if found is None:
                continue
            mapping, headers, header_number, rest = found
            if not read_any:
                self.result.headers = [cell_text(h) for h in headers]
                self.result.header_row = header_number
                error_column = {msg("Errors"), "ข้อผิดพลาด", "Errors"}
                unused = [h for h in unused_headers(headers, mapping) if h not in error_column]
                if unused:
                    self.result.warnings.append(
                        msg("These columns were not used: %(columns)s.", columns=", ".join(unused))
                    )
            read_any = True
            header_cells = [cell_text(h).strip() for h in headers]

            def rows(sheet=sheet, rest=rest):
                yield from rest
                yield from sheet.rows

            for number, cells in rows():
                if _blank(cells):
                    continue
                if [cell_text(c).strip() for c in cells[: len(header_cells)]] == header_cells:
                    continue  # the header repeated (a sheet printed page by page)
                yield mapping, SheetRow(sheet=sheet.name if len(self.workbook.sheets) > 1 else "",
                                        number=number, cells=cells)  # fmt: skip
        if not read_any:
            raise ImportFileError(msg("The file is empty."))

    def kept_chunks(self):
        """The check's kept rows, as rows of the commit's chunks (the file is not read)."""
        columns = self.kind.columns_by_key
        size = COMMIT_CHUNK_ROWS
        for records in checked.chunks(self.batch_id):
            for start in range(0, len(records), size):
                rows = []
                for sheet, number, cells, errors, parsed in records[start : start + size]:
                    row = Row(SheetRow(sheet=sheet, number=number, cells=cells), {}, columns)
                    row.errors = list(errors)
                    row.plan["draft"] = parsed
                    rows.append(row)
                yield rows

    def chunks(self):
        if self.kept:
            yield from self.kept_chunks()
            return
        chunk, mapping_of_chunk = [], None
        limit = WHOLE_FILE_MAX_ROWS if self.kind.whole_file else CHUNK_ROWS
        if self.chunked:
            limit = COMMIT_CHUNK_ROWS
        for mapping, sheet_row in self.sheet_rows():
            if mapping_of_chunk is not None and mapping is not mapping_of_chunk:
                yield chunk
                chunk = []
            mapping_of_chunk = mapping
            chunk.append(Row(sheet_row, mapping, self.kind.columns_by_key))
            if len(chunk) >= limit:
                if self.kind.whole_file:
                    raise ImportFileError(
                        msg("The file holds more than %(count)s rows.", count=WHOLE_FILE_MAX_ROWS)
                    )
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    # Running ------------------------------------------------------------------------------

    def run(self) -> RunResult:
        started = time.perf_counter()
        result = self.result
        staged = 0
        room = Room()
        if self.keep:
            checked.clear(self.batch_id)
        for number, rows in enumerate(self.chunks()):
            if self.keep:
                self.kind.prepare(rows)
                staged += self.kind.stage(self.batch_id, rows, staged)
                checked.keep(self.batch_id, number, [
                    (r.sheet_row.sheet, r.number, r.sheet_row.cells, list(r.errors),
                     r.plan.get("staged", r.plan.get("draft"))) for r in rows
                ])  # fmt: skip
            if self.chunked:
                if not self.kept:
                    self.kind.prepare(rows)  # parsing outside: others get in between chunks
                began = time.perf_counter()
                with transaction.atomic():
                    self._chunk(rows)
                took = time.perf_counter() - began
                result.longest_chunk_seconds = max(result.longest_chunk_seconds, took)
                room.after(took)  # SQLite: others' logins and edits get in (common.room)
            else:
                self._chunk(rows)
            self._progress()
        if not result.rows_read:
            raise ImportFileError(msg("The file has no data rows below its header."))
        if self.writer is not None:
            result.rollup_deltas = dict(self.writer.rollup_deltas)
        if result.rejected_count > len(result.rejected):
            result.warnings.append(
                msg(
                    "Only the first %(count)s rejected rows are kept; fix those and check the "
                    "file again.",
                    count=REJECTED_KEPT,
                )
            )
        result.seconds = time.perf_counter() - started
        self._progress(force=True)
        return result

    def _chunk(self, rows) -> None:
        """Check a chunk of rows and write what passed (in the caller's transaction)."""
        result = self.result
        self.kind.check(rows)
        accepted = []
        for row in rows:
            if row.errors or row.action in ("", REJECTED):
                row.action = REJECTED
                self._reject(row)
            else:
                accepted.append(row)
                if row.action == CREATED:
                    result.created += 1
                elif row.action == UPDATED:
                    result.updated += 1
                else:
                    result.unchanged += 1
        result.rows_read += len(rows)
        if self.writing and accepted and not (self.mode == Mode.ALL and result.rejected_count):
            self.kind.write(accepted)
            self.writer.flush()

    def _reject(self, row: Row) -> None:
        self.result.rejected_count += 1
        if len(self.result.rejected) < REJECTED_KEPT:
            self.result.rejected.append(
                RejectedData(
                    sheet=row.sheet_row.sheet,
                    row=row.number,
                    cells=[cell_text(c) for c in row.sheet_row.cells],
                    errors=list(row.errors),
                )
            )

    def _progress(self, force: bool = False) -> None:
        if self.progress is None:
            return
        if self.total:
            done, total = self.result.rows_read, max(self.total, self.result.rows_read)
        else:  # a CSV: bytes read of the file's size
            done, total = self.workbook.bytes_read[0], self.workbook.size
        self.progress(self.phase, done, total, force=force)


def run_rows(
    *,
    actor,
    kind: str,
    workbook: Workbook,
    mode: str,
    writing: bool,
    batch_id: int | None = None,
    progress: Callable | None = None,
    kept: int = 0,
) -> RunResult:
    """Check (writing=False) or write the rows of an opened workbook. Writing runs inside the
    caller's transaction (see services.import_run, which opens it), or, for a kind with a
    chunked commit and a batch, a transaction per chunk (then services publishes the batch)."""
    if writing and not (batch_id is not None and KINDS[kind].chunked_commit):
        assert transaction.get_connection().in_atomic_block, "an import writes in one transaction"
    return _Run(
        actor=actor,
        kind=kind,
        workbook=workbook,
        mode=mode,
        writing=writing,
        batch_id=batch_id,
        progress=progress,
        kept=kept,
    ).run()
