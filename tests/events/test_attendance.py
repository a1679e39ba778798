"""Attendance figures, the reports (PDF, XLSX) and the printed documents, a person's events."""

import io

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from PIL import Image

from concenter.accounts.models import Role
from concenter.common.pdf import pdf_page_count, pdf_text, render_png_pages
from concenter.events import documents, selectors, services
from concenter.events.models import AgendaKind, RegistrationRole
from tests.conftest import make_user
from tests.events.conftest import door_token, new_person

pytestmark = pytest.mark.django_db


def rendered(template: str, data: dict) -> Image.Image:
    """The first page as an image: what a person sees (the PDF's text layer garbles some Thai
    clusters, docs/adr/0005, so the Thai itself is checked in the data and by eye)."""
    page = render_png_pages(documents.FOLDER / template, data, ppi=40)[0]
    return Image.open(io.BytesIO(page)).convert("L")


@pytest.fixture
def crowd(admin, event):
    """Eight registrations (capacity 5: five seats, three waiting), four through the door, one
    walk-in, one cancellation."""
    services.event_update(actor=admin, event_id=event.pk, expected_version=None, capacity=8)
    mueang = [new_person(admin, area_code="710104") for _ in range(4)]
    saiyok = [new_person(admin, area_code="710201") for _ in range(2)]
    registrations = [
        services.registration_create(
            actor=admin, event_id=event.pk, person_id=person.pk, role=role, represents=org
        )
        for person, role, org in [
            (mueang[0], RegistrationRole.VIP, "อำเภอเมือง"),
            (mueang[1], RegistrationRole.AWARDEE, "กลุ่มออมทรัพย์"),
            (mueang[2], RegistrationRole.AWARDEE, "กลุ่มออมทรัพย์"),
            (mueang[3], RegistrationRole.PARTICIPANT, "กลุ่มออมทรัพย์"),
            (saiyok[0], RegistrationRole.PARTICIPANT, '=HYPERLINK("http://evil")'),
            (saiyok[1], RegistrationRole.PARTICIPANT, ""),
        ]
    ]
    for registration in registrations[:4]:
        services.checkin_record(actor=admin, event_id=event.pk, scan=door_token(registration))
    services.registration_cancel(actor=admin, registration_id=registrations[5].pk)
    services.checkin_walk_in(
        actor=admin, event_id=event.pk, full_name="นายเดินเข้า หน้างาน", home_area_code="7102"
    )
    return registrations


def test_attendance_counts_registered_against_attended_by_role_district_and_group(event, crowd):
    event.refresh_from_db()
    figures = selectors.attendance(event=event)
    assert (figures.registered, figures.attended) == (6, 5)
    assert (figures.walk_ins, figures.no_shows, figures.cancelled) == (1, 1, 1)
    assert (figures.awardees, figures.awardees_present) == (2, 2)
    assert figures.free_seats == 2
    by_role = {row.key: (row.registered, row.attended) for row in figures.by_role}
    assert by_role == {"vip": (1, 1), "participant": (3, 2), "awardee": (2, 2)}
    by_district = {row.key: (row.registered, row.attended) for row in figures.by_district}
    assert by_district == {"7101": (4, 4), "7102": (2, 1)}
    by_group = {row.label: (row.registered, row.attended) for row in figures.by_organization}
    assert by_group["กลุ่มออมทรัพย์"] == (3, 3)
    assert sum(r.registered for r in figures.by_district) == figures.registered


def test_the_attendance_figures_take_a_few_queries_whatever_the_crowd(
    event, crowd, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        selectors.attendance(event=event)


def test_the_xlsx_report_neutralises_cells_that_a_spreadsheet_would_run(event, crowd):
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_filelike(io.BytesIO(documents.attendance_xlsx(event)))
    cells = [
        str(cell)
        for name in workbook.sheet_names
        for row in workbook.get_sheet_by_name(name).to_python()
        for cell in row
    ]
    assert '\'=HYPERLINK("http://evil")' in cells
    assert not any(c.startswith(("=", "+", "@")) for c in cells)
    assert "นายเดินเข้า หน้างาน" in cells


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+66 81 234 5678", "'+66 81 234 5678"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=cmd", "'\t=cmd"),
        ("นางสมศรี", "นางสมศรี"),
    ],
)
def test_safe_cell(value, written):
    assert documents.safe_cell(value) == written


