"""Tests for concenter.common.thai (pure Python, no Django needed)."""

from __future__ import annotations

import contextlib
import pickle
import random
import re
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from concenter.common.thai import (
    THAI_DIGITS,
    THAI_MONTHS_LONG,
    THAI_MONTHS_SHORT,
    ThaiParseError,
    fiscal_year_be,
    fiscal_year_bounds,
    format_date_en,
    format_date_th,
    format_datetime_en,
    format_datetime_th,
    generate_fictional_national_id,
    latin_fold,
    national_id_check_digit,
    national_id_is_valid,
    normalize_national_id,
    normalize_text,
    parse_date,
    parse_decimal_money,
    romanize_name,
    thai_sort_key,
    thai_sorted,
    to_arabic_digits,
    to_thai_digits,
)

MIN_DATE = date(1857, 1, 1)  # BE 2400
MAX_DATE = date(2157, 12, 31)  # BE 2700
THAI_CHARS = "".join(chr(c) for c in range(0x0E01, 0x0E5C) if not 0x0E3B <= c <= 0x0E3E)
THAI_CONSONANTS = "".join(chr(c) for c in range(0x0E01, 0x0E2F))
# Letters and vowels without tone marks or other signs ignored at the first sort level.
THAI_PLAIN_LETTERS = THAI_CONSONANTS + "ะัาำิีึืุูเแโใไ"
HAS_THAI = re.compile("[\u0e00-\u0e7f]")

fast = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --------------------------------------------------------------------------------------------
# ThaiParseError
# --------------------------------------------------------------------------------------------


def test_parse_error_is_value_error_with_thai_and_english_messages() -> None:
    with pytest.raises(ValueError) as excinfo:
        parse_date("31/02/2563")
    error = excinfo.value
    assert isinstance(error, ThaiParseError)
    assert str(error) == "วันที่ไม่ถูกต้อง: '31/02/2563'"
    assert error.message_th == str(error)
    assert error.message_en == "Invalid date: '31/02/2563'"


def test_parse_error_survives_pickling() -> None:
    error = ThaiParseError("ข้อความ", "message")
    clone = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own, trusted bytes
    assert (str(clone), clone.message_th, clone.message_en) == ("ข้อความ", "ข้อความ", "message")


# --------------------------------------------------------------------------------------------
# Digits
# --------------------------------------------------------------------------------------------


def test_thai_digits_constant() -> None:
    assert THAI_DIGITS == "๐๑๒๓๔๕๖๗๘๙"
    assert [ord(c) for c in THAI_DIGITS] == list(range(0x0E50, 0x0E5A))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("๒๕๖๓", "2563"),
        ("โทร ๐๘๑-๒๓๔-๕๖๗๘", "โทร 081-234-5678"),
        ("ปี 2563", "ปี 2563"),
        ("", ""),
    ],
    ids=["all-thai", "mixed-text", "already-arabic", "empty"],
)
def test_to_arabic_digits(text: str, expected: str) -> None:
    assert to_arabic_digits(text) == expected


def test_to_thai_digits_keeps_other_characters() -> None:
    assert to_thai_digits("28 ก.พ. 2563 09:12 น.") == "๒๘ ก.พ. ๒๕๖๓ ๐๙:๑๒ น."


@given(st.text(alphabet="0123456789"))
def test_digit_conversion_round_trip(digits: str) -> None:
    thai = to_thai_digits(digits)
    assert all(c in THAI_DIGITS for c in thai)
    assert to_arabic_digits(thai) == digits


# --------------------------------------------------------------------------------------------
# normalize_text
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  สมชาย   ใจดี  ", "สมชาย ใจดี"),
        ("สม\u200bชาย\ufeff", "สมชาย"),
        ("a\u200cb\u200dc", "abc"),
        ("บรรทัด1\r\n\tบรรทัด2", "บรรทัด1 บรรทัด2"),
        ("a\u00a0b", "a b"),
        ("a\x00b\x07c\x7f", "abc"),
        ("e\u0301", "\u00e9"),
        ("ก\u0e4d\u0e32", "กำ"),
        ("น\u0e49\u0e4d\u0e32", "น้ำ"),
        ("น\u0e4d\u0e49\u0e32", "น้ำ"),
        ("น\u0e33\u0e49", "น้ำ"),
        ("ก่ำ", "ก่ำ"),
        ("ก\u0e48\u0e38", "ก\u0e38\u0e48"),
        ("", ""),
        (" \t\n ", ""),
    ],
    ids=[
        "collapse-and-strip",
        "zero-width-space-and-bom",
        "zwnj-zwj",
        "newlines-tabs",
        "nbsp",
        "control-chars",
        "nfc",
        "nikhahit-sara-aa",
        "tone-nikhahit-sara-aa",
        "nikhahit-tone-sara-aa",
        "sara-am-before-tone",
        "correct-sara-am-unchanged",
        "nfc-orders-below-vowel-before-tone",
        "empty",
        "only-whitespace",
    ],
)
def test_normalize_text(text: str, expected: str) -> None:
    assert normalize_text(text) == expected


