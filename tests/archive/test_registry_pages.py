"""Directive pages with their registry and chain, co-mention networks on entity pages, their
GraphML and CSV downloads, and the directive API's new fields: the seeds imported for real."""

import csv
import io
from datetime import date
from xml.etree import ElementTree as ET

import pytest
from django.core.management import call_command

from archive.exports import GRAPHML_NS
from archive.models import (
    Article,
    Directive,
    Organization,
    Person,
    PersonMention,
    Province,
)

pytestmark = pytest.mark.django_db
G = f"{{{GRAPHML_NS}}}"


@pytest.fixture
def seeds(seed_paths):
    call_command("import_articles", *map(str, seed_paths), workers=1, no_progress=True)


def _plan():
    """Kế hoạch 03-KH/TW of seed 004 (seed 000 cites one no date tells apart: another)."""
    return Directive.objects.get(key="03-KH/TW", scope="khóa XIII")


def _page(client, url, **query):
    response = client.get(url, query)
    assert response.status_code == 200, url
    return response.content.decode()


def test_directive_page_shows_the_chain_down_with_its_sentence_and_graph(client, seeds):
    kl21 = Directive.objects.get(key="21-KL/TW")
    html = _page(client, kl21.get_absolute_url())
    # the list: who carries it out, in which words, in which article
    assert "Kế hoạch 03-KH/TW" in html and "thực hiện" in html
    assert "ngày 01/12/2021 của Bộ Chính trị thực hiện Kết luận số 21-KL/TW" in html
    article = Article.objects.get(source_path__contains="004_")
    assert article.get_absolute_url() in html
    # the graph: an SVG with its title and description, the plan a link below
    assert '<svg class="graph-svg"' in html and '<title id="chain-title">' in html
    assert '<desc id="chain-desc">' in html
    plan = _plan()
    assert f'<a href="{plan.get_absolute_url()}"><rect class="doc"' in html
    # what the articles tell of it
    assert "Kết luận 21" in html  # its short name, seed 001
    assert "về đẩy mạnh xây dựng, chỉnh đốn Đảng và hệ thống chính trị" in html


def test_the_plan_page_shows_the_chain_up(client, seeds):
    html = _page(client, _plan().get_absolute_url())
    up = html[html.index('id="up-h"') : html.index('id="down-h"')]
    assert "Kết luận 21-KL/TW" in up and "thực hiện" in up
    assert "Các bài chưa nói đến văn bản nào như vậy." in html[html.index('id="down-h"') :]


def test_a_summary_of_three_resolutions(client, seeds):
    html = _page(client, Directive.objects.get(key="74-KL/TW").get_absolute_url())
    for key in ("18-NQ/TW", "19-NQ/TW", "39-NQ/TW"):
        assert f"Nghị quyết {key}" in html
    assert "tổng kết, sơ kết việc thực hiện" in html


