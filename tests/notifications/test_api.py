"""The outbox and contact channels over the API, and the examples the OpenAPI document gives."""

import json

import pytest

from concenter.notifications.models import ContactChannel, OutboxMessage, OutboxState
from concenter.notifications.services import Recipient, message_enqueue
from concenter.people.services import PersonData, person_create
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

NEW_OPERATIONS = [
    ("get", "/api/v1/outbox"),
    ("post", "/api/v1/outbox/{message_id}/retry"),
    ("post", "/api/v1/contact-channels"),
    ("get", "/api/v1/people/{person_id}/contact-channels"),
]


def _post(client, url, body=None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def test_every_new_operation_is_in_the_openapi_document_with_an_example(anonymous_client):
    document = anonymous_client.get("/api/v1/openapi.json").json()
    for method, path in NEW_OPERATIONS:
        operation = document["paths"][path][method]
        examples = json.dumps(operation.get("responses", {})) + json.dumps(
            operation.get("requestBody", {})
        )
        assert '"example"' in examples, (method, path)


def test_an_officer_lists_the_failures_of_their_area_and_retries_one(district_officer):
    mine = message_enqueue(
        kind="test", recipient=Recipient(name="สมชาย", email="somchai@example.org"),
        context={"name": "สมชาย"}, idempotency_key="api:mine", area_code="710104",
    )  # fmt: skip
    message_enqueue(
        kind="test", recipient=Recipient(name="สมหญิง", email="somying@example.org"),
        context={"name": "สมหญิง"}, idempotency_key="api:theirs", area_code="720101",
    )  # fmt: skip
    OutboxMessage.objects.update(state=OutboxState.FAILED, last_error="SMTP 550")
    client = client_for(district_officer)
    listed = client.get("/api/v1/outbox?state=failed").json()
    assert [item["id"] for item in listed["items"]] == [mine.pk]
    retried = _post(client, f"/api/v1/outbox/{mine.pk}/retry").json()
    assert (retried["state"], retried["attempts"]) == ("pending", 0)
    theirs = OutboxMessage.objects.get(idempotency_key="api:theirs")
    assert _post(client, f"/api/v1/outbox/{theirs.pk}/retry").status_code == 404


def test_an_officer_records_a_line_account_with_consent_and_a_bad_id_is_refused_in_thai(
    district_officer,
):
    person = person_create(
        actor=district_officer, data=PersonData(given_name="สมศรี"), area_code="710104",
        confirm_new=True,
    )  # fmt: skip
    client = client_for(district_officer)
    body = {
        "person_id": person.pk,
        "channel": "line",
        "address": "U" + "4af4980629" * 3 + "ab",
        "consent": True,
        "method": "paper",
    }
    created = _post(client, "/api/v1/contact-channels", body)
    assert created.status_code == 201 and created.json()["consent_method"] == "paper"
    bad = _post(client, "/api/v1/contact-channels", {**body, "address": "somsri"})
    assert bad.status_code == 422
    assert "รหัสผู้ใช้ LINE" in bad.json()["detail"] and "address" in bad.json()["errors"]
    listed = client.get(f"/api/v1/people/{person.pk}/contact-channels").json()
    assert [row["channel"] for row in listed] == ["line"]
    assert ContactChannel.objects.count() == 1


def test_a_person_outside_the_area_is_not_found(district_officer, other_district_officer):
    person = person_create(
        actor=district_officer, data=PersonData(given_name="สมศรี"), area_code="710104",
        confirm_new=True,
    )  # fmt: skip
    answer = _post(
        client_for(other_district_officer),
        "/api/v1/contact-channels",
        {"person_id": person.pk, "channel": "email", "address": "a@example.org",
         "consent": True, "method": "paper"},
    )  # fmt: skip
    assert answer.status_code == 404 and not ContactChannel.objects.exists()


def test_a_person_who_does_not_exist_is_not_found_even_for_the_national_admin(national_admin):
    client = client_for(national_admin)
    answer = _post(
        client,
        "/api/v1/contact-channels",
        {"person_id": 987654, "channel": "email", "address": "a@example.org",
         "consent": True, "method": "paper"},
    )  # fmt: skip
    assert answer.status_code == 404 and not ContactChannel.objects.exists()
    assert client.get("/api/v1/people/987654/contact-channels").status_code == 404
