"""How award results are computed: scoring, ranking and selection.

1. Which scorecards count. A scorecard counts only if it has been submitted, it is complete,
   and its judge has no confirmed conflict of interest with the nomination. All other
   scorecards are ignored; the results report how many were ignored because of a conflict,
   because they were not submitted, or because they were incomplete. A card is counted once,
   under the first of these reasons that applies, in that order. Ignored cards are not
   checked further.

2. A judge's score. For each counted scorecard the judge's score for the nomination is

       100 x sum over criteria of (weight x score / maximum score) / sum of the weights,

   a number from 0 to 100. A criterion with twice the weight counts twice as much.

3. Normalisation (only when switched on for the programme). Each judge's scores are replaced
   by z-scores: (score - the judge's mean) / the judge's standard deviation (population
   standard deviation). The mean and standard deviation are taken over all nominations that
   the judge scored with a counted scorecard in this programme, including nominations that
   turn out not rankable or not eligible. A judge who gave every nomination the same score gets
   0 for each. This removes differences between strict and generous judges: a nomination is
   measured by how it compares with the other nominations the same judge scored. The raw
   0-100 scores are still shown.

4. Final score. A nomination's final score is the mean of its judges' scores (their z-scores
   when normalisation is on). A nomination needs a minimum number of counted scorecards, set
   for the programme. With fewer it is "not rankable": it is listed separately, without a
   rank, final score or median, and it is never selected.

5. Order. Nominations are ordered by final score (higher first); equal final scores by the
   median of the same judge scores (higher first); then by the number of counted scorecards
   (more first). Nominations equal on all three are tied: they share a rank and the following
   rank is skipped (1, 2, 2, 4). The order in which tied nominations are listed has no
   meaning.

6. Precision. Without normalisation everything is computed exactly (with fractions), so ties
   are exact. With normalisation the computation uses floating point numbers, and scores are
   compared after rounding to 9 decimal places, so that equal z-scores tie. Scores are shown
   rounded to 4 decimal places (halves rounded away from zero); the order uses the more
   precise values, so two nominations showing the same 4-decimal score may still be ranked
   apart.

7. Eligibility. Nominations that are not eligible are scored and ranked like the others and
   shown with their rank, but they are never selected: selection skips them, and they take
   no part in ties at a cut-off.

8. Selection. Only eligible, rankable nominations are selected.
   a. Category stage: each category that has a quota takes its best nominations, in the
      overall order, up to its quota.
   b. Total stage: if a total quota is set, the remaining places (the total minus the number
      already selected, if that is positive) go to the best of the rest in the overall order.
      "The rest" means every eligible, rankable nomination not yet selected, from any
      category, including categories that have a quota and have already filled it: a
      category quota guarantees places to a category, it does not cap it. If the category
      stage already selected more nominations than the total quota, no one is removed.
   c. With neither a total quota nor any category quota, nothing is selected and only the
      ranking is produced.

9. Ties at a cut-off. If nominations tied with each other straddle a cut-off (at either
   stage), so that some of them would be selected and some not, the system does not choose.
   The nominations strictly above the tie are selected, the places the tie competes for stay
   unfilled, and a pending tie is reported (stage, category, the tied nominations, the
   number of places). The results are then not complete. The committee resolves the tie by
   recording a decision naming exactly the tied nominations and which of them are selected:
   exactly as many as there are places. A decision whose nominations are not exactly a
   current tie group at a cut-off is not used (it is reported as unused, for example when
   scores have changed since it was recorded).
   While a category-stage tie is pending, the total stage is computed with those places left
   out: the tied nominations are neither selected nor available to the total stage, and the
   total stage fills only (total - already selected - pending places). Once the tie is
   decided, the tied nominations that were not chosen compete in the total stage like any
   other nomination, so the total stage may change when the decision is recorded.

10. Invalid input is refused, with an error naming the nomination, judge and criterion
    concerned: a score below 0, above the criterion's maximum, or not a multiple of 0.5; a
    score for an unknown criterion; a complete scorecard missing a criterion; two counted
    scorecards by the same judge for the same nomination; a scorecard for an unknown
    nomination; a negative weight, a zero total weight, or a maximum score that is not
    positive; a nomination or criterion listed twice; a negative quota; a minimum number of
    scorecards below 1. A decision that matches a tie but selects nominations outside it, or
    not exactly as many as there are places, is also refused.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from numbers import Rational
from operator import itemgetter
from typing import Literal

__all__ = [
    "RULES",
    "Conflict",
    "Criterion",
    "Decision",
    "InvalidDecision",
    "Nomination",
    "PendingTie",
    "Quotas",
    "ResultRow",
    "Results",
    "Scorecard",
    "ScoringError",
    "compute_results",
]

#: The rules above, as plain text for the results page.
RULES: str = __doc__ or ""

Stage = Literal["category", "total"]
SelectedBy = Literal["category", "total", "decision"]

_KEY_SCALE = 10**9  # normalised scores are compared rounded to 9 decimal places
_ONE_PLACE = Decimal("0.1")
_TWO_PLACES = Decimal("0.01")


class ScoringError(ValueError):
    """The input cannot be scored (invalid score, weight, quota, ...)."""


class InvalidDecision(ScoringError):
    """A committee decision does not fit the tie it refers to."""


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class Criterion:
    id: Hashable
    weight: Decimal
    max_score: Decimal


@dataclass(frozen=True)
class Scorecard:
    nomination_id: Hashable
    judge_id: Hashable
    scores: Mapping[Hashable, Decimal]
    submitted: bool
    complete: bool
    # The card's weighted 0-100 score, exactly, when it was stored at submit: used instead of
    # the scores (which may then be left out). It must be what the criteria give (rule 2).
    weighted: Fraction | None = None


@dataclass(frozen=True)
class Nomination:
    id: Hashable
    category_id: int | None
    eligible: bool


@dataclass(frozen=True)
class Conflict:
    """A confirmed conflict of interest: the judge's card for this nomination is ignored."""

    nomination_id: Hashable
    judge_id: Hashable


