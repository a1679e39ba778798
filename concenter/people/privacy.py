"""A person's rights under Thailand's PDPA (B.E. 2562): access (export), erasure (anonymise),
and the record of who looked at a person's contact data. See docs/privacy.md.

Erasure keeps the person's row, seats, memberships, roles, area, profession and gender, so every
roll-up figure and the history of the network stay as they were; only what identifies the
person goes, from the row and from the audit trail's stored values.
"""

import datetime
import json
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from auditlog.cid import get_cid
from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, Model, OuterRef, QuerySet
from django.utils.translation import gettext as _

from concenter.accounts.scope import Access, can, require, user_scope
from concenter.common import clock
from concenter.common.errors import NotFoundOrOutOfScope
from concenter.common.thai import normalize_text
from concenter.common.versioning import lock_for_update
from concenter.geography.selectors import area_ancestors
from concenter.network import rollups
from concenter.network.models import Organization, OrganizationMember, Seat
from concenter.network.selectors import person_network
from concenter.people import selectors
from concenter.people.models import (
    Gender,
    LawfulBasis,
    LocalRoleHolding,
    NoticeMethod,
    Person,
    PrivacyNotice,
)
from concenter.people.services import _derive
from concenter.people.words import words_write

logger = logging.getLogger(__name__)

EXPORT_SCHEMA = "concenter.person-export/1"
# What the audit trail shows in place of an erased value (stored data, so not translated).
REDACTED = "[ลบแล้ว/removed]"
PLACEHOLDER_NAME = "ผู้ถูกลบข้อมูล #{pk}"
# The fields that identify a person: erased by person_anonymize, redacted in the audit trail.
PERSONAL_FIELDS = (
    "title",
    "given_name",
    "family_name",
    "given_name_en",
    "family_name_en",
    "birth_year",
    "phone",
    "email",
    "national_id_hash",
    "national_id_last4",
    "name_search",
    "name_latin",
    "sort_key",
)
CONTACT_FIELDS = ("phone", "email")
REASON_MAX_LENGTH = 300
FILTER_VALUE_MAX_LENGTH = 100
# Whether this auditlog has an action for reads (django-auditlog >= 3 has).
ACCESS_ACTION: int | None = getattr(LogEntry.Action, "ACCESS", None)


