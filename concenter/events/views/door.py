"""The door (check-in, walk-ins, search, live counts) and the attendance."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from concenter.accounts.scope import Access, can
from concenter.common import clock
from concenter.common.pdf import PDF_MEDIA_TYPE
from concenter.events import documents, selectors, services
from concenter.events.forms import (
    CodeForm,
    WalkInForm,
)
from concenter.events.models import (
    Event,
    EventStatus,
)
from concenter.events.views._common import XLSX_MEDIA_TYPE, _apply, _districts, _file, _rights


def _door_page(
    request, event: Event, *, result=None, code_form=None, walk_in_form=None, status=200
):
    now = clock.now()
    return render(
        request,
        "events/door.html",
        {
            "event": event,
            "result": result,
            "code_form": code_form or CodeForm(),
            "walk_in_form": walk_in_form or WalkInForm(districts=_districts(event)),
            "closed": services.door_closed_message(event, now),
            "figures": selectors.attendance(event=event),
            "recent": selectors.recent_checkins(event=event),
            "can_read": can(request.user, Access.READ, event.area_id),
        },
        status=status,
    )


@login_required
@require_GET
def door(request: HttpRequest, event_id: int) -> HttpResponse:
    """The door on a phone: scan with the camera, type the code, find a name, admit a walk-in.
    Without JavaScript the forms still work; with it scans made offline wait on the phone."""
    event = selectors.event_for_door(user=request.user, event_id=event_id)
    if request.htmx and request.GET.get("part") == "recent":
        recent = selectors.recent_checkins(event=event)
        return render(request, "events/_door_recent.html", {"recent": recent})
    return _door_page(request, event)


@login_required
@require_POST
def door_checkin(request: HttpRequest, event_id: int) -> HttpResponse:
    event = selectors.event_for_door(user=request.user, event_id=event_id)
    form = CodeForm(request.POST)
    if not form.is_valid():
        return _door_page(request, event, code_form=form, status=422)
    result = services.checkin_record(
        actor=request.user,
        event_id=event.pk,
        scan=form.cleaned_data["scan"],
        client_id=form.cleaned_data.get("client_id") or "",
        by_name=form.cleaned_data.get("by_name") or False,
    )
    return _door_page(request, event, result=result)


@login_required
@require_POST
def door_walk_in(request: HttpRequest, event_id: int) -> HttpResponse:
    event = selectors.event_for_door(user=request.user, event_id=event_id)
    form = WalkInForm(request.POST, districts=_districts(event))
    if not form.is_valid():
        return _door_page(request, event, walk_in_form=form, status=422)
    data = form.cleaned_data
    try:
        result = services.checkin_walk_in(
            actor=request.user,
            event_id=event.pk,
            full_name=data["full_name"],
            represents=data["represents"],
            role=data["role"],
            home_area_code=data["home_area_code"],
            client_id=data.get("client_id") or "",
        )
    except ValidationError as exc:
        _apply(form, exc)
        return _door_page(request, event, walk_in_form=form, status=422)
    return _door_page(request, event, result=result)


@login_required
@require_GET
def door_search(request: HttpRequest, event_id: int) -> HttpResponse:
    event = selectors.event_for_door(user=request.user, event_id=event_id)
    query = (request.GET.get("q") or "").strip()[:100]
    return render(
        request,
        "events/_door_results.html",
        {
            "event": event,
            "results": selectors.door_search(event=event, query=query),
            "query": query,
        },
    )


@login_required
@require_GET
def counts(request: HttpRequest, event_id: int) -> HttpResponse:
    """The live counts (htmx polls this during the event)."""
    event = selectors.event_for_reader_or_door(user=request.user, event_id=event_id)
    response = render(
        request,
        "events/_counts.html",
        {
            "event": event,
            "figures": selectors.attendance(event=event),
            "full": request.GET.get("full") == "1",
            "updated_at": clock.now(),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


# Reports ---------------------------------------------------------------------------------------


@login_required
@require_GET
def attendance(request: HttpRequest, event_id: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, event_id=event_id)
    return render(
        request,
        "events/attendance.html",
        {
            "event": event,
            "figures": selectors.attendance(event=event),
            "updated_at": clock.now(),
            "live": event.status in (EventStatus.OPEN, EventStatus.CLOSED),
            **_rights(request, event),
        },
    )


@login_required
@require_GET
def attendance_pdf(request: HttpRequest, event_id: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, event_id=event_id)
    return _file(
        documents.attendance_pdf(
            event, thai_digits=bool(getattr(request.user, "thai_digits", False))
        ),
        media_type=PDF_MEDIA_TYPE,
        name=f"attendance-{event.pk}.pdf",
    )


@login_required
@require_GET
def attendance_xlsx(request: HttpRequest, event_id: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, event_id=event_id)
    return _file(
        documents.attendance_xlsx(event),
        media_type=XLSX_MEDIA_TYPE,
        name=f"attendance-{event.pk}.xlsx",
        inline=False,
    )
