"""The pages: officers manage an event, the public sees it and registers, the door works on a
form without JavaScript; query counts stay flat; personal data stays with officers."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.utils import timezone

from concenter.accounts.models import Role
from concenter.events import services, tickets
from concenter.events.models import AgendaKind, CheckIn, Event, EventStatus, Registration
from concenter.events.throttle import PUBLIC_REGISTRATION_LIMIT
from tests.conftest import client_for, make_user
from tests.events.conftest import door_token, new_event, new_person, open_event

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def officer(db):
    return make_user("kan.mueang.pages", Role.DISTRICT_OFFICER, "7101")


@pytest.fixture
def upcoming(admin, centers):
    starts = timezone.now() + datetime.timedelta(days=10)
    return open_event(
        admin,
        new_event(
            admin,
            capacity=2,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=7),
            title="ประชุมใหญ่ <b>สามัญ</b>",
        ),
    )


def _crowd(admin, event, count):
    return [
        services.registration_create(actor=admin, event_id=event.pk, person_id=new_person(admin).pk)
        for _ in range(count)
    ]


def test_an_officer_creates_an_event_from_the_form(officer, centers):
    client = client_for(officer)
    response = client.post(
        "/events/new/",
        {
            "title": "วันสานสัมพันธ์อำเภอเมือง",
            "organizer_code": "7101",
            "starts_on": "28/02/2563",
            "starts_time": "08.30",
            "ends_time": "16.30 น.",
            "access": "public",
            "capacity": "๕๐๐",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get(title="วันสานสัมพันธ์อำเภอเมือง")
    assert event.capacity == 500
    assert timezone.localtime(event.starts_at).strftime("%Y-%m-%d %H:%M") == "2020-02-28 08:30"
    assert response["Location"] == f"/events/{event.pk}/manage/"


def test_the_event_form_names_the_field_at_fault(officer, centers):
    response = client_for(officer).post(
        "/events/new/",
        {
            "title": "งานทดสอบ",
            "organizer_code": "7102",
            "starts_on": "28/02/2563",
            "starts_time": "16.30",
            "ends_time": "08.30",
            "access": "public",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_organizer_code"' in page
    assert not Event.objects.exists()


def test_the_officers_pages_of_an_event_render_with_few_queries(
    admin, event, django_assert_max_num_queries
):
    _crowd(admin, event, 7)
    services.agenda_item_add(
        actor=admin,
        event_id=event.pk,
        kind=AgendaKind.SPEECH,
        starts_at=event.starts_at,
        speaker_position="นายอำเภอ",
    )
    client = client_for(admin)
    for url, limit in (
        (f"/events/{event.pk}/manage/", 16),
        (f"/events/{event.pk}/agenda/", 14),
        (f"/events/{event.pk}/registrations/", 16),
        (f"/events/{event.pk}/attendance/", 14),
        (f"/events/{event.pk}/door/", 16),
        (f"/events/{event.pk}/", 14),
    ):
        with django_assert_max_num_queries(limit):
            response = client.get(url)
        assert response.status_code == 200, url


def test_the_registrations_page_costs_the_same_for_ten_or_forty_people(
    admin, event, django_assert_max_num_queries
):
    services.event_update(actor=admin, event_id=event.pk, expected_version=None, capacity=None)
    client = client_for(admin)
    _crowd(admin, event, 10)
    client.get(f"/events/{event.pk}/registrations/")  # the session's first request saves it
    with django_assert_max_num_queries(16) as few:
        client.get(f"/events/{event.pk}/registrations/")
    _crowd(admin, event, 30)
    with django_assert_max_num_queries(16) as many:
        client.get(f"/events/{event.pk}/registrations/")
    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_name_with_markup_is_shown_escaped_everywhere(admin, event):
    name = '<img src=x onerror="alert(1)">' + "ก" * 260
    registration = services.registration_create(actor=admin, event_id=event.pk, full_name=name)
    services.checkin_record(actor=admin, event_id=event.pk, scan=registration.code)
    client = client_for(admin)
    pages = [
        client.get(f"/events/{event.pk}/registrations/"),
        client.get(f"/events/{event.pk}/registrations/{registration.pk}/"),
        client.get(f"/events/{event.pk}/door/"),
        client.get(f"/events/{event.pk}/door/search/", {"q": "กกกก"}),
        client.get(f"/t/{tickets.link_token(event.ref, registration.link_secret)}/"),
    ]
    for response in pages:
        html = response.content.decode()
        assert response.status_code == 200
        assert "<img src=x" not in html
        assert "&lt;img src=x" in html


def test_the_public_page_shows_the_agenda_and_no_personal_data(admin, upcoming):
    person = new_person(admin, phone="0812345678")
    services.registration_create(actor=admin, event_id=upcoming.pk, person_id=person.pk)
    response = client_for(None).get(f"/events/{upcoming.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "ประชุมใหญ่ &lt;b&gt;สามัญ&lt;/b&gt;" in html
    assert person.given_name not in html
    assert "0812345678" not in html
    assert f"/events/{upcoming.pk}/register/" in html


def test_a_draft_is_not_public(admin, centers):
    draft = new_event(admin)
    assert client_for(None).get(f"/events/{draft.pk}/").status_code == 404
    assert client_for(None).get(f"/events/{draft.pk}/programme.pdf").status_code == 404
    assert client_for(admin).get(f"/events/{draft.pk}/").status_code == 200


def test_the_public_lists_of_an_area_hold_its_events_and_those_above_it(admin, upcoming):
    past = new_event(admin, organizer="71", door_open=False, title="วันสานสัมพันธ์ 2563")
    services.event_status_change(actor=admin, event_id=past.pk, status=EventStatus.OPEN)
    services.event_status_change(actor=admin, event_id=past.pk, status=EventStatus.HELD)
    html = client_for(None).get("/events/", {"area": "7101"}).content.decode()
    assert "ประชุมใหญ่" in html and "วันสานสัมพันธ์ 2563" in html
    other = client_for(None).get("/events/", {"area": "7201"}).content.decode()
    assert "ประชุมใหญ่" not in other


def test_the_public_registers_and_lands_on_their_ticket(upcoming):
    response = client_for(None).post(
        f"/events/{upcoming.pk}/register/",
        {
            "full_name": "นางสาวมาเอง ลงทะเบียน",
            "phone": "0811111111",
            "meal": "halal",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/t/")
    ticket = client_for(None).get(response["Location"])
    html = ticket.content.decode()
    assert "นางสาวมาเอง ลงทะเบียน" in html
    assert "<svg" in html  # the QR code
    assert ticket["X-Robots-Tag"].startswith("noindex")
    assert "no-store" in ticket["Cache-Control"]
    assert Registration.objects.get().meal == "halal"


def test_the_public_form_is_limited_per_address(upcoming):
    client = client_for(None)
    for n in range(PUBLIC_REGISTRATION_LIMIT):
        client.post(
            f"/events/{upcoming.pk}/register/",
            {"full_name": f"ผู้ส่ง ซ้ำ{n}", "phone": f"08100000{n:02d}", "meal": "standard"},
            REMOTE_ADDR="198.51.100.7",
        )
    refused = client.post(
        f"/events/{upcoming.pk}/register/",
        {"full_name": "ผู้ส่ง เกินกำหนด", "phone": "0899999999", "meal": "standard", "consent": "on"},
        REMOTE_ADDR="198.51.100.7",
    )
    assert refused.status_code == 429
    assert not Registration.objects.filter(full_name="ผู้ส่ง เกินกำหนด").exists()
    other = client.post(
        f"/events/{upcoming.pk}/register/",
        {"full_name": "ผู้ส่ง อีกเครื่อง", "phone": "0899999998", "meal": "standard", "consent": "on"},
        REMOTE_ADDR="198.51.100.8",
    )
    assert other.status_code == 302


def test_a_robot_filling_the_hidden_field_is_not_registered(upcoming):
    response = client_for(None).post(
        f"/events/{upcoming.pk}/register/",
        {
            "full_name": "Robot",
            "phone": "0811111111",
            "meal": "standard",
            "consent": "on",
            "website": "http://spam.example",
        },
    )
    assert response.status_code == 302
    assert not Registration.objects.exists()


def test_a_ticket_link_altered_by_one_character_is_not_found(admin, upcoming):
    registration = services.registration_create(actor=admin, event_id=upcoming.pk, full_name="ก ข")
    token = tickets.link_token(upcoming.ref, registration.link_secret)
    altered = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert client_for(None).get(f"/t/{altered}/").status_code == 404
    # The door token of the same ticket does not open the ticket page either.
    assert client_for(None).get(f"/t/{door_token(registration)}/").status_code == 404


def test_the_registrant_cancels_from_the_ticket_page_and_the_next_moves_up(admin, upcoming):
    first, _second, waiting = _crowd(admin, upcoming, 3)
    token = tickets.link_token(upcoming.ref, first.link_secret)
    client = client_for(None)
    assert client.get(f"/t/{token}/cancel/").status_code == 200
    response = client.post(f"/t/{token}/cancel/")
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"


def test_the_door_without_javascript_checks_in_by_code(admin, event):
    registration = _crowd(admin, event, 1)[0]
    response = client_for(admin).post(
        f"/events/{event.pk}/door/checkin/", {"scan": registration.code_display}
    )
    assert response.status_code == 200
    assert registration.display_name in response.content.decode()
    assert CheckIn.objects.count() == 1


def test_the_door_search_finds_names_for_the_staff(admin, event, door_user):
    person = new_person(admin, given_name="บุญเรือน", family_name="ทองคำ")
    services.registration_create(actor=admin, event_id=event.pk, person_id=person.pk)
    services.event_staff_add(actor=admin, event_id=event.pk, username=door_user.username)
    html = client_for(door_user).get(f"/events/{event.pk}/door/search/", {"q": "บุญเรือน"})
    assert "บุญเรือน ทองคำ" in html.content.decode()
    assert "data-checkin-code" in html.content.decode()
    # The staff see the door and the counts, not the registrations or the person.
    assert client_for(door_user).get(f"/events/{event.pk}/registrations/").status_code == 404
    assert client_for(door_user).get(f"/events/{event.pk}/counts/").status_code == 200


def test_the_door_batch_api_answers_each_queued_item(admin, event):
    registration = _crowd(admin, event, 1)[0]
    client = client_for(admin)
    body = {
        "items": [
            {"client_id": "queue-item-0001", "scan": door_token(registration)},
            {"client_id": "queue-item-0002", "scan": registration.code},
            {"client_id": "queue-item-0003", "scan": "forged:AAAAAAAAAAAAAAAAAAAA"},
            {"client_id": "queue-item-0004", "kind": "walk_in", "full_name": "นายมาใหม่ หน้างาน"},
            {"client_id": "queue-item-0001", "scan": door_token(registration)},
        ]
    }
    response = client.post(
        f"/api/v1/events/{event.pk}/checkins/batch", body, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    results = response.json()["results"]
    assert [r["outcome"] for r in results] == [
        "recorded",
        "already",
        "refused",
        "recorded",
        "recorded",
    ]
    assert results[4]["duplicate"] is True
    assert CheckIn.objects.count() == 2


def test_the_badges_and_reports_download(admin, event):
    _crowd(admin, event, 3)
    client = client_for(admin)
    badges = client.get(f"/events/{event.pk}/badges.pdf")
    assert badges["Content-Type"] == "application/pdf"
    assert badges.content.startswith(b"%PDF-")
    report = client.get(f"/events/{event.pk}/attendance.xlsx")
    assert "attachment" in report["Content-Disposition"]
    assert client.get(f"/events/{event.pk}/attendance.pdf").content.startswith(b"%PDF-")
    viewer = make_user("badges.viewer", Role.VIEWER, "71")
    assert client_for(viewer).get(f"/events/{event.pk}/badges.pdf").status_code == 404


def test_a_reader_who_chose_thai_digits_gets_them_in_the_printed_reports(admin, event):
    """The attendance report and the agenda as the pages show them: Thai digits for a reader who
    chose them (counts, rates, times, dates), Arabic for the others."""
    from concenter.common.pdf import pdf_text

    _crowd(admin, event, 3)
    client = client_for(admin)
    for address in (f"/events/{event.pk}/attendance.pdf", f"/events/{event.pk}/programme.pdf"):
        arabic = pdf_text(client.get(address).content)
        assert any(character in arabic for character in "0123456789"), address
    admin.thai_digits = True
    admin.save(update_fields=["thai_digits"])
    for address in (f"/events/{event.pk}/attendance.pdf", f"/events/{event.pk}/programme.pdf"):
        thai = pdf_text(client.get(address).content)
        assert "๒๕" in thai, address  # the year of the date line, at least
        assert not any(character in thai for character in "0123456789"), (address, thai)


def test_the_bulk_page_checks_first_and_registers_on_the_second_press(admin, event):
    client = client_for(admin)
    lines = "นายหนึ่ง ทดสอบ\nนายสอง ทดสอบ"
    checked = client.post(
        f"/events/{event.pk}/registrations/paste/",
        {"lines": lines, "role": "participant", "meal": "standard", "check": "1"},
    )
    assert checked.status_code == 200
    assert Registration.objects.count() == 0
    assert 'name="commit"' in checked.content.decode()
    done = client.post(
        f"/events/{event.pk}/registrations/paste/",
        {"lines": lines, "role": "participant", "meal": "standard", "commit": "1"},
    )
    assert done.status_code == 302
    assert Registration.objects.count() == 2
    bad = client.post(
        f"/events/{event.pk}/registrations/paste/",
        {"lines": "1234567890123", "role": "participant", "meal": "standard", "commit": "1"},
    )
    assert bad.status_code == 422
    assert re.search(r"plan-error", bad.content.decode())


def test_the_agenda_form_adds_an_item_with_a_thai_time(admin, event):
    local = timezone.localtime(event.starts_at) + datetime.timedelta(minutes=30)
    response = client_for(admin).post(
        f"/events/{event.pk}/agenda/new/",
        {
            "kind": "speech",
            "day": f"{local.day:02d}/{local.month:02d}/{local.year + 543}",
            "starts_time": local.strftime("%H.%M น."),
            "speaker_position": "นายอำเภอเมืองกาญจนบุรี",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    item = event.agenda_items.get()
    assert timezone.localtime(item.starts_at).strftime("%H:%M") == local.strftime("%H:%M")


def test_one_badge_can_be_printed_again(admin, event):
    from concenter.common.pdf import pdf_text

    first, second = _crowd(admin, event, 2)
    response = client_for(admin).get(f"/events/{event.pk}/badges.pdf", {"id": first.pk})
    text = pdf_text(response.content)
    assert first.code_display in text
    assert second.code_display not in text
    page = client_for(admin).get(f"/events/{event.pk}/registrations/{first.pk}/")
    assert f"badges.pdf?id={first.pk}" in page.content.decode()
