"""Categories of a programme, their scoring criteria and the eligibility questions."""

from __future__ import annotations

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from concenter.awards import rules
from concenter.awards.models import (
    Category,
    Criterion,
    EligibilityCheck,
    NomineeKind,
    Programme,
)
from concenter.awards.services._common import (
    S,
    _before_judging,
    _count,
    _decimal,
    _managed,
    _multiline,
    _require_status,
    _text,
)
from concenter.common.errors import NotFoundOrOutOfScope
from concenter.people.models import Profession


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


CRITERION_CODE_RE = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")


def _criterion_code(programme: Programme, code: str, exclude_id: int | None = None) -> str:
    """A criterion's stable code: the one asked for (checked), or the next free c1, c2 …"""
    taken = set(
        Criterion.objects.filter(programme=programme)
        .exclude(pk=exclude_id)
        .values_list("code", flat=True)
    )
    code = (code or "").strip()
    if not code:
        number = len(taken) + 1
        while f"c{number}" in taken:
            number += 1
        return f"c{number}"
    if not CRITERION_CODE_RE.match(code):
        raise ValidationError(
            {
                "code": _(
                    "A code starts with a small Latin letter, then up to 39 small letters, "
                    "digits, - or _ (for example c1 or impact)."
                )
            }
        )
    if code in taken:
        raise ValidationError({"code": _("Another criterion of this programme has this code.")})
    return code


@transaction.atomic
def criterion_add(
    *, actor, programme_id: int, name: str, weight, max_score, guidance: str = "", code: str = ""
) -> Criterion:
    """Add a criterion: a name, a weight, a maximum score (whole or half points), guidance, and
    a stable `code` for programs (c1, c2 … when none is given)."""
    programme = _managed(actor, programme_id, lock=True)
    _before_judging(programme, "name")
    values = _criterion_values(name, weight, max_score, guidance)
    criterion = Criterion(
        programme=programme,
        position=programme.criteria.count(),
        code=_criterion_code(programme, code),
        **values,
    )
    criterion.save()
    return criterion


@transaction.atomic
def criterion_update(
    *,
    actor,
    criterion_id: int,
    name: str,
    weight,
    max_score,
    guidance: str = "",
    code: str | None = None,
) -> Criterion:
    """Change a criterion until judging opens (its code too, when given)."""
    criterion = Criterion.objects.filter(pk=criterion_id).first()
    if criterion is None:
        raise NotFoundOrOutOfScope()
    programme = _managed(actor, criterion.programme_id, lock=True)
    _before_judging(programme, "name")
    values = _criterion_values(name, weight, max_score, guidance)
    if code is not None and code != criterion.code:
        values["code"] = _criterion_code(programme, code, exclude_id=criterion.pk)
    for field, value in values.items():
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
