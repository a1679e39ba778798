"""The officers' outbox (what was sent, what waits, what failed, and a retry), and the page an
unsubscribe link opens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from concenter.notifications import selectors, services
from concenter.notifications.channels import configured_channels
from concenter.notifications.kinds import KINDS
from concenter.notifications.links import unsubscribe_read
from concenter.notifications.models import Channel, OutboxState


@login_required
@require_GET
def outbox(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state") if request.GET.get("state") in OutboxState.values else None
    kind = request.GET.get("kind") if request.GET.get("kind") in KINDS else None
    found = selectors.outbox_list(user=request.user, state=state, kind=kind)
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    configured = configured_channels()
    counts = selectors.outbox_counts(user=request.user)
    return render(
        request,
        "notifications/outbox.html",
        {
            "page": page,
            "state": state,
            "kind": kind,
            "states": OutboxState.choices,
            "kinds": [(code, k.label) for code, k in KINDS.items()],
            "counts": [
                (value, label, counts.get(value, 0)) for value, label in OutboxState.choices
            ],
            "unconfigured": [label for value, label in Channel.choices if value not in configured],
        },
    )


@login_required
@require_GET
def outbox_message(request: HttpRequest, message_id: int) -> HttpResponse:
    message = selectors.outbox_message(user=request.user, message_id=message_id)
    return render(request, "notifications/outbox_message.html", {"message": message})


@login_required
@require_POST
def outbox_retry(request: HttpRequest, message_id: int) -> HttpResponse:
    try:
        services.message_retry(actor=request.user, message_id=message_id)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The message will be sent again."))
    return redirect("notifications:outbox_message", message_id)


@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (mail programs open links to check them); POST unsubscribes."""
    read = unsubscribe_read(token)
    if read is None:
        raise Http404
    done = False
    if request.method == "POST":
        services.unsubscribe(token=token)
        done = True
    channel, address = read
    return render(
        request,
        "notifications/unsubscribe.html",
        {"address": address, "channel": Channel(channel).label, "done": done},
    )
