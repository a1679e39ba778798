"""Writes of the awards app: programmes and their setup, the moves between states, nominations
and evidence, screening, assignments, scorecards, conflicts of interest, decisions on ties.

Every function checks the actor's scope first (a programme outside it answers 404, as one that
does not exist), then the rules, and raises ValidationError({field: message}) in the user's
language, with nothing changed. A programme is managed by the users who may change its area.
Criteria, panel, quotas and every rule of the result are frozen once judging opens, so the
result cannot be tuned after the scores are known.
"""

from __future__ import annotations

from concenter.awards.services._common import (
    PROGRAMME_FIELDS,
    S,
    may_nominate,
    when,
)
from concenter.awards.services.categories import (
    category_add,
    category_remove,
    category_update,
    criterion_add,
    criterion_remove,
    criterion_update,
    eligibility_check_add,
    eligibility_check_remove,
)
from concenter.awards.services.judging import (
    assignment_set,
    assignments_generate,
    conflict_decide,
    conflict_declare,
    score_value,
    scorecard_reopen,
    scorecard_save,
    scorecard_submit,
    scorecards_save_many,
)
from concenter.awards.services.nominations import (
    evidence_add,
    evidence_remove,
    nomination_create,
    nomination_link,
    nomination_photo_set,
    nomination_submit_public,
    nomination_update,
    nomination_withdraw,
)
from concenter.awards.services.panel import (
    panel_member_add,
    panel_member_remove,
    panel_member_update,
)
from concenter.awards.services.programmes import (
    programme_create,
    programme_emblem_set,
    programme_update,
    signatories_set,
)
from concenter.awards.services.screening import (
    nomination_screen,
)
from concenter.awards.services.states import (
    programme_close,
    programme_judging_reopen,
    programme_judging_start,
    programme_open,
    programme_publish,
    programme_results_compute,
    programme_transition,
    status_at_least,
)
from concenter.awards.services.ties import (
    tie_decide,
)

__all__ = [
    "PROGRAMME_FIELDS",
    "S",
    "assignment_set",
    "assignments_generate",
    "category_add",
    "category_remove",
    "category_update",
    "conflict_decide",
    "conflict_declare",
    "criterion_add",
    "criterion_remove",
    "criterion_update",
    "eligibility_check_add",
    "eligibility_check_remove",
    "evidence_add",
    "evidence_remove",
    "may_nominate",
    "nomination_create",
    "nomination_link",
    "nomination_photo_set",
    "nomination_screen",
    "nomination_submit_public",
    "nomination_update",
    "nomination_withdraw",
    "panel_member_add",
    "panel_member_remove",
    "panel_member_update",
    "programme_close",
    "programme_create",
    "programme_emblem_set",
    "programme_judging_reopen",
    "programme_judging_start",
    "programme_open",
    "programme_publish",
    "programme_results_compute",
    "programme_transition",
    "programme_update",
    "score_value",
    "scorecard_reopen",
    "scorecard_save",
    "scorecard_submit",
    "scorecards_save_many",
    "signatories_set",
    "status_at_least",
    "tie_decide",
    "when",
]
