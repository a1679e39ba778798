"""A year after an event, its registrations keep their figures but lose their contact data."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from concenter.events.models import Event, Registration
from concenter.events.retention import registration_retention_purge
from tests.events.test_registrations import _public, upcoming  # noqa: F401 - the fixture

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

PHONE = "081 234 5678"


def _entries_text(registration: Registration) -> str:
    content_type = ContentType.objects.get_for_model(Registration)
    entries = LogEntry.objects.filter(content_type=content_type, object_pk=str(registration.pk))
    return " ".join(f"{e.object_repr} {e.changes} {e.changes_text}" for e in entries)


def test_a_public_registration_loses_name_and_contacts_a_year_after_the_event(upcoming):  # noqa: F811
    registration = _public(upcoming, accessibility="รถเข็น")
    assert PHONE in _entries_text(registration) or registration.phone == PHONE
    # Not yet: the event has not ended a year ago.
    assert registration_retention_purge() == 0
    long_ago = timezone.now() - datetime.timedelta(days=400)
    Event.objects.filter(pk=upcoming.pk).update(
        starts_at=long_ago, ends_at=long_ago + datetime.timedelta(hours=8)
    )
    assert registration_retention_purge(for_real=False) == 1
    assert registration_retention_purge() == 1
    registration.refresh_from_db()
    assert (registration.phone, registration.email, registration.accessibility) == ("", "", "")
    assert registration.full_name == f"ผู้ลงทะเบียน #{registration.pk}"
    assert registration.role == "participant" and registration.status  # the figures stay
    text = _entries_text(registration)
    assert PHONE not in text and "มาเอง" not in text and "รถเข็น" not in text
    assert registration_retention_purge() == 0  # nothing left to purge
