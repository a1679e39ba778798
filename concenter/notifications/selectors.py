"""The outbox as an officer sees it: the messages of their area (every one for a national
administrator), failures first when asked."""

from django.db.models import Count, Q, QuerySet

from concenter.accounts import scope
from concenter.common.errors import NotFoundOrOutOfScope
from concenter.notifications.models import ContactChannel, OutboxMessage
from concenter.notifications.services import OFFICER_ROLES


def _reach(user) -> Q:
    if not scope.has_role(user, *OFFICER_ROLES):
        raise NotFoundOrOutOfScope()
    reach = scope.user_scope(user, scope.Access.CHANGE)
    if reach.everything:
        return Q()
    condition = Q(pk__in=[])
    for prefix in reach.prefixes:
        condition |= Q(area_code__startswith=prefix)
    return condition


def outbox_list(*, user, state: str | None = None, kind: str | None = None) -> QuerySet:
    """The messages `user` may see, newest first (404 for anyone who is not an officer)."""
    messages = OutboxMessage.objects.filter(_reach(user)).defer("body_html", "line_flex")
    if state:
        messages = messages.filter(state=state)
    if kind:
        messages = messages.filter(kind=kind)
    return messages.order_by("-created_at", "-pk")


def outbox_counts(*, user) -> dict[str, int]:
    rows = OutboxMessage.objects.filter(_reach(user)).values("state").annotate(n=Count("pk"))
    return {row["state"]: row["n"] for row in rows}


def outbox_message(*, user, message_id: int) -> OutboxMessage:
    message = (
        OutboxMessage.objects.filter(_reach(user), pk=message_id)
        .prefetch_related("deliveries")
        .first()
    )
    if message is None:
        raise NotFoundOrOutOfScope()
    return message


def person_area(person_id: int | None) -> str | None:
    """The area of a person of the registry, read through the relation (this app imports no
    model of the people app)."""
    person_model = ContactChannel._meta.get_field("person").related_model
    return (
        person_model.objects.filter(pk=person_id).values_list("area_id", flat=True).first()
        if person_id
        else None
    )


def contact_channels(*, user, person_id: int) -> QuerySet:
    """A person's contact channels, for a user who may change the person (404 otherwise)."""
    area = person_area(person_id)
    if area is None:
        raise NotFoundOrOutOfScope()
    scope.require(user, scope.Access.CHANGE, area)
    return ContactChannel.objects.filter(person_id=person_id).order_by("channel", "address")
