"""DATABASES entries from URLs: the one place that reads DATABASE_URL's form (replicas later)."""

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

# Imports and curation write while gunicorn workers read: WAL lets readers go on, and a
# second writer waits this long for the lock before the page answers 503 "busy"
# (config.views.server_error); under gunicorn's 30 s worker timeout, or the worker is killed
# first and the curator gets a bare error.
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "timeout": float(os.environ.get("ARCHIVE_DB_LOCK_TIMEOUT", "10")),
    "transaction_mode": "IMMEDIATE",
}

# A server that is down must fail a request in seconds, not hang a worker for libpq's
# default of forever (the error page turns the failure into a 503).
POSTGRES_CONNECT_TIMEOUT = 3
POSTGRES_CONN_MAX_AGE = 300

_POSTGRES = "django.db.backends.postgresql"
_SQLITE = "django.db.backends.sqlite3"


def replicas(urls, *, setting="DATABASE_REPLICA_URLS"):
    """{"replica1": entry, ...} for comma-separated postgres:// URLs of read replicas."""
    found = {}
    for k, url in enumerate((u.strip() for u in urls.split(",") if u.strip()), 1):
        config = database(url, sqlite_path=None, setting=setting)
        if config["ENGINE"] != _POSTGRES:
            raise ImproperlyConfigured(f"{setting}: read replicas are PostgreSQL (postgres://)")
        # Tests read the primary's test database through it (a standby copies it anyway).
        config["TEST"] = {"MIRROR": "default"}
        found[f"replica{k}"] = config
    return found


def database(url, *, sqlite_path, setting="DATABASE_URL"):
    """One DATABASES entry: PostgreSQL from a postgres:// URL, SQLite at sqlite_path without one."""
    if not url:
        return {"ENGINE": _SQLITE, "NAME": sqlite_path, "OPTIONS": dict(SQLITE_OPTIONS)}
    try:
        # Kept by the worker between requests, checked before each reuse: a new connection
        # a request cost 16 ms of a 90 ms search page. A kept connection to a server that
        # froze is cut at the request's deadline (config/deadline.py).
        config = dj_database_url.parse(
            url, conn_max_age=POSTGRES_CONN_MAX_AGE, conn_health_checks=True
        )
    except ValueError as error:
        # The message never repeats the URL: it may hold a password.
        raise ImproperlyConfigured(f"{setting} is not a database URL: {error}") from None
    if config["ENGINE"] == _SQLITE:
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
        config["CONN_MAX_AGE"] = 0  # as without a URL: opening a SQLite file costs nothing
    elif config["ENGINE"] == _POSTGRES:
        if not config.get("NAME"):
            raise ImproperlyConfigured(
                f"{setting} names no database (postgres://USER:PASSWORD@HOST:PORT/NAME)"
            )
        config.setdefault("OPTIONS", {}).setdefault("connect_timeout", POSTGRES_CONNECT_TIMEOUT)
    else:
        raise ImproperlyConfigured(
            f"{setting} must start with postgres:// (PostgreSQL) or sqlite:///; "
            "leave it unset for SQLite in the data folder"
        )
    return config
