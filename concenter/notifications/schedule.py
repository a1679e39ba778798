"""Messages that a date causes, not a change: the reminder the day before an event, the warning
60 days before a committee's term ends. The apps that own those dates register a scan from
their AppConfig.ready(); the sender's loop (`concenter work`) runs the scans, at most every
SCAN_EVERY. A scan enqueues with idempotency keys made of the record and the date, so running
it twice, or on two runners, writes each message once."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable

from concenter.common import clock

logger = logging.getLogger(__name__)

SCAN_EVERY = datetime.timedelta(minutes=15)

_scans: dict[str, Callable[[datetime.date], int]] = {}
_last_run: datetime.datetime | None = None


def scheduled_scan_register(name: str, scan: Callable[[datetime.date], int]) -> None:
    """Register `scan(today) -> messages enqueued` under `name` (one per name)."""
    _scans[name] = scan


def scheduled_scans_run(*, force: bool = False, log=None) -> int:
    """Run every registered scan for today (unless one ran less than SCAN_EVERY ago)."""
    global _last_run
    now = clock.now()
    if not force and _last_run is not None and now - _last_run < SCAN_EVERY:
        return 0
    _last_run = now
    today = clock.today()
    written = 0
    for name, scan in sorted(_scans.items()):
        try:
            count = scan(today)
        except Exception:
            logger.exception("the scheduled scan %s failed", name)
            continue
        written += count
        if log and count:
            log(f"{name}: {count} messages written")
    return written
