"""The engine's `weighed` input (counted cards given by their exact stored score, by nomination)
gives the results the same cards give with their scores (issue #20)."""

import random
from decimal import Decimal
from fractions import Fraction

import pytest

from concenter.awards import scoring

CRITERIA = [
    scoring.Criterion("a", Decimal("3"), Decimal("10")),
    scoring.Criterion("b", Decimal("1.5"), Decimal("7.5")),
    scoring.Criterion("c", Decimal("2"), Decimal("3")),
]


def _weighted(scores) -> Fraction:
    total = sum(Fraction(c.weight) for c in CRITERIA)
    return (
        100
        * sum(Fraction(c.weight) * Fraction(scores[c.id]) / Fraction(c.max_score) for c in CRITERIA)
        / total
    )


def _run(cards, weighed=(), **settings):
    return scoring.compute_results(
        criteria=CRITERIA,
        nominations=[scoring.Nomination(n, n % 2, True) for n in range(12)],
        scorecards=cards,
        weighed=weighed,
        conflicts=[scoring.Conflict(3, "j1"), scoring.Conflict(5, "j0")],
        quotas=scoring.Quotas(total=4, per_category={0: 1}),
        min_scorecards=2,
        **settings,
    )


@pytest.mark.parametrize("normalize", [False, True])
def test_weighed_cards_give_what_their_scores_give(normalize):
    rng = random.Random(7)
    cards, groups = [], []
    for nid in range(12):
        group = []
        for judge in ("j0", "j1", "j2"):
            scores = {c.id: Decimal(rng.randint(0, int(c.max_score * 2))) / 2 for c in CRITERIA}
            cards.append(scoring.Scorecard(nid, judge, scores, True, True))
            exact = _weighted(scores)
            group.append((judge, exact.numerator, exact.denominator))
        groups.append((nid, group))
    assert _run([], groups, normalize=normalize) == _run(cards, normalize=normalize)


def test_a_weighed_card_the_criteria_cannot_give_or_of_an_unknown_nomination_is_refused():
    with pytest.raises(scoring.ScoringError, match="not one the criteria can give"):
        _run([], [(0, [("j0", 1, 3)])], normalize=False)
    with pytest.raises(scoring.ScoringError, match="unknown nomination"):
        _run([], [(99, [("j0", 50, 1)])], normalize=False)
