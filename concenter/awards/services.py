"""Writes of the awards app: programmes and their setup, the moves between states, nominations
and evidence, screening, assignments, scorecards, conflicts of interest, decisions on ties.

Every function checks the actor's scope first (a programme outside it answers 404, as one that
does not exist), then the rules, and raises ValidationError({field: message}) in the user's
language, with nothing changed. A programme is managed by the users who may change its area.
Criteria, panel, quotas and every rule of the result are frozen once judging opens, so the
result cannot be tuned after the scores are known.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation

from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from concenter.accounts.models import Role, User
from concenter.accounts.scope import Access, can, has_role, require, user_scope
from concenter.awards import conflicts as conflict_rules
from concenter.awards import eligibility, rules
from concenter.awards.models import (
    STATUS_ORDER,
    Category,
    Conflict,
    ConflictKind,
    ConflictStatus,
    Criterion,
    EligibilityCheck,
    Evidence,
    Nomination,
    NominationSource,
    NominationStatus,
    NomineeKind,
    PanelMember,
    Programme,
    ProgrammeStatus,
    Score,
    Scorecard,
    Signatory,
    TieDecision,
)
from concenter.common import audit, clock
from concenter.common.errors import NotFoundOrOutOfScope
from concenter.common.thai import (
    format_datetime_en,
    format_datetime_th,
    normalize_text,
    thai_sort_key,
    to_arabic_digits,
)
from concenter.common.uploads import IMAGE, PDF, check_upload, delete_stored, store_upload
from concenter.common.versioning import lock_for_update
from concenter.geography.models import Area, Level
from concenter.network.models import Center, Organization
from concenter.people.models import Person, Profession
from concenter.people.services import PersonData, person_create

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

_SERIES = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


# Helpers -----------------------------------------------------------------------------------------


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


def _area(code: str | None, field: str = "area_code") -> Area:
    area = Area.objects.filter(code=(code or "").strip()[:8], active=True).first()
    if area is None:
        raise ValidationError({field: _("Unknown or inactive area code.")})
    return area


# Programmes --------------------------------------------------------------------------------------


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


# Categories, criteria, questions -----------------------------------------------------------------


def _category_name_taken(programme: Programme, name: str, exclude_id: int | None = None) -> bool:
    qs = Category.objects.filter(programme=programme, name=name)
    if exclude_id:
        qs = qs.exclude(pk=exclude_id)
    return qs.exists()


@transaction.atomic
def category_add(
    *,
    actor,
    programme_id: int,
    name: str = "",
    profession_code: str | None = None,
    quota: int | None = None,
) -> Category:
    """Add a category: a profession of the registry (people programmes) or a free name."""
    programme = _managed(actor, programme_id, lock=True)
    _require_status(programme, S.DRAFT, S.OPEN, field="name")
    profession = None
    if profession_code:
        if programme.nominee_kind != NomineeKind.PERSON:
            raise ValidationError(
                {"profession_code": _("Professions are categories of programmes for people.")}
            )
        profession = Profession.objects.filter(code=profession_code, active=True).first()
        if profession is None:
            raise ValidationError({"profession_code": _("Unknown profession.")})
        if Category.objects.filter(programme=programme, profession=profession).exists():
            raise ValidationError({"profession_code": _("This profession is already a category.")})
    name = _text(name, 150) or (profession.name_th if profession else "")
    if not name:
        raise ValidationError({"name": _("Enter the category's name, or choose a profession.")})
    if _category_name_taken(programme, name):
        raise ValidationError({"name": _("A category with this name already exists.")})
    category = Category(
        programme=programme,
        profession=profession,
        name=name,
        quota=_count(quota, "quota", maximum=10_000),
        position=programme.categories.count(),
    )
    category.save()
    return category


@transaction.atomic
def category_update(
    *, actor, category_id: int, name: str | None = None, quota: int | str | None = ""
) -> Category:
    """Rename a category (until published) or change its quota (until judging opens).
    `quota=""` leaves the quota as it is; None removes it."""
    category = Category.objects.filter(pk=category_id).first()
    if category is None:
        raise NotFoundOrOutOfScope()
    programme = _managed(actor, category.programme_id, lock=True)
    if name is not None:
        if programme.is_published:
            raise ValidationError({"name": _("A published programme cannot be changed.")})
        name = _text(name, 150)
        if not name:
            raise ValidationError({"name": _("Enter the category's name, or choose a profession.")})
        if _category_name_taken(programme, name, exclude_id=category.pk):
            raise ValidationError({"name": _("A category with this name already exists.")})
        category.name = name
    if quota != "":
        new_quota = _count(quota, "quota", maximum=10_000)
        if new_quota != category.quota:
            _before_judging(programme, "quota")
            category.quota = new_quota
    category.save()
    return category


@transaction.atomic
def category_remove(*, actor, category_id: int) -> None:
    category = Category.objects.filter(pk=category_id).first()
    if category is None:
        raise NotFoundOrOutOfScope()
    programme = _managed(actor, category.programme_id, lock=True)
    _require_status(programme, S.DRAFT, S.OPEN, field="category")
    if category.nominations.exists():
        raise ValidationError(
            {"category": _("Nominations use this category: it cannot be removed.")}
        )
    category.delete()


def _criterion_values(name, weight, max_score, guidance) -> dict:
    errors: dict[str, str] = {}
    values = {"name": _text(name, 200), "guidance": _multiline(guidance, 2000)}
    if not values["name"]:
        errors["name"] = _("Enter the criterion's name.")
    label = values["name"] or _("Criterion")
    try:
        values["weight"] = _decimal(weight, "weight", _("Weight"))
        if not 0 < values["weight"] <= rules.MAX_CRITERION_WEIGHT:
            errors["weight"] = _("The weight must be more than 0 and at most %(max)s.") % {
                "max": rules.MAX_CRITERION_WEIGHT
            }
        elif values["weight"] != values["weight"].quantize(Decimal("0.01")):
            errors["weight"] = _("The weight has at most two decimals.")
    except ValidationError as error:
        errors["weight"] = error.message_dict["weight"][0]
    try:
        values["max_score"] = _decimal(max_score, "max_score", _("Maximum score"))
        if not 0 < values["max_score"] <= rules.MAX_CRITERION_SCORE:
            errors["max_score"] = _(
                "The maximum score of %(criterion)s must be more than 0 and at most %(max)s."
            ) % {"criterion": label, "max": rules.MAX_CRITERION_SCORE}
        elif (values["max_score"] * 2) % 1:
            errors["max_score"] = _("The maximum score is in whole or half points.")
    except ValidationError as error:
        errors["max_score"] = error.message_dict["max_score"][0]
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def criterion_add(
    *, actor, programme_id: int, name: str, weight, max_score, guidance: str = ""
) -> Criterion:
    """Add a criterion: a name, a weight, a maximum score (whole or half points), guidance."""
    programme = _managed(actor, programme_id, lock=True)
    _before_judging(programme, "name")
    values = _criterion_values(name, weight, max_score, guidance)
    criterion = Criterion(programme=programme, position=programme.criteria.count(), **values)
    criterion.save()
    return criterion


@transaction.atomic
def criterion_update(
    *, actor, criterion_id: int, name: str, weight, max_score, guidance: str = ""
) -> Criterion:
    criterion = Criterion.objects.filter(pk=criterion_id).first()
    if criterion is None:
        raise NotFoundOrOutOfScope()
    programme = _managed(actor, criterion.programme_id, lock=True)
    _before_judging(programme, "name")
    for field, value in _criterion_values(name, weight, max_score, guidance).items():
        setattr(criterion, field, value)
    criterion.save()
    return criterion


@transaction.atomic
def criterion_remove(*, actor, criterion_id: int) -> None:
    criterion = Criterion.objects.filter(pk=criterion_id).first()
    if criterion is None:
        raise NotFoundOrOutOfScope()
    programme = _managed(actor, criterion.programme_id, lock=True)
    _before_judging(programme, "criterion")
    criterion.delete()


@transaction.atomic
def eligibility_check_add(*, actor, programme_id: int, question: str) -> EligibilityCheck:
    """A yes/no question the officer answers for every nomination during screening."""
    programme = _managed(actor, programme_id, lock=True)
    _before_judging(programme, "question")
    question = _text(question, 300)
    if not question:
        raise ValidationError({"question": _("Enter the question.")})
    check = EligibilityCheck(
        programme=programme, question=question, position=programme.eligibility_checks.count()
    )
    check.save()
    return check


@transaction.atomic
def eligibility_check_remove(*, actor, check_id: int) -> None:
    check = EligibilityCheck.objects.filter(pk=check_id).first()
    if check is None:
        raise NotFoundOrOutOfScope()
    programme = _managed(actor, check.programme_id, lock=True)
    _before_judging(programme, "question")
    check.delete()


# The panel ---------------------------------------------------------------------------------------


def _panel_person(actor, person_id: int | None) -> Person | None:
    if not person_id:
        return None
    person = Person.objects.filter(pk=person_id).first()
    if person is None or not can(actor, Access.READ, person.area_id):
        raise ValidationError({"person_id": _("Unknown person.")})
    return person


def _panel_categories(programme: Programme, category_ids: Iterable[int]) -> list[Category]:
    ids = {int(i) for i in category_ids or ()}
    found = list(Category.objects.filter(programme=programme, pk__in=ids))
    if len(found) != len(ids):
        raise ValidationError({"category_ids": _("Unknown category.")})
    return found


@transaction.atomic
def panel_member_add(
    *,
    actor,
    programme_id: int,
    username: str | None = None,
    user_id: int | None = None,
    person_id: int | None = None,
    category_ids: Iterable[int] = (),
) -> PanelMember:
    """Put a user with the judge role on the panel, optionally naming the judge's own record
    in the registry (for conflict flags) and the categories the judge scores (none = all)."""
    programme = _managed(actor, programme_id, lock=True)
    _before_judging(programme, "username")
    if user_id:
        user = User.objects.filter(pk=user_id, is_active=True).first()
    else:
        user = User.objects.filter(username=(username or "").strip(), is_active=True).first()
    if user is None or not has_role(user, Role.JUDGE):
        raise ValidationError({"username": _("No active user with the judge role has this name.")})
    if PanelMember.objects.filter(programme=programme, user=user).exists():
        raise ValidationError({"username": _("This judge is already on the panel.")})
    member = PanelMember(programme=programme, user=user, person=_panel_person(actor, person_id))
    member.save()
    member.categories.set(_panel_categories(programme, category_ids))
    return member


@transaction.atomic
def panel_member_update(
    *, actor, member_id: int, person_id: int | None, category_ids: Iterable[int] = ()
) -> PanelMember:
    member = PanelMember.objects.filter(pk=member_id).first()
    if member is None:
        raise NotFoundOrOutOfScope()
    programme = _managed(actor, member.programme_id, lock=True)
    _before_judging(programme, "person_id")
    member.person = _panel_person(actor, person_id)
    member.save()
    member.categories.set(_panel_categories(programme, category_ids))
    return member


@transaction.atomic
def panel_member_remove(*, actor, member_id: int) -> None:
    member = PanelMember.objects.filter(pk=member_id).first()
    if member is None:
        raise NotFoundOrOutOfScope()
    programme = _managed(actor, member.programme_id, lock=True)
    _before_judging(programme, "judge")
    for card in member.scorecards.all():
        card.delete()
    member.delete()


# Moves between states ----------------------------------------------------------------------------


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
    return programme


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
    programme.save()
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


# Nominations -------------------------------------------------------------------------------------


def _nominee_values(nominee) -> dict:
    if isinstance(nominee, Person):
        return {
            "person": nominee,
            "organization": None,
            "center": None,
            "nominee_name": nominee.full_name,
            "sort_key": thai_sort_key(nominee.name_without_title),
        }
    if isinstance(nominee, Organization):
        return {
            "person": None,
            "organization": nominee,
            "center": None,
            "nominee_name": nominee.name,
            "sort_key": thai_sort_key(nominee.name),
        }
    return {
        "person": None,
        "organization": None,
        "center": nominee,
        "nominee_name": nominee.name,
        "sort_key": thai_sort_key(nominee.name),
    }


def _check_in_area(programme: Programme, area: Area, field: str, name: str) -> None:
    if programme.require_in_area and not area.code.startswith(programme.area_id):
        raise ValidationError(
            {
                field: _(
                    "%(name)s is recorded in %(area)s, outside the programme's area "
                    "(%(programme_area)s)."
                )
                % {
                    "name": name,
                    "area": area.display_name,
                    "programme_area": programme.area.display_name,
                }
            }
        )


def _check_not_nominated(programme: Programme, nominee_values: dict, exclude_id=None) -> None:
    probe = Nomination(
        person=nominee_values["person"],
        organization=nominee_values["organization"],
        center=nominee_values["center"],
    )
    qs = Nomination.objects.filter(programme=programme).exclude(status=NominationStatus.WITHDRAWN)
    if exclude_id:
        qs = qs.exclude(pk=exclude_id)
    if qs.filter(eligibility.nominee_filter(probe)).exists():
        raise ValidationError(
            {
                _nominee_field(programme): _("%(name)s is already nominated in this programme.")
                % {"name": nominee_values["nominee_name"]}
            }
        )


def _nominee_field(programme: Programme) -> str:
    return {
        NomineeKind.PERSON: "person_id",
        NomineeKind.ORGANIZATION: "organization_id",
        NomineeKind.CENTER: "center_code",
    }[programme.nominee_kind]


def _existing_nominee(
    actor,
    programme: Programme,
    *,
    person_id: int | None,
    organization_id: int | None,
    center_code: str | None,
):
    """The registry record named for the programme's kind of nominee, if the actor may read
    it; another kind named, or none, is refused."""
    field = _nominee_field(programme)
    given = {
        "person_id": person_id,
        "organization_id": organization_id,
        "center_code": center_code,
    }
    others = [k for k, v in given.items() if v and k != field]
    if others:
        raise ValidationError(
            {
                others[0]: _("This programme is for nominees of the kind: %(kind)s.")
                % {"kind": NomineeKind(programme.nominee_kind).label}
            }
        )
    value = given[field]
    if not value:
        return None
    if field == "person_id":
        nominee = Person.objects.select_related("area").filter(pk=value).first()
        unknown = _("Unknown person.")
    elif field == "organization_id":
        nominee = Organization.objects.select_related("area").filter(pk=value).first()
        unknown = _("Unknown organization.")
    else:
        nominee = Center.objects.select_related("area").filter(pk=str(value)[:8]).first()
        unknown = _("Unknown center.")
    if nominee is None or not can(actor, Access.READ, nominee.area_id):
        raise ValidationError({field: unknown})
    if isinstance(nominee, Person) and nominee.anonymized_at:
        raise ValidationError({field: unknown})
    return nominee


def _category(programme: Programme, category_id: int | None) -> Category | None:
    has_categories = programme.categories.exists()
    if not category_id:
        if has_categories:
            raise ValidationError({"category_id": _("Choose the category.")})
        return None
    category = Category.objects.filter(programme=programme, pk=category_id).first()
    if category is None:
        raise ValidationError({"category_id": _("Unknown category.")})
    return category


def _check_window(programme: Programme, now: datetime.datetime) -> None:
    if programme.status != S.OPEN or not (
        programme.nominations_open_at <= now < programme.nominations_close_at
    ):
        if programme.status == S.OPEN and now < programme.nominations_open_at:
            message = _("Nominations open on %(time)s.") % {
                "time": when(programme.nominations_open_at)
            }
        else:
            message = _("Nominations for this programme are closed.")
        raise ValidationError({"programme": message})


def _checked_evidence(uploads: Iterable, already: int = 0) -> list:
    uploads = [u for u in uploads or () if u]
    if already + len(uploads) > rules.MAX_EVIDENCE_FILES:
        raise ValidationError(
            {
                "evidence": _("At most %(max)s evidence files per nomination.")
                % {"max": rules.MAX_EVIDENCE_FILES}
            }
        )
    checked = []
    for upload in uploads:
        try:
            checked.append(
                check_upload(upload, kinds=(PDF, IMAGE), max_bytes=rules.EVIDENCE_MAX_BYTES)
            )
        except ValidationError as error:
            raise ValidationError({"evidence": error.messages}) from error
    return checked


def _store_evidence(nomination: Nomination, checked: list, actor, note: str = "") -> list[Evidence]:
    stored = []
    for item in checked:
        evidence = Evidence(
            nomination=nomination,
            file=store_upload(item, folder=f"awards/evidence/{nomination.programme_id}"),
            kind=item.kind,
            original_name=_text(item.original_name, 200) or "evidence",
            size=len(item.content),
            note=_text(note, 300),
            uploaded_by=actor if getattr(actor, "pk", None) else None,
        )
        evidence.save()
        stored.append(evidence)
    return stored


@transaction.atomic
def nomination_create(
    *,
    actor,
    programme_id: int,
    statement: str,
    category_id: int | None = None,
    person_id: int | None = None,
    organization_id: int | None = None,
    center_code: str | None = None,
    new_person: PersonData | None = None,
    new_person_area_code: str = "",
    national_id: str | None = None,
    confirm_new_person: bool = False,
    citation: str = "",
    nominator_name: str = "",
    nominator_relation: str = "",
    evidence: Iterable = (),
    now: datetime.datetime | None = None,
) -> Nomination:
    """Nominate a registry record, or a new person registered here through the people
    services, while nominations are open. The nominee must be inside the programme's area
    (unless the programme says otherwise) and not nominated twice. Evidence files are checked
    by content before anything is written."""
    now = now or clock.now()
    programme = _programme(programme_id)
    if not may_nominate(actor, programme):
        raise NotFoundOrOutOfScope()
    _check_window(programme, now)
    category = _category(programme, category_id)
    statement = _multiline(statement, rules.STATEMENT_MAX_LENGTH)
    if not statement:
        raise ValidationError({"statement": _("Say why this nominee deserves the award.")})
    checked = _checked_evidence(evidence)
    nominee = _existing_nominee(
        actor,
        programme,
        person_id=person_id,
        organization_id=organization_id,
        center_code=center_code,
    )
    if nominee is None:
        if new_person is None or programme.nominee_kind != NomineeKind.PERSON:
            raise ValidationError(
                {_nominee_field(programme): _("Choose the nominee from the registry.")}
            )
        area = _area(new_person_area_code, "new_person_area_code")
        _check_in_area(
            programme, area, "new_person_area_code", _text(new_person.given_name, 100) or "–"
        )
        nominee = person_create(
            actor=actor,
            data=new_person,
            area_code=area.code,
            national_id=national_id,
            confirm_new=confirm_new_person,
        )
    field = _nominee_field(programme)
    _check_in_area(programme, nominee.area, field, str(nominee))
    values = _nominee_values(nominee)
    _check_not_nominated(programme, values)
    officer = has_role(
        actor, Role.NATIONAL_ADMIN, Role.PROVINCE_OFFICER, Role.DISTRICT_OFFICER
    ) or getattr(actor, "is_superuser", False)
    nomination = Nomination(
        programme=programme,
        category=category,
        source=NominationSource.OFFICER if officer else NominationSource.CENTER,
        statement=statement,
        citation=_text(citation, rules.CITATION_MAX_LENGTH),
        nominator_user=actor,
        nominator_name=_text(nominator_name, 200) or str(actor),
        nominator_relation=_text(nominator_relation, 200),
        submitted_at=now,
        **values,
    )
    nomination.place_in(nominee.area)
    nomination.save()
    _store_evidence(nomination, checked, actor)
    return nomination


@transaction.atomic
def nomination_submit_public(
    *,
    programme_id: int,
    nominee_name: str,
    nominee_area_code: str,
    statement: str,
    nominator_name: str,
    category_id: int | None = None,
    proposed_details: str = "",
    nominator_phone: str = "",
    nominator_email: str = "",
    nominator_relation: str = "",
    client_address: str = "",
    now: datetime.datetime | None = None,
) -> Nomination:
    """A nomination from the public form (after its confirmation step). The nominee is kept as
    typed until an officer links it to the registry during screening; the nominator's contact
    is seen by the programme's managers only. Rate-limited per connection and per programme."""
    from concenter.awards.public import rate_limit_take

    now = now or clock.now()
    programme = _programme(programme_id)
    if not programme.public_nominations:
        raise NotFoundOrOutOfScope()
    _check_window(programme, now)
    errors: dict[str, str] = {}
    name = _text(nominee_name, 300)
    if not name:
        errors["nominee_name"] = _("Enter the nominee's name.")
    area = Area.objects.filter(code=(nominee_area_code or "").strip()[:8], active=True).first()
    if area is None or area.level not in (Level.SUBDISTRICT, Level.VILLAGE):
        errors["nominee_area_code"] = _("Choose the nominee's subdistrict.")
    elif not area.code.startswith(programme.area_id):
        errors["nominee_area_code"] = _("The nominee must live or work in %(area)s.") % {
            "area": programme.area.display_name
        }
    statement = _multiline(statement, rules.STATEMENT_MAX_LENGTH)
    if not statement:
        errors["statement"] = _("Say why this nominee deserves the award.")
    nominator = _text(nominator_name, 200)
    if not nominator:
        errors["nominator_name"] = _("Enter your name.")
    phone = _text(nominator_phone, 30)
    email = (nominator_email or "").strip()[:254]
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["nominator_email"] = _("Enter a valid email address.")
    if not phone and not email:
        errors["nominator_phone"] = _("Give a phone number or an email address.")
    try:
        category = _category(programme, category_id)
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    if not rate_limit_take(programme_id=programme.pk, client_address=client_address):
        raise ValidationError(
            {
                "__all__": _(
                    "Too many nominations were sent from this connection. Please try again later."
                )
            }
        )
    nomination = Nomination(
        programme=programme,
        category=category,
        source=NominationSource.PUBLIC,
        nominee_name=name,
        sort_key=thai_sort_key(name),
        proposed_details=_multiline(proposed_details, 2000),
        statement=statement,
        nominator_name=nominator,
        nominator_phone=phone,
        nominator_email=email,
        nominator_relation=_text(nominator_relation, 200),
        submitted_at=now,
    )
    nomination.place_in(area)
    nomination.save()
    return nomination


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