def _iso(value: datetime.date | datetime.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _area(area) -> dict:
    return {
        "code": area.code,
        "name": area.display_name,
        "within": [a.display_name for a in area_ancestors(area)],
    }


# Access: everything held about a person ---------------------------------------------------------


def person_export(*, actor, person_id: int) -> dict:
    """Everything held about a person, as a JSON-ready dict (the PDPA right of access). Only for
    users who may change the person (others: NotFoundOrOutOfScope). The national-ID hash is
    never included; its last four digits are."""
    person = selectors.person_get(user=actor, person_id=person_id, access=Access.CHANGE)
    network = person_network(person)
    data = {
        "schema": EXPORT_SCHEMA,
        "exported_at": _iso(clock.now()),
        "person": {
            "id": person.pk,
            "title": person.title,
            "given_name": person.given_name,
            "family_name": person.family_name,
            "given_name_en": person.given_name_en,
            "family_name_en": person.family_name_en,
            "gender": person.gender,
            "gender_display": str(Gender(person.gender).label),
            "birth_year": person.birth_year,
            "profession": (
                {
                    "code": person.profession.code,
                    "name_th": person.profession.name_th,
                    "name_en": person.profession.name_en,
                }
                if person.profession
                else None
            ),
            "phone": person.phone,
            "email": person.email,
            "national_id_last4": person.national_id_last4,
            "anonymized_at": _iso(person.anonymized_at),
            "created_at": _iso(person.created_at),
            "updated_at": _iso(getattr(person, "updated_at", None)),
        },
        "area": _area(person.area),
        "seats": [
            {
                "center_code": seat.term.center_id,
                "center_name": str(seat.term.center.name),
                "term_starts_on": _iso(seat.term.starts_on),
                "term_ends_on": _iso(seat.term.ends_on),
                "term_status": seat.term.status,
                "position": seat.position,
                "position_display": str(seat.get_position_display()),
                "organization": seat.organization.name if seat.organization else None,
                "starts_on": _iso(seat.starts_on),
                "ends_on": _iso(seat.ends_on),
                "end_reason": seat.end_reason or None,
            }
            for seat in network["seats"]
        ],
        "organizations_led": [
            {
                "id": organization.pk,
                "name": organization.name,
                "type": organization.type_id,
                "area_code": organization.area_id,
            }
            for organization in network["led"]
        ],
        "memberships": [
            {
                "organization_id": membership.organization_id,
                "organization": membership.organization.name,
                "type": membership.organization.type_id,
                "role": membership.role,
                "joined_on": _iso(membership.joined_on),
            }
            for membership in network["memberships"]
        ],
        "local_roles": [
            {
                "role": holding.role,
                "role_display": str(holding.get_role_display()),
                "area": _area(holding.area),
                "starts_on": _iso(holding.starts_on),
                "ends_on": _iso(holding.ends_on),
            }
            for holding in person.local_roles.all()
        ],
        "privacy_notices": [
            {
                "given_on": _iso(notice.given_on),
                "basis": notice.basis,
                "basis_display": str(notice.get_basis_display()),
                "method": notice.method,
                "method_display": str(notice.get_method_display()),
                "note": notice.note,
                "withdrawn_on": _iso(notice.withdrawn_on),
            }
            for notice in person.privacy_notices.all()
        ],
    }
    _log_access(actor, person, {"event": "exported"})
    return data


# The notice ------------------------------------------------------------------------------------


@transaction.atomic
def privacy_notice_record(
    *,
    actor,
    person_id: int,
    given_on: datetime.date,
    basis: str,
    method: str,
    note: str = "",
) -> PrivacyNotice:
    """Record that the person was given the privacy notice (with the lawful basis the data is
    held on, and how the notice was given). Only users who may change the person."""
    person = selectors.person_get(user=actor, person_id=person_id, access=Access.CHANGE)
    errors = {}
    if basis not in LawfulBasis.values:
        errors["basis"] = _("Choose the lawful basis.")
    if method not in NoticeMethod.values:
        errors["method"] = _("Choose how the notice was given.")
    if not given_on:
        errors["given_on"] = _("Enter the date the notice was given.")
    elif given_on > clock.today():
        errors["given_on"] = _("The date the notice was given is in the future.")
    elif person.anonymized_at is not None:
        errors["given_on"] = _("This person's personal data was erased.")
    if errors:
        raise ValidationError(errors)
    return PrivacyNotice.objects.create(
        person=person,
        given_on=given_on,
        basis=basis,
        method=method,
        note=normalize_text(note)[:300],
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )


@transaction.atomic
def privacy_consent_withdraw(
    *, actor, notice_id: int, withdrawn_on: datetime.date
) -> PrivacyNotice:
    """The person withdrew the consent recorded in a notice (only for the basis "consent")."""
    notice = PrivacyNotice.objects.filter(pk=notice_id).select_related("person").first()
    if notice is None:
        raise NotFoundOrOutOfScope()
    require(actor, Access.CHANGE, notice.person.area_id)
    if notice.basis != LawfulBasis.CONSENT:
        raise ValidationError({"withdrawn_on": _("Only a consent can be withdrawn.")})
    if notice.withdrawn_on is not None:
        raise ValidationError({"withdrawn_on": _("This consent was already withdrawn.")})
    if not withdrawn_on or withdrawn_on > clock.today() or withdrawn_on < notice.given_on:
        raise ValidationError(
            {"withdrawn_on": _("The date must lie between the consent and today.")}
        )
    notice.withdrawn_on = withdrawn_on
    notice.save(update_fields=["withdrawn_on", "updated_at"])
    return notice


# Erasure ----------------------------------------------------------------------------------------


def _is_personal(value: Any) -> bool:
    return value not in (None, "", "None")


def _scrub_text(text: str, needles: list[str]) -> str:
    for needle in needles:
        text = text.replace(needle, REDACTED)
    return text


def _scrub(value: Any, needles: list[str]) -> Any:
    """Replace every occurrence of the needles in strings inside a JSON value."""
    if isinstance(value, str):
        return _scrub_text(value, needles)
    if isinstance(value, list):
        return [_scrub(v, needles) for v in value]
    if isinstance(value, dict):
        return {k: _scrub(v, needles) for k, v in value.items()}
    return value


def _scrub_changes(changes: Any, needles: list[str]) -> Any:
    """A Person entry's {field: [old, new]}: personal fields redacted, the rest scrubbed."""
    if not isinstance(changes, dict):
        return _scrub(changes, needles)
    result = {}
    for field, pair in changes.items():
        if field in PERSONAL_FIELDS and isinstance(pair, list):
            result[field] = [REDACTED if _is_personal(v) else v for v in pair]
        elif field in PERSONAL_FIELDS and isinstance(pair, dict):  # m2m/other shapes
            result[field] = {k: REDACTED for k in pair}
        else:
            result[field] = _scrub(pair, needles)
    return result


def _scrub_serialized(data: Any, needles: list[str]) -> Any:
    if isinstance(data, dict) and isinstance(data.get("fields"), dict):
        fields = {
            k: (REDACTED if k in PERSONAL_FIELDS and _is_personal(v) else _scrub(v, needles))
            for k, v in data["fields"].items()
        }
        return {**_scrub(data, needles), "fields": fields}
    return _scrub(data, needles)


def _needles(person: Person) -> list[str]:
    """The strings that identify the person, longest first (so a full name goes as a whole)."""
    values = {
        person.full_name,
        person.name_without_title,
        f"{person.given_name_en} {person.family_name_en}".strip(),
        person.given_name,
        person.family_name,
        person.given_name_en,
        person.family_name_en,
        person.phone,
        person.email,
        person.national_id_hash or "",
    }
    return sorted((v for v in values if v and len(v) >= 2), key=len, reverse=True)


def _entries_of(model, pks: Iterable) -> QuerySet[LogEntry]:
    pks = [str(pk) for pk in pks]
    if not pks:
        return LogEntry.objects.none()
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_pk__in=pks
    )


