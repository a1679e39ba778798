"""The door: check-in by QR token, typed code or name; idempotent; refusals record nothing."""

import datetime

import pytest
from django.core import signing
from django.utils import timezone

from concenter.accounts.models import Role
from concenter.common.errors import NotFoundOrOutOfScope
from concenter.events import services, tickets
from concenter.events.models import CheckIn, EventStatus, Registration, RegistrationStatus
from tests.conftest import make_user
from tests.events.conftest import door_token, new_event, new_person, open_event

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


@pytest.fixture
def registration(admin, event):
    person = new_person(admin, given_name="สมศรี", family_name="มีสุข")
    return services.registration_create(actor=admin, event_id=event.pk, person_id=person.pk)


def _checkins() -> int:
    return CheckIn.objects.count()


def test_a_ticket_scanned_at_the_door_checks_its_registration_in(admin, event, registration):
    result = services.checkin_record(
        actor=admin, event_id=event.pk, scan=door_token(registration), client_id="scan-0001-aaaa"
    )
    assert result.outcome == "recorded"
    assert result.name == "สมศรี มีสุข"
    checkin = CheckIn.objects.get(registration=registration)
    assert checkin.method == "qr"
    assert checkin.by == admin


def test_a_typed_code_checks_in_in_any_case_and_with_thai_digits(admin, event, registration):
    typed = registration.code_display.lower().replace("-", " - ")
    result = services.checkin_record(actor=admin, event_id=event.pk, scan=typed)
    assert result.outcome == "recorded"
    assert CheckIn.objects.get(registration=registration).method == "code"


def test_a_second_scan_of_the_same_ticket_says_when_it_was_checked_in_and_counts_once(
    admin, event, registration
):
    yesterday = timezone.localtime() - datetime.timedelta(days=1)
    nine_twelve = yesterday.replace(hour=9, minute=12, second=0, microsecond=0)
    event.starts_at = nine_twelve - datetime.timedelta(hours=1)  # a two-day event
    event.save(update_fields=["starts_at"])
    services.checkin_record(
        actor=admin, event_id=event.pk, scan=door_token(registration), scanned_at=nine_twelve
    )
    again = services.checkin_record(actor=admin, event_id=event.pk, scan=registration.code)
    assert again.outcome == "already"
    assert "09:12" in again.message
    assert _checkins() == 1


def test_the_same_scan_sent_twice_from_the_offline_queue_is_recorded_once(
    admin, event, registration
):
    first = services.checkin_record(
        actor=admin, event_id=event.pk, scan=door_token(registration), client_id="phone-queue-0001"
    )
    second = services.checkin_record(
        actor=admin, event_id=event.pk, scan=door_token(registration), client_id="phone-queue-0001"
    )
    assert first.outcome == second.outcome == "recorded"
    assert (first.duplicate, second.duplicate) == (False, True)
    assert second.checked_in_at == first.checked_in_at
    assert _checkins() == 1


def test_a_queued_scan_keeps_the_time_it_was_made_on_the_phone(admin, event, registration):
    scanned = timezone.now() - datetime.timedelta(minutes=40)
    services.checkin_record(
        actor=admin, event_id=event.pk, scan=registration.code, scanned_at=scanned.isoformat()
    )
    assert CheckIn.objects.get().checked_in_at == scanned


def test_a_phone_clock_in_the_future_is_not_believed(admin, event, registration):
    services.checkin_record(
        actor=admin,
        event_id=event.pk,
        scan=registration.code,
        scanned_at=timezone.now() + datetime.timedelta(days=2),
    )
    assert CheckIn.objects.get().checked_in_at <= timezone.now()


