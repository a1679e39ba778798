"""A fixed-window limit on how often one address may do something (the public registration
form), counted in the shared cache so every app server behind the load balancer sees the same
count (the database cache by default, Redis when REDIS_URL is set)."""

import time

from django.core.cache import cache

PUBLIC_REGISTRATION_LIMIT = 10  # attempts per address and event …
PUBLIC_REGISTRATION_WINDOW = 600  # … in ten minutes


def client_address(request) -> str:
    """The client's address as the audit trail sees it (X-Forwarded-For is believed only
    through the proxies the operator declares)."""
    try:
        from concenter.common.audit import client_address as audited_address
    except ImportError:  # pragma: no cover - older common.audit
        return request.META.get("REMOTE_ADDR", "") or ""
    return audited_address(request) or ""


def allow(key: str, *, limit: int, window: int) -> bool:
    """Count one attempt under `key`; False once more than `limit` fall in the current window."""
    bucket = f"events:throttle:{key}:{int(time.time() // window)}"
    if cache.add(bucket, 1, timeout=window + 5):
        return True
    try:
        count = cache.incr(bucket)
    except ValueError:  # the bucket expired between add and incr
        cache.set(bucket, 1, timeout=window + 5)
        return True
    return count <= limit
