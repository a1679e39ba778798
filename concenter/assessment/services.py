"""Every write of the strength assessment: templates, rounds, the center's answers and each
move of an assessment up the levels. One function per state change; each checks the rules and
the actor's scope, writes (audited by django-auditlog), and keeps the scores, in one
transaction. Views, the API, the XLSX import, the demo and commands call these."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from concenter.accounts.models import Role
from concenter.accounts.scope import Access, can, has_role, require, user_scope
from concenter.assessment import data, scoring
from concenter.assessment.models import (
    EDITABLE_STATUSES,
    Answer,
    AnswerFile,
    AnswerFileKind,
    Assessment,
    AssessmentStatus,
    Dimension,
    Indicator,
    Round,
    RoundStatus,
    ScoringKind,
    Step,
    StepAction,
    Template,
)
from concenter.assessment.rules import (
    ANSWER_FILES_MAX,
    BAND_COUNT,
    LEVEL_MAX,
    LEVEL_MIN,
    REASON_MIN_LENGTH,
    ROUND_LONGEST_DAYS,
    WEIGHT_MAX,
)
from concenter.common import clock, uploads
from concenter.common.errors import NotFoundOrOutOfScope
from concenter.common.thai import format_date_th
from concenter.common.versioning import lock_for_update
from concenter.network.models import Center, CenterLevel, CenterStatus
from concenter.notifications.links import site_url
from concenter.notifications.models import OutboxMessage
from concenter.notifications.services import message_enqueue

# Reminders start this many days before the due date.
REMINDER_DAYS_BEFORE_DUE = 7
SUBMITTED_STATUSES = (
    AssessmentStatus.SUBMITTED,
    AssessmentStatus.VERIFIED,
    AssessmentStatus.APPROVED,
)
OFFICERS = (Role.NATIONAL_ADMIN, Role.PROVINCE_OFFICER, Role.DISTRICT_OFFICER)
PROVINCE_OR_ABOVE = (Role.NATIONAL_ADMIN, Role.PROVINCE_OFFICER)


def _require_national_admin(actor) -> None:
    if not has_role(actor, Role.NATIONAL_ADMIN):
        raise NotFoundOrOutOfScope()


# Templates ---------------------------------------------------------------------------------------


def _editable_template(actor, template_id: int, expected_version: int | None = None) -> Template:
    _require_national_admin(actor)
    template = lock_for_update(
        Template.objects.filter(pk=template_id), expected_version=expected_version
    )
    if template.frozen:
        raise ValidationError(
            _("A round has opened on this template: it is frozen and can no longer change.")
        )
    return template


@transaction.atomic
def template_copy(*, actor, source_id: int, fiscal_year: int, name: str = "") -> Template:
    """A new year's template, copied from another (usually the default), ready to edit."""
    _require_national_admin(actor)
    source = Template.objects.filter(pk=source_id).first()
    if source is None:
        raise NotFoundOrOutOfScope()
    if Template.objects.filter(fiscal_year=fiscal_year).exists():
        raise ValidationError(
            {
                "fiscal_year": _("The fiscal year %(year)s has a template already.")
                % {"year": fiscal_year}
            }
        )
    copy = Template.objects.create(
        name=name or _("Strength assessment %(year)s") % {"year": fiscal_year},
        fiscal_year=fiscal_year,
        top_band_from=source.top_band_from,
    )
    for dimension in source.dimensions.prefetch_related("indicators"):
        new_dimension = Dimension.objects.create(
            template=copy, number=dimension.number, name=dimension.name, weight=dimension.weight
        )
        for indicator in dimension.indicators.all():
            Indicator.objects.create(
                dimension=new_dimension,
                number=indicator.number,
                text=indicator.text,
                kind=indicator.kind,
                level_descriptions=list(indicator.level_descriptions),
                unit=indicator.unit,
                bands=list(indicator.bands),
                weight=indicator.weight,
                source=indicator.source,
            )
    return copy


