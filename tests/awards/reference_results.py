"""The results as `concenter.awards.results.programme_results` read them before issue #20's plain
reader: every nomination a model instance with its area, person, organisation and center, every
card with its submission time, every card's view built, the engine fed one `Scorecard` each. The
tests compare the reader with this, figure by figure."""

# ruff: noqa
from __future__ import annotations

import datetime
import math
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.db.models import Q

from concenter.awards import scoring
from concenter.awards.models import (
    Category,
    Conflict,
    ConflictStatus,
    Criterion,
    Nomination,
    NominationStatus,
    PanelMember,
    Programme,
    Score,
    Scorecard,
    TieDecision,
)
from concenter.awards.results import (
    CardView,
    IgnoredReason,
    JudgeStats,
    ProgrammeResults,
    Weigher,
    _four_places,
)


@dataclass(slots=True)
class CardRow:
    pk: int
    nomination_id: int
    judge_id: int
    submitted_at: datetime.datetime | None
    comment: str
    weighted_numerator: int | None = None
    weighted_denominator: int | None = None

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None


def _engine_scorecard(view: CardView, weighted: Fraction | None) -> scoring.Scorecard:
    return scoring.Scorecard(
        nomination_id=view.card.nomination_id,
        judge_id=view.judge.pk,
        scores=view.scores,
        submitted=view.card.submitted,
        complete=view.complete,
        weighted=weighted,
    )


