"""Screening a nomination against the programme's eligibility questions."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from concenter.accounts.scope import Access, require
from concenter.awards import eligibility
from concenter.awards.models import (
    Nomination,
    NominationStatus,
    Programme,
)
from concenter.awards.services._common import S, _nomination, _require_status, _text
from concenter.common import clock
from concenter.common.versioning import lock_for_update


def _answers(programme: Programme, given: Mapping | None, current: dict) -> dict[str, bool]:
    answers = dict(current)
    if not given:
        return answers
    known = {str(pk) for pk in programme.eligibility_checks.values_list("pk", flat=True)}
    for key, value in given.items():
        if str(key) not in known:
            raise ValidationError({"answers": _("Unknown eligibility question.")})
        if value is None or value == "":
            answers.pop(str(key), None)
        else:
            answers[str(key)] = value in (True, "yes", "true", "1", 1)
    return answers


@transaction.atomic
def nomination_screen(
    *,
    actor,
    nomination_id: int,
    eligible: bool,
    reason: str = "",
    answers: Mapping | None = None,
    confirm_unchecked: bool = False,
    expected_version: int | None = None,
    now: datetime.datetime | None = None,
) -> Nomination:
    """Mark a nomination eligible or not, during screening. Eligible needs: the nominee linked
    to the registry, no rule failing, every question answered yes, and the rules the data
    cannot check confirmed (`confirm_unchecked`). Not eligible needs a reason (the failing
    rules are named when none is typed)."""
    now = now or clock.now()
    existing = _nomination(nomination_id)
    programme = existing.programme
    require(actor, Access.CHANGE, programme.area_id)
    _require_status(programme, S.SCREENING)
    nomination = lock_for_update(
        Nomination.objects.filter(pk=existing.pk), expected_version=expected_version
    )
    # The rules read the nominee and the category (loaded apart: a join would be locked too).
    loaded = Nomination.objects.select_related(
        "area", "person", "organization", "center", "category"
    ).get(pk=nomination.pk)
    for relation in ("area", "person", "organization", "center", "category"):
        setattr(nomination, relation, getattr(loaded, relation))
    if nomination.status == NominationStatus.WITHDRAWN:
        raise ValidationError({"status": _("This nomination was withdrawn.")})
    nomination.check_answers = _answers(programme, answers, nomination.check_answers)
    questions = list(programme.eligibility_checks.all())
    result = eligibility.screen(
        programme, nomination, questions, eligibility.earlier_winners(programme)
    )
    reason = _text(reason, 500)
    if eligible:
        problems = [
            f"{check.label}: {check.detail}" if check.detail else check.label
            for check in result.failed
        ]
        problems += [
            _("Answer: %(question)s") % {"question": check.label} for check in result.unanswered
        ]
        if result.unknown_automatic and not confirm_unchecked:
            problems += [
                _("Confirm: %(rule)s") % {"rule": check.label} for check in result.unknown_automatic
            ]
        if problems:
            raise ValidationError({"eligible": problems})
        nomination.status = NominationStatus.ELIGIBLE
        nomination.screening_reason = reason
        nomination.unchecked_confirmed = bool(result.unknown_automatic)
    else:
        if not reason:
            reason = "; ".join(check.label for check in result.failed)[:500]
        if not reason:
            raise ValidationError({"reason": _("Say why the nomination is not eligible.")})
        nomination.status = NominationStatus.INELIGIBLE
        nomination.screening_reason = reason
        nomination.unchecked_confirmed = False
    nomination.screened_by = actor if getattr(actor, "pk", None) else None
    nomination.screened_at = now
    nomination.save()
    return nomination