@dataclass(frozen=True)
class Quotas:
    """Places to fill. ``total=None`` means no total quota; categories absent have no quota."""

    total: int | None = None
    per_category: Mapping[Hashable, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Decision:
    """A committee's resolution of a tie at a cut-off.

    ``nomination_ids`` must equal the tie group exactly; ``selected_ids`` are the members
    chosen, exactly as many as the places the tie competes for.
    """

    nomination_ids: frozenset
    selected_ids: frozenset


# --------------------------------------------------------------------------- outputs


@dataclass(frozen=True)
class PendingTie:
    """A tie straddling a cut-off, waiting for a committee :class:`Decision`."""

    stage: Stage
    category_id: Hashable | None  # None for the total stage
    nomination_ids: frozenset
    places: int


@dataclass(slots=True)
class ResultRow:
    """One nomination's result. Scores are Decimals rounded to 4 places for display."""

    nomination_id: Hashable
    category_id: Hashable | None
    rank: int | None  # None when not rankable
    final_score: Decimal | None  # 4 places; mean z-score when normalised; None if not rankable
    median: Decimal | None  # 4 places, same scale as final_score
    judge_scores: dict[Hashable, Decimal]  # raw weighted 0-100 scores of the counted cards
    normalized_scores: dict[Hashable, Decimal] | None  # z-scores, None when normalisation off
    scorecard_count: int  # counted (usable) scorecards
    rankable: bool
    eligible: bool
    selected: bool
    selected_by: SelectedBy | None
    tied_with: frozenset  # other nominations with exactly the same ranking key

    @property
    def selectable(self) -> bool:
        return self.eligible and self.rankable


@dataclass
class Results:
    """Everything the results page needs; ``complete`` is False while ties are pending."""

    rows: list[ResultRow]  # rankable nominations, in ranking order
    not_rankable: list[ResultRow]  # in input order
    pending_ties: list[PendingTie]  # category stage first, then total; each in ranking order
    complete: bool  # True when there are no pending ties
    ignored_conflicted: int
    ignored_unsubmitted: int
    ignored_incomplete: int
    usable_scorecards: int
    normalized: bool
    unused_decisions: list[Decision]  # supplied decisions that matched no tie at a cut-off

    @property
    def selected(self) -> list[ResultRow]:
        return [row for row in self.rows if row.selected]

    @property
    def ignored_scorecards(self) -> int:
        return self.ignored_conflicted + self.ignored_unsubmitted + self.ignored_incomplete


# --------------------------------------------------------------------------- helpers


def _ids(ids: Iterable[Hashable]) -> str:
    items = list(ids)
    try:
        items.sort()
    except TypeError:
        items.sort(key=repr)
    return "{" + ", ".join(repr(i) for i in items) + "}"


def _exact(value: object, what: str) -> Fraction:
    """A finite Decimal, int, float or Fraction -> its exact value, else ScoringError."""
    if isinstance(value, Decimal | float | Rational):
        try:
            return Fraction(value)
        except (ValueError, OverflowError):
            raise ScoringError(f"{what} is {value}, not a finite number") from None
    raise ScoringError(f"{what} must be a Decimal, got {type(value).__name__} {value!r}")


def _half_points(
    value: object,
    max_score: Fraction,
    nomination_id: Hashable,
    judge_id: Hashable,
    cid: Hashable,
) -> int:
    """Validate one score and return it in half points (score x 2, an integer)."""
    where = f"nomination {nomination_id!r}, judge {judge_id!r}, criterion {cid!r}"
    exact = _exact(value, f"The score for {where}")
    if exact < 0 or exact > max_score:
        shown_max = Decimal(max_score.numerator) / Decimal(max_score.denominator)
        raise ScoringError(f"Score {value} for {where} is outside the allowed range 0..{shown_max}")
    doubled = exact * 2
    if doubled.denominator != 1:
        raise ScoringError(f"Score {value} for {where} is not a multiple of 0.5")
    return doubled.numerator


def _ratio_to_decimal(num: int, den: int) -> Decimal:
    """num/den (den > 0) rounded to 4 places, halves away from zero (ROUND_HALF_UP)."""
    q = (2 * abs(num) * 10_000 + den) // (2 * den)
    sign = "-" if num < 0 and q else ""
    return Decimal(f"{sign}{q}E-4")


def _float_key(x: float) -> int:
    """x rounded to 9 decimal places, as an integer count of 1e-9 (the comparison key)."""
    return round(x * _KEY_SCALE)


def _key_to_decimal(key: int) -> Decimal:
    """A key from _float_key shown with 4 places, ROUND_HALF_UP (halves away from zero)."""
    return _ratio_to_decimal(key, _KEY_SCALE)


@dataclass
class _CriterionPlan:
    id: Hashable
    coefficient: int  # n_c, see _prepare_criteria
    max_score: Fraction
    # str(Decimal score) -> n_c x half points; pre-filled with the valid values (up to a
    # limit) and learning other spellings ("7.50") as they are validated.
    cache: dict[str, int]


_PREFILL_LIMIT = 2_000  # half points


def _prepare_criteria(criteria: Iterable[Criterion]) -> tuple[list[_CriterionPlan], Fraction]:
    """Validate the criteria and plan integer arithmetic.

    With a_c = weight_c / max_c written as n_c / D over a common denominator D, and
    k_c = 2 x score_c (an integer, scores being multiples of 0.5), a judge's score is
    100 x sum(a_c x k_c / 2) / W = scale x S, where S = sum(n_c x k_c) is an integer,
    W the total weight and scale = 50 / (D x W) > 0. Everything up to ranking works on S.
    """
    items = list(criteria)
    if not items:
        raise ScoringError("The programme has no criteria (total weight is zero)")
    seen: set[Hashable] = set()
    total_weight = Fraction(0)
    parts = []
    for crit in items:
        if crit.id in seen:
            raise ScoringError(f"Criterion {crit.id!r} is listed twice")
        seen.add(crit.id)
        weight = _exact(crit.weight, f"The weight of criterion {crit.id!r}")
        max_score = _exact(crit.max_score, f"The maximum score of criterion {crit.id!r}")
        if weight < 0:
            raise ScoringError(f"The weight of criterion {crit.id!r} is negative ({crit.weight})")
        if max_score <= 0:
            raise ScoringError(
                f"The maximum score of criterion {crit.id!r} must be positive ({crit.max_score})"
            )
        total_weight += weight
        parts.append((crit.id, weight / max_score, max_score))
    if total_weight == 0:
        raise ScoringError("The total weight of the criteria is zero")
    common = math.lcm(*(ratio.denominator for _, ratio, _ in parts))
    plan = []
    for cid, ratio, max_score in parts:
        coefficient = int(ratio * common)
        top = min(math.floor(max_score * 2), _PREFILL_LIMIT)
        cache: dict[str, int] = {}
        for k in range(top + 1):
            value = Decimal(k) / 2
            for spelling in (value, value.quantize(_ONE_PLACE), value.quantize(_TWO_PLACES)):
                cache[str(spelling)] = coefficient * k
        plan.append(_CriterionPlan(cid, coefficient, max_score, cache))
    return plan, Fraction(50) / (common * total_weight)


def _weigh_card_slowly(
    scores: Mapping[Hashable, object],
    plan: list[_CriterionPlan],
    nomination_id: Hashable,
    judge_id: Hashable,
) -> int:
    """Validate a card fully and return S; also learns new valid values for the fast path."""
    known = {crit.id for crit in plan}
    for cid in scores:
        if cid not in known:
            raise ScoringError(
                f"The scorecard of judge {judge_id!r} for nomination {nomination_id!r} scores "
                f"unknown criterion {cid!r}"
            )
    total = 0
    for crit in plan:
        if crit.id not in scores:
            raise ScoringError(
                f"The scorecard of judge {judge_id!r} for nomination {nomination_id!r} is "
                f"marked complete but has no score for criterion {crit.id!r}"
            )
        value = scores[crit.id]
        weighted = crit.coefficient * _half_points(
            value, crit.max_score, nomination_id, judge_id, crit.id
        )
        if isinstance(value, Decimal):
            crit.cache[str(value)] = weighted
        total += weighted
    return total


def _check_count(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ScoringError(f"{what} must be an integer, got {value!r}")
    return value


# --------------------------------------------------------------------------- entry point


def compute_results(
    *,
    criteria: Iterable[Criterion],
    nominations: Iterable[Nomination],
    scorecards: Iterable[Scorecard],
    conflicts: Iterable[Conflict],
    quotas: Quotas,
    min_scorecards: int,
    normalize: bool,
    decisions: Iterable[Decision] = (),
    weighed: Iterable[tuple[Hashable, Iterable[tuple[Hashable, int, int]]]] = (),
) -> Results:
    """Score, rank and select nominations following the rules in the module docstring.

    Pure function: plain dataclasses in, plain dataclasses out, no I/O. The service layer
    loads the programme's rows, calls this and stores or renders the :class:`Results`.

    - ``criteria``: the programme's criteria (weights and maximum scores, as Decimals).
    - ``nominations``: every nomination of the programme, with its category and eligibility.
    - ``scorecards``: every scorecard, drafts included; they are filtered here (rule 1).
    - ``conflicts``: confirmed conflicts of interest only.
    - ``quotas``: total and per-category places (rule 8).
    - ``min_scorecards``: minimum number of counted scorecards to be rankable (>= 1).
    - ``normalize``: replace each judge's scores by z-scores (rule 3).
    - ``decisions``: recorded committee resolutions of ties at a cut-off (rule 9).
    - ``weighed``: submitted, complete scorecards given by their exact weighted score alone,
      by nomination: ``(nomination id, [(judge id, numerator, denominator), …])`` (a results
      page of 130,000 cards: no object per card). The same rules apply to them as to ``scorecards`` (a
      conflict ignores them); the score must be one the criteria can give (rule 2).

    Raises :class:`ScoringError` for invalid input and :class:`InvalidDecision` (a
    ScoringError) for a decision that matches a tie but selects the wrong nominations.
    Scores should be Decimals; ints and floats are accepted when their exact value is valid.
    """
    plan, scale = _prepare_criteria(criteria)
    decisions = list(decisions)
    if _check_count(min_scorecards, "min_scorecards") < 1:
        raise ScoringError(f"min_scorecards must be at least 1, got {min_scorecards}")
    if quotas.total is not None and _check_count(quotas.total, "The total quota") < 0:
        raise ScoringError(f"The total quota is negative ({quotas.total})")
    for cat, quota in quotas.per_category.items():
        if _check_count(quota, f"The quota of category {cat!r}") < 0:
            raise ScoringError(f"The quota of category {cat!r} is negative ({quota})")

    noms: dict[Hashable, Nomination] = {}
    for nom in nominations:
        if nom.id in noms:
            raise ScoringError(f"Nomination {nom.id!r} is listed twice")
        noms[nom.id] = nom
    conflicted: dict[Hashable, set[Hashable]] = {}
    for conflict in conflicts:
        conflicted.setdefault(conflict.nomination_id, set()).add(conflict.judge_id)

    # ---- 1-2: counted cards, each reduced to (judge, integer weighted sum S)
    n_criteria = len(plan)
    if n_criteria == 1:
        only = plan[0].id

        def get_values(scores: Mapping) -> tuple:
            return (scores[only],)
    else:
        get_values = itemgetter(*(crit.id for crit in plan))
    caches = [crit.cache for crit in plan]
    cache_get = dict.get
    # Decimal.__str__ raises TypeError for anything but a Decimal: a free type check.
    decimal_str = Decimal.__str__
    cards: dict[Hashable, list[tuple[Hashable, int]]] = {nid: [] for nid in noms}
    ignored_conflicted = ignored_unsubmitted = ignored_incomplete = 0
    for card in scorecards:
        nid = card.nomination_id
        jid = card.judge_id
        entries = cards.get(nid)
        if entries is None:
            raise ScoringError(f"The scorecard of judge {jid!r} is for unknown nomination {nid!r}")
        if nid in conflicted and jid in conflicted[nid]:
            ignored_conflicted += 1
            continue
        if not card.submitted:
            ignored_unsubmitted += 1
            continue
        if not card.complete:
            ignored_incomplete += 1
            continue
        if card.weighted is not None:
            total, rest = divmod(
                card.weighted.numerator * scale.denominator,
                card.weighted.denominator * scale.numerator,
            )
            if not rest:
                entries.append((jid, total))
                continue
            if len(card.scores) != n_criteria:
                raise ScoringError(
                    f"The stored score of judge {jid!r} for nomination {nid!r} "
                    f"({card.weighted}) is not one the criteria can give"
                )
        scores = card.scores
        # Fast path: every value is a Decimal already validated (keyed by its string, which
        # is much cheaper than hashing a Decimal). A missing criterion (KeyError), another
        # type or an unseen value (None -> TypeError in sum) takes the slow path, which
        # validates the card and raises a clear error if it is invalid.
        try:
            if len(scores) != n_criteria:
                raise KeyError
            total = sum(map(cache_get, caches, map(decimal_str, get_values(scores))))
        except (KeyError, TypeError):
            total = _weigh_card_slowly(scores, plan, nid, jid)
        entries.append((jid, total))
    scale_num, scale_den = scale.numerator, scale.denominator
    known: dict[tuple[int, int], int] = {}  # (numerator, denominator) -> S
    for nid, group in weighed:
        entries = cards.get(nid)
        if entries is None:
            raise ScoringError(
                f"The scorecards of nomination {nid!r} are for an unknown nomination"
            )
        skip = conflicted.get(nid, ())
        for jid, numerator, denominator in group:
            if jid in skip:
                ignored_conflicted += 1
                continue
            total = known.get((numerator, denominator))  # a programme gives few distinct scores
            if total is None:
                total, rest = divmod(numerator * scale_den, denominator * scale_num)
                if rest or denominator <= 0:
                    raise ScoringError(
                        f"The stored score of judge {jid!r} for nomination {nid!r} "
                        f"({numerator}/{denominator}) is not one the criteria can give"
                    )
                known[numerator, denominator] = total
            entries.append((jid, total))
    usable_scorecards = 0
    for nid, entries in cards.items():
        usable_scorecards += len(entries)
        if len(entries) > 1 and len({jid for jid, _ in entries}) != len(entries):
            seen_judges: set[Hashable] = set()
            for jid, _ in entries:
                if jid in seen_judges:
                    raise ScoringError(
                        f"Judge {jid!r} has more than one counted scorecard for nomination {nid!r}"
                    )
                seen_judges.add(jid)

    # ---- display of raw judge scores (scale x S), computed once per distinct S
    raw_display = {
        weighted: _ratio_to_decimal(scale_num * weighted, scale_den)
        for weighted in {weighted for entries in cards.values() for _, weighted in entries}
    }

    # ---- 3: normalisation: z = (n*S - T) / sqrt(n*sum(S^2) - T^2), exact up to the sqrt
    # z_by_judge[judge][S] = (z, z shown with 4 places)
    z_by_judge: dict[Hashable, dict[int, tuple[float, Decimal]]] = {}
    if normalize:
        judge_values: dict[Hashable, list[int]] = {}
        for entries in cards.values():
            for jid, weighted in entries:
                values = judge_values.get(jid)
                if values is None:
                    values = judge_values[jid] = []
                values.append(weighted)
        for jid, values in judge_values.items():
            n = len(values)
            t = sum(values)
            spread = n * sum(v * v for v in values) - t * t
            table = z_by_judge[jid] = {}
            for weighted in set(values):
                if spread == 0:
                    z = 0.0
                else:
                    diff = n * weighted - t
                    z = math.copysign(math.sqrt(diff * diff / spread), diff)
                table[weighted] = (z, _key_to_decimal(_float_key(z)))

    # ---- 4-6: final score, median and ranking key of each rankable nomination
    rankable_ids = [nid for nid, entries in cards.items() if len(entries) >= min_scorecards]
    keys: dict[Hashable, tuple] = {}
    shown_scores: dict[Hashable, tuple[Decimal, Decimal]] = {}
    if normalize:
        for nid in rankable_ids:
            values = [z_by_judge[jid][weighted][0] for jid, weighted in cards[nid]]
            values.sort()
            n = len(values)
            mean = math.fsum(values) / n
            half = n // 2
            median = values[half] if n % 2 else (values[half - 1] + values[half]) / 2
            key = (_float_key(mean), _float_key(median), n)
            keys[nid] = key
            shown_scores[nid] = (_key_to_decimal(key[0]), _key_to_decimal(key[1]))
    else:
        # Integer keys proportional to the exact mean and median (common multiplier).
        multiplier = math.lcm(2, *(len(cards[nid]) for nid in rankable_ids))
        for nid in rankable_ids:
            values = [weighted for _, weighted in cards[nid]]
            values.sort()
            n = len(values)
            total = sum(values)
            half = n // 2
            if n % 2:
                median_num, median_den = values[half], 1
            else:
                median_num, median_den = values[half - 1] + values[half], 2
            keys[nid] = (total * (multiplier // n), median_num * (multiplier // median_den), n)
            shown_scores[nid] = (
                _ratio_to_decimal(scale_num * total, scale_den * n),
                _ratio_to_decimal(scale_num * median_num, scale_den * median_den),
            )

    order = sorted(rankable_ids, key=keys.__getitem__, reverse=True)  # stable for ties
    groups: list[list[Hashable]] = []
    for nid in order:
        if groups and keys[groups[-1][0]] == keys[nid]:
            groups[-1].append(nid)
        else:
            groups.append([nid])
    rank: dict[Hashable, int] = {}
    tied_with: dict[Hashable, frozenset] = {}
    position = 1
    for group in groups:
        members = frozenset(group)
        for nid in group:
            rank[nid] = position
            tied_with[nid] = members - {nid} if len(group) > 1 else frozenset()
        position += len(group)

    # ---- 7-9: selection
    decision_map: dict[frozenset, Decision] = {}
    for decision in decisions:
        tie = frozenset(decision.nomination_ids)
        earlier = decision_map.get(tie)
        if earlier is not None and frozenset(earlier.selected_ids) != frozenset(
            decision.selected_ids
        ):
            raise InvalidDecision(f"Two different decisions were given for the tie {_ids(tie)}")
        decision_map[tie] = decision
    used_decisions: set[frozenset] = set()
    selected: dict[Hashable, SelectedBy] = {}
    pending: list[tuple[int, int, PendingTie]] = []

    def fill(
        candidate_groups: Iterable[list[Hashable]], places: int, stage: Stage, category_id
    ) -> PendingTie | None:
        remaining = places
        for group in candidate_groups:
            if remaining <= 0:
                return None
            if len(group) <= remaining:
                for nid in group:
                    selected[nid] = stage
                remaining -= len(group)
                continue
            tie = frozenset(group)
            decision = decision_map.get(tie)
            if decision is None:
                pending_tie = PendingTie(stage, category_id, tie, remaining)
                pending.append((0 if stage == "category" else 1, rank[group[0]], pending_tie))
                return pending_tie
            chosen = frozenset(decision.selected_ids)
            where = "in the total stage" if stage == "total" else f"in category {category_id!r}"
            if not chosen <= tie:
                raise InvalidDecision(
                    f"The decision for the tie {_ids(tie)} {where} selects "
                    f"{_ids(chosen - tie)}, which are not part of the tie"
                )
            if len(chosen) != remaining:
                raise InvalidDecision(
                    f"The decision for the tie {_ids(tie)} {where} must select exactly "
                    f"{remaining} of them, but selects {len(chosen)}"
                )
            for nid in group:
                if nid in chosen:
                    selected[nid] = "decision"
            used_decisions.add(tie)
            return None
        return None

    # a. category stage
    category_groups: dict[Hashable, list[list[Hashable]]] = {cat: [] for cat in quotas.per_category}
    if category_groups:
        for group in groups:
            split: dict[Hashable, list[Hashable]] = {}
            for nid in group:
                nom = noms[nid]
                if nom.eligible and nom.category_id in category_groups:
                    split.setdefault(nom.category_id, []).append(nid)
            for cat, members in split.items():
                category_groups[cat].append(members)
    blocked: set[Hashable] = set()
    pending_places = 0
    for cat, cat_groups in category_groups.items():
        tie = fill(cat_groups, quotas.per_category[cat], "category", cat)
        if tie is not None:
            blocked |= tie.nomination_ids
            pending_places += tie.places

    # b. total stage
    if quotas.total is not None:
        places = quotas.total - len(selected) - pending_places
        if places > 0:

            def total_groups() -> Iterator[list[Hashable]]:
                # lazily: the walk stops as soon as the places are filled
                for group in groups:
                    candidates = [
                        nid
                        for nid in group
                        if noms[nid].eligible and nid not in selected and nid not in blocked
                    ]
                    if candidates:
                        yield candidates

            fill(total_groups(), places, "total", None)

    # ---- output
    def make_row(nid: Hashable, rankable: bool) -> ResultRow:
        nom = noms[nid]
        entries = cards[nid]
        shown = shown_scores.get(nid)
        by = selected.get(nid)
        return ResultRow(
            nomination_id=nid,
            category_id=nom.category_id,
            rank=rank.get(nid),
            final_score=shown[0] if shown else None,
            median=shown[1] if shown else None,
            judge_scores={jid: raw_display[weighted] for jid, weighted in entries},
            normalized_scores=(
                {jid: z_by_judge[jid][weighted][1] for jid, weighted in entries}
                if normalize
                else None
            ),
            scorecard_count=len(entries),
            rankable=rankable,
            eligible=nom.eligible,
            selected=by is not None,
            selected_by=by,
            tied_with=tied_with.get(nid, frozenset()),
        )

    rankable_set = set(rankable_ids)
    pending.sort(key=lambda item: (item[0], item[1]))
    return Results(
        rows=[make_row(nid, True) for nid in order],
        not_rankable=[make_row(nid, False) for nid in noms if nid not in rankable_set],
        pending_ties=[tie for _, _, tie in pending],
        complete=not pending,
        ignored_conflicted=ignored_conflicted,
        ignored_unsubmitted=ignored_unsubmitted,
        ignored_incomplete=ignored_incomplete,
        usable_scorecards=usable_scorecards,
        normalized=normalize,
        unused_decisions=[
            d for d in decisions if frozenset(d.nomination_ids) not in used_decisions
        ],
    )
