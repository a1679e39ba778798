"""What award programmes tell people, through the outbox (docs/notifications.md): the
nominator that their nomination was received, each judge that scorecards wait for them, the
nominators and the winners that the results are published. Enqueued inside the transaction of
the change that causes each."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy

from concenter.awards.models import Nomination, PanelMember, Programme, Scorecard
from concenter.notifications.links import site_url
from concenter.notifications.services import Recipient, message_enqueue


def _nominator(nomination: Nomination) -> Recipient:
    user = nomination.nominator_user if nomination.nominator_user_id else None
    return Recipient(
        name=nomination.nominator_name or (str(user) if user else ""),
        email=nomination.nominator_email or (user.email if user else ""),
        user_id=nomination.nominator_user_id,
    )


def nomination_received_send(nomination: Nomination, *, language: str | None = None) -> None:
    programme = nomination.programme
    recipient = _nominator(nomination)
    message_enqueue(
        kind="nomination_received",
        recipient=recipient,
        context={
            "name": recipient.name,
            "programme_title": programme.title,
            "nominee_name": nomination.nominee_name,
        },
        idempotency_key=f"nomination_received:{nomination.pk}",
        language=language,
        area_code=nomination.area_id,
    )


def judging_assigned_send(programme: Programme) -> int:
    """Judging opens: each judge with scorecards hears how many wait."""
    cards = dict(
        Scorecard.objects.filter(nomination__programme=programme)
        .values("judge_id")
        .annotate(n=Count("pk"))
        .values_list("judge_id", "n")
    )
    count = 0
    for member in PanelMember.objects.filter(programme=programme).select_related("user"):
        if not cards.get(member.pk):
            continue
        message = message_enqueue(
            kind="judging_assigned",
            recipient=member.user,
            context={
                "name": str(member.user),
                "programme_title": programme.title,
                "count": cards[member.pk],
                "link": site_url(reverse("awards:judging_home")),
                "link_label": gettext_lazy("Score the nominations"),
            },
            idempotency_key=f"judging_assigned:{programme.pk}:{member.pk}",
            area_code=programme.area_id,
        )
        count += message is not None
    return count


def results_published_send(programme: Programme) -> int:
    """The results are published: every nominator hears it, and each winner in the registry
    with an address on file."""
    link = site_url(reverse("awards:hall_of_fame_programme", args=[programme.pk]))
    count = 0
    nominations = Nomination.objects.filter(programme=programme).select_related(
        "nominator_user", "person"
    )
    for nomination in nominations:
        common = {
            "programme_title": programme.title,
            "nominee_name": nomination.nominee_name,
            "won": nomination.selected,
            "link": link,
            "link_label": gettext_lazy("See the results"),
        }
        nominator = _nominator(nomination)
        sent = message_enqueue(
            kind="results_published",
            recipient=nominator,
            context={**common, "name": nominator.name},
            idempotency_key=f"results_published:{nomination.pk}:nominator",
            area_code=nomination.area_id,
        )
        count += sent is not None
        if nomination.selected and nomination.person_id:
            sent = message_enqueue(
                kind="results_published",
                recipient=nomination.person,
                context={**common, "name": str(nomination.person)},
                idempotency_key=f"results_published:{nomination.pk}:nominee",
                area_code=nomination.area_id,
            )
            count += sent is not None
    return count
