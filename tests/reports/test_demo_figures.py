"""On the Kanchanaburi demo (every part the demo loads), every dashboard's figures add up: the
nation, the province and each of its districts equal the sum of their children plus their own
level, for every figure, against the figures recomputed from the records."""

import pytest
from django.utils import timezone

from concenter.common.demo import DemoContext, demo_load
from concenter.geography.models import Area, Level
from concenter.reports import selectors
from tests.conftest import client_for
from tests.reports.sums import check_parent_is_the_sum_of_its_children
from tests.reports.truth import Truth

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


@pytest.mark.slow
def test_every_dashboard_of_the_demo_adds_up_and_renders():
    context = DemoContext(password="demo password 2563", password_was_generated=False)
    demo_load(context)
    today = timezone.localdate()
    districts = list(
        Area.objects.filter(parent_id="71", level=Level.DISTRICT, center__isnull=False)
        .order_by("code")
        .values_list("code", flat=True)
    )
    assert len(districts) >= 10
    truth = Truth()
    assert check_parent_is_the_sum_of_its_children("TH", on=today, truth=truth) == 77
    assert check_parent_is_the_sum_of_its_children("71", on=today, truth=truth) >= 10
    for code in districts:
        assert check_parent_is_the_sum_of_its_children(code, on=today, truth=truth)
    head = selectors.dashboard_for(Area.objects.get(code="71"), on=today).head
    assert head.centers >= 40 and head.organizations > 100 and head.people > 1000
    from concenter.accounts.models import User

    province = client_for(User.objects.get(username="kan.province"))
    for url in ("/dashboard/71/", "/dashboard/7101/", "/dashboard/71/health/"):
        response = province.get(url)
        assert response.status_code == 200, url
        assert b'<svg role="img"' in response.content or b"health-section" in response.content
    admin = client_for(User.objects.get(username="admin"))
    assert admin.get("/dashboard/").status_code == 200
    assert admin.get("/dashboard/reports/summary.pdf?fy=2563").content.startswith(b"%PDF")
