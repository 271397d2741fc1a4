"""Exports: every matching article, streamed, as CSV (BOM, formulas neutralised) and JSON Lines."""

import csv
import io
import itertools
import json
import tracemalloc
from datetime import date
from urllib.parse import unquote

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext

from archive.models import Province
from search import results
from search.export import safe_cell
from search.services import search_articles
from tests.search.conftest import entity, index, make_article


def _body(response):
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content).decode("utf-8")


def _csv(response):
    text = _body(response)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def _jsonl(response):
    header, *rows = [json.loads(line) for line in _body(response).splitlines()]
    return header, rows


def test_filtered_search_exports_exactly_the_articles_the_search_counts(world, client):
    params = {"q": "Đảng", "province": "dong-thap"}
    outcome = search_articles(query="Đảng", filters={"province": [["dong-thap"]]})
    counted = {hit.id for hit in outcome.hits}
    assert outcome.count == len(counted) >= 1

    rows = _csv(client.get("/api/export", {**params, "format": "csv"}))
    assert {int(r["id"]) for r in rows} == counted and len(rows) == outcome.count
    header, lines = _jsonl(client.get("/api/export", {**params, "format": "jsonl"}))
    assert {line["id"] for line in lines} == counted
    assert header["count"] == outcome.count and header["query"] == "Đảng"
    assert header["filters"] == {"province": ["dong-thap"]}
    assert header["index_version"].split("-terms")[0] in ("whoosh", "postgres")
    assert header["exported_at"].endswith("Z")


