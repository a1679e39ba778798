"""A programme's moves between states: open, close, judging, results, reopen, publish."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from concenter.awards import conflicts as conflict_rules
from concenter.awards.models import (
    STATUS_ORDER,
    Conflict,
    ConflictStatus,
    Nomination,
    NominationStatus,
    Programme,
    Scorecard,
)
from concenter.awards.services import messages
from concenter.awards.services._common import (
    S,
    _judges_of,
    _locked,
    _managed,
    _panel_for,
    _require_status,
    _store_results,
    _text,
    when,
)
from concenter.common import clock


@transaction.atomic
def programme_open(
    *,
    actor,
    programme_id: int,
    expected_version: int | None = None,
    now: datetime.datetime | None = None,
) -> Programme:
    """draft → open: needs at least one criterion (nominators read them) and a closing time
    still ahead. Nominations are accepted from the opening time to the closing time."""
    now = now or clock.now()
    programme = _locked(actor, programme_id, expected_version)
    _require_status(programme, S.DRAFT)
    problems = []
    if not programme.criteria.exists():
        problems.append(_("Add at least one criterion."))
    if programme.nominations_close_at <= now:
        problems.append(_("The closing time of nominations has already passed."))
    if problems:
        raise ValidationError({"status": problems})
    programme.status = S.OPEN
    programme.save()
    return programme


@transaction.atomic
def programme_close(
    *,
    actor,
    programme_id: int,
    expected_version: int | None = None,
    early: bool = False,
    now: datetime.datetime | None = None,
) -> Programme:
    """open → screening, once the closing time has passed; `early=True` closes nominations
    now (the closing time becomes now)."""
    now = now or clock.now()
    programme = _locked(actor, programme_id, expected_version)
    _require_status(programme, S.OPEN)
    if now < programme.nominations_close_at:
        if not early:
            raise ValidationError(
                {
                    "status": _(
                        "Nominations are open until %(time)s. Close them early to screen now."
                    )
                    % {"time": when(programme.nominations_close_at)}
                }
            )
        programme.nominations_close_at = max(
            now, programme.nominations_open_at + datetime.timedelta(seconds=1)
        )
    programme.status = S.SCREENING
    programme.save()
    return programme


def _eligible_nominations(programme: Programme):
    return Nomination.objects.filter(programme=programme, status=NominationStatus.ELIGIBLE)


def _flag_conflicts(programme: Programme) -> int:
    """Flag likely conflicts for every assignment of judges who name their registry record."""
    cards = list(
        Scorecard.objects.filter(nomination__programme=programme).select_related(
            "judge__person__area",
            "nomination__person__area",
            "nomination__organization__area",
            "nomination__center",
        )
    )
    flags = conflict_rules.likely_conflicts((c.judge, c.nomination) for c in cards)
    existing = set(
        Conflict.objects.filter(nomination__programme=programme).values_list(
            "judge_id", "nomination_id", "kind"
        )
    )
    created = 0
    for flag in flags:
        if (flag.judge_id, flag.nomination_id, flag.kind) in existing:
            continue
        Conflict(
            nomination_id=flag.nomination_id,
            judge_id=flag.judge_id,
            kind=flag.kind,
            detail=flag.detail[:500],
        ).save()
        created += 1
    return created


@transaction.atomic
def programme_judging_start(
    *,
    actor,
    programme_id: int,
    expected_version: int | None = None,
    now: datetime.datetime | None = None,
) -> Programme:
    """screening → judging. Every nomination must be screened, at least one eligible; the
    criteria's weights add up to more than 0; the panel has at least the minimum number of
    judges, and each eligible nomination that many assigned judges (nominations without any
    assignment are assigned from the panel's categories here). Likely conflicts are flagged.
    From now on criteria, panel, quotas and the rules of the result are frozen."""
    now = now or clock.now()
    programme = _locked(actor, programme_id, expected_version)
    _require_status(programme, S.SCREENING)
    problems = []
    waiting = Nomination.objects.filter(
        programme=programme, status=NominationStatus.SUBMITTED
    ).count()
    if waiting:
        problems.append(
            _("%(count)s nominations are still waiting for screening.") % {"count": waiting}
        )
    eligible = list(_eligible_nominations(programme))
    if not eligible:
        problems.append(_("No nomination is eligible."))
    if not programme.criteria.exists():
        problems.append(_("Add at least one criterion."))
    panel = _panel_for(programme)
    if len(panel) < programme.min_scorecards:
        problems.append(
            _("The panel has %(count)s judges; each nomination needs %(min)s scorecards.")
            % {"count": len(panel), "min": programme.min_scorecards}
        )
    if problems:
        raise ValidationError({"status": problems})
    # Nominations ruled out during screening are not judged.
    for card in Scorecard.objects.filter(nomination__programme=programme).exclude(
        nomination__status=NominationStatus.ELIGIBLE
    ):
        card.delete()
    assigned: dict[int, int] = {}
    for nomination_id in Scorecard.objects.filter(nomination__programme=programme).values_list(
        "nomination_id", flat=True
    ):
        assigned[nomination_id] = assigned.get(nomination_id, 0) + 1
    short = []
    for nomination in eligible:
        if not assigned.get(nomination.pk):
            judges = _judges_of(nomination, panel)
            for judge in judges:
                Scorecard(nomination=nomination, judge=judge).save()
            assigned[nomination.pk] = len(judges)
        if assigned[nomination.pk] < programme.min_scorecards:
            short.append(nomination.nominee_name)
    if short:
        raise ValidationError(
            {
                "status": _(
                    "These nominations have fewer judges than the %(min)s scorecards they need: "
                    "%(names)s."
                )
                % {"min": programme.min_scorecards, "names": ", ".join(short[:20])}
            }
        )
    _flag_conflicts(programme)
    programme.status = S.JUDGING
    programme.judging_opened_at = now
    programme.state_note = ""
    programme.save()
    messages.judging_assigned_send(programme)
    return programme


@transaction.atomic
def programme_results_compute(
    *,
    actor,
    programme_id: int,
    expected_version: int | None = None,
    allow_incomplete: bool = False,
    now: datetime.datetime | None = None,
) -> Programme:
    """judging → results: scoring closes and the results are computed. While scorecards are
    still open or flags wait for their judge, `allow_incomplete=True` is needed (those cards
    then do not count)."""
    now = now or clock.now()
    programme = _locked(actor, programme_id, expected_version)
    _require_status(programme, S.JUDGING)
    conflicted = set(
        Conflict.objects.filter(
            nomination__programme=programme, status=ConflictStatus.CONFIRMED
        ).values_list("judge_id", "nomination_id")
    )
    open_cards = sum(
        1
        for judge_id, nomination_id in Scorecard.objects.filter(
            nomination__programme=programme, submitted_at__isnull=True
        ).values_list("judge_id", "nomination_id")
        if (judge_id, nomination_id) not in conflicted
    )
    pending = Conflict.objects.filter(
        nomination__programme=programme, status=ConflictStatus.PENDING
    ).count()
    if (open_cards or pending) and not allow_incomplete:
        raise ValidationError(
            {
                "status": _(
                    "%(cards)s scorecards are not submitted and %(flags)s possible conflicts "
                    "wait for their judge. Confirm that the results are computed without them."
                )
                % {"cards": open_cards, "flags": pending}
            }
        )
    programme.status = S.RESULTS
    programme.results_computed_at = now
    programme.state_note = ""
    programme.save()
    _store_results(programme)
    return programme


@transaction.atomic
def programme_judging_reopen(
    *, actor, programme_id: int, reason: str, expected_version: int | None = None
) -> Programme:
    """results → judging, before publishing, with a reason (kept in the audit trail)."""
    programme = _locked(actor, programme_id, expected_version)
    _require_status(programme, S.RESULTS)
    reason = _text(reason, 500)
    if not reason:
        raise ValidationError({"reason": _("Say why judging is reopened.")})
    programme.status = S.JUDGING
    programme.state_note = reason
    programme.results_computed_at = None
    programme.save()
    return programme


@transaction.atomic
def programme_publish(
    *,
    actor,
    programme_id: int,
    expected_version: int | None = None,
    now: datetime.datetime | None = None,
) -> Programme:
    """results → published: the results must be complete (no tie waiting for a decision) and
    select at least one nomination. The winners are numbered in the order of presentation (by
    category, then rank); the hall of fame shows them from now on."""
    from concenter.awards.results import programme_results

    now = now or clock.now()
    programme = _locked(actor, programme_id, expected_version)
    _require_status(programme, S.RESULTS)
    outcome = programme_results(programme)
    if not outcome.results.complete:
        raise ValidationError(
            {"status": _("A tie at a cut-off waits for the committee's decision.")}
        )
    if not outcome.results.selected:
        raise ValidationError({"status": _("The results select no nomination.")})
    _store_results(programme)
    category_order = {c.pk: (c.position, c.pk) for c in outcome.categories.values()}
    winners = sorted(
        Nomination.objects.filter(programme=programme, selected=True),
        key=lambda n: (
            category_order.get(n.category_id, (10_000, 0)),
            n.rank or 0,
            n.sort_key,
            n.pk,
        ),
    )
    for number, nomination in enumerate(winners, start=1):
        nomination.plaque_number = number
        nomination.save(update_fields=["plaque_number", "updated_at"])
    programme.status = S.PUBLISHED
    programme.published_at = now
    if programme.plaque_date is None:
        # The plaques carry the day the results were published, whenever they are printed.
        programme.plaque_date = timezone.localtime(now).date()
    programme.save()
    messages.results_published_send(programme)
    return programme


def programme_transition(
    *,
    actor,
    programme_id: int,
    to: str,
    expected_version: int | None = None,
    early: bool = False,
    allow_incomplete: bool = False,
    reason: str = "",
) -> Programme:
    """One door for the forms and the API: move the programme to the state `to` through the
    service of that move (back to judging from results is the reopening, with its reason)."""
    programme = _managed(actor, programme_id)
    common = {"actor": actor, "programme_id": programme.pk, "expected_version": expected_version}
    if to == S.OPEN:
        return programme_open(**common)
    if to == S.SCREENING:
        return programme_close(**common, early=early)
    if to == S.JUDGING and programme.status == S.RESULTS:
        return programme_judging_reopen(**common, reason=reason)
    if to == S.JUDGING:
        return programme_judging_start(**common)
    if to == S.RESULTS:
        return programme_results_compute(**common, allow_incomplete=allow_incomplete)
    if to == S.PUBLISHED:
        return programme_publish(**common)
    raise ValidationError({"to": _("Unknown state.")})


def status_at_least(programme: Programme, status: str) -> bool:
    return STATUS_ORDER[programme.status] >= STATUS_ORDER[status]
