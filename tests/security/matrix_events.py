"""Access rules of the events app (concenter.events), for tests/security/test_access_matrix.py.

Who reaches what:
* the public pages (events of an area, an event, its registration form, programme, cover and
  photos, a registrant's ticket by its link) are public; a draft is not (404);
* the officers' pages and operations follow the event's area: "read" for the event, its
  agenda, registrations and reports; "change" to edit, register, cancel, print badges, manage
  the door staff and photos;
* the door (check-in, walk-ins, name search) is for those who may change the event and for the
  users on the event's staff list. In the matrix the judge ("sec.judge", who holds no area) is
  on the staff list of the event of 710104 only: the judge works that door, and no other, and
  sees nothing else of the event;
* the live counts are for the event's readers and its door staff.
"""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from tests.security.rules import CREATED, Rule
from tests.security.world import Place

STAFFED_PLACE = "710104"  # where the judge works the door


def _may(role: str, access: str, code: str) -> bool:
    from tests.security.test_access_matrix import may

    return may(role, access, code)


def door(role: str, place: Place | None) -> bool:
    if place is None:
        return False
    return _may(role, "change", place.code) or (role == "judge" and place.code == STAFFED_PLACE)


def counts(role: str, place: Place | None) -> bool:
    return door(role, place) or (place is not None and _may(role, "read", place.code))


def _png(name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (11, 93, 59)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def build_place(*, admin, place: Place, users: dict) -> None:
    """An open event of the place's center (its door open now), with an agenda item, a
    registration, door staff, a photo and a cover image."""
    import datetime

    from concenter.accounts.services import user_create
    from concenter.events import services, tickets

    now = timezone.now()
    event = services.event_create(
        actor=admin,
        organizer_code=place.code,
        title=f"งานทดสอบสิทธิ์ {place.code}",
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=6),
        capacity=100,
        cover=_png("cover.png"),
    )
    services.event_status_change(actor=admin, event_id=event.pk, status="open")
    item = services.agenda_item_add(
        actor=admin, event_id=event.pk, kind="other", starts_at=event.starts_at, title="เปิดงาน"
    )
    registration = services.registration_create(
        actor=admin, event_id=event.pk, full_name=f"ผู้ลงทะเบียนทดสอบ {place.code}"
    )
    checked_in = services.registration_create(
        actor=admin, event_id=event.pk, full_name=f"ผู้เช็คอินแล้ว {place.code}"
    )
    services.checkin_record(actor=admin, event_id=event.pk, scan=checked_in.code)
    helper = user_create(username=f"matrix.door.{place.code}", password=None)
    staff = services.event_staff_add(actor=admin, event_id=event.pk, username=helper.username)
    if place.code == STAFFED_PLACE:
        services.event_staff_add(actor=admin, event_id=event.pk, username=users["judge"].username)
    photo = services.event_photo_add(actor=admin, event_id=event.pk, upload=_png("photo.png"))
    place.extras.update(
        event=event.pk,
        agenda_item=item.pk,
        registration=registration.pk,
        checked_in=checked_in.pk,
        staff=staff.pk,
        photo=photo.pk,
        ticket=tickets.link_token(event.ref, registration.link_secret),
        starts_at=event.starts_at.isoformat(),
    )


def _event(place: Place) -> dict:
    return {"event_id": place.extras["event"]}


def _registration(place: Place) -> dict:
    return {**_event(place), "registration_id": place.extras["registration"]}


def _version(model_name: str, pk: int) -> int:
    from concenter.events import models

    return getattr(models, model_name).objects.values_list("version", flat=True).get(pk=pk)


