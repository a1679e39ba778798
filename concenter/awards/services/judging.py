"""Judging: who scores which nomination, scorecards, conflicts of interest."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from decimal import Context, Decimal, InvalidOperation, localcontext

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from concenter.awards.models import (
    Conflict,
    ConflictKind,
    ConflictStatus,
    Criterion,
    Nomination,
    NominationStatus,
    PanelMember,
    Score,
    Scorecard,
)
from concenter.awards.results import stored_weighted
from concenter.awards.services._common import (
    S,
    _decimal,
    _judges_of,
    _managed,
    _multiline,
    _panel_for,
    _require_status,
    _text,
)
from concenter.common import clock
from concenter.common.errors import NotFoundOrOutOfScope
from concenter.common.versioning import lock_for_update


@transaction.atomic
def assignments_generate(*, actor, programme_id: int) -> int:
    """(Re)assign every nomination not ruled out to the judges of its category (judges with
    no category score all). Only before judging opens. Returns the number of assignments."""
    programme = _managed(actor, programme_id, lock=True)
    _require_status(programme, S.SCREENING, field="assignments")
    panel = _panel_for(programme)
    if not panel:
        raise ValidationError({"assignments": _("Put judges on the panel first.")})
    nominations = list(
        Nomination.objects.filter(
            programme=programme,
            status__in=(NominationStatus.SUBMITTED, NominationStatus.ELIGIBLE),
        )
    )
    wanted = {(n.pk, j.pk) for n in nominations for j in _judges_of(n, panel)}
    existing = {
        (c.nomination_id, c.judge_id): c
        for c in Scorecard.objects.filter(nomination__programme=programme)
    }
    for key, card in existing.items():
        if key not in wanted:
            card.delete()
    for nomination_id, judge_id in sorted(wanted - existing.keys()):
        Scorecard(nomination_id=nomination_id, judge_id=judge_id).save()
    return len(wanted)


@transaction.atomic
def assignment_set(*, actor, nomination_id: int, judge_ids: Iterable[int]) -> list[Scorecard]:
    """Assign exactly these judges of the panel to one nomination (before judging opens)."""
    nomination = Nomination.objects.filter(pk=nomination_id).first()
    if nomination is None:
        raise NotFoundOrOutOfScope()
    programme = _managed(actor, nomination.programme_id, lock=True)
    _require_status(programme, S.SCREENING, field="judge_ids")
    if nomination.status not in (NominationStatus.SUBMITTED, NominationStatus.ELIGIBLE):
        raise ValidationError({"judge_ids": _("This nomination is not in the running.")})
    ids = {int(i) for i in judge_ids}
    members = {m.pk for m in PanelMember.objects.filter(programme=programme, pk__in=ids)}
    if members != ids:
        raise ValidationError({"judge_ids": _("Unknown judge.")})
    cards = {c.judge_id: c for c in Scorecard.objects.filter(nomination=nomination)}
    for judge_id, card in cards.items():
        if judge_id not in ids:
            card.delete()
    for judge_id in sorted(ids - cards.keys()):
        Scorecard(nomination=nomination, judge_id=judge_id).save()
    return list(Scorecard.objects.filter(nomination=nomination).order_by("pk"))


def _judge_card(actor, nomination_id: int) -> Scorecard:
    """The actor's own scorecard for a nomination assigned to them once judging has opened;
    any other nomination answers 404, as one that does not exist."""
    card = (
        Scorecard.objects.select_related("nomination__programme", "judge")
        .filter(
            nomination_id=nomination_id,
            judge__user_id=getattr(actor, "pk", None),
            nomination__status=NominationStatus.ELIGIBLE,
        )
        .first()
        if getattr(actor, "is_authenticated", False)
        else None
    )
    if card is None or not card.nomination.programme.frozen:
        raise NotFoundOrOutOfScope()
    return card


def _locked_card(card: Scorecard, expected_version: int | None) -> Scorecard:
    """The scorecard's row locked (alone), with the nomination and judge already loaded."""
    locked = lock_for_update(
        Scorecard.objects.filter(pk=card.pk), expected_version=expected_version
    )
    locked.nomination, locked.judge = card.nomination, card.judge
    return locked


def _judging_open(card: Scorecard, field: str = "scores") -> None:
    if card.nomination.programme.status != S.JUDGING:
        raise ValidationError({field: _("Judging is closed for this programme.")})


