"""Access rules of concenter.activities (activities, meetings, plans, stories, the exhibition)
and concenter.portal (the public directory), and the records each place needs.

Signed-in pages and operations are reached by the area of their center (plans: their
subdistrict); the exhibition, public stories, their photos and the portal are for anyone.

PAGE_RULES and API_RULES are built when first read (a module __getattr__): world.py imports
this module while tests/security/rules.py is still being imported (rules → world → matrix_*),
so nothing from rules.py may be needed at import time.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime
import io
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.pdfs import MINIMAL_PDF

if TYPE_CHECKING:
    from tests.security.rules import Rule
    from tests.security.world import Place

CREATED = frozenset({201})
NO_CONTENT = frozenset({204})
REFUSED = frozenset({422})  # an empty form, once the record is found in scope
REDIRECT = frozenset({302})
_stored: list[str] = []


def _delete_stored_files() -> None:
    """Files on a disk outlive the rollback of the world's records. Files in the database
    (common.storage) go with it, and the test database is gone by the time this runs."""
    from django.core.files.storage import default_storage, storages

    from concenter.common.storage import DatabaseStorage

    if isinstance(storages["default"], DatabaseStorage):
        return
    for name in _stored:
        with contextlib.suppress(OSError):  # best effort, at exit
            default_storage.delete(name)


atexit.register(_delete_stored_files)


def _jpeg() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "green").save(buffer, format="JPEG")
    return buffer.getvalue()


PDF = MINIMAL_PDF


def build_place(*, admin, place: Place, users) -> None:
    """An activity with a partner, an attendee and a file; a committee meeting of the active
    term; a draft and a published story with photos; the subdistrict's community plan with a
    project. All through the services, as the national admin."""
    from concenter.activities import services
    from concenter.activities.models import ActivityKind
    from concenter.network import services as network

    day = datetime.date(2026, 3, 2)  # inside the world's active term
    activity = services.activity_create(
        actor=admin,
        center_code=place.code,
        data=services.ActivityData(
            kind=ActivityKind.TRAINING,
            title="กิจกรรมทดสอบสิทธิ์",
            starts_on=day,
            missions=["plan"],
            participants={("female", "working"): 3},
        ),
    )
    place.extras["activity"] = activity.pk
    shop = network.partner_create(
        actor=admin, area_code=place.code, kind="private", name=f"ร้านค้าทดสอบสิทธิ์ {place.code}"
    )
    place.extras["support"] = services.activity_partner_add(
        actor=admin, activity_id=activity.pk, partner_id=shop.pk, in_kind="น้ำดื่ม"
    ).pk
    place.extras["attendee"] = services.activity_attendee_add(
        actor=admin, activity_id=activity.pk, person_id=place.person
    ).pk
    document = services.activity_file_add(
        actor=admin, activity_id=activity.pk, upload=SimpleUploadedFile("a.pdf", PDF)
    )
    _stored.append(document.stored_name)
    place.extras["file"] = document.pk
    place.extras["meeting"] = services.activity_create(
        actor=admin,
        center_code=place.code,
        data=services.ActivityData(
            kind=ActivityKind.COMMITTEE_MEETING,
            title="ประชุมคณะกรรมการทดสอบสิทธิ์",
            starts_on=day,
            missions=["governance"],
        ),
    ).pk
    draft = services.story_create(
        actor=admin, center_code=place.code, data=services.StoryData(title="ร่างทดสอบสิทธิ์")
    )
    place.extras["story"] = draft.pk
    photo = services.story_photo_add(
        actor=admin, story_id=draft.pk, upload=SimpleUploadedFile("a.jpg", _jpeg())
    )
    _stored.append(photo.stored_name)
    place.extras["story_photo"] = photo.pk
    published = services.story_create(
        actor=admin, center_code=place.code, data=services.StoryData(title="เรื่องทดสอบสิทธิ์")
    )
    public_photo = services.story_photo_add(
        actor=admin, story_id=published.pk, upload=SimpleUploadedFile("b.jpg", _jpeg())
    )
    _stored.append(public_photo.stored_name)
    services.story_publish(actor=admin, story_id=published.pk)
    place.extras["public_story"] = published.pk
    place.extras["public_photo"] = public_photo.pk
    plan = services.plan_create(
        actor=admin,
        area_code=place.code,
        data=services.PlanData(first_year=2566, last_year=2570),
    )
    place.extras["plan"] = plan.pk
    place.extras["project"] = services.plan_project_add(
        actor=admin,
        plan_id=plan.pk,
        data=services.ProjectData(name="ประปาทดสอบสิทธิ์", mission="environment", doer="community"),
    ).pk


def code(place: Place) -> dict:
    return {"code": place.code}


def extra(name: str, key: str | None = None):
    return lambda place: {key or f"{name}_id": place.extras[name]}


activity = extra("activity")
meeting = lambda place: {"activity_id": place.extras["meeting"]}  # noqa: E731
story = extra("story")
plan = extra("plan")
project = extra("project")

# Pages ------------------------------------------------------------------------------------------


def _page_rules() -> dict[str, Rule]:
    from tests.security.rules import Rule

    return {
        # Activities and meetings: by the area of their center.
        "activities:activity_list": Rule("read", kwargs=code),
        "activities:activity_create": Rule("change", kwargs=code),
        "activities:activity_detail": Rule("read", kwargs=activity),
        "activities:activity_edit": Rule("change", kwargs=activity),
        "activities:activity_delete": Rule("change", kwargs=activity),  # the confirmation page
        "activities:activity_partner_add": Rule(
            "change", method="post", kwargs=activity, ok=REFUSED
        ),
        "activities:activity_partner_remove": Rule(
            "change", method="post", kwargs=extra("support", "support_id"), ok=REDIRECT
        ),
        "activities:activity_attendee_add": Rule(
            "change", method="post", kwargs=activity, ok=REFUSED
        ),
        "activities:activity_attendee_remove": Rule(
            "change", method="post", kwargs=extra("attendee", "attendee_id"), ok=REDIRECT
        ),
        "activities:meeting_attendance": Rule("change", kwargs=meeting),
        "activities:activity_file_add": Rule("change", method="post", kwargs=activity, ok=REFUSED),
        "activities:activity_file": Rule("read", kwargs=extra("file", "file_id")),
        "activities:activity_file_remove": Rule(
            "change", method="post", kwargs=extra("file", "file_id"), ok=REDIRECT
        ),
        # Success stories (drafts included) and their photos.
        "activities:story_list": Rule("read", kwargs=code),
        "activities:story_create": Rule("change", kwargs=code),
        "activities:story_detail": Rule("read", kwargs=story),
        "activities:story_edit": Rule("change", kwargs=story),
        "activities:story_publish": Rule("change", method="post", kwargs=story, ok=REDIRECT),
        "activities:story_delete": Rule("change", kwargs=story),  # the confirmation page
        "activities:story_photo_add": Rule("change", method="post", kwargs=story, ok=REFUSED),
        "activities:story_photo": Rule("read", kwargs=extra("story_photo", "photo_id")),
        "activities:story_photo_remove": Rule(
            "change", method="post", kwargs=extra("story_photo", "photo_id"), ok=REDIRECT
        ),
        # Community plans: read by their area, changed by their subdistrict's scope.
        "activities:plan_list": Rule("read", kwargs=code),
        "activities:plan_create": Rule("change", kwargs=code),
        "activities:plan_detail": Rule("read", kwargs=plan),
        "activities:plan_edit": Rule("change", kwargs=plan),
        "activities:project_create": Rule("change", kwargs=plan),
        "activities:project_edit": Rule("change", kwargs=project),
        "activities:project_remove": Rule("change", method="post", kwargs=project, ok=REDIRECT),
        # The public exhibition of a center or an area, its poster, published stories and photos.
        "activities:exhibition": Rule("public", anonymous=200, kwargs=code),
        "activities:exhibition_poster": Rule("public", anonymous=200, kwargs=code),
        "activities:public_story": Rule(
            "public", anonymous=200, kwargs=extra("public_story", "story_id")
        ),
        "activities:public_photo": Rule(
            "public", anonymous=200, kwargs=extra("public_photo", "photo_id")
        ),
        # The public portal: public data of every center, for everyone, anywhere.
        "portal:directory": Rule("public", anonymous=200),
        "portal:center": Rule("public", anonymous=200, kwargs=code),
    }


# API operations ---------------------------------------------------------------------------------


def _version(model_name: str, pk: int) -> int:
    from django.apps import apps

    return (
        apps.get_model("activities", model_name)
        .objects.values_list("version", flat=True)
        .get(pk=pk)
    )


def _activity_body(place: Place) -> dict:
    return {
        "kind": "project",
        "title": "โครงการทดสอบสิทธิ์",
        "starts_on": "2026-01-15",
        "missions": ["environment"],
        "participants": [{"sex": "male", "age_band": "youth", "count": 2}],
    }


def _api_rules() -> dict[tuple[str, str], Rule]:
    from tests.security.rules import Rule

    return {
        ("GET", "/api/v1/centers/{code}/activities"): Rule("read", anonymous=401, kwargs=code),
        ("POST", "/api/v1/centers/{code}/activities"): Rule(
            "change", anonymous=401, method="post", kwargs=code, body=_activity_body, ok=CREATED
        ),
        ("GET", "/api/v1/activities/{activity_id}"): Rule("read", anonymous=401, kwargs=activity),
        ("PATCH", "/api/v1/activities/{activity_id}"): Rule(
            "change",
            anonymous=401,
            method="patch",
            kwargs=activity,
            body=lambda p: {"version": _version("Activity", p.extras["activity"]), "place": "วัด"},
        ),
        ("DELETE", "/api/v1/activities/{activity_id}"): Rule(
            "change", anonymous=401, method="delete", kwargs=activity, ok=NO_CONTENT
        ),
        ("PUT", "/api/v1/activities/{activity_id}/attendance"): Rule(
            "change", anonymous=401, method="put", kwargs=meeting, body=lambda p: {"attendance": []}
        ),
        ("POST", "/api/v1/activities/{activity_id}/partners"): Rule(
            "change",
            anonymous=401,
            method="post",
            kwargs=activity,
            body=lambda p: {"partner_id": p.partner, "money": "1,000"},
            ok=CREATED,
        ),
        ("DELETE", "/api/v1/activity-partners/{support_id}"): Rule(
            "change",
            anonymous=401,
            method="delete",
            kwargs=extra("support", "support_id"),
            ok=NO_CONTENT,
        ),
        ("POST", "/api/v1/activities/{activity_id}/attendees"): Rule(
            "change",
            anonymous=401,
            method="post",
            kwargs=activity,
            body=lambda p: {"person_id": p.spare_person},
            ok=CREATED,
        ),
        ("DELETE", "/api/v1/activity-attendees/{attendee_id}"): Rule(
            "change",
            anonymous=401,
            method="delete",
            kwargs=extra("attendee", "attendee_id"),
            ok=NO_CONTENT,
        ),
        ("GET", "/api/v1/centers/{code}/stories"): Rule("read", anonymous=401, kwargs=code),
        ("POST", "/api/v1/centers/{code}/stories"): Rule(
            "change",
            anonymous=401,
            method="post",
            kwargs=code,
            body=lambda p: {"title": "เรื่องใหม่ทดสอบสิทธิ์"},
            ok=CREATED,
        ),
        ("GET", "/api/v1/stories/{story_id}"): Rule("read", anonymous=401, kwargs=story),
        ("PATCH", "/api/v1/stories/{story_id}"): Rule(
            "change",
            anonymous=401,
            method="patch",
            kwargs=story,
            body=lambda p: {"version": _version("Story", p.extras["story"]), "summary": "สรุป"},
        ),
        ("POST", "/api/v1/stories/{story_id}/publish"): Rule(
            "change", anonymous=401, method="post", kwargs=story, body=lambda p: {}
        ),
        # A list filtered by the reader's scope: every signed-in user gets one (empty outside it).
        ("GET", "/api/v1/areas/{code}/community-plans"): Rule("login", anonymous=401, kwargs=code),
        ("POST", "/api/v1/community-plans"): Rule(
            "change",
            anonymous=401,
            method="post",
            body=lambda p: {"area_code": p.code, "first_year": 2571, "last_year": 2575},
            ok=CREATED,
        ),
        ("GET", "/api/v1/community-plans/{plan_id}"): Rule("read", anonymous=401, kwargs=plan),
        ("PATCH", "/api/v1/community-plans/{plan_id}"): Rule(
            "change",
            anonymous=401,
            method="patch",
            kwargs=plan,
            body=lambda p: {
                "version": _version("CommunityPlan", p.extras["plan"]),
                "notes": "บันทึก",
            },
        ),
        ("POST", "/api/v1/community-plans/{plan_id}/projects"): Rule(
            "change",
            anonymous=401,
            method="post",
            kwargs=plan,
            body=lambda p: {"name": "ลานกีฬา", "mission": "drugs", "doer": "local_government"},
            ok=CREATED,
        ),
        ("PATCH", "/api/v1/community-projects/{project_id}"): Rule(
            "change",
            anonymous=401,
            method="patch",
            kwargs=project,
            body=lambda p: {
                "version": _version("PlanProject", p.extras["project"]),
                "progress": "in_progress",
            },
        ),
        # The exhibition's figures: public.
        ("GET", "/api/v1/exhibition/{code}"): Rule("public", anonymous=200, kwargs=code),
    }


def __getattr__(name: str):
    if name == "PAGE_RULES":
        return _page_rules()
    if name == "API_RULES":
        return _api_rules()
    raise AttributeError(name)
