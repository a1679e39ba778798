"""Writes of events: the event and its agenda, registrations and the waiting list, the door.

Each function checks the actor's scope first (404 through NotFoundOrOutOfScope, never 403),
then the rules (ValidationError naming the field, in the user's language), and writes inside
one transaction; auditlog records each saved row.

Who may do what:
* officers whose CHANGE scope covers the event's area manage it (edit, agenda, registrations,
  staff, badges);
* the door (check-in, walk-ins, name search, live counts) is also open to the users on the
  event's staff list (EventStaff), who need no area at all;
* anyone may register through the public form of a public, open event, and cancel their own
  registration through their ticket link.

Capacity is never exceeded: every path that confirms a seat first locks the event's row
(`SELECT … FOR UPDATE` on PostgreSQL; on SQLite transactions begin IMMEDIATE, so writers queue),
then counts the confirmed registrations. A cancellation moves the waiting list up in the same
transaction.
"""

from __future__ import annotations

from concenter.events.services._common import (
    BANGKOK,
    BULK_MAX_LINES,
    CAPACITY_MAX,
    CLIENT_ID_RE,
    CLOCK_SKEW,
    DOOR_CLOSES_AFTER,
    DOOR_OPENS_BEFORE,
    NAME_MAX_LENGTH,
    NAME_TITLES,
    PHONE_DIGITS,
    PHOTOS_MAX,
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    format_when,
    may_work_door,
    name_key,
    without_title,
)
from concenter.events.services.agenda import (
    agenda_item_add,
    agenda_item_remove,
    agenda_item_update,
)
from concenter.events.services.awardees import (
    AwardeesResult,
    event_awardees_register,
)
from concenter.events.services.bulk import (
    BulkResult,
    BulkRow,
    registration_bulk_add,
)
from concenter.events.services.door import (
    CheckinResult,
    Outcome,
    checkin_record,
    checkin_undo,
    checkin_walk_in,
    door_closed_message,
)
from concenter.events.services.events import (
    EVENT_FIELDS,
    event_create,
    event_photo_add,
    event_photo_remove,
    event_staff_add,
    event_staff_remove,
    event_status_change,
    event_update,
)
from concenter.events.services.lost_tickets import ticket_resend_request
from concenter.events.services.registrations import (
    public_registration_open,
    registration_by_link,
    registration_cancel,
    registration_cancel_by_link,
    registration_create,
    registration_public_create,
    registration_update,
)

__all__ = [
    "BANGKOK",
    "BULK_MAX_LINES",
    "CAPACITY_MAX",
    "CLIENT_ID_RE",
    "CLOCK_SKEW",
    "DOOR_CLOSES_AFTER",
    "DOOR_OPENS_BEFORE",
    "EVENT_FIELDS",
    "NAME_MAX_LENGTH",
    "NAME_TITLES",
    "PHONE_DIGITS",
    "PHOTOS_MAX",
    "TEXT_MAX_LENGTH",
    "TITLE_MAX_LENGTH",
    "AwardeesResult",
    "BulkResult",
    "BulkRow",
    "CheckinResult",
    "Outcome",
    "agenda_item_add",
    "agenda_item_remove",
    "agenda_item_update",
    "checkin_record",
    "checkin_undo",
    "checkin_walk_in",
    "door_closed_message",
    "event_awardees_register",
    "event_create",
    "event_photo_add",
    "event_photo_remove",
    "event_staff_add",
    "event_staff_remove",
    "event_status_change",
    "event_update",
    "format_when",
    "may_work_door",
    "name_key",
    "public_registration_open",
    "registration_bulk_add",
    "registration_by_link",
    "registration_cancel",
    "registration_cancel_by_link",
    "registration_create",
    "registration_public_create",
    "registration_update",
    "ticket_resend_request",
    "without_title",
]
