"""The network over the API: centers, committee terms and seats, organisations, partners, and
the roll-up figures of an area.

Every read goes through the reader's scope (a record outside it answers 404, never 403); every
write calls exactly one service, which checks the rules and the change scope again. Updates name
the `version` they started from; a stale one answers 409 with the current version.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import (
    Case,
    Count,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
    prefetch_related_objects,
)
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from concenter.accounts.scope import Access, filter_queryset, require
from concenter.api.base import AUTH, BoundedPagination, KeysetPagination, PlacedInAreaOut
from concenter.common import clock
from concenter.common import search as search_module
from concenter.common.errors import NotFoundOrOutOfScope
from concenter.common.thai import normalize_text
from concenter.geography.models import Area
from concenter.network import rollups, services
from concenter.network.models import (
    POSITION_ORDER,
    Center,
    CenterLevel,
    CenterStatus,
    ChosenBy,
    CommitteeTerm,
    Cooperation,
    Organization,
    OrganizationMember,
    OrganizationStatus,
    Partner,
    PartnerKind,
    Position,
    Seat,
    TermStatus,
)
from concenter.people.models import Person

router = Router(tags=["network"], auth=AUTH)

# How far ahead "committees ending soon" looks in the figures of an area.
ENDING_SOON_DAYS = 90
SEARCH_QUERY_MAX_LENGTH = 100

# Shared helpers (the people API uses them too) ------------------------------------------------

_COLUMN_OF_PREFIX = {2: "province_code", 4: "district_code", 6: "subdistrict_code", 8: "area_id"}


def scoped(qs: QuerySet, user, area_path: str = "area", access: Access = Access.READ) -> QuerySet:
    """`qs` limited to the user's scope, through the Area the records point to (an Area has
    every ancestor column and its own code, so any role's prefix or exact code applies)."""
    return filter_queryset(qs, user, access, area_path=area_path)


def clean_area_prefix(prefix: str | None, *, param: str = "area") -> str | None:
    """The area code a list is limited to (None = no limit; "TH" = the whole country), or a
    422 naming `param` for a code that is no DOPA code."""
    prefix = (prefix or "").strip()[:8]
    if not prefix or prefix.upper() == rollups.NATIONAL:
        return None
    if len(prefix) not in _COLUMN_OF_PREFIX or not prefix.isdigit():
        raise ValidationError({param: _("Unknown area code: %(code)s") % {"code": prefix}})
    return prefix


def area_prefix_filter(qs: QuerySet, prefix: str | None, *, param: str = "area") -> QuerySet:
    """Records inside the area `prefix`, by the ancestor columns the records carry."""
    prefix = clean_area_prefix(prefix, param=param)
    if prefix is None:
        return qs
    return qs.filter(**{_COLUMN_OF_PREFIX[len(prefix)]: prefix})


def name_search(search, *, user, query: str | None, keep) -> list | None:
    """The records whose name matches `query`, best first, through concenter.common.search
    (`person_search` / `organization_search`, which applies the READ scope), then narrowed by
    `keep`. None when there is no query. The search answers at most `MAX_LIMIT` names: a
    name search is a page to choose from, never the whole table."""
    if not (query or "").strip():
        return None
    found = search(user=user, query=query, limit=search_module.MAX_LIMIT, offset=0)
    return [obj for obj in found if keep(obj)]


def check_email(value: str | None, field: str = "email") -> None:
    """The services copy e-mail addresses as typed; the API refuses one that is not valid."""
    if value and value.strip():
        try:
            validate_email(value.strip())
        except ValidationError as exc:
            raise ValidationError({field: exc.messages}) from exc


def money(value: Decimal | int | None) -> str:
    """Money in JSON: a string decimal with two places."""
    return f"{Decimal(value or 0):.2f}"


def readable_person(user, person_id: int | None, field: str = "person") -> None:
    """A person named in a request must be one the user may read; otherwise the person is
    "unknown", exactly as a person that does not exist (its existence is not confirmed)."""
    if person_id is None:
        return
    if not scoped(Person.objects.filter(pk=person_id), user).exists():
        raise ValidationError({field: _("Unknown person.")})


def _readable_organization(user, organization_id: int | None) -> None:
    if not organization_id:
        return
    if not scoped(Organization.objects.filter(pk=organization_id), user).exists():
        raise ValidationError({"organization": _("Unknown organization.")})


