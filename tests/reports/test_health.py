"""Network health: the score rule, criterion by criterion, the weakest first, the page with its
rule written out, and a bounded number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from concenter.activities import services as activities
from concenter.activities.models import ActivityKind
from concenter.common.thai import fiscal_year_be
from concenter.network import services
from concenter.reports import health
from concenter.reports.health import area_health, months_before
from tests.conftest import client_for
from tests.reports.helpers import activity, full_center

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

COMMITTEE, SEATS, MEMBERS, COOPERATION = 25, 10, 15, 5


def _scores(code: str = "7101") -> dict[str, int]:
    return {c.code: c.score for c in area_health(code, on=timezone.localdate(), limit=100).weakest}


def test_the_points_of_the_rule_add_up_to_100():
    assert sum(c.points for c in health.criteria()) == 100
    assert [c.key for c in health.criteria()] == [
        "committee",
        "seats",
        "meetings",
        "members",
        "missions",
        "plan",
        "cooperation",
    ]


def test_scores_follow_the_rule_and_the_weakest_come_first(province_officer):
    full_center(province_officer, "710101")  # committee, seats, members, cooperation
    full_center(province_officer, "710102", committee=False)  # members + cooperation
    full_center(province_officer, "710103", organizations=0, cooperation=False)  # committee+seats
    services.center_create(actor=province_officer, area_code="710104")  # nothing
    services.center_create(actor=province_officer, area_code="7101")  # members: 4 centers
    scores = _scores()
    assert scores == {
        "710101": COMMITTEE + SEATS + MEMBERS + COOPERATION,
        "710102": MEMBERS + COOPERATION,
        "710103": COMMITTEE + SEATS,
        "710104": 0,
        "7101": MEMBERS,
    }
    summary = area_health("7101", on=timezone.localdate())
    assert [c.score for c in summary.weakest] == sorted(scores.values())
    assert summary.centers == 5
    assert summary.average == pytest.approx(sum(scores.values()) / 5, abs=0.05)
    assert (summary.good, summary.fair, summary.weak) == (0, 1, 4)
    assert summary.min_seats == 9
    assert area_health("710101", on=timezone.localdate()).centers == 1
    assert area_health("7102", on=timezone.localdate()).centers == 0


def test_a_committee_or_general_meeting_in_the_last_six_months_scores(province_officer):
    today = timezone.localdate()
    for code in ("710101", "710102", "710103", "710104"):
        services.center_create(actor=province_officer, area_code=code)
    activity(province_officer, "710101", starts_on=today, kind=ActivityKind.COMMITTEE_MEETING)
    activity(
        province_officer,
        "710102",
        starts_on=months_before(today, 6),
        kind=ActivityKind.GENERAL_MEETING,
    )
    old = months_before(today, 6) - datetime.timedelta(days=1)
    activity(province_officer, "710103", starts_on=old, kind=ActivityKind.COMMITTEE_MEETING)
    activity(province_officer, "710104", starts_on=today, kind=ActivityKind.TRAINING)
    scores = _scores()
    # A meeting scores 20; every activity also serves one mission (5).
    assert scores == {"710101": 25, "710102": 25, "710103": 5, "710104": 5}


def test_five_points_for_each_mission_served_in_twelve_months_up_to_three(province_officer):
    today = timezone.localdate()
    for code in ("710101", "710102", "710103"):
        services.center_create(actor=province_officer, area_code=code)
    activity(province_officer, "710101", starts_on=today, missions=("plan", "drugs"))
    activity(province_officer, "710101", starts_on=today, missions=("drugs",))  # the same again
    activity(
        province_officer,
        "710102",
        starts_on=today,
        missions=("plan", "drugs", "democracy", "governance", "wisdom"),
    )
    too_old = months_before(today, 12) - datetime.timedelta(days=1)
    activity(province_officer, "710103", starts_on=too_old, missions=("plan", "drugs"))
    assert _scores() == {"710101": 10, "710102": 15, "710103": 0}
    row = area_health("7101", on=today, limit=5).weakest[-1]
    assert (row.code, row.missions) == ("710102", 5)


def test_a_community_plan_covering_this_fiscal_year_scores_for_its_centers(province_officer):
    year = fiscal_year_be(timezone.localdate())
    for code in ("710101", "710102", "710103", "7101", "7102", "71"):
        services.center_create(actor=province_officer, area_code=code)
    from concenter.geography.services import village_create

    village = village_create(
        actor=province_officer, subdistrict_code="710101", number=1, name_th="บ้านแผน"
    )
    plan = activities.PlanData(first_year=year - 1, last_year=year + 1)
    activities.plan_create(actor=province_officer, area_code=village.code, data=plan)
    old = activities.PlanData(first_year=year - 4, last_year=year - 1)
    activities.plan_create(actor=province_officer, area_code="710102", data=old)
    found = {
        c.code: c.has_plan for c in area_health("71", on=timezone.localdate(), limit=100).weakest
    }
    assert found == {
        "710101": True,  # the plan of its village
        "710102": False,  # a plan that ended last year
        "710103": False,
        "7101": True,  # a plan inside its district
        "7102": False,
        "71": True,
    }


@pytest.mark.parametrize("centers", [1, 8])
def test_health_runs_one_query_whatever_the_number_of_centers(province_officer, centers):
    for n in range(1, centers + 1):
        full_center(province_officer, f"7101{n:02d}")
        activity(province_officer, f"7101{n:02d}", starts_on=timezone.localdate())
    with CaptureQueriesContext(connection) as queries:
        summary = area_health("71", on=timezone.localdate())
    assert summary.centers == centers
    assert len(queries) == 1


def test_health_page_writes_the_rule_and_lists_the_weakest_first(province_officer):
    full_center(province_officer, "710101")
    services.center_create(actor=province_officer, area_code="710102")
    client = client_for(province_officer)
    page = client.get("/dashboard/7101/health/").content.decode()
    assert 'id="health-title"' in page
    for criterion in health.criteria():
        assert escape(str(criterion.label)) in page
    table = page.split("<tbody>")[1]
    assert table.index("710102") < table.index("710101")
    district_only = client.get("/dashboard/7101/health/?level=district").content.decode()
    assert "710101" not in district_only.split('id="health-section"')[1]
    assert client.get("/dashboard/7101/health/?level=bogus").status_code == 200


def test_the_dashboard_loads_its_health_section_as_an_htmx_partial(province_officer):
    full_center(province_officer, "710101")
    response = client_for(province_officer).get("/dashboard/7101/health/", HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert page.lstrip().startswith("{#") or page.lstrip().startswith("<section")
    assert "710101" in page


def test_health_outside_the_scope_answers_404(district_officer, national_admin):
    client = client_for(district_officer)
    assert client.get("/dashboard/7101/health/").status_code == 200
    assert client.get("/dashboard/7102/health/").status_code == 404
    assert client.get("/dashboard/health/").status_code == 404
    assert client_for(national_admin).get("/dashboard/health/").status_code == 200


def test_months_before_keeps_the_day_or_takes_the_last_day_of_a_short_month():
    assert months_before(datetime.date(2026, 8, 31), 6) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2024, 8, 31), 6) == datetime.date(2024, 2, 29)
    assert months_before(datetime.date(2026, 1, 15), 12) == datetime.date(2025, 1, 15)
    assert months_before(datetime.date(2026, 3, 31), 1) == datetime.date(2026, 2, 28)
