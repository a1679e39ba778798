"""The standard reports: their content, the PDF (Thai, A4, Sarabun) and the XLSX (formula-safe),
downloads from the dashboard with their scope, and `concenter report` on the command line."""

import datetime
import io
import re
import zipfile
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone, translation
from python_calamine import CalamineWorkbook

from concenter.common.pdf import pdf_page_count, pdf_text
from concenter.geography.models import Area
from concenter.network import services
from concenter.reports import documents, render
from tests.conftest import client_for
from tests.reports.helpers import activity, full_center

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


@pytest.fixture(autouse=True)
def _thai():
    with translation.override("th"):
        yield


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _sheets(content: bytes) -> dict[str, list[list]]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def _today() -> datetime.date:
    return timezone.localdate()


@pytest.mark.clock("2026-11-20T09:15", tick=False)
def test_summary_report_holds_the_dashboard_figures_and_renders_thai(province_officer):
    """Printed on 20 November 2569 (Bangkok): the "as of" date and the footer say so in Thai."""
    full_center(province_officer, "710101", organizations=2, ends_in_days=30)
    full_center(province_officer, "710201")
    activity(province_officer, "710101", starts_on=datetime.date(2020, 3, 1), spent="250.75")
    area = Area.objects.get(code="71")
    document = documents.build_report("summary", area, on=_today(), fiscal_year=2563)
    assert document.title == documents.report_summary(area, on=_today(), fiscal_year=2563).title
    assert "2563" in document.title and "กาญจนบุรี" in document.title
    facts = {label: value for label, value, _kind in document.facts}
    assert facts["ศอช."] == 2 or 2 in facts.values()
    assert Decimal("250.75") in facts.values()
    headings = [table.heading for table in document.tables]
    assert len(headings) >= 8
    pdf = render.document_pdf(document)
    assert pdf.startswith(b"%PDF")
    # Text extracted back from a Typst PDF is not exact for every Thai cluster (ADR 0005: it
    # reads กาญจนบุรี back as กาญจันบุรี): check words that come back whole, and look at the PNG.
    text = _flat(pdf_text(pdf))
    assert "จังหวัด" in text
    assert "ข้อมูลณวันที่20พฤศจิกายน2569" in text
    assert "เมื่อ20พ.ย.256909:15น." in text
    assert "2563" in text
    assert "250.75" in text
    pages = render.document_png_pages(document, ppi=40)
    assert len(pages) == pdf_page_count(pdf) >= 1
    assert all(page.startswith(b"\x89PNG") for page in pages)


def test_an_area_with_no_data_gets_a_report_that_says_so(province_officer):
    area = Area.objects.get(code="7201")
    for name in documents.REPORT_NAMES:
        document = documents.build_report(name, area, on=_today(), fiscal_year=2563)
        said = document.empty or " ".join(t.empty for t in document.tables if not t.rows)
        assert said, name
        text = _flat(pdf_text(render.document_pdf(document)))
        assert _flat(said)[:12] in text, name
        assert render.document_xlsx(document).startswith(b"PK")


def test_committees_ending_within_90_days_are_listed_soonest_first(national_admin):
    full_center(national_admin, "710101", ends_in_days=60)
    full_center(national_admin, "710102", ends_in_days=10)
    full_center(national_admin, "710103", ends_in_days=200)
    full_center(national_admin, "720101", ends_in_days=5)  # another province
    document = documents.report_committees_ending(Area.objects.get(code="71"), on=_today())
    (table,) = document.tables
    assert [row[1] for row in table.rows] == ["710102", "710101"]
    assert [row[6] for row in table.rows] == [10, 60]  # days left
    assert table.rows[0][7] == 9  # seats filled
    assert table.rows[0][3]  # the chair's name
    national = documents.report_committees_ending(None, on=_today())
    assert [row[1] for row in national.tables[0].rows] == ["720101", "710102", "710101"]


def test_centers_without_activity_in_six_months_never_active_first(province_officer):
    today = _today()
    for code in ("710101", "710102", "710103"):
        services.center_create(actor=province_officer, area_code=code)
    activity(province_officer, "710101", starts_on=today - datetime.timedelta(days=30))
    activity(province_officer, "710102", starts_on=today - datetime.timedelta(days=400))
    services.center_create(actor=province_officer, area_code="710104", status="dissolved")
    document = documents.report_inactive_centers(Area.objects.get(code="7101"), on=today)
    (table,) = document.tables
    assert [row[1] for row in table.rows] == ["710103", "710102"]
    assert table.rows[0][4] is None and table.rows[1][5] == 400
    assert "2" in document.notes[0] and "3" in document.notes[0]  # 2 of the 3 centers