@transaction.atomic
def template_update(
    *, actor, template_id: int, name: str, top_band_from: Decimal, expected_version: int | None
) -> Template:
    template = _editable_template(actor, template_id, expected_version)
    if not name.strip():
        raise ValidationError({"name": _("Enter a name.")})
    if not Decimal(0) < Decimal(top_band_from) <= Decimal(100):
        raise ValidationError({"top_band_from": _("The top band starts between 1 and 100.")})
    template.name = name.strip()
    template.top_band_from = top_band_from
    template.save()
    return template


def _check_weight(weight: int, field: str = "weight") -> None:
    if not 0 <= weight <= WEIGHT_MAX:
        raise ValidationError(
            {field: _("A weight is between 0 and %(max)s.") % {"max": WEIGHT_MAX}}
        )


@transaction.atomic
def dimension_update(
    *, actor, dimension_id: int, name: str, weight: int, expected_version: int | None
) -> Dimension:
    dimension = Dimension.objects.filter(pk=dimension_id).first()
    if dimension is None:
        raise NotFoundOrOutOfScope()
    _editable_template(actor, dimension.template_id)
    dimension = lock_for_update(
        Dimension.objects.filter(pk=dimension_id), expected_version=expected_version
    )
    if not name.strip():
        raise ValidationError({"name": _("Enter a name.")})
    _check_weight(weight)
    dimension.name = name.strip()
    dimension.weight = weight
    dimension.save()
    return dimension


@dataclass
class IndicatorData:
    text: str
    kind: str = ScoringKind.LEVELS
    level_descriptions: list[str] | None = None
    unit: str = ""
    bands: list[Decimal] | None = None
    weight: int = 1
    source: str = ""


def _check_indicator(values: IndicatorData) -> None:
    errors: dict[str, str] = {}
    if not values.text.strip():
        errors["text"] = _("Enter the indicator.")
    if values.kind not in ScoringKind.values:
        errors["kind"] = _("Choose how the indicator is scored.")
    descriptions = [d.strip() for d in values.level_descriptions or []]
    if values.kind == ScoringKind.LEVELS and (
        len(descriptions) != LEVEL_MAX or not all(descriptions)
    ):
        errors["level_descriptions"] = _("Describe each of the five levels.")
    bands = list(values.bands or [])
    needs_bands = values.kind == ScoringKind.NUMBER or bool(values.source)
    if needs_bands and (len(bands) != BAND_COUNT or bands != sorted(bands)):
        errors["bands"] = _(
            "Give four figures in ascending order: the figure that reaches levels 2, 3, 4 and 5."
        )
    if not 0 <= values.weight <= WEIGHT_MAX:
        errors["weight"] = _("A weight is between 0 and %(max)s.") % {"max": WEIGHT_MAX}
    if values.source and values.source not in data.SOURCES:
        errors["source"] = _("Choose a source the product knows.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def indicator_save(
    *,
    actor,
    values: IndicatorData,
    dimension_id: int | None = None,
    indicator_id: int | None = None,
    expected_version: int | None = None,
) -> Indicator:
    """Add an indicator to a dimension (dimension_id) or change one (indicator_id)."""
    if indicator_id is not None:
        found = Indicator.objects.filter(pk=indicator_id).select_related("dimension").first()
        if found is None:
            raise NotFoundOrOutOfScope()
        _editable_template(actor, found.dimension.template_id)
        indicator = lock_for_update(
            Indicator.objects.filter(pk=indicator_id), expected_version=expected_version
        )
    else:
        dimension = Dimension.objects.filter(pk=dimension_id).first()
        if dimension is None:
            raise NotFoundOrOutOfScope()
        _editable_template(actor, dimension.template_id)
        last = dimension.indicators.order_by("-number").values_list("number", flat=True).first()
        indicator = Indicator(dimension=dimension, number=(last or 0) + 1)
    _check_indicator(values)
    indicator.text = values.text.strip()
    indicator.kind = values.kind
    indicator.level_descriptions = [d.strip() for d in values.level_descriptions or []]
    indicator.unit = values.unit.strip()
    indicator.bands = [str(b) for b in values.bands or []]
    indicator.weight = values.weight
    indicator.source = values.source
    indicator.save()
    return indicator


# Rounds ------------------------------------------------------------------------------------------


def default_template() -> Template | None:
    return Template.objects.filter(fiscal_year__isnull=True).order_by("pk").first()


