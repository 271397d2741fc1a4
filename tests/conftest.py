"""Every test gets its own data folder: the search index lives in a temporary directory."""

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"


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
def postgres():
    """A PostgreSQL server of the tests' own (bench.scratch.PostgresCluster), or a skip."""
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
def postgres_url(postgres, request):
    """A fresh database on the tests' PostgreSQL server, its URL."""
    name = "t_" + "".join(ch if ch.isalnum() else "_" for ch in request.node.name)[:50].lower()
    return postgres.create_database(name)
