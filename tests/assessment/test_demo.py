"""The assessment part of the Kanchanaburi demo: last year's round approved and closed, this
year's round past its due date with centers approved (one with a certificate), returned with a
reason, verified, submitted and late; loaded once."""

import pytest

from concenter.assessment import demo, selectors
from concenter.assessment.models import Assessment, AssessmentStatus, Round, RoundStatus
from concenter.assessment.services import late_centers
from concenter.common.demo import DemoContext
from concenter.network import services as network

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


@pytest.fixture
def small_network(db, national_admin, province_officer, district_officer):
    """The province center and sixteen subdistrict centers of two districts (the network
    demo's full data takes a minute; this part only needs centers)."""
    from concenter.geography.models import Area

    network.center_create(actor=national_admin, area_code="71")
    for district in ("7101", "7102"):
        for area in Area.objects.filter(parent_id=district).order_by("code")[:8]:
            network.center_create(actor=national_admin, area_code=area.code)
    return national_admin


def test_the_demo_round_has_centers_at_every_step(small_network):
    context = DemoContext(password="demo password 2563", password_was_generated=False)
    demo.load(context)
    current = Round.objects.get(status=RoundStatus.OPEN)
    statuses = list(current.assessments.values_list("status", flat=True))
    for status in (
        AssessmentStatus.APPROVED,
        AssessmentStatus.RETURNED,
        AssessmentStatus.VERIFIED,
        AssessmentStatus.SUBMITTED,
        AssessmentStatus.DRAFT,
    ):
        assert status in statuses, status
    assert late_centers(current)
    returned = current.assessments.filter(status=AssessmentStatus.RETURNED).first()
    assert returned.steps.last().reason == demo.RETURN_REASON
    assert any(selectors.earns_certificate(a) for a in current.assessments.all())
    last = Round.objects.get(status=RoundStatus.CLOSED)
    assert last.fiscal_year == current.fiscal_year - 1
    assert set(last.assessments.values_list("status", flat=True)) == {AssessmentStatus.APPROVED}

    count = Assessment.objects.count()
    demo.load(context)
    assert Assessment.objects.count() == count