@transaction.atomic
def round_open(
    *, actor, fiscal_year: int, level: str, opens_on, due_on, template_id: int | None = None
) -> Round:
    """Open the round of a fiscal year for one level of center. Without a template of that
    year the default is copied first; the template is frozen from now on."""
    _require_national_admin(actor)
    errors: dict[str, str] = {}
    if level not in CenterLevel.values:
        errors["level"] = _("Choose the level of center.")
    if due_on < opens_on:
        errors["due_on"] = _("The due date is on or after the opening date.")
    elif (due_on - opens_on).days > ROUND_LONGEST_DAYS:
        errors["due_on"] = _("A round lasts at most a year.")
    if Round.objects.filter(fiscal_year=fiscal_year, level=level).exists():
        errors["fiscal_year"] = _("This fiscal year has a round for this level already.")
    if errors:
        raise ValidationError(errors)
    if template_id is not None:
        template = Template.objects.filter(pk=template_id).first()
        if template is None:
            raise NotFoundOrOutOfScope()
    else:
        template = Template.objects.filter(fiscal_year=fiscal_year).first()
        if template is None:
            source = default_template()
            if source is None:
                raise ValidationError(
                    {"fiscal_year": _("There is no template to open a round on.")}
                )
            template = template_copy(actor=actor, source_id=source.pk, fiscal_year=fiscal_year)
    if not Indicator.objects.filter(dimension__template=template).exists():
        raise ValidationError({"fiscal_year": _("The template has no indicator yet.")})
    if template.frozen_at is None:
        template.frozen_at = clock.now()
        template.save()
    return Round.objects.create(
        template=template,
        fiscal_year=fiscal_year,
        level=level,
        opens_on=opens_on,
        due_on=due_on,
        opened_by=actor,
    )


@transaction.atomic
def round_update(
    *, actor, round_id: int, due_on, status: str, expected_version: int | None
) -> Round:
    """Move the due date, or close (and reopen) the round."""
    _require_national_admin(actor)
    assessment_round = lock_for_update(
        Round.objects.filter(pk=round_id), expected_version=expected_version
    )
    if due_on < assessment_round.opens_on:
        raise ValidationError({"due_on": _("The due date is on or after the opening date.")})
    if status not in RoundStatus.values:
        raise ValidationError({"status": _("Choose open or closed.")})
    assessment_round.due_on = due_on
    assessment_round.status = status
    assessment_round.save()
    return assessment_round


# Assessments -------------------------------------------------------------------------------------


def _indicators_of(template_id: int) -> list[Indicator]:
    return list(
        Indicator.objects.filter(dimension__template_id=template_id)
        .select_related("dimension")
        .order_by("dimension__number", "number")
    )


def _fill_from_records(answer: Answer, indicator: Indicator, center: Center, year: int) -> None:
    figure = data.figure_of(indicator.source, center, year)
    if figure is None:
        return
    answer.data_figure = figure.value
    answer.data_level = scoring.level_from_bands(figure.value, indicator.bands)
    answer.data_detail = figure.detail
    answer.data_records = figure.records


def _rescore(assessment: Assessment) -> None:
    """Keep the assessment's scores (self and from the records) in step with its answers."""
    template_id = assessment.round.template_id
    weights = dict(Dimension.objects.filter(template_id=template_id).values_list("pk", "weight"))
    answers = list(assessment.answers.select_related("indicator"))
    own = scoring.scores(
        weights,
        (
            scoring.ScoredIndicator(a.indicator.dimension_id, a.indicator.weight, a.level)
            for a in answers
        ),
    )
    from_records = scoring.scores(
        weights,
        (
            scoring.ScoredIndicator(a.indicator.dimension_id, a.indicator.weight, a.data_level)
            for a in answers
            if a.indicator.source
        ),
    )
    assessment.score = own.total or Decimal(0)
    assessment.data_score = from_records.total
    assessment.dimension_scores = {
        str(dimension): {
            "self": str(value),
            "data": str(from_records.dimensions[dimension])
            if dimension in from_records.dimensions
            else None,
        }
        for dimension, value in own.dimensions.items()
    }


