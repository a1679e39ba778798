import csv
import io
import zipfile
from decimal import Decimal

import pytest
import xlsxwriter
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from concenter.common.thai import national_id_check_digit
from concenter.exchange.columns import ImportFileError
from concenter.exchange.models import ImportBatch, Status
from concenter.exchange.services import run_import, undo_batch
from concenter.network.models import Organization
from concenter.people.models import Person
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

VALID_ID = "110170020345" + str(national_id_check_digit("110170020345"))

TH_HEADERS = [
    "คำนำหน้า", "ชื่อ", "นามสกุล", "เพศ", "ปีเกิด", "อาชีพ", "รหัสพื้นที่", "เลขประจำตัวประชาชน", "โทรศัพท์",
]  # fmt: skip
ORG_HEADERS = ["ประเภท", "ชื่อองค์กร", "รหัสพื้นที่", "วันที่ก่อตั้ง", "เงินทุน", "จำนวนสมาชิก"]


def write_csv(tmp_path, rows, encoding="utf-8-sig", name="people.csv"):
    path = tmp_path / name
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def write_xlsx(tmp_path, rows, name="people.xlsx"):
    path = tmp_path / name
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    for index, row in enumerate(rows):
        sheet.write_row(index, 0, row)
    book.close()
    return path


def person(given, family="ใจดี", area="710104", national_id="", birth="2510"):
    return ["นาง", given, family, "หญิง", birth, "เกษตรกร", area, national_id, "081 234 5678"]


def do(actor, path, kind="people", **kw):
    return run_import(actor=actor, path=path, file_name=path.name, kind=kind, **kw)


def test_utf8_bom_csv(tmp_path, district_officer):
    path = write_csv(tmp_path, [TH_HEADERS, person("สมศรี"), person("สมหญิง", birth="๒๕๑๒")])
    result, batch = do(district_officer, path)
    assert [r.action for r in result.rows] == ["created", "created"]
    assert batch.created_count == 2 and batch.status == Status.DONE
    someone = Person.objects.get(given_name="สมหญิง")
    assert someone.birth_year == 1969 and someone.profession_id and someone.gender == "female"


def test_cp874_csv_with_english_headers_in_another_order(tmp_path, district_officer):
    headers = ["area_code", "family_name", "given_name", "gender", "birth_year"]
    path = write_csv(tmp_path, [headers, ["710104", "ทองดี", "มานี", "female", "1980"]], "cp874")
    result, _batch = do(district_officer, path)
    assert result.rows[0].action == "created", result.rows[0].errors
    assert Person.objects.filter(given_name="มานี", family_name="ทองดี").exists()


def test_area_by_thai_names(tmp_path, district_officer):
    rows = [TH_HEADERS, person("ชื่อพื้นที่", area="ต.ท่ามะขาม อ.เมืองกาญจนบุรี จ.กาญจนบุรี")]
    result, _ = do(district_officer, write_csv(tmp_path, rows))
    assert result.rows[0].ok, result.rows[0].errors
    assert Person.objects.get(given_name="ชื่อพื้นที่").area_id == "710104"


def test_xlsx_dates_and_money(tmp_path, district_officer):
    rows = [ORG_HEADERS]
    for index, day in enumerate(["28/02/2563", "28 ก.พ. 63", "๒๘/๐๒/๒๕๖๓", "2020-02-28"]):
        rows.append(["village_fund", f"กองทุนทดสอบ {index}", "710104", day, "12,500 บาท", "๒๕"])
    result, _ = do(district_officer, write_xlsx(tmp_path, rows, "orgs.xlsx"), "organizations")
    assert all(r.ok for r in result.rows), [r.errors for r in result.rows]
    for organization in Organization.objects.filter(name__startswith="กองทุนทดสอบ"):
        assert str(organization.founded_on) == "2020-02-28"
        assert organization.funds == Decimal("12500.00")
        assert organization.member_count == 25


def test_bad_row_names_row_and_column_and_all_or_nothing_stores_nothing(tmp_path, district_officer):
    rows = [TH_HEADERS, person("ดีหนึ่ง"), person("ผิด", national_id="1234567890123"), person("ดีสอง")]
    result, batch = do(district_officer, write_csv(tmp_path, rows))
    bad = result.rejected
    assert [r.row for r in bad] == [3]
    column, message = bad[0].errors[0]
    assert column == "เลขประจำตัวประชาชน"
    assert message and not message.isascii()  # Thai
    assert batch.status == Status.REFUSED
    assert not Person.objects.filter(given_name__in=["ดีหนึ่ง", "ดีสอง"]).exists()


def test_out_of_scope_row_rejected(tmp_path, district_officer):
    rows = [TH_HEADERS, person("นอกเขต", area="720101")]
    result, _ = do(district_officer, write_csv(tmp_path, rows), mode="partial")
    assert result.rejected[0].errors == [("รหัสพื้นที่", "พื้นที่นอกขอบเขตของคุณ")]


