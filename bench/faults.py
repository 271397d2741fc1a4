"""Fault injection: real faults against scratch archives, and what held.

    .venv/bin/python bench/faults.py              # every fault
    .venv/bin/python bench/faults.py --only sigterm --keep

Each check below is one fault made for real (a signal to a real import's PID, a SQLite write
lock held by another connection, a PostgreSQL server killed or frozen, broken input files),
in a data folder of its own, followed by what must hold. It prints "held", "FAILED: why" or
"skipped: why" per fault, and exits 1 if any failed. Add a fault by writing a function
decorated with @fault("name") in CHECKS' order: it gets a fresh folder and raises Failed.
"""

import argparse
import json
import os
import shutil
import signal
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scratch import (  # noqa: E402
    SEEDS,
    UNDER_WAY,
    PostgresCluster,
    ScratchArchive,
    alive,
    article_files,
    children_of,
    stop,
    wait_until,
)
from bench.web import Client, Server, form_fields  # noqa: E402

CHECKS = []
CURATOR = ("bientap", "Biên-tập-viên-2024")
PG_PORTS = range(55425, 55430)


class Failed(Exception):
    """What did not hold."""


class Skipped(Exception):
    """The fault cannot be made here (no PostgreSQL installed)."""


def fault(name):
    def register(function):
        CHECKS.append((name, function))
        return function

    return register


def expect(condition, message):
    if not condition:
        raise Failed(message)


# -- the import killed ------------------------------------------------------------------


def _import_under_way(folder, count=UNDER_WAY):
    archive = ScratchArchive(folder / "data").migrate()
    files = article_files(folder / "articles", count)
    process = archive.start_import(folder / "articles", workers=2)
    wait_until(
        lambda: archive.stored_count() >= 4 or process.poll() is not None,
        timeout=300,
        what="4 articles stored",
    )
    expect(process.poll() is None, f"the import ended before the fault: {archive.output()}")
    return archive, process, children_of(process.pid), files


def _workers_end(workers):
    try:
        wait_until(lambda: not any(alive(p) for p in workers), timeout=10, what="workers' end")
    except TimeoutError:
        survivors = [p for p in workers if alive(p)]
        for pid in survivors:
            os.kill(pid, signal.SIGKILL)
        raise Failed(f"worker processes {survivors} outlived the import") from None


@fault("import stopped by SIGTERM")
def import_sigterm(folder):
    archive, process, workers, files = _import_under_way(folder)
    status = stop(process, signal.SIGTERM)
    _workers_end(workers)
    out, err = archive.output()
    expect(status == 143, f"exit status {status}, not 143: {err[-300:]}")
    expect("Stopped by SIGTERM" in err, f"no clear message: {err[-300:]}")
    state = archive.state()
    expect(not state["broken"], f"articles stored in part: {state['broken']}")
    expect(
        state["indexed"] == state["stored"],
        f"{state['stored']} stored, {state['indexed']} found by search",
    )
    expect(f"Imported {state['stored']}," in out, f"summary {out!r} disagrees with the database")


@fault("import killed with -9")
def import_sigkill(folder):
    archive, process, workers, files = _import_under_way(folder)
    stop(process, signal.SIGKILL)
    _workers_end(workers)
    state = archive.state()
    expect(not state["broken"], f"articles stored in part: {state['broken']}")
    # What the killed run stored but had not yet indexed is owed, and paid on the next start.
    owed = archive.python(
        "from archive.models import IndexDebt\n"
        "print(IndexDebt.objects.values('article_id').distinct().count())"
    )
    expect(
        state["indexed"] + owed >= state["stored"],
        f"{state['stored']} stored, {state['indexed']} indexed, only {owed} owed",
    )
    archive.manage("ensure_index")
    state = archive.state()
    expect(
        state["indexed"] == state["stored"],
        f"after ensure_index {state['stored']} stored, {state['indexed']} found by search",
    )
    rerun = archive.manage("import_articles", str(folder / "articles"), "--workers", "1")
    expect(archive.state()["stored"] == len(files), f"a second run did not complete: {rerun}")


