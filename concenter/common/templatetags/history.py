"""The history page's one rule: officers' IP addresses are shown only to users who may change
the record (as the person's contact data are), never to read-only users."""

from django import template

from concenter.accounts.scope import Access, can

register = template.Library()


@register.simple_tag(takes_context=True)
def may_see_addresses(context, record) -> bool:
    """True when the signed-in user may change `record`, judged by its area (an area by its own
    code). A record without an area shows no address to anyone."""
    user = getattr(context.get("request"), "user", None)
    code = getattr(record, "area_id", None) or getattr(record, "code", None)
    if user is None or not user.is_authenticated or not code:
        return False
    return can(user, Access.CHANGE, str(code))
