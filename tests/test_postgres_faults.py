"""A PostgreSQL server that dies: pages and the API answer 503 at once and recover when it
is back; an import that loses it names the article that failed and stores nothing half."""

import json
import signal

import pytest

from bench.scratch import (
    UNDER_WAY,
    ScratchArchive,
    article_files,
    stop,
    wait_until,
)
from bench.web import Client, Server


@pytest.fixture
def archive(tmp_path, own_postgres_url):
    return ScratchArchive(tmp_path / "data", database_url=own_postgres_url).migrate()


def _stored(archive):
    import psycopg

    try:
        with psycopg.connect(archive.database_url, connect_timeout=3) as db:
            return db.execute("SELECT count(*) FROM archive_article").fetchone()[0]
    except psycopg.Error:
        return 0


def test_pages_and_api_answer_503_while_the_server_is_down_and_recover(
    archive, own_postgres, seed_paths
):
    archive.manage("import_articles", str(seed_paths[2]), "--workers", "1")
    with Server(archive) as server:
        client = Client(server.url)
        assert client.get("/")[0] == 200
        assert client.get("/api/articles/1")[0] == 200
        own_postgres.kill()
        try:
            for path in ("/", "/articles/1/", "/people/"):
                status, _headers, body, seconds = client.get(path)
                assert status == 503 and seconds < 5, path
                assert "Không kết nối được cơ sở dữ liệu" in body
            status, headers, body, seconds = client.get("/api/articles/1")
            assert status == 503 and seconds < 5
            assert headers["Content-Type"] == "application/json"
            assert json.loads(body)["error"] == "database_unavailable"
            assert json.loads(body)["message"]
        finally:
            own_postgres.start()
        assert client.get("/")[0] == 200  # no restart needed: the next request reconnects


def test_a_hung_server_does_not_hang_a_page(archive, own_postgres, seed_paths):
    """A worker with no connection yet: the postmaster accepts and never answers."""
    with Server(archive) as server:
        client = Client(server.url)
        with own_postgres.frozen(whole=False):  # accepts connections, never answers them
            status, _headers, _body, seconds = client.get("/people/")
        assert status == 503 and seconds < 6
        assert client.get("/people/")[0] == 200


def test_a_server_that_freezes_under_a_kept_connection_does_not_hang_a_page(
    archive, own_postgres, seed_paths
):
    """The worker keeps its connection between requests (CONN_MAX_AGE); the whole server
    then stops, its backends too: the request's deadline cuts the connection and the page
    answers 503, the API its JSON; once the server runs again the next request reconnects."""
    archive.manage("import_articles", str(seed_paths[2]), "--workers", "1")
    with Server(archive, env={"ARCHIVE_DB_DEADLINE_SECONDS": "2"}) as server:
        client = Client(server.url)
        assert client.get("/people/")[0] == 200  # the connection is opened and kept
        with own_postgres.frozen():
            status, _headers, body, seconds = client.get("/people/")
            assert status == 503 and 2 <= seconds < 4, (status, seconds)
            assert "Không kết nối được cơ sở dữ liệu" in body
            status, headers, body, seconds = client.get("/api/articles/1")
            assert status == 503 and seconds < 4
            assert json.loads(body)["error"] == "database_unavailable"
            status, _headers, body, seconds = client.get("/search/?q=t%E1%BB%95+ch%E1%BB%A9c")
            assert status == 503 and seconds < 4
            status, _headers, body, seconds = client.get("/api/search?q=to+chuc")
            assert status == 503 and seconds < 4
            assert json.loads(body)["error"] in ("database_unavailable", "search_unavailable")
        assert client.get("/people/")[0] == 200
        assert client.get("/api/articles/1")[0] == 200
        assert client.get("/search/?q=t%E1%BB%95+ch%E1%BB%A9c")[0] == 200


def test_an_import_that_loses_the_database_names_the_article_and_stores_nothing_half(
    archive, own_postgres, tmp_path
):
    files = article_files(tmp_path / "articles", UNDER_WAY)
    process = archive.start_import(tmp_path / "articles", workers=2)
    try:
        wait_until(lambda: _stored(archive) >= 4, timeout=180, what="4 articles stored")
        own_postgres.kill()
        status = process.wait(timeout=60)
    finally:
        if process.poll() is None:
            stop(process, signal.SIGKILL)
        own_postgres.start()
    out, err = archive.output()
    assert status == 1, (out, err)
    line = next(line for line in err.splitlines() if "could not be stored" in line)
    assert line.removeprefix("CommandError: ").split(": could not be stored")[0] in map(str, files)
    assert "Nothing of that article was stored" in err
    state = archive.state()
    assert state["broken"] == [] and 4 <= state["stored"] < len(files)
    assert f"Imported {state['stored']}, " in out
