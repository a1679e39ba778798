"""Tests for concenter.awards.scoring (pure Python: no database, no Django)."""

from __future__ import annotations

import ast
import statistics
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from concenter.awards import scoring
from concenter.awards.scoring import (
    Conflict,
    Criterion,
    Decision,
    InvalidDecision,
    Nomination,
    PendingTie,
    Quotas,
    Scorecard,
    ScoringError,
    compute_results,
)

D = Decimal

# One criterion "q" with weight 1 and maximum 10: a judge's score is simply 10 x the score.
Q10 = [Criterion("q", D("1"), D("10"))]


def card(nid, jid, scores, *, submitted=True, complete=True):
    """A scorecard; ``scores`` is a dict, or one value for the single criterion "q"."""
    if not isinstance(scores, dict):
        scores = {"q": scores}
    scores = {cid: D(v) if isinstance(v, str) else v for cid, v in scores.items()}
    return Scorecard(nid, jid, scores, submitted=submitted, complete=complete)


def run(
    cards,
    *,
    nominations=None,
    criteria=Q10,
    quotas=None,
    min_scorecards=1,
    normalize=False,
    conflicts=(),
    decisions=(),
):
    if nominations is None:
        nominations = [
            Nomination(nid, None, True) for nid in dict.fromkeys(c.nomination_id for c in cards)
        ]
    return compute_results(
        criteria=criteria,
        nominations=nominations,
        scorecards=cards,
        conflicts=conflicts,
        quotas=quotas or Quotas(),
        min_scorecards=min_scorecards,
        normalize=normalize,
        decisions=decisions,
    )


def rows_by_id(results):
    return {row.nomination_id: row for row in [*results.rows, *results.not_rankable]}


def selection(results):
    return {row.nomination_id: row.selected_by for row in results.rows if row.selected}


# --------------------------------------------------------------------------- judge scores


@pytest.mark.parametrize(
    ("weights", "scores", "expected"),
    [
        # A: max 10, B: max 5.  100 x (2 x 8/10 + 1 x 2.5/5) / (2 + 1) = 100 x 2.1 / 3 = 70
        pytest.param(("2", "1"), ("8", "2.5"), "70.0000", id="weight_2_to_1"),
        # 100 x (1 x 8/10 + 1 x 2.5/5) / 2 = 100 x 1.3 / 2 = 65
        pytest.param(("1", "1"), ("8", "2.5"), "65.0000", id="equal_weights"),
        # 100 x (1 x 8/10 + 0 x 5/5) / 1 = 80: a zero-weight criterion does not count
        pytest.param(("1", "0"), ("8", "5"), "80.0000", id="zero_weight_criterion_ignored"),
        # 100 x (2 x 10/10 + 1 x 0/5) / 3 = 200/3 = 66.66666... -> 66.6667
        pytest.param(("2", "1"), ("10", "0"), "66.6667", id="thirds_rounded_to_4_places"),
        # 100 x (1 x 0.5/10 + 31 x 0/5) / 32 = 5/32 = 0.15625 -> 0.1563 (half up, not even)
        pytest.param(("1", "31"), ("0.5", "0"), "0.1563", id="half_rounded_up"),
        # 100 x (1 x 10/10 + 1 x 5/5) / 2 = 100
        pytest.param(("1", "1"), ("10", "5"), "100.0000", id="all_maximum_is_100"),
        # 100 x (0 + 0) / 2 = 0
        pytest.param(("1", "1"), ("0", "0"), "0.0000", id="all_zero_is_0"),
    ],
)
def test_judge_score_is_100_times_weighted_mean_of_score_over_maximum(weights, scores, expected):
    criteria = [Criterion("A", D(weights[0]), D("10")), Criterion("B", D(weights[1]), D("5"))]
    results = run([card("n1", "j1", {"A": scores[0], "B": scores[1]})], criteria=criteria)
    (row,) = results.rows
    assert str(row.judge_scores["j1"]) == expected
    assert str(row.final_score) == expected  # one judge: the final score is that score
    assert str(row.median) == expected


def test_final_score_is_mean_and_median_of_judge_scores():
    # judge scores 90, 60, 60 -> mean (90 + 60 + 60) / 3 = 70, median 60
    results = run([card("n1", "j1", "9"), card("n1", "j2", "6"), card("n1", "j3", "6")])
    (row,) = results.rows
    assert row.judge_scores == {"j1": D("90"), "j2": D("60"), "j3": D("60")}
    assert (str(row.final_score), str(row.median), row.scorecard_count) == ("70.0000", "60.0000", 3)
    assert row.normalized_scores is None
    assert row.rank == 1


def test_scores_spelled_differently_score_the_same():
    # 7.5, 7.50 and 7.500 are one value: 75 each, mean 75
    results = run([card("n1", "j1", "7.5"), card("n1", "j2", "7.50"), card("n1", "j3", "7.500")])
    (row,) = results.rows
    assert set(row.judge_scores.values()) == {D("75")}
    assert row.final_score == D("75")


# --------------------------------------------------------------------------- normalisation