def _nomination_for_change(actor, nomination_id: int, *, nominator_while_open: bool = True):
    """The nomination and whether the actor manages its programme: managers always; the
    nominator while nominations are open."""
    nomination = _nomination(nomination_id)
    manager = can(actor, Access.CHANGE, nomination.programme.area_id)
    nominator = (
        nominator_while_open
        and getattr(actor, "pk", None) is not None
        and nomination.nominator_user_id == actor.pk
        and nomination.programme.status == S.OPEN
    )
    if not (manager or nominator):
        raise NotFoundOrOutOfScope()
    return nomination, manager


@transaction.atomic
def nomination_update(
    *,
    actor,
    nomination_id: int,
    expected_version: int | None,
    category_id: int | str | None = "",
    statement: str | None = None,
    citation: str | None = None,
    nominator_relation: str | None = None,
) -> Nomination:
    """The nominator edits while nominations are open; managers until screening ends (the
    citation, printed on the plaque, until publishing). "" / None leave a field as it is."""
    existing, _manager = _nomination_for_change(actor, nomination_id)
    programme = existing.programme
    nomination = lock_for_update(
        Nomination.objects.filter(pk=existing.pk), expected_version=expected_version
    )
    editable = programme.status in (S.OPEN, S.SCREENING)
    if nomination.status == NominationStatus.WITHDRAWN:
        raise ValidationError({"status": _("This nomination was withdrawn.")})
    if category_id != "" and category_id != nomination.category_id:
        if not editable:
            raise ValidationError({"category_id": _("The category can no longer be changed.")})
        nomination.category = _category(programme, category_id or None)
    if statement is not None:
        statement = _multiline(statement, rules.STATEMENT_MAX_LENGTH)
        if statement != nomination.statement:
            if not editable:
                raise ValidationError({"statement": _("The statement can no longer be changed.")})
            if not statement:
                raise ValidationError({"statement": _("Say why this nominee deserves the award.")})
            nomination.statement = statement
    if nominator_relation is not None:
        nomination.nominator_relation = _text(nominator_relation, 200)
    if citation is not None:
        citation = _text(citation, rules.CITATION_MAX_LENGTH)
        if citation != nomination.citation:
            if programme.is_published:
                raise ValidationError({"citation": _("A published programme cannot be changed.")})
            nomination.citation = citation
    nomination.save()
    return nomination


