"""The standard reports, as documents that are rendered to PDF (`pdf.py`) or XLSX (`xlsx.py`).

A report is built once as a `Document` (a title, the facts, and tables of typed cells) and drawn
twice, so the PDF and the spreadsheet never disagree. The four reports:

* "summary"          — Summary of the CON Center network of <area>, fiscal year <BE>: the
                       dashboard's figures, child areas, organisations, activities by mission;
* "committees-ending" — committees whose term ends within 90 days;
* "inactive-centers" — centers without any activity in the last six months;
* "organizations"    — community organisations by type and subdistrict (from the roll-ups).

Each builder reads through the same selectors as the dashboards and checks nothing about the
user: callers check the scope first (`report_area` for pages, the command line is trusted).
An area with no data gets a document that says so, never an error.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Count, F, Max, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concenter.common.thai import format_date_en, format_date_th
from concenter.geography.models import Area, Level
from concenter.network.models import (
    Center,
    CenterStatus,
    CommitteeTerm,
    OrganizationStatus,
    OrganizationType,
    Position,
    Rollup,
    Seat,
    TermStatus,
)
from concenter.network.rollups import NATIONAL
from concenter.reports import figures, health, selectors
from concenter.reports.figures import ENDING_SOON_DAYS

INACTIVE_MONTHS = health.MEETING_MONTHS

# Kinds of cell, for formatting: text, int, money (Decimal baht), percent (int 0–100), date.
TEXT, INT, MONEY, PERCENT, DATE = "text", "int", "money", "percent", "date"


@dataclass
class Column:
    label: str
    kind: str = TEXT
    width: float = 1.0  # relative width in the PDF
    short: str = ""  # the PDF's header when the label is too long for a narrow column


@dataclass
class Table:
    heading: str
    columns: list[Column]
    rows: list[list]
    total: list | None = None
    note: str = ""
    empty: str = ""  # said instead of the table when it has no rows
    sheet: str = ""  # the worksheet's name (at most 31 characters)
    small: bool = False  # many columns: a smaller type in the PDF


@dataclass
class Document:
    name: str
    title: str
    area_code: str
    area_name: str
    as_of: date
    generated_at: datetime
    fiscal_year: int | None = None
    landscape: bool = False
    facts: list[tuple[str, object, str]] = field(default_factory=list)  # (label, value, kind)
    tables: list[Table] = field(default_factory=list)
    empty: str = ""  # the whole report has nothing to show: this is said instead
    notes: list[str] = field(default_factory=list)

    @property
    def file_stem(self) -> str:
        year = f"-{self.fiscal_year}" if self.fiscal_year else ""
        return f"{self.name}-{self.area_code}{year}"


REPORT_TITLES = {
    "summary": gettext_lazy("Summary of the CON Center network"),
    "committees-ending": gettext_lazy("Committees ending within 90 days"),
    "inactive-centers": gettext_lazy("Centers without activity in six months"),
    "organizations": gettext_lazy("Organizations by type and subdistrict"),
    "assessment": gettext_lazy("Results of the strength assessment"),
}
REPORT_NAMES = tuple(REPORT_TITLES)
FORMATS = ("pdf", "xlsx")


def date_text(day: date, *, long: bool = True) -> str:
    from django.utils.translation import get_language

    if (get_language() or "th").startswith("th"):
        return format_date_th(day, long=long)
    return format_date_en(day, long=long)


def _area_name(area: Area | None) -> str:
    return area.display_name if area is not None else _("Thailand")


def _area_filter(code: str, prefix: str = "") -> Q:
    """Records of the area `code` by their ancestor columns (a center: its own code)."""
    if code == NATIONAL:
        return Q()
    column = {2: "province_code", 4: "district_code", 6: "area_id"}[len(code)]
    return Q(**{f"{prefix}{column}": code})


def _document(name: str, area: Area | None, *, on: date, **extra) -> Document:
    area_name = _area_name(area)
    return Document(
        name=name,
        title=str(REPORT_TITLES[name]),
        area_code=area.code if area is not None else NATIONAL,
        area_name=area_name,
        as_of=on,
        generated_at=timezone.localtime(),
        **extra,
    )


# Summary ----------------------------------------------------------------------------------------


def _child_heading(level: str) -> str:
    return {
        Level.PROVINCE: _("Provinces"),
        Level.DISTRICT: _("Districts"),
        Level.SUBDISTRICT: _("Subdistricts"),
    }.get(level, "")


def report_summary(area: Area | None, *, on: date, fiscal_year: int) -> Document:
    dashboard = selectors.dashboard_for(area, on=on, fiscal_year=fiscal_year)
    document = _document("summary", area, on=on, fiscal_year=fiscal_year)
    document.title = _("Summary of the CON Center network of %(area)s, fiscal year %(year)s") % {
        "area": document.area_name,
        "year": fiscal_year,
    }
    if dashboard.is_empty:
        document.empty = _("No data has been recorded for %(area)s yet.") % {
            "area": document.area_name
        }
        return document
    head = dashboard.head
    document.facts = [
        (_("Centers"), head.centers, INT),
        (_("Active centers"), head.active_centers, INT),
        (_("With a valid committee"), head.valid_committee, INT),
        (_("Share with a valid committee"), head.valid_percent, PERCENT),
        (
            _("Committees ending within %(days)s days") % {"days": ENDING_SOON_DAYS},
            head.ending_soon,
            INT,
        ),
        (_("Committee seats filled"), head.seats, INT),
        (_("Organizations"), head.organizations, INT),
        (_("Members of organizations"), head.members, INT),
        (_("Funds (baht)"), head.funds, MONEY),
        (_("Partners"), head.partners, INT),
        (_("Cooperations"), head.cooperations, INT),
        (_("Support from partners (baht)"), head.cooperation_amount, MONEY),
        (_("People"), head.people, INT),
        (_("Roles in local administration"), head.local_roles, INT),
        (_("Activities in fiscal year %(year)s") % {"year": fiscal_year}, head.activities, INT),
        (
            _("Spending in fiscal year %(year)s (baht)") % {"year": fiscal_year},
            head.spending,
            MONEY,
        ),
        (_("Awards won"), head.awards, INT),
    ]
    document.notes.append(
        _(
            "Figures of centers, committees, organizations, partners and people are as of "
            "%(date)s; activities and spending are those of fiscal year %(year)s "
            "(%(first)s – %(last)s)."
        )
        % {
            "date": date_text(on),
            "year": fiscal_year,
            "first": date_text(figures.fiscal_year_first_day(fiscal_year), long=False),
            "last": date_text(figures.fiscal_year_last_day(fiscal_year), long=False),
        }
    )
    if dashboard.centers_table:
        document.tables.append(
            Table(
                heading=_("Centers by level and status"),
                sheet=_("Centers"),
                columns=[
                    Column(_("Level"), TEXT, 2.5),
                    Column(_("Active"), INT),
                    Column(_("Dormant"), INT),
                    Column(_("Dissolved"), INT),
                    Column(_("Total"), INT),
                ],
                rows=[
                    [row["label"], *row["counts"], row["total"]] for row in dashboard.centers_table
                ],
            )
        )
    if dashboard.rows:
        heading = _child_heading(dashboard.child_level)
        own = [] if dashboard.own.is_empty else [dashboard.own]
        network_rows = [
            [
                row.name or _("Recorded at this level itself"),
                row.code if row.name else "",
                row.centers,
                row.valid_committee,
                row.valid_percent,
                row.ending_soon,
                row.seats,
            ]
            for row in [*dashboard.rows, *own]
        ]
        document.tables.append(
            Table(
                heading=_("%(areas)s: centers and committees") % {"areas": heading},
                sheet=_("Committees by area"),
                columns=[
                    Column(_("Area"), TEXT, 2.6),
                    Column(_("Code"), TEXT, 1.0),
                    Column(_("Centers"), INT),
                    Column(_("With a valid committee"), INT, 1.2),
                    Column(_("Share"), PERCENT),
                    Column(_("Ending within 90 days"), INT, 1.2),
                    Column(_("Seats filled"), INT),
                ],
                rows=network_rows,
                total=[
                    _("Total"),
                    "",
                    head.centers,
                    head.valid_committee,
                    head.valid_percent,
                    head.ending_soon,
                    head.seats,
                ],
            )
        )
        document.tables.append(
            Table(
                heading=_("%(areas)s: organizations, partners and activities") % {"areas": heading},
                sheet=_("Organizations by area"),
                small=True,
                columns=[
                    Column(_("Area"), TEXT, 2.4),
                    Column(_("Organizations"), INT),
                    Column(_("Members"), INT),
                    Column(_("Funds (baht)"), MONEY, 1.6),
                    Column(_("Partners"), INT),
                    Column(_("People"), INT),
                    Column(_("Activities"), INT),
                    Column(_("Spending (baht)"), MONEY, 1.5),
                    Column(_("Awards"), INT, 0.8),
                ],
                rows=[
                    [
                        row.name or _("Recorded at this level itself"),
                        row.organizations,
                        row.members,
                        row.funds,
                        row.partners,
                        row.people,
                        row.activities,
                        row.spending,
                        row.awards,
                    ]
                    for row in [*dashboard.rows, *own]
                ],
                total=[
                    _("Total"),
                    head.organizations,
                    head.members,
                    head.funds,
                    head.partners,
                    head.people,
                    head.activities,
                    head.spending,
                    head.awards,
                ],
            )
        )
    document.tables.append(
        Table(
            heading=_("Community organizations by type"),
            sheet=_("Organization types"),
            columns=[
                Column(_("Type"), TEXT, 3.0),
                Column(_("Organizations"), INT),
                Column(_("Members"), INT),
                Column(_("Funds (baht)"), MONEY, 1.5),
            ],
            rows=[
                [b.label, b.value, b.extra["members"], b.extra["funds"]]
                for b in dashboard.organizations_by_type
            ],
            total=[_("Total"), head.organizations, head.members, head.funds]
            if dashboard.organizations_by_type
            else None,
            empty=_("No community organization has been recorded here yet."),
        )
    )
    document.tables.append(
        Table(
            heading=_("Activities and spending by mission, fiscal year %(year)s")
            % {"year": fiscal_year},
            sheet=_("Missions"),
            columns=[
                Column(_("Mission"), TEXT, 3.0),
                Column(_("Activities"), INT),
                Column(_("Spending (baht)"), MONEY, 1.5),
            ],
            rows=[[b.label, b.value, b.extra["spending"]] for b in dashboard.missions],
            note=_(
                "An activity that serves several missions counts under each of them, so the "
                "missions do not add up to the total of %(count)s activities."
            )
            % {"count": f"{head.activities:,}"}
            if dashboard.missions
            else "",
            empty=_("No activity has been recorded for fiscal year %(year)s.")
            % {"year": fiscal_year},
        )
    )
    document.tables.append(
        Table(
            heading=_("Trend over fiscal years"),
            sheet=_("Trend"),
            columns=[
                Column(_("Fiscal year"), TEXT),
                Column(_("Activities"), INT),
                Column(_("Spending (baht)"), MONEY, 1.5),
                Column(_("Valid committees at the end of the year"), INT, 1.8),
            ],
            rows=[
                [str(point.year), point.activities, point.spending, point.committees]
                for point in dashboard.trend
            ],
        )
    )
    document.tables.append(
        Table(
            heading=_("Partners by kind"),
            sheet=_("Partners"),
            columns=[Column(_("Kind"), TEXT, 3.0), Column(_("Partners"), INT)],
            rows=[[b.label, b.value] for b in dashboard.partners_by_kind],
            empty=_("No partner has been recorded here yet."),
        )
    )
    document.tables.append(
        Table(
            heading=_("Cooperations by kind"),
            sheet=_("Cooperations"),
            columns=[
                Column(_("Kind"), TEXT, 3.0),
                Column(_("Cooperations"), INT),
                Column(_("Amount (baht)"), MONEY, 1.5),
            ],
            rows=[[b.label, b.value, b.extra["amount"]] for b in dashboard.cooperations_by_kind],
            empty=_("No cooperation has been recorded here yet."),
        )
    )
    document.tables.append(
        Table(
            heading=_("People by profession"),
            sheet=_("Professions"),
            columns=[Column(_("Profession"), TEXT, 3.0), Column(_("People"), INT)],
            rows=[[b.label, b.value] for b in dashboard.people_by_profession],
            empty=_("No person has been recorded here yet."),
        )
    )
    document.tables.append(
        Table(
            heading=_("Roles in local administration"),
            sheet=_("Local roles"),
            columns=[Column(_("Role"), TEXT, 3.0), Column(_("People"), INT)],
            rows=[[b.label, b.value] for b in dashboard.local_roles],
            empty=_("No local role has been recorded here yet."),
        )
    )
    if dashboard.programmes:
        document.tables.append(
            Table(
                heading=_("Awards won"),
                sheet=_("Awards"),
                columns=[
                    Column(_("Award programme"), TEXT, 3.5),
                    Column(_("Year"), TEXT),
                    Column(_("Winners"), INT),
                ],
                rows=[[p.title, str(p.year_be), p.winners] for p in dashboard.programmes],
            )
        )
    return document


# Committees ending within 90 days ---------------------------------------------------------------


def report_committees_ending(area: Area | None, *, on: date) -> Document:
    code = area.code if area is not None else NATIONAL
    until = on + timedelta(days=ENDING_SOON_DAYS)
    document = _document("committees-ending", area, on=on)
    chairs = Seat.objects.filter(position=Position.CHAIR, ends_on__isnull=True).select_related(
        "person"
    )
    terms = (
        CommitteeTerm.objects.filter(
            _area_filter(code, "center__"),
            status=TermStatus.ACTIVE,
            starts_on__lte=on,
            ends_on__gte=on,
            ends_on__lte=until,
        )
        .exclude(center__status=CenterStatus.DISSOLVED)
        .select_related("center")
        .annotate(
            open_seats=Count(
                "seats",
                filter=Q(seats__ends_on__isnull=True) & ~Q(seats__position=Position.ADVISOR),
            )
        )
        .prefetch_related(Prefetch("seats", queryset=chairs, to_attr="chairs"))
        .order_by("ends_on", "center__sort_key", "center_id")
    )
    rows = [
        [
            term.center.name,
            term.center_id,
            str(term.center.get_level_display()),
            term.chairs[0].person.full_name if term.chairs else "",
            term.starts_on,
            term.ends_on,
            (term.ends_on - on).days,
            term.open_seats,
        ]
        for term in terms
    ]
    document.notes.append(
        _("Active committees of %(area)s whose term ends between %(first)s and %(last)s.")
        % {"area": document.area_name, "first": date_text(on), "last": date_text(until)}
    )
    document.tables.append(
        Table(
            heading=_("Committees ending by %(date)s") % {"date": date_text(until, long=False)},
            sheet=_("Committees ending"),
            small=True,
            columns=[
                Column(_("Center"), TEXT, 3.0),
                Column(_("Code"), TEXT, 1.0),
                Column(_("Level"), TEXT, 1.4),
                Column(_("Chair"), TEXT, 2.2),
                Column(_("Term starts"), DATE, 1.3),
                Column(_("Term ends"), DATE, 1.3),
                Column(_("Days left"), INT, 0.9),
                Column(_("Seats filled"), INT, 0.9),
            ],
            rows=rows,
            empty=_("No committee of %(area)s ends between %(first)s and %(last)s.")
            % {"area": document.area_name, "first": date_text(on), "last": date_text(until)},
        )
    )
    document.landscape = True
    return document


# Centers without activity in six months ---------------------------------------------------------


def report_inactive_centers(area: Area | None, *, on: date) -> Document:
    code = area.code if area is not None else NATIONAL
    since = health.months_before(on, INACTIVE_MONTHS)
    document = _document("inactive-centers", area, on=on)
    centers = (
        Center.objects.filter(_area_filter(code))
        .exclude(status=CenterStatus.DISSOLVED)
        .annotate(
            last_activity=Max("activities__starts_on", filter=Q(activities__starts_on__lte=on))
        )
    )
    total = centers.count()
    quiet = centers.filter(Q(last_activity__isnull=True) | Q(last_activity__lt=since)).order_by(
        F("last_activity").asc(nulls_first=True), "sort_key", "area_id"
    )
    rows = [
        [
            center.name,
            center.area_id,
            str(center.get_level_display()),
            str(center.get_status_display()),
            center.last_activity,
            (on - center.last_activity).days if center.last_activity else None,
        ]
        for center in quiet
    ]
    if not total:
        document.empty = _("No center has been recorded in %(area)s yet.") % {
            "area": document.area_name
        }
        return document
    document.notes.append(
        _(
            "%(quiet)s of the %(total)s centers of %(area)s (dissolved centers left out) have "
            "recorded no activity since %(since)s. Centers that never recorded one come first."
        )
        % {
            "quiet": f"{len(rows):,}",
            "total": f"{total:,}",
            "area": document.area_name,
            "since": date_text(since),
        }
    )
    document.tables.append(
        Table(
            heading=_("Centers without activity since %(date)s")
            % {"date": date_text(since, long=False)},
            sheet=_("Centers without activity"),
            columns=[
                Column(_("Center"), TEXT, 3.0),
                Column(_("Code"), TEXT, 1.0),
                Column(_("Level"), TEXT, 1.4),
                Column(_("Status"), TEXT, 1.0),
                Column(_("Last activity"), DATE, 1.4),
                Column(_("Days since"), INT, 1.0),
            ],
            rows=rows,
            empty=_("Every center of %(area)s has recorded an activity since %(since)s.")
            % {"area": document.area_name, "since": date_text(since)},
        )
    )
    return document


# Organisations by type and subdistrict -----------------------------------------------------------


def report_organizations(area: Area | None, *, on: date) -> Document:
    """Counts of community organisations (not dissolved) of each type in each subdistrict, with
    members and funds, read from the subdistricts' roll-up figures."""
    code = area.code if area is not None else NATIONAL
    document = _document("organizations", area, on=on, landscape=True)
    subdistricts = Area.objects.filter(level=Level.SUBDISTRICT, active=True).select_related(
        "parent"
    )
    if code != NATIONAL:
        column = {2: "province_code", 4: "district_code", 6: "code"}[len(code)]
        subdistricts = subdistricts.filter(**{column: code})
    subdistricts = list(subdistricts.order_by("district_code", "sort_key", "code"))
    by_code = {s.code: s for s in subdistricts}
    rows_query = Rollup.objects.filter(
        metric__in=("organizations", "members", "funds_satang")
    ).exclude(value=0)
    if code == NATIONAL:
        from django.db.models.functions import Length

        rows_query = rows_query.annotate(code_length=Length("area_code")).filter(code_length=6)
    else:
        rows_query = rows_query.filter(area_code__in=list(by_code))
    counts: dict[str, dict[str, int]] = {}
    members: dict[str, int] = {}
    funds: dict[str, int] = {}
    for area_code, metric, key, value in rows_query.values_list(
        "area_code", "metric", "key", "value"
    ):
        if area_code not in by_code:
            continue
        if metric == "organizations":
            type_code, _sep, status = key.partition(":")
            if status != OrganizationStatus.DISSOLVED:
                per_type = counts.setdefault(area_code, {})
                per_type[type_code] = per_type.get(type_code, 0) + value
        elif metric == "members":
            members[area_code] = members.get(area_code, 0) + value
        else:
            funds[area_code] = funds.get(area_code, 0) + value
    type_codes = {t for per_type in counts.values() for t, n in per_type.items() if n}
    types = list(OrganizationType.objects.filter(code__in=type_codes).order_by("position", "code"))
    known = {t.code for t in types}
    type_columns = [(t.code, t.name_th) for t in types] + [
        (c, c) for c in sorted(type_codes - known)
    ]
    rows = []
    totals = [0] * len(type_columns)
    all_members = all_funds = 0
    for subdistrict in subdistricts:
        per_type = counts.get(subdistrict.code, {})
        if not per_type and not members.get(subdistrict.code) and not funds.get(subdistrict.code):
            continue
        numbers = [per_type.get(type_code, 0) for type_code, _label in type_columns]
        totals = [a + b for a, b in zip(totals, numbers, strict=True)]
        all_members += members.get(subdistrict.code, 0)
        all_funds += funds.get(subdistrict.code, 0)
        rows.append(
            [
                subdistrict.parent.display_name if subdistrict.parent else "",
                subdistrict.display_name,
                subdistrict.code,
                *numbers,
                sum(numbers),
                members.get(subdistrict.code, 0),
                Decimal(funds.get(subdistrict.code, 0)) / 100,
            ]
        )
    if not rows:
        document.empty = _("No community organization has been recorded in %(area)s yet.") % {
            "area": document.area_name
        }
        return document
    document.notes.append(
        _(
            "Community organizations that are not dissolved, counted in the subdistrict of "
            "their area (a village's organizations in its subdistrict). %(count)s subdistricts "
            "have at least one."
        )
        % {"count": f"{len(rows):,}"}
    )
    document.tables.append(
        Table(
            heading=_("Organizations by type and subdistrict"),
            sheet=_("Organizations"),
            small=True,
            columns=[
                Column(_("District"), TEXT, 2.0),
                Column(_("Subdistrict"), TEXT, 2.0),
                Column(_("Code"), TEXT, 1.2),
                *[
                    Column(label, INT, 0.8, short=f"({number})")
                    for number, (_code, label) in enumerate(type_columns, start=1)
                ],
                Column(_("Total"), INT, 0.9),
                Column(_("Members"), INT, 1.4),
                Column(_("Funds (baht)"), MONEY, 2.3),
            ],
            note=_("Types: %(types)s.")
            % {
                "types": ", ".join(
                    f"({number}) {label}"
                    for number, (_code, label) in enumerate(type_columns, start=1)
                )
            },
            rows=rows,
            total=[
                _("Total"),
                "",
                "",
                *totals,
                sum(totals),
                all_members,
                Decimal(all_funds) / 100,
            ],
        )
    )
    return document


