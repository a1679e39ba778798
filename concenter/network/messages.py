"""A committee's term ends in 60 days: the district officers of the center's district and the
chair of the committee hear it (a scheduled scan of `concenter work`, docs/notifications.md)."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy

from concenter.accounts.models import Role, User
from concenter.network.models import CommitteeTerm, Position, TermStatus
from concenter.notifications.links import site_url
from concenter.notifications.services import message_enqueue

TERM_WARNING_DAYS = 60


def term_ending_scan(today: datetime.date) -> int:
    """Each active term that ends within TERM_WARNING_DAYS (and not yet ended) is told once: the
    key names the term and its end, so a scan missed on the day itself catches up the next."""
    terms = (
        CommitteeTerm.objects.filter(
            status=TermStatus.ACTIVE,
            ends_on__gt=today,
            ends_on__lte=today + datetime.timedelta(days=TERM_WARNING_DAYS),
        )
        .select_related("center")
        .prefetch_related("seats__person")
    )
    count = 0
    for term in terms:
        center = term.center
        district = center.district_code or center.province_code
        officers = User.objects.filter(
            is_active=True,
            roles__role__in=(Role.DISTRICT_OFFICER, Role.PROVINCE_OFFICER)
            if not center.district_code
            else (Role.DISTRICT_OFFICER,),
            roles__area_id=district,
        ).distinct()
        chairs = [
            seat.person
            for seat in term.seats.all()
            if seat.position == Position.CHAIR and seat.ends_on is None
        ]
        context = {
            "center_name": center.name,
            "ends_on": term.ends_on,
            "link": site_url(center.get_absolute_url()),
            "link_label": gettext_lazy("Open the center"),
        }
        for recipient, who in [*((o, f"user{o.pk}") for o in officers),
                               *((c, f"person{c.pk}") for c in chairs)]:  # fmt: skip
            message = message_enqueue(
                kind="term_ending",
                recipient=recipient,
                context={**context, "name": str(recipient)},
                idempotency_key=f"term_ending:{term.pk}:{term.ends_on.isoformat()}:{who}",
                area_code=center.area_id,
            )
            count += message is not None
    return count
