"""From the database to the scoring engine and back.

`programme_results(programme)` loads a programme's criteria, eligible nominations, scorecards,
confirmed conflicts, quotas and the committee's decisions on ties, runs
`concenter.awards.scoring.compute_results` (the rules are in that module's docstring and on the
results page) and returns everything the results page, its drill-down, the export and the
services need, in a fixed number of queries.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Collection, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from itertools import groupby
from operator import itemgetter

from django.db.models import BooleanField, ExpressionWrapper, Q
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


@dataclass(slots=True)
class CardRow:
    """What the results read of a scorecard (a programme has tens of thousands: plain rows, not
    model instances)."""

    pk: int
    nomination_id: int
    judge_id: int
    submitted: bool
    comment: str
    weighted_numerator: int | None = None  # stored at submit (see `stored_weighted`)
    weighted_denominator: int | None = None


@dataclass
class CardView:
    """One scorecard behind a figure: its scores, its weighted 0-100 score and whether it counts."""

    card: CardRow
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
    cards: Mapping[int, list[CardView]]  # nomination id -> cards (`CardViews`)
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


def stored_values(row: scoring.ResultRow | None) -> dict:
    """What a nomination stores of its result (None: not ranked, e.g. withdrawn)."""
    return {
        "rank": row.rank if row else None,
        "final_score": row.final_score if row else None,
        "selected": bool(row and row.selected),
        "selected_by": (row.selected_by or "") if row else "",
    }


def weighted_score(scores: dict[int, Decimal], criteria: list[Criterion]) -> Fraction:
    """100 x sum_c w_c x (s_c / max_c) / sum_c w_c, exactly."""
    return Weigher(criteria).exact(scores)


_INT64 = 2**63 - 1


def stored_weighted(
    scores: dict[int, Decimal], criteria: list[Criterion], weigher: Weigher | None = None
) -> dict:
    """What a submitted scorecard stores of its weighted score: the exact fraction `Weigher`
    computes, as numerator and denominator; both None when the card is not complete or the
    fraction does not fit in 64-bit integers (the results then weigh its scores). `weigher`:
    the programme's, to reuse over many cards."""
    none = {"weighted_numerator": None, "weighted_denominator": None}
    if not criteria or any(c.pk not in scores for c in criteria):
        return none
    exact = (weigher or Weigher(criteria)).exact(scores)
    if abs(exact.numerator) > _INT64 or exact.denominator > _INT64:
        return none
    return {"weighted_numerator": exact.numerator, "weighted_denominator": exact.denominator}


