"""Typed deep pages (`/people/?page=5000`, `/organizations/?page=2000`, the API's offset): the
page is what one plain ``ORDER BY sort_key, id`` query with OFFSET gives, before and after
writes, in every scope; and the key before the page is read from an index in list order alone
(ADR 0024), never from the rows (issue #20: page 5,000 read 250,000 rows, 1.9 s)."""

import random
import re

import pytest
from django.db import connection

from concenter.common.pager import keyset_page
from concenter.network import selectors as network_selectors
from concenter.network import services as network_services
from concenter.network.models import Organization
from concenter.people import selectors
from concenter.people.models import Person
from concenter.people.services import PersonData, person_create, person_update
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

GIVEN = ["สมชาย", "สมศรี", "มานี", "เกศินี", "แสง", "ไก่แก้ว", "Somchai", "กมล"]
FAMILY = ["ใจดี", "ศรีสุข", "", "Boonmee"]
AREAS = ["710104", "710101", "710201"]  # two districts of one province


def _plain(queryset, offset: int, size: int) -> list[int]:
    ids = queryset.order_by("sort_key", "pk").values_list("pk", flat=True)
    return list(ids[offset : offset + size])


def _person(actor, rng):
    data = PersonData(given_name=rng.choice(GIVEN), family_name=rng.choice(FAMILY))
    return person_create(actor=actor, data=data, area_code=rng.choice(AREAS), confirm_new=True)


def _every_page(user, size):
    """Every typed page of the people list page, the API and the pager, against the plain query
    over the user's people."""
    client = client_for(user)
    mine = selectors.person_rows(user=user)
    total = mine.count()
    for number in range(1, -(-total // size) + 1):
        expected = _plain(mine, (number - 1) * size, size)
        page = keyset_page(mine, size=size, page=number)
        assert [p.pk for p in page] == expected
        body = client.get("/api/v1/people", {"limit": size, "offset": (number - 1) * size}).json()
        assert [p["id"] for p in body["items"]] == expected
        response = client.get("/people/", {"page": number})
        assert [p.pk for p in response.context["page"]] == expected


def test_typed_pages_are_the_plain_query_before_and_after_writes(
    province_officer, district_officer, monkeypatch
):
    monkeypatch.setattr("concenter.people.views.PAGE_SIZE", 4)
    rng = random.Random(23)
    people = [_person(province_officer, rng) for _ in range(30)]
    for user in (province_officer, district_officer):
        _every_page(user, 4)
    # Writes: new people, renamed people (their place in the order moves), a move to another
    # district (out of the district officer's list).
    people += [_person(province_officer, rng) for _ in range(7)]
    for person in rng.sample(people, 6):
        person_update(
            actor=province_officer,
            person_id=person.pk,
            expected_version=None,
            data=PersonData(given_name=rng.choice(GIVEN), family_name=rng.choice(FAMILY)),
            area_code=rng.choice(AREAS),
        )
    for user in (province_officer, district_officer):
        _every_page(user, 4)


def test_typed_organisation_pages_are_the_plain_query(province_officer):
    rng = random.Random(24)
    for code in AREAS:
        network_services.center_create(actor=province_officer, area_code=code)
    for index in range(23):
        network_services.organization_create(
            actor=province_officer,
            area_code=rng.choice(AREAS),
            type_code="savings_group",
            name=f"กลุ่ม{rng.choice(GIVEN)} {index % 5}",
        )
    mine = network_selectors.organization_list(user=province_officer)
    assert mine.count() == 23
    for number in range(1, 7):
        expected = _plain(mine, (number - 1) * 4, 4)
        assert [o.pk for o in keyset_page(mine, size=4, page=number)] == expected


def _plan(queryset, offset: int) -> str:
    """The plan of the query that finds the key before a typed page (as `keyset_window`)."""
    query = queryset.order_by("sort_key", "pk").values_list("sort_key", "pk")[offset - 1 : offset]
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A handful of test rows: make the planner show what it does on millions.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_bitmapscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute("SET LOCAL enable_incremental_sort = off")
            cursor.execute("EXPLAIN " + sql, params)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


@pytest.mark.parametrize(
    ("model", "prefix"), [(Person, "person"), (Organization, "org")], ids=["people", "orgs"]
)
def test_the_key_before_a_typed_page_is_read_from_the_list_index_alone(
    national_admin, province_officer, district_officer, model, prefix
):
    lists = {
        "all": (national_admin, None),
        "province": (province_officer, None),
        "district": (district_officer, None),
        "subdistrict": (national_admin, "710104"),
    }
    for scope, (user, subdistrict) in lists.items():
        if model is Person:
            queryset = selectors.person_rows(user=user, subdistrict_code=subdistrict)
        else:
            queryset = network_selectors.organization_list(user=user, area_code=subdistrict)
        plan = _plan(queryset, 5000)
        index = f"{prefix}_{scope}_list"
        if connection.vendor == "postgresql":
            assert re.search(rf"Index Only Scan using {index}\b", plan), plan
            assert "Sort" not in plan, plan
        else:
            assert re.search(rf"USING COVERING INDEX {index}\b", plan), plan
            assert "TEMP B-TREE" not in plan, plan


def test_the_api_counts_a_list_only_up_to_the_cap(province_officer, monkeypatch):
    rng = random.Random(25)
    for _ in range(12):
        _person(province_officer, rng)
    client = client_for(province_officer)
    assert client.get("/api/v1/people", {"limit": 5}).json()["count"] == 12
    monkeypatch.setattr("concenter.api.base.COUNT_CAP", 11)
    body = client.get("/api/v1/people", {"limit": 5, "offset": 10}).json()
    assert body["count"] is None and len(body["items"]) == 2
    monkeypatch.setattr("concenter.api.base.COUNT_CAP", 12)
    assert client.get("/api/v1/people", {"limit": 5}).json()["count"] == 12


def test_the_organisations_api_walks_and_jumps_as_the_plain_query(province_officer):
    rng = random.Random(26)
    for code in AREAS:
        network_services.center_create(actor=province_officer, area_code=code)
    for index in range(17):
        network_services.organization_create(
            actor=province_officer,
            area_code=rng.choice(AREAS),
            type_code="savings_group",
            name=f"กลุ่ม{rng.choice(GIVEN)} {index % 4}",
        )
    mine = network_selectors.organization_list(user=province_officer)
    every = _plain(mine, 0, 100)
    client = client_for(province_officer)
    seen, after = [], ""
    while True:
        body = client.get(
            "/api/v1/organizations", {"limit": 5, **({"after": after} if after else {})}
        ).json()
        assert body["count"] == 17
        seen += [o["id"] for o in body["items"]]
        after = body["next"]
        if not after:
            break
    assert seen == every
    for offset in range(0, 19, 3):
        body = client.get("/api/v1/organizations", {"limit": 5, "offset": offset}).json()
        assert [o["id"] for o in body["items"]] == every[offset : offset + 5]
