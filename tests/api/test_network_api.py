"""The network registry over the API: the committee flow, scope, versions, duplicates, money,
personal data, and the number of queries a detail page costs."""

import datetime
import json
import random

import pytest
from django.utils import timezone

from concenter.accounts.models import Role
from concenter.common.thai import generate_fictional_national_id
from concenter.geography.services import village_create
from concenter.network import services
from concenter.network.models import CommitteeTerm, Organization, Position, Seat, TermStatus
from concenter.people.models import Person
from tests.conftest import client_for, make_user
from tests.network.helpers import draft_committee, person

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

TODAY = timezone.localdate()
TERM = {
    "starts_on": (TODAY - datetime.timedelta(days=30)).isoformat(),
    "ends_on": (TODAY + datetime.timedelta(days=4 * 365)).isoformat(),
}


def send(client, method: str, url: str, body: dict | None = None, **extra):
    return getattr(client, method)(
        url, json.dumps(body if body is not None else {}), content_type="application/json", **extra
    )


def post(client, url, body=None, **extra):
    return send(client, "post", url, body, **extra)


def patch(client, url, body, **extra):
    return send(client, "patch", url, body, **extra)


def delete(client, url, **extra):
    return client.delete(url, **extra)


def new_person(client, area_code="710104", **fields):
    number = new_person.counter = getattr(new_person, "counter", 0) + 1
    body = {"given_name": f"ทดสอบ{number}", "family_name": f"สกุลทดสอบ{number}"}
    response = post(client, "/api/v1/people", {**body, **fields, "area_code": area_code})
    assert response.status_code == 201, response.content
    return response.json()


@pytest.fixture
def center(district_officer):
    return services.center_create(actor=district_officer, area_code="710104")


@pytest.fixture
def organization(district_officer, center):
    return services.organization_create(
        actor=district_officer,
        area_code="710104",
        type_code="savings_group",
        name="กลุ่มออมทรัพย์บ้านท่ามะขาม",
        member_count=30,
        funds="1,000",
    )


# The committee flow ---------------------------------------------------------------------------


def test_the_whole_committee_flow_through_the_api(district_officer):
    client = client_for(district_officer)
    response = post(client, "/api/v1/centers", {"area_code": "710104"})
    assert response.status_code == 201, response.content
    assert response.json()["code"] == "710104"
    assert response.json()["current_term"] is None

    response = post(client, "/api/v1/centers/710104/terms", TERM)
    assert response.status_code == 201, response.content
    term = response.json()
    assert term["status"] == "draft"
    assert term["seats"] == []

    people = [new_person(client) for _ in range(9)]
    for index, member in enumerate(people[:8]):
        position = "chair" if index == 0 else "member"
        response = post(
            client,
            f"/api/v1/terms/{term['id']}/seats",
            {"person_id": member["id"], "position": position},
        )
        assert response.status_code == 201, response.content
        assert response.json()["person_name"] == member["full_name"]

    response = post(client, f"/api/v1/terms/{term['id']}/activate")
    assert response.status_code == 422
    rules = response.json()["errors"]["__all__"]
    assert len(rules) == 1
    assert "9" in rules[0] and "8" in rules[0]  # at least 9 members; this one has 8
    assert CommitteeTerm.objects.get(pk=term["id"]).status == TermStatus.DRAFT

    response = post(
        client,
        f"/api/v1/terms/{term['id']}/seats",
        {"person_id": people[8]["id"], "position": "member"},
    )
    assert response.status_code == 201
    response = post(client, f"/api/v1/terms/{term['id']}/activate")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "active"
    assert response.json()["in_force"] is True
    assert response.json()["members"] == 9

    figures = client.get("/api/v1/areas/7101/figures").json()
    assert figures["centers_with_valid_committee"] == 1
    assert figures["seats_filled"] == 9
    assert figures["centers_by_level"]["subdistrict"] == 1
    assert figures["valid_committee_share"] == 1.0
    assert figures["people"] == 9

    detail = client.get("/api/v1/centers/710104").json()
    assert detail["current_term"]["id"] == term["id"]
    assert len(detail["current_term"]["seats"]) == 9
    assert detail["current_term"]["seats"][0]["position"] == "chair"
    assert detail["current_term"]["seats"][0]["person_name"] == people[0]["full_name"]

    person_detail = client.get(f"/api/v1/people/{people[0]['id']}").json()
    assert person_detail["seats"][0]["center_code"] == "710104"
    assert person_detail["seats"][0]["position"] == "chair"
    assert person_detail["seats"][0]["term_starts_on"] == TERM["starts_on"]


