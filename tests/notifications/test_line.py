"""LINE pushes through the Messaging API (line-bot-sdk) to a local stand-in for api.line.me."""

import datetime

import pytest
import time_machine

from concenter.common import clock
from concenter.notifications import sender
from concenter.notifications.models import ConsentMethod, OutboxMessage, OutboxState
from concenter.notifications.services import (
    Recipient,
    contact_channel_record,
    message_enqueue,
)
from concenter.people.services import PersonData, person_create

pytestmark = pytest.mark.django_db

LINE_ID = "U" + "4af4980629" * 3 + "ab"


@pytest.fixture
def person_on_line(district_officer):
    person = person_create(
        actor=district_officer,
        data=PersonData(given_name="สมศรี", family_name="มีสุข", email="somsri@example.org"),
        area_code="710104",
        confirm_new=True,
    )
    contact_channel_record(
        actor=district_officer, channel="line", address=LINE_ID, consent=True,
        method=ConsentMethod.PAPER, person_id=person.pk,
    )  # fmt: skip
    return person


def _enqueue(person, key="line:1"):
    return message_enqueue(
        kind="test", recipient=person, context={"name": "สมศรี"}, idempotency_key=key
    )


def test_a_person_with_a_line_account_gets_a_thai_flex_message_once(line, person_on_line):
    message = _enqueue(person_on_line)
    assert message.channel == "line" and message.address == LINE_ID
    assert sender.send_due() == 1
    assert sender.send_due() == 0
    assert len(line.pushes) == 1
    push = line.pushes[0]
    assert push["to"] == LINE_ID
    flex = push["messages"][0]
    assert flex["type"] == "flex" and flex["altText"] == "ข้อความทดสอบจากระบบศูนย์ประสานงาน"
    texts = [part["text"] for part in flex["contents"]["body"]["contents"]]
    assert any("สมศรี" in text for text in texts)
    assert line.tokens == ["Bearer test-channel-token"]


@pytest.mark.clock("2026-11-20T09:15")
def test_a_line_server_that_fails_twice_then_answers_gets_the_push_once(line, person_on_line):
    line.fail_next = 2
    message = _enqueue(person_on_line, "line:flaky")
    start = clock.now()
    assert sender.send_due() == 0
    with time_machine.travel(start + datetime.timedelta(minutes=1, seconds=5)):
        assert sender.send_due() == 0
    with time_machine.travel(start + datetime.timedelta(minutes=3, seconds=10)):
        assert sender.send_due() == 1
    assert len(line.pushes) == 1 and len(line.tokens) == 3
    message.refresh_from_db()
    assert message.state == OutboxState.SENT and message.attempts == 3
    assert "LINE 500" in message.deliveries.first().error


def test_a_push_sent_again_after_a_lost_answer_is_accepted_once(line, person_on_line):
    """The sender died after LINE took the push: the next sender pushes with the same retry key,
    LINE answers 409 (already accepted), and the message counts as sent."""
    message = _enqueue(person_on_line, "line:lost-answer")
    sender.send_due()
    OutboxMessage.objects.filter(pk=message.pk).update(state=OutboxState.PENDING)
    assert sender.send_due() == 1
    assert len(line.pushes) == 1 and len(line.tokens) == 2
    message.refresh_from_db()
    assert message.state == OutboxState.SENT


def test_without_a_line_token_line_messages_wait_and_e_mails_still_go(
    mail, person_on_line, settings
):
    settings.LINE_CHANNEL_ACCESS_TOKEN = ""
    on_line = _enqueue(person_on_line, "line:waiting")
    by_mail = message_enqueue(
        kind="test", recipient=Recipient(name="สมชาย", email="somchai@example.org"),
        context={"name": "สมชาย"}, idempotency_key="mail:going",
    )  # fmt: skip
    assert sender.send_due() == 1
    on_line.refresh_from_db()
    by_mail.refresh_from_db()
    assert (on_line.state, by_mail.state) == (OutboxState.PENDING, OutboxState.SENT)


def test_an_unsubscribed_line_account_is_not_used(line, person_on_line):
    from concenter.notifications.links import unsubscribe_token
    from concenter.notifications.services import unsubscribe

    unsubscribe(token=unsubscribe_token(channel="line", address=LINE_ID))
    message = _enqueue(person_on_line, "line:after-unsubscribe")
    assert message.channel == "email"  # the person's e-mail on file is left
