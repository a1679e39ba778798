"""Never an overbooking, also when people take the last seats at the same moment: real
concurrent requests and service calls, each thread on its own database connection.

These tests need committed data that every connection sees: all their database work runs in
threads of its own (never on the test's connection, whose transaction is rolled back), and what
they made is removed at the end. They run on PostgreSQL (`DATABASE_URL`), where the event row's
lock (SELECT … FOR UPDATE) is what keeps the count right. On SQLite every transaction begins
IMMEDIATE, so writers queue one after the other by design, and the test's own open transaction
would hold the single write lock: there they are skipped.
"""

import datetime
import threading
from collections import Counter
from collections.abc import Callable

import pytest
from auditlog.models import LogEntry
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from concenter.accounts.models import User
from concenter.events import services, tickets
from concenter.events.models import (
    CheckIn,
    Event,
    EventAccess,
    EventStatus,
    Registration,
    RegistrationStatus,
)
from concenter.network.models import Center

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.clock,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent writers need PostgreSQL; SQLite serialises writers by design",
    ),
]

THREADS = 8
CENTER = "7105"  # a district no other test of this module uses


def _in_thread(job: Callable[[], object]) -> object:
    """Run `job` on a connection of its own and commit (the test's connection never writes)."""
    result = _run_together([job])[0]
    if isinstance(result, Exception):
        raise result
    return result


def _run_together(work: list[Callable[[], object]]) -> list[object]:
    """Start every piece of work at the same moment, each in its own thread (and connection)."""
    barrier = threading.Barrier(len(work))
    results: list[object] = [None] * len(work)

    def run(index: int, job: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = job()
        except Exception as exc:  # the test looks at every outcome
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(work)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


@pytest.fixture
def committed():
    """An officer and a center, committed, and everything the test makes removed after it."""
    started = timezone.now()

    def setup():
        actor = User.objects.create_user(username="events.concurrency", password=None)
        actor.is_superuser = True
        actor.save()
        center = Center.objects.create(
            area_id=CENTER,
            level="district",
            province_code="71",
            district_code=CENTER,
            name="ศอช.อ.",
        )
        return {"actor": actor, "center": center}

    def cleanup():
        Event.objects.filter(organizer_id=CENTER).delete()
        Center.objects.filter(pk=CENTER).delete()
        User.objects.filter(username="events.concurrency").delete()
        LogEntry.objects.filter(timestamp__gte=started).delete()

    made = _in_thread(setup)
    try:
        yield made
    finally:
        _in_thread(cleanup)


def _event(made, *, capacity: int, door_open: bool = False) -> Event:
    return _in_thread(lambda: _make_event(made, capacity=capacity, door_open=door_open))


def _make_event(made, *, capacity: int, door_open: bool) -> Event:
    now = timezone.now()
    starts = now + (datetime.timedelta(hours=-1) if door_open else datetime.timedelta(days=7))
    event = services.event_create(
        actor=made["actor"],
        organizer_code=CENTER,
        title="ทดสอบที่นั่งสุดท้าย",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=7),
        capacity=capacity,
        access=EventAccess.PUBLIC,
    )
    return services.event_status_change(
        actor=made["actor"], event_id=event.pk, status=EventStatus.OPEN
    )


def _counts(event: Event) -> Counter:
    return _in_thread(
        lambda: Counter(Registration.objects.filter(event=event).values_list("status", flat=True))
    )


def test_people_taking_the_last_seats_at_the_same_moment_never_overbook(committed):
    event = _event(committed, capacity=3)
    actor = committed["actor"]
    results = _run_together(
        [
            (
                lambda n=n: services.registration_create(
                    actor=actor, event_id=event.pk, full_name=f"ผู้สมัครพร้อมกัน คนที่{n}"
                )
            )
            for n in range(THREADS)
        ]
    )
    errors = [r for r in results if isinstance(r, Exception)]
    assert errors == []
    assert _counts(event) == {"confirmed": 3, "waitlisted": THREADS - 3}


def test_concurrent_public_requests_for_the_last_seat_give_it_to_one(committed):
    event = _event(committed, capacity=2)
    _in_thread(
        lambda: services.registration_create(
            actor=committed["actor"], event_id=event.pk, full_name="ผู้ได้ที่นั่งก่อน หนึ่งคน"
        )
    )
    url = f"/events/{event.pk}/register/"

    def post(n: int):
        return Client(REMOTE_ADDR=f"203.0.113.{n + 10}").post(
            url,
            {
                "full_name": f"ประชาชน หมายเลข{n}",
                "phone": f"08123456{n:02d}",
                "meal": "standard",
                "consent": "on",
            },
        )

    responses = _run_together([lambda n=n: post(n) for n in range(THREADS)])
    assert [getattr(r, "status_code", r) for r in responses] == [302] * THREADS
    assert _counts(event) == {"confirmed": 2, "waitlisted": THREADS - 1}


def test_concurrent_cancellations_move_the_waiting_list_up_without_overbooking(committed):
    event = _event(committed, capacity=3)
    actor = committed["actor"]
    registrations = _in_thread(
        lambda: [
            services.registration_create(actor=actor, event_id=event.pk, full_name=f"คนที่{n} ทดสอบ")
            for n in range(8)
        ]
    )
    confirmed = [r for r in registrations if r.status == RegistrationStatus.CONFIRMED]
    results = _run_together(
        [
            (lambda r=r: services.registration_cancel(actor=actor, registration_id=r.pk))
            for r in confirmed
        ]
    )
    assert [r for r in results if isinstance(r, Exception)] == []
    assert _counts(event) == {"confirmed": 3, "waitlisted": 2, "cancelled": 3}
    promoted = _in_thread(
        lambda: list(
            Registration.objects.filter(event=event, status="confirmed")
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    )
    assert promoted == [r.pk for r in registrations[3:6]]  # first come, first served


def test_the_same_ticket_scanned_on_several_phones_at_once_counts_once(committed):
    event = _event(committed, capacity=10, door_open=True)
    actor = committed["actor"]
    registration = _in_thread(
        lambda: services.registration_create(
            actor=actor, event_id=event.pk, full_name="ผู้ถูกสแกน หลายเครื่อง"
        )
    )
    token = tickets.door_token(event.ref, registration.ticket_secret)
    results = _run_together(
        [
            (
                lambda n=n: services.checkin_record(
                    actor=actor, event_id=event.pk, scan=token, client_id=f"phone-{n:04d}-scan"
                )
            )
            for n in range(THREADS)
        ]
    )
    outcomes = Counter(getattr(r, "outcome", repr(r)) for r in results)
    assert outcomes == {"recorded": 1, "already": THREADS - 1}
    assert _in_thread(lambda: CheckIn.objects.filter(event=event).count()) == 1


def test_a_walk_in_resent_by_several_requests_at_once_is_registered_once(committed):
    event = _event(committed, capacity=10, door_open=True)
    actor = committed["actor"]
    results = _run_together(
        [
            (
                lambda: services.checkin_walk_in(
                    actor=actor,
                    event_id=event.pk,
                    full_name="นางเดินเข้า พร้อมกัน",
                    client_id="walk-in-resent-0001",
                )
            )
            for _ in range(4)
        ]
    )
    assert {getattr(r, "outcome", repr(r)) for r in results} == {"recorded"}
    assert _in_thread(lambda: Registration.objects.filter(event=event).count()) == 1
    assert _in_thread(lambda: CheckIn.objects.filter(event=event).count()) == 1
