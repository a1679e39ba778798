"""Exports of the lists and open data: scope, formula-safe cells, Thai headers, no personal IDs."""

import csv
import io
import json

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from concenter.exchange.exports import neutralise
from concenter.network import services as network
from concenter.people.services import PersonData, person_create
from tests.conftest import client_for
from tests.exchange.helpers import valid_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(national_admin):
    inside = person_create(
        actor=national_admin,
        data=PersonData(given_name='=HYPERLINK("http://x")', family_name="@สูตร", phone="+66 81"),
        area_code="710104",
        national_id=valid_id("110170020345"),
        confirm_new=True,
    )
    outside = person_create(
        actor=national_admin, data=PersonData(given_name="นอกเขต"), area_code="720101"
    )
    return inside, outside


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=1+1", "'=1+1"), ("+66", "'+66"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"),
     ("\tx", "'\tx"), ("\rx", "'\rx"), ("สมชาย", "สมชาย"), ("", "")],
)  # fmt: skip
def test_cells_that_a_spreadsheet_would_run_are_neutralised(value, expected):
    assert neutralise(value) == expected


def _csv(response) -> list[list[str]]:
    content = b"".join(response.streaming_content)
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_people_csv_holds_the_scope_thai_headers_and_no_full_id(people, district_officer):
    response = client_for(district_officer).get(reverse("exchange:export", args=["people", "csv"]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    rows = _csv(response)
    assert rows[0][:3] == ["คำนำหน้า", "ชื่อ", "นามสกุล"]
    assert len(rows) == 2  # the person of 720101 is outside district 7101
    row = rows[1]
    assert row[1] == '\'=HYPERLINK("http://x")' and row[2] == "'@สูตร" and row[11] == "'+66 81"
    full_id = valid_id("110170020345")
    assert full_id not in ",".join(row) and row[10] == full_id[-4:]


def test_xlsx_export_writes_text_as_text(people, national_admin):
    response = client_for(national_admin).get(
        reverse("exchange:export", args=["people", "xlsx"]), {"dates": "be"}
    )
    rows = (
        CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
        .get_sheet_by_index(0)
        .to_python()
    )
    names = {r[1] for r in rows[1:]}
    assert names == {'\'=HYPERLINK("http://x")', "นอกเขต"}


def test_organization_export_with_filters_and_buddhist_era_dates(national_admin):
    import datetime

    network.organization_create(
        actor=national_admin, area_code="710104", type_code="village_fund", name="กองทุนเอ",
        founded_on=datetime.date(2020, 2, 28),
    )  # fmt: skip
    network.organization_create(
        actor=national_admin, area_code="720101", type_code="village_fund", name="กองทุนบี"
    )
    client = client_for(national_admin)
    url = reverse("exchange:export", args=["organizations", "csv"])
    rows = _csv(client.get(url, {"area": "71", "dates": "be"}))
    assert [r[1] for r in rows[1:]] == ["กองทุนเอ"] and rows[1][5] == "28/02/2563"
    thai_first = _csv(client.get(url, {"area": "71"}))  # the Buddhist Era unless asked
    assert thai_first[1][5] == "28/02/2563"
    iso = _csv(client.get(url, {"area": "71", "dates": "iso"}))
    assert iso[1][5] == "2020-02-28"


def test_xlsx_dates_are_date_cells_shown_in_the_buddhist_era(national_admin):
    import datetime
    import zipfile

    network.organization_create(
        actor=national_admin, area_code="710104", type_code="village_fund", name="กองทุนเอ",
        founded_on=datetime.date(2020, 2, 28),
    )  # fmt: skip
    response = client_for(national_admin).get(
        reverse("exchange:export", args=["organizations", "xlsx"])
    )
    content = b"".join(response.streaming_content)
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0)
    row = sheet.to_python()[1]
    dates = [value for value in row if isinstance(value, datetime.date)]
    assert [getattr(d, "date", lambda d=d: d)() for d in dates] == [datetime.date(2020, 2, 28)]
    styles = zipfile.ZipFile(io.BytesIO(content)).read("xl/styles.xml").decode()
    assert 'formatCode="dd/mm/bbbb"' in styles  # shown as 28/02/2563


def test_people_export_gives_birth_years_in_the_buddhist_era(district_officer):
    from tests.network.helpers import person

    person(district_officer, birth_year=1967)
    rows = _csv(
        client_for(district_officer).get(reverse("exchange:export", args=["people", "csv"]))
    )
    column = rows[0].index("ปีเกิด")
    assert rows[1][column] == "2510"


def test_committee_centers_and_partner_exports(district_officer):
    network.center_create(actor=district_officer, area_code="710104")
    network.partner_create(
        actor=district_officer, area_code="7101", kind="academia", name="ม.ทดสอบ"
    )
    client = client_for(district_officer)
    for kind, expected in (("centers", "710104"), ("partners", "ม.ทดสอบ"), ("committees", None)):
        response = client.get(reverse("exchange:export", args=[kind, "csv"]))
        rows = _csv(response)
        assert response.status_code == 200 and rows[0]
        if expected:
            assert expected in rows[1]


def test_unknown_export_is_404(district_officer):
    client = client_for(district_officer)
    assert client.get(reverse("exchange:export", args=["secrets", "csv"])).status_code == 404
    assert client.get(reverse("exchange:export", args=["people", "pdf"])).status_code == 404


def test_open_data_is_public_and_holds_no_personal_data(anonymous_client, national_admin, people):
    network.center_create(actor=national_admin, area_code="710104")
    page = anonymous_client.get(reverse("exchange:open_data"))
    assert page.status_code == 200 and "CC BY 4.0" in page.text
    response = anonymous_client.get(reverse("exchange:open_data_file", args=["centers", "json"]))
    data = json.loads(b"".join(response.streaming_content))
    assert data["schema_version"] == "1.0" and data["licence"] == "CC-BY-4.0"
    assert data["records"][0]["code"] == "710104"
    assert data["records"][0]["district_name"] == "เมืองกาญจนบุรี"
    figures = b"".join(
        anonymous_client.get(
            reverse("exchange:open_data_file", args=["figures", "csv"]), {"province": "71"}
        ).streaming_content
    ).decode("utf-8-sig")
    assert "centers" in figures and "people" not in figures and "720101" not in figures
    for dataset in ("committees", "organizations"):
        body = b"".join(
            anonymous_client.get(
                reverse("exchange:open_data_file", args=[dataset, "csv"])
            ).streaming_content
        ).decode("utf-8-sig")
        assert "+66" not in body and "0345" not in body


def test_export_command_and_open_data_folder(tmp_path, people, national_admin):
    from django.core.management import call_command

    target = tmp_path / "people.csv"
    call_command("export", "people", "--output", str(target), "--user", "admin")
    assert target.read_bytes().startswith("\ufeff".encode())
    call_command("export", "--open-data", str(tmp_path / "open"))
    index = json.loads((tmp_path / "open" / "index.json").read_text(encoding="utf-8"))
    assert {d["key"] for d in index["datasets"]} >= {"centers", "committees", "organizations"}
