"""What every kind of import shares: a row read by column, the context of the run, the kind's
interface (check a chunk of rows; write what it accepted when the run writes)."""

import datetime
import struct
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from concenter.accounts.scope import Access, user_scope
from concenter.common import clock
from concenter.exchange import cells
from concenter.exchange.bulk import Writer
from concenter.exchange.columns import Column
from concenter.exchange.messages import msg

CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"
REJECTED = "rejected"


@dataclass
class SheetRow:
    sheet: str
    number: int
    cells: list


@dataclass
class Context:
    """The run: who imports, what they may change and read, the areas met so far."""

    actor: object
    writer: Writer | None  # None: a check (dry run) writes nothing
    areas: cells.AreaResolver = field(default_factory=cells.AreaResolver)
    today: datetime.date = field(default_factory=clock.today)

    def __post_init__(self) -> None:
        self.change_scope = user_scope(self.actor, Access.CHANGE)
        self.read_scope = user_scope(self.actor, Access.READ)

    def may_change(self, code: str | None) -> bool:
        return self.change_scope.covers(code)

    def may_read(self, code: str | None) -> bool:
        return self.read_scope.covers(code)


class Row:
    """The cells of one row by column key, and the errors found in them, column by column."""

    def __init__(self, sheet_row: SheetRow, mapping: dict[str, int], columns: dict[str, Column]):
        self.sheet_row = sheet_row
        self.mapping = mapping
        self.columns = columns
        self.errors: list[tuple[str, str]] = []
        self.action = ""
        self.plan: dict = {}  # what the kind decided for this row (values, existing record …)

    @property
    def number(self) -> int:
        return self.sheet_row.number

    @property
    def ok(self) -> bool:
        return not self.errors

    def has(self, key: str) -> bool:
        return key in self.mapping

    def raw(self, key: str):
        index = self.mapping.get(key)
        cells_ = self.sheet_row.cells
        if index is None or index >= len(cells_):
            return ""
        return cells_[index]

    def get(self, key: str, parse: Callable = cells.text, **options):
        """The cell parsed; on a bad cell the error is noted and None returned."""
        try:
            return parse(self.raw(key), **options)
        except cells.CellError as exc:
            self.error(key, exc.message)
            return None

    def error(self, key: str | None, message: str) -> None:
        column = self.columns.get(key) if key else None
        self.errors.append((column.label if column else "", str(message)))

    def validation_error(self, exc: ValidationError, fields: dict[str, str] | None = None) -> None:
        """A service's ValidationError, each message next to the column of its field."""
        fields = fields or {}
        if hasattr(exc, "error_dict"):
            for name, texts in exc.message_dict.items():
                key = fields.get(name, name)
                for text in texts:
                    self.error(key if key in self.columns else None, text)
        else:
            for text in exc.messages:
                self.error(None, text)

    def reject(self, message: str, key: str | None = None) -> None:
        self.error(key, message)

    def duplicate_of(self, number: int) -> None:
        self.error(
            None, msg("The same record as row %(row)s: a file holds each record once.", row=number)
        )


class KeyRows:
    """64-bit key hashes and the row each was last seen on, in one bytearray (open addressing,
    12 bytes a slot, at most half full): a million keys in ≈ 24–48 MB where a dict of Python
    ints took ≈ 110 MB, the largest part of an import's memory at a million rows."""

    _SLOT = struct.Struct("<QI")
    _EMPTY = 0

    def __init__(self, capacity: int = 1 << 14) -> None:
        self.capacity = capacity
        self.count = 0
        self.table = bytearray(capacity * self._SLOT.size)

    def __len__(self) -> int:
        return self.count

    def swap(self, digest: int, row: int) -> int | None:
        """Note `row` for `digest`; return the row noted before for it (None: first time)."""
        key = (digest & 0xFFFFFFFFFFFFFFFF) or 1  # 0 marks an empty slot
        previous = self._put(key, row)
        if previous is None:
            self.count += 1
            if self.count * 2 > self.capacity:
                self._grow()
        return previous

    def _put(self, key: int, row: int) -> int | None:
        slot, size, table = self._SLOT, self._SLOT.size, self.table
        mask = self.capacity - 1
        index = (key ^ (key >> 29)) & mask
        while True:
            offset = index * size
            stored, stored_row = slot.unpack_from(table, offset)
            if stored == self._EMPTY or stored == key:
                slot.pack_into(table, offset, key, row)
                return None if stored == self._EMPTY else stored_row
            index = (index + 1) & mask

    def _grow(self) -> None:
        old, size = self.table, self._SLOT.size
        self.capacity *= 2
        self.table = bytearray(self.capacity * size)
        for key, row in self._SLOT.iter_unpack(old):
            if key != self._EMPTY:
                self._put(key, row)


