"""A programme and its setup: create, update, emblem, signatories."""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from concenter.accounts.scope import Access, require
from concenter.awards import rules
from concenter.awards.models import (
    NomineeKind,
    Programme,
    Signatory,
)
from concenter.awards.services._common import (
    _DRAFT_ONLY,
    _UNTIL_JUDGING,
    _UNTIL_NOMINATIONS_CLOSE,
    _UNTIL_PUBLISHED,
    PROGRAMME_FIELDS,
    S,
    _count,
    _locked,
    _managed,
    _multiline,
    _status_label,
    _text,
)
from concenter.common import clock
from concenter.common.thai import (
    to_arabic_digits,
)
from concenter.common.uploads import IMAGE, check_upload, delete_stored, store_upload
from concenter.geography.models import Area, Level

_SERIES = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _aware(value, field: str) -> datetime.datetime:
    if not isinstance(value, datetime.datetime):
        raise ValidationError({field: _("Enter a date and time.")})
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def _year(value, field: str = "year") -> int:
    try:
        year = int(to_arabic_digits(str(value)).strip())
    except (TypeError, ValueError):
        raise ValidationError({field: _("Enter the year, for example 2563.")}) from None
    if year > 2400:
        year -= 543
    if not 1950 <= year <= 2200:
        raise ValidationError({field: _("Enter the year, for example 2563.")})
    return year


def _programme_values(values: dict) -> dict:
    """Check and clean the settings of a programme (any subset of PROGRAMME_FIELDS)."""
    errors: dict[str, str] = {}
    cleaned: dict = {}
    for field, value in values.items():
        try:
            if field == "title":
                cleaned[field] = _text(value, 250)
                if not cleaned[field]:
                    errors[field] = _("Enter the programme's title.")
            elif field == "description":
                cleaned[field] = _multiline(value, 5000)
            elif field == "plaque_heading":
                cleaned[field] = _text(value, 250)
            elif field == "plaque_date":
                if value is not None and not isinstance(value, datetime.date):
                    errors[field] = _("Enter a date.")
                cleaned[field] = value
            elif field == "nominee_kind":
                if value not in NomineeKind.values:
                    errors[field] = _("Unknown kind of nominee.")
                cleaned[field] = value
            elif field == "year":
                cleaned[field] = _year(value)
            elif field == "series":
                series = (value or "").strip().lower()
                if series and not _SERIES.match(series):
                    errors[field] = _(
                        "Use lower-case letters, digits and hyphens, for example "
                        "outstanding-developer-71."
                    )
                cleaned[field] = series[:80]
            elif field in ("nominations_open_at", "nominations_close_at"):
                cleaned[field] = _aware(value, field)
            elif field in ("public_nominations", "normalize", "require_in_area"):
                cleaned[field] = bool(value)
            elif field == "total_quota":
                cleaned[field] = _count(value, field, maximum=10_000)
            elif field == "min_scorecards":
                cleaned[field] = _count(value, field, minimum=1, maximum=100) or 1
            elif field == "winner_cooldown_years":
                cleaned[field] = _count(value, field, minimum=1, maximum=50)
            elif field == "minimum_age":
                cleaned[field] = _count(value, field, minimum=1, maximum=120)
            elif field == "area_code":
                area = Area.objects.filter(code=(value or "").strip()[:8], active=True).first()
                if area is None or area.level == Level.VILLAGE:
                    errors[field] = _("A programme covers a province, a district or a subdistrict.")
                cleaned[field] = area
            else:
                errors[field] = _("Unknown setting.")
        except ValidationError as error:
            errors.update({k: v[0] for k, v in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_programme(programme: Programme) -> None:
    """Rules across the settings of one programme."""
    if programme.nominations_close_at <= programme.nominations_open_at:
        raise ValidationError(
            {"nominations_close_at": _("Nominations must close after they open.")}
        )
    if programme.winner_cooldown_years and not programme.series:
        raise ValidationError(
            {
                "series": _(
                    "Name the programme's series, so that the winners of earlier years can be found."
                )
            }
        )


@transaction.atomic
def programme_create(
    *,
    actor,
    area_code: str,
    title: str,
    year: int,
    nominations_open_at: datetime.datetime,
    nominations_close_at: datetime.datetime,
    nominee_kind: str = NomineeKind.PERSON,
    description: str = "",
    series: str = "",
    public_nominations: bool = False,
    total_quota: int | None = None,
    min_scorecards: int = 1,
    normalize: bool = False,
    require_in_area: bool = True,
    winner_cooldown_years: int | None = None,
    minimum_age: int | None = None,
    plaque_heading: str = "",
    plaque_date: datetime.date | None = None,
) -> Programme:
    """Draft a programme for an area the actor may change."""
    values = _programme_values(
        {
            "area_code": area_code,
            "title": title,
            "year": year,
            "nominations_open_at": nominations_open_at,
            "nominations_close_at": nominations_close_at,
            "nominee_kind": nominee_kind,
            "description": description,
            "series": series,
            "public_nominations": public_nominations,
            "total_quota": total_quota,
            "min_scorecards": min_scorecards,
            "normalize": normalize,
            "require_in_area": require_in_area,
            "winner_cooldown_years": winner_cooldown_years,
            "minimum_age": minimum_age,
            "plaque_heading": plaque_heading,
            "plaque_date": plaque_date,
        }
    )
    area = values.pop("area_code")
    require(actor, Access.CHANGE, area.code)
    programme = Programme(**values, created_by=actor if getattr(actor, "pk", None) else None)
    programme.place_in(area)
    _check_programme(programme)
    programme.save()
    return programme


@transaction.atomic
def programme_update(
    *, actor, programme_id: int, expected_version: int | None, **fields
) -> Programme:
    """Change settings. What may change depends on the state (see the module's docstring):
    the area, kind, year and series only in draft; the nomination window until nominations
    close; quotas and the rules of eligibility and of the result until judging opens; the
    title and what the plaques print until the programme is published."""
    programme = _locked(actor, programme_id, expected_version)
    unknown = set(fields) - PROGRAMME_FIELDS
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("Unknown setting.")})
    values = _programme_values(fields)
    if "area_code" in values:
        require(actor, Access.CHANGE, values["area_code"].code)
    status = programme.status
    errors: dict[str, str] = {}
    for field, value in values.items():
        current = programme.area if field == "area_code" else getattr(programme, field)
        if value == current:
            continue
        allowed = (
            (field in _DRAFT_ONLY and status == S.DRAFT)
            or (field in _UNTIL_NOMINATIONS_CLOSE and status in (S.DRAFT, S.OPEN))
            or (field in _UNTIL_JUDGING and status in (S.DRAFT, S.OPEN, S.SCREENING))
            or (field in _UNTIL_PUBLISHED and status != S.PUBLISHED)
        )
        if field == "nominations_open_at" and status == S.OPEN:
            allowed = False  # nominations have already opened
        if not allowed:
            errors[field] = _("This can no longer be changed: the programme is %(status)s.") % {
                "status": _status_label(status)
            }
            continue
        if field == "area_code":
            programme.place_in(value)
        else:
            setattr(programme, field, value)
    if errors:
        raise ValidationError(errors)
    if (
        status == S.OPEN
        and "nominations_close_at" in values
        and programme.nominations_close_at <= clock.now()
    ):
        raise ValidationError(
            {"nominations_close_at": _("The new closing time has already passed.")}
        )
    _check_programme(programme)
    programme.save()
    return programme


