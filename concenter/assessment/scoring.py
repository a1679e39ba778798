"""The scoring engine: pure functions from a template's weights and the levels given to
the scores of each dimension and the total, all out of 100. No database here, so the tests
can state the rule plainly.

* An indicator scores its level (1–5); a number indicator's level comes from its bands.
* A dimension scores the weighted mean of its indicators' levels over the best possible
  (level 5 everywhere) × 100; an unanswered indicator counts as 0.
* The total is the mean of the dimensions' scores weighted by the dimensions' weights.
* The score from the records is the same, over the indicators the records can answer only.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from concenter.assessment.rules import LEVEL_MAX, LEVEL_MIN

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def level_from_bands(figure: Decimal | int | None, bands: Sequence) -> int | None:
    """The level (1–5) a figure reaches: one more than the number of thresholds it meets."""
    if figure is None:
        return None
    value = Decimal(figure)
    reached = sum(1 for threshold in bands if value >= Decimal(str(threshold)))
    return max(LEVEL_MIN, min(LEVEL_MAX, LEVEL_MIN + reached))


@dataclass(frozen=True)
class ScoredIndicator:
    dimension: int  # the dimension's id
    weight: int
    level: int | None


@dataclass(frozen=True)
class Scores:
    total: Decimal | None
    dimensions: dict[int, Decimal]  # dimension id → score out of 100


def _rounded(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def scores(dimension_weights: dict[int, int], indicators: Iterable[ScoredIndicator]) -> Scores:
    """The score of each dimension and the total. A dimension without any indicator (or with
    only weightless ones) is left out of the total; with nothing to score the total is None."""
    earned: dict[int, Decimal] = {}
    possible: dict[int, Decimal] = {}
    for item in indicators:
        if item.weight <= 0:
            continue
        possible[item.dimension] = (
            possible.get(item.dimension, Decimal(0)) + item.weight * LEVEL_MAX
        )
        earned[item.dimension] = earned.get(item.dimension, Decimal(0)) + item.weight * (
            item.level or 0
        )
    by_dimension = {
        dimension: earned[dimension] / possible[dimension] * HUNDRED for dimension in possible
    }
    weight_sum = sum(dimension_weights.get(d, 0) for d in by_dimension)
    total = None
    if weight_sum > 0:
        total = _rounded(
            sum(by_dimension[d] * dimension_weights.get(d, 0) for d in by_dimension) / weight_sum
        )
    return Scores(total=total, dimensions={d: _rounded(value) for d, value in by_dimension.items()})