# Strength assessment ------------------------------------------------------------------------------


def report_assessment(area: Area | None, *, on: date, fiscal_year: int) -> Document:
    """The results of the fiscal year's assessment rounds in the area: centers ranked with
    the score from their records beside, and the gap indicator by indicator."""
    from concenter.assessment import selectors as assessment_selectors

    code = area.code if area is not None else NATIONAL
    document = _document("assessment", area, on=on, fiscal_year=fiscal_year, landscape=True)
    document.title = f"{document.title} {fiscal_year}"
    rounds = list(assessment_selectors.round_list().filter(fiscal_year=fiscal_year))
    if not rounds:
        document.empty = _("No strength assessment round in the fiscal year %(year)s.") % {
            "year": fiscal_year
        }
        return document
    for assessment_round in rounds:
        results = assessment_selectors.area_results(assessment_round, code)
        level = str(assessment_round.get_level_display())
        document.facts.append(
            (_("Centers assessed: %(level)s") % {"level": level}, results.count, INT)
        )
        if results.mean is not None:
            document.facts.append(
                (_("Mean score: %(level)s") % {"level": level}, results.mean, MONEY)
            )
        document.tables.append(
            Table(
                heading=_("Centers ranked: %(level)s") % {"level": level},
                sheet=_("Ranking %(year)s") % {"year": assessment_round.fiscal_year}
                + f" {assessment_round.level[:4]}",
                columns=[
                    Column(_("Rank"), INT, 0.6),
                    Column(_("Center"), TEXT, 3.0),
                    Column(_("Code"), TEXT, 0.9),
                    Column(_("Status"), TEXT, 1.3),
                    Column(_("Score"), MONEY, 0.9),
                    Column(_("From the records"), MONEY, 1.0),
                    Column(_("Gap"), MONEY, 0.8),
                    Column(_("Change since last year"), MONEY, 1.0, short=_("Change")),
                ],
                rows=[
                    [
                        row.rank,
                        row.assessment.center.name,
                        row.assessment.center_id,
                        str(row.assessment.get_status_display()),
                        row.assessment.score,
                        row.assessment.data_score,
                        row.gap,
                        row.change,
                    ]
                    for row in results.rows
                ],
                empty=_("No assessment has been submitted here yet."),
            )
        )
        document.tables.append(
            Table(
                heading=_("What the centers say and what their records show: %(level)s")
                % {"level": level},
                sheet=_("Gap %(year)s") % {"year": assessment_round.fiscal_year}
                + f" {assessment_round.level[:4]}",
                columns=[
                    Column(_("Indicator"), TEXT, 4.0),
                    Column(_("Mean level given"), MONEY, 1.0, short=_("Given")),
                    Column(_("Mean level from the records"), MONEY, 1.0, short=_("Records")),
                    Column(_("Gap"), MONEY, 0.8),
                ],
                rows=[
                    [f"{row.code} {row.text}", row.mean_level, row.mean_data_level, row.gap]
                    for row in results.indicators
                ],
                empty=_("No assessment has been submitted here yet."),
            )
        )
    return document


# One entry point ----------------------------------------------------------------------------------


def build_report(name: str, area: Area | None, *, on: date, fiscal_year: int) -> Document:
    """The document `name` for `area` (None: the nation). The caller has checked the scope."""
    if name == "summary":
        return report_summary(area, on=on, fiscal_year=fiscal_year)
    if name == "committees-ending":
        return report_committees_ending(area, on=on)
    if name == "inactive-centers":
        return report_inactive_centers(area, on=on)
    if name == "organizations":
        return report_organizations(area, on=on)
    if name == "assessment":
        return report_assessment(area, on=on, fiscal_year=fiscal_year)
    raise KeyError(name)
