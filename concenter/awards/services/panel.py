"""The judging panel: judges, their categories and their weights."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from concenter.accounts.models import Role, User
from concenter.accounts.scope import Access, can, has_role
from concenter.awards.models import (
    Category,
    PanelMember,
    Programme,
)
from concenter.awards.services._common import _before_judging, _managed
from concenter.common.errors import NotFoundOrOutOfScope
from concenter.people.models import Person


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
