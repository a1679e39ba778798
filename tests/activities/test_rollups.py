"""The activities' roll-ups: kept fresh by every service in the same transaction, and equal to
what a rebuild from the records computes."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction

from concenter.activities import services
from concenter.activities.models import AgeBand, Sex
from concenter.activities.rollups import activities_rollup_rebuild_rows
from concenter.network.models import Rollup
from concenter.network.rollups import rollup_rebuild
from tests.activities.helpers import activity_data, rollup_snapshot

pytestmark = pytest.mark.django_db


def _create(actor, code, start, missions, spent, people=10):
    return services.activity_create(
        actor=actor,
        center_code=code,
        data=activity_data(
            title=f"กิจกรรม {code} {start}",
            starts_on=start,
            ends_on=start,
            missions=missions,
            spent=Decimal(spent),
            participants={(Sex.FEMALE, AgeBand.UNKNOWN): people},
        ),
    )


def test_incremental_rollups_equal_the_rebuild(centers, province_officer, district_officer):
    created = [
        _create(
            province_officer, "710104", datetime.date(2024, 9, 30), ["plan", "democracy"], "100.25"
        ),
        _create(province_officer, "710104", datetime.date(2024, 10, 1), ["plan"], "0"),
        _create(
            province_officer,
            "710101",
            datetime.date(2025, 1, 5),
            ["drugs", "immunity", "wisdom"],
            "5000",
        ),
        _create(province_officer, "7101", datetime.date(2025, 6, 1), ["coordination"], "1200.10"),
        _create(province_officer, "710201", datetime.date(2025, 6, 1), ["funds"], "333.33"),
        _create(province_officer, "71", datetime.date(2023, 12, 1), ["environment", "plan"], "99"),
    ]
    # Updates move the year, the missions, the money and the people.
    services.activity_update(
        actor=district_officer,
        activity_id=created[0].pk,
        expected_version=1,
        data=activity_data(
            starts_on=datetime.date(2024, 10, 2),
            ends_on=datetime.date(2024, 10, 3),
            missions=["democracy", "governance"],
            spent=Decimal("77"),
        ),
    )
    services.activity_update(
        actor=province_officer,
        activity_id=created[2].pk,
        expected_version=None,
        data=activity_data(missions=["drugs"], spent=Decimal("4000")),
    )
    services.activity_delete(actor=province_officer, activity_id=created[4].pk)
    incremental = rollup_snapshot()
    assert incremental == activities_rollup_rebuild_rows()
    assert incremental[("TH", "activities", "2568:all")] == 4
    assert incremental[("7101", "spending_satang", "2568:drugs")] == 400000
    assert incremental[("710104", "participants", "2568:democracy")] == 30
    assert ("710104", "activities", "2567:plan") not in incremental  # moved to 2568
    assert ("7102", "activities", "2568:funds") not in incremental  # deleted


def test_the_network_rebuild_keeps_the_activity_figures(centers, province_officer):
    _create(province_officer, "710104", datetime.date(2020, 9, 30), ["plan"], "10")
    _create(province_officer, "710104", datetime.date(2020, 10, 1), ["plan"], "20")
    before = {(r.area_code, r.metric, r.key): r.value for r in Rollup.objects.all() if r.value}
    rollup_rebuild()
    after = {(r.area_code, r.metric, r.key): r.value for r in Rollup.objects.all() if r.value}
    assert after == before
    assert after[("71", "activities", "2563:plan")] == 1
    assert after[("71", "activities", "2564:plan")] == 1


def test_a_refused_change_leaves_the_figures_as_they_were(centers, district_officer):
    from django.core.exceptions import ValidationError

    activity = _create(district_officer, "710104", datetime.date(2025, 1, 1), ["plan"], "50")
    before = rollup_snapshot()
    with pytest.raises(ValidationError), transaction.atomic():
        services.activity_update(
            actor=district_officer,
            activity_id=activity.pk,
            expected_version=None,
            data=activity_data(missions=["plan"], ends_on=datetime.date(2024, 1, 1)),
        )
    assert rollup_snapshot() == before