def _center_in_round(actor, assessment_round: Round, center_code: str, access: Access) -> Center:
    require(actor, access, center_code)
    center = Center.objects.filter(pk=center_code).select_related("area").first()
    if center is None:
        raise NotFoundOrOutOfScope()
    if center.level != assessment_round.level:
        raise ValidationError(_("This round is for another level of center."))
    return center


@transaction.atomic
def assessment_start(*, actor, round_id: int, center_code: str) -> Assessment:
    """The center's assessment in the round, created (with the figures the records answer
    already filled in) on first use. A center outside the actor's change scope is 404."""
    assessment_round = Round.objects.filter(pk=round_id).first()
    if assessment_round is None:
        raise NotFoundOrOutOfScope()
    center = _center_in_round(actor, assessment_round, center_code, Access.CHANGE)
    existing = Assessment.objects.filter(round=assessment_round, center=center).first()
    if existing is not None:
        return existing
    if assessment_round.status != RoundStatus.OPEN:
        raise ValidationError(_("The round is closed."))
    assessment = Assessment(round=assessment_round, center=center)
    assessment.place_in(center.area)
    assessment.save()
    for indicator in _indicators_of(assessment_round.template_id):
        answer = Answer(assessment=assessment, indicator=indicator)
        _fill_from_records(answer, indicator, center, assessment_round.fiscal_year)
        if answer.data_figure is not None:
            # Pre-filled: the committee starts from what its records show, and may change it.
            answer.figure = answer.data_figure if indicator.kind == ScoringKind.NUMBER else None
            answer.level = answer.data_level
        answer.save()
    _rescore(assessment)
    assessment.save()
    return assessment


def _locked_assessment(actor, assessment_id: int, access: Access, expected_version) -> Assessment:
    found = Assessment.objects.filter(pk=assessment_id).values_list("area_id", flat=True).first()
    if found is None:
        raise NotFoundOrOutOfScope()
    require(actor, access, found)
    return lock_for_update(
        Assessment.objects.filter(pk=assessment_id).select_related("round", "center"),
        expected_version=expected_version,
    )


@transaction.atomic
def assessment_refresh_data(
    *, actor, assessment_id: int, expected_version: int | None = None
) -> Assessment:
    """Count the figures from the records again (after the committee recorded more)."""
    assessment = _locked_assessment(actor, assessment_id, Access.CHANGE, expected_version)
    if not assessment.editable:
        raise ValidationError(_("Only a draft or a returned assessment can change."))
    for answer in assessment.answers.select_related("indicator"):
        if answer.indicator.source:
            _fill_from_records(
                answer, answer.indicator, assessment.center, assessment.round.fiscal_year
            )
            answer.save()
    _rescore(assessment)
    assessment.save()
    return assessment


@dataclass
class AnswerData:
    indicator_id: int
    level: int | None = None
    figure: Decimal | str | None = None
    note: str = ""
    link: str = ""


