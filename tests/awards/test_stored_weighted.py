"""Each submitted scorecard stores its weighted score exactly as `Weigher` computes it, and the
results read from the stored scores are identical to the results weighed from every score
(issue #20: the national results page must not read 400,000 scores)."""

import importlib
import random
from decimal import Decimal
from fractions import Fraction

import pytest
from django.apps import apps as django_apps
from django.db import connection

from concenter.awards import services
from concenter.awards.models import Criterion, Score, Scorecard
from concenter.awards.results import Weigher, programme_results
from tests.awards import helpers as h
from tests.awards.test_results import compute, run

pytestmark = pytest.mark.django_db

CRITERIA = (("ผลงาน", "3", "10"), ("แบบอย่าง", "1.5", "7.5"), ("ความร่วมมือ", "2", "3"))


def _card(nomination, judge_user):
    return Scorecard.objects.get(nomination=nomination, judge__user=judge_user)


def _snapshot(outcome):
    """Everything the results show: rows, ranks, scores, each card's figures, judge stats."""
    rows = [
        (r.nomination_id, r.rank, r.final_score, r.median, r.judge_scores, r.selected)
        for r in outcome.results.rows + outcome.results.not_rankable
    ]
    cards = {
        nid: [(v.card.pk, v.complete, v.ignored, v.weighted, v.normalized) for v in views]
        for nid, views in outcome.cards.items()
    }
    stats = {jid: (s.count, s.mean, s.deviation) for jid, s in outcome.judge_stats.items()}
    return rows, cards, stats, outcome.results.complete


def test_a_submitted_card_stores_what_the_weigher_computes(province_officer):
    programme, (nomination,), (judge,) = run(
        province_officer, nominees=1, judges=1, criteria=CRITERIA
    )
    h.score(judge, nomination, ["7.5", "2", "1.5"], submit=False)
    card = _card(nomination, judge)
    assert card.weighted_numerator is None and card.weighted_denominator is None
    services.scorecard_submit(actor=judge, nomination_id=nomination.pk)
    card.refresh_from_db()
    criteria = list(Criterion.objects.filter(programme=programme))
    scores = {s.criterion_id: s.value for s in card.scores.all()}
    expected = Weigher(criteria).exact(scores)
    assert Fraction(card.weighted_numerator, card.weighted_denominator) == expected
    # 100 x (3 x 7.5/10 + 1.5 x 2/7.5 + 2 x 1.5/3) / 6.5 = 100 x 3.65 / 6.5 = 730/13
    assert expected == Fraction(730, 13)

    services.scorecard_reopen(actor=province_officer, scorecard_id=card.pk)
    card.refresh_from_db()
    assert card.weighted_numerator is None and card.weighted_denominator is None


@pytest.mark.parametrize("normalize", [False, True])
def test_results_from_stored_scores_equal_results_weighed_from_every_score(
    province_officer, normalize
):
    rng = random.Random(20)
    programme, nominations, judges = run(
        province_officer, nominees=6, judges=4, criteria=CRITERIA, normalize=normalize
    )
    maxima = [Decimal(m) for _n, _w, m in CRITERIA]
    for nomination in nominations:
        for judge in judges:
            values = [str(Decimal(rng.randint(0, int(m * 2))) / 2) for m in maxima]
            h.score(judge, nomination, values, submit=rng.random() < 0.85)
    stored = compute(province_officer, programme)
    assert Scorecard.objects.filter(
        nomination__programme=programme, weighted_denominator__isnull=False
    ).exists()
    # The same programme with no stored score: every card weighed from its scores.
    Scorecard.objects.filter(nomination__programme=programme).update(
        weighted_numerator=None, weighted_denominator=None
    )
    weighed = programme_results(programme)
    assert _snapshot(stored) == _snapshot(weighed)
    # The drill-down and the export still see every score of the cards they show.
    nid = nominations[0].pk
    Scorecard.objects.filter(nomination__programme=programme, submitted_at__isnull=False).update(
        weighted_numerator=None, weighted_denominator=None
    )
    migration = importlib.import_module("concenter.awards.migrations.0002_scorecard_weighted_score")
    migration.fill_weighted_scores(django_apps, connection.schema_editor())
    refilled = programme_results(programme)
    assert _snapshot(refilled) == _snapshot(weighed)
    detail = programme_results(programme, with_scores=[nid])
    full = programme_results(programme, with_scores=True)
    for views in (detail.cards[nid], full.cards[nid]):
        assert [v.scores for v in views] == [v.scores for v in weighed.cards[nid]]
        assert [v.ordered for v in views] == [v.ordered for v in weighed.cards[nid]]
    assert [v.scores for vs in full.cards.values() for v in vs] == [
        v.scores for vs in weighed.cards.values() for v in vs
    ]


def test_the_results_read_no_score_of_a_card_whose_score_is_stored(province_officer):
    programme, nominations, judges = run(province_officer, nominees=2, judges=2)
    for nomination in nominations:
        for judge in judges:
            h.score(judge, nomination, ["8", "2.5"])
    before = _snapshot(compute(province_officer, programme))
    # Were the scores read, these cards would now be incomplete and not count.
    Score.objects.filter(scorecard__nomination__programme=programme).delete()
    assert _snapshot(programme_results(programme)) == before
