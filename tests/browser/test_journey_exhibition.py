"""Journey: a district officer records an activity (over budget: warned, saved), adds a photo,
writes a success story from it and publishes it; anyone then sees it on the district's
exhibition, with its poster. Runs in Chromium on a phone and a desktop screen."""

import io
import re

import pytest
from PIL import Image

from tests.browser.conftest import check_accessibility, log_in, screenshot

pytestmark = pytest.mark.browser

SETUP = """
from concenter.accounts.models import User
from concenter.network import services
from concenter.network.models import Center
admin = User.objects.get(username="admin")
for code in ("71", "7101", "710104"):
    if not Center.objects.filter(pk=code).exists():
        services.center_create(actor=admin, area_code=code)
"""


def _photo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), "#17663a").save(buffer, format="JPEG")
    return buffer.getvalue()


def test_an_activity_becomes_a_published_story_on_the_exhibition(page, app_url, app_shell, browser):
    app_shell(SETUP)
    suffix = page.viewport_name
    title = f"โครงการผักปลอดสารพิษ ({suffix})"
    story_title = f"ผักปลอดสารพิษสร้างรายได้ ({suffix})"
    log_in(page, app_url, "kan.mueang")

    page.goto(f"{app_url}/centers/710104/activities/new/")
    check_accessibility(page)
    page.select_option("#id_kind", "project")
    page.fill("#id_title", title)
    page.fill("#id_starts_on", "15/01/2564")
    page.check("input[name=missions][value=sufficiency]")
    page.check("input[name=missions][value=environment]")
    page.fill("#id_budget", "10,000")
    page.fill("#id_spent", "12,500")
    page.fill("#id_participants_female_working", "12")
    page.fill("#id_participants_male_elder", "4")
    page.click("main form.form button[type=submit]")
    page.wait_for_url(re.compile(r".*/activities/\d+/$"))
    assert page.locator(".message-warning").is_visible()  # over budget: a warning, saved
    assert page.locator("h1", has_text=title).is_visible()
    check_accessibility(page)

    page.set_input_files(
        "#id_file", files=[{"name": "แปลงผัก.jpg", "mimeType": "image/jpeg", "buffer": _photo()}]
    )
    page.fill("#id_caption", "แปลงผักของกลุ่ม")
    page.click("form[action$='/files/'] button[type=submit]")
    page.wait_for_selector(".photo-grid img")
    screenshot(page, "activity-detail")

    page.click("a[href*='/stories/new/?activity=']")
    page.fill("#id_title", story_title)
    page.fill("#id_summary", "ครัวเรือนมีรายได้เสริมจากผักปลอดสารพิษ")
    page.fill("#id_body", "**ผลสำเร็จ**\n\n- ขายผักได้ทุกสัปดาห์")
    page.fill("#id_people_reached", "16")
    page.fill("#id_money_earned", "25,000")
    page.click("main form.form button[type=submit]")
    page.wait_for_url(re.compile(r".*/stories/\d+/$"))
    page.set_input_files(
        "#id_file", files=[{"name": "ตลาด.jpg", "mimeType": "image/jpeg", "buffer": _photo()}]
    )
    page.click("form[action$='/photos/'] button[type=submit]")
    page.wait_for_selector(".photo-grid img")
    page.click("form[action$='/publish/'] button[type=submit]")
    page.wait_for_selector(".badge-ok")
    check_accessibility(page)

    public = browser.new_context(viewport=page.viewport_size, locale="th-TH").new_page()
    public.viewport_name = page.viewport_name
    public.goto(f"{app_url}/exhibition/7101/")
    assert public.locator("article.story-card h3", has_text=story_title).is_visible()
    assert public.locator("article.story-card img").first.is_visible()
    check_accessibility(public)
    screenshot(public, "exhibition-district")
    poster = public.request.get(f"{app_url}/exhibition/7101/poster.pdf")
    assert poster.ok and poster.body().startswith(b"%PDF-")
    public.context.close()
