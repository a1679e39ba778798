"""The assessment over the API: a whole round from opening to approval, and its refusals."""

import json

import pytest

from concenter.accounts.services import api_token_create
from concenter.assessment.models import ScoringKind

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-11-20T09:15")]


def _client(user):
    from django.test import Client

    token = api_token_create(user=user, name="test")[1]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    def call(method: str, url: str, body: dict | None = None):
        if method == "get":
            return client.get(url)
        return getattr(client, method)(url, json.dumps(body or {}), content_type="application/json")

    return call


def test_a_whole_round_through_the_api(
    national_admin, editor, district_officer, province_officer, centers
):
    admin = _client(national_admin)
    opened = admin(
        "post",
        "/api/v1/assessment-rounds",
        {
            "fiscal_year": 2570,
            "level": "subdistrict",
            "opens_on": "2026-10-01",
            "due_on": "2026-12-31",
        },
    )
    assert opened.status_code == 201, opened.content
    round_id = opened.json()["id"]

    committee = _client(editor)
    started = committee("post", f"/api/v1/assessment-rounds/{round_id}/centers/710104")
    assert started.status_code == 201
    assessment = started.json()
    answers = [
        {"indicator_id": a["indicator_id"], "level": 4}
        if a["kind"] == ScoringKind.LEVELS
        else {"indicator_id": a["indicator_id"], "figure": "7"}
        for a in assessment["answers"]
    ]
    saved = committee(
        "put",
        f"/api/v1/assessments/{assessment['id']}/answers",
        {"version": assessment["version"], "answers": answers},
    )
    assert saved.status_code == 200
    assert saved.json()["score"] != "0.00"
    url = f"/api/v1/assessments/{assessment['id']}"
    assert committee("post", f"{url}/submit").json()["status"] == "submitted"

    district = _client(district_officer)
    refused = district("post", f"{url}/return", {"reason": ""})
    assert refused.status_code == 422
    assert (
        district("post", f"{url}/return", {"reason": "ขอหลักฐานเพิ่ม"}).json()["status"] == "returned"
    )
    assert committee("post", f"{url}/submit").json()["status"] == "submitted"
    assert district("post", f"{url}/verify").json()["status"] == "verified"
    assert district("post", f"{url}/approve").status_code == 404
    province = _client(province_officer)
    approved = province("post", f"{url}/approve").json()
    assert approved["status"] == "approved"
    assert [s["action"] for s in approved["steps"]] == [
        "submit",
        "return",
        "submit",
        "verify",
        "approve",
    ]

    progress = province("get", f"/api/v1/assessment-rounds/{round_id}/progress/71").json()
    assert progress["total"]["approved"] == 1
    results = province("get", f"/api/v1/assessment-rounds/{round_id}/results/71").json()
    assert results["rows"][0]["center_code"] == "710104"
    assert results["indicators"]


def test_a_stale_version_answers_409(editor, filled):
    call = _client(editor)
    response = call(
        "put",
        f"/api/v1/assessments/{filled.pk}/answers",
        {"version": filled.version - 1, "answers": []},
    )
    assert response.status_code == 409


def test_a_bad_level_answers_422_naming_the_indicator(editor, filled):
    answer = (
        filled.answers.filter(indicator__kind=ScoringKind.LEVELS)
        .select_related("indicator__dimension")
        .first()
    )
    response = _client(editor)(
        "put",
        f"/api/v1/assessments/{filled.pk}/answers",
        {"answers": [{"indicator_id": answer.indicator_id, "level": 6}]},
    )
    assert response.status_code == 422
    assert answer.indicator.code in response.content.decode()
