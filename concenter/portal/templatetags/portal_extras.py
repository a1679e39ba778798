"""The sections other apps add to a center's public profile: upcoming events and awards won.

Both read the apps' own public selectors (published and non-draft records only), so nothing a
public page must not show can reach the profile through here."""

from django import template

register = template.Library()

EVENTS_SHOWN = 5
WINNERS_SHOWN = 6


@register.inclusion_tag("portal/_center_events_awards.html")
def portal_events_and_awards(code: str) -> dict:
    from concenter.awards.selectors import hall_of_fame_area
    from concenter.events.selectors import public_events

    winners = hall_of_fame_area(area_code=code)
    return {
        "code": code,
        "events": public_events(area_code=code).upcoming[:EVENTS_SHOWN],
        "winners": winners[:WINNERS_SHOWN],
        "more_winners": max(0, len(winners) - WINNERS_SHOWN),
    }
