"""Production: behind a TLS-terminating reverse proxy, PostgreSQL through DATABASE_URL."""

import os

from .base import *  # noqa: F403
from .base import (
    env_bool,
    env_list,
    personal_data_key_from_environment_or_file,
    secret_key_from_environment_or_file,
)

DEBUG = False
PRODUCTION = True
SECRET_KEY = secret_key_from_environment_or_file(allow_generate=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# A load balancer checks the app servers over plain http: /healthz answers there, never a 301.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
PERSONAL_DATA_KEY = personal_data_key_from_environment_or_file(allow_generate=False)
