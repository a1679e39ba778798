"""A signed-in session expires after the idle limit, without a database write on every page."""

import time

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from concenter.common.middleware import SESSION_SEEN_KEY
from tests.conftest import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def _row(client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def test_pages_in_quick_succession_do_not_rewrite_the_session(district_officer):
    client = client_for(district_officer)
    client.get(reverse("accounts:profile"))
    expiry = _row(client).expire_date
    for _ in range(3):
        assert client.get(reverse("accounts:profile")).status_code == 200
    assert _row(client).expire_date == expiry


def test_a_session_seen_long_ago_is_saved_again_and_its_expiry_moves(district_officer, settings):
    client = client_for(district_officer)
    client.get(reverse("accounts:profile"))
    session = client.session
    session[SESSION_SEEN_KEY] = int(time.time()) - settings.SESSION_REFRESH_SECONDS - 1
    session.save()
    from django.utils import timezone

    # The row would expire in a minute; a page seen now moves it a whole idle period ahead.
    soon = timezone.now() + timezone.timedelta(seconds=60)
    Session.objects.filter(session_key=session.session_key).update(expire_date=soon)
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert _row(client).expire_date > soon + timezone.timedelta(
        seconds=settings.SESSION_COOKIE_AGE - 120
    )


def test_an_idle_session_past_its_expiry_is_signed_out(district_officer):
    from django.utils import timezone

    client = client_for(district_officer)
    client.get(reverse("accounts:profile"))
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timezone.timedelta(seconds=1)
    )
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
