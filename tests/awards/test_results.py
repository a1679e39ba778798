"""Results computed from stored scorecards exactly as the issue says (through scoring.py), with
hand-worked figures; ties at a cut-off wait for a recorded decision."""

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from concenter.awards import services
from concenter.awards.models import Nomination, Programme, ProgrammeStatus, TieDecision
from concenter.awards.results import IgnoredReason, programme_results
from tests.awards import helpers as h

pytestmark = pytest.mark.django_db
D = Decimal


def run(
    officer,
    *,
    nominees,
    judges,
    criteria=(("ผลงาน", "2", "10"), ("แบบอย่าง", "1", "5")),
    categories=(),
    category_of=None,
    **settings,
):
    """A programme in judging with `nominees` nominations and `judges` judges, all assigned."""
    programme = h.programme(officer, criteria=criteria, categories=categories, **settings)
    cats = list(programme.categories.all())
    h.to_screening(officer, programme)
    nominations = []
    for index in range(nominees):
        category = cats[category_of[index]] if category_of else None
        nominations.append(h.nominate(officer, programme, h.person(officer), category=category))
    h.close(officer, programme)
    h.screen_all(officer, programme)
    panel = [h.judge() for _ in range(judges)]
    h.add_panel(officer, programme, panel)
    services.programme_judging_start(actor=officer, programme_id=programme.pk)
    return Programme.objects.get(pk=programme.pk), nominations, panel


def compute(officer, programme):
    services.programme_results_compute(
        actor=officer, programme_id=programme.pk, allow_incomplete=True
    )
    programme.refresh_from_db()
    return programme_results(programme)


def row(outcome, nomination):
    return outcome.row_of(nomination.pk)


def test_a_judges_score_is_100_times_the_weighted_share_of_the_maximum(province_officer):
    programme, (nomination,), (judge,) = run(province_officer, nominees=1, judges=1)
    # 100 x (2 x 8/10 + 1 x 2.5/5) / (2 + 1) = 100 x 2.1 / 3 = 70
    h.score(judge, nomination, ["8", "2.5"])
    outcome = compute(province_officer, programme)
    assert row(outcome, nomination).judge_scores == {
        outcome.cards[nomination.pk][0].judge.pk: D("70.0000")
    }
    assert outcome.cards[nomination.pk][0].weighted == D("70.0000")


def test_final_score_is_the_mean_and_the_median_of_the_judges_scores(province_officer):
    programme, (nomination,), judges = run(
        province_officer, nominees=1, judges=3, criteria=(("ผลงาน", "1", "10"),)
    )
    for judge, value in zip(judges, ["7", "6", "9"], strict=True):
        h.score(judge, nomination, [value])
    result = row(compute(province_officer, programme), nomination)
    assert (result.final_score, result.median, result.scorecard_count) == (
        D("73.3333"),
        D("70.0000"),
        3,
    )
    assert Nomination.objects.get(pk=nomination.pk).final_score == D("73.3333")


def test_the_card_of_a_judge_with_a_conflict_does_not_count(province_officer):
    programme, (nomination,), judges = run(
        province_officer, nominees=1, judges=3, criteria=(("ผลงาน", "1", "10"),)
    )
    h.score(judges[0], nomination, ["10"])
    services.conflict_declare(actor=judges[0], nomination_id=nomination.pk, detail="เป็นญาติ")
    h.score(judges[1], nomination, ["6"])
    h.score(judges[2], nomination, ["8"])
    outcome = compute(province_officer, programme)
    assert row(outcome, nomination).final_score == D("70.0000")
    assert outcome.results.ignored_conflicted == 1
    ignored = [v.ignored for v in outcome.cards[nomination.pk]]
    assert ignored.count(IgnoredReason.CONFLICT) == 1


def test_fewer_than_the_minimum_scorecards_is_not_rankable(province_officer):
    programme, nominations, judges = run(
        province_officer, nominees=2, judges=2, min_scorecards=2, criteria=(("ผลงาน", "1", "10"),)
    )
    for judge in judges:
        h.score(judge, nominations[0], ["8"])
    h.score(judges[0], nominations[1], ["10"])
    h.score(judges[1], nominations[1], ["9"], submit=False)
    outcome = compute(province_officer, programme)
    assert [n.pk for _r, n in outcome.rows] == [nominations[0].pk]
    assert [n.pk for _r, n in outcome.not_rankable] == [nominations[1].pk]
    assert outcome.results.ignored_unsubmitted == 1
    assert Nomination.objects.get(pk=nominations[1].pk).rank is None


def test_normalisation_replaces_each_judges_scores_by_z_scores(province_officer):
    programme, nominations, judges = run(
        province_officer, nominees=3, judges=2, normalize=True, criteria=(("ผลงาน", "1", "10"),)
    )
    for nomination, value in zip(nominations, ["6", "7", "8"], strict=True):
        h.score(judges[0], nomination, [value])  # 60, 70, 80: z = -1.2247, 0, 1.2247
        h.score(judges[1], nomination, ["5"])  # all equal: z = 0 for each
    outcome = compute(province_officer, programme)
    first, second = judges[0], judges[1]
    member = {m.user_id: m.pk for m in programme.panel.all()}
    top = row(outcome, nominations[2])
    assert top.normalized_scores == {member[first.pk]: D("1.2247"), member[second.pk]: D("0.0000")}
    assert top.final_score == D("0.6124")  # (1.2247… + 0) / 2
    assert [n.pk for _r, n in outcome.rows] == [n.pk for n in reversed(nominations)]
    assert outcome.judge_stats[member[first.pk]].deviation == D("8.1650")