# -- the database locked or gone --------------------------------------------------------


def _curated_archive(folder, database_url=""):
    archive = ScratchArchive(folder / "data", database_url=database_url).migrate()
    seeds = sorted(SEEDS.glob("*.txt"))
    archive.manage("import_articles", *map(str, seeds[1:3]), "--workers", "1")
    archive.manage("create_curator", CURATOR[0], "--password", CURATOR[1])
    return archive


@fault("SQLite write lock held past its timeout")
def sqlite_locked(folder):
    archive = _curated_archive(folder)
    person = archive.python(
        "from archive.models import Person\n"
        "p = Person.objects.order_by('pk').first()\n"
        "print(json.dumps([p.pk, p.name]))"
    )
    with Server(archive, env={"ARCHIVE_DB_LOCK_TIMEOUT": "2"}) as server:
        client = Client(server.url).login(*CURATOR)
        change = f"/admin/archive/person/{person[0]}/change/"
        fields = {**form_fields(client.get(change)[2], "person_form"), "name": ["Đã sửa"]}
        lock = sqlite3.connect(archive.data / "archive.sqlite3", isolation_level=None)
        lock.execute("BEGIN IMMEDIATE")
        try:
            status, _headers, body, seconds = client.post(change, fields)
        finally:
            lock.execute("ROLLBACK")
            lock.close()
    expect(status == 503, f"the save answered {status}, not 503")
    expect("Lưu trữ đang bận" in body, "the 503 page does not say the archive is busy")
    expect(seconds < 10, f"the answer took {seconds:.1f} s")
    read = "from archive.models import Person as P\nprint(json.dumps(P.objects.get(pk=%d).name))"
    name = archive.python(read % person[0])
    expect(name == person[1], f"the refused save changed the name to {name!r}")


_cluster = None


def _postgres():
    global _cluster
    if not PostgresCluster.available():
        raise Skipped("PostgreSQL 15 is not installed")
    for port in PG_PORTS:
        if _cluster is not None:
            break
        try:
            _cluster = PostgresCluster(f"faults-{port}", port).start()
        except RuntimeError:  # the port is taken
            continue
    if _cluster is None:
        raise Skipped(f"no PostgreSQL server could start on ports {PG_PORTS[0]}-{PG_PORTS[-1]}")
    return _cluster


@fault("PostgreSQL server killed under the pages")
def postgres_killed(folder):
    cluster = _postgres()
    archive = _curated_archive(folder, cluster.create_database("faults_pages"))
    with Server(archive) as server:
        client = Client(server.url)
        expect(client.get("/")[0] == 200, "the home page did not answer before the fault")
        cluster.kill()
        try:
            page = client.get("/people/")
            api = client.get("/api/articles/1")
        finally:
            cluster.start()
        after = client.get("/")[0]
    expect(page[0] == 503 and page[3] < 5, f"a page answered {page[0]} in {page[3]:.1f} s")
    error = json.loads(api[2]) if api[0] == 503 else {}
    expect(error.get("error") == "database_unavailable", f"the API answered {api[0]} {api[2][:80]}")
    expect(after == 200, f"after the restart the home page answered {after}")


@fault("PostgreSQL server frozen (accepts, never answers)")
def postgres_frozen(folder):
    cluster = _postgres()
    archive = _curated_archive(folder, cluster.create_database("faults_frozen"))
    with Server(archive) as server:
        client = Client(server.url)
        with cluster.frozen(whole=False):
            status, _h, _b, seconds = client.get("/people/")
    expect(status == 503 and seconds < 6, f"answered {status} after {seconds:.1f} s")


