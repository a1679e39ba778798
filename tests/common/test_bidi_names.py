"""No stored name carries a bidirectional override or isolate: every name field goes through
normalize_text, which strips them."""

import json

import pytest

from concenter.geography.models import Area
from concenter.network.models import Organization, Partner
from concenter.people.models import Person
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

SPOOF = "\u202eสม\u2066ชาย\u2069\u202c"


@pytest.mark.parametrize(
    ("url", "body", "read"),
    [
        (
            "/api/v1/people",
            {"given_name": SPOOF, "family_name": SPOOF, "area_code": "710104", "confirm_new": True},
            lambda: Person.objects.values_list("given_name", "family_name").get(),
        ),
        (
            "/api/v1/organizations",
            {"area_code": "710104", "type_code": "village_fund", "name": SPOOF},
            lambda: Organization.objects.values_list("name", flat=True).get(),
        ),
        (
            "/api/v1/partners",
            {"area_code": "710104", "kind": "media", "name": SPOOF},
            lambda: Partner.objects.values_list("name", flat=True).get(),
        ),
        (
            "/api/v1/villages",
            {"subdistrict_code": "710104", "number": 98, "name_th": SPOOF},
            lambda: Area.objects.values_list("name_th", flat=True).get(code="71010498"),
        ),
    ],
    ids=["person", "organization", "partner", "village"],
)
def test_a_name_is_stored_without_bidi_controls(national_admin, url, body, read):
    response = client_for(national_admin).post(
        url, json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    stored = read()
    for value in stored if isinstance(stored, tuple) else (stored,):
        assert value == "สมชาย"