def _rewrite_entry(entry, needles, *, object_repr: str, changes_text) -> None:
    """Save an audit entry with the personal values taken out of every part that holds them."""
    entry.object_repr = object_repr
    entry.changes = _scrub_changes(entry.changes, needles)
    if entry.changes_text:
        entry.changes_text = changes_text(entry.changes_text)
    entry.serialized_data = _scrub_serialized(entry.serialized_data, needles)
    entry.additional_data = _scrub(entry.additional_data, needles)
    entry.save(
        update_fields=[
            "object_repr",
            "changes",
            "changes_text",
            "serialized_data",
            "additional_data",
        ]
    )


def _scrub_audit(person: Person, old: Person) -> int:
    """Take the old personal values out of the audit trail, keeping every entry (the history
    still shows that a change happened, when and by whom). Returns the entries rewritten."""
    needles = _needles(old)
    new_repr = str(person)
    changed = 0

    def scrub_changes_text(text: str) -> str:
        try:
            parsed = json.loads(text)
        except ValueError:
            return _scrub_text(text, needles)
        return json.dumps(_scrub_changes(parsed, needles), ensure_ascii=False)

    for entry in _entries_of(Person, [person.pk]).iterator():
        _rewrite_entry(entry, needles, object_repr=new_repr, changes_text=scrub_changes_text)
        changed += 1
    # Records whose name shows the person's (a seat "ประธาน · name", a membership, a role).
    # Only the whole name is replaced there: an organisation's own name must stay readable.
    related_needles = [n for n in (old.full_name, old.name_without_title) if n]
    related = [
        (Seat, Seat.objects.filter(person=person).values_list("pk", flat=True)),
        (
            OrganizationMember,
            OrganizationMember.objects.filter(person=person).values_list("pk", flat=True),
        ),
        (LocalRoleHolding, person.local_roles.values_list("pk", flat=True)),
        (Organization, Organization.objects.filter(leader=person).values_list("pk", flat=True)),
    ]
    for model, pks in related:
        for entry in _entries_of(model, pks).iterator():
            scrubbed = (
                _scrub_text(entry.object_repr, related_needles),
                _scrub(entry.changes, related_needles),
                _scrub_text(entry.changes_text or "", related_needles),
                _scrub(entry.serialized_data, related_needles),
            )
            if scrubbed != (
                entry.object_repr,
                entry.changes,
                entry.changes_text or "",
                entry.serialized_data,
            ):
                (
                    entry.object_repr,
                    entry.changes,
                    entry.changes_text,
                    entry.serialized_data,
                ) = scrubbed
                entry.save(
                    update_fields=["object_repr", "changes", "changes_text", "serialized_data"]
                )
                changed += 1
    return changed