def reference_results(
    programme: Programme, *, with_scores: bool | Collection[int] = False
) -> ProgrammeResults:
    """Run the engine on the programme as it is stored now (8 queries).

    A submitted card's weighted score is the one stored when it was submitted, so its scores
    are not read (a national programme has ≈ 400,000): ``CardView.scores`` and ``ordered`` are
    filled for every card only with `with_scores` True (the export), for the cards of the
    nominations in `with_scores` when it is a collection of ids (the drill-down), and always
    for cards with no stored score (drafts, cards submitted before it was stored)."""
    criteria = list(Criterion.objects.filter(programme=programme))
    categories = {c.pk: c for c in Category.objects.filter(programme=programme)}
    everyone = list(
        Nomination.objects.filter(programme=programme)
        .exclude(status=NominationStatus.WITHDRAWN)
        .select_related("area", "person", "organization", "center")
        .order_by("sort_key", "pk")
    )
    for nomination in everyone:
        nomination.category = categories.get(nomination.category_id)
    nominations = {n.pk: n for n in everyone if n.status == NominationStatus.ELIGIBLE}
    ineligible = [n for n in everyone if n.status != NominationStatus.ELIGIBLE]
    judges = {
        j.pk: j for j in PanelMember.objects.filter(programme=programme).select_related("user")
    }
    conflicted = set(
        Conflict.objects.filter(
            nomination__programme=programme, status=ConflictStatus.CONFIRMED
        ).values_list("judge_id", "nomination_id")
    )
    cards = [
        CardRow(*row)
        for row in Scorecard.objects.filter(nomination__programme=programme)
        .order_by("pk")
        .values_list(
            "pk",
            "nomination_id",
            "judge_id",
            "submitted_at",
            "comment",
            "weighted_numerator",
            "weighted_denominator",
        )
    ]
    # The scores as plain rows (tens of thousands of them: no model instances), of the cards
    # whose weighted score is not stored, or that the caller wants to show.
    scores = Score.objects.filter(scorecard__nomination__programme=programme)
    if with_scores is not True:
        wanted = Q(scorecard__weighted_denominator__isnull=True) | Q(
            scorecard__submitted_at__isnull=True
        )
        if with_scores:
            wanted |= Q(scorecard__nomination_id__in=list(with_scores))
        scores = scores.filter(wanted)
    scores_of: dict[int, dict[int, Decimal]] = {}
    for card_id, criterion_id, value in scores.values_list("scorecard_id", "criterion_id", "value"):
        scores_of.setdefault(card_id, {})[criterion_id] = value
    decisions = list(TieDecision.objects.filter(programme=programme).select_related("decided_by"))
    criterion_ids = {c.pk for c in criteria}
    weigher = Weigher(criteria)
    exact: dict[int, Fraction] = {}  # card id -> its exact weighted score (complete cards)
    stored: dict[int, Fraction] = {}  # card id -> the weighted score stored at submit
    shown: dict[tuple[int, int], Decimal] = {}  # (numerator, denominator) -> 4 places
    views: dict[int, list[CardView]] = {nid: [] for nid in nominations}
    for card in cards:
        if card.nomination_id not in views:
            continue  # a withdrawn or ineligible nomination's card
        scores = scores_of.get(card.pk, {})
        if card.submitted and card.weighted_denominator:
            # Stored at submit, when the card was complete (criteria change only before judging).
            key = (card.weighted_numerator, card.weighted_denominator)
            stored[card.pk] = exact[card.pk] = Fraction(*key)
            if key not in shown:
                shown[key] = _four_places(exact[card.pk])
            ignored = (
                IgnoredReason.CONFLICT
                if (card.judge_id, card.nomination_id) in conflicted
                else None
            )
            views[card.nomination_id].append(
                CardView(
                    card,
                    judges[card.judge_id],
                    scores,
                    True,
                    ignored,
                    shown[key],
                    ordered=[scores.get(c.pk) for c in criteria] if scores else [],
                )
            )
            continue
        complete = bool(criteria) and criterion_ids <= scores.keys()
        if (card.judge_id, card.nomination_id) in conflicted:
            ignored = IgnoredReason.CONFLICT
        elif not card.submitted:
            ignored = IgnoredReason.NOT_SUBMITTED
        elif not complete:
            ignored = IgnoredReason.INCOMPLETE
        else:
            ignored = None
        weighted = None
        if complete:
            exact[card.pk] = weigher.exact(scores)
            weighted = _four_places(exact[card.pk])
        views[card.nomination_id].append(
            CardView(
                card,
                judges[card.judge_id],
                scores,
                complete,
                ignored,
                weighted,
                ordered=[scores.get(c.pk) for c in criteria],
            )
        )
    try:
        results = scoring.compute_results(
            criteria=[scoring.Criterion(c.pk, c.weight, c.max_score) for c in criteria],
            nominations=[
                scoring.Nomination(n.pk, n.category_id, True) for n in nominations.values()
            ],
            scorecards=[
                _engine_scorecard(v, stored.get(v.card.pk)) for vs in views.values() for v in vs
            ],
            conflicts=[scoring.Conflict(nid, jid) for jid, nid in conflicted],
            quotas=scoring.Quotas(
                total=programme.total_quota,
                per_category={c.pk: c.quota for c in categories.values() if c.quota is not None},
            ),
            min_scorecards=programme.min_scorecards,
            normalize=programme.normalize,
            decisions=[
                scoring.Decision(frozenset(d.nomination_ids), frozenset(d.selected_ids))
                for d in decisions
            ],
        )
    except scoring.ScoringError as error:
        from django.core.exceptions import ValidationError

        raise ValidationError({"__all__": str(error)}) from error
    outcome = ProgrammeResults(
        programme=programme,
        results=results,
        criteria=criteria,
        categories=categories,
        nominations=nominations,
        ineligible=ineligible,
        judges=judges,
        cards=views,
        decisions=decisions,
    )
    if results.normalized:
        for row in results.rows + results.not_rankable:
            for view in views[row.nomination_id]:
                if view.ignored is None and row.normalized_scores is not None:
                    view.normalized = row.normalized_scores.get(view.judge.pk)
    outcome.judge_stats = _judge_stats(judges, views, exact)
    return outcome


def _judge_stats(
    judges: dict[int, PanelMember], views: dict[int, list[CardView]], exact: dict[int, Fraction]
) -> dict[int, JudgeStats]:
    """Each judge's mean and population standard deviation of the weighted scores of the cards
    that count, exactly: with x_i = s_i x D over one common denominator D,
    mean = sum(x) / (nD) and variance = (n sum(x^2) - sum(x)^2) / (nD)^2."""
    values: dict[int, list[Fraction]] = {jid: [] for jid in judges}
    for cards in views.values():
        for view in cards:
            if view.ignored is None:
                values[view.judge.pk].append(exact[view.card.pk])
    stats = {}
    for jid, judge in judges.items():
        scores = values[jid]
        if not scores:
            stats[jid] = JudgeStats(judge, 0, None, None)
            continue
        n = len(scores)
        common = math.lcm(*(s.denominator for s in scores))
        xs = [s.numerator * (common // s.denominator) for s in scores]
        total = sum(xs)
        mean = Fraction(total, n * common)
        variance = Fraction(n * sum(x * x for x in xs) - total * total, (n * common) ** 2)
        stats[jid] = JudgeStats(judge, n, _four_places(mean), _four_places(math.sqrt(variance)))
    return stats