# j1 is a wide scorer, j2 a narrow one (single criterion, raw = 10 x score).
#   j1: n1 100, n2 0, n3 50  -> mean 50, population std sqrt((50² + 50² + 0²)/3) = 40.8248
#       z: n1 50/40.8248 = +1.2247 (= sqrt 1.5), n2 -1.2247, n3 0
#   j2: n1 40, n2 60, n3 60  -> mean 160/3 = 53.3333, deviations -13.3333, +6.6667, +6.6667
#       std sqrt((177.78 + 44.44 + 44.44)/3) = sqrt(88.889) = 9.42809
#       z: n1 -13.3333/9.42809 = -1.4142 (= -sqrt 2), n2 +0.7071, n3 +0.7071
NORMALISATION_CARDS = [
    card("n1", "j1", "10"),
    card("n2", "j1", "0"),
    card("n3", "j1", "5"),
    card("n1", "j2", "4"),
    card("n2", "j2", "6"),
    card("n3", "j2", "6"),
]


@pytest.mark.parametrize(
    ("normalize", "expected_order", "expected_finals"),
    [
        # raw means: n1 (100 + 40)/2 = 70, n3 (50 + 60)/2 = 55, n2 (0 + 60)/2 = 30
        pytest.param(
            False,
            ["n1", "n3", "n2"],
            {"n1": "70.0000", "n3": "55.0000", "n2": "30.0000"},
            id="off_raw_means",
        ),
        # z means: n3 (0 + 0.70711)/2 = 0.35355; n1 (1.22474 - 1.41421)/2 = -0.09473;
        #          n2 (-1.22474 + 0.70711)/2 = -0.25882
        pytest.param(
            True,
            ["n3", "n1", "n2"],
            {"n3": "0.3536", "n1": "-0.0947", "n2": "-0.2588"},
            id="on_z_score_means",
        ),
    ],
)
def test_normalisation_replaces_each_judges_scores_by_z_scores(
    normalize, expected_order, expected_finals
):
    results = run(NORMALISATION_CARDS, normalize=normalize)
    assert [row.nomination_id for row in results.rows] == expected_order
    assert {row.nomination_id: str(row.final_score) for row in results.rows} == expected_finals
    rows = rows_by_id(results)
    # the raw 0-100 judge scores are shown either way
    assert rows["n1"].judge_scores == {"j1": D("100"), "j2": D("40")}
    if normalize:
        assert rows["n1"].normalized_scores == {"j1": D("1.2247"), "j2": D("-1.4142")}
        assert rows["n2"].normalized_scores == {"j1": D("-1.2247"), "j2": D("0.7071")}
        assert rows["n3"].normalized_scores == {"j1": D("0.0000"), "j2": D("0.7071")}
    else:
        assert rows["n1"].normalized_scores is None


def test_judge_with_all_equal_scores_gets_zero_z_scores():
    # j3 gives every nomination 7 (raw 70): std 0, so z = 0 for each (no division by zero)
    cards = [c for c in NORMALISATION_CARDS if c.judge_id == "j1"]
    cards += [card("n1", "j3", "7"), card("n2", "j3", "7"), card("n3", "j3", "7")]
    results = run(cards, normalize=True)
    rows = rows_by_id(results)
    assert {nid: row.normalized_scores["j3"] for nid, row in rows.items()} == {
        "n1": D("0.0000"),
        "n2": D("0.0000"),
        "n3": D("0.0000"),
    }
    assert rows["n1"].judge_scores["j3"] == D("70")
    # finals: n1 (1.22474 + 0)/2 = 0.61237, n3 (0 + 0)/2 = 0, n2 (-1.22474 + 0)/2 = -0.61237
    assert {nid: str(row.final_score) for nid, row in rows.items()} == {
        "n1": "0.6124",
        "n3": "0.0000",
        "n2": "-0.6124",
    }


def test_a_programme_where_every_judge_gives_equal_scores_ties_everyone_at_zero():
    cards = [
        card("n1", "j1", "5"),
        card("n2", "j1", "5"),
        card("n1", "j2", "3"),
        card("n2", "j2", "3"),
    ]
    results = run(cards, normalize=True)
    assert [(row.rank, str(row.final_score)) for row in results.rows] == [(1, "0.0000")] * 2


def test_normalisation_uses_only_usable_cards_of_the_judge():
    # j1's conflicted card for n3 (score 0) must not enter j1's mean and std:
    #   j1 usable: n1 100, n2 0 -> mean 50, std 50 -> z +1, -1.
    #   (with n3 = 0 included: mean 33.33, std 47.14 -> z(n1) = 1.4142)
    cards = [card("n1", "j1", "10"), card("n2", "j1", "0"), card("n3", "j1", "0")]
    results = run(cards, normalize=True, conflicts=[Conflict("n3", "j1")])
    rows = rows_by_id(results)
    assert rows["n1"].normalized_scores == {"j1": D("1.0000")}
    assert rows["n2"].normalized_scores == {"j1": D("-1.0000")}
    assert rows["n3"].scorecard_count == 0 and not rows["n3"].rankable


# --------------------------------------------------------------------------- ignored cards