@transaction.atomic
def nomination_link(
    *,
    actor,
    nomination_id: int,
    person_id: int | None = None,
    organization_id: int | None = None,
    center_code: str | None = None,
    new_person: PersonData | None = None,
    new_person_area_code: str = "",
    national_id: str | None = None,
    confirm_new_person: bool = False,
    expected_version: int | None = None,
) -> Nomination:
    """Link a nomination (one from the public, or a correction) to its registry record, or to
    a new person registered here; managers only, until screening ends."""
    existing = _nomination(nomination_id)
    programme = existing.programme
    require(actor, Access.CHANGE, programme.area_id)
    _require_status(programme, S.OPEN, S.SCREENING, field=_nominee_field(programme))
    nomination = lock_for_update(
        Nomination.objects.filter(pk=existing.pk), expected_version=expected_version
    )
    nominee = _existing_nominee(
        actor,
        programme,
        person_id=person_id,
        organization_id=organization_id,
        center_code=center_code,
    )
    if nominee is None:
        if new_person is None or programme.nominee_kind != NomineeKind.PERSON:
            raise ValidationError(
                {_nominee_field(programme): _("Choose the nominee from the registry.")}
            )
        area = _area(new_person_area_code or nomination.area_id, "new_person_area_code")
        _check_in_area(programme, area, "new_person_area_code", _text(new_person.given_name, 100))
        nominee = person_create(
            actor=actor,
            data=new_person,
            area_code=area.code,
            national_id=national_id,
            confirm_new=confirm_new_person,
        )
    _check_in_area(programme, nominee.area, _nominee_field(programme), str(nominee))
    values = _nominee_values(nominee)
    _check_not_nominated(programme, values, exclude_id=nomination.pk)
    for key, value in values.items():
        setattr(nomination, key, value)
    nomination.place_in(nominee.area)
    nomination.save()
    return nomination


