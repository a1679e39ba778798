"""Journey 2: a district officer imports the organisations sheet the field sent, with two bad
rows; reads the row report; imports the valid rows; downloads the rejected rows, fixes them and
imports them too. The counts add up, on desktop and on a phone, and every page passes axe."""

import io

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from tests.browser.conftest import check_accessibility, log_in, screenshot

pytestmark = pytest.mark.browser

HEADERS = ["ประเภท", "ชื่อองค์กร", "รหัสพื้นที่", "วันที่ก่อตั้ง", "จำนวนสมาชิก", "เงินทุน"]


def _sheet(path, rows) -> None:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("ข้อมูล")
    sheet.write_row(0, 0, ["ทะเบียนองค์กรชุมชน อำเภอเมืองกาญจนบุรี"])
    sheet.write_row(2, 0, HEADERS)
    for index, row in enumerate(rows, start=3):
        for column, value in enumerate(row):
            sheet.write_string(index, column, value)
    book.close()


def _count(app_shell, prefix: str) -> int:
    code = (
        "from concenter.network.models import Organization; "
        f"print(Organization.objects.filter(name__startswith={prefix!r}).count())"
    )
    return int(app_shell(code).strip().splitlines()[-1])


def test_district_officer_imports_a_sheet_fixes_the_rejected_rows_and_imports_them(
    page, app_url, app_shell, tmp_path
):
    prefix = f"กลุ่มนำเข้า{page.viewport_name}"
    rows = [
        ["กองทุนหมู่บ้าน", f"{prefix} หนึ่ง", "710104", "28/02/2563", "25", "12,500 บาท"],
        ["กลุ่มไม่มีจริง", f"{prefix} สอง", "710104", "1 ก.พ. 64", "10", "0"],
        ["กลุ่มออมทรัพย์", f"{prefix} สาม", "710105", "๑/๑๐/๒๕๖๕", "30", "5,000"],
        ["กลุ่มสตรี", f"{prefix} สี่", "999999", "", "12", ""],
        ["วิสาหกิจชุมชน", f"{prefix} ห้า", "ต.ท่ามะขาม อ.เมืองกาญจนบุรี จ.กาญจนบุรี", "", "8", "1,000"],
    ]
    sheet = tmp_path / "organizations.xlsx"
    _sheet(sheet, rows)

    log_in(page, app_url, "kan.mueang")
    page.goto(f"{app_url}/imports/new/")
    check_accessibility(page)
    page.select_option("#id_kind", "organizations")
    page.set_input_files("#id_file", str(sheet))
    page.click("main form button[type=submit]")
    page.wait_for_selector("#rejected-rows")
    assert page.inner_text("#count-created").strip() == "3"
    assert page.inner_text("#count-rejected").strip() == "2"
    report = page.inner_text("#rejected-rows")
    assert "ประเภท" in report and "รหัสพื้นที่" in report and "999999" in report
    check_accessibility(page)
    screenshot(page, "import-report")
    assert _count(app_shell, prefix) == 0  # a check stores nothing

    page.click("#import-valid-rows")
    page.wait_for_selector("#batch-status[data-status=done]")
    assert _count(app_shell, prefix) == 3
    check_accessibility(page)

    with page.expect_download() as download:
        page.click("#download-rejected")
    content = download.value.path().read_bytes()
    rejected = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0)
    data = rejected.to_python()
    assert data[0][-1] == "ข้อผิดพลาด" and len(data) == 3
    fixed_rows = []
    for row in data[1:]:
        row = [str(v) for v in row[: len(HEADERS)]]
        if row[0] == "กลุ่มไม่มีจริง":
            row[0] = "กลุ่มอาชีพ"
        if row[2] == "999999":
            row[2] = "710104"
        fixed_rows.append(row)
    fixed = tmp_path / "fixed.xlsx"
    _sheet(fixed, fixed_rows)

    page.goto(f"{app_url}/imports/new/")
    page.select_option("#id_kind", "organizations")
    page.set_input_files("#id_file", str(fixed))
    page.click("main form button[type=submit]")
    page.wait_for_selector("#counts")
    assert page.inner_text("#count-created").strip() == "2"
    assert page.inner_text("#count-rejected").strip() == "0"
    page.click("#import-button")
    page.wait_for_selector("#batch-status[data-status=done]")
    check_accessibility(page)
    screenshot(page, "import-done")
    assert _count(app_shell, prefix) == len(rows)

    page.goto(f"{app_url}/imports/")
    assert page.locator("main table tbody tr").count() >= 2
    check_accessibility(page)
