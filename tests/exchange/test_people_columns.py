"""The people import checks a chunk of rows a column at a time (`people.PeopleColumns`,
docs/adr/0030-people-check-per-column.md): each column's distinct cells parsed once, titles,
genders, years, dates, professions and areas once per run. It must refuse what the per-row
reader (`read_person`, which the organisation and committee imports keep) refuses, with the same
messages on the same columns in the same order, and accept the same drafts (values, area, ID
fingerprint, present columns, derived keys). Here the same rows — good and bad cells, as a CSV
(text) and a spreadsheet (numbers, dates, empty cells) give them — go through both readers."""

import datetime

import pytest
from django.utils import translation

from concenter.exchange.kinds import people
from concenter.exchange.kinds.base import Context, Row, SheetRow
from concenter.exchange.kinds.people import PERSON_KEYS, PeopleKind
from tests.exchange.helpers import valid_id

pytestmark = pytest.mark.django_db

GOOD_ID = valid_id("110170020345")
WRONG_CHECK_DIGIT = GOOD_ID[:12] + str((int(GOOD_ID[12]) + 1) % 10)
# Cells in PERSON_KEYS order: title, given, family, given (en), family (en), gender, birth year,
# birth date, profession, area, national ID, phone, email.
CELLS = [
    ["นาง", "สมศรี", "ใจดี", "Somsri", "Jaidee", "หญิง", "2510", "28/02/2510", "เกษตรกร",
     "710104", GOOD_ID, "081 234 5678", "somsri@example.org"],
    ["นาย", "สมชาย", "ใจดี", "", "", "ชาย", 2510, datetime.datetime(1967, 2, 28), "farmer",
     710104, int(valid_id("310170020346")), 812345678, ""],
    ["", "บุญมี", "", "", "", "", 2510.0, "", "", "710105", "", "", ""],
    ["นางสาว", "ก ํา  แหง", "มีสุข", "", "", "f", "พ.ศ. 2510", None, "ค้าขาย",
     "ต.ท่ามะขาม อ.เมืองกาญจนบุรี จ.กาญจนบุรี", "1-1017-00203-45-" + GOOD_ID[-1], "", ""],
    ["", "ฟ้า", "", "", "", "ญ", "๒๕๑๐", "๒๘/๐๒/๒๕๑๐", "", "๗๑๐๑๐๔", "", "๐๘๑๒๓๔๕๖๗๘", ""],
    ["", "ดาว", "", "", "", "", "1967", "1967-02-28", "", "7101", "", "", ""],
    ["", "เดือน", "", "", "", "x", "abc", "", "ไม่มีอาชีพนี้", "999999", "1234", "", "no-at"],
    ["", "", "", "", "", "", "", "", "", "710104", "", "", ""],  # no given name
    ["", "", "", "", "", "x", "", "", "", "710104", "", "", ""],  # no name, bad gender
    ["", "ลม", "", "", "", "", "1800", "", "", "", "", "", ""],  # implausible, no area
    ["", "ฝน", "", "", "", "", "2600", "", "", "720101", "", "", ""],  # out of the area
    ["", "หมอก", "", "", "", "", "2511", "28/02/2510", "", "710104", "", "", ""],  # they differ
    ["", "เมฆ", "", "", "", "", "", "31/02/2563", "", "710104", WRONG_CHECK_DIGIT, "", ""],  # an impossible date; a wrong check digit
    ["น" * 51, "ก" * 101, "", "", "", "", "", "", "", "710104", "", "0" * 31, ""],  # too long
    ["", "แดด", "", "", "", "", "", "", "", "ม.3 ต.ท่ามะขาม", "", "", ""],
    ["", "ทราย"],  # a short row: the rest of its cells are empty
    ["", "ทราย", "", "", "", "", "", "", "", "710104", GOOD_ID, "", ""],
]  # fmt: skip
EVERY_COLUMN = {key: index for index, key in enumerate(PERSON_KEYS)}
# Another sheet: no birth date column, the columns in another order.
SOME_COLUMNS = {"area_code": 0, "given_name": 1, "birth_year": 2, "gender": 3, "national_id": 4}


