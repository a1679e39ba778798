"""Settings shared by every environment. Everything that differs between machines comes from the
environment (see docs/deploy.md); nothing secret is written here."""

import os
import secrets
from pathlib import Path

import dj_database_url
import fontpkg_sarabun
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parents[2]


def default_var_dir() -> Path:
    """The working folder when CONCENTER_VAR_DIR is not set: var/ beside the code in a source
    checkout (`make run`); after `pip install .` the code sits in site-packages, which is no place
    for data, so the user's data folder ($XDG_DATA_HOME/concenter, ~/.local/share/concenter)."""
    if (BASE_DIR / "pyproject.toml").exists():
        return BASE_DIR / "var"
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home) / "concenter"


VAR_DIR = Path(os.environ.get("CONCENTER_VAR_DIR") or default_var_dir())
VAR_DIR.mkdir(parents=True, exist_ok=True)
# config.settings.production sets it: the demo refuses to run there unless asked explicitly.
PRODUCTION = False


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def secret_key_from_environment_or_file(*, allow_generate: bool) -> str:
    """The key comes from SECRET_KEY; on a developer's machine it is generated once into var/."""
    key = os.environ.get("SECRET_KEY") or os.environ.get("DJANGO_SECRET_KEY")
    if key:
        return key
    if not allow_generate:
        raise ImproperlyConfigured("SECRET_KEY must be set in the environment in production.")
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


def personal_data_key_from_environment_or_file(*, allow_generate: bool) -> str:
    """The key of the national-ID hash. Changing it makes every stored hash useless, so it is
    kept apart from SECRET_KEY (which may be rotated)."""
    key = os.environ.get("PERSONAL_DATA_KEY")
    if key:
        return key
    if not allow_generate:
        raise ImproperlyConfigured(
            "PERSONAL_DATA_KEY must be set in the environment in production."
        )
    path = VAR_DIR / "personal_data_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def database_from_environment() -> dict:
    """SQLite under var/ unless DATABASE_URL names another database (PostgreSQL in production)."""
    url = os.environ.get("DATABASE_URL")
    if url and not url.startswith("sqlite"):
        config = dj_database_url.parse(url, conn_max_age=0, conn_health_checks=False)
        if config["ENGINE"] == "django.db.backends.postgresql":
            pool_size = int(os.environ.get("DATABASE_POOL_SIZE", "8"))
            config["OPTIONS"] = {"pool": {"min_size": 1, "max_size": pool_size, "timeout": 10}}
        return config
    name = dj_database_url.parse(url)["NAME"] if url else str(VAR_DIR / "concenter.sqlite3")
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": name,
        # A connection kept between requests keeps its page cache and its parsed schema
        # (a new one costs ~1.6 ms and starts cold): the largest gain under load (performance.md).
        "CONN_MAX_AGE": int(os.environ.get("CONN_MAX_AGE", "600")),
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {
            # IMMEDIATE takes the write lock at BEGIN, so two writers queue instead of one failing
            # with "database is locked" halfway through its transaction.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;"
                "PRAGMA busy_timeout=20000;"
                "PRAGMA cache_size=-65536;"
                "PRAGMA mmap_size=268435456;"
                "PRAGMA temp_store=MEMORY;"
            ),
        },
    }


DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "auditlog",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "ninja",
    "concenter.common",
    "concenter.accounts",
    "concenter.geography",
    "concenter.notifications",
    "concenter.people",
    "concenter.network",
    "concenter.reports",
    "concenter.portal",
    "concenter.exchange",
    "concenter.activities",
    "concenter.awards",
    "concenter.events",
    "concenter.assessment",
    # Tools over the whole domain (no models): their commands `synth` and `bench`.
    "concenter.synth",
    "concenter.bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "concenter.common.middleware.SessionIdleRefreshMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "concenter.common.middleware.ThaiFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "concenter.common.middleware.ThaiDigitsMiddleware",
    "concenter.common.middleware.NoNulInPagesMiddleware",
    "concenter.accounts.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "concenter.common.audit.TrustedProxyAuditlogMiddleware",
    "concenter.common.audit.AuditRequestMiddleware",
    "concenter.common.middleware.OutOfScopeAsNotFoundMiddleware",
    "axes.middleware.AxesMiddleware",
    "concenter.accounts.middleware.TwoFactorMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "concenter" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "concenter.common.context_processors.site",
            ],
            "builtins": ["django.templatetags.i18n", "concenter.common.templatetags.thai"],
        },
    }
]

DATABASES = {"default": database_from_environment()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "concenter_cache",
        # The pages keep rendered dashboards and list rows here (keys change with the figures);
        # the default of 300 entries would cull a third of them again and again.
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
}
if os.environ.get("REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
    }

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "concenter.accounts.throttle.AddressThrottleBackend",
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "my_work"
LOGOUT_REDIRECT_URL = "home"

