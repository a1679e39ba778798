"""Pages of the events app: the public pages (events of an area, an event, the public
registration form, a registrant's ticket), the officers' pages (event, agenda, registrations,
staff, badges, reports) and the door (check-in on a phone)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from concenter.accounts.scope import Access, can
from concenter.common import clock
from concenter.common.audit import history_for
from concenter.common.errors import NotFoundOrOutOfScope, StaleVersion
from concenter.common.forms import apply_errors
from concenter.common.pdf import PDF_MEDIA_TYPE, qr_svg
from concenter.common.uploads import stored_file_response
from concenter.events import documents, selectors, services, throttle, tickets
from concenter.events.forms import (
    AGENDA_FIELD_ERRORS,
    EVENT_FIELD_ERRORS,
    AgendaItemForm,
    BulkForm,
    CancelForm,
    CodeForm,
    EventForm,
    PhotoForm,
    PublicRegistrationForm,
    RegistrationEditForm,
    RegistrationForm,
    StaffForm,
    StatusForm,
    WalkInForm,
    split,
)
from concenter.events.models import (
    ROLE_ORDER,
    STATUS_TRANSITIONS,
    AgendaKind,
    Event,
    EventAccess,
    EventStatus,
    Registration,
    RegistrationRole,
    RegistrationStatus,
)
from concenter.geography.models import Area, Level

PAGE_SIZE = 100
BADGES_MAX = 2_000
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _apply(form, exc: ValidationError, mapping: dict | None = None) -> None:
    """A service's refusal next to the form field it names (a combined field, such as a date
    and a time, next to the input the person typed)."""
    if mapping and hasattr(exc, "error_dict"):
        exc = ValidationError(
            {mapping.get(name, name): errors for name, errors in exc.error_dict.items()}
        )
    apply_errors(form, exc)


def _can_change(request, event: Event) -> bool:
    return can(request.user, Access.CHANGE, event.area_id)


def _rights(request, event: Event) -> dict:
    """What the event's sub-navigation offers this user."""
    return {
        "can_change": _can_change(request, event),
        "can_door": services.may_work_door(request.user, event),
    }


