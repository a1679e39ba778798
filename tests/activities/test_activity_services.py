"""Activities: the rules of concenter.activities.services (dates, money, missions,
participants, partners, attendees, files, links to plans, scope, versions)."""

import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from concenter.activities import services
from concenter.activities.models import (
    Activity,
    ActivityFile,
    ActivityPartner,
    AgeBand,
    FileKind,
    ParticipantCount,
    Sex,
)
from concenter.common.errors import NotFoundOrOutOfScope, StaleVersion
from concenter.network import services as network
from tests.activities.conftest import make_person
from tests.activities.helpers import PDF, activity_data, jpeg, upload

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("starts_on", "fiscal_year"),
    [
        (datetime.date(2020, 9, 30), 2563),
        (datetime.date(2020, 10, 1), 2564),
        (datetime.date(2021, 1, 1), 2564),
        (datetime.date(2021, 9, 30), 2564),
    ],
    ids=["30-sep-2020", "1-oct-2020", "1-jan-2021", "30-sep-2021"],
)
def test_an_activity_counts_in_the_fiscal_year_of_its_first_day(
    centers, district_officer, starts_on, fiscal_year
):
    activity = services.activity_create(
        actor=district_officer,
        center_code="710104",
        data=activity_data(starts_on=starts_on, ends_on=starts_on + datetime.timedelta(days=3)),
    )
    assert activity.fiscal_year == fiscal_year


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ends_on": datetime.date(2025, 2, 28)}, "ends_on"),
        ({"starts_on": None}, "starts_on"),
        ({"missions": []}, "missions"),
        ({"missions": ["space"]}, "missions"),
        ({"kind": "party"}, "kind"),
        ({"title": "   "}, "title"),
        ({"budget": "-5"}, "budget"),
        ({"spent": "สิบบาท"}, "spent"),
        ({"budget": "9999999999999"}, "budget"),
        ({"participants": {(Sex.MALE, AgeBand.WORKING): -1}}, "participants_male_working"),
        ({"participants": {("alien", AgeBand.WORKING): 1}}, "participants"),
        ({"agenda": "1. เปิดประชุม"}, "agenda"),
        ({"resolutions": ["อนุมัติ"]}, "resolutions"),
    ],
    ids=[
        "end-before-start",
        "no-start",
        "no-mission",
        "unknown-mission",
        "unknown-kind",
        "blank-title",
        "negative-budget",
        "words-for-money",
        "too-much-money",
        "negative-count",
        "unknown-sex",
        "agenda-of-a-training",
        "resolutions-of-a-training",
    ],
)
def test_bad_input_is_refused_naming_the_field(centers, district_officer, overrides, field):
    with pytest.raises(ValidationError) as error:
        services.activity_create(
            actor=district_officer, center_code="710104", data=activity_data(**overrides)
        )
    assert field in error.value.message_dict
    assert not Activity.objects.exists()


def test_spending_more_than_the_budget_is_saved(centers, district_officer):
    activity = services.activity_create(
        actor=district_officer,
        center_code="710104",
        data=activity_data(budget="1,000", spent="1,500.50 บาท"),
    )
    assert activity.overspent
    assert (activity.budget, activity.spent) == (Decimal("1000.00"), Decimal("1500.50"))


def test_participants_are_kept_by_sex_and_age_band_with_totals(centers, district_officer):
    activity = services.activity_create(
        actor=district_officer,
        center_code="710104",
        data=activity_data(
            participants={
                (Sex.MALE, AgeBand.YOUTH): 4,
                (Sex.MALE, AgeBand.ELDER): 6,
                (Sex.FEMALE, AgeBand.WORKING): 12,
                (Sex.OTHER, AgeBand.UNKNOWN): 1,
                (Sex.FEMALE, AgeBand.CHILD): 0,
            }
        ),
    )
    assert (activity.participants_male, activity.participants_female) == (10, 12)
    assert activity.participants == 23
    assert ParticipantCount.objects.filter(activity=activity).count() == 4  # no row for 0
    services.activity_update(
        actor=district_officer,
        activity_id=activity.pk,
        expected_version=activity.version,
        data=activity_data(participants={(Sex.FEMALE, AgeBand.WORKING): 3}),
    )
    activity.refresh_from_db()
    assert activity.participants == 3
    assert list(
        ParticipantCount.objects.filter(activity=activity).values_list("count", flat=True)
    ) == [3]


def test_a_stale_version_is_refused(centers, district_officer):
    activity = services.activity_create(
        actor=district_officer, center_code="710104", data=activity_data()
    )
    services.activity_update(
        actor=district_officer, activity_id=activity.pk, expected_version=1, data=activity_data()
    )
    with pytest.raises(StaleVersion):
        services.activity_update(
            actor=district_officer,
            activity_id=activity.pk,
            expected_version=1,
            data=activity_data(title="ทับของคนอื่น"),
        )