def _conflict_blocks(card: Scorecard, field: str = "scores") -> None:
    states = set(
        Conflict.objects.filter(nomination_id=card.nomination_id, judge_id=card.judge_id)
        .exclude(status=ConflictStatus.DISMISSED)
        .values_list("status", flat=True)
    )
    if ConflictStatus.CONFIRMED in states:
        raise ValidationError(
            {field: _("You have a conflict of interest with this nomination: you do not score it.")}
        )
    if ConflictStatus.PENDING in states:
        raise ValidationError(
            {field: _("First confirm or dismiss the possible conflicts of interest shown.")}
        )


def _whole_or_half(value: Decimal) -> bool:
    """Exactly a whole or half point. Compared exactly, not in Decimal's default context (28
    digits, which rounds 7.50000000000000000000000000000001 to 7.5 and 1e-999999999 to 0)."""
    try:
        with localcontext(Context(prec=60, traps=[InvalidOperation])):
            tenths = value.quantize(Decimal("0.1"))
    except InvalidOperation:
        return False
    return tenths == value and not (tenths * 2) % 1


def score_value(raw, criterion: Criterion) -> Decimal:
    """A score typed for a criterion: a number from 0 to the maximum in whole or half points,
    else ValidationError naming the criterion."""
    field = f"criterion_{criterion.pk}"
    value = _decimal(raw, field, criterion.name)
    if value < 0:
        raise ValidationError(
            {
                field: _("%(criterion)s: the score cannot be negative.")
                % {"criterion": criterion.name}
            }
        )
    if value > criterion.max_score:
        raise ValidationError(
            {
                field: _("%(criterion)s: the score cannot be above %(max)s.")
                % {"criterion": criterion.name, "max": format(criterion.max_score.normalize(), "f")}
            }
        )
    if not _whole_or_half(value):
        raise ValidationError(
            {
                field: _("%(criterion)s: score in whole or half points (for example 7 or 7.5).")
                % {"criterion": criterion.name}
            }
        )
    return value.quantize(Decimal("0.1"))