@transaction.atomic
def nomination_withdraw(*, actor, nomination_id: int, reason: str) -> Nomination:
    """Withdraw a nomination (its nominator while open, a manager until judging opens)."""
    existing, _manager = _nomination_for_change(actor, nomination_id)
    _require_status(existing.programme, S.OPEN, S.SCREENING)
    nomination = lock_for_update(Nomination.objects.filter(pk=existing.pk), expected_version=None)
    if nomination.status == NominationStatus.WITHDRAWN:
        raise ValidationError({"status": _("This nomination was withdrawn.")})
    reason = _text(reason, 500)
    if not reason:
        raise ValidationError({"reason": _("Say why the nomination is withdrawn.")})
    nomination.status = NominationStatus.WITHDRAWN
    nomination.screening_reason = reason
    nomination.save()
    for card in Scorecard.objects.filter(nomination=nomination):
        card.delete()
    return nomination


@transaction.atomic
def evidence_add(*, actor, nomination_id: int, upload, note: str = "") -> Evidence:
    """Attach a PDF or an image (checked by content, size-limited) until judging opens, so
    every judge sees the same evidence."""
    nomination, _manager = _nomination_for_change(actor, nomination_id)
    _require_status(nomination.programme, S.OPEN, S.SCREENING, field="evidence")
    if upload is None:
        raise ValidationError({"evidence": _("Choose a file.")})
    checked = _checked_evidence([upload], already=nomination.evidence.count())
    return _store_evidence(nomination, checked, actor, note)[0]


