"""Cells as people type them: Thai digits, Buddhist-Era dates in the common Thai forms, money
with commas and "บาท", choices by code or by their Thai or English label, areas by DOPA code or
by names ("ต.ท่ามะขาม อ.เมืองกาญจนบุรี จ.กาญจนบุรี", through geothai's matching).

Each parser returns the value or raises CellError with a message for the person who typed it.
"""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils import translation

from concenter.common.errors import parse_error_message
from concenter.common.thai import (
    ThaiParseError,
    normalize_text,
    parse_date,
    parse_decimal_money,
    to_arabic_digits,
)
from concenter.exchange.messages import msg


class CellError(Exception):
    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@lru_cache(maxsize=1 << 15)  # what repeats (given names, areas, professions); not every name:
def _normalized(value: str) -> str:  # 200,000 entries were ≈ 50 MB of a million-row import
    return normalize_text(value)


def clean(value: str) -> str:
    """`normalize_text`, fast for the cells of a big file: plain ASCII needs only its spaces
    collapsed, and Thai cells repeat (names, areas, professions), so each is cleaned once."""
    if value.isascii():
        return " ".join(value.split()) if value.isprintable() else normalize_text(value)
    return _normalized(value)


def text(value, *, max_length: int | None = None, required: bool = False) -> str:
    """Free text, cleaned as the services clean it; a form's maximum length holds."""
    if isinstance(value, datetime.date):
        value = f"{value.day:02d}/{value.month:02d}/{value.year + 543}"
    result = (
        clean(value if isinstance(value, str) else str(value)) if value not in (None, "") else ""
    )
    if required and not result:
        raise CellError(msg("Required."))
    if max_length is not None and len(result) > max_length:
        raise CellError(
            msg(
                "At most %(limit)s characters (this has %(length)s).",
                limit=max_length,
                length=len(result),
            )
        )
    return result


def digits(value) -> str:
    """A cell of digits (codes, IDs) with Thai digits, spaces and dashes allowed."""
    return re.sub(r"[\s\-]", "", to_arabic_digits(text(value)))


def integer(value, *, minimum: int | None = 0, maximum: int | None = None) -> int | None:
    """A whole number ("๒๕", "1,200", "25.0"); empty is None."""
    raw = to_arabic_digits(text(value)).replace(",", "").replace(" ", "")
    if not raw:
        return None
    if raw.endswith(".0"):
        raw = raw[:-2]
    try:
        number = int(raw)
    except ValueError:
        raise CellError(msg("Enter a whole number.")) from None
    if minimum is not None and number < minimum:
        if minimum == 0:
            raise CellError(msg("The number cannot be negative."))
        raise CellError(msg("Enter a whole number."))
    if maximum is not None and number > maximum:
        raise CellError(msg("Enter a whole number."))
    return number