def _get(qs: QuerySet, user, area_path: str = "area", **lookup):
    obj = scoped(qs, user, area_path).filter(**lookup).first()
    if obj is None:
        raise NotFoundOrOutOfScope()
    return obj


# Schemas --------------------------------------------------------------------------------------


class CodeName(Schema):
    code: str
    name: str


class CenterOut(Schema):
    code: str
    level: str
    name: str
    area_name: str
    province_code: str
    district_code: str
    subdistrict_code: str
    founded_on: datetime.date | None
    address: str
    phone: str
    email: str
    status: str
    version: int

    @staticmethod
    def resolve_area_name(obj: Center) -> str:
        return obj.area.display_name


class SeatOut(Schema):
    id: int
    term_id: int
    person_id: int
    person_name: str
    position: str
    position_label: str
    organization_id: int | None
    organization_name: str | None
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    end_reason: str
    end_note: str
    replaces_id: int | None
    version: int

    @staticmethod
    def resolve_person_name(obj: Seat) -> str:
        return obj.person.full_name

    @staticmethod
    def resolve_position_label(obj: Seat) -> str:
        return str(obj.get_position_display())

    @staticmethod
    def resolve_organization_name(obj: Seat) -> str | None:
        return obj.organization.name if obj.organization_id else None


class TermOut(Schema):
    id: int
    center_code: str
    starts_on: datetime.date
    ends_on: datetime.date
    chosen_on: datetime.date | None
    chosen_by: str
    status: str
    activated_at: datetime.datetime | None
    in_force: bool
    version: int

    @staticmethod
    def resolve_center_code(obj: CommitteeTerm) -> str:
        return obj.center_id

    @staticmethod
    def resolve_in_force(obj: CommitteeTerm) -> bool:
        today = clock.today()
        return obj.status == TermStatus.ACTIVE and obj.starts_on <= today <= obj.ends_on


class TermListOut(TermOut):
    open_seats: int


class TermDetailOut(TermOut):
    members: int
    seats: list[SeatOut]

    @staticmethod
    def resolve_seats(obj: CommitteeTerm) -> list[Seat]:
        return obj.seats_list


class CenterDetailOut(CenterOut):
    current_term: TermDetailOut | None
    member_centers: list[CodeName]


class CenterIn(Schema):
    area_code: str
    name: str = ""
    founded_on: datetime.date | None = None
    address: str = ""
    phone: str = ""
    email: str = ""
    status: str = CenterStatus.ACTIVE


class CenterPatch(Schema):
    version: int
    name: str | None = None
    founded_on: datetime.date | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    status: str | None = None


class TermIn(Schema):
    starts_on: datetime.date
    ends_on: datetime.date
    chosen_on: datetime.date | None = None
    chosen_by: str = ChosenBy.ELECTION


class VersionIn(Schema):
    version: int | None = None


class SeatIn(Schema):
    person_id: int
    position: str = Position.MEMBER
    organization_id: int | None = None
    starts_on: datetime.date | None = None


class SeatEndIn(Schema):
    ends_on: datetime.date
    reason: str
    note: str = ""
    version: int


class SeatReplaceIn(Schema):
    person_id: int
    organization_id: int | None = None


Money = str | int | float


class OrganizationOut(PlacedInAreaOut):
    id: int
    name: str
    type: str
    type_name: str
    subdistrict_code: str
    registration_number: str
    founded_on: datetime.date | None
    leader_id: int | None
    leader_name: str | None
    member_count: int
    funds: str
    activities: str
    status: str
    version: int

    @staticmethod
    def resolve_type(obj: Organization) -> str:
        return obj.type_id

    @staticmethod
    def resolve_type_name(obj: Organization) -> str:
        return obj.type.name_th

    @staticmethod
    def resolve_leader_name(obj: Organization) -> str | None:
        return obj.leader.full_name if obj.leader_id else None

    @staticmethod
    def resolve_funds(obj: Organization) -> str:
        return money(obj.funds)


class MemberOut(Schema):
    id: int
    person_id: int
    person_name: str
    role: str
    joined_on: datetime.date | None

    @staticmethod
    def resolve_person_name(obj: OrganizationMember) -> str:
        return obj.person.full_name