@transaction.atomic
def evidence_remove(*, actor, evidence_id: int) -> None:
    evidence = Evidence.objects.filter(pk=evidence_id).first()
    if evidence is None:
        raise NotFoundOrOutOfScope()
    nomination, _manager = _nomination_for_change(actor, evidence.nomination_id)
    _require_status(nomination.programme, S.OPEN, S.SCREENING, field="evidence")
    name = evidence.file
    evidence.delete()
    transaction.on_commit(lambda: delete_stored(name))


@transaction.atomic
def nomination_photo_set(*, actor, nomination_id: int, upload) -> Nomination:
    """The nominee's photo for the hall of fame (an image, re-encoded without its EXIF)."""
    existing = _nomination(nomination_id)
    require(actor, Access.CHANGE, existing.programme.area_id)
    if existing.programme.is_published:
        raise ValidationError({"photo": _("A published programme cannot be changed.")})
    if upload is None:
        raise ValidationError({"photo": _("Choose a file.")})
    try:
        checked = check_upload(
            upload, kinds=(IMAGE,), max_bytes=rules.PHOTO_MAX_BYTES, max_side=rules.PHOTO_MAX_SIDE
        )
    except ValidationError as error:
        raise ValidationError({"photo": error.messages}) from error
    nomination = lock_for_update(Nomination.objects.filter(pk=existing.pk), expected_version=None)
    old = nomination.photo
    nomination.photo = store_upload(checked, folder="awards/photos")
    nomination.save()
    transaction.on_commit(lambda: delete_stored(old))
    return nomination


