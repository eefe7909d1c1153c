"""One settings module, configured only from environment variables.

Variables (see .env.example): DATABASE_URL, DB_CONN_MAX_AGE, SECRET_KEY, DEBUG, ALLOWED_HOSTS,
MOTCUA_MEDIA_ROOT, MOTCUA_STORAGE (local|s3), MOTCUA_TASK_BACKEND (db|rq|immediate),
MOTCUA_VAR_DIR, MOTCUA_TRUSTED_PROXIES, and the web-security switches MOTCUA_HTTPS,
MOTCUA_HSTS_*, MOTCUA_PROXY_SSL_HEADER, MOTCUA_LOGIN_FAILURE_LIMIT, MOTCUA_LOGIN_COOLOFF_MINUTES,
MOTCUA_PUBLIC_BASE_URL (default http://$HOST:$PORT, the address `make run` serves on),
MOTCUA_TASK_LEASE_SECONDS (default 900: a task running longer was abandoned and runs again),
MOTCUA_OUTBOX_LEASE_SECONDS (default 60: an outbox claim older than this is taken again),
MOTCUA_DVCQG_URL / _TOKEN / _AGENCY_CODE / _TIMEOUT (the national portal sync; empty URL: off),
MOTCUA_DOSSIER_SEQUENCE_OVERFLOW (widen|refuse, default widen: dossier 10,000 of a day),
MOTCUA_CACHE_URL (empty: a per-process memory cache; redis://host:port/db: one shared Redis
cache), MOTCUA_PG_JIT (1 keeps PostgreSQL's JIT; default off), MOTCUA_LEAN_API (default 1:
API calls without a session skip the page-only middleware; 0 sends all through the full one).

Scale-out mode (docs/scale-out.md, ADR 0006), switched on by these alone: MOTCUA_TASK_BACKEND=rq
with MOTCUA_REDIS_URL (default redis://127.0.0.1:6379/0) and MOTCUA_RQ_JOB_TIMEOUT (seconds,
600); MOTCUA_STORAGE=s3 with MOTCUA_S3_BUCKET, MOTCUA_S3_ENDPOINT_URL, MOTCUA_S3_REGION and
boto3's AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY; DATABASE_REPLICA_URL (comma-separated).

Production defaults are fast and safe: with DEBUG off the site is HTTPS-only (HSTS, secure
cookies, redirect) unless MOTCUA_HTTPS=0, and database connections are kept for 60 s.

Operations (docs/operations.md): MOTCUA_LOG_FORMAT (json|text, default json with DEBUG off),
MOTCUA_ACCESS_LOG (default 1), LOG_LEVEL, MOTCUA_METRICS_ALLOW (default 127.0.0.1,::1),
MOTCUA_METRICS_TOKEN, PROMETHEUS_MULTIPROC_DIR (set by motcua.gunicorn_conf).

Level-4 services (motcua/settings_level4.py lists them): MOTCUA_VNPAY_* and
MOTCUA_PAYMENT_EXPIRE_MINUTES (payments), MOTCUA_SIGNING_KEY[_FILE], MOTCUA_TSA_URL and the
verification limits (signing), MOTCUA_EMAIL_* and MOTCUA_SMS_* (notifications).

The platform's own MOTCUA keys are in motcua/settings_platform.py.

Voice of the people (motcua/settings_voice.py lists them): MOTCUA_RATING_*, MOTCUA_FEEDBACK_*,
MOTCUA_OPEN311_*, MOTCUA_CONSULTATION_*.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from motcua.settings_analytics import analytics_motcua
from motcua.settings_level4 import env_bool as _env_bool
from motcua.settings_level4 import level4_settings, payments
from motcua.settings_platform import platform_settings
from motcua.settings_voice import ratings, voice_motcua

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("MOTCUA_VAR_DIR", BASE_DIR / "var"))

DEBUG = _env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY chưa được đặt. Với DEBUG tắt, máy chủ không khởi động khi thiếu SECRET_KEY "
            "(SECRET_KEY is required when DEBUG is off)."
        )
    SECRET_KEY = "insecure-development-key-only-for-debug"  # noqa: S105

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    # django.contrib.admin, whose site asks officials for the second factor (accounts/otp.py)
    "motcua.accounts.apps.SecondFactorAdminConfig",
    # before django.contrib.auth: its `changepassword` command (through the service) wins
    "motcua.accounts",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",  # serves Swagger UI's files from /static/ninja/ instead of a CDN
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # recovery codes
    "django_tasks",
    "django_tasks_db",
    "motcua.core",
    "motcua.catalog",
    "motcua.dossiers",
    "motcua.portal",
    "motcua.workspace",
    "motcua.national_portal",  # sync with the national public-service portal (DVCQG)
    # level-4 services (issue 9)
    "motcua.payments",  # fees paid online through a gateway (docs/payments.md)
    "motcua.signing",  # PAdES-signed results and public verification (docs/signing.md)
    "motcua.docstore",  # the applicant's document store, once-only (docs/docstore.md)
    "motcua.notifications",  # e-mail, SMS and the inbox from the outbox (docs/notifications.md)
    "motcua.ratings",  # ratings of finished dossiers and officials, scorecards (docs/ratings.md)
    "motcua.feedback",  # feedback and petitions (phản ánh, kiến nghị; docs/feedback.md)
    "motcua.open311",  # Open311 GeoReport v2 over feedback (docs/open311.md)
    "motcua.consultation",  # public consultation on drafts (docs/consultation.md)
    "motcua.analytics",  # rollups, the 766 index, dashboards, forecasts (docs/analytics.md)
    # official documents and assigned tasks (issue 12)
    "motcua.documents",  # Decree 30/2020 documents, registers, exchange (docs/documents.md)
    "motcua.directives",  # assigned tasks (giao việc) and their follow-up (docs/directives.md)
]

MIDDLEWARE = [
    # first: request id, metrics and the access line for every response (docs/operations.md)
    "motcua.core.observability.ObservabilityMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "motcua.api.middleware.ApiErrorShapeMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): the second factor
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the Vietnamese lockout page
]

ROOT_URLCONF = "motcua.urls"
WSGI_APPLICATION = "motcua.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "motcua" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'motcua.sqlite3'}",
        # Persistent connections in production (a new PostgreSQL connection per request costs
        # a few milliseconds); health checks drop a connection the server has closed.
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0" if DEBUG else "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # the embedded database needs its folder
    # WAL and a busy timeout let the web server and the task worker share the file safely;
    # IMMEDIATE transactions take the write lock at BEGIN so read-then-write services serialise.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Session parameters sent in the startup packet, so a new connection runs no
    # statement before the first query. With USE_TZ Django wants the session in UTC and, when
    # the server's default differs, runs `set_config('TimeZone', 'UTC')` on every new
    # connection (`ensure_timezone`); asking for UTC at connect makes that check a no-op
    # (tests/core/test_db_connections.py).
    # PostgreSQL's JIT compiles any query whose estimated cost passes jit_above_cost: a count
    # of 10,000 dossiers under the scope subqueries then spends ~0.3 s compiling and ~20 ms
    # running (bench/bench_workspace.py). Page queries never gain from it; MOTCUA_PG_JIT=1
    # keeps the server's setting.
    # The same backend, with a health check that sends no statement (core/postgresql/base.py).
    DATABASES["default"]["ENGINE"] = "motcua.core.postgresql"
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _session = "-c TimeZone=UTC" + ("" if _env_bool("MOTCUA_PG_JIT", False) else " -c jit=off")
    _options["options"] = f"{_options.get('options', '')} {_session}".strip()

# Caches. Default: one in-memory cache per process (nothing in it is the only
# copy: whatever is cached is rebuilt on a miss). MOTCUA_CACHE_URL=redis://host:6379/N shares
# one Redis cache between all web processes and machines (scale-out).
CACHES: dict[str, dict[str, Any]]
if _cache_url := os.environ.get("MOTCUA_CACHE_URL", "").strip():
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _cache_url,
            "KEY_PREFIX": "motcua",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "motcua",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:home"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out login before checking
    # the username, a citizen's CCCD or a business's tax code (accounts/backends.py)
    "motcua.accounts.backends.LoginNameBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {
            "user_attributes": (
                *("username", "full_name", "first_name", "last_name", "email"),
                *("organisation_name", "cccd", "tax_code"),
            )
        },
    },
    {"NAME": "motcua.accounts.validators.IdentityNumberValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "motcua" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "motcua" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MOTCUA_MEDIA_ROOT", VAR_DIR / "media"))

# --- Stored files (MOTCUA_STORAGE) ----------------------------------------------------------
# local (default): MEDIA_ROOT. s3: any S3-compatible store through django-storages, credentials
# from boto3's own chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, or an instance role).
# Objects are private and nothing is served from the bucket by URL: every download goes through
# a view that checks rights (core/downloads.py); `url()` would only give a signed, short-lived
# address. No overwrite: a taken name gets a new one, as on the local folder (docs/scale-out.md).
_storage = os.environ.get("MOTCUA_STORAGE", "local")
if _storage == "s3":
    if not os.environ.get("MOTCUA_S3_BUCKET"):
        raise ImproperlyConfigured("MOTCUA_STORAGE=s3 cần MOTCUA_S3_BUCKET (tên bucket).")
    _default_storage: dict[str, Any] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["MOTCUA_S3_BUCKET"],
            "endpoint_url": os.environ.get("MOTCUA_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("MOTCUA_S3_REGION") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,
            "signature_version": "s3v4",
        },
    }
elif _storage == "local":
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    raise ImproperlyConfigured(f"MOTCUA_STORAGE={_storage!r}: chỉ nhận local hoặc s3.")
STORAGES = {
    "default": _default_storage,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Task queue (MOTCUA_TASK_BACKEND) ----------------------------------------------------------
# db (default; worker `motcua db_worker`), rq (Redis at MOTCUA_REDIS_URL through django-tasks-rq;
# worker `motcua rqworker default`; ADR 0006), immediate, dummy, or a backend's dotted path.
# The periodic jobs (core/jobs.py, `motcua scheduler`) enqueue through the same API either way.
_task_backend = os.environ.get("MOTCUA_TASK_BACKEND", "db")
REDIS_URL = os.environ.get("MOTCUA_REDIS_URL", "redis://127.0.0.1:6379/0")
RQ_QUEUES = {
    "default": {
        "URL": REDIS_URL,
        "DEFAULT_TIMEOUT": int(os.environ.get("MOTCUA_RQ_JOB_TIMEOUT", "600")),
    }
}
RQ = {"JOB_CLASS": "django_tasks_rq.Job"}  # so a plain `rqworker` runs django-tasks' tasks
if _task_backend == "rq":
    # only in this mode: django_rq's admin page and its checks need Redis
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
TASKS = {
    "default": {
        "BACKEND": {
            "db": "django_tasks_db.DatabaseBackend",
            "rq": "django_tasks_rq.RQBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "dummy": "django_tasks.backends.dummy.DummyBackend",
        }.get(_task_backend, _task_backend),
        "QUEUES": ["default"],
    }
}

# --- Read replicas (DATABASE_REPLICA_URL) ------------------------------------------------------
# Comma-separated URLs of PostgreSQL streaming replicas: aliases replica, replica2, ... Reads go
# there only inside `motcua.core.dbrouter.replica_reads()` (public tracking, dashboards) and
# never inside a transaction on default; writes always go to default (docs/scale-out.md). Tests
# mirror default (TEST MIRROR): a replica alias sees what the test committed.
MOTCUA_READ_REPLICAS: list[str] = []
_pg_url_engine = dj_database_url.parse(os.environ.get("DATABASE_URL") or "sqlite://")["ENGINE"]
for _n, _url in enumerate(
    [u.strip() for u in os.environ.get("DATABASE_REPLICA_URL", "").split(",") if u.strip()],
    start=1,
):
    _alias = "replica" if _n == 1 else f"replica{_n}"
    DATABASES[_alias] = dj_database_url.parse(
        _url,
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
        conn_health_checks=True,
        test_options={"MIRROR": "default"},
    )
    if DATABASES[_alias]["ENGINE"] == "django.db.backends.postgresql" == _pg_url_engine:
        # the same backend and session options as default (no statement per connection)
        DATABASES[_alias]["ENGINE"] = DATABASES["default"]["ENGINE"]
        DATABASES[_alias]["OPTIONS"] = dict(DATABASES["default"].get("OPTIONS", {}))
    elif DATABASES[_alias]["ENGINE"] == DATABASES["default"]["ENGINE"]:
        DATABASES[_alias]["OPTIONS"] = dict(DATABASES["default"].get("OPTIONS", {}))
    MOTCUA_READ_REPLICAS.append(_alias)
if MOTCUA_READ_REPLICAS:
    DATABASE_ROUTERS = ["motcua.core.dbrouter.ReplicaRouter"]

# --- Web security ------------------------------------------------------------------------------
# HTTPS-only by default when DEBUG is off, so `motcua check --deploy` is clean; MOTCUA_HTTPS=0
# for a plain-HTTP run (a local trial, the test suite): then no HSTS, no secure-only cookies and
# no redirect. Behind a TLS-terminating proxy set MOTCUA_PROXY_SSL_HEADER to the header the proxy
# sets to "https" (e.g. X-Forwarded-Proto), and only then: a client could send it too.
HTTPS = _env_bool("MOTCUA_HTTPS", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", HTTPS)
CSRF_COOKIE_SECURE = _env_bool("CSRF_COOKIE_SECURE", HTTPS)
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("MOTCUA_HSTS_SECONDS", 365 * 24 * 3600)) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("MOTCUA_HSTS_INCLUDE_SUBDOMAINS", True)
# Preloading asks browser makers to hard-code the domain as HTTPS-only, which is hard to undo:
# a city opts in (MOTCUA_HSTS_PRELOAD=1); without it the matching deploy check is silenced.
SECURE_HSTS_PRELOAD = _env_bool("MOTCUA_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
if _proxy_header := os.environ.get("MOTCUA_PROXY_SSL_HEADER", "").strip():
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https")

# Content-Security-Policy (django-csp 4): only this site's own scripts, styles and images run;
# no inline script, no inline style, no eval. Pages, the admin and Swagger UI keep to it (tests/
# browser/test_csp.py); htmx's indicator styles are in site.css (meta htmx-config in base.html).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Login throttling (django-axes) on every form that calls `authenticate` (today /admin/login/):
# after MOTCUA_LOGIN_FAILURE_LIMIT wrong passwords for one username from one address, that pair
# is refused for MOTCUA_LOGIN_COOLOFF_MINUTES. Locking the pair, not the username, means a
# stranger elsewhere cannot lock the real user out; the cool-off means no lock lasts forever.
AXES_FAILURE_LIMIT = int(os.environ.get("MOTCUA_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("MOTCUA_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# A retry during the lock does not restart it, so "try again in 15 minutes" stays true.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "motcua.accounts.throttle.client_ip"
AXES_LOCKOUT_CALLABLE = "motcua.accounts.throttle.lockout_response"
# the name authenticator apps show beside the code (otpauth:// URI of accounts/otp.py)
OTP_TOTP_ISSUER = "Một Cửa TP.HCM"

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Logs (docs/operations.md) -----------------------------------------------------------------
# One JSON object per line on stderr (MOTCUA_LOG_FORMAT=json, the default with DEBUG off) or
# text; every line written during a request carries its request id. MOTCUA_ACCESS_LOG=0 stops
# the one access line per request (logger motcua.request, INFO).
LOG_FORMAT = os.environ.get("MOTCUA_LOG_FORMAT") or ("text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured("MOTCUA_LOG_FORMAT phải là json hoặc text.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "motcua.core.logjson.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "motcua.core.logjson.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "motcua.core.logjson.StderrHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "motcua.request": {"level": "INFO" if _env_bool("MOTCUA_ACCESS_LOG", True) else "WARNING"},
    },
}
# Probes and scrapers speak plain HTTP inside the network: no redirect to HTTPS for these two.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]

# --- Một Cửa domain settings (each may be overridden by environment) -------------------------
MOTCUA: dict[str, Any] = platform_settings()
if MOTCUA["NATIONAL_PORTAL"]["URL"]:
    MOTCUA["OUTBOX_TRANSPORTS"]["dvcqg"] = "motcua.national_portal.transport.deliver_dvcqg"
# Reverse proxies whose X-Forwarded-For names the client (comma-separated IPs or CIDRs; default
# none: the connection's address is the client). See motcua/core/clientip.py.
MOTCUA_TRUSTED_PROXIES = [
    p.strip() for p in os.environ.get("MOTCUA_TRUSTED_PROXIES", "").split(",") if p.strip()
]

# Voice of the people (issue 10): ratings, feedback, Open311, consultation (settings_voice.py).
MOTCUA.update(voice_motcua())
MOTCUA_RATINGS: dict[str, Any] = ratings()

# The analytics centre (issue 11): rollups, the 766 index, forecasts (settings_analytics.py).
MOTCUA.update(analytics_motcua())

# Level-4 services (issue 9): payments, signing, the document store, notifications.
globals().update(level4_settings(DEBUG, MOTCUA))  # EMAIL_*: Django's own names
_payments = payments(DEBUG)
MOTCUA_VNPAY_TMN_CODE = _payments.tmn_code
MOTCUA_VNPAY_HASH_SECRET = _payments.hash_secret
MOTCUA_VNPAY_URL = _payments.url
MOTCUA_VNPAY_SETTLEMENT_URL = _payments.settlement_url
MOTCUA_PAYMENT_EXPIRE_MINUTES = _payments.expire_minutes