@pytest.fixture
def thai():
    """Printed documents follow the language of the request: here, Thai."""
    from django.utils import translation

    with translation.override("th"):
        yield


def test_the_attendance_report_pdf_is_thai(event, crowd, thai):
    data = documents.attendance_data(event)
    assert data["heading"] == "รายงานผู้เข้าร่วมงาน"
    assert data["summary"][1] == {"label": "ลงทะเบียน (ได้ที่นั่ง)", "value": "6"}
    assert [row["name"] for row in data["walk_ins"]] == ["นายเดินเข้า หน้างาน"]
    assert len(data["no_shows"]) == 1
    pdf = documents.attendance_pdf(event)
    assert pdf.startswith(b"%PDF-") and b"Sarabun" in pdf
    assert rendered("attendance.typ", data).getextrema()[0] < 100


def test_the_programme_prints_the_agenda_in_thai(admin, event, thai):
    services.agenda_item_add(
        actor=admin,
        event_id=event.pk,
        kind=AgendaKind.SPEECH,
        starts_at=event.starts_at,
        title="กล่าวรายงาน",
        speaker_position="พัฒนาการจังหวัดกาญจนบุรี",
    )
    data = documents.programme_data(event)
    assert (data["heading"], data["title"]) == ("กำหนดการ", "งานสานสัมพันธ์เครือข่ายทดสอบ")
    [item] = data["items"]
    assert item["title"] == "กล่าวรายงาน"
    assert item["lines"] == ["โดย พัฒนาการจังหวัดกาญจนบุรี"]
    assert item["time"].endswith(" น.")
    assert data["date_line"].startswith("วัน")
    pdf = documents.programme_pdf(event)
    assert pdf_page_count(pdf) == 1 and b"Sarabun" in pdf
    assert rendered("programme.typ", data).getextrema()[0] < 100


def test_badges_print_ten_to_an_a4_sheet_with_a_qr_code_of_each_ticket(admin, event):
    services.event_update(actor=admin, event_id=event.pk, expected_version=None, capacity=20)
    registrations = [
        services.registration_create(actor=admin, event_id=event.pk, full_name=f"นายป้าย ที่{n}")
        for n in range(11)
    ]
    pdf = documents.badges_pdf(event, registrations)
    assert pdf_page_count(pdf) == 2
    data = documents.badges_data(event, registrations[:1])
    from concenter.common.pdf import qr_svg

    assert data["badges"][0]["qr"] == qr_svg(door_token(registrations[0]), scale=2)
    assert data["badges"][0]["code"] == registrations[0].code_display


def test_a_badge_prints_a_name_with_markup_as_written(admin, event):
    name = '#panic("x") *ตัวหนา* <b>นาย</b>'
    registration = services.registration_create(actor=admin, event_id=event.pk, full_name=name)
    data = documents.badges_data(event, [registration])
    pages = render_png_pages(documents.FOLDER / "badges.typ", data, ppi=30)
    assert len(pages) == 1
    text = "".join(pdf_text(documents.badges_pdf(event, [registration])).split())
    assert '#panic("x")*' in text  # printed as written, never run as Typst markup


def test_a_person_page_lists_their_events_within_the_readers_scope(admin, event, crowd):
    person = crowd[0].person
    officer = make_user("saiyok.reader", Role.DISTRICT_OFFICER, "7102")
    assert [r.event_id for r in selectors.person_attendance(user=admin, person_id=person.pk)] == [
        event.pk
    ]
    assert selectors.person_attendance(user=officer, person_id=person.pk) == []
    request = RequestFactory().get("/")
    request.user = admin
    html = Template('{% include "events/_person_attendance.html" %}').render(
        Context({"person": person, "request": request, "user": admin})
    )
    assert event.title in html
    assert "09" in html or ":" in html  # the check-in time


def test_the_person_snippet_costs_one_query(admin, event, crowd, django_assert_max_num_queries):
    request = RequestFactory().get("/")
    request.user = admin
    template = Template('{% include "events/_person_attendance.html" %}')
    with django_assert_max_num_queries(2):
        template.render(Context({"person": crowd[0].person, "request": request, "user": admin}))
