"""Settings for the referral portal, read once from the environment.

One module for every environment. A missing or malformed variable stops start-up with one line
naming it (see ``env.py``). Every variable is listed in README.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

from referral_portal.env import (
    ConfigError,
    database_from_url,
    email_from_url,
    env_bool,
    env_int,
    env_list,
    env_str,
    redis_url,
)
from referral_portal.shadowing import hide_pypi_requests_from_drf

hide_pypi_requests_from_drf()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

# Commands that only read the models (never serve, sign or send) may run without secrets, so
# `manage.py makemigrations --check` works in a bare shell and in hooks.
MODEL_ONLY_COMMAND = sys.argv[1:2] == ["makemigrations"]


def _fail(error: ConfigError) -> None:
    # One line, no traceback: the operator needs the variable's name, not our stack.
    sys.stderr.write(f"Configuration error: {error}\n")
    raise SystemExit(2)


try:
    DEBUG = env_bool("DEBUG", False)
    # With DEBUG, Django's technical 404/500 pages instead of the portal's own (development only).
    DEBUG_TECHNICAL_PAGES = env_bool("DEBUG_TECHNICAL_PAGES", False)
    SECRET_KEY = env_str("SECRET_KEY") or ""
    if not SECRET_KEY:
        if DEBUG or MODEL_ONLY_COMMAND:
            SECRET_KEY = "insecure-development-key-not-for-production"  # noqa: S105  # nosec B105
        else:
            raise ConfigError("SECRET_KEY must be set when DEBUG is off")
    elif not DEBUG and len(SECRET_KEY) < 50:
        raise ConfigError("SECRET_KEY must be at least 50 characters when DEBUG is off")

    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
    # The reverse proxy's addresses, networks or host names: X-Forwarded-For/-Proto are
    # believed from these only (referral_portal/proxy.py). Empty: from nobody.
    TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
    CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
    PORTAL_BASE_URL = (env_str("PORTAL_BASE_URL") or "http://127.0.0.1:8000").rstrip("/")

    _database_url = env_str("DATABASE_URL")
    if not _database_url:
        # The embedded default of a first run: a SQLite file under the project.
        VAR_DIR.mkdir(exist_ok=True)
        _database_url = f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"
    DATABASES = {"default": database_from_url("DATABASE_URL", _database_url)}
    # SQLite (the first-run default) ignores covering-index columns: harmless, and the
    # warning on every `migrate` looks like an error to a newcomer. PostgreSQL uses them.
    if str(DATABASES["default"]["ENGINE"]).endswith("sqlite3"):
        SILENCED_SYSTEM_CHECKS = ["models.W040"]
    # The hot paths' statements are prepared once per connection on PostgreSQL
    # (referral_portal.rows.execute); off behind a pooler in transaction mode.
    DATABASE_PREPARED_STATEMENTS = env_bool("DATABASE_PREPARED_STATEMENTS", True)
    if not DATABASE_PREPARED_STATEMENTS:
        # Behind a pooler in transaction mode a server-side cursor (QuerySet.iterator()) may
        # find its next fetch on another server connection: Django's documented setting.
        DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    REDIS_URL = redis_url("REDIS_URL")

    _email_default = (
        "locmem://" if MODEL_ONLY_COMMAND else f"file://{VAR_DIR / 'mail'}" if DEBUG else ""
    )
    _email_url = env_str("EMAIL_URL") or _email_default
    if not _email_url:
        raise ConfigError("EMAIL_URL must be set when DEBUG is off, e.g. smtp://mail:587?tls=1")
    _email = email_from_url("EMAIL_URL", _email_url)
    DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL") or "Referral portal <no-reply@localhost>"
    # /.well-known/security.txt (RFC 9116): not published until a real mailbox is named with
    # DEBUG off (`check --deploy` warns, portal.W001); a placeholder only with DEBUG on.
    SECURITY_CONTACT = env_str("SECURITY_CONTACT") or ("security@localhost" if DEBUG else "")
    SECURITY_POLICY_URL = env_str("SECURITY_POLICY_URL") or ""
    EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20, minimum=1)
    # The email outbox (referral_portal/outbox): tries per email before it is shown as failed,
    # and the first wait after a temporary failure (doubled each time, at most 30 minutes).
    OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 8, minimum=1)
    OUTBOX_RETRY_SECONDS = env_int("OUTBOX_RETRY_SECONDS", 15, minimum=1)
    # Sent and cancelled emails (their addresses and words) are deleted after this many days.
    OUTBOX_KEEP_DAYS = env_int("OUTBOX_KEEP_DAYS", 30, minimum=8)
    # The hand-off to case management (requests/handoff, docs/handoff.md): the first wait after
    # a failed webhook delivery (doubled, at most 30 minutes), how long a delivery is tried
    # before it is shown as failed, each POST's timeout, and whether endpoints may be plain
    # http or on private, loopback or link-local addresses (off: https to public addresses only).
    HANDOFF_RETRY_SECONDS = env_int("HANDOFF_RETRY_SECONDS", 15, minimum=1)
    HANDOFF_GIVE_UP_HOURS = env_int("HANDOFF_GIVE_UP_HOURS", 24, minimum=1)
    HANDOFF_TIMEOUT = env_int("HANDOFF_TIMEOUT", 15, minimum=1)
    HANDOFF_ALLOW_PRIVATE_ENDPOINTS = env_bool("HANDOFF_ALLOW_PRIVATE_ENDPOINTS", False)
    # Where the daily export files are written, one folder per authority.
    HANDOFF_EXPORT_DIR = Path(env_str("HANDOFF_EXPORT_DIR") or VAR_DIR / "handoff-exports")

    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
    # Cookies sent over https only: off for plain-http serving (DEBUG, the test suite).
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
    MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or VAR_DIR / "uploads")
    STATIC_ROOT = Path(env_str("STATIC_ROOT") or VAR_DIR / "static")
    LOG_LEVEL = env_str("LOG_LEVEL") or "INFO"
    if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
        raise ConfigError(f"LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, got {LOG_LEVEL!r}")
    # At least 5 minutes: a shorter timeout signs people out while they read (review L5).
    SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 30 * 60, minimum=300)
    # No authority's retention period may be set below this (review H1: 0 days wiped records).
    # An API key lives no longer than a session (SESSION_COOKIE_AGE), and dies idle as one does.
    API_TOKEN_MAX_AGE = env_int("API_TOKEN_MAX_AGE", 8 * 60 * 60, minimum=60)
    RETENTION_MINIMUM_DAYS = env_int("RETENTION_MINIMUM_DAYS", 365, minimum=1)
except ConfigError as error:
    _fail(error)

EMAIL_BACKEND = _email.backend
EMAIL_HOST = _email.host
EMAIL_PORT = _email.port
EMAIL_HOST_USER = _email.user
EMAIL_HOST_PASSWORD = _email.password
EMAIL_USE_TLS = _email.use_tls
EMAIL_USE_SSL = _email.use_ssl
if _email.file_path:
    EMAIL_FILE_PATH = _email.file_path

INSTALLED_APPS = [
    "referral_portal.accounts.admin_apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "rest_framework",
    "drf_spectacular",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "drf_spectacular_sidecar",
    "referral_portal.accounts",
    "referral_portal.audit",
    "referral_portal.govuk",
    "referral_portal.rights",
    "referral_portal.outbox",
    "referral_portal.procedures",
    "contacts",
    "thresholds",
    "requests",
    "requests.information",
    "requests.triage",
    "requests.letters",
    "requests.dashboard",
    "requests.handoff",
    "requests.gathering",
]

MIDDLEWARE = [
    "referral_portal.proxy.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "referral_portal.middleware.RejectNulCharactersMiddleware",
    "referral_portal.uploads.RequestBodyLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "referral_portal.accounts.middleware.IdleTimeoutMiddleware",
    "referral_portal.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "referral_portal.accounts.middleware.NoStoreForSignedInMiddleware",
    "referral_portal.errors.DomainErrorMiddleware",
    "axes.middleware.AxesMiddleware",
    # Innermost, so a view's exception reaches it first: the portal's own error pages in the demo.
    "referral_portal.middleware.PortalErrorPagesMiddleware",
]

ROOT_URLCONF = "referral_portal.urls"
WSGI_APPLICATION = "referral_portal.wsgi.application"
ASGI_APPLICATION = "referral_portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "referral_portal.context_processors.portal",
                "contacts.context_processors.call_now",
                "requests.letters.context_processors.letters_to_post",
            ],
        },
    },
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Two-factor sign-in (django-otp). Enforced for staff roles; tests of other behaviour may
# turn enforcement off, the two-factor tests and the role-by-URL matrix keep it on.
TWO_FACTOR_ENFORCED = True
OTP_TOTP_ISSUER = "Referral portal"
OTP_TOTP_THROTTLE_FACTOR = 1
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60  # one hour: the link in the email is single-use and short-lived

# Sign-in limits (security review M6), two independent ones:
# - per client address, by django-axes: 30 failures from one address (whatever the emails)
#   lock that address out for 30 minutes. REMOTE_ADDR is the real client (referral_portal/
#   proxy.py), and the limit is high enough for an office behind one address;
# - per email address, by referral_portal/accounts/sign_in_limits.py: a growing delay, then
#   a lock lifted through the owner's email or by a manager.
AXES_FAILURE_LIMIT = 30
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_ENABLED = True

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("govuk/assets", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk" / "assets"),
    ("govuk/js", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_KEEP_ONLY_HASHED_FILES = False

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FILE_UPLOAD_PERMISSIONS = 0o640
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Request bodies (referral_portal/uploads.py, review M3): one file of up to 10 MB per request,
# refused above 12 MB by length; file parts are kept only by the views named here.
MAX_REQUEST_BYTES = 12 * 1024 * 1024
MAX_UPLOAD_FILE_BYTES = 10 * 1024 * 1024
UPLOAD_VIEWS = frozenset(
    {"requests:attachments", "information:new", "information-create", "gathering:answer"}
)
FILE_UPLOAD_HANDLERS = [
    "referral_portal.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

CRISPY_ALLOWED_TEMPLATE_PACKS = ("govuk",)
CRISPY_TEMPLATE_PACK = "govuk"
CRISPY_FAIL_SILENTLY = not DEBUG

# Cache: Redis when configured (shared by every process), memory otherwise (one process).
# The Redis cache swallows connection errors so that pages needing only the database keep
# working while Redis is down.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "referral_portal.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portal",
            "TIMEOUT": 300,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 8 * 60 * 60  # absolute age: a working day
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
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
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# Celery: settings that keep work from being lost or doubled (LIBRARIES.md).
# Without REDIS_URL, tasks run in-process after the transaction commits.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = REDIS_URL is None
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
# A pool process is replaced when it holds more than 400 MiB after a task (a letter's rendering
# grows a process to ~115 MiB and stays there), and after 2,000 tasks whatever its size. Replacing
# one every 100 tasks (LIBRARIES.md's first setting) cost each new process ~0.75 s of CPU for
# its fonts, stylesheets, templates and connection: 7.5 ms per letter (docs/performance.md).
CELERY_WORKER_MAX_MEMORY_PER_CHILD = 400 * 1024  # KiB
CELERY_WORKER_MAX_TASKS_PER_CHILD = 2000
# A worker process keeps its database connection between tasks, as the web process does between
# requests (CONN_MAX_AGE); Celery would otherwise open one per task (referral_portal/celery.py).
CELERY_DB_REUSE_MAX = 10_000
CELERY_WORKER_SOFT_SHUTDOWN_TIMEOUT = 10
CELERY_WORKER_SEND_TASK_EVENTS = False
CELERY_TASK_PUBLISH_RETRY = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5}
CELERY_TIMEZONE = "Europe/London"
# One email's send can take at most this long: a connection, five SMTP commands and QUIT, each
# bounded by EMAIL_TIMEOUT; the worker kills the task after it. A claim (lease) on an email lasts
# longer than that, so a live sender never has its email taken and sent a second time.
OUTBOX_SEND_TIME_LIMIT = max(10, 7 * EMAIL_TIMEOUT)
OUTBOX_LEASE_SECONDS = OUTBOX_SEND_TIME_LIMIT + max(5, OUTBOX_SEND_TIME_LIMIT // 4)
# A webhook POST: a connection and a response, each bounded by HANDOFF_TIMEOUT.
HANDOFF_SEND_TIME_LIMIT = max(10, 3 * HANDOFF_TIMEOUT)
HANDOFF_LEASE_SECONDS = HANDOFF_SEND_TIME_LIMIT + max(5, HANDOFF_SEND_TIME_LIMIT // 4)
CELERY_TASK_ANNOTATIONS = {
    "outbox.send_email": {
        "time_limit": OUTBOX_SEND_TIME_LIMIT,
        "soft_time_limit": OUTBOX_SEND_TIME_LIMIT - 2,
    },
    "handoff.deliver": {
        "time_limit": HANDOFF_SEND_TIME_LIMIT,
        "soft_time_limit": HANDOFF_SEND_TIME_LIMIT - 2,
    },
}
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {"task": "referral_portal.tasks.heartbeat", "schedule": 30.0},
    # Every email the portal sends leaves through the outbox: due emails, retries after their
    # back-off and those of a dead sender are handed to the worker (referral_portal/outbox).
    "outbox-sweep": {"task": "outbox.sweep", "schedule": 5.0},
    "outbox-prune": {"task": "outbox.prune", "schedule": 24 * 3600.0},
    # Hand-off webhooks go through the same outbox rules (requests/handoff); the daily export
    # file of each authority's hand-off documents.
    "handoff-sweep": {"task": "handoff.sweep", "schedule": 5.0},
    "handoff-export": {"task": "handoff.export_daily", "schedule": 3600.0},
    # Personal data past the authority's retention period is removed nightly (issue 11).
    "retention-apply": {"task": "rights.retention_apply", "schedule": 24 * 3600.0},
    # Drafts untouched for 30 days are deleted, with a warning a week before (issue 6).
    "requests-drafts-expire": {"task": "requests.tasks.drafts_expire", "schedule": 3600.0},
    # Information gathering (issue 22): reminders before the reply-by time, flags once it passes.
    "gathering-clock": {"task": "requests.gathering.tasks.clock_tick", "schedule": 60.0},
    # The 24-hour dashboard's trend: final days' rollups (issue 10; the figures stay right without).
    "dashboard-daily-figures": {
        "task": "requests.dashboard.tasks.daily_figures_rebuild",
        "schedule": 3600.0,
    },
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "referral_portal.api.PortalAutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "referral_portal.accounts.api_tokens.ApiTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "referral_portal.parsers.SafeJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_RATES": {"anon": "120/min", "user": "600/min"},
    # REMOTE_ADDR is already the real client (TrustedProxyMiddleware): never read the header.
    "NUM_PROXIES": 0,
    "EXCEPTION_HANDLER": "referral_portal.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Safeguarding referral portal API",
    "DESCRIPTION": "Public and partner-agency endpoints of the referral portal.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # The docs page's viewer (Swagger UI) comes from our own static files
    # (drf-spectacular-sidecar), never a CDN: the portal's Content Security Policy allows
    # scripts and styles from 'self' only, which Redoc cannot work under (it injects styles).
    # No deep links: they put links inside Swagger UI's operation buttons (nested controls).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "defaultModelsExpandDepth": 0},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "referral_portal.api.authority_enum_hook",
        "referral_portal.api.no_nul_hook",
    ],
    # The same answers asked in several questions: one name each in the schema.
    "ENUM_NAME_OVERRIDES": {
        "YesNoEnum": ["yes", "no"],
        "YesNoNotKnownEnum": ["yes", "no", "not_known"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Request logs can carry query strings; our own code never logs a child's data.
        "django.request": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
    },
}
