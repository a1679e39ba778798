"""Room for other writers on SQLite (concenter.common.room): a long job pauses long enough for a
waiting writer to look once, after each `every` seconds of holding the write lock."""

import pytest
from django.db import connection

from concenter.common import room as room_module
from concenter.common.room import WAITERS_LOOK_EVERY, Room


def test_the_job_pauses_after_each_every_seconds_of_writing_on_sqlite(monkeypatch):
    slept = []
    monkeypatch.setattr(room_module.time, "sleep", slept.append)
    room = Room(every=0.5)
    for took in (0.2, 0.2, 0.2, 0.05, 0.3, 0.6):
        room.after(took)
    if connection.vendor == "sqlite":
        # 0.6 s held (a pause), then 0.05 + 0.3 + 0.6 = 0.95 (a pause).
        assert slept == [room.pause] * 2 and room.pauses == 2
        assert room.pause > WAITERS_LOOK_EVERY  # a waiter's next look falls inside it
    else:  # PostgreSQL queues its waiters: never a pause
        assert slept == [] and room.pauses == 0


@pytest.mark.parametrize("every", [0.25, 0.5, 1.0])
def test_what_a_job_gives_up_is_bounded(monkeypatch, every):
    slept = []
    monkeypatch.setattr(room_module.time, "sleep", slept.append)
    room = Room(every=every)
    writing = 0.0
    for _ in range(200):
        room.after(0.15)
        writing += 0.15
    if connection.vendor == "sqlite":
        assert sum(slept) <= writing * room.pause / every + room.pause
        assert len(slept) >= int(writing / (every + 0.15))