# Screening ---------------------------------------------------------------------------------------


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


# Judging -----------------------------------------------------------------------------------------


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
    if (value * 2) % 1:
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
    """Save a judge's scores as they go (any subset of the criteria; an empty value clears
    one). Every value is checked before any is saved: one bad score saves nothing."""
    card = _judge_card(actor, nomination_id)
    _judging_open(card)
    card = _locked_card(card, expected_version)
    if card.submitted:
        raise ValidationError({"scores": _("This scorecard was submitted: it cannot change.")})
    _conflict_blocks(card)
    criteria = {
        c.pk: c for c in Criterion.objects.filter(programme_id=card.nomination.programme_id)
    }
    errors: dict[str, str] = {}
    changes: dict[int, Decimal | None] = {}
    for key, raw in (scores or {}).items():
        try:
            criterion = criteria.get(int(str(key).removeprefix("criterion_")))
        except ValueError:
            criterion = None
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
    scored = set(Score.objects.filter(scorecard=card).values_list("criterion_id", flat=True))
    missing = [
        c.name
        for c in Criterion.objects.filter(programme_id=card.nomination.programme_id)
        if c.pk not in scored
    ]
    if missing:
        raise ValidationError(
            {
                "scores": _("The scorecard is not complete: give a score for %(criteria)s.")
                % {"criteria": ", ".join(missing)}
            }
        )
    card.submitted_at = now
    card.save()
    return card


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


# Ties --------------------------------------------------------------------------------------------


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


def status_at_least(programme: Programme, status: str) -> bool:
    return STATUS_ORDER[programme.status] >= STATUS_ORDER[status]
