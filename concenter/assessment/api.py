"""The strength assessment over the API: rounds and their progress, a center's assessment
(answers, and each move up the levels), and the results of an area.

Reads go through the reader's scope (404 outside it, never 403); every write calls exactly one
service, which checks the role, the area and the rules again. Moves and answers name the
`version` they started from; a stale one answers 409. Scores are string decimals out of 100.
"""

import datetime
from decimal import Decimal

from django.urls import reverse
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from concenter.accounts.scope import Access, require, user_scope
from concenter.api.base import AUTH
from concenter.assessment import selectors, services
from concenter.assessment.models import Answer, AnswerFile, AnswerFileKind, Assessment, Round
from concenter.common.errors import NotFoundOrOutOfScope
from concenter.common.uploads import stored_file_response

router = Router(tags=["assessment"], auth=AUTH)


class RoundOut(Schema):
    id: int
    fiscal_year: int
    level: str
    opens_on: datetime.date
    due_on: datetime.date
    status: str
    template_id: int


class RoundIn(Schema):
    fiscal_year: int
    level: str
    opens_on: datetime.date
    due_on: datetime.date


class ProgressRowOut(Schema):
    code: str
    name: str
    centers: int
    not_started: int
    submitted: int
    approved: int
    by_status: dict[str, int]


class LateOut(Schema):
    code: str
    name: str
    status: str


class ProgressOut(Schema):
    total: ProgressRowOut
    rows: list[ProgressRowOut]
    late: list[LateOut]


class AnswerFileOut(Schema):
    id: int
    kind: str
    original_name: str
    caption: str
    size: int
    url: str

    @staticmethod
    def resolve_url(obj: AnswerFile) -> str:
        return reverse("api:assessment_file", kwargs={"file_id": obj.pk})


class AnswerOut(Schema):
    indicator_id: int
    indicator: str
    text: str
    kind: str
    level: int | None
    figure: Decimal | None
    note: str
    link: str
    source: str
    data_figure: Decimal | None
    data_level: int | None
    data_detail: str
    data_records: list[dict]
    gap: int | None
    files: list[AnswerFileOut]

    @staticmethod
    def resolve_indicator(obj: Answer) -> str:
        return obj.indicator.code

    @staticmethod
    def resolve_text(obj: Answer) -> str:
        return obj.indicator.text

    @staticmethod
    def resolve_kind(obj: Answer) -> str:
        return obj.indicator.kind

    @staticmethod
    def resolve_source(obj: Answer) -> str:
        return obj.indicator.source

    @staticmethod
    def resolve_files(obj: Answer) -> list[AnswerFile]:
        return list(obj.files.all())


class StepOut(Schema):
    action: str
    from_status: str
    to_status: str
    reason: str
    at: datetime.datetime


class AssessmentOut(Schema):
    id: int
    round_id: int
    center_code: str
    center_name: str
    status: str
    version: int
    score: Decimal
    data_score: Decimal | None
    dimension_scores: dict
    answers: list[AnswerOut]
    steps: list[StepOut]

    @staticmethod
    def resolve_center_code(obj: Assessment) -> str:
        return obj.center_id

    @staticmethod
    def resolve_center_name(obj: Assessment) -> str:
        return obj.center.name

    @staticmethod
    def resolve_answers(obj: Assessment) -> list[Answer]:
        return [a for group in selectors.answers_by_dimension(obj) for a in group.answers]

    @staticmethod
    def resolve_steps(obj: Assessment):
        return list(selectors.steps_of(obj))


class AnswerIn(Schema):
    indicator_id: int
    level: int | None = None
    figure: Decimal | str | None = None
    note: str = ""
    link: str = ""


class AnswersIn(Schema):
    version: int | None = None
    answers: list[AnswerIn]


class MoveIn(Schema):
    version: int | None = None
    reason: str = ""


class ResultRowOut(Schema):
    rank: int
    assessment_id: int
    center_code: str
    center_name: str
    status: str
    score: Decimal
    data_score: Decimal | None
    gap: Decimal | None
    change_since_last_year: Decimal | None
    band: str | None


