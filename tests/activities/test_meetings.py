"""Meetings: the attendance of the committee in force on the meeting's day, and the quorum
(more than half of the seats unless settings.MEETING_QUORUM_SHARE says otherwise)."""

import datetime
from fractions import Fraction

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError

from concenter.activities import rules, selectors, services
from concenter.activities.models import ActivityKind, AttendanceStatus, MeetingAttendance
from concenter.network import services as network
from concenter.network.models import SeatEndReason
from tests.activities.helpers import activity_data

pytestmark = pytest.mark.django_db

P, E, A = AttendanceStatus.PRESENT, AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT


@pytest.mark.parametrize(
    ("seats", "needed"),
    [(9, 5), (10, 6), (11, 6), (15, 8), (25, 13), (1, 1), (0, 0)],
)
def test_a_quorum_needs_more_than_half_of_the_seats(seats, needed):
    assert rules.quorum_needed(seats) == needed


def test_the_quorum_share_comes_from_the_settings(settings):
    settings.MEETING_QUORUM_SHARE = "2/3"
    assert rules.quorum_share() == Fraction(2, 3)
    assert rules.quorum_needed(9) == 7  # more than 6
    settings.MEETING_QUORUM_SHARE = 0.5
    assert rules.quorum_needed(10) == 6
    settings.MEETING_QUORUM_SHARE = "3/2"
    with pytest.raises(ImproperlyConfigured):
        rules.quorum_share()


def _meeting(actor, day=datetime.date(2025, 3, 1), kind=ActivityKind.COMMITTEE_MEETING):
    return services.activity_create(
        actor=actor,
        center_code="710104",
        data=activity_data(
            kind=kind,
            starts_on=day,
            ends_on=day,
            agenda="1. แจ้งเพื่อทราบ\n2. เพื่อพิจารณา",
            minutes="ประธานเปิดประชุม",
            resolutions=["อนุมัติแผนงาน", "", "  รับรองรายงาน  "],
        ),
    )


def test_a_meeting_keeps_its_agenda_minutes_and_numbered_resolutions(committee, district_officer):
    meeting = _meeting(district_officer)
    assert meeting.agenda == "1. แจ้งเพื่อทราบ\n2. เพื่อพิจารณา"
    assert [(r.number, r.text) for r in meeting.resolutions.order_by("number")] == [
        (1, "อนุมัติแผนงาน"),
        (2, "รับรองรายงาน"),
    ]


def test_five_of_nine_members_present_make_the_quorum_and_advisors_do_not_count(
    committee, district_officer
):
    _term, seats = committee  # 9 members, then an advisor
    meeting = _meeting(district_officer)
    statuses = {seat.pk: P for seat in seats[:4]} | {seats[4].pk: E, seats[5].pk: A}
    statuses[seats[9].pk] = P  # the advisor
    services.meeting_attendance_set(
        actor=district_officer, activity_id=meeting.pk, statuses=statuses
    )
    quorum = selectors.meeting_state(meeting).quorum
    assert (quorum.seats, quorum.present, quorum.needed) == (9, 4, 5)
    assert not quorum.met
    statuses[seats[6].pk] = P
    services.meeting_attendance_set(
        actor=district_officer, activity_id=meeting.pk, statuses=statuses
    )
    quorum = selectors.meeting_state(meeting).quorum
    assert (quorum.present, quorum.excused, quorum.absent) == (5, 1, 1)
    assert quorum.met


def test_a_seat_that_ended_before_the_meeting_is_not_counted(
    committee, district_officer, province_officer
):
    _term, seats = committee
    network.seat_end(
        actor=province_officer,
        seat_id=seats[8].pk,
        ends_on=datetime.date(2025, 1, 31),
        reason=SeatEndReason.RESIGNATION,
    )
    before = selectors.meeting_state(_meeting(district_officer, datetime.date(2025, 1, 31)))
    after = _meeting(district_officer, datetime.date(2025, 2, 1))
    assert before.quorum.seats == 9  # the seat was held on its last day
    assert selectors.meeting_state(after).quorum.seats == 8
    with pytest.raises(ValidationError) as error:
        services.meeting_attendance_set(
            actor=district_officer, activity_id=after.pk, statuses={seats[8].pk: P}
        )
    assert "attendance" in error.value.message_dict


