"""The test suite: fast hashing, plain static storage, no connection pool."""

from .base import *  # noqa: F403
from .base import (
    DATABASES,
    STORAGES,
    personal_data_key_from_environment_or_file,
    secret_key_from_environment_or_file,
)

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["OPTIONS"] = {}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
AXES_ENABLED = True
WHITENOISE_AUTOREFRESH = True
# Tests sign national administrators in with force_login; tests/accounts/test_two_factor.py
# turns this on.
OTP_REQUIRED_FOR_NATIONAL_ADMINS = False

# No time limit on searches: a loaded machine must not turn a test's search into "narrow it"
# (tests/common/test_search_walk.py sets one to test it).
SEARCH_TIMEOUT_MS = 0

# Tests send the outbox themselves (notifications.sender.send_due), never from a thread.
NOTIFICATIONS_SEND_ON_COMMIT = False

SECRET_KEY = secret_key_from_environment_or_file(allow_generate=True)
PERSONAL_DATA_KEY = personal_data_key_from_environment_or_file(allow_generate=True)