class OrganizationDetailOut(OrganizationOut):
    members: list[MemberOut]

    @staticmethod
    def resolve_members(obj: Organization) -> list[OrganizationMember]:
        return obj.members_list


class OrganizationIn(Schema):
    area_code: str
    type_code: str
    name: str
    registration_number: str = ""
    founded_on: datetime.date | None = None
    leader_id: int | None = None
    member_count: int = 0
    funds: Money | None = "0"
    activities: str = ""
    status: str = OrganizationStatus.ACTIVE


class OrganizationPatch(Schema):
    version: int
    area_code: str | None = None
    type_code: str | None = None
    name: str | None = None
    registration_number: str | None = None
    founded_on: datetime.date | None = None
    leader_id: int | None = None
    member_count: int | None = None
    funds: Money | None = None
    activities: str | None = None
    status: str | None = None


class MemberIn(Schema):
    person_id: int
    role: str = ""
    joined_on: datetime.date | None = None


class PartnerOut(PlacedInAreaOut):
    id: int
    kind: str
    kind_label: str
    name: str
    contact_name: str
    phone: str
    email: str
    website: str
    version: int

    @staticmethod
    def resolve_kind_label(obj: Partner) -> str:
        return str(obj.get_kind_display())


class CooperationOut(Schema):
    id: int
    partner_id: int
    center_code: str
    center_name: str
    kind: str
    title: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    amount: str
    description: str
    version: int

    @staticmethod
    def resolve_center_code(obj: Cooperation) -> str:
        return obj.center_id

    @staticmethod
    def resolve_center_name(obj: Cooperation) -> str:
        return obj.center.name

    @staticmethod
    def resolve_amount(obj: Cooperation) -> str:
        return money(obj.amount)


class PartnerDetailOut(PartnerOut):
    cooperations: list[CooperationOut]

    @staticmethod
    def resolve_cooperations(obj: Partner) -> list[Cooperation]:
        return obj.cooperations_list


class PartnerIn(Schema):
    area_code: str
    kind: str
    name: str
    contact_name: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""


class CooperationIn(Schema):
    center_code: str
    kind: str
    title: str
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    amount: Money | None = "0"
    description: str = ""


class FiguresOut(Schema):
    area_code: str
    on: datetime.date
    centers: int
    centers_by_level: dict[str, int]
    centers_by_status: dict[str, int]
    centers_with_valid_committee: int
    valid_committee_share: float | None
    committees_ending_within_days: int
    committees_ending_soon: int
    seats_filled: int
    organizations: int
    organizations_by_type: dict[str, int]
    members: int
    funds: str
    partners: int
    partners_by_kind: dict[str, int]
    cooperations_by_kind: dict[str, int]
    cooperation_amount: str
    people: int
    people_by_profession: dict[str, int]
    local_roles: dict[str, int]


# Reads that several endpoints share -----------------------------------------------------------


def _seats(qs: QuerySet) -> list[Seat]:
    seats = list(qs.select_related("person", "organization"))
    seats.sort(key=lambda s: (s.ends_on is not None, POSITION_ORDER.get(s.position, 99), s.pk))
    return seats


def _with_seats(term: CommitteeTerm, *, open_only: bool = False) -> CommitteeTerm:
    qs = Seat.objects.filter(term_id=term.pk)
    if open_only:
        qs = qs.filter(ends_on__isnull=True)
    term.seats_list = _seats(qs)
    term.members = sum(
        1 for s in term.seats_list if s.ends_on is None and s.position != Position.ADVISOR
    )
    return term


def _center_get(user, code: str) -> Center:
    return _get(Center.objects.select_related("area"), user, pk=code[:8])


def _term_get(user, term_id: int) -> CommitteeTerm:
    return _get(CommitteeTerm.objects.all(), user, "center__area", pk=term_id)


def _seat_get(user, seat_id: int) -> Seat:
    return _get(
        Seat.objects.select_related("person", "organization"),
        user,
        "term__center__area",
        pk=seat_id,
    )


