"""What the two synthetic generators share: the professions drawn, the report, batches, timers, romanisation."""

import datetime
import time
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from concenter.common.thai import (
    latin_fold,
    romanize_name,
    thai_sort_key,
)

PROFESSIONS = {  # code: (weight, youngest, oldest), as the Kanchanaburi demo draws them
    "farmer": (30, 25, 78),
    "trader": (13, 25, 72),
    "teacher": (6, 26, 60),
    "civil_servant": (5, 28, 60),
    "health_volunteer": (11, 30, 70),
    "religious": (2, 35, 80),
    "local_government": (5, 32, 68),
    "private_employee": (8, 21, 55),
    "student": (3, 18, 23),
    "retired": (9, 60, 85),
    "other": (8, 22, 75),
}


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def bulk_create_batch(model, batch: list) -> list:
    return [instance.pk for instance in model.objects.bulk_create(batch)]


class SynthRefused(Exception):
    """The database already holds people: synthetic data would mix with real records."""


@cache
def romanized_word(word: str) -> str:
    return romanize_name(word)


def latin_of(text: str) -> str:
    """`latin_fold(romanize_name(text))`, romanising each space-separated word once per run."""
    return latin_fold(" ".join(romanized_word(w) for w in text.split()))


@cache
def cached_sort_key(text: str) -> str:
    return thai_sort_key(text)


@dataclass
class Step:
    rows: int = 0
    seconds: float = 0.0


@dataclass
class SynthReport:
    scale: str
    seed: int
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    steps: dict[str, Step] = field(default_factory=lambda: defaultdict(Step))
    seconds: float = 0.0
    files: list[Path] = field(default_factory=list)

    def lines(self) -> list[str]:
        result = []
        for name, step in self.steps.items():
            rate = step.rows / step.seconds if step.seconds else 0
            result.append(
                f"{name:<16} {step.rows:>10,} rows {step.seconds:>9.2f} s {rate:>12,.0f} rows/s"
            )
        result.append(f"{'total':<16} {'':>15} {self.seconds:>9.2f} s")
        return result


class Timer:
    def __init__(self, report: SynthReport, name: str) -> None:
        self.step = report.steps[name]

    def __enter__(self) -> "Timer":
        self.started = time.perf_counter()
        self.rows = 0
        return self

    def __exit__(self, *exc) -> None:
        self.step.seconds += time.perf_counter() - self.started
        self.step.rows += self.rows
