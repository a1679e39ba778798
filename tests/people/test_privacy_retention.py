"""Housekeeping of the retention run: expired sessions and django-axes' login records older than
a year go with `concenter retention --for-real`; a dry run only counts them."""

import datetime
import io

import pytest
from axes.models import AccessFailureLog, AccessLog
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.utils import timezone

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

NOW = timezone.now()


def _session(*, expires_in: datetime.timedelta) -> str:
    store = SessionStore()
    store["user"] = 1
    store.create()
    Session.objects.filter(session_key=store.session_key).update(expire_date=NOW + expires_in)
    return store.session_key


def _login(username: str, *, days_ago: int) -> None:
    AccessLog.objects.create(username=username, ip_address="10.0.0.1", user_agent="test")
    AccessFailureLog.objects.create(
        username=username, ip_address="10.0.0.1", user_agent="test", locked_out=False
    )
    when = NOW - datetime.timedelta(days=days_ago)
    AccessLog.objects.filter(username=username).update(attempt_time=when)
    AccessFailureLog.objects.filter(username=username).update(attempt_time=when)


@pytest.fixture
def housekeeping():
    sessions = {
        "expired": _session(expires_in=-datetime.timedelta(hours=1)),
        "live": _session(expires_in=datetime.timedelta(hours=8)),
    }
    _login("old.officer", days_ago=400)
    _login("recent.officer", days_ago=30)
    return sessions


def _retention(*args: str) -> str:
    out = io.StringIO()
    call_command("retention", *args, stdout=out)
    return out.getvalue()


def _left() -> tuple[set[str], set[str], set[str]]:
    return (
        set(Session.objects.values_list("session_key", flat=True)),
        set(AccessLog.objects.values_list("username", flat=True)),
        set(AccessFailureLog.objects.values_list("username", flat=True)),
    )


def test_a_dry_run_counts_expired_sessions_and_old_logins_and_deletes_nothing(housekeeping):
    before = _left()
    output = _retention("--dry-run")
    assert "1 expired sessions would be deleted" in output
    assert "1 login records and 1 login failure records older than 365 days would be" in output
    assert _left() == before


def test_the_run_deletes_expired_sessions_and_logins_older_than_a_year(housekeeping):
    output = _retention("--for-real")
    assert "1 expired sessions deleted" in output
    assert "1 login records and 1 login failure records older than 365 days deleted" in output
    sessions, logins, failures = _left()
    assert sessions == {housekeeping["live"]}
    assert logins == failures == {"recent.officer"}


def test_the_login_period_can_be_shortened_but_not_to_nothing(housekeeping):
    _retention("--for-real", "--login-days", "7")
    assert _left()[1] == set()
    with pytest.raises(CommandError):
        _retention("--login-days", "0")
