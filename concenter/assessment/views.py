"""Pages of the strength assessment: templates, rounds and their progress, a center's
assessment (filled by its committee, verified up the levels), results and certificates.
Thin: read through a selector, validate a form, call one service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from concenter.accounts.models import Role
from concenter.accounts.scope import Access, can, has_role, require, user_scope
from concenter.assessment import documents, selectors, services, spreadsheets
from concenter.assessment.forms import (
    AnswersForm,
    DimensionForm,
    EvidenceForm,
    ImportForm,
    IndicatorForm,
    MoveForm,
    ReasonForm,
    RoundEditForm,
    RoundOpenForm,
    TemplateCopyForm,
    TemplateForm,
    answer_field_names,
)
from concenter.assessment.models import (
    AnswerFileKind,
    Dimension,
    Indicator,
    RoundStatus,
    ScoringKind,
    StepAction,
)
from concenter.assessment.rules import band_of
from concenter.common.errors import NotFoundOrOutOfScope, StaleVersion
from concenter.common.forms import apply_errors
from concenter.common.pdf import PDF_MEDIA_TYPE
from concenter.common.submit import form_submit
from concenter.common.uploads import stored_file_response
from concenter.geography import selectors as area_selectors
from concenter.geography.models import Area

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NATIONAL = "TH"


def _status(form) -> int:
    return 422 if form.errors else 200


def _national_admin_or_404(user) -> None:
    if not has_role(user, Role.NATIONAL_ADMIN):
        raise NotFoundOrOutOfScope()


def _download(content: bytes, media_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=media_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _home_area(user) -> str:
    """The widest area the user reads: the nation, or their first area."""
    scope = user_scope(user, Access.READ)
    if scope.everything:
        return NATIONAL
    codes = sorted([*scope.prefixes, *scope.exact_codes], key=len)
    return codes[0] if codes else ""


def _area(user, code: str) -> Area | None:
    """The area of a results or progress page, read-checked (None: the nation, admins only)."""
    if code == NATIONAL:
        if not user_scope(user, Access.READ).everything:
            raise NotFoundOrOutOfScope()
        return None
    if not code.isdigit() or len(code) not in (2, 4, 6):
        raise NotFoundOrOutOfScope()
    require(user, Access.READ, code)
    return area_selectors.area_get(code=code)


# Rounds -------------------------------------------------------------------------------------------


def _home_page(request, form, status=200):
    return render(
        request,
        "assessment/home.html",
        {
            "rounds": selectors.round_list(),
            "templates": selectors.template_list(),
            "form": form,
            "is_admin": has_role(request.user, Role.NATIONAL_ADMIN),
            "home_area": _home_area(request.user),
        },
        status=status,
    )


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return _home_page(request, RoundOpenForm())


@login_required
@require_POST
def round_open(request: HttpRequest) -> HttpResponse:
    _national_admin_or_404(request.user)
    form = RoundOpenForm(request.POST)
    done = form_submit(
        request,
        form,
        lambda data: services.round_open(actor=request.user, **data),
        success=_("The round is open."),
        redirect_to=lambda created: created.get_absolute_url(),
    )
    return done or _home_page(request, form, status=422)


@login_required
@require_GET
def round_detail(request: HttpRequest, round_id: int) -> HttpResponse:
    assessment_round = selectors.round_get(round_id=round_id)
    code = (request.GET.get("area") or _home_area(request.user)).strip()[:8]
    area = _area(request.user, code) if code else None
    if not code:
        raise NotFoundOrOutOfScope()
    progress = selectors.round_progress(
        user=request.user, assessment_round=assessment_round, area_code=code
    )
    return render(
        request,
        "assessment/round_detail.html",
        {
            "round": assessment_round,
            "area": area,
            "area_code": code,
            "ancestors": area_selectors.area_ancestors(area) if area else [],
            "progress": progress,
            "own_centers": selectors.centers_to_fill(
                user=request.user, assessment_round=assessment_round
            ),
            "is_admin": has_role(request.user, Role.NATIONAL_ADMIN),
            "is_officer": has_role(request.user, *services.OFFICERS),
            "drill": len(code) < 4 or code == NATIONAL,
            "assessments": selectors.round_assessments(
                user=request.user, assessment_round=assessment_round, area_code=code
            )
            .select_related("center")
            .order_by("area_id")
            if len(code) >= 4 and code != NATIONAL
            else [],
            "import_form": ImportForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_edit(request: HttpRequest, round_id: int) -> HttpResponse:
    _national_admin_or_404(request.user)
    assessment_round = selectors.round_get(round_id=round_id)
    form = RoundEditForm(
        request.POST or None,
        initial={
            "due_on": assessment_round.due_on,
            "status": assessment_round.status,
            "version": assessment_round.version,
        },
    )
    if request.method == "POST":
        done = form_submit(
            request,
            form,
            lambda data: services.round_update(
                actor=request.user,
                round_id=assessment_round.pk,
                due_on=data["due_on"],
                status=data["status"],
                expected_version=data.get("version"),
            ),
            success=_("Saved."),
            redirect_to=assessment_round.get_absolute_url(),
        )
        if done:
            return done
    return render(
        request,
        "assessment/round_edit.html",
        {"round": assessment_round, "form": form},
        status=_status(form),
    )


@login_required
@require_POST
def round_reminders(request: HttpRequest, round_id: int) -> HttpResponse:
    """Remind the committees that are late (officers of the area they hold)."""
    assessment_round = selectors.round_get(round_id=round_id)
    if not has_role(request.user, *services.OFFICERS):
        raise NotFoundOrOutOfScope()
    sent = services.assessment_reminders_send(actor=request.user, round_id=assessment_round.pk)
    messages.success(
        request, _("Reminders for %(count)s late centers were queued.") % {"count": sent}
    )
    return redirect(assessment_round.get_absolute_url())


# One center's assessment --------------------------------------------------------------------------


@login_required
@require_POST
def assessment_start(request: HttpRequest, round_id: int, code: str) -> HttpResponse:
    try:
        assessment = services.assessment_start(
            actor=request.user, round_id=round_id, center_code=code
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("assessment:round_detail", round_id=round_id)
    return redirect("assessment:assessment_fill", assessment_id=assessment.pk)


def _detail_page(request, assessment, *, reason_form=None, status=200):
    dimensions = selectors.answers_by_dimension(assessment)
    actions = {
        action: services.may_act(request.user, assessment, action) for action in StepAction.values
    }
    template = assessment.round.template
    return render(
        request,
        "assessment/assessment_detail.html",
        {
            "assessment": assessment,
            "center": assessment.center,
            "round": assessment.round,
            "dimensions": dimensions,
            "steps": selectors.steps_of(assessment),
            "actions": actions,
            "can_fill": assessment.editable
            and can(request.user, Access.CHANGE, assessment.area_id),
            "reason_form": reason_form or ReasonForm(initial={"version": assessment.version}),
            "move_form": MoveForm(initial={"version": assessment.version}),
            "band": band_of(assessment.score, top_from=template.top_band_from),
            "data_band": band_of(assessment.data_score, top_from=template.top_band_from),
            "certificate": selectors.earns_certificate(assessment),
            "ancestors": [*area_selectors.area_ancestors(assessment.area), assessment.area],
        },
        status=status,
    )


@login_required
@require_GET
def assessment_detail(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = selectors.assessment_get(user=request.user, assessment_id=assessment_id)
    return _detail_page(request, assessment)


def _answers_from(form: AnswersForm) -> list[services.AnswerData]:
    answers = []
    for answer in form.answers:
        names = answer_field_names(answer)
        value = form.cleaned_data.get(names["value"])
        number = answer.indicator.kind == ScoringKind.NUMBER
        answers.append(
            services.AnswerData(
                indicator_id=answer.indicator_id,
                level=None if number else value,
                figure=value if number else None,
                note=form.cleaned_data.get(names["note"]) or "",
                link=form.cleaned_data.get(names["link"]) or "",
            )
        )
    return answers


def _fill_page(request, assessment, form=None, *, upload_forms=None, status=None):
    """The answers to fill in, each with its evidence files and a small form to add one."""
    if form is None:
        answers = [a for group in selectors.answers_by_dimension(assessment) for a in group.answers]
        form = AnswersForm(None, answers=answers, initial={"version": assessment.version})
    upload_forms = upload_forms or {}
    for answer in form.answers:
        answer.upload_form = upload_forms.get(answer.pk) or EvidenceForm(
            prefix=f"evidence-{answer.pk}"
        )
    return render(
        request,
        "assessment/assessment_fill.html",
        {
            "assessment": assessment,
            "center": assessment.center,
            "round": assessment.round,
            "form": form,
            "can_upload": assessment.editable and assessment.round.status == RoundStatus.OPEN,
            "ancestors": [*area_selectors.area_ancestors(assessment.area), assessment.area],
        },
        status=status or _status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_fill(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """The answers and their evidence files in one form: any submit saves every answer typed and
    then attaches every file chosen, so choosing a photo never loses what was typed (the file
    fields are in the answers' form, each answer's "Upload the file" button a submit of it)."""
    assessment = selectors.assessment_get(
        user=request.user, assessment_id=assessment_id, access=Access.CHANGE
    )
    if request.method != "POST":
        return _fill_page(request, assessment)
    answers = [a for group in selectors.answers_by_dimension(assessment) for a in group.answers]
    form = AnswersForm(request.POST, answers=answers, initial={"version": assessment.version})
    uploads = _chosen_uploads(request, answers)
    done = form_submit(
        request,
        form,
        lambda data: services.assessment_answers_save(
            actor=request.user,
            assessment_id=assessment.pk,
            answers=_answers_from(form),
            expected_version=data.get("version"),
        ),
        success=_("Saved. Submit the assessment when every indicator is answered."),
        redirect_to=lambda saved: saved.get_absolute_url(),
    )
    if not done:
        for upload in uploads.values():
            upload.is_valid()  # its own errors first, then why nothing was attached
            upload.add_error(None, _("The file was not uploaded: correct the answers first."))
        return _fill_page(request, assessment, form, upload_forms=uploads)
    refused = {
        answer_id: upload
        for answer_id, upload in uploads.items()
        if not _attach(request, answer_id, upload)
    }
    if refused:
        assessment.refresh_from_db()
        return _fill_page(request, assessment, upload_forms=refused, status=422)
    removed = _remove_pressed(request, assessment)
    if not uploads and removed is None:
        return done
    if uploads:
        messages.success(request, _("The evidence file was added."))
    return redirect(
        reverse("assessment:assessment_fill", args=[assessment.pk])
        + f"#indicator-{next(reversed(uploads)) if uploads else removed}"
    )


def _remove_pressed(request: HttpRequest, assessment) -> int | None:
    """The file whose "Remove" was pressed, removed (after the answers were saved); the id of its
    answer, or None when no "Remove" was pressed."""
    file_id = request.POST.get("remove", "")
    if not file_id.isdigit():
        return None
    row = selectors.answer_file_get(user=request.user, file_id=int(file_id))
    if row.answer.assessment_id != assessment.pk:
        raise NotFoundOrOutOfScope()
    try:
        services.answer_file_remove(actor=request.user, file_id=row.pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The evidence file was removed."))
    return row.answer_id


def _attach(request: HttpRequest, answer_id: int, upload: EvidenceForm) -> bool:
    """The upload form's file attached to the answer; False with the refusal on the form."""
    if not upload.is_valid():
        return False
    try:
        services.answer_file_add(
            actor=request.user,
            answer_id=answer_id,
            upload=upload.cleaned_data["file"],
            caption=upload.cleaned_data["caption"],
        )
    except ValidationError as exc:
        apply_errors(upload, exc)
        return False
    return True