@given(st.text())
def test_normalize_text_is_idempotent_and_clean(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert once == once.strip()
    assert "  " not in once
    assert not any(c in once for c in "\u200b\u200c\u200d\ufeff\n\t\x00")
    assert "\u0e4d\u0e32" not in once


# --------------------------------------------------------------------------------------------
# Formatting dates
# --------------------------------------------------------------------------------------------


def test_month_name_tables() -> None:
    assert THAI_MONTHS_SHORT == (
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
    assert len(THAI_MONTHS_LONG) == 12
    assert THAI_MONTHS_LONG[0] == "มกราคม"
    assert THAI_MONTHS_LONG[1] == "กุมภาพันธ์"
    assert THAI_MONTHS_LONG[11] == "ธันวาคม"


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, "28 ก.พ. 2563"),
        ({"long": True}, "28 กุมภาพันธ์ 2563"),
        ({"thai_digits": True}, "๒๘ ก.พ. ๒๕๖๓"),
        ({"long": True, "thai_digits": True}, "๒๘ กุมภาพันธ์ ๒๕๖๓"),
    ],
    ids=["short", "long", "short-thai-digits", "long-thai-digits"],
)
def test_format_date_th(kwargs: dict[str, bool], expected: str) -> None:
    assert format_date_th(date(2020, 2, 28), **kwargs) == expected


def test_format_date_th_has_no_leading_zero_and_adds_543() -> None:
    assert format_date_th(date(2024, 1, 5)) == "5 ม.ค. 2567"
    assert format_date_th(date(2023, 12, 31), long=True) == "31 ธันวาคม 2566"


@pytest.mark.parametrize(
    ("long", "expected"),
    [(False, "5 Feb 2020"), (True, "5 February 2020")],
    ids=["short", "long"],
)
def test_format_date_en(long: bool, expected: str) -> None:
    assert format_date_en(date(2020, 2, 5), long=long) == expected


def test_format_datetime_th_and_en() -> None:
    moment = datetime(2020, 2, 28, 9, 12, 59)
    assert format_datetime_th(moment) == "28 ก.พ. 2563 09:12 น."
    assert format_datetime_th(moment, long=True) == "28 กุมภาพันธ์ 2563 09:12 น."
    assert format_datetime_th(moment, thai_digits=True) == "๒๘ ก.พ. ๒๕๖๓ ๐๙:๑๒ น."
    assert format_datetime_en(moment) == "28 Feb 2020 09:12"
    assert format_datetime_en(moment, long=True) == "28 February 2020 09:12"


def test_format_datetime_rejects_plain_date() -> None:
    with pytest.raises(TypeError):
        format_datetime_th(date(2020, 2, 28))  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# parse_date
# --------------------------------------------------------------------------------------------

FEB_28_2020 = date(2020, 2, 28)


@pytest.mark.parametrize(
    "text",
    [
        "28/02/2563",
        "28/2/2563",
        "28-02-2563",
        "28.02.2563",
        "28/02/63",
        "28 ก.พ. 63",
        "28 ก.พ. 2563",
        "28 ก.พ.2563",
        "28 กพ 2563",
        "28 กุมภาพันธ์ 2563",
        "28 กุมภา 63",
        "28 กุมภาพันธ์ พ.ศ. 2563",
        "๒๘/๐๒/๒๕๖๓",
        "๒๘ ก.พ. ๒๕๖๓",
        "2020-02-28",
        "28/02/2020",
        "2563-02-28",
        "28 Feb 2020",
        "28 February 2020",
        "28 feb 2020",
        "28-Feb-20",
        "  28/02/2563 ",
        "2020-02-28 00:00:00",
        "2020-02-28T09:12:00",
        "28/02/2563 9.12 น.",
    ],
    ids=[
        "dmy-slash-be",
        "dmy-no-leading-zero",
        "dmy-dash",
        "dmy-dot",
        "two-digit-be-year",
        "thai-short-month-2-digit-year",
        "thai-short-month",
        "thai-short-month-no-space",
        "thai-short-month-no-dots",
        "thai-long-month",
        "thai-informal-month",
        "thai-long-month-with-era",
        "thai-digits-numeric",
        "thai-digits-month-name",
        "iso-ce",
        "dmy-ce",
        "iso-like-be",
        "english-short-month",
        "english-long-month",
        "english-lowercase",
        "excel-english-2-digit-ce",
        "surrounding-spaces",
        "excel-csv-with-midnight",
        "iso-datetime",
        "thai-time-suffix",
    ],
)
def test_parse_date_accepts_common_formats(text: str) -> None:
    assert parse_date(text) == FEB_28_2020


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1/1/2400", date(1857, 1, 1)),
        ("31/12/2700", date(2157, 12, 31)),
        ("1/1/1857", date(1857, 1, 1)),
        ("29/02/2567", date(2024, 2, 29)),
        ("5 ก.ย. 99", date(2599 - 543, 9, 5)),
        ("1 มี.ค. 00", date(2500 - 543, 3, 1)),
        ("30 Sept 2020", date(2020, 9, 30)),
    ],
    ids=["min-be", "max-be", "min-ce", "leap-day", "2-digit-99", "2-digit-00", "sept"],
)
def test_parse_date_year_rules(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("31/02/2563", "วันที่ไม่ถูกต้อง"),
        ("29/02/2564", "วันที่ไม่ถูกต้อง"),
        ("02/28/2020", "วันที่ไม่ถูกต้อง"),
        ("0/01/2563", "วันที่ไม่ถูกต้อง"),
        ("", "ไม่ได้ระบุวันที่"),
        ("   ", "ไม่ได้ระบุวันที่"),
        ("garbage", "ไม่เข้าใจรูปแบบวันที่"),
        ("28 xyz 2563", "ไม่เข้าใจรูปแบบวันที่"),
        ("28/02-2563", "ไม่เข้าใจรูปแบบวันที่"),
        ("28/02/563", "ไม่เข้าใจรูปแบบวันที่"),
        ("2563", "ไม่เข้าใจรูปแบบวันที่"),
        ("31/12/2399", "ปีอยู่นอกช่วง"),
        ("01/01/2701", "ปีอยู่นอกช่วง"),
        ("01/01/1856", "ปีอยู่นอกช่วง"),
        ("01/01/2158", "ปีอยู่นอกช่วง"),
        ("1 ม.ค. ค.ศ. 2563", "ปีอยู่นอกช่วง"),
        ("28/02/2563 24:00", "วันที่ไม่ถูกต้อง"),
    ],
    ids=[
        "feb-31",
        "feb-29-non-leap",
        "us-order",
        "day-zero",
        "empty",
        "blank",
        "garbage",
        "unknown-month",
        "mixed-separators",
        "three-digit-year",
        "year-only",
        "be-too-small",
        "be-too-large",
        "ce-too-small",
        "ce-too-large",
        "ce-era-marker-forces-ce",
        "bad-time",
    ],
)
def test_parse_date_rejects(text: str, fragment: str) -> None:
    with pytest.raises(ThaiParseError) as excinfo:
        parse_date(text)
    assert fragment in str(excinfo.value)
    assert excinfo.value.message_en
    assert not HAS_THAI.search(excinfo.value.message_en.replace(repr(text), ""))


