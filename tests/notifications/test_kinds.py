"""Each kind of message, caused by the service that makes the change, arrives once through a
real SMTP server (docs/notifications.md)."""

import datetime

import pytest
from django.utils import timezone

from concenter.accounts.models import Role, User
from concenter.awards import services as awards
from concenter.events import services as events
from concenter.events.models import EventAccess, EventStatus
from concenter.events.services.messages import reminders_scan
from concenter.network import services as network
from concenter.network.messages import term_ending_scan
from concenter.notifications import sender
from concenter.notifications.models import ConsentMethod, ContactChannel, OutboxMessage
from concenter.notifications.services import contact_channel_record
from tests.awards import helpers as award_helpers
from tests.conftest import make_user
from tests.network.helpers import draft_committee

pytestmark = pytest.mark.django_db


def _delivered(mail) -> dict[str, list[str]]:
    """Subjects by recipient, after two rounds of the sender (the second sends nothing new)."""
    sender.send_due()
    sender.send_due()
    received: dict[str, list[str]] = {}
    for message in mail.messages:
        received.setdefault(str(message["To"]), []).append(str(message["Subject"]).strip())
    return received


@pytest.fixture
def admin(db):
    return make_user("notify.admin", Role.NATIONAL_ADMIN)


@pytest.fixture
def event(admin):
    for code in ("71", "7101"):
        network.center_create(actor=admin, area_code=code)
    starts = timezone.now() + datetime.timedelta(days=10)
    created = events.event_create(
        actor=admin, organizer_code="7101", title="งานสานสัมพันธ์เครือข่าย",
        starts_at=starts, ends_at=starts + datetime.timedelta(hours=8),
        venue_name="หอประชุมอำเภอ", access=EventAccess.PUBLIC, capacity=1,
    )  # fmt: skip
    return events.event_status_change(actor=admin, event_id=created.pk, status=EventStatus.OPEN)


def _register(event, name: str, email: str):
    return events.registration_public_create(
        event_id=event.pk, full_name=name, email=email, consent=True
    )


def test_registration_confirmed_with_the_ticket_link_and_qr_then_the_waiting_list_moves_up(
    mail, event, admin
):
    first = _register(event, "สมชาย ใจดี", "somchai@example.org")
    second = _register(event, "สมหญิง รักถิ่น", "somying@example.org")
    received = _delivered(mail)
    assert received["somchai@example.org"] == ["ยืนยันการลงทะเบียน: งานสานสัมพันธ์เครือข่าย"]
    assert received["somying@example.org"] == ["อยู่ในรายชื่อสำรอง: งานสานสัมพันธ์เครือข่าย"]
    confirmed = mail.messages[0]
    assert "https://concenter.example/t/" in confirmed.get_body(("plain",)).get_content()
    assert 'src="data:image/png;base64,' in confirmed.get_body(("html",)).get_content()
    events.registration_cancel(actor=admin, registration_id=first.pk, reason="ติดธุระ")
    received = _delivered(mail)
    assert received["somying@example.org"][-1] == "ได้ที่นั่งแล้ว: งานสานสัมพันธ์เครือข่าย"
    assert len(mail.messages) == 3
    second.refresh_from_db()
    assert second.status == "confirmed"


def test_event_changed_and_cancelled_reach_every_registrant_once(mail, event, admin):
    _register(event, "สมชาย ใจดี", "somchai@example.org")
    event = events.event_update(
        actor=admin, event_id=event.pk, expected_version=event.version, venue_name="ศาลาวัด"
    )
    events.event_update(  # a change that is not the date or the place says nothing
        actor=admin, event_id=event.pk, expected_version=event.version, description="เพิ่มเติม"
    )
    events.event_status_change(
        actor=admin, event_id=event.pk, status=EventStatus.CANCELLED, note="น้ำท่วม"
    )
    assert _delivered(mail)["somchai@example.org"] == [
        "ยืนยันการลงทะเบียน: งานสานสัมพันธ์เครือข่าย",
        "เปลี่ยนแปลง: งานสานสัมพันธ์เครือข่าย",
        "ยกเลิก: งานสานสัมพันธ์เครือข่าย",
    ]
    assert "น้ำท่วม" in mail.messages[-1].get_body(("plain",)).get_content()


