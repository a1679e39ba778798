"""Thai-language helpers: digits, text clean-up, dates, money, national IDs, sorting, romanisation.

Pure Python (no Django import) so it can be used from models, forms, import scripts and tests.

Conventions used throughout:

* Parsing functions raise :class:`ThaiParseError` (a ``ValueError``) whose ``str()`` is a Thai
  message suitable for showing to officers; ``message_en`` carries an English version for logs.
* Thai years are Buddhist Era (BE = CE + 543).
* Day/month order in numeric dates is always day first (Thai usage); ``02/28/2020`` is rejected.
"""

from __future__ import annotations

import math
import random
import re
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from typing import TypeVar

__all__ = [
    "BE_OFFSET",
    "MAX_BE_YEAR",
    "MIN_BE_YEAR",
    "THAI_DIGITS",
    "THAI_MONTHS_LONG",
    "THAI_MONTHS_SHORT",
    "ThaiParseError",
    "fiscal_year_be",
    "fiscal_year_bounds",
    "format_date_en",
    "format_date_th",
    "format_datetime_en",
    "format_datetime_th",
    "generate_fictional_national_id",
    "latin_fold",
    "national_id_check_digit",
    "national_id_is_valid",
    "normalize_national_id",
    "normalize_text",
    "parse_date",
    "parse_decimal_money",
    "romanize_name",
    "thai_sort_key",
    "thai_sorted",
    "to_arabic_digits",
    "to_thai_digits",
]

T = TypeVar("T")


class ThaiParseError(ValueError):
    """A value typed by a user could not be understood.

    ``str(error)`` (and ``error.message_th``) is the Thai message for end users;
    ``error.message_en`` is the English equivalent for logs and developers.
    """

    def __init__(self, message_th: str, message_en: str) -> None:
        super().__init__(message_th)
        self.message_th = message_th
        self.message_en = message_en

    def __reduce__(self) -> tuple[type[ThaiParseError], tuple[str, str]]:
        # Keep both messages when pickled (e.g. passed through a task queue).
        return (self.__class__, (self.message_th, self.message_en))


# --------------------------------------------------------------------------------------------
# Digits
# --------------------------------------------------------------------------------------------

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_ARABIC_DIGITS = "0123456789"
_TO_ARABIC = str.maketrans(THAI_DIGITS, _ARABIC_DIGITS)
_TO_THAI = str.maketrans(_ARABIC_DIGITS, THAI_DIGITS)


def to_arabic_digits(text: str) -> str:
    """Replace Thai digits (๐-๙) with ASCII digits (0-9); every other character is kept.

    Officers often type Thai digits, so every parser in this module calls this first.
    """
    return text.translate(_TO_ARABIC)


def to_thai_digits(text: str) -> str:
    """Replace ASCII digits (0-9) with Thai digits (๐-๙); every other character is kept.

    Used for formal documents where Thai numerals are customary.
    """
    return text.translate(_TO_THAI)


def to_thai_digits_deep(value):
    """`to_thai_digits` over every string of a document's data (dicts and lists walked; other
    values kept): a PDF for a reader who chose Thai digits. Never for data a machine reads back
    (a QR code's payload, a ticket code)."""
    if isinstance(value, str):
        return to_thai_digits(value)
    if isinstance(value, dict):
        return {key: to_thai_digits_deep(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_thai_digits_deep(item) for item in value]
    return value


# --------------------------------------------------------------------------------------------
# Text normalisation
# --------------------------------------------------------------------------------------------

# Zero-width space / non-joiner / joiner, word joiner, BOM: invisible, break search and equality.
_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
# Bidirectional controls: the embeddings and overrides (U+202A-U+202E), the isolates
# (U+2066-U+2069) and the marks (LRM, RLM, ALM). Thai and Latin names need none of them, and an
# override makes a name read differently from what it holds ("\u202eนายกฯ" and worse).
_BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)
_THAI_TONES = "\u0e48\u0e49\u0e4a\u0e4b"  # ่ ้ ๊ ๋
_NIKHAHIT = "\u0e4d"  # ํ
_SARA_AA = "\u0e32"  # า
_SARA_AM = "\u0e33"  # ำ
# NIKHAHIT (optionally followed by a tone mark) + SARA AA -> tone mark + SARA AM.
_RE_NIKHAHIT_AA = re.compile(f"{_NIKHAHIT}([{_THAI_TONES}]?){_SARA_AA}")
# SARA AM typed before the tone mark ("กำ่") -> tone mark first ("ก่ำ"), the standard order.
_RE_AM_TONE = re.compile(f"{_SARA_AM}([{_THAI_TONES}])")
# Removed by normalize_text: the zero-width characters and the control characters (category Cc,
# which lives in U+0000-U+001F and U+007F-U+009F) that are not whitespace.
_RE_INVISIBLE = re.compile(
    "["
    + re.escape(
        "".join(sorted(_ZERO_WIDTH | _BIDI_CONTROLS))
        + "".join(
            chr(c)
            for c in range(0xA0)
            if unicodedata.category(chr(c)) == "Cc" and not chr(c).isspace()
        )
    )
    + "]"
)