def test_parse_date_passes_date_and_datetime_through() -> None:
    assert parse_date(FEB_28_2020) is FEB_28_2020
    result = parse_date(datetime(2020, 2, 28, 23, 59))
    assert result == FEB_28_2020
    assert type(result) is date


@pytest.mark.parametrize(
    ("serial", "expected"),
    [
        (1, date(1900, 1, 1)),
        (59, date(1900, 2, 28)),
        (61, date(1900, 3, 1)),
        (36526, date(2000, 1, 1)),
        (43889, FEB_28_2020),
        (45292, date(2024, 1, 1)),
        (43889.75, FEB_28_2020),
        (43889.0, FEB_28_2020),
    ],
    ids=["serial-1", "before-bug", "after-bug", "y2k", "2020", "2024", "with-time", "float"],
)
def test_parse_date_excel_serial(serial: float, expected: date) -> None:
    assert parse_date(serial) == expected


@pytest.mark.parametrize(
    "serial",
    [60, 0, -1, 0.5, float("nan"), float("inf"), 10**9, True],
    ids=["fake-1900-02-29", "zero", "negative", "fraction-of-zero", "nan", "inf", "huge", "bool"],
)
def test_parse_date_rejects_bad_excel_serials(serial: float) -> None:
    with pytest.raises(ThaiParseError):
        parse_date(serial)


def test_parse_date_rejects_unsupported_type() -> None:
    with pytest.raises(ThaiParseError):
        parse_date([2020, 2, 28])  # type: ignore[arg-type]


@fast
@given(
    st.dates(min_value=MIN_DATE, max_value=MAX_DATE),
    st.booleans(),
    st.booleans(),
)
def test_parse_date_round_trips_format_date_th(d: date, long: bool, thai_digits: bool) -> None:
    assert parse_date(format_date_th(d, long=long, thai_digits=thai_digits)) == d


@fast
@given(st.dates(min_value=MIN_DATE, max_value=MAX_DATE), st.booleans())
def test_parse_date_round_trips_english_and_numeric(d: date, long: bool) -> None:
    assert parse_date(format_date_en(d, long=long)) == d
    assert parse_date(d.isoformat()) == d
    assert parse_date(f"{d.day:02d}/{d.month:02d}/{d.year + 543}") == d
    assert parse_date(format_datetime_th(datetime(d.year, d.month, d.day, 23, 59))) == d


@fast
@given(st.dates(min_value=date(1900, 3, 1), max_value=MAX_DATE))
def test_excel_serial_counts_days_after_the_1900_bug(d: date) -> None:
    # Anchor: Excel shows serial 43889 as 28/02/2020.
    serial = 43889 + (d - FEB_28_2020).days
    assert parse_date(serial) == d


@fast
@given(st.text())
def test_parse_date_only_raises_thai_parse_error(text: str) -> None:
    try:
        result = parse_date(text)
    except ThaiParseError:
        return
    assert MIN_DATE <= result <= MAX_DATE


