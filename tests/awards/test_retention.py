"""Two years after publishing, nominations that did not win lose their statements, contacts and
evidence; the winners and every score stay."""

import datetime

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from concenter.awards.models import Evidence, Nomination, Programme, Scorecard
from concenter.awards.retention import nomination_retention_purge
from tests.awards.test_views import published

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def test_nominations_that_did_not_win_are_purged_two_years_after_publishing(
    province_officer, django_capture_on_commit_callbacks
):
    programme, _nominations, _judges = published(province_officer)
    losers = Nomination.objects.filter(programme=programme, selected=False)
    winners = Nomination.objects.filter(programme=programme, selected=True)
    assert losers.exists() and winners.exists()
    files = list(Evidence.objects.filter(nomination__in=losers).values_list("file", flat=True))
    assert files and all(default_storage.exists(name) for name in files)
    scorecards = Scorecard.objects.count()

    assert nomination_retention_purge() == 0  # published today: kept
    Programme.objects.filter(pk=programme.pk).update(
        published_at=timezone.now() - datetime.timedelta(days=800)
    )
    assert nomination_retention_purge(for_real=False) == losers.count()
    with django_capture_on_commit_callbacks(execute=True) as deletions:
        assert nomination_retention_purge() == losers.count()
    assert len(deletions) == len(files)  # the files go once the purge is committed

    for loser in losers:
        assert (loser.statement, loser.nominator_phone, loser.nominator_email) == ("", "", "")
        assert not loser.evidence.exists()
    assert not any(default_storage.exists(name) for name in files)
    assert all(winner.statement and winner.evidence.exists() for winner in winners)
    assert Scorecard.objects.count() == scorecards
    assert nomination_retention_purge() == 0
