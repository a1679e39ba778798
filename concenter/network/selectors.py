"""Reads of the network, always through the reader's scope (accounts.scope)."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from concenter.accounts.scope import Access, can, filter_by_scope, filter_queryset, user_scope
from concenter.common import clock
from concenter.common.errors import NotFoundOrOutOfScope
from concenter.common.prepared import Prepared
from concenter.geography.models import Level
from concenter.network.models import (
    POSITION_ORDER,
    Center,
    CenterLevel,
    CommitteeTerm,
    Cooperation,
    Organization,
    OrganizationMember,
    Partner,
    Seat,
    TermStatus,
)
from concenter.network.rollups import area_figures

COMMITTEE_ENDING_WARNING_DAYS = 60

# The ancestor column that holds an area code of each length (records placed in an area carry
# them, so "inside district 7101" is an equality on an indexed column, never a LIKE).
_COLUMN_OF_CODE = {2: "province_code", 4: "district_code", 6: "subdistrict_code", 8: "area_id"}


def within_area(qs: QuerySet, area_code: str | None) -> QuerySet:
    """`qs` (records placed in an area) limited to those inside `area_code`. A code that is no
    DOPA code (wrong length, not digits) matches nothing, like an area without records."""
    code = (area_code or "").strip()
    if not code:
        return qs
    column = _COLUMN_OF_CODE.get(len(code))
    if column is None or not code.isdigit():
        return qs.none()
    return qs.filter(**{column: code})


def center_list(
    *, user, area_code: str | None = None, level: str | None = None, status: str | None = None
) -> QuerySet[Center]:
    qs = within_area(
        filter_queryset(Center.objects.all(), user, Access.READ).select_related("area"), area_code
    )
    if level:
        qs = qs.filter(level=level)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("area_id")


# The hot reads of a center's and a person's page, compiled once per process and shape (ADR 0032).
_center_by_code = Prepared(
    lambda scope, code: (
        filter_by_scope(
            Center.objects.select_related("area", "area__parent", "area__parent__parent"), scope
        )
        .filter(pk=code)
        .order_by("pk")[:1]
    ),
    str,
)


def center_get(*, user, code: str, access: Access = Access.READ) -> Center:
    found = _center_by_code(user_scope(user, access), str(code))
    if not found:
        raise NotFoundOrOutOfScope()
    return found[0]


def _seats_queryset() -> QuerySet[Seat]:
    return Seat.objects.select_related("person", "organization").order_by("ends_on", "created_at")


def sorted_seats(seats) -> list[Seat]:
    return sorted(
        seats, key=lambda s: (s.ends_on is not None, POSITION_ORDER[s.position], s.person.sort_key)
    )


@dataclass
class CommitteeState:
    current: CommitteeTerm | None
    seats: list[Seat]
    ending_soon: bool
    days_left: int | None


_current_term = Prepared(
    lambda _shape, center_code, on: CommitteeTerm.objects.filter(
        center_id=center_code, status=TermStatus.ACTIVE, starts_on__lte=on, ends_on__gte=on
    )[:1],
    str,
    datetime.date,
)
_open_seats = Prepared(
    lambda _shape, term_id: _seats_queryset().filter(term_id=term_id, ends_on__isnull=True),
    int,
)


def current_committee(center: Center, *, on: datetime.date | None = None) -> CommitteeState:
    """The active term covering today, its open seats in order of position, and whether it
    ends within COMMITTEE_ENDING_WARNING_DAYS."""
    on = on or clock.today()
    found = _current_term(None, center.pk, on)
    if not found:
        return CommitteeState(current=None, seats=[], ending_soon=False, days_left=None)
    term = found[0]
    seats = _open_seats(None, term.pk)
    for seat in seats:  # as prefetch_related links them
        Seat.term.field.set_cached_value(seat, term)
    days_left = (term.ends_on - on).days
    return CommitteeState(
        current=term,
        seats=sorted_seats(seats),
        ending_soon=days_left <= COMMITTEE_ENDING_WARNING_DAYS,
        days_left=days_left,
    )


_center_terms = Prepared(
    lambda _shape, center_code: CommitteeTerm.objects.filter(center_id=center_code).order_by(
        "-starts_on"
    ),
    str,
)


def center_terms(center: Center) -> list[CommitteeTerm]:
    """Every committee term of a center, the latest first."""
    return _center_terms(None, center.pk)


_member_centers = Prepared(
    lambda level, code: (
        (
            Center.objects.filter(level=Level.SUBDISTRICT, district_code=code)
            if level == Level.DISTRICT
            else Center.objects.filter(level=Level.DISTRICT, province_code=code)
        )
        .select_related("area")
        .order_by("area_id")
    ),
    str,
)


def member_center_list(center: Center) -> list[Center]:
    """`member_centers` with their areas, as a center's page shows them."""
    if center.level == Level.DISTRICT:
        return _member_centers(Level.DISTRICT, center.district_code)
    if center.level == Level.PROVINCE:
        return _member_centers(Level.PROVINCE, center.province_code)
    return []


