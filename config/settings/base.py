"""Settings shared by every environment. Configuration comes from MAGISTRAT_* variables only."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_email_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .environment import data_dir, database, env_bool, env_choice, env_int, env_list, env_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DATA_DIR = data_dir("MAGISTRAT_DATA_DIR", BASE_DIR / "var")


def _secret_key() -> str:
    """Use MAGISTRAT_SECRET_KEY, else a key generated once into the data directory."""
    configured = os.environ.get("MAGISTRAT_SECRET_KEY")
    if configured:
        return configured
    key_file = DATA_DIR / "secret_key"
    try:
        if not key_file.exists():
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(64))
        return key_file.read_text().strip()
    except OSError as exc:
        raise ImproperlyConfigured(
            f"MAGISTRAT_DATA_DIR: cannot keep the secret key in {key_file} ({exc.strerror}); "
            "set MAGISTRAT_SECRET_KEY or fix the directory's permissions") from None


SECRET_KEY = _secret_key()
DEBUG = env_bool("MAGISTRAT_DEBUG", False)
ALLOWED_HOSTS = env_list("MAGISTRAT_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("MAGISTRAT_CSRF_TRUSTED_ORIGINS")
# The site's public address, for links printed where no request is at hand (QR codes on labels
# and posters made by the command line); pages otherwise use the address they were asked at.
MAGISTRAT_BASE_URL = env_url("MAGISTRAT_BASE_URL").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "magistrat.core",
    "magistrat.organizations",
    "magistrat.inventory",
    "magistrat.grants",
    "magistrat.api",
    "magistrat.cli",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "magistrat.core.locale.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "magistrat.core.middleware.ChannelMiddleware",
    "magistrat.organizations.middleware.CurrentOrganizationMiddleware",
    # Last, as django-axes asks: it turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

# Start-page cards, in this order: each is `cards(*, user, within) -> list[core.dashboard.Card]`.
DASHBOARD_CARDS = [
    "magistrat.inventory.summary.cards",
    "magistrat.grants.summary.cards",
]
# --- Imports and background work ---
# Import kinds: name -> the domain's definition (`core.imports.jobs.ImportKind`).
IMPORT_KINDS = {
    "assets": "magistrat.inventory.imports.KIND",
    "expenditures": "magistrat.grants.imports.KIND",
}
# Uploads above this size are refused; files with more rows than this go to a background task
# (the web request answers at once and the page shows the progress).
IMPORT_MAX_BYTES = env_int("MAGISTRAT_IMPORT_MAX_MB", 20, minimum=1) * 1024 * 1024
IMPORT_BACKGROUND_ROWS = env_int("MAGISTRAT_IMPORT_BACKGROUND_ROWS", 2000, minimum=1)
# Exports of longer lists are written by the worker too (a page shows the progress, then the file).
EXPORT_BACKGROUND_ROWS = env_int("MAGISTRAT_EXPORT_BACKGROUND_ROWS", 5000, minimum=1)
# Django's tasks (the django-tasks backport) in the database: `magistrat serve` runs the worker
# (`magistrat db_worker`) beside gunicorn; docs/decisions/0011.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "magistrat" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "magistrat.organizations.context_processors.current_organization",
            ],
            "builtins": ["magistrat.core.templatetags.magistrat"],
        },
    }
]

# --- Database: SQLite (WAL) in the data directory unless MAGISTRAT_DATABASE_URL is set ---
DATABASES = {"default": database("MAGISTRAT_DATABASE_URL", {
    "ENGINE": "django.db.backends.sqlite3",
    "NAME": DATA_DIR / "magistrat.sqlite3",
    "OPTIONS": {
        # WAL lets readers work while one writer writes; IMMEDIATE avoids
        # "database is locked" upgrades from read to write inside a transaction.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;"
        ),
        "transaction_mode": "IMMEDIATE",
    },
})}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication ---
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Lockout after repeated failed logins (django-axes): 5 failures per user name and address.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "magistrat.core.security.client_ip"
MAGISTRAT_PROXY_COUNT = env_int("MAGISTRAT_PROXY_COUNT", 0)
# gunicorn worker processes started by `magistrat serve`.
MAGISTRAT_WORKERS = env_int("MAGISTRAT_WORKERS", 3, minimum=1)

SESSION_COOKIE_AGE = 60 * 60 * 10
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# --- Language and formats: Polish by default, English selectable ---
LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", _("Polish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "magistrat" / "locale"]
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]

# --- Static files: own CSS/JS plus libraries installed from npm (node_modules) ---
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "magistrat" / "static"]
for _lib, _path in {"htmx": "htmx.org/dist"}.items():
    if (BASE_DIR / "node_modules" / _path).is_dir():
        STATICFILES_DIRS.append((f"vendor/{_lib}", BASE_DIR / "node_modules" / _path))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = DATA_DIR / "media"
WHITENOISE_USE_FINDERS = True

# --- E-mail: MAGISTRAT_EMAIL_URL such as smtp+tls://user:pass@host:587 (console when unset) ---
def _email_config(url: str) -> dict:
    # "smtp+tls://" and "smtp+ssl://" are common spellings; dj-email-url calls them
    # "submission://" (STARTTLS, port 587) and "smtps://" (TLS, port 465).
    for alias, scheme in (("smtp+tls://", "submission://"), ("smtp+ssl://", "smtps://")):
        if url.startswith(alias):
            url = scheme + url[len(alias):]
    try:
        return dj_email_url.parse(url)
    except Exception as exc:
        raise ImproperlyConfigured(
            f"MAGISTRAT_EMAIL_URL is not understood ({exc}); use e.g. "
            "smtp+tls://user:password@mail.example.pl:587 or console://"
        ) from None


_email = _email_config(os.environ.get("MAGISTRAT_EMAIL_URL") or "console://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"]
EMAIL_PORT = _email["EMAIL_PORT"]
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
DEFAULT_FROM_EMAIL = os.environ.get("MAGISTRAT_DEFAULT_FROM_EMAIL", "magistrat@localhost")

# --- REST API ---
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "magistrat.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "magistrat.api.pagination.Pagination",
    # Search and ordering live in each model's FilterSet, shared with the UI and exports.
    "DEFAULT_FILTER_BACKENDS": ["magistrat.api.filters.FilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "magistrat.api.schema.AutoSchema",
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "magistrat.api.negotiation.ContentNegotiation",
    "EXCEPTION_HANDLER": "magistrat.api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer",
                                 "rest_framework.renderers.BrowsableAPIRenderer"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Magistrat API",
    "DESCRIPTION": "REST API of Magistrat. Authenticate with `Authorization: Token <key>`.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a "status": each choice set gets its own, stable component name.
    "ENUM_NAME_OVERRIDES": {
        "AssetStatusEnum": "magistrat.inventory.models.Asset.Status",
        "GrantProjectStatusEnum": "magistrat.grants.models.GrantProject.Status",
        "ImportJobStatusEnum": "magistrat.core.models.ImportJob.Status",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_choice(
        "MAGISTRAT_LOG_LEVEL", "WARNING", ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"])},
}