# --------------------------------------------------------------------------------------------
# parse_decimal_money
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12,500 บาท", "12500.00"),
        ("12,500.50", "12500.50"),
        ("฿1,000", "1000.00"),
        ("฿ 1,000.25", "1000.25"),
        ("1,000 THB", "1000.00"),
        ("500 บ.", "500.00"),
        ("500 บาทถ้วน", "500.00"),
        ("๑๒,๕๐๐", "12500.00"),
        ("๑๒,๕๐๐.๗๕ บาท", "12500.75"),
        ("1 000", "1000.00"),
        ("1\u00a0000", "1000.00"),
        ("12500.-", "12500.00"),
        ("12,500.- บาท", "12500.00"),
        ("-500", "-500.00"),
        ("\u2212500", "-500.00"),
        ("฿-500", "-500.00"),
        ("-฿500", "-500.00"),
        ("+500", "500.00"),
        ("(1,000.50)", "-1000.50"),
        ("12,50,0", "12500.00"),
        (".5", "0.50"),
        ("12.", "12.00"),
        ("0.005", "0.01"),
        ("0.004", "0.00"),
        ("-0.005", "-0.01"),
        ("-0.004", "0.00"),
        ("2.345", "2.35"),
        (12500, "12500.00"),
        (-3, "-3.00"),
        (0.1 + 0.2, "0.30"),
        (2.675, "2.68"),
        (1e16, "10000000000000000.00"),
        (Decimal("1.005"), "1.01"),
        (Decimal("7"), "7.00"),
    ],
    ids=[
        "baht-suffix",
        "decimals",
        "baht-sign",
        "baht-sign-space",
        "thb",
        "bo-dot",
        "baht-thuan",
        "thai-digits",
        "thai-digits-decimals",
        "space-grouping",
        "nbsp-grouping",
        "accounting-dot-dash",
        "accounting-dot-dash-baht",
        "negative",
        "unicode-minus",
        "sign-after-currency",
        "sign-before-currency",
        "plus",
        "parentheses-negative",
        "odd-grouping",
        "leading-point",
        "trailing-point",
        "half-up",
        "below-half",
        "half-up-negative",
        "negative-rounds-to-zero",
        "half-up-2dp",
        "int",
        "negative-int",
        "float-via-str",
        "float-repr-2.675",
        "big-float",
        "decimal",
        "decimal-int",
    ],
)
def test_parse_decimal_money_accepts(value: str | int | float | Decimal, expected: str) -> None:
    result = parse_decimal_money(value)
    assert result == Decimal(expected)
    assert str(result) == expected  # always exactly two decimal places, never "-0.00"


@pytest.mark.parametrize(
    "value",
    [
        "",
        "   ",
        "abc",
        "บาท",
        "฿",
        ".",
        "-",
        "1.2.3",
        "1,000.00.00",
        "1.5,0",
        "12.50-",
        "500-",
        "--5",
        "+-5",
        "(-5)",
        "1e5",
        "NaN",
        "nan",
        "Infinity",
        "-inf",
        "1 2 3x",
        "12 500 บาท บาท",
        "1" * 40,
        float("nan"),
        float("inf"),
        1e300,
        Decimal("NaN"),
        Decimal("-Infinity"),
        True,
        None,
    ],
    ids=[
        "empty",
        "blank",
        "letters",
        "only-baht",
        "only-baht-sign",
        "only-point",
        "only-minus",
        "two-points",
        "two-points-with-grouping",
        "comma-after-point",
        "trailing-minus-with-satang",
        "trailing-minus",
        "double-minus",
        "plus-minus",
        "parentheses-and-minus",
        "exponent",
        "NaN",
        "nan-lower",
        "infinity",
        "minus-inf",
        "trailing-letter",
        "currency-twice",
        "too-many-digits",
        "float-nan",
        "float-inf",
        "float-too-large",
        "decimal-nan",
        "decimal-inf",
        "bool",
        "none",
    ],
)
def test_parse_decimal_money_rejects(value: object) -> None:
    with pytest.raises(ThaiParseError) as excinfo:
        parse_decimal_money(value)  # type: ignore[arg-type]
    assert "จำนวนเงิน" in str(excinfo.value)


@fast
@given(st.text())
def test_parse_decimal_money_only_raises_thai_parse_error_on_any_text(text: str) -> None:
    try:
        result = parse_decimal_money(text)
    except ThaiParseError:
        return
    assert result.is_finite()
    assert result.as_tuple().exponent == -2


@fast
@given(st.text(alphabet="0123456789๐๑๒๕,.-+−() ฿บาทTHBe", max_size=20))
def test_parse_decimal_money_only_raises_thai_parse_error_on_money_like_text(text: str) -> None:
    with contextlib.suppress(ThaiParseError):
        parse_decimal_money(text)


@given(st.integers(min_value=-(10**15), max_value=10**15), st.integers(0, 99))
def test_parse_decimal_money_round_trips_grouped_numbers(baht: int, satang: int) -> None:
    sign = "-" if baht < 0 else ""
    text = f"{sign}{abs(baht):,}.{satang:02d}"
    expected = Decimal(f"{sign}{abs(baht)}.{satang:02d}")
    assert parse_decimal_money(text) == expected
    assert parse_decimal_money(to_thai_digits(text) + " บาท") == expected


