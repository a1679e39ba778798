"""An event's agenda and the award winners presented at it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from concenter.accounts.scope import Access
from concenter.common.errors import NotFoundOrOutOfScope
from concenter.common.submit import form_page
from concenter.events import selectors, services
from concenter.events.forms import (
    AGENDA_FIELD_ERRORS,
    AgendaItemForm,
    split,
)
from concenter.events.models import (
    AgendaKind,
)
from concenter.events.views._common import _apply, _rights


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
    return form_page(
        request,
        form,
        lambda _data: services.agenda_item_add(
            actor=request.user, event_id=event.pk, **form.service_fields()
        ),
        success=_("Added to the agenda."),
        redirect_to=reverse("events:agenda", kwargs={"event_id": event.pk}),
        errors=lambda form, exc: _apply(form, exc, AGENDA_FIELD_ERRORS),
        template="events/agenda_item_form.html",
        context={"event": event, "form": form, "creating": True},
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
    return form_page(
        request,
        form,
        lambda data: services.agenda_item_update(
            actor=request.user,
            item_id=item.pk,
            expected_version=data.get("version"),
            **form.service_fields(),
        ),
        success=_("Saved."),
        redirect_to=reverse("events:agenda", kwargs={"event_id": event.pk}),
        errors=lambda form, exc: _apply(form, exc, AGENDA_FIELD_ERRORS),
        template="events/agenda_item_form.html",
        context={"event": event, "form": form, "item": item},
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