# Sessions end after 8 idle hours: a shared office computer should not stay logged in overnight.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_SECONDS", 8 * 3600))
# Not saved on every request: concenter.common.middleware.SessionIdleRefreshMiddleware saves a
# session again at most every SESSION_REFRESH_SECONDS, which keeps the idle limit without a write
# per page.
SESSION_SAVE_EVERY_REQUEST = False
# Database sessions as Django's, read with one plain statement (no ORM query building per page).
SESSION_ENGINE = "concenter.common.sessions"
SESSION_REFRESH_SECONDS = int(os.environ.get("SESSION_REFRESH_SECONDS", 300))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_LOCKOUT_CALLABLE = "concenter.accounts.throttle.lockout_response"  # JSON for the API
# Password spraying: wrong passwords for any usernames from one address within the cool-off
# time (concenter.accounts.throttle). High enough for an office behind one NAT address.
LOGIN_FAILURE_LIMIT_PER_ADDRESS = int(os.environ.get("LOGIN_FAILURE_LIMIT_PER_ADDRESS", 30))

# Proxies in front of the app (a reverse proxy that appends X-Forwarded-For). 0: the header is
# ignored and the socket's address is the client's (see concenter.common.audit.client_address).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT or None
AXES_IPWARE_PROXY_ORDER = "right-most"
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if TRUSTED_PROXY_COUNT else ("REMOTE_ADDR",)
)

LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "concenter" / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# `concenter collectstatic` writes here at build time; WhiteNoise serves it (docs/deploy.md).
STATIC_ROOT = Path(os.environ.get("CONCENTER_STATIC_ROOT") or VAR_DIR / "static")
STATICFILES_DIRS = [
    BASE_DIR / "concenter" / "static",
    ("fonts", Path(fontpkg_sarabun.__file__).parent / "files"),
]
# Uploads are kept in the database (STORAGES below); MEDIA_ROOT only names where files of older
# versions lie, for `concenter media_import`.
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    # Uploads live in the database: every app server reaches them (ADR 0008).
    "default": {"BACKEND": "concenter.common.storage.DatabaseStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Django caps form fields and the number of files, not a file's size: a multipart body larger
# than this is refused (400) before it reaches the temporary folder (docs/security.md).
MAX_REQUEST_BODY_BYTES = int(os.environ.get("MAX_REQUEST_BODY_BYTES", 110 * 1024 * 1024))
FILE_UPLOAD_HANDLERS = [
    "concenter.common.uploads.RequestBodyLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# A page must not be framed, sniffed or leak the referrer to another site.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_STORE_JSON_CHANGES = True

# The rules of the network, named once (PRODUCT.md, "Committees").
COMMITTEE_MIN_SIZE = int(os.environ.get("COMMITTEE_MIN_SIZE", 9))
COMMITTEE_MAX_SIZE = int(os.environ.get("COMMITTEE_MAX_SIZE", 25))

# A name search stops after this long and asks the user to narrow it (concenter.common.search):
# no search holds a server thread for seconds. 0 = no limit.
SEARCH_TIMEOUT_MS = int(os.environ.get("SEARCH_TIMEOUT_MS", "1000"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if env_bool("LOG_JSON") else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
AXES_VERBOSE = False

# Two-factor authentication (django-otp, TOTP). National administrators must enrol a device
# before anything else; others may. A user with a confirmed device enters a code after login.
OTP_REQUIRED_FOR_NATIONAL_ADMINS = True
OTP_TOTP_ISSUER = "concenter"

# API bearer tokens end this many days after they were made (POST /api/v1/auth/token or
# `concenter token create`); a password change or reset revokes them all at once.
API_TOKEN_LIFETIME_DAYS = int(os.environ.get("API_TOKEN_LIFETIME_DAYS", "30"))

# /metrics (Prometheus): a national administrator's API token, or this shared token.
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")

# Messages to people (docs/notifications.md). E-mail goes over SMTP; with no EMAIL_HOST the
# e-mails wait in the outbox. LINE pushes go to the Messaging API with the channel access token
# of the Official Account; with no token the LINE messages wait. SITE_URL starts every link.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=EMAIL_PORT == 587)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=EMAIL_PORT == 465)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "concenter <no-reply@localhost>")
LINE_CHANNEL_ACCESS_TOKEN = os.environ.get("LINE_CHANNEL_ACCESS_TOKEN", "")
LINE_API_ENDPOINT = os.environ.get("LINE_API_ENDPOINT", "https://api.line.me")
LINE_TIMEOUT = int(os.environ.get("LINE_TIMEOUT", "20"))
# How long a sender holds a message it is sending; a sender that dies leaves it for this long.
NOTIFICATIONS_LEASE_SECONDS = float(os.environ.get("NOTIFICATIONS_LEASE_SECONDS", "120"))
# Send at once from a thread of the web process after the change commits (else `concenter work`).
NOTIFICATIONS_SEND_ON_COMMIT = env_bool("NOTIFICATIONS_SEND_ON_COMMIT", default=True)

# The roll-up table's covering index carries its value column on PostgreSQL only; on SQLite the
# index is an ordinary one, which is all the warning says (concenter/network/models.py).
SILENCED_SYSTEM_CHECKS = ["models.W040"]
