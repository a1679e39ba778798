"""Deciding ties the scores leave at a quota's edge."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from concenter.awards.models import (
    TieDecision,
)
from concenter.awards.services._common import (
    S,
    _managed,
    _multiline,
    _require_status,
    _store_results,
)


@transaction.atomic
def tie_decide(
    *,
    actor,
    programme_id: int,
    nomination_ids: Iterable[int],
    selected_ids: Iterable[int],
    reason: str,
) -> TieDecision:
    """Record the committee's decision on a tie at a cut-off: exactly the tied nominations,
    exactly as many selected as there are places, and the reason. The results are recomputed."""
    from concenter.awards.results import programme_results

    programme = _managed(actor, programme_id, lock=True)
    _require_status(programme, S.RESULTS)
    try:
        tied = frozenset(int(i) for i in nomination_ids)
        chosen = frozenset(int(i) for i in selected_ids)
    except (TypeError, ValueError):
        raise ValidationError({"nomination_ids": _("Unknown nomination.")}) from None
    reason = _multiline(reason, 2000)
    if not reason:
        raise ValidationError({"reason": _("Record the reason for the decision.")})
    outcome = programme_results(programme)
    tie = next((t for t in outcome.results.pending_ties if t.nomination_ids == tied), None)
    if tie is None:
        raise ValidationError(
            {"nomination_ids": _("These nominations are not a tie waiting for a decision.")}
        )
    if not chosen <= tied or len(chosen) != tie.places:
        raise ValidationError(
            {
                "selected_ids": _(
                    "Choose exactly %(places)s of the tied nominations for the places left."
                )
                % {"places": tie.places}
            }
        )
    decision = TieDecision(
        programme=programme,
        stage=tie.stage,
        category_id=tie.category_id,
        nomination_ids=sorted(tied),
        selected_ids=sorted(chosen),
        reason=reason,
        decided_by=actor if getattr(actor, "pk", None) else None,
    )
    decision.save()
    _store_results(programme)
    return decision
