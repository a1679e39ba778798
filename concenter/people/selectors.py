"""Reads of people, always through the reader's scope."""

from django.db.models import Prefetch, QuerySet

from concenter.accounts.scope import Access, filter_by_scope, filter_queryset, user_scope
from concenter.common.errors import NotFoundOrOutOfScope
from concenter.common.prepared import Prepared
from concenter.people.models import LocalRoleHolding, Person
from concenter.people.names import name_search_key


def person_list(
    *, user, subdistrict_code: str | None = None, profession: str | None = None
) -> QuerySet[Person]:
    qs = filter_queryset(Person.objects.all(), user, Access.READ).select_related(
        "area", "profession"
    )
    if subdistrict_code:
        qs = qs.filter(subdistrict_code=subdistrict_code)
    if profession:
        qs = qs.filter(profession_id=profession)
    return qs.order_by("sort_key", "pk")


# What a row of a list of people shows: the name, the profession and the area (with what the
# area's display name is made of). A page of the list loads only these columns.
PERSON_ROW_FIELDS = (
    "id",
    "title",
    "given_name",
    "family_name",
    "sort_key",
    "area__code",
    "area__level",
    "area__name_th",
    "area__name_en",
    "area__province_code",
    "area__village_number",
    "profession__code",
    "profession__name_th",
)


def person_rows(*, user, subdistrict_code: str | None = None) -> QuerySet[Person]:
    """`person_list` for the rows of the list page: the same people, only the shown columns."""
    return person_list(user=user, subdistrict_code=subdistrict_code).only(*PERSON_ROW_FIELDS)


# A person with their area, every area above it (a village's page names its province: no lazy
# read), their profession and their local roles; compiled once per reader's scope (ADR 0032).
_person_by_id = Prepared(
    lambda scope, person_id: (
        filter_by_scope(Person.objects.all(), scope)
        .select_related("area__parent__parent__parent", "profession")
        .prefetch_related(
            Prefetch("local_roles", queryset=LocalRoleHolding.objects.select_related("area"))
        )
        .filter(pk=person_id)
        .order_by("pk")[:1]
    ),
    int,
)


def person_get(*, user, person_id: int, access: Access = Access.READ) -> Person:
    found = _person_by_id(user_scope(user, access), int(person_id))
    if not found:
        raise NotFoundOrOutOfScope()
    return found[0]


def people_with_similar_name(
    *, given_name: str, family_name: str, subdistrict_code: str, exclude_id: int | None = None
) -> list[Person]:
    """People of the same subdistrict whose name matches: offered before a new record is made."""
    key = name_search_key(given_name, family_name)
    qs = Person.objects.filter(
        subdistrict_code=subdistrict_code, name_search=key, anonymized_at__isnull=True
    )
    if exclude_id:
        qs = qs.exclude(pk=exclude_id)
    return list(qs.select_related("area")[:5])
