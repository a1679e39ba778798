"""Reads of the strength assessment, always through the reader's scope (accounts.scope).

Rounds and templates are national and any signed-in user reads them; what a round shows of its
centers (progress, who is late, results) is what the reader's areas hold.
"""

import statistics
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from concenter.accounts.scope import Access, can, filter_queryset, require, user_scope
from concenter.assessment.models import (
    Answer,
    AnswerFile,
    Assessment,
    AssessmentStatus,
    Dimension,
    Round,
    Template,
)
from concenter.assessment.rules import Band, band_of
from concenter.common import clock
from concenter.common.errors import NotFoundOrOutOfScope
from concenter.geography.models import Area
from concenter.network.models import Center, CenterStatus

SUBMITTED_OR_LATER = frozenset(
    {AssessmentStatus.SUBMITTED, AssessmentStatus.VERIFIED, AssessmentStatus.APPROVED}
)
# The child column of an area code of each length: progress is grouped one level down.
_CHILD_COLUMN = {0: "province_code", 2: "district_code", 4: "area_id", 6: "area_id"}
_OWN_COLUMN = {2: "province_code", 4: "district_code", 6: "area_id"}


def template_list() -> QuerySet[Template]:
    return Template.objects.order_by("fiscal_year", "pk")


def template_get(*, template_id: int) -> Template:
    template = Template.objects.filter(pk=template_id).first()
    if template is None:
        raise NotFoundOrOutOfScope()
    return template


def dimensions_of(template: Template) -> list[Dimension]:
    return list(template.dimensions.prefetch_related("indicators").order_by("number"))


def round_list() -> QuerySet[Round]:
    return Round.objects.select_related("template").order_by("-fiscal_year", "level")


def round_get(*, round_id: int) -> Round:
    found = Round.objects.select_related("template").filter(pk=round_id).first()
    if found is None:
        raise NotFoundOrOutOfScope()
    return found


def _within(qs: QuerySet, area_code: str) -> QuerySet:
    if not area_code or area_code == "TH":
        return qs
    column = _OWN_COLUMN.get(len(area_code))
    return qs.filter(**{column: area_code}) if column else qs.none()


def round_centers(*, user, assessment_round: Round, area_code: str = "") -> QuerySet[Center]:
    """The centers the round asks an assessment of, inside the reader's scope and the area."""
    centers = filter_queryset(
        Center.objects.filter(level=assessment_round.level, status=CenterStatus.ACTIVE),
        user,
        Access.READ,
    )
    return _within(centers, area_code)


def round_assessments(
    *, user, assessment_round: Round, area_code: str = ""
) -> QuerySet[Assessment]:
    qs = filter_queryset(Assessment.objects.filter(round=assessment_round), user, Access.READ)
    return _within(qs, area_code)


@dataclass
class ProgressRow:
    code: str
    name: str
    centers: int = 0
    by_status: dict[str, int] = field(default_factory=dict)

    @property
    def not_started(self) -> int:
        return self.centers - sum(self.by_status.values())

    @property
    def submitted(self) -> int:
        return sum(n for status, n in self.by_status.items() if status in SUBMITTED_OR_LATER)

    @property
    def approved(self) -> int:
        return self.by_status.get(AssessmentStatus.APPROVED, 0)

    @property
    def percent_submitted(self) -> int:
        return round(self.submitted * 100 / self.centers) if self.centers else 0


@dataclass
class Progress:
    rows: list[ProgressRow]
    total: ProgressRow
    late: list[dict]  # centers not yet submitted after the due date: code, name, status


def round_progress(*, user, assessment_round: Round, area_code: str = "") -> Progress:
    """Progress of the round in the area, one row per area one level down (per center inside a
    district), and the centers that are late: past the due date and not submitted."""
    child = _CHILD_COLUMN.get(len(area_code) if area_code != "TH" else 0, "area_id")
    centers = list(
        round_centers(user=user, assessment_round=assessment_round, area_code=area_code)
        .order_by("area_id")
        .values_list("area_id", "name", child)
    )
    statuses = dict(
        round_assessments(
            user=user, assessment_round=assessment_round, area_code=area_code
        ).values_list("center_id", "status")
    )
    codes = sorted({row[2] for row in centers})
    names = dict(Area.objects.filter(code__in=codes).values_list("code", "name_th"))
    if child == "area_id":
        names.update({code: name for code, name, _child in centers})
    rows = {code: ProgressRow(code=code, name=names.get(code, code)) for code in codes}
    total = ProgressRow(code=area_code or "TH", name="")
    late = []
    is_late = clock.today() > assessment_round.due_on
    for code, name, group in centers:
        status = statuses.get(code)
        for row in (rows[group], total):
            row.centers += 1
            if status:
                row.by_status[status] = row.by_status.get(status, 0) + 1
        if is_late and status not in SUBMITTED_OR_LATER:
            late.append({"code": code, "name": name, "status": status or ""})
    return Progress(rows=list(rows.values()), total=total, late=late)


