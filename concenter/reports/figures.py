"""The figures of areas, read from the roll-up table (`network.Rollup`) with SQL aggregates.

A row of the roll-up table is one figure of one area: (area code, metric, key) → value. The
dashboards and reports never read the records themselves; they ask the database to add the
roll-up rows up:

* `area_rows(codes, ...)` — the main figures of many areas (the head of a dashboard and its
  child-area table) in ONE grouped query, whatever the number of areas: committee figures that
  depend on the day are summed inside the query by comparing the term dates kept in the key
  ("2025-10-01|2029-09-30"), so the thousands of distinct term keys of a national area never
  travel to Python;
* `area_breakdowns(code)` — the keyed figures of one area (organisations by type, people by
  profession, activities by fiscal year and mission …), every metric except the dated
  committee keys;
* `committees_valid_on(code, days)` — the number of valid committees on each of a few days (the
  trend of committees over fiscal years), in one query.

Every figure here is additive: a parent area's value is the sum of its children's plus what is
recorded at the parent's own level (a district center, a partner of the province), which the
tests check for every figure.
"""

from dataclasses import dataclass, fields
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext as _

from concenter.activities.rollups import ALL as ALL_MISSIONS
from concenter.common.thai import BE_OFFSET, fiscal_year_be, to_arabic_digits
from concenter.network.models import CenterStatus, OrganizationStatus, Rollup

FISCAL_YEAR_MIN = 2540
FISCAL_YEAR_MAX = 2600
ENDING_SOON_DAYS = 90
TREND_YEARS = 8  # fiscal years shown in the trend charts, the chosen one last

# Metrics whose keys are term dates ("start|end"): summed in SQL for a day, never fetched whole.
DATED_METRICS = ("committee", "seats")


# Fiscal years -----------------------------------------------------------------------------------


def parse_fiscal_year(value, *, default: int | None = None, field: str = "fiscal_year") -> int:
    """A fiscal year (BE) typed by a person: "2563", "๒๕๖๓" or 2563.

    Empty → `default` (when given). Anything else that is not a whole number between
    FISCAL_YEAR_MIN and FISCAL_YEAR_MAX raises ValidationError({field: message})."""
    text = to_arabic_digits(str(value if value is not None else "")).strip()
    if not text and default is not None:
        return default
    message = _(
        "Enter the fiscal year as a Buddhist Era year from %(first)s to %(last)s, "
        "for example %(example)s."
    ) % {"first": FISCAL_YEAR_MIN, "last": FISCAL_YEAR_MAX, "example": 2563}
    if not text.isascii() or not text.isdigit() or len(text) > 4:
        raise ValidationError({field: message})
    year = int(text)
    if not FISCAL_YEAR_MIN <= year <= FISCAL_YEAR_MAX:
        raise ValidationError({field: message})
    return year


def current_fiscal_year(on: date) -> int:
    return fiscal_year_be(on)


def fiscal_year_last_day(fiscal_year: int) -> date:
    """30 September of the fiscal year (BE 2563 ends on 30 Sep 2020)."""
    return date(fiscal_year - BE_OFFSET, 9, 30)


def fiscal_year_first_day(fiscal_year: int) -> date:
    return date(fiscal_year - BE_OFFSET - 1, 10, 1)


def trend_years(fiscal_year: int, *, count: int = TREND_YEARS) -> list[int]:
    first = max(FISCAL_YEAR_MIN, fiscal_year - count + 1)
    return list(range(first, fiscal_year + 1))


def reference_day(fiscal_year: int, *, today: date) -> date:
    """The day a fiscal year's committee figures are counted on: its last day, or today while
    the year is still running (or has not begun)."""
    return min(fiscal_year_last_day(fiscal_year), today)


# One row of figures -----------------------------------------------------------------------------


