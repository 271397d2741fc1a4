"""The cite block of an article page: permalink, plain text, BibTeX, CSL-JSON."""

import json
from datetime import date
from html import unescape

import pytest
from django.utils import timezone

from archive.citation import cite
from archive.models import Source
from tests.search.conftest import make_article


@pytest.fixture
def danh(db):
    return make_article(
        "Bí thư Tỉnh ủy Ngô Thanh Danh làm việc với Ban Tổ chức",
        published=date(2023, 5, 4),
        source=Source.objects.create(name="Báo Hậu Giang", slug="bao-hau-giang"),
    )


def test_citation_formats(danh):
    article = danh
    article.authors = ["Minh Anh", "T_H {Hà}"]
    citation = cite(article, permalink="https://luutru.vn/articles/7/", accessed=date(2026, 12, 1))
    # the archive's own day (Asia/Ho_Chi_Minh): from 17:00 UTC it is already tomorrow there
    imported = timezone.localdate(article.imported_at).strftime("%d/%m/%Y")
    assert citation.text == (
        "Minh Anh; T_H {Hà}. “Bí thư Tỉnh ủy Ngô Thanh Danh làm việc với Ban Tổ chức”. "
        f"Báo Hậu Giang, 04/05/2023. Lưu trữ công tác tổ chức xây dựng Đảng, nhập ngày {imported}. "
        "https://luutru.vn/articles/7/ (truy cập 01/12/2026)."
    )
    assert citation.bibtex.startswith(f"@article{{luutru-{article.pk},\n")
    assert "  author = {Minh Anh and T\\_H \\{Hà\\}}," in citation.bibtex
    assert "  journaltitle = {Báo Hậu Giang}," in citation.bibtex
    assert "  date = {2023-05-04}," in citation.bibtex
    assert "  url = {https://luutru.vn/articles/7/}," in citation.bibtex
    (csl,) = json.loads(citation.csl_json)
    assert csl["type"] == "article-newspaper" and csl["container-title"] == "Báo Hậu Giang"
    assert csl["issued"] == {"date-parts": [[2023, 5, 4]]}
    assert csl["accessed"] == {"date-parts": [[2026, 12, 1]]}
    assert csl["author"] == [{"literal": "Minh Anh"}, {"literal": "T_H {Hà}"}]


def test_undated_article_without_source(db):
    article = make_article("Tin ngắn")
    citation = cite(article, permalink="http://x/articles/1/", accessed=date(2026, 1, 2))
    assert citation.text.startswith("“Tin ngắn”. Lưu trữ")
    assert "  date =" not in citation.bibtex
    assert "issued" not in json.loads(citation.csl_json)[0]


def test_article_page_has_the_cite_block_and_no_inline_script(danh, client):
    article = danh
    page = client.get(f"/articles/{article.pk}/").content.decode()
    permalink = f"http://testserver/articles/{article.pk}/"
    assert f'<link rel="canonical" href="{permalink}">' in page
    assert f'value="{permalink}"' in page
    assert 'id="cite-bibtex"' in page and 'id="cite-csl"' in page
    assert "Ban Tổ chức”. Báo Hậu Giang, 04/05/2023. Lưu trữ" in unescape(page)
    assert '<script src="/static/js/copy.js" defer></script>' in page
    assert "<script>" not in page  # no inline script: the CSP has no 'unsafe-inline'