@fault("PostgreSQL server frozen whole under a kept connection")
def postgres_frozen_under_kept_connection(folder):
    """The worker keeps its connection between requests; then the postmaster and every
    backend stop: the request's deadline cuts the connection (config/deadline.py)."""
    cluster = _postgres()
    archive = _curated_archive(folder, cluster.create_database("faults_frozen_kept"))
    with Server(archive, env={"ARCHIVE_DB_DEADLINE_SECONDS": "3"}) as server:
        client = Client(server.url)
        first = client.get("/people/")[0]
        with cluster.frozen():
            status, _h, _b, seconds = client.get("/people/")
        after = client.get("/people/")[0]
    expect(first == 200, f"the first page answered {first}")
    expect(status == 503 and seconds < 5, f"frozen: answered {status} after {seconds:.1f} s")
    expect(after == 200, f"thawed: the next page answered {after}")


@fault("PostgreSQL lost during an import")
def postgres_lost_by_import(folder):
    cluster = _postgres()
    url = cluster.create_database("faults_import")
    archive = ScratchArchive(folder / "data", database_url=url).migrate()
    files = article_files(folder / "articles", UNDER_WAY)
    process = archive.start_import(folder / "articles", workers=2)
    try:
        wait_until(lambda: _stored(url) >= 4, timeout=300, what="4 articles stored")
        cluster.kill()
        status = process.wait(timeout=60)
    finally:
        if process.poll() is None:
            stop(process, signal.SIGKILL)
        cluster.start()
    out, err = archive.output()
    expect(status == 1, f"exit status {status}")
    failed = [line for line in err.splitlines() if "could not be stored" in line]
    expect(failed and any(str(f) in failed[0] for f in files), f"no article named: {err[-300:]}")
    state = archive.state()
    expect(not state["broken"], f"articles stored in part: {state['broken']}")
    expect(f"Imported {state['stored']}," in out, f"summary {out!r} disagrees with the database")


def _stored(url):
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=3) as db:
            return db.execute("SELECT count(*) FROM archive_article").fetchone()[0]
    except psycopg.Error:
        return 0


# -- curation while an import runs ------------------------------------------------------

# A curator (this process, Django set up before the import starts, so as not to miss it)
# merges a stored person whose name files still to import repeat into a new record.
_MERGE = """
import subprocess, sys, time
from pathlib import Path
from archive import curation
from archive.models import Article, Person
import_ = subprocess.Popen(
    [sys.executable, "manage.py", "import_articles", FOLDER, "--workers", "2", "--no-progress"],
    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
)
merged = None
while merged is None and import_.poll() is None:
    time.sleep(0.2)
    stored = set(Article.objects.values_list("source_path", flat=True))
    if len(stored) < 4:
        continue
    later = [p for p in FILES if p not in stored][20:]  # past what the workers hold
    texts = [Path(p).read_text(encoding="utf-8") for p in later]
    for person in Person.objects.order_by("pk"):
        if len(person.name.split()) >= 3 and any(f" {person.name}" in t for t in texts):
            kept = curation.new_entity(model=Person, name=person.name + " (đã gộp)")
            curation.merge_entities(kept=kept, others=[person])
            merged = {"name": person.name, "slug": person.slug, "kept": kept.pk}
            break
err = import_.communicate(timeout=600)[1]
print(json.dumps({"merged": merged, "status": import_.returncode, "err": err[-300:]}))
"""


@fault("a curator merges a person while an import runs")
def merge_during_import(folder):
    _merge_during_import(ScratchArchive(folder / "data").migrate(), folder)


@fault("a curator merges a person while an import runs (PostgreSQL)")
def merge_during_import_postgres(folder):
    url = _postgres().create_database("faults_merge")
    _merge_during_import(ScratchArchive(folder / "data", database_url=url).migrate(), folder)


