"""Events over the API: scope, versions, registrations, the door, public reads."""

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from concenter.accounts.models import Role
from concenter.accounts.services import api_token_create
from concenter.events import services
from concenter.events.models import Event, Registration
from tests.conftest import make_user
from tests.events.conftest import door_token, new_person

pytestmark = pytest.mark.django_db


def _client(user) -> tuple[Client, dict]:
    _token, key = api_token_create(user=user, name="test")
    return Client(), {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def _call(user, method: str, url: str, body: dict | None = None):
    client, headers = _client(user)
    if method == "get":
        return client.get(url, **headers)
    return getattr(client, method)(
        url, json.dumps(body or {}), content_type="application/json", **headers
    )


def test_an_officer_creates_an_event_and_reads_it_back(centers):
    officer = make_user("api.mueang", Role.DISTRICT_OFFICER, "7101")
    response = _call(
        officer,
        "post",
        "/api/v1/events",
        {
            "organizer_code": "7101",
            "title": "ประชุมเครือข่ายอำเภอเมือง",
            "starts_at": "2026-03-01T09:00:00",
            "ends_at": "2026-03-01T12:00:00",
            "capacity": 80,
        },
    )
    assert response.status_code == 201, response.content
    data = response.json()
    starts = datetime.datetime.fromisoformat(data["starts_at"].replace("Z", "+00:00"))
    assert timezone.localtime(starts).isoformat() == "2026-03-01T09:00:00+07:00"  # Bangkok
    assert data["status"] == "draft" and data["agenda"] == []
    listed = _call(officer, "get", "/api/v1/events").json()["items"]
    assert [e["id"] for e in listed] == [data["id"]]


def test_an_event_outside_the_scope_answers_404(admin, event):
    officer = make_user("api.saiyok", Role.DISTRICT_OFFICER, "7102")
    assert _call(officer, "get", f"/api/v1/events/{event.pk}").status_code == 404
    assert _call(officer, "get", f"/api/v1/events/{event.pk}/registrations").status_code == 404
    assert _call(officer, "get", "/api/v1/events").json()["items"] == []


def test_a_stale_patch_answers_409(admin, event):
    version = event.version
    assert (
        _call(
            admin, "patch", f"/api/v1/events/{event.pk}", {"version": version, "title": "ใหม่"}
        ).status_code
        == 200
    )
    stale = _call(admin, "patch", f"/api/v1/events/{event.pk}", {"version": version, "title": "x"})
    assert stale.status_code == 409
    assert stale.json()["current_version"] == version + 1


def test_registrations_show_contact_and_ticket_only_to_those_who_may_change(admin, event):
    services.registration_create(
        actor=admin, event_id=event.pk, full_name="นายติดต่อ ได้", phone="081 234 5678"
    )
    viewer = make_user("api.viewer", Role.VIEWER, "71")
    [seen] = _call(viewer, "get", f"/api/v1/events/{event.pk}/registrations").json()["items"]
    assert seen["name"] == "นายติดต่อ ได้"
    assert (seen["phone"], seen["code"], seen["ticket_url"], seen["door_token"]) == (
        None,
        None,
        None,
        None,
    )
    [full] = _call(admin, "get", f"/api/v1/events/{event.pk}/registrations").json()["items"]
    assert full["phone"] == "081 234 5678"
    assert "/t/" in full["ticket_url"]


def test_the_waiting_list_over_the_api(admin, event):
    statuses = [
        _call(
            admin,
            "post",
            f"/api/v1/events/{event.pk}/registrations",
            {"person_id": new_person(admin).pk},
        ).json()["status"]
        for _ in range(6)
    ]
    assert statuses == ["confirmed"] * 5 + ["waitlisted"]
    first = Registration.objects.filter(event=event).order_by("pk").first()
    cancelled = _call(admin, "post", f"/api/v1/registrations/{first.pk}/cancel", {"reason": "ป่วย"})
    assert cancelled.json()["status"] == "cancelled"
    assert not Registration.objects.filter(event=event, status="waitlisted").exists()


def test_a_bulk_list_with_an_error_answers_422_naming_the_line(admin, event):
    response = _call(
        admin,
        "post",
        f"/api/v1/events/{event.pk}/registrations/bulk",
        {"lines": ["นายหนึ่ง ดี", "0000000000000"]},
    )
    assert response.status_code == 422
    assert response.json()["errors"]["lines"][0].startswith(("Line 2", "บรรทัดที่ 2"))
    assert not Registration.objects.exists()


def test_a_check_in_over_the_api_is_idempotent(admin, event):
    registration = services.registration_create(actor=admin, event_id=event.pk, full_name="ก ข")
    body = {"scan": door_token(registration), "client_id": "api-scan-000001"}
    first = _call(admin, "post", f"/api/v1/events/{event.pk}/checkins", body).json()
    again = _call(admin, "post", f"/api/v1/events/{event.pk}/checkins", body).json()
    assert (first["outcome"], first["duplicate"]) == ("recorded", False)
    assert (again["outcome"], again["duplicate"]) == ("recorded", True)
    forged = _call(
        admin, "post", f"/api/v1/events/{event.pk}/checkins", {"scan": body["scan"] + "x"}
    ).json()
    assert forged["outcome"] == "refused" and forged["name"] == ""


def test_door_staff_reach_the_door_operations_only(admin, event, door_user):
    services.event_staff_add(actor=admin, event_id=event.pk, username=door_user.username)
    registration = services.registration_create(actor=admin, event_id=event.pk, full_name="ก ข")
    checkin = _call(
        door_user, "post", f"/api/v1/events/{event.pk}/checkins", {"scan": registration.code}
    )
    assert checkin.status_code == 200 and checkin.json()["outcome"] == "recorded"
    assert _call(door_user, "get", f"/api/v1/events/{event.pk}/attendance").status_code == 200
    assert _call(door_user, "get", f"/api/v1/events/{event.pk}").status_code == 404
    assert _call(door_user, "get", f"/api/v1/registrations/{registration.pk}").status_code == 404


def test_public_events_need_no_login_and_hide_drafts(admin, event):
    draft_id = services.event_create(
        actor=admin,
        organizer_code="7101",
        title="ฉบับร่าง",
        starts_at=event.starts_at,
        ends_at=event.ends_at,
    ).pk
    client = Client()
    listed = client.get("/api/v1/public/events", {"area": "71"}).json()["items"]
    assert [e["id"] for e in listed] == [event.pk]
    assert client.get(f"/api/v1/public/events/{draft_id}").status_code == 404
    detail = client.get(f"/api/v1/public/events/{event.pk}").json()
    assert detail["figures"] is None  # figures once the event is held
    assert "phone" not in json.dumps(detail)
    assert Event.objects.count() == 2
