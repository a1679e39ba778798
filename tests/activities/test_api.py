"""Activities, meetings, plans and stories over /api/v1/: the same services, the reader's
scope (404 outside it), 409 on a stale version, money as string decimals."""

import json

import pytest
from django.test import Client

from concenter.accounts.services import api_token_create
from concenter.activities.models import Activity, Story
from concenter.network import services as network
from tests.activities.conftest import make_person

pytestmark = pytest.mark.django_db


class Api:
    def __init__(self, user=None):
        self.client = Client()
        self.headers = {}
        if user is not None:
            self.headers["HTTP_AUTHORIZATION"] = f"Bearer {api_token_create(user=user)[1]}"

    def get(self, url, **params):
        return self.client.get(url, params, **self.headers)

    def send(self, method, url, body=None):
        return getattr(self.client, method)(
            url, json.dumps(body or {}), content_type="application/json", **self.headers
        )


ACTIVITY = {
    "kind": "training",
    "title": "อบรมบัญชีครัวเรือน",
    "starts_on": "2020-09-30",
    "missions": ["sufficiency", "funds"],
    "budget": "10,000",
    "spent": 12500.5,
    "participants": [
        {"sex": "female", "age_band": "working", "count": 20},
        {"sex": "male", "age_band": "elder", "count": 5},
    ],
}


def test_an_activity_is_recorded_read_changed_and_deleted(centers, district_officer):
    api = Api(district_officer)
    response = api.send("post", "/api/v1/centers/710104/activities", ACTIVITY)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["fiscal_year"], body["ends_on"]) == (2563, "2020-09-30")
    assert (body["budget"], body["spent"], body["overspent"]) == ("10000.00", "12500.50", True)
    assert body["participants_total"] == 25 and body["missions"] == ["sufficiency", "funds"]
    assert body["attendance"] is None and body["quorum"] is None
    activity_id = body["id"]
    listed = api.get("/api/v1/centers/710104/activities", fiscal_year=2563).json()
    assert [item["id"] for item in listed["items"]] == [activity_id]
    assert api.get("/api/v1/centers/710104/activities", fiscal_year=2564).json()["count"] == 0
    response = api.send(
        "patch",
        f"/api/v1/activities/{activity_id}",
        {"version": body["version"], "starts_on": "2020-10-01", "title": "ย้ายปีงบ"},
    )
    assert response.status_code == 200, response.content
    changed = response.json()
    assert (changed["fiscal_year"], changed["title"]) == (2564, "ย้ายปีงบ")
    assert changed["participants_total"] == 25  # untouched parts stay
    stale = api.send("patch", f"/api/v1/activities/{activity_id}", {"version": 1, "title": "x"})
    assert stale.status_code == 409 and stale.json()["current_version"] == changed["version"]
    assert api.send("delete", f"/api/v1/activities/{activity_id}").status_code == 204
    assert not Activity.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"starts_on": "2020-09-30", "ends_on": "2020-09-01"}, "ends_on"),
        ({"missions": []}, "missions"),
        ({"spent": "-1"}, "spent"),
        (
            {"participants": [{"sex": "female", "age_band": "working", "count": 1}] * 2},
            "participants",
        ),
    ],
    ids=["dates-out-of-order", "no-mission", "negative-money", "twice-the-same-cell"],
)
def test_bad_input_answers_422_naming_the_field(centers, district_officer, change, field):
    response = Api(district_officer).send(
        "post", "/api/v1/centers/710104/activities", {**ACTIVITY, **change}
    )
    assert response.status_code == 422
    assert field in response.json()["errors"]


def test_outside_the_scope_answers_404_and_anonymous_401(
    centers, district_officer, other_district_officer, viewer
):
    activity_id = (
        Api(district_officer)
        .send("post", "/api/v1/centers/710104/activities", ACTIVITY)
        .json()["id"]
    )
    other = Api(other_district_officer)
    assert other.get(f"/api/v1/activities/{activity_id}").status_code == 404
    assert other.get("/api/v1/centers/710104/activities").status_code == 404
    assert other.send("post", "/api/v1/centers/710104/activities", ACTIVITY).status_code == 404
    reader = Api(viewer)
    assert reader.get(f"/api/v1/activities/{activity_id}").status_code == 200
    response = reader.send("patch", f"/api/v1/activities/{activity_id}", {"version": 1})
    assert response.status_code == 404
    assert Api().get(f"/api/v1/activities/{activity_id}").status_code == 401


def test_meeting_attendance_and_quorum_over_the_api(committee, district_officer):
    _term, seats = committee
    api = Api(district_officer)
    meeting = api.send(
        "post",
        "/api/v1/centers/710104/activities",
        {
            **ACTIVITY,
            "kind": "committee_meeting",
            "starts_on": "2025-03-01",
            "agenda": "1. แจ้งเพื่อทราบ",
            "resolutions": ["รับรองรายงานการประชุม"],
        },
    ).json()
    assert meeting["quorum"] == {
        "seats": 9,
        "present": 0,
        "excused": 0,
        "absent": 0,
        "needed": 5,
        "share": "1/2",
        "met": False,
    }
    assert len(meeting["attendance"]) == 10 and meeting["resolutions"] == ["รับรองรายงานการประชุม"]
    response = api.send(
        "put",
        f"/api/v1/activities/{meeting['id']}/attendance",
        {
            "version": meeting["version"],
            "attendance": [{"seat_id": s.pk, "status": "present"} for s in seats[:5]],
        },
    )
    assert response.status_code == 200, response.content
    assert response.json()["quorum"]["met"] is True
    bad = api.send(
        "put",
        f"/api/v1/activities/{meeting['id']}/attendance",
        {"attendance": [{"seat_id": 999999, "status": "present"}]},
    )
    assert bad.status_code == 422