@dataclass
class FigureRow:
    """The main figures of one area: a dashboard's head, a row of its child-area table, a line of
    the summary report. Every number field is additive over areas."""

    code: str = ""
    name: str = ""
    url: str = ""
    sort_key: str = ""
    centers: int = 0
    active_centers: int = 0
    valid_committee: int = 0
    ending_soon: int = 0
    seats: int = 0
    organizations: int = 0
    members: int = 0
    funds_satang: int = 0
    partners: int = 0
    cooperations: int = 0
    cooperation_satang: int = 0
    people: int = 0
    local_roles: int = 0
    activities: int = 0  # in the chosen fiscal year
    spending_satang: int = 0  # in the chosen fiscal year
    awards: int = 0  # winners of published award programmes

    @property
    def valid_share(self) -> float | None:
        return None if not self.active_centers else self.valid_committee / self.active_centers

    @property
    def valid_percent(self) -> int | None:
        share = self.valid_share
        return None if share is None else round(share * 100)

    @property
    def without_valid_committee(self) -> int:
        return max(self.active_centers - self.valid_committee, 0)

    @property
    def funds(self) -> Decimal:
        return Decimal(self.funds_satang) / 100

    @property
    def spending(self) -> Decimal:
        return Decimal(self.spending_satang) / 100

    @property
    def cooperation_amount(self) -> Decimal:
        return Decimal(self.cooperation_satang) / 100

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, name) for name in NUMBER_FIELDS)

    def numbers(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in NUMBER_FIELDS}


NUMBER_FIELDS = tuple(f.name for f in fields(FigureRow) if f.type in (int, "int"))


def rows_sum(rows, **labels) -> FigureRow:
    total = FigureRow(**labels)
    for row in rows:
        for name in NUMBER_FIELDS:
            setattr(total, name, getattr(total, name) + getattr(row, name))
    return total


def rows_difference(whole: FigureRow, part: FigureRow, **labels) -> FigureRow:
    result = FigureRow(**labels)
    for name in NUMBER_FIELDS:
        setattr(result, name, getattr(whole, name) - getattr(part, name))
    return result


# Reading the roll-ups ---------------------------------------------------------------------------


# The main figures are one grouped query in plain SQL (the same on SQLite and PostgreSQL): it runs
# on every dashboard, over every roll-up row of the area and of its children, so it reads only
# the rows it needs (the chosen fiscal year's activity totals, terms that have begun) and
# computes five sums per (area, metric) that Python turns into the row's figures.
# "Valid on a day" compares the ISO dates of the key "start|end": start <= day exactly when
# key <= "day|9999-99-99", and the end is SUBSTR(key, 12, 10).
_IN_TERM = "key <= %s AND SUBSTR(key, 12, 10) >= %s"
_PLAIN_METRICS = (
    "centers",
    "organizations",
    "members",
    "funds_satang",
    "partners",
    "cooperations",
    "cooperation_satang",
    "people",
    "local_roles",
)
_ROWS_SQL = (
    "SELECT area_code, metric, SUM(value), "  # noqa: S608 - constants only; values are parameters
    f"SUM(CASE WHEN metric IN ('committee', 'seats') AND {_IN_TERM} THEN value END), "
    f"SUM(CASE WHEN metric = 'committee' AND {_IN_TERM} AND SUBSTR(key, 12, 10) <= %s "
    "THEN value END), "
    "SUM(CASE WHEN metric = 'centers' AND key LIKE %s THEN value END), "
    "SUM(CASE WHEN metric = 'organizations' AND key LIKE %s THEN value END) "
    "FROM network_rollup WHERE area_code IN ({codes}) AND ("
    f"metric IN ({', '.join(repr(m) for m in _PLAIN_METRICS)}) "
    "OR (metric IN ('committee', 'seats') AND key <= %s) "
    "OR (metric IN ('activities', 'spending_satang') AND key = %s)"
    ") GROUP BY area_code, metric"
)