def normalize_text(text: str) -> str:
    """Clean free text typed or pasted by users so that equal-looking strings compare equal.

    Rules, in order:

    1. Unicode NFC (this also puts Thai below-vowels before tone marks, e.g. ก + ่ + ุ → กุ่).
    2. Remove zero-width characters (U+200B-U+200D, U+2060, U+FEFF), bidirectional controls
       (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C) and control characters
       (category Cc) other than whitespace.
    3. Collapse every run of whitespace (including NBSP, tabs, newlines) to one space; strip.
    4. Fix the common Thai typing error of NIKHAHIT + SARA AA (``ํา``) instead of SARA AM
       (``ำ``), also when a tone mark was typed between them (``ก ํ ่ า`` → ``ก่ำ``), and move
       a tone mark typed after SARA AM in front of it (``กำ่`` → ``ก่ำ``).  The correctly typed
       ``ก่ำ`` is left unchanged.
    """
    # Each step is skipped when it cannot change the text: imports call this for every cell.
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = _RE_INVISIBLE.sub("", text)
    text = " ".join(text.split())
    if _NIKHAHIT in text:
        text = _RE_NIKHAHIT_AA.sub(rf"\1{_SARA_AM}", text)
    if _SARA_AM in text:
        text = _RE_AM_TONE.sub(rf"\1{_SARA_AM}", text)
    return text


# --------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------

BE_OFFSET = 543
MIN_BE_YEAR = 2400
MAX_BE_YEAR = 2700
_MIN_CE_YEAR = MIN_BE_YEAR - BE_OFFSET  # 1857
_MAX_CE_YEAR = MAX_BE_YEAR - BE_OFFSET  # 2157

THAI_MONTHS_SHORT: tuple[str, ...] = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)
THAI_MONTHS_LONG: tuple[str, ...] = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
_EN_MONTHS_SHORT: tuple[str, ...] = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)
_EN_MONTHS_LONG: tuple[str, ...] = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _month_key(name: str) -> str:
    """Lookup form of a month name: no dots, no spaces, lower case."""
    return name.replace(".", "").replace(" ", "").lower()


def _build_month_lookup() -> tuple[dict[str, int], frozenset[str]]:
    thai: dict[str, int] = {}
    english: dict[str, int] = {}
    for number, (short, long_name) in enumerate(
        zip(THAI_MONTHS_SHORT, THAI_MONTHS_LONG, strict=True), start=1
    ):
        thai[_month_key(short)] = number  # "ก.พ." and "กพ"
        thai[_month_key(long_name)] = number
        # Informal spoken forms without the -คม/-ยน/-พันธ์ ending: มกรา, กุมภา, เมษา, ...
        for suffix in ("าคม", "ายน", "าพันธ์"):
            if long_name.endswith(suffix):
                thai[long_name[: -len(suffix)] + "า"] = number
    for number, (short, long_name) in enumerate(
        zip(_EN_MONTHS_SHORT, _EN_MONTHS_LONG, strict=True), start=1
    ):
        english[_month_key(short)] = number
        english[_month_key(long_name)] = number
    english["sept"] = 9
    return {**thai, **english}, frozenset(english)


_MONTH_LOOKUP, _ENGLISH_MONTH_KEYS = _build_month_lookup()

# Optional time part after a date ("28/02/2563 09:12", "2020-02-28T09:12:00", "... 9.12 น.").
_RE_TIME_SUFFIX = re.compile(
    r"(?:\s+|T)(?P<h>\d{1,2})[:.](?P<m>\d{2})(?:[:.](?P<s>\d{2})(?:\.\d+)?)?(?:\s*น\.?)?$"
)
_RE_YMD = re.compile(r"(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})")
_RE_DMY = re.compile(r"(?P<d>\d{1,2})(?P<sep>[-/. ])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{2}|\d{4})")
# Digits only, as a phone's number pad types them (it has no "/"): ddmmyyyy or ddmmyy.
_RE_DMY_DIGITS = re.compile(r"(?P<d>\d{2})(?P<m>\d{2})(?P<y>\d{2}|\d{4})")
_RE_D_MONTHNAME_Y = re.compile(
    r"(?P<d>\d{1,2})[\s/-]*(?P<month>[^\d\s/-][^\d]*?)[\s/-]*"
    r"(?:(?P<era>พ\.?\s?ศ\.?|ค\.?\s?ศ\.?)\s*)?(?P<y>\d{2}|\d{4})"
)

