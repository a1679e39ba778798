"""Reads of the awards app, through the reader's scope.

* A programme is read by those who read its area, and seen (to nominate) by officers and center
  editors whose area it covers; it is managed by those who change its area.
* A nomination is read by the programme's readers and by its nominator.
* A judge reaches only the nominations assigned to them, once judging has opened.
* The public reads published programmes' winners only (hall of fame), without contact data.

The two functions the events app relies on are `programme_published_winners` and
`published_programmes_for_area`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet

from concenter.accounts.scope import Access, can, user_scope
from concenter.awards import eligibility
from concenter.awards.models import (
    Category,
    Conflict,
    ConflictStatus,
    Criterion,
    Evidence,
    Nomination,
    NominationStatus,
    PanelMember,
    Programme,
    ProgrammeStatus,
    Score,
    Scorecard,
)
from concenter.awards.services import may_nominate
from concenter.common.errors import NotFoundOrOutOfScope

# Programmes --------------------------------------------------------------------------------------


def _covering_codes(user) -> list[str]:
    """The codes of every area that contains one of the areas the user changes (their own
    area and its ancestors): the programmes there are open to the user's nominations."""
    scope = user_scope(user, Access.CHANGE)
    codes: set[str] = set()
    for code in scope.prefixes + scope.exact_codes:
        codes.update(code[:length] for length in (2, 4, 6, 8) if length <= len(code))
    return sorted(codes)


def programme_list(*, user) -> QuerySet[Programme]:
    """Programmes the user reads, and open programmes that cover an area the user changes."""
    read = user_scope(user, Access.READ).q(code_field="area_id")
    condition = read | Q(status=ProgrammeStatus.OPEN, area_id__in=_covering_codes(user))
    if user_scope(user, Access.CHANGE).everything:
        condition = Q()
    return (
        Programme.objects.filter(condition)
        .select_related("area")
        .annotate(nomination_count=Count("nominations"))
        .order_by("-year", "-pk")
    )


def programme_get(*, user, programme_id: int, access: Access = Access.READ) -> Programme:
    programme = Programme.objects.select_related("area").filter(pk=programme_id).first()
    if programme is None or not can(user, access, programme.area_id):
        raise NotFoundOrOutOfScope()
    return programme


def programme_visible(*, user, programme_id: int) -> Programme:
    """A programme the user reads, or one open to their nominations."""
    programme = Programme.objects.select_related("area").filter(pk=programme_id).first()
    if programme is None or not (
        can(user, Access.READ, programme.area_id)
        or (programme.status == ProgrammeStatus.OPEN and may_nominate(user, programme))
    ):
        raise NotFoundOrOutOfScope()
    return programme


def programme_setup(programme: Programme) -> dict:
    """Categories, criteria, questions, signatories and panel of a programme (5 queries)."""
    return {
        "categories": list(programme.categories.select_related("profession")),
        "criteria": list(programme.criteria.all()),
        "questions": list(programme.eligibility_checks.all()),
        "signatories": list(programme.signatories.all()),
        "panel": list(
            programme.panel.select_related("user", "person", "person__area").prefetch_related(
                "categories"
            )
        ),
    }


# Nominations -------------------------------------------------------------------------------------


def _nominations() -> QuerySet[Nomination]:
    return Nomination.objects.select_related(
        "area", "category", "person", "organization", "center", "nominator_user"
    )


def nomination_list(*, user, programme: Programme, status: str | None = None) -> QuerySet:
    """The programme's nominations for its readers; a nominator who does not read the
    programme's area sees their own nominations only."""
    qs = _nominations().filter(programme=programme)
    if not can(user, Access.READ, programme.area_id):
        qs = qs.filter(nominator_user_id=getattr(user, "pk", None))
    if status:
        qs = qs.filter(status=status)
    return qs.annotate(evidence_count=Count("evidence")).order_by("sort_key", "pk")


def nomination_get(*, user, nomination_id: int, access: Access = Access.READ) -> Nomination:
    """A nomination for its programme's readers (or managers, with Access.CHANGE) and, for
    reading, its nominator."""
    nomination = (
        _nominations()
        .select_related("programme", "programme__area", "screened_by")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("pk")))
        .filter(pk=nomination_id)
        .first()
    )
    if nomination is None:
        raise NotFoundOrOutOfScope()
    if can(user, access, nomination.programme.area_id):
        return nomination
    if (
        access == Access.READ
        and getattr(user, "pk", None) is not None
        and nomination.nominator_user_id == user.pk
    ):
        return nomination
    raise NotFoundOrOutOfScope()