def test_organizations_by_type_and_subdistrict_come_from_the_subdistricts(province_officer):
    full_center(province_officer, "710101", organizations=3)  # 2 savings, 1 women's
    full_center(province_officer, "710201", organizations=1)
    services.organization_create(
        actor=province_officer,
        area_code="710101",
        type_code="village_fund",
        name="กองทุนที่ยุบแล้ว",
        status="dissolved",
    )
    document = documents.report_organizations(Area.objects.get(code="71"), on=_today())
    (table,) = document.tables
    labels = [column.label for column in table.columns]
    assert "กลุ่มออมทรัพย์เพื่อการผลิต" in labels and "กลุ่มพัฒนาสตรี" in labels
    assert "กองทุนหมู่บ้านและชุมชนเมือง" not in labels  # only dissolved: not counted
    rows = {row[2]: row for row in table.rows}
    assert set(rows) == {"710101", "710201"}
    savings = labels.index("กลุ่มออมทรัพย์เพื่อการผลิต")
    assert rows["710101"][savings] == 2
    assert table.total[labels.index("รวม")] == 4
    assert document.landscape


def test_xlsx_keeps_numbers_as_numbers_and_text_that_looks_like_a_formula_as_text(
    province_officer,
):
    services.center_create(
        actor=province_officer, area_code="710101", name='=HYPERLINK("http://x.example","y")'
    )
    document = documents.report_inactive_centers(Area.objects.get(code="7101"), on=_today())
    content = render.document_xlsx(document)
    sheets = _sheets(content)
    table = next(
        rows for name, rows in sheets.items() if any("710101" in map(str, r) for r in rows)
    )
    row = next(r for r in table if "710101" in map(str, r))
    assert row[0] == '=HYPERLINK("http://x.example","y")'  # the text as typed, not a formula
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = archive.namelist()
        worksheets = "".join(
            archive.read(n).decode() for n in names if n.startswith("xl/worksheets/")
        )
        styles = archive.read("xl/styles.xml").decode()
    assert "<f>" not in worksheets  # no formula anywhere
    assert 'quotePrefix="1"' in styles
    summary = documents.report_summary(Area.objects.get(code="71"), on=_today(), fiscal_year=2563)
    facts = _sheets(render.document_xlsx(summary))
    first = next(iter(facts.values()))
    assert any(isinstance(cell, float) and cell == 1.0 for row in first for cell in row)


def test_sheet_names_are_unique_and_legal():
    used: set[str] = set()
    names = [render._sheet_name(n, used) for n in ["a/b", "a/b", "x" * 40, "[x]:*?"]]
    assert len(set(names)) == 4
    assert all(len(n) <= 31 and not re.search(r"[\[\]:*?/\\]", n) for n in names)


def test_downloads_from_the_dashboard_answer_files_within_the_scope(
    district_officer, national_admin
):
    full_center(national_admin, "710101")
    client = client_for(district_officer)
    response = client.get("/dashboard/7101/reports/summary.pdf?fy=2563")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="summary-7101-2563.pdf"' in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    xlsx = client.get("/dashboard/7101/reports/organizations.xlsx")
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"] == render.XLSX_MEDIA_TYPE
    for url in (
        "/dashboard/7102/reports/summary.pdf",  # outside the district
        "/dashboard/reports/summary.pdf",  # the nation
        "/dashboard/7101/reports/unknown.pdf",
        "/dashboard/7101/reports/summary.docx",
    ):
        assert client.get(url).status_code == 404, url
    national = client_for(national_admin).get("/dashboard/reports/committees-ending.xlsx")
    assert national.status_code == 200


@pytest.mark.parametrize("typed", ["2539", "2601", "abc"])
def test_a_report_for_a_bad_fiscal_year_gets_a_clear_message(district_officer, typed):
    response = client_for(district_officer).get(f"/dashboard/7101/reports/summary.pdf?fy={typed}")
    assert response.status_code == 400
    page = response.content.decode()
    assert "2540" in page and "2600" in page
    assert response["Content-Type"].startswith("text/html")


def test_report_command_writes_a_pdf_and_an_xlsx(province_officer, tmp_path):
    full_center(province_officer, "710101")
    pdf = tmp_path / "summary.pdf"
    call_command("report", "summary", "--area", "71", "--fiscal-year", "2563", "--output", str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")
    assert "จังหวัด" in _flat(pdf_text(pdf.read_bytes()))
    xlsx = tmp_path / "org.xlsx"
    call_command(
        "report", "organizations", "--area", "7101", "--format", "xlsx", "--output", str(xlsx)
    )
    assert xlsx.read_bytes().startswith(b"PK")
    national = tmp_path / "ending.pdf"
    call_command("report", "committees-ending", "--output", str(national), "--thai-digits")
    assert national.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--fiscal-year", "2539"], "2540"),
        (["--fiscal-year", "สองห้า"], "2540"),
        (["--area", "99"], "99"),
        (["--area", "71010101"], "71010101"),
    ],
)
def test_report_command_refuses_bad_input_with_a_clear_message(arguments, message, tmp_path):
    with pytest.raises(CommandError, match=message):
        call_command("report", "summary", *arguments, "--output", str(tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()
