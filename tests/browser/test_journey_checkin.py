"""Journey: the door of an event on a phone. A district officer opens the door page, checks a
ticket in by its typed code, is told "already checked in" on the second try, finds a guest by
name and checks them in, and keeps checking in while the network is down: the check-in waits
on the phone and is sent, once, when the network returns."""

import json

import pytest

from tests.browser.conftest import check_accessibility, log_in, screenshot

pytestmark = pytest.mark.browser

SETUP = """
import datetime, json
from django.utils import timezone
from concenter.accounts.models import User
from concenter.events import services
from concenter.network.models import Center
from concenter.network.services import center_create
admin = User.objects.get(username="admin")
if not Center.objects.filter(pk="7101").exists():
    center_create(actor=admin, area_code="7101")
now = timezone.now()
event = services.event_create(
    actor=admin, organizer_code="7101", title="วันสานสัมพันธ์เครือข่าย ({viewport})",
    starts_at=now - datetime.timedelta(hours=1), ends_at=now + datetime.timedelta(hours=6),
    capacity=50, venue_name="หอประชุมอำเภอเมืองกาญจนบุรี",
)
services.event_status_change(actor=admin, event_id=event.pk, status="open")
names = ["นางสมศรี ทดสอบประตู", "นายบุญมา ค้นหาชื่อ", "นางสาวออฟไลน์ รอส่ง"]
codes = [
    services.registration_create(actor=admin, event_id=event.pk, full_name=name).code_display
    for name in names
]
print(json.dumps({{"event": event.pk, "codes": codes, "names": names}}))
"""

COUNT = """
from concenter.events.models import CheckIn
print(CheckIn.objects.filter(event_id={event}).count())
"""


RECENT_TIME = """
from django.utils import timezone
from concenter.events.models import CheckIn
last = CheckIn.objects.filter(event_id={event}).order_by("-checked_in_at").first()
print(timezone.localtime(last.checked_in_at).strftime("%H:%M"))
"""

QR = """
import base64, io, segno
buffer = io.BytesIO()
segno.make_qr("{value}").save(buffer, kind="png", scale=8, border=4)
print(base64.b64encode(buffer.getvalue()).decode())
"""


def test_the_door_reads_a_qr_code_without_barcode_detector(page, app_url, app_shell):
    """iPhone Safari and Firefox have no BarcodeDetector: the vendored jsQR reads the code."""
    data = json.loads(app_shell(SETUP.format(viewport=page.viewport_name)).strip().splitlines()[-1])
    log_in(page, app_url, "kan.mueang")
    page.add_init_script("delete window.BarcodeDetector;")
    page.goto(f"{app_url}/events/{data['event']}/door/")
    assert page.locator("#door-camera").is_visible()  # the camera is offered all the same
    png = app_shell(QR.format(value="CC1.TEST-QR")).strip().splitlines()[-1]
    decoded = page.evaluate(
        """async (png) => {
        const image = new Image();
        image.src = "data:image/png;base64," + png;
        await image.decode();
        const canvas = document.createElement("canvas");
        canvas.width = image.width; canvas.height = image.height;
        const context = canvas.getContext("2d");
        context.drawImage(image, 0, 0);
        const pixels = context.getImageData(0, 0, canvas.width, canvas.height);
        const code = window.jsQR(pixels.data, pixels.width, pixels.height);
        return code ? code.data : null;
      }""",
        png,
    )
    assert decoded == "CC1.TEST-QR"


def _result(page):
    return page.locator("#door-result")


def _check_in_by_code(page, code: str) -> None:
    page.fill("#id_scan", code)
    page.click("#door-code-form button[type=submit]")


