"""Journey 5: a visitor with no account browses the public site — the directory, a center's
profile, the exhibition, the hall of fame, upcoming events — and sees no phone number and no
digit of a national ID anywhere, though the people behind those pages have both on record.
Desktop and phone, axe checks on every page."""

import re

import pytest

from tests.browser.conftest import check_accessibility, screenshot

pytestmark = pytest.mark.browser

PHONE = "081 234 5678"
NATIONAL_ID = "3987654321097"  # a valid check digit; fictional
PERSON_NAME = "ประภาพร"

# Records made through the services in the server's own database. Idempotent (the phone run
# finds them made).
SETUP = f"""
import datetime
from django.utils import timezone
from concenter.accounts.models import User
from concenter.activities.services import StoryData, story_create, story_publish
from concenter.events import services as events
from concenter.events.models import Event, EventAccess, EventStatus
from concenter.network import services
from concenter.network.models import Center, Position
from concenter.people.services import PersonData, person_create

actor = User.objects.get(username="admin")
today = timezone.localdate()
if not Center.objects.filter(pk="710105").exists():
    for code in ("71", "7101", "710105"):
        if not Center.objects.filter(pk=code).exists():
            services.center_create(actor=actor, area_code=code)
    term = services.committee_term_create(
        actor=actor,
        center_code="710105",
        starts_on=today - datetime.timedelta(days=200),
        ends_on=today + datetime.timedelta(days=1200),
    )
    for seat in range(9):
        person = person_create(
            actor=actor,
            data=PersonData(
                given_name="{PERSON_NAME}" if seat == 0 else f"กรรมการ{{seat}}",
                family_name="ใจงาม",
                phone="{PHONE}",
            ),
            area_code="710105",
            national_id="{NATIONAL_ID}" if seat == 0 else None,
            confirm_new=True,
        )
        services.seat_add(
            actor=actor,
            term_id=term.pk,
            person_id=person.pk,
            position=Position.CHAIR if seat == 0 else Position.MEMBER,
        )
    services.committee_term_activate(actor=actor, term_id=term.pk)
    story = story_create(
        actor=actor,
        center_code="710105",
        data=StoryData(
            title="ธนาคารขยะชุมชนลาดหญ้า",
            summary="ชาวบ้านร่วมคัดแยกขยะ ลดรายจ่ายครัวเรือน",
            body="เริ่มจากสมาชิก 12 ครัวเรือน",
            people_reached=240,
            money_saved="18500",
        ),
    )
    story_publish(actor=actor, story_id=story.pk)
    event = events.event_create(
        actor=actor,
        organizer_code="7101",
        title="วันสานสัมพันธ์เครือข่ายอำเภอเมือง",
        starts_at=timezone.now() + datetime.timedelta(days=20),
        ends_at=timezone.now() + datetime.timedelta(days=20, hours=6),
        venue_name="หอประชุมอำเภอเมืองกาญจนบุรี",
        access=EventAccess.PUBLIC,
    )
    events.event_status_change(actor=actor, event_id=event.pk, status=EventStatus.OPEN)
"""

DIGIT_RUNS = re.compile(r"\d[\d\s\-]{6,}\d")


def _no_private_data(page) -> None:
    """Neither the phone number nor any 4+ digit piece of the national ID is on the page (in
    its text or its markup), and no run of digits looks like either."""
    html = page.content()
    text = page.inner_text("body")
    compact = re.sub(r"[\s\-]", "", text)
    assert PHONE.replace(" ", "") not in compact
    assert PHONE not in html
    for start in range(0, len(NATIONAL_ID) - 3):
        piece = NATIONAL_ID[start : start + 4]
        assert piece not in compact, f"ID digits {piece} on {page.url}"
    for run in DIGIT_RUNS.findall(text):
        digits = re.sub(r"\D", "", run)
        assert not (len(digits) in (9, 10) and digits.startswith("0")), (run, page.url)
        assert len(digits) != 13, (run, page.url)


def test_a_visitor_browses_the_public_site_and_sees_no_private_data(page, app_url, app_shell):
    app_shell(SETUP)

    page.goto(f"{app_url}/directory/")
    assert page.locator("h1").first.is_visible()
    check_accessibility(page)
    _no_private_data(page)

    page.goto(f"{app_url}/directory/710105/")
    assert PERSON_NAME in page.inner_text("main")  # names and positions are public
    check_accessibility(page)
    _no_private_data(page)
    screenshot(page, "visitor-center-profile")

    page.goto(f"{app_url}/exhibition/710105/")
    assert "ธนาคารขยะชุมชนลาดหญ้า" in page.inner_text("main")
    check_accessibility(page)
    _no_private_data(page)

    page.goto(f"{app_url}/exhibition/71/")
    check_accessibility(page)
    _no_private_data(page)

    page.goto(f"{app_url}/hall-of-fame/")
    check_accessibility(page)
    _no_private_data(page)

    page.goto(f"{app_url}/events/?area=71")
    assert "วันสานสัมพันธ์เครือข่ายอำเภอเมือง" in page.inner_text("main")
    page.get_by_role("link", name="วันสานสัมพันธ์เครือข่ายอำเภอเมือง").first.click()
    assert "หอประชุมอำเภอเมืองกาญจนบุรี" in page.inner_text("main")
    check_accessibility(page)
    _no_private_data(page)
    screenshot(page, "visitor-event")

    # No private page is reachable without an account.
    page.goto(f"{app_url}/people/")
    assert "/accounts/login/" in page.url
