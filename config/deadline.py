"""A request's PostgreSQL work ends by its deadline, or its connections are cut.

Connections to PostgreSQL are kept between requests (CONN_MAX_AGE in
config/settings/database.py): one opened a request cost 16 ms of a 90 ms search page, 3 ms to
connect and the rest a new backend's cold catalog caches. A kept connection to a server that
froze (SIGSTOP, a network that drops without a reset) would hang its worker for ever: libpq
has no client-side timeout for a query, and a stopped server's kernel still acknowledges
keepalives. So one watch thread a process cuts (shutdown(2)) the sockets of a request still at
work when its deadline passes; the read waiting on them ends in an OperationalError, which
config.views.server_error answers with 503, and the transaction is rolled back by the server.
A streamed response (an export) gets a deadline for each part it sends.
"""

import heapq
import itertools
import os
import socket
import threading
import time

from django.conf import settings
from django.db import OperationalError, connections


class _Watch:
    """Deadlines of requests at work, and the thread that cuts the late ones' connections."""

    def __init__(self):
        self._reset()
        # A forked child (a test's, or a server's that forks) has no watch thread, and the
        # lock may have been held by it at the fork: the child starts afresh.
        os.register_at_fork(after_in_child=self._reset)

    def _reset(self):
        self._wakeup = threading.Condition()
        self._due = []  # heap of (deadline, order, armed)
        self._order = itertools.count()
        self._thread = None

    def arm(self, wrappers, seconds):
        armed = {"wrappers": wrappers, "done": False}
        with self._wakeup:
            if self._thread is None:  # first use in this process (gunicorn forks workers)
                self._thread = threading.Thread(target=self._run, name="db-deadline", daemon=True)
                self._thread.start()
            heapq.heappush(self._due, (time.monotonic() + seconds, next(self._order), armed))
            self._wakeup.notify()
        return armed

    def disarm(self, armed):
        with self._wakeup:  # held while a cut runs: the connection is not reused half-cut
            armed["done"] = True
            for wrapper in armed["wrappers"]:
                vars(wrapper).pop("connect", None)

    def _run(self):
        with self._wakeup:
            while True:
                now = time.monotonic()
                while self._due and (self._due[0][2]["done"] or self._due[0][0] <= now):
                    _deadline, _order, armed = heapq.heappop(self._due)
                    if not armed["done"]:
                        for wrapper in armed["wrappers"]:
                            _cut(wrapper)
                            # Django's health check found the connection cut and would
                            # open another, waiting out connect_timeout on the frozen
                            # server: the rest of this request is refused one at once.
                            wrapper.connect = _refuse
                self._wakeup.wait(self._due[0][0] - now if self._due else None)


def _cut(wrapper):
    connection = wrapper.connection  # psycopg's Connection, or None if the request opened none
    if connection is None or connection.closed:
        return
    import psycopg

    try:
        with socket.socket(fileno=os.dup(connection.pgconn.socket)) as sock:
            sock.shutdown(socket.SHUT_RDWR)
    except (OSError, psycopg.Error):  # closed meanwhile: nothing left to cut
        return


def _refuse():
    raise OperationalError("the database did not answer before the request's deadline")


_watch = _Watch()
_READS = {"GET", "HEAD", "OPTIONS"}


def _postgres_wrappers():
    """This thread's DatabaseWrappers of PostgreSQL aliases (made without connecting)."""
    return [
        connections[alias]
        for alias in connections
        if connections.settings[alias]["ENGINE"] == "django.db.backends.postgresql"
    ]


class DatabaseDeadlineMiddleware:
    """First in MIDDLEWARE: the deadline covers every later middleware and the view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        wrappers = _postgres_wrappers()
        if not wrappers:
            return self.get_response(request)
        # A curator's merge rewrites the index entries of every article it touches.
        seconds = settings.ARCHIVE_DB_DEADLINE_SECONDS * (1 if request.method in _READS else 12)
        armed = _watch.arm(wrappers, seconds)
        try:
            response = self.get_response(request)
        finally:
            _watch.disarm(armed)
        if response.streaming:
            response.streaming_content = self._parts(response.streaming_content, wrappers, seconds)
        return response

    def _parts(self, parts, wrappers, seconds):
        parts = iter(parts)
        while True:
            armed = _watch.arm(wrappers, seconds)
            try:
                part = next(parts, _watch)
            finally:
                _watch.disarm(armed)
            if part is _watch:
                return
            yield part
