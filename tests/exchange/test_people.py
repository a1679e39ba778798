"""Importing people: encodings, cells as typed, natural keys, modes, the same rules as the form."""

import pytest

from concenter.exchange.models import ImportedRecord, Status
from concenter.network.models import Rollup
from concenter.people.models import Person
from tests.exchange.helpers import PEOPLE_TH, person, run, valid_id, write_csv, write_xlsx

pytestmark = pytest.mark.django_db

VALID_ID = valid_id("110170020345")


def test_utf8_csv_with_bom_creates_people_with_their_derived_columns(tmp_path, district_officer):
    path = write_csv(tmp_path, [PEOPLE_TH, person("สมศรี"), person("สมหญิง", birth="๒๕๑๒")])
    result = run(district_officer, path)
    assert (result.created, result.rejected_count, result.status) == (2, 0, Status.DONE)
    someone = Person.objects.get(given_name="สมหญิง")
    assert someone.birth_year == 1969 and someone.profession_id == "farmer"
    assert someone.gender == "female" and someone.subdistrict_code == "710104"
    assert someone.name_search == "สมหญิงใจดี" and someone.sort_key and someone.name_latin


def test_utf8_csv_without_bom(tmp_path, district_officer):
    path = write_csv(tmp_path, [PEOPLE_TH, person("ไม่มีบอม")], encoding="utf-8")
    assert run(district_officer, path).created == 1


@pytest.mark.parametrize("encoding", ["cp874", "tis-620"])
def test_thai_legacy_encodings_with_english_headers_in_another_order(
    tmp_path, district_officer, encoding
):
    headers = ["area_code", "family_name", "given_name", "gender", "birth_year"]
    path = write_csv(tmp_path, [headers, ["710104", "ทองดี", "มานี", "female", "1980"]], encoding)
    result = run(district_officer, path)
    assert result.created == 1, result.rejected
    assert Person.objects.filter(given_name="มานี", family_name="ทองดี").exists()


def test_semicolon_separated_csv(tmp_path, district_officer):
    path = write_csv(tmp_path, [PEOPLE_TH, person("อัฒภาค")], delimiter=";")
    assert run(district_officer, path).created == 1


def test_area_by_thai_names(tmp_path, district_officer):
    rows = [PEOPLE_TH, person("ชื่อพื้นที่", area="ต.ท่ามะขาม อ.เมืองกาญจนบุรี จ.กาญจนบุรี")]
    result = run(district_officer, write_csv(tmp_path, rows))
    assert result.created == 1, result.rejected
    assert Person.objects.get(given_name="ชื่อพื้นที่").area_id == "710104"


def test_unknown_area_names_the_row_and_column(tmp_path, district_officer):
    rows = [PEOPLE_TH, person("ไม่มีที่"), person("ผิดที่", area="ต.ไม่มีจริง จ.กาญจนบุรี")]
    result = run(district_officer, write_csv(tmp_path, rows), mode="partial")
    assert [r.row for r in result.rejected] == [3]
    assert result.rejected[0].errors[0][0] == "รหัสพื้นที่"


def test_xlsx_with_a_title_row_above_the_header(tmp_path, district_officer):
    rows = [["ทะเบียนผู้นำชุมชน อำเภอเมืองกาญจนบุรี"], [], PEOPLE_TH, person("หัวเรื่อง")]
    result = run(district_officer, write_xlsx(tmp_path, rows))
    assert result.created == 1 and result.header_row == 3


def test_bad_row_names_row_and_column_and_all_or_nothing_stores_nothing(tmp_path, district_officer):
    rows = [PEOPLE_TH, person("ดีหนึ่ง"), person("ผิด", national_id="1234567890123"), person("ดีสอง")]
    result = run(district_officer, write_csv(tmp_path, rows))
    assert [r.row for r in result.rejected] == [3]
    column, message = result.rejected[0].errors[0]
    assert column == "เลขประจำตัวประชาชน" and message and not message.isascii()
    assert result.status == Status.REFUSED and result.batch.status == Status.REFUSED
    assert not Person.objects.filter(given_name__in=["ดีหนึ่ง", "ดีสอง"]).exists()
    assert not ImportedRecord.objects.exists()
    assert not Rollup.objects.filter(metric="people").exists()


