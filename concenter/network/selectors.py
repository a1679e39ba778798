"""Reads of the network, always through the reader's scope (accounts.scope)."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from concenter.accounts.scope import Access, can, filter_queryset, user_scope
from concenter.common import clock
from concenter.common.errors import NotFoundOrOutOfScope
from concenter.geography.models import Level
from concenter.network.models import (
    POSITION_ORDER,
    Center,
    CenterLevel,
    CommitteeTerm,
    Cooperation,
    Organization,
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


def center_get(*, user, code: str, access: Access = Access.READ) -> Center:
    center = (
        filter_queryset(
            Center.objects.select_related("area", "area__parent", "area__parent__parent"),
            user,
            access,
        )
        .filter(pk=code)
        .first()
    )
    if center is None:
        raise NotFoundOrOutOfScope()
    return center


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


def current_committee(center: Center, *, on: datetime.date | None = None) -> CommitteeState:
    """The active term covering today, its open seats in order of position, and whether it
    ends within COMMITTEE_ENDING_WARNING_DAYS."""
    on = on or clock.today()
    term = (
        CommitteeTerm.objects.filter(
            center=center, status=TermStatus.ACTIVE, starts_on__lte=on, ends_on__gte=on
        )
        .prefetch_related(
            Prefetch("seats", queryset=_seats_queryset().filter(ends_on__isnull=True))
        )
        .first()
    )
    if term is None:
        return CommitteeState(current=None, seats=[], ending_soon=False, days_left=None)
    days_left = (term.ends_on - on).days
    return CommitteeState(
        current=term,
        seats=sorted_seats(term.seats.all()),
        ending_soon=days_left <= COMMITTEE_ENDING_WARNING_DAYS,
        days_left=days_left,
    )


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


def person_network(person) -> dict:
    """Every seat, organisation and role a person holds, across the whole network."""
    seats = list(
        Seat.objects.filter(person=person)
        .select_related("term", "term__center", "organization")
        .order_by("-term__starts_on")
    )
    led = list(Organization.objects.filter(leader=person).select_related("type"))
    memberships = list(person.memberships.select_related("organization", "organization__type"))
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
