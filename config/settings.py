"""ANTQ settings: one module, driven by environment variables with safe development defaults.

Production sets at least DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL and REDIS_URL.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
# The development key is only usable while DJANGO_SECRET_KEY is unset; check --deploy rejects it.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "django-insecure-antq-development-key-not-for-production")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "simple_history",
    "django_tasks_db",
    # Image captchas on the public forms (tip-offs, feedback, comments); answers are single-use.
    "captcha",
    # Listed so that the API docs page serves Swagger UI from our static files, not from a CDN.
    "ninja",
    "antq.core",
    "antq.units",
    "antq.accounts",
    "antq.assessments",
    "antq.forces",
    "antq.coordination",
    "antq.festival",
    "antq.movement",
    "antq.practices",
    "antq.awards",
    "antq.tips",
    "antq.dashboards",
    "antq.reports",
    "antq.portal",
]

MIDDLEWARE = [
    "antq.core.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "antq.core.middleware.VietnameseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "antq.accounts.middleware.RequireOTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    # Turns django-ratelimit's Ratelimited into RATELIMIT_VIEW's 429 (else it would be a 403).
    "django_ratelimit.middleware.RatelimitMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "antq" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "antq.core.context_processors.navigation",
            ],
        },
    },
]

# --- Database: SQLite by default, PostgreSQL through DATABASE_URL -------------------------
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'antq.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The default database file lives in var/, which a fresh checkout does not have yet.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the background worker write while pages read.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Tests on SQLite run on a file as well (pytest-django suffixes it per xdist worker), not in
    # memory: an in-memory database is one connection, which Django then shares between the test
    # and every request thread of the browser tests' live server, and threads interleaving on it
    # failed those tests at random ("bad parameter or other API misuse"). A file gives each its own.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The tip intake's INSERT is prepared on the PostgreSQL server (antq/core/db.py). Turn off behind
# PgBouncer older than 1.21 in transaction mode, which cannot carry prepared statements.
ANTQ_DB_PREPARED_INSERTS = env_bool("ANTQ_DB_PREPARED_INSERTS", True)

# --- Cache, sessions: local memory by default, Redis when several web nodes run -----------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Rate limits on the public endpoints (django-ratelimit) --------------------------------
# Counters live in the default cache: Redis in production (shared by every web process). Without
# REDIS_URL (a single machine, `make run`) they are per process, which only loosens the limits.
RATELIMIT_USE_CACHE = "default"
RATELIMIT_VIEW = "antq.core.views.rate_limited"

# --- Captcha (django-simple-captcha): 5 letters, distortion kept readable on phones --------
CAPTCHA_LENGTH = 5
CAPTCHA_TIMEOUT = 10  # minutes a challenge stays valid; each one is deleted once answered
CAPTCHA_IMAGE_SIZE = (150, 50)
CAPTCHA_FONT_SIZE = 34
# Only the throughput bench's own server sets this (benchmarks/tips.py): "PASSED" answers every
# challenge, so its load generator need not read images. Never set it anywhere else.
CAPTCHA_TEST_MODE = env_bool("CAPTCHA_TEST_MODE", False)

# --- Background jobs: django.tasks with the database backend ------------------------------
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# --- Authentication and login security ----------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Django's validators with Vietnamese messages (Django 6.1's catalogue misses some of them).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "antq.accounts.validators.UserAttributeSimilarityValidator"},
    {"NAME": "antq.accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "antq.accounts.validators.CommonPasswordValidator"},
    {"NAME": "antq.accounts.validators.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_VERBOSE = False

OTP_TOTP_ISSUER = "ANTQ"
# Roles whose holders must verify a TOTP code after the password (see accounts/roles.py).
ANTQ_OTP_REQUIRED = env_bool("ANTQ_OTP_REQUIRED", True)
# In-app notifications are always written; this also emails users who have an address.
ANTQ_NOTIFY_EMAIL = env_bool("ANTQ_NOTIFY_EMAIL", False)
# Django 6.1 mailers (replace EMAIL_BACKEND/EMAIL_HOST…); tests substitute the in-memory backend.
MAILERS = {
    "default": {
        "BACKEND": os.environ.get("ANTQ_MAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"),
        "OPTIONS": {
            "host": os.environ.get("ANTQ_MAIL_HOST", "localhost"),
            "port": int(os.environ.get("ANTQ_MAIL_PORT", "25")),
        },
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("ANTQ_MAIL_FROM", "antq@localhost")

# --- Internationalisation: Vietnamese first -----------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["antq.core.formats"]

# --- Static files: everything served by the app itself (no CDN) ---------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "antq" / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/chart.js", NODE_MODULES / "chart.js" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": os.environ.get(
            "STATICFILES_BACKEND", "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "/media/"

# Uploads: the Excel import caps the file size before openpyxl ever sees it.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
ANTQ_IMPORT_MAX_BYTES = int(os.environ.get("ANTQ_IMPORT_MAX_BYTES", str(5 * 1024 * 1024)))
ANTQ_IMPORT_MAX_ROWS = int(os.environ.get("ANTQ_IMPORT_MAX_ROWS", "5000"))
# A zip bomb is refused before openpyxl opens it; previews wait outside MEDIA_ROOT (never served).
ANTQ_IMPORT_MAX_UNCOMPRESSED_BYTES = int(
    os.environ.get("ANTQ_IMPORT_MAX_UNCOMPRESSED_BYTES", str(20 * 1024 * 1024))
)
ANTQ_IMPORT_STAGING_DIR = Path(os.environ.get("ANTQ_IMPORT_STAGING_DIR", BASE_DIR / "var" / "import-staging"))
# Evidence attached to TT 124 criteria: per-file size and per-criterion count limits.
ANTQ_EVIDENCE_MAX_BYTES = int(os.environ.get("ANTQ_EVIDENCE_MAX_BYTES", str(10 * 1024 * 1024)))
ANTQ_EVIDENCE_MAX_FILES = int(os.environ.get("ANTQ_EVIDENCE_MAX_FILES", "10"))
# The force's roster import runs in the background and streams: a national file (300,000 members)
# is ~25 MB zipped, ~300 MB of XML once inflated. The limits of the small imports above stay as they are.
ANTQ_ROSTER_IMPORT_MAX_ROWS = int(os.environ.get("ANTQ_ROSTER_IMPORT_MAX_ROWS", "300000"))
ANTQ_ROSTER_IMPORT_MAX_BYTES = int(os.environ.get("ANTQ_ROSTER_IMPORT_MAX_BYTES", str(64 * 1024 * 1024)))
ANTQ_ROSTER_IMPORT_MAX_UNCOMPRESSED_BYTES = int(
    os.environ.get("ANTQ_ROSTER_IMPORT_MAX_UNCOMPRESSED_BYTES", str(1024 * 1024 * 1024))
)
# Files attached to movement documents and progress reports (same content check as evidence).
ANTQ_MOVEMENT_ATTACHMENT_MAX_BYTES = int(
    os.environ.get("ANTQ_MOVEMENT_ATTACHMENT_MAX_BYTES", str(10 * 1024 * 1024))
)
# Files sent with the parties' implementation reports of coordination programmes.
ANTQ_COORDINATION_ATTACHMENT_MAX_BYTES = int(
    os.environ.get("ANTQ_COORDINATION_ATTACHMENT_MAX_BYTES", str(10 * 1024 * 1024))
)

# The public portal (issue 7): article files live outside MEDIA_ROOT (served only by a view that checks
# the article is published); per-file size limits; comment rate per IP address (never stored).
ANTQ_PORTAL_FILES_ROOT = Path(os.environ.get("ANTQ_PORTAL_FILES_ROOT", BASE_DIR / "var" / "portal-files"))
ANTQ_PORTAL_IMAGE_MAX_BYTES = int(os.environ.get("ANTQ_PORTAL_IMAGE_MAX_BYTES", str(5 * 1024 * 1024)))
ANTQ_PORTAL_ATTACHMENT_MAX_BYTES = int(
    os.environ.get("ANTQ_PORTAL_ATTACHMENT_MAX_BYTES", str(10 * 1024 * 1024))
)
ANTQ_PORTAL_MAX_FILES = int(os.environ.get("ANTQ_PORTAL_MAX_FILES", "10"))
ANTQ_PORTAL_IMAGE_MAX_PIXELS = int(os.environ.get("ANTQ_PORTAL_IMAGE_MAX_PIXELS", str(40_000_000)))
ANTQ_PORTAL_COMMENT_RATE = os.environ.get("ANTQ_PORTAL_COMMENT_RATE", "5/10m")
ANTQ_PORTAL_API_RATE = os.environ.get("ANTQ_PORTAL_API_RATE", "120/m")

# --- Tip-offs and citizen feedback (antq/tips) --------------------------------------------
# Informant identities are encrypted with Fernet keys: comma-separated, the first encrypts, all
# decrypt (rotation: put the new key first, run `manage.py rotate_identity_keys`, then drop the old).
# Unset, a key derived from the development SECRET_KEY is used for `make run` only; with a real
# DJANGO_SECRET_KEY and no keys, identities cannot be stored (antq/tips/README.md).
ANTQ_IDENTITY_KEYS = env_list("ANTQ_IDENTITY_KEYS")
# Citizens' files live outside MEDIA_ROOT (never served by /media/), downloaded through a scoped view.
ANTQ_TIPS_FILES_DIR = Path(os.environ.get("ANTQ_TIPS_FILES_DIR", BASE_DIR / "var" / "tip-files"))
ANTQ_TIPS_ATTACHMENT_MAX_BYTES = int(os.environ.get("ANTQ_TIPS_ATTACHMENT_MAX_BYTES", str(10 * 1024 * 1024)))
ANTQ_TIPS_ATTACHMENT_MAX_FILES = int(os.environ.get("ANTQ_TIPS_ATTACHMENT_MAX_FILES", "5"))
ANTQ_TIPS_TEXT_MAX = int(os.environ.get("ANTQ_TIPS_TEXT_MAX", "5000"))
# Days after closing when identities and files of a closed tip are erased (UNCONFIRMED: default 365).
ANTQ_TIPS_RETENTION_DAYS = int(os.environ.get("ANTQ_TIPS_RETENTION_DAYS", "365"))
# Earlier tips received within this many days, of the same commune or within this many metres of the
# tip's point, are suggested as possible duplicates.
ANTQ_TIPS_DUPLICATE_WINDOW_DAYS = int(os.environ.get("ANTQ_TIPS_DUPLICATE_WINDOW_DAYS", "30"))
ANTQ_TIPS_DUPLICATE_RADIUS_METRES = int(os.environ.get("ANTQ_TIPS_DUPLICATE_RADIUS_METRES", "500"))
# A deadline within this many days counts as "due soon" in the inbox and the daily check.
ANTQ_TIPS_DUE_SOON_DAYS = int(os.environ.get("ANTQ_TIPS_DUE_SOON_DAYS", "5"))
# Days to answer feedback (phản ánh, kiến nghị) and data-subject requests (UNCONFIRMED defaults).
ANTQ_TIPS_FEEDBACK_DAYS = int(os.environ.get("ANTQ_TIPS_FEEDBACK_DAYS", "20"))
ANTQ_TIPS_DSR_DAYS = int(os.environ.get("ANTQ_TIPS_DSR_DAYS", "30"))
# HMAC key of the tips' tracking secrets (antq/tips/actions.hash_secret): required in production, kept
# apart from the database; changing it makes every stored secret fail.
ANTQ_TIPS_SECRET_KEY = os.environ.get("ANTQ_TIPS_SECRET_KEY", "")
# Seconds each web process keeps the categories, communes and consent notice that the public intake reads
# on every submission (antq/tips/reference.py); a save in this process empties the copy at once.
ANTQ_TIPS_REFERENCE_TTL = int(os.environ.get("ANTQ_TIPS_REFERENCE_TTL", "60"))
# A tip whose intake job has not run after this many minutes is finished by the daily check instead.
ANTQ_TIPS_INTAKE_GRACE_MINUTES = int(os.environ.get("ANTQ_TIPS_INTAKE_GRACE_MINUTES", "10"))
# django-ratelimit rates of the public forms and API (per client, keyed by an HMAC of the address that
# lives only in the cache). The bench raises them for its run only.
ANTQ_TIPS_RATE_SUBMIT = os.environ.get("ANTQ_TIPS_RATE_SUBMIT", "5/10m")
ANTQ_TIPS_RATE_FOLLOW = os.environ.get("ANTQ_TIPS_RATE_FOLLOW", "20/10m")

# --- Security headers ---------------------------------------------------------------------
from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0

# --- Structured logs: one JSON object per line on stderr -----------------------------------
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
    },
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # PDF rendering logs every layout step and font conversion at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- API ----------------------------------------------------------------------------------
NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 200

SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False

# Lockout is per account: officers of one police station share one NAT address, and locking the
# address would lock the whole station out (docs/decisions/0002-login-lockout.md).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
if not REDIS_URL:
    # LocMem is per process: acceptable for one machine; production sets REDIS_URL (see above).
    SILENCED_SYSTEM_CHECKS += ["django_ratelimit.E003", "django_ratelimit.W001"]
