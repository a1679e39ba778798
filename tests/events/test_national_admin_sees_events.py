"""A national administrator sees every event, in the API and on the manage page."""

import pytest
from django.urls import reverse

from concenter.events import selectors
from tests.conftest import client_for
from tests.events.conftest import new_event

pytestmark = pytest.mark.django_db


def test_a_national_admin_sees_every_event(admin, centers, province_officer):
    event = new_event(admin, organizer="7101")
    assert list(selectors.event_list(user=admin)) == [event]
    assert [e["id"] for e in client_for(admin).get("/api/v1/events").json()["items"]] == [event.pk]
    page = client_for(admin).get(reverse("events:manage_list"))
    assert page.status_code == 200
    assert event.title in page.content.decode()
    # An officer of the province sees it too, an officer elsewhere does not.
    assert list(selectors.event_list(user=province_officer)) == [event]