def area_rows(codes: list[str], *, on: date, fiscal_year: int) -> dict[str, FigureRow]:
    """The main figures of each area in `codes` (an area without any figure gets a row of
    zeros), in one grouped query. `on` is the day committees are counted on."""
    if not codes:
        return {}
    until = on + timedelta(days=ENDING_SOON_DAYS)
    started = f"{on.isoformat()}|9999-99-99"
    params = [
        started,
        on.isoformat(),
        started,
        on.isoformat(),
        until.isoformat(),
        f"%:{CenterStatus.ACTIVE.value}",
        f"%:{OrganizationStatus.DISSOLVED.value}",
        *codes,
        started,
        f"{fiscal_year}:{ALL_MISSIONS}",
    ]
    result = {code: FigureRow(code=code) for code in codes}
    with connection.cursor() as cursor:
        sql = _ROWS_SQL.replace("{codes}", ", ".join(["%s"] * len(codes)))
        cursor.execute(sql, params)
        for area_code, metric, total, in_term, ending, active, dissolved in cursor.fetchall():
            row = result[area_code]
            total, in_term = int(total or 0), int(in_term or 0)
            if metric == "committee":
                row.valid_committee = in_term
                row.ending_soon = int(ending or 0)
            elif metric == "seats":
                row.seats = in_term
            elif metric == "centers":
                row.centers = total
                row.active_centers = int(active or 0)
            elif metric == "organizations":
                row.organizations = total - int(dissolved or 0)
            elif metric == "activities":
                row.activities = total
            else:
                setattr(row, metric, total)
    return result


# Plain SQL like _ROWS_SQL: it runs on every dashboard, and the ORM's building of the statement
# cost more than the database's answer.
_BREAKDOWNS_SQL = (
    f"SELECT metric, key, value FROM {Rollup._meta.db_table} "  # noqa: S608 - constants only
    f"WHERE area_code = %s AND metric NOT IN ({', '.join(repr(m) for m in DATED_METRICS)}) "
    "AND value <> 0"
)


def area_breakdowns(code: str) -> dict[str, dict[str, int]]:
    """Every keyed figure of one area except the dated committee keys: {metric: {key: value}}
    (zero values left out)."""
    raw: dict[str, dict[str, int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(_BREAKDOWNS_SQL, [code])
        for metric, key, value in cursor.fetchall():
            raw.setdefault(metric, {})[key] = value
    return raw


def committees_valid_on(code: str, days: list[date]) -> list[int]:
    """How many committees of the area were valid on each day, in one query."""
    if not days:
        return []
    columns = ", ".join(f"COALESCE(SUM(CASE WHEN {_IN_TERM} THEN value END), 0)" for _day in days)
    params: list = []
    for day in days:
        params += [f"{day.isoformat()}|9999-99-99", day.isoformat()]
    with connection.cursor() as cursor:
        cursor.execute(
            # Constants only (one CASE per day); every value travels as a parameter.
            f"SELECT {columns} FROM network_rollup WHERE area_code = %s AND metric = 'committee'",  # noqa: S608
            [*params, code],
        )
        row = cursor.fetchone()
    return [int(value or 0) for value in row]


# Keyed figures of one area ----------------------------------------------------------------------


def centers_by(raw: dict, *, level: str | None = None, status: str | None = None) -> int:
    total = 0
    for key, value in raw.get("centers", {}).items():
        key_level, _sep, key_status = key.partition(":")
        if (level is None or key_level == level) and (status is None or key_status == status):
            total += value
    return total


def organizations_by_type(raw: dict) -> dict[str, int]:
    result: dict[str, int] = {}
    for key, value in raw.get("organizations", {}).items():
        type_code, _sep, status = key.partition(":")
        if status != OrganizationStatus.DISSOLVED:
            result[type_code] = result.get(type_code, 0) + value
    return {k: v for k, v in result.items() if v}


def activities_by_year_and_mission(raw: dict, metric: str) -> dict[int, dict[str, int]]:
    """{fiscal year: {mission (or "all"): value}} of "activities" or "spending_satang"."""
    result: dict[int, dict[str, int]] = {}
    for key, value in raw.get(metric, {}).items():
        year, _sep, mission = key.partition(":")
        if year.isdigit():
            result.setdefault(int(year), {})[mission] = value
    return result
