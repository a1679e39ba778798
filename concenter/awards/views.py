"""Pages of the awards app: programmes and their setup, nominations, screening, the judges'
scorecards, results with their drill-down and export, plaques, the public form and the hall of
fame. Each view validates a form, calls one service or selector, and renders."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from concenter.accounts.models import Role, User
from concenter.accounts.scope import Access, can, user_scope
from concenter.awards import exports, plaques, public, results, scoring, selectors, services
from concenter.awards.forms import (
    CategoryForm,
    CategoryQuotaForm,
    ConflictDecisionForm,
    CriterionForm,
    DeclareForm,
    EvidenceForm,
    ImageForm,
    LinkForm,
    NominationEditForm,
    NominationForm,
    PanelForm,
    ProgrammeForm,
    PublicNominationForm,
    QuestionForm,
    ScorecardForm,
    ScreenForm,
    SignatoriesForm,
    TieForm,
    TransitionForm,
    WithdrawForm,
)
from concenter.awards.models import (
    STATUS_ORDER,
    NominationStatus,
    Programme,
    ProgrammeStatus,
)
from concenter.common import clock
from concenter.common.audit import history_for
from concenter.common.errors import NotFoundOrOutOfScope, StaleVersion
from concenter.common.forms import apply_errors
from concenter.common.uploads import stored_file_response
from concenter.geography.models import Area, Level
from concenter.people.services import PersonData, PossibleDuplicate

PAGE_SIZE = 50
S = ProgrammeStatus


def _context(request, programme: Programme, **extra) -> dict:
    """What every page of a programme shows: its tabs, and what the user may do there."""
    manager = can(request.user, Access.CHANGE, programme.area_id)
    reader = can(request.user, Access.READ, programme.area_id)
    return {
        "programme": programme,
        "manager": manager,
        "reader": reader,
        "may_nominate": programme.status == S.OPEN
        and services.may_nominate(request.user, programme),
        "reached": {s: STATUS_ORDER[programme.status] >= STATUS_ORDER[s] for s in S.values},
        "steps": [
            (
                value,
                label,
                "current"
                if value == programme.status
                else ("done" if STATUS_ORDER[value] < STATUS_ORDER[programme.status] else ""),
            )
            for value, label in S.choices
        ],
        **extra,
    }


def _version(request) -> int | None:
    try:
        return int(request.POST.get("version") or 0) or None
    except ValueError:
        return None


def _int_or_none(value) -> int | None:
    try:
        return int(value) or None
    except (TypeError, ValueError):
        return None


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


# Programmes --------------------------------------------------------------------------------------


@login_required
@require_GET
def programme_list(request: HttpRequest) -> HttpResponse:
    programmes = selectors.programme_list(user=request.user)
    return render(
        request,
        "awards/programme_list.html",
        {
            "page": Paginator(programmes, PAGE_SIZE).get_page(request.GET.get("page")),
            "can_create": not user_scope(request.user, Access.CHANGE).nothing,
        },
    )


def _programme_form_initial(programme: Programme) -> dict:
    local_open = timezone.localtime(programme.nominations_open_at).date()
    local_close = timezone.localtime(programme.nominations_close_at).date()
    initial = {
        field: getattr(programme, field)
        for field in (
            "title",
            "nominee_kind",
            "series",
            "description",
            "public_nominations",
            "total_quota",
            "min_scorecards",
            "normalize",
            "require_in_area",
            "winner_cooldown_years",
            "minimum_age",
            "plaque_heading",
            "plaque_date",
        )
    }
    initial.update(
        area_code=programme.area_id,
        year=programme.be_year,
        opens_on=local_open,
        closes_on=local_close,
        version=programme.version,
    )
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def programme_create(request: HttpRequest) -> HttpResponse:
    today = clock.today()
    form = ProgrammeForm(
        request.POST or None,
        initial={
            "year": today.year + 543,
            "opens_on": today,
            "closes_on": today + datetime.timedelta(days=30),
            "require_in_area": True,
            "min_scorecards": 1,
            "area_code": request.GET.get("area", "")[:6],
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(actor=request.user, **form.service_values())
        except ValidationError as exc:
            apply_errors(form, exc)
        except NotFoundOrOutOfScope:
            form.add_error("area_code", _("You may not create a programme for this area."))
        else:
            messages.success(request, _("Programme created. Add its categories and criteria."))
            return redirect("awards:programme_setup", programme.pk)
    return render(request, "awards/programme_form.html", {"form": form, "creating": True})


@login_required
@require_GET
def programme_detail(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = selectors.programme_visible(user=request.user, programme_id=programme_id)
    context = _context(request, programme)
    if context["reader"]:
        context.update(selectors.programme_setup(programme))
        counts = dict(
            programme.nominations.values("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
        context["counts"] = [
            (label, counts[value]) for value, label in NominationStatus.choices if counts.get(value)
        ]
    else:
        context.update(
            criteria=list(programme.criteria.all()),
            categories=list(programme.categories.all()),
        )
    context["public_url"] = request.build_absolute_uri(
        reverse("awards:public_nominate", args=[programme.pk])
    )
    return render(request, "awards/programme_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = selectors.programme_get(
        user=request.user, programme_id=programme_id, access=Access.CHANGE
    )
    form = ProgrammeForm(request.POST or None, initial=_programme_form_initial(programme))
    if request.method == "POST" and form.is_valid():
        values = form.service_values()
        try:
            services.programme_update(
                actor=request.user,
                programme_id=programme.pk,
                expected_version=form.cleaned_data.get("version"),
                **values,
            )
        except StaleVersion as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(programme.get_absolute_url())
    return render(request, "awards/programme_form.html", _context(request, programme, form=form))


@login_required
@require_POST
def programme_transition(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = selectors.programme_get(
        user=request.user, programme_id=programme_id, access=Access.CHANGE
    )
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what to do."))
        return redirect(programme.get_absolute_url())
    data = form.cleaned_data
    try:
        services.programme_transition(
            actor=request.user,
            programme_id=programme.pk,
            to=data["to"],
            expected_version=data.get("version"),
            early=data["early"],
            allow_incomplete=data["allow_incomplete"],
            reason=data["reason"],
        )
    except StaleVersion as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        programme.refresh_from_db()
        messages.success(
            request,
            _("The programme is now: %(status)s.") % {"status": programme.get_status_display()},
        )
    return redirect(programme.get_absolute_url())


@login_required
@require_GET
def programme_history(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = selectors.programme_get(user=request.user, programme_id=programme_id)
    return render(
        request,
        "common/history.html",
        {"object": programme, "entries": history_for(programme)[:200], "ancestors": []},
    )


# Setup: categories, criteria, questions, signatories, emblem, panel ------------------------------


def _judges():
    return (
        User.objects.filter(roles__role=Role.JUDGE, is_active=True)
        .distinct()
        .order_by("display_name", "username")
    )


def _setup_page(request, programme: Programme, *, status: int = 200, **forms) -> HttpResponse:
    setup = selectors.programme_setup(programme)
    defaults = {
        "category_form": CategoryForm(),
        "criterion_form": CriterionForm(),
        "question_form": QuestionForm(),
        "signatories_form": SignatoriesForm(
            initial={
                key: value
                for index, s in enumerate(setup["signatories"], start=1)
                for key, value in (
                    (f"name_{index}", s.name),
                    (f"position_{index}", s.position_title),
                )
            }
        ),
        "emblem_form": ImageForm(),
        "panel_form": PanelForm(judges=_judges(), categories=programme.categories.all()),
    }
    defaults.update(forms)
    return render(
        request,
        "awards/setup.html",
        _context(request, programme, **setup, **defaults),
        status=status,
    )


def _managed_programme(request, programme_id: int) -> Programme:
    return selectors.programme_get(
        user=request.user, programme_id=programme_id, access=Access.CHANGE
    )


@login_required
@require_GET
def programme_setup(request: HttpRequest, programme_id: int) -> HttpResponse:
    return _setup_page(request, _managed_programme(request, programme_id))


def _setup_post(request, programme, form_name: str, form, call, success: str) -> HttpResponse:
    """Validate one setup form, call its service; the page again (422) with the errors."""
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect("awards:programme_setup", programme.pk)
    return _setup_page(request, programme, status=422, **{form_name: form})


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


def _remove(request, programme, call, success: str) -> HttpResponse:
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
    if not programme.categories.filter(pk=category_id).exists():
        raise NotFoundOrOutOfScope()
    return _remove(
        request,
        programme,
        lambda: services.category_remove(actor=request.user, category_id=category_id),
        _("Category removed."),
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
    if not programme.criteria.filter(pk=criterion_id).exists():
        raise NotFoundOrOutOfScope()
    return _remove(
        request,
        programme,
        lambda: services.criterion_remove(actor=request.user, criterion_id=criterion_id),
        _("Criterion removed."),
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
    if not programme.eligibility_checks.filter(pk=question_id).exists():
        raise NotFoundOrOutOfScope()
    return _remove(
        request,
        programme,
        lambda: services.eligibility_check_remove(actor=request.user, check_id=question_id),
        _("Question removed."),
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
    form = ImageForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.programme_emblem_set(
                actor=request.user, programme_id=programme.pk, upload=form.cleaned_data["image"]
            )
        except ValidationError as exc:
            form.add_error("image", exc.messages)
        else:
            messages.success(request, _("Emblem saved."))
            return redirect("awards:programme_setup", programme.pk)
    return _setup_page(request, programme, status=422, emblem_form=form)


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
    if not programme.panel.filter(pk=member_id).exists():
        raise NotFoundOrOutOfScope()
    return _remove(
        request,
        programme,
        lambda: services.panel_member_remove(actor=request.user, member_id=member_id),
        _("Judge removed from the panel."),
    )


# Nominations -------------------------------------------------------------------------------------


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


@login_required
@require_http_methods(["GET", "POST"])
def nomination_create(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = selectors.programme_visible(user=request.user, programme_id=programme_id)
    if not services.may_nominate(request.user, programme):
        raise NotFoundOrOutOfScope()
    categories = list(programme.categories.all())
    form = NominationForm(request.POST or None, request.FILES or None, categories=categories)
    candidates = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            nomination = services.nomination_create(
                actor=request.user,
                programme_id=programme.pk,
                category_id=int(data["category_id"]) if data["category_id"] else None,
                statement=data["statement"],
                citation=data["citation"],
                nominator_relation=data["nominator_relation"],
                evidence=data["evidence"],
                **_nominee_arguments(data),
            )
        except PossibleDuplicate as exc:
            candidates = _offer_duplicates(form, exc)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("Nomination sent: %(name)s") % {"name": nomination.nominee_name}
            )
            return redirect(nomination.get_absolute_url())
    return render(
        request,
        "awards/nomination_form.html",
        _context(request, programme, form=form, candidates=candidates),
        status=422 if request.method == "POST" else 200,
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
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.nomination_update(
                actor=request.user,
                nomination_id=nomination.pk,
                expected_version=data["version"],
                category_id=int(data["category_id"]) if data["category_id"] else None,
                statement=data["statement"],
                citation=data["citation"],
                nominator_relation=data["nominator_relation"],
            )
        except StaleVersion as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(nomination.get_absolute_url())
    return render(
        request,
        "awards/nomination_edit.html",
        _context(request, programme, nomination=nomination, form=form),
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
    candidates = []
    if request.method == "POST" and form.is_valid():
        try:
            services.nomination_link(
                actor=request.user,
                nomination_id=nomination.pk,
                national_id=None,
                expected_version=form.cleaned_data["version"],
                **_nominee_arguments(form.cleaned_data),
            )
        except PossibleDuplicate as exc:
            candidates = _offer_duplicates(form, exc)
        except StaleVersion as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The nomination is linked to the registry."))
            return redirect(nomination.get_absolute_url())
    return render(
        request,
        "awards/nomination_link.html",
        _context(request, programme, nomination=nomination, form=form, candidates=candidates),
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
    if form.is_valid():
        try:
            services.evidence_add(
                actor=request.user,
                nomination_id=nomination.pk,
                upload=form.cleaned_data["file"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        else:
            messages.success(request, _("Evidence added."))
            return redirect(nomination.get_absolute_url())
    return _nomination_page(request, nomination, status=422, evidence_form=form)


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
    if form.is_valid():
        try:
            services.nomination_photo_set(
                actor=request.user, nomination_id=nomination.pk, upload=form.cleaned_data["image"]
            )
        except ValidationError as exc:
            form.add_error("image", exc.messages)
        else:
            messages.success(request, _("Photo saved."))
            return redirect(nomination.get_absolute_url())
    return _nomination_page(request, nomination, status=422, photo_form=form)


@login_required
@require_GET
def photo_file(request: HttpRequest, nomination_id: int) -> HttpResponse:
    nomination = selectors.nomination_get(user=request.user, nomination_id=nomination_id)
    if not nomination.photo:
        raise Http404
    return stored_file_response(nomination.photo, download_name=f"photo-{nomination.pk}")


# Screening and assignments -----------------------------------------------------------------------


def _screening_page(request, programme, *, status: int = 200, errors=None) -> HttpResponse:
    rows, questions = selectors.screening_rows(programme)
    forms = errors or {}
    for row in rows:
        row.form = forms.get(row.nomination.pk) or ScreenForm(
            questions=questions,
            answers=row.nomination.check_answers,
            initial={"version": row.nomination.version},
            prefix=f"n{row.nomination.pk}",
        )
    return render(
        request,
        "awards/screening.html",
        _context(request, programme, rows=rows, questions=questions),
        status=status,
    )


@login_required
@require_GET
def screening(request: HttpRequest, programme_id: int) -> HttpResponse:
    return _screening_page(request, _managed_programme(request, programme_id))


@login_required
@require_POST
def nomination_screen(request: HttpRequest, nomination_id: int) -> HttpResponse:
    nomination = selectors.nomination_get(
        user=request.user, nomination_id=nomination_id, access=Access.CHANGE
    )
    programme = nomination.programme
    form = ScreenForm(
        request.POST,
        questions=list(programme.eligibility_checks.all()),
        prefix=f"n{nomination.pk}",
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.nomination_screen(
                actor=request.user,
                nomination_id=nomination.pk,
                eligible=data["decision"] == "eligible",
                reason=data["reason"],
                answers=form.answers(),
                confirm_unchecked=data["confirm_unchecked"],
                expected_version=data.get("version"),
            )
        except StaleVersion as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Screened: %(name)s") % {"name": nomination.nominee_name})
            return redirect(reverse("awards:screening", args=[programme.pk]) + f"#n{nomination.pk}")
    return _screening_page(request, programme, status=422, errors={nomination.pk: form})


@login_required
@require_http_methods(["GET", "POST"])
def assignments(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = _managed_programme(request, programme_id)
    if request.method == "POST":
        try:
            if "nomination" in request.POST:
                nomination_id = int(request.POST["nomination"])
                if not programme.nominations.filter(pk=nomination_id).exists():
                    raise NotFoundOrOutOfScope()
                services.assignment_set(
                    actor=request.user,
                    nomination_id=nomination_id,
                    judge_ids=[int(i) for i in request.POST.getlist("judges")],
                )
                messages.success(request, _("Judges assigned."))
            else:
                count = services.assignments_generate(actor=request.user, programme_id=programme.pk)
                messages.success(
                    request, _("%(count)s assignments made from the panel.") % {"count": count}
                )
        except (ValueError, TypeError):
            messages.error(request, _("Unknown judge."))
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        return redirect("awards:assignments", programme.pk)
    rows, _questions = selectors.screening_rows(programme)
    panel = selectors.panel_of(programme)
    for row in rows:
        row.judge_ids = {j.pk for j in row.judges}
    return render(
        request,
        "awards/assignments.html",
        _context(
            request,
            programme,
            rows=[r for r in rows if r.nomination.status != NominationStatus.INELIGIBLE],
            panel=panel,
        ),
    )


@login_required
@require_GET
def progress(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = selectors.programme_get(user=request.user, programme_id=programme_id)
    return render(
        request,
        "awards/progress.html",
        _context(request, programme, progress=selectors.programme_progress(programme)),
    )


@login_required
@require_POST
def scorecard_reopen(request: HttpRequest, programme_id: int, scorecard_id: int) -> HttpResponse:
    programme = _managed_programme(request, programme_id)
    try:
        services.scorecard_reopen(actor=request.user, scorecard_id=scorecard_id)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("The scorecard is open again for its judge."))
    return redirect("awards:progress", programme.pk)


# Results -----------------------------------------------------------------------------------------


def _results_programme(request, programme_id: int) -> Programme:
    programme = selectors.programme_get(user=request.user, programme_id=programme_id)
    if STATUS_ORDER[programme.status] < STATUS_ORDER[S.RESULTS]:
        raise NotFoundOrOutOfScope()
    return programme


@login_required
@require_GET
def results_page(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = selectors.programme_get(user=request.user, programme_id=programme_id)
    context = _context(request, programme, rules_text=scoring.RULES)
    if STATUS_ORDER[programme.status] >= STATUS_ORDER[S.RESULTS]:
        outcome = results.programme_results(programme)
        context["outcome"] = outcome
        context["tie_forms"] = [
            (
                tie,
                outcome.tie_label(tie),
                TieForm(
                    nominations=outcome.tie_nominations(tie),
                    initial={
                        "nomination_ids": ",".join(str(i) for i in sorted(tie.nomination_ids))
                    },
                    prefix=f"tie{index}",
                ),
            )
            for index, tie in enumerate(outcome.results.pending_ties)
        ]
    return render(request, "awards/results.html", context)


@login_required
@require_GET
def results_nomination(request: HttpRequest, programme_id: int, nomination_id: int) -> HttpResponse:
    programme = _results_programme(request, programme_id)
    outcome = results.programme_results(programme)
    nomination = outcome.nominations.get(nomination_id)
    if nomination is None:
        raise NotFoundOrOutOfScope()
    row = outcome.row_of(nomination_id)
    return render(
        request,
        "awards/results_nomination.html",
        _context(
            request,
            programme,
            outcome=outcome,
            nomination=nomination,
            row=row,
            tied=[outcome.nominations[i] for i in sorted(row.tied_with)] if row else [],
            cards=outcome.cards[nomination_id],
        ),
    )


@login_required
@require_GET
def results_judge(request: HttpRequest, programme_id: int, judge_id: int) -> HttpResponse:
    programme = _results_programme(request, programme_id)
    outcome = results.programme_results(programme)
    judge = outcome.judges.get(judge_id)
    if judge is None:
        raise NotFoundOrOutOfScope()
    cards = [
        (outcome.nominations[nid], view)
        for nid, views in outcome.cards.items()
        for view in views
        if view.judge.pk == judge_id
    ]
    cards.sort(key=lambda item: item[0].sort_key)
    return render(
        request,
        "awards/results_judge.html",
        _context(
            request,
            programme,
            outcome=outcome,
            judge=judge,
            stats=outcome.judge_stats.get(judge_id),
            cards=cards,
        ),
    )


@login_required
@require_GET
def results_xlsx(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = _results_programme(request, programme_id)
    content = exports.results_workbook(results.programme_results(programme))
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="results-{programme.pk}.xlsx"'
    return response


@login_required
@require_POST
def tie_decide(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = _managed_programme(request, programme_id)
    prefix = request.POST.get("prefix", "tie0")[:10]
    raw_ids = request.POST.get(f"{prefix}-nomination_ids", "")
    try:
        tied = [int(i) for i in raw_ids.split(",") if i.strip()]
    except ValueError:
        tied = []
    nominations = list(programme.nominations.filter(pk__in=tied))
    form = TieForm(request.POST, nominations=nominations, prefix=prefix)
    if form.is_valid():
        try:
            services.tie_decide(
                actor=request.user,
                programme_id=programme.pk,
                nomination_ids=tied,
                selected_ids=[int(i) for i in form.cleaned_data["selected"]],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("The decision is recorded and the results recomputed."))
    else:
        messages.error(request, _error_text(ValidationError(form.errors)) if form.errors else "")
    return redirect("awards:results", programme.pk)


def _pdf_response(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def plaques_pdf(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = _results_programme(request, programme_id)
    try:
        content = plaques.plaques_pdf(programme)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return redirect("awards:results", programme.pk)
    return _pdf_response(content, f"plaques-{programme.pk}")


@login_required
@require_GET
def plaque_pdf(request: HttpRequest, nomination_id: int) -> HttpResponse:
    nomination = selectors.nomination_get(user=request.user, nomination_id=nomination_id)
    programme = nomination.programme
    if not can(request.user, Access.READ, programme.area_id) or not nomination.selected:
        raise NotFoundOrOutOfScope()
    try:
        content = plaques.plaques_pdf(programme, nomination_id=nomination.pk)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return redirect(nomination.get_absolute_url())
    return _pdf_response(content, f"plaque-{nomination.pk}")


# The judge's pages -------------------------------------------------------------------------------


@login_required
@require_GET
def judging_home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "awards/judging_home.html",
        {"assignments": selectors.judge_assignments(user=request.user)},
    )


def _card_page(request, card, *, form=None, status: int = 200) -> HttpResponse:
    programme = card.nomination.programme
    blocked = any(c.status != "dismissed" for c in card.conflict_list)
    return render(
        request,
        "awards/judging_card.html",
        {
            "card": card,
            "nomination": card.nomination,
            "programme": programme,
            "form": form
            or ScorecardForm(
                criteria=card.criteria, scores=card.score_map, initial={"comment": card.comment}
            ),
            "declare_form": DeclareForm(),
            "decision_form": ConflictDecisionForm(),
            "open": programme.status == S.JUDGING and not card.submitted and not blocked,
            "judging": programme.status == S.JUDGING,
            "complete": len(card.score_map) == len(card.criteria),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def judging_card(request: HttpRequest, nomination_id: int) -> HttpResponse:
    """The judge's scorecard. A POST saves the scores typed so far (htmx saves each change as
    it is made and gets the status line back)."""
    card = selectors.judge_card_get(user=request.user, nomination_id=nomination_id)
    if request.method == "GET":
        return _card_page(request, card)
    form = ScorecardForm(request.POST, criteria=card.criteria, scores=card.score_map)
    error = None
    if form.is_valid():
        try:
            services.scorecard_save(
                actor=request.user,
                nomination_id=nomination_id,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
            error = exc
    if request.htmx:
        card = selectors.judge_card_get(user=request.user, nomination_id=nomination_id)
        return render(
            request,
            "awards/_card_status.html",
            {
                "card": card,
                "form": form,
                "error": error,
                "saved": error is None and form.is_valid(),
            },
        )  # 200 even when refused: htmx swaps only successful answers; the partial says why
    if error is None and form.is_valid():
        messages.success(request, _("Scores saved."))
        return redirect("awards:judging_card", nomination_id)
    card = selectors.judge_card_get(user=request.user, nomination_id=nomination_id)
    return _card_page(request, card, form=form, status=422)


@login_required
@require_POST
def judging_submit(request: HttpRequest, nomination_id: int) -> HttpResponse:
    card = selectors.judge_card_get(user=request.user, nomination_id=nomination_id)
    form = ScorecardForm(request.POST, criteria=card.criteria, scores=card.score_map)
    try:
        if form.is_valid() and any(k.startswith("criterion_") for k in request.POST):
            services.scorecard_save(
                actor=request.user,
                nomination_id=nomination_id,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
            )
        services.scorecard_submit(actor=request.user, nomination_id=nomination_id)
    except ValidationError as exc:
        apply_errors(form, exc)
        card = selectors.judge_card_get(user=request.user, nomination_id=nomination_id)
        return _card_page(request, card, form=form, status=422)
    messages.success(request, _("Scorecard submitted. Thank you."))
    return redirect("awards:judging_home")


@login_required
@require_POST
def judging_declare(request: HttpRequest, nomination_id: int) -> HttpResponse:
    card = selectors.judge_card_get(user=request.user, nomination_id=nomination_id)
    form = DeclareForm(request.POST)
    try:
        services.conflict_declare(
            actor=request.user,
            nomination_id=nomination_id,
            detail=form.cleaned_data["detail"] if form.is_valid() else "",
        )
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return _card_page(request, card, status=422)
    messages.success(
        request, _("Your conflict of interest is recorded: you do not score this nomination.")
    )
    return redirect("awards:judging_card", nomination_id)


@login_required
@require_POST
def judging_conflict(request: HttpRequest, nomination_id: int, conflict_id: int) -> HttpResponse:
    card = selectors.judge_card_get(user=request.user, nomination_id=nomination_id)
    if not any(c.pk == conflict_id for c in card.conflict_list):
        raise NotFoundOrOutOfScope()
    form = ConflictDecisionForm(request.POST)
    decision = form.cleaned_data["decision"] if form.is_valid() else ""
    try:
        if decision not in ("confirm", "dismiss"):
            raise ValidationError({"decision": _("Say whether this is a conflict of interest.")})
        services.conflict_decide(
            actor=request.user,
            conflict_id=conflict_id,
            confirm=decision == "confirm",
            note=form.cleaned_data.get("note", ""),
        )
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return _card_page(request, card, status=422)
    messages.success(request, _("Saved."))
    return redirect("awards:judging_card", nomination_id)


# The public form ---------------------------------------------------------------------------------


def _client_address(request) -> str:
    """The client's address as the audit trail sees it: X-Forwarded-For is believed only
    through the proxies the operator declares (TRUSTED_PROXY_COUNT)."""
    try:
        from concenter.common.audit import client_address
    except ImportError:  # pragma: no cover - an older concenter.common.audit
        return request.META.get("REMOTE_ADDR", "") or ""
    return client_address(request) or ""


def _public_programme(programme_id: int) -> Programme:
    programme = (
        Programme.objects.select_related("area")
        .filter(pk=programme_id, public_nominations=True)
        .exclude(status=S.DRAFT)
        .first()
    )
    if programme is None:
        raise Http404
    return programme


def _public_areas(programme: Programme) -> list[tuple[str, str]]:
    """The subdistricts of the programme's area (or, for a subdistrict, its villages too)."""
    code = programme.area_id
    if programme.area.level == Level.SUBDISTRICT:
        qs = Area.objects.filter(active=True).filter(code__startswith=code)
    else:
        column = {2: "province_code", 4: "district_code"}[len(code)]
        qs = Area.objects.filter(active=True, level=Level.SUBDISTRICT, **{column: code})
    qs = qs.select_related("parent").order_by("district_code", "sort_key")
    return [
        (a.code, f"{a.display_name} · {a.parent.display_name}" if a.parent_id else a.display_name)
        for a in qs
    ]