def test_out_of_scope_row_is_rejected(tmp_path, district_officer):
    rows = [PEOPLE_TH, person("นอกเขต", area="720101")]
    result = run(district_officer, write_csv(tmp_path, rows), mode="partial")
    assert result.rejected[0].errors == [("รหัสพื้นที่", "พื้นที่นอกขอบเขตของคุณ")]


def test_partial_stores_the_good_rows_and_keeps_the_rejected(tmp_path, district_officer):
    rows = [PEOPLE_TH, person("ดีหนึ่ง"), person("", family="ไม่มีชื่อ"), person("ดีสอง")]
    result = run(district_officer, write_csv(tmp_path, rows), mode="partial")
    assert Person.objects.filter(given_name__in=["ดีหนึ่ง", "ดีสอง"]).count() == 2
    batch = result.batch
    assert (batch.status, batch.created_count, batch.rejected_count) == (Status.DONE, 2, 1)
    rejected = batch.rejected.get()
    assert rejected.row == 3 and rejected.cells[2] == "ไม่มีชื่อ"
    assert rejected.errors[0][0] == "ชื่อ"


def test_dry_run_stores_nothing(tmp_path, district_officer):
    result = run(district_officer, write_csv(tmp_path, [PEOPLE_TH, person("ลอง")]), dry_run=True)
    assert result.created == 1 and result.batch is None and result.status == Status.CHECKED
    assert not Person.objects.filter(given_name="ลอง").exists()


def test_reimport_updates_without_duplicating(tmp_path, district_officer):
    rows = [PEOPLE_TH, person("ซ้ำ", national_id=VALID_ID), person("ไม่มีเลข")]
    run(district_officer, write_csv(tmp_path, rows))
    again = run(district_officer, write_csv(tmp_path, rows))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    rows[1][8] = "089 999 9999"
    changed = run(district_officer, write_csv(tmp_path, rows))
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 1)
    assert Person.objects.filter(given_name="ซ้ำ").count() == 1
    assert Person.objects.get(given_name="ซ้ำ").phone == "089 999 9999"
    assert Person.objects.get(given_name="ซ้ำ").version == 2
    assert Person.objects.filter(given_name="ไม่มีเลข").count() == 1
    assert Rollup.objects.get(area_code="710104", metric="people", key="farmer").value == 2


def test_duplicate_rows_inside_one_file_are_refused(tmp_path, district_officer):
    rows = [PEOPLE_TH, person("สองครั้ง"), person("อื่น"), person("สองครั้ง")]
    result = run(district_officer, write_csv(tmp_path, rows), mode="partial")
    assert [r.row for r in result.rejected] == [4]
    assert "2" in result.rejected[0].errors[0][1]
    assert Person.objects.filter(given_name="สองครั้ง").count() == 1


def test_two_people_of_the_same_name_ask_for_the_id(tmp_path, district_officer):
    first = [PEOPLE_TH, person("ชื่อซ้ำ", national_id=valid_id("310170020345"))]
    second = [PEOPLE_TH, person("ชื่อซ้ำ", national_id=valid_id("410170020345"))]
    run(district_officer, write_csv(tmp_path, first))
    run(district_officer, write_csv(tmp_path, second))
    result = run(district_officer, write_csv(tmp_path, [PEOPLE_TH, person("ชื่อซ้ำ")]), mode="partial")
    assert result.rejected_count == 1 and result.rejected[0].errors[0][0] == "ชื่อ"


def test_rollups_match_a_rebuild_after_an_import(tmp_path, district_officer):
    from concenter.network.rollups import rollup_rebuild

    rows = [PEOPLE_TH] + [person(f"คนที่{i}", area="71010" + str(1 + i % 4)) for i in range(30)]
    run(district_officer, write_csv(tmp_path, rows))
    live = set(Rollup.objects.filter(metric="people").values_list("area_code", "key", "value"))
    rollup_rebuild()
    rebuilt = set(Rollup.objects.filter(metric="people").values_list("area_code", "key", "value"))
    assert live == rebuilt and live


def test_every_created_person_has_an_audit_entry_naming_the_importer(tmp_path, district_officer):
    from auditlog.models import LogEntry

    result = run(district_officer, write_csv(tmp_path, [PEOPLE_TH, person("ตรวจสอบ")]))
    someone = Person.objects.get(given_name="ตรวจสอบ")
    entry = LogEntry.objects.get_for_object(someone).get()
    assert entry.actor == district_officer and entry.action == LogEntry.Action.CREATE
    assert result.batch.records.get().object_key == str(someone.pk)
