"""A national ID registered outside the officer's area: one neutral answer (no id, name or
area), recorded as an access to that person, and limited per user."""

import json
import random

import pytest
from auditlog.models import LogEntry
from django.core.cache import cache
from django.core.exceptions import ValidationError

from concenter.common.thai import generate_fictional_national_id
from concenter.people.models import Person
from concenter.people.services import (
    NATIONAL_ID_ELSEWHERE_LIMIT,
    PersonData,
    person_create,
    person_update,
)
from tests.conftest import client_for, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()
    yield
    cache.clear()


def an_id(seed: int) -> str:
    return generate_fictional_national_id(random.Random(seed))


@pytest.fixture
def other_province_officer(db):
    from concenter.accounts.models import Role

    return make_user("bkk.province", Role.PROVINCE_OFFICER, "10")


@pytest.fixture
def registered_in_71(province_officer) -> tuple[Person, str]:
    national_id = an_id(1801)
    person = person_create(
        actor=province_officer,
        data=PersonData(given_name="สมปอง", family_name="ลับเฉพาะ"),
        area_code="710104",
        national_id=national_id,
    )
    return person, national_id


def _message(info) -> str:
    return " ".join(info.value.message_dict["national_id"])


def test_outside_the_area_the_answer_names_nothing(registered_in_71, other_province_officer):
    person, national_id = registered_in_71
    with pytest.raises(ValidationError) as info:
        person_create(
            actor=other_province_officer,
            data=PersonData(given_name="สมปอง"),
            area_code="100101",
            national_id=national_id,
        )
    message = _message(info)
    assert str(person.pk) not in message
    assert "สมปอง" not in message and "กาญจนบุรี" not in message and "71" not in message
    assert info.value.error_dict["national_id"][0].code == "national_id_elsewhere"
    # Recorded as an access to the person, by the officer, though the write was refused.
    entries = LogEntry.objects.filter(object_pk=str(person.pk), actor=other_province_officer)
    assert [e.additional_data["event"] for e in entries] == ["national_id_matched_outside_scope"]
    assert Person.objects.count() == 1


def test_through_the_api_the_answer_names_nothing(registered_in_71, other_province_officer):
    _person, national_id = registered_in_71
    response = client_for(other_province_officer).post(
        "/api/v1/people",
        json.dumps(
            {
                "given_name": "สมปอง",
                "area_code": "100101",
                "national_id": national_id,
                "confirm_new": True,
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 422
    body = response.json()
    said = " ".join([body["detail"], *body["errors"]["national_id"]])
    assert not any(c.isdigit() for c in said)  # no record id, no area code
    assert "สมปอง" not in said and "ลับเฉพาะ" not in said


def test_editing_a_person_to_an_id_held_elsewhere_names_nothing(
    registered_in_71, other_province_officer
):
    person, national_id = registered_in_71
    mine = person_create(
        actor=other_province_officer,
        data=PersonData(given_name="สมใจ"),
        area_code="100101",
    )
    with pytest.raises(ValidationError) as info:
        person_update(
            actor=other_province_officer,
            person_id=mine.pk,
            expected_version=None,
            data=PersonData(given_name="สมใจ"),
            area_code="100101",
            national_id=national_id,
        )
    assert info.value.error_dict["national_id"][0].code == "national_id_elsewhere"
    assert str(person.pk) not in _message(info)


def test_inside_the_area_the_answer_names_the_record(registered_in_71, district_officer):
    person, national_id = registered_in_71
    with pytest.raises(ValidationError) as info:
        person_create(
            actor=district_officer,
            data=PersonData(given_name="สมปอง"),
            area_code="710101",
            national_id=national_id,
        )
    assert str(person.pk) in _message(info)


def test_the_answers_about_other_areas_are_limited_per_user(
    province_officer, other_province_officer
):
    ids = [an_id(1900 + n) for n in range(NATIONAL_ID_ELSEWHERE_LIMIT + 1)]
    for n, national_id in enumerate(ids):
        person_create(
            actor=province_officer,
            data=PersonData(given_name=f"คนที่{n}"),
            area_code="710104",
            national_id=national_id,
            confirm_new=True,
        )
    for national_id in ids[:NATIONAL_ID_ELSEWHERE_LIMIT]:
        with pytest.raises(ValidationError) as info:
            person_create(
                actor=other_province_officer,
                data=PersonData(given_name="ลอง"),
                area_code="100101",
                national_id=national_id,
            )
        assert info.value.error_dict["national_id"][0].code == "national_id_elsewhere"
    # Past the limit every ID number is refused alike, even one registered nowhere.
    for national_id in (ids[-1], an_id(2999)):
        with pytest.raises(ValidationError) as info:
            person_create(
                actor=other_province_officer,
                data=PersonData(given_name="ลอง"),
                area_code="100101",
                national_id=national_id,
            )
        assert info.value.error_dict["national_id"][0].code == "national_id_rate_limited"
    # Another officer is not held back.
    person_create(
        actor=province_officer,
        data=PersonData(given_name="ใหม่"),
        area_code="710104",
        national_id=an_id(2999),
    )
