"""Fixtures of the events tests: the centers of Kanchanaburi (province 71, district 7101,
subdistrict 710104), people, and events whose door is open now or was long ago."""

import datetime
import itertools

import pytest
from django.utils import timezone

from concenter.accounts.models import Role
from concenter.events import services, tickets
from concenter.events.models import EventAccess, EventStatus, Registration
from concenter.network import services as network
from concenter.people.services import PersonData, person_create
from tests.conftest import make_user

_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def _english_messages():
    """Services answer in the language of the request; these tests read their English messages
    (pages still switch to Thai through the middleware, as for every user)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def admin(db):
    return make_user("events.admin", Role.NATIONAL_ADMIN)


@pytest.fixture
def centers(admin):
    for code in ("71", "7101", "710104", "7102"):
        network.center_create(actor=admin, area_code=code)
    return ("71", "7101", "710104", "7102")


@pytest.fixture
def door_user(db):
    """A user with no area at all: a volunteer who may work a door only through a staff list."""
    return make_user("door.volunteer")


def new_person(actor, area_code="710104", given_name=None, family_name=None, **extra):
    number = next(_numbers)
    data = PersonData(
        given_name=given_name or f"สมหญิง{number}",
        family_name=family_name or f"รักถิ่น{number}",
        **extra,
    )
    return person_create(actor=actor, data=data, area_code=area_code, confirm_new=True)


def new_event(actor, *, organizer="7101", door_open=True, **fields):
    """An event of the district center. With `door_open` it started an hour ago and ends in
    six hours (the door is open now); otherwise it is 28 February 2020."""
    if door_open:
        now = timezone.now()
        starts_at, ends_at = now - datetime.timedelta(hours=1), now + datetime.timedelta(hours=6)
    else:
        starts_at = timezone.make_aware(datetime.datetime(2020, 2, 28, 8, 30))
        ends_at = timezone.make_aware(datetime.datetime(2020, 2, 28, 16, 30))
    values = {
        "organizer_code": organizer,
        "title": "งานสานสัมพันธ์เครือข่ายทดสอบ",
        "starts_at": starts_at,
        "ends_at": ends_at,
        "venue_name": "หอประชุมอำเภอ",
        "access": EventAccess.PUBLIC,
        **fields,
    }
    return services.event_create(actor=actor, **values)


def open_event(actor, event):
    return services.event_status_change(actor=actor, event_id=event.pk, status=EventStatus.OPEN)


def door_token(registration: Registration) -> str:
    return tickets.door_token(registration.event.ref, registration.ticket_secret)


@pytest.fixture
def event(admin, centers):
    """An open event of district 7101 whose door is open now, with 5 seats."""
    return open_event(admin, new_event(admin, capacity=5))
