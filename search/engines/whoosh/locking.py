"""One index writer at a time, across threads and processes.

Whoosh allows one writer per index and raises LockError at the second (haystack's backend
either lets it through or logs it and drops the update). Every write here first takes an
exclusive flock on a file beside the index folder, waiting its turn: imports, curation and
update_index workers queue up instead of failing or losing an update. The lock file lives
outside the folder because rebuilding may recreate the folder.
"""

import fcntl
import os
import threading
import time
from contextlib import contextmanager

from search.engine import IndexBusy as IndexLockTimeout

_local = threading.local()
_thread_locks = {}
_thread_locks_guard = threading.Lock()


def _thread_lock(path):
    with _thread_locks_guard:
        return _thread_locks.setdefault(path, threading.Lock())


@contextmanager
def index_write_lock(index_path, timeout=600.0):
    """Hold the writer lock of the index at index_path; re-entrant within one thread.

    index_path None (an index in memory) locks between threads only.
    """
    path = os.path.abspath(f"{str(index_path).rstrip(os.sep)}.lock") if index_path else None
    held = getattr(_local, "held", None)
    if held is None:
        held = _local.held = {}
    if held.get(path):
        held[path] += 1
        try:
            yield
        finally:
            held[path] -= 1
        return

    thread_lock = _thread_lock(path)
    deadline = time.monotonic() + timeout
    if not thread_lock.acquire(timeout=timeout):
        raise IndexLockTimeout(f"Search index {index_path} stayed locked for {timeout:.0f}s")
    try:
        if path is None:
            held[path] = 1
            try:
                yield
            finally:
                held[path] = 0
            return
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "a+b") as handle:
            while True:
                try:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise IndexLockTimeout(
                            f"Search index {index_path} stayed locked for {timeout:.0f}s"
                        ) from None
                    time.sleep(0.05)
            held[path] = 1
            try:
                yield
            finally:
                held[path] = 0
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    finally:
        thread_lock.release()
