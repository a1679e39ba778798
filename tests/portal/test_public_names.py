"""Committee members are named on public pages (a public role), unless they objected (PDPA
s.32): then the directory and open data show their seat by its position only."""

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from concenter.network import services as network
from concenter.network.models import PublicNameObjection
from concenter.network.public_names import public_name_objection_set
from tests.conftest import client_for
from tests.portal.test_portal import _committee

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


@pytest.fixture(autouse=True)
def on_a_day_of_the_term():
    with time_machine.travel("2026-03-01 10:00 +07:00", tick=False):
        yield


@pytest.fixture
def committee(national_admin):
    network.center_create(actor=national_admin, area_code="710104")
    return _committee(national_admin, "710104", 9)


def profile() -> str:
    return Client().get(reverse("portal:center", kwargs={"code": "710104"})).content.decode()


def open_data_seats() -> str:
    url = reverse("exchange:open_data_file", args=["committees", "csv"])
    response = Client().get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_a_member_who_objected_is_shown_by_position_only(committee, district_officer):
    chair = committee[0]
    named = f">{chair.full_name}<"  # a whole cell: สมศรี1 is also the start of สมศรี10
    assert named in profile() and f",{chair.full_name}" in open_data_seats()
    page = client_for(district_officer).post(
        reverse("people:person_public_name", kwargs={"person_id": chair.pk}), {"objects": "1"}
    )
    assert page.status_code == 302
    assert PublicNameObjection.objects.filter(person=chair).exists()
    html = profile()
    assert named not in html and f"{chair.family_name}<" not in html
    assert "ประธาน" in html  # the position stays
    assert f">{committee[1].full_name}<" in html  # the others are named
    assert f",{chair.full_name}" not in open_data_seats()
    # Withdrawn: named again.
    client_for(district_officer).post(
        reverse("people:person_public_name", kwargs={"person_id": chair.pk}), {"objects": "0"}
    )
    assert named in profile()


def test_only_an_officer_who_may_change_the_person_records_it(committee, other_district_officer):
    from concenter.common.errors import NotFoundOrOutOfScope

    with pytest.raises(NotFoundOrOutOfScope):
        public_name_objection_set(
            actor=other_district_officer, person_id=committee[0].pk, objects=True
        )
    assert not PublicNameObjection.objects.exists()
