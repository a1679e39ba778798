"""The background runner of imports: a batch row is the job (docs/adr/0006-background-imports.md).

A page asks for work by setting a batch's `job` (check, commit, undo) with `job_state` "queued";
then `start` runs it at once in the request when the file is small; when it is not, in a
runner process of its own (`concenter work --once`, CONCENTER_IMPORT_RUNNER=process, what
`concenter serve` sets: docs/adr/0014), in a thread of this process (=thread, the default
elsewhere), or not at all (=command: the `concenter work` service runs whatever is queued, as it
does after a restart). Taking a job is one conditional UPDATE, so two runners never
run the same job.

A job whose runner died (a killed process) stops reporting progress; after STALE_SECONDS it is
shown as interrupted and may be started again. Its transaction never committed, or (a chunked
commit) its chunks were hidden and are discarded when it is marked interrupted, so nothing of
it is seen.
"""

import hashlib
import logging
import os
import subprocess
import sys
import threading
import time

from django.db import close_old_connections, connection
from django.utils import translation

from concenter.common import clock
from concenter.exchange.models import ImportBatch, Job, JobState
from concenter.exchange.progress import Progress, clear_progress, read_progress

logger = logging.getLogger(__name__)

INLINE_MAX_BYTES = 256 * 1024  # a file this small is checked and imported within the request
STALE_SECONDS = 120


def inline_max_bytes() -> int:
    from django.conf import settings

    return int(getattr(settings, "EXCHANGE_INLINE_MAX_BYTES", INLINE_MAX_BYTES))


def runner() -> str:
    """Where a large job runs: "thread" (a thread of this process; the default in-process),
    "process" (a `concenter work --once` of its own; what `concenter serve` sets), "command"
    (left to the `concenter work` service)."""
    return os.environ.get("CONCENTER_IMPORT_RUNNER", "thread")


def runs_in_threads() -> bool:
    return runner() == "thread"


LINGER_POLL_SECONDS = 0.2


def linger_seconds() -> float:
    """How long a runner process waits for the next job when its own are done
    (CONCENTER_RUNNER_LINGER; `concenter serve` sets 60): the commit a user asks for after
    reading the check then runs at once in it, not after a new process's start-up."""
    try:
        return max(0.0, float(os.environ.get("CONCENTER_RUNNER_LINGER", "0")))
    except ValueError:
        return 0.0


def _waiting_marker():
    """The lingering runner's marker, one per database: two installations (or two test runs)
    sharing a working folder must not take each other's runner for their own."""
    from django.conf import settings

    db = connection.settings_dict
    where = f"{db.get('ENGINE')}|{db.get('HOST')}|{db.get('PORT')}|{db.get('NAME')}"
    key = hashlib.sha256(where.encode()).hexdigest()[:16]
    return settings.VAR_DIR / f"import-runner-{key}.waiting"


def _runner_waiting() -> bool:
    """True when a lingering runner is alive and looking at the queue (it touches its marker
    every LINGER_POLL_SECONDS): no new process is needed for a job just queued."""
    marker = _waiting_marker()
    try:
        age = time.time() - marker.stat().st_mtime
        pid = int(marker.read_text() or "0")
    except (OSError, ValueError):
        return False
    if age > 1 + 5 * LINGER_POLL_SECONDS or pid <= 0:
        return False
    try:
        os.kill(pid, 0)  # alive (a runner killed -9 leaves its marker behind)
    except OSError:
        return False
    return True


def _queued_ids() -> list[int]:
    return list(
        ImportBatch.objects.filter(job_state=JobState.QUEUED)
        .order_by("pk")
        .values_list("pk", flat=True)[:20]
    )


def _linger(seconds: float, log=None) -> int:
    """Wait up to `seconds` for queued jobs and run them (each one starts the wait again).
    The marker goes before the last look at the queue: a job queued by someone who saw the
    marker (and so started no process) is queued before that look, and run by it."""
    marker = _waiting_marker()
    done = 0
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            marker.write_text(str(os.getpid()))
            queued = _queued_ids()
            for batch_id in queued:
                if log:
                    log(f"batch {batch_id}: running")
                run(batch_id)
                done += 1
            if queued:
                deadline = time.monotonic() + seconds
            else:
                time.sleep(LINGER_POLL_SECONDS)
    finally:
        marker.unlink(missing_ok=True)
    for batch_id in _queued_ids():
        run(batch_id)
        done += 1
    return done


def _spawn_runner() -> None:
    """A runner process for the queue: the import's Python work then never shares a web
    worker's interpreter lock with the requests it serves (a thread's CPU-bound rows made
    other requests of that worker wait seconds), and it outlives a restarted worker. None
    when a runner is already waiting for work (`_linger`)."""
    if _runner_waiting():
        return
    linger = str(linger_seconds())  # a float read from the environment, as text
    process = subprocess.Popen(  # noqa: S603 - our own command; the one value is a float
        [sys.executable, "-m", "concenter", "work", "--once", "--linger", linger],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True, close_fds=True,
    )  # fmt: skip
    threading.Thread(target=process.wait, name="import-runner-reaper", daemon=True).start()


def claim(batch_id: int) -> bool:
    """Take a queued job (False when another runner took it first)."""
    taken = ImportBatch.objects.filter(pk=batch_id, job_state=JobState.QUEUED).update(
        job_state=JobState.RUNNING, job_heartbeat=clock.now(), progress_done=0
    )
    return taken == 1