def member_centers(center: Center) -> QuerySet[Center]:
    """Derived from the areas, never typed: a district center's members are the subdistrict
    centers of its district; a province center's, the district centers of its province."""
    if center.level == Level.DISTRICT:
        return Center.objects.filter(
            level=Level.SUBDISTRICT, district_code=center.district_code
        ).order_by("area_id")
    if center.level == Level.PROVINCE:
        return Center.objects.filter(
            level=Level.DISTRICT, province_code=center.province_code
        ).order_by("area_id")
    return Center.objects.none()


def member_organizations(center: Center) -> QuerySet[Organization]:
    """Organisations join the subdistrict center of their area."""
    if center.level != Level.SUBDISTRICT:
        return Organization.objects.none()
    return (
        Organization.objects.filter(subdistrict_code=center.subdistrict_code)
        .select_related("type", "area")
        .order_by("sort_key")
    )


_member_organizations = Prepared(
    lambda fields, subdistrict_code: (
        Organization.objects.filter(subdistrict_code=subdistrict_code)
        .select_related("type", "area")
        .order_by("sort_key")
        .only(*fields)[:100]
    ),
    str,
)


def member_organization_list(center: Center, fields: tuple[str, ...]) -> list[Organization]:
    """The first 100 of `member_organizations`, only `fields` loaded, as a center's page lists
    them."""
    if center.level != Level.SUBDISTRICT:
        return []
    return _member_organizations(fields, center.subdistrict_code)


def term_get(*, user, term_id: int, access: Access = Access.READ) -> CommitteeTerm:
    term = (
        CommitteeTerm.objects.select_related(
            "center", "center__area", "center__area__parent", "center__area__parent__parent"
        )
        .prefetch_related(Prefetch("seats", queryset=_seats_queryset()))
        .filter(pk=term_id)
        .first()
    )
    if term is None or not user_scope(user, access).covers(term.center_id):
        raise NotFoundOrOutOfScope()
    return term


def organization_list(
    *, user, area_code: str | None = None, type_code: str | None = None, status: str | None = None
) -> QuerySet[Organization]:
    qs = filter_queryset(Organization.objects.all(), user, Access.READ).select_related(
        "type", "area", "leader"
    )
    qs = within_area(qs, area_code)
    if type_code:
        qs = qs.filter(type_id=type_code)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("sort_key", "pk")


def organization_get(*, user, organization_id: int, access: Access = Access.READ) -> Organization:
    organization = (
        filter_queryset(Organization.objects.all(), user, access)
        .select_related("type", "area", "area__parent", "area__parent__parent", "leader")
        .filter(pk=organization_id)
        .first()
    )
    if organization is None:
        raise NotFoundOrOutOfScope()
    return organization


def partner_list(*, user, kind: str | None = None) -> QuerySet[Partner]:
    qs = filter_queryset(Partner.objects.all(), user, Access.READ).select_related("area")
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("sort_key", "pk")


def partner_get(*, user, partner_id: int) -> Partner:
    partner = (
        filter_queryset(Partner.objects.all(), user, Access.READ)
        .select_related("area")
        .prefetch_related(
            Prefetch("cooperations", queryset=Cooperation.objects.select_related("center"))
        )
        .filter(pk=partner_id)
        .first()
    )
    if partner is None:
        raise NotFoundOrOutOfScope()
    return partner


_person_seats = Prepared(
    lambda _shape, person_id: (
        Seat.objects.filter(person_id=person_id)
        .select_related("term", "term__center", "organization")
        .order_by("-term__starts_on")
    ),
    int,
)
_person_led = Prepared(
    lambda _shape, person_id: Organization.objects.filter(leader_id=person_id).select_related(
        "type"
    ),
    int,
)
_person_memberships = Prepared(
    lambda _shape, person_id: OrganizationMember.objects.filter(person_id=person_id).select_related(
        "organization", "organization__type"
    ),
    int,
)


def person_network(person) -> dict:
    """Every seat, organisation and role a person holds, across the whole network."""
    seats = _person_seats(None, person.pk)
    led = _person_led(None, person.pk)
    memberships = _person_memberships(None, person.pk)
    for membership in memberships:  # as `person.memberships` links them
        OrganizationMember.person.field.set_cached_value(membership, person)
    return {"seats": seats, "led": led, "memberships": memberships}


def area_page_network(request, area) -> dict:
    """The network's part of an area's page (registered with geography.pages): the area's
    center, whether the user may create one there, and the area's figures for a reader."""
    center = Center.objects.filter(pk=area.code).first()
    return {
        "center": center,
        "can_create_center": center is None
        and area.level in CenterLevel.values
        and area.active
        and can(request.user, Access.CHANGE, area.code),
        "figures": area_figures(area.code, on=clock.today())
        if can(request.user, Access.READ, area.code)
        else None,
    }