def _anonymize(person: Person, *, actor, reason: str) -> Person:
    """Erase `person` (already locked by the caller). No scope check: callers check."""
    old = Person(
        **{f: getattr(person, f) for f in PERSONAL_FIELDS},
    )
    before = rollups.person_contributions(person)
    erased = [f for f in PERSONAL_FIELDS if _is_personal(getattr(person, f))]
    person.title = ""
    person.given_name = PLACEHOLDER_NAME.format(pk=person.pk)
    person.family_name = ""
    person.given_name_en = ""
    person.family_name_en = ""
    person.birth_year = None
    person.phone = ""
    person.email = ""
    person.national_id_hash = None
    person.national_id_last4 = ""
    person.anonymized_at = clock.now()
    _derive(person)
    # The save's own entry would hold the old values: one entry without them is written below.
    with disable_auditlog():
        person.save()
    words_write([person.pk])
    rollups.rollup_change(before, rollups.person_contributions(person))  # the same: no change
    _scrub_audit(person, old)
    # Free-text notes of the notices may name the person; the dates and bases stay as evidence.
    with disable_auditlog():
        PrivacyNotice.objects.filter(person=person).update(note="")
    LogEntry.objects.log_create(
        person,
        force_log=True,
        action=LogEntry.Action.UPDATE,
        changes={
            **{f: [REDACTED, None] for f in erased if f not in ("name_search", "name_latin")},
            "given_name": [REDACTED, person.given_name],
            "anonymized_at": [None, _iso(person.anonymized_at)],
        },
        additional_data={"event": "anonymized", "reason": reason},
        **_actor_kwargs(actor),
    )
    logger.info("person %s anonymised", person.pk)
    return person


@transaction.atomic
def person_anonymize(*, actor, person_id: int, reason: str) -> Person:
    """Erase what identifies a person (the PDPA right to erasure), keeping their place in the
    network: names become a placeholder; English names, phone, email, birth year and the
    national ID go; seats, memberships, roles, area, profession and gender stay, so every
    figure is unchanged. The old values are taken out of the audit trail too, and one entry
    records that the person was anonymised, why and by whom."""
    current = Person.objects.filter(pk=person_id).only("pk", "area_id").first()
    if current is None:
        raise NotFoundOrOutOfScope()
    require(actor, Access.CHANGE, current.area_id)
    reason = normalize_text(reason or "")[:REASON_MAX_LENGTH]
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the erasure.")})
    person = lock_for_update(Person.objects.filter(pk=person_id), expected_version=None)
    if person.anonymized_at is not None:
        raise ValidationError(
            {"reason": _("This person's data was already erased.")}, code="already_anonymized"
        )
    return _anonymize(person, actor=actor, reason=reason)


