"""The kinds of message, and what the law lets each reach (docs/notifications.md).

* REQUESTED — the answer to what the person just asked for (their registration, their ticket sent
  again, their nomination): sent to whoever asked, consent or not (PDPA s. 24(3), a contract or
  a request of the person).
* SERVICE — follows from something the person is part of (a change to the event they registered
  for, an assignment as judge, a term their office oversees): sent unless the address followed
  an unsubscribe link (legitimate interest, with the right to object).
* CONSENT — everything else (a reminder the day before): only to an address whose consent is
  recorded.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Basis(StrEnum):
    REQUESTED = "requested"
    SERVICE = "service"
    CONSENT = "consent"


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    basis: Basis

    @property
    def template(self) -> str:
        return f"notifications/messages/{self.code}.txt"


KINDS: dict[str, Kind] = {
    kind.code: kind
    for kind in (
        Kind("registration_confirmed", _("Registration confirmed"), Basis.REQUESTED),
        Kind("registration_moved_up", _("Moved from the waiting list"), Basis.SERVICE),
        Kind("event_reminder", _("Reminder the day before"), Basis.CONSENT),
        Kind("event_changed", _("Event changed"), Basis.SERVICE),
        Kind("event_cancelled", _("Event cancelled"), Basis.SERVICE),
        Kind("ticket_resent", _("Ticket sent again"), Basis.REQUESTED),
        Kind("nomination_received", _("Nomination received"), Basis.REQUESTED),
        Kind("judging_assigned", _("Judging assigned"), Basis.SERVICE),
        Kind("results_published", _("Results published"), Basis.SERVICE),
        Kind("term_ending", _("Committee term ends in 60 days"), Basis.SERVICE),
        Kind("assessment_reminder", _("Strength assessment due"), Basis.SERVICE),
        Kind("test", _("Test message"), Basis.REQUESTED),
    )
}


def kind_get(code: str) -> Kind:
    try:
        return KINDS[code]
    except KeyError:
        raise ValueError(f"unknown message kind {code!r}") from None