# --------------------------------------------------------------------------------------------
# National ID
# --------------------------------------------------------------------------------------------

# Check digits computed by hand: weights 13..2, d13 = (11 - sum % 11) % 10.
#   110170023070: 13+12+0+10+63+0+0+12+15+0+21+0 = 146, 146 % 11 = 3 -> 8
#   110170023004: ... + 0*3 + 4*2 = 133, 133 % 11 = 1 -> 10 % 10 = 0
#   110170023009: ... + 0*3 + 9*2 = 143, 143 % 11 = 0 -> 11 % 10 = 1
VALID_IDS = ["1101700230708", "1101700230040", "1101700230091"]


@pytest.mark.parametrize(
    ("first12", "expected"),
    [("110170023070", 8), ("110170023004", 0), ("110170023009", 1), ("๑๑๐๑๗๐๐๒๓๐๗๐", 8)],
    ids=["remainder-3", "remainder-1-gives-0", "remainder-0-gives-1", "thai-digits"],
)
def test_national_id_check_digit(first12: str, expected: int) -> None:
    assert national_id_check_digit(first12) == expected


@pytest.mark.parametrize("first12", ["11017002307", "1101700230701", "11017002307x", ""])
def test_national_id_check_digit_needs_12_digits(first12: str) -> None:
    with pytest.raises(ThaiParseError):
        national_id_check_digit(first12)


@pytest.mark.parametrize(
    "text",
    [
        "1101700230708",
        "1-1017-00230-70-8",
        "1 1017 00230 70 8",
        " 1101700230708 ",
        "๑๑๐๑๗๐๐๒๓๐๗๐๘",
        "๑-๑๐๑๗-๐๐๒๓๐-๗๐-๘",
        "1\u20131017\u201300230\u201370\u20138",
        1101700230708,
    ],
    ids=["plain", "dashes", "spaces", "padded", "thai-digits", "thai-dashes", "en-dash", "int"],
)
def test_normalize_national_id_accepts(text: str | int) -> None:
    assert normalize_national_id(text) == "1101700230708"
    assert national_id_is_valid(text)


@pytest.mark.parametrize(
    ("text", "expected_message"),
    [
        ("110170023070", "เลขประจำตัวประชาชนต้องมี 13 หลัก (พบ 12 หลัก)"),
        ("11017002307081", "เลขประจำตัวประชาชนต้องมี 13 หลัก (พบ 14 หลัก)"),
        ("1-1017-00230-70", "เลขประจำตัวประชาชนต้องมี 13 หลัก (พบ 12 หลัก)"),
        ("110170023070X", "เลขประจำตัวประชาชนมีอักขระที่ไม่ใช่ตัวเลข"),
        ("1101700230.708", "เลขประจำตัวประชาชนมีอักขระที่ไม่ใช่ตัวเลข"),
        ("١١٠١٧٠٠٢٣٠٧٠٨", "เลขประจำตัวประชาชนมีอักขระที่ไม่ใช่ตัวเลข"),
        (-1101700230708, "เลขประจำตัวประชาชนมีอักขระที่ไม่ใช่ตัวเลข"),
        ("1101700230709", "เลขประจำตัวประชาชนไม่ถูกต้อง: เลขตรวจสอบไม่ถูกต้อง"),
        ("", "ไม่ได้ระบุเลขประจำตัวประชาชน"),
        (" - ", "ไม่ได้ระบุเลขประจำตัวประชาชน"),
    ],
    ids=[
        "too-short",
        "too-long",
        "too-short-with-dashes",
        "letter",
        "dot",
        "arabic-indic-digits",
        "negative-int",
        "bad-check-digit",
        "empty",
        "only-separators",
    ],
)
def test_normalize_national_id_rejects(text: str | int, expected_message: str) -> None:
    with pytest.raises(ThaiParseError) as excinfo:
        normalize_national_id(text)
    assert str(excinfo.value) == expected_message
    assert excinfo.value.message_en
    assert not national_id_is_valid(text)


def test_national_id_error_does_not_echo_the_number() -> None:
    with pytest.raises(ThaiParseError) as excinfo:
        normalize_national_id("1101700230709")
    assert "110170023" not in str(excinfo.value)
    assert "110170023" not in excinfo.value.message_en


def test_generate_fictional_national_id_is_deterministic_and_valid() -> None:
    first = [generate_fictional_national_id(random.Random(42)) for _ in range(3)]
    assert len(set(first)) == 1
    ids = [generate_fictional_national_id(random.Random(seed)) for seed in range(200)]
    assert len(set(ids)) > 190
    assert {i[0] for i in ids} <= set("12345678")
    assert len({i[0] for i in ids}) == 8


@given(st.randoms(use_true_random=False))
def test_generated_ids_are_accepted(rng: random.Random) -> None:
    national_id = generate_fictional_national_id(rng)
    assert re.fullmatch(r"[1-8][0-9]{12}", national_id)
    assert normalize_national_id(national_id) == national_id


def _weighted_remainder(digits: str) -> int:
    weights = [13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2]
    return sum(int(d) * w for d, w in zip(digits[:12], weights, strict=True)) % 11