# Who looked at contact data ---------------------------------------------------------------------


def _actor_kwargs(actor) -> dict:
    return {"actor": actor} if getattr(actor, "pk", None) else {}


def _log_access(actor, person: Person, data: dict) -> None:
    if ACCESS_ACTION is not None:
        LogEntry.objects.log_create(
            person,
            force_log=True,
            action=ACCESS_ACTION,
            changes=None,
            additional_data=data,
            **_actor_kwargs(actor),
        )
    else:  # an auditlog without reads: a log line, with ids and field names only
        logger.info(
            "person %s accessed by user %s: %s", person.pk, getattr(actor, "pk", None), data
        )


def log_national_id_match(*, actor, person: Person) -> None:
    """Record that `actor` typed the national ID of `person`, who lies outside their area (they
    were told only that the number is registered elsewhere)."""
    _log_access(actor, person, {"event": "national_id_matched_outside_scope"})


def log_contact_view(
    *, user, person: Person, fields: Iterable[str] = CONTACT_FIELDS, page: str = ""
) -> bool:
    """Record that `user` was shown `person`'s contact data (the person page shows it to users
    who may change the person). Writes nothing when nothing is shown. The entry names the
    fields, never their values. Returns whether a view was recorded. `page` = "history": the
    values shown are those of the record's history (they may be empty today)."""
    shown = [
        f for f in fields if f in CONTACT_FIELDS and (page == "history" or getattr(person, f, ""))
    ]
    if not shown or not may_see_contact(user, person):
        return False
    data = {"event": "contact_viewed", "fields": shown}
    if page:
        data["page"] = page
    _log_access(user, person, data)
    return True


def may_see_contact(user, person: Person) -> bool:
    """The one rule for contact data (phone, e-mail): shown only to users who may change the
    person's area. Pages, the API and the exports all ask here (or `ContactTally.allows`)."""
    return can(user, Access.CHANGE, person.area_id)


class ContactTally:
    """The contact data a list shows (an export, a page of the API), counted while the list is
    written, so that the read is logged once for the whole list (`log_contact_export`) and
    never once per person. `allows` is `may_see_contact` with the user's scope read once."""

    def __init__(self, user, fields: Iterable[str] = CONTACT_FIELDS) -> None:
        self.user = user
        self.fields = tuple(f for f in fields if f in CONTACT_FIELDS)
        self._scope = user_scope(user, Access.CHANGE)
        self.people = 0  # people listed
        self.with_contact = 0  # people whose contact data was shown
        self.shown_fields: set[str] = set()

    @property
    def allows_any(self) -> bool:
        """Whether the user may see anyone's contact data (if not, leave the columns out)."""
        return not self._scope.nothing

    def allows(self, person: Person) -> bool:
        return self._scope.covers(person.area_id)

    def add(self, person: Person) -> bool:
        """Count `person` as listed; answer whether their contact data may be shown."""
        self.people += 1
        if not self._scope.covers(person.area_id):
            return False
        shown = [f for f in self.fields if getattr(person, f, "")]
        if shown:
            self.with_contact += 1
            self.shown_fields.update(shown)
        return True

    def log(self, *, channel: str, filters: Mapping[str, Any] | None = None) -> bool:
        return log_contact_export(
            user=self.user,
            people=self.people,
            with_contact=self.with_contact,
            fields=self.shown_fields,
            channel=channel,
            filters=filters,
        )


