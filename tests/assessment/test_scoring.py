"""The scoring engine: levels from bands, dimension scores, the weighted total."""

from decimal import Decimal

import pytest

from concenter.assessment.rules import Band, band_of
from concenter.assessment.scoring import ScoredIndicator, level_from_bands, scores


@pytest.mark.parametrize(
    ("figure", "level"),
    [(0, 1), (1, 1), (2, 2), (3, 2), (4, 3), (6, 4), (9, 5), (100, 5), (None, None)],
    ids=["zero", "below-first", "first", "between", "second", "third", "fourth", "far", "none"],
)
def test_a_figure_reaches_the_level_of_the_highest_band_it_meets(figure, level):
    assert level_from_bands(figure, ["2", "4", "6", "9"]) == level


def test_a_dimension_scores_its_weighted_levels_over_the_best_possible():
    result = scores(
        {1: 1},
        [ScoredIndicator(1, weight=2, level=5), ScoredIndicator(1, weight=1, level=2)],
    )
    # (2×5 + 1×2) / (3×5) = 12/15 = 80%
    assert result.dimensions == {1: Decimal("80.00")}
    assert result.total == Decimal("80.00")


def test_the_total_weights_the_dimensions_by_their_weights():
    result = scores(
        {1: 30, 2: 70},
        [ScoredIndicator(1, weight=1, level=5), ScoredIndicator(2, weight=1, level=1)],
    )
    # 30 × 100% + 70 × 20% = 44
    assert result.dimensions == {1: Decimal("100.00"), 2: Decimal("20.00")}
    assert result.total == Decimal("44.00")


def test_an_unanswered_indicator_counts_as_nothing():
    result = scores(
        {1: 1}, [ScoredIndicator(1, weight=1, level=None), ScoredIndicator(1, weight=1, level=5)]
    )
    assert result.total == Decimal("50.00")


def test_weightless_indicators_and_empty_dimensions_are_left_out():
    result = scores(
        {1: 50, 2: 50},
        [ScoredIndicator(1, weight=0, level=1), ScoredIndicator(2, weight=1, level=4)],
    )
    assert result.dimensions == {2: Decimal("80.00")}
    assert result.total == Decimal("80.00")


def test_nothing_to_score_gives_no_total():
    assert scores({1: 10}, []).total is None


def test_scores_are_rounded_half_up_to_two_places():
    result = scores({1: 1}, [ScoredIndicator(1, weight=3, level=2), ScoredIndicator(1, 3, 1)])
    # 9 / 30 = 30%; and a third: 1/3 of 100 = 33.33
    assert result.total == Decimal("30.00")
    third = scores(
        {1: 1}, [ScoredIndicator(1, 1, 5), ScoredIndicator(1, 1, 0), ScoredIndicator(1, 1, 0)]
    )
    assert third.total == Decimal("33.33")


@pytest.mark.parametrize(
    ("score", "band"),
    [
        ("85", Band.TOP),
        ("80", Band.TOP),
        ("79.99", Band.GOOD),
        ("60", Band.GOOD),
        ("40", Band.FAIR),
        ("39.99", Band.DEVELOP),
    ],
)
def test_bands_of_a_total(score, band):
    assert band_of(Decimal(score), top_from=Decimal(80)) == band