PAGE_RULES: dict[str, Rule] = {
    # Public pages.
    "events:public_list": Rule("public", anonymous=200),
    "events:public_detail": Rule("public", anonymous=200, kwargs=_event),
    "events:public_register": Rule("public", anonymous=200, kwargs=_event),
    "events:programme_pdf": Rule("public", anonymous=200, kwargs=_event),
    "events:cover": Rule("public", anonymous=200, kwargs=_event),
    "events:photo": Rule(
        "public", anonymous=200, kwargs=lambda p: {**_event(p), "photo_id": p.extras["photo"]}
    ),
    "events:ticket": Rule("public", anonymous=200, kwargs=lambda p: {"token": p.extras["ticket"]}),
    "events:ticket_cancel": Rule(
        "public", anonymous=200, kwargs=lambda p: {"token": p.extras["ticket"]}
    ),
    # Officers.
    "events:manage_list": Rule("login"),
    "events:event_create": Rule("login"),  # the empty form; the service checks the area
    "events:event_manage": Rule("read", kwargs=_event),
    "events:event_edit": Rule("change", kwargs=_event),
    "events:event_status": Rule("change", method="post", kwargs=_event, ok=frozenset({302})),
    "events:event_history": Rule("read", kwargs=_event),
    "events:agenda": Rule("read", kwargs=_event),
    "events:agenda_item_create": Rule("change", kwargs=_event),
    "events:agenda_item_edit": Rule(
        "change", kwargs=lambda p: {**_event(p), "item_id": p.extras["agenda_item"]}
    ),
    "events:agenda_item_remove": Rule(
        "change",
        method="post",
        kwargs=lambda p: {**_event(p), "item_id": p.extras["agenda_item"]},
        ok=frozenset({302}),
    ),
    "events:pick_organization": Rule("read", kwargs=_event),
    "events:awardees_register": Rule("change", method="post", kwargs=_event, ok=frozenset({302})),
    "events:registrations": Rule("read", kwargs=_event),
    "events:registration_add": Rule("change", kwargs=_event),
    "events:registration_pick": Rule("change", kwargs=_event),
    "events:registration_bulk": Rule("change", kwargs=_event),
    "events:registration_edit": Rule("read", kwargs=_registration),
    "events:registration_cancel": Rule(
        "change", method="post", kwargs=_registration, ok=frozenset({302})
    ),
    "events:checkin_undo": Rule(
        "custom",
        method="post",
        kwargs=lambda p: {**_event(p), "registration_id": p.extras["checked_in"]},
        allow=door,
        ok=frozenset({302}),
    ),
    "events:badges_pdf": Rule("change", kwargs=_event),
    "events:staff": Rule("change", kwargs=_event),
    "events:staff_remove": Rule(
        "change",
        method="post",
        kwargs=lambda p: {**_event(p), "staff_id": p.extras["staff"]},
        ok=frozenset({302}),
    ),
    "events:photos": Rule("change", kwargs=_event),
    "events:photo_remove": Rule(
        "change",
        method="post",
        kwargs=lambda p: {**_event(p), "photo_id": p.extras["photo"]},
        ok=frozenset({302}),
    ),
    # The door: officers who may change the event, and its staff list.
    "events:door": Rule("custom", kwargs=_event, allow=door),
    # POST-only: an empty form is refused (422) once the door is found.
    "events:door_checkin": Rule(
        "custom", method="post", kwargs=_event, allow=door, ok=frozenset({422})
    ),
    "events:door_walk_in": Rule(
        "custom", method="post", kwargs=_event, allow=door, ok=frozenset({422})
    ),
    "events:door_search": Rule("custom", kwargs=_event, allow=door),
    "events:counts": Rule("custom", kwargs=_event, allow=counts),
    # Reports.
    "events:attendance": Rule("read", kwargs=_event),
    "events:attendance_pdf": Rule("read", kwargs=_event),
    "events:attendance_xlsx": Rule("read", kwargs=_event),
}


