"""The check that every parent's figures are the sum of its children's (plus what is recorded at
the parent's own level), for every figure, against figures recomputed from the records."""

from datetime import date, timedelta

from concenter.geography.models import Area
from concenter.reports import figures, selectors
from tests.reports.truth import Truth, add_raw, committees_on, undated


def check_parent_is_the_sum_of_its_children(
    code: str, *, on: date, truth: Truth | None = None
) -> int:
    """Check the dashboard of `code` ("TH" the nation); returns the number of child rows.
    `truth`: the records' figures, read once (read here when not given)."""
    truth = truth or Truth()
    area = None if code == "TH" else Area.objects.get(code=code)
    year = figures.current_fiscal_year(on)
    checked_years = figures.trend_years(year, count=4)
    for fiscal_year in checked_years:
        dashboard = selectors.dashboard_for(area, on=on, fiscal_year=fiscal_year)
        # 1. The table's figures: head, each child and the parent's own level, from the records.
        head, want = dashboard.head.numbers(), truth.row(code, on=on, fiscal_year=fiscal_year)
        assert head == want, (
            code,
            {k: (head[k], want.get(k)) for k in head if head[k] != want.get(k)},
        )
        for row in dashboard.rows:
            expected = truth.row(row.code, on=on, fiscal_year=fiscal_year)
            assert row.numbers() == expected, row.code
        own = truth.row(code, on=on, fiscal_year=fiscal_year, exact=True)
        assert dashboard.own.numbers() == (
            own if dashboard.rows else figures.FigureRow().numbers()
        ), code
        for name in figures.NUMBER_FIELDS:
            assert getattr(dashboard.children_total, name) + own[name] == getattr(
                dashboard.head, name
            ), (code, name)
    # 2. Every keyed figure (organisations by type and status, members and funds by type, people
    # by profession, local roles, partners and cooperations by kind, activities and spending by
    # fiscal year and mission): parent = Σ children + own level.
    children = [row.code for row in dashboard.rows]
    parent = figures.area_breakdowns(code)
    want_raw = undated(truth.raw(code))
    assert parent == want_raw, (
        code,
        {
            m: (parent.get(m), want_raw.get(m))
            for m in set(parent) | set(want_raw)
            if parent.get(m) != want_raw.get(m)
        },
    )
    summed = add_raw(
        *[figures.area_breakdowns(child) for child in children],
        undated(truth.raw(code, exact=True)),
    )
    assert summed == parent, code
    # 3. The dated committee figures on several days (the trend): parent = Σ children + own.
    days = [on - timedelta(days=d) for d in (0, 200, 700, 1400)] + [on + timedelta(days=60)]
    own_raw = truth.raw(code, exact=True)
    expected = [
        sum(figures.committees_valid_on(child, [day])[0] for child in children)
        + committees_on(own_raw, day)
        for day in days
    ]
    assert figures.committees_valid_on(code, days) == expected, code
    # 4. The trend points are the breakdowns' yearly totals.
    for point in dashboard.trend:
        assert point.activities == parent.get("activities", {}).get(f"{point.year}:all", 0)
        assert point.spending_satang == parent.get("spending_satang", {}).get(
            f"{point.year}:all", 0
        )
    return len(dashboard.rows)
