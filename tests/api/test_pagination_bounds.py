"""Every paginated list uses the one bounded pager: huge `limit`/`offset` are a 422 with a
message, never an integer overflow (500) in the database."""

import pytest
from django.test import Client

from concenter.api.base import MAX_OFFSET, MAX_PAGE_SIZE
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def paginated_operations() -> dict[str, dict]:
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    found = {}
    for path, methods in paths.items():
        parameters = {p["name"]: p for p in methods.get("get", {}).get("parameters", [])}
        if "offset" in parameters and "limit" in parameters:
            found[path] = parameters
    return found


def test_every_paginated_list_bounds_limit_and_offset():
    operations = paginated_operations()
    assert "/api/v1/awards/programmes" in operations and "/api/v1/people" in operations
    unbounded = [
        path
        for path, parameters in operations.items()
        if parameters["offset"]["schema"].get("maximum") != MAX_OFFSET
        or parameters["limit"]["schema"].get("maximum") != MAX_PAGE_SIZE
    ]
    assert unbounded == []


@pytest.mark.parametrize("name", ["offset", "limit"])
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/awards/programmes",
        "/api/v1/centers/710104/activities",
        "/api/v1/centers/710104/stories",
        "/api/v1/areas/710104/community-plans",
    ],
)
def test_a_huge_page_number_is_refused_with_a_message(national_admin, url, name):
    response = client_for(national_admin).get(url, {name: 10**30})
    assert response.status_code == 422, response.content
    assert response.json()["detail"]
