"""The officers' outbox page and the page an unsubscribe link opens."""

import pytest

from concenter.notifications import sender
from concenter.notifications.links import unsubscribe_token
from concenter.notifications.models import ContactChannel, OutboxMessage, OutboxState
from concenter.notifications.services import Recipient, message_enqueue
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _message(key: str, area_code: str, email: str = "somchai@example.org", kind: str = "test"):
    return message_enqueue(
        kind=kind, recipient=Recipient(name="สมชาย", email=email), context={"name": "สมชาย"},
        idempotency_key=key, area_code=area_code,
    )  # fmt: skip


def test_an_officer_sees_the_messages_of_their_area_and_failures_first(
    district_officer, django_assert_max_num_queries
):
    for n in range(30):
        _message(f"mine:{n}", "710104")
    _message("theirs", "710201")
    OutboxMessage.objects.filter(idempotency_key="mine:3").update(
        state=OutboxState.FAILED, last_error="SMTP 550: no such mailbox"
    )
    client = client_for(district_officer)
    with django_assert_max_num_queries(12):
        page = client.get("/messages/outbox/")
    assert page.status_code == 200
    assert page.content.decode().count("/messages/outbox/") >= 30
    failed = client.get("/messages/outbox/?state=failed").content.decode()
    assert "SMTP 550" in failed and failed.count('class="badge"') == 1
    theirs = OutboxMessage.objects.get(idempotency_key="theirs")
    assert client.get(f"/messages/outbox/{theirs.pk}/").status_code == 404


def test_a_viewer_has_no_outbox(viewer):
    assert client_for(viewer).get("/messages/outbox/").status_code == 404


def test_an_officer_sends_a_failed_message_again(district_officer):
    message = _message("again", "710104")
    OutboxMessage.objects.filter(pk=message.pk).update(state=OutboxState.FAILED, attempts=8)
    client = client_for(district_officer)
    detail = client.get(f"/messages/outbox/{message.pk}/")
    assert "ส่งอีกครั้งเดี๋ยวนี้" in detail.content.decode()
    answer = client.post(f"/messages/outbox/{message.pk}/retry/")
    assert answer.status_code == 302
    message.refresh_from_db()
    assert message.state == OutboxState.PENDING and message.attempts == 0
    assert sender.send_due() == 1


def test_the_outbox_says_when_a_channel_is_not_connected(district_officer, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = ""
    settings.LINE_CHANNEL_ACCESS_TOKEN = ""
    page = client_for(district_officer).get("/messages/outbox/").content.decode()
    assert "ยังไม่ได้เชื่อมต่อ: อีเมล, LINE" in page


def test_unsubscribe_asks_first_then_stops_all_but_what_the_person_asks_for(anonymous_client):
    token = unsubscribe_token(channel="email", address="somchai@example.org")
    asked = anonymous_client.get(f"/messages/unsubscribe/{token}/")
    assert asked.status_code == 200 and not ContactChannel.objects.exists()
    done = anonymous_client.post(f"/messages/unsubscribe/{token}/")
    assert done.status_code == 200
    row = ContactChannel.objects.get(address="somchai@example.org")
    assert row.unsubscribed_at is not None and row.consent_method == "unsubscribe"
    assert _message("service", "710104", kind="event_changed") is None
    assert _message("requested", "710104", kind="test") is not None


def test_a_made_up_unsubscribe_link_is_not_found(anonymous_client):
    assert anonymous_client.get("/messages/unsubscribe/WyJlbWFpbCJd:forged/").status_code == 404
