"""The database locked or gone: pages answer 503 with the truth, nothing is half saved."""

import sqlite3

import pytest
from django.db import OperationalError

from bench.scratch import ScratchArchive, wait_until
from bench.web import Client, Server, form_fields

CURATOR = ("bientap", "Biên-tập-viên-2024")


@pytest.fixture
def archive(tmp_path, seed_paths):
    archive = ScratchArchive(tmp_path / "data").migrate()
    archive.manage("import_articles", *map(str, seed_paths[1:3]), "--workers", "1")
    archive.manage("create_curator", CURATOR[0], "--password", CURATOR[1])
    return archive


def test_a_save_waiting_past_the_sqlite_lock_answers_503_busy_and_saves_nothing(archive):
    person = archive.python(
        "from archive.models import Person\n"
        "p = Person.objects.order_by('pk').first()\n"
        "print(json.dumps({'pk': p.pk, 'name': p.name}))"
    )
    with Server(archive, env={"ARCHIVE_DB_LOCK_TIMEOUT": "2"}) as server:
        client = Client(server.url).login(*CURATOR)
        change = f"/admin/archive/person/{person['pk']}/change/"
        status, _h, page, _s = client.get(change)
        assert status == 200
        fields = {**form_fields(page, "person_form"), "name": ["Tên đã sửa"], "_save": ["1"]}
        lock = sqlite3.connect(archive.data / "archive.sqlite3", isolation_level=None)
        lock.execute("BEGIN IMMEDIATE")  # another writer holds the lock, as an import does
        try:
            status, headers, body, seconds = client.post(change, fields)
            reading = client.get("/")  # readers are not held up by a writer (WAL)
        finally:
            lock.execute("ROLLBACK")
            lock.close()
        assert status == 503 and headers["Retry-After"] == "5"
        assert "Lưu trữ đang bận" in body and "chưa được lưu" in body
        assert 1.5 < seconds < 10
        assert reading[0] == 200
        assert _name(archive, person["pk"]) == person["name"]
        logged = "from django.contrib.admin.models import LogEntry as L\n"
        assert archive.python(logged + "print(L.objects.count())") == 0
        status, headers, _body, _s = client.post(change, fields)  # the lock is gone: saved
        assert status == 302
    assert _name(archive, person["pk"]) == "Tên đã sửa"


def _name(archive, pk):
    return archive.python(
        f"from archive.models import Person\nprint(json.dumps(Person.objects.get(pk={pk}).name))"
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "error", "status", "expected"),
    [
        ("/", "database is locked", 503, "Lưu trữ đang bận"),
        ("/people/", "connection refused", 503, "Không kết nối được cơ sở dữ liệu"),
        ("/api/articles/1", "connection refused", 503, '"error": "database_unavailable"'),
        ("/api/persons/x", "database is locked", 503, '"error": "database_busy"'),
    ],
)
def test_database_errors_answer_503_pages_and_api_json(
    client, monkeypatch, path, error, status, expected
):
    from django.db.backends.base.base import BaseDatabaseWrapper

    def fail(self, *args, **kwargs):
        raise OperationalError(error)

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", fail)
    client.raise_request_exception = False
    response = client.get(path)
    assert response.status_code == status
    assert expected in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_other_errors_stay_500(client, monkeypatch, db):
    from archive.views import articles

    monkeypatch.setattr(articles, "Article", None)  # any bug
    client.raise_request_exception = False
    assert client.get("/articles/").status_code == 500


def test_an_import_waits_out_a_lock_held_past_its_timeout(tmp_path, seed_paths):
    archive = ScratchArchive(tmp_path / "data").migrate()
    archive.env["ARCHIVE_DB_LOCK_TIMEOUT"] = "1"
    lock = sqlite3.connect(archive.data / "archive.sqlite3", isolation_level=None)
    lock.execute("BEGIN IMMEDIATE")  # a curator's long merge, say
    process = archive.start_import(*seed_paths[:3], workers=1)
    try:
        wait_until(
            lambda: "trying again (1/3)" in archive.output()[1] or process.poll() is not None,
            timeout=60,
            what="the import meeting the lock",
        )
        assert process.poll() is None, archive.output()
    finally:
        lock.execute("ROLLBACK")
        lock.close()
    assert process.wait(timeout=120) == 0, archive.output()
    out, err = archive.output()
    assert "Imported 3, unchanged 0, failed 0." in out
    assert "the database is locked by another writer; trying again (1/3)" in err


@pytest.mark.django_db
def test_any_other_api_error_is_json_too(client, monkeypatch):
    from search import api

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(api, "search_articles", broken)
    client.raise_request_exception = False
    response = client.get("/api/search?q=x")
    assert response.status_code == 500
    assert response.json()["error"] == "server_error"
