"""Reads on a real streaming replica, writes on the primary, a curator's own change seen at
once (issue 11): a primary and a hot standby started here (pg_basebackup -R), the archive
served by gunicorn with DATABASE_REPLICA_URLS."""

import socket
import urllib.parse
from pathlib import Path

import pytest

from bench.scratch import SEEDS, PostgresCluster, ScratchArchive, wait_until
from bench.web import Client, Server, form_fields

CURATOR = ("bientap", "Biên-tập-viên-2024")
RENAMED = "Tên do biên tập viên sửa"


def _start_pair():
    """A primary and its standby on two free ports of 55440-55459. bin/test runs two suites
    at once: a lock makes the choice of ports and the starts one at a time."""
    import fcntl

    lock = Path("/tmp/luutru-replica-test.lock")
    with open(lock, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            for port in range(55440, 55460, 2):
                if any(_in_use(p) for p in (port, port + 1)):
                    continue
                primary = PostgresCluster(f"replica-test-primary-{port}", port)
                try:
                    primary.start()
                except RuntimeError:
                    continue
                try:
                    database = primary.create_database("luutru")
                    standby = primary.standby(f"replica-test-standby-{port + 1}", port + 1)
                except RuntimeError:
                    primary.stop()
                    continue
                return primary, standby, database
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    pytest.skip("no two free ports for a primary and a standby in 55440-55459")


def _in_use(port):
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="module")
def primary_and_standby():
    if not PostgresCluster.available():
        pytest.skip("PostgreSQL 15 is not installed (/usr/lib/postgresql/15/bin/initdb)")
    primary, standby, database = _start_pair()
    try:
        assert standby.sql("SELECT pg_is_in_recovery()") == "t"
        yield primary, standby, database
    finally:
        standby.stop()
        primary.stop()


def _on(url, port):
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(netloc=f"postgres@127.0.0.1:{port}"))


def test_reads_go_to_the_replica_and_a_curator_sees_their_change_at_once(
    primary_and_standby, tmp_path
):
    primary, standby, url = primary_and_standby
    archive = ScratchArchive(tmp_path / "data", database_url=url).migrate()
    seed = sorted(SEEDS.glob("*.txt"))[1]
    archive.manage("import_articles", str(seed), "--workers", "1")
    archive.manage("create_curator", CURATOR[0], "--password", CURATOR[1])
    article = archive.python(
        "from archive.models import Article\n"
        "a = Article.objects.get()\n"
        "print(json.dumps([a.pk, a.title]))"
    )
    person = archive.python(
        "from archive.models import Person\n"
        "p = Person.objects.order_by('pk').first()\n"
        "print(json.dumps([p.pk, p.slug]))"
    )
    replica = _on(url, standby.port)
    wait_until(
        lambda: standby.sql("SELECT count(*) FROM archive_article", "luutru") == "1",
        timeout=60,
        what="the standby to replay the import",
    )
    # Replay paused: what the primary writes from now on is not on the replica.
    standby.sql("SELECT pg_wal_replay_pause()")
    try:
        with Server(archive, env={"DATABASE_REPLICA_URLS": replica}) as server:
            anonymous = Client(server.url)
            api = f"/api/articles/{article[0]}"
            status, _h, body, _s = anonymous.get(api)
            assert status == 200 and article[1] in body

            # A write straight on the primary: readers on the replica do not see it yet.
            archive.python(
                "from archive.models import Article\n"
                f"Article.objects.filter(pk={article[0]}).update(lead='Ghi chú mới của biên tập')\n"
                "print(1)"
            )
            assert "Ghi chú mới" not in anonymous.get(api)[2]

            # A curator's save goes to the primary, and so do their next reads.
            curator = Client(server.url).login(*CURATOR)
            change = f"/admin/archive/person/{person[0]}/change/"
            fields = {**form_fields(curator.get(change)[2], "person_form"), "name": [RENAMED]}
            status, _h, _b, _s = curator.post(change, fields)
            assert status == 302
            person_api = f"/api/persons/{person[1]}"
            assert RENAMED in curator.get(person_api)[2]
            # Anyone else still reads the (paused) replica.
            assert RENAMED not in anonymous.get(person_api)[2]
    finally:
        standby.sql("SELECT pg_wal_replay_resume()")
    wait_until(
        lambda: (
            standby.sql(f"SELECT name FROM archive_person WHERE id = {person[0]}", "luutru")
            == RENAMED
        ),
        timeout=60,
        what="the standby to catch up once replay resumes",
    )