def _rows(kind, cells_of_rows, mapping) -> list[Row]:
    return [
        Row(SheetRow(sheet="", number=number, cells=list(cells)), mapping, kind.columns_by_key)
        for number, cells in enumerate(cells_of_rows, start=2)
    ]


def _other_sheet() -> list[list]:
    """CELLS as a sheet of SOME_COLUMNS lays them out."""
    out = []
    for cells in CELLS:
        full = [*cells, *[""] * (len(PERSON_KEYS) - len(cells))]
        row = [""] * len(SOME_COLUMNS)
        for key, index in SOME_COLUMNS.items():
            row[index] = full[EVERY_COLUMN[key]]
        out.append(row)
    return out


def _read(actor, by_column: bool, chunks) -> list:
    """(errors, draft) of every row of `chunks` ([(cells of rows, mapping)]), one kind for all."""
    kind = PeopleKind(Context(actor=actor, writer=None))
    kind.column_check = by_column
    found = []
    for cells_of_rows, mapping in chunks:
        rows = _rows(kind, cells_of_rows, mapping)
        kind.prepare(rows)
        found.extend((row.number, row.errors, row.plan["draft"]) for row in rows)
    return found


@pytest.mark.parametrize("language", ["th", "en"])
def test_the_columns_read_what_read_person_reads(district_officer, language):
    # The same rows twice (the second time from what the run kept), and a sheet of other columns.
    chunks = [(CELLS, EVERY_COLUMN), (CELLS[::-1], EVERY_COLUMN), (_other_sheet(), SOME_COLUMNS)]
    with translation.override(language):
        by_row = _read(district_officer, False, chunks)
        by_column = _read(district_officer, True, chunks)
    assert by_column == by_row
    # The rows above do what they say (so the comparison covers refusals and acceptances).
    first = by_row[: len(CELLS)]
    accepted = [number for number, errors, draft in first if draft is not None]
    assert accepted == [2, 3, 4, 5, 6, 7, 18]
    assert all(not errors for _n, errors, draft in first if draft is not None)
    assert all(errors for _n, errors, draft in first if draft is None)
    refused = {number: errors for number, errors, _draft in first}
    assert len(refused[8]) == 6  # gender, email, year, profession, area, ID: each on its column
    assert len(refused[9]) == 1 and len(refused[10]) == 1  # no name; a bad gender alone
    assert len(refused[14]) == 2 and len(refused[15]) == 3
    somsri = first[0][2]
    assert somsri.values["birth_year"] == 1967 and somsri.values["profession_id"]
    assert somsri.fingerprint[1] == GOOD_ID[-4:] and somsri.derived["sort_key"]
    assert first[3][2].fingerprint == somsri.fingerprint  # dashes in the ID
    if language == "th":
        assert refused[8][0] == ("เพศ", "ไม่พบเพศนี้")


def test_a_column_reader_that_differs_is_caught(district_officer, monkeypatch):
    """The comparison above can fail: a column reader that allows titles of 60 characters."""
    monkeypatch.setattr(people, "_TEXT_COLUMNS", (("title", 60), *people._TEXT_COLUMNS[1:]))
    chunks = [(CELLS, EVERY_COLUMN)]
    assert _read(district_officer, True, chunks) != _read(district_officer, False, chunks)


def test_values_of_a_run_are_parsed_once(district_officer, monkeypatch):
    """Titles, genders, years, dates, professions and areas: each distinct cell once a run."""
    parsed = []
    original = people.cells.year

    def counted(value, **options):
        parsed.append(value)
        return original(value, **options)

    monkeypatch.setattr(people.cells, "year", counted)
    cells_of_rows = [["", f"คน{i}", "", "", "", "", "2510", "", "", "710104", "", "", ""]
                     for i in range(50)]  # fmt: skip
    found = _read(district_officer, True, [(cells_of_rows, EVERY_COLUMN)] * 3)
    assert all(draft is not None for _n, _e, draft in found)
    assert parsed == ["2510"]
