"""Access rules of the outbox and the unsubscribe link (concenter.notifications), and of the
page that sends a lost ticket again (events).

The outbox is for officers (national administrators, province and district officers) over the
messages of their area; everyone else, viewers and center editors included, gets 404. An
unsubscribe link is public: its signed token names the address.
"""

from __future__ import annotations

OFFICER_AREAS = {"national_admin": "", "province_officer": "71", "district_officer": "7101"}


def _officer(role: str, place) -> bool:
    return role in OFFICER_AREAS


def _officer_of(role: str, place) -> bool:
    return role in OFFICER_AREAS and place.code.startswith(OFFICER_AREAS[role])


def _message(place) -> dict:
    return {"message_id": place.extras["outbox_message"]}


def build_place(*, admin, place, users: dict) -> None:
    """A message of the place's area that failed, so it may be sent again."""
    from concenter.notifications.links import unsubscribe_token
    from concenter.notifications.models import OutboxMessage, OutboxState
    from concenter.notifications.services import Recipient, message_enqueue

    message = message_enqueue(
        kind="test",
        recipient=Recipient(name="ผู้รับทดสอบ", email=f"outbox{place.code}@example.org"),
        context={"name": "ผู้รับทดสอบ"},
        idempotency_key=f"matrix:{place.code}",
        area_code=place.code,
    )
    OutboxMessage.objects.filter(pk=message.pk).update(state=OutboxState.FAILED)
    place.extras["outbox_message"] = message.pk
    place.extras["unsubscribe"] = unsubscribe_token(channel="email", address=message.address)


def _page_rules() -> dict:
    from tests.security.matrix_events import _event
    from tests.security.rules import Rule

    return {
        # A lost ticket asked for again, on the public page of an event (#21).
        "events:ticket_lost": Rule("public", anonymous=200, kwargs=_event),
        "notifications:outbox": Rule("custom", allow=_officer),
        "notifications:outbox_message": Rule("custom", allow=_officer_of, kwargs=_message),
        "notifications:outbox_retry": Rule(
            "custom", allow=_officer_of, method="post", kwargs=_message, ok=frozenset({302})
        ),
        "notifications:unsubscribe": Rule(
            "public", anonymous=200, kwargs=lambda p: {"token": p.extras["unsubscribe"]}
        ),
    }


def _api_rules() -> dict:
    from tests.security.rules import CREATED, Rule

    return {
        ("GET", "/api/v1/outbox"): Rule("custom", anonymous=401, allow=_officer),
        ("POST", "/api/v1/outbox/{message_id}/retry"): Rule(
            "custom", anonymous=401, method="post", kwargs=_message, allow=_officer_of
        ),
        ("POST", "/api/v1/contact-channels"): Rule(
            "change",
            anonymous=401,
            method="post",
            body=lambda p: {
                "person_id": p.person,
                "channel": "email",
                "address": f"channel{p.code}@example.org",
                "consent": True,
                "method": "paper",
            },
            ok=CREATED,
        ),
        ("GET", "/api/v1/people/{person_id}/contact-channels"): Rule(
            "change", anonymous=401, kwargs=lambda p: {"person_id": p.person}
        ),
    }


def __getattr__(name: str):
    if name == "PAGE_RULES":
        return _page_rules()
    if name == "API_RULES":
        return _api_rules()
    raise AttributeError(name)
