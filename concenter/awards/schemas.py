"""The shapes the awards API reads and answers (django-ninja schemas); the endpoints are in api.py."""

from __future__ import annotations

import datetime

from ninja import Schema

from concenter.accounts.scope import Access, can
from concenter.awards.models import (
    Category,
    Conflict,
    Criterion,
    Evidence,
    Nomination,
    NomineeKind,
    PanelMember,
    Programme,
    Signatory,
)

# bool first: JSON `true` stays a boolean (the services refuse it by name) instead of becoming 1.
Number = bool | str | int | float


def _text(value) -> str | None:
    return None if value is None else format(value.normalize(), "f")


# Schemas -----------------------------------------------------------------------------------------


class CategoryOut(Schema):
    id: int
    name: str
    profession_code: str | None
    quota: int | None
    position: int

    @staticmethod
    def resolve_profession_code(obj: Category) -> str | None:
        return obj.profession_id


class CriterionOut(Schema):
    id: int
    code: str
    name: str
    weight: str
    max_score: str
    guidance: str
    position: int

    @staticmethod
    def resolve_weight(obj: Criterion) -> str:
        return _text(obj.weight)

    @staticmethod
    def resolve_max_score(obj: Criterion) -> str:
        return _text(obj.max_score)


class QuestionOut(Schema):
    id: int
    question: str


class SignatoryOut(Schema):
    name: str
    position: str

    @staticmethod
    def resolve_position(obj: Signatory) -> str:
        return obj.position_title


class PanelOut(Schema):
    id: int
    user_id: int
    username: str
    display_name: str
    person_id: int | None
    category_ids: list[int]

    @staticmethod
    def resolve_username(obj: PanelMember) -> str:
        return obj.user.username

    @staticmethod
    def resolve_display_name(obj: PanelMember) -> str:
        return str(obj.user)

    @staticmethod
    def resolve_category_ids(obj: PanelMember) -> list[int]:
        return sorted(c.pk for c in obj.categories.all())


class ProgrammeOut(Schema):
    id: int
    title: str
    description: str
    area_code: str
    area_name: str
    nominee_kind: str
    year: int
    be_year: int
    series: str
    status: str
    nominations_open_at: datetime.datetime
    nominations_close_at: datetime.datetime
    public_nominations: bool
    total_quota: int | None
    min_scorecards: int
    normalize: bool
    require_in_area: bool
    winner_cooldown_years: int | None
    minimum_age: int | None
    plaque_heading: str
    plaque_date: datetime.date | None
    has_emblem: bool
    state_note: str
    published_at: datetime.datetime | None
    version: int

    @staticmethod
    def resolve_area_code(obj: Programme) -> str:
        return obj.area_id

    @staticmethod
    def resolve_area_name(obj: Programme) -> str:
        return obj.area.display_name

    @staticmethod
    def resolve_has_emblem(obj: Programme) -> bool:
        return bool(obj.emblem)


class ProgrammeDetailOut(ProgrammeOut):
    categories: list[CategoryOut]
    criteria: list[CriterionOut]
    questions: list[QuestionOut]
    signatories: list[SignatoryOut]
    panel: list[PanelOut] | None  # for those who read the programme's area

    @staticmethod
    def resolve_categories(obj: Programme) -> list[Category]:
        return obj.setup["categories"]

    @staticmethod
    def resolve_criteria(obj: Programme) -> list[Criterion]:
        return obj.setup["criteria"]

    @staticmethod
    def resolve_questions(obj: Programme) -> list:
        return obj.setup["questions"]

    @staticmethod
    def resolve_signatories(obj: Programme) -> list[Signatory]:
        return obj.setup["signatories"]

    @staticmethod
    def resolve_panel(obj: Programme) -> list[PanelMember] | None:
        return obj.setup["panel"]


class ProgrammeIn(Schema):
    area_code: str
    title: str
    year: int
    nominations_open_at: datetime.datetime
    nominations_close_at: datetime.datetime
    nominee_kind: NomineeKind = NomineeKind.PERSON
    description: str = ""
    series: str = ""
    public_nominations: bool = False
    total_quota: int | None = None
    min_scorecards: int = 1
    normalize: bool = False
    require_in_area: bool = True
    winner_cooldown_years: int | None = None
    minimum_age: int | None = None
    plaque_heading: str = ""
    plaque_date: datetime.date | None = None


