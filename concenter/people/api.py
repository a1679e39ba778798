"""People over the API, always through the reader's scope.

The national ID never leaves the server: only its last four digits are answered. Phone and
e-mail are answered only to users who may change the person's area (null to others, so the
schema stays the same), and every answer that holds them is logged as an *access* in the audit
trail: a person's own entry for a detail, one entry for a whole page of the list.
"""

import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from concenter.accounts.scope import Access, can
from concenter.api.base import AUTH, KeysetPagination, PlacedInAreaOut
from concenter.common.errors import NotFoundOrOutOfScope
from concenter.common.search import person_search
from concenter.network.api import check_email, name_search, scoped
from concenter.network.models import Organization, OrganizationMember, Seat
from concenter.people import privacy, services
from concenter.people.models import Gender, LocalRoleHolding, Person
from concenter.people.services import PersonData, PossibleDuplicate

router = Router(tags=["people"], auth=AUTH)

_PERSON_DATA_FIELDS = tuple(PersonData.__dataclass_fields__)


def _may_see_contact(obj: Person, context) -> bool:
    request = (context or {}).get("request")
    return request is not None and privacy.may_see_contact(request.user, obj)


class ContactLoggedPagination(KeysetPagination):
    """The list's pages, each logged as one *access* entry when it holds contact data (which
    people on it the reader may change is decided as `PersonOut` does: `may_see_contact`)."""

    def paginate_queryset(
        self, queryset, pagination: KeysetPagination.Input, request: HttpRequest, **params: Any
    ) -> Any:
        page = super().paginate_queryset(queryset, pagination, request, **params)
        items = list(page[self.items_attribute])
        tally = privacy.ContactTally(request.user)
        if tally.allows_any:
            for person in items:
                tally.add(person)
            filters = {key: params.get(key) for key in ("q", "subdistrict", "profession")}
            filters.update(offset=pagination.offset, limit=pagination.limit)
            tally.log(channel="api", filters=filters)
        page[self.items_attribute] = items
        return page


class PersonOut(PlacedInAreaOut):
    id: int
    title: str
    given_name: str
    family_name: str
    given_name_en: str
    family_name_en: str
    full_name: str
    gender: str
    birth_year: int | None
    profession: str | None
    profession_name: str | None
    province_code: str
    district_code: str
    subdistrict_code: str
    national_id_last4: str
    phone: str | None
    email: str | None
    anonymized: bool
    version: int

    @staticmethod
    def resolve_profession(obj: Person) -> str | None:
        return obj.profession_id

    @staticmethod
    def resolve_profession_name(obj: Person) -> str | None:
        return obj.profession.name_th if obj.profession_id else None

    @staticmethod
    def resolve_anonymized(obj: Person) -> bool:
        return obj.anonymized_at is not None

    @staticmethod
    def resolve_phone(obj: Person, context) -> str | None:
        return obj.phone if _may_see_contact(obj, context) else None

    @staticmethod
    def resolve_email(obj: Person, context) -> str | None:
        return obj.email if _may_see_contact(obj, context) else None


class PersonSeatOut(Schema):
    id: int
    term_id: int
    center_code: str
    center_name: str
    position: str
    position_label: str
    term_starts_on: datetime.date
    term_ends_on: datetime.date
    term_status: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None

    @staticmethod
    def resolve_center_code(obj: Seat) -> str:
        return obj.term.center_id

    @staticmethod
    def resolve_center_name(obj: Seat) -> str:
        return obj.term.center.name

    @staticmethod
    def resolve_position_label(obj: Seat) -> str:
        return str(obj.get_position_display())

    @staticmethod
    def resolve_term_starts_on(obj: Seat) -> datetime.date:
        return obj.term.starts_on

    @staticmethod
    def resolve_term_ends_on(obj: Seat) -> datetime.date:
        return obj.term.ends_on

    @staticmethod
    def resolve_term_status(obj: Seat) -> str:
        return obj.term.status


class LedOrganizationOut(Schema):
    id: int
    name: str
    type: str
    area_code: str

    @staticmethod
    def resolve_type(obj: Organization) -> str:
        return obj.type_id

    @staticmethod
    def resolve_area_code(obj: Organization) -> str:
        return obj.area_id


class MembershipOut(Schema):
    organization_id: int
    organization_name: str
    role: str
    joined_on: datetime.date | None

    @staticmethod
    def resolve_organization_name(obj: OrganizationMember) -> str:
        return obj.organization.name


class LocalRoleOut(PlacedInAreaOut):
    id: int
    role: str
    role_label: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None

    @staticmethod
    def resolve_role_label(obj: LocalRoleHolding) -> str:
        return str(obj.get_role_display())


class PersonDetailOut(PersonOut):
    seats: list[PersonSeatOut]
    organizations_led: list[LedOrganizationOut]
    memberships: list[MembershipOut]
    local_roles: list[LocalRoleOut]

    @staticmethod
    def resolve_seats(obj: Person) -> list[Seat]:
        return obj.seats_list

    @staticmethod
    def resolve_organizations_led(obj: Person) -> list[Organization]:
        return obj.led_list

    @staticmethod
    def resolve_memberships(obj: Person) -> list[OrganizationMember]:
        return obj.memberships_list

    @staticmethod
    def resolve_local_roles(obj: Person) -> list[LocalRoleHolding]:
        return obj.local_roles_list