def _file(content: bytes, *, media_type: str, name: str, inline: bool = True) -> HttpResponse:
    response = HttpResponse(content, content_type=media_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _districts(event: Event) -> list[Area]:
    return list(
        Area.objects.filter(
            province_code=event.province_code, level=Level.DISTRICT, active=True
        ).order_by("sort_key")
    )


# Public pages ----------------------------------------------------------------------------------


@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    """Upcoming and past events of an area (all areas without one)."""
    area_code = (request.GET.get("area") or "").strip()[:8]
    found = selectors.public_events(area_code=area_code or None)
    past = Paginator(found.past, 30).get_page(request.GET.get("page"))
    provinces = Area.objects.filter(level=Level.PROVINCE, active=True).order_by("sort_key")
    return render(
        request,
        "events/public_list.html",
        {"found": found, "past": past, "area_code": area_code, "provinces": provinces},
    )


@require_GET
def public_detail(request: HttpRequest, event_id: int) -> HttpResponse:
    """An event's public page: when and where, the agenda, how to register; after the event,
    its photos and attendance figures. No personal data."""
    event = selectors.public_event_get(event_id=event_id, user=request.user)
    held = event.status == EventStatus.HELD
    return render(
        request,
        "events/public_detail.html",
        {
            "event": event,
            "agenda": selectors.agenda(event, public=True),
            "registration_open": services.public_registration_open(event),
            "figures": selectors.attendance(event=event) if held else None,
            "photos": selectors.photos(event=event) if held else [],
            "can_read": can(request.user, Access.READ, event.area_id),
            "now": clock.now(),
        },
    )


@require_http_methods(["GET", "POST"])
def public_register(request: HttpRequest, event_id: int) -> HttpResponse:
    """The public registration form of a public, open event (limited per address)."""
    event = selectors.public_event_get(event_id=event_id, user=None)
    form = PublicRegistrationForm(request.POST or None, districts=_districts(event))
    status = 200
    open_now = services.public_registration_open(event)
    if request.method == "POST":
        address = throttle.client_address(request)
        if not throttle.allow(
            f"register:{event.pk}:{address}",
            limit=throttle.PUBLIC_REGISTRATION_LIMIT,
            window=throttle.PUBLIC_REGISTRATION_WINDOW,
        ):
            form.is_valid()
            form.add_error(
                None, _("Too many registrations from this connection. Try again in a few minutes.")
            )
            status = 429
        elif form.is_valid() and not form.cleaned_data.get("website"):
            data = form.cleaned_data
            home = data["home_area_code"] if data["home_area_code"] != "other" else ""
            try:
                registration = services.registration_public_create(
                    event_id=event.pk,
                    full_name=data["full_name"],
                    phone=data["phone"],
                    email=data["email"],
                    represents=data["represents"],
                    home_area_code=home,
                    meal=data["meal"],
                    accessibility=data["accessibility"],
                    consent=data["consent"],
                )
            except ValidationError as exc:
                _apply(form, exc)
                status = 422
            else:
                if registration.status == RegistrationStatus.CONFIRMED:
                    messages.success(
                        request,
                        _("You are registered. Keep this page: it is your ticket."),
                    )
                else:
                    messages.warning(
                        request,
                        _(
                            "The event is full: you are on the waiting list. If a seat frees "
                            "up you move up automatically; this page will show it."
                        ),
                    )
                token = tickets.link_token(event.ref, registration.link_secret)
                return redirect("events:ticket", token=token)
        elif form.is_bound and form.cleaned_data.get("website"):
            # A robot filled in the hidden field: answer as if nothing happened.
            return redirect(event.get_public_url())
        else:
            status = 422
    return render(
        request,
        "events/public_register.html",
        {"event": event, "form": form, "open_now": open_now},
        status=status,
    )


def _event_for_public_file(request, event_id: int) -> Event:
    return selectors.public_event_get(event_id=event_id, user=request.user)


@require_GET
def programme_pdf(request: HttpRequest, event_id: int) -> HttpResponse:
    """The printed programme, in Thai (or English for an English page)."""
    event = _event_for_public_file(request, event_id)
    return _file(
        documents.programme_pdf(event),
        media_type=PDF_MEDIA_TYPE,
        name=f"programme-{event.pk}.pdf",
    )


@require_GET
def cover(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event_for_public_file(request, event_id)
    return stored_file_response(event.cover_image, download_name=f"event-{event.pk}")


@require_GET
def photo(request: HttpRequest, event_id: int, photo_id: int) -> HttpResponse:
    event = _event_for_public_file(request, event_id)
    found = event.photos.filter(pk=photo_id).first()
    if found is None:
        raise NotFoundOrOutOfScope()
    return stored_file_response(found.image, download_name=f"event-{event.pk}-{found.pk}")


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


@never_cache
@require_GET
def ticket(request: HttpRequest, token: str) -> HttpResponse:
    """A registrant's own ticket: the QR code for the door, the code, the status."""
    registration = selectors.ticket(token=token)
    event = registration.event
    door = tickets.door_token(event.ref, registration.ticket_secret)
    return _private(
        render(
            request,
            "events/ticket.html",
            {
                "registration": registration,
                "event": event,
                "qr": qr_svg(door, scale=6),
                "token": token,
                "can_cancel": registration.is_active
                and registration.checkin_record is None
                and event.status in (EventStatus.DRAFT, EventStatus.OPEN, EventStatus.CLOSED),
            },
        )
    )


@never_cache
@require_http_methods(["GET", "POST"])
def ticket_cancel(request: HttpRequest, token: str) -> HttpResponse:
    """The registrant gives up their seat (it goes to the first on the waiting list)."""
    registration = selectors.ticket(token=token)
    if request.method == "POST":
        try:
            services.registration_cancel_by_link(token=token)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("Your registration is cancelled. Thank you for telling us.")
            )
        return redirect("events:ticket", token=token)
    return _private(
        render(
            request,
            "events/ticket_cancel.html",
            {"registration": registration, "event": registration.event, "token": token},
        )
    )


# Officers: events ------------------------------------------------------------------------------


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
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event = services.event_create(
                actor=request.user,
                organizer_code=data["organizer_code"],
                area_code=data["area_code"],
                cover=data.get("cover"),
                **form.service_fields(),
            )
        except NotFoundOrOutOfScope:
            form.add_error("organizer_code", _("You may create events only in your own area."))
        except ValidationError as exc:
            _apply(form, exc, EVENT_FIELD_ERRORS)
        else:
            messages.success(
                request, _("The event is drafted. Add its agenda, then open registration.")
            )
            return redirect(event.get_absolute_url())
    return render(request, "events/event_form.html", {"form": form, "creating": True})


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
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.event_update(
                actor=request.user,
                event_id=event.pk,
                expected_version=data.get("version"),
                organizer_code=data["organizer_code"],
                area_code=data["area_code"],
                cover=data.get("cover"),
                remove_cover=data.get("remove_cover", False),
                **form.service_fields(),
            )
        except StaleVersion as exc:
            form.add_error(None, str(exc))
        except NotFoundOrOutOfScope:
            form.add_error("area_code", _("You may move the event only within your own area."))
        except ValidationError as exc:
            _apply(form, exc, EVENT_FIELD_ERRORS)
        else:
            messages.success(request, _("Saved."))
            return redirect(event.get_absolute_url())
    return render(request, "events/event_form.html", {"form": form, "event": event})


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


# Officers: agenda ------------------------------------------------------------------------------


@login_required
@require_GET
def agenda(request: HttpRequest, event_id: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, event_id=event_id)
    items = selectors.agenda(event)
    return render(
        request,
        "events/agenda.html",
        {
            "event": event,
            "items": items,
            "has_awards": any(item.kind == AgendaKind.AWARD for item in items),
            **_rights(request, event),
        },
    )


def _programmes(user) -> list[tuple[int, str]]:
    """The award programmes the user may link (those of their scope), newest first."""
    from concenter.accounts.scope import filter_queryset
    from concenter.awards.models import Programme

    programmes = filter_queryset(Programme.objects.all(), user, Access.READ)
    return [(p.pk, f"{p.title} ({p.be_year})") for p in programmes.order_by("-year", "-pk")[:200]]


def _stories_for(center_code: str | None) -> list:
    if not center_code:
        return []
    return list(selectors.stories_under(center_code).order_by("-pk")[:100])


@login_required
@require_http_methods(["GET", "POST"])
def agenda_item_create(request: HttpRequest, event_id: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, event_id=event_id, access=Access.CHANGE)
    form = AgendaItemForm(
        request.POST or None,
        event=event,
        stories=_stories_for(request.POST.get("exhibitor_center_code")),
        programmes=_programmes(request.user),
        initial={"kind": request.GET.get("kind") or AgendaKind.OTHER},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_add(actor=request.user, event_id=event.pk, **form.service_fields())
        except ValidationError as exc:
            _apply(form, exc, AGENDA_FIELD_ERRORS)
        else:
            messages.success(request, _("Added to the agenda."))
            return redirect("events:agenda", event_id=event.pk)
    return render(
        request, "events/agenda_item_form.html", {"event": event, "form": form, "creating": True}
    )


@login_required
@require_http_methods(["GET", "POST"])
def agenda_item_edit(request: HttpRequest, event_id: int, item_id: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, event_id=event_id, access=Access.CHANGE)
    item = event.agenda_items.filter(pk=item_id).first()
    if item is None:
        raise NotFoundOrOutOfScope()
    day, starts_time = split(item.starts_at)
    _day, ends_time = split(item.ends_at)
    initial = {
        "version": item.version,
        "kind": item.kind,
        "day": day,
        "starts_time": starts_time,
        "ends_time": ends_time,
        "title": item.title,
        "details": item.details,
        "location": item.location,
        "speaker_name": item.speaker_name,
        "speaker_position": item.speaker_position,
        "performer_organization_id": item.performer_organization_id,
        "performer_center_code": item.performer_center_id or "",
        "performer_name": item.performer_name,
        "exhibitor_center_code": item.exhibitor_center_id or "",
        "theme": item.theme,
        "story_ids": [str(pk) for pk in item.stories.values_list("pk", flat=True)],
        "award_programme_id": item.award_programme_id,
    }
    center_code = request.POST.get("exhibitor_center_code", item.exhibitor_center_id or "")
    form = AgendaItemForm(
        request.POST or None,
        event=event,
        stories=_stories_for(center_code),
        programmes=_programmes(request.user),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_update(
                actor=request.user,
                item_id=item.pk,
                expected_version=form.cleaned_data.get("version"),
                **form.service_fields(),
            )
        except StaleVersion as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            _apply(form, exc, AGENDA_FIELD_ERRORS)
        else:
            messages.success(request, _("Saved."))
            return redirect("events:agenda", event_id=event.pk)
    return render(
        request, "events/agenda_item_form.html", {"event": event, "form": form, "item": item}
    )


@login_required
@require_POST
def agenda_item_remove(request: HttpRequest, event_id: int, item_id: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, event_id=event_id, access=Access.CHANGE)
    item = event.agenda_items.filter(pk=item_id).first()
    if item is None:
        raise NotFoundOrOutOfScope()
    try:
        services.agenda_item_remove(actor=request.user, item_id=item.pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Removed from the agenda."))
    return redirect("events:agenda", event_id=event.pk)


@login_required
@require_GET
def pick_organization(request: HttpRequest, event_id: int) -> HttpResponse:
    """Organisations found by name (htmx), to name the group that performs."""
    from concenter.common.search import organization_search

    event = selectors.event_get(user=request.user, event_id=event_id)
    query = (request.GET.get("q") or "").strip()[:100]
    results = organization_search(user=request.user, query=query, limit=10) if query else []
    return render(
        request,
        "events/_pick_organization.html",
        {"event": event, "results": results, "query": query},
    )


@login_required
@require_POST
def awardees_register(request: HttpRequest, event_id: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, event_id=event_id, access=Access.CHANGE)
    try:
        result = services.event_awardees_register(actor=request.user, event_id=event.pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Award recipients: %(new)s registered, %(updated)s already registered.")
            % {"new": len(result.registered), "updated": len(result.updated)},
        )
        if result.waitlisted:
            messages.warning(
                request,
                _("%(count)s award recipients are on the waiting list: the event is full.")
                % {"count": len(result.waitlisted)},
            )
    return redirect("events:agenda", event_id=event.pk)


# Officers: registrations -----------------------------------------------------------------------


def _flag(value: str | None) -> bool | None:
    return {"1": True, "0": False}.get(value or "")


@login_required
@require_GET
def registrations(request: HttpRequest, event_id: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, event_id=event_id)
    status = (
        request.GET.get("status")
        if request.GET.get("status") in RegistrationStatus.values
        else None
    )
    role = request.GET.get("role") if request.GET.get("role") in RegistrationRole.values else None
    checked_in = _flag(request.GET.get("checked_in"))
    query = (request.GET.get("q") or "").strip()[:100]
    found = selectors.registrations(
        event=event, status=status, role=role, query=query, checked_in=checked_in
    )
    context = {
        "event": event,
        "page": Paginator(found, PAGE_SIZE).get_page(request.GET.get("page")),
        "status": status,
        "role": role,
        "checked_in": request.GET.get("checked_in", ""),
        "query": query,
        "statuses": RegistrationStatus.choices,
        "roles": RegistrationRole.choices,
        "figures": selectors.attendance(event=event),
        **_rights(request, event),
    }
    template = "events/_registration_rows.html" if request.htmx else "events/registrations.html"
    return render(request, template, context)


@login_required
@require_GET
def registration_pick(request: HttpRequest, event_id: int) -> HttpResponse:
    """People of the registry found by name (htmx), to tick for registration."""
    from concenter.common.search import person_search

    event = selectors.event_get(user=request.user, event_id=event_id, access=Access.CHANGE)
    query = (request.GET.get("q") or "").strip()[:100]
    results = person_search(user=request.user, query=query, limit=30) if query else []
    registered = set(
        Registration.objects.filter(
            event=event,
            person_id__in=[p.pk for p in results],
            status__in=(RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED),
        ).values_list("person_id", flat=True)
    )
    return render(
        request,
        "events/_pick_people.html",
        {"results": results, "query": query, "registered": registered},
    )


@login_required
@require_http_methods(["GET", "POST"])
def registration_add(request: HttpRequest, event_id: int) -> HttpResponse:
    """Register people ticked in a search of the registry, or one name typed."""
    event = selectors.event_get(user=request.user, event_id=event_id, access=Access.CHANGE)
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        common = {
            "role": data["role"],
            "represents": data["represents"],
            "center_code": data["center_code"],
            "meal": data["meal"],
            "accessibility": data["accessibility"],
        }
        done: list[Registration] = []
        problems: list[str] = []
        for person_id in data["person_ids"]:
            try:
                done.append(
                    services.registration_create(
                        actor=request.user, event_id=event.pk, person_id=person_id, **common
                    )
                )
            except ValidationError as exc:
                problems.extend(exc.messages)
        if data["full_name"].strip():
            try:
                done.append(
                    services.registration_create(
                        actor=request.user,
                        event_id=event.pk,
                        full_name=data["full_name"],
                        phone=data["phone"],
                        home_area_code=data["home_area_code"],
                        **common,
                    )
                )
            except ValidationError as exc:
                _apply(form, exc)
        for problem in problems:
            form.add_error(None, problem)
        if done:
            waiting = sum(1 for r in done if r.status == RegistrationStatus.WAITLISTED)
            messages.success(
                request,
                _("%(count)s registered (%(waiting)s on the waiting list).")
                % {"count": len(done), "waiting": waiting},
            )
        if not form.errors:
            return redirect("events:registrations", event_id=event.pk)
    return render(request, "events/registration_add.html", {"event": event, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def registration_bulk(request: HttpRequest, event_id: int) -> HttpResponse:
    """Paste a list: check it first (nothing is written), then register it."""
    event = selectors.event_get(user=request.user, event_id=event_id, access=Access.CHANGE)
    form = BulkForm(request.POST or None)
    plan = None
    status = 200
    if request.method == "POST" and form.is_valid():
        arguments = {
            "actor": request.user,
            "event_id": event.pk,
            "lines": form.line_list(),
            "role": form.cleaned_data["role"],
            "meal": form.cleaned_data["meal"],
            "represents": form.cleaned_data["represents"],
        }
        try:
            plan = services.registration_bulk_add(**arguments, dry_run=True)
            if "commit" in request.POST and not plan.errors:
                done = services.registration_bulk_add(**arguments, dry_run=False)
                messages.success(
                    request,
                    _(
                        "%(confirmed)s registered, %(waitlisted)s on the waiting list, "
                        "%(skipped)s already registered."
                    )
                    % {
                        "confirmed": done.confirmed,
                        "waitlisted": done.waitlisted,
                        "skipped": len(done.duplicates),
                    },
                )
                return redirect("events:registrations", event_id=event.pk)
        except ValidationError as exc:
            _apply(form, exc)
            status = 422
        if plan is not None and plan.errors:
            form.add_error(
                "lines",
                _("%(count)s lines cannot be registered: correct them, then check again.")
                % {"count": len(plan.errors)},
            )
            status = 422
    return render(
        request,
        "events/registration_bulk.html",
        {"event": event, "form": form, "plan": plan},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def registration_edit(request: HttpRequest, event_id: int, registration_id: int) -> HttpResponse:
    """A registration: its ticket link, its check-in; officers change it or cancel it."""
    registration = selectors.registration_get(
        user=request.user, event_id=event_id, registration_id=registration_id
    )
    event = registration.event
    can_change = _can_change(request, event)
    linked = registration.person_id is not None
    form = RegistrationEditForm(
        request.POST or None,
        linked=linked,
        initial={
            "version": registration.version,
            "role": registration.role,
            "represents": registration.represents,
            "center_code": registration.center_id or "",
            "meal": registration.meal,
            "accessibility": registration.accessibility,
            "note": registration.note,
            "full_name": registration.full_name,
            "phone": registration.phone,
            "email": registration.email,
            "home_area_code": registration.home_area_id or "",
        },
    )
    if request.method == "POST":
        if not can_change:
            raise NotFoundOrOutOfScope()
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version", None)
            try:
                services.registration_update(
                    actor=request.user,
                    registration_id=registration.pk,
                    expected_version=version,
                    **data,
                )
            except StaleVersion as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                _apply(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect(registration.get_absolute_url())
    link = None
    if can_change:
        link = request.build_absolute_uri(
            reverse("events:ticket", args=[tickets.link_token(event.ref, registration.link_secret)])
        )
    return render(
        request,
        "events/registration_edit.html",
        {
            "event": event,
            "registration": registration,
            "form": form,
            "cancel_form": CancelForm(initial={"version": registration.version}),
            "can_change": can_change,
            "can_door": services.may_work_door(request.user, event),
            "ticket_link": link,
            "queue_position": selectors.waitlist_position(registration),
        },
    )


@login_required
@require_POST
def registration_cancel(request: HttpRequest, event_id: int, registration_id: int) -> HttpResponse:
    registration = selectors.registration_get(
        user=request.user, event_id=event_id, registration_id=registration_id, access=Access.CHANGE
    )
    form = CancelForm(request.POST)
    form.is_valid()
    try:
        cancelled = services.registration_cancel(
            actor=request.user,
            registration_id=registration.pk,
            reason=form.cleaned_data.get("reason", ""),
            expected_version=form.cleaned_data.get("version"),
        )
    except StaleVersion as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The registration is cancelled."))
        for promoted in cancelled.promoted:
            messages.info(
                request,
                _("%(name)s moved up from the waiting list.") % {"name": promoted.display_name},
            )
    return redirect(registration.get_absolute_url())


@login_required
@require_POST
def checkin_undo(request: HttpRequest, event_id: int, registration_id: int) -> HttpResponse:
    event = selectors.event_for_door(user=request.user, event_id=event_id)
    registration = event.registrations.filter(pk=registration_id).first()
    if registration is None:
        raise NotFoundOrOutOfScope()
    try:
        services.checkin_undo(actor=request.user, registration_id=registration.pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The check-in was taken back."))
    if can(request.user, Access.READ, event.area_id):
        return redirect(registration.get_absolute_url())
    return redirect("events:door", event_id=event.pk)


@login_required
@require_GET
def badges_pdf(request: HttpRequest, event_id: int) -> HttpResponse:
    """Badges of the confirmed registrations (of one role with ?role=, or those named by ?id=),
    ten to an A4 sheet."""
    event = selectors.event_get(user=request.user, event_id=event_id, access=Access.CHANGE)
    role = request.GET.get("role") if request.GET.get("role") in RegistrationRole.values else None
    chosen = [int(pk) for pk in request.GET.getlist("id") if pk.isdigit()][:BADGES_MAX]
    queryset = selectors.registrations(event=event, status=RegistrationStatus.CONFIRMED, role=role)
    if chosen:  # one badge printed again at the door, or a few
        queryset = queryset.filter(pk__in=chosen)
    found = list(queryset[:BADGES_MAX])
    found.sort(key=lambda r: (ROLE_ORDER.get(r.role, 99), r.sort_key, r.pk))
    return _file(
        documents.badges_pdf(event, found),
        media_type=PDF_MEDIA_TYPE,
        name=f"badges-{event.pk}.pdf",
    )


# Officers: staff and photos --------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def staff(request: HttpRequest, event_id: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, event_id=event_id, access=Access.CHANGE)
    form = StaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_staff_add(
                actor=request.user, event_id=event.pk, username=form.cleaned_data["username"]
            )
        except ValidationError as exc:
            _apply(form, exc)
        else:
            messages.success(request, _("Added to the door staff."))
            return redirect("events:staff", event_id=event.pk)
    return render(
        request,
        "events/staff.html",
        {"event": event, "form": form, "staff": selectors.staff_list(event=event)},
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
    if request.method == "POST" and form.is_valid():
        try:
            services.event_photo_add(
                actor=request.user,
                event_id=event.pk,
                upload=form.cleaned_data["image"],
                caption=form.cleaned_data["caption"],
            )
        except ValidationError as exc:
            _apply(form, exc)
        else:
            messages.success(request, _("Photo added."))
            return redirect("events:photos", event_id=event.pk)
    return render(
        request,
        "events/photos.html",
        {"event": event, "form": form, "photos": selectors.photos(event=event)},
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


# The door --------------------------------------------------------------------------------------


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
        documents.attendance_pdf(event),
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
