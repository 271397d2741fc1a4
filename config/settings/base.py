"""Settings shared by every environment; values come from the environment (DJANGO_ prefix)."""

import os
import warnings
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from .database import database, replicas

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# Whoosh 2.7.4 (2016, the last release) writes regexes in plain strings; Python 3.12+ reports
# each invalid escape with a SyntaxWarning whenever it compiles whoosh's sources (no .pyc
# yet, a read-only site-packages), on the terminal and, through Django's captureWarnings,
# in the logs. Only that message from files under a whoosh/ folder is dropped.
warnings.filterwarnings(
    "ignore",
    message="invalid escape sequence",
    category=SyntaxWarning,
    module=r".*[\\/]whoosh[\\/]",
)


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


# Every writable file (database, search index, logs) lives under one folder, so two
# archives can live side by side: ARCHIVE_DATA_DIR=/srv/a ./manage.py ...
DATA_DIR = Path(env("ARCHIVE_DATA_DIR", str(BASE_DIR / "var"))).resolve()

SECRET_KEY = env("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "config.admin.ArchiveAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "archive",
    "search",
]

MIDDLEWARE = [
    "config.deadline.DatabaseDeadlineMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.middleware.ReadYourWritesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# Content-Security-Policy on every page (django-csp): only the archive's own scripts,
# stylesheets, images and fonts; nothing inline, no frames, forms post only here. The
# pages, the charts (inline SVG) and the admin with its autocomplete work under it
# (tests/browser/test_security.py fails on any violation).
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

# Only curators sign in, at the admin; a login whose `next` is refused lands there too
# (Django's default, /accounts/profile/, does not exist here).
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"

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
            ],
        },
    },
]

# SQLite under the data folder unless DATABASE_URL names a PostgreSQL server.
DATABASES = {"default": database(env("DATABASE_URL"), sqlite_path=DATA_DIR / "archive.sqlite3")}
# PostgreSQL read replicas (streaming standbys of DATABASE_URL's server), comma-separated:
# page and search reads go to them, writes to the primary (config/routers.py).
DATABASES.update(replicas(env("DATABASE_REPLICA_URLS", "")))
DATABASE_ROUTERS = ["config.routers.ReplicaRouter"] if len(DATABASES) > 1 else []
# How long after a write the same browser reads from the primary: more than the replicas lag.
ARCHIVE_REPLICA_LAG_SECONDS = float(env("ARCHIVE_REPLICA_LAG_SECONDS", "30"))
# How long a request may wait on PostgreSQL before its connection is cut and it answers 503
# (config/deadline.py); on the 350,000-article archive the slowest page, every article
# without a query, took 0.9 s.
ARCHIVE_DB_DEADLINE_SECONDS = float(env("ARCHIVE_DB_DEADLINE_SECONDS", "5"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Search: "whoosh" (the default) keeps an index in the data folder; "postgres" searches the
# archive's own PostgreSQL database (DATABASE_URL). See search/engines/.
ARCHIVE_SEARCH_ENGINE = env("ARCHIVE_SEARCH_ENGINE", "whoosh")
# A search that finds the index missing or damaged starts `ensure_index` in the background.
ARCHIVE_SEARCH_REPAIR = env_bool("ARCHIVE_SEARCH_REPAIR", True)
ARCHIVE_SEARCH = (
    {"ENGINE": "whoosh", "PATH": str(DATA_DIR / "whoosh_index")}
    if ARCHIVE_SEARCH_ENGINE == "whoosh"
    else {"ENGINE": ARCHIVE_SEARCH_ENGINE}
)

# Import limits: a file above this size is refused (a news article is a few dozen KB).
ARCHIVE_MAX_FILE_BYTES = int(env("ARCHIVE_MAX_FILE_BYTES", str(2 * 1024 * 1024)))

LOG_DIR = DATA_DIR / "logs"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "WARNING")},
}


def ensure_data_dir():
    """Create the data folder and its log folder; settings modules call this once."""
    LOG_DIR.mkdir(parents=True, exist_ok=True)