@given(st.randoms(use_true_random=False), st.integers(0, 12), st.integers(1, 9))
def test_single_digit_change_is_rejected_unless_the_scheme_cannot_see_it(
    rng: random.Random, position: int, delta: int
) -> None:
    valid = generate_fictional_national_id(rng)
    changed_digit = str((int(valid[position]) + delta) % 10)
    mutated = valid[:position] + changed_digit + valid[position + 1 :]
    # The official scheme has two blind spots: the 3rd digit has weight 11 (= 0 mod 11), and
    # remainders 0 and 10 both give check digit 1.  Every other single-digit change is caught.
    blind_spot = position == 2 or (
        position < 12 and {_weighted_remainder(valid), _weighted_remainder(mutated)} == {0, 10}
    )
    assert national_id_is_valid(mutated) is blind_spot


def test_changing_the_check_digit_is_always_rejected() -> None:
    valid = VALID_IDS[0]
    for digit in "0123456789":
        if digit != valid[-1]:
            assert not national_id_is_valid(valid[:-1] + digit)


def test_changing_an_ordinary_digit_is_rejected() -> None:
    valid = VALID_IDS[0]  # remainder 3, far from the 0/10 blind spot
    for position in (0, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11):
        mutated = valid[:position] + str((int(valid[position]) + 1) % 10) + valid[position + 1 :]
        assert not national_id_is_valid(mutated), position


# --------------------------------------------------------------------------------------------
# Fiscal year
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2020, 9, 30), 2563),
        (date(2020, 10, 1), 2564),
        (date(2020, 1, 1), 2563),
        (date(2020, 12, 31), 2564),
        (date(2021, 9, 30), 2564),
        (datetime(2020, 10, 1, 0, 0), 2564),
    ],
    ids=["last-day", "first-day-of-next", "january", "december", "end-of-2564", "datetime"],
)
def test_fiscal_year_be(d: date, expected: int) -> None:
    assert fiscal_year_be(d) == expected


def test_fiscal_year_bounds() -> None:
    assert fiscal_year_bounds(2564) == (date(2020, 10, 1), date(2021, 9, 30))
    assert fiscal_year_bounds(2568) == (date(2024, 10, 1), date(2025, 9, 30))


@pytest.mark.parametrize("year", [2021, 2399, 2701], ids=["ce-year-by-mistake", "low", "high"])
def test_fiscal_year_bounds_rejects_non_be_years(year: int) -> None:
    with pytest.raises(ThaiParseError):
        fiscal_year_bounds(year)


@given(st.integers(min_value=2401, max_value=2700))
def test_fiscal_year_bounds_agree_with_fiscal_year_be(be_year: int) -> None:
    start, end = fiscal_year_bounds(be_year)
    assert fiscal_year_be(start) == fiscal_year_be(end) == be_year
    assert fiscal_year_be(start - timedelta(days=1)) == be_year - 1
    assert fiscal_year_be(end + timedelta(days=1)) == be_year + 1
    assert (end - start).days + 1 in (365, 366)


# --------------------------------------------------------------------------------------------
# Thai dictionary order
# --------------------------------------------------------------------------------------------


def test_thai_sorted_example_words() -> None:
    words = ["ไก่", "กา", "เกษม", "ข้าว", "ขาว", "คน", "ฮา", "องค์", "แม่", "มา"]
    assert thai_sorted(words) == [
        "กา",
        "เกษม",
        "ไก่",
        "ขาว",
        "ข้าว",
        "คน",
        "มา",
        "แม่",
        "องค์",
        "ฮา",
    ]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("กา", "เกษม"),  # initial consonant first, then vowel: า precedes เ
        ("เกษม", "ข้าว"),  # every ก word precedes every ข word
        ("ไก่", "ขาว"),
        ("ขาว", "ข้าว"),  # tone mark only breaks the tie
        ("ข่าว", "ข้าว"),  # mai ek before mai tho
        ("กก", "กะ"),  # consonant (inherent vowel) before explicit vowels
        ("กะ", "กัน"),
        ("กัน", "กา"),
        ("กา", "กำ"),
        ("กำ", "กิน"),
        ("กุ้ง", "เก"),
        ("เก", "แก"),
        ("แก", "โก"),
        ("โก", "ใกล้"),
        ("ใกล้", "ไก่"),  # ใ before ไ
        ("กว่า", "เกลือ"),  # the leading vowel counts after the whole ก cluster
        ("ปิ้ง", "ปิงปอง"),  # shorter word first when the rest is equal ignoring tones
        ("รู้", "ฤดู"),  # ฤ after ร
        ("ฤดู", "ฤๅษี"),
        ("ฤๅษี", "ลม"),  # and before ล
        ("กรุงเทพฯ", "กรุงเทพมหานคร"),  # ฯ ignored at the first level
        ("zebra", "กา"),  # Latin before Thai
        ("Apple", "banana"),  # Latin case-insensitive
        ("10", "apple"),  # digits first
        ("ABC", "abc"),  # case only breaks ties
    ],
)
def test_thai_sort_key_pairs(before: str, after: str) -> None:
    assert thai_sort_key(before) < thai_sort_key(after)
    assert thai_sorted([after, before]) == [before, after]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("ห้อง ๑๐", "ห้อง 10"),
        ("สมชาย  ใจดี", "สมชาย ใจดี"),
        ("สม\u200bชาย", "สมชาย"),
        ("กํา", "กำ"),
    ],
    ids=["thai-vs-arabic-digits", "double-space", "zero-width", "sara-am-typo"],
)
def test_thai_sort_key_equal_after_normalisation(a: str, b: str) -> None:
    assert thai_sort_key(a) == thai_sort_key(b)