def _figure(value, code: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        figure = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        figure = None
    if figure is None or not figure.is_finite() or figure < 0 or figure >= Decimal(10**10):
        raise ValidationError(
            {
                f"figure_{code}": _("Indicator %(code)s: the figure must be a number of 0 or more.")
                % {"code": code}
            }
        )
    return figure.quantize(Decimal("0.01"))


@transaction.atomic
def assessment_answers_save(
    *,
    actor,
    assessment_id: int,
    answers: Iterable[AnswerData],
    expected_version: int | None = None,
) -> Assessment:
    """Save the committee's answers (any subset of the indicators) and rescore. A level is 1–5;
    a number indicator takes a figure and its level comes from the template's bands."""
    assessment = _locked_assessment(actor, assessment_id, Access.CHANGE, expected_version)
    if not assessment.editable:
        raise ValidationError(_("Only a draft or a returned assessment can change."))
    if assessment.round.status != RoundStatus.OPEN:
        raise ValidationError(_("The round is closed."))
    by_indicator = {
        a.indicator_id: a for a in assessment.answers.select_related("indicator__dimension")
    }
    errors: dict[str, list[str]] = {}
    changed: list[Answer] = []
    for item in answers:
        answer = by_indicator.get(item.indicator_id)
        if answer is None:
            errors.setdefault("__all__", []).append(
                _("Indicator %(id)s is not in this assessment.") % {"id": item.indicator_id}
            )
            continue
        indicator = answer.indicator
        code = indicator.code
        try:
            if indicator.kind == ScoringKind.NUMBER:
                answer.figure = _figure(item.figure, code)
                answer.level = scoring.level_from_bands(answer.figure, indicator.bands)
            else:
                if item.level is not None and not LEVEL_MIN <= int(item.level) <= LEVEL_MAX:
                    raise ValidationError(
                        {
                            f"level_{code}": _("Indicator %(code)s: choose a level from 1 to 5.")
                            % {"code": code}
                        }
                    )
                answer.level = None if item.level is None else int(item.level)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(field, []).extend(messages)
            continue
        answer.note = (item.note or "").strip()
        link = (item.link or "").strip()
        if link and not link.startswith(("https://", "http://", "/")):
            errors.setdefault(f"link_{code}", []).append(
                _("Indicator %(code)s: a link starts with https://") % {"code": code}
            )
            continue
        answer.link = link
        changed.append(answer)
    if errors:
        raise ValidationError(errors)
    for answer in changed:
        answer.save()
    _rescore(assessment)
    assessment.save()
    return assessment


# Evidence files ----------------------------------------------------------------------------------


def _answer_for_change(actor, answer_id: int) -> tuple[Answer, Assessment]:
    """The answer and its assessment, locked; 404 outside the actor's change scope, refused
    unless the assessment is a draft or returned and the round open."""
    assessment_id = Answer.objects.filter(pk=answer_id).values_list("assessment_id", flat=True)
    found = assessment_id.first()
    if found is None:
        raise NotFoundOrOutOfScope()
    assessment = _locked_assessment(actor, found, Access.CHANGE, None)
    if not assessment.editable:
        raise ValidationError(_("Only a draft or a returned assessment can change."))
    if assessment.round.status != RoundStatus.OPEN:
        raise ValidationError(_("The round is closed."))
    answer = Answer.objects.select_related("indicator").get(pk=answer_id)
    return answer, assessment


@transaction.atomic
def answer_file_add(*, actor, answer_id: int, upload, caption: str = "") -> AnswerFile:
    """Attach a photo or a PDF as evidence of an answer, checked by its content like an
    activity's files (10 MB, PDF or an image; a photo re-encoded upright, without EXIF). The
    assessment's version does not move: a committee filling the answers in keeps its form."""
    answer, assessment = _answer_for_change(actor, answer_id)
    code = answer.indicator.code
    if upload is None:
        raise ValidationError({"file": _("Evidence file: choose a photo or a PDF to upload.")})
    if answer.files.count() >= ANSWER_FILES_MAX:
        raise ValidationError(
            {
                "file": _("Indicator %(code)s: an answer keeps at most %(max)s files.")
                % {"code": code, "max": ANSWER_FILES_MAX}
            }
        )
    label = _("Indicator %(code)s, evidence file %(name)s") % {
        "code": code,
        "name": getattr(upload, "name", "") or "",
    }
    try:
        checked = uploads.check_upload(upload, kinds=(uploads.PDF, uploads.IMAGE), label=label)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    name = uploads.store_upload(checked, folder=f"assessment/{assessment.pk}")
    try:
        row = AnswerFile.objects.create(
            answer=answer,
            kind=AnswerFileKind.PHOTO if checked.kind == uploads.IMAGE else AnswerFileKind.DOCUMENT,
            stored_name=name,
            original_name=(checked.original_name or "").strip()[:200],
            caption=(caption or "").strip()[:250],
            size=len(checked.content),
        )
    except Exception:
        uploads.delete_stored(name)
        raise
    return row


@transaction.atomic
def answer_file_remove(*, actor, file_id: int) -> Answer:
    """Remove an evidence file while the assessment can change; the stored file goes after the
    commit."""
    row = AnswerFile.objects.filter(pk=file_id).first()
    if row is None:
        raise NotFoundOrOutOfScope()
    answer, _assessment = _answer_for_change(actor, row.answer_id)
    name = row.stored_name
    row.delete()
    transaction.on_commit(lambda: uploads.delete_stored(name))
    return answer


# Scores again ------------------------------------------------------------------------------------


@transaction.atomic
def assessment_recompute(*, assessment_id: int) -> bool:
    """Score one assessment again from its answers with the current scoring: a number
    indicator's level (and the level from the records) from its figure and the template's bands
    as they are now, then the dimensions and the total. Any status, approved ones included (the
    answers do not change, only what they score). True when something stored changed; nothing is
    written otherwise. For `concenter assessment_recompute` after the scoring or a template
    changed."""
    assessment = lock_for_update(
        Assessment.objects.filter(pk=assessment_id).select_related("round"),
        expected_version=None,
    )
    changed_answers = []
    for answer in assessment.answers.select_related("indicator"):
        indicator = answer.indicator
        if indicator.kind != ScoringKind.NUMBER:
            continue
        level = (
            answer.level
            if answer.figure is None
            else scoring.level_from_bands(answer.figure, indicator.bands)
        )
        data_level = (
            answer.data_level
            if answer.data_figure is None
            else scoring.level_from_bands(answer.data_figure, indicator.bands)
        )
        if (level, data_level) != (answer.level, answer.data_level):
            answer.level, answer.data_level = level, data_level
            changed_answers.append(answer)
    for answer in changed_answers:
        answer.save(update_fields=["level", "data_level", "updated_at"])
    before = (assessment.score, assessment.data_score, assessment.dimension_scores)
    _rescore(assessment)
    after = (assessment.score, assessment.data_score, assessment.dimension_scores)
    if not changed_answers and before == after:
        return False
    assessment.save()
    return True


def assessments_recompute(*, round_id: int | None = None) -> tuple[int, int]:
    """Every assessment (of one round, if given) scored again, one transaction each:
    (how many were looked at, how many changed)."""
    ids = Assessment.objects.order_by("pk")
    if round_id is not None:
        ids = ids.filter(round_id=round_id)
    seen = changed = 0
    for assessment_id in ids.values_list("pk", flat=True).iterator():
        seen += 1
        changed += assessment_recompute(assessment_id=assessment_id)
    return seen, changed


# Moves up the levels -----------------------------------------------------------------------------

# action → (the statuses it starts from, the status it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    StepAction.SUBMIT: (EDITABLE_STATUSES, AssessmentStatus.SUBMITTED),
    StepAction.VERIFY: (frozenset({AssessmentStatus.SUBMITTED}), AssessmentStatus.VERIFIED),
    StepAction.RETURN: (
        frozenset({AssessmentStatus.SUBMITTED, AssessmentStatus.VERIFIED}),
        AssessmentStatus.RETURNED,
    ),
    StepAction.APPROVE: (frozenset({AssessmentStatus.VERIFIED}), AssessmentStatus.APPROVED),
    StepAction.REOPEN: (frozenset({AssessmentStatus.APPROVED}), AssessmentStatus.RETURNED),
}


