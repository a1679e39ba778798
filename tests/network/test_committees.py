import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from concenter.network import services
from concenter.network.models import CommitteeTerm, Position, Seat, SeatEndReason, TermStatus
from tests.network.helpers import draft_committee, person

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


@pytest.fixture
def center(district_officer):
    return services.center_create(actor=district_officer, area_code="710104")


def test_center_gets_the_default_thai_name_and_the_area_code(center):
    assert center.pk == "710104"
    assert center.name == "ศูนย์ประสานงานองค์การชุมชนตำบลท่ามะขาม"
    assert center.level == "subdistrict"


def test_one_center_per_area(district_officer, center):
    with pytest.raises(ValidationError) as info:
        services.center_create(actor=district_officer, area_code="710104")
    assert "area_code" in info.value.message_dict


def test_committee_with_eight_members_cannot_be_activated(district_officer, center):
    term, _seats = draft_committee(district_officer, members=8)
    with pytest.raises(ValidationError) as info:
        services.committee_term_activate(actor=district_officer, term_id=term.pk)
    assert "ต้องมีกรรมการอย่างน้อย 9 คน" in " ".join(info.value.messages) or "at least 9" in " ".join(
        info.value.messages
    )
    assert CommitteeTerm.objects.get(pk=term.pk).status == TermStatus.DRAFT


def test_committee_of_nine_with_a_chair_is_activated(district_officer, center):
    term, _seats = draft_committee(district_officer, members=9)
    activated = services.committee_term_activate(actor=district_officer, term_id=term.pk)
    assert activated.status == TermStatus.ACTIVE


def test_advisors_do_not_count_toward_the_size(district_officer, center):
    term, _seats = draft_committee(district_officer, members=8)
    services.seat_add(
        actor=district_officer,
        term_id=term.pk,
        person_id=person(district_officer).pk,
        position=Position.ADVISOR,
    )
    with pytest.raises(ValidationError):
        services.committee_term_activate(actor=district_officer, term_id=term.pk)


@override_settings(COMMITTEE_MIN_SIZE=3, COMMITTEE_MAX_SIZE=4)
def test_size_bounds_come_from_settings(district_officer, center):
    term, _seats = draft_committee(district_officer, members=5)
    with pytest.raises(ValidationError) as info:
        services.committee_term_activate(actor=district_officer, term_id=term.pk)
    assert "4" in " ".join(info.value.messages)


def test_committee_without_a_chair_cannot_be_activated(district_officer, center):
    term = services.committee_term_create(
        actor=district_officer,
        center_code="710104",
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2028, 12, 31),
    )
    for _ in range(9):
        services.seat_add(
            actor=district_officer, term_id=term.pk, person_id=person(district_officer).pk
        )
    with pytest.raises(ValidationError):
        services.committee_term_activate(actor=district_officer, term_id=term.pk)


@pytest.mark.parametrize(
    ("position", "allowed"),
    [
        pytest.param(Position.CHAIR, 1, id="one-chair"),
        pytest.param(Position.VICE_CHAIR, 2, id="two-vice-chairs"),
        pytest.param(Position.SECRETARY, 1, id="one-secretary"),
        pytest.param(Position.TREASURER, 1, id="one-treasurer"),
    ],
)
def test_position_limits(district_officer, center, position, allowed):
    term = services.committee_term_create(
        actor=district_officer,
        center_code="710104",
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2028, 12, 31),
    )
    for _ in range(allowed):
        services.seat_add(
            actor=district_officer,
            term_id=term.pk,
            person_id=person(district_officer).pk,
            position=position,
        )
    with pytest.raises(ValidationError) as info:
        services.seat_add(
            actor=district_officer,
            term_id=term.pk,
            person_id=person(district_officer).pk,
            position=position,
        )
    assert "position" in info.value.message_dict
    assert Seat.objects.filter(term=term, position=position).count() == allowed


def test_a_person_holds_one_seat_per_term(district_officer, center):
    term, seats = draft_committee(district_officer, members=3)
    with pytest.raises(ValidationError) as info:
        services.seat_add(
            actor=district_officer,
            term_id=term.pk,
            person_id=seats[1].person_id,
            position=Position.SECRETARY,
        )
    assert "person" in info.value.message_dict
    assert Seat.objects.filter(term=term).count() == 3


def test_terms_of_one_center_do_not_overlap(district_officer, center):
    services.committee_term_create(
        actor=district_officer,
        center_code="710104",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2027, 12, 31),
    )
    with pytest.raises(ValidationError) as info:
        services.committee_term_create(
            actor=district_officer,
            center_code="710104",
            starts_on=datetime.date(2027, 6, 1),
            ends_on=datetime.date(2030, 5, 31),
        )
    assert "starts_on" in info.value.message_dict
    assert CommitteeTerm.objects.filter(center=center).count() == 1