class Weigher:
    """`weighted_score` for the many cards of a programme, exactly but cheaply: a card's score
    is the sum of (criterion, score) parts, of which a programme has few distinct ones (six
    criteria, scores in half points); each part is computed once as a Fraction and kept as an
    integer over one common denominator, so a card costs a few integer additions instead of a
    dozen Fraction operations (70,000 cards: seconds -> tenths)."""

    def __init__(self, criteria: list[Criterion]) -> None:
        total_weight = sum(Fraction(c.weight) for c in criteria)
        self.factors = [
            (c.pk, 100 * Fraction(c.weight) / Fraction(c.max_score) / total_weight)
            for c in criteria
        ]
        self.denominator = 1
        self.parts: dict[tuple[int, Decimal], int] = {}  # (criterion, score) -> part x denominator

    def _part(self, key: tuple[int, Decimal], factor: Fraction) -> int:
        part = factor * Fraction(key[1])
        if self.denominator % part.denominator:
            grow = math.lcm(self.denominator, part.denominator) // self.denominator
            self.parts = {k: v * grow for k, v in self.parts.items()}
            self.denominator *= grow
        value = self.parts[key] = part.numerator * (self.denominator // part.denominator)
        return value

    def numerator(self, scores: dict[int, Decimal]) -> int:
        """The card's exact score times `self.denominator` (read the denominator after the call:
        a new part may grow it)."""
        keys = [(criterion_id, scores[criterion_id]) for criterion_id, _factor in self.factors]
        for key, (_id, factor) in zip(keys, self.factors, strict=True):
            if key not in self.parts:  # a new part may grow the denominator of the others
                self._part(key, factor)
        parts = self.parts
        return sum(parts[key] for key in keys)

    def exact(self, scores: dict[int, Decimal]) -> Fraction:
        total = self.numerator(scores)
        return Fraction(total, self.denominator)


def _four_places(value: Fraction | float) -> Decimal:
    """Rounded to 4 places, halves away from zero (as the engine shows its scores)."""
    exact = Fraction(value)
    num, den = exact.numerator, exact.denominator
    quotient = (2 * abs(num) * 10_000 + den) // (2 * den)
    sign = "-" if num < 0 and quotient else ""
    return Decimal(f"{sign}{quotient}E-4").quantize(Decimal("0.0001"))


@dataclass(slots=True)
class NomineeRow:
    """What the results show of a nomination (a national programme has 10,000: plain rows, not
    model instances with their area, person, organisation and center)."""

    pk: int
    nominee_name: str
    sort_key: str
    category_id: int | None
    status: str
    screening_reason: str
    category: Category | None = None

    @property
    def id(self) -> int:
        return self.pk

    def get_status_display(self) -> str:
        return str(NominationStatus(self.status).label)

    def __str__(self) -> str:
        return self.nominee_name


_NOMINEE_FIELDS = ("pk", "nominee_name", "sort_key", "category_id", "status", "screening_reason")


class CardViews(Mapping):
    """Nomination id -> its cards as `CardView`s (in card order), each nomination's built when
    first asked: the results page and the services need none of them, the drill-down one
    nomination's, the judge's page and the export every one."""

    def __init__(self, rows: dict[int, list[tuple]], make) -> None:
        self._rows = rows
        self._make = make
        self._built: dict[int, list[CardView]] = {}

    def __getitem__(self, nomination_id: int) -> list[CardView]:
        built = self._built.get(nomination_id)
        if built is None:
            built = self._built[nomination_id] = self._make(self._rows[nomination_id])
        return built

    def __iter__(self):
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def of_judge(self, judge_id: int) -> list[tuple[int, CardView]]:
        """(nomination id, view) of one judge's cards, building only those."""
        return [
            (nid, view)
            for nid, rows in self._rows.items()
            for view in self._make([row for row in rows if row[2] == judge_id])
        ]


@contextmanager
def _cyclic_gc_paused():
    """Python's cycle collector paused while a programme's results are built: they hold
    ≈ 150,000 row tuples and lists alive at once, and each collection the new lists trigger
    walks them all again (0.4–0.6 s of a national programme's page). Reference counting still
    frees everything; the collector runs again afterwards. Process-wide: it stays on whenever
    another thread's pause ends first (it is switched back on only by whoever switched it off)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def programme_results(
    programme: Programme, *, with_scores: bool | Collection[int] = False
) -> ProgrammeResults:
    """`_programme_results` with the cycle collector paused (`_cyclic_gc_paused`)."""
    with _cyclic_gc_paused():
        return _programme_results(programme, with_scores=with_scores)


def _programme_results(
    programme: Programme, *, with_scores: bool | Collection[int] = False
) -> ProgrammeResults:
    """Run the engine on the programme as it is stored now (9 queries).

    A submitted card's weighted score is the one stored when it was submitted, so its scores
    are not read (a national programme has ≈ 400,000): ``CardView.scores`` and ``ordered`` are
    filled for every card only with `with_scores` True (the export), for the cards of the
    nominations in `with_scores` when it is a collection of ids (the drill-down), and always
    for cards with no stored score (drafts, cards submitted before it was stored). Nominations and cards are read as plain columns, the
    counted cards handed to the engine as their exact fractions, and the `CardView`s built per
    nomination when asked (`CardViews`)."""
    criteria = list(Criterion.objects.filter(programme=programme))
    categories = {c.pk: c for c in Category.objects.filter(programme=programme)}
    everyone = [
        NomineeRow(*row)
        for row in Nomination.objects.filter(programme=programme)
        .exclude(status=NominationStatus.WITHDRAWN)
        .order_by("sort_key", "pk")
        .values_list(*_NOMINEE_FIELDS)
    ]
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
    # Only the eligible nominations' cards (the others are neither ranked nor shown), without
    # the submission time: whether there is one is all the results need.
    card_rows = (
        Scorecard.objects.filter(
            nomination__programme=programme, nomination__status=NominationStatus.ELIGIBLE
        )
        .annotate(
            is_submitted=ExpressionWrapper(
                Q(submitted_at__isnull=False), output_field=BooleanField()
            )
        )
        .order_by("nomination_id", "pk")
        .values_list(
            "pk",
            "nomination_id",
            "judge_id",
            "is_submitted",
            "weighted_numerator",
            "weighted_denominator",
        )
    )
    # The scores as plain rows (tens of thousands of them: no model instances), of the cards
    # whose weighted score is not stored, or that the caller wants to show.
    scores = Score.objects.filter(scorecard__nomination__programme=programme)
    comments = Scorecard.objects.filter(nomination__programme=programme).exclude(comment="")
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
    comment_of = dict(comments.values_list("pk", "comment"))  # the few cards with one
    decisions = list(TieDecision.objects.filter(programme=programme).select_related("decided_by"))
    criterion_ids = {c.pk for c in criteria}
    weigher = Weigher(criteria)
    no_scores: dict[int, Decimal] = {}
    # The cards by nomination, in card order (a national programme: 136,000 of them, so the
    # loops below are per nomination where they can be).
    rows_of: dict[int, list[tuple]] = {nid: [] for nid in nominations}  # the cards' columns
    for nid, rows in groupby(card_rows, itemgetter(1)):
        rows_of[nid] = list(rows)
    # A card whose score was stored at submit (when it was complete; criteria change only
    # before judging) goes to the engine as that exact fraction; the others (drafts, cards
    # submitted before it was stored) as engine scorecards with their scores, weighed here.
    exact: dict[int, tuple[int, int]] = {}  # card id -> exact score of a complete unstored card
    weighed: list[tuple[int, list[tuple[int, int, int]]]] = []
    others: list[scoring.Scorecard] = []
    unstored = False
    for nid, rows in rows_of.items():
        stored = [(row[2], row[4], row[5]) for row in rows if row[3] and row[5]]
        weighed.append((nid, stored))
        if len(stored) == len(rows):
            continue
        for pk, _nid, jid, submitted, _numerator, denominator in rows:
            if submitted and denominator:
                continue
            card_scores = scores_of.get(pk, no_scores)
            complete = bool(criteria) and criterion_ids <= card_scores.keys()
            if complete:
                fraction = weigher.exact(card_scores)
                exact[pk] = (fraction.numerator, fraction.denominator)
                unstored = unstored or submitted
            others.append(
                scoring.Scorecard(
                    nomination_id=nid,
                    judge_id=jid,
                    scores=card_scores,
                    submitted=submitted,
                    complete=complete,
                )
            )
    if unstored:
        # A counted card whose score was never stored (submitted before it was, or too large):
        # the engine weighs and checks its scores, and every card goes to it as a `Scorecard`,
        # in card order, so that each nomination's judges stay in that order.
        weighed = []
        others = [
            scoring.Scorecard(
                nomination_id=nid,
                judge_id=jid,
                scores=scores_of.get(pk, no_scores),
                submitted=submitted,
                complete=bool(submitted and denominator) or pk in exact,
                weighted=Fraction(numerator, denominator) if submitted and denominator else None,
            )
            for rows in rows_of.values()
            for pk, nid, jid, submitted, numerator, denominator in rows
        ]
    # The judges' statistics: each judge's counted cards (submitted, complete, no conflict).
    blocked: dict[int, set[int]] = {}
    for jid, nid in conflicted:
        blocked.setdefault(nid, set()).add(jid)
    counted: dict[int, list[tuple[int, int]]] = {jid: [] for jid in judges}
    for nid, rows in rows_of.items():
        skip = blocked.get(nid, ())
        for pk, _nid, jid, submitted, numerator, denominator in rows:
            if submitted and jid not in skip:
                value = (numerator, denominator) if denominator else exact.get(pk)
                if value is not None:
                    counted[jid].append(value)
    try:
        results = scoring.compute_results(
            criteria=[scoring.Criterion(c.pk, c.weight, c.max_score) for c in criteria],
            nominations=[
                scoring.Nomination(n.pk, n.category_id, True) for n in nominations.values()
            ],
            scorecards=others,
            weighed=weighed,
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
    z_scores: dict[int, dict | None] = {}
    if results.normalized:
        z_scores = {
            row.nomination_id: row.normalized_scores for row in results.rows + results.not_rankable
        }
    shown: dict[tuple[int, int], Decimal] = {}  # (numerator, denominator) -> 4 places

    def card_views(rows: list[tuple]) -> list[CardView]:
        views = []
        for pk, nid, jid, submitted, numerator, denominator in rows:
            card = CardRow(pk, nid, jid, submitted, comment_of.get(pk, ""), numerator, denominator)
            card_scores = scores_of.get(card.pk, no_scores)
            value = (numerator, denominator) if submitted and denominator else exact.get(pk)
            weighted = None
            if value is not None:
                weighted = shown.get(value)
                if weighted is None:
                    weighted = shown[value] = _four_places(Fraction(*value))
            if (card.judge_id, card.nomination_id) in conflicted:
                ignored = IgnoredReason.CONFLICT
            elif not card.submitted:
                ignored = IgnoredReason.NOT_SUBMITTED
            elif value is None:
                ignored = IgnoredReason.INCOMPLETE
            else:
                ignored = None
            view = CardView(
                card,
                judges[card.judge_id],
                card_scores,
                value is not None,
                ignored,
                weighted,
                ordered=[card_scores.get(c.pk) for c in criteria]
                if card_scores or not (card.submitted and card.weighted_denominator)
                else [],
            )
            if ignored is None:
                normalized = z_scores.get(card.nomination_id)
                if normalized is not None:
                    view.normalized = normalized.get(card.judge_id)
            views.append(view)
        return views

    outcome = ProgrammeResults(
        programme=programme,
        results=results,
        criteria=criteria,
        categories=categories,
        nominations=nominations,
        ineligible=ineligible,
        judges=judges,
        cards={},
        decisions=decisions,
    )
    outcome.cards = CardViews(rows_of, card_views)
    outcome.judge_stats = _judge_stats(judges, counted)
    return outcome


def _judge_stats(
    judges: dict[int, PanelMember], counted: dict[int, list[tuple[int, int]]]
) -> dict[int, JudgeStats]:
    """Each judge's mean and population standard deviation of the exact weighted scores
    (numerator, denominator) of the cards that count: with x_i = s_i x D over one common
    denominator D, mean = sum(x) / (nD) and variance = (n sum(x^2) - sum(x)^2) / (nD)^2."""
    stats = {}
    for jid, judge in judges.items():
        scores = counted[jid]
        if not scores:
            stats[jid] = JudgeStats(judge, 0, None, None)
            continue
        n = len(scores)
        common = math.lcm(*{den for _num, den in scores})
        xs = [num * (common // den) for num, den in scores]
        total = sum(xs)
        mean = Fraction(total, n * common)
        variance = Fraction(n * sum(x * x for x in xs) - total * total, (n * common) ** 2)
        stats[jid] = JudgeStats(judge, n, _four_places(mean), _four_places(math.sqrt(variance)))
    return stats