def role_allows(actor, assessment: Assessment, action: str) -> bool:
    """Whether the actor's roles and areas let them make `action` on this assessment at all
    (whatever its status): the committee submits, officers verify and return what is
    submitted, the province (or the nation) returns what is verified, approves and reopens."""
    if not can(actor, Access.CHANGE, assessment.area_id):
        return False
    if action == StepAction.SUBMIT:
        return True
    if action == StepAction.VERIFY:
        return has_role(actor, *OFFICERS)
    if action == StepAction.RETURN and assessment.status != AssessmentStatus.VERIFIED:
        return has_role(actor, *OFFICERS)
    return has_role(actor, *PROVINCE_OR_ABOVE)


def may_act(actor, assessment: Assessment, action: str) -> bool:
    """Whether `actor` may make `action` on the assessment now: the buttons a page shows."""
    starts, _to = TRANSITIONS[action]
    return assessment.status in starts and role_allows(actor, assessment, action)


def _move(
    *, actor, assessment_id: int, action: str, reason: str = "", expected_version: int | None
) -> Assessment:
    assessment = _locked_assessment(actor, assessment_id, Access.READ, expected_version)
    starts, to_status = TRANSITIONS[action]
    if not role_allows(actor, assessment, action):
        raise NotFoundOrOutOfScope()
    if assessment.status not in starts:
        raise ValidationError(
            _("An assessment that is “%(status)s” cannot be %(action)s.")
            % {
                "status": AssessmentStatus(assessment.status).label,
                "action": StepAction(action).label.lower(),
            }
        )
    reason = (reason or "").strip()
    if action in (StepAction.RETURN, StepAction.REOPEN) and len(reason) < REASON_MIN_LENGTH:
        raise ValidationError({"reason": _("Give the reason, so the committee knows what to do.")})
    now = clock.now()
    if action == StepAction.SUBMIT:
        if assessment.round.status != RoundStatus.OPEN:
            raise ValidationError(_("The round is closed."))
        missing = [
            a.indicator.code
            for a in assessment.answers.select_related("indicator__dimension")
            if a.level is None
        ]
        if missing:
            raise ValidationError(
                _("Answer every indicator before submitting; missing: %(codes)s.")
                % {"codes": ", ".join(missing)}
            )
        assessment.submitted_at = now
    elif action == StepAction.VERIFY:
        assessment.verified_at = now
    elif action == StepAction.APPROVE:
        assessment.approved_at = now
    elif action in (StepAction.RETURN, StepAction.REOPEN):
        assessment.verified_at = None
        assessment.approved_at = None
    Step.objects.create(
        assessment=assessment,
        action=action,
        from_status=assessment.status,
        to_status=to_status,
        actor=actor,
        reason=reason,
        at=now,
    )
    assessment.status = to_status
    assessment.save()
    return assessment