def test_activation_lists_every_rule_that_fails(district_officer, center):
    term = services.committee_term_create(
        actor=district_officer,
        center_code="710104",
        starts_on=datetime.date(2025, 10, 1),
        ends_on=datetime.date(2029, 9, 30),
    )
    for _ in range(5):
        services.seat_add(
            actor=district_officer, term_id=term.pk, person_id=person(district_officer).pk
        )
    response = post(client_for(district_officer), f"/api/v1/terms/{term.pk}/activate")
    assert response.status_code == 422
    assert len(response.json()["errors"]["__all__"]) == 2  # too few members, no chair


def test_activation_messages_follow_the_language_of_the_request(district_officer, center):
    term, _seats = draft_committee(district_officer, members=8)
    response = post(
        client_for(district_officer),
        f"/api/v1/terms/{term.pk}/activate",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "at least 9 members" in response.json()["errors"]["__all__"][0]


def test_member_centers_of_a_district_center(district_officer, center):
    services.center_create(actor=district_officer, area_code="7101")
    services.center_create(actor=district_officer, area_code="710101")
    body = client_for(district_officer).get("/api/v1/centers/7101").json()
    assert [c["code"] for c in body["member_centers"]] == ["710101", "710104"]
    assert body["member_centers"][1]["name"] == center.name


def test_center_list_filters(province_officer):
    for code in ("71", "7101", "710104", "7102"):
        services.center_create(actor=province_officer, area_code=code)
    services.center_update(
        actor=province_officer, code="7102", expected_version=None, status="dormant"
    )
    client = client_for(province_officer)
    assert client.get("/api/v1/centers").json()["count"] == 4
    body = client.get("/api/v1/centers", {"area": "7101"}).json()
    assert [c["code"] for c in body["items"]] == ["7101", "710104"]
    assert client.get("/api/v1/centers", {"level": "district"}).json()["count"] == 2
    assert client.get("/api/v1/centers", {"status": "dormant"}).json()["count"] == 1
    assert client.get("/api/v1/centers", {"area": "123"}).status_code == 422


def test_seats_are_removed_from_drafts_and_ended_then_replaced_in_active_terms(
    district_officer, center
):
    client = client_for(district_officer)
    term, seats = draft_committee(district_officer, members=10)
    assert delete(client, f"/api/v1/seats/{seats[9].pk}").status_code == 204
    assert not Seat.objects.filter(pk=seats[9].pk).exists()
    assert post(client, f"/api/v1/terms/{term.pk}/activate").status_code == 200
    response = delete(client, f"/api/v1/seats/{seats[5].pk}")
    assert response.status_code == 422
    assert "seat" in response.json()["errors"]

    ended = post(
        client,
        f"/api/v1/seats/{seats[5].pk}/end",
        {"ends_on": TODAY.isoformat(), "reason": "resignation", "version": 1},
    )
    assert ended.status_code == 200, ended.content
    assert ended.json()["ends_on"] == TODAY.isoformat()
    replacement = person(district_officer)
    response = post(client, f"/api/v1/seats/{seats[5].pk}/replace", {"person_id": replacement.pk})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["replaces_id"] == seats[5].pk
    assert body["position"] == seats[5].position
    assert body["starts_on"] == (TODAY + datetime.timedelta(days=1)).isoformat()
    terms = client.get(f"/api/v1/centers/{center.pk}/terms").json()
    assert terms[0]["open_seats"] == 9


def test_a_draft_term_is_cancelled(district_officer, center):
    term, _seats = draft_committee(district_officer, members=3)
    client = client_for(district_officer)
    response = client.post(f"/api/v1/terms/{term.pk}/cancel", content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "cancelled"


# Scope ----------------------------------------------------------------------------------------


def test_another_district_gets_404_everywhere_never_403(
    district_officer, other_district_officer, center, organization
):
    term, seats = draft_committee(district_officer, members=9)
    someone = seats[0].person
    other = client_for(other_district_officer)
    outsider = person(other_district_officer, area_code="710201")
    answers = {
        "GET center": other.get("/api/v1/centers/710104"),
        "PATCH center": patch(other, "/api/v1/centers/710104", {"version": 1, "name": "ใหม่"}),
        "GET terms": other.get("/api/v1/centers/710104/terms"),
        "POST term": post(other, "/api/v1/centers/710104/terms", TERM),
        "POST center again": post(other, "/api/v1/centers", {"area_code": "710104"}),
        "GET term": other.get(f"/api/v1/terms/{term.pk}"),
        "POST seat": post(other, f"/api/v1/terms/{term.pk}/seats", {"person_id": outsider.pk}),
        "POST activate": post(other, f"/api/v1/terms/{term.pk}/activate"),
        "POST cancel": post(other, f"/api/v1/terms/{term.pk}/cancel"),
        "DELETE seat": delete(other, f"/api/v1/seats/{seats[1].pk}"),
        "POST end seat": post(
            other,
            f"/api/v1/seats/{seats[1].pk}/end",
            {"ends_on": TODAY.isoformat(), "reason": "death", "version": 1},
        ),
        "POST replace seat": post(
            other, f"/api/v1/seats/{seats[1].pk}/replace", {"person_id": outsider.pk}
        ),
        "GET person": other.get(f"/api/v1/people/{someone.pk}"),
        "PATCH person": patch(
            other, f"/api/v1/people/{someone.pk}", {"version": 1, "given_name": "แก้"}
        ),
        "POST person": post(
            other, "/api/v1/people", {"given_name": "คนใหม่", "area_code": "710104"}
        ),
        "GET organization": other.get(f"/api/v1/organizations/{organization.pk}"),
        "PATCH organization": patch(
            other, f"/api/v1/organizations/{organization.pk}", {"version": 1, "name": "แก้"}
        ),
        "POST organization": post(
            other,
            "/api/v1/organizations",
            {"area_code": "710104", "type_code": "savings_group", "name": "กลุ่มใหม่"},
        ),
        "POST member": post(
            other,
            f"/api/v1/organizations/{organization.pk}/members",
            {"person_id": outsider.pk},
        ),
        "GET figures": other.get("/api/v1/areas/7101/figures"),
        "GET national figures": other.get("/api/v1/areas/TH/figures"),
    }
    assert {name: r.status_code for name, r in answers.items()} == dict.fromkeys(answers, 404)
    assert other.get("/api/v1/centers").json()["count"] == 0
    assert other.get("/api/v1/organizations").json()["count"] == 0
    assert [p["id"] for p in other.get("/api/v1/people").json()["items"]] == [outsider.pk]
    # Nothing changed.
    assert Person.objects.filter(given_name="คนใหม่").count() == 0
    assert CommitteeTerm.objects.get(pk=term.pk).status == TermStatus.DRAFT
    assert Seat.objects.filter(term=term).count() == 9
    assert Organization.objects.get(pk=organization.pk).name == organization.name


def test_a_person_of_another_district_is_unknown_when_seated(
    district_officer, other_district_officer, center
):
    term, _seats = draft_committee(district_officer, members=3)
    outsider = person(other_district_officer, area_code="710201")
    response = post(
        client_for(district_officer), f"/api/v1/terms/{term.pk}/seats", {"person_id": outsider.pk}
    )
    assert response.status_code == 422
    assert "person" in response.json()["errors"]


def test_a_viewer_reads_but_every_write_is_404(viewer, district_officer, center):
    client = client_for(viewer)
    assert client.get("/api/v1/centers/710104").status_code == 200
    assert client.get("/api/v1/areas/71/figures").status_code == 200
    response = patch(client, "/api/v1/centers/710104", {"version": 1, "name": "ใหม่"})
    assert response.status_code == 404
    assert post(client, "/api/v1/centers/710104/terms", TERM).status_code == 404


def test_a_viewer_of_one_village_reads_only_that_village(district_officer, center):
    village = village_create(
        actor=district_officer, subdistrict_code="710104", number=1, name_th="บ้านท่ามะขาม"
    )
    villager = person(district_officer, area_code=village.code)
    person(district_officer)  # lives in the subdistrict, outside the village
    client = client_for(make_user("village.viewer", Role.VIEWER, village.code))
    assert [p["id"] for p in client.get("/api/v1/people").json()["items"]] == [villager.pk]
    assert client.get(f"/api/v1/people/{villager.pk}").status_code == 200
    assert client.get("/api/v1/centers").json()["count"] == 0
    assert client.get("/api/v1/centers/710104").status_code == 404


def test_a_center_editor_reads_inside_the_center_and_changes_only_it(district_officer, center):
    editor = client_for(make_user("editor", Role.CENTER_EDITOR, center_code="710104"))
    someone = person(district_officer)
    assert editor.get(f"/api/v1/people/{someone.pk}").json()["phone"] == ""
    response = patch(editor, "/api/v1/centers/710104", {"version": 1, "phone": "034 000 000"})
    assert response.status_code == 200, response.content
    assert post(editor, "/api/v1/centers", {"area_code": "710101"}).status_code == 404


def test_national_figures_for_national_admins_only(national_admin, province_officer):
    assert client_for(national_admin).get("/api/v1/areas/TH/figures").status_code == 200
    assert client_for(province_officer).get("/api/v1/areas/TH/figures").status_code == 404
    assert client_for(province_officer).get("/api/v1/areas/71/figures").status_code == 200
    assert client_for(national_admin).get("/api/v1/areas/99/figures").status_code == 404


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/api/v1/centers"),
        ("get", "/api/v1/centers/710104"),
        ("get", "/api/v1/people"),
        ("get", "/api/v1/organizations"),
        ("get", "/api/v1/partners"),
        ("get", "/api/v1/areas/7101/figures"),
        ("post", "/api/v1/centers"),
        ("post", "/api/v1/people"),
    ],
)
def test_anonymous_requests_are_401(anonymous_client, method, url):
    if method == "get":
        response = anonymous_client.get(url)
    else:
        response = post(anonymous_client, url, {"area_code": "710104", "given_name": "x"})
    assert response.status_code == 401


