"""The audit trail: django-auditlog records single writes through its signals; the bulk paths
(geography load, imports) write their entries here in bulk, so no write escapes the trail."""

import functools
import json
from collections.abc import Iterable, Sequence
from contextvars import ContextVar

from auditlog.context import auditlog_value
from auditlog.middleware import AuditlogMiddleware
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models

from concenter.common import clock
from concenter.common.rows import insert_rows

# The request being served, for the bulk paths. auditlog's own context variable is never reset
# after a request, so reading it outside one would name the previous request's user.
_current_request: ContextVar = ContextVar("concenter_audit_request", default=None)


def client_address(request) -> str | None:
    """The client's address as the audit trail and login throttling see it.

    X-Forwarded-For is written by whoever sends the request, so it is believed only for the
    number of proxies in front of the app that the operator declares (TRUSTED_PROXY_COUNT, from
    the environment; 0 by default): the address that many hops from the right end. Without a
    declared proxy the socket's address is used and the header is ignored."""
    from django.conf import settings

    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR")


class TrustedProxyAuditlogMiddleware(AuditlogMiddleware):
    """django-auditlog's middleware, with the client address from `client_address` (the stock
    one believes the first X-Forwarded-For entry, which any client can forge)."""

    @staticmethod
    def _get_remote_addr(request):
        from django.conf import settings

        if settings.AUDITLOG_DISABLE_REMOTE_ADDR:
            return None
        return client_address(request)

    @staticmethod
    def _get_remote_port(request) -> int | None:
        return None


class AuditRequestMiddleware:
    """Remember the request while it is served (and forget it after), for `audit_bulk`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)


def current_actor_and_address() -> tuple[object | None, str | None]:
    request = _current_request.get()
    if request is None:
        try:
            context = auditlog_value.get()
        except LookupError:
            return None, None
        # Outside a request only an explicit `set_actor(...)` block (a command) names the actor;
        # its receiver is still connected while the block runs.
        return (context.get("actor"), None) if _actor_block_is_open(context) else (None, None)
    user = getattr(request, "user", None)
    actor = user if getattr(user, "is_authenticated", False) else None
    return actor, TrustedProxyAuditlogMiddleware._get_remote_addr(request)


def _actor_block_is_open(context: dict) -> bool:
    from django.db.models.signals import pre_save

    duid = context.get("signal_duid")
    return duid is not None and any(key[0] == duid for key, _receiver, *_rest in pre_save.receivers)


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


def audited_fields(model: type[models.Model]) -> list[tuple[str, str]]:
    """(name, attname) of the concrete fields auditlog records for `model`: its registration's
    `include_fields` / `exclude_fields` applied as auditlog's own diff does, so a bulk entry
    never holds what a single save leaves out (the national-ID hash of a person)."""
    fields = [(field.name, field.attname) for field in model._meta.concrete_fields]
    if not auditlog.contains(model):
        return fields
    registered = auditlog.get_model_fields(model)
    include = set(registered["include_fields"])
    exclude = set(registered["exclude_fields"])
    return [
        (name, attname)
        for name, attname in fields
        if (not include or name in include) and name not in exclude
    ]


def audit_bulk(
    instances: Sequence[models.Model],
    *,
    action: int,
    before: Iterable[dict[str, str | None] | None] | None = None,
) -> None:
    """Write one log entry per instance, as auditlog would have for a single save (with the
    fields the model's registration leaves out left out here too: `audited_fields`).

    The entries go in through `rows.insert_rows` (COPY on PostgreSQL, one `executemany` on
    SQLite, where Django's bulk_create would split them into statements of 66 rows): the same
    rows, several times faster."""
    if not instances:
        return
    model = type(instances[0])
    fields = audited_fields(model)
    befores = list(before) if before is not None else [None] * len(instances)
    items = []
    for instance, old in zip(instances, befores, strict=True):
        if action == LogEntry.Action.DELETE:
            new = {}
        else:
            new = {
                name: None if value is None else str(value)
                for name, value in ((name, getattr(instance, attname)) for name, attname in fields)
            }
        items.append((instance.pk, str(instance), new, old))
    audit_bulk_values(model, items, action=action)


def audit_bulk_values(model: type[models.Model], items: Iterable[tuple], *, action: int) -> None:
    """`audit_bulk` for records given as values, not model instances (the people import's
    lean path): each item is (pk, str(record), new values, values before or None), the new
    values as `audit_bulk` reads them (`{field name: str(value) or None}` of `audited_fields`).
    The same entries as `audit_bulk` writes for the same records (tested)."""
    actor, remote_addr = current_actor_and_address()
    content_type = ContentType.objects.get_for_model(model)
    names = {name for name, _attname in audited_fields(model)}
    actor_id = getattr(actor, "pk", None) if getattr(actor, "pk", None) else None
    meta = LogEntry._meta
    changes_field = meta.get_field("changes")
    timestamp = meta.get_field("timestamp").get_db_prep_save(clock.now(), connection)
    if connection.vendor == "sqlite":  # a TEXT column: the JSON as it is (Thai kept readable)
        encode = functools.partial(json.dumps, ensure_ascii=False, cls=changes_field.encoder)
    else:
        encode = functools.partial(changes_field.get_db_prep_save, connection=connection)
    rows = []
    for pk, text, new, old in items:
        if old:  # `before` holds every field (field_values): only the audited ones compared
            changes = {
                name: [old.get(name), new.get(name)]
                for name in sorted((set(old) | set(new)) & names)
                if old.get(name) != new.get(name)
            }
        else:  # a new record: every field that has a value, in field order
            changes = {name: [None, value] for name, value in new.items() if value is not None}
        rows.append(
            (
                content_type.pk,
                str(pk),
                pk if isinstance(pk, int) else None,
                text[:500],
                action,
                "",
                encode(changes),
                actor_id,
                remote_addr,
                timestamp,
            )
        )
    if not rows:
        return
    columns = (
        "content_type_id", "object_pk", "object_id", "object_repr", "action", "changes_text",
        "changes", "actor_id", "remote_addr", "timestamp",
    )  # fmt: skip
    insert_rows(meta.db_table, columns, rows)


def field_values(instance: models.Model) -> dict[str, str | None]:
    return _field_values(instance)


def history_for(instance: models.Model) -> models.QuerySet[LogEntry]:
    return LogEntry.objects.get_for_object(instance).select_related("actor").order_by("-timestamp")


def register(model: type[models.Model], **options) -> type[models.Model]:
    """Put a domain model under the audit trail (a test checks that every one is)."""
    auditlog.register(model, **options)
    return model