def log_contact_export(
    *,
    user,
    people: int,
    with_contact: int,
    fields: Iterable[str],
    channel: str,
    filters: Mapping[str, Any] | None = None,
) -> bool:
    """Record that `user` was given the contact data of many people at once (an export, a page
    of the API): one *access* entry for the whole list, naming how many people were listed,
    how many with contact data, which fields, through which channel and with which filters —
    never the values or the people's names. The bulk counterpart of `log_contact_view`. Writes
    nothing when no contact data was given. Returns whether an entry was written."""
    shown = [f for f in CONTACT_FIELDS if f in set(fields)]
    if not with_contact or not shown:
        return False
    data = {
        "event": "contact_exported",
        "channel": channel,
        "people": people,
        "with_contact": with_contact,
        "fields": shown,
        "filters": {
            str(key)[:40]: str(value)[:FILTER_VALUE_MAX_LENGTH]
            for key, value in (filters or {}).items()
            if value not in (None, "")
        },
    }
    if ACCESS_ACTION is not None:
        # No single person is named: the entry hangs on the Person type with an empty key.
        LogEntry.objects.create(
            content_type=ContentType.objects.get_for_model(Person),
            object_pk="",
            object_id=None,
            object_repr=f"{people} people ({channel})",
            action=ACCESS_ACTION,
            changes=None,
            additional_data=data,
            cid=get_cid(),
            **_actor_kwargs(user),
        )
    else:
        logger.info(
            "contact data of %s people given to user %s: %s",
            people,
            getattr(user, "pk", None),
            data,
        )
    return True


# Retention --------------------------------------------------------------------------------------


def retention_candidates(*, older_than_days: int) -> QuerySet[Person]:
    """People not anonymised, created more than `older_than_days` ago, who hold no seat, no
    membership, no local role and lead no organisation: nothing ties them to the network."""
    cutoff = clock.now() - datetime.timedelta(days=older_than_days)
    return (
        Person.objects.filter(anonymized_at__isnull=True, created_at__lt=cutoff)
        .exclude(Exists(Seat.objects.filter(person=OuterRef("pk"))))
        .exclude(Exists(OrganizationMember.objects.filter(person=OuterRef("pk"))))
        .exclude(Exists(LocalRoleHolding.objects.filter(person=OuterRef("pk"))))
        .exclude(Exists(Organization.objects.filter(leader=OuterRef("pk"))))
        .order_by("pk")
    )


def retention_anonymize(*, older_than_days: int, reason: str) -> list[int]:
    """Anonymise every retention candidate (a system task: no user, no scope). Returns ids."""
    done = []
    for pk in retention_candidates(older_than_days=older_than_days).values_list("pk", flat=True):
        with transaction.atomic():
            person = lock_for_update(Person.objects.filter(pk=pk), expected_version=None)
            # Checked again under the lock: a seat may have been added meanwhile.
            still = retention_candidates(older_than_days=older_than_days).filter(pk=pk).exists()
            if still:
                _anonymize(person, actor=None, reason=reason)
                done.append(pk)
    return done


# The readable export ---------------------------------------------------------------------------

EXPORT_TEMPLATE = Path(__file__).with_name("typst") / "person_export.typ"


def _th_date(value: str | None) -> str:
    if not value:
        return "–"
    from concenter.common.thai import format_date_th

    return format_date_th(datetime.date.fromisoformat(value[:10]), long=True)


def _birth_year(year: int | None) -> str:
    from django.utils.translation import get_language

    if not year:
        return "–"
    return f"พ.ศ. {year + 543}" if (get_language() or "th").startswith("th") else str(year)


