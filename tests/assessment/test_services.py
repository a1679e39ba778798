"""The services of the strength assessment: rounds and templates, answers and scores, and every
move of an assessment up the levels, with the scope each one holds."""

import datetime
import io
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.utils import translation

from concenter.activities import services as activities
from concenter.activities.models import ActivityKind, AttendanceStatus
from concenter.assessment import services
from concenter.assessment.models import (
    Answer,
    Assessment,
    AssessmentStatus,
    DataSource,
    Indicator,
    ScoringKind,
    Step,
    Template,
)
from concenter.common.errors import NotFoundOrOutOfScope
from tests.assessment.conftest import DUE, OPENS, YEAR
from tests.network.helpers import draft_committee

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-11-20T09:15")]


@pytest.fixture(autouse=True)
def _in_english():
    """The refusals are matched by their English text (the Thai is checked by the pages)."""
    with translation.override("en"):
        yield


# Templates and rounds -----------------------------------------------------------------------------


def test_the_default_template_holds_the_five_dimensions():
    template = Template.objects.get(fiscal_year__isnull=True)
    assert template.dimensions.count() == 5
    assert sum(template.dimensions.values_list("weight", flat=True)) == 100
    assert Indicator.objects.filter(dimension__template=template).exclude(source="").count() >= 8


def test_opening_a_round_copies_the_default_and_freezes_it(assessment_round):
    template = assessment_round.template
    assert template.fiscal_year == YEAR
    assert template.frozen
    default = Template.objects.get(fiscal_year__isnull=True)
    assert not default.frozen
    assert template.dimensions.count() == default.dimensions.count()


def test_a_frozen_template_cannot_change(national_admin, assessment_round):
    indicator = Indicator.objects.filter(dimension__template=assessment_round.template).first()
    with pytest.raises(ValidationError, match="frozen"):
        services.indicator_save(
            actor=national_admin,
            indicator_id=indicator.pk,
            values=services.IndicatorData(text="ใหม่", level_descriptions=["ก"] * 5),
        )


def test_only_the_national_administrator_opens_a_round(province_officer, centers):
    with pytest.raises(NotFoundOrOutOfScope):
        services.round_open(
            actor=province_officer,
            fiscal_year=YEAR,
            level="subdistrict",
            opens_on=OPENS,
            due_on=DUE,
        )


def test_a_second_round_of_the_same_year_and_level_is_refused(national_admin, assessment_round):
    with pytest.raises(ValidationError) as refused:
        services.round_open(
            actor=national_admin, fiscal_year=YEAR, level="subdistrict", opens_on=OPENS, due_on=DUE
        )
    assert "fiscal_year" in refused.value.message_dict


def test_a_due_date_before_the_opening_is_refused(national_admin, centers):
    with pytest.raises(ValidationError) as refused:
        services.round_open(
            actor=national_admin,
            fiscal_year=YEAR,
            level="subdistrict",
            opens_on=OPENS,
            due_on=OPENS - datetime.timedelta(days=1),
        )
    assert "due_on" in refused.value.message_dict


def test_an_indicator_on_levels_needs_five_descriptions(national_admin):
    default = Template.objects.get(fiscal_year__isnull=True)
    copy = services.template_copy(actor=national_admin, source_id=default.pk, fiscal_year=2580)
    dimension = copy.dimensions.first()
    with pytest.raises(ValidationError) as refused:
        services.indicator_save(
            actor=national_admin,
            dimension_id=dimension.pk,
            values=services.IndicatorData(text="ข้อใหม่", level_descriptions=["ก", "ข"]),
        )
    assert "level_descriptions" in refused.value.message_dict
    added = services.indicator_save(
        actor=national_admin,
        dimension_id=dimension.pk,
        values=services.IndicatorData(
            text="ตัวเลขใหม่", kind=ScoringKind.NUMBER, bands=[1, 2, 3, 4], weight=2
        ),
    )
    assert added.number == dimension.indicators.count()


# Starting and answering ---------------------------------------------------------------------------