def test_conflicted_cards_are_ignored():
    cards = [
        card("n1", "j1", "8"),
        card("n1", "j2", "6"),
        card("n1", "j3", "2"),
        card("n2", "j2", "5"),
    ]
    # j3 conflicted on n1; j1's conflict on n2 is irrelevant (j1 did not score n2)
    results = run(cards, conflicts=[Conflict("n1", "j3"), Conflict("n2", "j1")])
    row = rows_by_id(results)["n1"]
    # (80 + 60) / 2 = 70; with j3's 20 it would be (80 + 60 + 20) / 3 = 53.3333
    assert str(row.final_score) == "70.0000"
    assert row.judge_scores == {"j1": D("80"), "j2": D("60")}
    assert row.scorecard_count == 2
    assert (
        results.ignored_conflicted,
        results.ignored_unsubmitted,
        results.ignored_incomplete,
    ) == (
        1,
        0,
        0,
    )
    assert results.usable_scorecards == 3


@pytest.mark.parametrize(
    ("flags", "expected_counts"),
    [
        pytest.param({"submitted": False}, (0, 1, 0), id="unsubmitted"),
        pytest.param({"complete": False}, (0, 0, 1), id="incomplete"),
        pytest.param(
            {"submitted": False, "complete": False}, (0, 1, 0), id="both_counts_as_unsubmitted"
        ),
    ],
)
def test_incomplete_and_unsubmitted_cards_are_ignored(flags, expected_counts):
    cards = [card("n1", "j1", "8"), card("n1", "j2", "6"), card("n1", "j3", "0", **flags)]
    results = run(cards)
    (row,) = results.rows
    # (80 + 60) / 2 = 70; counting j3's 0 would give 46.6667
    assert str(row.final_score) == "70.0000"
    assert set(row.judge_scores) == {"j1", "j2"}
    assert (
        results.ignored_conflicted,
        results.ignored_unsubmitted,
        results.ignored_incomplete,
    ) == (expected_counts)


def test_conflict_takes_precedence_when_counting_ignored_cards():
    results = run(
        [card("n1", "j1", "8"), card("n1", "j2", "6", submitted=False, complete=False)],
        conflicts=[Conflict("n1", "j2")],
    )
    assert (
        results.ignored_conflicted,
        results.ignored_unsubmitted,
        results.ignored_incomplete,
    ) == (
        1,
        0,
        0,
    )


def test_ignored_cards_are_not_validated():
    # a draft with an out-of-range score and an unknown criterion does not block the results
    draft = card("n1", "j2", {"q": "99", "zzz": "1"}, submitted=False, complete=False)
    results = run([card("n1", "j1", "8"), draft])
    assert str(results.rows[0].final_score) == "80.0000"


# --------------------------------------------------------------------------- minimum cards


def test_nomination_with_fewer_than_minimum_usable_cards_is_not_rankable():
    cards = [
        card("n1", "j1", "5"),
        card("n1", "j2", "5"),  # n1: 2 usable cards -> rankable
        card("n2", "j1", "10"),  # n2: 1 card -> not rankable, although its score is highest
        card("n3", "j1", "9"),
        card("n3", "j2", "9"),  # n3: 2 cards, but j2 is conflicted -> 1 usable -> not rankable
    ]
    results = run(cards, min_scorecards=2, conflicts=[Conflict("n3", "j2")], quotas=Quotas(total=5))
    assert [row.nomination_id for row in results.rows] == ["n1"]
    assert [row.nomination_id for row in results.not_rankable] == ["n2", "n3"]
    n2 = rows_by_id(results)["n2"]
    assert (n2.rank, n2.final_score, n2.median, n2.rankable, n2.selected) == (
        None,
        None,
        None,
        False,
        False,
    )
    assert n2.judge_scores == {"j1": D("100")}  # still shown
    assert selection(results) == {"n1": "total"}


def test_nomination_without_any_usable_card_is_not_rankable_even_with_minimum_one():
    nominations = [Nomination("n1", None, True), Nomination("n2", None, True)]
    results = run([card("n1", "j1", "5")], nominations=nominations, min_scorecards=1)
    assert [row.nomination_id for row in results.not_rankable] == ["n2"]
    assert results.not_rankable[0].scorecard_count == 0


# --------------------------------------------------------------------------- ordering


@pytest.mark.parametrize(
    ("scores_a", "scores_b", "expected_order"),
    [
        # mean a (80 + 60)/2 = 70 > mean b (70 + 65)/2 = 67.5, though b's scores are closer
        pytest.param(["8", "6"], ["7", "6.5"], ["a", "b"], id="higher_final_score_first"),
        # equal means 70 = 70; medians a 60 (of 90, 60, 60) < b 70 (of 80, 70, 60)
        pytest.param(["9", "6", "6"], ["8", "7", "6"], ["b", "a"], id="then_higher_median"),
        # equal means 70; a's median 70 (of 70, 70) beats b's 60 (of 90, 60, 60) although b
        # has more scorecards: the median comes before the count
        pytest.param(["7", "7"], ["9", "6", "6"], ["a", "b"], id="median_before_count"),
        # equal means 70 and medians 70; a has 2 cards, b has 3
        pytest.param(["7", "7"], ["6", "7", "8"], ["b", "a"], id="then_more_scorecards"),
    ],
)
def test_order_is_final_score_then_median_then_scorecard_count(scores_a, scores_b, expected_order):
    cards = [card("a", f"j{i}", s) for i, s in enumerate(scores_a)]
    cards += [card("b", f"j{i}", s) for i, s in enumerate(scores_b)]
    results = run(cards)
    assert [row.nomination_id for row in results.rows] == expected_order
    assert [row.rank for row in results.rows] == [1, 2]
    assert all(row.tied_with == frozenset() for row in results.rows)