def test_csv_columns_vietnamese_and_entities(world, client):
    response = client.get("/api/export", {"q": "ngo thanh danh", "format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    disposition = response["Content-Disposition"]
    assert "attachment" in disposition and "luutru-ngo-thanh-danh-" in disposition
    assert unquote(response["X-Archive-Query"]) == "ngo thanh danh"
    assert response["X-Archive-Count"] == "1"
    assert "-terms" in response["X-Archive-Index-Version"]
    (row,) = _csv(response)
    danh = world["articles"]["danh"]
    assert list(row) == [
        "id", "permalink", "title", "published", "source", "authors",
        "persons", "organizations", "directives", "provinces", "snippet", "score",
    ]  # fmt: skip
    assert row["id"] == str(danh.pk)
    assert row["permalink"] == f"http://testserver/articles/{danh.pk}/"
    assert row["title"] == "Bí thư Tỉnh ủy Ngô Thanh Danh làm việc với Ban Tổ chức"
    assert row["published"] == "2023-05-04" and row["source"] == "Báo Hậu Giang"
    assert row["persons"] == "Ngô Thanh Danh" and row["provinces"] == "Đồng Tháp"
    assert set(row["organizations"].split("; ")) == {"Tỉnh ủy Đồng Tháp", "Ban Tổ chức Trung ương"}
    assert "<mark>" not in row["snippet"] and "Ngô Thanh Danh" in row["snippet"]
    assert float(row["score"]) > 0


def test_jsonl_lines_carry_slugs(world, client):
    header, (line,) = _jsonl(client.get("/api/export", {"q": "ngo thanh danh", "format": "jsonl"}))
    assert line["persons"] == ["ngo-thanh-danh"] and line["directives"] == ["21-kl-tw"]
    assert line["published"] == "2023-05-04" and line["authors"] == []
    assert header["search_url"] == "http://testserver/search/?q=ngo+thanh+danh"


def test_formula_injection_is_neutralised(db, client):
    article = make_article(
        '=HYPERLINK("http://evil")', lead="@SUM(1+1) Đảng", published=date(2024, 1, 2)
    )
    index(article)
    (row,) = _csv(client.get("/api/export", {"q": "*", "format": "csv"}))
    assert row["title"] == '\'=HYPERLINK("http://evil")'
    for text in ("=1+2", "+1", "-1", "@A1", "\tx", "\rx"):
        assert safe_cell(text) == "'" + text
    assert safe_cell("Đảng = 1") == "Đảng = 1"


def test_every_page_of_a_long_search_is_exported_in_order(world, client, monkeypatch):
    monkeypatch.setattr(results, "_BATCH", 1)  # three batches of one hit
    newest = search_articles(query="*", sort="newest").hits
    rows = _csv(client.get("/api/export", {"q": "*", "sort": "newest", "format": "csv"}))
    assert [int(r["id"]) for r in rows] == [hit.id for hit in newest] and len(rows) == 3


@pytest.mark.parametrize(
    ("params", "name"),
    [({"format": "xls"}, "format"), ({"year": "20x4"}, "year"), ({"colour": "red"}, "colour"),
     ({"person": "nobody"}, "person")],
)  # fmt: skip
def test_bad_parameters_are_400_naming_them(world, client, params, name):
    response = client.get("/api/export", params)
    assert response.status_code == 400
    assert response.json()["error"] == "bad_parameter" and response.json()["parameter"] == name


def test_entity_page_exports_its_articles(world, client):
    rows = _csv(client.get("/provinces/dong-thap/export", {"format": "csv"}))
    a = world["articles"]
    assert [int(r["id"]) for r in rows] == [a["danh"].pk, a["thuy"].pk]  # newest first
    header, lines = _jsonl(client.get("/people/truong-thi-mai/export", {"format": "jsonl"}))
    assert header["entity"]["name"] == "Trương Thị Mai" and header["count"] == 1
    assert [line["id"] for line in lines] == [a["mai"].pk]
    assert client.get("/people/nobody/export").status_code == 404
    assert client.get("/people/truong-thi-mai/export", {"format": "pdf"}).status_code == 400


def test_a_40000_row_export_streams_in_bounded_memory(db, client):
    province = entity(Province, "Hà Giang", "ha-giang")
    title = "Hội nghị cán bộ chủ chốt tỉnh Hà Giang bàn công tác nhân sự " * 3
    now = "2026-01-01 00:00:00"
    with connection.cursor() as cursor:  # 40,000 rows in a second, not bulk_create's ten
        cursor.executemany(
            "INSERT INTO archive_article (id, title, lead, paragraphs, captions, authors, "
            "published, raw_text, source_path, content_hash, segmented, parser_version, "
            "imported_at, updated_at) VALUES (%s, %s, '', '[]', '[]', '[]', %s, 'x', %s, %s, "
            "'', 1, %s, %s)",
            [
                (n, f"{title}{n}", f"{2020 + n % 5}-{n % 12 + 1:02d}-01", f"bulk/{n}.txt",
                 f"{n:064d}", now, now)
                for n in range(1, 40_001)
            ],
        )  # fmt: skip
        cursor.executemany(
            "INSERT INTO archive_provincemention (article_id, province_id, count, spans, "
            "sentence, method) VALUES (%s, %s, 1, '[]', 'Tỉnh Hà Giang.', 'rule')",
            [(n, province.pk) for n in range(1, 40_001)],
        )
    response = client.get("/provinces/ha-giang/export", {"format": "csv"})
    assert isinstance(response, StreamingHttpResponse)
    chunks = iter(response.streaming_content)
    with CaptureQueriesContext(connection) as queries:
        first = next(chunks) + next(chunks)  # column names, then the first batch of rows
    assert first.decode("utf-8").count("\n") == 501
    assert len(queries) < 20  # one batch read, not 40,000 rows

    # Memory over the next 20,000 rows (tracing all 40,000 takes half a minute): what one
    # batch of 500 holds (about 3 MB, most of it the query's), not what the rows add up to.
    tracemalloc.start()
    size = lines = 0
    for chunk in itertools.islice(chunks, 40):
        size, lines = size + len(chunk), lines + chunk.count(b"\n")
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert lines == 20_000 and size > 6_000_000
    assert peak < size / 2, f"peak {peak:,} B while streaming {size:,} B"
    assert sum(chunk.count(b"\n") for chunk in chunks) == 40_000 - 500 - 20_000
    response.close()


def test_a_search_export_makes_its_rows_as_it_streams(world, client, monkeypatch):
    """One search of the index gives every id; titles and snippets are made a batch at a
    time as the download goes."""
    from search import export

    monkeypatch.setattr(results, "_BATCH", 1)
    monkeypatch.setattr(export, "BATCH", 1)
    calls = []
    real = results.hits_for
    monkeypatch.setattr(results, "hits_for", lambda *a: calls.append(a) or real(*a))
    response = client.get("/api/export", {"q": "*", "format": "jsonl"})
    chunks = iter(response.streaming_content)
    next(chunks), next(chunks)  # the header, the first article
    assert len(calls) == 1  # one batch made so far, of three
    assert len(list(chunks)) == 2 and len(calls) == 3
