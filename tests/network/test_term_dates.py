"""A committee is in force from the first to the last day of its term, both included, by the date
in Bangkok; the warnings count days from today. Each test sets the day it needs, and each is also
run at the hard days of .ci/run, where the nested moment still wins."""

import datetime

import pytest

from concenter.common import clock
from concenter.network.models import Center
from concenter.network.rollups import area_figures
from concenter.network.selectors import COMMITTEE_ENDING_WARNING_DAYS, current_committee
from concenter.reports.figures import ENDING_SOON_DAYS
from tests.conftest import BANGKOK
from tests.reports.helpers import full_center

pytestmark = pytest.mark.django_db


def _in_force(on: datetime.date) -> tuple[int, bool]:
    figures = area_figures("7101", on=on)
    state = current_committee(Center.objects.get(pk="710101"), on=on)
    return figures.centers_with_valid_committee, state.current is not None


@pytest.mark.clock("2027-09-30T23:10")
def test_a_term_that_ends_today_is_in_force_until_the_end_of_the_day(province_officer):
    full_center(province_officer, "710101", ends_in_days=0)
    today = clock.today()
    assert today == datetime.date(2027, 9, 30)  # Bangkok's date, while UTC's is the same day
    assert _in_force(today) == (1, True)
    assert _in_force(today + datetime.timedelta(days=1)) == (0, False)


@pytest.mark.clock("2027-09-30T10:00")
def test_a_term_that_ended_yesterday_is_over_after_midnight_in_bangkok(
    province_officer, time_machine
):
    """At 00:20 on 1 October in Bangkok it is still 30 September in UTC: a term that ended on
    30 September is over, whatever the server's time zone says."""
    full_center(province_officer, "710101", ends_in_days=0)
    center = Center.objects.get(pk="710101")
    assert current_committee(center).current is not None
    time_machine.move_to(datetime.datetime(2027, 10, 1, 0, 20, tzinfo=BANGKOK))
    assert clock.now().date() == datetime.date(2027, 9, 30)  # UTC
    assert current_committee(center).current is None
    assert area_figures("7101", on=clock.today()).centers_with_valid_committee == 0


@pytest.mark.clock("2028-02-29T12:00")
@pytest.mark.parametrize(
    ("ends_in_days", "warned", "ending_soon"),
    [
        pytest.param(COMMITTEE_ENDING_WARNING_DAYS, True, True, id="last-day-of-the-warning"),
        pytest.param(COMMITTEE_ENDING_WARNING_DAYS + 1, False, True, id="a-day-too-far-to-warn"),
        pytest.param(ENDING_SOON_DAYS, False, True, id="last-day-of-ending-soon"),
        pytest.param(ENDING_SOON_DAYS + 1, False, False, id="a-day-beyond-ending-soon"),
    ],
)
def test_warnings_count_whole_days_from_today(province_officer, ends_in_days, warned, ending_soon):
    full_center(province_officer, "710101", ends_in_days=ends_in_days)
    today = clock.today()
    state = current_committee(Center.objects.get(pk="710101"), on=today)
    assert state.days_left == ends_in_days
    assert state.ending_soon is warned
    until = today + datetime.timedelta(days=ENDING_SOON_DAYS)
    assert area_figures("7101", on=today).committees_ending_by(until) == int(ending_soon)