def _chosen_uploads(request: HttpRequest, answers) -> dict[int, EvidenceForm]:
    """The upload form of each answer with a file chosen, and of the answer whose "Upload the
    file" was pressed (refused if it has none), in the page's order."""
    pressed = request.POST.get("upload", "")
    forms_by_answer = {}
    for answer in answers:
        prefix = f"evidence-{answer.pk}"
        if f"{prefix}-file" in request.FILES or pressed == str(answer.pk):
            forms_by_answer[answer.pk] = EvidenceForm(request.POST, request.FILES, prefix=prefix)
    return forms_by_answer


@login_required
@require_POST
def answer_file_add(request: HttpRequest, answer_id: int) -> HttpResponse:
    """Attach an evidence file to one answer; a refusal is shown on that answer, in Thai."""
    assessment = selectors.assessment_of_answer(
        user=request.user, answer_id=answer_id, access=Access.CHANGE
    )
    form = EvidenceForm(request.POST, request.FILES)
    if _attach(request, answer_id, form):
        messages.success(request, _("The evidence file was added."))
        return redirect(
            reverse("assessment:assessment_fill", args=[assessment.pk]) + f"#indicator-{answer_id}"
        )
    # Shown on the fill page as its own upload field (named as the answers' form posts it).
    shown = EvidenceForm(prefix=f"evidence-{answer_id}")
    shown._errors = form.errors
    assessment.refresh_from_db()
    return _fill_page(request, assessment, upload_forms={answer_id: shown}, status=422)


