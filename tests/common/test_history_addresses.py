"""History pages show the officers' IP addresses only to users who may change the record."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from concenter.network import services as network
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
ADDRESS = "203.0.113.77"


@pytest.fixture
def center_with_history(national_admin):
    network.center_create(actor=national_admin, area_code="710104")
    LogEntry.objects.update(remote_addr=ADDRESS)
    return "710104"


def test_a_read_only_user_does_not_see_the_officers_addresses(center_with_history, viewer):
    page = client_for(viewer).get(
        reverse("network:center_history", kwargs={"code": center_with_history})
    )
    assert page.status_code == 200
    assert ADDRESS not in page.content.decode()


def test_an_officer_who_may_change_the_record_sees_them(center_with_history, district_officer):
    page = client_for(district_officer).get(
        reverse("network:center_history", kwargs={"code": center_with_history})
    )
    assert page.status_code == 200
    assert ADDRESS in page.content.decode()


def test_an_area_history_hides_them_from_a_viewer_too(viewer, district_officer):
    from concenter.geography.services import village_create

    village_create(actor=district_officer, subdistrict_code="710104", number=96, name_th="บ้านใหม่")
    LogEntry.objects.update(remote_addr=ADDRESS)
    url = reverse("geography:area_history", kwargs={"code": "71010496"})
    assert ADDRESS not in client_for(viewer).get(url).content.decode()
    assert ADDRESS in client_for(district_officer).get(url).content.decode()