@transaction.atomic
def assessment_submit(
    *, actor, assessment_id: int, expected_version: int | None = None
) -> Assessment:
    """The committee sends its assessment to the district: every indicator must be answered."""
    return _move(
        actor=actor,
        assessment_id=assessment_id,
        action=StepAction.SUBMIT,
        expected_version=expected_version,
    )


@transaction.atomic
def assessment_verify(
    *, actor, assessment_id: int, expected_version: int | None = None
) -> Assessment:
    """The district officer checked the assessment against the evidence: on to the province."""
    return _move(
        actor=actor,
        assessment_id=assessment_id,
        action=StepAction.VERIFY,
        expected_version=expected_version,
    )


@transaction.atomic
def assessment_return(
    *, actor, assessment_id: int, reason: str, expected_version: int | None = None
) -> Assessment:
    """Send the assessment back to the committee with the reason (district or province)."""
    return _move(
        actor=actor,
        assessment_id=assessment_id,
        action=StepAction.RETURN,
        reason=reason,
        expected_version=expected_version,
    )


@transaction.atomic
def assessment_approve(
    *, actor, assessment_id: int, expected_version: int | None = None
) -> Assessment:
    """The province approves a verified assessment; it is locked from now on."""
    return _move(
        actor=actor,
        assessment_id=assessment_id,
        action=StepAction.APPROVE,
        expected_version=expected_version,
    )


@transaction.atomic
def assessment_reopen(
    *, actor, assessment_id: int, reason: str, expected_version: int | None = None
) -> Assessment:
    """Unlock an approved assessment (province or national): back to the committee, with the
    reason kept in its steps and the audit trail."""
    return _move(
        actor=actor,
        assessment_id=assessment_id,
        action=StepAction.REOPEN,
        reason=reason,
        expected_version=expected_version,
    )


def centers_of_round(assessment_round: Round):
    """The centers a round asks an assessment of: active centers of its level."""
    return Center.objects.filter(level=assessment_round.level, status=CenterStatus.ACTIVE)


def late_centers(assessment_round: Round, *, within=None) -> list[Center]:
    """Centers of the round that have not submitted although the due date has passed (or,
    before it, within REMINDER_DAYS_BEFORE_DUE of it): whom the reminders go to."""
    days_left = (assessment_round.due_on - clock.today()).days
    if assessment_round.status != RoundStatus.OPEN or days_left > REMINDER_DAYS_BEFORE_DUE:
        return []
    done = Assessment.objects.filter(round=assessment_round, status__in=SUBMITTED_STATUSES).values(
        "center_id"
    )
    centers = centers_of_round(assessment_round).exclude(pk__in=done)
    if within is not None:
        centers = centers.filter(within)
    return list(centers.order_by("area_id"))


