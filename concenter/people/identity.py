"""The national ID as personal data: checked, hashed with a key, never stored or logged whole."""

import hashlib
import hmac

from django.conf import settings

from concenter.common.thai import normalize_national_id


def national_id_hash(national_id: str) -> str:
    """The keyed hash of a valid, normalised 13-digit ID (HMAC-SHA256 with PERSONAL_DATA_KEY)."""
    return hmac.new(
        settings.PERSONAL_DATA_KEY.encode(), national_id.encode(), hashlib.sha256
    ).hexdigest()


def national_id_fingerprint(raw: str) -> tuple[str, str]:
    """(hash, last four digits) of an ID as typed; raises ThaiParseError naming the problem."""
    normalized = normalize_national_id(raw)
    return national_id_hash(normalized), normalized[-4:]


FINGERPRINT_MESSAGE = b"concenter: the fingerprint of PERSONAL_DATA_KEY"


def personal_data_key_fingerprint() -> str:
    """Names the key without giving it away: the keyed hash of a constant (HMAC-SHA256), cut to
    16 hex digits. A dump or backup records it, so that loading it under another key (which
    would leave every stored ID hash unmatched) is refused."""
    return hmac.new(
        settings.PERSONAL_DATA_KEY.encode(), FINGERPRINT_MESSAGE, hashlib.sha256
    ).hexdigest()[:16]
