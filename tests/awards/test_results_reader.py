"""The results read as plain columns (issue #20: a national programme's results page in a second)
are the results the model-based reader gave, figure by figure: ranks, scores, medians, z-scores,
ties, every card's figures and the judges' statistics, on a synthetic programme."""

import dataclasses

import pytest

from concenter.awards.models import Programme, Scorecard
from concenter.awards.results import programme_results
from concenter.synth.run import synth
from tests.awards.reference_results import reference_results

pytestmark = pytest.mark.django_db


def _snapshot(outcome):
    """Everything the pages, the API and the export show."""
    r = outcome.results
    rows = [dataclasses.asdict(row) for row in r.rows + r.not_rankable]
    # The judges in each row in the order the page and the API list them.
    orders = [
        (list(row.judge_scores), list(row.normalized_scores or ()))
        for row in r.rows + r.not_rankable
    ]
    summary = (
        r.complete,
        r.pending_ties,
        r.ignored_conflicted,
        r.ignored_unsubmitted,
        r.ignored_incomplete,
        r.usable_scorecards,
        r.normalized,
        r.unused_decisions,
    )
    nominations = [
        (n.pk, n.nominee_name, n.sort_key, n.category_id) for n in outcome.nominations.values()
    ]
    ineligible = [
        (n.pk, n.nominee_name, str(n.get_status_display()), n.screening_reason)
        for n in outcome.ineligible
    ]
    shown = [
        (nid, [(v.card.pk, v.judge.pk) for v in views]) for nid, views in outcome.cards.items()
    ]
    cards = {
        nid: [
            (
                v.card.pk,
                v.card.submitted,
                v.card.comment,
                v.judge.pk,
                v.scores,
                v.complete,
                v.ignored,
                v.weighted,
                v.normalized,
                v.ordered,
            )
            for v in views
        ]
        for nid, views in outcome.cards.items()
    }
    stats = [
        (jid, s.judge.pk, s.count, s.mean, s.deviation) for jid, s in outcome.judge_stats.items()
    ]
    ties = [
        (outcome.tie_label(tie), [n.pk for n in outcome.tie_nominations(tie)])
        for tie in r.pending_ties
    ]
    names = [(row.nomination_id, nomination.nominee_name) for row, nomination in outcome.rows]
    return rows, orders, summary, nominations, ineligible, shown, cards, stats, ties, names


def _same(programme, **kwargs):
    new, old = programme_results(programme, **kwargs), reference_results(programme, **kwargs)
    assert _snapshot(new) == _snapshot(old)
    for jid in old.judges:  # the judge's page builds only that judge's cards
        mine = [
            (nid, v.card.pk, v.weighted, v.ignored, v.normalized)
            for nid, v in new.cards.of_judge(jid)
        ]
        assert mine == [
            (nid, v.card.pk, v.weighted, v.ignored, v.normalized)
            for nid, views in old.cards.items()
            for v in views
            if v.judge.pk == jid
        ]
    return new


def test_the_plain_reader_gives_what_the_model_reader_gave_on_a_synthetic_programme():
    synth(scale="tiny", seed=20, audit_writes=False)
    programmes = list(Programme.objects.order_by("pk"))
    assert len(programmes) == 2
    for programme in programmes:
        outcome = _same(programme)
        assert outcome.results.rows and outcome.results.usable_scorecards
        assert outcome.results.ignored_conflicted + outcome.results.ignored_unsubmitted
        some = [row.nomination_id for row in outcome.results.rows[:3]]
        _same(programme, with_scores=some)
        _same(programme, with_scores=True)
        # z-scores
        programme.normalize = not programme.normalize
        _same(programme)
        _same(programme, with_scores=True)
        # ties: every counted card of two nominations gives the same score
        tied = outcome.results.rows[:2]
        for row in tied:
            Scorecard.objects.filter(nomination_id=row.nomination_id).exclude(
                weighted_denominator=None
            ).update(weighted_numerator=60, weighted_denominator=1)
        programme.normalize = False
        tie_outcome = _same(programme)
        assert any(row.tied_with for row in tie_outcome.results.rows)
        # cards whose weighted score was never stored (submitted before it was stored)
        cards = Scorecard.objects.filter(nomination__programme=programme).exclude(
            weighted_denominator=None
        )
        Scorecard.objects.filter(pk__in=list(cards.values_list("pk", flat=True)[::3])).update(
            weighted_numerator=None, weighted_denominator=None
        )
        _same(programme)
        programme.normalize = True
        _same(programme, with_scores=True)
