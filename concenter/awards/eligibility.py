"""The eligibility rules of a programme, checked for each nomination during screening.

Rules the registry's data can answer are checked automatically (the nominee is a record of the
registry; lives or works in the area; was not a winner of the same programme in the last N years;
has the minimum age; is registered in the profession of the category). The officer answers the
programme's own yes/no questions. Each rule gives "pass", "fail" or "unknown" (the data cannot
tell: the officer must confirm it). A nomination can be marked eligible only with no "fail",
every question answered "yes", and the "unknown" rules confirmed by the officer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Q
from django.utils.translation import gettext as _

from concenter.awards.models import (
    EligibilityCheck,
    Nomination,
    NomineeKind,
    Programme,
    ProgrammeStatus,
)


class Outcome(StrEnum):
    PASS = "pass"  # noqa: S105 - an outcome, not a password
    FAIL = "fail"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class CheckResult:
    code: str  # "linked", "area", "cooldown", "age", "profession", "question:<id>"
    label: str
    outcome: Outcome
    detail: str = ""
    automatic: bool = True


@dataclass(frozen=True)
class EarlierWinners:
    """Nominees who won a published programme of the same series in the cooldown years."""

    person_ids: frozenset[int] = frozenset()
    organization_ids: frozenset[int] = frozenset()
    center_codes: frozenset[str] = frozenset()
    years: dict | None = None  # (kind, id) -> year (CE) of the latest win

    def year_of(self, nomination: Nomination) -> int | None:
        key = _nominee_key(nomination)
        return (self.years or {}).get(key) if key else None


def _nominee_key(nomination: Nomination) -> tuple[str, object] | None:
    if nomination.person_id:
        return ("person", nomination.person_id)
    if nomination.organization_id:
        return ("organization", nomination.organization_id)
    if nomination.center_id:
        return ("center", nomination.center_id)
    return None


def earlier_winners(programme: Programme) -> EarlierWinners:
    """One query: the winners of published programmes of the same series in the years the
    cooldown rule covers (the N years before this programme's year)."""
    years = programme.winner_cooldown_years
    if not years or not programme.series:
        return EarlierWinners()
    rows = Nomination.objects.filter(
        programme__series=programme.series,
        programme__status=ProgrammeStatus.PUBLISHED,
        programme__year__gte=programme.year - years,
        programme__year__lt=programme.year,
        selected=True,
    ).values_list("person_id", "organization_id", "center_id", "programme__year")
    people, organizations, centers, latest = set(), set(), set(), {}
    for person_id, organization_id, center_id, year in rows:
        for kind, key, bucket in (
            ("person", person_id, people),
            ("organization", organization_id, organizations),
            ("center", center_id, centers),
        ):
            if key:
                bucket.add(key)
                latest[(kind, key)] = max(year, latest.get((kind, key), 0))
    return EarlierWinners(frozenset(people), frozenset(organizations), frozenset(centers), latest)


def automatic_checks(
    programme: Programme, nomination: Nomination, winners: EarlierWinners
) -> list[CheckResult]:
    """The rules the data can answer, for one nomination (its person, organisation or center
    and its category loaded by the caller)."""
    results: list[CheckResult] = []
    linked = nomination.linked
    results.append(
        CheckResult(
            "linked",
            _("The nominee is a record of the registry"),
            Outcome.PASS if linked else Outcome.FAIL,
            ""
            if linked
            else _("Link the nomination to the registry (an existing record or a new one) first."),
        )
    )
    if programme.require_in_area:
        inside = nomination.area_id.startswith(programme.area_id)
        results.append(
            CheckResult(
                "area",
                _("Lives or works in %(area)s") % {"area": programme.area.display_name},
                Outcome.PASS if inside else Outcome.FAIL,
                _("Recorded in %(area)s.") % {"area": nomination.area.display_name},
            )
        )
    if programme.winner_cooldown_years and programme.series:
        year = winners.year_of(nomination)
        results.append(
            CheckResult(
                "cooldown",
                _("Not a winner of this programme in the last %(years)s years")
                % {"years": programme.winner_cooldown_years},
                Outcome.FAIL if year else Outcome.PASS,
                _("Won in %(year)s.") % {"year": year + 543} if year else "",
            )
        )
    person = nomination.person if nomination.person_id else None
    if programme.minimum_age and programme.nominee_kind == NomineeKind.PERSON:
        if person is None or not person.birth_year:
            outcome, detail = Outcome.UNKNOWN, _("The birth year is not recorded: check it.")
        else:
            age = programme.year - person.birth_year
            outcome = Outcome.PASS if age >= programme.minimum_age else Outcome.FAIL
            detail = _("About %(age)s years old in %(year)s.") % {
                "age": age,
                "year": programme.be_year,
            }
        results.append(
            CheckResult(
                "age",
                _("At least %(age)s years old") % {"age": programme.minimum_age},
                outcome,
                detail,
            )
        )
    category = nomination.category
    if category is not None and category.profession_id and person is not None:
        same = person.profession_id == category.profession_id
        results.append(
            CheckResult(
                "profession",
                _("Registered in the profession of the category (%(category)s)")
                % {"category": category.name},
                Outcome.PASS if same else Outcome.UNKNOWN,
                ""
                if same
                else _("The registry records another profession: check it.")
                if person.profession_id
                else _("The registry records no profession: check it."),
            )
        )
    return results


def question_checks(
    questions: Iterable[EligibilityCheck], answers: dict[str, bool]
) -> list[CheckResult]:
    results = []
    for question in questions:
        answer = answers.get(str(question.pk))
        outcome = Outcome.UNKNOWN if answer is None else Outcome.PASS if answer else Outcome.FAIL
        detail = "" if answer is None else _("Yes") if answer else _("No")
        results.append(
            CheckResult(f"question:{question.pk}", question.question, outcome, detail, False)
        )
    return results


@dataclass(frozen=True)
class Screening:
    """Every rule's result for one nomination, and what stands in the way of "eligible"."""

    checks: list[CheckResult]

    @property
    def failed(self) -> list[CheckResult]:
        return [c for c in self.checks if c.outcome == Outcome.FAIL]

    @property
    def unknown_automatic(self) -> list[CheckResult]:
        return [c for c in self.checks if c.automatic and c.outcome == Outcome.UNKNOWN]

    @property
    def unanswered(self) -> list[CheckResult]:
        return [c for c in self.checks if not c.automatic and c.outcome == Outcome.UNKNOWN]

    @property
    def all_pass(self) -> bool:
        return all(c.outcome == Outcome.PASS for c in self.checks)


def screen(
    programme: Programme,
    nomination: Nomination,
    questions: list[EligibilityCheck],
    winners: EarlierWinners,
    answers: dict[str, bool] | None = None,
) -> Screening:
    answers = nomination.check_answers if answers is None else answers
    return Screening(
        automatic_checks(programme, nomination, winners) + question_checks(questions, answers)
    )


def nominee_filter(nomination: Nomination) -> Q:
    """Nominations of the same nominee (to refuse a second nomination in one programme)."""
    if nomination.person_id:
        return Q(person_id=nomination.person_id)
    if nomination.organization_id:
        return Q(organization_id=nomination.organization_id)
    if nomination.center_id:
        return Q(center_id=nomination.center_id)
    return Q(pk__in=[])
