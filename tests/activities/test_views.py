"""The signed-in pages of activities, meetings, plans and stories: forms call the services,
errors name the field, other areas answer 404, and query counts stay flat."""

import datetime
import re

import pytest
from django.urls import reverse

from concenter.activities import services
from concenter.activities.models import (
    Activity,
    ActivityAttendee,
    ActivityFile,
    ActivityKind,
    ActivityPartner,
    CommunityPlan,
    MeetingAttendance,
    PlanProject,
    Story,
    StoryPhoto,
)
from concenter.network import services as network
from tests.activities.conftest import make_person
from tests.activities.helpers import PDF, activity_data, jpeg, upload
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _form(**overrides):
    values = {
        "kind": "project",
        "title": "โครงการปลูกผักปลอดสารพิษ",
        "starts_on": "01/03/2568",
        "ends_on": "",
        "missions": ["sufficiency", "environment"],
        "budget": "10,000",
        "spent": "12,500.50",
        "participants_female_working": "12",
        "participants_male_elder": "3",
        "participants_other_unknown": "",
        "outputs": "แปลงผัก 20 แปลง",
        "resolutions": "",
    }
    values.update(overrides)
    return values


def _assert_error_after(text: str, field_id: str) -> None:
    """An error message follows the field's input, before the next field."""
    position = text.index(f'id="{field_id}"')
    error = text.find('class="error"', position)
    following = text.find('<div class="field', position)
    assert error != -1 and (following == -1 or error < following), field_id


def test_recording_an_activity_warns_about_overspending_but_saves(centers, district_officer):
    client = client_for(district_officer)
    response = client.post(
        reverse("activities:activity_create", args=["710104"]), _form(), follow=True
    )
    assert response.status_code == 200
    activity = Activity.objects.get()
    assert activity.overspent and activity.ends_on == activity.starts_on
    assert activity.fiscal_year == 2568 and activity.participants == 15
    text = response.content.decode()
    assert "message-warning" in text and activity.title in text


def test_a_form_error_names_the_field_and_keeps_what_was_typed(centers, district_officer):
    client = client_for(district_officer)
    for overrides, field in (
        ({"ends_on": "28/02/2568"}, "id_ends_on"),  # refused by the service
        ({"participants_female_working": "-4"}, "id_participants_female_working"),  # the form
        ({"budget": "สิบบาท"}, "id_budget"),  # the service, in the user's language
    ):
        response = client.post(
            reverse("activities:activity_create", args=["710104"]), _form(**overrides)
        )
        assert response.status_code == 422
        text = response.content.decode()
        _assert_error_after(text, field)
        assert "โครงการปลูกผักปลอดสารพิษ" in text
        if "ends_on" in overrides:
            assert "notice-warn" in text  # the typed amounts spend more than the budget
    response = client.post(
        reverse("activities:activity_create", args=["710104"]),
        _form(kind="training", agenda="1. เปิดประชุม"),
    )
    assert response.status_code == 422 and 'id="id_agenda"' in response.content.decode()
    assert not Activity.objects.exists()


def test_editing_shows_the_grid_and_refuses_a_stale_version(centers, district_officer):
    client = client_for(district_officer)
    client.post(reverse("activities:activity_create", args=["710104"]), _form())
    activity = Activity.objects.get()
    url = reverse("activities:activity_edit", args=[activity.pk])
    page = client.get(url).content.decode()
    assert re.search(r'name="participants_female_working"[^>]*value="12"', page)
    assert 'value="10000.00"' in page
    response = client.post(url, _form(title="ชื่อใหม่", version=activity.version))
    assert response.status_code == 302
    response = client.post(url, _form(title="ทับ", version=activity.version))
    assert response.status_code == 422
    assert Activity.objects.get().title == "ชื่อใหม่"


