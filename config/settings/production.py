"""Settings for the Docker image and any public deployment."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import LOG_DIR, SECRET_KEY, ensure_data_dir, env

if not SECRET_KEY:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is not set: production refuses to start without a secret key."
    )

ensure_data_dir()
DEBUG = False
SESSION_COOKIE_SECURE = env("DJANGO_SECURE_COOKIES", "0") == "1"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

LOGGING["handlers"]["file"] = {  # noqa: F405
    "class": "logging.FileHandler",
    "filename": str(LOG_DIR / "archive.log"),
    "formatter": "plain",
}
LOGGING["root"]["handlers"] = ["console", "file"]  # noqa: F405

# A PostgreSQL server that is down answers at once; one that hangs (overloaded, a network
# that drops packets) must not hold a page longer than this: it answers 503 instead.
for _database in DATABASES.values():  # noqa: F405
    if "postgresql" in _database["ENGINE"]:
        _database.setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