class ProgrammePatch(Schema):
    version: int
    area_code: str | None = None
    title: str | None = None
    year: int | None = None
    nominations_open_at: datetime.datetime | None = None
    nominations_close_at: datetime.datetime | None = None
    nominee_kind: NomineeKind | None = None
    description: str | None = None
    series: str | None = None
    public_nominations: bool | None = None
    total_quota: int | None = None
    min_scorecards: int | None = None
    normalize: bool | None = None
    require_in_area: bool | None = None
    winner_cooldown_years: int | None = None
    minimum_age: int | None = None
    plaque_heading: str | None = None
    plaque_date: datetime.date | None = None


class CategoryIn(Schema):
    name: str = ""
    profession_code: str | None = None
    quota: int | None = None


class CriterionIn(Schema):
    name: str
    weight: Number
    max_score: Number
    guidance: str = ""
    code: str = ""


class CriterionPatch(Schema):
    """Only what is given changes."""

    name: str | None = None
    weight: Number | None = None
    max_score: Number | None = None
    guidance: str | None = None
    code: str | None = None


class CategoryPatch(Schema):
    """Only what is given changes; `quota: null` removes the quota."""

    name: str | None = None
    quota: int | None = None


class PanelPatch(Schema):
    person_id: int | None = None
    category_ids: list[int] = []


class WithdrawIn(Schema):
    reason: str


class CardIn(Schema):
    nomination_id: int
    scores: dict[str, Number | None] = {}
    comment: str | None = None
    version: int | None = None
    submit: bool = False


class CardsIn(Schema):
    cards: list[CardIn]


class CardSavedOut(Schema):
    nomination_id: int
    submitted: bool
    version: int


class RulesOut(Schema):
    rules: str


class QuestionIn(Schema):
    question: str


class SignatoryIn(Schema):
    name: str
    position: str


class SignatoriesIn(Schema):
    signatories: list[SignatoryIn]


class PanelIn(Schema):
    username: str | None = None
    user_id: int | None = None
    person_id: int | None = None
    category_ids: list[int] = []


class TransitionIn(Schema):
    to: str
    version: int | None = None
    early: bool = False
    allow_incomplete: bool = False
    reason: str = ""


class NewPersonIn(Schema):
    given_name: str
    family_name: str = ""
    title: str = ""
    gender: str = "unspecified"
    birth_year: int | None = None
    profession: str | None = None
    area_code: str


class NominationIn(Schema):
    statement: str
    category_id: int | None = None
    person_id: int | None = None
    organization_id: int | None = None
    center_code: str | None = None
    new_person: NewPersonIn | None = None
    national_id: str | None = None
    confirm_new_person: bool = False
    citation: str = ""
    nominator_relation: str = ""


class NominationPatch(Schema):
    version: int
    category_id: int | None = None
    statement: str | None = None
    citation: str | None = None
    nominator_relation: str | None = None


class LinkIn(Schema):
    version: int | None = None
    person_id: int | None = None
    organization_id: int | None = None
    center_code: str | None = None
    new_person: NewPersonIn | None = None
    national_id: str | None = None
    confirm_new_person: bool = False


class EvidenceOut(Schema):
    id: int
    original_name: str
    kind: str
    size: int
    note: str
    created_at: datetime.datetime


class NominationOut(Schema):
    id: int
    programme_id: int
    category_id: int | None
    category_name: str | None
    source: str
    nominee_name: str
    person_id: int | None
    organization_id: int | None
    center_code: str | None
    area_code: str
    area_name: str
    status: str
    screening_reason: str
    statement: str
    citation: str
    nominator_name: str
    nominator_relation: str
    submitted_at: datetime.datetime
    rank: int | None
    final_score: str | None
    selected: bool
    selected_by: str
    plaque_number: int | None
    has_photo: bool
    version: int

    @staticmethod
    def resolve_category_name(obj: Nomination) -> str | None:
        return obj.category.name if obj.category_id else None

    @staticmethod
    def resolve_center_code(obj: Nomination) -> str | None:
        return obj.center_id

    @staticmethod
    def resolve_area_code(obj: Nomination) -> str:
        return obj.area_id

    @staticmethod
    def resolve_area_name(obj: Nomination) -> str:
        return obj.area.display_name

    @staticmethod
    def resolve_final_score(obj: Nomination) -> str | None:
        return None if obj.final_score is None else str(obj.final_score)

    @staticmethod
    def resolve_has_photo(obj: Nomination) -> bool:
        return bool(obj.photo)