def test_partners_and_attendees_over_the_api(centers, district_officer, province_officer):
    api = Api(district_officer)
    activity = api.send("post", "/api/v1/centers/710104/activities", ACTIVITY).json()
    partner = network.partner_create(
        actor=district_officer, area_code="7101", kind="private", name="บริษัทใจดี"
    )
    response = api.send(
        "post",
        f"/api/v1/activities/{activity['id']}/partners",
        {"partner_id": partner.pk, "money": "5,000", "in_kind": "อาหารกลางวัน"},
    )
    assert response.status_code == 201 and response.json()["money"] == "5000.00"
    person = make_person(district_officer, "710104", 1)
    outsider = make_person(province_officer, "710201", 2)
    response = api.send(
        "post", f"/api/v1/activities/{activity['id']}/attendees", {"person_id": person.pk}
    )
    assert response.status_code == 201
    refused = api.send(
        "post", f"/api/v1/activities/{activity['id']}/attendees", {"person_id": outsider.pk}
    )
    assert refused.status_code == 422 and "person" in refused.json()["errors"]
    detail = api.get(f"/api/v1/activities/{activity['id']}").json()
    assert [p["partner_name"] for p in detail["partners"]] == ["บริษัทใจดี"]
    assert [a["person_id"] for a in detail["attendees"]] == [person.pk]
    assert (
        api.send("delete", f"/api/v1/activity-partners/{detail['partners'][0]['id']}").status_code
        == 204
    )
    assert (
        api.send("delete", f"/api/v1/activity-attendees/{detail['attendees'][0]['id']}").status_code
        == 204
    )


def test_stories_over_the_api(centers, district_officer):
    api = Api(district_officer)
    response = api.send(
        "post",
        "/api/v1/centers/710104/stories",
        {"title": "พ้นหนี้", "body": "<script>x</script>**สำเร็จ**", "money_saved": "380,000"},
    )
    assert response.status_code == 201
    story = response.json()
    assert "<script" not in story["body_html"] and "<strong>สำเร็จ</strong>" in story["body_html"]
    assert story["money_saved"] == "380000.00" and story["published"] is False
    published = api.send("post", f"/api/v1/stories/{story['id']}/publish", {})
    assert published.status_code == 200 and published.json()["published"] is True
    refused = api.send(
        "patch",
        f"/api/v1/stories/{story['id']}",
        {"version": published.json()["version"], "body": "โทร 081 234 5678"},
    )
    assert refused.status_code == 422 and "body" in refused.json()["errors"]
    assert api.get("/api/v1/centers/710104/stories", published=True).json()["count"] == 1
    assert Story.objects.get().body == "<script>x</script>**สำเร็จ**"


def test_community_plans_over_the_api(centers, district_officer, other_district_officer):
    api = Api(district_officer)
    response = api.send(
        "post",
        "/api/v1/community-plans",
        {"area_code": "710104", "first_year": 2566, "last_year": 2570, "problems": "น้ำไม่พอใช้"},
    )
    assert response.status_code == 201, response.content
    plan = response.json()
    response = api.send(
        "post",
        f"/api/v1/community-plans/{plan['id']}/projects",
        {
            "name": "ประปาหมู่บ้าน",
            "mission": "environment",
            "doer": "local_government",
            "budget": "450,000",
            "year": 2567,
        },
    )
    assert response.status_code == 201 and response.json()["budget"] == "450000.00"
    project = response.json()
    response = api.send(
        "patch",
        f"/api/v1/community-projects/{project['id']}",
        {"version": project["version"], "progress": "done"},
    )
    assert response.status_code == 200 and response.json()["progress"] == "done"
    assert api.get("/api/v1/areas/7101/community-plans").json()["count"] == 1
    assert (
        api.get(f"/api/v1/community-plans/{plan['id']}").json()["projects"][0]["progress"] == "done"
    )
    other = Api(other_district_officer)
    assert other.get(f"/api/v1/community-plans/{plan['id']}").status_code == 404
    assert other.get("/api/v1/areas/710104/community-plans").json()["count"] == 0
    overlap = api.send(
        "post", "/api/v1/community-plans", {"area_code": "710104", "first_year": 2570}
    )
    assert overlap.status_code == 422 and "first_year" in overlap.json()["errors"]


def test_every_operation_is_in_the_openapi_document():
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/centers/{code}/activities",
        "/api/v1/activities/{activity_id}",
        "/api/v1/activities/{activity_id}/attendance",
        "/api/v1/centers/{code}/stories",
        "/api/v1/stories/{story_id}/publish",
        "/api/v1/community-plans",
        "/api/v1/community-projects/{project_id}",
        "/api/v1/exhibition/{code}",
    ):
        assert path in paths, path