@transaction.atomic
def assessment_reminders_send(*, actor=None, round_id: int) -> int:
    """Remind the committees of the centers that are late (or nearly) in the round. An officer
    reminds the centers of their area; a command (actor None) reminds every one. Returns how
    many centers were reminded. The reminders go through the outbox (concenter.notifications)
    to the centers' editors; the round's page lists the same centers in any case."""
    assessment_round = lock_for_update(Round.objects.filter(pk=round_id), expected_version=None)
    within = None
    if actor is not None:
        if not has_role(actor, *OFFICERS):
            raise NotFoundOrOutOfScope()
        within = user_scope(actor, Access.CHANGE).q(code_field="area_id")
    centers = late_centers(assessment_round, within=within)
    _enqueue_reminders(assessment_round, centers)
    assessment_round.reminded_at = clock.now()
    assessment_round.save()
    return len(centers)


def reminder_milestone(assessment_round: Round, today: datetime.date) -> str:
    """The point of the round at which `concenter work` reminds by itself, or "" on a day in
    between: a week before the due date, the day before, the due day, then each week late."""
    days_left = (assessment_round.due_on - today).days
    if days_left > REMINDER_DAYS_BEFORE_DUE or (days_left < 0 and -days_left % 7):
        return ""
    if days_left > 1:
        return "week-before" if days_left == REMINDER_DAYS_BEFORE_DUE else ""
    if days_left >= 0:
        return ("due", "day-before")[days_left]
    return f"late-week-{-days_left // 7}"


def reminders_scan(today: datetime.date) -> int:
    """The reminders nobody has to ask for (a scan of `concenter work`, see
    notifications.schedule): on each milestone of an open round the late centers' editors are
    reminded once — keyed by the milestone, so a second scan or runner writes nothing — unless an
    officer reminded the round that day already. Returns the messages written."""
    written = 0
    for assessment_round in Round.objects.filter(
        status=RoundStatus.OPEN,
        due_on__lte=today + datetime.timedelta(days=REMINDER_DAYS_BEFORE_DUE),
    ).order_by("pk"):
        milestone = reminder_milestone(assessment_round, today)
        reminded = assessment_round.reminded_at
        if not milestone or (reminded and timezone.localtime(reminded).date() == today):
            continue
        with transaction.atomic():
            centers = late_centers(assessment_round)
            written += _enqueue_reminders(assessment_round, centers, key=milestone)
    return written


def _enqueue_reminders(assessment_round: Round, centers: list[Center], *, key: str = "") -> int:
    """Hand each late center's editors a reminder through the outbox (in this transaction; one
    message per center, user and day — or `key`, a milestone of the round — whatever how often
    it is asked). Returns the messages written."""
    from concenter.accounts.models import RoleAssignment

    editors: dict[str, list] = {}
    for assignment in RoleAssignment.objects.filter(
        role=Role.CENTER_EDITOR, center_code__in=[c.pk for c in centers]
    ).select_related("user"):
        editors.setdefault(assignment.center_code, []).append(assignment.user)
    key = key or clock.today().isoformat()
    written = 0
    for center in centers:
        for user in editors.get(center.pk, []):
            idempotency_key = (
                f"assessment-reminder:{assessment_round.pk}:{center.pk}:{user.pk}:{key}"
            )
            if OutboxMessage.objects.filter(idempotency_key=idempotency_key).exists():
                continue  # written by an earlier call, or by another runner
            message = message_enqueue(
                kind="assessment_reminder",
                recipient=user,
                context={
                    "center": center.name,
                    "fiscal_year": assessment_round.fiscal_year,
                    "due_on": format_date_th(assessment_round.due_on, long=True),
                    "link": site_url(assessment_round.get_absolute_url()),
                },
                idempotency_key=idempotency_key,
                area_code=center.pk,
            )
            written += message is not None
    return written