def test_nominations_equal_on_all_three_keys_tie_with_competition_ranking():
    # a: 60, 80 -> mean 70, median 70, 2 cards; b: 80, 60 -> the same; c: 70, 60 -> 65; d: 50, 50
    cards = [
        card("a", "j1", "6"),
        card("a", "j2", "8"),
        card("b", "j1", "8"),
        card("b", "j2", "6"),
        card("c", "j1", "7"),
        card("c", "j2", "6"),
        card("d", "j1", "5"),
        card("d", "j2", "5"),
    ]
    results = run(cards)
    rows = rows_by_id(results)
    assert {nid: row.rank for nid, row in rows.items()} == {"a": 1, "b": 1, "c": 3, "d": 4}
    assert rows["a"].tied_with == frozenset({"b"})
    assert rows["b"].tied_with == frozenset({"a"})
    assert rows["c"].tied_with == frozenset()


def test_exact_arithmetic_makes_mathematically_equal_scores_tie():
    # three equal criteria, max 10; naive floats give 45.00000000000001 vs 45.0 here.
    # a: j1 100 x (0 + 0.3 + 0.7)/3 = 33.3333, j2 100 x (0.45 + 0.6 + 0.65)/3 = 56.6667
    #    mean 100 x 2.7/6 = 45, median 45
    # b: j1 100 x (0.2 + 0.25 + 0.75)/3 = 40, j2 100 x (0.3 + 0.25 + 0.95)/3 = 50
    #    mean 45, median 45
    criteria = [Criterion(c, D("1"), D("10")) for c in "xyz"]
    cards = [
        card("a", "j1", {"x": "0", "y": "3", "z": "7"}),
        card("a", "j2", {"x": "4.5", "y": "6", "z": "6.5"}),
        card("b", "j1", {"x": "2", "y": "2.5", "z": "7.5"}),
        card("b", "j2", {"x": "3", "y": "2.5", "z": "9.5"}),
    ]
    results = run(cards, criteria=criteria)
    assert [row.rank for row in results.rows] == [1, 1]
    assert rows_by_id(results)["a"].judge_scores == {"j1": D("33.3333"), "j2": D("56.6667")}


def test_equal_z_scores_tie_under_normalisation():
    # j1: 90, 70, 50 (mean 70) and j2: 60, 80, 40 (mean 60) have the same std 16.3299, so
    # n1 gets z (+1.2247, 0) and n2 (0, +1.2247): both mean 0.6124, median 0.6124, 2 cards
    cards = [
        card("n1", "j1", "9"),
        card("n2", "j1", "7"),
        card("n3", "j1", "5"),
        card("n1", "j2", "6"),
        card("n2", "j2", "8"),
        card("n3", "j2", "4"),
    ]
    results = run(cards, normalize=True)
    rows = rows_by_id(results)
    assert (rows["n1"].rank, rows["n2"].rank, rows["n3"].rank) == (1, 1, 3)
    assert str(rows["n1"].final_score) == "0.6124"
    assert rows["n1"].tied_with == frozenset({"n2"})


# --------------------------------------------------------------------------- selection

# One judge, raw score = 10 x score:  n1 cat 1: 90, n2 cat 1: 85, n5 cat 1: 80,
#                                     n3 cat 2: 60, n4 cat 2: 50
SELECTION_NOMINATIONS = [
    Nomination("n1", 1, True),
    Nomination("n2", 1, True),
    Nomination("n3", 2, True),
    Nomination("n4", 2, True),
    Nomination("n5", 1, True),
]
SELECTION_CARDS = [
    card("n1", "j1", "9"),
    card("n2", "j1", "8.5"),
    card("n3", "j1", "6"),
    card("n4", "j1", "5"),
    card("n5", "j1", "8"),
]


