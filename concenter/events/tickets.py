"""The secrets of a ticket, and reading what the door scanned or typed.

* The **door token** is in the QR code of the ticket and the badge: the event's random `ref`
  and the registration's random `ticket_secret`, signed with Django's signer (HMAC-SHA256 with
  SECRET_KEY; SECRET_KEY_FALLBACKS keep old tickets valid while the key is rotated). A forged
  or altered token fails the signature before anything is looked up.
* The **code** (8 characters, no look-alike letters or digits) is printed beside the QR code
  and typed at the door when a camera cannot read it. Only the door staff of the event can use
  it, and only for that event.
* The **link token** opens the registrant's own ticket page (where they may also cancel). It is
  signed with another salt over another secret, so scanning someone's badge gives no way to
  their ticket page.

No token holds a database id.
"""

import re
import secrets
from dataclasses import dataclass

from django.core import signing

from concenter.common.thai import to_arabic_digits

DOOR_SALT = "concenter.events.door"
LINK_SALT = "concenter.events.link"
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no I, L, O, 0, 1
CODE_LENGTH = 8
SECRET_BYTES = 16
REF_BYTES = 8
MAX_SCAN_LENGTH = 500  # a door token is about 80 characters; anything longer is not ours

_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{10,32}$")


def new_secret() -> str:
    return secrets.token_urlsafe(SECRET_BYTES)


def new_ref() -> str:
    return secrets.token_urlsafe(REF_BYTES)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def door_token(ref: str, ticket_secret: str) -> str:
    return signing.Signer(salt=DOOR_SALT, algorithm="sha256").sign(f"{ref}.{ticket_secret}")


def link_token(ref: str, link_secret: str) -> str:
    return signing.Signer(salt=LINK_SALT, algorithm="sha256").sign(f"{ref}.{link_secret}")


def _unsign(token: str, salt: str) -> tuple[str, str] | None:
    try:
        value = signing.Signer(salt=salt, algorithm="sha256").unsign(token)
    except signing.BadSignature:
        return None
    ref, _dot, secret = value.partition(".")
    if not ref or not _SECRET_RE.match(secret):
        return None
    return ref, secret


def read_link_token(token: str) -> tuple[str, str] | None:
    """(event ref, link secret) of a valid link token, else None."""
    if not token or len(token) > MAX_SCAN_LENGTH:
        return None
    return _unsign(token.strip(), LINK_SALT)


@dataclass(frozen=True)
class Scan:
    """What the door read: a signed token (`ref`, `secret`), a typed `code`, or garbage."""

    kind: str  # "token", "code" or "invalid"
    ref: str = ""
    secret: str = ""
    code: str = ""


def normalize_code(text: str) -> str:
    """A code as typed: Thai digits, spaces, dashes and lower case are all accepted."""
    return re.sub(r"[\s\-–.]", "", to_arabic_digits(text or "")).upper()


def read_scan(text: str) -> Scan:
    """Decide what was scanned or typed at the door. A token with a bad signature is "invalid"
    (forged or altered); so is a string that is neither a token nor a well-formed code."""
    text = (text or "").strip()
    if not text or len(text) > MAX_SCAN_LENGTH:
        return Scan("invalid")
    if ":" in text:
        unsigned = _unsign(text, DOOR_SALT)
        if unsigned is None:
            return Scan("invalid")
        return Scan("token", ref=unsigned[0], secret=unsigned[1])
    code = normalize_code(text)
    if len(code) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in code):
        return Scan("code", code=code)
    return Scan("invalid")
