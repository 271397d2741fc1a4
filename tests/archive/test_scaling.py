"""scale_archive: the seeds copied three times, consistent and found by search."""

import re
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from archive.kinds import KINDS
from archive.models import Article, IndexDebt
from search.services import search_articles

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeds(seed_paths):
    call_command("import_articles", *map(str, seed_paths), workers=1, no_progress=True)
    # PostgreSQL: the import's index rows have deferred foreign-key checks pending in the
    # test's transaction, and a rebuild cannot swap a table with pending checks.
    connection.check_constraints()
    return {a.pk: a for a in Article.objects.all()}


def _links(article):
    return {
        kind.name: sorted(getattr(article, kind.related).values_list(f"{kind.name}_id", flat=True))
        for kind in KINDS
    }


def test_scaling_the_seeds_three_times(seeds, capsys):
    stride = max(seeds)
    mentions = {kind.name: kind.mention.objects.count() for kind in KINDS}
    call_command("scale_archive", factor=3, start="2015-01-01", end="2016-12-31")
    out = capsys.readouterr().out
    assert "5 articles became 15" in out
    assert "Indexed 15 articles" in out

    assert Article.objects.count() == 15
    assert Article.objects.values("content_hash").distinct().count() == 15
    for pk, original in seeds.items():
        for k in (1, 2):
            copy = Article.objects.get(pk=pk + k * stride)
            assert copy.title == original.title
            assert copy.segmented == original.segmented
            assert copy.raw_text == original.raw_text
            assert copy.source_path == f"{original.source_path}#copy{k}"
            assert copy.revision == 1
            assert copy.published is None or date(2015, 1, 1) <= copy.published <= date(
                2016, 12, 31
            )
            assert _links(copy) == _links(original)
    for kind in KINDS:
        assert kind.mention.objects.count() == 3 * mentions[kind.name]
    assert not IndexDebt.objects.exists()

    found = search_articles(query="Xây dựng Đảng là nhiệm vụ then chốt")
    original = next(pk for pk, a in seeds.items() if a.title.startswith("Xây dựng Đảng là"))
    assert {original, original + stride, original + 2 * stride} <= {h.id for h in found.hits}
    # The next article imported takes an id past the copies.
    assert Article.objects.create(raw_text="x", content_hash="x" * 64).pk > 3 * stride


def test_same_seed_same_dates_and_outlets(seeds):
    call_command("scale_archive", factor=2, seed=4, no_index=True)
    first = list(Article.objects.order_by("pk").values_list("published", "source_id"))
    assert IndexDebt.objects.count() == 5  # owed to the index until rebuild_index
    Article.objects.filter(pk__gt=max(seeds)).delete()
    call_command("scale_archive", factor=2, seed=4, no_index=True)
    assert list(Article.objects.order_by("pk").values_list("published", "source_id")) == first


@pytest.mark.parametrize(
    "options, message",
    [
        ({"factor": 1}, "factor must be at least 2"),
        ({"factor": 3, "start": "2020-01-01", "end": "2019-01-01"}, "starts (2020-01-01) after"),
        ({"factor": 3, "start": "2020-13-01"}, "'2020-13-01' is not a date"),
        ({"factor": 3, "batch": 0}, "batch must be at least 1"),
    ],
)
def test_bad_arguments_are_refused(seeds, options, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("scale_archive", **options)
    assert Article.objects.count() == 5


def test_an_empty_archive_is_refused():
    with pytest.raises(CommandError, match="no article to copy"):
        call_command("scale_archive", factor=2)


def test_newest_first_reads_an_index_in_its_order_on_postgresql(seeds):
    """No sort of every article for the newest ten (118 ms at 353,820 on PostgreSQL, whose
    NULLs come first in descending order); on SQLite the index on published serves it."""
    query = str(Article.objects.newest_first().values("id")[:10].query)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            ("EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ") + query
        )
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "Sort" not in plan and "TEMP B-TREE" not in plan, plan
    index = "archive_article_newest_first" if connection.vendor == "postgresql" else "published"
    assert index in plan, plan
