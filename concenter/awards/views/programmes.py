"""Pages of a programme: the list, create, detail, edit, state moves, history."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from concenter.accounts.scope import Access, user_scope
from concenter.awards import selectors, services
from concenter.awards.forms import (
    ProgrammeForm,
    TransitionForm,
)
from concenter.awards.models import (
    NominationStatus,
    Programme,
)
from concenter.awards.views._common import (
    PAGE_SIZE,
    _context,
    _error_text,
    _managed_programme,
    _setup_page,
)
from concenter.common import clock
from concenter.common.audit import history_for
from concenter.common.errors import StaleVersion
from concenter.common.submit import form_page


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
    return form_page(
        request,
        form,
        lambda _data: services.programme_create(actor=request.user, **form.service_values()),
        success=_("Programme created. Add its categories and criteria."),
        redirect_to=lambda programme: reverse("awards:programme_setup", args=[programme.pk]),
        out_of_scope=("area_code", _("You may not create a programme for this area.")),
        template="awards/programme_form.html",
        context={"form": form, "creating": True},
    )


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
    return form_page(
        request,
        form,
        lambda data: services.programme_update(
            actor=request.user,
            programme_id=programme.pk,
            expected_version=data.get("version"),
            **form.service_values(),
        ),
        success=_("Saved."),
        redirect_to=programme.get_absolute_url(),
        template="awards/programme_form.html",
        context=lambda: _context(request, programme, form=form),
    )


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


@login_required
@require_GET
def programme_setup(request: HttpRequest, programme_id: int) -> HttpResponse:
    return _setup_page(request, _managed_programme(request, programme_id))