def nomination_for_change(*, user, nomination_id: int) -> Nomination:
    """A nomination the user may change: a manager of its programme, or its nominator while
    nominations are open (404 otherwise)."""
    nomination = nomination_get(user=user, nomination_id=nomination_id)
    if can(user, Access.CHANGE, nomination.programme.area_id) or (
        nomination.nominator_user_id == getattr(user, "pk", None)
        and nomination.programme.status == ProgrammeStatus.OPEN
    ):
        return nomination
    raise NotFoundOrOutOfScope()


def evidence_get(*, user, nomination_id: int, evidence_id: int) -> Evidence:
    """An evidence file for the programme's readers, the nominator, and the judges assigned to
    the nomination (once judging has opened)."""
    evidence = (
        Evidence.objects.select_related("nomination__programme")
        .filter(pk=evidence_id, nomination_id=nomination_id)
        .first()
    )
    if evidence is None:
        raise NotFoundOrOutOfScope()
    nomination = evidence.nomination
    programme = nomination.programme
    user_id = getattr(user, "pk", None)
    allowed = (
        can(user, Access.READ, programme.area_id)
        or (user_id is not None and nomination.nominator_user_id == user_id)
        or (
            user_id is not None
            and programme.frozen
            and Scorecard.objects.filter(nomination=nomination, judge__user_id=user_id).exists()
        )
    )
    if not allowed:
        raise NotFoundOrOutOfScope()
    return evidence


@dataclass
class ScreeningRow:
    nomination: Nomination
    screening: eligibility.Screening
    judges: list = field(default_factory=list)


def nomination_screening(nomination: Nomination) -> eligibility.Screening:
    """Every eligibility rule's result for one nomination (its relations loaded)."""
    programme = nomination.programme
    return eligibility.screen(
        programme,
        nomination,
        list(programme.eligibility_checks.all()),
        eligibility.earlier_winners(programme),
    )


def screening_rows(programme: Programme) -> tuple[list[ScreeningRow], list]:
    """Every nomination with the result of each eligibility rule (a fixed number of queries)."""
    questions = list(programme.eligibility_checks.all())
    winners = eligibility.earlier_winners(programme)
    cards = defaultdict(list)
    for card in Scorecard.objects.filter(nomination__programme=programme).select_related(
        "judge__user"
    ):
        cards[card.nomination_id].append(card.judge)
    rows = []
    for nomination in (
        _nominations()
        .filter(programme=programme)
        .exclude(status=NominationStatus.WITHDRAWN)
        .order_by("sort_key", "pk")
    ):
        rows.append(
            ScreeningRow(
                nomination,
                eligibility.screen(programme, nomination, questions, winners),
                cards.get(nomination.pk, []),
            )
        )
    return rows, questions


# Judging -----------------------------------------------------------------------------------------


def judge_assignments(*, user) -> list[tuple[Programme, list[Scorecard]]]:
    """The programmes where the user judges, from judging on, with their scorecards."""
    if not getattr(user, "is_authenticated", False):
        return []
    cards = list(
        Scorecard.objects.filter(
            judge__user=user,
            nomination__status=NominationStatus.ELIGIBLE,
            nomination__programme__status__in=(
                ProgrammeStatus.JUDGING,
                ProgrammeStatus.RESULTS,
                ProgrammeStatus.PUBLISHED,
            ),
        )
        .select_related("nomination", "nomination__category", "nomination__programme", "judge")
        .annotate(score_count=Count("scores"))
        .order_by(
            "-nomination__programme__year", "nomination__programme_id", "nomination__sort_key"
        )
    )
    conflicts = defaultdict(set)
    for judge_id, nomination_id, status in Conflict.objects.filter(judge__user=user).values_list(
        "judge_id", "nomination_id", "status"
    ):
        conflicts[(judge_id, nomination_id)].add(status)
    criteria = dict(
        Criterion.objects.filter(programme__panel__user=user)
        .values("programme_id")
        .annotate(n=Count("pk"))
        .values_list("programme_id", "n")
    )
    grouped: dict[int, tuple[Programme, list[Scorecard]]] = {}
    for card in cards:
        programme = card.nomination.programme
        card.conflict_states = conflicts.get((card.judge_id, card.nomination_id), set())
        card.criteria_count = criteria.get(programme.pk, 0)
        grouped.setdefault(programme.pk, (programme, []))[1].append(card)
    return list(grouped.values())


