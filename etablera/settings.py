"""Settings, read from the environment (the healthchecks way: small typed helpers, `*_FILE` for secrets).

SQLite under ./var/ by default; PostgreSQL when DATABASE_URL says so. DEBUG is off unless ETABLERA_DEBUG asks.
"""

import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("ETABLERA_VAR_DIR", PROJECT_DIR / "var"))


def envstr(name: str, default: str = "") -> str:
    """A string from NAME, or from the file NAME_FILE points at (for secrets mounted as files)."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def envbool(name: str, default: bool = False) -> bool:
    value = envstr(name, "1" if default else "0").strip().lower()
    return value in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    return int(envstr(name, str(default)))


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in envstr(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    """SECRET_KEY from the environment; otherwise a generated key kept under ./var/ (demo and development)."""
    key = envstr("SECRET_KEY")
    if key:
        return key
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


DEBUG = envbool("ETABLERA_DEBUG")
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # runserver leaves static files to whitenoise, as gunicorn does: Django's own static handler in runserver
    # (DEBUG) answered /static/%2e%2e/… with a server error instead of 404.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "etablera.organisation",
    "etablera.people",
    "etablera.access",
    "etablera.reception",
    "etablera.housing",
    "etablera.establishment",
    "etablera.activity",
    "etablera.minors",
    "etablera.money",
    "etablera.followup",
    "etablera.county",
    "etablera.background",
    "etablera.civil",
    "etablera.volunteers",
    "etablera.grants",
    "etablera.notices",
    "etablera.letters",
    "etablera.reminders",
    "etablera.web",
    "etablera.demo",
    # django-ninja's own templates and static files, so the API docs (/api/v1/docs) load Swagger UI from this
    # server rather than from a CDN.
    "ninja",
    "axes",
    "csp",
    # Background work (issue #18): django-tasks, the backport of Django 6's django.tasks, and its database backend.
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "etablera.web.sessions.SessionRenewalMiddleware",
    "etablera.web.middleware.SwedishFirstLocaleMiddleware",
    # Before anything reads the body: a body over DATA_UPLOAD_MAX_MEMORY_SIZE gets the API's JSON error or a
    # Swedish page, never Django's English 400 or a server error (etablera/web/request_limits.py).
    "etablera.web.request_limits.RequestBodyLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "axes.middleware.AxesMiddleware",
    "etablera.access.middleware.AuditChannelMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "etablera.urls"
WSGI_APPLICATION = "etablera.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            # A domain's page templates are in `etablera/<domain>/web/templates/<domain>/` (docs/architecture.md),
            # found by the third loader; the shared ones (base, partials) in etablera/web/templates/web/. Cached
            # always, as Django does by default (the development server clears the cache when a template changes).
            "loaders": [
                (
                    "django.template.loaders.cached.Loader",
                    [
                        "django.template.loaders.filesystem.Loader",
                        "django.template.loaders.app_directories.Loader",
                        "etablera.web.loaders.DomainPagesLoader",
                    ],
                )
            ],
            # Template tags of one domain's pages, beside them in `<domain>/web/templatetags/`. The shared tags
            # (etablera_ui) are found in etablera/web/templatetags/ the usual way.
            "libraries": {
                "access_review": "etablera.access.web.templatetags.access_review",
                "housing_ui": "etablera.housing.web.templatetags.housing_ui",
                "minors_ui": "etablera.minors.web.templatetags.minors_ui",
                "money_ui": "etablera.money.web.templatetags.money_ui",
                "money_forecast": "etablera.money.web.templatetags.money_forecast",
                "money_rows": "etablera.money.web.templatetags.money_rows",
                "reception_tasks": "etablera.reception.web.templatetags.reception_tasks",
                "volunteers_ui": "etablera.volunteers.web.templatetags.volunteers_ui",
            },
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "etablera.access.context_processors.navigation",
            ],
        },
    },
]

_default_db = f"sqlite:///{VAR_DIR / 'etablera.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(envstr("DATABASE_URL", _default_db), conn_max_age=60)}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # Wait for a lock rather than failing at once when the demo server and a command write together.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20}
elif DATABASES["default"]["ENGINE"].endswith("postgresql") and not envbool("ETABLERA_PG_JIT", False):
    # PostgreSQL's JIT compiles a query when its cost estimate is high, and an OLTP page's queries are short: at
    # national scale the housing queue spent 30 of its 37 ms compiling (docs/performance.md). Off for the
    # application's sessions; ETABLERA_PG_JIT=1 leaves the server's setting alone.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
if DATABASES["default"]["ENGINE"].endswith("postgresql") and envbool("ETABLERA_PG_PREPARE", True):
    # Parameters bound by the server and a statement prepared on its first use, per connection: the policy's
    # queries take PostgreSQL 5–10 ms to plan and a few to run, and PostgreSQL keeps one generic plan for a
    # prepared statement when it judges it no worse than planning with the values (docs/decisions/0019); how many
    # a connection keeps: web/database.py. ETABLERA_PG_PREPARE=0 turns it off (a PgBouncer in transaction mode
    # that does not keep prepared statements apart: docs/operations.md).
    DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=1)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organisation.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "my_tasks"
LOGOUT_REDIRECT_URL = "login"

# The cache (issue #19, docs/decisions/0015-sessions-and-capabilities-in-the-cache.md): sessions are read from it
# and a user's capabilities are kept in it. The database's own cache table by default (the migration
# web/0002 makes it), so the embedded installation needs nothing more; ETABLERA_CACHE_BACKEND=redis where Redis is
# deployed (ETABLERA_CACHE_URL, by default redis://127.0.0.1:6379/1: another database than the queue's).
_cache_backend = envstr("ETABLERA_CACHE_BACKEND", "database")
if _cache_backend == "redis":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": envstr("ETABLERA_CACHE_URL", "redis://127.0.0.1:6379/1"),
            "KEY_PREFIX": "etablera",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "etablera_cache",
            "KEY_PREFIX": "etablera",
            # Expired rows are culled when the table passes this many (Django's default is 300: a municipality's
            # signed-in staff would cull each other's sessions out of the cache, and every read fall to the table).
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }

# Sessions end after an hour without activity and when the browser closes. Read from the cache, kept in the
# database (cached_db: a cache that loses them signs nobody out); written only when they change or when the last
# renewal is older than SESSION_RENEW_AFTER seconds (etablera/web/sessions.py), not on every request: a user idle
# for SESSION_COOKIE_AGE minus at most SESSION_RENEW_AFTER is signed out, never later.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 60 * 60)
SESSION_RENEW_AFTER = envint("SESSION_RENEW_AFTER", 5 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = envbool("SECURE_COOKIES", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# TLS. Production sets SECURE_SSL_REDIRECT=1 and, behind a TLS-terminating proxy,
# SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO (docs/operations.md, deploy/production.env.example).
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT")
if envstr("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = (envstr("SECURE_PROXY_SSL_HEADER"), "https")
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", True)

# Content security policy (django-csp): our own scripts, styles and images only; no inline code, no framing.
_SELF, _NONE = "'self'", "'none'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_SELF],
        "script-src": [_SELF],
        "style-src": [_SELF],
        "img-src": [_SELF, "data:"],
        "font-src": [_SELF],
        "connect-src": [_SELF],
        "form-action": [_SELF],
        "frame-ancestors": [_NONE],
        "base-uri": [_NONE],
        "object-src": [_NONE],
    }
}

# Login throttling (django-axes): five failed attempts for a user name from one address lock it for 15 minutes.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_PROXY_COUNT = envint("AXES_PROXY_COUNT", 0) or None
AXES_VERBOSE = False
# django-axes logs every failure and lockout: the user name (often a person's name) and the address are masked.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address"]

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Stockholm"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(envstr("STATIC_ROOT", str(VAR_DIR / "static")))
# The project-wide stylesheet lives in etablera/static/, which is not an app: name it for the finders.
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Whitenoise serves static files in production (after collectstatic) and from the apps' folders in development.
WHITENOISE_USE_FINDERS = True
# Files served at the site's root: /favicon.ico, which browsers ask for whatever the page links (no 404 in the log).
WHITENOISE_ROOT = BASE_DIR / "static" / "etablera" / "root"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# E-mail (the public forms' confirmations, issue #17; the digests, #18): SMTP when EMAIL_HOST names a server, as in
# production; otherwise each message is written as a file under var/mail/, so on the demo a confirmation link can be
# followed without a mail server. The tests use Django's in-memory outbox (pytest-django).
EMAIL_HOST = envstr("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = envint("EMAIL_PORT", 587)
    EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "etablera@localhost")
# The address people reach Etablera at, for the links in e-mail sent without a request (the digests, issue #18).
ETABLERA_SITE_URL = envstr("ETABLERA_SITE_URL", "http://127.0.0.1:8000/")
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 10)
# SMS to newcomers (reminders, issue #18): the provider by dotted path, as EMAIL_BACKEND (etablera/reminders/sms.py
# documents the interface). Files under var/sms/ by default; HttpBackend posts JSON to ETABLERA_SMS_URL.
ETABLERA_SMS_BACKEND = envstr("ETABLERA_SMS_BACKEND", "etablera.reminders.sms.FileBackend")
ETABLERA_SMS_FILE_PATH = envstr("ETABLERA_SMS_FILE_PATH", str(VAR_DIR / "sms"))
ETABLERA_SMS_URL = envstr("ETABLERA_SMS_URL")
ETABLERA_SMS_TOKEN = envstr("ETABLERA_SMS_TOKEN")
ETABLERA_SMS_SENDER = envstr("ETABLERA_SMS_SENDER", "Etablera")
ETABLERA_SMS_TIMEOUT = envint("ETABLERA_SMS_TIMEOUT", 10)

# Personal data never goes to logs (etablera/access/logging.py): persons are in URLs only by random ids, searches
# are POSTs, and the NoPersonalData filter takes query strings, exception messages and the request off the records
# of the loggers that carry them (a logger's filters see its own records before any handler does) and off every
# record that reaches a handler. A handler added here must carry the filter as well. Django's default "django"
# handlers are replaced on purpose: mail_admins would mail the request's POST data and the exception message.
# SQL is never logged (its parameters are names and identity numbers).
_NO_PERSONAL_DATA = ["no_personal_data"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_personal_data": {"()": "etablera.access.logging.NoPersonalData"}},
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": _NO_PERSONAL_DATA},
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": _NO_PERSONAL_DATA,
        },
    },
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "WARNING")},
    "loggers": {
        "django": {"filters": _NO_PERSONAL_DATA},
        "django.request": {"filters": _NO_PERSONAL_DATA},
        "django.security.csrf": {"filters": _NO_PERSONAL_DATA},
        "django.template": {"filters": _NO_PERSONAL_DATA},  # a failed lookup logs the context's repr
        "django.server": {
            "handlers": ["django.server"],
            "level": "INFO",
            "propagate": False,
            "filters": _NO_PERSONAL_DATA,
        },
        "django.db.backends": {"level": "INFO"},
    },
}

# Background work (issue #18, docs/decisions/0014-task-queue.md): django-tasks with its database backend by default,
# run by the worker `etablera worker` (make demo starts one beside the server). ETABLERA_TASKS_BACKEND=immediate
# runs each job inside the request that starts it (no worker, for a small installation or a try-out); a dotted path
# names another backend (django_tasks_rq.RQBackend, say). docs/operations.md, "Bakgrundsjobb".
# ETABLERA_TASKS_BACKEND=redis puts the same tasks on RQ queues in Redis (REDIS_URL), run by `etablera rqworker
# default --with-scheduler` and `etablera scheduler` for the daily schedule (docs/scaling.md).
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "redis": "django_tasks_rq.RQBackend",
}
_tasks_backend = envstr("ETABLERA_TASKS_BACKEND", "database")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS.get(_tasks_backend, _tasks_backend)}}
REDIS_URL = envstr("REDIS_URL", "redis://127.0.0.1:6379/0")
# A job's result is read from its Job row, not from RQ; RQ keeps its own record a day (the worker's log has failures).
RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 3600, "DEFAULT_RESULT_TTL": 86400}}
# RQ's workers run django-tasks' tasks through the backend's own job class.
RQ = {"JOB_CLASS": "django_tasks_rq.backend.Job"}
if _tasks_backend == "redis":
    # RQ's worker command (`etablera rqworker`). Only then: django-rq brings a model of its own (its admin
    # dashboard) whose table no migration makes.
    INSTALLED_APPS.append("django_rq")

# API tokens and pagination.
ETABLERA_API_PAGE_SIZE = envint("ETABLERA_API_PAGE_SIZE", 50)

# Sign-in with the municipality's identity provider (OpenID Connect), besides local accounts: on only when
# OIDC_RP_CLIENT_ID is set. Existing accounts are matched by one claim and never created (etablera/organisation/
# oidc.py); docs/operations.md, "Inloggning med OpenID Connect", lists the variables.
OIDC_RP_CLIENT_ID = envstr("OIDC_RP_CLIENT_ID")
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
if OIDC_ENABLED:
    from django.core.exceptions import ImproperlyConfigured

    OIDC_RP_CLIENT_SECRET = envstr("OIDC_RP_CLIENT_SECRET")
    OIDC_OP_AUTHORIZATION_ENDPOINT = envstr("OIDC_OP_AUTHORIZATION_ENDPOINT")
    OIDC_OP_TOKEN_ENDPOINT = envstr("OIDC_OP_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = envstr("OIDC_OP_USER_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = envstr("OIDC_OP_JWKS_ENDPOINT") or None
    OIDC_RP_SIGN_ALGO = envstr("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_RP_SCOPES = envstr("OIDC_RP_SCOPES", "openid email")
    OIDC_MATCH_CLAIM = envstr("OIDC_MATCH_CLAIM", "email")
    OIDC_MATCH_FIELD = envstr("OIDC_MATCH_FIELD", "email")
    _oidc_required = {
        "OIDC_RP_CLIENT_SECRET": OIDC_RP_CLIENT_SECRET,
        "OIDC_OP_AUTHORIZATION_ENDPOINT": OIDC_OP_AUTHORIZATION_ENDPOINT,
        "OIDC_OP_TOKEN_ENDPOINT": OIDC_OP_TOKEN_ENDPOINT,
        "OIDC_OP_USER_ENDPOINT": OIDC_OP_USER_ENDPOINT,
    }
    if OIDC_RP_SIGN_ALGO.startswith(("RS", "ES", "PS")):
        _oidc_required["OIDC_OP_JWKS_ENDPOINT"] = OIDC_OP_JWKS_ENDPOINT
    _oidc_missing = [name for name, value in _oidc_required.items() if not value]
    if _oidc_missing:
        raise ImproperlyConfigured(
            f"OIDC_RP_CLIENT_ID is set, so OpenID Connect also needs {', '.join(_oidc_missing)}"
        )
    if OIDC_MATCH_FIELD not in ("email", "username"):
        raise ImproperlyConfigured("OIDC_MATCH_FIELD must be email or username")
    OIDC_CREATE_USER = False
    OIDC_USE_PKCE = envbool("OIDC_USE_PKCE", True)
    # Seconds to wait for the provider: one that does not answer must not hang a worker.
    OIDC_TIMEOUT = envint("OIDC_TIMEOUT", 10)
    # Sign-ins through the provider are not throttled per address (why: etablera.organisation.oidc.not_throttled).
    AXES_WHITELIST_CALLABLE = "etablera.organisation.oidc.not_throttled"
    INSTALLED_APPS.append("mozilla_django_oidc")
    # After axes's backend, which must come first to refuse locked-out clients before any backend is asked.
    AUTHENTICATION_BACKENDS.insert(1, "etablera.organisation.oidc.MunicipalityOIDCBackend")
