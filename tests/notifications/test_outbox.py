"""The outbox: a message written with the change that causes it arrives once, through a real
SMTP server; failures wait and try again; a rolled-back change sends nothing."""

import datetime

import pytest
import time_machine
from django.db import transaction

from concenter.common import clock
from concenter.notifications import sender
from concenter.notifications.models import DeliveryAttempt, OutboxMessage, OutboxState
from concenter.notifications.services import Recipient, message_enqueue, message_retry

pytestmark = pytest.mark.django_db

SOMCHAI = Recipient(name="สมชาย ใจดี", email="somchai@example.org")


def _test_message(key: str = "test:1", recipient: Recipient = SOMCHAI, **extra):
    return message_enqueue(
        kind="test", recipient=recipient, context={"name": recipient.name}, idempotency_key=key,
        **extra,
    )  # fmt: skip


def test_a_committed_message_arrives_once_in_thai_with_html_and_an_unsubscribe_link(mail):
    with transaction.atomic():
        message = _test_message()
    assert message.state == OutboxState.PENDING
    assert sender.send_due() == 1
    assert sender.send_due() == 0  # sent messages are not sent again
    assert len(mail.messages) == 1
    received = mail.messages[0]
    assert received["To"] == "somchai@example.org"
    assert received["Subject"].strip() == "ข้อความทดสอบจากระบบศูนย์ประสานงาน"
    text = received.get_body(("plain",)).get_content()
    html = received.get_body(("html",)).get_content()
    assert "สมชาย ใจดี" in text and "สมชาย ใจดี" in html
    assert (
        received["List-Unsubscribe"]
        .strip()
        .startswith("<https://concenter.example/messages/unsubscribe/")
    )
    message.refresh_from_db()
    assert message.state == OutboxState.SENT and message.attempts == 1
    assert list(message.deliveries.values_list("ok", flat=True)) == [True]


def test_english_when_the_person_chose_it(mail):
    _test_message(language="en")
    sender.send_due()
    assert mail.subjects() == ["A test message from concenter"]


def test_the_same_idempotency_key_twice_gives_one_message(mail):
    first = _test_message("test:same")
    second = _test_message("test:same")
    assert first.pk == second.pk
    sender.send_due()
    assert len(mail.messages) == 1


def test_a_rolled_back_change_sends_nothing(mail):
    with pytest.raises(RuntimeError), transaction.atomic():
        _test_message("test:rolled-back")
        raise RuntimeError("the change fails after the message was written")
    assert not OutboxMessage.objects.exists()
    assert sender.send_due() == 0
    assert mail.messages == []


@pytest.mark.clock("2026-11-20T09:15")
def test_a_server_that_fails_twice_then_answers_gets_the_message_once(mail):
    mail.fail_next = 2
    message = _test_message("test:flaky")
    start = clock.now()
    assert sender.send_due() == 0
    message.refresh_from_db()
    assert message.state == OutboxState.PENDING
    assert message.next_attempt_at == pytest.approx(start + datetime.timedelta(minutes=1), abs=datetime.timedelta(seconds=5))  # fmt: skip
    assert sender.send_due() == 0  # not due yet: the backoff holds it
    with time_machine.travel(start + datetime.timedelta(minutes=1, seconds=5)):
        assert sender.send_due() == 0
    message.refresh_from_db()
    assert message.next_attempt_at > start + datetime.timedelta(minutes=2)  # then 2 minutes
    with time_machine.travel(start + datetime.timedelta(minutes=3, seconds=10)):
        assert sender.send_due() == 1
    with time_machine.travel(start + datetime.timedelta(hours=1)):
        assert sender.send_due() == 0
    assert len(mail.messages) == 1 and mail.data_commands == 3
    attempts = list(DeliveryAttempt.objects.filter(message=message).values_list("ok", "error"))
    assert [ok for ok, _error in attempts] == [False, False, True]
    assert "451" in attempts[0][1]


def test_an_address_the_server_refuses_fails_at_once_and_an_officer_sends_it_again(
    mail, district_officer
):
    mail.refuse = {"nobody@example.org"}
    message = _test_message("test:refused", Recipient(name="ไม่มี", email="nobody@example.org"), area_code="710104")  # fmt: skip
    sender.send_due()
    message.refresh_from_db()
    assert message.state == OutboxState.FAILED and "550" in message.last_error
    mail.refuse = set()
    message_retry(actor=district_officer, message_id=message.pk)
    assert sender.send_due() == 1
    assert len(mail.messages) == 1


def test_with_no_server_configured_messages_wait_in_the_outbox(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = ""
    message = _test_message("test:waiting")
    assert sender.send_due() == 0
    message.refresh_from_db()
    assert message.state == OutboxState.PENDING and message.attempts == 0


def test_no_address_no_message(mail):
    assert _test_message("test:nobody", Recipient(name="ไม่มีที่อยู่")) is None
    assert not OutboxMessage.objects.exists()


def test_a_lost_connection_waits_and_tries_again(settings):
    from tests.notifications.conftest import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()  # nothing listens there
    settings.EMAIL_USE_TLS = False
    message = _test_message("test:no-server")
    assert sender.send_due() == 0
    message.refresh_from_db()
    assert message.state == OutboxState.PENDING and message.attempts == 1
    assert "SMTP" in message.last_error
