"""The door: check-in by ticket or name, walk-ins, undoing a check-in."""

import datetime
import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from concenter.common import clock
from concenter.common.errors import NotFoundOrOutOfScope
from concenter.events import tickets
from concenter.events.models import (
    DOOR_STATUSES,
    CheckIn,
    CheckInMethod,
    Event,
    EventStatus,
    Registration,
    RegistrationRole,
    RegistrationSource,
    RegistrationStatus,
)
from concenter.events.services._common import (
    CLIENT_ID_RE,
    CLOCK_SKEW,
    DOOR_CLOSES_AFTER,
    DOOR_OPENS_BEFORE,
    NAME_MAX_LENGTH,
    _aware,
    _event_of,
    _has_seat,
    _home_area,
    _insert_registration,
    _lock_event,
    _place_from,
    _registration_of,
    _text,
    format_when,
    may_work_door,
)

logger = logging.getLogger(__name__)


def _require_door(actor, event_id) -> Event:
    event = _event_of(event_id)
    if not may_work_door(actor, event):
        raise NotFoundOrOutOfScope()
    return event


class Outcome:
    RECORDED = "recorded"
    ALREADY = "already"
    REFUSED = "refused"


@dataclass
class CheckinResult:
    """What the door shows after a scan. `duplicate` is True when the same scan (the same
    client id) had already been recorded: the phone may forget it."""

    outcome: str
    reason: str
    message: str
    name: str = ""
    role: str = ""
    role_label: str = ""
    represents: str = ""
    code: str = ""
    checked_in_at: datetime.datetime | None = None
    duplicate: bool = False
    registration: Registration | None = None


def _refused(reason: str, message: str) -> CheckinResult:
    return CheckinResult(outcome=Outcome.REFUSED, reason=reason, message=message)


def _described(outcome: str, reason: str, message: str, checkin: CheckIn, **extra) -> CheckinResult:
    registration = checkin.registration
    return CheckinResult(
        outcome=outcome,
        reason=reason,
        message=message,
        name=registration.display_name,
        role=registration.role,
        role_label=str(RegistrationRole(registration.role).label),
        represents=registration.represents_display,
        code=registration.code_display,
        checked_in_at=checkin.checked_in_at,
        registration=registration,
        **extra,
    )


def _scan_time(scanned_at, now: datetime.datetime) -> datetime.datetime:
    """When the scan happened: the phone's time (queued scans arrive late), never later than
    the server's clock allows."""
    try:
        when = _aware(scanned_at, "scanned_at")
    except ValidationError:
        when = None
    if when is None or when > now + CLOCK_SKEW:
        return now
    return min(when, now)


def door_closed_message(event: Event, when: datetime.datetime) -> tuple[str, str] | None:
    """Why the door refuses a scan made at `when` — (reason, message) — or None when open."""
    if event.status == EventStatus.CANCELLED:
        return "cancelled", _("This event was cancelled. Nothing was recorded.")
    if event.status == EventStatus.HELD:
        return "closed", _("The event is over and its door is closed. Nothing was recorded.")
    if event.status not in DOOR_STATUSES:
        return "not_open", _("This event is not open yet. Nothing was recorded.")
    if when < event.starts_at - DOOR_OPENS_BEFORE:
        return "not_open", _("The door opens at %(time)s. Nothing was recorded.") % {
            "time": format_when(event.starts_at - DOOR_OPENS_BEFORE)
        }
    if when > event.ends_at + DOOR_CLOSES_AFTER:
        return "closed", _(
            "The event ended at %(time)s and its door is closed. Nothing was recorded."
        ) % {"time": format_when(event.ends_at)}
    return None


def _clean_client_id(client_id: str) -> str:
    client_id = (client_id or "").strip()
    return client_id if CLIENT_ID_RE.match(client_id) else ""


def _same_scan(event: Event, client_id: str) -> CheckinResult | None:
    if not client_id:
        return None
    checkin = (
        CheckIn.objects.select_related("registration", "registration__person")
        .filter(event=event, client_id=client_id)
        .first()
    )
    if checkin is None:
        return None
    return _described(
        Outcome.RECORDED,
        "recorded",
        _("Checked in: %(name)s.") % {"name": checkin.registration.display_name},
        checkin,
        duplicate=True,
    )


def _find_registration(
    event: Event, scan: tickets.Scan
) -> tuple[Registration | None, CheckinResult | None]:
    if scan.kind == "invalid":
        return None, _refused(
            "invalid",
            _(
                "This is not a valid ticket: the QR code is forged or altered, or the code is "
                "mistyped. Nothing was recorded."
            ),
        )
    if scan.kind == "token" and scan.ref != event.ref:
        other = Event.objects.filter(ref=scan.ref).exclude(status=EventStatus.DRAFT).first()
        if other is not None:
            message = _("This ticket is for another event: %(title)s. Nothing was recorded.") % {
                "title": other.title
            }
        else:
            message = _("This ticket is for another event. Nothing was recorded.")
        return None, _refused("other_event", message)
    queryset = Registration.objects.select_related("person", "organization", "center")
    if scan.kind == "token":
        registration = queryset.filter(event=event, ticket_secret=scan.secret).first()
    else:
        registration = queryset.filter(event=event, code=scan.code).first()
    if registration is None:
        if scan.kind == "code":
            return None, _refused(
                "unknown",
                _("No registration of this event has the code %(code)s. Nothing was recorded.")
                % {"code": f"{scan.code[:4]}-{scan.code[4:]}"},
            )
        return None, _refused("unknown", _("This ticket is not known. Nothing was recorded."))
    return registration, None