def test_thai_sort_key_empty_and_length() -> None:
    assert thai_sort_key("") == ""
    assert thai_sort_key("   ") == ""
    assert len(thai_sort_key("เกษม")) <= 3 * len("เกษม")


def test_thai_sorted_with_key_and_reverse() -> None:
    people = [("ข้าว", 1), ("กา", 2), ("ไก่", 3)]
    assert thai_sorted(people, key=lambda p: p[0]) == [("กา", 2), ("ไก่", 3), ("ข้าว", 1)]
    assert thai_sorted(["กา", "ขา", "คา"], reverse=True) == ["คา", "ขา", "กา"]


def test_thai_sort_matches_pythainlp_on_dictionary_words_without_marks() -> None:
    from pythainlp.corpus import thai_words
    from pythainlp.util import collate

    plain = sorted(w for w in thai_words() if re.fullmatch(f"[{THAI_PLAIN_LETTERS}]+", w))
    sample = random.Random(2563).sample(plain, 2000)
    assert thai_sorted(sample) == collate(sample)


@fast
@given(st.lists(st.text(alphabet=THAI_PLAIN_LETTERS, min_size=1, max_size=8), max_size=20))
def test_thai_sort_matches_pythainlp_on_generated_words_without_marks(words: list[str]) -> None:
    from pythainlp.util import collate

    assert thai_sorted(words) == collate(words)


@fast
@given(st.text())
def test_thai_sort_key_never_raises(text: str) -> None:
    key = thai_sort_key(text)
    assert isinstance(key, str)
    assert thai_sort_key(text) == key  # deterministic


@fast
@given(st.text(alphabet=THAI_CHARS + "abcXYZ019 .-"))
def test_thai_sort_key_is_short_for_thai_and_latin(text: str) -> None:
    assume(text)
    assert len(thai_sort_key(text)) <= 3 * len(text)


@fast
@given(st.lists(st.text(alphabet=THAI_CHARS + "aB1 ", max_size=6), max_size=15), st.randoms())
def test_thai_sorted_is_a_consistent_total_order(words: list[str], rng: random.Random) -> None:
    shuffled = words[:]
    rng.shuffle(shuffled)
    once = thai_sorted(words)
    keys = [thai_sort_key(w) for w in once]
    # Independent of input order (equal keys only for equal normalised text).
    assert [thai_sort_key(w) for w in thai_sorted(shuffled)] == keys
    # Transitive: every earlier element precedes every later one, not only neighbours.
    for i, left in enumerate(keys):
        assert all(left <= right for right in keys[i:])
    assert sorted(once, key=thai_sort_key) == once


def test_thai_sort_key_ignores_tones_before_comparing_later_letters() -> None:
    # If tone marks were compared at the first level, ก่ข (่ > ข) would sort after กค.
    assert thai_sort_key("ก่ข") < thai_sort_key("กค")
    assert thai_sort_key("แม่น้ำ") < thai_sort_key("แมว")


# --------------------------------------------------------------------------------------------
# Romanisation and folding
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("thai", "expected"),
    [
        ("สมชาย", "somchai"),
        ("นาย สมชาย ใจดี", "nai somchai chaidi"),
        ("  สมชาย\u200b  ", "somchai"),
        ("สมชาย ๑๒", "somchai 12"),
        ("John Smith", "john smith"),
        ("José", "jose"),
        ("ธนากร", "thanakon"),
        ("", ""),
    ],
    ids=["name", "full-name", "messy", "thai-digits", "latin", "accented-latin", "royin", "empty"],
)
def test_romanize_name(thai: str, expected: str) -> None:
    assert romanize_name(thai) == expected


@fast
@given(st.text(alphabet=THAI_CHARS + " abc", max_size=12))
def test_romanize_name_always_gives_clean_ascii(text: str) -> None:
    result = romanize_name(text)
    assert re.fullmatch(r"(?:[a-z0-9]+(?: [a-z0-9]+)*)?", result)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("somchai", "somchay"),
        ("somchai", "som chai"),
        ("somchai", "Somchai"),
        ("Pornchai", "phonchai"),
        ("Jaidee", "chaidi"),
        ("Boonmee", "bunmi"),
        ("Vichai", "Wichai"),
        ("Wattana", "Watana"),
        ("Thanakorn", "tanakon"),
        ("Khon Kaen", "khonkaen"),
    ],
)
def test_latin_fold_equates_spelling_variants(a: str, b: str) -> None:
    assert latin_fold(a) == latin_fold(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("somchai", "somsak"), ("bunmi", "banmi"), ("mali", "mani"), ("chai", "chaiya")],
)
def test_latin_fold_keeps_different_names_apart(a: str, b: str) -> None:
    assert latin_fold(a) != latin_fold(b)