class PersonIn(Schema):
    given_name: str
    family_name: str = ""
    title: str = ""
    given_name_en: str = ""
    family_name_en: str = ""
    gender: str = Gender.UNSPECIFIED
    birth_year: int | None = None
    profession: str | None = None
    phone: str = ""
    email: str = ""
    area_code: str
    national_id: str | None = None
    confirm_new: bool = False


class PersonPatch(Schema):
    version: int
    given_name: str | None = None
    family_name: str | None = None
    title: str | None = None
    given_name_en: str | None = None
    family_name_en: str | None = None
    gender: str | None = None
    birth_year: int | None = None
    profession: str | None = None
    phone: str | None = None
    email: str | None = None
    area_code: str | None = None
    national_id: str | None = None


class CandidateOut(Schema):
    id: int
    name: str
    area_code: str
    area: str


class DuplicateOut(Schema):
    detail: str
    errors: dict[str, list[str]]
    candidates: list[CandidateOut]


def _people(user) -> QuerySet[Person]:
    return scoped(Person.objects.select_related("area", "profession"), user)


def _person_detail(user, person_id: int) -> Person:
    person = _people(user).filter(pk=person_id).first()
    if person is None:
        raise NotFoundOrOutOfScope()
    # What the person does across the network, as far as the reader's scope reaches.
    person.seats_list = list(
        scoped(Seat.objects.filter(person_id=person.pk), user, "term__center__area")
        .select_related("term", "term__center")
        .order_by("-term__starts_on", "pk")
    )
    person.led_list = list(
        scoped(Organization.objects.filter(leader_id=person.pk), user).order_by("sort_key", "pk")
    )
    person.memberships_list = list(
        scoped(OrganizationMember.objects.filter(person_id=person.pk), user, "organization__area")
        .select_related("organization")
        .order_by("organization__sort_key", "pk")
    )
    person.local_roles_list = list(
        scoped(LocalRoleHolding.objects.filter(person_id=person.pk), user)
        .select_related("area")
        .order_by("-starts_on", "pk")
    )
    return person


@router.get("/people", response=list[PersonOut])
@paginate(ContactLoggedPagination)
def person_list(
    request,
    q: str | None = None,
    subdistrict: str | None = None,
    profession: str | None = None,
):
    """People in your scope, by subdistrict code and profession; with `q` (Thai or romanised,
    typos forgiven), the names that match it best first (at most the search's page of 200)."""
    subdistrict = (subdistrict or "").strip()[:6]
    found = name_search(
        person_search,
        user=request.user,
        query=q,
        keep=lambda p: (
            (not subdistrict or p.subdistrict_code == subdistrict)
            and (not profession or p.profession_id == profession)
        ),
    )
    if found is not None:
        return found
    qs = _people(request.user)
    if subdistrict:
        qs = qs.filter(subdistrict_code=subdistrict)
    if profession:
        qs = qs.filter(profession_id=profession)
    return qs.order_by("sort_key", "pk")


@router.get("/people/{person_id}", response=PersonDetailOut)
def person_detail(request, person_id: int):
    """A person, their seats across the network, the organisations they lead or belong to,
    and their local administration roles. Phone and e-mail only if you may change the
    person's area; each answer that holds them is logged."""
    person = _person_detail(request.user, person_id)
    privacy.log_contact_view(user=request.user, person=person)
    return person


@router.post("/people", response={201: PersonDetailOut, 409: DuplicateOut})
def person_create(request, payload: PersonIn):
    """Register a person. A person of the same name in the same subdistrict answers 409 with
    the `candidates` to offer; send `confirm_new: true` to register another person anyway."""
    check_email(payload.email)
    values = payload.model_dump()
    data = PersonData(**{f: values[f] for f in _PERSON_DATA_FIELDS})
    try:
        person = services.person_create(
            actor=request.user,
            data=data,
            area_code=payload.area_code,
            national_id=payload.national_id,
            confirm_new=payload.confirm_new,
        )
    except PossibleDuplicate as exc:
        errors = exc.message_dict
        candidates = [
            {
                "id": c.pk,
                "name": c.full_name,
                "area_code": c.area_id,
                "area": c.area.display_name,
            }
            for c in exc.candidates
            if can(request.user, Access.READ, c.area_id)
        ]
        detail = next(iter(errors.values()))[0]
        return Status(409, {"detail": detail, "errors": errors, "candidates": candidates})
    return Status(201, _person_detail(request.user, person.pk))


@router.patch("/people/{person_id}", response=PersonDetailOut)
def person_update(request, person_id: int, payload: PersonPatch):
    """Change a person: send `version` and the fields that change."""
    person = _people(request.user).filter(pk=person_id).first()
    if person is None:
        raise NotFoundOrOutOfScope()
    changes = payload.model_dump(exclude_unset=True)
    version = changes.pop("version")
    current = {f: getattr(person, f) for f in _PERSON_DATA_FIELDS if f != "profession"}
    current["profession"] = person.profession_id
    for field in _PERSON_DATA_FIELDS:
        if field in changes:
            value = changes[field]
            if value is None and field not in ("birth_year", "profession"):
                value = ""
            current[field] = value
    check_email(current["email"] if "email" in changes else None)
    services.person_update(
        actor=request.user,
        person_id=person.pk,
        expected_version=version,
        data=PersonData(**current),
        area_code=changes.get("area_code") or person.area_id,
        national_id=changes.get("national_id") or None,
    )
    person = _person_detail(request.user, person.pk)
    # The answer shows the stored contact data the request did not send: a read, logged.
    unsent = [field for field in privacy.CONTACT_FIELDS if field not in changes]
    privacy.log_contact_view(user=request.user, person=person, fields=unsent)
    return person
