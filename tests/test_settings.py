"""Settings: the database a URL names, a server that is down, Whoosh's warnings kept quiet."""

import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from config.settings.database import POSTGRES_CONNECT_TIMEOUT, SQLITE_OPTIONS, database
from tests.conftest import scratch_database

ROOT = Path(__file__).resolve().parent.parent


def test_without_a_url_the_archive_is_sqlite_in_the_data_folder(tmp_path):
    config = database(None, sqlite_path=tmp_path / "archive.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == tmp_path / "archive.sqlite3"
    assert config["OPTIONS"] == SQLITE_OPTIONS
    assert database("", sqlite_path=tmp_path / "a.sqlite3")["ENGINE"].endswith("sqlite3")


def test_a_postgres_url_names_the_server_and_fails_fast_when_it_is_down(tmp_path):
    config = database("postgres://luu:m%40t@db.example:6543/archive", sqlite_path=tmp_path)
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["USER"], config["PASSWORD"]) == ("luu", "m@t")
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.example", 6543, "archive")
    # No SQLite option reaches psycopg (it would refuse init_command and transaction_mode).
    assert config["OPTIONS"] == {"connect_timeout": POSTGRES_CONNECT_TIMEOUT}
    # Kept and checked before reuse; a frozen server's is cut (tests/test_deadline.py).
    assert config["CONN_MAX_AGE"] > 0 and config["CONN_HEALTH_CHECKS"] is True


def test_a_url_keeps_its_own_options(tmp_path):
    url = "postgresql://luu@127.0.0.1/archive?connect_timeout=10&sslmode=require"
    config = database(url, sqlite_path=tmp_path)
    assert config["OPTIONS"] == {"connect_timeout": 10, "sslmode": "require"}


def test_a_sqlite_url_keeps_the_sqlite_options(tmp_path):
    config = database(f"sqlite:///{tmp_path}/other.sqlite3", sqlite_path=tmp_path / "x")
    assert config["NAME"] == f"{tmp_path}/other.sqlite3"
    assert config["OPTIONS"] == SQLITE_OPTIONS


@pytest.mark.parametrize(
    "url, says",
    [
        ("mysql://luu:secret-pw@db/archive", "must start with postgres://"),
        ("postgres://luu:secret-pw@db:notaport/archive", "is not a database URL"),
        ("postgres://luu:secret-pw@db", "names no database"),
    ],
)
def test_a_bad_url_is_refused_by_name_without_its_password(tmp_path, url, says):
    with pytest.raises(ImproperlyConfigured) as error:
        database(url, sqlite_path=tmp_path)
    assert "DATABASE_URL" in str(error.value) and says in str(error.value)
    assert "secret-pw" not in str(error.value)


def test_a_server_that_accepts_but_never_answers_fails_within_the_connect_timeout(tmp_path):
    """Without connect_timeout libpq would wait forever and hold the worker with it."""
    import psycopg

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()
    port = silent.getsockname()[1]
    config = database(f"postgres://luu:pw@127.0.0.1:{port}/archive", sqlite_path=tmp_path)
    outcome = []

    def connect():
        try:
            psycopg.connect(
                host=config["HOST"],
                port=config["PORT"],
                user=config["USER"],
                password=config["PASSWORD"],
                dbname=config["NAME"],
                **config["OPTIONS"],
            )
        except psycopg.OperationalError as error:
            outcome.append(error)

    attempt = threading.Thread(target=connect, daemon=True)
    attempt.start()
    attempt.join(timeout=POSTGRES_CONNECT_TIMEOUT * 5)
    silent.close()
    assert not attempt.is_alive(), "the connection attempt was still waiting"
    assert outcome and "timeout" in str(outcome[0]).lower()


def test_rum_can_be_created_on_the_test_server(postgres_url):
    """The PostgreSQL search engine's extension, in a fresh database as a test would make."""
    import psycopg

    with scratch_database(postgres_url) as url, psycopg.connect(url) as pg:
        pg.execute("CREATE EXTENSION IF NOT EXISTS rum")
        pg.execute("CREATE TABLE doc (body tsvector)")
        pg.execute("CREATE INDEX ON doc USING rum (body rum_tsvector_ops)")
        pg.execute("INSERT INTO doc VALUES (to_tsvector('simple', 'công tác cán bộ'))")
        query = "SELECT body <=> to_tsquery('simple', 'cán') FROM doc"
        assert pg.execute(query).fetchone()[0] >= 0


@pytest.mark.django_db
def test_the_django_test_database_can_have_rum():
    if connection.vendor != "postgresql":
        pytest.skip("the suite runs on SQLite here; bin/test runs it on PostgreSQL too")
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS rum")
        cursor.execute("SELECT extname FROM pg_extension WHERE extname = 'rum'")
        assert cursor.fetchone() == ("rum",)


@pytest.mark.skipif(
    sys.version_info < (3, 12), reason="3.11 reports invalid escapes as a hidden DeprecationWarning"
)
def test_whoosh_syntax_warnings_stay_quiet_and_ours_do_not(tmp_path):
    # A fresh bytecode cache makes Python compile whoosh's sources again, as on a machine
    # whose site-packages holds no .pyc; our own file with the same fault must still warn.
    ours = tmp_path / "ours.py"
    ours.write_text('PATTERN = "\\d+"\n')
    script = (
        "from django.conf import settings; settings.DATABASES; "
        "import whoosh.analysis, whoosh.qparser, whoosh.query; "
        f"import sys; sys.path.insert(0, {str(tmp_path)!r}); import ours"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "PYTHONPYCACHEPREFIX": str(tmp_path / "pycache"),
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "/whoosh/" not in result.stderr
    assert result.stderr.count("SyntaxWarning") == 1 and "ours.py" in result.stderr