def test_the_committee_starts_its_assessment_with_every_indicator(editor, assessment_round):
    assessment = services.assessment_start(
        actor=editor, round_id=assessment_round.pk, center_code="710104"
    )
    indicators = Indicator.objects.filter(dimension__template=assessment_round.template).count()
    assert assessment.answers.count() == indicators
    assert assessment.status == AssessmentStatus.DRAFT
    assert assessment.district_code == "7101"
    again = services.assessment_start(
        actor=editor, round_id=assessment_round.pk, center_code="710104"
    )
    assert again.pk == assessment.pk


def test_an_editor_cannot_start_another_centers_assessment(editor, assessment_round):
    with pytest.raises(NotFoundOrOutOfScope):
        services.assessment_start(actor=editor, round_id=assessment_round.pk, center_code="710101")


def test_a_center_of_another_level_is_refused(national_admin, assessment_round):
    from concenter.network import services as network

    network.center_create(actor=national_admin, area_code="7101")
    with pytest.raises(ValidationError, match="another level"):
        services.assessment_start(
            actor=national_admin, round_id=assessment_round.pk, center_code="7101"
        )


def test_committee_roles_and_meetings_are_filled_in_from_the_records(
    national_admin, editor, assessment_round
):
    from concenter.network import services as network

    term, seats = draft_committee(national_admin, center_code="710104")
    network.committee_term_activate(actor=national_admin, term_id=term.pk)
    for day in (datetime.date(2026, 10, 15), datetime.date(2026, 11, 10)):
        meeting = activities.activity_create(
            actor=national_admin,
            center_code="710104",
            data=activities.ActivityData(
                kind=ActivityKind.COMMITTEE_MEETING,
                title="ประชุมกรรมการ",
                starts_on=day,
                missions=["governance"],
            ),
        )
        # Six of the nine attend every meeting; the others are absent.
        activities.meeting_attendance_set(
            actor=national_admin,
            activity_id=meeting.pk,
            statuses={
                seat.pk: AttendanceStatus.PRESENT if index < 6 else AttendanceStatus.ABSENT
                for index, seat in enumerate(seats)
            },
        )
    assessment = services.assessment_start(
        actor=editor, round_id=assessment_round.pk, center_code="710104"
    )
    roles = Answer.objects.get(assessment=assessment, indicator__source=DataSource.COMMITTEE_ROLES)
    assert roles.data_figure == Decimal("66.67")
    assert roles.data_detail == "6/9"
    assert roles.data_level == 4  # bands 20, 40, 60, 80
    assert roles.figure == roles.data_figure  # pre-filled: the committee may change it
    meetings = Answer.objects.get(
        assessment=assessment, indicator__source=DataSource.COMMITTEE_MEETINGS
    )
    assert meetings.data_figure == 2
    assert [r["kind"] for r in meetings.data_records] == ["activity", "activity"]


def test_member_organizations_are_counted_from_the_subdistrict(
    national_admin, editor, assessment_round
):
    from concenter.network import services as network

    for number in range(4):
        network.organization_create(
            actor=national_admin,
            area_code="710104",
            type_code="savings_group",
            name=f"กลุ่มออมทรัพย์ที่ {number}",
        )
    assessment = services.assessment_start(
        actor=editor, round_id=assessment_round.pk, center_code="710104"
    )
    members = Answer.objects.get(
        assessment=assessment, indicator__source=DataSource.MEMBER_ORGANIZATIONS
    )
    assert members.data_figure == 4
    assert members.data_level == 2  # bands 3, 6, 9, 12
    assert len(members.data_records) == 4


def test_saving_answers_scores_the_assessment_as_the_template_says(editor, filled):
    filled.refresh_from_db()
    template = filled.round.template
    weights = dict(template.dimensions.values_list("pk", "weight"))
    levels_total = Decimal(0)
    for dimension in template.dimensions.prefetch_related("indicators"):
        earned = possible = Decimal(0)
        for indicator in dimension.indicators.all():
            answer = filled.answers.get(indicator=indicator)
            earned += indicator.weight * answer.level
            possible += indicator.weight * 5
        levels_total += weights[dimension.pk] * earned / possible * 100
    expected = (levels_total / sum(weights.values())).quantize(Decimal("0.01"))
    assert filled.score == expected
    # Levels 4 by hand; figures of 5 reach level 2 (meetings: bands 2,4,6,9 → 3; …): not all 4.
    assert Decimal(0) < filled.score < Decimal(100)
    assert set(filled.dimension_scores) == {str(pk) for pk in weights}


