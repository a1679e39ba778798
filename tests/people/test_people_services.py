import pytest
from django.core.exceptions import ValidationError

from concenter.common.thai import generate_fictional_national_id
from concenter.people.models import Person
from concenter.people.services import PersonData, PossibleDuplicate, person_create, person_update

pytestmark = pytest.mark.django_db


def valid_id(seed=1):
    import random

    return generate_fictional_national_id(random.Random(seed))


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("1234567890123", id="wrong-check-digit"),
        pytest.param("123456789012", id="twelve-digits"),
        pytest.param("12345678901234", id="fourteen-digits"),
        pytest.param("12345678901ab", id="letters"),
    ],
)
def test_bad_national_id_is_refused_and_nothing_is_saved(district_officer, raw):
    with pytest.raises(ValidationError) as info:
        person_create(
            actor=district_officer,
            data=PersonData(given_name="สมชาย", family_name="ใจดี"),
            area_code="710104",
            national_id=raw,
        )
    assert "national_id" in info.value.message_dict
    assert not Person.objects.exists()


def test_thai_digits_in_the_id_are_converted(district_officer):
    from concenter.common.thai import to_thai_digits

    national_id = valid_id(3)
    person = person_create(
        actor=district_officer,
        data=PersonData(given_name="สมหญิง"),
        area_code="710104",
        national_id=to_thai_digits(national_id),
    )
    assert person.national_id_last4 == national_id[-4:]
    assert national_id not in str(Person.objects.filter(pk=person.pk).values().get())


def test_the_same_id_entered_twice_is_the_same_person(district_officer):
    national_id = valid_id(4)
    first = person_create(
        actor=district_officer,
        data=PersonData(given_name="สมศรี"),
        area_code="710104",
        national_id=national_id,
    )
    with pytest.raises(ValidationError) as info:
        person_create(
            actor=district_officer,
            data=PersonData(given_name="สมศรี"),
            area_code="710101",
            national_id=f"{national_id[:1]}-{national_id[1:5]}-{national_id[5:]}",
        )
    assert str(first.pk) in " ".join(info.value.message_dict["national_id"])
    assert Person.objects.count() == 1


def test_same_name_in_the_same_subdistrict_is_offered_first(district_officer):
    existing = person_create(
        actor=district_officer,
        data=PersonData(given_name="สมชาย", family_name="ใจดี"),
        area_code="71010401" if False else "710104",
    )
    with pytest.raises(PossibleDuplicate) as info:
        person_create(
            actor=district_officer,
            data=PersonData(given_name="สมชาย", family_name=" ใจดี"),
            area_code="710104",
        )
    assert info.value.candidates == [existing]
    person_create(
        actor=district_officer,
        data=PersonData(given_name="สมชาย", family_name="ใจดี"),
        area_code="710104",
        confirm_new=True,
    )
    assert Person.objects.count() == 2


def test_editing_a_person_someone_else_changed_is_a_conflict(district_officer):
    from concenter.common.errors import StaleVersion

    person = person_create(
        actor=district_officer, data=PersonData(given_name="มานี"), area_code="710104"
    )
    person_update(
        actor=district_officer,
        person_id=person.pk,
        expected_version=1,
        data=PersonData(given_name="มานี", family_name="มีนา"),
        area_code="710104",
    )
    with pytest.raises(StaleVersion):
        person_update(
            actor=district_officer,
            person_id=person.pk,
            expected_version=1,
            data=PersonData(given_name="มานะ"),
            area_code="710104",
        )
    assert Person.objects.get(pk=person.pk).family_name == "มีนา"


def test_birth_year_in_buddhist_era_is_stored_in_common_era(district_officer):
    person = person_create(
        actor=district_officer,
        data=PersonData(given_name="ชูใจ", birth_year=2510),
        area_code="710104",
    )
    assert person.birth_year == 1967


def test_national_id_is_checked_as_the_officer_types(district_officer):
    from tests.conftest import client_for

    client = client_for(district_officer)
    bad = client.post("/people/check-id/", {"national_id": "1234567890123"}).content.decode()
    assert "error" in bad
    national_id = valid_id(9)
    good = client.post("/people/check-id/", {"national_id": national_id}).content.decode()
    assert national_id[-4:] in good and "error" not in good
    person_create(
        actor=district_officer,
        data=PersonData(given_name="มาลี"),
        area_code="710104",
        national_id=national_id,
    )
    again = client.post("/people/check-id/", {"national_id": national_id}).content.decode()
    assert "มาลี" in again


def test_a_local_role_is_added_from_the_person_page(district_officer):
    from concenter.people.models import LocalRoleHolding
    from tests.conftest import client_for

    person = person_create(
        actor=district_officer, data=PersonData(given_name="สมปอง"), area_code="710104"
    )
    response = client_for(district_officer).post(
        f"/people/{person.pk}/roles/",
        {
            "role": "headman",
            "area_code": "71010401" if False else "710104",
            "starts_on": "1/1/2565",
        },
    )
    assert response.status_code == 302
    holding = LocalRoleHolding.objects.get(person=person)
    assert holding.role == "headman"
    assert holding.starts_on.year == 2022