def _center_detail(user, center: Center) -> Center:
    today = clock.today()
    in_force_first = Case(
        When(status=TermStatus.ACTIVE, starts_on__lte=today, ends_on__gte=today, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    term = (
        CommitteeTerm.objects.filter(center_id=center.pk)
        .exclude(status=TermStatus.CANCELLED)
        .order_by(in_force_first, "-starts_on")
        .first()
    )
    member_level = {
        CenterLevel.PROVINCE: (CenterLevel.DISTRICT, "province_code"),
        CenterLevel.DISTRICT: (CenterLevel.SUBDISTRICT, "district_code"),
    }.get(center.level)
    members = []
    if member_level is not None:
        level, column = member_level
        members = [
            {"code": code, "name": name}
            for code, name in scoped(
                Center.objects.filter(level=level, **{column: center.pk}), user
            )
            .order_by("area_id")
            .values_list("area_id", "name")
        ]
    center.current_term = _with_seats(term, open_only=True) if term is not None else None
    center.member_centers = members
    return center


# Centers --------------------------------------------------------------------------------------


@router.get("/centers", response=list[CenterOut])
@paginate(BoundedPagination)
def center_list(
    request,
    area: str | None = None,
    level: CenterLevel | None = None,
    status: CenterStatus | None = None,
):
    """Centers in your scope, by area code: `area` (a code prefix), `level`, `status`."""
    qs = scoped(Center.objects.select_related("area"), request.user)
    qs = area_prefix_filter(qs, area)
    if level:
        qs = qs.filter(level=level)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("area_id")


@router.get("/centers/{code}", response=CenterDetailOut)
def center_detail(request, code: str):
    """A center, its current committee (the term in force, else the latest one not cancelled,
    with its open seats) and its member centers (the district centers of a province center,
    the subdistrict centers of a district center)."""
    return _center_detail(request.user, _center_get(request.user, code))


@router.post("/centers", response={201: CenterDetailOut})
def center_create(request, payload: CenterIn):
    check_email(payload.email)
    center = services.center_create(actor=request.user, **payload.model_dump())
    return Status(201, _center_detail(request.user, _center_get(request.user, center.pk)))


@router.patch("/centers/{code}", response=CenterDetailOut)
def center_update(request, code: str, payload: CenterPatch):
    center = _center_get(request.user, code)
    fields = payload.dict(exclude_unset=True)
    version = fields.pop("version")
    fields = {k: ("" if v is None and k != "founded_on" else v) for k, v in fields.items()}
    if "status" in fields and not fields["status"]:
        fields.pop("status")
    check_email(fields.get("email"))
    services.center_update(actor=request.user, code=center.pk, expected_version=version, **fields)
    return _center_detail(request.user, _center_get(request.user, center.pk))


# Committee terms and seats --------------------------------------------------------------------


@router.get("/centers/{code}/terms", response=list[TermListOut])
def term_list(request, code: str):
    """Every committee term of a center, newest first."""
    center = _center_get(request.user, code)
    return (
        CommitteeTerm.objects.filter(center_id=center.pk)
        .annotate(
            open_seats=Count(
                "seats",
                filter=Q(seats__ends_on__isnull=True) & ~Q(seats__position=Position.ADVISOR),
            )
        )
        .order_by("-starts_on", "-pk")
    )


@router.post("/centers/{code}/terms", response={201: TermDetailOut})
def term_create(request, code: str, payload: TermIn):
    center = _center_get(request.user, code)
    term = services.committee_term_create(
        actor=request.user, center_code=center.pk, **payload.model_dump()
    )
    return Status(201, _with_seats(term))


@router.get("/terms/{term_id}", response=TermDetailOut)
def term_detail(request, term_id: int):
    """A committee term with all its seats (open first, by position; ended ones after)."""
    return _with_seats(_term_get(request.user, term_id))


@router.post("/terms/{term_id}/seats", response={201: SeatOut})
def seat_add(request, term_id: int, payload: SeatIn):
    term = _term_get(request.user, term_id)
    readable_person(request.user, payload.person_id)
    _readable_organization(request.user, payload.organization_id)
    seat = services.seat_add(actor=request.user, term_id=term.pk, **payload.model_dump())
    return Status(201, _seat_get(request.user, seat.pk))


@router.delete("/seats/{seat_id}", response={204: None})
def seat_remove(request, seat_id: int):
    """Take a seat out of a draft term (a seat of an active term is ended instead)."""
    seat = _seat_get(request.user, seat_id)
    services.seat_remove(actor=request.user, seat_id=seat.pk)
    return Status(204, None)


@router.post("/terms/{term_id}/activate", response=TermDetailOut)
def term_activate(request, term_id: int, payload: VersionIn | None = None):
    """Activate a draft term. When committee rules fail: 422 whose `errors.__all__` lists every
    rule that fails."""
    term = _term_get(request.user, term_id)
    version = payload.version if payload is not None else None
    term = services.committee_term_activate(
        actor=request.user, term_id=term.pk, expected_version=version
    )
    return _with_seats(term)


@router.post("/terms/{term_id}/cancel", response=TermDetailOut)
def term_cancel(request, term_id: int, payload: VersionIn | None = None):
    term = _term_get(request.user, term_id)
    version = payload.version if payload is not None else None
    term = services.committee_term_cancel(
        actor=request.user, term_id=term.pk, expected_version=version
    )
    return _with_seats(term)


@router.post("/seats/{seat_id}/end", response=SeatOut)
def seat_end(request, seat_id: int, payload: SeatEndIn):
    """End a seat of an active term early (resignation, death, removal, other)."""
    seat = _seat_get(request.user, seat_id)
    services.seat_end(
        actor=request.user,
        seat_id=seat.pk,
        ends_on=payload.ends_on,
        reason=payload.reason,
        note=payload.note,
        expected_version=payload.version,
    )
    return _seat_get(request.user, seat.pk)


@router.post("/seats/{seat_id}/replace", response={201: SeatOut})
def seat_replace(request, seat_id: int, payload: SeatReplaceIn):
    """Seat a replacement for an ended seat: same position, from the day after it ended."""
    seat = _seat_get(request.user, seat_id)
    readable_person(request.user, payload.person_id)
    _readable_organization(request.user, payload.organization_id)
    new = services.seat_replace(
        actor=request.user,
        seat_id=seat.pk,
        person_id=payload.person_id,
        organization_id=payload.organization_id,
    )
    return Status(201, _seat_get(request.user, new.pk))


# Community organisations ----------------------------------------------------------------------


def _organizations() -> QuerySet[Organization]:
    return Organization.objects.select_related("area", "type", "leader")


def _organization_detail(user, organization_id: int) -> Organization:
    organization = _get(_organizations(), user, pk=organization_id)
    organization.members_list = list(
        OrganizationMember.objects.filter(organization_id=organization.pk)
        .select_related("person")
        .order_by("person__sort_key", "pk")
    )
    return organization


@router.get("/organizations", response=list[OrganizationOut])
@paginate(KeysetPagination)
def organization_list(
    request,
    q: str | None = None,
    area: str | None = None,
    type: str | None = None,
    status: OrganizationStatus | None = None,
):
    """Community organisations in your scope, by area prefix, type and status, in Thai order
    (`next` is the cursor of the following page: give it as `after`); with `q`, the names that
    match it best first (at most the search's page of 200)."""
    prefix = clean_area_prefix(area)
    found = name_search(
        search_module.organization_search,
        user=request.user,
        query=q,
        keep=lambda o: (
            (prefix is None or o.area_id.startswith(prefix))
            and (not type or o.type_id == type)
            and (not status or o.status == status)
        ),
    )
    if found is not None:
        prefetch_related_objects(found, "leader")
        return found
    qs = area_prefix_filter(scoped(_organizations(), request.user), prefix)
    if type:
        qs = qs.filter(type_id=type)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("sort_key", "pk")


@router.get("/organizations/{organization_id}", response=OrganizationDetailOut)
def organization_detail(request, organization_id: int):
    return _organization_detail(request.user, organization_id)


@router.post("/organizations", response={201: OrganizationDetailOut})
def organization_create(request, payload: OrganizationIn):
    """Register an organisation of a village or subdistrict. `funds` is a string ("12,500 บาท")
    or a number; it is answered as a string decimal."""
    readable_person(request.user, payload.leader_id, "leader")
    organization = services.organization_create(actor=request.user, **payload.model_dump())
    return Status(201, _organization_detail(request.user, organization.pk))


@router.patch("/organizations/{organization_id}", response=OrganizationDetailOut)
def organization_update(request, organization_id: int, payload: OrganizationPatch):
    organization = _get(Organization.objects.all(), request.user, pk=organization_id)
    fields = payload.dict(exclude_unset=True)
    version = fields.pop("version")
    if fields.get("leader_id"):
        readable_person(request.user, fields["leader_id"], "leader")
    services.organization_update(
        actor=request.user,
        organization_id=organization.pk,
        expected_version=version,
        **fields,
    )
    return _organization_detail(request.user, organization.pk)


@router.post("/organizations/{organization_id}/members", response={201: MemberOut})
def organization_member_add(request, organization_id: int, payload: MemberIn):
    organization = _get(Organization.objects.all(), request.user, pk=organization_id)
    readable_person(request.user, payload.person_id)
    member = services.organization_member_add(
        actor=request.user, organization_id=organization.pk, **payload.model_dump()
    )
    return Status(201, member)


# Partners and cooperation ---------------------------------------------------------------------


def _partner_detail(user, partner_id: int) -> Partner:
    partner = _get(Partner.objects.select_related("area"), user, pk=partner_id)
    partner.cooperations_list = list(
        scoped(
            Cooperation.objects.filter(partner_id=partner.pk).select_related("center"),
            user,
            "center__area",
        ).order_by("-starts_on", "-pk")
    )
    return partner


@router.get("/partners", response=list[PartnerOut])
@paginate(BoundedPagination)
def partner_list(
    request, q: str | None = None, area: str | None = None, kind: PartnerKind | None = None
):
    qs = scoped(Partner.objects.select_related("area"), request.user)
    qs = area_prefix_filter(qs, area)
    key = normalize_text(q or "")[:SEARCH_QUERY_MAX_LENGTH]
    if key:
        qs = qs.filter(name__icontains=key)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("sort_key", "pk")


@router.get("/partners/{partner_id}", response=PartnerDetailOut)
def partner_detail(request, partner_id: int):
    """A partner with its cooperations (those with centers in your scope)."""
    return _partner_detail(request.user, partner_id)


@router.post("/partners", response={201: PartnerDetailOut})
def partner_create(request, payload: PartnerIn):
    check_email(payload.email)
    partner = services.partner_create(actor=request.user, **payload.model_dump())
    return Status(201, _partner_detail(request.user, partner.pk))


@router.post("/partners/{partner_id}/cooperations", response={201: CooperationOut})
def cooperation_create(request, partner_id: int, payload: CooperationIn):
    """Record a cooperation of the partner with a center. `amount` is a string or a number."""
    partner = _get(Partner.objects.all(), request.user, pk=partner_id)
    cooperation = services.cooperation_create(
        actor=request.user, partner_id=partner.pk, **payload.model_dump()
    )
    return Status(201, cooperation)


# Figures --------------------------------------------------------------------------------------


@router.get("/areas/{code}/figures", response=FiguresOut, tags=["figures"])
def area_figures(request, code: str):
    """The live roll-up figures of an area ("TH" = the whole country) for today."""
    code = code.strip()[:8]
    national = code.upper() == rollups.NATIONAL
    if national:
        code = rollups.NATIONAL
    # Only a national scope covers "TH"; an area code is covered by the prefixes that hold it.
    require(request.user, Access.READ, code)
    if not national and not Area.objects.filter(code=code).exists():
        raise NotFoundOrOutOfScope()
    today = clock.today()
    figures = rollups.area_figures(code, on=today)
    return {
        "area_code": code,
        "on": today,
        "centers": figures.centers,
        "centers_by_level": {
            level: figures.centers_by(level=level) for level in CenterLevel.values
        },
        "centers_by_status": {
            status: figures.centers_by(status=status) for status in CenterStatus.values
        },
        "centers_with_valid_committee": figures.centers_with_valid_committee,
        "valid_committee_share": figures.valid_committee_share,
        "committees_ending_within_days": ENDING_SOON_DAYS,
        "committees_ending_soon": figures.committees_ending_by(
            today + datetime.timedelta(days=ENDING_SOON_DAYS)
        ),
        "seats_filled": figures.seats_filled,
        "organizations": figures.organizations,
        "organizations_by_type": figures.organizations_by_type(),
        "members": figures.members,
        "funds": money(figures.funds),
        "partners": figures.total("partners"),
        "partners_by_kind": figures.by_key("partners"),
        "cooperations_by_kind": figures.by_key("cooperations"),
        "cooperation_amount": money(Decimal(figures.total("cooperation_satang")) / 100),
        "people": figures.total("people"),
        "people_by_profession": {
            (key or "none"): value for key, value in figures.by_key("people").items()
        },
        "local_roles": figures.by_key("local_roles"),
    }
