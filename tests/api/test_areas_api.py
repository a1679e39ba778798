import json

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_area_by_code(anonymous_client):
    body = anonymous_client.get("/api/v1/areas/71").json()
    assert body["code"] == "71"
    assert body["name_th"] == "กาญจนบุรี"
    assert body["level"] == "province"
    assert body["children_count"] == 13


def test_unknown_area_code_is_404_with_a_message_in_thai(anonymous_client):
    response = anonymous_client.get("/api/v1/areas/99")
    assert response.status_code == 404
    assert response.json()["detail"] == "ไม่พบข้อมูล"


def test_unknown_area_code_message_in_english(anonymous_client):
    response = anonymous_client.get("/api/v1/areas/99", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["detail"] == "Not found."


def test_children_of_a_province_are_paginated(anonymous_client):
    body = anonymous_client.get("/api/v1/areas?parent=71&limit=5").json()
    assert body["count"] == 13
    assert len(body["items"]) == 5
    assert {item["parent"] for item in body["items"]} == {"71"}
    assert set(body["items"][0]) >= {"code", "name_th", "name_en", "level", "parent"}


def test_children_of_an_unknown_parent_is_a_clear_error(anonymous_client):
    response = anonymous_client.get("/api/v1/areas?parent=00")
    assert response.status_code == 422
    assert "parent" in response.json()["errors"]


def test_search_through_the_api(anonymous_client):
    body = anonymous_client.get("/api/v1/areas", {"q": "กาญจนบุรี"}).json()
    assert body["items"][0]["code"] == "71"


def test_token_obtained_with_password_authenticates_api_writes(district_officer):
    from django.test import Client

    client = Client()
    bad = client.post(
        "/api/v1/auth/token",
        json.dumps({"username": "kan.mueang", "password": "wrong"}),
        content_type="application/json",
    )
    assert bad.status_code == 401
    good = client.post(
        "/api/v1/auth/token",
        json.dumps({"username": "kan.mueang", "password": "correct horse battery"}),
        content_type="application/json",
    )
    token = good.json()["token"]
    response = client.post(
        "/api/v1/villages",
        json.dumps({"subdistrict_code": "710104", "number": 7, "name_th": "บ้านทดสอบ"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 201, response.content
    assert response.json()["code"] == "71010407"


def test_token_create_command(district_officer, capsys):
    call_command("token", "create", "kan.mueang")
    key = capsys.readouterr().out.strip()
    from django.test import Client

    response = Client().post(
        "/api/v1/villages",
        json.dumps({"subdistrict_code": "710104", "number": 8, "name_th": "บ้าน"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code == 201


def test_invalid_village_number_names_the_field(district_officer):
    from tests.conftest import client_for

    response = client_for(district_officer).post(
        "/api/v1/villages",
        json.dumps({"subdistrict_code": "710104", "number": 100, "name_th": "บ้าน"}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "number" in response.json()["errors"]


def test_openapi_document_is_served(anonymous_client):
    document = anonymous_client.get("/api/v1/openapi.json").json()
    assert "/api/v1/areas/{code}" in document["paths"]