def _public_form(programme, data=None) -> PublicNominationForm:
    return PublicNominationForm(
        data,
        categories=list(programme.categories.all()),
        areas=_public_areas(programme),
    )


def _open_now(programme: Programme) -> bool:
    now = clock.now()
    return (
        programme.status == S.OPEN
        and programme.nominations_open_at <= now < programme.nominations_close_at
    )


@require_http_methods(["GET", "POST"])
def public_nominate(request: HttpRequest, programme_id: int) -> HttpResponse:
    """Step 1: the form. A valid POST shows what will be sent, with a signed token."""
    programme = _public_programme(programme_id)
    form = _public_form(programme, request.POST or None)
    context = {
        "programme": programme,
        "form": form,
        "open": _open_now(programme),
        "criteria": list(programme.criteria.all()),
    }
    if request.method == "POST" and context["open"] and form.is_valid():
        if form.is_bot():
            return render(request, "awards/public_thanks.html", {"programme": programme})
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("consent", "website")}
        labels = dict(form.fields["nominee_area_code"].choices)
        categories = dict(form.fields["category_id"].choices)
        return render(
            request,
            "awards/public_confirm.html",
            {
                "programme": programme,
                "data": data,
                "area_label": labels.get(data["nominee_area_code"], ""),
                "category_label": categories.get(data["category_id"], "")
                if data["category_id"]
                else "",
                "token": public.confirmation_token(programme.pk, data),
            },
        )
    return render(
        request,
        "awards/public_form.html",
        context,
        status=422 if request.method == "POST" else 200,
    )


