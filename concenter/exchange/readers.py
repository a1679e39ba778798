"""Rows of an uploaded sheet, streamed: CSV (UTF-8 with or without BOM, TIS-620/Windows-874),
XLSX, XLS and ODS (python-calamine). A file whose content is not what its name says, a zip that
would unpack to too much, or a sheet a million columns wide is refused before any row is read.

A spreadsheet may hold several data sheets (a million rows do not fit in one): every visible
sheet whose header row fits the kind is read, in order. Merged cells give their value to every
cell they cover. Hidden rows and formulas are read like the rest, with a warning, because a row
is never dropped without a word.
"""

import codecs
import csv
import datetime
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from concenter.exchange.columns import ImportFileError
from concenter.exchange.messages import msg

MAX_UNPACKED_BYTES = 400 * 1024 * 1024
MAX_ZIP_ENTRIES = 10_000
MAX_COLUMNS = 200
# A sheet's XML packs 5–20 times smaller in a zip; a large part that packs far more is a bomb,
# refused from the sizes the zip declares, before anything is unpacked.
MAX_PACKING_RATIO = 200
RATIO_CHECKED_FROM_BYTES = 8 * 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
EXTENSIONS = (".csv", ".xlsx", ".xls", ".ods")
CSV_FIELD_LIMIT = 100_000  # characters in one cell of a CSV
# Thai letters in UTF-8 are E0 B8 xx or E0 B9 xx: seeing them proves a file (or a line) is UTF-8.
_THAI_UTF8 = re.compile(rb"\xe0[\xb8\xb9][\x80-\xbf]")


@dataclass
class Sheet:
    """One sheet of rows: (row number as the sheet shows it, cells)."""

    name: str
    rows: Iterator[tuple[int, list]]
    total_rows: int = 0  # 0 when unknown before reading (CSV: the byte count drives progress)


@dataclass
class Workbook:
    sheets: list[Sheet]
    warnings: list[str] = field(default_factory=list)
    encoding: str = ""
    size: int = 0
    bytes_read: list[int] = field(default_factory=lambda: [0])  # CSV progress, shared


def _wrong_content(extension: str) -> ImportFileError:
    return ImportFileError(
        msg(
            "The file's content is not a %(kind)s file, as its name says.",
            kind=extension.lstrip(".").upper(),
        )
    )


def _check_zip(path: Path, extension: str) -> None:
    """Read the central directory only: a zip bomb is refused, never unpacked."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise _wrong_content(extension) from exc
    if len(entries) > MAX_ZIP_ENTRIES:
        raise ImportFileError(msg("The file holds more than 10,000 parts: it is refused."))
    if sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
        raise ImportFileError(msg("The file unpacks to more than 400 MB: it is refused."))
    for entry in entries:
        if entry.file_size > RATIO_CHECKED_FROM_BYTES and entry.file_size > MAX_PACKING_RATIO * max(
            entry.compress_size, 1
        ):
            raise ImportFileError(
                msg(
                    "A part of the file unpacks to %(ratio)s times its packed size (%(size)s MB): "
                    "it is refused.",
                    ratio=entry.file_size // max(entry.compress_size, 1),
                    size=entry.file_size >> 20,
                )
            )


def check_content(path: Path, extension: str) -> None:
    """The bytes must be what the name says (a renamed program or zip is refused)."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if not head:
        raise ImportFileError(msg("The file is empty."))
    if extension in (".xlsx", ".ods"):
        if not head.startswith(ZIP_MAGIC):
            raise _wrong_content(extension)
        _check_zip(path, extension)
    elif extension == ".xls":
        if head != OLE_MAGIC:
            raise _wrong_content(extension)
    elif head.startswith(ZIP_MAGIC) or head == OLE_MAGIC or b"\x00" in head:
        raise _wrong_content(extension)


# CSV ------------------------------------------------------------------------------------------