def test_a_figure_scores_by_the_bands(editor, filled):
    meetings = filled.answers.get(indicator__source=DataSource.COMMITTEE_MEETINGS)
    assert meetings.figure == 5
    assert meetings.level == 3  # 5 meets 2 and 4 of the bands 2, 4, 6, 9


def test_bad_answers_are_refused_by_indicator_and_nothing_is_stored(editor, filled):
    level_answer = filled.answers.filter(indicator__kind=ScoringKind.LEVELS).first()
    number_answer = filled.answers.filter(indicator__kind=ScoringKind.NUMBER).first()
    with pytest.raises(ValidationError) as refused:
        services.assessment_answers_save(
            actor=editor,
            assessment_id=filled.pk,
            answers=[
                services.AnswerData(indicator_id=level_answer.indicator_id, level=7),
                services.AnswerData(indicator_id=number_answer.indicator_id, figure="มาก"),
            ],
        )
    messages = refused.value.message_dict
    assert f"level_{level_answer.indicator.code}" in messages
    assert f"figure_{number_answer.indicator.code}" in messages
    assert level_answer.indicator.code in " ".join(messages[f"level_{level_answer.indicator.code}"])
    level_answer.refresh_from_db()
    assert level_answer.level == 4


def test_a_stale_version_is_refused(editor, filled):
    from concenter.common.errors import StaleVersion

    with pytest.raises(StaleVersion):
        services.assessment_answers_save(
            actor=editor, assessment_id=filled.pk, answers=[], expected_version=filled.version - 1
        )


# Every move up the levels -------------------------------------------------------------------------


def test_an_incomplete_assessment_cannot_be_submitted(editor, assessment_round):
    assessment = services.assessment_start(
        actor=editor, round_id=assessment_round.pk, center_code="710104"
    )
    with pytest.raises(ValidationError, match="Answer every indicator"):
        services.assessment_submit(actor=editor, assessment_id=assessment.pk)
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT


def test_the_whole_way_up_submitted_verified_approved_and_locked(
    editor, district_officer, province_officer, filled
):
    submitted = services.assessment_submit(actor=editor, assessment_id=filled.pk)
    assert submitted.status == AssessmentStatus.SUBMITTED and submitted.submitted_at
    verified = services.assessment_verify(actor=district_officer, assessment_id=filled.pk)
    assert verified.status == AssessmentStatus.VERIFIED and verified.verified_at
    approved = services.assessment_approve(actor=province_officer, assessment_id=filled.pk)
    assert approved.status == AssessmentStatus.APPROVED and approved.locked
    with pytest.raises(ValidationError, match="draft or a returned"):
        services.assessment_answers_save(actor=editor, assessment_id=filled.pk, answers=[])
    actions = list(Step.objects.filter(assessment=filled).values_list("action", "actor__username"))
    assert actions == [
        ("submit", "kan.thamakham"),
        ("verify", "kan.mueang"),
        ("approve", "kan.province"),
    ]


def test_the_district_returns_with_a_reason_and_the_committee_submits_again(
    editor, district_officer, filled
):
    services.assessment_submit(actor=editor, assessment_id=filled.pk)
    with pytest.raises(ValidationError) as refused:
        services.assessment_return(actor=district_officer, assessment_id=filled.pk, reason="")
    assert "reason" in refused.value.message_dict
    returned = services.assessment_return(
        actor=district_officer, assessment_id=filled.pk, reason="ขอรายงานการประชุมเพิ่ม"
    )
    assert returned.status == AssessmentStatus.RETURNED
    assert returned.steps.last().reason == "ขอรายงานการประชุมเพิ่ม"
    services.assessment_answers_save(actor=editor, assessment_id=filled.pk, answers=[])
    again = services.assessment_submit(actor=editor, assessment_id=filled.pk)
    assert again.status == AssessmentStatus.SUBMITTED