def assessment_get(*, user, assessment_id: int, access: Access = Access.READ) -> Assessment:
    assessment = (
        Assessment.objects.select_related("round__template", "center", "area")
        .filter(pk=assessment_id)
        .first()
    )
    if assessment is None:
        raise NotFoundOrOutOfScope()
    require(user, access, assessment.area_id)
    return assessment


def assessment_of_center(*, user, assessment_round: Round, code: str) -> Assessment | None:
    require(user, Access.READ, code)
    return Assessment.objects.filter(round=assessment_round, center_id=code).first()


@dataclass
class DimensionAnswers:
    dimension: Dimension
    answers: list[Answer]
    score: str | None
    data_score: str | None


def answers_by_dimension(assessment: Assessment) -> list[DimensionAnswers]:
    answers = list(
        assessment.answers.select_related("indicator__dimension")
        .prefetch_related("files")
        .order_by("indicator__dimension__number", "indicator__number")
    )
    groups: dict[int, list[Answer]] = {}
    dimensions: dict[int, Dimension] = {}
    for answer in answers:
        dimension = answer.indicator.dimension
        dimensions[dimension.pk] = dimension
        groups.setdefault(dimension.pk, []).append(answer)
    scores = assessment.dimension_scores or {}
    return [
        DimensionAnswers(
            dimension=dimensions[pk],
            answers=items,
            score=(scores.get(str(pk)) or {}).get("self"),
            data_score=(scores.get(str(pk)) or {}).get("data"),
        )
        for pk, items in groups.items()
    ]


def assessment_of_answer(*, user, answer_id: int, access: Access = Access.READ) -> Assessment:
    """The assessment an answer belongs to, for a user who may `access` it (404 otherwise)."""
    found = Answer.objects.filter(pk=answer_id).values_list("assessment_id", flat=True).first()
    if found is None:
        raise NotFoundOrOutOfScope()
    return assessment_get(user=user, assessment_id=found, access=access)


def answer_get(*, user, assessment_id: int, indicator_id: int, access: Access) -> Answer:
    """The answer to one indicator of an assessment the user may `access` (404 otherwise)."""
    assessment = assessment_get(user=user, assessment_id=assessment_id, access=access)
    answer = Answer.objects.filter(assessment=assessment, indicator_id=indicator_id).first()
    if answer is None:
        raise NotFoundOrOutOfScope()
    return answer


def answer_file_get(*, user, file_id: int) -> AnswerFile:
    """An evidence file, for whoever reads its assessment (404 to anyone else)."""
    row = AnswerFile.objects.select_related("answer__assessment").filter(pk=file_id).first()
    if row is None or not can(user, Access.READ, row.answer.assessment.area_id):
        raise NotFoundOrOutOfScope()
    return row


def steps_of(assessment: Assessment):
    return assessment.steps.select_related("actor").order_by("at", "pk")


def previous_round(assessment_round: Round) -> Round | None:
    return Round.objects.filter(
        level=assessment_round.level, fiscal_year=assessment_round.fiscal_year - 1
    ).first()


@dataclass
class ResultRow:
    rank: int
    assessment: Assessment
    band: Band | None
    last_year: Decimal | None

    @property
    def change(self) -> Decimal | None:
        if self.last_year is None:
            return None
        return self.assessment.score - self.last_year

    @property
    def gap(self) -> Decimal | None:
        if self.assessment.data_score is None:
            return None
        return self.assessment.score - self.assessment.data_score


@dataclass
class IndicatorGap:
    code: str
    text: str
    answered: int
    mean_level: Decimal | None
    mean_data_level: Decimal | None

    @property
    def gap(self) -> Decimal | None:
        if self.mean_level is None or self.mean_data_level is None:
            return None
        return self.mean_level - self.mean_data_level


@dataclass
class Results:
    rows: list[ResultRow]
    count: int
    mean: Decimal | None
    lowest: Decimal | None
    highest: Decimal | None
    spread: Decimal | None  # the standard deviation of the totals
    dimensions: list[tuple[Dimension, Decimal | None, Decimal | None]]  # mean self, mean data
    indicators: list[IndicatorGap]
    bands: dict[str, int]