@pytest.mark.parametrize(
    ("quotas", "expected"),
    [
        # category 1 takes n1, category 2 takes n3; 3 - 2 = 1 place left -> best of the rest,
        # n2 (85), although category 1 has filled its quota (literal reading)
        pytest.param(
            Quotas(total=3, per_category={1: 1, 2: 1}),
            {"n1": "category", "n3": "category", "n2": "total"},
            id="category_quotas_then_total_from_any_category",
        ),
        pytest.param(Quotas(total=2), {"n1": "total", "n2": "total"}, id="total_only"),
        pytest.param(
            Quotas(per_category={2: 2}), {"n3": "category", "n4": "category"}, id="category_only"
        ),
        pytest.param(
            Quotas(per_category={2: 5}),
            {"n3": "category", "n4": "category"},
            id="quota_larger_than_category",
        ),
        # categories take 2 + 2 = 4 > total 3: nobody is removed and the total adds nobody
        pytest.param(
            Quotas(total=3, per_category={1: 2, 2: 2}),
            {"n1": "category", "n2": "category", "n3": "category", "n4": "category"},
            id="category_quotas_exceeding_total",
        ),
        pytest.param(Quotas(), {}, id="no_quotas_selects_nothing"),
        pytest.param(Quotas(total=0, per_category={1: 0}), {}, id="zero_quotas_select_nothing"),
    ],
)
def test_category_quotas_are_filled_first_then_the_total_quota(quotas, expected):
    results = run(SELECTION_CARDS, nominations=SELECTION_NOMINATIONS, quotas=quotas)
    assert selection(results) == expected
    assert results.complete
    assert results.pending_ties == []


def test_ineligible_nominations_are_ranked_but_skipped_in_selection():
    nominations = [
        Nomination("n1", 1, False),  # 90, best but ineligible
        Nomination("n2", 1, True),  # 80
        Nomination("n3", 2, True),  # 70
        Nomination("n4", 2, True),  # 60
    ]
    cards = [
        card("n1", "j1", "9"),
        card("n2", "j1", "8"),
        card("n3", "j1", "7"),
        card("n4", "j1", "6"),
    ]
    results = run(cards, nominations=nominations, quotas=Quotas(total=2, per_category={1: 1}))
    # category 1 skips n1 and takes n2; the total's last place skips n1 and goes to n3
    assert selection(results) == {"n2": "category", "n3": "total"}
    n1 = rows_by_id(results)["n1"]
    assert (n1.rank, n1.eligible, n1.selectable, n1.selected) == (1, False, False, False)


def test_ineligible_nomination_tied_at_the_cut_off_does_not_make_a_pending_tie():
    nominations = [Nomination("n1", None, False), Nomination("n2", None, True)]
    results = run(
        [card("n1", "j1", "8"), card("n2", "j1", "8")],
        nominations=nominations,
        quotas=Quotas(total=1),
    )
    assert selection(results) == {"n2": "total"}
    assert results.complete
    assert rows_by_id(results)["n1"].tied_with == frozenset({"n2"})  # the ranking tie is shown


# --------------------------------------------------------------------------- ties at a cut-off

# n0 cat 1: 90; n1, n2 cat 1: 80 (tied); n4 cat 2: 75; n3 cat 1: 70
TIE_NOMINATIONS = [
    Nomination("n0", 1, True),
    Nomination("n1", 1, True),
    Nomination("n2", 1, True),
    Nomination("n3", 1, True),
    Nomination("n4", 2, True),
]
TIE_CARDS = [
    card("n0", "j1", "9"),
    card("n1", "j1", "8"),
    card("n2", "j1", "8"),
    card("n3", "j1", "7"),
    card("n4", "j1", "7.5"),
]
CATEGORY_TIE_QUOTAS = Quotas(total=3, per_category={1: 2})
CATEGORY_TIE = frozenset({"n1", "n2"})


def test_category_tie_at_the_cut_off_is_left_pending():
    results = run(TIE_CARDS, nominations=TIE_NOMINATIONS, quotas=CATEGORY_TIE_QUOTAS)
    # category 1: n0 is strictly above the tie; n1 = n2 compete for the 1 remaining place
    assert results.pending_ties == [PendingTie("category", 1, CATEGORY_TIE, 1)]
    assert not results.complete
    # total stage: 3 - 1 selected - 1 pending place = 1 place; n1, n2 are not available,
    # so the best of the rest is n4 (75) ahead of n3 (70)
    assert selection(results) == {"n0": "category", "n4": "total"}


def test_decision_resolves_category_tie_and_computation_continues():
    decision = Decision(CATEGORY_TIE, frozenset({"n2"}))
    results = run(
        TIE_CARDS, nominations=TIE_NOMINATIONS, quotas=CATEGORY_TIE_QUOTAS, decisions=[decision]
    )
    assert results.complete
    assert results.pending_ties == []
    assert results.unused_decisions == []
    # total stage: 3 - 2 = 1 place; n1 (80), not chosen by the decision, now competes and
    # beats n4 (75)
    assert selection(results) == {"n0": "category", "n2": "decision", "n1": "total"}


def test_total_stage_tie_is_left_pending_then_decided():
    quotas = Quotas(total=2)
    pending = run(TIE_CARDS, nominations=TIE_NOMINATIONS, quotas=quotas)
    assert pending.pending_ties == [PendingTie("total", None, CATEGORY_TIE, 1)]
    assert selection(pending) == {"n0": "total"}  # strictly above the tie
    assert not pending.complete

    decided = run(
        TIE_CARDS,
        nominations=TIE_NOMINATIONS,
        quotas=quotas,
        decisions=[Decision(CATEGORY_TIE, frozenset({"n1"}))],
    )
    assert decided.complete
    assert selection(decided) == {"n0": "total", "n1": "decision"}


