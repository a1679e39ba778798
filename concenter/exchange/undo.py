"""Undo an import: delete what the batch created, in one transaction.

A record the batch created is deleted unless something else refers to it now (a person seated
since, an organisation given members); it is kept and counted. Records the batch updated stay as
they are now. Deletions go through the ORM, so auditlog records each one (and each cascaded
row) in the name of the user who undoes; roll-up figures move back by each record's
contributions. Records are taken back seats first, villages last, so a batch's own records never
keep each other.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from concenter.accounts.scope import Access, user_scope
from concenter.exchange.models import Action, ImportBatch, ImportedRecord, RecordKind, Status
from concenter.network import rollups, rules

UNDO_ORDER = (
    RecordKind.SEAT,
    RecordKind.MEMBER,
    RecordKind.ACTIVITY,
    RecordKind.TERM,
    RecordKind.ORGANIZATION,
    RecordKind.PARTNER,
    RecordKind.CENTER,
    RecordKind.PERSON,
    RecordKind.AREA,
)
CHUNK = 1000


@dataclass
class UndoResult:
    deleted: int = 0
    kept_referenced: int = 0
    kept_out_of_scope: int = 0
    kept_updated: int = 0


def _model(kind: str):
    from concenter.activities.models import Activity
    from concenter.geography.models import Area
    from concenter.network.models import (
        Center,
        CommitteeTerm,
        Organization,
        OrganizationMember,
        Partner,
        Seat,
    )
    from concenter.people.models import Person

    return {
        RecordKind.SEAT: Seat,
        RecordKind.MEMBER: OrganizationMember,
        RecordKind.ACTIVITY: Activity,
        RecordKind.TERM: CommitteeTerm,
        RecordKind.ORGANIZATION: Organization,
        RecordKind.PARTNER: Partner,
        RecordKind.CENTER: Center,
        RecordKind.PERSON: Person,
        RecordKind.AREA: Area,
    }[kind]


def _area_of(kind: str, instance) -> str:
    if kind == RecordKind.SEAT:
        return instance.term.center_id
    if kind == RecordKind.MEMBER:
        return instance.organization.area_id
    if kind in (RecordKind.ACTIVITY, RecordKind.TERM):
        return instance.center_id
    if kind == RecordKind.CENTER:
        return instance.area_id
    if kind == RecordKind.AREA:
        return instance.code
    return instance.area_id


def _related(kind: str):
    return {
        RecordKind.SEAT: ("term", "term__center"),
        RecordKind.MEMBER: ("organization",),
        RecordKind.ACTIVITY: ("center",),
        RecordKind.TERM: ("center",),
    }.get(kind, ())


def referenced_ids(model, ids: list) -> set:
    """The ids among `ids` that another record refers to (the audit trail, the import's own
    bookkeeping and indexes derived from the records themselves do not count)."""
    found: set = set()
    for relation in model._meta.get_fields(include_hidden=True):
        if not (relation.is_relation and relation.auto_created and not relation.concrete):
            continue
        related = relation.related_model
        if related._meta.app_label in ("auditlog", "exchange", "contenttypes"):
            continue
        if getattr(related, "derived_index", False):  # e.g. the words of a person's name
            continue
        if relation.many_to_many or not hasattr(relation.field, "attname"):
            continue
        attname = relation.field.attname
        rows = related._base_manager.filter(**{f"{attname}__in": ids})
        if related is model:  # a village's children, a seat's replacement
            rows = rows.exclude(pk__in=ids)
        found.update(rows.values_list(attname, flat=True).distinct())
    return {str(value) for value in found}


def _contributions(kind: str, instance) -> list:
    from concenter.activities.rollups import activity_contributions
    from concenter.network.models import Position, TermStatus

    if kind == RecordKind.PERSON:
        return rollups.person_contributions(instance)
    if kind == RecordKind.ORGANIZATION:
        return rollups.organization_contributions(instance)
    if kind == RecordKind.PARTNER:
        return rollups.partner_contributions(instance)
    if kind == RecordKind.CENTER:
        return rollups.center_contributions(instance)
    if kind == RecordKind.ACTIVITY:
        return activity_contributions(instance, [m.mission for m in instance.missions.all()])
    if kind == RecordKind.TERM:
        open_seats = instance.seats.filter(ends_on__isnull=True).values_list("position", flat=True)
        return rollups.term_contributions(
            instance, instance.center, rules.counted_members(open_seats)
        )
    if kind == RecordKind.SEAT:
        term = instance.term
        if (
            term.status == TermStatus.ACTIVE
            and instance.ends_on is None
            and instance.position != Position.ADVISOR
        ):
            key = rollups.term_key(term.starts_on, term.ends_on)
            return [(term.center.area_codes, "seats", key, 1)]
    return []


def batch_undo(*, actor, batch: ImportBatch, progress=None) -> UndoResult:
    """Take back what an imported batch created (see the module's docstring)."""
    from concenter.exchange.services import _acting_as

    result = UndoResult()
    scope = user_scope(actor, Access.CHANGE)
    with transaction.atomic(), _acting_as(actor):
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != Status.DONE:
            raise ValidationError({"batch": _("Only an imported batch can be undone.")})
        records = ImportedRecord.objects.filter(batch=locked)
        result.kept_updated = records.filter(action=Action.UPDATED).count()
        total = records.filter(action=Action.CREATED).count()
        done = 0
        for kind in UNDO_ORDER:
            keys = list(
                records.filter(kind=kind, action=Action.CREATED)
                .order_by("pk")
                .values_list("object_key", flat=True)
            )
            model = _model(kind)
            for start in range(0, len(keys), CHUNK):
                part = keys[start : start + CHUNK]
                instances = list(
                    model._base_manager.filter(pk__in=part).select_related(*_related(kind))
                )
                referenced = referenced_ids(model, [i.pk for i in instances])
                deletable, before = [], []
                for instance in instances:
                    if not scope.covers(_area_of(kind, instance)):
                        result.kept_out_of_scope += 1
                    elif str(instance.pk) in referenced:
                        result.kept_referenced += 1
                    else:
                        deletable.append(instance.pk)
                        before.extend(_contributions(kind, instance))
                if deletable:
                    rollups.rollup_change(before, [])
                    model._base_manager.filter(pk__in=deletable).delete()
                    result.deleted += len(deletable)
                done += len(part)
                if progress is not None:
                    progress("undo", done, total)
        locked.status = Status.UNDONE
        locked.save(update_fields=["status"])
    batch.refresh_from_db()
    return result
