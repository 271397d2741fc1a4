"""Nothing lost between the database and the index when a process dies or a file breaks
(issue 10, items 1, 2, 6, 7): real processes killed by PID, real index files damaged."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command

from archive.models import IndexDebt, Person, Province
from bench.scratch import UNDER_WAY
from search.engine import get_engine
from search.engines.whoosh.engine import CURRENT
from search.services import search_articles

from ..conftest import FIXTURES
from .conftest import entity, make_article

ROOT = Path(__file__).resolve().parents[2]


def _run(args, data, **kwargs):
    env = {
        **os.environ,
        "ARCHIVE_DATA_DIR": str(data),
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "ARCHIVE_SEARCH_ENGINE": "whoosh",
    }
    env.pop("DATABASE_URL", None)
    return subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def _finish(process, timeout=300):
    out, err = process.communicate(timeout=timeout)
    return process.returncode, out + err


def _stored(data):
    with sqlite3.connect(data / "archive.sqlite3") as db:
        return db.execute("SELECT count(*) FROM archive_article").fetchone()[0]


def _indexed(data):
    """What q=* finds, asked from a process of its own (as a gunicorn worker would)."""
    code = (
        "import django; django.setup();"
        "from search.services import search_articles;"
        "print(search_articles(query='*').count)"
    )
    env = {
        **os.environ,
        "ARCHIVE_DATA_DIR": str(data),
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "ARCHIVE_SEARCH_ENGINE": "whoosh",
    }
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return int(done.stdout.split()[-1])


@pytest.mark.slow
def test_an_import_killed_mid_run_leaves_its_articles_owed_and_they_are_paid(tmp_path):
    """Item 1: kill -9 after some articles are stored: none is lost to search."""
    data, articles = tmp_path / "data", tmp_path / "articles"
    articles.mkdir()
    seeds = sorted(FIXTURES.glob("*.txt"))
    total = UNDER_WAY  # 40 seed copies were once all stored between two looks at the count
    for n in range(total):  # distinct texts: each seed with its own closing line
        seed = seeds[n % len(seeds)]
        (articles / f"{n:03d}.txt").write_text(
            seed.read_text(encoding="utf-8") + f"\nBản tin số {n}.\n", encoding="utf-8"
        )
    assert _finish(_run(["migrate", "-v0"], data))[0] == 0
    assert _finish(_run(["ensure_index", "-v0"], data))[0] == 0
    process = _run(["import_articles", str(articles), "--workers", "1"], data)
    deadline = time.monotonic() + 240
    while _stored(data) < 3 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.2)
    os.kill(process.pid, signal.SIGKILL)
    process.communicate(timeout=60)
    stored = _stored(data)
    assert 3 <= stored < total
    with sqlite3.connect(data / "archive.sqlite3") as db:
        owed = db.execute("SELECT count(DISTINCT article_id) FROM archive_indexdebt").fetchone()
    assert owed[0] == stored - _indexed(data)  # what search lacks is recorded as owed

    code, output = _finish(_run(["ensure_index"], data))
    assert code == 0 and "paid" in output, output
    assert _indexed(data) == stored


def test_a_process_killed_right_after_a_merge_committed_is_repaired(tmp_path):
    """Item 2: the worker dies between the merge's commit and its index update."""
    data = tmp_path / "data"
    assert _finish(_run(["migrate", "-v0"], data))[0] == 0
    script = """
import os, signal, django
django.setup()
from django.db import transaction
from archive.curation import merge_entities
from archive.models import Article, Province, ProvinceMention
from search.indexing import update_articles
kept = Province.objects.create(name="Cần Thơ", slug="can-tho")
gone = Province.objects.create(name="TP Cần Thơ", slug="tp-can-tho")
for n in range(6):
    article = Article.objects.create(
        title=f"Tin {n}", raw_text=f"Tin {n}", source_path=f"{n}.txt", content_hash=str(n),
        segmented=f"Tin {n}",
    )
    ProvinceMention.objects.create(article=article, province=gone if n % 2 else kept)
update_articles(Article.objects.values_list("pk", flat=True))
with transaction.atomic():
    transaction.on_commit(lambda: os.kill(os.getpid(), signal.SIGKILL))  # before the index's
    merge_entities(kept=kept, others=[gone])
"""
    env = {
        **os.environ,
        "ARCHIVE_DATA_DIR": str(data),
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "ARCHIVE_SEARCH_ENGINE": "whoosh",
    }
    env.pop("DATABASE_URL", None)
    assert _finish(_run(["ensure_index", "-v0"], data))[0] == 0
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    with sqlite3.connect(data / "archive.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM archive_province").fetchone()[0] == 1
        assert db.execute("SELECT count(*) FROM archive_indexdebt").fetchone()[0] == 6

    code, output = _finish(_run(["ensure_index"], data))
    assert code == 0 and "paid 6 owed" in output, output
    check = (
        "import django; django.setup();"
        "from search.services import search_articles;"
        "o = search_articles(query='*', filters={'province': [['can-tho']]});"
        "print(o.count, [v.value for v in o.facets['province']])"
    )
    done = subprocess.run(
        [sys.executable, "-c", check], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.stdout.split("\n")[-2] == "6 ['can-tho']", done.stdout + done.stderr


@pytest.fixture
def indexed(db, settings):
    province = entity(Province, "Đồng Tháp", "dong-thap")
    person = entity(Person, "Ngô Thanh Danh", "ngo-thanh-danh")
    articles = [
        make_article(f"Bí thư Tỉnh ủy làm việc lần {n}", provinces=[province], persons=[person])
        for n in range(30)
    ]
    call_command("rebuild_index", verbosity=0)
    return articles


def _generation(settings):
    root = Path(settings.ARCHIVE_SEARCH["PATH"])
    return root / (root / CURRENT).read_text().strip()


def test_a_missing_index_says_so_and_a_save_meanwhile_stays_owed(indexed, client, settings):
    """Item 6: no 500, no empty 200 "as if the archive were empty"; nothing lost."""
    import shutil

    shutil.rmtree(settings.ARCHIVE_SEARCH["PATH"])
    get_engine().close()
    page = client.get("/search/", {"q": "bí thư"})
    assert page.status_code == 503 and "chưa có chỉ mục" in page.content.decode()
    api = client.get("/api/search", {"q": "bí thư"})
    assert api.status_code == 503 and api.json()["error"] == "search_unavailable"
    assert api.json()["reason"] == "missing"
    assert not Path(settings.ARCHIVE_SEARCH["PATH"]).exists()  # searching created nothing

    from archive.curation import save_entity

    person = Person.objects.get()
    person.aliases = ["Ngô T. Danh"]
    from django.test.utils import CaptureQueriesContext  # noqa: F401 (keeps the import light)

    save_entity(entity=person)
    assert IndexDebt.objects.count() == len(indexed)  # owed, not lost
    call_command("ensure_index", verbosity=0)
    assert search_articles(query="bí thư").count == len(indexed)
    assert IndexDebt.objects.count() == 0


def test_a_truncated_segment_gives_503_and_never_kills_the_process(indexed, settings):
    """Item 7: a segment cut short under a live index: the search answers, it is detected,
    and ensure_index rebuilds beside it."""
    segment = max(_generation(settings).glob("*.seg"), key=lambda p: p.stat().st_size)
    with open(segment, "r+b") as f:
        f.truncate(segment.stat().st_size // 3)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
    }
    code = (
        "import django, json; django.setup();"
        "from django.conf import settings;"
        f"settings.ARCHIVE_SEARCH = {{'ENGINE': 'whoosh', 'PATH': {json.dumps(settings.ARCHIVE_SEARCH['PATH'])}}};"  # noqa: E501
        "from search.engine import get_engine, SearchRequest;"
        "from search.query import parse_query;"
        "from search.engine import SearchUnavailable\n"
        "try:\n"
        "    request = SearchRequest(query=parse_query('bí thư'), facets={'person': 5})\n"
        "    get_engine().search(request)\n"
        "    print('answered')\n"
        "except SearchUnavailable as exc:\n"
        "    print('unavailable', exc.reason)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, f"killed by signal {-done.returncode}: {done.stderr}"
    assert done.stdout.strip() == "unavailable damaged"

    health = get_engine().health()
    assert not health.ok and health.problem == "damaged" and segment.name in health.detail
    out = _ensure_index()
    assert "cannot be read" in out and f"Indexed {len(indexed)}" in out
    assert search_articles(query="bí thư").count == len(indexed)


def test_random_bytes_in_a_segment_are_detected_on_start(indexed, settings, client):
    segment = max(_generation(settings).glob("*.seg"), key=lambda p: p.stat().st_size)
    with open(segment, "r+b") as f:
        f.seek(segment.stat().st_size // 2)
        f.write(os.urandom(64))
    assert get_engine().health().problem == "damaged"
    for query in ("bí thư", "tỉnh ủy", "*", "lần 7"):  # any answer but a 500
        assert client.get("/api/search", {"q": query}).status_code in (200, 503)
    assert "cannot be read" in _ensure_index()
    assert get_engine().health().ok
    assert search_articles(query="bí thư").count == len(indexed)


def _ensure_index():
    import io

    out = io.StringIO()
    call_command("ensure_index", stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    "path", ["/trends/?q=b%C3%AD+th%C6%B0", "/feeds/search?q=b%C3%AD+th%C6%B0", "/api/export?q=x"]
)
def test_every_page_needing_a_missing_index_answers_503_with_the_reason(indexed, path, settings):
    """Not only the search page and the API: the trends page answered a bare 500."""
    import shutil

    from django.test import Client

    shutil.rmtree(settings.ARCHIVE_SEARCH["PATH"])
    get_engine().close()
    response = Client(raise_request_exception=False).get(path)
    assert response.status_code == 503 and response["Retry-After"] == "30"
    text = response.content.decode()
    assert "chưa có chỉ mục" in (response.json()["message"] if "/api/" in path else text).lower()
