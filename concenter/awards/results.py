"""From the database to the scoring engine and back.

`programme_results(programme)` loads a programme's criteria, eligible nominations, scorecards,
confirmed conflicts, quotas and the committee's decisions on ties, runs
`concenter.awards.scoring.compute_results` (the rules are in that module's docstring and on the
results page) and returns everything the results page, its drill-down, the export and the
services need, in a fixed number of queries.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db.models import Prefetch
from django.utils.translation import gettext as _

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


class IgnoredReason:
    CONFLICT = "conflict"
    NOT_SUBMITTED = "not_submitted"
    INCOMPLETE = "incomplete"


@dataclass
class CardView:
    """One scorecard behind a figure: its scores, its weighted 0-100 score and whether it counts."""

    card: Scorecard
    judge: PanelMember
    scores: dict[int, Decimal]  # criterion id -> score
    complete: bool
    ignored: str | None  # an IgnoredReason, or None when the card counts
    weighted: Decimal | None  # 100 x sum(w x s / max) / sum(w), 4 places; None when incomplete
    normalized: Decimal | None = None  # the z-score, when normalisation is on and the card counts
    ordered: list = field(default_factory=list)  # the scores in the criteria's order


@dataclass
class JudgeStats:
    judge: PanelMember
    count: int  # counted cards
    mean: Decimal | None
    deviation: Decimal | None  # population standard deviation of the weighted scores


@dataclass
class ProgrammeResults:
    programme: Programme
    results: scoring.Results
    criteria: list[Criterion]
    categories: dict[int, Category]
    nominations: dict[int, Nomination]  # eligible nominations (those the engine ranks)
    ineligible: list[Nomination]
    judges: dict[int, PanelMember]
    cards: dict[int, list[CardView]]  # nomination id -> cards
    decisions: list[TieDecision]
    judge_stats: dict[int, JudgeStats] = field(default_factory=dict)

    @property
    def rows(self) -> list[tuple[scoring.ResultRow, Nomination]]:
        return [(row, self.nominations[row.nomination_id]) for row in self.results.rows]

    @property
    def not_rankable(self) -> list[tuple[scoring.ResultRow, Nomination]]:
        return [(row, self.nominations[row.nomination_id]) for row in self.results.not_rankable]

    @property
    def selected(self) -> list[Nomination]:
        return [self.nominations[row.nomination_id] for row in self.results.selected]

    def row_of(self, nomination_id: int) -> scoring.ResultRow | None:
        for row in self.results.rows + self.results.not_rankable:
            if row.nomination_id == nomination_id:
                return row
        return None

    def tie_label(self, tie: scoring.PendingTie) -> str:
        if tie.stage == "category":
            category = self.categories.get(tie.category_id)
            return _("Category %(category)s") % {"category": category.name if category else "–"}
        return _("Total quota")

    def tie_nominations(self, tie: scoring.PendingTie) -> list[Nomination]:
        return sorted(
            (self.nominations[nid] for nid in tie.nomination_ids), key=lambda n: n.sort_key
        )

    def decision_used(self, decision: TieDecision) -> bool:
        unused = {frozenset(d.nomination_ids) for d in self.results.unused_decisions}
        return frozenset(decision.nomination_ids) not in unused


def weighted_score(scores: dict[int, Decimal], criteria: list[Criterion]) -> Fraction:
    """100 x sum_c w_c x (s_c / max_c) / sum_c w_c, exactly."""
    total_weight = sum(Fraction(c.weight) for c in criteria)
    value = sum(
        Fraction(c.weight) * Fraction(scores[c.pk]) / Fraction(c.max_score) for c in criteria
    )
    return 100 * value / total_weight


def _four_places(value: Fraction | float) -> Decimal:
    """Rounded to 4 places, halves away from zero (as the engine shows its scores)."""
    exact = Fraction(value)
    num, den = exact.numerator, exact.denominator
    quotient = (2 * abs(num) * 10_000 + den) // (2 * den)
    sign = "-" if num < 0 and quotient else ""
    return Decimal(f"{sign}{quotient}E-4").quantize(Decimal("0.0001"))


def _engine_scorecard(view: CardView) -> scoring.Scorecard:
    return scoring.Scorecard(
        nomination_id=view.card.nomination_id,
        judge_id=view.judge.pk,
        scores=view.scores,
        submitted=view.card.submitted,
        complete=view.complete,
    )


def programme_results(programme: Programme) -> ProgrammeResults:
    """Run the engine on the programme as it is stored now (8 queries)."""
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
    cards = list(
        Scorecard.objects.filter(nomination_id__in=list(nominations))
        .prefetch_related(
            Prefetch("scores", queryset=Score.objects.only("scorecard_id", "criterion_id", "value"))
        )
        .order_by("pk")
    )
    decisions = list(TieDecision.objects.filter(programme=programme).select_related("decided_by"))
    criterion_ids = {c.pk for c in criteria}
    views: dict[int, list[CardView]] = {nid: [] for nid in nominations}
    for card in cards:
        scores = {s.criterion_id: s.value for s in card.scores.all()}
        complete = bool(criteria) and criterion_ids <= scores.keys()
        if (card.judge_id, card.nomination_id) in conflicted:
            ignored = IgnoredReason.CONFLICT
        elif not card.submitted:
            ignored = IgnoredReason.NOT_SUBMITTED
        elif not complete:
            ignored = IgnoredReason.INCOMPLETE
        else:
            ignored = None
        weighted = _four_places(weighted_score(scores, criteria)) if complete else None
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
            scorecards=[_engine_scorecard(v) for vs in views.values() for v in vs],
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
    outcome.judge_stats = _judge_stats(judges, views, criteria)
    return outcome


def _judge_stats(
    judges: dict[int, PanelMember], views: dict[int, list[CardView]], criteria: list[Criterion]
) -> dict[int, JudgeStats]:
    values: dict[int, list[Fraction]] = {jid: [] for jid in judges}
    for cards in views.values():
        for view in cards:
            if view.ignored is None:
                values[view.judge.pk].append(weighted_score(view.scores, criteria))
    stats = {}
    for jid, judge in judges.items():
        scores = values[jid]
        if not scores:
            stats[jid] = JudgeStats(judge, 0, None, None)
            continue
        mean = sum(scores) / len(scores)
        variance = sum((s - mean) ** 2 for s in scores) / len(scores)
        stats[jid] = JudgeStats(
            judge, len(scores), _four_places(mean), _four_places(math.sqrt(variance))
        )
    return stats