def test_partial_stores_the_good_rows_and_keeps_the_rejected(tmp_path, district_officer):
    rows = [TH_HEADERS, person("ดีหนึ่ง"), person("", family="ไม่มีชื่อ"), person("ดีสอง")]
    _result, batch = do(district_officer, write_csv(tmp_path, rows), mode="partial")
    assert Person.objects.filter(given_name__in=["ดีหนึ่ง", "ดีสอง"]).count() == 2
    assert batch.rejected_count == 1 and batch.rejected_rows[0]["row"] == 3
    client = client_for(district_officer)
    response = client.get(reverse("exchange:rejected", args=[batch.pk]))
    assert response.status_code == 200
    from python_calamine import CalamineWorkbook

    sheet = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    data = sheet.to_python()
    assert data[0][-1] == "ข้อผิดพลาด" and data[1][2] == "ไม่มีชื่อ" and "ชื่อ" in data[1][-1]


def test_dry_run_stores_nothing(tmp_path, district_officer):
    result, batch = do(
        district_officer, write_csv(tmp_path, [TH_HEADERS, person("ลอง")]), dry_run=True
    )
    assert result.rows[0].action == "created" and batch is None
    assert not Person.objects.filter(given_name="ลอง").exists()


def test_reimport_updates_without_duplicating(tmp_path, district_officer):
    rows = [TH_HEADERS, person("ซ้ำ", national_id=VALID_ID), person("ไม่มีเลข")]
    do(district_officer, write_csv(tmp_path, rows))
    rows[1][8] = "089 999 9999"
    result, _batch = do(district_officer, write_csv(tmp_path, rows))
    assert [r.action for r in result.rows] == ["updated", "updated"]
    assert Person.objects.filter(given_name="ซ้ำ").count() == 1
    assert Person.objects.get(given_name="ซ้ำ").phone == "089 999 9999"
    assert Person.objects.filter(given_name="ไม่มีเลข").count() == 1
    orgs = [ORG_HEADERS, ["village_fund", "กองทุนเดิม", "710104", "", "1,000", "3"]]
    do(district_officer, write_csv(tmp_path, orgs, name="o.csv"), "organizations")
    orgs[1][5] = "4"
    result, _ = do(district_officer, write_csv(tmp_path, orgs, name="o.csv"), "organizations")
    assert result.rows[0].action == "updated"
    assert Organization.objects.get(name="กองทุนเดิม").member_count == 4


def test_undo_deletes_what_the_batch_created(tmp_path, district_officer):
    do(district_officer, write_csv(tmp_path, [TH_HEADERS, person("เดิม")]))
    rows = [TH_HEADERS, person("เดิม"), person("ใหม่")]
    _result, batch = do(district_officer, write_csv(tmp_path, rows))
    client = client_for(district_officer)
    response = client.post(reverse("exchange:undo", args=[batch.pk]))
    assert response.status_code == 302
    assert not Person.objects.filter(given_name="ใหม่").exists()
    assert Person.objects.filter(given_name="เดิม").exists()
    batch.refresh_from_db()
    assert batch.status == Status.UNDONE
    with pytest.raises(ValidationError):
        undo_batch(actor=district_officer, batch=batch)


def test_zip_bomb_refused(tmp_path, district_officer):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for index in range(3):
            archive.writestr(f"xl/worksheets/sheet{index}.xml", b"\0" * (80 * 1024 * 1024))
    assert path.stat().st_size < 2 * 1024 * 1024
    with pytest.raises(ImportFileError, match="200 MB"):
        do(district_officer, path)


def test_wrong_content_and_missing_header_refused(tmp_path, district_officer):
    fake = tmp_path / "fake.xlsx"
    fake.write_text("ชื่อ,รหัสพื้นที่\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="XLSX"):
        do(district_officer, fake)
    path = write_csv(tmp_path, [["ชื่อ", "นามสกุล"], ["ก", "ข"]])
    with pytest.raises(ImportFileError, match="รหัสพื้นที่"):
        do(district_officer, path)


def test_pages_upload_check_commit(tmp_path, district_officer):
    client = client_for(district_officer)
    assert client.get(reverse("exchange:list")).status_code == 200
    assert client.get(reverse("exchange:new")).status_code == 200
    template = client.get(reverse("exchange:template", args=["people"]))
    assert template.status_code == 200 and template.content.startswith(b"PK")
    path = write_csv(tmp_path, [TH_HEADERS, person("หน้าเว็บ")])
    with path.open("rb") as handle:
        response = client.post(
            reverse("exchange:new"), {"kind": "people", "mode": "all", "file": handle}
        )
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and batch.status == Status.CHECKED
    assert not Person.objects.filter(given_name="หน้าเว็บ").exists()
    assert client.get(batch.get_absolute_url()).status_code == 200
    client.post(reverse("exchange:commit", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == Status.DONE and batch.content is None
    assert Person.objects.filter(given_name="หน้าเว็บ").count() == 1
    assert client.get(reverse("exchange:list")).status_code == 200


def test_other_users_batches_are_404(tmp_path, district_officer, other_district_officer):
    _result, batch = do(district_officer, write_csv(tmp_path, [TH_HEADERS, person("ของฉัน")]))
    client = client_for(other_district_officer)
    assert client.get(reverse("exchange:detail", args=[batch.pk])).status_code == 404
    assert client.post(reverse("exchange:undo", args=[batch.pk])).status_code == 404


def test_command(tmp_path, district_officer, capsys):
    path = write_csv(tmp_path, [TH_HEADERS, person("คำสั่ง")])
    call_command("import", str(path), "--kind", "people", "--dry-run", "--user", "kan.mueang")
    assert "dry run" in capsys.readouterr().out
    call_command("import", str(path), "--kind", "people", "--user", "kan.mueang")
    assert Person.objects.filter(given_name="คำสั่ง").count() == 1