def person_export_pdf(*, actor, person_id: int) -> bytes:
    """The same data as `person_export`, as a readable A4 PDF in the user's language."""
    from concenter.common.pdf import render_pdf

    data = person_export(actor=actor, person_id=person_id)
    person = data["person"]
    area = data["area"]
    name = " ".join(p for p in (person["title"], person["given_name"], person["family_name"]) if p)
    facts = [
        (_("Name"), name),
        (
            _("Name (English)"),
            " ".join(p for p in (person["given_name_en"], person["family_name_en"]) if p) or "–",
        ),
        (_("Area"), " · ".join([area["name"], *reversed(area["within"])])),
        (_("Gender"), person["gender_display"]),
        (_("Year of birth"), _birth_year(person["birth_year"])),
        (_("Profession"), (person["profession"] or {}).get("name_th") or "–"),
        (_("Phone"), person["phone"] or "–"),
        (_("E-mail"), person["email"] or "–"),
        (
            _("ID (last 4 digits)"),
            f"xxxxxxxxx{person['national_id_last4']}" if person["national_id_last4"] else "–",
        ),
        (_("Recorded on"), _th_date(person["created_at"])),
    ]
    seats = [
        f"{seat['position_display']} — {seat['center_name']} "
        f"({_th_date(seat['term_starts_on'])} – {_th_date(seat['term_ends_on'])})"
        for seat in data["seats"]
    ]
    organizations = [
        _("Leader of %(name)s") % {"name": o["name"]} for o in data["organizations_led"]
    ]
    organizations += [
        _("Member of %(name)s") % {"name": m["organization"]} for m in data["memberships"]
    ]
    roles = [f"{role['role_display']} — {role['area']['name']}" for role in data["local_roles"]]
    notices = [
        f"{_th_date(n['given_on'])}: {n['basis_display']} ({n['method_display']})"
        + (f" — {_('withdrawn on')} {_th_date(n['withdrawn_on'])}" if n["withdrawn_on"] else "")
        for n in data["privacy_notices"]
    ]
    document = {
        "title": _("Personal data held about %(name)s") % {"name": name},
        "subtitle": _("Community Organization Network Center information system (concenter)"),
        "footer": _("Exported on %(date)s") % {"date": _th_date(data["exported_at"])},
        "facts": facts,
        "seats": seats,
        "organizations": organizations,
        "roles": roles,
        "notices": notices,
        "note": _(
            "The full national ID number is never stored in readable form: only a keyed hash and "
            "its last four digits. A machine-readable copy of the same data is available as JSON."
        ),
        "labels": {
            "seats": _("Committee seats"),
            "organizations": _("Organizations"),
            "roles": _("Local administration roles"),
            "notices": _("Privacy notices"),
            "none": _("None recorded."),
        },
    }
    return render_pdf(EXPORT_TEMPLATE, document)


def audit_scrub_values(model, pk, needles: Iterable[str]) -> int:
    """Take personal values (`needles`: a phone, an e-mail, a name) out of the audit entries of
    one record of any model, keeping the entries themselves. For retention jobs that erase a
    record's contact data, so the trail does not keep what the record no longer holds."""
    needles = sorted({n for n in needles if n and len(n) >= 3}, key=len, reverse=True)
    if not needles:
        return 0
    changed = 0
    for entry in _entries_of(model, [pk]).iterator():
        _rewrite_entry(
            entry,
            needles,
            object_repr=_scrub_text(entry.object_repr, needles),
            changes_text=lambda text: _scrub_text(text, needles),
        )
        changed += 1
    return changed


def retention_erase(
    records: Iterable[Model],
    *,
    cleared: Sequence[str],
    needles: Callable[[Model], list[str]],
    days: int,
    also: Callable[[Model], Sequence[str]] | None = None,
) -> int:
    """Erase the `cleared` fields of records kept past their retention period (the shape every
    retention purge shares); returns how many were erased. Call it inside the purge's transaction.

    For each record: `needles(record)` names the personal values to take out of its audit
    entries (read before anything is cleared); the fields are emptied; `also(record)` does what
    else the record's kind needs (a placeholder name, evidence files) and returns the further
    fields it changed; the record is saved without an audit entry of its own, its earlier entries
    lose the values, and one entry records the erasure and its retention period."""
    count = 0
    for record in records:
        found = needles(record)
        for field in cleared:
            setattr(record, field, "")
        with disable_auditlog():
            extra = also(record) if also is not None else ()
            record.save(update_fields=[*cleared, *extra])
        audit_scrub_values(type(record), record.pk, found)
        LogEntry.objects.log_create(
            record,
            force_log=True,
            action=LogEntry.Action.UPDATE,
            changes={field: ["[ลบแล้ว/removed]", ""] for field in cleared},
            additional_data={"event": "retention", "days": days},
        )
        count += 1
    return count
