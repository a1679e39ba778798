"""How far a running import has come, readable by other processes while it runs.

A job may run inside a transaction (the commit of a kind that is not chunked, an undo); on
SQLite that transaction holds the write lock until the end, so nobody (not even the job's own
second connection) can write a progress row meanwhile. The progress therefore goes where each
database allows it:

* PostgreSQL: a row of its own (`JobProgress`, keyed by the batch id, no foreign key), through a
  second connection in autocommit (any app server reads it). Never the batch row: the commit's
  transaction holds that one, and a second connection waiting for it while the commit waits
  for the second connection is a deadlock nobody detects (issue #17);
* SQLite: a small JSON file beside the database (one machine reads it).

`read_progress` gives whichever is newer. Writes are throttled to a few a second.
"""

import contextlib
import json
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection, connections

logger = logging.getLogger(__name__)

WRITE_EVERY_SECONDS = 0.5
SIDE_LOCK_TIMEOUT_MS = 1000


@dataclass
class Snapshot:
    phase: str
    done: int
    total: int
    at: float  # time.time() of the last write

    @property
    def percent(self) -> int:
        if not self.total:
            return 0
        return min(100, int(self.done * 100 / self.total))


def _folder() -> Path:
    folder = Path(getattr(settings, "VAR_DIR", "var")) / "import-progress"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def progress_path(batch_id: int) -> Path:
    return _folder() / f"batch-{batch_id}.json"


class Progress:
    """A callable `progress(phase, done, total)` for the engine; `callback` also gets every
    call (the command line draws its bar with it)."""

    def __init__(self, batch_id: int | None = None, callback=None) -> None:
        self.batch_id = batch_id
        self.callback = callback
        self.last_write = 0.0
        self.side = None

    def __call__(self, phase: str, done: int, total: int, *, force: bool = False) -> None:
        if self.callback is not None:
            self.callback(phase, done, total)
        if self.batch_id is None:
            return
        now = time.monotonic()
        if not force and now - self.last_write < WRITE_EVERY_SECONDS:
            return
        self.last_write = now
        snapshot = Snapshot(phase=phase, done=done, total=total, at=time.time())
        if connection.vendor == "postgresql":
            self._write_row(snapshot)
        else:
            self._write_file(snapshot)

    def _write_file(self, snapshot: Snapshot) -> None:
        path = progress_path(self.batch_id)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(snapshot.__dict__), encoding="utf-8")
        temporary.replace(path)

    def _write_row(self, snapshot: Snapshot) -> None:
        if self.side is None:
            self.side = connections.create_connection(connection.alias)
        _side_execute(
            self.side,
            "INSERT INTO exchange_jobprogress (batch_id, phase, done, total, at) "
            "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (batch_id) DO UPDATE SET "
            "phase = excluded.phase, done = excluded.done, total = excluded.total, "
            "at = excluded.at",
            [self.batch_id, snapshot.phase[:20], snapshot.done, snapshot.total, snapshot.at],
        )

    def close(self) -> None:
        if self.side is not None:
            with contextlib.suppress(Exception):
                self.side.close()
            self.side = None


def read_progress(batch) -> Snapshot | None:
    """The latest progress of a batch's running job (None before it starts)."""
    path = progress_path(batch.pk)
    if path.exists():
        with contextlib.suppress(OSError, ValueError):
            data = json.loads(path.read_text(encoding="utf-8"))
            return Snapshot(**data)
    from concenter.exchange.models import JobProgress

    row = JobProgress.objects.filter(batch_id=batch.pk).first()
    if row is not None:
        return Snapshot(phase=row.phase, done=row.done, total=row.total, at=row.at)
    if batch.job_heartbeat is not None:
        return Snapshot(
            phase=batch.job,
            done=batch.progress_done,
            total=batch.progress_total,
            at=batch.job_heartbeat.timestamp(),
        )
    return None


def _side_execute(side, sql: str, params: list) -> None:
    """One statement on a second connection, in a transaction of its own that gives up on a
    lock after SIDE_LOCK_TIMEOUT_MS: the caller's connection may hold a transaction open (a
    request, a test) that it must never wait for. Progress is a courtesy: a write that would
    wait is skipped, never the job's failure."""
    try:
        with side.cursor() as cursor:
            cursor.execute("BEGIN")
            try:
                cursor.execute(f"SET LOCAL lock_timeout = '{SIDE_LOCK_TIMEOUT_MS}ms'")
                cursor.execute(sql, params)
            except DatabaseError:
                cursor.execute("ROLLBACK")
                raise
            cursor.execute("COMMIT")
    except DatabaseError:
        logger.warning("import progress not written", exc_info=True)


def clear_progress(batch_id: int) -> None:
    with contextlib.suppress(OSError):
        progress_path(batch_id).unlink()
    if connection.vendor != "postgresql":
        return  # the progress row is PostgreSQL's only
    # Through a side connection too: a row deleted by the caller's connection stays locked
    # until its transaction ends, and the next job's progress write would wait for it.
    side = connections.create_connection(connection.alias)
    try:
        _side_execute(side, "DELETE FROM exchange_jobprogress WHERE batch_id = %s", [batch_id])
    finally:
        with contextlib.suppress(Exception):
            side.close()