def test_the_province_returns_a_verified_assessment_but_the_district_cannot(
    editor, district_officer, province_officer, filled
):
    services.assessment_submit(actor=editor, assessment_id=filled.pk)
    services.assessment_verify(actor=district_officer, assessment_id=filled.pk)
    with pytest.raises(NotFoundOrOutOfScope):
        services.assessment_return(
            actor=district_officer, assessment_id=filled.pk, reason="ตรวจสอบอีกครั้ง"
        )
    returned = services.assessment_return(
        actor=province_officer, assessment_id=filled.pk, reason="ตัวเลขไม่ตรงกับบันทึก"
    )
    assert returned.status == AssessmentStatus.RETURNED
    assert returned.verified_at is None


def test_reopening_an_approved_assessment_needs_a_reason_and_is_audited(
    editor, district_officer, province_officer, filled
):
    services.assessment_submit(actor=editor, assessment_id=filled.pk)
    services.assessment_verify(actor=district_officer, assessment_id=filled.pk)
    services.assessment_approve(actor=province_officer, assessment_id=filled.pk)
    with pytest.raises(ValidationError):
        services.assessment_reopen(actor=province_officer, assessment_id=filled.pk, reason="")
    with pytest.raises(NotFoundOrOutOfScope):
        services.assessment_reopen(
            actor=district_officer, assessment_id=filled.pk, reason="ขอแก้ไขตัวเลข"
        )
    reopened = services.assessment_reopen(
        actor=province_officer, assessment_id=filled.pk, reason="พบข้อมูลการประชุมที่ตกหล่น"
    )
    assert reopened.status == AssessmentStatus.RETURNED and not reopened.locked
    assert reopened.approved_at is None
    step = reopened.steps.last()
    assert (step.action, step.from_status, step.reason) == (
        "reopen",
        "approved",
        "พบข้อมูลการประชุมที่ตกหล่น",
    )
    assert LogEntry.objects.get_for_object(step).exists()
    assert LogEntry.objects.get_for_object(reopened).count() >= 4


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("verify", AssessmentStatus.DRAFT),
        ("approve", AssessmentStatus.SUBMITTED),
        ("reopen", AssessmentStatus.VERIFIED),
    ],
    ids=["verify-a-draft", "approve-unverified", "reopen-unapproved"],
)
def test_a_move_from_the_wrong_status_is_refused(
    editor, district_officer, province_officer, filled, action, status
):
    if status != AssessmentStatus.DRAFT:
        services.assessment_submit(actor=editor, assessment_id=filled.pk)
    if status == AssessmentStatus.VERIFIED:
        services.assessment_verify(actor=district_officer, assessment_id=filled.pk)
    service = getattr(services, f"assessment_{action}")
    extra = {"reason": "เหตุผลพอสมควร"} if action == "reopen" else {}
    with pytest.raises(ValidationError):
        service(actor=province_officer, assessment_id=filled.pk, **extra)
    assert Assessment.objects.get(pk=filled.pk).status == status


@pytest.mark.parametrize(
    ("who", "action"),
    [
        ("editor", "verify"),
        ("district", "approve"),
        ("other_district", "verify"),
        ("viewer", "verify"),
    ],
    ids=["editor-verifies", "district-approves", "other-district", "viewer"],
)
def test_each_step_is_held_by_its_role_and_area(
    editor, district_officer, other_district_officer, viewer, filled, who, action
):
    services.assessment_submit(actor=editor, assessment_id=filled.pk)
    if action == "approve":
        services.assessment_verify(actor=district_officer, assessment_id=filled.pk)
    actor = {
        "editor": editor,
        "district": district_officer,
        "other_district": other_district_officer,
        "viewer": viewer,
    }[who]
    with pytest.raises(NotFoundOrOutOfScope):
        getattr(services, f"assessment_{action}")(actor=actor, assessment_id=filled.pk)


def test_a_closed_round_takes_no_more_answers(national_admin, editor, filled, assessment_round):
    services.round_update(
        actor=national_admin,
        round_id=assessment_round.pk,
        due_on=DUE,
        status="closed",
        expected_version=None,
    )
    with pytest.raises(ValidationError, match="closed"):
        services.assessment_submit(actor=editor, assessment_id=filled.pk)


