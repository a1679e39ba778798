"""Input that used to reach the database or a page and break it: lone surrogates in JSON,
dates of year 9999 or 1, numbers of 24 digits. Each is refused with the field named."""

import json

import pytest
from django.test import Client

from concenter.network import services as network
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(national_admin) -> Client:
    return client_for(national_admin)


def post(client: Client, url: str, body: str | dict, method: str = "post"):
    data = body if isinstance(body, str) else json.dumps(body)
    return getattr(client, method)(url, data, content_type="application/json")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/auth/token",
        "/api/v1/people",
        "/api/v1/partners",
        "/api/v1/events/1/registrations",
        "/api/v1/centers/710104/stories",
    ],
)
def test_a_lone_surrogate_in_a_json_body_is_a_400(api, url):
    body = '{"username": "a\\ud800", "password": "x", "given_name": "a\\ud800", "name": "x"}'
    response = post(api, url, body)
    assert response.status_code == 400, response.content
    assert response.json()["detail"]


def test_a_lone_surrogate_in_a_key_is_a_400_too(api):
    response = post(api, "/api/v1/people", '{"given_name\\udfff": "x"}')
    assert response.status_code == 400


def programme(close_at: str) -> dict:
    return {
        "area_code": "71",
        "title": "รางวัลทดสอบ",
        "year": 2026,
        "nominations_open_at": "2026-01-01T00:00:00+07:00",
        "nominations_close_at": close_at,
    }


@pytest.mark.parametrize(
    "close_at", ["9999-12-31T00:00:00+07:00", "2569-12-31T00:00:00+07:00", "1000-01-01T00:00:00Z"]
)
def test_a_programme_closing_in_year_9999_is_refused_with_the_field_named(api, close_at):
    response = post(api, "/api/v1/awards/programmes", programme(close_at))
    assert response.status_code == 422, response.content
    assert "nominations_close_at" in response.json()["errors"]


def test_a_programme_inside_the_range_is_stored_and_its_page_shows(api):
    response = post(api, "/api/v1/awards/programmes", programme("2026-12-31T00:00:00+07:00"))
    assert response.status_code == 201, response.content


@pytest.fixture
def district_center(national_admin):
    network.center_create(actor=national_admin, area_code="7101")
    return "7101"


@pytest.mark.parametrize(
    ("field", "value"),
    [("ends_at", "9999-12-31T16:00:00+07:00"), ("starts_at", "0001-01-01T00:00:00+07:00")],
)
def test_an_event_dated_out_of_range_is_a_422_naming_the_field(api, district_center, field, value):
    body = {
        "organizer_code": district_center,
        "title": "งานวันสัมพันธ์",
        "starts_at": "2026-03-01T08:00:00+07:00",
        "ends_at": "2026-03-01T16:00:00+07:00",
        field: value,
    }
    response = post(api, "/api/v1/events", body)
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"]


def test_funds_of_24_digits_are_a_422_naming_the_field(api):
    body = {
        "area_code": "710104",
        "type_code": "village_fund",
        "name": "กองทุนหมู่บ้านทดสอบ",
        "funds": "1" * 24,
    }
    response = post(api, "/api/v1/organizations", body)
    assert response.status_code == 422, response.content
    assert "funds" in response.json()["errors"]
