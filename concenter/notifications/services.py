"""The writes of the outbox: a message enqueued inside the caller's transaction, an officer's
retry, a person's channel and consent, an unsubscribe (docs/notifications.md, ADR 0019)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from concenter.accounts import scope
from concenter.accounts.models import Role
from concenter.common import clock
from concenter.common.errors import NotFoundOrOutOfScope
from concenter.notifications.kinds import Basis, kind_get
from concenter.notifications.links import unsubscribe_read, unsubscribe_url
from concenter.notifications.models import (
    Channel,
    ConsentMethod,
    ContactChannel,
    OutboxMessage,
    OutboxState,
)
from concenter.notifications.render import render_message

OFFICER_ROLES = (Role.NATIONAL_ADMIN, Role.PROVINCE_OFFICER, Role.DISTRICT_OFFICER)


@dataclass(frozen=True)
class Recipient:
    """Someone to write to who is not (or not only) a person or a user of the registry: a
    registrant of an event, known by the name and contact they gave."""

    name: str = ""
    email: str = ""
    line_user_id: str = ""
    person_id: int | None = None
    user_id: int | None = None
    language: str = ""


def _line_of(person_id: int, channel: str = Channel.LINE) -> str:
    """The person's LINE account (or e-mail address recorded for messages, with `channel`),
    when one is on file and not unsubscribed; the one they consented at first."""
    return (
        ContactChannel.objects.filter(
            person_id=person_id, channel=channel, unsubscribed_at__isnull=True
        )
        .order_by("-consent", "-updated_at")
        .values_list("address", flat=True)
        .first()
    ) or ""


def _as_recipient(recipient: Any) -> Recipient:
    """A Person, a User or a Recipient, as the addresses to try. The people app's models are
    read by their fields, so this ground-floor app imports none of them."""
    if isinstance(recipient, Recipient):
        if recipient.person_id and not recipient.line_user_id:
            line = _line_of(recipient.person_id)
            if line:
                return replace(recipient, line_user_id=line)
        return recipient
    label = recipient._meta.label
    if label == "people.Person":
        return Recipient(
            name=str(recipient),
            # The e-mail of the person's record, else one recorded for messages (people page
            # "Messages: addresses and consent").
            email=recipient.email or _line_of(recipient.pk, Channel.EMAIL),
            line_user_id=_line_of(recipient.pk),
            person_id=recipient.pk,
        )
    if label == settings.AUTH_USER_MODEL:
        return Recipient(name=str(recipient), email=recipient.email or "", user_id=recipient.pk)
    raise TypeError(f"cannot write to a {label}")


def _allowed(basis: Basis, channel: str, address: str) -> bool:
    row = ContactChannel.objects.filter(channel=channel, address=address).first()
    if basis == Basis.REQUESTED:
        return True
    if row is not None and row.unsubscribed_at is not None:
        return False
    if basis == Basis.SERVICE:
        return True
    return row is not None and row.consent


def message_enqueue(
    *,
    kind: str,
    recipient: Any,
    context: dict,
    idempotency_key: str,
    language: str | None = None,
    area_code: str = "",
) -> OutboxMessage | None:
    """Put one message in the outbox, inside the caller's transaction (so a rolled-back change
    leaves no message and a committed one is never lost). `recipient` is a `people.Person`, an
    `accounts.User` or a `Recipient`; LINE is used when the person has a LINE account on file,
    e-mail otherwise. The same `idempotency_key` twice gives the first message, never a second.
    None when there is no address to write to or the law does not let this kind reach it.
    """
    the_kind = kind_get(kind)
    existing = OutboxMessage.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    who = _as_recipient(recipient)
    if who.line_user_id:
        channel, address = Channel.LINE, who.line_user_id
    elif who.email:
        channel, address = Channel.EMAIL, who.email.strip()
    else:
        return None
    if not _allowed(the_kind.basis, channel, address):
        return None
    language = language or who.language or "th"
    if language not in {"th", "en"}:
        language = "th"
    rendered = render_message(
        kind=the_kind,
        context=context,
        language=language,
        unsubscribe_url=unsubscribe_url(channel=channel, address=address),
    )
    now = clock.now()
    try:
        with transaction.atomic():
            message = OutboxMessage.objects.create(
                kind=kind,
                channel=channel,
                address=address,
                recipient_name=who.name[:300],
                person_id=who.person_id,
                user_id=who.user_id,
                area_code=area_code,
                language=language,
                subject=rendered.subject,
                body_text=rendered.text,
                body_html=rendered.html,
                line_flex=rendered.flex,
                idempotency_key=idempotency_key,
                next_attempt_at=now,
                created_at=now,
            )
    except IntegrityError:  # written by a concurrent transaction with the same key
        return OutboxMessage.objects.get(idempotency_key=idempotency_key)
    from concenter.notifications import sender

    transaction.on_commit(sender.kick)
    return message


def message_retry(*, actor, message_id: int) -> OutboxMessage:
    """An officer sends a failed (or waiting) message again now, with a fresh count of attempts."""
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None or not outbox_visible_to(actor, message):
            raise NotFoundOrOutOfScope()
        if message.state not in (OutboxState.FAILED, OutboxState.PENDING):
            raise ValidationError(_("Only a failed or waiting message can be sent again."))
        message.state = OutboxState.PENDING
        message.attempts = 0
        message.next_attempt_at = clock.now()
        message.save(update_fields=["state", "attempts", "next_attempt_at"])
    from concenter.notifications import sender

    transaction.on_commit(sender.kick)
    return message


def outbox_visible_to(user, message: OutboxMessage) -> bool:
    """Officers see the messages of their area; national administrators see every message."""
    if not scope.has_role(user, *OFFICER_ROLES):
        return False
    reach = scope.user_scope(user, scope.Access.CHANGE)
    return reach.everything or (bool(message.area_code) and reach.covers(message.area_code))


def contact_channel_record(
    *,
    actor,
    channel: str,
    address: str,
    consent: bool,
    method: str,
    person_id: int | None = None,
) -> ContactChannel:
    """Record an address and the person's consent to messages there, with when and how it was
    given or withdrawn. A later record of the same address replaces the earlier answer (the
    audit trail keeps every one). With `person_id`, the actor must be able to change the
    person; without, it is the address a registrant gave on a public form."""
    if person_id is not None:
        from concenter.notifications.selectors import person_area

        area = person_area(person_id)
        if area is None:  # no such person: the same answer as one outside the actor's area
            raise NotFoundOrOutOfScope()
        scope.require(actor, scope.Access.CHANGE, area)
    address = (address or "").strip()
    if channel not in Channel.values:
        raise ValidationError({"channel": _("Choose e-mail or LINE.")})
    if method not in ConsentMethod.values:
        raise ValidationError({"method": _("Choose how the consent was given.")})
    if not address:
        raise ValidationError({"address": _("Give the address.")})
    if channel == Channel.EMAIL:
        from django.core.validators import validate_email

        try:
            validate_email(address)
        except ValidationError:
            raise ValidationError({"address": _("Enter a valid e-mail address.")}) from None
    elif not (address.startswith("U") and len(address) == 33 and address[1:].isalnum()):
        raise ValidationError(
            {"address": _("A LINE user ID is U followed by 32 letters and digits.")}
        )
    now = clock.now()
    with transaction.atomic():
        row, _created = ContactChannel.objects.select_for_update().get_or_create(
            channel=channel, address=address, defaults={"person_id": person_id}
        )
        if person_id is not None:
            row.person_id = person_id
        row.consent = consent
        row.consent_at = now
        row.consent_method = method
        if consent:
            row.unsubscribed_at = None
        row.recorded_by = actor if getattr(actor, "is_authenticated", False) else None
        row.save()
    return row


def unsubscribe(*, token: str) -> ContactChannel:
    """The address of an unsubscribe link gets nothing more but what it asks for itself."""
    read = unsubscribe_read(token)
    if read is None:
        raise NotFoundOrOutOfScope()
    channel, address = read
    now = clock.now()
    with transaction.atomic():
        row, _created = ContactChannel.objects.select_for_update().get_or_create(
            channel=channel, address=address
        )
        row.consent = False
        row.consent_at = now
        row.consent_method = ConsentMethod.UNSUBSCRIBE
        row.unsubscribed_at = now
        row.save()
    return row
