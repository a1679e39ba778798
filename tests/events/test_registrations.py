"""Registrations: capacity and the waiting list, duplicates, lists pasted by officers, the
public form, and names that are long or hold markup."""

import random

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from concenter.accounts.models import Role
from concenter.common.errors import NotFoundOrOutOfScope, StaleVersion
from concenter.common.thai import generate_fictional_national_id
from concenter.events import services
from concenter.events.models import EventAccess, EventStatus, Registration, RegistrationStatus
from concenter.people.services import PersonData, person_create
from tests.conftest import make_user
from tests.events.conftest import new_event, new_person, open_event

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def _register(admin, event, count: int) -> list[Registration]:
    return [
        services.registration_create(actor=admin, event_id=event.pk, person_id=new_person(admin).pk)
        for _ in range(count)
    ]


def _statuses(event) -> dict[str, int]:
    counts: dict[str, int] = {}
    for status in Registration.objects.filter(event=event).values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    return counts


def test_past_the_capacity_people_join_the_waiting_list_in_order(admin, event):
    registrations = _register(admin, event, 7)
    assert [r.status for r in registrations] == ["confirmed"] * 5 + ["waitlisted"] * 2
    assert _statuses(event) == {"confirmed": 5, "waitlisted": 2}


def test_a_cancellation_moves_the_first_in_line_up_at_once(admin, event):
    registrations = _register(admin, event, 7)
    cancelled = services.registration_cancel(
        actor=admin, registration_id=registrations[0].pk, reason="ติดราชการ"
    )
    first_waiting, second_waiting = registrations[5], registrations[6]
    assert [r.pk for r in cancelled.promoted] == [first_waiting.pk]
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert first_waiting.status == RegistrationStatus.CONFIRMED
    assert second_waiting.status == RegistrationStatus.WAITLISTED
    assert _statuses(event) == {"confirmed": 5, "waitlisted": 1, "cancelled": 1}


def test_cancelling_someone_on_the_waiting_list_moves_nobody_up(admin, event):
    registrations = _register(admin, event, 7)
    cancelled = services.registration_cancel(actor=admin, registration_id=registrations[5].pk)
    assert cancelled.promoted == []
    assert _statuses(event) == {"confirmed": 5, "waitlisted": 1, "cancelled": 1}


def test_more_seats_move_the_waiting_list_up(admin, event):
    _register(admin, event, 8)
    services.event_update(
        actor=admin, event_id=event.pk, expected_version=event.version, capacity=7
    )
    assert _statuses(event) == {"confirmed": 7, "waitlisted": 1}


def test_the_capacity_cannot_go_below_the_seats_already_given(admin, event):
    _register(admin, event, 4)
    with pytest.raises(ValidationError) as error:
        services.event_update(
            actor=admin, event_id=event.pk, expected_version=event.version, capacity=3
        )
    assert "capacity" in error.value.message_dict


def test_an_event_without_capacity_has_no_waiting_list(admin, centers):
    unlimited = open_event(admin, new_event(admin, capacity=None))
    assert {r.status for r in _register(admin, unlimited, 12)} == {"confirmed"}


def test_a_person_is_registered_once_per_event(admin, event):
    person = new_person(admin)
    first = services.registration_create(actor=admin, event_id=event.pk, person_id=person.pk)
    with pytest.raises(ValidationError) as error:
        services.registration_create(actor=admin, event_id=event.pk, person_id=person.pk)
    assert first.code_display in error.value.message_dict["person_id"][0]
    services.registration_cancel(actor=admin, registration_id=first.pk)
    again = services.registration_create(actor=admin, event_id=event.pk, person_id=person.pk)
    assert again.status == RegistrationStatus.CONFIRMED


def test_an_officer_registers_only_people_of_their_area(admin, event):
    officer = make_user("kan.mueang.events", Role.DISTRICT_OFFICER, "7101")
    outsider = new_person(admin, area_code="710201")
    with pytest.raises(ValidationError) as error:
        services.registration_create(actor=officer, event_id=event.pk, person_id=outsider.pk)
    assert list(error.value.message_dict) == ["person_id"]


def test_an_officer_of_another_district_cannot_touch_the_event(admin, event):
    officer = make_user("kan.saiyok.events", Role.DISTRICT_OFFICER, "7102")
    with pytest.raises(NotFoundOrOutOfScope):
        services.registration_create(actor=officer, event_id=event.pk, full_name="นายนอก เขต")