class ImportKind:
    """One kind of file. `check` reads and validates a chunk of rows (noting each row's action
    or errors, and what to write in `row.plan`); `write` writes the accepted rows of the chunk
    through the context's writer. `whole_file` kinds get every row in one chunk (a committee
    is checked as a whole)."""

    key: str = ""
    columns: tuple[Column, ...] = ()
    whole_file = False
    # Written a chunk per transaction, hidden until the batch is published: every record the
    # kind creates has `import_pending` (docs/adr/0009-chunked-import-commit.md).
    chunked_commit = False
    # New names' romanised keys are filled after the commit (concenter.exchange.romanize).
    romanize_after = False
    # The check keeps what it parsed (`prepare` sets row.plan["draft"]) for the commit
    # (concenter.exchange.checked).
    keeps_check = False

    def __init__(self, context: Context) -> None:
        self.context = context
        self.seen = KeyRows()  # natural key -> row number, for duplicates inside one file
        self.columns_by_key = {c.key: c for c in self.columns}

    def prepare(self, rows: list[Row]) -> None:
        """What `check` can do before the chunk's transaction: parse cells, compute what does
        not depend on the database. A chunked commit calls it outside the transaction, so the
        transaction holds its locks for the lookups and the writes only."""

    def check(self, rows: list[Row]) -> None:
        raise NotImplementedError

    def write(self, rows: list[Row]) -> None:
        raise NotImplementedError

    # Helpers shared by the kinds ------------------------------------------------------------

    def stage(self, batch_id: int, rows: list[Row], start: int) -> int:
        """The check of a kind that keeps it may stage its parsed rows in a typed table
        (people: concenter.exchange.staging), setting `row.plan["staged"]`, which the kept
        check then holds instead of the parsed draft. Returns how many rows were staged."""
        return 0

    def first_time(self, row: Row, key) -> bool:
        """False (and the row rejected) when an earlier row of the file had the same key.

        Keys are kept as their 64-bit hash in `KeyRows`: a million rows' keys in ~24 MB (two
        different keys share a hash once in ~10^11 files of a million rows)."""
        earlier = self.seen.swap(hash(key), row.number)
        if earlier is not None and earlier != row.number:
            row.duplicate_of(earlier)
            return False
        return True

    def area(
        self,
        row: Row,
        key: str = "area_code",
        *,
        levels: tuple[str, ...] | None = None,
        level_message: str | None = None,
        scope: str = "change",
    ):
        """The area a row names: existing, active, of one of `levels`, inside the actor's
        change (or read) scope."""
        code = row.get(key, self.context.areas.code_of)
        if not code:
            if code == "" and key in self.columns_by_key and self.columns_by_key[key].required:
                row.error(key, msg("Required."))
            return None
        info = self.context.areas.info(code)
        if info is None or not info.active:
            row.error(key, msg("Unknown or inactive area code."))
            return None
        if levels and info.level not in levels:
            row.error(key, level_message or msg("Unknown or inactive area code."))
            return None
        reach = self.context.may_read if scope == "read" else self.context.may_change
        if not reach(info.code):
            row.error(key, msg("Out of your area."))
            return None
        return info