def test_tie_that_fits_entirely_within_the_places_needs_no_decision():
    results = run(TIE_CARDS, nominations=TIE_NOMINATIONS, quotas=Quotas(total=3))
    assert selection(results) == {"n0": "total", "n1": "total", "n2": "total"}
    assert results.complete


def test_decision_that_matches_no_current_tie_is_reported_unused():
    stale = Decision(frozenset({"n1", "n2", "n3"}), frozenset({"n1"}))
    results = run(TIE_CARDS, nominations=TIE_NOMINATIONS, quotas=Quotas(total=2), decisions=[stale])
    assert results.unused_decisions == [stale]
    assert not results.complete


@pytest.mark.parametrize(
    ("selected_ids", "message"),
    [
        pytest.param({"n3"}, "not part of the tie", id="selects_outside_the_tie"),
        pytest.param({"n1", "n2"}, "exactly 1 of them, but selects 2", id="selects_too_many"),
        pytest.param(set(), "exactly 1 of them, but selects 0", id="selects_none"),
    ],
)
def test_invalid_decision_is_refused(selected_ids, message):
    decision = Decision(CATEGORY_TIE, frozenset(selected_ids))
    with pytest.raises(InvalidDecision, match=message):
        run(TIE_CARDS, nominations=TIE_NOMINATIONS, quotas=Quotas(total=2), decisions=[decision])


def test_two_different_decisions_for_the_same_tie_are_refused():
    decisions = [
        Decision(CATEGORY_TIE, frozenset({"n1"})),
        Decision(CATEGORY_TIE, frozenset({"n2"})),
    ]
    with pytest.raises(InvalidDecision, match="Two different decisions"):
        run(TIE_CARDS, nominations=TIE_NOMINATIONS, quotas=Quotas(total=2), decisions=decisions)


# --------------------------------------------------------------------------- validation

TWO_CRITERIA = [Criterion("A", D("1"), D("10")), Criterion("B", D("1"), D("5"))]


@pytest.mark.parametrize(
    ("scores", "message"),
    [
        pytest.param(
            {"A": "10.5", "B": "1"},
            "criterion 'A'.*outside the allowed range 0..10",
            id="above_maximum",
        ),
        pytest.param(
            {"A": "1", "B": "-0.5"}, "criterion 'B'.*outside the allowed range", id="negative"
        ),
        pytest.param(
            {"A": "7.25", "B": "1"}, "criterion 'A'.*not a multiple of 0.5", id="not_half_point"
        ),
        pytest.param({"A": "NaN", "B": "1"}, "criterion 'A'.*not a finite number", id="nan"),
        pytest.param(
            {"A": "7", "B": "7"},
            "criterion 'B'.*outside the allowed range 0..5",
            id="above_other_maximum",
        ),
        pytest.param(
            {"A": 7.3, "B": "1"}, "criterion 'A'.*not a multiple of 0.5", id="inexact_float"
        ),
        pytest.param(
            {"A": "7", "B": "1", "C": "1"}, "unknown criterion 'C'", id="unknown_criterion"
        ),
        pytest.param({"A": "7", "C": "1"}, "unknown criterion 'C'", id="unknown_instead_of_known"),
        pytest.param(
            {"A": "7"}, "no score for criterion 'B'", id="complete_card_missing_criterion"
        ),
    ],
)
def test_invalid_scores_are_refused_naming_nomination_judge_and_criterion(scores, message):
    cards = [card("n1", "j1", {"A": "5", "B": "5"}), card("n1", "j2", scores)]
    with pytest.raises(ScoringError, match=message) as error:
        run(cards, criteria=TWO_CRITERIA)
    assert "'n1'" in str(error.value)
    assert "'j2'" in str(error.value)


def test_a_string_score_is_refused():
    cards = [card("n1", "j1", {"q": "7"})]
    bad = Scorecard("n1", "j2", {"q": "7"}, submitted=True, complete=True)
    with pytest.raises(ScoringError, match="must be a Decimal"):
        run([*cards, bad])


def test_a_previously_seen_value_does_not_hide_a_range_error_on_another_criterion():
    # 7 is valid for A (max 10) and cached, but must still be refused for B (max 5)
    cards = [card("n1", "j1", {"A": "7", "B": "5"}), card("n2", "j1", {"A": "7", "B": "7"})]
    with pytest.raises(ScoringError, match="nomination 'n2', judge 'j1', criterion 'B'"):
        run(cards, criteria=TWO_CRITERIA)