def test_nobody_is_registered_once_the_event_is_held(admin, event):
    services.event_status_change(actor=admin, event_id=event.pk, status=EventStatus.HELD)
    with pytest.raises(ValidationError):
        services.registration_create(actor=admin, event_id=event.pk, full_name="นายมาช้า ไปแล้ว")


def test_a_stale_cancellation_is_refused(admin, event):
    registration = _register(admin, event, 1)[0]
    services.registration_update(
        actor=admin,
        registration_id=registration.pk,
        expected_version=registration.version,
        role="vip",
    )
    with pytest.raises(StaleVersion):
        services.registration_cancel(
            actor=admin, registration_id=registration.pk, expected_version=registration.version
        )


def test_a_checked_in_registration_cannot_be_cancelled(admin, event):
    registration = _register(admin, event, 1)[0]
    services.checkin_record(actor=admin, event_id=event.pk, scan=registration.code)
    with pytest.raises(ValidationError):
        services.registration_cancel(actor=admin, registration_id=registration.pk)


# Names: long, with markup --------------------------------------------------------------------


def test_a_name_of_300_characters_with_markup_is_stored_as_typed(admin, event):
    name = ("<script>alert('x')</script>" + "ก" * 300)[:300]
    registration = services.registration_create(actor=admin, event_id=event.pk, full_name=name)
    registration.refresh_from_db()
    assert registration.full_name == name
    assert registration.display_name == name


def test_a_name_longer_than_300_characters_is_refused_not_cut(admin, event):
    with pytest.raises(ValidationError) as error:
        services.registration_create(actor=admin, event_id=event.pk, full_name="ก" * 301)
    assert "300" in error.value.message_dict["full_name"][0]
    assert not Registration.objects.exists()


# Pasted lists ----------------------------------------------------------------------------------


def test_a_pasted_list_links_names_and_ids_of_the_registry(admin, event):
    national_id = generate_fictional_national_id(random.Random(7))
    by_id = person_create(
        actor=admin,
        data=PersonData(given_name="บุญมา", family_name="ทองดี"),
        area_code="710104",
        national_id=national_id,
        confirm_new=True,
    )
    by_name = new_person(admin, given_name="สมจิตร", family_name="ใจงาม")
    lines = [
        f"{national_id}\tกลุ่มออมทรัพย์บ้านท่ามะขาม",
        "นางสมจิตร ใจงาม, อบต.ท่ามะขาม",
        "นายคนใหม่ ไม่มีในทะเบียน",
        "",
    ]
    plan = services.registration_bulk_add(actor=admin, event_id=event.pk, lines=lines, dry_run=True)
    assert [row.action for row in plan.rows] == ["register"] * 3
    assert Registration.objects.count() == 0  # a check writes nothing
    result = services.registration_bulk_add(actor=admin, event_id=event.pk, lines=lines)
    assert result.confirmed == 3
    people = {r.person_id for r in Registration.objects.all()}
    assert {by_id.pk, by_name.pk} <= people
    assert Registration.objects.get(person=by_id).represents == "กลุ่มออมทรัพย์บ้านท่ามะขาม"
    assert Registration.objects.get(full_name="นายคนใหม่ ไม่มีในทะเบียน").source == "list"


def test_a_pasted_list_with_one_bad_line_registers_nobody_and_names_the_line(admin, event):
    lines = ["นายหนึ่ง ดีงาม", "1234567890123", "นางสาม ดีงาม"]
    with pytest.raises(ValidationError) as error:
        services.registration_bulk_add(actor=admin, event_id=event.pk, lines=lines)
    messages = error.value.message_dict["lines"]
    assert len(messages) == 1 and messages[0].startswith("Line 2")
    assert Registration.objects.count() == 0


def test_a_pasted_list_skips_people_already_registered(admin, event):
    services.registration_create(actor=admin, event_id=event.pk, full_name="นายซ้ำ ซ้อน")
    result = services.registration_bulk_add(
        actor=admin, event_id=event.pk, lines=["นายซ้ำ ซ้อน", "นายใหม่ มาแล้ว", "นายใหม่ มาแล้ว"]
    )
    assert [row.action for row in result.rows] == ["duplicate", "register", "duplicate"]
    assert Registration.objects.count() == 2


