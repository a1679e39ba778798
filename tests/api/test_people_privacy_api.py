"""People over the API and contact data: phone and e-mail only for users who may change the
person (null to the others, the schema unchanged), and every answer that gives them logged — a
person's own entry for a detail, one entry per page of the list, never one per person."""

import json

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from concenter.accounts.models import Role
from concenter.geography.services import village_create
from concenter.people.models import Person
from concenter.people.services import PersonData, person_create
from tests.conftest import client_for, make_user

pytestmark = pytest.mark.django_db

PHONE, EMAIL = "081 555 0199", "somsri@example.org"


def _people(actor, count: int, area_code: str = "710104", start: int = 0) -> list[Person]:
    return [
        person_create(
            actor=actor,
            data=PersonData(
                given_name=f"สมศรี{start + n}",
                family_name="มีสุข",
                phone=f"081 555 {start + n:04d}",
                email=f"p{start + n}@example.org",
            ),
            area_code=area_code,
            confirm_new=True,
        )
        for n in range(count)
    ]


def _views(person: Person):
    return LogEntry.objects.get_for_object(person).filter(action=LogEntry.Action.ACCESS)


def _page_entries():
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Person),
        action=LogEntry.Action.ACCESS,
        additional_data__event="contact_exported",
    )


@pytest.fixture
def somsri(district_officer) -> Person:
    return person_create(
        actor=district_officer,
        data=PersonData(given_name="สมศรี", family_name="มีสุข", phone=PHONE, email=EMAIL),
        area_code="710104",
    )


def test_the_detail_gives_contact_data_to_an_officer_and_logs_it(district_officer, somsri):
    body = client_for(district_officer).get(f"/api/v1/people/{somsri.pk}").json()
    assert (body["phone"], body["email"]) == (PHONE, EMAIL)
    entry = _views(somsri).get()
    assert entry.actor == district_officer
    assert entry.additional_data == {"event": "contact_viewed", "fields": ["phone", "email"]}


def test_a_viewer_gets_nulls_and_leaves_no_access_entry(viewer, somsri):
    client = client_for(viewer)
    body = client.get(f"/api/v1/people/{somsri.pk}").json()
    assert body["phone"] is None and body["email"] is None
    items = client.get("/api/v1/people").json()["items"]
    assert [(p["phone"], p["email"]) for p in items] == [(None, None)]
    assert not _views(somsri).exists() and not _page_entries().exists()


def test_a_person_without_contact_data_is_not_logged(district_officer):
    someone = person_create(
        actor=district_officer, data=PersonData(given_name="ไม่มีเบอร์"), area_code="710104"
    )
    client = client_for(district_officer)
    assert client.get(f"/api/v1/people/{someone.pk}").json()["phone"] == ""
    assert client.get("/api/v1/people").json()["count"] == 1
    assert not _views(someone).exists() and not _page_entries().exists()


def test_each_page_of_the_list_is_one_entry(district_officer):
    _people(district_officer, 5)
    client = client_for(district_officer)
    first = client.get("/api/v1/people", {"limit": 3, "subdistrict": "710104"}).json()
    second = client.get("/api/v1/people", {"limit": 3, "offset": 3}).json()
    assert len(first["items"]) == 3 and len(second["items"]) == 2
    assert all(p["phone"] for p in first["items"] + second["items"])
    entries = list(_page_entries().order_by("pk"))
    assert [e.additional_data["people"] for e in entries] == [3, 2]
    assert entries[0].actor == district_officer
    assert entries[0].additional_data == {
        "event": "contact_exported",
        "channel": "api",
        "people": 3,
        "with_contact": 3,
        "fields": ["phone", "email"],
        "filters": {"subdistrict": "710104", "offset": "0", "limit": "3"},
    }
    text = json.dumps([e.additional_data for e in entries], ensure_ascii=False) + str(
        [e.object_repr for e in entries]
    )
    assert "081 555" not in text and "example.org" not in text and "สมศรี" not in text


def test_a_name_search_page_is_logged_too(district_officer, somsri):
    found = client_for(district_officer).get("/api/v1/people", {"q": "สมศรี"}).json()["items"]
    assert [p["phone"] for p in found] == [PHONE]
    assert _page_entries().get().additional_data["filters"]["q"] == "สมศรี"


def test_a_page_counts_only_the_people_whose_contact_it_shows(district_officer):
    """A center editor reads the villages of their subdistrict but changes only the
    subdistrict's own records: the villagers' phones are null and not counted."""
    village = village_create(
        actor=district_officer, subdistrict_code="710104", number=1, name_th="บ้านท่ามะขาม"
    )
    [own] = _people(district_officer, 1)
    [villager] = _people(district_officer, 1, area_code=village.code, start=1)
    client = client_for(make_user("editor", Role.CENTER_EDITOR, center_code="710104"))
    items = {p["id"]: p for p in client.get("/api/v1/people").json()["items"]}
    assert items[own.pk]["phone"] == own.phone and items[villager.pk]["phone"] is None
    data = _page_entries().get().additional_data
    assert (data["people"], data["with_contact"]) == (2, 1)
    assert client.get(f"/api/v1/people/{villager.pk}").json()["email"] is None
    assert not _views(villager).exists()


def test_the_list_costs_the_same_queries_however_many_people(district_officer):
    _people(district_officer, 2)
    client = client_for(district_officer)
    client.get("/api/v1/people")  # sessions, content types and the like are loaded once
    with CaptureQueriesContext(connection) as few:
        assert client.get("/api/v1/people").json()["count"] == 2
    _people(district_officer, 6, start=10)
    with CaptureQueriesContext(connection) as many:
        assert client.get("/api/v1/people").json()["count"] == 8
    assert len(many) == len(few)
    assert _page_entries().count() == 3


def test_an_update_logs_the_contact_data_it_did_not_send(district_officer, somsri):
    client = client_for(district_officer)

    def patch(body):
        return client.patch(
            f"/api/v1/people/{somsri.pk}", json.dumps(body), content_type="application/json"
        )

    answer = patch({"version": 1, "title": "นาง"})
    assert answer.status_code == 200 and answer.json()["phone"] == PHONE
    assert _views(somsri).get().additional_data["fields"] == ["phone", "email"]
    answer = patch({"version": 2, "phone": "089 000 1111"})
    assert answer.status_code == 200
    assert _views(somsri).latest("pk").additional_data["fields"] == ["email"]
    answer = patch({"version": 3, "phone": PHONE, "email": EMAIL})
    assert answer.status_code == 200
    assert _views(somsri).count() == 2  # it only echoed what it sent
