"""The audit trail: django-auditlog records single writes through its signals; the bulk paths
(geography load, imports) write their entries here in bulk, so no write escapes the trail."""

from collections.abc import Iterable, Sequence

from auditlog.context import auditlog_value
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.db import models


def current_actor_and_address() -> tuple[object | None, str | None]:
    try:
        context = auditlog_value.get()
    except LookupError:
        return None, None
    return context.get("actor"), context.get("remote_addr")


def set_current_actor(user) -> None:
    """Bearer-token requests authenticate inside the API, after the audit middleware ran."""
    try:
        context = auditlog_value.get()
    except LookupError:
        return
    context["actor"] = user


def _field_values(instance: models.Model) -> dict[str, str | None]:
    values = {}
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname)
        values[field.name] = None if value is None else str(value)
    return values


def audit_bulk(
    instances: Sequence[models.Model],
    *,
    action: int,
    before: Iterable[dict[str, str | None] | None] | None = None,
) -> None:
    """Write one log entry per instance, as auditlog would have for a single save."""
    if not instances:
        return
    actor, remote_addr = current_actor_and_address()
    content_type = ContentType.objects.get_for_model(type(instances[0]))
    befores = list(before) if before is not None else [None] * len(instances)
    entries = []
    for instance, old in zip(instances, befores, strict=True):
        new = {} if action == LogEntry.Action.DELETE else _field_values(instance)
        old = old or {}
        changes = {
            name: [old.get(name), new.get(name)]
            for name in sorted(set(old) | set(new))
            if old.get(name) != new.get(name)
        }
        entries.append(
            LogEntry(
                content_type=content_type,
                object_pk=str(instance.pk),
                object_id=instance.pk if isinstance(instance.pk, int) else None,
                object_repr=str(instance)[:500],
                action=action,
                changes=changes,
                changes_text="",
                actor=actor if getattr(actor, "pk", None) else None,
                remote_addr=remote_addr,
            )
        )
    LogEntry.objects.bulk_create(entries, batch_size=1000)


def field_values(instance: models.Model) -> dict[str, str | None]:
    return _field_values(instance)


def history_for(instance: models.Model) -> models.QuerySet[LogEntry]:
    return LogEntry.objects.get_for_object(instance).select_related("actor").order_by("-timestamp")


def register(model: type[models.Model], **options) -> type[models.Model]:
    """Put a domain model under the audit trail (a test checks that every one is)."""
    auditlog.register(model, **options)
    return model