@transaction.atomic
def programme_emblem_set(*, actor, programme_id: int, upload) -> Programme:
    """The emblem or logo printed on the plaques: an image, checked by its content."""
    programme = _managed(actor, programme_id, lock=True)
    if programme.is_published:
        raise ValidationError({"emblem": _("A published programme cannot be changed.")})
    if upload is None:
        raise ValidationError({"emblem": _("Choose a file.")})
    try:
        checked = check_upload(
            upload,
            kinds=(IMAGE,),
            max_bytes=rules.EMBLEM_MAX_BYTES,
            max_side=rules.EMBLEM_MAX_SIDE,
        )
    except ValidationError as error:
        raise ValidationError({"emblem": error.messages}) from error
    old = programme.emblem
    programme.emblem = store_upload(checked, folder="awards/emblems")
    programme.save(update_fields=["emblem", "updated_at"])
    transaction.on_commit(lambda: delete_stored(old))
    return programme


@transaction.atomic
def signatories_set(
    *, actor, programme_id: int, signatories: Sequence[tuple[str, str]]
) -> list[Signatory]:
    """Replace the names and positions printed under the plaques (at most MAX_SIGNATORIES)."""
    programme = _managed(actor, programme_id, lock=True)
    if programme.is_published:
        raise ValidationError({"signatories": _("A published programme cannot be changed.")})
    cleaned = []
    for index, (name, position_title) in enumerate(signatories, start=1):
        name, position_title = _text(name, 200), _text(position_title, 250)
        if not name and not position_title:
            continue
        if not name or not position_title:
            raise ValidationError(
                {
                    "signatories": _("Signatory %(number)s: enter both the name and the position.")
                    % {"number": index}
                }
            )
        cleaned.append((name, position_title))
    if len(cleaned) > rules.MAX_SIGNATORIES:
        raise ValidationError(
            {
                "signatories": _("At most %(max)s signatories fit on a plaque.")
                % {"max": rules.MAX_SIGNATORIES}
            }
        )
    for old in programme.signatories.all():
        old.delete()
    created = []
    for position, (name, position_title) in enumerate(cleaned):
        signatory = Signatory(
            programme=programme, name=name, position_title=position_title, position=position
        )
        signatory.save()
        created.append(signatory)
    return created