def detect_encoding(path: Path) -> str:
    """utf-8-sig when every byte is UTF-8 (a BOM is dropped), cp874 (TIS-620 and Windows-874)
    when none of the Thai text is. A file that mixes both is refused, naming the first line that
    differs: decoding it either way would turn one half into garbage."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8-sig"
    utf8_line = other_line = 0
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if line.isascii():
                continue
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                try:
                    line.decode("cp874")
                except UnicodeDecodeError:
                    raise ImportFileError(
                        msg(
                            "Line %(line)s is neither UTF-8 nor TIS-620 text. Save the file "
                            "again as “CSV UTF-8”.",
                            line=number,
                        )
                    ) from None
                other_line = other_line or number
            else:
                if _THAI_UTF8.search(line):
                    utf8_line = utf8_line or number
            if utf8_line and other_line:
                raise ImportFileError(
                    msg(
                        "Line %(line)s is not in the encoding of line %(first)s: the file mixes "
                        "UTF-8 and TIS-620. Save it again as “CSV UTF-8”.",
                        line=max(utf8_line, other_line),
                        first=min(utf8_line, other_line),
                    )
                )
    return "cp874"


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


class _CountingReader(io.RawIOBase):
    """Counts the bytes the text layer reads, for the progress of a CSV."""

    def __init__(self, raw, counter: list[int]) -> None:
        self.raw = raw
        self.counter = counter

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        count = self.raw.readinto(buffer)
        self.counter[0] += count or 0
        return count

    def close(self) -> None:
        self.raw.close()
        super().close()


def _csv_sheet(path: Path, workbook: Workbook) -> Sheet:
    encoding = detect_encoding(path)
    workbook.encoding = encoding
    with path.open("r", encoding=encoding, newline="") as handle:
        first = handle.readline()
    delimiter = _delimiter(first)

    def rows() -> Iterator[tuple[int, list]]:
        csv.field_size_limit(CSV_FIELD_LIMIT)
        raw = _CountingReader(path.open("rb", buffering=0), workbook.bytes_read)
        with io.TextIOWrapper(
            io.BufferedReader(raw, 1 << 16), encoding=encoding, newline=""
        ) as text:
            reader = csv.reader(text, delimiter=delimiter)
            try:
                for number, row in enumerate(reader, start=1):
                    if len(row) > MAX_COLUMNS:
                        raise ImportFileError(
                            msg("The sheet is wider than 200 columns: it is refused.")
                        )
                    yield number, row
            except csv.Error as exc:
                raise ImportFileError(
                    msg("Line %(line)s of the file cannot be read as CSV.", line=reader.line_num)
                ) from exc

    return Sheet(name="", rows=rows())


# Spreadsheets ---------------------------------------------------------------------------------


def _cell(value):
    """A cell as people typed it: whole numbers become text without ".0"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, (datetime.date, datetime.time, datetime.timedelta)):
        return value
    return str(value)


_ROW_TAG = re.compile(rb"<row\b[^>]*>")
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"')
_FORMULA = re.compile(rb"<f[ >/]")


def _xlsx_sheet_parts(path: Path) -> dict[str, str]:
    """Sheet name -> the part of the zip that holds it (workbook.xml and its relations)."""
    from defusedxml import ElementTree

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    relation = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    try:
        with zipfile.ZipFile(path) as archive:
            book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
            rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    parts = {}
    for sheet in book.iter(f"{main}sheet"):
        target = targets.get(sheet.get(relation), "")
        target = target.lstrip("/")
        parts[sheet.get("name", "")] = target if target.startswith("xl/") else f"xl/{target}"
    return parts


def _inspect_xlsx_sheet(path: Path, part: str) -> tuple[list[int], bool]:
    """Hidden row numbers and whether the sheet holds formulas, read from its XML in chunks
    (calamine reads values only: it cannot tell a hidden row or a formula)."""
    hidden: list[int] = []
    formulas = False
    tail = b""
    try:
        with zipfile.ZipFile(path) as archive, archive.open(part) as stream:
            while chunk := stream.read(1 << 20):
                data = tail + chunk
                cut = data.rfind(b"<")
                if cut == -1:
                    cut = len(data)
                for tag in _ROW_TAG.finditer(data, 0, cut):
                    if _HIDDEN.search(tag.group()):
                        number = _ROW_NUMBER.search(tag.group())
                        if number:
                            hidden.append(int(number.group(1)))
                if not formulas and _FORMULA.search(data, 0, cut):
                    formulas = True
                tail = data[cut:]
    except (KeyError, zipfile.BadZipFile):
        return [], False
    return hidden, formulas


