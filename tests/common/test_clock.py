"""The one clock (concenter.common.clock): Bangkok's date, whatever the server's or UTC's.

These tests set the moment they need. `.ci/run` also runs them with the whole session moved to
the hard days (tests/conftest.py --clock-at), where the nested travel still wins.
"""

import datetime
import re
from pathlib import Path

import pytest
import time_machine

from concenter.common import clock
from concenter.common.thai import fiscal_year_be, format_date_th
from tests.conftest import BANGKOK

pytestmark = pytest.mark.clock


def _at(*args: int) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=BANGKOK)


@pytest.mark.parametrize(
    ("moment", "day", "fiscal_year", "printed"),
    [
        pytest.param(
            _at(2027, 9, 30, 23, 59),
            datetime.date(2027, 9, 30),
            2570,
            "30 ก.ย. 2570",
            id="last-minute-of-fiscal-2570",
        ),
        pytest.param(
            _at(2027, 10, 1, 0, 20),
            datetime.date(2027, 10, 1),
            2571,
            "1 ต.ค. 2570",
            id="fiscal-2571-begins-while-utc-is-still-30-september",
        ),
        pytest.param(
            _at(2027, 12, 31, 23, 59),
            datetime.date(2027, 12, 31),
            2571,
            "31 ธ.ค. 2570",
            id="last-minute-of-be-2570",
        ),
        pytest.param(
            _at(2028, 1, 1, 0, 20),
            datetime.date(2028, 1, 1),
            2571,
            "1 ม.ค. 2571",
            id="be-2571-begins-while-utc-is-still-31-december",
        ),
        pytest.param(
            _at(2028, 2, 29, 12, 0), datetime.date(2028, 2, 29), 2571, "29 ก.พ. 2571", id="leap-day"
        ),
    ],
)
def test_today_is_the_bangkok_date_and_names_the_right_years(moment, day, fiscal_year, printed):
    with time_machine.travel(moment, tick=False):
        assert clock.today() == day
        assert clock.now() == moment
        assert clock.now().utcoffset() == datetime.timedelta(0)  # aware, in UTC
        assert fiscal_year_be(clock.today()) == fiscal_year
        assert format_date_th(clock.today()) == printed


def test_the_clock_moves_with_the_test_and_back():
    before = clock.now()
    with time_machine.travel(before + datetime.timedelta(days=400), tick=False):
        assert clock.now() - before == datetime.timedelta(days=400)
    assert datetime.timedelta(0) <= clock.now() - before < datetime.timedelta(minutes=5)


ROOT = Path(__file__).resolve().parents[2]
READS_THE_CLOCK = re.compile(
    r"\btimezone\.(now|localdate)\(\)|\bdate\.today\(\)|\bdatetime\.now\(|\bclock\.(now|today)\(\)"
)


def test_production_code_reads_the_time_only_through_the_clock():
    """The bench's own timestamps of a run are the one exception (they record when it ran)."""
    offenders = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "concenter").rglob("*.py"))
        if "migrations" not in path.parts
        and path.name != "clock.py"
        and "bench" not in path.parts
        and re.search(
            r"\btimezone\.(now|localdate)\(\)|\bdate\.today\(\)|\bdatetime\.now\(",
            path.read_text(encoding="utf-8"),
        )
    ]
    assert offenders == []


def test_every_test_module_that_reads_the_clock_says_so():
    """A test module that reads the clock carries the `clock` marker, so .ci/run moves it to the
    hard days. Modules that only build data for others (helpers, the access matrix's world) and
    the browser journeys (another process's clock, see tests/browser/conftest.py) are exempt."""
    exempt = {"conftest.py", "helpers.py", "world.py"}
    offenders = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "tests").rglob("*.py"))
        if path.name not in exempt
        and not path.name.startswith("matrix_")
        and "browser" not in path.parts
        and path.name.startswith("test_")
        and READS_THE_CLOCK.search(text := path.read_text(encoding="utf-8"))
        and "mark.clock" not in text
    ]
    assert offenders == []
