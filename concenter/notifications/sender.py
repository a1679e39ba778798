"""The sender: takes due messages from the outbox one at a time and hands each to its channel.

Taking a message is one conditional UPDATE (state pending and due, or "sending" whose lease ran
out because its sender died), committed before anything is sent, so two senders never hold the
same message. Each try is recorded (`DeliveryAttempt`). A failure that may pass waits 1, 2, 4 …
minutes (at most MAX_ATTEMPTS tries); a refusal (an address the server rejects) fails at once.
A sender killed between the server's answer and the mark "sent" leaves the message in
"sending"; when its lease ends it is sent again with the same Message-ID and LINE retry key, so
LINE (which keeps retry keys) accepts it once — see ADR 0019 for what e-mail can promise.

`concenter work` runs `send_due()` in its loop; in the web process a committed message wakes a
thread that sends at once (`kick`), when threads are allowed.
"""

from __future__ import annotations

import datetime
import logging
import os
import threading

from django.conf import settings
from django.db import close_old_connections, connection
from django.db.models import F, Q

from concenter.common import clock
from concenter.notifications.channels import SENDERS, Undelivered, configured_channels
from concenter.notifications.models import DeliveryAttempt, OutboxMessage, OutboxState

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8


def lease_seconds() -> float:
    return float(getattr(settings, "NOTIFICATIONS_LEASE_SECONDS", 120))


def backoff(attempts: int) -> datetime.timedelta:
    """Wait 1, 2, 4, 8 … minutes after the 1st, 2nd, 3rd … failure (at most a day)."""
    return datetime.timedelta(minutes=min(2 ** max(attempts - 1, 0), 24 * 60))


def _due(now: datetime.datetime, channels: list[str]) -> Q:
    waiting = Q(state=OutboxState.PENDING, next_attempt_at__lte=now)
    abandoned = Q(state=OutboxState.SENDING, lease_until__lt=now)
    return (waiting | abandoned) & Q(channel__in=channels)


def claim(message_id: int, channels: list[str]) -> bool:
    """Take one due message (False when another sender took it first)."""
    now = clock.now()
    taken = OutboxMessage.objects.filter(_due(now, channels), pk=message_id).update(
        state=OutboxState.SENDING,
        lease_until=now + datetime.timedelta(seconds=lease_seconds()),
        attempts=F("attempts") + 1,
    )
    return taken == 1


def deliver(message_id: int) -> bool:
    """Send one claimed message and record the attempt. True when it was delivered."""
    message = OutboxMessage.objects.get(pk=message_id)
    attempt = DeliveryAttempt.objects.create(
        message=message, number=message.attempts, started_at=clock.now()
    )
    try:
        SENDERS[message.channel](message)
    except Undelivered as exc:
        error = str(exc)[:1000]
        gives_up = exc.permanent or message.attempts >= MAX_ATTEMPTS
        DeliveryAttempt.objects.filter(pk=attempt.pk).update(error=error)
        OutboxMessage.objects.filter(pk=message_id, state=OutboxState.SENDING).update(
            state=OutboxState.FAILED if gives_up else OutboxState.PENDING,
            next_attempt_at=clock.now() + backoff(message.attempts),
            lease_until=None,
            last_error=error,
        )
        logger.warning(
            "message %s not delivered (attempt %s): %s", message_id, attempt.number, error
        )
        return False
    DeliveryAttempt.objects.filter(pk=attempt.pk).update(ok=True)
    OutboxMessage.objects.filter(pk=message_id).update(
        state=OutboxState.SENT, sent_at=clock.now(), lease_until=None, last_error=""
    )
    return True


def send_due(*, limit: int = 200, log=None) -> int:
    """Send the messages that are due, oldest first, on the channels that are configured.
    Returns how many were delivered. Messages of a channel with no server configured stay
    waiting in the outbox."""
    channels = configured_channels()
    if not channels:
        return 0
    delivered = 0
    due = list(
        OutboxMessage.objects.filter(_due(clock.now(), channels))
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    for message_id in due:
        if not claim(message_id, channels):
            continue
        if deliver(message_id):
            delivered += 1
            if log:
                log(f"message {message_id}: sent")
        elif log:
            log(f"message {message_id}: not sent")
    return delivered


_kick_lock = threading.Lock()
_kick_again = threading.Event()
_kick_running = False


def _kick_main() -> None:
    global _kick_running
    close_old_connections()
    try:
        while True:
            _kick_again.clear()
            try:
                send_due()
            except Exception:
                logger.exception("the sender thread failed; `concenter work` will try again")
            if not _kick_again.is_set():
                break
    finally:
        with _kick_lock:
            _kick_running = False
        connection.close()


def kick() -> None:
    """After a commit that wrote messages: send them now, in a thread of this process (when the
    installation allows threads; otherwise `concenter work` sends them)."""
    global _kick_running
    if not getattr(settings, "NOTIFICATIONS_SEND_ON_COMMIT", True):
        return
    if os.environ.get("CONCENTER_IMPORT_RUNNER", "thread") == "command":
        return
    with _kick_lock:
        _kick_again.set()
        if _kick_running:
            return
        _kick_running = True
    threading.Thread(target=_kick_main, name="outbox-sender", daemon=True).start()