def _mean(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    return (sum(values) / len(values)).quantize(Decimal("0.01"))


def round_results(*, user, assessment_round: Round, area_code: str = "") -> Results:
    """The results of the round in the area, as far as the reader's scope reaches."""
    return results_of(
        assessment_round,
        round_assessments(user=user, assessment_round=assessment_round, area_code=area_code),
    )


def area_results(assessment_round: Round, area_code: str) -> Results:
    """The results of the round in the area, for a report whose caller checked the scope."""
    return results_of(
        assessment_round,
        _within(Assessment.objects.filter(round=assessment_round), area_code),
    )


def results_of(assessment_round: Round, queryset: QuerySet[Assessment]) -> Results:
    """The submitted (and later) assessments ranked by score, their spread, the change since
    last year's round, and the gap between what the centers say and what their records show:
    per center, per dimension and per indicator."""
    assessments = list(
        queryset.filter(status__in=SUBMITTED_OR_LATER)
        .select_related("center", "area")
        .order_by("-score", "area_id")
    )
    top_from = assessment_round.template.top_band_from
    last = previous_round(assessment_round)
    last_scores = {}
    if last is not None:
        last_scores = dict(
            Assessment.objects.filter(
                round=last,
                center_id__in=[a.center_id for a in assessments],
                status__in=SUBMITTED_OR_LATER,
            ).values_list("center_id", "score")
        )
    rows = []
    previous_score = None
    rank = 0
    for position, assessment in enumerate(assessments, start=1):
        if assessment.score != previous_score:
            rank = position
            previous_score = assessment.score
        rows.append(
            ResultRow(
                rank=rank,
                assessment=assessment,
                band=band_of(assessment.score, top_from=top_from),
                last_year=last_scores.get(assessment.center_id),
            )
        )
    totals = [a.score for a in assessments]
    dimensions = list(
        Dimension.objects.filter(template=assessment_round.template).order_by("number")
    )
    dimension_means = []
    for dimension in dimensions:
        own = [
            Decimal(a.dimension_scores[str(dimension.pk)]["self"])
            for a in assessments
            if str(dimension.pk) in (a.dimension_scores or {})
        ]
        from_records = [
            Decimal(a.dimension_scores[str(dimension.pk)]["data"])
            for a in assessments
            if (a.dimension_scores or {}).get(str(dimension.pk), {}).get("data") is not None
        ]
        dimension_means.append((dimension, _mean(own), _mean(from_records)))
    indicator_rows: dict[int, dict] = {}
    for answer in Answer.objects.filter(assessment__in=[a.pk for a in assessments]).select_related(
        "indicator__dimension"
    ):
        entry = indicator_rows.setdefault(
            answer.indicator_id, {"indicator": answer.indicator, "levels": [], "data": []}
        )
        if answer.level is not None:
            entry["levels"].append(Decimal(answer.level))
        if answer.data_level is not None:
            entry["data"].append(Decimal(answer.data_level))
    indicators = [
        IndicatorGap(
            code=entry["indicator"].code,
            text=entry["indicator"].text,
            answered=len(entry["levels"]),
            mean_level=_mean(entry["levels"]),
            mean_data_level=_mean(entry["data"]),
        )
        for entry in sorted(
            indicator_rows.values(),
            key=lambda e: (e["indicator"].dimension.number, e["indicator"].number),
        )
    ]
    bands = {band.value: 0 for band in Band}
    for row in rows:
        if row.band:
            bands[row.band.value] += 1
    return Results(
        rows=rows,
        count=len(rows),
        mean=_mean(totals),
        lowest=min(totals) if totals else None,
        highest=max(totals) if totals else None,
        spread=Decimal(str(statistics.pstdev(totals))).quantize(Decimal("0.01"))
        if len(totals) > 1
        else None,
        dimensions=dimension_means,
        indicators=indicators,
        bands=bands,
    )


@dataclass
class CenterToFill:
    center: Center
    assessment: Assessment | None


def centers_to_fill(*, user, assessment_round: Round) -> list[CenterToFill]:
    """A committee's own center(s) in the round (center editors), with their assessment."""
    scope = user_scope(user, Access.CHANGE)
    if not scope.exact_codes:
        return []
    centers = list(
        Center.objects.filter(
            pk__in=scope.exact_codes, level=assessment_round.level, status=CenterStatus.ACTIVE
        ).order_by("area_id")
    )
    found = {
        a.center_id: a
        for a in Assessment.objects.filter(round=assessment_round, center__in=centers)
    }
    return [CenterToFill(center=c, assessment=found.get(c.pk)) for c in centers]


def earns_certificate(assessment: Assessment) -> bool:
    """An approved assessment whose score reaches the template's top band."""
    return (
        assessment.status == AssessmentStatus.APPROVED
        and band_of(assessment.score, top_from=assessment.round.template.top_band_from) == Band.TOP
    )