@transaction.atomic
def scorecard_save(
    *,
    actor,
    nomination_id: int,
    scores: Mapping,
    comment: str | None = None,
    expected_version: int | None = None,
) -> Scorecard:
    """Save a judge's scores as they go (any subset of the criteria, each named by its id or its
    code; an empty value clears one). Every value is checked before any is saved: one bad score
    saves nothing."""
    card = _judge_card(actor, nomination_id)
    _judging_open(card)
    card = _locked_card(card, expected_version)
    if card.submitted:
        raise ValidationError({"scores": _("This scorecard was submitted: it cannot change.")})
    _conflict_blocks(card)
    criteria = {
        c.pk: c for c in Criterion.objects.filter(programme_id=card.nomination.programme_id)
    }
    by_code = {c.code: c for c in criteria.values()}
    errors: dict[str, str] = {}
    changes: dict[int, Decimal | None] = {}
    for key, raw in (scores or {}).items():
        # A criterion by its id (as the web form names it) or by its stable code.
        try:
            criterion = criteria.get(int(str(key).removeprefix("criterion_")))
        except ValueError:
            criterion = by_code.get(str(key))
        if criterion is None:
            errors["scores"] = _("Unknown criterion.")
            continue
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            changes[criterion.pk] = None
            continue
        try:
            changes[criterion.pk] = score_value(raw, criterion)
        except ValidationError as error:
            errors.update({k: v[0] for k, v in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    existing = {s.criterion_id: s for s in Score.objects.filter(scorecard=card)}
    for criterion_id, value in changes.items():
        score = existing.get(criterion_id)
        if value is None:
            if score is not None:
                score.delete()
        elif score is None:
            Score(scorecard=card, criterion_id=criterion_id, value=value).save()
        elif score.value != value:
            score.value = value
            score.save()
    if comment is not None:
        card.comment = _multiline(comment, 5000)
    card.save()
    return card


@transaction.atomic
def scorecard_submit(
    *,
    actor,
    nomination_id: int,
    expected_version: int | None = None,
    now: datetime.datetime | None = None,
) -> Scorecard:
    """Submit a complete scorecard (a score for every criterion); it then counts and can no
    longer change (a manager may reopen it while judging is open)."""
    now = now or clock.now()
    card = _judge_card(actor, nomination_id)
    _judging_open(card)
    card = _locked_card(card, expected_version)
    if card.submitted:
        raise ValidationError({"scores": _("This scorecard was submitted: it cannot change.")})
    _conflict_blocks(card)
    scored = dict(Score.objects.filter(scorecard=card).values_list("criterion_id", "value"))
    criteria = list(Criterion.objects.filter(programme_id=card.nomination.programme_id))
    missing = [c.name for c in criteria if c.pk not in scored]
    if missing:
        raise ValidationError(
            {
                "scores": _("The scorecard is not complete: give a score for %(criteria)s.")
                % {"criteria": ", ".join(missing)}
            }
        )
    card.submitted_at = now
    # The weighted score, exactly, so that the results need not read every score.
    for field, value in stored_weighted(scored, criteria).items():
        setattr(card, field, value)
    card.save()
    return card


SCORECARDS_PER_CALL_MAX = 500


@transaction.atomic
def scorecards_save_many(*, actor, cards: Sequence[Mapping]) -> list[Scorecard]:
    """A judge saves, and submits where asked, many scorecards at once (one call instead of a
    save and a submit per card). Each card is {nomination_id, scores, comment?, version?,
    submit?}. All or nothing: one refused card stores none, and the refusal names the card; a
    nomination not assigned to the judge answers 404, as for one card."""
    if len(cards) > SCORECARDS_PER_CALL_MAX:
        raise ValidationError(
            {"cards": _("At most %(max)s scorecards per call.") % {"max": SCORECARDS_PER_CALL_MAX}}
        )
    saved: list[Scorecard] = []
    for index, item in enumerate(cards):
        nomination_id = item.get("nomination_id")
        try:
            card = scorecard_save(
                actor=actor,
                nomination_id=nomination_id,
                scores=item.get("scores") or {},
                comment=item.get("comment"),
                expected_version=item.get("version"),
            )
            if item.get("submit"):
                card = scorecard_submit(actor=actor, nomination_id=nomination_id)
        except ValidationError as error:
            raise ValidationError(
                {
                    f"cards.{index}.{field}": [
                        _("Card %(number)s: %(message)s") % {"number": index + 1, "message": m}
                        for m in messages
                    ]
                    for field, messages in error.message_dict.items()
                }
            ) from None
        saved.append(card)
    return saved


@transaction.atomic
def scorecard_reopen(*, actor, scorecard_id: int) -> Scorecard:
    """A manager reopens a submitted scorecard while judging is open (the judge may correct it)."""
    card = Scorecard.objects.select_related("nomination__programme").filter(pk=scorecard_id).first()
    if card is None:
        raise NotFoundOrOutOfScope()
    programme = _managed(actor, card.nomination.programme_id, lock=True)
    _require_status(programme, S.JUDGING)
    card = lock_for_update(Scorecard.objects.filter(pk=card.pk), expected_version=None)
    if not card.submitted:
        raise ValidationError({"status": _("This scorecard is not submitted.")})
    card.submitted_at = None
    card.weighted_numerator = card.weighted_denominator = None
    card.save()
    return card


@transaction.atomic
def conflict_declare(*, actor, nomination_id: int, detail: str) -> Conflict:
    """A judge declares a conflict of interest with a nomination: the judge does not score it
    (a card already submitted stops counting)."""
    card = _judge_card(actor, nomination_id)
    _judging_open(card, "detail")
    detail = _text(detail, 500)
    if not detail:
        raise ValidationError({"detail": _("Describe the conflict of interest.")})
    conflict = Conflict.objects.filter(
        nomination_id=card.nomination_id, judge=card.judge, kind=ConflictKind.DECLARED
    ).first() or Conflict(
        nomination_id=card.nomination_id, judge=card.judge, kind=ConflictKind.DECLARED
    )
    conflict.detail = detail
    conflict.status = ConflictStatus.CONFIRMED
    conflict.decided_at = clock.now()
    conflict.save()
    return conflict


@transaction.atomic
def conflict_decide(*, actor, conflict_id: int, confirm: bool, note: str = "") -> Conflict:
    """The judge confirms a flagged conflict (then does not score the nomination) or dismisses
    it, saying why."""
    conflict = Conflict.objects.filter(pk=conflict_id).first()
    if conflict is None:
        raise NotFoundOrOutOfScope()
    card = _judge_card(actor, conflict.nomination_id)
    if card.judge_id != conflict.judge_id:
        raise NotFoundOrOutOfScope()
    _judging_open(card, "note")
    if conflict.status != ConflictStatus.PENDING:
        raise ValidationError({"note": _("This possible conflict was already decided.")})
    note = _text(note, 500)
    if not confirm and not note:
        raise ValidationError({"note": _("Say why this is not a conflict of interest.")})
    conflict.status = ConflictStatus.CONFIRMED if confirm else ConflictStatus.DISMISSED
    conflict.note = note
    conflict.decided_at = clock.now()
    conflict.save()
    return conflict