def run(batch_id: int) -> None:
    """Run the queued job of a batch, to the end, in this thread."""
    from concenter.exchange import romanize, services, undo

    if not claim(batch_id):
        return
    batch = ImportBatch.objects.select_related("user").get(pk=batch_id)
    asked = batch.job  # the job may queue the next one on `batch` (a commit: the names)
    progress = Progress(batch_id)
    try:
        with translation.override(batch.language):
            if batch.job == Job.CHECK:
                services.batch_check(batch=batch, progress=progress)
            elif batch.job == Job.COMMIT:
                services.batch_commit(batch=batch, progress=progress)
            elif batch.job == Job.UNDO:
                undo.batch_undo(actor=batch.user, batch=batch, progress=progress)
            elif batch.job == Job.ROMANIZE:
                romanize.fill(batch_id, progress=progress)
    except Exception as exc:
        logger.exception("import job of batch %s failed", batch_id)
        ImportBatch.objects.filter(pk=batch_id).update(
            job_state=JobState.FAILED, job_error=str(exc)[:2000]
        )
        return
    else:
        # A commit may have queued the next job (the names to romanise): that one stays.
        ImportBatch.objects.filter(pk=batch_id, job=asked).update(
            job=Job.NONE, job_state=JobState.IDLE, job_error=""
        )
    finally:
        progress.close()
        clear_progress(batch_id)
    if ImportBatch.objects.filter(
        pk=batch_id, job=Job.ROMANIZE, job_state=JobState.QUEUED
    ).exists():
        run(batch_id)  # at once, in the same runner


def _thread_main(batch_id: int) -> None:
    close_old_connections()
    try:
        run(batch_id)
    finally:
        connection.close()


UNDO_INLINE_MAX_RECORDS = 5000


def _small(batch: ImportBatch) -> bool:
    if batch.job == Job.UNDO:
        return batch.created_count + batch.updated_count <= UNDO_INLINE_MAX_RECORDS
    return batch.file_size <= inline_max_bytes()


def start(batch: ImportBatch) -> None:
    """Run a batch's queued job now (small file) or in the background (large file; or left
    to `concenter work` when CONCENTER_IMPORT_RUNNER=command)."""
    if _small(batch):
        run(batch.pk)
        return
    if runner() == "process":
        _spawn_runner()
        return
    if not runs_in_threads():
        return
    threading.Thread(
        target=_thread_main, args=(batch.pk,), name=f"import-{batch.pk}", daemon=True
    ).start()


def is_stale(batch: ImportBatch, stale_seconds: float | None = None) -> bool:
    """A running job that has said nothing for STALE_SECONDS: its runner is gone."""
    stale_seconds = STALE_SECONDS if stale_seconds is None else stale_seconds
    if batch.job_state != JobState.RUNNING:
        return False
    snapshot = read_progress(batch)
    last = snapshot.at if snapshot else None
    if last is None and batch.job_heartbeat is not None:
        last = batch.job_heartbeat.timestamp()
    return last is not None and time.time() - last > stale_seconds


def mark_interrupted(batch: ImportBatch) -> None:
    from concenter.exchange.bulk import discard_pending
    from concenter.exchange.messages import msg

    if batch.job == Job.ROMANIZE:
        # The import itself is done: its names are romanised again from where they stopped.
        ImportBatch.objects.filter(pk=batch.pk, job_state=JobState.RUNNING).update(
            job_state=JobState.QUEUED
        )
        clear_progress(batch.pk)
        return
    ImportBatch.objects.filter(pk=batch.pk, job_state=JobState.RUNNING).update(
        job_state=JobState.FAILED,
        job_error=msg("The work was interrupted (the server stopped); nothing of it was stored."),
    )
    discard_pending(batch.pk)  # the hidden chunks of a chunked commit
    clear_progress(batch.pk)


def retry(batch: ImportBatch) -> None:
    """Queue an interrupted or failed job again."""
    ImportBatch.objects.filter(pk=batch.pk, job_state=JobState.FAILED).update(
        job_state=JobState.QUEUED, job_error=""
    )


def work(
    *,
    once: bool = False,
    poll_seconds: float = 2.0,
    log=None,
    stale_seconds: float | None = None,
    linger: float = 0.0,
) -> int:
    """Run queued jobs, oldest first; recover stale ones; send the messages that are due
    (notifications.sender). Returns the number of jobs run. `once` with `linger`: then wait
    that many seconds for more jobs (`_linger`) before ending."""
    from concenter.notifications.schedule import scheduled_scans_run
    from concenter.notifications.sender import send_due

    done = 0
    while True:
        for batch in ImportBatch.objects.filter(job_state=JobState.RUNNING):
            if is_stale(batch, stale_seconds):
                mark_interrupted(batch)
                if log:
                    log(f"batch {batch.pk}: interrupted job marked")
        for batch_id in _queued_ids():
            if log:
                log(f"batch {batch_id}: running")
            run(batch_id)
            done += 1
        scheduled_scans_run(force=once, log=log)
        send_due(log=log)
        if once:
            if linger > 0:
                done += _linger(linger, log)
            return done
        close_old_connections()
        time.sleep(poll_seconds)
