"""Settings for the Docker image and any public deployment."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import LOG_DIR, SECRET_KEY, ensure_data_dir, env, env_bool

if not SECRET_KEY:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is not set: production refuses to start without a secret key."
    )

ensure_data_dir()
DEBUG = False

# Behind an https proxy (DJANGO_SECURE_PROXY=1; the proxy must set X-Forwarded-Proto):
# requests over http are redirected to https and cookies travel over https only. With
# DJANGO_HSTS_SECONDS, DJANGO_HSTS_INCLUDE_SUBDOMAINS and DJANGO_HSTS_PRELOAD as well,
# `manage.py check --deploy` has nothing to warn about (README, Settings).
SECURE_PROXY = env_bool("DJANGO_SECURE_PROXY")
if SECURE_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = SECURE_PROXY
SESSION_COOKIE_SECURE = SECURE_PROXY or env_bool("DJANGO_SECURE_COOKIES")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# HSTS tells browsers to refuse plain http for this long: off unless asked, since a wrong
# value locks readers out of an http-only deployment for that long.
SECURE_HSTS_SECONDS = int(env("DJANGO_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD")

LOGGING["handlers"]["file"] = {  # noqa: F405
    "class": "logging.FileHandler",
    "filename": str(LOG_DIR / "archive.log"),
    "formatter": "plain",
}
LOGGING["root"]["handlers"] = ["console", "file"]  # noqa: F405