def test_door_checks_in_by_code_and_by_name_and_keeps_scans_while_offline(page, app_url, app_shell):
    data = json.loads(app_shell(SETUP.format(viewport=page.viewport_name)).strip().splitlines()[-1])
    event, codes, names = data["event"], data["codes"], data["names"]
    log_in(page, app_url, "kan.mueang")
    page.goto(f"{app_url}/events/{event}/door/")
    check_accessibility(page)

    # By the typed code (lower case and without the dash, as people type it).
    _check_in_by_code(page, codes[0].lower().replace("-", ""))
    page.wait_for_selector("#door-result.door-recorded")
    assert names[0] in _result(page).inner_text()

    # The last check-ins come from the server, in the server's time (Asia/Bangkok).
    page.wait_for_function(
        "name => document.querySelector('#door-recent').innerText.includes(name)", arg=names[0]
    )
    assert "ยังไม่มี" not in page.locator("#door-recent").inner_text()
    server_time = app_shell(RECENT_TIME.format(event=event)).strip().splitlines()[-1]
    assert page.locator("#door-recent li").first.inner_text().startswith(server_time)

    # The same ticket again: "already checked in at hh:mm", nothing counted twice.
    _check_in_by_code(page, codes[0])
    page.wait_for_selector("#door-result.door-already")
    assert ":" in _result(page).inner_text()
    screenshot(page, "door-already")

    # By name: search, then the button beside the name.
    page.fill("#door-q", "บุญมา")
    button = page.locator("#door-results [data-checkin-code]").first
    button.wait_for()
    button.click()
    page.wait_for_function(
        "name => document.querySelector('#door-result').classList.contains('door-recorded')"
        " && document.querySelector('#door-result').innerText.includes(name)",
        arg=names[1],
    )
    check_accessibility(page)

    # The network drops: the check-in waits on the phone, then goes once it returns.
    page.context.set_offline(True)
    _check_in_by_code(page, codes[2])
    page.wait_for_selector("#door-result.door-queued")
    assert page.locator("#door-queue").is_visible()
    screenshot(page, "door-offline")
    page.context.set_offline(False)  # the browser says "online": the queue is sent
    page.wait_for_function(
        "name => document.querySelector('#door-result').innerText.includes(name)", arg=names[2]
    )
    page.wait_for_selector("#door-queue", state="hidden")
    page.reload()  # the queue is empty on the phone too (nothing is sent again)
    assert page.evaluate(f"localStorage.getItem('concenter.door.{event}')") == "[]"
    assert app_shell(COUNT.format(event=event)).strip().splitlines()[-1] == "3"
    screenshot(page, "door")


PAGES = """
import datetime, json
from django.utils import timezone
from concenter.accounts.models import User
from concenter.events import services, tickets
from concenter.network.models import Center
from concenter.network.services import center_create
admin = User.objects.get(username="admin")
if not Center.objects.filter(pk="7101").exists():
    center_create(actor=admin, area_code="7101")
starts = timezone.now() + datetime.timedelta(days=20)
event = services.event_create(
    actor=admin, organizer_code="7101", title="ประชุมใหญ่เครือข่าย <b>({viewport})</b>",
    starts_at=starts, ends_at=starts + datetime.timedelta(hours=6), capacity=1,
    venue_name="ศาลาประชาคม", description="วาระการประชุม\\nบรรทัดที่สอง",
)
services.agenda_item_add(actor=admin, event_id=event.pk, kind="speech", starts_at=starts,
    title="กล่าวเปิด", speaker_position="นายอำเภอเมืองกาญจนบุรี")
services.agenda_item_add(actor=admin, event_id=event.pk, kind="performance",
    starts_at=starts + datetime.timedelta(hours=1), performer_center_code="7101")
services.event_status_change(actor=admin, event_id=event.pk, status="open")
first = services.registration_create(actor=admin, event_id=event.pk, full_name="นายได้ที่นั่ง ก่อน")
print(json.dumps({{"event": event.pk}}))
"""


def test_event_pages_for_officers_and_the_public_are_accessible(page, app_url, app_shell):
    data = json.loads(app_shell(PAGES.format(viewport=page.viewport_name)).strip().splitlines()[-1])
    event = data["event"]
    # The public registers (the event is full: the waiting list) and lands on the ticket.
    page.goto(f"{app_url}/events/{event}/")
    check_accessibility(page)
    page.click(f"a[href='/events/{event}/register/']")
    # Before the submit: the one seat is taken, so the list is full.
    assert "รายชื่อสำรอง" in page.locator("#seats-left").inner_text()
    assert page.locator("#id_phone").get_attribute("type") == "tel"
    check_accessibility(page)
    page.fill("#id_full_name", "นางสาวรอคิว สำรอง")
    page.fill("#id_phone", "081 234 5678")
    page.check("#id_consent")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{app_url}/t/**")
    assert "<b>" not in page.content().split("<main", 1)[1].split("ประชุมใหญ่", 1)[0]
    assert page.locator(".notice-warn").is_visible()  # number 1 on the waiting list
    check_accessibility(page)
    screenshot(page, "ticket-waiting")
    # The officer's pages.
    log_in(page, app_url, "kan.mueang")
    for path in (
        "manage",
        "agenda",
        "registrations",
        "attendance",
        "registrations/add",
        "registrations/paste",
        "staff",
        "edit",
        "agenda/new",
    ):
        page.goto(f"{app_url}/events/{event}/{path}/")
        check_accessibility(page)
    screenshot(page, "agenda-form")
    page.goto(f"{app_url}/events/{event}/manage/")
    screenshot(page, "event-manage")
