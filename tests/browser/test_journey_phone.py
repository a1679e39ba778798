"""Journey: the product on a phone (issue #19). Each role signs in and lands on its own work; a
refused form shows what to correct on the first screen, focused, each line leading to its field;
every list and form of the signed-in officer fits a 390 px screen (check_accessibility measures
the layout as well as running axe)."""

import json

import pytest

from tests.browser.conftest import check_accessibility, log_in, log_out, open_menu, screenshot

pytestmark = pytest.mark.browser

ROLES = """
import datetime, json
from django.utils import timezone
from concenter.accounts.models import Role, User
from concenter.accounts.services import role_assign, user_create
from concenter.events import services as events
from concenter.events.models import EventStaff
from concenter.network.models import Center
from concenter.network.services import center_create
admin = User.objects.get(username="admin")
for code in ("71", "7101", "710106"):
    if not Center.objects.filter(pk=code).exists():
        center_create(actor=admin, area_code=code)
def user(username, role=None, **where):
    found = User.objects.filter(username=username).first()
    if found is None:
        found = user_create(username=username, password={password!r}, display_name=username)
        if role:
            role_assign(user=found, role=role, **where)
    return found
user("phone.judge", Role.JUDGE)
user("phone.editor", Role.CENTER_EDITOR, center_code="710106")
door = user("phone.door")
event = EventStaff.objects.filter(user=door).values_list("event_id", flat=True).first()
if event is None:
    now = timezone.now()
    created = events.event_create(
        actor=admin, organizer_code="7101", title="งานประจำปีเครือข่าย (หน้างาน)",
        starts_at=now - datetime.timedelta(hours=1), ends_at=now + datetime.timedelta(hours=6),
        capacity=50, venue_name="ศาลาประชาคม",
    )
    events.event_status_change(actor=admin, event_id=created.pk, status="open")
    events.event_staff_add(actor=admin, event_id=created.pk, username="phone.door")
    event = created.pk
print(json.dumps({{"event": event}}))
"""

PAGES = [
    "/work/",
    "/people/",
    "/people/new/",
    "/centers/",
    "/centers/7101/",
    "/centers/7101/activities/",
    "/centers/7101/activities/new/",
    "/centers/7101/stories/",
    "/centers/7101/stories/new/",
    "/community-plans/area/7101/",
    "/organizations/",
    "/organizations/new/",
    "/partners/",
    "/partners/new/",
    "/awards/",
    "/awards/new/",
    "/events/manage/",
    "/events/new/",
    "/imports/",
    "/imports/new/",
    "/dashboard/7101/",
    "/areas/",
    "/areas/7101/",
    "/directory/",
    "/events/",
    "/hall-of-fame/",
    "/imports/open-data/",
    "/accounts/me/",
    # A table with a visually hidden caption, shown even empty: a stacked table once let its
    # caption grow to the screen's width and pushed the page sideways.
    "/accounts/tokens/",
]


def _setup(app_shell) -> dict:
    from tests.browser.conftest import PASSWORD

    return json.loads(app_shell(ROLES.format(password=PASSWORD)).strip().splitlines()[-1])


def test_each_role_lands_on_its_work(page, app_url, app_shell):
    event = _setup(app_shell)["event"]
    landing = {
        "kan.mueang": 'a[href="/dashboard/7101/"]',
        "phone.editor": 'a[href="/centers/710106/activities/new/"]',
        "phone.judge": "#work-judging",
        "phone.door": f'a[href="/events/{event}/door/"]',
    }
    for username, mark in landing.items():
        log_in(page, app_url, username)  # waits for /work/
        assert page.locator("h1").inner_text() == "งานของฉัน"
        assert page.locator(mark).first.is_visible(), username
        dashboard = page.locator('#site-menu a[href="/dashboard/"]')
        assert dashboard.count() == (1 if username in ("kan.mueang", "phone.editor") else 0)
        check_accessibility(page)
        if username == "kan.mueang":
            screenshot(page, "my-work")
            open_menu(page)
            check_accessibility(page)
            screenshot(page, "menu")
        log_out(page)


def test_a_refused_form_shows_what_to_correct_on_the_first_screen(page, app_url):
    log_in(page, app_url, "kan.mueang")
    page.goto(f"{app_url}/people/new/")
    page.fill("#id_given_name", "ทดสอบ")
    page.fill("#id_area_code", "710104")
    page.fill("#id_national_id", "1234567890123")  # a wrong check digit
    page.locator("#id_national_id_helptext .error").wait_for()  # the live check answers
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    summary = page.locator("[data-error-summary]")
    assert summary.is_visible()
    assert page.evaluate("() => document.activeElement.hasAttribute('data-error-summary')")
    box = summary.bounding_box()
    assert 0 <= box["y"] < page.viewport_size["height"]
    check_accessibility(page)  # measures that the summary is on the screen, focused
    screenshot(page, "form-refused")
    summary.locator('a[href="#id_national_id"]').click()
    assert page.evaluate("() => document.activeElement.id") == "id_national_id"


def test_every_list_and_form_fits_the_screen(page, app_url, app_shell):
    _setup(app_shell)
    log_in(page, app_url, "kan.mueang")
    for path in PAGES:
        page.goto(f"{app_url}{path}")
        check_accessibility(page)
        if path == "/centers/7101/activities/new/":
            screenshot(page, "activity-form")