@pytest.mark.parametrize(
    ("criteria", "message"),
    [
        pytest.param(
            [Criterion("A", D("-1"), D("10")), Criterion("B", D("2"), D("10"))],
            "weight of criterion 'A' is negative",
            id="negative_weight",
        ),
        pytest.param(
            [Criterion("A", D("0"), D("10")), Criterion("B", D("0"), D("10"))],
            "total weight of the criteria is zero",
            id="zero_total_weight",
        ),
        pytest.param([], "no criteria", id="no_criteria"),
        pytest.param(
            [Criterion("A", D("1"), D("0"))],
            "maximum score of criterion 'A' must be positive",
            id="zero_maximum",
        ),
        pytest.param(
            [Criterion("A", D("1"), D("10")), Criterion("A", D("1"), D("10"))],
            "listed twice",
            id="duplicate_id",
        ),
    ],
)
def test_invalid_criteria_are_refused(criteria, message):
    with pytest.raises(ScoringError, match=message):
        run([], nominations=[], criteria=criteria)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param(
            {"cards": [card("n1", "j1", "5"), card("n1", "j1", "6")]},
            "Judge 'j1' has more than one counted scorecard for nomination 'n1'",
            id="two_counted_cards_same_judge",
        ),
        pytest.param(
            {"cards": [card("n9", "j1", "5")], "nominations": [Nomination("n1", None, True)]},
            "unknown nomination 'n9'",
            id="unknown_nomination",
        ),
        pytest.param({"quotas": Quotas(total=-1)}, "total quota is negative", id="negative_total"),
        pytest.param(
            {"quotas": Quotas(per_category={1: -2})},
            "quota of category 1 is negative",
            id="negative_category_quota",
        ),
        pytest.param(
            {"min_scorecards": 0}, "min_scorecards must be at least 1", id="minimum_below_one"
        ),
        pytest.param(
            {"nominations": [Nomination("n1", None, True), Nomination("n1", 2, True)]},
            "Nomination 'n1' is listed twice",
            id="duplicate_nomination",
        ),
    ],
)
def test_invalid_programme_input_is_refused(kwargs, message):
    kwargs.setdefault("cards", [card("n1", "j1", "5")])
    with pytest.raises(ScoringError, match=message):
        run(**kwargs)


def test_a_second_draft_beside_a_counted_card_is_not_a_duplicate():
    results = run([card("n1", "j1", "5"), card("n1", "j1", "9", submitted=False)])
    assert results.rows[0].judge_scores == {"j1": D("50")}


# --------------------------------------------------------------------------- module hygiene


