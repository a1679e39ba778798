"""Handing a message to its channel: e-mail over SMTP through Django's mail framework, LINE
through the Messaging API's push (line-bot-sdk). Each answers delivered or raises `Undelivered`,
saying whether trying again may help."""

from __future__ import annotations

import hashlib
import smtplib
import uuid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection

from concenter.notifications.links import unsubscribe_url
from concenter.notifications.models import Channel, OutboxMessage

RETRY_KEY_NAMESPACE = uuid.UUID("6f1b3d0e-8a52-4c61-9d0e-2f6b7c1a9e44")


class Undelivered(Exception):
    def __init__(self, reason: str, *, permanent: bool = False) -> None:
        super().__init__(reason)
        self.permanent = permanent


def email_configured() -> bool:
    backend = settings.EMAIL_BACKEND
    if backend.endswith("smtp.EmailBackend"):
        return bool(settings.EMAIL_HOST)
    return True  # the console, file or in-memory backends of development and tests


def line_configured() -> bool:
    return bool(getattr(settings, "LINE_CHANNEL_ACCESS_TOKEN", ""))


def configured_channels() -> list[str]:
    channels = []
    if email_configured():
        channels.append(Channel.EMAIL)
    if line_configured():
        channels.append(Channel.LINE)
    return channels


def message_id(message: OutboxMessage) -> str:
    """The same Message-ID on every attempt, so a receiver that saw the message once may tell."""
    digest = hashlib.sha256(message.idempotency_key.encode()).hexdigest()[:32]
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("> ") or "concenter"
    return f"<{digest}@{domain}>"


def retry_key(message: OutboxMessage) -> str:
    """LINE's X-Line-Retry-Key: the same UUID on every attempt, so LINE accepts a push once."""
    return str(uuid.uuid5(RETRY_KEY_NAMESPACE, message.idempotency_key))


def send_email(message: OutboxMessage) -> None:
    unsubscribe = unsubscribe_url(channel=message.channel, address=message.address)
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.address],
        headers={
            "Message-ID": message_id(message),
            "List-Unsubscribe": f"<{unsubscribe}>",
            "Content-Language": message.language,
        },
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    try:
        with get_connection(timeout=settings.EMAIL_TIMEOUT) as connection:
            connection.send_messages([email])
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _text in exc.recipients.values()]
        raise Undelivered(
            f"SMTP refused the address: {exc.recipients}", permanent=all(c >= 500 for c in codes)
        ) from exc
    except smtplib.SMTPResponseException as exc:
        reason = (
            exc.smtp_error.decode(errors="replace")
            if isinstance(exc.smtp_error, bytes)
            else exc.smtp_error
        )
        raise Undelivered(
            f"SMTP {exc.smtp_code}: {reason}", permanent=exc.smtp_code >= 500
        ) from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise Undelivered(f"SMTP: {exc.__class__.__name__}: {exc}") from exc


def send_line(message: OutboxMessage) -> None:
    from linebot.v3.messaging import (
        ApiClient,
        Configuration,
        FlexContainer,
        FlexMessage,
        MessagingApi,
        PushMessageRequest,
        TextMessage,
    )
    from linebot.v3.messaging.exceptions import ApiException

    configuration = Configuration(
        host=settings.LINE_API_ENDPOINT.rstrip("/"),
        access_token=settings.LINE_CHANNEL_ACCESS_TOKEN,
    )
    configuration.retries = 0  # the outbox retries, with backoff and a record of each attempt
    if message.line_flex:
        content = FlexMessage(
            alt_text=message.subject[:400], contents=FlexContainer.from_dict(message.line_flex)
        )
    else:
        content = TextMessage(text=message.body_text[:5000])
    request = PushMessageRequest(to=message.address, messages=[content])
    try:
        with ApiClient(configuration) as client:
            MessagingApi(client).push_message(
                request, x_line_retry_key=retry_key(message), _request_timeout=settings.LINE_TIMEOUT
            )
    except ApiException as exc:
        if exc.status == 409:  # LINE accepted this retry key before: delivered once already
            return
        raise Undelivered(
            f"LINE {exc.status}: {(exc.body or exc.reason or '')[:500]}",
            permanent=400 <= (exc.status or 0) < 500 and exc.status != 429,
        ) from exc
    except Exception as exc:  # the connection: refused, reset, timed out
        raise Undelivered(f"LINE: {exc.__class__.__name__}: {exc}"[:1000]) from exc


SENDERS = {Channel.EMAIL: send_email, Channel.LINE: send_line}
