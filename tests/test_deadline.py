"""config/deadline.py on a real server: a statement still running at its request's deadline
has its connection cut, and one that ended in time keeps it."""

import time
import types

import pytest

from config.deadline import _watch


@pytest.fixture
def connect(own_postgres_url):
    import psycopg

    opened = []

    def connect():
        connection = psycopg.connect(own_postgres_url, autocommit=True, connect_timeout=5)
        opened.append(connection)
        return connection, types.SimpleNamespace(connection=connection)  # as a DatabaseWrapper

    yield connect
    for connection in opened:
        connection.close()


def test_a_statement_past_the_deadline_has_its_connection_cut(connect):
    import psycopg

    connection, wrapper = connect()
    armed = _watch.arm([wrapper], 0.5)
    started = time.monotonic()
    with pytest.raises(psycopg.OperationalError, match="closed the connection"):
        connection.execute("SELECT pg_sleep(20)")
    _watch.disarm(armed)
    assert 0.5 <= time.monotonic() - started < 3


def test_a_request_done_in_time_keeps_its_connection(connect):
    early, early_wrapper = connect()
    late, late_wrapper = connect()
    armed_early = _watch.arm([early_wrapper], 0.3)
    armed_late = _watch.arm([late_wrapper], 0.6)  # the watch wakes for the earlier one first
    assert early.execute("SELECT 1").fetchone() == (1,)
    _watch.disarm(armed_early)
    assert late.execute("SELECT 2").fetchone() == (2,)
    _watch.disarm(armed_late)
    time.sleep(1)
    assert early.execute("SELECT 3").fetchone() == (3,)
    assert late.execute("SELECT 4").fetchone() == (4,)


def test_a_connection_the_request_never_opened_is_left_alone():
    armed = _watch.arm([types.SimpleNamespace(connection=None)], 0.1)
    time.sleep(0.3)
    _watch.disarm(armed)  # nothing to cut, and the watch thread lives on
    assert _watch._thread.is_alive()


def test_each_part_of_a_streamed_answer_has_its_own_deadline(connect, monkeypatch, settings):
    import psycopg
    from django.http import StreamingHttpResponse
    from django.test import RequestFactory

    from config import deadline

    connection, wrapper = connect()
    monkeypatch.setattr(deadline, "_postgres_wrappers", lambda: [wrapper])
    settings.ARCHIVE_DB_DEADLINE_SECONDS = 0.5

    def rows():
        for seconds in (0.3, 0.3, 20):  # each part in time but the last; together past it
            connection.execute("SELECT pg_sleep(%s)", [seconds])
            yield f"{seconds}\n".encode()

    middleware = deadline.DatabaseDeadlineMiddleware(lambda request: StreamingHttpResponse(rows()))
    response = middleware(RequestFactory().get("/export/"))
    parts = iter(response.streaming_content)
    assert next(parts) == b"0.3\n" and next(parts) == b"0.3\n"
    with pytest.raises(psycopg.OperationalError):
        next(parts)


@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_a_forked_child_starts_its_own_watch():
    import os

    armed = _watch.arm([types.SimpleNamespace(connection=None)], 0.05)  # the parent's thread
    pid = os.fork()
    if pid == 0:  # the child: no thread copied, a lock nobody holds, its own watch on demand
        fresh = _watch._thread is None and _watch._due == []
        child = _watch.arm([types.SimpleNamespace(connection=None)], 0.05)
        _watch.disarm(child)
        os._exit(0 if fresh and _watch._thread.is_alive() else 1)
    _watch.disarm(armed)
    _pid, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
