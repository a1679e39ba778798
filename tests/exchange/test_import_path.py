"""The import path of issue #17: what a refused batch reports, birth dates, staged changes."""

import pytest

from concenter.exchange.models import ImportBatch, Status
from concenter.people.models import Person
from tests.exchange.helpers import PEOPLE_TH, person, run, write_csv

pytestmark = pytest.mark.django_db


def test_a_refused_batch_reports_nothing_created_or_updated(tmp_path, district_officer):
    run(district_officer, write_csv(tmp_path, [PEOPLE_TH, person("มีอยู่", national_id="")]))
    rows = [PEOPLE_TH, person("มีอยู่", family="ใจดีมาก"), person("ใหม่"), person("ผิด", area="999999")]
    result = run(district_officer, write_csv(tmp_path, rows, name="refused.csv"), mode="all")
    batch = ImportBatch.objects.get(pk=result.batch.pk)
    assert (result.status, result.rejected_count) == (Status.REFUSED, 1)
    assert (result.created, result.updated) == (0, 0)
    assert (batch.created_count, batch.updated_count) == (0, 0)
    assert not Person.objects.filter(given_name="ใหม่").exists()
    assert not Person.everyone.filter(given_name="ใหม่").exists()
    assert Person.objects.get(given_name="มีอยู่").family_name == "ใจดี"


def test_changes_to_existing_people_are_applied_when_the_batch_is_published(
    tmp_path, district_officer
):
    first = run(district_officer, write_csv(tmp_path, [PEOPLE_TH, person("เดิม")]))
    assert first.created == 1
    changed = run(
        district_officer,
        write_csv(tmp_path, [PEOPLE_TH, person("เดิม", birth="2520"), person("ใหม่")], name="b.csv"),
    )
    assert (changed.created, changed.updated, changed.status) == (1, 1, Status.DONE)
    assert Person.objects.get(given_name="เดิม").birth_year == 1977
    assert Person.objects.get(given_name="เดิม").version == 2
    assert not Person.everyone.filter(import_pending__isnull=False).exists()
    assert changed.batch.records.count() == 2
    # Shown without touching the name index: it finds them (the SQLite FTS index too).
    from concenter.common.search import person_search

    assert [p.given_name for p in person_search(user=district_officer, query="ใหม่")] == ["ใหม่"]


def _sheet_bomb(path, body: bytes):
    """An XLSX whose one sheet is `body` (workbook parts as Excel writes them)."""
    import zipfile

    workbook = (
        b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        b'<sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    rels = (
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", rels)
        archive.writestr("xl/worksheets/sheet1.xml", body)
    return path


def test_a_sheet_that_unpacks_to_far_more_than_it_packs_is_refused_unread(
    tmp_path, district_officer
):
    from concenter.exchange.columns import ImportFileError

    head = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    )
    row = b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
    path = _sheet_bomb(tmp_path / "bomb.xlsx", head + row * (60 * 1024 * 1024 // len(row)))
    assert path.stat().st_size < 1024 * 1024
    with pytest.raises(ImportFileError, match="เท่าของขนาดที่บีบอัด"):
        run(district_officer, path)


def test_a_sheet_declared_wider_than_200_columns_is_refused_before_it_is_loaded(
    tmp_path, district_officer
):
    from concenter.exchange.columns import ImportFileError

    body = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<dimension ref="A1:ZZZ1000000"/><sheetData></sheetData></worksheet>'
    )
    with pytest.raises(ImportFileError, match="200"):
        run(district_officer, _sheet_bomb(tmp_path / "wide.xlsx", body))


BIRTH_HEADERS = ["ชื่อ", "นามสกุล", "รหัสพื้นที่", "ปีเกิด", "วันเกิด"]


@pytest.mark.parametrize(
    ("year", "born", "expected"),
    [
        ("พ.ศ. 2510", "", 1967),
        ("2510", "", 1967),
        ("๒๕๑๐", "", 1967),
        ("1967", "", 1967),
        ("ค.ศ. 1967", "", 1967),
        ("", "28/02/2510", 1967),
        ("", "28 ก.พ. 10", 1967),
        ("", "28 กุมภาพันธ์ 2510", 1967),
        ("", "๒๘/๐๒/๒๕๑๐", 1967),
        ("", "1967-02-28", 1967),
        ("2510", "28/02/2510", 1967),
    ],
)
def test_birth_years_and_dates_in_the_forms_people_write(
    tmp_path, district_officer, year, born, expected
):
    rows = [BIRTH_HEADERS, ["เกิดแล้ว", "ใจดี", "710104", year, born]]
    result = run(district_officer, write_csv(tmp_path, rows))
    assert (result.created, result.rejected_count, result.warnings) == (1, 0, [])
    assert Person.objects.get(given_name="เกิดแล้ว").birth_year == expected


@pytest.mark.parametrize(
    ("year", "born", "column", "message"),
    [
        ("", "31/02/2563", "วันเกิด", ""),
        ("สองพันห้าร้อย", "", "ปีเกิด", "พ.ศ. 2510"),
        ("2511", "28/02/2510", "วันเกิด", "ไม่ตรงกัน"),
        ("", "28/02/2610", "วันเกิด", ""),
    ],
)
def test_impossible_birth_dates_are_refused_naming_the_column(
    tmp_path, district_officer, year, born, column, message
):
    rows = [BIRTH_HEADERS, ["ผิดวัน", "ใจดี", "710104", year, born]]
    result = run(district_officer, write_csv(tmp_path, rows), mode="partial")
    assert result.rejected_count == 1
    [(label, text)] = result.rejected[0].errors
    assert label == column and message in text and text
    assert not Person.objects.filter(given_name="ผิดวัน").exists()
