"""A lost ticket is sent again to the contact on file; the page answers the same whether or
not the person registered."""

import datetime

import pytest
from django.utils import timezone

from concenter.accounts.models import Role
from concenter.events import services as events
from concenter.events.models import EventAccess, EventStatus
from concenter.network import services as network
from concenter.notifications import sender
from concenter.notifications.models import OutboxMessage
from tests.conftest import make_user

# The event is three days ahead of whatever today is.
pytestmark = [pytest.mark.django_db, pytest.mark.clock]


@pytest.fixture
def event(db):
    admin = make_user("lost.admin", Role.NATIONAL_ADMIN)
    for code in ("71", "7101"):
        network.center_create(actor=admin, area_code=code)
    starts = timezone.now() + datetime.timedelta(days=3)
    created = events.event_create(
        actor=admin, organizer_code="7101", title="งานสานสัมพันธ์เครือข่าย",
        starts_at=starts, ends_at=starts + datetime.timedelta(hours=8),
        access=EventAccess.PUBLIC,
    )  # fmt: skip
    event = events.event_status_change(actor=admin, event_id=created.pk, status=EventStatus.OPEN)
    events.registration_public_create(
        event_id=event.pk, full_name="สมชาย ใจดี", email="Somchai@example.org",
        phone="081-555-0199", consent=True,
    )  # fmt: skip
    return event


def _ask(client, event, contact: str):
    return client.post(f"/events/{event.pk}/ticket/lost/", {"contact": contact})


def test_the_ticket_goes_again_to_the_e_mail_on_file_asked_by_e_mail_or_phone(
    mail, event, anonymous_client
):
    sender.send_due()  # the confirmation
    answer = _ask(anonymous_client, event, "somchai@EXAMPLE.org")
    assert answer.status_code == 302
    sender.send_due()
    assert [str(m["To"]) for m in mail.messages] == ["Somchai@example.org"] * 2
    assert str(mail.messages[1]["Subject"]).strip() == "บัตรเข้างานของท่าน: งานสานสัมพันธ์เครือข่าย"
    assert "/t/" in mail.messages[1].get_body(("plain",)).get_content()
    OutboxMessage.objects.filter(kind="ticket_resent").update(idempotency_key="earlier")
    assert _ask(anonymous_client, event, "๐๘๑ ๕๕๕ ๐๑๙๙").status_code == 302  # Thai digits
    sender.send_due()
    assert len(mail.messages) == 3


def test_the_answer_is_the_same_for_someone_who_never_registered(event, anonymous_client):
    known = _ask(anonymous_client, event, "somchai@example.org")
    unknown = _ask(anonymous_client, event, "nobody@example.org")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    followed = [anonymous_client.get(a["Location"]).content for a in (known, unknown)]
    assert OutboxMessage.objects.filter(kind="ticket_resent").count() == 1
    assert "สมชาย" not in followed[1].decode()


def test_something_that_is_neither_an_e_mail_nor_a_phone_is_refused_in_thai(
    event, anonymous_client
):
    answer = _ask(anonymous_client, event, "12")
    assert answer.status_code == 422
    assert "กรอกอีเมลหรือหมายเลขโทรศัพท์ที่ใช้ลงทะเบียน" in answer.content.decode()


def test_too_many_requests_from_one_address_are_refused(event, anonymous_client):
    for _ in range(5):
        _ask(anonymous_client, event, "nobody@example.org")
    assert _ask(anonymous_client, event, "nobody@example.org").status_code == 429
