"""Imports over the API: upload, report, import, undo; a batch is its uploader's."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from ninja import NinjaAPI
from ninja.testing import TestClient

from concenter.accounts.services import api_token_create
from concenter.api import base
from concenter.exchange.api import router
from concenter.people.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def client():
    """The imports router on an API with the project's auth and error answers (it is attached
    to /api/v1/ by config/api.py)."""
    api = NinjaAPI(urls_namespace="exchange-api-test", auth=base.AUTH)
    for exception, handler in base.api._exception_handlers.items():
        api.add_exception_handler(exception, handler)
    api.add_router("/", router)
    return TestClient(api)


def _bearer(user) -> dict:
    return {"Authorization": f"Bearer {api_token_create(user=user, name='test')[1]}"}


def _file(rows: str) -> dict:
    return {"file": SimpleUploadedFile("people.csv", rows.encode("utf-8"), "text/csv")}


def test_upload_check_import_and_undo(client, district_officer):
    headers = _bearer(district_officer)
    response = client.post(
        "/imports",
        data={"kind": "people", "mode": "partial"},
        FILES=_file("ชื่อ,รหัสพื้นที่\nเอพีไอ,710104\nผิด,999999\n"),
        headers=headers,
    )
    assert response.status_code == 201, response.content
    batch = response.json()
    assert (batch["status"], batch["created"], batch["rejected"]) == ("checked", 1, 1)
    assert batch["rejected_rows"][0]["row"] == 3
    assert batch["rejected_rows"][0]["errors"][0][0] == "รหัสพื้นที่"
    done = client.post(f"/imports/{batch['id']}/commit", json={}, headers=headers).json()
    assert done["status"] == "done" and Person.objects.filter(given_name="เอพีไอ").exists()
    assert [b["id"] for b in client.get("/imports", headers=headers).json()] == [batch["id"]]
    undone = client.post(f"/imports/{batch['id']}/undo", headers=headers).json()
    assert undone["status"] == "undone" and not Person.objects.filter(given_name="เอพีไอ")


def test_a_batch_is_404_for_anyone_but_its_uploader(
    client, district_officer, other_district_officer
):
    response = client.post(
        "/imports", data={"kind": "people"}, FILES=_file("ชื่อ,รหัสพื้นที่\nของฉัน,710104\n"),
        headers=_bearer(district_officer),
    )  # fmt: skip
    batch_id = response.json()["id"]
    other = _bearer(other_district_officer)
    assert client.get(f"/imports/{batch_id}", headers=other).status_code == 404
    assert client.post(f"/imports/{batch_id}/commit", json={}, headers=other).status_code == 404
    assert client.get("/imports", headers=other).json() == []


def test_a_wrong_file_type_or_kind_is_422(client, district_officer):
    headers = _bearer(district_officer)
    bad = {"file": SimpleUploadedFile("notes.txt", b"x")}
    assert (
        client.post("/imports", data={"kind": "people"}, FILES=bad, headers=headers).status_code
        == 422
    )
    wrong_kind = client.post(
        "/imports", data={"kind": "secrets"}, FILES=_file("a"), headers=headers
    )
    assert wrong_kind.status_code == 422