def judge_card_get(*, user, nomination_id: int) -> Scorecard:
    """The user's own scorecard for an assigned nomination, with the nomination, its
    evidence, the criteria and the conflicts; 404 for anything else."""
    card = (
        Scorecard.objects.select_related(
            "judge",
            "nomination",
            "nomination__category",
            "nomination__area",
            "nomination__programme",
            "nomination__programme__area",
        )
        .prefetch_related(
            "scores",
            Prefetch("nomination__evidence", queryset=Evidence.objects.order_by("pk")),
        )
        .filter(
            nomination_id=nomination_id,
            judge__user_id=getattr(user, "pk", None),
            nomination__status=NominationStatus.ELIGIBLE,
        )
        .first()
        if getattr(user, "is_authenticated", False)
        else None
    )
    if card is None or not card.nomination.programme.frozen:
        raise NotFoundOrOutOfScope()
    card.criteria = list(Criterion.objects.filter(programme_id=card.nomination.programme_id))
    card.score_map = {s.criterion_id: s.value for s in card.scores.all()}
    card.conflict_list = list(
        Conflict.objects.filter(nomination_id=card.nomination_id, judge_id=card.judge_id)
    )
    return card


# Progress ----------------------------------------------------------------------------------------

CARD_STATES = ("conflict", "flagged", "not_started", "in_progress", "complete", "submitted")


@dataclass
class ProgressLine:
    label: str
    counts: dict[str, int]
    total: int
    key: int | None = None

    @property
    def done(self) -> int:
        return self.counts["submitted"] + self.counts["conflict"]


@dataclass
class Progress:
    judges: list[ProgressLine]
    nominations: list[ProgressLine]
    usable_by_nomination: dict[int, int]
    min_scorecards: int
    submitted: list[Scorecard] = field(default_factory=list)  # a manager may reopen them


def programme_progress(programme: Programme) -> Progress:
    """For each judge and each nomination: how many assigned scorecards are submitted, complete
    but not submitted, begun, not begun, held by a possible conflict, or out for a conflict."""
    criteria_count = programme.criteria.count()
    cards = list(
        Scorecard.objects.filter(
            nomination__programme=programme, nomination__status=NominationStatus.ELIGIBLE
        )
        .select_related("judge__user", "nomination")
        .annotate(score_count=Count("scores"))
    )
    states = defaultdict(set)
    for judge_id, nomination_id, status in Conflict.objects.filter(
        nomination__programme=programme
    ).values_list("judge_id", "nomination_id", "status"):
        states[(judge_id, nomination_id)].add(status)
    by_judge: dict[int, ProgressLine] = {}
    by_nomination: dict[int, ProgressLine] = {}
    for member in programme.panel.select_related("user").order_by("pk"):
        by_judge[member.pk] = ProgressLine(
            str(member.user), dict.fromkeys(CARD_STATES, 0), 0, member.pk
        )
    for card in cards:
        conflict = states.get((card.judge_id, card.nomination_id), set())
        if ConflictStatus.CONFIRMED in conflict:
            state = "conflict"
        elif ConflictStatus.PENDING in conflict:
            state = "flagged"
        elif card.submitted_at:
            state = "submitted"
        elif card.score_count >= criteria_count and criteria_count:
            state = "complete"
        elif card.score_count:
            state = "in_progress"
        else:
            state = "not_started"
        judge_line = by_judge.setdefault(
            card.judge_id,
            ProgressLine(str(card.judge.user), dict.fromkeys(CARD_STATES, 0), 0, card.judge_id),
        )
        nomination_line = by_nomination.setdefault(
            card.nomination_id,
            ProgressLine(
                card.nomination.nominee_name,
                dict.fromkeys(CARD_STATES, 0),
                0,
                card.nomination_id,
            ),
        )
        for line in (judge_line, nomination_line):
            line.counts[state] += 1
            line.total += 1
    nominations = sorted(by_nomination.values(), key=lambda line: line.label)
    return Progress(
        judges=list(by_judge.values()),
        nominations=nominations,
        usable_by_nomination={line.key: line.counts["submitted"] for line in nominations},
        min_scorecards=programme.min_scorecards,
        submitted=sorted(
            (c for c in cards if c.submitted_at),
            key=lambda c: (c.nomination.sort_key, c.judge_id),
        ),
    )