def test_the_reminder_the_day_before_goes_only_where_consent_is_recorded(mail, event, admin):
    event.capacity = 5
    event.save(update_fields=["capacity"])
    _register(event, "สมชาย ใจดี", "somchai@example.org")
    _register(event, "สมหญิง รักถิ่น", "somying@example.org")
    contact_channel_record(
        actor=None, channel="email", address="somchai@example.org", consent=True,
        method=ConsentMethod.ONLINE,
    )  # fmt: skip
    day_before = timezone.localdate(event.starts_at) - datetime.timedelta(days=1)
    assert reminders_scan(day_before - datetime.timedelta(days=1)) == 0
    assert reminders_scan(day_before) == 1
    assert reminders_scan(day_before) == 1  # again: the same message, not a second one
    received = _delivered(mail)
    assert received["somchai@example.org"][-1] == "พรุ่งนี้: งานสานสัมพันธ์เครือข่าย"
    assert len(received["somying@example.org"]) == 1  # the confirmation only
    assert OutboxMessage.objects.filter(kind="event_reminder").count() == 1


def test_nomination_received_judging_assigned_and_results_published(mail, province_officer):
    User.objects.filter(pk=province_officer.pk).update(email="officer@example.org")
    province_officer.refresh_from_db()
    judge = award_helpers.judge("judge.one")
    User.objects.filter(pk=judge.pk).update(email="judge@example.org")
    programme = award_helpers.programme(province_officer, total_quota=1)
    award_helpers.to_screening(province_officer, programme)
    nominee = award_helpers.person(province_officer, email="winner@example.org")
    nomination = award_helpers.nominate(province_officer, programme, nominee)
    award_helpers.close(province_officer, programme)
    award_helpers.screen_all(province_officer, programme)
    award_helpers.add_panel(province_officer, programme, [judge])
    awards.programme_judging_start(actor=province_officer, programme_id=programme.pk)
    award_helpers.score(judge, nomination, [8, 9])
    awards.programme_results_compute(actor=province_officer, programme_id=programme.pk)
    awards.programme_publish(actor=province_officer, programme_id=programme.pk)
    received = _delivered(mail)
    title = programme.title
    assert received["officer@example.org"] == [
        f"ได้รับการเสนอชื่อแล้ว: {title}",
        f"ประกาศผลแล้ว: {title}",
    ]
    assert received["judge@example.org"] == [f"ได้รับมอบหมายให้ตัดสิน: {title}"]
    assert received["winner@example.org"] == [f"ประกาศผลแล้ว: {title}"]
    assert "ขอแสดงความยินดี" in mail.messages[-1].get_body(("plain",)).get_content()


@pytest.mark.clock("2026-11-20T09:15")
def test_a_term_that_ends_in_60_days_is_told_to_the_district_officer_and_the_chair(
    mail, district_officer
):
    User.objects.filter(pk=district_officer.pk).update(email="district@example.org")
    network.center_create(actor=district_officer, area_code="710104")
    ends = datetime.date(2027, 1, 19)  # 60 days after 20 November 2026
    term, seats = draft_committee(
        district_officer, starts_on=datetime.date(2023, 1, 20), ends_on=ends
    )
    chair = seats[0].person
    chair.email = "chair@example.org"
    chair.save(update_fields=["email"])
    network.committee_term_activate(actor=district_officer, term_id=term.pk)
    assert term_ending_scan(datetime.date(2026, 11, 19)) == 0  # 61 days before: not yet
    assert term_ending_scan(datetime.date(2026, 11, 20)) == 2
    assert term_ending_scan(datetime.date(2026, 11, 21)) == 2  # the same two messages
    received = _delivered(mail)
    subject = "วาระคณะกรรมการสิ้นสุดวันที่ 19 มกราคม 2570: ศูนย์ประสานงานองค์การชุมชนตำบลท่ามะขาม"
    assert received == {"district@example.org": [subject], "chair@example.org": [subject]}


def test_a_registrant_who_asks_for_reminders_on_the_public_form_gets_one(
    mail, event, anonymous_client
):
    answer = anonymous_client.post(
        f"/events/{event.pk}/register/",
        {"full_name": "นางสมศรี รักถิ่น", "email": "somsri@example.org", "meal": "standard",
         "consent": "on", "reminders": "on"},
    )  # fmt: skip
    assert answer.status_code == 302
    channel = ContactChannel.objects.get(address="somsri@example.org")
    assert (channel.consent, channel.consent_method) == (True, "online")
    assert channel.consent_at is not None
    day_before = timezone.localdate(event.starts_at) - datetime.timedelta(days=1)
    assert reminders_scan(day_before) == 1
    assert _delivered(mail)["somsri@example.org"][-1] == "พรุ่งนี้: งานสานสัมพันธ์เครือข่าย"