def test_what_no_article_tells_is_shown_as_unknown(client, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text(
        "Kiện toàn Ban Chỉ đạo\n"
        "UBND tỉnh Quảng Ngãi vừa ban hành Quyết định số 15/QĐ-UBND ngày 31/02/2021 về kiện "
        "toàn Ban Chỉ đạo.\n"
        "Ban Chỉ đạo có 12 thành viên.\n",
        encoding="utf-8",
    )
    call_command("import_articles", str(bad), workers=1, no_progress=True)
    directive = Directive.objects.get(key="15/QĐ-UBND")
    assert directive.issued is None
    html = _page(client, directive.get_absolute_url())
    issued = html[html.index("Ngày ban hành") :]
    assert 'class="unknown">chưa rõ' in issued[:300] and "31/02/2021" in issued[:600]
    signer = html[html.index("Người ký") :]
    assert 'class="unknown">chưa rõ' in signer[:200]


def test_network_on_a_person_page_with_its_table_and_a_date_range(client, seeds):
    mai = Person.objects.get(name="Trương Thị Mai")
    html = _page(client, mai.get_absolute_url())
    section = html[html.index('id="network"') :]
    assert '<svg class="graph-svg"' in section and '<title id="network-title">' in section
    table = section[section.index('class="network-table"') :]
    assert "Ban Tổ chức Trung ương" in table
    html = _page(client, mai.get_absolute_url(), **{"from": "2022-01-01", "to": "2022-12-31"})
    section = html[html.index('id="network"') :]
    assert "Ban Tổ chức Trung ương" in section[section.index('class="network-table"') :]
    # both her articles are of 2022: a range before that has nobody with her
    html = _page(client, mai.get_absolute_url(), **{"from": "2020-01-01", "to": "2021-12-31"})
    section = html[html.index('id="network"') :]
    assert "Không có mục nào được nhắc cùng trong khoảng thời gian này." in section
    assert "network.graphml?from=2020-01-01&amp;to=2021-12-31" in section


def test_the_page_network_reuses_the_pages_own_counts_and_draws_the_same(seeds):
    """The lists beside the network count the same co-mentions: the network takes them
    rather than counting them again, and is the network it would have counted."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from archive.kinds import BY_NAME
    from archive.network import co_mentions, together

    for entity in (Person.objects.get(name="Trương Thị Mai"), Province.objects.first()):
        known = {name: together(entity, BY_NAME[name], limit=10) for name in BY_NAME}
        with CaptureQueriesContext(connection) as counted:
            fresh = co_mentions(entity)
        with CaptureQueriesContext(connection) as reused:
            again = co_mentions(entity, known=known)
        assert [(n.ident, n.articles) for n in again.nodes] == [
            (n.ident, n.articles) for n in fresh.nodes
        ]
        assert again.edges == fresh.edges and len(again.nodes) > 1
        joins = [q for q in counted.captured_queries if "COUNT(*) AS n" in q["sql"]]
        assert len(joins) == 4 and not [
            q for q in reused.captured_queries if "COUNT(*) AS n" in q["sql"]
        ]
    ranged = co_mentions(entity, start=date(2030, 1, 1), known=known)  # a range: counted anew
    assert ranged.neighbours == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"from": "2022-13-01"}, "Không đọc được ngày “2022-13-01” (tham số from)"),
        ({"to": "hôm qua"}, "Không đọc được ngày “hôm qua” (tham số to)"),
        ({"from": "2022-06-01", "to": "2022-01-01"}, "Ngày bắt đầu 2022-06-01 ở sau ngày kết thúc"),
    ],
)
def test_a_bad_date_is_a_plain_message_never_an_error_page(client, seeds, query, message):
    org = Organization.objects.get(name="Ban Tổ chức Trung ương")
    html = _page(client, org.get_absolute_url(), **query)
    assert message in html
    response = client.get(org.get_absolute_url() + "network.csv", query)
    assert response.status_code == 400 and message in response.content.decode()


def test_graphml_download_is_valid_graphml_with_names_kinds_and_weights(client, seeds):
    mai = Person.objects.get(name="Trương Thị Mai")
    response = client.get(mai.get_absolute_url() + "network.graphml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/graphml+xml"
    assert 'filename="truong-thi-mai-network.graphml"' in response["Content-Disposition"]
    root = ET.fromstring(response.content)
    assert root.tag == f"{G}graphml"
    keys = {k.get("id"): (k.get("for"), k.get("attr.type")) for k in root.iter(f"{G}key")}
    assert keys == {
        "label": ("node", "string"),
        "kind": ("node", "string"),
        "url": ("node", "string"),
        "articles": ("node", "int"),
        "weight": ("edge", "double"),
    }
    (graph,) = root.iter(f"{G}graph")
    nodes = {
        n.get("id"): {d.get("key"): d.text for d in n.iter(f"{G}data")}
        for n in graph.iter(f"{G}node")
    }
    assert nodes["person:truong-thi-mai"]["label"] == "Trương Thị Mai"
    assert nodes["person:truong-thi-mai"]["url"] == "http://testserver/people/truong-thi-mai/"
    kinds = {n["kind"] for n in nodes.values()}
    assert {"person", "organization"} <= kinds
    edges = list(graph.iter(f"{G}edge"))
    assert edges and all(e.get("source") in nodes and e.get("target") in nodes for e in edges)
    assert all(float(e.find(f"{G}data").text) >= 1 for e in edges)


def test_csv_edges_for_gephi_with_a_bom_and_no_formulas(client, seeds):
    article = Article.objects.get(source_path__contains="001_")
    trap = Person.objects.create(name='=HYPERLINK("http://x")', slug="trap")
    PersonMention.objects.create(article=article, person=trap, spans=[[0, 1]])
    province = Province.objects.get(name="Bạc Liêu")
    response = client.get(province.get_absolute_url() + "network.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Source", "Target", "Type", "Weight"]
    assert ["province:bac-lieu", "person:trap"] in [r[:2] for r in rows]
    trapped = next(r for r in rows if r[1] == "person:trap")
    assert trapped[5] == '\'=HYPERLINK("http://x")'
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row)


def test_directive_api_gains_the_registry(client, seeds):
    kl21 = Directive.objects.get(key="21-KL/TW")
    data = client.get(f"/api/directives/{kl21.slug}").json()
    # what was there stays
    assert {"slug", "key", "scope", "kind", "issuing_body", "issued", "term", "articles"} <= set(
        data
    )
    assert (data["number"], data["issuer"], data["symbol"]) == ("21", "TW", "21 – KL/TW")
    assert {"name": "Kết luận 21", "article_count": 1} in data["short_names"]
    assert {
        "text": "đẩy mạnh xây dựng, chỉnh đốn Đảng và hệ thống chính trị",
        "article_count": 2,
    } in data["subjects"]
    assert data["signers"] == [] and data["issued_unread"] == []
    (relation,) = data["relations"]
    assert relation["kind"] == "implements"
    assert relation["source"]["key"] == "03-KH/TW" and relation["target"]["key"] == "21-KL/TW"
    assert relation["article"]["api_url"].startswith("http://testserver/api/articles/")
    assert "thực hiện Kết luận số 21-KL/TW" in relation["sentence"]


def test_the_chain_down_from_central_to_province_to_district(client, tmp_path):
    province = tmp_path / "tinh.txt"
    province.write_text(
        "Quảng Ngãi triển khai Kết luận 21\n"
        "Ban Thường vụ Tỉnh ủy Quảng Ngãi vừa họp.\n"
        "Thực hiện Kết luận số 21-KL/TW ngày 25/10/2021 của Ban Chấp hành Trung ương Đảng khóa "
        "XIII, Ban Thường vụ Tỉnh ủy Quảng Ngãi đã ban hành Kế hoạch số 23-KH/TU ngày "
        "10/3/2022 về đẩy mạnh xây dựng, chỉnh đốn Đảng.\n",
        encoding="utf-8",
    )
    district = tmp_path / "huyen.txt"
    district.write_text(
        "Tư Nghĩa học tập Kết luận 21\n"
        "Huyện ủy Tư Nghĩa tổ chức hội nghị.\n"
        "Ban Thường vụ Huyện ủy Tư Nghĩa ban hành Kế hoạch số 45-KH/HU ngày 2/4/2022 triển "
        "khai thực hiện Kế hoạch số 23-KH/TU ngày 10/3/2022 của Tỉnh ủy Quảng Ngãi.\n",
        encoding="utf-8",
    )
    call_command("import_articles", str(province), str(district), workers=1, no_progress=True)
    # one provincial plan, cited by both articles
    plan = Directive.objects.get(key="23-KH/TU")
    assert plan.scope == "Tỉnh ủy Quảng Ngãi, 2022"
    html = _page(client, Directive.objects.get(key="21-KL/TW").get_absolute_url())
    down = html[html.index('id="down-h"') :]
    assert down.index("Kế hoạch 23-KH/TU") < down.index("Kế hoạch 45-KH/HU")
    assert 'class="level-2"' in down  # the district's plan, one step further down
    assert "Cấp tỉnh" in down and "Cấp huyện" in down
    graph = html[html.index('<svg class="graph-svg"') : html.index("</svg>")]
    rows = [
        graph.index(label)
        for label in ("Kết luận 21-KL/TW", "Kế hoạch 23-KH/TU", "Kế hoạch 45-KH/HU")
    ]
    assert rows == sorted(rows)  # drawn top to bottom: central, province, district
    for level in ("Trung ương", "Cấp tỉnh", "Cấp huyện"):
        assert f">{level}</text>" in graph
