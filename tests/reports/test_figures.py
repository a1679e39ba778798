"""The figures read from the roll-ups with SQL aggregates: the same answers as the network's own
reader, fiscal years parsed with clear messages, the committee trend by day."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from concenter.network.rollups import area_figures
from concenter.reports import figures
from tests.reports.helpers import activity, full_center, random_network

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


@pytest.mark.parametrize(
    ("typed", "year"),
    [("2563", 2563), ("๒๕๖๓", 2563), (" 2540 ", 2540), ("2600", 2600), (2570, 2570)],
    ids=["arabic", "thai-digits", "first", "last", "int"],
)
def test_fiscal_year_from_2540_to_2600_in_either_digits_is_accepted(typed, year):
    assert figures.parse_fiscal_year(typed) == year


@pytest.mark.parametrize(
    "typed", ["2539", "2601", "2020", "abc", "25.63", "-2563", "25630", "๒๕๖x", "²⁵⁶³"]
)
def test_fiscal_year_outside_2540_to_2600_or_not_a_number_gets_a_clear_message(typed):
    with pytest.raises(ValidationError) as error:
        figures.parse_fiscal_year(typed)
    message = error.value.message_dict["fiscal_year"][0]
    assert "2540" in message and "2600" in message


def test_an_empty_fiscal_year_is_the_default_and_is_refused_without_one():
    assert figures.parse_fiscal_year("", default=2569) == 2569
    with pytest.raises(ValidationError):
        figures.parse_fiscal_year("")


def test_fiscal_year_runs_from_1_october_to_30_september():
    assert figures.fiscal_year_first_day(2563) == datetime.date(2019, 10, 1)
    assert figures.fiscal_year_last_day(2563) == datetime.date(2020, 9, 30)
    assert figures.current_fiscal_year(datetime.date(2020, 9, 30)) == 2563
    assert figures.current_fiscal_year(datetime.date(2020, 10, 1)) == 2564
    assert figures.trend_years(2563, count=3) == [2561, 2562, 2563]
    assert figures.trend_years(2541) == [2540, 2541]


@pytest.mark.parametrize("seed", [1, 2])
def test_sql_figures_equal_the_network_readers_figures(province_officer, seed):
    random_network(province_officer, seed=seed)
    today = timezone.localdate()
    year = figures.current_fiscal_year(today)
    codes = ["TH", "71", *{c for c in ("7101", "7102", "7103", "710101")}]
    rows = figures.area_rows(codes, on=today, fiscal_year=year)
    for code in codes:
        reference = area_figures(code, on=today)  # the network app's own reader, in Python
        row = rows[code]
        assert row.centers == reference.centers, code
        assert row.active_centers == reference.centers_by(status="active"), code
        assert row.valid_committee == reference.centers_with_valid_committee, code
        until = today + datetime.timedelta(days=figures.ENDING_SOON_DAYS)
        assert row.ending_soon == reference.committees_ending_by(until), code
        assert row.seats == reference.seats_filled, code
        assert row.organizations == reference.organizations, code
        assert row.members == reference.members, code
        assert row.funds_satang == reference.total("funds_satang"), code
        assert row.people == reference.total("people"), code
        assert row.partners == reference.total("partners"), code
        assert row.cooperations == reference.total("cooperations"), code
        assert row.cooperation_satang == reference.total("cooperation_satang"), code
        assert row.local_roles == reference.total("local_roles"), code
        assert row.activities == reference.raw.get("activities", {}).get(f"{year}:all", 0)


def test_an_area_without_figures_gets_a_row_of_zeros():
    rows = figures.area_rows(["7201"], on=timezone.localdate(), fiscal_year=2569)
    assert rows["7201"].is_empty
    assert figures.area_rows([], on=timezone.localdate(), fiscal_year=2569) == {}


def test_committees_are_counted_valid_on_each_day_of_their_term(province_officer):
    today = timezone.localdate()
    full_center(province_officer, "710101", ends_in_days=10)  # from a year ago to in 10 days
    days = [
        today - datetime.timedelta(days=366),  # before the term
        today - datetime.timedelta(days=365),  # its first day
        today,
        today + datetime.timedelta(days=10),  # its last day
        today + datetime.timedelta(days=11),
    ]
    assert figures.committees_valid_on("71", days) == [0, 1, 1, 1, 0]
    assert figures.committees_valid_on("72", days) == [0, 0, 0, 0, 0]
    assert figures.committees_valid_on("71", []) == []


def test_activities_are_read_by_fiscal_year_and_mission(province_officer):
    full_center(province_officer, "710101")
    activity(
        province_officer,
        "710101",
        starts_on=datetime.date(2020, 9, 30),
        missions=("democracy", "drugs"),
        spent="100.50",
    )
    activity(province_officer, "710101", starts_on=datetime.date(2020, 10, 1), spent="1")
    raw = figures.area_breakdowns("7101")
    counts = figures.activities_by_year_and_mission(raw, "activities")
    spent = figures.activities_by_year_and_mission(raw, "spending_satang")
    assert counts[2563] == {"democracy": 1, "drugs": 1, "all": 1}
    assert counts[2564] == {"sufficiency": 1, "all": 1}
    assert spent[2563]["all"] == 10050
    assert "committee" not in raw and "seats" not in raw  # dated keys stay in the database
    row = figures.area_rows(["7101"], on=timezone.localdate(), fiscal_year=2563)["7101"]
    assert (row.activities, row.spending_satang) == (1, 10050)