def test_module_does_not_import_django():
    tree = ast.parse(Path(scoring.__file__).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert "django" not in imported
    assert "concenter" not in imported


def test_rules_are_available_for_the_results_page():
    for phrase in ("median", "z-score", "Ties at a cut-off", "not rankable", "eligible"):
        assert phrase in scoring.RULES


# --------------------------------------------------------------------------- property


def expected_ranks(criteria, nominations, cards, conflicts, min_scorecards):
    """Independent exact oracle (non-normalised): nid -> (rank, final Fraction)."""
    weights = {c.id: Fraction(c.weight) for c in criteria}
    maxima = {c.id: Fraction(c.max_score) for c in criteria}
    total_weight = sum(weights.values())
    conflict_pairs = {(c.nomination_id, c.judge_id) for c in conflicts}
    judge_scores = {n.id: [] for n in nominations}
    for c in cards:
        if c.submitted and c.complete and (c.nomination_id, c.judge_id) not in conflict_pairs:
            weighted = sum(weights[k] * Fraction(v) / maxima[k] for k, v in c.scores.items())
            judge_scores[c.nomination_id].append(100 * weighted / total_weight)
    keys = {
        nid: (statistics.mean(s), statistics.median(s), len(s))
        for nid, s in judge_scores.items()
        if s and len(s) >= min_scorecards
    }
    return {
        nid: (1 + sum(other > key for other in keys.values()), key[0]) for nid, key in keys.items()
    }


def half_up_4(value: Fraction) -> Decimal:
    q = (2 * abs(value.numerator) * 10_000 + value.denominator) // (2 * value.denominator)
    return Decimal(("-" if value < 0 and q else "") + f"{q}E-4")


@st.composite
def programmes(draw):
    criteria = []
    for i in range(draw(st.integers(1, 3))):
        weight = draw(st.sampled_from(["1", "2", "0.5", "0"]))
        criteria.append(Criterion(f"c{i}", D(weight), D(draw(st.sampled_from(["10", "5", "2"])))))
    if all(c.weight == 0 for c in criteria):
        criteria[0] = Criterion("c0", D("1"), criteria[0].max_score)
    categories = [1, 2, None]
    mostly = st.sampled_from([True] * 9 + [False])
    nearly_always = st.sampled_from([True] * 29 + [False])
    nominations = [
        Nomination(i, draw(st.sampled_from(categories)), draw(mostly))
        for i in range(draw(st.integers(0, 12)))
    ]
    judges = range(draw(st.integers(1, 3)))
    # A few scoring profiles (judge -> scores) shared by several nominations, so that exact
    # ties, and ties straddling a cut-off, are frequent.
    profiles = []
    for _ in range(draw(st.integers(1, 4))):
        profile = {}
        for judge in judges:
            if draw(mostly):
                profile[judge] = {
                    c.id: c.max_score * draw(st.sampled_from([1, 2, 0])) / 2 for c in criteria
                }
        profiles.append(profile)
    cards, conflicts = [], []
    for nom in nominations:
        for judge, scores in draw(st.sampled_from(profiles)).items():
            submitted, complete = draw(nearly_always), draw(nearly_always)
            cards.append(Scorecard(nom.id, judge, scores, submitted=submitted, complete=complete))
            if not draw(nearly_always):
                conflicts.append(Conflict(nom.id, judge))
    per_category = draw(st.dictionaries(st.sampled_from([1, 2, 3]), st.integers(0, 3)))
    total = draw(st.none() | st.integers(0, 8))
    return {
        "criteria": criteria,
        "nominations": nominations,
        "scorecards": cards,
        "conflicts": conflicts,
        "quotas": Quotas(total=total, per_category=per_category),
        "min_scorecards": draw(st.integers(1, 2)),
        "normalize": draw(st.booleans()),
    }


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programme=programmes(), data=st.data())
def test_property_selection_respects_quotas_and_order(programme, data):
    quotas = programme["quotas"]
    decisions: list[Decision] = []
    decided_stage: dict[frozenset, tuple[str, object]] = {}
    for _ in range(50):
        results = compute_results(**programme, decisions=decisions)
        check_selection(results, quotas, decisions, decided_stage)
        if results.complete:
            break
        # The committee decides the first pending tie (category ties come first; they do
        # not depend on the total stage, so earlier decisions stay valid).
        tie = results.pending_ties[0]
        order = data.draw(st.permutations(sorted(tie.nomination_ids)))
        decisions.append(Decision(tie.nomination_ids, frozenset(order[: tie.places])))
        decided_stage[tie.nomination_ids] = (tie.stage, tie.category_id)
    else:
        pytest.fail("ties kept appearing")
    assert results.unused_decisions == []

    rows = [*results.rows, *results.not_rankable]
    rank = {row.nomination_id: row.rank for row in rows}
    by_id = {row.nomination_id: row for row in rows}
    stage_of = stages(results, decisions, decided_stage)

    def decided_together(a, b):
        return any(a in d.nomination_ids and b in d.nomination_ids for d in decisions)

    # every selected nomination ranks at or above every unselected eligible rankable one of
    # the same stage; an equal rank is allowed only when the committee decided that tie
    for cat, quota in quotas.per_category.items():
        chosen = {nid for nid, st_ in stage_of.items() if st_ == ("category", cat)}
        pool = {r.nomination_id for r in results.rows if r.selectable and r.category_id == cat}
        assert len(chosen) == min(quota, len(pool))  # complete: quota filled as far as possible
        for s in chosen:
            for u in pool - chosen:
                assert rank[s] < rank[u] or (rank[s] == rank[u] and decided_together(s, u))
    cat_count = sum(1 for st_ in stage_of.values() if st_[0] == "category")
    total_chosen = {nid for nid, st_ in stage_of.items() if st_[0] == "total"}
    if quotas.total is not None:
        rest = {r.nomination_id for r in results.rows if r.selectable and not r.selected}
        assert len(total_chosen) == min(max(0, quotas.total - cat_count), len(rest | total_chosen))
        for s in total_chosen:
            for u in rest:
                assert rank[s] < rank[u] or (rank[s] == rank[u] and decided_together(s, u))
    else:
        assert not total_chosen

    # ranking agrees with an independent exact computation (non-normalised programmes)
    if not programme["normalize"]:
        oracle = expected_ranks(
            programme["criteria"],
            programme["nominations"],
            programme["scorecards"],
            programme["conflicts"],
            programme["min_scorecards"],
        )
        assert {r.nomination_id for r in results.rows} == set(oracle)
        for nid, (expected_rank, final) in oracle.items():
            assert by_id[nid].rank == expected_rank
            assert by_id[nid].final_score == half_up_4(final)
    ranks_in_order = [row.rank for row in results.rows]
    assert ranks_in_order == sorted(ranks_in_order)


def stages(results, decisions, decided_stage):
    """nid -> (stage, category or None) of every selected nomination."""
    out = {}
    for row in results.rows:
        if row.selected_by == "category":
            out[row.nomination_id] = ("category", row.category_id)
        elif row.selected_by == "total":
            out[row.nomination_id] = ("total", None)
        elif row.selected_by == "decision":
            (decision,) = [d for d in decisions if row.nomination_id in d.selected_ids]
            out[row.nomination_id] = decided_stage[decision.nomination_ids]
    return out


def check_selection(results, quotas, decisions, decided_stage):
    """Invariants that hold whether or not ties are pending."""
    for row in results.not_rankable:
        assert not row.selected and row.rank is None
    for row in results.rows:
        if row.selected:
            assert row.eligible and row.rankable
    stage_of = stages(results, decisions, decided_stage)
    if quotas.total is None and not quotas.per_category:
        assert not stage_of
    pending_category_places = 0
    for tie in results.pending_ties:
        assert not any(nid in stage_of for nid in tie.nomination_ids)
        if tie.stage == "category":
            pending_category_places += tie.places
    for cat, quota in quotas.per_category.items():
        chosen = [nid for nid, s in stage_of.items() if s == ("category", cat)]
        assert len(chosen) <= quota
    cat_count = sum(1 for s in stage_of.values() if s[0] == "category")
    total_count = sum(1 for s in stage_of.values() if s[0] == "total")
    if quotas.total is not None:
        assert total_count <= max(0, quotas.total - cat_count - pending_category_places)
        assert cat_count + total_count <= max(quotas.total, cat_count)
    assert results.complete == (not results.pending_ties)
