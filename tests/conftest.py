import datetime
import os
import zoneinfo

import pytest
import time_machine
from django.test import Client

from concenter.accounts.models import Role, User
from concenter.accounts.services import role_assign, user_create
from concenter.geography.services import geography_load

BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--clock-at",
        default=os.environ.get("CONCENTER_TEST_CLOCK", ""),
        help=(
            "Run every test as if it were this moment (ISO, Bangkok time when no offset is given, "
            "e.g. 2027-10-01T00:30). .ci/run uses it to run the `clock` tests at hard days."
        ),
    )


def _moved_clock(config: pytest.Config) -> datetime.datetime | None:
    value = config.getoption("--clock-at")
    return _moment(value) if value else None


_session_travel: time_machine.travel | None = None


def pytest_configure(config: pytest.Config) -> None:
    """With --clock-at, the whole session (database setup included) runs at that moment."""
    global _session_travel
    moment = _moved_clock(config)
    if moment is not None:
        _session_travel = time_machine.travel(moment, tick=True)
        _session_travel.start()


def pytest_unconfigure(config: pytest.Config) -> None:
    if _session_travel is not None:
        _session_travel.stop()


def pytest_report_header(config: pytest.Config) -> str | None:
    moment = _moved_clock(config)
    return f"clock moved to {moment.isoformat()}" if moment else None


def _moment(value: str) -> datetime.datetime:
    moment = datetime.datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=BANGKOK)


@pytest.fixture(autouse=True)
def _the_clock(request: pytest.FixtureRequest):
    """Sets the clock before anything else of the test (its fixtures included).

    ``@pytest.mark.clock("2026-11-20T09:15")`` runs the test at that moment (Bangkok time when no
    offset is given; ``tick=False`` stops the clock there). A bare ``@pytest.mark.clock`` says the
    test's outcome depends on the date and it holds on any day: with ``--clock-at`` each test
    starts at exactly that moment (the clock ticks on inside it), so one that begins at 23:10 on
    31 December is not carried into the new year by the tests before it.
    """
    marker = request.node.get_closest_marker("clock")
    if marker is not None and marker.args:
        travel = time_machine.travel(_moment(marker.args[0]), tick=marker.kwargs.get("tick", True))
    elif (moment := _moved_clock(request.config)) is not None:
        travel = time_machine.travel(moment, tick=True)
    else:
        yield
        return
    with travel:
        yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database holds Thailand's areas: loaded once, kept by each test's rollback."""
    with django_db_blocker.unblock():
        geography_load()


@pytest.fixture
def areas_after_flush(transactional_db):
    """For tests that commit for real (django_db(transaction=True)): Django empties every table
    after each such test, so the areas are loaded again when an earlier one took them away.
    (pytest-django runs these tests after all the others.)"""
    from concenter.geography.models import Area

    if not Area.objects.exists():
        geography_load()


def make_user(
    username: str, role: Role | None = None, area_code: str | None = None, center_code: str = ""
) -> User:
    user = user_create(username=username, password="correct horse battery", display_name=username)
    if role == Role.NATIONAL_ADMIN:
        user.is_superuser = True
        user.save(update_fields=["is_superuser"])
    if role is not None:
        role_assign(user=user, role=role, area_code=area_code, center_code=center_code)
    return user


@pytest.fixture
def national_admin(db) -> User:
    return make_user("admin", Role.NATIONAL_ADMIN)


@pytest.fixture
def province_officer(db) -> User:
    return make_user("kan.province", Role.PROVINCE_OFFICER, "71")


@pytest.fixture
def district_officer(db) -> User:
    return make_user("kan.mueang", Role.DISTRICT_OFFICER, "7101")


@pytest.fixture
def other_district_officer(db) -> User:
    return make_user("kan.saiyok", Role.DISTRICT_OFFICER, "7102")


@pytest.fixture
def viewer(db) -> User:
    return make_user("kan.viewer", Role.VIEWER, "71")


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def anonymous_client() -> Client:
    return Client()