class IndicatorGapOut(Schema):
    indicator: str
    text: str
    mean_level: Decimal | None
    mean_data_level: Decimal | None
    gap: Decimal | None


class ResultsOut(Schema):
    count: int
    mean: Decimal | None
    lowest: Decimal | None
    highest: Decimal | None
    spread: Decimal | None
    rows: list[ResultRowOut]
    indicators: list[IndicatorGapOut]


def _assessment(user, assessment_id: int, access: Access = Access.READ) -> Assessment:
    return selectors.assessment_get(user=user, assessment_id=assessment_id, access=access)


def _progress_row(row: selectors.ProgressRow) -> dict:
    return {
        "code": row.code,
        "name": row.name,
        "centers": row.centers,
        "not_started": row.not_started,
        "submitted": row.submitted,
        "approved": row.approved,
        "by_status": row.by_status,
    }


@router.get("/assessment-rounds", response=list[RoundOut])
def round_list(request):
    """Every round, newest fiscal year first."""
    return list(selectors.round_list())


@router.post("/assessment-rounds", response={201: RoundOut})
def round_open(request, payload: RoundIn):
    """Open a round (national administrators): the year's template, or a copy of the default,
    is frozen."""
    opened = services.round_open(actor=request.user, **payload.model_dump())
    return Status(201, opened)


@router.get("/assessment-rounds/{round_id}/progress/{code}", response=ProgressOut)
def round_progress(request, round_id: int, code: str):
    """Progress of the round in the area `code` (a DOPA code inside the reader's scope, or TH
    for national readers), one row per area one level down, and the centers that are late."""
    assessment_round = selectors.round_get(round_id=round_id)
    code = code.strip()[:8]
    if code != "TH" and not code.isdigit():
        raise NotFoundOrOutOfScope()
    if code == "TH":
        if not user_scope(request.user, Access.READ).everything:
            raise NotFoundOrOutOfScope()
    else:
        require(request.user, Access.READ, code)
    progress = selectors.round_progress(
        user=request.user, assessment_round=assessment_round, area_code=code
    )
    return {
        "total": _progress_row(progress.total),
        "rows": [_progress_row(row) for row in progress.rows],
        "late": progress.late,
    }


@router.post("/assessment-rounds/{round_id}/centers/{code}", response={201: AssessmentOut})
def assessment_start(request, round_id: int, code: str):
    """The center's assessment in the round, started (pre-filled from the records) if new."""
    started = services.assessment_start(actor=request.user, round_id=round_id, center_code=code[:8])
    return Status(201, _assessment(request.user, started.pk))


@router.get("/assessments/{assessment_id}", response=AssessmentOut)
def assessment_detail(request, assessment_id: int):
    """An assessment: scores, every answer beside what the records show, and its steps."""
    return _assessment(request.user, assessment_id)


@router.put("/assessments/{assessment_id}/answers", response=AssessmentOut)
def assessment_answers(request, assessment_id: int, payload: AnswersIn):
    """Save answers (any of the indicators): a level 1–5, or a figure for a number indicator."""
    assessment = _assessment(request.user, assessment_id, Access.CHANGE)
    services.assessment_answers_save(
        actor=request.user,
        assessment_id=assessment.pk,
        answers=[services.AnswerData(**item.model_dump()) for item in payload.answers],
        expected_version=payload.version,
    )
    return _assessment(request.user, assessment.pk)


@router.post(
    "/assessments/{assessment_id}/answers/{indicator_id}/files", response={201: AnswerFileOut}
)
def answer_file_add(
    request,
    assessment_id: int,
    indicator_id: int,
    file: File[UploadedFile] = None,
    caption: Form[str] = "",
):
    """Attach an evidence file to the answer of one indicator (multipart `file`: a JPEG, PNG
    or PDF of at most 10 MB, checked by its content), while the assessment is a draft or
    returned."""
    answer = selectors.answer_get(
        user=request.user,
        assessment_id=assessment_id,
        indicator_id=indicator_id,
        access=Access.CHANGE,
    )
    return Status(
        201,
        services.answer_file_add(
            actor=request.user, answer_id=answer.pk, upload=file, caption=caption
        ),
    )


