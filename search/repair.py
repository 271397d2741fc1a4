"""Repairing an index that cannot be read, while the site keeps answering.

The first search that finds the index missing, damaged or stale starts `manage.py
ensure_index` in a process of its own (detached from the worker, so a gunicorn timeout does
not end it) unless one is already at work; ensure_index holds REPAIR_LOCK while it works,
and searches answer 503 meanwhile, saying so.
"""

import fcntl
import logging
import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

log = logging.getLogger(__name__)

REPAIRABLE = ("missing", "damaged", "stale")


def _lock_path():
    return Path(settings.DATA_DIR) / "search-repair.lock"


@contextmanager
def repairing():
    """Hold the repair lock (yields False, at once, if another process holds it)."""
    path = _lock_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def is_repairing():
    with repairing() as free:
        return not free


def request_repair(reason, detail=""):
    """Start ensure_index in the background for an index found `reason`; True if it runs (or
    already ran) now. Off with settings.ARCHIVE_SEARCH_REPAIR = False (tests)."""
    if reason not in REPAIRABLE or not getattr(settings, "ARCHIVE_SEARCH_REPAIR", True):
        return False
    if is_repairing():
        return True
    log.error("Search index %s (%s): rebuilding it in the background", reason, detail)
    manage = Path(settings.BASE_DIR) / "manage.py"
    with open(os.devnull, "wb") as devnull:
        subprocess.Popen(  # noqa: S603 (our own command)
            [sys.executable, str(manage), "ensure_index"],
            stdin=subprocess.DEVNULL,
            stdout=devnull,
            stderr=None,  # into the server's log
            start_new_session=True,
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": os.environ.get(
                    "DJANGO_SETTINGS_MODULE", "config.settings.local"
                ),
            },
        )
    return True
