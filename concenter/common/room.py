"""Room for other writers between the short transactions of a long job, on SQLite.

SQLite has one writer at a time and no queue: a writer that finds the database locked sleeps
and looks again, at most every 100 ms once it has waited a while (SQLite's busy handler). A job
that commits chunk after chunk with only a few milliseconds between them (an import's commit
from its staged rows) can keep such a writer — a login, a person saved — out for seconds, at
random, although no transaction of the job is long. `Room.after(seconds)` is called after each
of the job's transactions with its length: once the job has held the write lock for `every`
seconds since its last pause, it pauses `pause` seconds (≥ the waiters' 100 ms between looks,
so each waiting writer is sure to find the lock free once). Another writer then waits at most
about `every` + one transaction + `pause`; the job is slowed by at most pause ÷ (every +
pause) of its writing time. PostgreSQL queues its waiters on row locks: no pause there.
"""

import time

from django.db import connection

WAITERS_LOOK_EVERY = 0.1  # SQLite's busy handler: the longest sleep between two looks


class Room:
    def __init__(self, *, every: float = 0.5, pause: float = WAITERS_LOOK_EVERY + 0.02):
        self.every = every
        self.pause = pause
        self.held = 0.0  # seconds of write transactions since the last pause
        self.pauses = 0

    def after(self, seconds: float) -> None:
        """After one of the job's transactions, which took `seconds`."""
        if connection.vendor != "sqlite":
            return
        self.held += seconds
        if self.held >= self.every:
            time.sleep(self.pause)
            self.held = 0.0
            self.pauses += 1