def _merge_during_import(archive, folder):
    files = article_files(folder / "articles", 300)
    run = archive.python(
        f"FOLDER = {str(folder / 'articles')!r}\nFILES = {[str(f) for f in files]!r}\n" + _MERGE,
        timeout=900,
    )
    merged = run["merged"]
    expect(merged is not None, "the import ended before a person could be merged")
    expect(run["status"] == 0, f"the import failed: {run['err']}")
    after = archive.python(
        "from archive.models import Person\n"
        f"print(json.dumps([Person.objects.filter(slug={merged['slug']!r}).exists(), "
        f"Person.objects.filter(name={merged['name']!r}).exists()]))"
    )
    expect(not after[0], f"the import recreated {merged['slug']} after the merge")
    expect(not after[1], f"a new {merged['name']} was made beside the kept person")


# -- broken input -----------------------------------------------------------------------


# -- the search index behind or broken ------------------------------------------------


def _indexed_archive(folder):
    archive = ScratchArchive(folder / "data").migrate()
    seeds = sorted(SEEDS.glob("*.txt"))
    archive.manage("import_articles", *map(str, seeds), "--workers", "1")
    return archive


def _generation(archive):
    root = archive.data / "whoosh_index"
    return root / (root / "CURRENT").read_text().strip()


@fault("a worker killed right after a curator's merge committed")
def killed_after_merge(folder):
    archive = _indexed_archive(folder)
    code = """
import os, signal
from django.db import transaction
from archive.curation import merge_entities
from archive.models import Province
provinces = list(Province.objects.order_by("pk")[:2])
with transaction.atomic():
    transaction.on_commit(lambda: os.kill(os.getpid(), signal.SIGKILL))  # before the index's
    merge_entities(kept=provinces[0], others=provinces[1:])
"""
    try:
        archive.python(code)
        raise Failed("the process was not killed")
    except RuntimeError:
        pass  # killed, as a gunicorn worker would be
    gone = archive.python(
        "from search.services import search_articles\n"
        "o = search_articles(query='*')\n"
        "from archive.models import Province\n"
        "known = set(Province.objects.values_list('slug', flat=True))\n"
        "print(json.dumps([v.value for v in o.facets['province'] if v.value not in known]))"
    )
    expect(gone, "the index followed the merge although its process was killed first")
    out = archive.manage("ensure_index").stdout
    expect("repaired" in out, f"ensure_index did not notice: {out}")
    gone = archive.python(
        "from search.services import search_articles\n"
        "o = search_articles(query='*')\n"
        "from archive.models import Province\n"
        "known = set(Province.objects.values_list('slug', flat=True))\n"
        "print(json.dumps([v.value for v in o.facets['province'] if v.value not in known]))"
    )
    expect(not gone, f"the province facet still offers merged-away {gone}")


@fault("the index folder removed under the pages")
def index_missing(folder):
    archive = _indexed_archive(folder)
    shutil.rmtree(archive.data / "whoosh_index")
    with Server(archive) as server:
        client = Client(server.url)
        status, headers, body, _seconds = client.get("/api/search?q=b%C3%AD+th%C6%B0")
        expect(status == 503, f"/api/search answered {status}")
        expect(json.loads(body).get("reason") == "missing", f"the API said {body[:200]}")
        status, *_rest = client.get("/search/?q=b%C3%AD+th%C6%B0")
        expect(status == 503, f"/search/ answered {status}")
        status, *_rest = client.get("/")
        expect(status == 200, f"the home page answered {status} without an index")
        # The first search started a rebuild in the background: search comes back by itself.
        wait_until(
            lambda: client.get("/api/search?q=b%C3%AD+th%C6%B0")[0] == 200,
            timeout=120,
            what="search back after the background rebuild",
        )
    state = archive.state()
    expect(state["indexed"] == state["stored"], f"{state} after the rebuild")