def test_writes_outside_the_scope_answer_not_found(
    centers, district_officer, other_district_officer, viewer
):
    activity = services.activity_create(
        actor=district_officer, center_code="710104", data=activity_data()
    )
    attempts = [
        lambda actor: services.activity_create(
            actor=actor, center_code="710104", data=activity_data()
        ),
        lambda actor: services.activity_update(
            actor=actor, activity_id=activity.pk, expected_version=None, data=activity_data()
        ),
        lambda actor: services.activity_delete(actor=actor, activity_id=activity.pk),
        lambda actor: services.activity_file_add(
            actor=actor, activity_id=activity.pk, upload=upload("a.pdf", PDF)
        ),
    ]
    for actor in (other_district_officer, viewer):
        for attempt in attempts:
            with pytest.raises(NotFoundOrOutOfScope):
                attempt(actor)
    with pytest.raises(NotFoundOrOutOfScope):
        services.activity_create(actor=district_officer, center_code="99", data=activity_data())


def test_a_center_editor_records_activities_of_their_center_only(centers):
    from concenter.accounts.models import Role
    from tests.conftest import make_user

    editor = make_user("editor.710104", Role.CENTER_EDITOR, center_code="710104")
    services.activity_create(actor=editor, center_code="710104", data=activity_data())
    for code in ("7101", "710101"):
        with pytest.raises(NotFoundOrOutOfScope):
            services.activity_create(actor=editor, center_code=code, data=activity_data())


def test_partners_support_in_money_and_in_kind(centers, district_officer, province_officer):
    activity = services.activity_create(
        actor=district_officer, center_code="710104", data=activity_data()
    )
    partner = network.partner_create(
        actor=district_officer, area_code="7101", kind="local_government", name="เทศบาลทดสอบ"
    )
    support = services.activity_partner_add(
        actor=district_officer,
        activity_id=activity.pk,
        partner_id=partner.pk,
        money="12,500",
        in_kind="อาหารกลางวัน",
    )
    assert support.money == Decimal("12500.00")
    with pytest.raises(ValidationError) as error:
        services.activity_partner_add(
            actor=district_officer, activity_id=activity.pk, partner_id=partner.pk, money="1"
        )
    assert "partner" in error.value.message_dict  # named once per activity
    elsewhere = network.partner_create(
        actor=province_officer, area_code="7102", kind="media", name="วิทยุไทรโยค"
    )
    with pytest.raises(ValidationError) as error:
        services.activity_partner_add(
            actor=district_officer, activity_id=activity.pk, partner_id=elsewhere.pk, money="1"
        )
    assert error.value.message_dict == {"partner": [error.value.message_dict["partner"][0]]}
    other = network.partner_create(
        actor=district_officer, area_code="7101", kind="media", name="วิทยุชุมชน"
    )
    with pytest.raises(ValidationError) as error:
        services.activity_partner_add(
            actor=district_officer, activity_id=activity.pk, partner_id=other.pk
        )
    assert "money" in error.value.message_dict  # neither money nor in kind
    services.activity_partner_remove(actor=district_officer, activity_partner_id=support.pk)
    assert not ActivityPartner.objects.exists()


def test_named_attendees_come_from_the_registry_in_reach(
    centers, district_officer, province_officer
):
    activity = services.activity_create(
        actor=district_officer, center_code="710104", data=activity_data()
    )
    inside = make_person(district_officer, "710104", 1)
    outside = make_person(province_officer, "710201", 2)
    attendee = services.activity_attendee_add(
        actor=district_officer, activity_id=activity.pk, person_id=inside.pk, role="วิทยากร"
    )
    assert attendee.role == "วิทยากร"
    for person_id in (inside.pk, outside.pk, 999999):
        with pytest.raises(ValidationError) as error:
            services.activity_attendee_add(
                actor=district_officer, activity_id=activity.pk, person_id=person_id
            )
        assert "person" in error.value.message_dict
    before = Activity.objects.get(pk=activity.pk).version
    services.activity_attendee_remove(actor=district_officer, attendee_id=attendee.pk)
    assert Activity.objects.get(pk=activity.pk).version == before + 1