# Excel 1900 date system: serial 1 = 1900-01-01; serial 60 is the non-existent 1900-02-29.
_EXCEL_EPOCH_BEFORE_BUG = date(1899, 12, 31)
_EXCEL_EPOCH_AFTER_BUG = date(1899, 12, 30)
_EXCEL_MAX_SERIAL = (date(_MAX_CE_YEAR, 12, 31) - _EXCEL_EPOCH_AFTER_BUG).days


def _date_error(text: object) -> ThaiParseError:
    return ThaiParseError(f"วันที่ไม่ถูกต้อง: {text!r}", f"Invalid date: {text!r}")


def _format_error(text: object) -> ThaiParseError:
    return ThaiParseError(
        f"ไม่เข้าใจรูปแบบวันที่: {text!r} (ตัวอย่างที่ถูกต้อง: 28/02/2563)",
        f"Unrecognised date format: {text!r} (expected e.g. 28/02/2563)",
    )


def _range_error(text: object) -> ThaiParseError:
    return ThaiParseError(
        f"ปีอยู่นอกช่วงที่รองรับ (พ.ศ. {MIN_BE_YEAR}–{MAX_BE_YEAR}): {text!r}",
        f"Year out of supported range (BE {MIN_BE_YEAR}-{MAX_BE_YEAR} / "
        f"CE {_MIN_CE_YEAR}-{_MAX_CE_YEAR}): {text!r}",
    )


def _resolve_year(raw: str, *, era: str | None, original: str) -> int:
    """Turn a typed year into a CE year.

    ``era`` is "be", "ce" or None (guess): 2 digits = BE 25yy (CE 20yy with an English month
    name), 4 digits >= 2400 = BE, 4 digits < 2400 = CE.
    """
    value = int(raw)
    if len(raw) == 2:
        ce_year = 2000 + value if era == "ce" else 2500 + value - BE_OFFSET
    elif era == "be" or (era is None and value >= MIN_BE_YEAR):
        ce_year = value - BE_OFFSET
    else:
        ce_year = value
    if not _MIN_CE_YEAR <= ce_year <= _MAX_CE_YEAR:
        raise _range_error(original)
    return ce_year