# Published winners (the hall of fame, and the contract with the events app) ----------------------


@dataclass(frozen=True)
class PublishedWinner:
    nomination_id: int
    person_id: int | None
    organization_id: int | None
    center_code: str
    display_name: str
    category_label: str
    plaque_number: int  # 1-based order of presentation
    citation: str


def _winners(programme_ids) -> QuerySet[Nomination]:
    return (
        Nomination.objects.filter(
            programme_id__in=programme_ids,
            programme__status=ProgrammeStatus.PUBLISHED,
            selected=True,
        )
        .select_related("category", "area", "area__parent", "area__parent__parent", "programme")
        .order_by("programme_id", "plaque_number", "pk")
    )


def programme_published_winners(*, programme_id: int) -> list[PublishedWinner]:
    """The winners of a published programme in the order of presentation; [] unless published."""
    return [
        PublishedWinner(
            nomination_id=n.pk,
            person_id=n.person_id,
            organization_id=n.organization_id,
            center_code=n.center_code,
            display_name=n.nominee_name,
            category_label=n.category.name if n.category_id else "",
            plaque_number=n.plaque_number or 0,
            citation=n.citation,
        )
        for n in _winners([programme_id])
    ]


def published_programmes_for_area(*, area_code: str) -> QuerySet[Programme]:
    """Published programmes whose area is `area_code`, one of its ancestors or one of its
    descendants (for linking an event's agenda to the awards presented there)."""
    code = (area_code or "").strip()[:8]
    if not code:
        return Programme.objects.none()
    ancestors = [code[:length] for length in (2, 4, 6, 8) if length <= len(code)]
    column = {2: "province_code", 4: "district_code", 6: "subdistrict_code"}.get(len(code))
    descendants = Q(**{column: code}) if column else Q(pk__in=[])
    return (
        Programme.objects.filter(status=ProgrammeStatus.PUBLISHED)
        .filter(Q(area_id__in=ancestors) | descendants)
        .select_related("area")
        .order_by("-year", "-pk")
    )


def hall_of_fame_programmes(*, area_code: str = "") -> QuerySet[Programme]:
    """Published programmes (all, or those about an area: its own, its ancestors' and its
    descendants'), with their number of winners."""
    qs = (
        published_programmes_for_area(area_code=area_code)
        if area_code
        else Programme.objects.filter(status=ProgrammeStatus.PUBLISHED).select_related("area")
    )
    return qs.annotate(winner_count=Count("nominations", filter=Q(nominations__selected=True)))


def hall_of_fame_programme(*, programme_id: int) -> tuple[Programme, list[Nomination]]:
    programme = (
        Programme.objects.filter(pk=programme_id, status=ProgrammeStatus.PUBLISHED)
        .select_related("area")
        .first()
    )
    if programme is None:
        raise NotFoundOrOutOfScope()
    return programme, list(_winners([programme.pk]))


def hall_of_fame_area(*, area_code: str) -> list[Nomination]:
    """Winners of every published programme who live (or are) in the area."""
    code = (area_code or "").strip()[:8]
    column = {2: "province_code", 4: "district_code", 6: "subdistrict_code", 8: "area_id"}.get(
        len(code)
    )
    if column is None or not code.isdigit():
        return []
    return list(
        Nomination.objects.filter(
            programme__status=ProgrammeStatus.PUBLISHED, selected=True, **{column: code}
        )
        .select_related("category", "area", "area__parent", "area__parent__parent", "programme")
        .order_by("-programme__year", "programme_id", "plaque_number")
    )


def winner_photo(*, nomination_id: int) -> Nomination:
    nomination = (
        Nomination.objects.filter(
            pk=nomination_id, selected=True, programme__status=ProgrammeStatus.PUBLISHED
        )
        .exclude(photo="")
        .first()
    )
    if nomination is None:
        raise NotFoundOrOutOfScope()
    return nomination


def criteria_of(programme: Programme) -> list[Criterion]:
    return list(Criterion.objects.filter(programme=programme))


def categories_of(programme: Programme) -> list[Category]:
    return list(Category.objects.filter(programme=programme))


def panel_of(programme: Programme) -> list[PanelMember]:
    return list(PanelMember.objects.filter(programme=programme).select_related("user"))


def scores_of(card: Scorecard) -> dict[int, Score]:
    return {s.criterion_id: s for s in card.scores.all()}