def test_photos_are_resized_without_their_location_and_pdfs_kept(centers, district_officer):
    from PIL import Image

    from concenter.common.uploads import default_storage

    activity = services.activity_create(
        actor=district_officer, center_code="710104", data=activity_data()
    )
    photo = services.activity_file_add(
        actor=district_officer,
        activity_id=activity.pk,
        upload=upload("IMG_0001.JPG", jpeg()),
        caption="ผู้เข้าร่วมอบรม",
    )
    assert photo.kind == FileKind.PHOTO and photo.stored_name.endswith(".jpg")
    assert "IMG_0001" not in photo.stored_name  # never the uploader's name
    with default_storage.open(photo.stored_name) as handle:
        stored = Image.open(handle)
        assert max(stored.size) == 1600
        assert not stored.getexif()
    document = services.activity_file_add(
        actor=district_officer, activity_id=activity.pk, upload=upload("รายงาน.pdf", PDF)
    )
    assert document.kind == FileKind.DOCUMENT and document.stored_name.endswith(".pdf")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.jpg", b"MZ\x90\x00" + b"\x00" * 100),
        ("photo.jpg", b"<html><script>alert(1)</script></html>"),
        ("notes.pdf", b"%PDF-1.4 truncated"),
        ("empty.jpg", b""),
    ],
    ids=["executable-named-jpg", "html-named-jpg", "incomplete-pdf", "empty"],
)
def test_a_file_that_is_not_what_it_says_is_refused(centers, district_officer, name, content):
    activity = services.activity_create(
        actor=district_officer, center_code="710104", data=activity_data()
    )
    with pytest.raises(ValidationError) as error:
        services.activity_file_add(
            actor=district_officer, activity_id=activity.pk, upload=upload(name, content)
        )
    assert "file" in error.value.message_dict
    assert not ActivityFile.objects.exists()


def test_a_50_megabyte_photo_is_refused_and_nothing_is_stored(
    centers, district_officer, media_root
):
    activity = services.activity_create(
        actor=district_officer, center_code="710104", data=activity_data()
    )

    class Huge:
        """An upload that says it is 50 MB: refused before it is read."""

        name = "huge.jpg"
        size = 50 * 1024 * 1024

        def read(self, *args):  # pragma: no cover - must not be called
            raise AssertionError("a file over the limit was read")

    with pytest.raises(ValidationError) as error:
        services.activity_file_add(actor=district_officer, activity_id=activity.pk, upload=Huge())
    assert "10 MB" in " ".join(error.value.message_dict["file"])
    assert not ActivityFile.objects.exists()
    assert not media_root.exists() or not any(p.is_file() for p in media_root.rglob("*"))


def test_removing_a_file_deletes_it_once_the_transaction_commits(
    centers, district_officer, django_capture_on_commit_callbacks
):
    from concenter.common.uploads import default_storage

    activity = services.activity_create(
        actor=district_officer, center_code="710104", data=activity_data()
    )
    row = services.activity_file_add(
        actor=district_officer, activity_id=activity.pk, upload=upload("a.pdf", PDF)
    )
    assert default_storage.exists(row.stored_name)
    with django_capture_on_commit_callbacks(execute=True):
        services.activity_file_remove(actor=district_officer, file_id=row.pk)
    assert not default_storage.exists(row.stored_name)


def test_deleting_an_activity_removes_its_parts_and_logs_them(centers, district_officer):
    activity = services.activity_create(
        actor=district_officer, center_code="710104", data=activity_data()
    )
    person = make_person(district_officer, "710104", 5)
    services.activity_attendee_add(
        actor=district_officer, activity_id=activity.pk, person_id=person.pk
    )
    story = services.story_create(
        actor=district_officer,
        center_code="710104",
        data=services.StoryData(title="เรื่องดี", activity_ids=[activity.pk]),
    )
    services.activity_delete(actor=district_officer, activity_id=activity.pk)
    assert not Activity.objects.exists() and not ParticipantCount.objects.exists()
    assert list(story.activities.all()) == []
    deleted = LogEntry.objects.filter(action=LogEntry.Action.DELETE)
    assert deleted.filter(object_pk=str(activity.pk)).exists()
    assert deleted.count() >= 5  # the activity, its mission, three counts, the attendee


def test_an_activity_carries_out_a_project_of_a_plan_inside_its_area(
    centers, district_officer, province_officer
):
    plan = services.plan_create(
        actor=district_officer,
        area_code="710104",
        data=services.PlanData(first_year=2566, last_year=2570),
    )
    project = services.plan_project_add(
        actor=district_officer,
        plan_id=plan.pk,
        data=services.ProjectData(name="ประปาหมู่บ้าน", mission="environment", doer="community"),
    )
    for code in ("710104", "7101", "71"):  # the subdistrict, its district, its province
        activity = services.activity_create(
            actor=province_officer,
            center_code=code,
            data=activity_data(plan_project_id=project.pk),
        )
        assert activity.plan_project_id == project.pk
    with pytest.raises(ValidationError) as error:
        services.activity_create(
            actor=province_officer,
            center_code="710201",  # another district: not its area
            data=activity_data(plan_project_id=project.pk),
        )
    assert "plan_project" in error.value.message_dict