# Versions -------------------------------------------------------------------------------------


def test_a_stale_version_answers_409_with_the_current_version(district_officer, center):
    client = client_for(district_officer)
    first = patch(client, "/api/v1/centers/710104", {"version": 1, "phone": "034 511 111"})
    assert first.status_code == 200, first.content
    assert first.json()["version"] == 2
    stale = patch(client, "/api/v1/centers/710104", {"version": 1, "phone": "034 511 222"})
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2
    assert client.get("/api/v1/centers/710104").json()["phone"] == "034 511 111"


def test_stale_versions_of_people_organizations_terms_and_seats(
    district_officer, center, organization
):
    client = client_for(district_officer)
    term, seats = draft_committee(district_officer, members=9)
    someone = seats[1].person
    assert (
        patch(
            client, f"/api/v1/people/{someone.pk}", {"version": 99, "given_name": "ใหม่"}
        ).status_code
        == 409
    )
    assert (
        patch(
            client, f"/api/v1/organizations/{organization.pk}", {"version": 99, "name": "ใหม่"}
        ).status_code
        == 409
    )
    response = post(client, f"/api/v1/terms/{term.pk}/activate", {"version": 1})
    assert response.status_code == 409  # each seat added moved the term's version on
    current = client.get(f"/api/v1/terms/{term.pk}").json()["version"]
    assert (
        post(client, f"/api/v1/terms/{term.pk}/activate", {"version": current}).status_code == 200
    )
    response = post(
        client,
        f"/api/v1/seats/{seats[1].pk}/end",
        {"ends_on": TODAY.isoformat(), "reason": "resignation", "version": 7},
    )
    assert response.status_code == 409
    assert response.json()["current_version"] == 1


