"""Rows of an uploaded sheet, one at a time: CSV (UTF-8 with or without BOM, TIS-620/cp874),
XLSX, XLS and ODS (python-calamine). A file whose content is not what its name says, or a zip
that would unpack to too much, is refused before anything reads it."""

import codecs
import csv
import datetime
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from concenter.exchange.columns import ImportFileError
from concenter.exchange.messages import msg

MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ZIP_ENTRIES = 10_000
MAX_COLUMNS = 200
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
EXTENSIONS = (".csv", ".xlsx", ".xls", ".ods")


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
        raise ImportFileError(msg("The file unpacks to more than 200 MB: it is refused."))


def _check_content(path: Path, extension: str) -> None:
    with path.open("rb") as handle:
        head = handle.read(8)
    if extension in (".xlsx", ".ods"):
        if not head.startswith(ZIP_MAGIC):
            raise _wrong_content(extension)
        _check_zip(path, extension)
    elif extension == ".xls":
        if head != OLE_MAGIC:
            raise _wrong_content(extension)
    elif head.startswith(ZIP_MAGIC) or head == OLE_MAGIC or b"\x00" in head:
        raise _wrong_content(extension)


def detect_encoding(path: Path) -> str:
    """utf-8-sig when the bytes are strict UTF-8 (a BOM is dropped), else cp874 (TIS-620)."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 16):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp874"
    return "utf-8-sig"


def _cell(value):
    """A cell as people typed it: numbers that are whole become text without ".0"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, (datetime.date, datetime.time, datetime.timedelta)):
        return value
    return str(value).strip()


def _check_width(row: list) -> None:
    if len(row) > MAX_COLUMNS:
        raise ImportFileError(msg("The sheet is wider than 200 columns: it is refused."))


def _csv_rows(path: Path) -> Iterator[list]:
    encoding = detect_encoding(path)
    with path.open("r", encoding=encoding, newline="") as handle:
        for row in csv.reader(handle):
            _check_width(row)
            yield [_cell(c) for c in row]


def _sheet_rows(path: Path) -> Iterator[list]:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)
    except Exception as exc:  # calamine's errors carry no common base
        raise ImportFileError(msg("The file could not be read.")) from exc
    if sheet.total_width > MAX_COLUMNS:
        raise ImportFileError(msg("The sheet is wider than 200 columns: it is refused."))
    for row in sheet.iter_rows():
        _check_width(row)
        yield [_cell(c) for c in row]


def read_rows(path: Path | str, file_name: str | None = None) -> Iterator[tuple[int, list]]:
    """(row number as the sheet shows it, cells) for every row, the header being row 1.

    Checks happen when called (before the first row is asked for)."""
    path = Path(path)
    extension = Path(file_name or path.name).suffix.lower()
    if extension not in EXTENSIONS:
        raise ImportFileError(msg("Unsupported file type: use CSV, XLSX, XLS or ODS."))
    _check_content(path, extension)
    rows = _csv_rows(path) if extension == ".csv" else _sheet_rows(path)
    return ((number, row) for number, row in enumerate(rows, start=1))


@contextmanager
def temporary_copy(content: bytes, file_name: str) -> Iterator[Path]:
    """An upload held in memory as a temporary file (calamine reads paths), removed after."""
    with tempfile.TemporaryDirectory(prefix="concenter-import-") as directory:
        path = Path(directory) / ("upload" + Path(file_name).suffix.lower())
        path.write_bytes(content)
        yield path
