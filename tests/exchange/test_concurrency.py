"""An import among other users: it finishes on PostgreSQL with progress reporting on, and it
never holds a lock others need for longer than a chunk (docs/adr/0008-chunked-import-commit.md).

These tests use real connections (transactional test database), threads and timeouts: a
test fails, never hangs, while a lock is held."""

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from concenter.exchange import jobs, services
from concenter.exchange.models import ImportBatch, Status
from concenter.people.models import Person
from tests.exchange.helpers import PEOPLE_TH, person

pytestmark = pytest.mark.django_db(transaction=True)

HANG_SECONDS = 60


def _upload(user, rows, name="people.csv"):
    content = "\n".join(",".join(r) for r in rows).encode("utf-8-sig")
    return services.import_upload(
        actor=user, upload=SimpleUploadedFile(name, content), kind="people", language="th"
    )


def _unblock_waiting_backends() -> None:
    """End the PostgreSQL backends that wait for a lock (what a hung import leaves)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "
            "current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'"
        )


def _in_thread(function, *args):
    """Run `function` in a thread with its own connection; (thread, errors)."""
    errors: list[BaseException] = []

    def main():
        try:
            function(*args)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=main, daemon=True)
    thread.start()
    return thread, errors


def test_a_commit_with_progress_reporting_finishes(areas_after_flush, district_officer):
    """The path the pages and the API take: upload, check, commit, each run by the job runner
    (which reports progress) in a thread of its own, as in a web process."""
    # No profession: the professions are seeded by a migration, and an earlier transactional test
    # empties every table (areas_after_flush brings back only the areas).
    rows = [[*person(name)[:5], "", *person(name)[6:]] for name in ("หนึ่ง", "สอง", "สาม")]
    batch = _upload(district_officer, [PEOPLE_TH, *rows])
    for ask in (None, services.import_commit_request):
        if ask is not None:
            ask(actor=district_officer, batch=batch)
        thread, errors = _in_thread(jobs.run, batch.pk)
        thread.join(HANG_SECONDS)
        if thread.is_alive():
            _unblock_waiting_backends()
            thread.join(10)
            pytest.fail(f"the import job still ran after {HANG_SECONDS} s: a lock never freed")
        assert not errors, errors
    batch.refresh_from_db()
    assert (batch.status, batch.created_count, batch.job_error) == (Status.DONE, 3, "")
    assert Person.objects.filter(given_name__in=["หนึ่ง", "สอง", "สาม"]).count() == 3
    assert ImportBatch.objects.get(pk=batch.pk).job_state == "idle"