@fault("a segment of the index truncated, then random bytes in one")
def index_damaged(folder):
    archive = _indexed_archive(folder)
    for damage in ("truncate", "scribble"):
        segment = max(_generation(archive).glob("*.seg"), key=lambda p: p.stat().st_size)
        with open(segment, "r+b") as f:
            if damage == "truncate":
                f.truncate(segment.stat().st_size // 3)
            else:
                f.seek(segment.stat().st_size // 2)
                f.write(os.urandom(64))
        # No background repair here: this fault checks that ensure_index finds the damage.
        with Server(archive, env={"ARCHIVE_SEARCH_REPAIR": "0"}) as server:
            status, *_rest = Client(server.url).get("/api/search?q=%C4%90%E1%BA%A3ng")
            expect(status in (200, 503), f"{damage}: /api/search answered {status}")
            expect(server.process.poll() is None, f"{damage}: the server died")
        out = archive.manage("ensure_index").stdout
        expect("cannot be read" in out, f"{damage}: ensure_index did not see it: {out}")
        state = archive.state()
        expect(state["indexed"] == state["stored"], f"{damage}: {state} after the rebuild")


@fault("damaged and hostile input files")
def damaged_input(folder):
    archive = ScratchArchive(folder / "data").migrate()
    good = folder / "articles"
    article_files(good, 3)
    os.mkfifo(good / "pipe.txt")
    (good / "x.txt").mkdir()
    (good / "passwd.txt").symlink_to("/etc/passwd")
    (good / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (good / "UPPER.TXT").write_text(
        "Bí thư Tỉnh ủy \u202ethăm\u200d Hậu Giang\nĐồng chí Nguyễn Văn H\u200dải phát biểu "
        "tại hội nghị.\n" + "Tỉnh ủy Hậu Giang tổ chức hội nghị công tác cán bộ. " * 40 + "\n",
        encoding="utf-8",
    )
    (good / "dump.txt").write_text("Tiêu đề\n\n" + "Một câu rất dài. " * 15_000 + "\n", "utf-8")
    started = time.monotonic()
    result = archive.manage(
        "import_articles", str(good), str(folder / "missing.txt"), "--workers", "1", check=False
    )
    seconds = time.monotonic() - started
    expect(result.returncode == 1, f"exit status {result.returncode}")
    for name, reason in [
        ("missing.txt", "no such file"),
        ("pipe.txt", "named pipe"),
        ("passwd.txt", "symbolic link leading outside"),
        ("image.txt", "binary"),
        ("dump.txt", "characters long"),
    ]:
        expect(
            any(name in line and reason in line for line in result.stderr.splitlines()),
            f"{name} not reported as {reason!r}",
        )
    state = archive.python(
        "from archive.models import Article, Person\n"
        "titles = list(Article.objects.values_list('title', flat=True))\n"
        "print(json.dumps([len(titles), any('\\u202e' in t for t in titles),"
        " Person.objects.filter(name='Nguyễn Văn Hải').exists()]))"
    )
    expect(state[0] == 4, f"{state[0]} articles stored, not the 4 good ones")
    expect(not state[1], "a bidi override stayed in a stored title")
    expect(state[2], "a zero-width joiner hid Nguyễn Văn Hải")
    expect(seconds < 120, f"the run took {seconds:.0f} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="Run only the faults whose name contains this.")
    parser.add_argument("--keep", action="store_true", help="Keep the scratch folders.")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="luutru-faults-"))
    failed = 0
    try:
        for number, (name, check) in enumerate(CHECKS, 1):
            if args.only and args.only.lower() not in name.lower():
                continue
            started = time.monotonic()
            try:
                check(scratch / f"{number:02d}")
                outcome = "held"
            except Skipped as reason:
                outcome = f"skipped: {reason}"
            except (Failed, TimeoutError, RuntimeError) as reason:
                outcome, failed = f"FAILED: {reason}", failed + 1
            print(f"{name}: {outcome} ({time.monotonic() - started:.0f} s)", flush=True)
    finally:
        if _cluster is not None:
            _cluster.stop()
        if args.keep:
            print(f"scratch folders kept in {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