class NominationDetailOut(NominationOut):
    evidence: list[EvidenceOut]
    nominator_phone: str | None
    nominator_email: str | None
    check_answers: dict[str, bool]

    @staticmethod
    def resolve_evidence(obj: Nomination) -> list[Evidence]:
        return list(obj.evidence.all())

    @staticmethod
    def resolve_nominator_phone(obj: Nomination, context) -> str | None:
        return obj.nominator_phone if _manager(obj, context) else None

    @staticmethod
    def resolve_nominator_email(obj: Nomination, context) -> str | None:
        return obj.nominator_email if _manager(obj, context) else None


def _manager(obj: Nomination, context) -> bool:
    request = (context or {}).get("request")
    return request is not None and can(request.user, Access.CHANGE, obj.programme.area_id)


class ScreenIn(Schema):
    eligible: bool
    reason: str = ""
    answers: dict[str, bool | None] = {}
    confirm_unchecked: bool = False
    version: int | None = None


class AssignIn(Schema):
    judge_ids: list[int]


class AssignmentsOut(Schema):
    assignments: int


class ConflictOut(Schema):
    id: int
    kind: str
    kind_label: str
    detail: str
    status: str
    note: str

    @staticmethod
    def resolve_kind_label(obj: Conflict) -> str:
        return str(obj.get_kind_display())


class ScorecardOut(Schema):
    nomination_id: int
    programme_id: int
    programme_title: str
    programme_status: str
    nominee_name: str
    category_name: str | None
    statement: str
    evidence: list[EvidenceOut]
    criteria: list[CriterionOut]
    scores: dict[str, str]
    comment: str
    submitted_at: datetime.datetime | None
    conflicts: list[ConflictOut]
    version: int


class JudgeAssignmentOut(Schema):
    nomination_id: int
    programme_id: int
    programme_title: str
    nominee_name: str
    category_name: str | None
    scored: int
    criteria: int
    submitted: bool
    conflict: str | None  # "pending" or "confirmed"


class ScoresIn(Schema):
    scores: dict[str, Number | None]
    comment: str | None = None
    version: int | None = None


class DeclareIn(Schema):
    detail: str


class ConflictDecisionIn(Schema):
    confirm: bool
    note: str = ""


class ProgressLineOut(Schema):
    key: int | None
    label: str
    counts: dict[str, int]
    total: int


class ProgressOut(Schema):
    min_scorecards: int
    judges: list[ProgressLineOut]
    nominations: list[ProgressLineOut]


class ResultRowOut(Schema):
    nomination_id: int
    nominee_name: str
    category_id: int | None
    rank: int | None
    final_score: str | None
    median: str | None
    scorecard_count: int
    judge_scores: dict[str, str]
    normalized_scores: dict[str, str] | None
    selected: bool
    selected_by: str | None
    tied_with: list[int]


class TieOut(Schema):
    stage: str
    category_id: int | None
    nomination_ids: list[int]
    places: int


class DecisionOut(Schema):
    id: int
    stage: str
    category_id: int | None
    nomination_ids: list[int]
    selected_ids: list[int]
    reason: str
    decided_by: str | None
    created_at: datetime.datetime
    used: bool


class ResultsOut(Schema):
    programme_id: int
    status: str
    complete: bool
    normalized: bool
    usable_scorecards: int
    ignored_conflicted: int
    ignored_unsubmitted: int
    ignored_incomplete: int
    rows: list[ResultRowOut]
    not_rankable: list[ResultRowOut]
    pending_ties: list[TieOut]
    decisions: list[DecisionOut]
    rules_url: str


class TieIn(Schema):
    nomination_ids: list[int]
    selected_ids: list[int]
    reason: str


class WinnerOut(Schema):
    nomination_id: int
    programme_id: int
    programme_title: str
    year: int
    display_name: str
    category_label: str
    citation: str
    area_name: str
    plaque_number: int


class PublishedWinnerOut(Schema):
    nomination_id: int
    person_id: int | None
    organization_id: int | None
    center_code: str
    display_name: str
    category_label: str
    plaque_number: int
    citation: str