def test_a_term_ends_after_it_starts(district_officer, center):
    with pytest.raises(ValidationError) as info:
        services.committee_term_create(
            actor=district_officer,
            center_code="710104",
            starts_on=datetime.date(2026, 1, 1),
            ends_on=datetime.date(2025, 1, 1),
        )
    assert "ends_on" in info.value.message_dict


def test_a_seat_ends_early_and_its_replacement_starts_the_next_day(district_officer, center):
    term, seats = draft_committee(district_officer, members=9)
    services.committee_term_activate(actor=district_officer, term_id=term.pk)
    ended = services.seat_end(
        actor=district_officer,
        seat_id=seats[3].pk,
        ends_on=datetime.date(2026, 3, 31),
        reason=SeatEndReason.RESIGNATION,
    )
    assert ended.ends_on == datetime.date(2026, 3, 31)
    replacement = services.seat_replace(
        actor=district_officer, seat_id=seats[3].pk, person_id=person(district_officer).pk
    )
    assert replacement.starts_on == datetime.date(2026, 4, 1)
    assert replacement.position == seats[3].position
    assert replacement.replaces_id == seats[3].pk


def test_an_active_committee_does_not_grow_past_the_maximum(district_officer, center):
    with override_settings(COMMITTEE_MAX_SIZE=9):
        term, _ = draft_committee(district_officer, members=9)
        services.committee_term_activate(actor=district_officer, term_id=term.pk)
        with pytest.raises(ValidationError):
            services.seat_add(
                actor=district_officer, term_id=term.pk, person_id=person(district_officer).pk
            )


def test_other_district_officer_cannot_touch_the_committee(
    district_officer, other_district_officer, center
):
    from concenter.common.errors import NotFoundOrOutOfScope

    term, _ = draft_committee(district_officer, members=9)
    with pytest.raises(NotFoundOrOutOfScope):
        services.committee_term_activate(actor=other_district_officer, term_id=term.pk)
    with pytest.raises(NotFoundOrOutOfScope):
        services.committee_term_create(
            actor=other_district_officer,
            center_code="710104",
            starts_on=datetime.date(2031, 1, 1),
            ends_on=datetime.date(2032, 1, 1),
        )


def test_stale_version_is_refused_on_activation(district_officer, center):
    from concenter.common.errors import StaleVersion

    term, _ = draft_committee(district_officer, members=9)
    with pytest.raises(StaleVersion):
        services.committee_term_activate(
            actor=district_officer, term_id=term.pk, expected_version=1
        )


def test_a_person_outside_the_actors_area_cannot_be_seated(
    district_officer, other_district_officer, center
):
    stranger = person(other_district_officer, area_code="710201")
    term = services.committee_term_create(
        actor=district_officer,
        center_code="710104",
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2028, 12, 31),
    )
    with pytest.raises(ValidationError) as info:
        services.seat_add(actor=district_officer, term_id=term.pk, person_id=stranger.pk)
    assert "person" in info.value.message_dict
    assert not Seat.objects.filter(term=term).exists()


def test_replacing_a_seat_of_another_district_is_not_found(
    district_officer, other_district_officer, center
):
    from concenter.common.errors import NotFoundOrOutOfScope

    term, seats = draft_committee(district_officer, members=9)
    services.committee_term_activate(actor=district_officer, term_id=term.pk)
    with pytest.raises(NotFoundOrOutOfScope):
        services.seat_replace(
            actor=other_district_officer, seat_id=seats[2].pk, person_id=seats[2].person_id
        )


def test_a_seat_cannot_be_ended_in_advance(district_officer, center):
    today = timezone.localdate()
    term, seats = draft_committee(
        district_officer,
        starts_on=today - datetime.timedelta(days=100),
        ends_on=today.replace(year=today.year + 4),
    )
    services.committee_term_activate(actor=district_officer, term_id=term.pk)
    tomorrow = today + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as info:
        services.seat_end(
            actor=district_officer,
            seat_id=seats[3].pk,
            ends_on=tomorrow,
            reason=SeatEndReason.RESIGNATION,
        )
    assert "ends_on" in info.value.message_dict
    assert Seat.objects.get(pk=seats[3].pk).ends_on is None


@pytest.mark.parametrize(
    ("chosen_days_after_start", "ok"), [(-30, True), (0, True), (1, False)], ids=str
)
def test_a_committee_is_chosen_before_its_term_starts(
    district_officer, center, chosen_days_after_start, ok
):
    starts_on = datetime.date(2025, 10, 1)
    arguments = {
        "actor": district_officer,
        "center_code": "710104",
        "starts_on": starts_on,
        "ends_on": datetime.date(2029, 9, 30),
        "chosen_on": starts_on + datetime.timedelta(days=chosen_days_after_start),
    }
    if ok:
        assert services.committee_term_create(**arguments).chosen_on == arguments["chosen_on"]
    else:
        with pytest.raises(ValidationError) as info:
            services.committee_term_create(**arguments)
        assert "chosen_on" in info.value.message_dict
        assert not CommitteeTerm.objects.filter(center_id="710104").exists()
