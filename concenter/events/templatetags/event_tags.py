"""Template tags of the events app, for pages of other apps (a person's events)."""

from django import template

from concenter.events import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def person_attendance(context, person) -> list:
    """The events `person` registered for that the page's reader may see (one query):
    {% person_attendance person as event_registrations %}"""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if person is None or user is None:
        return []
    return selectors.person_attendance(user=user, person_id=person.pk)