@pytest.mark.parametrize(
    "alter",
    [
        pytest.param(lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"), id="signature-altered"),
        pytest.param(lambda t: t.replace(".", ".x", 1), id="secret-altered"),
        pytest.param(lambda t: "forged:" + "A" * 43, id="forged"),
        pytest.param(
            lambda t: signing.Signer(salt="another.salt", algorithm="sha256").sign(
                t.rsplit(":", 1)[0]
            ),
            id="signed-with-another-salt",
        ),
        pytest.param(lambda t: "<script>alert(1)</script>", id="markup"),
        pytest.param(lambda t: "x" * 5000, id="too-long"),
    ],
)
def test_a_forged_or_altered_ticket_is_refused_and_nothing_is_recorded(
    admin, event, registration, alter
):
    result = services.checkin_record(
        actor=admin, event_id=event.pk, scan=alter(door_token(registration))
    )
    assert result.outcome == "refused"
    assert result.reason == "invalid"
    assert "Nothing was recorded" in result.message
    assert result.name == ""  # a forged ticket learns nothing about anyone
    assert _checkins() == 0


def test_a_ticket_of_another_event_is_refused_and_names_that_event(admin, centers, event):
    other = open_event(admin, new_event(admin, title="ประชุมประจำเดือนอำเภอ"))
    person = new_person(admin)
    elsewhere = services.registration_create(actor=admin, event_id=other.pk, person_id=person.pk)
    result = services.checkin_record(actor=admin, event_id=event.pk, scan=door_token(elsewhere))
    assert (result.outcome, result.reason) == ("refused", "other_event")
    assert "ประชุมประจำเดือนอำเภอ" in result.message
    assert _checkins() == 0
    # Its code typed at this door is not found either.
    typed = services.checkin_record(actor=admin, event_id=event.pk, scan=elsewhere.code)
    assert typed.outcome == "refused"
    assert _checkins() == 0


def test_a_cancelled_registration_is_refused_at_the_door(admin, event, registration):
    services.registration_cancel(actor=admin, registration_id=registration.pk)
    result = services.checkin_record(actor=admin, event_id=event.pk, scan=door_token(registration))
    assert (result.outcome, result.reason) == ("refused", "cancelled")
    assert _checkins() == 0


def test_someone_on_the_waiting_list_is_refused_at_the_door(admin, event):
    people = [new_person(admin) for _ in range(6)]
    registrations = [
        services.registration_create(actor=admin, event_id=event.pk, person_id=p.pk) for p in people
    ]
    waiting = registrations[-1]
    assert waiting.status == RegistrationStatus.WAITLISTED
    result = services.checkin_record(actor=admin, event_id=event.pk, scan=waiting.code)
    assert (result.outcome, result.reason) == ("refused", "waitlisted")
    assert _checkins() == 0


@pytest.mark.parametrize(
    ("status", "reason"),
    [(EventStatus.HELD, "closed"), (EventStatus.CANCELLED, "cancelled")],
    ids=["held", "cancelled"],
)
def test_a_scan_after_the_event_closed_is_refused(admin, event, registration, status, reason):
    services.event_status_change(
        actor=admin, event_id=event.pk, status=status, note="ฝนตกหนัก น้ำท่วมทางเข้า"
    )
    result = services.checkin_record(actor=admin, event_id=event.pk, scan=door_token(registration))
    assert (result.outcome, result.reason) == ("refused", reason)
    assert _checkins() == 0


def test_a_scan_hours_after_the_end_is_refused_even_before_the_event_is_marked_held(admin, centers):
    long_ago = open_event(admin, new_event(admin, door_open=False))
    registration = services.registration_create(
        actor=admin, event_id=long_ago.pk, person_id=new_person(admin).pk
    )
    result = services.checkin_record(actor=admin, event_id=long_ago.pk, scan=registration.code)
    assert (result.outcome, result.reason) == ("refused", "closed")
    assert "16:30" in result.message
    assert _checkins() == 0


def test_a_draft_event_has_no_door(admin, centers):
    draft = new_event(admin)
    registration = services.registration_create(
        actor=admin, event_id=draft.pk, person_id=new_person(admin).pk
    )
    result = services.checkin_record(actor=admin, event_id=draft.pk, scan=registration.code)
    assert (result.outcome, result.reason) == ("refused", "not_open")


def test_a_walk_in_is_registered_and_checked_in_in_one_step(admin, event):
    result = services.checkin_walk_in(
        actor=admin,
        event_id=event.pk,
        full_name="นายเดินมา หน้างาน",
        represents="ประชาชนทั่วไป",
        home_area_code="7101",
        client_id="walk-in-0000-0001",
    )
    assert result.outcome == "recorded"
    registration = Registration.objects.get(full_name="นายเดินมา หน้างาน")
    assert (registration.source, registration.status) == ("walk_in", "confirmed")
    assert registration.district_code == "7101"
    assert registration.checkin.method == "walk_in"


def test_a_walk_in_sent_twice_from_the_queue_is_registered_once(admin, event):
    for _ in range(2):
        services.checkin_walk_in(
            actor=admin, event_id=event.pk, full_name="นางซ้ำ สองครั้ง", client_id="walk-in-same-01"
        )
    assert Registration.objects.filter(full_name="นางซ้ำ สองครั้ง").count() == 1
    assert _checkins() == 1


def test_a_walk_in_is_refused_when_the_event_is_full_and_nothing_is_recorded(admin, event):
    for _ in range(5):
        services.registration_create(actor=admin, event_id=event.pk, person_id=new_person(admin).pk)
    result = services.checkin_walk_in(actor=admin, event_id=event.pk, full_name="นายมาสาย ไม่มีที่")
    assert (result.outcome, result.reason) == ("refused", "full")
    assert not Registration.objects.filter(full_name="นายมาสาย ไม่มีที่").exists()


def test_a_user_on_the_staff_list_works_the_door_without_any_area(
    admin, event, registration, door_user
):
    with pytest.raises(NotFoundOrOutOfScope):
        services.checkin_record(actor=door_user, event_id=event.pk, scan=registration.code)
    services.event_staff_add(actor=admin, event_id=event.pk, username=door_user.username)
    result = services.checkin_record(actor=door_user, event_id=event.pk, scan=registration.code)
    assert result.outcome == "recorded"
    assert CheckIn.objects.get().by == door_user


@pytest.mark.parametrize(
    ("role", "area"),
    [(Role.VIEWER, "71"), (Role.DISTRICT_OFFICER, "7102")],
    ids=["viewer-of-the-province", "officer-of-another-district"],
)
def test_readers_and_officers_of_other_areas_cannot_work_the_door(
    admin, event, registration, role, area
):
    user = make_user(f"not.door.{role}", role, area)
    with pytest.raises(NotFoundOrOutOfScope):
        services.checkin_record(actor=user, event_id=event.pk, scan=registration.code)
    assert _checkins() == 0


def test_a_check_in_taken_back_can_be_made_again(admin, event, registration):
    services.checkin_record(actor=admin, event_id=event.pk, scan=registration.code)
    services.checkin_undo(actor=admin, registration_id=registration.pk)
    assert _checkins() == 0
    again = services.checkin_record(actor=admin, event_id=event.pk, scan=registration.code)
    assert again.outcome == "recorded"


def test_tokens_hold_no_database_id(admin, event, registration):
    token = door_token(registration)
    assert str(registration.pk) not in token.split(":")[0].split(".")
    assert str(event.pk) not in token.split(":")[0].split(".")
    assert tickets.read_scan(token).secret == registration.ticket_secret