def test_a_person_is_updated_with_the_fields_sent(district_officer):
    client = client_for(district_officer)
    created = new_person(client, profession="farmer", phone="081 234 5678")
    response = patch(
        client,
        f"/api/v1/people/{created['id']}",
        {"version": created["version"], "family_name": "ใจงาม"},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["family_name"] == "ใจงาม"
    assert body["given_name"] == created["given_name"]
    assert body["profession"] == "farmer"
    assert body["phone"] == "081 234 5678"
    assert body["version"] == created["version"] + 1


# Duplicates, money, personal data -------------------------------------------------------------


def test_a_possible_duplicate_answers_409_with_candidates(district_officer):
    client = client_for(district_officer)
    first = new_person(client, given_name="สมศรี", family_name="มีสุข")
    body = {"given_name": "สมศรี", "family_name": "มีสุข", "area_code": "710104"}
    response = post(client, "/api/v1/people", body)
    assert response.status_code == 409
    answer = response.json()
    assert "given_name" in answer["errors"]
    assert answer["candidates"] == [
        {
            "id": first["id"],
            "name": "สมศรี มีสุข",
            "area_code": "710104",
            "area": first["area_name"],
        }
    ]
    confirmed = post(client, "/api/v1/people", {**body, "confirm_new": True})
    assert confirmed.status_code == 201
    assert confirmed.json()["id"] != first["id"]


def test_money_is_parsed_from_thai_text_and_answered_as_a_string(district_officer, center):
    client = client_for(district_officer)
    body = {
        "area_code": "710104",
        "type_code": "savings_group",
        "name": "กลุ่มออมทรัพย์เพื่อการผลิต",
        "member_count": 40,
        "funds": "12,500 บาท",
    }
    response = post(client, "/api/v1/organizations", body)
    assert response.status_code == 201, response.content
    organization = response.json()
    assert organization["funds"] == "12500.00"
    assert client.get("/api/v1/areas/710104/figures").json()["funds"] == "12500.00"

    number = post(client, "/api/v1/organizations", {**body, "name": "กลุ่มที่สอง", "funds": 250.5})
    assert number.json()["funds"] == "250.50"

    refused = post(client, "/api/v1/organizations", {**body, "name": "กลุ่มติดลบ", "funds": "-500"})
    assert refused.status_code == 422
    assert list(refused.json()["errors"]) == ["funds"]
    response = patch(
        client,
        f"/api/v1/organizations/{organization['id']}",
        {"version": organization["version"], "funds": -1},
    )
    assert response.status_code == 422
    assert "funds" in response.json()["errors"]
    listed = client.get("/api/v1/organizations", {"q": "ออมทรัพย์", "area": "7101"}).json()
    assert [o["funds"] for o in listed["items"]] == ["12500.00"]
    assert client.get("/api/v1/organizations", {"q": "ออมทรัพย์", "area": "7102"}).json() == {
        "items": [],
        "count": 0,
        "next": None,
    }
    assert client.get("/api/v1/organizations", {"type": "savings_group"}).json()["count"] == 2


def test_partners_and_cooperations(district_officer, center):
    client = client_for(district_officer)
    response = post(
        client,
        "/api/v1/partners",
        {"area_code": "7101", "kind": "local_government", "name": "เทศบาลเมืองกาญจนบุรี"},
    )
    assert response.status_code == 201, response.content
    partner = response.json()
    response = post(
        client,
        f"/api/v1/partners/{partner['id']}/cooperations",
        {"center_code": "710104", "kind": "money", "title": "ทุนกิจกรรม", "amount": "50,000"},
    )
    assert response.status_code == 201, response.content
    assert response.json()["amount"] == "50000.00"
    detail = client.get(f"/api/v1/partners/{partner['id']}").json()
    assert [c["title"] for c in detail["cooperations"]] == ["ทุนกิจกรรม"]
    figures = client.get("/api/v1/areas/7101/figures").json()
    assert figures["partners_by_kind"] == {"local_government": 1}
    assert figures["cooperation_amount"] == "50000.00"
    assert client.get("/api/v1/partners").json()["count"] == 1


def test_organization_members_are_added(district_officer, organization):
    client = client_for(district_officer)
    member = person(district_officer)
    response = post(
        client,
        f"/api/v1/organizations/{organization.pk}/members",
        {"person_id": member.pk, "role": "เหรัญญิก"},
    )
    assert response.status_code == 201, response.content
    detail = client.get(f"/api/v1/organizations/{organization.pk}").json()
    assert [m["person_id"] for m in detail["members"]] == [member.pk]
    assert client.get(f"/api/v1/people/{member.pk}").json()["memberships"][0]["role"] == "เหรัญญิก"


def test_the_national_id_never_leaves_the_server(district_officer, viewer):
    national_id = generate_fictional_national_id(random.Random(2567))
    client = client_for(district_officer)
    body = {"given_name": "บุญมี", "family_name": "ศรีสุข", "area_code": "710104"}
    created = post(client, "/api/v1/people", {**body, "national_id": national_id})
    assert created.status_code == 201, created.content
    person_id = created.json()["id"]
    assert created.json()["national_id_last4"] == national_id[-4:]
    responses = [
        created,
        client.get(f"/api/v1/people/{person_id}"),
        client.get("/api/v1/people", {"q": "บุญมี"}),
        client_for(viewer).get(f"/api/v1/people/{person_id}"),
        patch(
            client,
            f"/api/v1/people/{person_id}",
            {"version": 1, "national_id": national_id, "title": "นาย"},
        ),
        post(client, "/api/v1/people", {**body, "national_id": national_id, "confirm_new": True}),
        post(client, "/api/v1/people", {**body, "national_id": national_id[:12] + "x"}),
        post(client, "/api/v1/people", {**body, "national_id": national_id, "birth_year": "x"}),
    ]
    assert [r.status_code for r in responses] == [201, 200, 200, 200, 200, 422, 422, 422]
    for response in responses:
        assert national_id.encode() not in response.content
        assert b"national_id_hash" not in response.content


def test_phone_only_for_users_who_may_change_the_area(district_officer, viewer):
    created = new_person(client_for(district_officer), phone="081 234 5678")
    assert created["phone"] == "081 234 5678"
    seen_by_viewer = client_for(viewer).get(f"/api/v1/people/{created['id']}").json()
    assert seen_by_viewer["phone"] is None
    listed = client_for(viewer).get("/api/v1/people").json()["items"]
    assert [p["phone"] for p in listed] == [None]


def test_people_are_searched_and_filtered(district_officer, other_district_officer):
    client = client_for(district_officer)
    new_person(client, given_name="มานี", family_name="รักเรียน", profession="teacher")
    new_person(client, area_code="710101", given_name="มานะ", family_name="ขยัน")
    other = client_for(other_district_officer)
    new_person(other, area_code="710201", given_name="มานี", family_name="ไกลบ้าน")

    def names(**params):
        return [p["full_name"] for p in client.get("/api/v1/people", params).json()["items"]]

    # Ranked search: the name itself first, then names one typo away; never another district.
    assert names(q="มานี") == ["มานี รักเรียน", "มานะ ขยัน"]
    assert names(q="มานี รัก") == ["มานี รักเรียน"]
    assert names(q="มานี", subdistrict="710101") == ["มานะ ขยัน"]
    assert names(q="มานี", profession="teacher") == ["มานี รักเรียน"]
    assert client.get("/api/v1/people", {"subdistrict": "710101"}).json()["count"] == 1
    teachers = client.get("/api/v1/people", {"profession": "teacher"}).json()
    assert [p["given_name"] for p in teachers["items"]] == ["มานี"]


# Queries --------------------------------------------------------------------------------------


# Each request also reads the session, the user and their roles, and saves the session (6).
CENTER_DETAIL_MAX_QUERIES = 10
PERSON_DETAIL_MAX_QUERIES = 11


def _queries(client, url, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_center_detail_costs_the_same_queries_with_3_and_15_seats(
    province_officer, django_assert_max_num_queries
):
    for code in ("7101", "710104", "710101"):
        services.center_create(actor=province_officer, area_code=code)
    draft_committee(province_officer, center_code="710104", members=3)
    term, _seats = draft_committee(province_officer, center_code="710101", members=15)
    services.committee_term_activate(actor=province_officer, term_id=term.pk)
    client = client_for(province_officer)
    limit = CENTER_DETAIL_MAX_QUERIES
    small = _queries(client, "/api/v1/centers/710104", django_assert_max_num_queries, limit)
    large = _queries(client, "/api/v1/centers/710101", django_assert_max_num_queries, limit)
    assert small == large
    assert len(client.get("/api/v1/centers/710101").json()["current_term"]["seats"]) == 15
    # A district center also reads its member centers.
    _queries(client, "/api/v1/centers/7101", django_assert_max_num_queries, limit)


def _person_with_seats(actor, count):
    someone = person(actor)
    first_year = 2000 + 20 * (someone.pk % 3)
    for index in range(count):
        term = services.committee_term_create(
            actor=actor,
            center_code="710104",
            starts_on=datetime.date(first_year + index, 1, 1),
            ends_on=datetime.date(first_year + index, 12, 31),
        )
        services.seat_add(
            actor=actor, term_id=term.pk, person_id=someone.pk, position=Position.CHAIR
        )
        organization = services.organization_create(
            actor=actor,
            area_code="710104",
            type_code="village_fund",
            name=f"กองทุนหมู่บ้าน {someone.pk}-{index}",
            leader_id=someone.pk,
        )
        services.organization_member_add(
            actor=actor, organization_id=organization.pk, person_id=someone.pk
        )
    return someone


def test_person_detail_costs_the_same_queries_with_3_and_15_seats(
    district_officer, center, django_assert_max_num_queries
):
    few = _person_with_seats(district_officer, 3)
    many = _person_with_seats(district_officer, 15)
    client = client_for(district_officer)
    limit = PERSON_DETAIL_MAX_QUERIES
    small = _queries(client, f"/api/v1/people/{few.pk}", django_assert_max_num_queries, limit)
    large = _queries(client, f"/api/v1/people/{many.pk}", django_assert_max_num_queries, limit)
    assert small == large
    body = client.get(f"/api/v1/people/{many.pk}").json()
    assert len(body["seats"]) == len(body["organizations_led"]) == len(body["memberships"]) == 15
