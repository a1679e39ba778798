"""Registrations: the list, adding one or many, editing, cancelling, badges."""

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
from concenter.common.errors import NotFoundOrOutOfScope, StaleVersion
from concenter.common.pdf import PDF_MEDIA_TYPE
from concenter.common.submit import form_submit
from concenter.events import documents, selectors, services, tickets
from concenter.events.forms import (
    BulkForm,
    CancelForm,
    RegistrationEditForm,
    RegistrationForm,
)
from concenter.events.models import (
    ROLE_ORDER,
    Registration,
    RegistrationRole,
    RegistrationStatus,
)
from concenter.events.views._common import (
    BADGES_MAX,
    PAGE_SIZE,
    _apply,
    _can_change,
    _file,
    _rights,
)


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
        done = form_submit(
            request,
            form,
            lambda data: services.registration_update(
                actor=request.user,
                registration_id=registration.pk,
                expected_version=data.get("version"),
                **{name: value for name, value in data.items() if name != "version"},
            ),
            success=_("Saved."),
            redirect_to=registration.get_absolute_url(),
        )
        if done:
            return done
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
