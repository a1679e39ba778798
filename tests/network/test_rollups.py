import datetime
import random

import pytest

from concenter.network import rollups, services
from concenter.network.models import OrganizationStatus, Rollup, SeatEndReason
from tests.network.helpers import draft_committee, person

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 25)


def snapshot():
    return {(r.area_code, r.metric, r.key): r.value for r in Rollup.objects.all() if r.value}


def test_rollups_kept_by_services_equal_a_rebuild(province_officer):
    rng = random.Random(7)
    for code in ("71", "7101", "710104", "710101", "7102", "710201"):
        services.center_create(actor=province_officer, area_code=code)
    term, seats = draft_committee(province_officer, center_code="710104", members=10)
    services.committee_term_activate(actor=province_officer, term_id=term.pk)
    services.seat_end(
        actor=province_officer,
        seat_id=seats[4].pk,
        ends_on=datetime.date(2026, 1, 1),
        reason=SeatEndReason.DEATH,
    )
    services.center_update(
        actor=province_officer, code="710201", expected_version=None, status="dormant"
    )
    organizations = []
    for index in range(12):
        area = rng.choice(["710104", "710101", "710201"])
        organizations.append(
            services.organization_create(
                actor=province_officer,
                area_code=area,
                type_code=rng.choice(["savings_group", "village_fund", "elderly_club"]),
                name=f"กลุ่มทดสอบ {index}",
                member_count=rng.randint(5, 80),
                funds=f"{rng.randint(0, 90000)}.{rng.randint(0, 99):02d}",
            )
        )
    services.organization_update(
        actor=province_officer,
        organization_id=organizations[0].pk,
        expected_version=None,
        area_code="710201",
        funds="12,500 บาท",
    )
    services.organization_update(
        actor=province_officer,
        organization_id=organizations[1].pk,
        expected_version=None,
        status=OrganizationStatus.DISSOLVED,
    )
    partner = services.partner_create(
        actor=province_officer, area_code="71", kind="academia", name="มหาวิทยาลัยราชภัฏกาญจนบุรี"
    )
    services.cooperation_create(
        actor=province_officer,
        partner_id=partner.pk,
        center_code="7101",
        kind="money",
        title="ทุน",
        amount="50,000",
    )
    for _ in range(5):
        person(
            province_officer,
            area_code=rng.choice(["710104", "710201"]),
            profession=rng.choice(["farmer", "teacher", None]),
        )
    incremental = snapshot()
    rollups.rollup_rebuild()
    assert snapshot() == incremental
    assert incremental


def test_district_figures_change_at_once_when_a_committee_is_activated(district_officer):
    services.center_create(actor=district_officer, area_code="710104")
    term, _ = draft_committee(
        district_officer,
        members=9,
        starts_on=datetime.date(2025, 10, 1),
        ends_on=datetime.date(2029, 9, 30),
    )
    before = rollups.area_figures("7101", on=TODAY)
    assert before.centers_with_valid_committee == 0
    services.committee_term_activate(actor=district_officer, term_id=term.pk)
    after = rollups.area_figures("7101", on=TODAY)
    assert after.centers_with_valid_committee == 1
    assert after.seats_filled == 9
    assert after.valid_committee_share == 1.0
    assert rollups.area_figures("TH", on=TODAY).centers_with_valid_committee == 1


def test_parent_figures_equal_the_sum_of_the_children(province_officer):
    for code in ("710104", "710101", "710201"):
        services.center_create(actor=province_officer, area_code=code)
        services.organization_create(
            actor=province_officer,
            area_code=code,
            type_code="savings_group",
            name=f"กลุ่ม {code}",
            member_count=10,
            funds="100",
        )
    province = snapshot()
    for metric_key in {(m, k) for (_c, m, k) in province}:
        children = sum(
            v
            for (c, m, k), v in province.items()
            if len(c) == 4 and c.startswith("71") and (m, k) == metric_key
        )
        assert province.get(("71", *metric_key), 0) == children


def test_committee_counts_depend_on_the_day_asked():
    figures = rollups.AreaFigures(
        raw={
            "committee": {"2023-10-01|2026-12-31": 2, "2020-01-01|2023-09-30": 5},
            "centers": {"subdistrict:active": 7},
        },
        on=TODAY,
    )
    assert figures.centers_with_valid_committee == 2
    assert figures.committees_ending_by(TODAY + datetime.timedelta(days=90)) == 2
    assert figures.committees_ending_by(TODAY + datetime.timedelta(days=10)) == 0
