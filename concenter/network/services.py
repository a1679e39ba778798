"""Writes of the network: centers, committee terms and seats, organisations, partners.

Each function checks the rules and the actor's scope, writes, and moves the roll-up figures in
the same transaction; auditlog records each saved row.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from concenter.accounts.scope import Access, can, require
from concenter.common import clock
from concenter.common.errors import NotFoundOrOutOfScope, parse_error_message
from concenter.common.thai import (
    ThaiParseError,
    latin_fold,
    normalize_text,
    parse_decimal_money,
    romanize_name,
    thai_sort_key,
)
from concenter.common.versioning import lock_for_update
from concenter.geography.models import Area, Level
from concenter.network import rollups, rules
from concenter.network.models import (
    Center,
    CenterLevel,
    CenterStatus,
    ChosenBy,
    CommitteeTerm,
    Cooperation,
    CooperationKind,
    Organization,
    OrganizationMember,
    OrganizationStatus,
    OrganizationType,
    Partner,
    PartnerKind,
    Position,
    Seat,
    SeatEndReason,
    TermStatus,
)
from concenter.people.models import Person


def _person_in_reach(actor, person_id, field: str = "person") -> Person:
    """A person the actor may see; anyone else is "unknown", so their existence is not told."""
    person = Person.objects.filter(pk=person_id).first() if person_id else None
    if person is None or not can(actor, Access.READ, person.area_id):
        raise ValidationError({field: _("Unknown person.")})
    return person


def _organization_in_reach(actor, organization_id, field: str = "organization") -> Organization:
    organization = (
        Organization.objects.filter(pk=organization_id).first() if organization_id else None
    )
    if organization is None or not can(actor, Access.READ, organization.area_id):
        raise ValidationError({field: _("Unknown organization.")})
    return organization


def _clean_email(value: str, field: str = "email") -> str:
    value = (value or "").strip()[:254]
    if value:
        try:
            validate_email(value)
        except ValidationError as exc:
            raise ValidationError({field: _("Enter a valid email address.")}) from exc
    return value


# Centers --------------------------------------------------------------------------------------

_CENTER_NAME_PREFIX = {
    (Level.SUBDISTRICT, False): "ศูนย์ประสานงานองค์การชุมชนตำบล",
    (Level.SUBDISTRICT, True): "ศูนย์ประสานงานองค์การชุมชนแขวง",
    (Level.DISTRICT, False): "ศูนย์ประสานงานองค์การชุมชนอำเภอ",
    (Level.DISTRICT, True): "ศูนย์ประสานงานองค์การชุมชนเขต",
    (Level.PROVINCE, False): "ศูนย์ประสานงานองค์การชุมชนจังหวัด",
    (Level.PROVINCE, True): "ศูนย์ประสานงานองค์การชุมชน",
}


def center_default_name(area: Area) -> str:
    return _CENTER_NAME_PREFIX[(Level(area.level), area.is_bangkok)] + area.bare_name_th


def _center_values(
    *, name: str, founded_on, address: str, phone: str, email: str, status: str
) -> dict:
    if status not in CenterStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    if founded_on and founded_on > clock.today():
        raise ValidationError({"founded_on": _("The founding date is in the future.")})
    return {
        "name": normalize_text(name)[:250],
        "founded_on": founded_on,
        "address": normalize_text(address)[:300],
        "phone": normalize_text(phone)[:30],
        "email": _clean_email(email),
        "status": status,
    }


@transaction.atomic
def center_create(
    *,
    actor,
    area_code: str,
    name: str = "",
    founded_on: datetime.date | None = None,
    address: str = "",
    phone: str = "",
    email: str = "",
    status: str = CenterStatus.ACTIVE,
) -> Center:
    """Create the center of an area (one per area; its code is the area's code)."""
    area = Area.objects.filter(code=area_code or "").first()
    if area is None or area.level not in CenterLevel.values:
        raise ValidationError(
            {"area_code": _("A center needs a province, district or subdistrict.")}
        )
    require(actor, Access.CHANGE, area.code)
    if not area.active:
        raise ValidationError({"area_code": _("This area is no longer in the official list.")})
    if Center.objects.filter(area=area).exists():
        raise ValidationError({"area_code": _("This area already has a center.")})
    values = _center_values(
        name=name or center_default_name(area),
        founded_on=founded_on,
        address=address,
        phone=phone,
        email=email,
        status=status,
    )
    center = Center(
        area=area,
        level=area.level,
        province_code=area.province_code,
        district_code=area.district_code,
        subdistrict_code=area.subdistrict_code,
        sort_key=thai_sort_key(values["name"]),
        **values,
    )
    center.save(force_insert=True)
    rollups.rollup_change([], rollups.center_contributions(center))
    return center


@transaction.atomic
def center_update(*, actor, code: str, expected_version: int | None, **fields) -> Center:
    _require_center(actor, code, Access.CHANGE)
    center = lock_for_update(Center.objects.filter(pk=code), expected_version=expected_version)
    before = rollups.center_contributions(center)
    current = {
        f: getattr(center, f) for f in ("name", "founded_on", "address", "phone", "email", "status")
    }
    values = _center_values(**{**current, **fields})
    if not values["name"]:
        raise ValidationError({"name": _("Enter the center's name.")})
    for field, value in values.items():
        setattr(center, field, value)
    center.sort_key = thai_sort_key(center.name)
    center.save()
    rollups.rollup_change(before, rollups.center_contributions(center))
    return center


def _require_center(actor, code: str, access: Access) -> Center:
    center = Center.objects.filter(pk=code).first()
    if center is None:
        raise NotFoundOrOutOfScope()
    require(actor, access, center.area_id)
    return center


# Committee terms and seats --------------------------------------------------------------------


def _open_member_seats(term: CommitteeTerm) -> int:
    return rules.counted_members(
        term.seats.filter(ends_on__isnull=True).values_list("position", flat=True)
    )


def _overlapping_term(center_id: str, starts_on, ends_on, exclude_id=None) -> CommitteeTerm | None:
    qs = CommitteeTerm.objects.filter(
        center_id=center_id, starts_on__lte=ends_on, ends_on__gte=starts_on
    ).exclude(status=TermStatus.CANCELLED)
    if exclude_id:
        qs = qs.exclude(pk=exclude_id)
    return qs.first()


def _check_term_dates(center_id: str, starts_on, ends_on, exclude_id=None) -> None:
    if not starts_on or not ends_on:
        raise ValidationError({"starts_on": _("Enter the start and end of the term.")})
    if ends_on <= starts_on:
        raise ValidationError({"ends_on": _("The term must end after it starts.")})
    other = _overlapping_term(center_id, starts_on, ends_on, exclude_id)
    if other is not None:
        raise ValidationError(
            {
                "starts_on": _(
                    "This term overlaps another term of the center (%(start)s – %(end)s)."
                )
                % {"start": other.starts_on, "end": other.ends_on}
            }
        )


@transaction.atomic
def committee_term_create(
    *,
    actor,
    center_code: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    chosen_on: datetime.date | None = None,
    chosen_by: str = ChosenBy.ELECTION,
) -> CommitteeTerm:
    """Draft a committee term. Terms of one center never overlap."""
    center = _require_center(actor, center_code, Access.CHANGE)
    Center.objects.select_for_update().filter(
        pk=center.pk
    ).first()  # one term change per center at a time
    if chosen_by not in ChosenBy.values:
        raise ValidationError({"chosen_by": _("Unknown way of choosing.")})
    _check_term_dates(center.pk, starts_on, ends_on)
    if chosen_on and starts_on and chosen_on > starts_on:
        raise ValidationError(
            {"chosen_on": _("The committee is chosen before its term starts, not after.")}
        )
    if chosen_on and chosen_on > clock.today():
        raise ValidationError(
            {"chosen_on": _("The date the committee was chosen is in the future.")}
        )
    term = CommitteeTerm(
        center=center,
        starts_on=starts_on,
        ends_on=ends_on,
        chosen_on=chosen_on,
        chosen_by=chosen_by,
    )
    term.save()
    return term


def _locked_term(actor, term_id: int, expected_version: int | None = None) -> CommitteeTerm:
    term = CommitteeTerm.objects.select_related("center").filter(pk=term_id).first()
    if term is None:
        raise NotFoundOrOutOfScope()
    require(actor, Access.CHANGE, term.center_id)
    return lock_for_update(
        CommitteeTerm.objects.select_related("center").filter(pk=term_id),
        expected_version=expected_version,
    )


@transaction.atomic
def seat_add(
    *,
    actor,
    term_id: int,
    person_id: int,
    position: str = Position.MEMBER,
    organization_id: int | None = None,
    starts_on: datetime.date | None = None,
    replaces: Seat | None = None,
) -> Seat:
    """Seat a person on a committee. One open seat per person per term; position limits hold
    at every moment; an active term never grows past the maximum size."""
    term = _locked_term(actor, term_id)
    if term.status == TermStatus.CANCELLED:
        raise ValidationError({"term": _("This term was cancelled.")})
    if position not in Position.values:
        raise ValidationError({"position": _("Unknown position.")})
    person = _person_in_reach(actor, person_id)
    open_seats = list(term.seats.filter(ends_on__isnull=True).values_list("person_id", "position"))
    if any(pid == person.pk for pid, _p in open_seats):
        raise ValidationError(
            {
                "person": _("%(person)s already holds a seat in this term: one seat per person.")
                % {"person": person}
            }
        )
    problem = rules.position_limit_problem([p for _pid, p in open_seats], position)
    if problem:
        raise ValidationError({"position": problem})
    if term.status == TermStatus.ACTIVE and position != Position.ADVISOR:
        _minimum, maximum = rules.committee_size_bounds()
        if rules.counted_members([p for _pid, p in open_seats]) + 1 > maximum:
            raise ValidationError(
                {
                    "person": _("The committee already has the maximum of %(max)s members.")
                    % {"max": maximum}
                }
            )
    organization = _organization_in_reach(actor, organization_id) if organization_id else None
    if starts_on and not term.starts_on <= starts_on <= term.ends_on:
        raise ValidationError({"starts_on": _("The seat must start within the term.")})
    seat = Seat(
        term=term,
        person=person,
        position=position,
        organization=organization,
        starts_on=starts_on,
        replaces=replaces,
    )
    seat.save()
    if term.status == TermStatus.ACTIVE and position != Position.ADVISOR:
        key = rollups.term_key(term.starts_on, term.ends_on)
        rollups.rollup_change([], [(term.center.area_codes, "seats", key, 1)])
    term.save(update_fields=["version", "updated_at"])
    return seat


@transaction.atomic
def seat_remove(*, actor, seat_id: int) -> None:
    """Take a seat out of a draft term (a seat of an active term is ended instead)."""
    seat = Seat.objects.select_related("term").filter(pk=seat_id).first()
    if seat is None:
        raise NotFoundOrOutOfScope()
    term = _locked_term(actor, seat.term_id)
    if term.status != TermStatus.DRAFT:
        raise ValidationError({"seat": _("Seats of an active term are ended, not removed.")})
    seat.delete()
    term.save(update_fields=["version", "updated_at"])


@transaction.atomic
def committee_term_activate(
    *, actor, term_id: int, expected_version: int | None = None
) -> CommitteeTerm:
    """Activate a drafted term once every committee rule holds; the reasons otherwise, in Thai."""
    term = _locked_term(actor, term_id, expected_version)
    if term.status != TermStatus.DRAFT:
        raise ValidationError({"status": _("Only a draft term can be activated.")})
    positions = list(term.seats.filter(ends_on__isnull=True).values_list("position", flat=True))
    problems = rules.activation_problems(positions)
    if problems:
        raise ValidationError({"__all__": problems}, code="committee_rules")
    _check_term_dates(term.center_id, term.starts_on, term.ends_on, exclude_id=term.pk)
    term.status = TermStatus.ACTIVE
    term.activated_at = clock.now()
    term.save()
    rollups.rollup_change(
        [], rollups.term_contributions(term, term.center, rules.counted_members(positions))
    )
    return term


@transaction.atomic
def committee_term_cancel(
    *, actor, term_id: int, expected_version: int | None = None
) -> CommitteeTerm:
    term = _locked_term(actor, term_id, expected_version)
    if term.status != TermStatus.DRAFT:
        raise ValidationError({"status": _("Only a draft term can be cancelled.")})
    term.status = TermStatus.CANCELLED
    term.save()
    return term


@transaction.atomic
def seat_end(
    *,
    actor,
    seat_id: int,
    ends_on: datetime.date,
    reason: str,
    note: str = "",
    expected_version: int | None = None,
) -> Seat:
    """End a seat early (resignation, death, removal) with a date and a reason."""
    existing = Seat.objects.select_related("term").filter(pk=seat_id).first()
    if existing is None:
        raise NotFoundOrOutOfScope()
    term = _locked_term(actor, existing.term_id)
    seat = lock_for_update(Seat.objects.filter(pk=seat_id), expected_version=expected_version)
    if seat.ends_on is not None:
        raise ValidationError({"ends_on": _("This seat has already ended.")})
    if term.status != TermStatus.ACTIVE:
        raise ValidationError(
            {
                "ends_on": _(
                    "Only a seat of an active term can end early; remove it from the draft instead."
                )
            }
        )
    if reason not in SeatEndReason.values:
        raise ValidationError({"reason": _("Choose the reason the seat ends.")})
    if not ends_on or not term.starts_on <= ends_on <= term.ends_on:
        raise ValidationError({"ends_on": _("The end date must be within the term.")})
    if ends_on > clock.today():
        # The roll-ups count the seat as empty from the moment it is ended.
        raise ValidationError(
            {
                "ends_on": _(
                    "A seat is ended on the day it ends, not in advance: the date is in the future."
                )
            }
        )
    seat.ends_on = ends_on
    seat.end_reason = reason
    seat.end_note = normalize_text(note)[:300]
    seat.save()
    if seat.position != Position.ADVISOR:
        key = rollups.term_key(term.starts_on, term.ends_on)
        rollups.rollup_change([(term.center.area_codes, "seats", key, 1)], [])
    term.save(update_fields=["version", "updated_at"])
    return seat


@transaction.atomic
def seat_replace(
    *, actor, seat_id: int, person_id: int, organization_id: int | None = None
) -> Seat:
    """Seat a replacement for an ended seat: same position, starting the day after it ended."""
    old = Seat.objects.select_related("term").filter(pk=seat_id).first()
    if old is None:
        raise NotFoundOrOutOfScope()
    require(actor, Access.CHANGE, old.term.center_id)
    if old.ends_on is None:
        raise ValidationError({"seat": _("End the seat before seating a replacement.")})
    if hasattr(old, "replaced_by"):
        raise ValidationError({"seat": _("This seat already has a replacement.")})
    return seat_add(
        actor=actor,
        term_id=old.term_id,
        person_id=person_id,
        position=old.position,
        organization_id=organization_id,
        starts_on=old.ends_on + datetime.timedelta(days=1),
        replaces=old,
    )


# Community organisations ----------------------------------------------------------------------


def _organization_values(
    actor,
    *,
    type_code: str,
    name: str,
    registration_number: str,
    founded_on,
    leader_id,
    member_count,
    funds,
    activities: str,
    status: str,
) -> dict:
    errors = {}
    org_type = OrganizationType.objects.filter(code=type_code or "", active=True).first()
    if org_type is None:
        errors["type"] = _("Unknown organization type.")
    name = normalize_text(name or "")[:250]
    if not name:
        errors["name"] = _("Enter the organization's name.")
    try:
        funds_value = parse_decimal_money(funds if funds not in (None, "") else "0")
    except ThaiParseError as exc:
        errors["funds"] = parse_error_message(exc)
        funds_value = Decimal(0)
    if funds_value < 0:
        errors["funds"] = _("Funds cannot be negative.")
    try:
        member_count = int(member_count or 0)
    except (TypeError, ValueError):
        errors["member_count"] = _("Enter a whole number of members.")
        member_count = 0
    if member_count < 0:
        errors["member_count"] = _("The number of members cannot be negative.")
    if founded_on and founded_on > clock.today():
        errors["founded_on"] = _("The founding date is in the future.")
    if status not in OrganizationStatus.values:
        errors["status"] = _("Unknown status.")
    leader = None
    if leader_id:
        leader = Person.objects.filter(pk=leader_id).first()
        if leader is None or not can(actor, Access.READ, leader.area_id):
            errors["leader"] = _("Unknown person.")
    if errors:
        raise ValidationError(errors)
    return {
        "type": org_type,
        "name": name,
        "registration_number": normalize_text(registration_number or "")[:50],
        "founded_on": founded_on,
        "leader": leader,
        "member_count": member_count,
        "funds": funds_value,
        "activities": normalize_text(activities or "")[:5000],
        "status": status,
    }


def _organization_area(area_code: str) -> Area:
    area = Area.objects.filter(code=area_code or "", active=True).first()
    if area is None or area.level not in (Level.SUBDISTRICT, Level.VILLAGE):
        raise ValidationError(
            {"area_code": _("An organization belongs to a village or a subdistrict.")}
        )
    return area


def _organization_derive(organization: Organization) -> None:
    organization.sort_key = thai_sort_key(organization.name)
    organization.name_search = organization.name.replace(" ", "").lower()
    organization.name_latin = latin_fold(romanize_name(organization.name))


@transaction.atomic
def organization_create(
    *,
    actor,
    area_code: str,
    type_code: str,
    name: str,
    registration_number: str = "",
    founded_on=None,
    leader_id: int | None = None,
    member_count: int = 0,
    funds="0",
    activities: str = "",
    status: str = OrganizationStatus.ACTIVE,
) -> Organization:
    """Register a community organisation; it joins the subdistrict center of its area."""
    area = _organization_area(area_code)
    require(actor, Access.CHANGE, area.code)
    values = _organization_values(
        actor,
        type_code=type_code,
        name=name,
        registration_number=registration_number,
        founded_on=founded_on,
        leader_id=leader_id,
        member_count=member_count,
        funds=funds,
        activities=activities,
        status=status,
    )
    if (
        values["registration_number"]
        and Organization.objects.filter(
            type=values["type"], registration_number=values["registration_number"]
        ).exists()
    ):
        raise ValidationError(
            {
                "registration_number": _(
                    "An organization of this type with this registration number already exists."
                )
            }
        )
    organization = Organization(**values)
    organization.place_in(area)
    _organization_derive(organization)
    organization.save()
    rollups.rollup_change([], rollups.organization_contributions(organization))
    return organization


@transaction.atomic
def organization_update(
    *,
    actor,
    organization_id: int,
    expected_version: int | None,
    area_code: str | None = None,
    **fields,
) -> Organization:
    existing = Organization.objects.filter(pk=organization_id).first()
    if existing is None:
        raise NotFoundOrOutOfScope()
    require(actor, Access.CHANGE, existing.area_id)
    area = _organization_area(area_code) if area_code else existing.area
    require(actor, Access.CHANGE, area.code)
    organization = lock_for_update(
        Organization.objects.filter(pk=organization_id), expected_version=expected_version
    )
    before = rollups.organization_contributions(organization)
    current = {
        "type_code": organization.type_id,
        "name": organization.name,
        "registration_number": organization.registration_number,
        "founded_on": organization.founded_on,
        "leader_id": organization.leader_id,
        "member_count": organization.member_count,
        "funds": organization.funds,
        "activities": organization.activities,
        "status": organization.status,
    }
    values = _organization_values(actor, **{**current, **fields})
    if (
        values["registration_number"]
        and Organization.objects.filter(
            type=values["type"], registration_number=values["registration_number"]
        )
        .exclude(pk=organization.pk)
        .exists()
    ):
        raise ValidationError(
            {
                "registration_number": _(
                    "An organization of this type with this registration number already exists."
                )
            }
        )
    for field, value in values.items():
        setattr(organization, field, value)
    organization.place_in(area)
    _organization_derive(organization)
    organization.save()
    rollups.rollup_change(before, rollups.organization_contributions(organization))
    return organization


@transaction.atomic
def organization_member_add(
    *, actor, organization_id: int, person_id: int, role: str = "", joined_on=None
) -> OrganizationMember:
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:
        raise NotFoundOrOutOfScope()
    require(actor, Access.CHANGE, organization.area_id)
    person = _person_in_reach(actor, person_id)
    if OrganizationMember.objects.filter(organization=organization, person=person).exists():
        raise ValidationError({"person": _("This person is already a member.")})
    member = OrganizationMember(
        organization=organization,
        person=person,
        role=normalize_text(role)[:100],
        joined_on=joined_on,
    )
    member.save()
    return member


# Partners and cooperation ---------------------------------------------------------------------


def _partner_values(
    *, kind: str, name: str, contact_name: str, phone: str, email: str, website: str
) -> dict:
    errors = {}
    if kind not in PartnerKind.values:
        errors["kind"] = _("Unknown kind of partner.")
    name = normalize_text(name or "")[:250]
    if not name:
        errors["name"] = _("Enter the partner's name.")
    if errors:
        raise ValidationError(errors)
    return {
        "kind": kind,
        "name": name,
        "contact_name": normalize_text(contact_name or "")[:200],
        "phone": normalize_text(phone or "")[:30],
        "email": _clean_email(email),
        "website": (website or "").strip()[:200],
    }


def _partner_area(area_code: str) -> Area:
    area = Area.objects.filter(code=area_code or "", active=True).first()
    if area is None:
        raise ValidationError({"area_code": _("Unknown or inactive area code.")})
    return area


@transaction.atomic
def partner_create(
    *,
    actor,
    area_code: str,
    kind: str,
    name: str,
    contact_name: str = "",
    phone: str = "",
    email: str = "",
    website: str = "",
) -> Partner:
    """Record a partner of the network (a government office, a local government, a company …)."""
    area = _partner_area(area_code)
    require(actor, Access.CHANGE, area.code)
    values = _partner_values(
        kind=kind, name=name, contact_name=contact_name, phone=phone, email=email, website=website
    )
    partner = Partner(**values, sort_key=thai_sort_key(values["name"]))
    partner.place_in(area)
    partner.save()
    rollups.rollup_change([], rollups.partner_contributions(partner))
    return partner


@transaction.atomic
def partner_update(
    *, actor, partner_id: int, expected_version: int | None, area_code: str | None = None, **fields
) -> Partner:
    existing = Partner.objects.filter(pk=partner_id).first()
    if existing is None:
        raise NotFoundOrOutOfScope()
    require(actor, Access.CHANGE, existing.area_id)
    area = _partner_area(area_code) if area_code else existing.area
    require(actor, Access.CHANGE, area.code)
    partner = lock_for_update(
        Partner.objects.filter(pk=partner_id), expected_version=expected_version
    )
    before = rollups.partner_contributions(partner)
    current = {
        f: getattr(partner, f)
        for f in ("kind", "name", "contact_name", "phone", "email", "website")
    }
    for field, value in _partner_values(**{**current, **fields}).items():
        setattr(partner, field, value)
    partner.sort_key = thai_sort_key(partner.name)
    partner.place_in(area)
    partner.save()
    rollups.rollup_change(before, rollups.partner_contributions(partner))
    return partner


@transaction.atomic
def cooperation_create(
    *,
    actor,
    partner_id: int,
    center_code: str,
    kind: str,
    title: str,
    starts_on=None,
    ends_on=None,
    amount="0",
    description: str = "",
) -> Cooperation:
    center = _require_center(actor, center_code, Access.CHANGE)
    partner = Partner.objects.filter(pk=partner_id).first()
    if partner is None or not can(actor, Access.READ, partner.area_id):
        raise ValidationError({"partner": _("Unknown partner.")})
    errors = {}
    if kind not in CooperationKind.values:
        errors["kind"] = _("Unknown kind of cooperation.")
    title = normalize_text(title or "")[:250]
    if not title:
        errors["title"] = _("Enter a title.")
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = _("The end date is before the start date.")
    try:
        amount_value = parse_decimal_money(amount if amount not in (None, "") else "0")
        if amount_value < 0:
            errors["amount"] = _("The amount cannot be negative.")
    except ThaiParseError as exc:
        errors["amount"] = parse_error_message(exc)
        amount_value = Decimal(0)
    if errors:
        raise ValidationError(errors)
    cooperation = Cooperation(
        partner=partner,
        center=center,
        kind=kind,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        amount=amount_value,
        description=normalize_text(description)[:5000],
    )
    cooperation.save()
    rollups.rollup_change([], rollups.cooperation_contributions(cooperation, center))
    return cooperation


@transaction.atomic
def seat_add_new_person(
    *,
    actor,
    term_id: int,
    person_data,
    area_code: str,
    position: str = Position.MEMBER,
    organization_id: int | None = None,
) -> Seat:
    """Register a person and seat them in one step (the committee form's "new person")."""
    from concenter.people.services import person_create

    term = CommitteeTerm.objects.filter(pk=term_id).first()
    if term is None:
        raise NotFoundOrOutOfScope()
    require(actor, Access.CHANGE, term.center_id)
    person = person_create(actor=actor, data=person_data, area_code=area_code, confirm_new=True)
    return seat_add(
        actor=actor,
        term_id=term_id,
        person_id=person.pk,
        position=position,
        organization_id=organization_id,
    )
