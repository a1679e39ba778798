"""Journey 1: a district officer creates a subdistrict center, drafts its committee, is told why
eight members are not enough, adds the ninth, activates it and sees the district figures move."""

import re

import pytest

from tests.browser.conftest import check_accessibility, log_in, screenshot

pytestmark = pytest.mark.browser

SUBDISTRICT = {"desktop": ("ท่ามะขาม", "710104"), "phone": ("บ้านเหนือ", "710101")}


def _figure(page, label: str) -> int:
    text = page.locator("dl.facts div", has_text=label).locator("dd").first.inner_text()
    return int(re.sub(r"\D", "", text) or 0)


def _add_seat(page, position: str, given_name: str) -> None:
    page.select_option("#id_position", position)
    page.fill("#id_given_name", given_name)
    page.fill("#id_family_name", "รักษ์ถิ่น")
    page.click("#seat-form button[type=submit]")
    page.wait_for_selector(f"#seats >> text={given_name}")


def test_district_officer_builds_a_committee(page, app_url):
    name, code = SUBDISTRICT[page.viewport_name]
    log_in(page, app_url, "kan.mueang")
    page.goto(f"{app_url}/areas/7101/")
    valid_before = _figure(page, "มีคณะกรรมการที่ถูกต้อง")
    check_accessibility(page)

    page.goto(f"{app_url}/areas/")
    page.fill("#area-q", name)
    page.locator("#search-results a", has_text=name).first.click()
    page.wait_for_url(f"{app_url}/areas/{code}/")
    check_accessibility(page)
    page.click(f"a[href='/centers/new/?area={code}']")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{app_url}/centers/{code}/")
    assert page.locator(".notice-danger").is_visible()
    check_accessibility(page)

    page.click(f"a[href='/centers/{code}/terms/new/']")
    page.fill("#id_starts_on", "01/10/2568")
    page.fill("#id_ends_on", "30/09/2572")
    page.click("main form button[type=submit]")
    page.wait_for_selector("#seat-form")

    _add_seat(page, "chair", "ประธานสมศักดิ์")
    for index in range(1, 8):
        _add_seat(page, "member", f"กรรมการคนที่{index}")
    page.click("#activate")
    problems = page.locator("#problems")
    assert problems.is_visible()
    assert "9" in problems.inner_text()
    screenshot(page, "committee-refused")
    check_accessibility(page)

    _add_seat(page, "secretary", "เลขาสมหญิง")
    page.click("#activate")
    page.wait_for_url(f"{app_url}/centers/{code}/")
    assert page.locator(".notice-danger").count() == 0
    assert page.locator("table", has_text="ประธานสมศักดิ์").is_visible()
    screenshot(page, "center")

    page.goto(f"{app_url}/areas/7101/")
    assert _figure(page, "มีคณะกรรมการที่ถูกต้อง") == valid_before + 1
    screenshot(page, "district")
    check_accessibility(page)
