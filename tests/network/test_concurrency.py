"""Two writers at the same moment: the committee rules still hold (rows locked per term).

These tests commit for real (transaction=True) and run the writers in threads, each with its own
database connection, released together by a barrier. On PostgreSQL the term row lock orders
them; on SQLite the database takes one writer at a time. Either way, exactly one wins."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, close_old_connections, connection
from django.test import override_settings

from concenter.accounts.models import Role
from concenter.network import services
from concenter.network.models import Seat
from tests.conftest import make_user
from tests.network.helpers import draft_committee, person

pytestmark = pytest.mark.django_db(transaction=True)


def _race(*calls) -> list[object]:
    """Run the calls in threads released at once; each one's result or exception."""
    if connection.vendor == "sqlite" and "memory" in str(connection.settings_dict["NAME"]):
        pytest.skip("an in-memory SQLite database is private to one connection")
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(index, call):
        close_old_connections()
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except Exception as error:
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.fixture(autouse=True)
def slow_rule_check(monkeypatch):
    """Widen the window between the rule check and the write, so that without the row lock
    both writers would pass the check (the test fails if the lock goes)."""
    import time

    from concenter.network import rules

    original = rules.position_limit_problem

    def slow(*args, **kwargs):
        time.sleep(0.3)
        return original(*args, **kwargs)

    monkeypatch.setattr(rules, "position_limit_problem", slow)


@pytest.fixture
def officer(areas_after_flush):
    return make_user("race.officer", Role.DISTRICT_OFFICER, "7101")


def test_two_officers_seating_the_same_person_at_once_make_one_seat(officer):
    services.center_create(actor=officer, area_code="710104")
    term, _seats = draft_committee(officer, members=9)
    services.committee_term_activate(actor=officer, term_id=term.pk)
    newcomer = person(officer)

    def seat():
        return services.seat_add(actor=officer, term_id=term.pk, person_id=newcomer.pk)

    results = _race(seat, seat)
    assert sum(isinstance(r, Seat) for r in results) == 1, results
    assert all(isinstance(r, Seat | ValidationError | OperationalError) for r in results), results
    assert Seat.objects.filter(term=term, person=newcomer, ends_on__isnull=True).count() == 1


def test_the_last_place_on_a_full_committee_goes_to_one_writer(officer):
    services.center_create(actor=officer, area_code="710104")
    with override_settings(COMMITTEE_MAX_SIZE=10):
        term, _seats = draft_committee(officer, members=9)
        services.committee_term_activate(actor=officer, term_id=term.pk)
        first, second = person(officer), person(officer)
        results = _race(
            lambda: services.seat_add(actor=officer, term_id=term.pk, person_id=first.pk),
            lambda: services.seat_add(actor=officer, term_id=term.pk, person_id=second.pk),
        )
    assert sum(isinstance(r, Seat) for r in results) == 1, results
    assert Seat.objects.filter(term=term, ends_on__isnull=True).count() == 10