@router.get("/assessment-files/{file_id}", url_name="assessment_file")
def answer_file(request, file_id: int):
    """An evidence file, for the readers of its assessment."""
    row = selectors.answer_file_get(user=request.user, file_id=file_id)
    return stored_file_response(
        row.stored_name,
        download_name=f"assessment-{row.answer.assessment_id}-{row.pk}",
        inline=row.kind == AnswerFileKind.PHOTO,
    )


@router.delete("/assessment-files/{file_id}", response={204: None})
def answer_file_remove(request, file_id: int):
    """Remove an evidence file while the assessment is a draft or returned."""
    selectors.answer_file_get(user=request.user, file_id=file_id)
    services.answer_file_remove(actor=request.user, file_id=file_id)
    return Status(204, None)


def _move(request, assessment_id: int, service, payload: MoveIn, *, with_reason=False):
    assessment = _assessment(request.user, assessment_id)
    extra = {"reason": payload.reason} if with_reason else {}
    service(
        actor=request.user,
        assessment_id=assessment.pk,
        expected_version=payload.version,
        **extra,
    )
    return _assessment(request.user, assessment.pk)


@router.post("/assessments/{assessment_id}/submit", response=AssessmentOut)
def assessment_submit(request, assessment_id: int, payload: MoveIn):
    """The committee sends its assessment to the district (every indicator answered)."""
    return _move(request, assessment_id, services.assessment_submit, payload)


@router.post("/assessments/{assessment_id}/verify", response=AssessmentOut)
def assessment_verify(request, assessment_id: int, payload: MoveIn):
    """An officer of the area verifies a submitted assessment."""
    return _move(request, assessment_id, services.assessment_verify, payload)


@router.post("/assessments/{assessment_id}/return", response=AssessmentOut)
def assessment_return(request, assessment_id: int, payload: MoveIn):
    """Back to the committee, with the `reason`."""
    return _move(request, assessment_id, services.assessment_return, payload, with_reason=True)


@router.post("/assessments/{assessment_id}/approve", response=AssessmentOut)
def assessment_approve(request, assessment_id: int, payload: MoveIn):
    """The province approves a verified assessment, which is locked."""
    return _move(request, assessment_id, services.assessment_approve, payload)


@router.post("/assessments/{assessment_id}/reopen", response=AssessmentOut)
def assessment_reopen(request, assessment_id: int, payload: MoveIn):
    """Unlock an approved assessment, with the `reason` (province or nation)."""
    return _move(request, assessment_id, services.assessment_reopen, payload, with_reason=True)


@router.get("/assessment-rounds/{round_id}/results/{code}", response=ResultsOut)
def round_results(request, round_id: int, code: str):
    """The area's centers ranked, the spread, the change since last year, and the gap between
    the self-assessment and the records, center by center and indicator by indicator."""
    assessment_round: Round = selectors.round_get(round_id=round_id)
    code = code[:8]
    if not code.isdigit():
        raise NotFoundOrOutOfScope()
    require(request.user, Access.READ, code)
    results = selectors.round_results(
        user=request.user, assessment_round=assessment_round, area_code=code
    )
    return {
        "count": results.count,
        "mean": results.mean,
        "lowest": results.lowest,
        "highest": results.highest,
        "spread": results.spread,
        "rows": [
            {
                "rank": row.rank,
                "assessment_id": row.assessment.pk,
                "center_code": row.assessment.center_id,
                "center_name": row.assessment.center.name,
                "status": row.assessment.status,
                "score": row.assessment.score,
                "data_score": row.assessment.data_score,
                "gap": row.gap,
                "change_since_last_year": row.change,
                "band": row.band.value if row.band else None,
            }
            for row in results.rows
        ],
        "indicators": [
            {
                "indicator": row.code,
                "text": row.text,
                "mean_level": row.mean_level,
                "mean_data_level": row.mean_data_level,
                "gap": row.gap,
            }
            for row in results.indicators
        ],
    }
