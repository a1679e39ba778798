"""The figures of an area recomputed from the records themselves, in plain Python (no roll-up
table, no SQL aggregate): the independent answer the dashboards are checked against.

`Truth().raw(code)` counts every record inside the area (its area code starts with `code`; "TH"
is everything); `exact=True` counts only the records placed at the area itself (a district's own
center, partners and people of the district, not those of its subdistricts)."""

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from concenter.activities.models import Activity
from concenter.network.models import (
    Center,
    CommitteeTerm,
    Cooperation,
    Organization,
    OrganizationStatus,
    Partner,
    Position,
    TermStatus,
)
from concenter.people.models import LocalRoleHolding, Person
from concenter.reports.figures import ENDING_SOON_DAYS, FigureRow


def _satang(amount) -> int:
    return int((Decimal(amount or 0) * 100).to_integral_value())


def _areas(area_code: str) -> list[tuple[str, bool]]:
    """The areas whose figures a record placed in `area_code` counts in: (code, exact)."""
    codes = ["TH"] + [area_code[:n] for n in (2, 4, 6) if len(area_code) >= n]
    return [(code, False) for code in codes] + [(area_code, True)]


class Truth:
    """Every record read once and counted in each area that contains it (and, separately, in
    the area it is placed in exactly)."""

    def __init__(self) -> None:
        raw: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))

        def add(area_code: str, metric: str, key: str, value: int) -> None:
            for target in _areas(area_code):
                raw[target][metric][key] += value

        for center in Center.objects.all():
            add(center.area_id, "centers", f"{center.level}:{center.status}", 1)
        terms = CommitteeTerm.objects.filter(status=TermStatus.ACTIVE).prefetch_related("seats")
        for term in terms:
            key = f"{term.starts_on.isoformat()}|{term.ends_on.isoformat()}"
            add(term.center_id, "committee", key, 1)
            seats = sum(
                1 for s in term.seats.all() if s.ends_on is None and s.position != Position.ADVISOR
            )
            add(term.center_id, "seats", key, seats)
        for organization in Organization.objects.all():
            add(
                organization.area_id,
                "organizations",
                f"{organization.type_id}:{organization.status}",
                1,
            )
            if organization.status != OrganizationStatus.DISSOLVED:
                add(
                    organization.area_id, "members", organization.type_id, organization.member_count
                )
                add(
                    organization.area_id,
                    "funds_satang",
                    organization.type_id,
                    _satang(organization.funds),
                )
        for person in Person.objects.all():
            add(person.area_id, "people", person.profession_id or "", 1)
        for holding in LocalRoleHolding.objects.all():
            add(holding.area_id, "local_roles", holding.role, 1)
        for partner in Partner.objects.all():
            add(partner.area_id, "partners", partner.kind, 1)
        for cooperation in Cooperation.objects.all():
            add(cooperation.center_id, "cooperations", cooperation.kind, 1)
            add(
                cooperation.center_id,
                "cooperation_satang",
                cooperation.kind,
                _satang(cooperation.amount),
            )
        for activity in Activity.objects.prefetch_related("missions"):
            missions = {m.mission for m in activity.missions.all()} | {"all"}
            for mission in missions:
                key = f"{activity.fiscal_year}:{mission}"
                add(activity.center_id, "activities", key, 1)
                add(activity.center_id, "spending_satang", key, _satang(activity.spent))
                add(
                    activity.center_id,
                    "participants",
                    key,
                    activity.participants_male
                    + activity.participants_female
                    + activity.participants_other,
                )
        self._raw = raw

    def raw(self, code: str, *, exact: bool = False) -> dict[str, dict[str, int]]:
        """{metric: {key: value}} as the roll-up table keeps them (dated keys included)."""
        found = self._raw.get((code, exact), {})
        return {
            metric: {k: v for k, v in keys.items() if v}
            for metric, keys in found.items()
            if any(keys.values())
        }

    def row(self, code: str, *, on: date, fiscal_year: int, exact: bool = False) -> dict:
        """The numbers of a dashboard row; awards counted from the nominations themselves."""
        row = _row(self.raw(code, exact=exact), on=on, fiscal_year=fiscal_year)
        row["awards"] = _winners_in(code, exact=exact)
        return row


def _winners_in(code: str, *, exact: bool) -> int:
    """Selected nominations of published programmes whose nominee is placed in `code` (at
    exactly that area when `exact`), counted straight from the records."""
    from concenter.awards.models import Nomination, ProgrammeStatus

    winners = Nomination.objects.filter(selected=True, programme__status=ProgrammeStatus.PUBLISHED)
    if exact:
        return 0 if code == "TH" else winners.filter(area_id=code).count()
    if code == "TH":
        return winners.count()
    return sum(
        1 for area_id in winners.values_list("area_id", flat=True) if area_id.startswith(code)
    )


def undated(raw: dict) -> dict:
    return {m: keys for m, keys in raw.items() if m not in ("committee", "seats")}


def committees_on(raw: dict, day: date, metric: str = "committee", until: date | None = None):
    total = 0
    for key, value in raw.get(metric, {}).items():
        start, end = key.split("|")
        if start <= day.isoformat() <= end and (until is None or end <= until.isoformat()):
            total += value
    return total


def _row(raw: dict, *, on: date, fiscal_year: int) -> dict[str, int]:
    def total(metric: str) -> int:
        return sum(raw.get(metric, {}).values())

    year_key = f"{fiscal_year}:all"
    row = FigureRow(
        centers=total("centers"),
        active_centers=sum(v for k, v in raw.get("centers", {}).items() if k.endswith(":active")),
        valid_committee=committees_on(raw, on),
        ending_soon=committees_on(raw, on, until=on + timedelta(days=ENDING_SOON_DAYS)),
        seats=committees_on(raw, on, "seats"),
        organizations=sum(
            v for k, v in raw.get("organizations", {}).items() if not k.endswith(":dissolved")
        ),
        members=total("members"),
        funds_satang=total("funds_satang"),
        partners=total("partners"),
        cooperations=total("cooperations"),
        cooperation_satang=total("cooperation_satang"),
        people=total("people"),
        local_roles=total("local_roles"),
        activities=raw.get("activities", {}).get(year_key, 0),
        spending_satang=raw.get("spending_satang", {}).get(year_key, 0),
    )
    return row.numbers()


def add_raw(*raws: dict) -> dict:
    result: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for raw in raws:
        for metric, keys in raw.items():
            for key, value in keys.items():
                result[metric][key] += value
    return {
        metric: {k: v for k, v in keys.items() if v}
        for metric, keys in result.items()
        if any(keys.values())
    }