def test_equal_final_scores_are_ordered_by_median_then_by_number_of_scorecards(province_officer):
    programme, nominations, judges = run(
        province_officer, nominees=3, judges=3, criteria=(("ผลงาน", "1", "10"),)
    )
    a, b, c = nominations
    for judge, value in zip(judges, ["6", "6", "9"], strict=True):  # mean 70, median 60
        h.score(judge, a, [value])
    for judge, value in zip(judges, ["5", "7", "9"], strict=True):  # mean 70, median 70
        h.score(judge, b, [value])
    for judge, value in zip(judges[:2], ["6", "8"], strict=True):  # mean 70, median 70, 2 cards
        h.score(judge, c, [value])
    outcome = compute(province_officer, programme)
    assert [n.pk for _r, n in outcome.rows] == [b.pk, c.pk, a.pk]
    assert [r.rank for r, _n in outcome.rows] == [1, 2, 3]


def test_category_quotas_are_filled_first_then_the_total_quota(province_officer):
    programme, nominations, judges = run(
        province_officer,
        nominees=4,
        judges=1,
        criteria=(("ผลงาน", "1", "10"),),
        categories=(("farmer", 1), ("teacher", 1)),
        category_of=[0, 0, 0, 1],
        total_quota=3,
    )
    for nomination, value in zip(nominations, ["9", "8", "7", "2"], strict=True):
        h.score(judges[0], nomination, [value])
    outcome = compute(province_officer, programme)
    selected = {r.nomination_id: r.selected_by for r, _n in outcome.rows if r.selected}
    # farmer: the best (9); teacher: its only one (2); total: the best of the rest (8).
    assert selected == {
        nominations[0].pk: "category",
        nominations[3].pk: "category",
        nominations[1].pk: "total",
    }


def test_a_tie_at_the_cut_off_waits_for_a_recorded_decision(province_officer):
    programme, nominations, judges = run(
        province_officer, nominees=3, judges=2, total_quota=2, criteria=(("ผลงาน", "1", "10"),)
    )
    best, tied_a, tied_b = nominations
    for judge in judges:
        h.score(judge, best, ["9"])
        h.score(judge, tied_a, ["7"])
        h.score(judge, tied_b, ["7"])
    outcome = compute(province_officer, programme)
    assert not outcome.results.complete
    (tie,) = outcome.results.pending_ties
    assert (tie.nomination_ids, tie.places) == (frozenset({tied_a.pk, tied_b.pk}), 1)
    assert list(Nomination.objects.filter(selected=True).values_list("pk", flat=True)) == [best.pk]

    # The system does not choose: publishing waits.
    with pytest.raises(ValidationError) as error:
        services.programme_publish(actor=province_officer, programme_id=programme.pk)
    assert "tie" in error.value.message_dict["status"][0]

    # A decision must name exactly the tie, choose exactly the places left, and give a reason.
    bad = [
        (
            {"nomination_ids": [best.pk, tied_a.pk], "selected_ids": [tied_a.pk], "reason": "มติ"},
            "nomination_ids",
        ),
        (
            {
                "nomination_ids": [tied_a.pk, tied_b.pk],
                "selected_ids": [tied_a.pk, tied_b.pk],
                "reason": "มติ",
            },
            "selected_ids",
        ),
        (
            {"nomination_ids": [tied_a.pk, tied_b.pk], "selected_ids": [best.pk], "reason": "มติ"},
            "selected_ids",
        ),
        (
            {"nomination_ids": [tied_a.pk, tied_b.pk], "selected_ids": [tied_a.pk], "reason": " "},
            "reason",
        ),
    ]
    for values, field in bad:
        with pytest.raises(ValidationError) as error:
            services.tie_decide(actor=province_officer, programme_id=programme.pk, **values)
        assert field in error.value.message_dict
    assert not TieDecision.objects.exists()

    decision = services.tie_decide(
        actor=province_officer,
        programme_id=programme.pk,
        nomination_ids=[tied_b.pk, tied_a.pk],
        selected_ids=[tied_b.pk],
        reason="ที่ประชุมมีมติเลือกผู้มีผลงานต่อเนื่องยาวนานกว่า",
    )
    assert decision.decided_by == province_officer
    entry = LogEntry.objects.get_for_object(decision).get()
    assert entry.changes["reason"][1] == "ที่ประชุมมีมติเลือกผู้มีผลงานต่อเนื่องยาวนานกว่า"
    outcome = programme_results(programme)
    assert outcome.results.complete and outcome.decision_used(decision)
    assert Nomination.objects.get(pk=tied_b.pk).selected_by == "decision"

    services.programme_publish(actor=province_officer, programme_id=programme.pk)
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.PUBLISHED
    assert dict(Nomination.objects.filter(selected=True).values_list("pk", "plaque_number")) == {
        best.pk: 1,
        tied_b.pk: 2,
    }


def test_a_decision_on_a_tie_is_only_for_the_results_state(province_officer):
    programme, nominations, _judges = run(
        province_officer, nominees=2, judges=1, total_quota=1, criteria=(("ผลงาน", "1", "10"),)
    )
    with pytest.raises(ValidationError):
        services.tie_decide(
            actor=province_officer,
            programme_id=programme.pk,
            nomination_ids=[n.pk for n in nominations],
            selected_ids=[nominations[0].pk],
            reason="มติ",
        )
