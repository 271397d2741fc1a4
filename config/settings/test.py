"""Settings for pytest; tests/conftest.py points ARCHIVE_DATA_DIR at a temporary folder."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["*"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Tests never touch a developer's archive: everything writable goes to a temporary folder
# (tests/conftest.py also gives each test its own search index).
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

DATA_DIR = Path(tempfile.mkdtemp(prefix="luutru-test-"))
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["NAME"] = DATA_DIR / "archive.sqlite3"  # noqa: F405
if ARCHIVE_SEARCH["ENGINE"] == "whoosh":  # noqa: F405
    ARCHIVE_SEARCH = {"ENGINE": "whoosh", "PATH": str(DATA_DIR / "whoosh_index")}
LOG_DIR = DATA_DIR / "logs"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)

# A test that breaks the index on purpose starts no background rebuild unless it asks to.
ARCHIVE_SEARCH_REPAIR = False

# In-process requests on a shared CI machine may take seconds; the deadline's own tests set
# theirs (tests/test_deadline.py, and the gunicorn servers of tests/test_postgres_faults.py).
ARCHIVE_DB_DEADLINE_SECONDS = float(env("ARCHIVE_DB_DEADLINE_SECONDS", "60"))  # noqa: F405
