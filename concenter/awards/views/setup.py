"""A programme's setup page: categories, criteria, questions, signatories, emblem, panel."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from concenter.awards import selectors, services
from concenter.awards.forms import (
    CategoryForm,
    CategoryQuotaForm,
    CriterionForm,
    ImageForm,
    PanelForm,
    QuestionForm,
    SignatoriesForm,
)
from concenter.awards.views._common import _error_text, _judges, _managed_programme, _setup_page
from concenter.common.errors import NotFoundOrOutOfScope
from concenter.common.forms import apply_errors
from concenter.common.submit import form_submit
from concenter.common.uploads import stored_file_response


def _int_or_none(value) -> int | None:
    try:
        return int(value) or None
    except (TypeError, ValueError):
        return None


def _setup_post(
    request, programme, form_name: str, form, call, success: str, errors=apply_errors
) -> HttpResponse:
    """Validate one setup form, call its service; the page again (422) with the errors."""
    done = form_submit(
        request,
        form,
        call,
        success=success,
        redirect_to=reverse("awards:programme_setup", args=[programme.pk]),
        errors=errors,
    )
    return done or _setup_page(request, programme, status=422, **{form_name: form})


@login_required
@require_POST
def category_add(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = _managed_programme(request, programme_id)
    return _setup_post(
        request,
        programme,
        "category_form",
        CategoryForm(request.POST),
        lambda data: services.category_add(
            actor=request.user,
            programme_id=programme.pk,
            name=data["name"],
            profession_code=data["profession"].code if data["profession"] else None,
            quota=data["quota"],
        ),
        _("Category added."),
    )


@login_required
@require_POST
def category_update(request: HttpRequest, programme_id: int, category_id: int) -> HttpResponse:
    programme = _managed_programme(request, programme_id)
    category = programme.categories.filter(pk=category_id).first()
    if category is None:
        raise NotFoundOrOutOfScope()
    form = CategoryQuotaForm(request.POST)
    if form.is_valid():
        try:
            services.category_update(
                actor=request.user,
                category_id=category.pk,
                name=form.cleaned_data["name"],
                quota=form.cleaned_data["quota"],
            )
        except ValidationError as exc:
            messages.error(request, f"{category.name}: {_error_text(exc)}")
        else:
            messages.success(request, _("Saved."))
    else:
        messages.error(request, f"{category.name}: {_error_text(ValidationError(form.errors))}")
    return redirect("awards:programme_setup", programme.pk)


def _remove(request, programme, call, success: str, *, part=None, pk: int = 0) -> HttpResponse:
    """Remove one part of the setup (`part`: the programme's related manager it must be in,
    404 otherwise); a refusal is told as a message on the setup page."""
    if part is not None and not part.filter(pk=pk).exists():
        raise NotFoundOrOutOfScope()
    try:
        call()
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, success)
    return redirect("awards:programme_setup", programme.pk)


@login_required
@require_POST
def category_remove(request: HttpRequest, programme_id: int, category_id: int) -> HttpResponse:
    programme = _managed_programme(request, programme_id)
    return _remove(
        request,
        programme,
        lambda: services.category_remove(actor=request.user, category_id=category_id),
        _("Category removed."),
        part=programme.categories,
        pk=category_id,
    )


@login_required
@require_POST
def criterion_add(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = _managed_programme(request, programme_id)
    return _setup_post(
        request,
        programme,
        "criterion_form",
        CriterionForm(request.POST),
        lambda data: services.criterion_add(actor=request.user, programme_id=programme.pk, **data),
        _("Criterion added."),
    )


@login_required
@require_POST
def criterion_remove(request: HttpRequest, programme_id: int, criterion_id: int) -> HttpResponse:
    programme = _managed_programme(request, programme_id)
    return _remove(
        request,
        programme,
        lambda: services.criterion_remove(actor=request.user, criterion_id=criterion_id),
        _("Criterion removed."),
        part=programme.criteria,
        pk=criterion_id,
    )


@login_required
@require_POST
def question_add(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = _managed_programme(request, programme_id)
    return _setup_post(
        request,
        programme,
        "question_form",
        QuestionForm(request.POST),
        lambda data: services.eligibility_check_add(
            actor=request.user, programme_id=programme.pk, question=data["question"]
        ),
        _("Question added."),
    )


@login_required
@require_POST
def question_remove(request: HttpRequest, programme_id: int, question_id: int) -> HttpResponse:
    programme = _managed_programme(request, programme_id)
    return _remove(
        request,
        programme,
        lambda: services.eligibility_check_remove(actor=request.user, check_id=question_id),
        _("Question removed."),
        part=programme.eligibility_checks,
        pk=question_id,
    )


@login_required
@require_POST
def signatories_save(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = _managed_programme(request, programme_id)
    form = SignatoriesForm(request.POST)
    return _setup_post(
        request,
        programme,
        "signatories_form",
        form,
        lambda data: services.signatories_set(
            actor=request.user, programme_id=programme.pk, signatories=form.pairs()
        ),
        _("Signatories saved."),
    )


@login_required
@require_POST
def emblem_upload(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = _managed_programme(request, programme_id)
    return _setup_post(
        request,
        programme,
        "emblem_form",
        ImageForm(request.POST, request.FILES),
        lambda data: services.programme_emblem_set(
            actor=request.user, programme_id=programme.pk, upload=data["image"]
        ),
        _("Emblem saved."),
        errors=lambda form, exc: form.add_error("image", exc.messages),
    )


@login_required
@require_GET
def emblem_file(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = selectors.programme_get(user=request.user, programme_id=programme_id)
    if not programme.emblem:
        raise Http404
    return stored_file_response(programme.emblem, download_name="emblem")


@login_required
@require_POST
def panel_add(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = _managed_programme(request, programme_id)
    form = PanelForm(request.POST, judges=_judges(), categories=programme.categories.all())
    return _setup_post(
        request,
        programme,
        "panel_form",
        form,
        lambda data: services.panel_member_add(
            actor=request.user,
            programme_id=programme.pk,
            user_id=int(data["judge"]),
            person_id=_int_or_none(request.POST.get("person_id")),
            category_ids=[c.pk for c in data["categories"]],
        ),
        _("Judge added to the panel."),
    )


@login_required
@require_POST
def panel_remove(request: HttpRequest, programme_id: int, member_id: int) -> HttpResponse:
    programme = _managed_programme(request, programme_id)
    return _remove(
        request,
        programme,
        lambda: services.panel_member_remove(actor=request.user, member_id=member_id),
        _("Judge removed from the panel."),
        part=programme.panel,
        pk=member_id,
    )
