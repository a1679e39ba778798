"""Retention of nominations that did not win (PDPA; docs/privacy.md).

Two years after a programme was published, its nominations that were not selected (ineligible,
withdrawn, or ranked below the places) lose the statement, the nominee's proposed details, the
nominator's contact data and the evidence files. The nominee's name, category, scores and the
decisions stay, so the published results can still be explained."""

import datetime
import functools

from django.db import transaction
from django.db.models import Q, QuerySet

from concenter.awards.models import Evidence, Nomination, ProgrammeStatus
from concenter.common import clock
from concenter.common.uploads import delete_stored

NOMINATION_RETENTION_DAYS = 2 * 365
CLEARED_FIELDS = (
    "statement",
    "proposed_details",
    "nominator_phone",
    "nominator_email",
    "nominator_relation",
)


def nomination_retention_candidates(*, older_than_days: int) -> QuerySet[Nomination]:
    published_before = clock.now() - datetime.timedelta(days=older_than_days)
    holds_data = (
        ~Q(statement="")
        | ~Q(proposed_details="")
        | ~Q(nominator_phone="")
        | ~Q(nominator_email="")
        | ~Q(nominator_relation="")
        | Q(evidence__isnull=False)
    )
    return (
        Nomination.objects.filter(
            programme__status=ProgrammeStatus.PUBLISHED,
            programme__published_at__lt=published_before,
            selected=False,
        )
        .filter(holds_data)
        .distinct()
    )


@transaction.atomic
def nomination_retention_purge(
    *, older_than_days: int = NOMINATION_RETENTION_DAYS, for_real: bool = True
) -> int:
    """Erase what a nomination that did not win no longer needs; returns how many were (or,
    not for real, would be) purged."""
    from concenter.people.privacy import retention_erase

    rows = list(nomination_retention_candidates(older_than_days=older_than_days))
    if not for_real:
        return len(rows)
    return retention_erase(
        rows,
        cleared=CLEARED_FIELDS,
        needles=lambda nomination: [getattr(nomination, field) for field in CLEARED_FIELDS[2:]],
        days=older_than_days,
        also=_forget_evidence,
    )


def _forget_evidence(nomination: Nomination) -> list[str]:
    for evidence in Evidence.objects.filter(nomination=nomination):
        # The file goes once the row's deletion is committed: a rollback keeps both.
        transaction.on_commit(functools.partial(delete_stored, evidence.file))
        evidence.delete()
    return []
