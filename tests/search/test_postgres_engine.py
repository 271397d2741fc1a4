"""What only the PostgreSQL engine does: filtered matches ranked one by one in the order RUM's
index would give, and the GIN index that finds matches beside the RUM index that ranks."""

from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection

from archive.models import Article, Person, Source
from search.engine import get_engine
from search.engines.postgres import engine as postgres
from search.engines.postgres import schema
from search.services import build_request

from .conftest import entity, index, make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def rum(search_engine):
    if search_engine != "postgres":
        pytest.skip("the PostgreSQL engine's own")
    if get_engine().method() != schema.RUM:
        pytest.skip("the RUM extension is not installed on this server")


@pytest.fixture
def archive(rum):
    outlet = Source.objects.create(name="Báo Nhân Dân", slug="bao-nhan-dan")
    danh = entity(Person, "Ngô Thanh Danh", "ngo-thanh-danh")
    words = ["Bí thư", "Tỉnh ủy", "cán bộ", "Đồng Tháp", "hội nghị", "bí thư chi bộ"]
    articles = []
    for n in range(40):
        title = " ".join(words[(n + k) % len(words)] for k in range(1 + n % 4))
        articles.append(
            make_article(
                f"{title} {n}",
                paragraphs=[" ".join(words[(n * k) % len(words)] for k in range(2 + n % 5))],
                published=date(2016 + n % 5, 1 + n % 12, 1 + n % 27),
                source=outlet if n % 3 else None,
                persons=[danh] if n % 2 else [],
            )
        )
    index(*articles)


def _answer(request):
    result = get_engine().search(request)
    return result.total, [(h.article_id, h.score) for h in result.hits], result.facets


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(query="bí thư", filters={"source": [["bao-nhan-dan"]]}),
        dict(query="cán bộ Đồng Tháp", filters={"person": [["ngo-thanh-danh"]]}, start=3, stop=9),
        dict(query="tỉnh ủy", date_from=date(2017, 1, 1), date_to=date(2019, 6, 30)),
        dict(query='bí thư -"hội nghị"', filters={"year": [["2018", "2019"]]}),
    ],
)
def test_few_filtered_matches_are_ranked_one_by_one_as_the_index_ranks_them(
    archive, monkeypatch, kwargs
):
    request = build_request(**kwargs)
    apart = _answer(request)
    monkeypatch.setattr(postgres, "RANK_APART", 0)  # every narrowed search by the index
    by_index = _answer(request)
    assert apart[0] > 0 and apart[1] and all(score for _id, score in apart[1])
    assert (apart[0], apart[2]) == (by_index[0], by_index[2])
    assert [score for _id, score in apart[1]] == [score for _id, score in by_index[1]]
    # The same articles in the same order, but for those tied with the last one: which of
    # those the index's ordered scan stops at is its own (the page ranks them by id).
    last = apart[1][-1][1]
    assert [h for h in apart[1] if h[1] != last] == [h for h in by_index[1] if h[1] != last]


def _indexes():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'search_document'"
        )
        return dict(cursor.fetchall())


def test_the_matches_index_stands_beside_rum_after_migrating_and_after_a_rebuild(archive):
    for _when in ("migrated", "rebuilt"):
        found = _indexes()
        assert "USING rum" in found["search_document_terms"]
        assert "USING gin" in found["search_document_matches"]
        assert "fastupdate=off" in found["search_document_matches"]
        with connection.cursor() as cursor:  # the test's own inserts, checked before the swap
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        call_command("rebuild_index", interactive=False, verbosity=0)


@pytest.fixture
def gin_only(archive):
    """The terms index as a server without the rum extension has it: GIN, ranked in SQL."""
    from search.engine import reset_engines

    with connection.cursor() as cursor:  # in the test's transaction: rolled back after
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the rows' own checks, first
        cursor.execute("DROP INDEX search_document_terms")
        cursor.execute("DROP INDEX search_document_matches")
        cursor.execute("CREATE INDEX search_document_terms ON search_document USING gin (terms)")
    reset_engines()
    assert get_engine().method() == schema.GIN
    yield
    reset_engines()


REQUESTS = [
    dict(query="bí thư"),
    dict(query="bi thu", filters={"source": [["bao-nhan-dan"]]}),
    dict(query='"tỉnh ủy" -"hội nghị"', filters={"person": [["ngo-thanh-danh"]]}),
    dict(query="cán bộ", sort="newest", start=2, stop=8),
    dict(query="", filters={"year": [["2018"]]}),
]


def test_without_rum_gin_finds_and_counts_the_same_and_ranks_in_sql(archive, request):
    rum_answers = [_answer(build_request(**kwargs)) for kwargs in REQUESTS]
    request.getfixturevalue("gin_only")
    for kwargs, (total, hits, facets) in zip(REQUESTS, rum_answers, strict=True):
        gin_total, gin_hits, gin_facets = _answer(build_request(**kwargs))
        assert (gin_total, gin_facets) == (total, facets), kwargs
        assert len(gin_hits) == len(hits), kwargs
        if kwargs.get("sort") == "newest" or not kwargs["query"]:
            assert gin_hits == hits, kwargs  # by date either way
        else:  # ts_rank_cd, not RUM's distance: the same articles, best first
            assert all(score for _id, score in gin_hits), kwargs
            assert [s for _i, s in gin_hits] == sorted((s for _i, s in gin_hits), reverse=True)
    headline = Article.objects.order_by("pk")[7]
    top = get_engine().search(build_request(query=headline.title)).hits[0]
    assert top.article_id == headline.pk  # a headline typed whole still comes first


def _settings():
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_seqscan'), current_setting('jit')")
        return cursor.fetchone()


def test_a_search_is_planned_without_sequential_scans_nor_jit_and_leaves_the_settings(archive):
    """Every article (the search page without a query) cannot avoid a scan; with scans
    "off" it was costed past jit_above_cost and compiling it took 415 of its 491 ms."""
    seen, before = [], _settings()

    def spy(execute, sql, params, many, context):
        if sql.startswith("WITH") and not seen:
            seen.append(_settings())
        return execute(sql, params, many, context)

    with connection.execute_wrapper(spy):
        result = get_engine().search(build_request(query="*", sort="newest", stop=1))
    assert result.total == 40
    assert seen == [("off", "off")]
    assert _settings() == before
