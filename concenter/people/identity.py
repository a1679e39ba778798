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
