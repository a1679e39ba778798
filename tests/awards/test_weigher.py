"""The programme's weigher (integer sums over one common denominator) gives exactly the weighted
score of the formula, whatever order new parts arrive in (a new part can grow the denominator)."""

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from concenter.awards.results import Weigher


@dataclass
class _Criterion:
    pk: int
    weight: Decimal
    max_score: Decimal


def _formula(scores, criteria) -> Fraction:
    total_weight = sum(Fraction(c.weight) for c in criteria)
    value = sum(
        Fraction(c.weight) * Fraction(scores[c.pk]) / Fraction(c.max_score) for c in criteria
    )
    return 100 * value / total_weight


_decimal_1 = st.integers(min_value=0, max_value=200).map(lambda n: Decimal(n).scaleb(-1))
_criteria = st.lists(
    st.tuples(
        st.integers(min_value=1, max_value=9999).map(lambda n: Decimal(n).scaleb(-2)),
        st.integers(min_value=1, max_value=200).map(lambda n: Decimal(n).scaleb(-1)),
    ),
    min_size=1,
    max_size=7,
).map(lambda pairs: [_Criterion(i + 1, w, m) for i, (w, m) in enumerate(pairs)])


@given(_criteria, st.data())
@settings(max_examples=150)
def test_every_card_scores_what_the_formula_says(criteria, data):
    weigher = Weigher(criteria)
    cards = data.draw(
        st.lists(
            st.fixed_dictionaries({c.pk: _decimal_1 for c in criteria}), min_size=1, max_size=12
        )
    )
    for scores in cards:
        assert weigher.exact(scores) == _formula(scores, criteria)
    # Earlier cards still score the same after later ones grew the common denominator.
    for scores in cards:
        assert weigher.exact(scores) == _formula(scores, criteria)
