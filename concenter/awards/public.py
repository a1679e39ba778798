"""The abuse guard of the public nomination form, without a captcha.

1. A confirmation step: the first POST only checks the form and answers a page that shows what
   will be sent, carrying the data in a signed, time-limited token (PUBLIC_CONFIRMATION_SECONDS);
   only the second POST, with that token, writes. Each token is used once.
2. A rate limit: PUBLIC_NOMINATIONS_PER_HOUR per client address and PUBLIC_NOMINATIONS_PER_DAY
   per programme, counted in the cache (shared by every app server).
3. A honeypot field that people never see (hidden by the stylesheet) and bots fill in.
"""

from __future__ import annotations

import secrets

from django.core import signing
from django.core.cache import cache

from concenter.awards import rules

_SALT = "concenter.awards.public-nomination"


def rate_limit_take(*, programme_id: int, client_address: str) -> bool:
    """Count one nomination against both limits; False when either is already reached."""
    keys = (
        (
            f"awards:public:address:{client_address or 'unknown'}",
            3600,
            rules.PUBLIC_NOMINATIONS_PER_HOUR,
        ),
        (f"awards:public:programme:{programme_id}", 24 * 3600, rules.PUBLIC_NOMINATIONS_PER_DAY),
    )
    for key, _seconds, limit in keys:
        if (cache.get(key) or 0) >= limit:
            return False
    for key, seconds, _limit in keys:
        if cache.add(key, 1, seconds):
            continue
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, seconds)
    return True


def confirmation_token(programme_id: int, data: dict) -> str:
    """A signed token holding the checked form data and a one-time nonce."""
    payload = {"programme": programme_id, "data": data, "nonce": secrets.token_urlsafe(12)}
    return signing.dumps(payload, salt=_SALT, compress=True)


class TokenError(Exception):
    pass


def read_confirmation_token(token: str, programme_id: int) -> dict:
    """The data of a token that is genuine, for this programme, not expired and not used yet
    (using it marks it used); TokenError otherwise."""
    try:
        payload = signing.loads(token or "", salt=_SALT, max_age=rules.PUBLIC_CONFIRMATION_SECONDS)
    except signing.BadSignature as error:  # includes SignatureExpired
        raise TokenError(str(error)) from error
    if payload.get("programme") != programme_id or not isinstance(payload.get("data"), dict):
        raise TokenError("wrong programme")
    if not cache.add(
        f"awards:public:nonce:{payload['nonce']}", 1, rules.PUBLIC_CONFIRMATION_SECONDS + 60
    ):
        raise TokenError("used")
    return payload["data"]
