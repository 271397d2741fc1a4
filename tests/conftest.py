"""Every test gets its own data folder: the search index lives in a temporary directory."""

import contextlib
import os
import tempfile
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"


@pytest.fixture(scope="session", autouse=True)
def own_tempdir(tmp_path_factory):
    """A temporary folder for this test session alone.

    Whoosh's RamStorage writes its segments through gettempdir()/MAIN.tmp and deletes that
    folder when a writer commits: two test sessions at once (bin/test's runs side by side,
    two worktrees on one machine) failed with FileNotFoundError in each other's index.
    """
    previous = tempfile.tempdir
    tempfile.tempdir = str(tmp_path_factory.mktemp("tempdir"))
    yield
    tempfile.tempdir = previous


@pytest.fixture(autouse=True)
def data_dir(tmp_path, tmp_path_factory, settings):
    """Point the search index (and any other writable file) at a fresh temporary folder.

    The index sits in a folder of its own, so a test importing tmp_path imports no index file.
    """
    from search.engine import get_engine, reset_engines

    settings.DATA_DIR = tmp_path
    if settings.ARCHIVE_SEARCH["ENGINE"] == "whoosh":
        index = tmp_path_factory.mktemp("index") / "whoosh_index"
        settings.ARCHIVE_SEARCH = {"ENGINE": "whoosh", "PATH": str(index)}
    reset_engines()
    if settings.ARCHIVE_SEARCH["ENGINE"] == "whoosh":
        # An empty archive's index, as `ensure_index` makes it in a new data folder.
        get_engine().rebuild([])
    yield tmp_path
    reset_engines()


@pytest.fixture
def seed_paths():
    return sorted(FIXTURES.glob("*.txt"))


def seed_text(prefix):
    """The raw text of the seed whose file name starts with prefix ("002")."""
    return next(FIXTURES.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def own_postgres():
    """A PostgreSQL server of this session's own, which a test may stop or kill
    (bench.scratch.PostgresCluster), or a skip."""
    import socket

    from bench.scratch import PostgresCluster

    if not PostgresCluster.available():
        pytest.skip("PostgreSQL 15 is not installed (/usr/lib/postgresql/15/bin/initdb)")
    cluster = None
    for port in range(55420, 55430):
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                continue  # another server there
        try:
            cluster = PostgresCluster(f"tests-{port}", port).start()
            break
        except RuntimeError:
            continue
    if cluster is None:
        pytest.skip("no PostgreSQL server could be started on a port in 55420-55429")
    yield cluster
    cluster.stop()


@pytest.fixture
def own_postgres_url(own_postgres, request):
    """A fresh database on own_postgres, its URL."""
    name = "t_" + "".join(ch if ch.isalnum() else "_" for ch in request.node.name)[:50].lower()
    return own_postgres.create_database(name)


@pytest.fixture(scope="session")
def postgres_url():
    """A PostgreSQL server's URL whose role may CREATE DATABASE, whatever the suite runs on.

    bin/test starts a throwaway cluster and exports it as ARCHIVE_TEST_POSTGRES_URL.
    """
    url = os.environ.get("ARCHIVE_TEST_POSTGRES_URL")
    if not url:
        pytest.skip(
            "ARCHIVE_TEST_POSTGRES_URL is not set: bin/test starts a PostgreSQL server for "
            "these tests (or bin/pg start DIR PORT and export the URL it prints)"
        )
    return url


def with_database(url, name):
    """url with its database name replaced by name."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@contextlib.contextmanager
def scratch_database(url, prefix="luutru_scratch"):
    """A new, empty database on url's server, dropped afterwards; yields its URL."""
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = with_database(url, "postgres")
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield with_database(url, name)
    finally:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
