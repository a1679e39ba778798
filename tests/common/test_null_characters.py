"""A NUL character typed or pasted into a form: refused with a message in Thai, and never written
back into the page that shows the form again (it would reach the browser as a raw control
character inside an attribute)."""

import pytest

from concenter.people.models import Person
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_a_nul_is_refused_and_not_echoed_into_the_form(district_officer):
    response = client_for(district_officer).post(
        "/people/new/",
        {"area_code": "710104", "given_name": "สม\x00ชาย", "family_name": "ใจ\x00ดี"},
    )
    html = response.content.decode()
    assert "ข้อความมีอักขระว่าง (null) ซึ่งใช้ไม่ได้" in html
    assert "\x00" not in html
    assert 'value="สมชาย"' in html  # what was typed, without the NUL, to correct and send
    assert not Person.objects.exists()