def _make_date(year: int, month: int, day: int, original: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise _date_error(original) from None


def _check_year_range(value: date, original: object) -> date:
    if not _MIN_CE_YEAR <= value.year <= _MAX_CE_YEAR:
        raise _range_error(original)
    return value


def _date_from_excel_serial(serial: int | float) -> date:
    if isinstance(serial, float) and not math.isfinite(serial):
        raise _date_error(serial)
    day_number = math.floor(serial)  # a fractional part is the time of day
    if day_number < 1 or day_number == 60 or day_number > _EXCEL_MAX_SERIAL:
        raise ThaiParseError(
            f"เลขวันที่แบบ Excel ไม่ถูกต้อง: {serial!r}", f"Invalid Excel date serial: {serial!r}"
        )
    epoch = _EXCEL_EPOCH_BEFORE_BUG if day_number < 60 else _EXCEL_EPOCH_AFTER_BUG
    return _check_year_range(epoch + timedelta(days=day_number), serial)


def parse_date(text: str | date | datetime | int | float) -> date:
    """Parse a date the way Thai officers type it in forms, Excel and CSV files.

    Accepted:

    * ``date`` → returned unchanged; ``datetime`` → its ``.date()`` (no range check).
    * ``int``/``float`` → Excel serial day number (1900 date system: 1 = 1900-01-01, serial 60
      is Excel's fictitious 1900-02-29 and is rejected; fractions = time of day, ignored).
    * Strings (Thai digits allowed), day always before month:
      ``28/02/2563``, ``28/2/2563``, ``28-02-2563``, ``28.02.2563``, ``28/02/63``,
      ``2563-02-28``, ``2020-02-28``, ``28/02/2020``,
      ``28 ก.พ. 2563``, ``28 กพ 63``, ``28 กุมภาพันธ์ 2563``, ``28 กุมภา 63``,
      ``28 กุมภาพันธ์ พ.ศ. 2563``, ``28 Feb 2020``, ``28 February 2020``, ``28-Feb-20``,
      ``28 02 2563``, and digits only as a phone's number pad types them: ``28022563``,
      ``280263`` (ddmmyyyy, ddmmyy).
      A trailing time (``09:12``, ``09:12:00``, ``9.12 น.``, ISO ``T09:12:00``) is validated
      and ignored.

    Year rules: 4 digits >= 2400 are BE, < 2400 are CE; 2 digits are BE 25yy, except after an
    English month name (``28-Feb-20``, Excel's English format) where they are CE 20yy;
    ``พ.ศ.``/``ค.ศ.`` before the year force the era.  The result must lie within BE 2400-2700
    (CE 1857-2157).

    Raises :class:`ThaiParseError` for empty input, unknown formats, impossible dates
    (31/02/2563) and years out of range.
    """
    if isinstance(text, datetime):
        return text.date()
    if isinstance(text, date):
        return text
    if isinstance(text, bool) or not isinstance(text, str | int | float):
        raise _format_error(text)
    if isinstance(text, int | float):
        return _date_from_excel_serial(text)

    original = text
    cleaned = to_arabic_digits(normalize_text(text))
    if not cleaned:
        raise ThaiParseError("ไม่ได้ระบุวันที่", "Date is empty")

    time_match = _RE_TIME_SUFFIX.search(cleaned)
    if time_match:
        hour, minute = int(time_match["h"]), int(time_match["m"])
        second = int(time_match["s"] or 0)
        if hour > 23 or minute > 59 or second > 59:
            raise _date_error(original)
        cleaned = cleaned[: time_match.start()]

    match = _RE_YMD.fullmatch(cleaned)
    if match:
        year = _resolve_year(match["y"], era=None, original=original)
        return _make_date(year, int(match["m"]), int(match["d"]), original)

    match = _RE_DMY.fullmatch(cleaned)
    if match:
        year = _resolve_year(match["y"], era=None, original=original)
        return _make_date(year, int(match["m"]), int(match["d"]), original)

    match = _RE_DMY_DIGITS.fullmatch(cleaned)
    if match:
        year = _resolve_year(match["y"], era=None, original=original)
        return _make_date(year, int(match["m"]), int(match["d"]), original)

    match = _RE_D_MONTHNAME_Y.fullmatch(cleaned)
    if match:
        key = _month_key(match["month"])
        month = _MONTH_LOOKUP.get(key)
        if month is None:
            raise _format_error(original)
        era_marker = (match["era"] or "").replace(".", "").replace(" ", "")
        if era_marker == "พศ":
            era: str | None = "be"
        elif era_marker == "คศ" or (key in _ENGLISH_MONTH_KEYS and len(match["y"]) == 2):
            era = "ce"
        else:
            era = None
        year = _resolve_year(match["y"], era=era, original=original)
        return _make_date(year, month, int(match["d"]), original)

    raise _format_error(original)


def format_date_th(d: date, *, long: bool = False, thai_digits: bool = False) -> str:
    """Format a date the Thai official way: ``28 ก.พ. 2563`` or ``28 กุมภาพันธ์ 2563``.

    Day without leading zero, Thai month name (abbreviated unless ``long``), Buddhist Era year.
    ``thai_digits=True`` writes the numbers with Thai numerals (``๒๘ ก.พ. ๒๕๖๓``).
    The output is accepted back by :func:`parse_date`.
    """
    months = THAI_MONTHS_LONG if long else THAI_MONTHS_SHORT
    result = f"{d.day} {months[d.month - 1]} {d.year + BE_OFFSET}"
    return to_thai_digits(result) if thai_digits else result


def format_date_en(d: date, *, long: bool = False) -> str:
    """Format a date for the English UI: ``28 Feb 2020`` or ``28 February 2020`` (CE year).

    Month names are fixed English, independent of the process locale.
    """
    months = _EN_MONTHS_LONG if long else _EN_MONTHS_SHORT
    return f"{d.day} {months[d.month - 1]} {d.year}"


def format_datetime_th(dt: datetime, *, long: bool = False, thai_digits: bool = False) -> str:
    """Format a date-time the Thai way: ``28 ก.พ. 2563 09:12 น.`` (24-hour clock).

    The wall-clock time of ``dt`` is used as is: convert aware datetimes to local time
    (Asia/Bangkok) before calling.
    """
    if not isinstance(dt, datetime):
        raise TypeError("format_datetime_th() needs a datetime, not a date")
    result = f"{format_date_th(dt, long=long)} {dt:%H:%M} น."
    return to_thai_digits(result) if thai_digits else result


def format_datetime_en(dt: datetime, *, long: bool = False) -> str:
    """Format a date-time for the English UI: ``28 Feb 2020 09:12`` (24-hour clock).

    As with :func:`format_datetime_th`, convert aware datetimes to local time first.
    """
    if not isinstance(dt, datetime):
        raise TypeError("format_datetime_en() needs a datetime, not a date")
    return f"{format_date_en(dt, long=long)} {dt:%H:%M}"


# --------------------------------------------------------------------------------------------
# Fiscal year
# --------------------------------------------------------------------------------------------


def fiscal_year_be(d: date) -> int:
    """Thai government fiscal year (BE) containing ``d``.

    The fiscal year runs 1 October – 30 September and is named after the BE year in which it
    ends: 30 Sep 2020 → 2563, 1 Oct 2020 → 2564.
    """
    end_ce_year = d.year + 1 if d.month >= 10 else d.year
    return end_ce_year + BE_OFFSET


def fiscal_year_bounds(be_year: int) -> tuple[date, date]:
    """First and last day (inclusive) of Thai fiscal year ``be_year``.

    ``fiscal_year_bounds(2564) == (date(2020, 10, 1), date(2021, 9, 30))``.  The year must be a
    BE year within 2400-2700; a CE year such as 2021 is rejected to catch that common mistake.
    """
    if isinstance(be_year, bool) or not isinstance(be_year, int):
        raise TypeError("be_year must be an int")
    if not MIN_BE_YEAR <= be_year <= MAX_BE_YEAR:
        raise ThaiParseError(
            f"ปีงบประมาณต้องเป็นปี พ.ศ. {MIN_BE_YEAR}–{MAX_BE_YEAR} (ได้รับ {be_year})",
            f"Fiscal year must be a BE year {MIN_BE_YEAR}-{MAX_BE_YEAR} (got {be_year})",
        )
    end_ce_year = be_year - BE_OFFSET
    return date(end_ce_year - 1, 10, 1), date(end_ce_year, 9, 30)


# --------------------------------------------------------------------------------------------
# Money
# --------------------------------------------------------------------------------------------

_CENT = Decimal("0.01")
_RE_MONEY = re.compile(
    r"""
    (?P<sign>[-+\u2212])?\s*
    (?:฿|thb)?\s*
    (?P<sign2>[-+\u2212])?\s*
    (?P<int>\d(?:[\d,]|\s(?=\d))*)?
    (?P<point>\.(?P<frac>\d*)(?P<dash>-)?)?
    \s*(?:บาท(?:ถ้วน)?|บ\.|฿|thb)?
    """,
    re.VERBOSE | re.IGNORECASE,
)


def _money_error(text: object) -> ThaiParseError:
    return ThaiParseError(f"จำนวนเงินไม่ถูกต้อง: {text!r}", f"Invalid amount of money: {text!r}")


def _quantize_money(value: Decimal, original: object) -> Decimal:
    if not value.is_finite():
        raise _money_error(original)
    try:
        result = value.quantize(_CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation:  # more digits than the decimal context allows
        raise _money_error(original) from None
    if not result.is_finite():
        raise _money_error(original)
    return result if result != 0 else Decimal("0.00")  # no "-0.00"


def parse_decimal_money(text: str | int | float | Decimal) -> Decimal:
    """Parse an amount of baht as typed in forms and spreadsheets; result has 2 decimals.

    Accepted: ``12,500``, ``12,500.50``, ``12,500 บาท``, ``฿1,000``, ``1,000 THB``, ``500 บ.``,
    ``๑๒,๕๐๐`` (Thai digits), ``1 000`` (space grouping), ``12500.-`` (Thai accounting style
    for "no satang"), ``-500``, ``฿-500``, ``(500)`` (accounting negative).  Commas are simply
    removed wherever they are in the integer part (``12,50,0`` = 12500); commas after the
    decimal point, a second decimal point, exponents, NaN/Infinity and empty input are rejected.

    Numbers are rounded to satang with ROUND_HALF_UP (halves away from zero, as Thai
    accounting does); floats go through ``str()`` first so ``0.1 + 0.2`` gives ``0.30``.
    Raises :class:`ThaiParseError` only.
    """
    if isinstance(text, Decimal):
        return _quantize_money(text, text)
    if isinstance(text, bool):
        raise _money_error(text)
    if isinstance(text, int):
        return _quantize_money(Decimal(text), text)
    if isinstance(text, float):
        if not math.isfinite(text):
            raise _money_error(text)
        return _quantize_money(Decimal(str(text)), text)
    if not isinstance(text, str):
        raise _money_error(text)

    cleaned = to_arabic_digits(normalize_text(text))
    if not cleaned:
        raise ThaiParseError("ไม่ได้ระบุจำนวนเงิน", "Amount of money is empty")
    negative = False
    if cleaned.startswith("(") and cleaned.endswith(")"):
        negative = True
        cleaned = cleaned[1:-1].strip()

    match = _RE_MONEY.fullmatch(cleaned)
    if not match:
        raise _money_error(text)
    int_part = re.sub(r"[,\s]", "", match["int"] or "")
    frac_part = match["frac"] or ""
    signs = [s for s in (match["sign"], match["sign2"]) if s]
    if (
        not (int_part or frac_part)
        or len(signs) > 1
        or (match["dash"] and frac_part)  # "12.50-" is not the ".-" style
        or (negative and signs)
    ):
        raise _money_error(text)
    if signs and signs[0] in "-\u2212":
        negative = True
    value = Decimal(f"{int_part or '0'}.{frac_part or '0'}")
    return _quantize_money(-value if negative else value, text)


# --------------------------------------------------------------------------------------------
# National ID (เลขประจำตัวประชาชน)
# --------------------------------------------------------------------------------------------

_RE_ID_SEPARATORS = re.compile(r"[\s\-\u2010\u2011\u2012\u2013\u2014\u2212]")
_RE_12_DIGITS = re.compile(r"[0-9]{12}")


def national_id_check_digit(first12: str) -> int:
    """Check digit (13th digit) of a Thai national ID from its first 12 digits.

    Rule of the Department of Provincial Administration:
    ``d13 = (11 - sum(d_i * (14 - i) for i = 1..12) mod 11) mod 10``.
    Thai digits are accepted; anything but exactly 12 digits raises :class:`ThaiParseError`.
    """
    digits = to_arabic_digits(first12)
    if not _RE_12_DIGITS.fullmatch(digits):
        raise ThaiParseError(
            "ต้องระบุตัวเลข 12 หลักแรกของเลขประจำตัวประชาชน",
            "Exactly the first 12 digits of the national ID are required",
        )
    total = sum(int(digit) * (13 - index) for index, digit in enumerate(digits))
    return (11 - total % 11) % 10


def normalize_national_id(text: str | int) -> str:
    """Clean and validate a Thai national ID, returning its 13 ASCII digits.

    Spaces and dashes (``1-2345-67890-12-1``) are removed and Thai digits converted.
    Errors (messages deliberately do not repeat the ID, which is personal data under PDPA):
    empty input; characters other than digits ("มีอักขระที่ไม่ใช่ตัวเลข"); wrong length
    ("เลขประจำตัวประชาชนต้องมี 13 หลัก (พบ 12 หลัก)"); wrong check digit
    ("เลขตรวจสอบไม่ถูกต้อง").  The first digit (person category) is not restricted.
    """
    if isinstance(text, bool) or not isinstance(text, str | int):
        raise ThaiParseError(
            "เลขประจำตัวประชาชนมีอักขระที่ไม่ใช่ตัวเลข", "National ID contains non-digit characters"
        )
    if isinstance(text, int):
        if text < 0:
            raise ThaiParseError(
                "เลขประจำตัวประชาชนมีอักขระที่ไม่ใช่ตัวเลข",
                "National ID contains non-digit characters",
            )
        text = str(text)
    if len(text) == 13 and text.isascii() and text.isdigit():
        digits = text  # as most are typed: nothing to clean (an import checks a million)
    else:
        digits = _RE_ID_SEPARATORS.sub("", to_arabic_digits(normalize_text(text)))
    if not digits:
        raise ThaiParseError("ไม่ได้ระบุเลขประจำตัวประชาชน", "National ID is empty")
    if not re.fullmatch(r"[0-9]+", digits):
        raise ThaiParseError(
            "เลขประจำตัวประชาชนมีอักขระที่ไม่ใช่ตัวเลข", "National ID contains non-digit characters"
        )
    if len(digits) != 13:
        raise ThaiParseError(
            f"เลขประจำตัวประชาชนต้องมี 13 หลัก (พบ {len(digits)} หลัก)",
            f"National ID must have 13 digits (found {len(digits)})",
        )
    if national_id_check_digit(digits[:12]) != int(digits[12]):
        raise ThaiParseError(
            "เลขประจำตัวประชาชนไม่ถูกต้อง: เลขตรวจสอบไม่ถูกต้อง",
            "Invalid national ID: wrong check digit",
        )
    return digits


def national_id_is_valid(text: str | int) -> bool:
    """True if :func:`normalize_national_id` accepts ``text`` (never raises)."""
    try:
        normalize_national_id(text)
    except ThaiParseError:
        return False
    return True


def generate_fictional_national_id(rng: random.Random) -> str:
    """Random, structurally valid national ID for demo/test data (first digit 1-8).

    Deterministic for a seeded ``rng``.  The number is only *fictional* in the sense that it was
    not taken from a real person; it may coincide with a real ID, so never use it outside
    demo data.
    """
    first12 = str(rng.randint(1, 8)) + "".join(str(rng.randint(0, 9)) for _ in range(11))
    return first12 + str(national_id_check_digit(first12))


# --------------------------------------------------------------------------------------------
# Sorting in Thai dictionary order
# --------------------------------------------------------------------------------------------

_RE_LEADING_VOWEL = re.compile("([\u0e40-\u0e44])([\u0e01-\u0e2e])")  # เ แ โ ใ ไ + consonant
# Ignored at the first level: ฺ (phinthu), ็ (mai taikhu), tone marks, ์ (thanthakhat),
# ํ (nikhahit), ๎ (yamakkan), ฯ (paiyannoi), ๆ (mai yamok).
_SORT_IGNORABLE = frozenset("\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e\u0e2f\u0e46")
_SORT_SEPARATOR = " "  # lower than every character kept in the primary part


def _primary_char(ch: str) -> str:
    if ch in _SORT_IGNORABLE:
        return ""
    if "\u0e01" <= ch <= "\u0e39" or "\u0e40" <= ch <= "\u0e45":  # letters, vowels, ๅ
        return ch
    if ch.isalnum():
        lowered = ch.lower()
        return lowered if len(lowered) == 1 else ch
    return ""  # spaces, punctuation, symbols


# _primary_char of every character below the end of the Thai block, as a str.translate table.
_PRIMARY_TABLE_END = "\u0e80"
_PRIMARY_TABLE = {c: _primary_char(chr(c)) or None for c in range(ord(_PRIMARY_TABLE_END))}


def thai_sort_key(text: str) -> str:
    """Key whose plain code-point order is Thai dictionary (Royal Institute) order.

    Designed to be stored in an indexed column and sorted with binary ("C") collation.
    The key is ``primary + " " + secondary``:

    * primary: the text after :func:`normalize_text`, Thai digits → Arabic, each leading vowel
      เ แ โ ใ ไ moved behind the consonant that follows it, Latin lower-cased, and tone
      marks, ็ ์ ํ ฺ ๎ ฯ ๆ, spaces and punctuation removed.  Thai code points are already in
      dictionary order for consonants (ก..ฮ, with ฤ after ร and ฦ after ล) and vowels
      (ะ ั า ำ ิ ี ึ ื ุ ู เ แ โ ใ ไ), and consonants sort before vowels, so e.g.
      กก < กะ < กัน < กา < เกษม < ไก่ < ขาว; every ก word precedes every ข word.
    * secondary (only matters when primaries are equal): the normalised text with leading
      vowels swapped but marks, case, spaces and punctuation kept, so ขาว < ข่าว < ข้าว and
      ``ABC`` < ``abc``.

    Digits sort before Latin letters, which sort before Thai (natural code-point order).
    Texts differing only in Thai vs Arabic digits, whitespace runs or invisible characters
    get equal keys.  For Thai/Latin text the key is at most ``2 * len(text) + 1`` characters.
    """
    normalized = to_arabic_digits(normalize_text(text))
    if not normalized:
        return ""
    swapped = _RE_LEADING_VOWEL.sub(r"\2\1", normalized)
    if max(swapped) < _PRIMARY_TABLE_END:  # Latin and Thai only: one C-level pass
        primary = swapped.translate(_PRIMARY_TABLE)
    else:
        primary = "".join(_primary_char(ch) for ch in swapped)
    return primary + _SORT_SEPARATOR + swapped


def _identity(item: T) -> T:
    return item


def thai_sorted(
    items: Iterable[T],
    key: Callable[[T], str] = _identity,  # type: ignore[assignment]
    *,
    reverse: bool = False,
) -> list[T]:
    """Return ``items`` sorted in Thai dictionary order of ``key(item)`` (stable sort).

    Convenience wrapper around :func:`thai_sort_key` for in-memory lists.
    """
    return sorted(items, key=lambda item: thai_sort_key(key(item)), reverse=reverse)


# --------------------------------------------------------------------------------------------
# Romanisation for search
# --------------------------------------------------------------------------------------------

_RE_THAI_RUN = re.compile("[\u0e01-\u0e4f]+")
_RE_NOT_LATIN_WORD = re.compile(r"[^a-z0-9 ]+")


@lru_cache(maxsize=1 << 17)  # a word a cache entry: every name of a national import
def _romanize_thai_run(run: str) -> str:
    # Imported lazily: pythainlp takes ~1.5 s to import.  The "royin" engine is rule-based
    # and works offline without downloading any data.
    from pythainlp.transliterate import romanize

    return romanize(run, engine="royin")


def _strip_accents(text: str) -> str:
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )


def romanize_name(text: str) -> str:
    """Lower-case ASCII romanisation of a (Thai) name, for search: สมชาย → ``somchai``.

    Each run of Thai letters is romanised with pythainlp's rule-based Royal Institute engine
    (``royin``); Latin text is kept (accents removed); the result keeps only ``[a-z0-9 ]``
    with single spaces.  Royin is approximate for some words (กาญจนบุรี → ``kantnburi``), so
    compare through :func:`latin_fold` and treat matches as suggestions.
    """
    normalized = to_arabic_digits(normalize_text(text))
    romanized = _RE_THAI_RUN.sub(lambda m: _romanize_thai_run(m.group()), normalized)
    ascii_text = _RE_NOT_LATIN_WORD.sub("", _strip_accents(romanized).lower())
    return " ".join(ascii_text.split())


# Applied in order by latin_fold().
_FOLDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile("ph"), "p"),  # พ/ผ/ภ: "Phon" / "Pon"
    (re.compile("th"), "t"),  # ท/ธ/ถ/ฐ: "Thanakorn" / "Tanakorn"
    (re.compile("kh"), "k"),  # ข/ค/ฆ: "Khun" / "Kun"
    (re.compile("ch|j"), "c"),  # จ/ช/ฉ: royin "ch" for จ, people write "j" ("Jaidee")
    (re.compile("v"), "w"),  # ว: "Vichai" / "Wichai"
    (re.compile("ee"), "i"),  # ี: "Jaidee" / royin "chaidi"
    (re.compile("oo"), "u"),  # ู/ุ: "Boonmee" / royin "bunmi"
    (re.compile("ay"), "ai"),  # ัย/าย: "Somchay" / "Somchai"
    (re.compile("orn"), "on"),  # final ร: "Pornchai" / royin "phonchai"
    (re.compile(r"([a-z])\1+"), r"\1"),  # doubled letters: "Wattana" / "Watana"
)


