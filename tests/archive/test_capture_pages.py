"""A captured article's page, its capture seen safely (sanitised, sandboxed), the API fields."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from archive.models import Article
from tests.captures import Warc, seed_page

pytestmark = pytest.mark.django_db


def _edited(parsed):
    parsed.paragraphs[0] = parsed.paragraphs[0].replace(
        "chủ động nắm tình hình", "nắm chắc tình hình"
    )


@pytest.fixture
def captured(tmp_path):
    """Seed 002 captured in March, then in April with one phrase changed."""
    url, html = seed_page("002")
    _url, changed = seed_page("002", edit=_edited)
    for name, page, when in (
        ("march", html, "2024-03-05T02:00:00Z"),
        ("april", changed, "2024-04-10T08:30:00Z"),
    ):
        warc = Warc()
        warc.response(url, page.encode(), date=when)
        call_command(
            "import_articles",
            str(warc.save(tmp_path / f"{name}.warc")),
            workers=1,
            no_progress=True,
            verbosity=0,
        )
    return Article.objects.get()


def test_article_page_shows_url_canonical_url_capture_time_and_links_the_original(captured, client):
    html = client.get(captured.get_absolute_url()).content.decode()
    url = seed_page("002")[0]
    assert f'<a class="external" href="{url}" rel="noopener noreferrer nofollow">' in html
    assert "10/04/2024 08:30 UTC" in html
    assert "WARC-Date" in html
    assert "03/10/2018" in html  # the publication date beside it
    assert html.count("Xem trang đã lưu") == 2  # both captures


def test_article_page_shows_both_versions_and_what_changed(captured, client):
    html = client.get(captured.get_absolute_url()).content.decode()
    assert "Từ bản lưu 05/03/2024 02:00 UTC đến bản lưu 10/04/2024 08:30 UTC" in html
    assert "<del>chủ động</del>" in html
    assert "<span>nắm</span> <ins>chắc</ins>" in html
    assert (
        "<span>… chỉ thị, nghị quyết của Ðảng; Ban Thường vụ Tỉnh ủy đã</span>" in html
    )  # the unchanged words around, cut


def test_the_rendering_runs_no_script_loads_nothing_and_is_framed_only_here(captured, client):
    capture = captured.captures.last()
    response = client.get(reverse("archive:capture_rendering", args=[captured.pk, capture.pk]))
    assert response["Content-Security-Policy"] == (
        "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src 'none'"
    )
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    html = response.content.decode()
    for tag in ("<script", "<img", "<iframe", "<form", "<textarea", "<link", "<meta property"):
        assert tag not in html
    assert not re.search(r"\b(?:src|href|action)=", html)
    assert "Xây dựng Ðảng là nhiệm vụ then chốt" in html  # the text is there
    assert "nắm chắc tình hình" in html


def test_the_capture_page_frames_the_rendering_in_a_sandbox(captured, client):
    capture = captured.captures.first()
    html = client.get(reverse("archive:capture", args=[captured.pk, capture.pk])).content.decode()
    rendering = reverse("archive:capture_rendering", args=[captured.pk, capture.pk])
    assert f'sandbox="" referrerpolicy="no-referrer" src="{rendering}"' in html
    assert "05/03/2024 02:00:00 UTC (WARC-Date)" in html
    # the text read from this capture, the March version's
    assert "chủ động nắm tình hình" in html and "nắm chắc tình hình" not in html


def test_the_capture_as_text_is_the_markup_as_captured(captured, client):
    capture = captured.captures.first()
    response = client.get(reverse("archive:capture_source", args=[captured.pk, capture.pk]))
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content == seed_page("002")[1].encode()


def test_a_capture_of_another_article_is_404(captured, client):
    capture = captured.captures.first()
    assert client.get(f"/articles/{captured.pk + 1}/captures/{capture.pk}/").status_code == 404


def test_api_article_adds_the_capture_fields(captured, client):
    data = client.get(f"/api/articles/{captured.pk}").json()
    assert data["original_url"] == seed_page("002")[0]
    assert data["canonical_url"] == seed_page("002")[0]
    assert data["captured_at"] == "2024-04-10T08:30:00Z"
    assert data["captured_at_kind"] == "warc"
    assert data["host"] == "baodienbienphu.com.vn"
    assert [(c["captured_at"], c["current"]) for c in data["captures"]] == [
        ("2024-03-05T02:00:00Z", False),
        ("2024-04-10T08:30:00Z", True),
    ]
    assert data["captures"][0]["source_url"].endswith("/source/")
    assert data["title"] == "Xây dựng Đảng là nhiệm vụ then chốt"  # the fields before stay


def test_api_article_from_text_has_null_capture_fields(seed_paths, client):
    call_command("import_articles", str(seed_paths[2]), workers=1, no_progress=True, verbosity=0)
    data = client.get(f"/api/articles/{Article.objects.get().pk}").json()
    assert data["original_url"] is None and data["captured_at"] is None
    assert data["captures"] == []


def test_sanitising_leaves_nothing_that_runs_or_fetches():
    from archive.views.captures import sanitised

    hostile = (
        '<html><head><base href="http://tracker.example/"><meta http-equiv="refresh" '
        'content="0;url=http://tracker.example/">'
        '<link rel="stylesheet" href="http://tracker.example/a.css">'
        "<style>body{background:url(http://tracker.example/s.png)}</style></head><body>"
        '<p onclick="alert(1)" style="background:url(http://tracker.example/p.png)">Tin chính</p>'
        '<img src="http://tracker.example/i.png" onerror="alert(1)">'
        '<a href="javascript:alert(1)">liên kết</a>'
        '<iframe srcdoc="<script>alert(1)</script>"></iframe>'
        '<svg><image href="http://tracker.example/v.svg"/></svg>'
        '<object data="http://tracker.example/o">'
        '</object><noscript><img src="http://tracker.example/n.png"></noscript>'
        '<form action="http://tracker.example/f"><input name="q"><button>Gửi</button></form>'
        '<video poster="http://tracker.example/v.jpg"></video><script>alert(1)</script></body></html>'
    )
    clean = sanitised(hostile)
    assert "<p>Tin chính</p>" in clean
    assert "<a>liên kết</a>" in clean
    for left in ("tracker.example", "alert", "javascript", "onerror", "onclick", "style", "Gửi"):
        assert left not in clean, left