@login_required
@require_GET
def answer_file(request: HttpRequest, file_id: int) -> HttpResponse:
    row = selectors.answer_file_get(user=request.user, file_id=file_id)
    return stored_file_response(
        row.stored_name,
        download_name=f"assessment-{row.answer.assessment_id}-{row.pk}",
        inline=row.kind == AnswerFileKind.PHOTO,
    )


@login_required
@require_POST
def answer_file_remove(request: HttpRequest, file_id: int) -> HttpResponse:
    row = selectors.answer_file_get(user=request.user, file_id=file_id)
    assessment_id = row.answer.assessment_id
    try:
        services.answer_file_remove(actor=request.user, file_id=file_id)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("assessment:assessment_detail", assessment_id=assessment_id)
    messages.success(request, _("The evidence file was removed."))
    return redirect(
        reverse("assessment:assessment_fill", args=[assessment_id]) + f"#indicator-{row.answer_id}"
    )


@login_required
@require_POST
def assessment_refresh(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = selectors.assessment_get(
        user=request.user, assessment_id=assessment_id, access=Access.CHANGE
    )
    try:
        services.assessment_refresh_data(actor=request.user, assessment_id=assessment.pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The figures from the records were counted again."))
    return redirect(assessment.get_absolute_url())


_MOVES = {
    StepAction.SUBMIT: (services.assessment_submit, _("Submitted to the district.")),
    StepAction.VERIFY: (services.assessment_verify, _("Verified: on to the province.")),
    StepAction.RETURN: (services.assessment_return, _("Returned to the committee.")),
    StepAction.APPROVE: (services.assessment_approve, _("Approved: the assessment is locked.")),
    StepAction.REOPEN: (services.assessment_reopen, _("Reopened: back to the committee.")),
}


def _move(request: HttpRequest, assessment_id: int, action: str) -> HttpResponse:
    assessment = selectors.assessment_get(user=request.user, assessment_id=assessment_id)
    with_reason = action in (StepAction.RETURN, StepAction.REOPEN)
    form = (ReasonForm if with_reason else MoveForm)(request.POST)
    if not services.role_allows(request.user, assessment, action):
        raise NotFoundOrOutOfScope()
    service, success = _MOVES[action]
    if form.is_valid():
        extra = {"reason": form.cleaned_data["reason"]} if with_reason else {}
        try:
            service(
                actor=request.user,
                assessment_id=assessment.pk,
                expected_version=form.cleaned_data.get("version"),
                **extra,
            )
        except StaleVersion as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, str(success))
            return redirect(assessment.get_absolute_url())
    fresh = selectors.assessment_get(user=request.user, assessment_id=assessment_id)
    if not with_reason:
        for error in form.non_field_errors():
            messages.error(request, error)
        for name, errors in form.errors.items():
            if name != "__all__":
                messages.error(request, " ".join(errors))
    return _detail_page(request, fresh, reason_form=form if with_reason else None, status=422)


@login_required
@require_POST
def assessment_submit(request: HttpRequest, assessment_id: int) -> HttpResponse:
    return _move(request, assessment_id, StepAction.SUBMIT)


@login_required
@require_POST
def assessment_verify(request: HttpRequest, assessment_id: int) -> HttpResponse:
    return _move(request, assessment_id, StepAction.VERIFY)


@login_required
@require_POST
def assessment_return(request: HttpRequest, assessment_id: int) -> HttpResponse:
    return _move(request, assessment_id, StepAction.RETURN)


@login_required
@require_POST
def assessment_approve(request: HttpRequest, assessment_id: int) -> HttpResponse:
    return _move(request, assessment_id, StepAction.APPROVE)


@login_required
@require_POST
def assessment_reopen(request: HttpRequest, assessment_id: int) -> HttpResponse:
    return _move(request, assessment_id, StepAction.REOPEN)


@login_required
@require_GET
def certificate(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """The certificate of a center in the top band (approved assessments only), else 404."""
    assessment = selectors.assessment_get(user=request.user, assessment_id=assessment_id)
    if not selectors.earns_certificate(assessment):
        raise NotFoundOrOutOfScope()
    content = documents.certificate_pdf(assessment)
    return _download(
        content,
        PDF_MEDIA_TYPE,
        f"certificate-{assessment.center_id}-{assessment.round.fiscal_year}.pdf",
    )


# Results ------------------------------------------------------------------------------------------


@login_required
@require_GET
def results(request: HttpRequest, round_id: int, code: str) -> HttpResponse:
    assessment_round = selectors.round_get(round_id=round_id)
    area = _area(request.user, code)
    found = selectors.round_results(
        user=request.user, assessment_round=assessment_round, area_code=code
    )
    return render(
        request,
        "assessment/results.html",
        {
            "round": assessment_round,
            "area": area,
            "area_code": code,
            "ancestors": area_selectors.area_ancestors(area) if area else [],
            "results": found,
            "previous": selectors.previous_round(assessment_round),
            "can_import": has_role(request.user, *services.OFFICERS),
            "import_form": ImportForm(),
        },
    )


@login_required
@require_GET
def results_export(request: HttpRequest, round_id: int, code: str) -> HttpResponse:
    """The round's results and every answer in the area, as XLSX in Thai (importable back)."""
    assessment_round = selectors.round_get(round_id=round_id)
    _area(request.user, code)
    assessments = selectors.round_assessments(
        user=request.user, assessment_round=assessment_round, area_code=code
    )
    content = spreadsheets.round_xlsx(assessment_round, assessments)
    return _download(
        content, XLSX_MEDIA_TYPE, f"assessment-{assessment_round.fiscal_year}-{code}.xlsx"
    )


@login_required
@require_POST
def results_import(request: HttpRequest, round_id: int) -> HttpResponse:
    """Answers typed in the exported sheet, saved through the same service as the form: all
    rows or none, each refusal named by its row and column."""
    assessment_round = selectors.round_get(round_id=round_id)
    if not has_role(request.user, *services.OFFICERS):
        raise NotFoundOrOutOfScope()
    form = ImportForm(request.POST, request.FILES)
    back = assessment_round.get_absolute_url()
    if not form.is_valid():
        messages.error(request, _("Choose an Excel file (.xlsx) to import."))
        return redirect(back)
    try:
        count = spreadsheets.answers_import(
            actor=request.user, assessment_round=assessment_round, upload=form.cleaned_data["file"]
        )
    except ValidationError as exc:
        for message in exc.messages[:20]:
            messages.error(request, message)
        return redirect(back)
    messages.success(request, _("Answers of %(count)s assessments were saved.") % {"count": count})
    return redirect(back)


# Templates ----------------------------------------------------------------------------------------


@login_required
@require_GET
def template_detail(request: HttpRequest, template_id: int) -> HttpResponse:
    template = selectors.template_get(template_id=template_id)
    is_admin = has_role(request.user, Role.NATIONAL_ADMIN)
    return render(
        request,
        "assessment/template_detail.html",
        {
            "template": template,
            "dimensions": selectors.dimensions_of(template),
            "can_edit": is_admin and not template.frozen,
            "is_admin": is_admin,
            "form": TemplateForm(
                initial={
                    "name": template.name,
                    "top_band_from": template.top_band_from,
                    "version": template.version,
                }
            ),
            "copy_form": TemplateCopyForm(),
        },
    )


@login_required
@require_POST
def template_edit(request: HttpRequest, template_id: int) -> HttpResponse:
    _national_admin_or_404(request.user)
    template = selectors.template_get(template_id=template_id)
    form = TemplateForm(request.POST)
    done = form_submit(
        request,
        form,
        lambda data: services.template_update(
            actor=request.user,
            template_id=template.pk,
            name=data["name"],
            top_band_from=data["top_band_from"],
            expected_version=data.get("version"),
        ),
        success=_("Saved."),
        redirect_to=template.get_absolute_url(),
    )
    if done:
        return done
    for error in [
        *form.non_field_errors(),
        *[e for k, v in form.errors.items() if k != "__all__" for e in v],
    ]:
        messages.error(request, error)
    return redirect(template.get_absolute_url())


@login_required
@require_POST
def template_copy(request: HttpRequest, template_id: int) -> HttpResponse:
    _national_admin_or_404(request.user)
    template = selectors.template_get(template_id=template_id)
    form = TemplateCopyForm(request.POST)
    done = form_submit(
        request,
        form,
        lambda data: services.template_copy(
            actor=request.user, source_id=template.pk, fiscal_year=data["fiscal_year"]
        ),
        success=_("The template was copied: edit it before a round opens on it."),
        redirect_to=lambda copy: copy.get_absolute_url(),
    )
    if done:
        return done
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect(template.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def dimension_edit(request: HttpRequest, dimension_id: int) -> HttpResponse:
    _national_admin_or_404(request.user)
    dimension = Dimension.objects.select_related("template").filter(pk=dimension_id).first()
    if dimension is None:
        raise NotFoundOrOutOfScope()
    form = DimensionForm(
        request.POST or None,
        initial={"name": dimension.name, "weight": dimension.weight, "version": dimension.version},
    )
    if request.method == "POST":
        done = form_submit(
            request,
            form,
            lambda data: services.dimension_update(
                actor=request.user,
                dimension_id=dimension.pk,
                name=data["name"],
                weight=data["weight"],
                expected_version=data.get("version"),
            ),
            success=_("Saved."),
            redirect_to=dimension.template.get_absolute_url(),
        )
        if done:
            return done
    return render(
        request,
        "assessment/dimension_form.html",
        {"dimension": dimension, "template": dimension.template, "form": form},
        status=_status(form),
    )


def _indicator_values(form: IndicatorForm) -> services.IndicatorData:
    data = form.cleaned_data
    return services.IndicatorData(
        text=data["text"],
        kind=data["kind"],
        level_descriptions=form.descriptions(),
        unit=data.get("unit") or "",
        bands=data.get("bands") or [],
        weight=data["weight"],
        source=data.get("source") or "",
    )


def _indicator_page(request, form, dimension, indicator=None):
    return render(
        request,
        "assessment/indicator_form.html",
        {
            "form": form,
            "dimension": dimension,
            "template": dimension.template,
            "indicator": indicator,
        },
        status=_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_create(request: HttpRequest, dimension_id: int) -> HttpResponse:
    _national_admin_or_404(request.user)
    dimension = Dimension.objects.select_related("template").filter(pk=dimension_id).first()
    if dimension is None:
        raise NotFoundOrOutOfScope()
    form = IndicatorForm(request.POST or None)
    if request.method == "POST":
        done = form_submit(
            request,
            form,
            lambda data: services.indicator_save(
                actor=request.user, dimension_id=dimension.pk, values=_indicator_values(form)
            ),
            success=_("Saved."),
            redirect_to=dimension.template.get_absolute_url(),
        )
        if done:
            return done
    return _indicator_page(request, form, dimension)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, indicator_id: int) -> HttpResponse:
    _national_admin_or_404(request.user)
    indicator = (
        Indicator.objects.select_related("dimension__template").filter(pk=indicator_id).first()
    )
    if indicator is None:
        raise NotFoundOrOutOfScope()
    initial = {
        "text": indicator.text,
        "kind": indicator.kind,
        "weight": indicator.weight,
        "source": indicator.source,
        "unit": indicator.unit,
        "bands": ", ".join(str(b) for b in indicator.bands),
        "version": indicator.version,
    }
    for level, description in enumerate(indicator.level_descriptions or [], start=1):
        initial[f"level_{level}"] = description
    form = IndicatorForm(request.POST or None, initial=initial)
    if request.method == "POST":
        done = form_submit(
            request,
            form,
            lambda data: services.indicator_save(
                actor=request.user,
                indicator_id=indicator.pk,
                values=_indicator_values(form),
                expected_version=data.get("version"),
            ),
            success=_("Saved."),
            redirect_to=indicator.dimension.template.get_absolute_url(),
        )
        if done:
            return done
    return _indicator_page(request, form, indicator.dimension, indicator)
