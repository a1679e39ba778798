"""Public pages: the events of an area, an event, its registration form and files, a ticket."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from concenter.accounts.scope import Access, can
from concenter.common import clock
from concenter.common.errors import NotFoundOrOutOfScope
from concenter.common.pdf import PDF_MEDIA_TYPE, qr_svg
from concenter.common.uploads import stored_file_response
from concenter.events import documents, selectors, services, throttle, tickets
from concenter.events.forms import (
    PublicRegistrationForm,
    TicketLostForm,
)
from concenter.events.models import (
    Event,
    EventStatus,
    RegistrationStatus,
)
from concenter.events.views._common import _apply, _districts, _file
from concenter.geography.models import Area, Level


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
    seats_left = selectors.seats_left(event=event) if open_now else None
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
                    reminders=data.get("reminders", False),
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
        {"event": event, "form": form, "open_now": open_now, "seats_left": seats_left},
        status=status,
    )


def _event_for_public_file(request, event_id: int) -> Event:
    return selectors.public_event_get(event_id=event_id, user=request.user)


@require_GET
def programme_pdf(request: HttpRequest, event_id: int) -> HttpResponse:
    """The printed programme, in Thai (or English for an English page)."""
    event = _event_for_public_file(request, event_id)
    return _file(
        documents.programme_pdf(
            event, thai_digits=bool(getattr(request.user, "thai_digits", False))
        ),
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


TICKET_LOST_LIMIT = 5  # requests per address and event …
TICKET_LOST_WINDOW = 600  # … in ten minutes


@never_cache
@require_http_methods(["GET", "POST"])
def ticket_lost(request: HttpRequest, event_id: int) -> HttpResponse:
    """Ask for a lost ticket again. The answer is the same whether or not a registration
    matches: the ticket goes to the contact on file, never to the page."""
    event = selectors.public_event_get(event_id=event_id, user=request.user)
    form = TicketLostForm(request.POST or None)
    status = 200
    if request.method == "POST":
        address = throttle.client_address(request)
        if not throttle.allow(
            f"ticket-lost:{address}:{event.pk}", limit=TICKET_LOST_LIMIT, window=TICKET_LOST_WINDOW
        ):
            form.add_error(None, _("Too many requests from this connection. Try again later."))
            status = 429
        elif form.is_valid():
            try:
                services.ticket_resend_request(
                    event_id=event.pk, contact=form.cleaned_data["contact"]
                )
            except ValidationError as exc:
                _apply(form, exc)
                status = 422
            else:
                messages.success(
                    request,
                    _(
                        "If a registration for this event matches, its ticket has been sent to "
                        "the e-mail or LINE account given at registration."
                    ),
                )
                return redirect(event.get_public_url())
        else:
            status = 422
    return render(request, "events/ticket_lost.html", {"event": event, "form": form}, status=status)


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
