"""What the award pages share: the page context, versions, error text."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render

from concenter.accounts.models import Role, User
from concenter.accounts.scope import Access, can
from concenter.awards import selectors, services
from concenter.awards.forms import (
    CategoryForm,
    CriterionForm,
    ImageForm,
    PanelForm,
    QuestionForm,
    SignatoriesForm,
)
from concenter.awards.models import (
    STATUS_ORDER,
    Programme,
    ProgrammeStatus,
)

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


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


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
