"""The outbox and people's contact channels over the API: what the officers' outbox page shows
and does, and recording a person's channel and consent (docs/notifications.md)."""

import datetime

from ninja import Router, Schema, Status
from ninja.pagination import paginate

from concenter.api.base import AUTH, BoundedPagination
from concenter.api.examples import example
from concenter.notifications import selectors, services
from concenter.notifications.kinds import KINDS
from concenter.notifications.models import ContactChannel, OutboxMessage, OutboxState

router = Router(tags=["messages"], auth=AUTH)


class OutboxMessageOut(Schema):
    id: int
    kind: str
    channel: str
    address: str
    recipient_name: str
    area_code: str
    language: str
    subject: str
    state: str
    attempts: int
    next_attempt_at: datetime.datetime
    last_error: str
    created_at: datetime.datetime
    sent_at: datetime.datetime | None


class ContactChannelIn(Schema):
    person_id: int
    channel: str
    address: str
    consent: bool
    method: str


class ContactChannelOut(Schema):
    id: int
    person_id: int | None
    channel: str
    address: str
    consent: bool
    consent_at: datetime.datetime | None
    consent_method: str
    unsubscribed_at: datetime.datetime | None


MESSAGE_EXAMPLE = {
    "id": 41,
    "kind": "registration_confirmed",
    "channel": "email",
    "address": "somsri@example.org",
    "recipient_name": "นางสมศรี รักถิ่น",
    "area_code": "7101",
    "language": "th",
    "subject": "ยืนยันการลงทะเบียน: งานสานสัมพันธ์เครือข่าย",
    "state": "failed",
    "attempts": 8,
    "next_attempt_at": "2026-11-20T09:15:00+07:00",
    "last_error": "SMTP 550: no such mailbox",
    "created_at": "2026-11-20T08:00:00+07:00",
    "sent_at": None,
}
CHANNEL_EXAMPLE = {
    "person_id": 1203,
    "channel": "line",
    "address": "U4af4980629abcdef4af4980629abcdef",
    "consent": True,
    "method": "paper",
}


@router.get(
    "/outbox",
    response=list[OutboxMessageOut],
    openapi_extra=example(response={"items": [MESSAGE_EXAMPLE], "count": 1}),
)
@paginate(BoundedPagination)
def outbox_list(request, state: str | None = None, kind: str | None = None):
    """Messages of your area (every one for a national administrator), newest first; filter
    by `state` (pending, sending, sent, failed) and `kind`. Officers only."""
    return selectors.outbox_list(
        user=request.user,
        state=state if state in OutboxState.values else None,
        kind=kind if kind in KINDS else None,
    )


@router.post(
    "/outbox/{message_id}/retry",
    response=OutboxMessageOut,
    openapi_extra=example(response={**MESSAGE_EXAMPLE, "state": "pending", "attempts": 0}),
)
def outbox_retry(request, message_id: int):
    """Send a failed or waiting message again now, with a fresh count of attempts."""
    services.message_retry(actor=request.user, message_id=message_id)
    return OutboxMessage.objects.get(pk=message_id)


@router.post(
    "/contact-channels",
    response={201: ContactChannelOut},
    openapi_extra=example(
        request=CHANNEL_EXAMPLE,
        response={
            "id": 7,
            **CHANNEL_EXAMPLE,
            "consent_at": "2026-11-20T09:15:00+07:00",
            "consent_method": "paper",
            "unsubscribed_at": None,
        },
        status=201,
    ),
)
def contact_channel_record(request, payload: ContactChannelIn):
    """Record a person's e-mail or LINE account (`U` and 32 letters and digits) and their
    consent to messages there, with how it was given (online, paper, verbal, api). A later
    record of the same address replaces the answer; the audit trail keeps each."""
    row = services.contact_channel_record(actor=request.user, **payload.model_dump())
    return Status(201, row)


@router.get(
    "/people/{person_id}/contact-channels",
    response=list[ContactChannelOut],
    openapi_extra=example(
        response=[
            {
                "id": 7,
                **CHANNEL_EXAMPLE,
                "consent_at": "2026-11-20T09:15:00+07:00",
                "consent_method": "paper",
                "unsubscribed_at": None,
            }
        ]
    ),
)
def contact_channel_list(request, person_id: int) -> list[ContactChannel]:
    """A person's contact channels and consent (a person you may change)."""
    return list(selectors.contact_channels(user=request.user, person_id=person_id))
