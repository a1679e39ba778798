"""The activities' roll-up figures, kept in network's Rollup table.

Metrics (keys are "<fiscal year BE>:<mission>"):
- "activities": the number of activities serving the mission in the fiscal year;
- "spending_satang": the money spent (satang) on those activities;
- "participants": the people who took part in them (the counts by sex and age band).

An activity serving several missions counts whole under each of its missions (it is not split):
the mission figures answer "how much went into activities that served this mission", so they do
not add up to the total. The true totals are kept under the pseudo-mission "all"
("2568:all"). The fiscal year is that of the activity's first day.

The services call `rollup_change(before, after)` with `activity_contributions` inside their
transaction; `activities_rollup_rebuild_rows()` recomputes the same figures with GROUP BY for
`concenter.network.rollups.rollup_rebuild()`, and a test proves both agree.
"""

from collections import defaultdict

from django.db.models import Count, F, Sum

from concenter.network.rollups import NATIONAL, Contribution, satang

ALL = "all"
METRICS = ("activities", "spending_satang", "participants")


def activity_key(fiscal_year: int, mission: str) -> str:
    return f"{fiscal_year}:{mission}"


def activity_contributions(activity, missions) -> list[Contribution]:
    """What one activity adds to the figures of its center's areas ([] for None)."""
    if activity is None:
        return []
    codes = activity.center.area_codes
    spent = satang(activity.spent)
    people = activity.participants
    result: list[Contribution] = []
    for mission in [*sorted(set(missions)), ALL]:
        key = activity_key(activity.fiscal_year, mission)
        result.append((codes, "activities", key, 1))
        result.append((codes, "spending_satang", key, spent))
        result.append((codes, "participants", key, people))
    return result


def activities_rollup_rebuild_rows() -> dict[tuple[str, str, str], int]:
    """The activities' figures recomputed from the records: {(area_code, metric, key): value}.

    `concenter.network.rollups.rollup_rebuild()` adds these to its totals before it writes.
    """
    from concenter.activities.models import Activity, ActivityMission

    totals: dict[tuple[str, str, str], int] = defaultdict(int)
    people = F("participants_male") + F("participants_female") + F("participants_other")
    per_mission = (
        ActivityMission.objects.values(
            "mission",
            fiscal_year=F("activity__fiscal_year"),
            province_code=F("activity__center__province_code"),
            district_code=F("activity__center__district_code"),
            subdistrict_code=F("activity__center__subdistrict_code"),
        )
        .annotate(
            n=Count("pk"),
            spent=Sum("activity__spent"),
            people=Sum(
                F("activity__participants_male")
                + F("activity__participants_female")
                + F("activity__participants_other")
            ),
        )
        .order_by()
    )
    overall = (
        Activity.objects.values(
            "fiscal_year",
            province_code=F("center__province_code"),
            district_code=F("center__district_code"),
            subdistrict_code=F("center__subdistrict_code"),
        )
        .annotate(n=Count("pk"), spent=Sum("spent"), people=Sum(people))
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
                    totals[(code, "participants", key)] += int(row["people"] or 0)
    return {k: v for k, v in totals.items() if v}