def test_attendance_is_only_for_meetings_and_only_of_that_committee(
    committee, district_officer, province_officer
):
    _term, seats = committee
    training = services.activity_create(
        actor=district_officer, center_code="710104", data=activity_data()
    )
    with pytest.raises(ValidationError) as error:
        services.meeting_attendance_set(
            actor=district_officer, activity_id=training.pk, statuses={seats[0].pk: P}
        )
    assert "kind" in error.value.message_dict
    meeting = _meeting(district_officer)
    for statuses, field in (
        ({999999: P}, "attendance"),
        ({seats[0].pk: "asleep"}, f"seat_{seats[0].pk}"),
    ):
        with pytest.raises(ValidationError) as error:
            services.meeting_attendance_set(
                actor=district_officer, activity_id=meeting.pk, statuses=statuses
            )
        assert field in error.value.message_dict
    before_term = _meeting(district_officer, datetime.date(2024, 9, 30))
    with pytest.raises(ValidationError) as error:
        services.meeting_attendance_set(
            actor=district_officer, activity_id=before_term.pk, statuses={seats[0].pk: P}
        )
    assert "attendance" in error.value.message_dict
    assert selectors.meeting_state(before_term).quorum.has_committee is False
    assert not MeetingAttendance.objects.exists()


def test_leaving_a_member_out_clears_their_record(committee, district_officer):
    _term, seats = committee
    meeting = _meeting(district_officer)
    services.meeting_attendance_set(
        actor=district_officer, activity_id=meeting.pk, statuses={s.pk: P for s in seats[:6]}
    )
    services.meeting_attendance_set(
        actor=district_officer,
        activity_id=meeting.pk,
        statuses={seats[0].pk: A, seats[1].pk: ""},
    )
    assert dict(MeetingAttendance.objects.values_list("seat_id", "status")) == {seats[0].pk: A}


def test_a_meeting_with_attendance_keeps_its_kind_and_its_term(committee, district_officer):
    _term, seats = committee
    meeting = _meeting(district_officer)
    services.meeting_attendance_set(
        actor=district_officer, activity_id=meeting.pk, statuses={seats[0].pk: P}
    )
    with pytest.raises(ValidationError) as error:
        services.activity_update(
            actor=district_officer,
            activity_id=meeting.pk,
            expected_version=None,
            data=activity_data(kind=ActivityKind.TRAINING),
        )
    assert "kind" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.activity_update(
            actor=district_officer,
            activity_id=meeting.pk,
            expected_version=None,
            data=activity_data(
                kind=ActivityKind.COMMITTEE_MEETING,
                starts_on=datetime.date(2024, 9, 1),
                ends_on=datetime.date(2024, 9, 1),
            ),
        )
    assert "starts_on" in error.value.message_dict
    moved = services.activity_update(  # another day of the same term is fine
        actor=district_officer,
        activity_id=meeting.pk,
        expected_version=None,
        data=activity_data(
            kind=ActivityKind.GENERAL_MEETING,
            starts_on=datetime.date(2025, 6, 1),
            ends_on=datetime.date(2025, 6, 1),
        ),
    )
    assert moved.kind == ActivityKind.GENERAL_MEETING


def test_a_stale_attendance_form_is_refused(committee, district_officer):
    from concenter.common.errors import StaleVersion

    _term, seats = committee
    meeting = _meeting(district_officer)
    services.meeting_attendance_set(
        actor=district_officer,
        activity_id=meeting.pk,
        statuses={seats[0].pk: P},
        expected_version=meeting.version,
    )
    with pytest.raises(StaleVersion):
        services.meeting_attendance_set(
            actor=district_officer,
            activity_id=meeting.pk,
            statuses={seats[0].pk: A},
            expected_version=meeting.version,
        )
