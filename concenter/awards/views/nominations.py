"""Nominations by officers: list, create, edit, link to a person, withdraw, evidence, photo."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from concenter.accounts.scope import Access
from concenter.awards import selectors, services
from concenter.awards.forms import (
    EvidenceForm,
    ImageForm,
    LinkForm,
    NominationEditForm,
    NominationForm,
    WithdrawForm,
)
from concenter.awards.models import (
    NominationStatus,
)
from concenter.awards.views._common import PAGE_SIZE, S, _context, _error_text
from concenter.common.errors import NotFoundOrOutOfScope
from concenter.common.forms import apply_errors
from concenter.common.submit import form_page, form_submit
from concenter.common.uploads import stored_file_response
from concenter.people.services import PersonData, PossibleDuplicate


@login_required
@require_GET
def nomination_list(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = selectors.programme_visible(user=request.user, programme_id=programme_id)
    status = request.GET.get("status")
    status = status if status in NominationStatus.values else None
    nominations = selectors.nomination_list(user=request.user, programme=programme, status=status)
    return render(
        request,
        "awards/nomination_list.html",
        _context(
            request,
            programme,
            page=Paginator(nominations, PAGE_SIZE).get_page(request.GET.get("page")),
            status=status,
            statuses=NominationStatus.choices,
        ),
    )


def _person_data(data: dict) -> PersonData | None:
    if not data.get("given_name"):
        return None
    profession = data.get("profession")
    return PersonData(
        given_name=data["given_name"],
        family_name=data.get("family_name") or "",
        title=data.get("title") or "",
        gender=data.get("gender") or "unspecified",
        birth_year=data.get("birth_year"),
        profession=profession.code if profession else None,
    )


def _nominee_arguments(data: dict) -> dict:
    return {
        "person_id": data.get("person_id") or None,
        "organization_id": data.get("organization_id") or None,
        "center_code": data.get("center_code") or None,
        "new_person": _person_data(data),
        "new_person_area_code": data.get("new_person_area_code") or "",
        "confirm_new_person": bool(data.get("confirm_new_person")),
    }


def _offer_duplicates(form, exc: PossibleDuplicate) -> list:
    form.data = form.data.copy()
    form.data["confirm_new_person"] = "on"
    apply_errors(form, exc)
    return exc.candidates


def _errors_offering(candidates: list):
    """A refusal on the form; people already registered under the name are offered (into
    `candidates`) so the officer picks one or confirms a new person."""

    def errors(form, exc) -> None:
        if isinstance(exc, PossibleDuplicate):
            candidates.extend(_offer_duplicates(form, exc))
        else:
            apply_errors(form, exc)

    return errors


@login_required
@require_http_methods(["GET", "POST"])
def nomination_create(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = selectors.programme_visible(user=request.user, programme_id=programme_id)
    if not services.may_nominate(request.user, programme):
        raise NotFoundOrOutOfScope()
    categories = list(programme.categories.all())
    form = NominationForm(request.POST or None, request.FILES or None, categories=categories)
    candidates: list = []
    return form_page(
        request,
        form,
        lambda data: services.nomination_create(
            actor=request.user,
            programme_id=programme.pk,
            category_id=int(data["category_id"]) if data["category_id"] else None,
            statement=data["statement"],
            citation=data["citation"],
            nominator_relation=data["nominator_relation"],
            evidence=data["evidence"],
            **_nominee_arguments(data),
        ),
        success=lambda nomination: (
            _("Nomination sent: %(name)s") % {"name": nomination.nominee_name}
        ),
        redirect_to=lambda nomination: nomination.get_absolute_url(),
        errors=_errors_offering(candidates),
        template="awards/nomination_form.html",
        context=lambda: _context(request, programme, form=form, candidates=candidates),
        refused_status=422,
    )


def _nomination_page(request, nomination, *, status: int = 200, **forms) -> HttpResponse:
    programme = nomination.programme
    context = _context(request, programme, nomination=nomination)
    manager = context["manager"]
    is_nominator = nomination.nominator_user_id == request.user.pk
    editable = programme.status in (S.OPEN, S.SCREENING) and (
        manager or (is_nominator and programme.status == S.OPEN)
    )
    context.update(
        is_nominator=is_nominator,
        editable=editable and nomination.status != NominationStatus.WITHDRAWN,
        see_contact=manager,
        evidence_form=forms.get("evidence_form") or EvidenceForm(),
        withdraw_form=forms.get("withdraw_form") or WithdrawForm(),
        photo_form=forms.get("photo_form") or ImageForm(),
    )
    if context["reader"]:
        context["screening"] = selectors.nomination_screening(nomination)
    return render(request, "awards/nomination_detail.html", context, status=status)


@login_required
@require_GET
def nomination_detail(request: HttpRequest, nomination_id: int) -> HttpResponse:
    nomination = selectors.nomination_get(user=request.user, nomination_id=nomination_id)
    return _nomination_page(request, nomination)


@login_required
@require_http_methods(["GET", "POST"])
def nomination_edit(request: HttpRequest, nomination_id: int) -> HttpResponse:
    nomination = selectors.nomination_for_change(user=request.user, nomination_id=nomination_id)
    programme = nomination.programme
    form = NominationEditForm(
        request.POST or None,
        categories=list(programme.categories.all()),
        initial={
            "category_id": nomination.category_id or "",
            "statement": nomination.statement,
            "citation": nomination.citation,
            "nominator_relation": nomination.nominator_relation,
            "version": nomination.version,
        },
    )
    return form_page(
        request,
        form,
        lambda data: services.nomination_update(
            actor=request.user,
            nomination_id=nomination.pk,
            expected_version=data["version"],
            category_id=int(data["category_id"]) if data["category_id"] else None,
            statement=data["statement"],
            citation=data["citation"],
            nominator_relation=data["nominator_relation"],
        ),
        success=_("Saved."),
        redirect_to=nomination.get_absolute_url(),
        template="awards/nomination_edit.html",
        context=lambda: _context(request, programme, nomination=nomination, form=form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def nomination_link(request: HttpRequest, nomination_id: int) -> HttpResponse:
    nomination = selectors.nomination_get(
        user=request.user, nomination_id=nomination_id, access=Access.CHANGE
    )
    programme = nomination.programme
    form = LinkForm(
        request.POST or None,
        initial={"version": nomination.version, "new_person_area_code": nomination.area_id},
    )
    candidates: list = []
    return form_page(
        request,
        form,
        lambda data: services.nomination_link(
            actor=request.user,
            nomination_id=nomination.pk,
            national_id=None,
            expected_version=data["version"],
            **_nominee_arguments(data),
        ),
        success=_("The nomination is linked to the registry."),
        redirect_to=nomination.get_absolute_url(),
        errors=_errors_offering(candidates),
        template="awards/nomination_link.html",
        context=lambda: _context(
            request, programme, nomination=nomination, form=form, candidates=candidates
        ),
    )


@login_required
@require_POST
def nomination_withdraw(request: HttpRequest, nomination_id: int) -> HttpResponse:
    nomination = selectors.nomination_for_change(user=request.user, nomination_id=nomination_id)
    form = WithdrawForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.nomination_withdraw(actor=request.user, nomination_id=nomination.pk, reason=reason)
    except ValidationError as exc:
        if not form.is_valid():
            form = WithdrawForm(request.POST)
            form.is_valid()
        apply_errors(form, exc)
        return _nomination_page(request, nomination, status=422, withdraw_form=form)
    messages.success(request, _("The nomination was withdrawn."))
    return redirect(nomination.get_absolute_url())


@login_required
@require_POST
def evidence_add(request: HttpRequest, nomination_id: int) -> HttpResponse:
    nomination = selectors.nomination_for_change(user=request.user, nomination_id=nomination_id)
    form = EvidenceForm(request.POST, request.FILES)
    done = form_submit(
        request,
        form,
        lambda data: services.evidence_add(
            actor=request.user, nomination_id=nomination.pk, upload=data["file"], note=data["note"]
        ),
        success=_("Evidence added."),
        redirect_to=nomination.get_absolute_url(),
        errors=lambda form, exc: form.add_error("file", exc.messages),
    )
    return done or _nomination_page(request, nomination, status=422, evidence_form=form)


@login_required
@require_GET
def evidence_file(request: HttpRequest, nomination_id: int, evidence_id: int) -> HttpResponse:
    evidence = selectors.evidence_get(
        user=request.user, nomination_id=nomination_id, evidence_id=evidence_id
    )
    return stored_file_response(evidence.file, download_name=f"evidence-{evidence.pk}")


@login_required
@require_POST
def evidence_remove(request: HttpRequest, nomination_id: int, evidence_id: int) -> HttpResponse:
    nomination = selectors.nomination_for_change(user=request.user, nomination_id=nomination_id)
    if not nomination.evidence.filter(pk=evidence_id).exists():
        raise NotFoundOrOutOfScope()
    try:
        services.evidence_remove(actor=request.user, evidence_id=evidence_id)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Evidence removed."))
    return redirect(nomination.get_absolute_url())


@login_required
@require_POST
def photo_upload(request: HttpRequest, nomination_id: int) -> HttpResponse:
    nomination = selectors.nomination_get(
        user=request.user, nomination_id=nomination_id, access=Access.CHANGE
    )
    form = ImageForm(request.POST, request.FILES)
    done = form_submit(
        request,
        form,
        lambda data: services.nomination_photo_set(
            actor=request.user, nomination_id=nomination.pk, upload=data["image"]
        ),
        success=_("Photo saved."),
        redirect_to=nomination.get_absolute_url(),
        errors=lambda form, exc: form.add_error("image", exc.messages),
    )
    return done or _nomination_page(request, nomination, status=422, photo_form=form)


@login_required
@require_GET
def photo_file(request: HttpRequest, nomination_id: int) -> HttpResponse:
    nomination = selectors.nomination_get(user=request.user, nomination_id=nomination_id)
    if not nomination.photo:
        raise Http404
    return stored_file_response(nomination.photo, download_name=f"photo-{nomination.pk}")
