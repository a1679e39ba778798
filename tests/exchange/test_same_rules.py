"""An import can never store what the forms and services would refuse: the same bad values go
through `person_create` (the door of the person form) and through the people import, and both
refuse them, naming the same field with the same message."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from concenter.common.errors import NotFoundOrOutOfScope
from concenter.people.services import PersonData, person_create
from tests.exchange.helpers import run, valid_id, write_csv

pytestmark = pytest.mark.django_db

HEADERS = ["ชื่อ", "นามสกุล", "ปีเกิด", "อาชีพ", "รหัสพื้นที่", "เลขประจำตัวประชาชน", "อีเมล", "เพศ"]
COLUMN = {
    "given_name": "ชื่อ",
    "birth_year": "ปีเกิด",
    "profession": "อาชีพ",
    "area_code": "รหัสพื้นที่",
    "national_id": "เลขประจำตัวประชาชน",
    "email": "อีเมล",
    "gender": "เพศ",
}
GOOD = {"given_name": "สมใจ", "family_name": "ดี", "birth_year": "2510", "profession": "farmer",
        "area_code": "710104", "national_id": "", "email": "", "gender": "female"}  # fmt: skip

CASES = [
    pytest.param({"given_name": ""}, "given_name", id="no-given-name"),
    pytest.param({"birth_year": "1850"}, "birth_year", id="implausible-birth-year"),
    pytest.param({"birth_year": "2600"}, "birth_year", id="future-birth-year-be"),
    pytest.param({"profession": "astronaut"}, "profession", id="unknown-profession"),
    pytest.param({"area_code": "999999"}, "area_code", id="unknown-area"),
    pytest.param({"national_id": "1234567890123"}, "national_id", id="bad-check-digit"),
    pytest.param({"national_id": "12345"}, "national_id", id="short-id"),
    pytest.param({"email": "not-an-email"}, "email", id="bad-email"),
]


def _service_error(actor, values: dict) -> tuple[str, str]:
    data = PersonData(
        given_name=values["given_name"],
        family_name=values["family_name"],
        birth_year=int(values["birth_year"]) if values["birth_year"] else None,
        profession=values["profession"] or None,
        email=values["email"],
        gender=values["gender"],
    )
    try:
        person_create(
            actor=actor, data=data, area_code=values["area_code"],
            national_id=values["national_id"] or None, confirm_new=True,
        )  # fmt: skip
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        return field, messages[0]
    except NotFoundOrOutOfScope:
        return "area_code", "out of scope"
    return "", ""


@pytest.mark.parametrize(("change", "field"), CASES)
def test_the_import_refuses_what_the_person_service_refuses(
    tmp_path, district_officer, change, field
):
    values = {**GOOD, **change}
    with translation.override("th"):
        service_field, service_message = _service_error(district_officer, values)
    assert service_field == field, "the service accepts this value: the case is wrong"
    row = [values[k] for k in ("given_name", "family_name", "birth_year", "profession",
                               "area_code", "national_id", "email", "gender")]  # fmt: skip
    result = run(district_officer, write_csv(tmp_path, [HEADERS, row]), dry_run=True)
    assert result.rejected_count == 1
    column, message = result.rejected[0].errors[0]
    assert column == COLUMN[field]
    if field not in ("area_code",):
        assert message == service_message


def test_what_the_service_accepts_the_import_accepts(tmp_path, district_officer):
    row = [GOOD[k] for k in ("given_name", "family_name", "birth_year", "profession",
                             "area_code", "national_id", "email", "gender")]  # fmt: skip
    row[5] = valid_id("110170020345")
    result = run(district_officer, write_csv(tmp_path, [HEADERS, row]), dry_run=True)
    assert result.created == 1 and result.rejected_count == 0