def test_latin_fold_output() -> None:
    assert latin_fold("Som-Chai  Jai-Dee!") == "somcaicaidi"
    assert latin_fold("") == ""


@pytest.mark.parametrize(
    ("thai", "typed"),
    [
        ("สมชาย", "somchai"),
        ("สมชาย", "somchay"),
        ("สมชาย", "som chai"),
        ("พรชัย", "Pornchai"),
        ("ใจดี", "Jaidee"),
        ("บุญมี", "Boonmee"),
        ("วิชัย", "Vichai"),
        ("ธนากร", "Tanakorn"),
        ("ขอนแก่น", "Khon Kaen"),
    ],
)
def test_romanized_thai_matches_what_people_type(thai: str, typed: str) -> None:
    assert latin_fold(romanize_name(thai)) == latin_fold(typed)


def test_romanize_kanchanaburi_is_only_approximate() -> None:
    # royin gives "kantnburi" for กาญจนบุรี, so it does NOT fold equal to "Kanchanaburi";
    # only the ASCII shape is guaranteed.
    romanized = romanize_name("กาญจนบุรี")
    assert romanized.startswith("kan")
    assert romanized.endswith("buri")


# The fast paths of normalize_text and thai_sort_key (skipping steps that cannot change the text,
# one str.translate for Latin/Thai text) must give what the plain step-by-step rules give.
_THAI_AND_TRICKY = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x0E00, max_codepoint=0x0E7F),
        st.sampled_from(list(" \t\n\u00a0\u200b\u200c\u200d\u2060\ufeff\x00\x1f\x85\x9fAbİß9")),
        st.characters(),
    ),
    max_size=30,
)


def _normalize_reference(text: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFC", text)
    text = "".join(
        ch
        for ch in text
        if ch not in "\u200b\u200c\u200d\u2060\ufeff"
        and (ch.isspace() or unicodedata.category(ch) != "Cc")
    )
    text = " ".join(text.split())
    text = re.sub("\u0e4d([\u0e48-\u0e4b]?)\u0e32", "\\1\u0e33", text)
    return re.sub("\u0e33([\u0e48-\u0e4b])", "\\1\u0e33", text)


@given(_THAI_AND_TRICKY)
@settings(max_examples=400)
def test_normalize_text_fast_path_equals_the_rules(text: str) -> None:
    assert normalize_text(text) == _normalize_reference(text)


@given(_THAI_AND_TRICKY)
@settings(max_examples=400)
def test_sort_key_fast_path_equals_the_rules(text: str) -> None:
    from concenter.common import thai

    key = thai_sort_key(text)
    normalized = to_arabic_digits(normalize_text(text))
    swapped = re.sub("([\u0e40-\u0e44])([\u0e01-\u0e2e])", r"\2\1", normalized)
    primary = "".join(thai._primary_char(ch) for ch in swapped)
    assert key == ("" if not normalized else primary + " " + swapped)


_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


@given(st.text(), st.lists(st.sampled_from(_BIDI), min_size=1), st.randoms())
def test_normalize_text_strips_every_bidi_control(text: str, controls, rng) -> None:
    chars = list(text)
    for control in controls:
        chars.insert(rng.randint(0, len(chars)), control)
    cleaned = normalize_text("".join(chars))
    assert not any(c in cleaned for c in _BIDI)
    assert cleaned == normalize_text(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("07122569", date(2026, 12, 7)),
        ("071269", date(2026, 12, 7)),
        ("๐๗๑๒๒๕๖๙", date(2026, 12, 7)),
        ("07 12 2569", date(2026, 12, 7)),
        ("28022020", date(2020, 2, 28)),
    ],
    ids=["ddmmyyyy-be", "ddmmyy-be", "thai-digits", "spaces", "ddmmyyyy-ce"],
)
def test_parse_date_accepts_digits_only_as_a_number_pad_types_them(text, expected) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31022569", "0712256", "1207", "13132569"])
def test_parse_date_refuses_digits_that_are_no_date(text) -> None:
    with pytest.raises(ThaiParseError):
        parse_date(text)


def test_display_width_counts_no_column_for_thai_marks() -> None:
    from concenter.common.thai import display_width

    assert display_width("ผู้ดูแล") == 4  # ผ ด แ ล: the vowel and tone marks sit on them
    assert display_width("Judge") == 5


def test_wordbreaks_keeps_thai_words_whole_and_escapes_everything() -> None:
    from concenter.common.templatetags.thai import wordbreaks

    assert wordbreaks("นายวิชิตร ตีรสวัสดิชัย") == (
        '<span class="nobr">นายวิชิตร</span> <span class="nobr">ตีรสวัสดิชัย</span>'
    )
    long_name = str(wordbreaks("ศูนย์ประสานงานองค์การชุมชนตำบลท่ามะขาม"))
    assert "<wbr>" in long_name and "ชุมชน" in long_name
    assert str(wordbreaks("<img src=x> ก")).startswith("&lt;img src=x&gt;")
