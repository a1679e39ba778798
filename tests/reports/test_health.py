"""Network health: the score rule, weakest first, and a bounded number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from concenter.network import services
from concenter.reports.health import area_health
from tests.conftest import client_for
from tests.reports.helpers import full_center

pytestmark = pytest.mark.django_db


def test_scores_follow_the_rule_and_the_weakest_come_first(province_officer):
    full_center(province_officer, "710101")  # 40 + 20 + 20 + 20
    full_center(province_officer, "710102", committee=False)  # members + cooperation
    full_center(province_officer, "710103", organizations=0, cooperation=False)  # committee+seats
    services.center_create(actor=province_officer, area_code="710104")  # nothing
    services.center_create(actor=province_officer, area_code="7101")  # members: 4 centers
    summary = area_health("7101", on=timezone.localdate())
    scores = {c.code: c.score for c in summary.weakest}
    assert scores == {"710101": 100, "710102": 40, "710103": 60, "710104": 0, "7101": 20}
    assert [c.score for c in summary.weakest] == sorted(scores.values())
    assert summary.centers == 5
    assert summary.average == pytest.approx((100 + 40 + 60 + 0 + 20) / 5)
    assert summary.min_seats == 9
    assert area_health("710101", on=timezone.localdate()).centers == 1
    assert area_health("7102", on=timezone.localdate()).centers == 0


@pytest.mark.parametrize("centers", [1, 8])
def test_health_runs_two_queries_whatever_the_number_of_centers(province_officer, centers):
    for n in range(1, centers + 1):
        full_center(province_officer, f"7101{n:02d}")
    with CaptureQueriesContext(connection) as queries:
        summary = area_health("71", on=timezone.localdate())
    assert summary.centers == centers
    assert len(queries) == 2


def test_health_rule_is_documented_on_the_page(province_officer):
    full_center(province_officer, "710101")
    page = client_for(province_officer).get("/dashboard/7101/").content.decode()
    assert 'id="health"' in page
    assert "40" in page and "710101" in page