def date(value) -> datetime.date | None:
    """28/02/2563, 28 ก.พ. 63, ๒๘/๐๒/๒๕๖๓, 2020-02-28, or a date cell of a spreadsheet."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    raw = text(value)
    if not raw:
        return None
    if raw.isdigit() and len(raw) == 5:  # a date cell without its date format: Excel's serial
        try:
            return parse_date(int(raw))
        except ThaiParseError as exc:
            raise CellError(parse_error_message(exc)) from None
    try:
        return parse_date(raw)
    except ThaiParseError as exc:
        raise CellError(parse_error_message(exc)) from None


_ERA = re.compile(
    r"^(พ\.?\s*ศ\.?|ค\.?\s*ศ\.?|b\.?\s*e\.?|c\.?\s*e\.?|a\.?\s*d\.?)\s*", re.IGNORECASE
)


def year(value) -> int | None:
    """A year as CE: 2510, ๒๕๑๐, พ.ศ. 2510, 1967, ค.ศ. 1967 (4 digits from 2400 are BE), or a
    full date (its year); empty is None."""
    if isinstance(value, datetime.datetime):
        return value.year
    if isinstance(value, datetime.date):
        return value.year
    raw = to_arabic_digits(text(value))
    if not raw:
        return None
    era = _ERA.match(raw)
    number = raw[era.end() :] if era else raw
    number = number.replace(" ", "").replace(",", "")
    if number.endswith(".0"):
        number = number[:-2]
    if number.isdigit() and len(number) == 4:
        result = int(number)
        buddhist = era.group(1)[0] in "พbB" if era else result >= 2400
        return result - 543 if buddhist else result
    try:
        return date(value).year
    except CellError:
        raise CellError(msg("Enter a year: 2510, พ.ศ. 2510 or 1967.")) from None


def money(value) -> Decimal | None:
    """12,500 · 12,500.50 · 12,500 บาท · ฿1,000 · ๑๒,๕๐๐; empty is None."""
    if isinstance(value, datetime.date):
        raise CellError(parse_error_message(ThaiParseError("จำนวนเงินไม่ถูกต้อง", "Invalid amount")))
    raw = text(value)
    if not raw:
        return None
    try:
        return parse_decimal_money(raw)
    except ThaiParseError as exc:
        raise CellError(parse_error_message(exc)) from None


def email(value) -> str:
    raw = text(value, max_length=254)
    if raw:
        try:
            validate_email(raw)
        except ValidationError:
            raise CellError(msg("Enter a valid email address.")) from None
    return raw


_URL = URLValidator()


def website(value) -> str:
    """A web address as the partner form takes it (https:// assumed when left out)."""
    raw = text(value, max_length=200)
    if raw and "://" not in raw:
        raw = f"https://{raw}"
    if raw:
        try:
            _URL(raw)
        except ValidationError:
            raise CellError(msg("Enter a valid web address.")) from None
    return raw


def _choice_key(value: str) -> str:
    return normalize_text(value).replace(" ", "").replace(".", "").lower()


class Choices:
    """A choice by its code, its Thai label or its English label (and any alias given)."""

    def __init__(self, choices, aliases: dict[str, str] | None = None) -> None:
        self.lookup: dict[str, str] = {}
        self.shown: list[str] = []
        for code, label in choices:
            with translation.override("th"):
                thai = str(label)
            with translation.override("en"):
                english = str(label)
            for name in (code, thai, english):
                self.lookup.setdefault(_choice_key(name), code)
            self.shown.append(thai)
        for alias, code in (aliases or {}).items():
            self.lookup[_choice_key(alias)] = code

    def __call__(self, value, message: str | None = None) -> str:
        raw = text(value)
        if not raw:
            return ""
        found = self.lookup.get(_choice_key(raw))
        if found is None:
            raise CellError(
                message
                or msg("Unknown value: use one of %(choices)s.", choices=", ".join(self.shown))
            )
        return found


# Areas ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AreaInfo:
    code: str
    level: str
    active: bool
    province_code: str
    district_code: str
    subdistrict_code: str
    name_th: str

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(
            c for c in ("TH", self.province_code, self.district_code, self.subdistrict_code) if c
        )


_AREA_MARKERS = {
    "ต.": "subdistrict",
    "ตำบล": "subdistrict",
    "แขวง": "subdistrict",
    "อ.": "district",
    "อำเภอ": "district",
    "เขต": "district",
    "จ.": "province",
    "จังหวัด": "province",
}
_AREA_PART = re.compile(r"(ต\.|ตำบล|แขวง|อ\.|อำเภอ|เขต|จ\.|จังหวัด)\s*")
_VILLAGE = re.compile(r"^(?:ม\.|หมู่ที่|หมู่|หมู่บ้านที่)\s*(\d{1,2})\b\s*(.*)$")


class AreaResolver:
    """Areas of a file, by code or by names, each distinct cell resolved once per run."""

    def __init__(self) -> None:
        self.by_code: dict[str, AreaInfo | None] = {}
        self.by_text: dict[str, str | CellError] = {}

    def preload(self, codes) -> None:
        """Read the areas of many codes in one query (a chunk of rows at a time)."""
        from concenter.geography.models import Area

        wanted = [
            c
            for c in {c for c in codes if c and c.isdigit() and len(c) in (2, 4, 6, 8)}
            if c not in self.by_code
        ]
        for start in range(0, len(wanted), 900):
            part = wanted[start : start + 900]
            for row in Area.objects.filter(code__in=part).values_list(
                "code",
                "level",
                "active",
                "province_code",
                "district_code",
                "subdistrict_code",
                "name_th",
            ):
                self.by_code[row[0]] = AreaInfo(*row)
            for code in part:
                self.by_code.setdefault(code, None)

    def info(self, code: str) -> AreaInfo | None:
        if code not in self.by_code:
            self.preload([code])
        return self.by_code[code]

    def code_of(self, value) -> str:
        """The area code a cell names ("" for an empty cell); raises CellError."""
        raw = text(value)
        if not raw:
            return ""
        cached = self.by_text.get(raw)
        if cached is None:
            try:
                cached = self._resolve(raw)
            except CellError as exc:
                cached = exc
            self.by_text[raw] = cached
        if isinstance(cached, CellError):
            raise cached
        return cached

    def _resolve(self, raw: str) -> str:
        compact = to_arabic_digits(raw).replace(" ", "").replace("-", "")
        if compact.isdigit():
            return compact
        village = None
        match = _VILLAGE.match(to_arabic_digits(raw))
        if match:
            village, raw = int(match.group(1)), match.group(2)
        code = self._by_names(raw)
        if village is not None:
            if not 1 <= village <= 99:
                raise CellError(msg("The village number must be between 1 and 99."))
            return f"{code[:6]}{village:02d}"
        return code

    def _by_names(self, raw: str) -> str:
        import geothai

        parts: dict[str, str] = {}
        pieces = _AREA_PART.split(raw)
        if pieces[0].strip():
            parts["subdistrict"] = pieces[0].strip()
        for marker, rest in zip(pieces[1::2], pieces[2::2], strict=False):
            parts[_AREA_MARKERS[marker.strip()]] = rest.strip()
        unknown = CellError(msg("Unknown area: write its code or its names (ต. อ. จ.)."))
        if parts.get("subdistrict"):
            found = geothai.match(
                parts["subdistrict"], district=parts.get("district"), province=parts.get("province")
            )
            if not found:
                raise unknown
            if len(found) > 1:
                raise CellError(
                    msg("More than one area has this name: add the district and province.")
                )
            return found[0].subdistrict.code
        if parts.get("district"):  # a district center: "อ.เมืองกาญจนบุรี จ.กาญจนบุรี"
            return self._district(parts["district"], parts.get("province"), unknown)
        if parts.get("province"):
            found = [p for p in geothai.provinces() if _same(p.name_th, parts["province"])]
            if len(found) != 1:
                raise unknown
            return found[0].code
        raise unknown

    def _district(self, name: str, province: str | None, unknown: CellError) -> str:
        import geothai

        candidates = []
        for p in geothai.provinces():
            if province and not (_same(p.name_th, province) or _same(p.name_en, province)):
                continue
            for d in geothai.districts(p.code):
                if (
                    _same(d.name_th, name)
                    or _same(d.name_en, name)
                    or (_same(name, "เมือง") and d.code.endswith("01"))
                ):
                    candidates.append(d.code)
        if not candidates:
            raise unknown
        if len(candidates) > 1:
            raise CellError(msg("More than one area has this name: add the district and province."))
        return candidates[0]


def _same(a: str, b: str) -> bool:
    return _choice_key(a) == _choice_key(b)
