"""Retention of what an import keeps about people: the uploaded file and the rejected rows.

Both hold personal data as uploaded (names, ID numbers, phones). They are kept while the batch
is worked on and purged `older_than_days` after the upload (default IMPORT_RETENTION_DAYS, 30);
the batch itself (who, when, which file, the counts) and the list of records it touched stay,
so an import can still be traced and undone.

`purge_import_files` is meant to run from the daily `concenter retention` command.
"""

import contextlib
import datetime

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection

from concenter.common import clock
from concenter.exchange import staging
from concenter.exchange.models import ImportBatch, JobState

DEFAULT_DAYS = 30


def retention_days() -> int:
    return int(getattr(settings, "IMPORT_RETENTION_DAYS", DEFAULT_DAYS))


def purge_candidates(*, older_than_days: int | None = None):
    days = retention_days() if older_than_days is None else older_than_days
    cutoff = clock.now() - datetime.timedelta(days=days)
    return ImportBatch.objects.filter(created_at__lt=cutoff, purged_at__isnull=True).exclude(
        job_state__in=(JobState.QUEUED, JobState.RUNNING)
    )


def purge_import_files(*, older_than_days: int | None = None, for_real: bool = True) -> int:
    """Delete the stored uploads and rejected rows of batches older than the retention period;
    returns how many batches were (or, not for real, would be) purged."""
    batches = list(purge_candidates(older_than_days=older_than_days).only("pk", "stored_file"))
    if not for_real:
        return len(batches)
    now = clock.now()
    for batch in batches:
        if batch.stored_file:
            with contextlib.suppress(OSError):
                default_storage.delete(batch.stored_file)
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM exchange_rejectedrow WHERE batch_id = %s", [batch.pk])
            cursor.execute("DELETE FROM exchange_checkedchunk WHERE batch_id = %s", [batch.pk])
        staging.clear(batch.pk)
        ImportBatch.objects.filter(pk=batch.pk).update(stored_file="", purged_at=now)
    return len(batches)
