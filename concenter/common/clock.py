"""The one place production code reads the time.

Every service, selector, view and command asks ``clock.now()`` or ``clock.today()``, never
``timezone.now()`` or ``date.today()`` directly. Tests move the clock with ``time_machine.travel``
(which moves what these read, at the C level, for every thread); the demo builds its data relative
to ``today()``. Model field defaults (``default=timezone.now``) stay as Django wrote them: they are
part of the migrations' state and read the same moved clock.
"""

from __future__ import annotations

import datetime

from django.utils import timezone


def now() -> datetime.datetime:
    """The current moment, aware, in UTC."""
    return timezone.now()


def today() -> datetime.date:
    """Today's date in the project's time zone (Asia/Bangkok), not the server's."""
    return timezone.localdate()