def test_the_activity_page_shows_every_part_in_few_queries(
    committee, district_officer, django_assert_max_num_queries
):
    _term, seats = committee
    meeting = services.activity_create(
        actor=district_officer,
        center_code="710104",
        data=activity_data(
            kind=ActivityKind.COMMITTEE_MEETING,
            agenda="1. เรื่องแจ้ง",
            minutes="เปิดประชุม",
            resolutions=["อนุมัติแผนปฏิบัติการ"],
        ),
    )
    services.meeting_attendance_set(
        actor=district_officer,
        activity_id=meeting.pk,
        statuses={s.pk: "present" for s in seats[:6]},
    )
    for index in range(5):
        partner = network.partner_create(
            actor=district_officer, area_code="7101", kind="private", name=f"บริษัท {index}"
        )
        services.activity_partner_add(
            actor=district_officer, activity_id=meeting.pk, partner_id=partner.pk, money="100"
        )
        services.activity_attendee_add(
            actor=district_officer, activity_id=meeting.pk, person_id=seats[index].person_id
        )
    services.activity_file_add(
        actor=district_officer, activity_id=meeting.pk, upload=upload("a.jpg", jpeg((800, 600)))
    )
    client = client_for(district_officer)
    with django_assert_max_num_queries(20):  # 18 today for a meeting, whatever its parts
        response = client.get(meeting.get_absolute_url())
    text = response.content.decode()
    assert response.status_code == 200
    assert "อนุมัติแผนปฏิบัติการ" in text and "quorum-met" in text
    assert "บริษัท 4" in text and seats[4].person.full_name in text
    assert reverse("activities:activity_file", args=[ActivityFile.objects.get().pk]) in text