@require_POST
def public_confirm(request: HttpRequest, programme_id: int) -> HttpResponse:
    """Step 2: the confirmed nomination is written (once per token, within the rate limit)."""
    programme = _public_programme(programme_id)
    if request.POST.get("edit"):
        form = _public_form(programme, request.POST)
        form.is_valid()
        return render(
            request,
            "awards/public_form.html",
            {"programme": programme, "form": form, "open": _open_now(programme)},
        )
    try:
        data = public.read_confirmation_token(request.POST.get("token", ""), programme.pk)
    except public.TokenError:
        return render(
            request,
            "awards/public_form.html",
            {
                "programme": programme,
                "form": _public_form(programme),
                "open": _open_now(programme),
                "token_error": True,
            },
            status=400,
        )
    try:
        services.nomination_submit_public(
            programme_id=programme.pk,
            category_id=int(data["category_id"]) if data.get("category_id") else None,
            nominee_name=data.get("nominee_name", ""),
            nominee_area_code=data.get("nominee_area_code", ""),
            proposed_details=data.get("proposed_details", ""),
            statement=data.get("statement", ""),
            nominator_name=data.get("nominator_name", ""),
            nominator_phone=data.get("nominator_phone", ""),
            nominator_email=data.get("nominator_email", ""),
            nominator_relation=data.get("nominator_relation", ""),
            client_address=_client_address(request),
        )
    except ValidationError as exc:
        form = _public_form(programme, {**data, "consent": "on"})
        form.is_valid()
        apply_errors(form, exc)
        return render(
            request,
            "awards/public_form.html",
            {"programme": programme, "form": form, "open": _open_now(programme)},
            status=422,
        )
    return render(request, "awards/public_thanks.html", {"programme": programme})


