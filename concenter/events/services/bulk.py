"""Registering many people at once from pasted lines (names or national IDs)."""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from concenter.accounts.scope import Access, can
from concenter.common.errors import parse_error_message
from concenter.common.thai import (
    ThaiParseError,
    normalize_text,
    to_arabic_digits,
)
from concenter.events.models import (
    Event,
    Meal,
    Registration,
    RegistrationRole,
    RegistrationSource,
    RegistrationStatus,
)
from concenter.events.services._common import (
    BULK_MAX_LINES,
    NAME_MAX_LENGTH,
    _check_registration_open,
    _confirmed_count,
    _insert_registration,
    _lock_event,
    _needs,
    _place_from,
    _require_event,
    _text,
    name_key,
    without_title,
)
from concenter.people.models import Person


@dataclass
class BulkRow:
    """One pasted line and what registering it does (or why it cannot)."""

    number: int
    text: str
    name: str = ""
    person: Person | None = None
    represents: str = ""
    action: str = "register"  # register, duplicate, error
    message: str = ""
    registration: Registration | None = None


@dataclass
class BulkResult:
    rows: list[BulkRow] = field(default_factory=list)
    confirmed: int = 0
    waitlisted: int = 0

    @property
    def errors(self) -> list[BulkRow]:
        return [row for row in self.rows if row.action == "error"]

    @property
    def to_register(self) -> list[BulkRow]:
        return [row for row in self.rows if row.action == "register"]

    @property
    def duplicates(self) -> list[BulkRow]:
        return [row for row in self.rows if row.action == "duplicate"]


_ID_RE = re.compile(r"^[\d\s-]{13,20}$")


def _bulk_fields(text: str) -> tuple[str, list[str]]:
    """(national ID, the other fields) of one pasted line: fields split by tabs (a copy from a
    spreadsheet), semicolons or commas; a field of 13 digits is the ID."""
    parts = [p.strip() for p in re.split(r"[\t;,]", text) if p.strip()]
    national_id = ""
    others = []
    for part in parts:
        digits = to_arabic_digits(part)
        if not national_id and _ID_RE.match(digits) and len(re.sub(r"\D", "", digits)) == 13:
            national_id = re.sub(r"\D", "", digits)
        else:
            others.append(normalize_text(part))
    return national_id, others


def _bulk_plan(actor, event: Event, lines: list[str]) -> BulkResult:
    from concenter.people.identity import national_id_fingerprint

    result = BulkResult()
    people_seen: set[int] = set()
    names_seen: set[str] = set()
    registered = Registration.objects.filter(
        event=event, status__in=(RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)
    )
    registered_people = set(registered.exclude(person=None).values_list("person_id", flat=True))
    registered_names = set(registered.filter(person=None).values_list("name_search", flat=True))
    numbered = [(n, line) for n, line in enumerate(lines, start=1) if normalize_text(line)]
    if len(numbered) > BULK_MAX_LINES:
        raise ValidationError(
            {"lines": _("At most %(max)s lines at a time.") % {"max": f"{BULK_MAX_LINES:,}"}}
        )
    for number, line in numbered:
        row = BulkRow(number=number, text=normalize_text(line)[:400])
        result.rows.append(row)
        national_id, others = _bulk_fields(line)
        # The first other field is the name, the next one whom the person represents; a line
        # of an ID found in the registry and one other field gives the organisation, unless
        # that field is the person's own name.
        name = others[0] if others else ""
        represents = others[1] if len(others) > 1 else ""
        if national_id:
            try:
                digest, _last4 = national_id_fingerprint(national_id)
            except ThaiParseError as exc:
                row.action, row.message = "error", parse_error_message(exc)
                continue
            person = Person.objects.select_related("area").filter(national_id_hash=digest).first()
            if person is not None and can(actor, Access.READ, person.area_id):
                row.person = person
                if len(others) == 1 and name_key(without_title(name)) != person.name_search:
                    name, represents = "", others[0]
            elif not name:
                row.action, row.message = (
                    "error",
                    _("No one with this ID number in your area: type the name too."),
                )
                continue
        row.represents = represents
        if len(row.represents) > 250:
            row.action, row.message = (
                "error",
                _("The organisation is too long (at most 250 characters)."),
            )
            continue
        if row.person is None:
            if not name_key(without_title(name)):
                row.action, row.message = "error", _("Type a name or a national ID number.")
                continue
            if len(name) > NAME_MAX_LENGTH:
                row.action, row.message = (
                    "error",
                    _("The name is too long (at most %(max)s characters).")
                    % {"max": NAME_MAX_LENGTH},
                )
                continue
            # "นางนวล ใจดี" may be นาง + นวล or a given name นางนวล: both are looked for.
            keys = {name_key(without_title(name)), name_key(name)}
            matches = list(
                Person.objects.select_related("area").filter(
                    name_search__in=keys, anonymized_at__isnull=True
                )[:20]
            )
            matches = [p for p in matches if can(actor, Access.READ, p.area_id)]
            if len(matches) == 1:
                row.person = matches[0]
            elif len(matches) > 1:
                row.action, row.message = (
                    "error",
                    _(
                        "%(count)s people in the registry have this name: add the ID number, "
                        "or pick them from the registry."
                    )
                    % {"count": len(matches)},
                )
                continue
            row.name = name
        if row.person is not None:
            row.name = row.person.full_name
            if row.person.pk in registered_people or row.person.pk in people_seen:
                row.action, row.message = "duplicate", _("Already registered.")
                continue
            people_seen.add(row.person.pk)
        else:
            key = name_key(without_title(name))
            if key in registered_names or key in names_seen:
                row.action, row.message = "duplicate", _("Already registered.")
                continue
            names_seen.add(key)
    return result


@transaction.atomic
def registration_bulk_add(
    *,
    actor,
    event_id: int,
    lines: list[str],
    role: str = RegistrationRole.PARTICIPANT,
    meal: str = Meal.STANDARD,
    represents: str = "",
    dry_run: bool = False,
) -> BulkResult:
    """Register a pasted list: one person per line, by name, 13-digit national ID, or both
    (plus, optionally, whom they represent). A name or ID of the registry within the actor's
    reach links the person. With any row in error nothing is registered and every error names
    its line; people already registered are skipped. `dry_run` only plans."""
    event = _require_event(actor, event_id)
    _check_registration_open(event)
    needs = _needs(role=role, meal=meal, accessibility="", note="")
    default_represents = _text(represents, field="represents", max_length=250)
    locked = _lock_event(event.pk)
    result = _bulk_plan(actor, locked, [str(line) for line in lines])
    if not result.rows:
        raise ValidationError({"lines": _("Paste at least one name.")})
    if result.errors:
        if dry_run:
            return result
        raise ValidationError(
            {
                "lines": [
                    _("Line %(number)s (%(text)s): %(message)s")
                    % {"number": row.number, "text": row.text[:60], "message": row.message}
                    for row in result.errors
                ]
            }
        )
    free = None if locked.capacity is None else max(locked.capacity - _confirmed_count(locked), 0)
    for row in result.to_register:
        if free is None or free > 0:
            result.confirmed += 1
            free = None if free is None else free - 1
        else:
            result.waitlisted += 1
        if dry_run:
            continue
        row.registration = _insert_registration(
            locked,
            actor=actor,
            person=row.person,
            full_name="" if row.person else row.name,
            source=RegistrationSource.LIST,
            represents=row.represents or default_represents,
            **_place_from(row.person.area if row.person else None),
            **needs,
        )
    return result
