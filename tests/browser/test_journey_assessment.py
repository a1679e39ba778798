"""Journey: the yearly strength assessment from the committee to the province. A round is
open for the subdistrict centers; the center's committee starts its self-assessment (figures
from its records already filled in), answers every indicator and submits; the district officer
returns it with a reason, the committee submits again, the district verifies and the province
approves and locks it; the province reads the results of its area. Desktop and phone take
different centers of Mueang Kanchanaburi; every page passes axe."""

import pytest

from tests.browser.conftest import PASSWORD, check_accessibility, log_in, screenshot
from tests.pdfs import MINIMAL_PDF

pytestmark = pytest.mark.browser

# Subdistricts no other journey uses: the committee journey creates the centers of 710104 and
# 710101 itself, and the browser tests share one database.
CENTER = {"desktop": "710102", "phone": "710103"}

SETUP = """
import datetime
from concenter.accounts.models import Role, User
from concenter.accounts.services import role_assign, user_create
from concenter.assessment import services
from concenter.assessment.models import Round
from concenter.common import clock
from concenter.common.thai import fiscal_year_be
from concenter.network import services as network
from concenter.network.models import Center

admin = User.objects.get(username="admin")
code = "{code}"
if not Center.objects.filter(pk=code).exists():
    network.center_create(actor=admin, area_code=code)
username = "journey.editor." + code
if not User.objects.filter(username=username).exists():
    editor = user_create(username=username, password="{password}", display_name="กรรมการ " + code)
    role_assign(user=editor, role=Role.CENTER_EDITOR, center_code=code)
year = fiscal_year_be(clock.today())
found = Round.objects.filter(fiscal_year=year, level="subdistrict").first()
if found is None:
    today = clock.today()
    found = services.round_open(
        actor=admin, fiscal_year=year, level="subdistrict",
        opens_on=today - datetime.timedelta(days=10), due_on=today + datetime.timedelta(days=30),
    )
print(found.pk)
"""


def _move(page, action: str) -> None:
    page.click(f"form[action$='/{action}/'] button[type=submit]")
    page.wait_for_load_state()


def test_a_round_from_the_committee_to_the_province(page, app_url, app_shell):
    code = CENTER[page.viewport_name]
    round_id = int(app_shell(SETUP.format(code=code, password=PASSWORD)).strip().splitlines()[-1])

    # The committee starts and fills its self-assessment.
    log_in(page, app_url, f"journey.editor.{code}")
    page.goto(f"{app_url}/assessment/")
    check_accessibility(page)
    page.click(f"a[href='/assessment/rounds/{round_id}/']")
    check_accessibility(page)
    page.click(f"form[action='/assessment/rounds/{round_id}/centers/{code}/start/'] button")
    page.wait_for_url("**/fill/")
    assert page.locator(".source").count() >= 8  # figures from the records, with their source
    check_accessibility(page)
    for radio in page.locator("input[type=radio][value='4']").all():
        radio.check()
    for field in page.locator("input[type=number]").all():
        field.fill("5")
    page.fill("textarea[name='note_1.5']", "มีกติกาที่ตกลงร่วมกันในที่ประชุมใหญ่")
    # A photo of the meeting chosen and uploaded before the answers were saved: what was typed
    # is saved with it, and the page comes back at that indicator.
    section = page.locator("section.indicator", has=page.locator("textarea[name='note_1.5']"))
    section.locator("input[type=file]").set_input_files(
        {"name": "rules.pdf", "mimeType": "application/pdf", "buffer": MINIMAL_PDF}
    )
    section.locator("button[name=upload]").click()
    page.wait_for_url("**/fill/#indicator-*")
    assert page.input_value("textarea[name='note_1.5']") == "มีกติกาที่ตกลงร่วมกันในที่ประชุมใหญ่"
    assert section.locator(".evidence-files li").count() == 1
    page.click("p.actions button[type=submit]")
    page.wait_for_selector("form[action$='/submit/']")
    assessment_url = page.url
    check_accessibility(page)
    _move(page, "submit")
    assert page.locator(".badge", has_text="ส่งแล้ว").first.is_visible()
    screenshot(page, "assessment-submitted")

    # The district returns it with a reason; the committee submits it again.
    page.context.clear_cookies()
    log_in(page, app_url, "kan.mueang")
    page.goto(f"{app_url}/assessment/rounds/{round_id}/?area=7101")
    check_accessibility(page)
    page.goto(assessment_url)
    page.fill("#id_reason", "ขอรายงานการประชุมที่ยืนยันกติกาของศูนย์")
    _move(page, "return")
    assert page.locator("ol", has_text="ขอรายงานการประชุม").is_visible()
    check_accessibility(page)

    page.context.clear_cookies()
    log_in(page, app_url, f"journey.editor.{code}")
    page.goto(assessment_url)
    _move(page, "submit")

    # The district verifies, the province approves and the assessment is locked.
    page.context.clear_cookies()
    log_in(page, app_url, "kan.mueang")
    page.goto(assessment_url)
    _move(page, "verify")
    page.context.clear_cookies()
    log_in(page, app_url, "kan.province")
    page.goto(assessment_url)
    _move(page, "approve")
    assert page.locator("p.notice").is_visible()
    assert page.locator("form[action$='/reopen/']").is_visible()
    screenshot(page, "assessment-approved")
    check_accessibility(page)

    page.goto(f"{app_url}/assessment/rounds/{round_id}/results/71/")
    assert page.locator("table", has_text=code[:0]).first.is_visible()
    screenshot(page, "assessment-results")
    check_accessibility(page)
