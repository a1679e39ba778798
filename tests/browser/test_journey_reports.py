"""Journey: a province officer reads the province dashboard (figures, charts beside their tables,
the child districts), goes one level down, sorts the table, sees the network health load, and
downloads the summary report; a district officer reads theirs. Desktop and phone, axe checks."""

import pytest

from tests.browser.conftest import check_accessibility, log_in, screenshot

pytestmark = pytest.mark.browser

# Records made through the services in the server's own database (the minimal demo holds areas,
# villages and users only). Idempotent: the phone run finds them made.
SETUP = """
import datetime
from django.utils import timezone
from concenter.accounts.models import User
from concenter.activities.services import ActivityData, activity_create
from concenter.network import services
from concenter.network.models import Center, Position
from concenter.people.services import PersonData, person_create

actor = User.objects.get(username="admin")
today = timezone.localdate()
for index, code in enumerate(["710110", "710111", "710201"]):
    if Center.objects.filter(pk=code).exists():
        continue
    services.center_create(actor=actor, area_code=code)
    term = services.committee_term_create(
        actor=actor,
        center_code=code,
        starts_on=today - datetime.timedelta(days=300),
        ends_on=today + datetime.timedelta(days=40 if index == 0 else 900),
    )
    for seat in range(9):
        person = person_create(
            actor=actor,
            data=PersonData(given_name=f"กรรมการ{code}{seat}", family_name="ทดสอบรายงาน"),
            area_code=code,
            confirm_new=True,
        )
        services.seat_add(
            actor=actor,
            term_id=term.pk,
            person_id=person.pk,
            position=Position.CHAIR if seat == 0 else Position.MEMBER,
        )
    services.committee_term_activate(actor=actor, term_id=term.pk)
    for number in range(2 if code.startswith("7101") else 1):
        services.organization_create(
            actor=actor,
            area_code=code,
            type_code="savings_group",
            name=f"กลุ่มออมทรัพย์ {code} {number}",
            member_count=25,
            funds="15000",
        )
    activity_create(
        actor=actor,
        center_code=code,
        data=ActivityData(
            kind="committee_meeting",
            title="ประชุมคณะกรรมการ",
            starts_on=today,
            missions=["coordination"],
            spent="500",
        ),
    )
print("ok")
"""


def test_province_officer_reads_dashboards_down_to_a_district(page, app_url, app_shell):
    assert "ok" in app_shell(SETUP)
    log_in(page, app_url, "kan.province")
    page.goto(f"{app_url}/dashboard/71/")
    page.wait_for_selector("#health-section")  # the health section loads by itself (htmx)
    assert page.locator("main svg[role=img]").count() >= 5
    assert page.locator("#children ~ div table tbody tr").count() >= 2
    centers = page.locator("dl.facts div").first.locator("dd").inner_text()
    # Other journeys share this server's database: count what the database holds.
    held = app_shell(
        "from concenter.network.models import Center;"
        "print(Center.objects.filter(province_code='71').count())"
    )
    assert centers.strip() == held.strip().splitlines()[-1]
    check_accessibility(page)
    screenshot(page, "reports-province")

    page.locator("th a", has_text="องค์การชุมชน").first.click()
    page.wait_for_url("**sort=-organizations**")
    rows = page.locator("#children ~ div table tbody tr th a")
    assert rows.first.inner_text() == "อำเภอเมืองกาญจนบุรี"  # 4 organisations, the most

    rows.first.click()
    page.wait_for_url(f"{app_url}/dashboard/7101/")
    page.wait_for_selector("#health-section")
    assert page.locator("main svg[role=img]").count() >= 5
    assert page.locator(".notice-warn").count() >= 1  # a committee ends within 90 days
    check_accessibility(page)
    screenshot(page, "reports-district")

    with page.expect_download() as download:
        page.locator(".downloads a", has_text="PDF").first.click()
    assert download.value.suggested_filename.startswith("summary-7101-")


def test_district_officer_sees_only_their_district(page, app_url, app_shell):
    assert "ok" in app_shell(SETUP)
    log_in(page, app_url, "kan.mueang")
    page.goto(f"{app_url}/dashboard/")
    page.wait_for_url(f"{app_url}/dashboard/7101/")
    page.wait_for_selector("#health-section")
    check_accessibility(page)
    response = page.goto(f"{app_url}/dashboard/7102/")
    assert response.status == 404
