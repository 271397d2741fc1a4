"""Settings for running the archive on one's own machine: the two README commands."""

from .base import *  # noqa: F403
from .base import LOG_DIR, ensure_data_dir, env

ensure_data_dir()

# Local runs may go without a secret key; production refuses to (production.py).
SECRET_KEY = env("DJANGO_SECRET_KEY", "local-only-insecure-key-do-not-use-in-production")
DEBUG = env("DJANGO_DEBUG", "0").lower() in {"1", "true", "yes", "on"}

LOGGING["handlers"]["file"] = {  # noqa: F405
    "class": "logging.FileHandler",
    "filename": str(LOG_DIR / "archive.log"),
    "formatter": "plain",
}
LOGGING["root"]["handlers"] = ["console", "file"]  # noqa: F405

# Serve static/ straight from the source folders too, so a local gunicorn or runserver
# started without collectstatic still has its stylesheet.
WHITENOISE_USE_FINDERS = True
