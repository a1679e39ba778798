"""The activities' roll-up figures, kept in network's Rollup table.

Metrics (keys are "<fiscal year BE>:<mission>"):
- "activities": the number of activities serving the mission in the fiscal year;
- "spending_satang": the money spent (satang) on those activities.

An activity serving several missions counts whole under each of its missions (it is not split):
the mission figures answer "how much went into activities that served this mission", so they do
not add up to the total. The true totals are kept under the pseudo-mission "all"
("2568:all"). The fiscal year is that of the activity's first day.
"""

from collections import defaultdict

from django.db.models import Count, F, Sum

from concenter.network.rollups import NATIONAL, Contribution, satang

ALL = "all"


def activity_key(fiscal_year: int, mission: str) -> str:
    return f"{fiscal_year}:{mission}"


def activity_contributions(activity, missions) -> list[Contribution]:
    if activity is None:
        return []
    codes = activity.center.area_codes
    spent = satang(activity.spent)
    result: list[Contribution] = []
    for mission in [*sorted(set(missions)), ALL]:
        key = activity_key(activity.fiscal_year, mission)
        result.append((codes, "activities", key, 1))
        result.append((codes, "spending_satang", key, spent))
    return result


def activities_rollup_rebuild_rows() -> dict[tuple[str, str, str], int]:
    """The activities' figures recomputed from the records: {(area_code, metric, key): value}.

    `concenter.network.rollups.rollup_rebuild()` must add these to its totals before it writes
    (it deletes every Rollup row and recomputes only the network's metrics otherwise).
    """
    from concenter.activities.models import Activity, ActivityMission

    totals: dict[tuple[str, str, str], int] = defaultdict(int)
    place = {
        "province_code": F("center__province_code"),
        "district_code": F("center__district_code"),
        "subdistrict_code": F("center__subdistrict_code"),
    }
    per_mission = (
        ActivityMission.objects.values(
            "mission",
            fiscal_year=F("activity__fiscal_year"),
            province_code=F("activity__center__province_code"),
            district_code=F("activity__center__district_code"),
            subdistrict_code=F("activity__center__subdistrict_code"),
        )
        .annotate(n=Count("pk"), spent=Sum("activity__spent"))
        .order_by()
    )
    overall = (
        Activity.objects.values("fiscal_year", **place)
        .annotate(n=Count("pk"), spent=Sum("spent"))
        .order_by()
    )
    for rows, mission_of in ((per_mission, lambda r: r["mission"]), (overall, lambda r: ALL)):
        for row in rows:
            key = activity_key(row["fiscal_year"], mission_of(row))
            for code in (
                NATIONAL,
                row["province_code"],
                row["district_code"],
                row["subdistrict_code"],
            ):
                if code:
                    totals[(code, "activities", key)] += row["n"]
                    totals[(code, "spending_satang", key)] += satang(row["spent"])
    return {k: v for k, v in totals.items() if v}
