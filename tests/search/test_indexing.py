"""Keeping the index in step: articles_changed, removals, rebuilds, and concurrent writers."""

import io
import multiprocessing
import shutil
import threading
import time
from pathlib import Path

import pytest
from django.core.management import call_command

from archive.models import Article
from archive.signals import articles_changed
from search.documents import documents
from search.engine import get_engine
from search.engines.whoosh.engine import CURRENT, VERSION, WhooshEngine
from search.engines.whoosh.locking import index_write_lock
from search.indexing import remove_articles, update_articles
from search.services import search_articles

from .conftest import make_article


def found(query):
    return [hit.id for hit in search_articles(query=query).hits]


@pytest.mark.usefixtures("search_engine")
def test_articles_changed_indexes_and_removes(db):
    article = make_article("Luân chuyển cán bộ ở Hậu Giang")
    assert found("luân chuyển") == []
    articles_changed.send(sender=Article, article_ids=[article.pk])
    assert found("luân chuyển") == [article.pk]

    Article.objects.filter(pk=article.pk).update(
        title="Điều động cán bộ", segmented="Điều_động cán_bộ\n"
    )
    articles_changed.send(sender=Article, article_ids=[article.pk])
    assert found("luân chuyển") == [] and found("điều động") == [article.pk]

    articles_changed.send(sender=Article, article_ids=[], removed_ids=[article.pk])
    assert found("điều động") == []


@pytest.mark.usefixtures("search_engine")
def test_update_removes_articles_that_are_gone(db):
    article = make_article("Hội nghị Ban Chấp hành")
    update_articles([article.pk])
    pk = article.pk
    article.delete()
    update_articles([pk])
    assert found("Ban Chấp hành") == []


def test_rebuild_index_command_and_reconciliation(db, search_engine):
    articles = [make_article(f"Kỳ họp thứ {n} Hội đồng nhân dân") for n in range(3)]
    call_command("rebuild_index", interactive=False, verbosity=0)
    assert sorted(found("hội đồng nhân dân")) == sorted(a.pk for a in articles)
    remove_articles([articles[0].pk])  # the index lost one, nothing owed: reconcile finds it
    assert "indexed 1 that differed" in _ensure_index()
    assert len(found("hội đồng nhân dân")) == 3
    Article.objects.filter(pk=articles[1].pk).delete()  # gone without a debt
    if search_engine == "whoosh":
        assert "removed 1" in _ensure_index()
    else:  # its row went with it, in the same transaction
        assert "up to date (2 articles)" in _ensure_index()
    assert sorted(found("hội đồng nhân dân")) == sorted([articles[0].pk, articles[2].pk])


def _ensure_index():
    out = io.StringIO()
    call_command("ensure_index", stdout=out)
    return out.getvalue()


def test_ensure_index_rebuilds_a_missing_or_stale_index_only(db, settings):
    article = make_article("Luân chuyển cán bộ ở Hậu Giang")  # stored, not indexed
    root = Path(settings.ARCHIVE_SEARCH["PATH"])
    shutil.rmtree(root)
    assert "there is none" in _ensure_index()
    assert found("luân chuyển") == [article.pk]
    assert "up to date (1 articles)" in _ensure_index()

    # An index written by an older analyzer or engine: another version beside it.
    engine = get_engine()
    marker = root / (root / CURRENT).read_text().strip() / VERSION
    marker.write_text("1.2\n")
    assert engine.health().problem == "stale"
    assert "another version" in _ensure_index()
    assert engine.health().ok and found("luân chuyển") == [article.pk]


def test_documents_read_everything_in_a_few_queries(db, django_assert_max_num_queries):
    for n in range(5):
        make_article(f"Bài {n}", lead="Đảng bộ tỉnh.")
    with django_assert_max_num_queries(6):  # articles+sources, one per kind, the end
        assert len(list(documents())) == 5


def test_two_writers_at_once_lose_nothing(db, settings):
    """Two threads, each with its own engine (as two processes would have), write at once."""
    articles = [make_article(f"Đại hội chi bộ số {n}") for n in range(8)]
    loaded = list(documents([a.pk for a in articles]))
    errors, start = [], threading.Barrier(2)

    def write(batch):
        try:
            start.wait()
            engine = WhooshEngine(PATH=settings.ARCHIVE_SEARCH["PATH"])  # its own, as a process
            for document in batch:
                engine.index([document])
        except Exception as error:  # noqa: BLE001 - the test reports any failure
            errors.append(error)

    threads = [threading.Thread(target=write, args=(loaded[k::2],)) for k in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(found("chi bộ")) == sorted(a.pk for a in articles)


# Forked on purpose (two processes writing one index). On PostgreSQL runs the process also has
# config.deadline's watch thread, which the children never use (and which resets at a fork).
_FORK_WITH_WATCH = pytest.mark.filterwarnings(
    "ignore:This process .* is multi-threaded, use of fork:DeprecationWarning"
)


def _index_in_child(path, loaded):
    engine = WhooshEngine(PATH=path)
    for document in loaded:
        engine.index([document])


@_FORK_WITH_WATCH
def test_two_processes_writing_at_once_lose_nothing(db, settings):
    """Two imports finishing together: separate processes, one index, no LockError."""
    articles = [make_article(f"Hội nghị Thành ủy lần {n}") for n in range(8)]
    loaded = list(documents([a.pk for a in articles]))
    path = settings.ARCHIVE_SEARCH["PATH"]
    context = multiprocessing.get_context("fork")
    children = [context.Process(target=_index_in_child, args=(path, loaded[k::2])) for k in (0, 1)]
    for child in children:
        child.start()
    for child in children:
        child.join(60)
    assert [child.exitcode for child in children] == [0, 0]
    assert sorted(found("Thành ủy")) == sorted(a.pk for a in articles)


def _hold_lock(path, log):
    with index_write_lock(path):
        started = time.monotonic()
        time.sleep(0.3)
        with open(log, "a") as handle:
            handle.write(f"{started} {time.monotonic()}\n")


@_FORK_WITH_WATCH
def test_the_write_lock_excludes_other_processes(tmp_path):
    log = tmp_path / "held.log"
    context = multiprocessing.get_context("fork")
    children = [
        context.Process(target=_hold_lock, args=(tmp_path / "index", log)) for _ in range(3)
    ]
    for child in children:
        child.start()
    for child in children:
        child.join(30)
    spans = sorted(tuple(map(float, line.split())) for line in log.read_text().splitlines())
    assert len(spans) == 3
    for (_start, end), (next_start, _end) in zip(spans, spans[1:], strict=False):
        assert end <= next_start
