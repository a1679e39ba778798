"""Events and their agenda: who may create them, what an event needs, status transitions, the
rules of each kind of agenda item."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from concenter.accounts.models import Role
from concenter.activities.models import Story
from concenter.common.errors import NotFoundOrOutOfScope, StaleVersion
from concenter.events import selectors, services
from concenter.events.models import AgendaKind, EventStatus
from concenter.network import services as network
from tests.conftest import make_user
from tests.events.conftest import new_event

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def _at(hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2020, 2, 28, hour, minute))


@pytest.fixture
def day(admin, centers):
    """The relations day: 28 February 2020, 08.30–16.30, organised by the province center."""
    return new_event(admin, organizer="71", door_open=False, title="วันสานสัมพันธ์")


def test_an_event_is_drafted_in_its_organizers_area_with_aware_times(admin, day):
    assert day.status == EventStatus.DRAFT
    assert (day.area_id, day.province_code) == ("71", "71")
    assert timezone.localtime(day.starts_at).strftime("%H:%M") == "08:30"
    assert len(day.ref) >= 10 and str(day.pk) != day.ref


def test_the_area_of_an_event_lies_within_its_organizing_center(admin, centers):
    with pytest.raises(ValidationError) as error:
        new_event(admin, organizer="7101", area_code="7201")
    assert "area_code" in error.value.message_dict
    inside = new_event(admin, organizer="7101", area_code="710104")
    assert (inside.district_code, inside.subdistrict_code) == ("7101", "710104")


def test_an_officer_creates_events_only_in_their_area(admin, centers):
    officer = make_user("kan.saiyok.officer", Role.DISTRICT_OFFICER, "7102")
    with pytest.raises(NotFoundOrOutOfScope):
        new_event(officer, organizer="7101")
    assert new_event(officer, organizer="7102").area_id == "7102"


def test_a_center_editor_manages_the_events_of_their_own_center(admin, centers):
    editor = make_user("thamakham.editor", Role.CENTER_EDITOR, center_code="710104")
    assert new_event(editor, organizer="710104").area_id == "710104"
    with pytest.raises(NotFoundOrOutOfScope):
        new_event(editor, organizer="7101")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": "  "}, "title"),
        ({"title": "ก" * 251}, "title"),
        ({"ends_at": _at(8, 0)}, "ends_at"),
        ({"capacity": 0}, "capacity"),
        ({"capacity": "หนึ่งร้อย"}, "capacity"),
        ({"map_url": "javascript:alert(1)"}, "map_url"),
        ({"registration_closes_at": _at(18, 0)}, "registration_closes_at"),
        ({"venue_area_code": "99"}, "venue_area_code"),
        ({"access": "secret"}, "access"),
    ],
    ids=[
        "no-title",
        "title-too-long",
        "ends-before-start",
        "no-seat",
        "capacity-in-words",
        "script-map-link",
        "registration-after-the-end",
        "unknown-venue-area",
        "unknown-access",
    ],
)
def test_a_bad_event_is_refused_naming_the_field(admin, centers, fields, field):
    with pytest.raises(ValidationError) as error:
        new_event(admin, organizer="71", door_open=False, **fields)
    assert field in error.value.message_dict


def test_the_capacity_may_be_typed_with_thai_digits_and_commas(admin, centers):
    assert new_event(admin, capacity="๑,๕๐๐").capacity == 1500


def test_an_event_edited_from_a_stale_page_is_refused(admin, day):
    services.event_update(actor=admin, event_id=day.pk, expected_version=day.version, title="ใหม่")
    with pytest.raises(StaleVersion):
        services.event_update(
            actor=admin, event_id=day.pk, expected_version=day.version, title="ทับ"
        )


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        (["open"], True),
        (["open", "closed", "open"], True),
        (["open", "held"], True),
        (["open", "held", "closed"], True),
        (["held"], False),
        (["cancelled", "open"], False),
        (["open", "held", "open"], False),
    ],
    ids=lambda value: "-".join(value) if isinstance(value, list) else str(value),
)
def test_status_transitions_are_checked(admin, day, path, allowed):
    def walk():
        for status in path:
            services.event_status_change(actor=admin, event_id=day.pk, status=status, note="เหตุผล")

    if allowed:
        walk()
    else:
        with pytest.raises(ValidationError):
            walk()


def test_an_event_cannot_be_held_before_it_starts(admin, centers):
    later = timezone.now() + datetime.timedelta(days=3)
    event = new_event(admin, starts_at=later, ends_at=later + datetime.timedelta(hours=5))
    services.event_status_change(actor=admin, event_id=event.pk, status=EventStatus.OPEN)
    with pytest.raises(ValidationError):
        services.event_status_change(actor=admin, event_id=event.pk, status=EventStatus.HELD)


def test_a_cancellation_needs_its_reason(admin, day):
    with pytest.raises(ValidationError) as error:
        services.event_status_change(actor=admin, event_id=day.pk, status=EventStatus.CANCELLED)
    assert "note" in error.value.message_dict


# The agenda ------------------------------------------------------------------------------------


def _item(admin, day, kind, start, end=None, **fields):
    return services.agenda_item_add(
        actor=admin,
        event_id=day.pk,
        kind=kind,
        starts_at=_at(*start),
        ends_at=_at(*end) if end else None,
        **fields,
    )


def test_the_agenda_is_in_time_order_whatever_the_order_it_was_typed_in(admin, day):
    _item(admin, day, AgendaKind.BREAK, (12, 0), (13, 0))
    _item(admin, day, AgendaKind.OPENING, (9, 20), (9, 50), title="พิธีเปิด")
    _item(admin, day, AgendaKind.SPEECH, (9, 0), (9, 10), speaker_position="ผู้ว่าราชการจังหวัด")
    assert [i.kind for i in selectors.agenda(day)] == ["speech", "opening", "break"]


def test_an_item_lies_within_the_event(admin, day):
    with pytest.raises(ValidationError) as error:
        _item(admin, day, AgendaKind.OTHER, (7, 0), (8, 0), title="ก่อนเริ่ม")
    assert "starts_at" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _item(admin, day, AgendaKind.OTHER, (16, 0), (17, 0), title="เกินเวลา")
    assert "ends_at" in error.value.message_dict


def test_a_speech_names_its_speaker_or_their_position(admin, day):
    with pytest.raises(ValidationError) as error:
        _item(admin, day, AgendaKind.SPEECH, (9, 0))
    assert "speaker_name" in error.value.message_dict
    item = _item(admin, day, AgendaKind.SPEECH, (9, 0), speaker_position="อธิบดีกรมการพัฒนาชุมชน")
    assert item.speaker_position == "อธิบดีกรมการพัฒนาชุมชน"


def test_a_performance_names_its_group(admin, day):
    with pytest.raises(ValidationError):
        _item(admin, day, AgendaKind.PERFORMANCE, (11, 0))
    by_center = _item(admin, day, AgendaKind.PERFORMANCE, (11, 0), performer_center_code="7102")
    assert by_center.performer_display.endswith("ไทรโยค")
    organization = network.organization_create(
        actor=admin, area_code="710104", type_code="womens_group", name="กลุ่มพัฒนาสตรีท่ามะขาม"
    )
    by_group = _item(
        admin, day, AgendaKind.PERFORMANCE, (11, 30), performer_organization_id=organization.pk
    )
    assert by_group.performer_display == "กลุ่มพัฒนาสตรีท่ามะขาม"


def test_an_item_keeps_only_the_fields_of_its_kind(admin, day):
    item = _item(
        admin,
        day,
        AgendaKind.PERFORMANCE,
        (11, 0),
        performer_name="วงกลองยาว",
        speaker_name="ไม่ควรเก็บ",
        theme="ไม่ควรเก็บ",
    )
    assert (item.speaker_name, item.theme) == ("", "")


def test_an_exhibition_shows_stories_of_its_center_and_of_the_centers_inside(admin, day):
    own = Story.objects.create(center_id="7101", title="กองทุนหมู่บ้านเข้มแข็ง", published=True)
    inside = Story.objects.create(center_id="710104", title="ข้าวหลามท่ามะขาม", published=True)
    elsewhere = Story.objects.create(center_id="7102", title="ผ้าทอไทรโยค", published=True)
    item = _item(
        admin,
        day,
        AgendaKind.EXHIBITION,
        (8, 30),
        (16, 0),
        exhibitor_center_code="7101",
        theme="เศรษฐกิจฐานราก",
        story_ids=[own.pk, inside.pk],
    )
    assert set(item.stories.values_list("pk", flat=True)) == {own.pk, inside.pk}
    with pytest.raises(ValidationError) as error:
        services.agenda_item_update(
            actor=admin,
            item_id=item.pk,
            expected_version=item.version,
            story_ids=[own.pk, elsewhere.pk],
        )
    assert "ผ้าทอไทรโยค" in error.value.message_dict["story_ids"][0]


def test_the_public_agenda_shows_only_published_stories(admin, day):
    published = Story.objects.create(center_id="71", title="เผยแพร่แล้ว", published=True)
    draft = Story.objects.create(center_id="71", title="ยังไม่เผยแพร่", published=True)
    _item(
        admin,
        day,
        AgendaKind.EXHIBITION,
        (8, 30),
        exhibitor_center_code="71",
        story_ids=[published.pk, draft.pk],
    )
    Story.objects.filter(pk=draft.pk).update(published=False)  # withdrawn after the linking
    [public] = selectors.agenda(day, public=True)
    [internal] = selectors.agenda(day)
    assert [s.title for s in public.stories.all()] == ["เผยแพร่แล้ว"]
    assert len(internal.stories.all()) == 2


def test_an_item_of_a_cancelled_event_cannot_change(admin, day):
    item = _item(admin, day, AgendaKind.OTHER, (9, 0), title="รายการ")
    services.event_status_change(
        actor=admin, event_id=day.pk, status=EventStatus.CANCELLED, note="งดจัดงาน"
    )
    with pytest.raises(ValidationError):
        services.agenda_item_remove(actor=admin, item_id=item.pk)


def test_a_viewer_reads_the_agenda_but_cannot_change_it(admin, day):
    viewer = make_user("events.viewer", Role.VIEWER, "71")
    item = _item(admin, day, AgendaKind.OTHER, (9, 0), title="รายการ")
    assert selectors.event_get(user=viewer, event_id=day.pk) == day
    with pytest.raises(NotFoundOrOutOfScope):
        services.agenda_item_remove(actor=viewer, item_id=item.pk)


def test_without_the_awards_app_an_award_item_still_has_its_place(admin, day):
    item = _item(admin, day, AgendaKind.AWARD, (9, 50), (11, 0), title="พิธีมอบโล่")
    [listed] = selectors.agenda(day)
    assert listed.pk == item.pk and listed.winners == []
    result = services.event_awardees_register(actor=admin, event_id=day.pk)
    assert result.registered == []