_DIMENSION = re.compile(rb'<dimension\s+ref="[A-Z]*\d*:?([A-Z]+)(\d+)"')


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _check_dimensions(path: Path, parts: dict[str, str]) -> None:
    """Refuse a sheet wider than MAX_COLUMNS from the `<dimension>` its XML starts with (the
    first few kilobytes unpacked), before calamine loads the sheet."""
    try:
        with zipfile.ZipFile(path) as archive:
            for part in parts.values():
                with archive.open(part) as stream:
                    head = stream.read(4096)
                found = _DIMENSION.search(head)
                if found and _column_number(found.group(1)) > MAX_COLUMNS:
                    raise ImportFileError(
                        msg("The sheet is wider than 200 columns: it is refused.")
                    )
    except (KeyError, zipfile.BadZipFile):
        return


def _spreadsheet_sheets(path: Path, extension: str, workbook: Workbook) -> list[Sheet]:
    from python_calamine import CalamineWorkbook

    parts = _xlsx_sheet_parts(path) if extension == ".xlsx" else {}
    _check_dimensions(path, parts)  # before calamine unpacks anything
    try:
        book = CalamineWorkbook.from_path(str(path))
        metadata = [m for m in book.sheets_metadata if str(m.visible).endswith("Visible")]
    except Exception as exc:  # calamine's errors share no base class
        raise ImportFileError(msg("The file could not be read.")) from exc
    sheets = []
    for meta in metadata:
        try:
            sheet = book.get_sheet_by_name(meta.name)
        except Exception as exc:
            raise ImportFileError(msg("The file could not be read.")) from exc
        if sheet.total_width > MAX_COLUMNS:
            raise ImportFileError(msg("The sheet is wider than 200 columns: it is refused."))
        if meta.name in parts:
            hidden, formulas = _inspect_xlsx_sheet(path, parts[meta.name])
            if hidden:
                shown = ", ".join(str(n) for n in hidden[:20]) + (" …" if len(hidden) > 20 else "")
                workbook.warnings.append(
                    msg(
                        "Sheet %(sheet)s has hidden rows (%(rows)s): they were read like the "
                        "others.",
                        sheet=meta.name,
                        rows=shown,
                    )
                )
            if formulas:
                workbook.warnings.append(
                    msg(
                        "Sheet %(sheet)s has formulas: the values they last showed were read.",
                        sheet=meta.name,
                    )
                )
        sheets.append(
            Sheet(name=meta.name, rows=_calamine_rows(sheet), total_rows=sheet.total_height)
        )
    return sheets


def _calamine_rows(sheet) -> Iterator[tuple[int, list]]:
    start_row, start_column = sheet.start or (0, 0)
    merged: dict[tuple[int, int], tuple[int, int]] = {}
    for (top, left), (bottom, right) in sheet.merged_cell_ranges or []:
        if (bottom - top + 1) * (right - left + 1) > 100_000:
            continue  # a whole-column merge is formatting, not data
        for row in range(top, bottom + 1):
            for column in range(left, right + 1):
                if (row, column) != (top, left):
                    merged[(row, column)] = (top, left)
    anchors: dict[tuple[int, int], object] = {}
    anchor_cells = set(merged.values())
    for index, row in enumerate(sheet.iter_rows()):
        absolute = start_row + index
        cells = [_cell(c) for c in row]
        if merged:
            for column, value in enumerate(cells):
                key = (absolute, start_column + column)
                if key in anchor_cells:
                    anchors[key] = value
                elif key in merged:
                    cells[column] = anchors.get(merged[key], "")
        if start_column:
            cells = [""] * start_column + cells
        yield absolute + 1, cells


def open_workbook(path: Path | str, file_name: str | None = None) -> Workbook:
    """The sheets of a file, checked (type by content, zip size, width) but not read yet."""
    path = Path(path)
    extension = Path(file_name or path.name).suffix.lower()
    if extension not in EXTENSIONS:
        raise ImportFileError(msg("Unsupported file type: use CSV, XLSX, XLS or ODS."))
    check_content(path, extension)
    workbook = Workbook(sheets=[], size=path.stat().st_size)
    if extension == ".csv":
        workbook.sheets = [_csv_sheet(path, workbook)]
    else:
        workbook.sheets = _spreadsheet_sheets(path, extension, workbook)
    return workbook


def read_rows(path: Path | str, file_name: str | None = None) -> Iterator[tuple[int, list]]:
    """(row number, cells) of the first sheet: for callers that want plain rows."""
    workbook = open_workbook(path, file_name)
    return workbook.sheets[0].rows if workbook.sheets else iter(())
