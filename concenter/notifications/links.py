"""Links written into messages: absolute (a message is read outside any request) and signed
(an unsubscribe link names its address without an id, and cannot be made up)."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

UNSUBSCRIBE_SALT = "concenter.notifications.unsubscribe"


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_token(*, channel: str, address: str) -> str:
    return signing.dumps([channel, address], salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_read(token: str) -> tuple[str, str] | None:
    try:
        channel, address = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return str(channel), str(address)


def unsubscribe_url(*, channel: str, address: str) -> str:
    token = unsubscribe_token(channel=channel, address=address)
    return site_url(reverse("notifications:unsubscribe", args=[token]))
