"""Officers' pages of an event: list, create, manage, edit, status, history, staff, photos."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from concenter.accounts.scope import Access, can
from concenter.common.audit import history_for
from concenter.common.errors import NotFoundOrOutOfScope, StaleVersion
from concenter.common.submit import form_page
from concenter.events import selectors, services
from concenter.events.forms import (
    EVENT_FIELD_ERRORS,
    EventForm,
    PhotoForm,
    StaffForm,
    StatusForm,
    split,
)
from concenter.events.models import (
    STATUS_TRANSITIONS,
    EventAccess,
    EventStatus,
)
from concenter.events.views._common import _apply, _can_change


@login_required
@require_GET
def manage_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status") if request.GET.get("status") in EventStatus.values else None
    query = (request.GET.get("q") or "").strip()[:100]
    events = selectors.event_list(user=request.user, status=status, query=query)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    for event in page:  # door staff without the area go straight to the door
        event.readable = can(request.user, Access.READ, event.area_id)
    return render(
        request,
        "events/manage_list.html",
        {
            "page": page,
            "status": status,
            "statuses": EventStatus.choices,
            "query": query,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest) -> HttpResponse:
    form = EventForm(
        request.POST or None,
        request.FILES or None,
        initial={
            "organizer_code": (request.GET.get("center") or "")[:8],
            "access": EventAccess.PUBLIC,
            "starts_time": datetime.time(8, 30),
            "ends_time": datetime.time(16, 30),
        },
    )
    return form_page(
        request,
        form,
        lambda data: services.event_create(
            actor=request.user,
            organizer_code=data["organizer_code"],
            area_code=data["area_code"],
            cover=data.get("cover"),
            **form.service_fields(),
        ),
        success=_("The event is drafted. Add its agenda, then open registration."),
        redirect_to=lambda event: event.get_absolute_url(),
        errors=lambda form, exc: _apply(form, exc, EVENT_FIELD_ERRORS),
        out_of_scope=("organizer_code", _("You may create events only in your own area.")),
        template="events/event_form.html",
        context={"form": form, "creating": True},
    )


@login_required
@require_GET
def event_manage(request: HttpRequest, event_id: int) -> HttpResponse:
    """The officers' page of an event: status, figures, and where to go next."""
    event = selectors.event_get(user=request.user, event_id=event_id)
    can_change = _can_change(request, event)
    transitions = [
        (status, EventStatus(status).label)
        for status in EventStatus.values
        if status in STATUS_TRANSITIONS[event.status]
    ]
    return render(
        request,
        "events/event_manage.html",
        {
            "event": event,
            "figures": selectors.attendance(event=event),
            "agenda": selectors.agenda(event),
            "can_change": can_change,
            "can_door": services.may_work_door(request.user, event),
            "transitions": transitions,
            "status_form": StatusForm(initial={"version": event.version}),
            "registration_open": services.public_registration_open(event),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, event_id: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, event_id=event_id, access=Access.CHANGE)
    starts_on, starts_time = split(event.starts_at)
    ends_on, ends_time = split(event.ends_at)
    opens_on, opens_time = split(event.registration_opens_at)
    closes_on, closes_time = split(event.registration_closes_at)
    initial = {
        "version": event.version,
        "title": event.title,
        "organizer_code": event.organizer_id,
        "area_code": event.area_id,
        "starts_on": starts_on,
        "starts_time": starts_time,
        "ends_on": ends_on if ends_on != starts_on else None,
        "ends_time": ends_time,
        "venue_name": event.venue_name,
        "venue_address": event.venue_address,
        "venue_area_code": event.venue_area_id or "",
        "map_url": event.map_url,
        "capacity": event.capacity or "",
        "access": event.access,
        "registration_opens_on": opens_on,
        "registration_opens_time": opens_time,
        "registration_closes_on": closes_on,
        "registration_closes_time": closes_time,
        "description": event.description,
    }
    form = EventForm(request.POST or None, request.FILES or None, initial=initial)
    return form_page(
        request,
        form,
        lambda data: services.event_update(
            actor=request.user,
            event_id=event.pk,
            expected_version=data.get("version"),
            organizer_code=data["organizer_code"],
            area_code=data["area_code"],
            cover=data.get("cover"),
            remove_cover=data.get("remove_cover", False),
            **form.service_fields(),
        ),
        success=_("Saved."),
        redirect_to=event.get_absolute_url(),
        errors=lambda form, exc: _apply(form, exc, EVENT_FIELD_ERRORS),
        out_of_scope=("area_code", _("You may move the event only within your own area.")),
        template="events/event_form.html",
        context={"form": form, "event": event},
    )


@login_required
@require_POST
def event_status(request: HttpRequest, event_id: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, event_id=event_id, access=Access.CHANGE)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.event_status_change(
                actor=request.user,
                event_id=event.pk,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data.get("version"),
            )
        except StaleVersion as exc:
            messages.error(request, str(exc))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The event's status was changed."))
    else:
        messages.error(request, _("Choose the new status."))
    return redirect(event.get_absolute_url())


@login_required
@require_GET
def event_history(request: HttpRequest, event_id: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, event_id=event_id)
    return render(
        request,
        "common/history.html",
        {"object": event, "entries": history_for(event)[:200], "ancestors": []},
    )


@login_required
@require_http_methods(["GET", "POST"])
def staff(request: HttpRequest, event_id: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, event_id=event_id, access=Access.CHANGE)
    form = StaffForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda data: services.event_staff_add(
            actor=request.user, event_id=event.pk, username=data["username"]
        ),
        success=_("Added to the door staff."),
        redirect_to=reverse("events:staff", kwargs={"event_id": event.pk}),
        template="events/staff.html",
        context=lambda: {"event": event, "form": form, "staff": selectors.staff_list(event=event)},
    )


@login_required
@require_POST
def staff_remove(request: HttpRequest, event_id: int, staff_id: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, event_id=event_id, access=Access.CHANGE)
    found = event.staff.filter(pk=staff_id).first()
    if found is None:
        raise NotFoundOrOutOfScope()
    services.event_staff_remove(actor=request.user, staff_id=found.pk)
    messages.success(request, _("Removed from the door staff."))
    return redirect("events:staff", event_id=event.pk)


@login_required
@require_http_methods(["GET", "POST"])
def photos(request: HttpRequest, event_id: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, event_id=event_id, access=Access.CHANGE)
    form = PhotoForm(request.POST or None, request.FILES or None)
    return form_page(
        request,
        form,
        lambda data: services.event_photo_add(
            actor=request.user,
            event_id=event.pk,
            upload=data["image"],
            caption=data["caption"],
        ),
        success=_("Photo added."),
        redirect_to=reverse("events:photos", kwargs={"event_id": event.pk}),
        template="events/photos.html",
        context=lambda: {"event": event, "form": form, "photos": selectors.photos(event=event)},
    )


@login_required
@require_POST
def photo_remove(request: HttpRequest, event_id: int, photo_id: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, event_id=event_id, access=Access.CHANGE)
    found = event.photos.filter(pk=photo_id).first()
    if found is None:
        raise NotFoundOrOutOfScope()
    services.event_photo_remove(actor=request.user, photo_id=found.pk)
    messages.success(request, _("Photo removed."))
    return redirect("events:photos", event_id=event.pk)