API_RULES: dict[tuple[str, str], Rule] = {
    ("GET", "/api/v1/events"): Rule("login", anonymous=401),
    ("POST", "/api/v1/events"): Rule(
        "change",
        anonymous=401,
        method="post",
        body=lambda p: {
            "organizer_code": p.code,
            "title": "งานใหม่ทดสอบสิทธิ์",
            "starts_at": "2030-01-10T09:00:00",
            "ends_at": "2030-01-10T12:00:00",
        },
        ok=CREATED,
    ),
    ("GET", "/api/v1/events/{event_id}"): Rule("read", anonymous=401, kwargs=_event),
    ("PATCH", "/api/v1/events/{event_id}"): Rule(
        "change",
        anonymous=401,
        method="patch",
        kwargs=_event,
        body=lambda p: {"version": _version("Event", p.extras["event"]), "venue_name": "ศาลา"},
    ),
    ("POST", "/api/v1/events/{event_id}/status"): Rule(
        "change", anonymous=401, method="post", kwargs=_event, body=lambda p: {"status": "closed"}
    ),
    ("POST", "/api/v1/events/{event_id}/agenda"): Rule(
        "change",
        anonymous=401,
        method="post",
        kwargs=_event,
        body=lambda p: {"kind": "break", "starts_at": p.extras["starts_at"]},
        ok=CREATED,
    ),
    ("PATCH", "/api/v1/agenda-items/{item_id}"): Rule(
        "change",
        anonymous=401,
        method="patch",
        kwargs=lambda p: {"item_id": p.extras["agenda_item"]},
        body=lambda p: {
            "version": _version("AgendaItem", p.extras["agenda_item"]),
            "title": "พิธีเปิด",
        },
    ),
    ("DELETE", "/api/v1/agenda-items/{item_id}"): Rule(
        "change",
        anonymous=401,
        method="delete",
        kwargs=lambda p: {"item_id": p.extras["agenda_item"]},
        ok=frozenset({204}),
    ),
    ("POST", "/api/v1/events/{event_id}/awardees"): Rule(
        "change", anonymous=401, method="post", kwargs=_event
    ),
    ("GET", "/api/v1/events/{event_id}/registrations"): Rule("read", anonymous=401, kwargs=_event),
    ("POST", "/api/v1/events/{event_id}/registrations"): Rule(
        "change",
        anonymous=401,
        method="post",
        kwargs=_event,
        body=lambda p: {"full_name": "นายลงทะเบียน ทางเอพีไอ"},
        ok=CREATED,
    ),
    ("POST", "/api/v1/events/{event_id}/registrations/bulk"): Rule(
        "change",
        anonymous=401,
        method="post",
        kwargs=_event,
        body=lambda p: {"lines": ["นายวาง รายชื่อ"], "dry_run": True},
    ),
    ("GET", "/api/v1/registrations/{registration_id}"): Rule(
        "read", anonymous=401, kwargs=lambda p: {"registration_id": p.extras["registration"]}
    ),
    ("PATCH", "/api/v1/registrations/{registration_id}"): Rule(
        "change",
        anonymous=401,
        method="patch",
        kwargs=lambda p: {"registration_id": p.extras["registration"]},
        body=lambda p: {
            "version": _version("Registration", p.extras["registration"]),
            "role": "guest",
        },
    ),
    ("POST", "/api/v1/registrations/{registration_id}/cancel"): Rule(
        "change",
        anonymous=401,
        method="post",
        kwargs=lambda p: {"registration_id": p.extras["registration"]},
        body=lambda p: {"reason": "ทดสอบสิทธิ์"},
    ),
    ("POST", "/api/v1/events/{event_id}/checkins"): Rule(
        "custom",
        anonymous=401,
        method="post",
        kwargs=_event,
        body=lambda p: {"scan": _code(p), "client_id": "matrix-scan-0001"},
        allow=door,
    ),
    ("POST", "/api/v1/events/{event_id}/walk-ins"): Rule(
        "custom",
        anonymous=401,
        method="post",
        kwargs=_event,
        body=lambda p: {"full_name": "นายเดินเข้า ทดสอบสิทธิ์"},
        allow=door,
    ),
    ("POST", "/api/v1/events/{event_id}/checkins/batch"): Rule(
        "custom",
        anonymous=401,
        method="post",
        kwargs=_event,
        body=lambda p: {"items": [{"client_id": "matrix-batch-0001", "scan": _code(p)}]},
        allow=door,
    ),
    ("GET", "/api/v1/events/{event_id}/attendance"): Rule(
        "custom", anonymous=401, kwargs=_event, allow=counts
    ),
    ("GET", "/api/v1/public/events"): Rule("public", anonymous=200),
    ("GET", "/api/v1/public/events/{event_id}"): Rule("public", anonymous=200, kwargs=_event),
}


def _code(place: Place) -> str:
    from concenter.events.models import Registration

    return Registration.objects.values_list("code", flat=True).get(pk=place.extras["registration"])
