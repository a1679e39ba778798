"""What the award services share: text cleaning, the programme a user manages, the status checks."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation

from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from concenter.accounts.scope import Access, require, user_scope
from concenter.awards.models import (
    Nomination,
    PanelMember,
    Programme,
    ProgrammeStatus,
)
from concenter.common import audit, clock
from concenter.common.errors import NotFoundOrOutOfScope
from concenter.common.thai import (
    format_datetime_en,
    format_datetime_th,
    normalize_text,
    to_arabic_digits,
)
from concenter.common.versioning import lock_for_update

S = ProgrammeStatus

# Which settings may still change in which state (the rest are frozen).
_DRAFT_ONLY = {"area_code", "nominee_kind", "year", "series"}
_UNTIL_NOMINATIONS_CLOSE = {"nominations_open_at", "nominations_close_at", "public_nominations"}
_UNTIL_JUDGING = {
    "total_quota",
    "min_scorecards",
    "normalize",
    "require_in_area",
    "winner_cooldown_years",
    "minimum_age",
}
_UNTIL_PUBLISHED = {"title", "description", "plaque_heading", "plaque_date"}
PROGRAMME_FIELDS = _DRAFT_ONLY | _UNTIL_NOMINATIONS_CLOSE | _UNTIL_JUDGING | _UNTIL_PUBLISHED


def _text(value: str | None, limit: int) -> str:
    return normalize_text(value or "")[:limit]


def _multiline(value: str | None, limit: int) -> str:
    """Free text that keeps its paragraphs: each line cleaned, runs of empty lines kept to one."""
    lines = [normalize_text(line) for line in (value or "").replace("\r\n", "\n").split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return text[:limit]


def when(moment: datetime.datetime) -> str:
    """A moment in Bangkok time, written for the user's language (28 ก.พ. 2563 09:00 น.)."""
    from django.utils.translation import get_language

    local = timezone.localtime(moment)
    if (get_language() or "th").startswith("th"):
        return format_datetime_th(local)
    return format_datetime_en(local)


def _status_label(status: str) -> str:
    return str(ProgrammeStatus(status).label)


def _programme(programme_id: int | None) -> Programme:
    programme = (
        Programme.objects.select_related("area").filter(pk=programme_id).first()
        if programme_id
        else None
    )
    if programme is None:
        raise NotFoundOrOutOfScope()
    return programme


def _managed(actor, programme_id: int, *, lock: bool = False) -> Programme:
    """The programme, if the actor may change its area (404 otherwise); locked on request so
    that changes to one programme's setup and state queue one behind the other."""
    programme = _programme(programme_id)
    require(actor, Access.CHANGE, programme.area_id)
    if lock:
        # Only the programme's row is locked (a join would lock the shared area row too).
        area = programme.area
        programme = Programme.objects.select_for_update().get(pk=programme.pk)
        programme.area = area
    return programme


def _locked(actor, programme_id: int, expected_version: int | None) -> Programme:
    programme = _managed(actor, programme_id)
    locked = lock_for_update(
        Programme.objects.filter(pk=programme.pk), expected_version=expected_version
    )
    locked.area = programme.area
    return locked


def _require_status(programme: Programme, *allowed: str, field: str = "status") -> None:
    if programme.status not in allowed:
        raise ValidationError(
            {
                field: _("Not possible while the programme is %(status)s.")
                % {"status": _status_label(programme.status)}
            }
        )


def _before_judging(programme: Programme, field: str) -> None:
    if programme.frozen:
        raise ValidationError(
            {
                field: _(
                    "The criteria, the panel and the quotas are frozen once judging opens "
                    "(the programme is %(status)s)."
                )
                % {"status": _status_label(programme.status)}
            }
        )


def may_nominate(user, programme: Programme) -> bool:
    """Officers and center editors nominate in a programme that covers their area (or that
    they manage); viewers, judges and the public do not (the public has its own form)."""
    scope = user_scope(user, Access.CHANGE)
    if scope.nothing:
        return False
    if scope.covers(programme.area_id):
        return True
    return any(code.startswith(programme.area_id) for code in scope.prefixes + scope.exact_codes)


def _count(value, field: str, *, minimum: int = 0, maximum: int = 100_000) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(to_arabic_digits(str(value)).strip())
    except (TypeError, ValueError):
        raise ValidationError({field: _("Enter a whole number.")}) from None
    if not minimum <= number <= maximum:
        raise ValidationError(
            {
                field: _("Enter a whole number from %(min)s to %(max)s.")
                % {"min": minimum, "max": maximum}
            }
        )
    return number


def _decimal(value, field: str, label: str) -> Decimal:
    """A number typed by a person (Thai digits and a decimal comma accepted)."""
    if isinstance(value, bool):
        raise ValidationError({field: _("%(label)s: enter a number.") % {"label": label}})
    if isinstance(value, Decimal | int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(str(value))
    else:
        text = to_arabic_digits(str(value or "")).strip().replace(" ", "")
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValidationError(
                {field: _("%(label)s: enter a number.") % {"label": label}}
            ) from None
    if not number.is_finite():
        raise ValidationError({field: _("%(label)s: enter a number.") % {"label": label}})
    return number


def _panel_for(programme: Programme) -> list[PanelMember]:
    return list(
        PanelMember.objects.filter(programme=programme)
        .select_related("person", "person__area")
        .prefetch_related("categories")
    )


def _judges_of(nomination: Nomination, panel: list[PanelMember]) -> list[PanelMember]:
    """The judges who score a nomination by the panel's categories (none = all categories)."""
    chosen = []
    for member in panel:
        categories = {c.pk for c in member.categories.all()}
        if not categories or nomination.category_id in categories:
            chosen.append(member)
    return chosen


def _store_results(programme: Programme) -> None:
    """Copy the engine's result onto the nominations (rank, final score, selection)."""
    from concenter.awards.results import programme_results, stored_values

    outcome = programme_results(programme)
    shown = {row.nomination_id: row for row in outcome.results.rows + outcome.results.not_rankable}
    # Ten thousand nominations: one bulk update and the audit entries in bulk, not a save each.
    changed, befores, now = [], [], clock.now()
    fields = ["rank", "final_score", "selected", "selected_by", "plaque_number", "updated_at"]
    for nomination in Nomination.objects.filter(programme=programme).order_by("pk"):
        values = {**stored_values(shown.get(nomination.pk)), "plaque_number": None}
        if any(getattr(nomination, k) != v for k, v in values.items()):
            befores.append(audit.field_values(nomination))
            for key, value in values.items():
                setattr(nomination, key, value)
            nomination.updated_at = now
            changed.append(nomination)
    Nomination.objects.bulk_update(changed, fields, batch_size=500)
    audit.audit_bulk(changed, action=LogEntry.Action.UPDATE, before=befores)


def _nomination(nomination_id: int | None) -> Nomination:
    nomination = (
        Nomination.objects.select_related("programme", "programme__area")
        .filter(pk=nomination_id)
        .first()
        if nomination_id
        else None
    )
    if nomination is None:
        raise NotFoundOrOutOfScope()
    return nomination