# The hall of fame --------------------------------------------------------------------------------


@require_GET
def hall_of_fame(request: HttpRequest) -> HttpResponse:
    area_code = "".join(ch for ch in request.GET.get("area", "")[:8] if ch.isdigit())
    area = Area.objects.filter(code=area_code).first() if area_code else None
    programmes = selectors.hall_of_fame_programmes(area_code=area.code if area else "")
    provinces = Area.objects.filter(
        level=Level.PROVINCE,
        code__in=Programme.objects.filter(status=S.PUBLISHED).values("province_code"),
    ).order_by("sort_key")
    return render(
        request,
        "awards/hall_of_fame.html",
        {
            "page": Paginator(programmes.order_by("-year", "-pk"), PAGE_SIZE).get_page(
                request.GET.get("page")
            ),
            "area": area,
            "provinces": provinces,
        },
    )


@require_GET
def hall_of_fame_programme(request: HttpRequest, programme_id: int) -> HttpResponse:
    try:
        programme, winners = selectors.hall_of_fame_programme(programme_id=programme_id)
    except NotFoundOrOutOfScope as exc:
        raise Http404 from exc
    return render(
        request,
        "awards/hall_of_fame_programme.html",
        {"programme": programme, "winners": winners},
    )


@require_GET
def hall_of_fame_area(request: HttpRequest, code: str) -> HttpResponse:
    area = Area.objects.select_related("parent").filter(code=code[:8]).first()
    if area is None:
        raise Http404
    return render(
        request,
        "awards/hall_of_fame_area.html",
        {"area": area, "winners": selectors.hall_of_fame_area(area_code=area.code)},
    )


@require_GET
def hall_of_fame_photo(request: HttpRequest, nomination_id: int) -> HttpResponse:
    try:
        nomination = selectors.winner_photo(nomination_id=nomination_id)
    except NotFoundOrOutOfScope as exc:
        raise Http404 from exc
    return stored_file_response(nomination.photo, download_name=f"winner-{nomination.pk}")