@transaction.atomic
def checkin_record(
    *,
    actor,
    event_id: int,
    scan: str,
    client_id: str = "",
    scanned_at: datetime.datetime | str | None = None,
    by_name: bool = False,
) -> CheckinResult:
    """Let a registration through the door: by the QR code's token or the typed code.

    The same ticket twice counts once ("already checked in at 09:12"); the same scan sent twice
    (the same `client_id`, e.g. from the phone's offline queue) answers as the first time did.
    A forged or altered token, a token of another event, a cancelled or waiting registration,
    or a scan outside the door's hours is refused with a message, and nothing is recorded."""
    event = _require_door(actor, event_id)
    now = clock.now()
    client_id = _clean_client_id(client_id)
    same = _same_scan(event, client_id)
    if same is not None:
        return same
    when = _scan_time(scanned_at, now)
    closed = door_closed_message(event, when)
    if closed is not None:
        return _refused(*closed)
    parsed = tickets.read_scan(scan)
    if parsed.kind == "invalid" and ":" in (scan or ""):
        logger.warning("events: a forged or altered ticket was scanned at event %s", event.pk)
    registration, refusal = _find_registration(event, parsed)
    if refusal is not None:
        return refusal
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("person", "organization", "center")
        .get(pk=registration.pk)
    )
    if registration.status == RegistrationStatus.CANCELLED:
        return _refused(
            "cancelled",
            _("The registration of %(name)s was cancelled. Nothing was recorded.")
            % {"name": registration.display_name},
        )
    if registration.status == RegistrationStatus.WAITLISTED:
        return _refused(
            "waitlisted",
            _("%(name)s is on the waiting list and has no confirmed seat. Nothing was recorded.")
            % {"name": registration.display_name},
        )
    existing = CheckIn.objects.filter(registration=registration).first()
    if existing is not None:
        existing.registration = registration
        if client_id and existing.client_id == client_id:
            return _described(
                Outcome.RECORDED,
                "recorded",
                _("Checked in: %(name)s.") % {"name": registration.display_name},
                existing,
                duplicate=True,
            )
        return _described(
            Outcome.ALREADY,
            "already",
            _("Already checked in at %(time)s.") % {"time": format_when(existing.checked_in_at)},
            existing,
        )
    if by_name:
        method = CheckInMethod.NAME
    else:
        method = CheckInMethod.QR if parsed.kind == "token" else CheckInMethod.CODE
    checkin = CheckIn(
        event=event,
        registration=registration,
        checked_in_at=when,
        method=method,
        by=actor if getattr(actor, "pk", None) else None,
        client_id=client_id,
    )
    checkin.save()
    return _described(
        Outcome.RECORDED,
        "recorded",
        _("Checked in: %(name)s.") % {"name": registration.display_name},
        checkin,
    )


@transaction.atomic
def checkin_walk_in(
    *,
    actor,
    event_id: int,
    full_name: str,
    represents: str = "",
    role: str = RegistrationRole.PARTICIPANT,
    home_area_code: str = "",
    client_id: str = "",
    scanned_at: datetime.datetime | str | None = None,
) -> CheckinResult:
    """Register someone who walks in and let them through in one step (a seat must be free;
    the same walk-in sent twice with its client id is registered once)."""
    event = _require_door(actor, event_id)
    now = clock.now()
    client_id = _clean_client_id(client_id)
    locked = _lock_event(event.pk)
    same = _same_scan(locked, client_id)
    if same is not None:
        return same
    when = _scan_time(scanned_at, now)
    closed = door_closed_message(locked, when)
    if closed is not None:
        return _refused(*closed)
    name = _text(
        full_name,
        field="full_name",
        max_length=NAME_MAX_LENGTH,
        required_message=_("Enter the name of the person walking in."),
    )
    if role not in RegistrationRole.values:
        raise ValidationError({"role": _("Choose a role.")})
    values = {
        "represents": _text(represents, field="represents", max_length=250),
        **_place_from(_home_area(home_area_code)),
    }
    if not _has_seat(locked):
        return _refused(
            "full",
            _(
                "The event is full (%(capacity)s seats): the walk-in cannot be admitted. "
                "Nothing was recorded."
            )
            % {"capacity": locked.capacity},
        )
    registration = _insert_registration(
        locked,
        actor=actor,
        waitlist=False,
        full_name=name,
        role=role,
        source=RegistrationSource.WALK_IN,
        **values,
    )
    checkin = CheckIn(
        event=locked,
        registration=registration,
        checked_in_at=when,
        method=CheckInMethod.WALK_IN,
        by=actor if getattr(actor, "pk", None) else None,
        client_id=client_id,
    )
    checkin.save()
    return _described(
        Outcome.RECORDED,
        "recorded",
        _("Registered and checked in: %(name)s.") % {"name": name},
        checkin,
    )


@transaction.atomic
def checkin_undo(*, actor, registration_id: int) -> Registration:
    """Take back a check-in made by mistake (the wrong person let through)."""
    existing = _registration_of(registration_id)
    event = _require_door(actor, existing.event_id)
    if event.status == EventStatus.HELD:
        raise ValidationError(
            {"status": _("The event has been held: its attendance stays as it was.")}
        )
    checkin = CheckIn.objects.select_for_update().filter(registration_id=existing.pk).first()
    if checkin is None:
        raise ValidationError({"status": _("This person has not checked in.")})
    checkin.delete()
    return existing