def test_partners_attendees_and_files_are_added_from_the_activity_page(centers, district_officer):
    activity = services.activity_create(
        actor=district_officer, center_code="710104", data=activity_data()
    )
    partner = network.partner_create(
        actor=district_officer, area_code="7101", kind="academia", name="มหาวิทยาลัยทดสอบ"
    )
    person = make_person(district_officer, "710104", 1)
    client = client_for(district_officer)
    response = client.post(
        reverse("activities:activity_partner_add", args=[activity.pk]),
        {"partner": partner.pk, "money": "5,000", "in_kind": "วิทยากร"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("activities:activity_partner_add", args=[activity.pk]),
        {"partner": partner.pk, "money": "5"},
    )
    assert response.status_code == 422  # named already
    search = client.get(activity.get_absolute_url(), {"q": person.given_name})
    assert f'value="{person.pk}"' in search.content.decode()
    response = client.post(
        reverse("activities:activity_attendee_add", args=[activity.pk]),
        {"person_id": person.pk, "role": "วิทยากร"},
    )
    assert response.status_code == 302
    assert (
        client.post(reverse("activities:activity_attendee_add", args=[activity.pk]), {}).status_code
        == 422
    )
    response = client.post(
        reverse("activities:activity_file_add", args=[activity.pk]),
        {"file": upload("scan.pdf", PDF), "caption": "รายงาน"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("activities:activity_file_add", args=[activity.pk]),
        {"file": upload("virus.jpg", b"MZ\x90\x00" * 10)},
    )
    assert response.status_code == 422 and "virus.jpg" in response.content.decode()
    document = ActivityFile.objects.get()
    served = client.get(reverse("activities:activity_file", args=[document.pk]))
    assert served["Content-Type"] == "application/pdf"
    assert b"".join(served.streaming_content) == PDF
    for name, pk in (
        ("activity_partner_remove", ActivityPartner.objects.get().pk),
        ("activity_attendee_remove", ActivityAttendee.objects.get().pk),
        ("activity_file_remove", document.pk),
    ):
        assert client.post(reverse(f"activities:{name}", args=[pk])).status_code == 302
    assert not ActivityPartner.objects.exists() and not ActivityAttendee.objects.exists()
    assert not ActivityFile.objects.exists()


def test_the_attendance_form_records_the_committee_and_shows_the_quorum(
    committee, district_officer
):
    _term, seats = committee
    meeting = services.activity_create(
        actor=district_officer,
        center_code="710104",
        data=activity_data(kind=ActivityKind.GENERAL_MEETING),
    )
    client = client_for(district_officer)
    url = reverse("activities:meeting_attendance", args=[meeting.pk])
    page = client.get(url).content.decode()
    assert page.count('type="radio"') == 4 * len(seats)
    data = {f"seat_{s.pk}": "present" for s in seats[:5]} | {"version": meeting.version}
    assert client.post(url, data).status_code == 302
    assert MeetingAttendance.objects.filter(status="present").count() == 5
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "quorum-met" in page
    assert client.post(url, data).status_code == 422  # the version moved on
    training = services.activity_create(
        actor=district_officer, center_code="710104", data=activity_data()
    )
    assert (
        client.get(reverse("activities:meeting_attendance", args=[training.pk])).status_code == 404
    )


def test_deleting_an_activity_asks_first(centers, district_officer):
    activity = services.activity_create(
        actor=district_officer, center_code="710104", data=activity_data()
    )
    client = client_for(district_officer)
    url = reverse("activities:activity_delete", args=[activity.pk])
    assert client.get(url).status_code == 200
    assert Activity.objects.exists()
    assert client.post(url, {"version": activity.version}).status_code == 302
    assert not Activity.objects.exists()


def test_the_activity_list_filters_by_year_kind_and_mission(
    centers, district_officer, django_assert_max_num_queries
):
    for index, (day, mission) in enumerate(
        [(datetime.date(2020, 9, 30), "plan"), (datetime.date(2020, 10, 1), "drugs")] * 10
    ):
        services.activity_create(
            actor=district_officer,
            center_code="710104",
            data=activity_data(
                title=f"กิจกรรม {index}", starts_on=day, ends_on=day, missions=[mission]
            ),
        )
    client = client_for(district_officer)
    url = reverse("activities:activity_list", args=["710104"])
    with django_assert_max_num_queries(12):
        page = client.get(url).content.decode()
    assert page.count("<tr>") == 21
    filtered = client.get(url, {"fiscal_year": "2563"}).content.decode()
    assert filtered.count("<tr>") == 11
    filtered = client.get(url, {"fiscal_year": "2564", "mission": "plan"}).content.decode()
    assert filtered.count("<tr>") == 2  # the header and "no activity"


def test_story_pages_publish_and_photos(centers, district_officer):
    client = client_for(district_officer)
    activity = services.activity_create(
        actor=district_officer, center_code="710104", data=activity_data()
    )
    response = client.post(
        reverse("activities:story_create", args=["710104"]),
        {
            "title": "กลุ่มออมทรัพย์",
            "body": "<script>x</script>เนื้อเรื่อง",
            "people_reached": "5",
            "money_saved": "1,000",
            "activities": [activity.pk],
        },
    )
    assert response.status_code == 302
    story = Story.objects.get()
    assert list(story.activities.all()) == [activity]
    page = client.get(story.get_absolute_url()).content.decode()
    assert "<script>x" not in page
    response = client.post(
        reverse("activities:story_photo_add", args=[story.pk]),
        {"file": upload("photo.jpg", jpeg((900, 600))), "caption": "แปลงผัก"},
    )
    assert response.status_code == 302
    photo = StoryPhoto.objects.get()
    assert client.get(reverse("activities:story_photo", args=[photo.pk])).status_code == 200
    response = client.post(reverse("activities:story_publish", args=[story.pk]), {"published": "1"})
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.published and story.published_at
    response = client.post(
        reverse("activities:story_edit", args=[story.pk]),
        {"title": "ใหม่", "version": story.version - 1},
    )
    assert response.status_code == 422  # stale version
    assert client.post(reverse("activities:story_photo_remove", args=[photo.pk])).status_code == 302
    url = reverse("activities:story_delete", args=[story.pk])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302 and not Story.objects.exists()


def test_plan_pages_from_the_area_to_the_projects(centers, district_officer):
    client = client_for(district_officer)
    area_url = reverse("activities:plan_list", args=["710104"])
    assert client.get(area_url).status_code == 200
    response = client.post(
        reverse("activities:plan_create", args=["710104"]),
        {"first_year": "2566", "last_year": "2570", "problems": "น้ำไม่พอใช้"},
    )
    assert response.status_code == 302
    plan = CommunityPlan.objects.get()
    response = client.post(
        reverse("activities:plan_create", args=["710104"]), {"first_year": "2568"}
    )
    assert response.status_code == 422  # overlaps
    response = client.post(
        reverse("activities:project_create", args=[plan.pk]),
        {
            "name": "ประปา",
            "mission": "environment",
            "doer": "local_government",
            "budget": "450,000",
            "year": "2567",
            "progress": "planned",
        },
    )
    assert response.status_code == 302
    project = PlanProject.objects.get()
    response = client.post(
        reverse("activities:project_edit", args=[project.pk]),
        {
            "name": "ประปา",
            "mission": "environment",
            "doer": "local_government",
            "budget": "450000",
            "year": "2567",
            "progress": "done",
            "version": project.version,
        },
    )
    assert response.status_code == 302
    assert PlanProject.objects.get().progress == "done"
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "ประปา" in page and "450,000.00" in page
    assert plan.title in client.get(area_url).content.decode()
    assert plan.title in client.get(reverse("activities:plan_list", args=["7101"])).content.decode()
    assert client.get(reverse("activities:plan_list", args=["71"])).status_code == 404  # not theirs
    assert client.get(reverse("activities:plan_create", args=["7101"])).status_code == 404
    response = client.post(
        reverse("activities:plan_edit", args=[plan.pk]),
        {"first_year": "2566", "last_year": "2569", "version": CommunityPlan.objects.get().version},
    )
    assert response.status_code == 302
    assert client.post(reverse("activities:project_remove", args=[project.pk])).status_code == 302
    assert not PlanProject.objects.exists()


def test_pages_of_another_district_answer_not_found(
    centers, district_officer, other_district_officer
):
    activity = services.activity_create(
        actor=district_officer, center_code="710104", data=activity_data()
    )
    story = services.story_create(
        actor=district_officer, center_code="710104", data=services.StoryData(title="เรื่องดี")
    )
    plan = services.plan_create(
        actor=district_officer,
        area_code="710104",
        data=services.PlanData(first_year=2566, last_year=2570),
    )
    client = client_for(other_district_officer)
    for url in (
        reverse("activities:activity_list", args=["710104"]),
        reverse("activities:activity_create", args=["710104"]),
        activity.get_absolute_url(),
        reverse("activities:activity_edit", args=[activity.pk]),
        reverse("activities:activity_delete", args=[activity.pk]),
        reverse("activities:story_list", args=["710104"]),
        story.get_absolute_url(),
        reverse("activities:story_edit", args=[story.pk]),
        reverse("activities:plan_list", args=["710104"]),
        plan.get_absolute_url(),
        reverse("activities:project_create", args=[plan.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("activities:story_publish", args=[story.pk])).status_code == 404
    assert client.get(story.get_public_url()).status_code == 404  # a draft is not public


def test_the_plan_pages_stay_flat_with_many_projects(
    centers, district_officer, django_assert_max_num_queries
):
    plan = services.plan_create(
        actor=district_officer,
        area_code="710104",
        data=services.PlanData(first_year=2566, last_year=2570),
    )
    for index in range(12):
        project = services.plan_project_add(
            actor=district_officer,
            plan_id=plan.pk,
            data=services.ProjectData(name=f"โครงการ {index}", mission="plan", doer="community"),
        )
        services.activity_create(
            actor=district_officer,
            center_code="710104",
            data=activity_data(title=f"ดำเนินการ {index}", plan_project_id=project.pk),
        )
    client = client_for(district_officer)
    with django_assert_max_num_queries(14):
        page = client.get(plan.get_absolute_url())
    assert page.content.decode().count("ดำเนินการ ") == 12
    with django_assert_max_num_queries(12):
        assert client.get(reverse("activities:plan_list", args=["710104"])).status_code == 200
