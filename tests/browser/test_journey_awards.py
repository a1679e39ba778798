"""Journey 3: an honour award from the programme to the plaque, in the browser.

The province office drafts a programme (criteria, a profession category, the panel), opens it,
nominates two people new to the registry, closes nominations early, screens both eligible and
opens judging. Each judge signs in, sees only their scorecards, types scores (saved as they go)
and submits. The office computes the results, reads how they were computed, publishes, prints
the plaques, and the public hall of fame shows the winner. Desktop and phone; axe on each page.
"""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest

from tests.browser.conftest import PASSWORD, check_accessibility, log_in, log_out, screenshot

pytestmark = pytest.mark.browser

JUDGES = ("journey.judge1", "journey.judge2")

SETUP = """
from concenter.accounts.models import Role, User
from concenter.accounts.services import role_assign, user_create
for username in {judges!r}:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = user_create(username=username, password={password!r}, display_name=username)
    role_assign(user=user, role=Role.JUDGE)
print("ok")
"""


def _log_out(page) -> None:
    log_out(page)


def _field(page, label_for: str, value: str) -> None:
    page.fill(f"#{label_for}", value)


def _transition(page) -> None:
    page.click("#transition")
    page.wait_for_load_state()


def test_an_award_runs_from_programme_to_plaque(page, app_url, app_shell):
    app_shell(SETUP.format(judges=JUDGES, password=PASSWORD))
    viewport = page.viewport_name
    title = f"นักพัฒนาชุมชนดีเด่น ทดสอบการเดินทาง ({viewport})"
    today = datetime.datetime.now(tz=ZoneInfo("Asia/Bangkok")).date()
    page.on("dialog", lambda dialog: dialog.accept())

    # The province office drafts the programme.
    log_in(page, app_url, "kan.province")
    page.goto(f"{app_url}/awards/")
    check_accessibility(page)
    page.goto(f"{app_url}/awards/new/")
    _field(page, "id_title", title)
    _field(page, "id_area_code", "71")
    _field(page, "id_year", str(today.year + 543))
    _field(page, "id_opens_on", f"{today:%d/%m}/{today.year + 543}")
    closes = today + datetime.timedelta(days=20)
    _field(page, "id_closes_on", f"{closes:%d/%m}/{closes.year + 543}")
    _field(page, "id_total_quota", "1")
    _field(page, "id_min_scorecards", "2")
    check_accessibility(page)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/awards/\d+/setup/$"))
    programme_url = page.url.removesuffix("setup/")

    page.fill("#criterion-form #id_name", "ผลงานด้านการพัฒนาชุมชน")
    page.fill("#criterion-form #id_weight", "2")
    page.fill("#criterion-form #id_max_score", "10")
    page.click("#criterion-form button[type=submit]")
    page.wait_for_selector("#criteria >> text=ผลงานด้านการพัฒนาชุมชน")
    page.select_option("#category-form #id_profession", "farmer")
    page.fill("#category-form #id_quota", "1")
    page.click("#category-form button[type=submit]")
    page.wait_for_selector("#categories >> text=เกษตรกร")
    for username in JUDGES:
        page.select_option("#panel-form #id_judge", label=f"{username} ({username})")
        page.click("#panel-form button[type=submit]")
        page.wait_for_selector(f"#panel >> text={username}")
    check_accessibility(page)
    screenshot(page, "awards-setup")

    page.goto(programme_url)
    _transition(page)
    assert page.locator("#nominate").is_visible()  # open: the office may nominate

    # Two nominations of people new to the registry.
    nominees = [f"สมใจ{viewport}", f"บุญมี{viewport}"]
    for given in nominees:
        page.goto(programme_url + "nominate/")
        page.select_option("#id_category_id", index=1)
        page.fill("#id_title", "นาง")
        page.fill("#id_given_name", given)
        page.fill("#id_family_name", "รักษ์ถิ่น")
        page.fill("#id_new_person_area_code", "710104")
        page.fill("#id_statement", "ทำเกษตรอินทรีย์และรวมกลุ่มเกษตรกรในหมู่บ้าน")
        page.fill("#id_citation", "ผู้เสียสละเพื่อส่วนรวม")
        check_accessibility(page)
        page.click("#nomination-form button[type=submit]")
        page.wait_for_url(re.compile(r".*/awards/nominations/\d+/$"))
    check_accessibility(page)

    # Close early, screen both eligible, open judging.
    page.goto(programme_url)
    page.check("#early")
    _transition(page)
    page.goto(programme_url + "screening/")
    check_accessibility(page)
    for form in page.locator("section.awards-card form").all():
        form.locator("input[value=eligible]").check()
        form.locator("input[name$=confirm_unchecked]").check()
        form.locator("button[type=submit]").click()
        page.wait_for_load_state()
    assert page.locator("section.awards-card h2 .badge-ok").count() == 2
    page.goto(programme_url)
    _transition(page)
    _log_out(page)

    # Each judge scores the nominations assigned to them, saved as they type, then submits.
    for number, username in enumerate(JUDGES):
        log_in(page, app_url, username)
        page.goto(f"{app_url}/awards/judging/")
        check_accessibility(page)
        section = page.locator("section", has_text=title)
        links = section.locator("a")
        assert links.count() == 2
        for index, given in enumerate(nominees):
            page.goto(f"{app_url}/awards/judging/")
            page.locator("section", has_text=title).locator("a", has_text=given).click()
            field = page.locator("input[id^=id_criterion_]").first
            field.fill("12")
            field.press("Tab")
            page.wait_for_selector("#card-status .form-errors")  # refused, nothing saved
            score = "9" if index == 0 else f"{6 + number}.5"
            field.fill(score)
            field.press("Tab")
            page.wait_for_selector("#card-status .ok")
            if index == 0 and number == 0:
                check_accessibility(page)
                screenshot(page, "awards-scorecard")
            page.click("#submit-card")
            page.wait_for_url(f"{app_url}/awards/judging/")
        _log_out(page)

    # Results, publishing, plaques, the hall of fame.
    log_in(page, app_url, "kan.province")
    page.goto(programme_url)
    _transition(page)
    page.goto(programme_url + "results/")
    assert page.locator("#ranking tbody tr").count() == 2
    assert page.locator("#h-rules").is_visible()
    check_accessibility(page)
    screenshot(page, "awards-results")
    page.locator("#ranking tbody tr").first.locator("a").first.click()
    assert page.locator("#cards tbody tr").count() == 2
    page.goto(programme_url)
    _transition(page)
    plaques = page.request.get(programme_url + "plaques.pdf")
    assert plaques.status == 200 and plaques.body().startswith(b"%PDF-")
    _log_out(page)

    page.goto(f"{app_url}/hall-of-fame/")
    page.locator("#programmes a", has_text=title).click()
    winners = page.locator("#winners")
    assert f"นาง{nominees[0]} รักษ์ถิ่น" in winners.inner_text()
    assert nominees[1] not in winners.inner_text()
    check_accessibility(page)
    screenshot(page, "awards-hall-of-fame")