# Reminders ----------------------------------------------------------------------------------------


@pytest.mark.clock("2027-01-05T09:00")
def test_the_late_centers_are_those_not_submitted_after_the_due_date(
    editor, district_officer, filled, assessment_round
):
    late = [c.pk for c in services.late_centers(assessment_round)]
    assert late == ["710101", "710104", "710201", "720101"]
    services.assessment_submit(actor=editor, assessment_id=filled.pk)
    assert "710104" not in [c.pk for c in services.late_centers(assessment_round)]
    reminded = services.assessment_reminders_send(
        actor=district_officer, round_id=assessment_round.pk
    )
    assert reminded == 1  # 710101 only: the district officer's area
    assessment_round.refresh_from_db()
    assert assessment_round.reminded_at is not None


def test_no_reminder_long_before_the_due_date(assessment_round):
    assert services.late_centers(assessment_round) == []


@pytest.mark.clock("2027-01-05T09:00")
def test_a_reminder_reaches_the_late_centers_editor_through_the_outbox(
    editor, district_officer, assessment_round
):
    from concenter.notifications.models import OutboxMessage

    editor.email = "thamakham@example.org"
    editor.save()
    reminded = services.assessment_reminders_send(
        actor=district_officer, round_id=assessment_round.pk
    )
    assert reminded == 2  # 710101 and 710104
    message = OutboxMessage.objects.get(kind="assessment_reminder")
    assert message.address == "thamakham@example.org"
    assert message.area_code == "710104"
    assert f"/assessment/rounds/{assessment_round.pk}/" in message.body_text
    services.assessment_reminders_send(actor=district_officer, round_id=assessment_round.pk)
    assert OutboxMessage.objects.filter(kind="assessment_reminder").count() == 1  # once a day


@pytest.mark.parametrize(
    ("today", "milestone"),
    [
        ("2026-12-23", ""),  # eight days before the due date (31 Dec)
        ("2026-12-24", "week-before"),
        ("2026-12-27", ""),
        ("2026-12-30", "day-before"),
        ("2026-12-31", "due"),
        ("2027-01-01", ""),
        ("2027-01-07", "late-week-1"),
        ("2027-01-14", "late-week-2"),
        ("2027-01-15", ""),
    ],
)
def test_the_rounds_own_reminders_fall_on_its_milestones(assessment_round, today, milestone):
    day = datetime.date.fromisoformat(today)
    assert services.reminder_milestone(assessment_round, day) == milestone


def _reminders_of(editor):
    from concenter.notifications.models import OutboxMessage

    return OutboxMessage.objects.filter(kind="assessment_reminder", user=editor)


@pytest.mark.clock("2026-12-24T08:00")
def test_concenter_work_reminds_late_centers_once_per_milestone(editor, assessment_round):
    from django.core.management import call_command

    editor.email = "thamakham@example.org"
    editor.save()
    call_command("work", "--once", stdout=io.StringIO())  # a week before the due date
    assert _reminders_of(editor).count() == 1
    assert services.reminders_scan(datetime.date(2026, 12, 24)) == 0  # a second runner: nothing
    assert services.reminders_scan(datetime.date(2026, 12, 26)) == 0  # a day in between
    assert services.reminders_scan(datetime.date(2026, 12, 30)) == 1  # the day before
    assert services.reminders_scan(datetime.date(2027, 1, 7)) == 1  # a week late
    assert _reminders_of(editor).count() == 3


@pytest.mark.clock("2026-12-31T08:00")
def test_no_scheduled_reminder_for_a_submitted_center_or_a_round_reminded_today(
    editor, district_officer, filled, assessment_round
):
    editor.email = "thamakham@example.org"
    editor.save()
    services.assessment_reminders_send(actor=district_officer, round_id=assessment_round.pk)
    assert _reminders_of(editor).count() == 1
    assert services.reminders_scan(datetime.date(2026, 12, 31)) == 0  # reminded by hand today
    services.assessment_submit(actor=editor, assessment_id=filled.pk)
    assert services.reminders_scan(datetime.date(2027, 1, 7)) == 0  # submitted: not late