def test_a_pasted_list_past_the_capacity_fills_the_waiting_list(admin, event):
    result = services.registration_bulk_add(
        actor=admin, event_id=event.pk, lines=[f"นายคนที่{n} ทดสอบ" for n in range(8)]
    )
    assert (result.confirmed, result.waitlisted) == (5, 3)
    assert _statuses(event) == {"confirmed": 5, "waitlisted": 3}


def test_a_name_shared_by_two_people_of_the_registry_asks_for_the_id(admin, event):
    new_person(admin, given_name="สมปอง", family_name="ซ้ำชื่อ")
    new_person(admin, area_code="710101", given_name="สมปอง", family_name="ซ้ำชื่อ")
    plan = services.registration_bulk_add(
        actor=admin, event_id=event.pk, lines=["นายสมปอง ซ้ำชื่อ"], dry_run=True
    )
    assert plan.rows[0].action == "error"
    assert "2" in plan.rows[0].message


# The public form -------------------------------------------------------------------------------


@pytest.fixture
def upcoming(admin, centers):
    """A public event in ten days, open for registration, with 5 seats."""
    starts = timezone.now() + timezone.timedelta(days=10)
    return open_event(
        admin,
        new_event(
            admin, capacity=5, starts_at=starts, ends_at=starts + timezone.timedelta(hours=8)
        ),
    )


def _public(event, **fields):
    values = {
        "event_id": event.pk,
        "full_name": "นางสาวมาเอง ลงทะเบียน",
        "phone": "081 234 5678",
        "consent": True,
        **fields,
    }
    return services.registration_public_create(**values)


def test_the_public_registers_for_a_public_open_event(upcoming):
    registration = _public(upcoming, home_area_code="7101")
    assert (registration.source, registration.role) == ("public", "participant")
    assert registration.district_code == "7101"
    assert registration.registered_by is None


def test_the_public_form_needs_consent_and_a_way_to_reach_the_person(upcoming):
    with pytest.raises(ValidationError) as error:
        _public(upcoming, phone="", consent=False)
    assert {"phone", "consent"} <= set(error.value.message_dict)


def test_the_same_person_cannot_register_twice_through_the_public_form(upcoming):
    _public(upcoming)
    with pytest.raises(ValidationError) as error:
        _public(upcoming, full_name="นางสาวมาเอง  ลงทะเบียน", phone="0812345678")
    assert "full_name" in error.value.message_dict


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"access": EventAccess.INVITATION}, id="invitation-only"),
        pytest.param({"status": EventStatus.CLOSED}, id="registration-closed"),
        pytest.param({"registration_closes_at": "past"}, id="window-over"),
    ],
)
def test_the_public_form_is_closed_unless_the_event_is_public_open_and_in_its_window(
    admin, upcoming, change
):
    event = upcoming
    _public(event, full_name="นายลงทะเบียน ก่อนปิด")
    if "status" in change:
        services.event_status_change(actor=admin, event_id=event.pk, status=change["status"])
    elif "access" in change:
        services.event_update(
            actor=admin, event_id=event.pk, expected_version=None, access=change["access"]
        )
    else:
        services.event_update(
            actor=admin,
            event_id=event.pk,
            expected_version=None,
            registration_closes_at=timezone.now() - timezone.timedelta(minutes=1),
        )
    with pytest.raises(ValidationError):
        _public(event)


def test_a_draft_event_is_not_found_by_the_public(admin, centers):
    draft = new_event(admin)
    with pytest.raises(NotFoundOrOutOfScope):
        _public(draft)


def test_the_public_past_the_capacity_joins_the_waiting_list(admin, upcoming):
    _register(admin, upcoming, 5)
    assert _public(upcoming).status == RegistrationStatus.WAITLISTED


def test_a_registrant_cancels_through_their_link_and_the_line_moves_up(admin, event):
    from concenter.events import tickets

    registrations = _register(admin, event, 6)
    own = registrations[0]
    token = tickets.link_token(event.ref, own.link_secret)
    cancelled = services.registration_cancel_by_link(token=token)
    assert cancelled.status == RegistrationStatus.CANCELLED
    assert [r.pk for r in cancelled.promoted] == [registrations[5].pk]
    with pytest.raises(NotFoundOrOutOfScope):
        services.registration_cancel_by_link(token=token[:-2] + "xx")