def latin_fold(text: str) -> str:
    """Fold a romanised name to a canonical form so that spelling variants compare equal.

    Lower-cases, removes accents, removes everything but ``[a-z0-9]`` (including spaces, so
    "som chai" = "somchai"), then applies in order: ph→p, th→t, kh→k, ch→c, j→c, v→w, ee→i,
    oo→u, ay→ai, orn→on, and collapses doubled letters.  "somchai", "Somchay", "som chai" and
    ``romanize_name("สมชาย")`` all fold to ``somcai``.  The folded form is only for comparing
    and searching (store it in a search column), never for display.
    """
    folded = re.sub(r"[^a-z0-9]+", "", _strip_accents(text).lower())
    for pattern, replacement in _FOLDS:
        folded = pattern.sub(replacement, folded)
    return folded


# Parts of a page whose digits stay as they are: markup (attributes hold URLs, codes, values),
# scripts, styles and what a person types into or copies from (text areas, code).
_RE_HTML_KEEP = re.compile(
    r"(<!--.*?-->|<(script|style|textarea|pre|code)\b.*?</\2\s*>|<[^>]*>)",
    re.DOTALL | re.IGNORECASE,
)


def thai_digits_in_html(html: str) -> str:
    """The page with every digit of its text in Thai digits (๐–๙), its markup untouched: one
    place that writes every number a page shows (money, dates, years, ranks, scores, counts)
    the way a reader who chose Thai digits reads them."""
    parts = _RE_HTML_KEEP.split(html)
    out: list[str] = []
    index = 0
    while index < len(parts):
        text = parts[index]
        out.append(text.translate(_TO_THAI))
        if index + 1 < len(parts):
            out.append(parts[index + 1])  # the kept part, as it is
        index += 3  # split() also returns the inner group (the element's name)
    return "".join(out)


def display_width(text: str) -> int:
    """The columns a text takes in a terminal: Thai vowels above and below and tone marks
    (combining characters) sit on their consonant and take none."""
    return sum(
        0 if unicodedata.combining(ch) or unicodedata.category(ch) == "Mn" else 1 for ch in text
    )
