"""import_articles on saved HTML pages and WARC files: what is kept, duplicates, versions,
damaged archives."""

import zlib
from datetime import UTC, date, datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from archive.ingest.parse import parse
from archive.models import Article, Capture, PersonMention
from tests.captures import Warc, save_page, seed_page, warc_date
from tests.conftest import seed_text

pytestmark = pytest.mark.django_db

EXPECTED = {
    "002": (
        "Xây dựng Đảng là nhiệm vụ then chốt",
        date(2018, 10, 3),
        "Báo Điện Biên Phủ",
        ["Minh Thùy"],
        [
            "Cán bộ, đảng viên thuộc Ðảng bộ Công an tỉnh học tập Nghị quyết Trung ương 4 "
            "(khóa XII) của Ðảng."
        ],
    ),
    "001": (
        "Cả nước có 5.248.607 đảng viên",
        date(2022, 1, 13),
        "Báo Bạc Liêu",  # no og:site_name: the host's outlet
        ["N.Q"],
        ["Hội nghị tại điểm cầu Bạc Liêu."],
    ),
    "003": (
        "Hội nghị giao ban công tác xây dựng Đảng 9 tỉnh miền Trung – Tây Nguyên",
        date(2022, 6, 29),  # 2022-06-28T20:15Z is the 29th in Vietnam
        "Phapluatmoitruong.vn",
        ["Thiên Bút"],
        ["Toàn cảnh Hội nghị."],
    ),
}
# What the layouts put around the article: none of it is article text.
FURNITURE = [
    "Trang chủ",
    "Quảng cáo",
    "Khuyến mãi",
    "Tin khác",
    "Đảng bộ huyện Mường Chà",
    "Giá cà phê",
    "Viết bình luận",
    "Gửi bình luận",
    "Ý kiến",
    "Tin liên quan",
    "Bạc Liêu kết nạp hơn 1.500",
    "Đọc nhiều",
    "Cánh đồng điện gió",
    "Từ khóa",
    "Bài viết liên quan",
    "Kon Tum",
    "Giấy phép",
    "Lượt xem",
    "In bài viết",
    "HOẠT ĐỘNG LÃNH ĐẠO",
]


def _import(*paths, **options):
    call_command("import_articles", *map(str, paths), workers=1, no_progress=True, **options)


def _seed_warc(path, *, cut=0):
    """Three seed pages, a request, a redirect, a PDF, a 404 and a repeated payload."""
    warc = Warc(gzip=path.name.endswith(".gz"))
    url_002, html_002 = seed_page("002")
    warc.request(url_002, date="2024-03-05T02:00:00Z")
    warc.response(url_002, html_002.encode(), date="2024-03-05T02:00:01Z")
    warc.redirect("http://baobaclieu.vn/x", "https://baobaclieu.vn/x", date="2024-03-05T02:00:02Z")
    warc.response(
        "https://baodienbienphu.com.vn/tai-lieu.pdf",
        b"%PDF-1.4 ...",
        date="2024-03-05T02:00:03Z",
        content_type="application/pdf",
    )
    warc.response(
        "https://baobaclieu.vn/khong-co",
        b"<html>404</html>",
        date="2024-03-05T02:00:04Z",
        status="404 Not Found",
    )
    for prefix, second in (("001", "05"), ("003", "06")):
        url, html = seed_page(prefix)
        warc.response(url, html.encode(), date=f"2024-03-05T02:00:{second}Z")
    # The same page again under another address (a crawler's duplicate).
    warc.response(url_002 + "?from=home", html_002.encode(), date="2024-03-05T02:00:07Z")
    return warc, warc.save(path, cut=cut)


def test_saved_pages_give_exact_headline_date_outlet_authors_captions_text(tmp_path, capsys):
    for prefix in EXPECTED:
        save_page(tmp_path, prefix)
    _import(tmp_path)
    assert "Imported 3, unchanged 0, failed 0." in capsys.readouterr().out
    for prefix, (title, published, source, authors, captions) in EXPECTED.items():
        article = Article.objects.get(title=title)
        seed = parse(seed_text(prefix))
        assert article.published == published, prefix
        assert article.source.name == source, prefix
        assert article.authors == authors, prefix
        assert article.captions == captions, prefix
        assert article.lead == seed.lead, prefix
        assert article.paragraphs == seed.paragraphs, prefix
        for text in FURNITURE:
            assert text not in article.full_text, (prefix, text)
        assert article.captured_at_kind == "file"
        assert len(article.segmented.split("\n")) == len(article.document_parts())


def test_a_saved_page_keeps_its_urls_host_and_file_time(tmp_path):
    mtime = datetime(2023, 2, 1, 9, 30, tzinfo=UTC)
    save_page(tmp_path, "001", mtime=mtime)
    _import(tmp_path / "001.html")
    article = Article.objects.get()
    # og:url with its tracking parameter dropped
    assert article.canonical_url == (
        "https://baobaclieu.vn/chinh-tri/ca-nuoc-co-5248607-dang-vien-78112.html"
    )
    assert article.original_url == ""  # a bare file does not say where it came from
    assert article.host == "baobaclieu.vn"
    assert article.captured_at == mtime
    assert article.captured_at_kind == "file"
    capture = article.captures.get()
    assert capture.markup == (tmp_path / "001.html").read_bytes()
    assert len(capture.html) < len(capture.markup)  # kept compressed
    assert capture.payload_digest.startswith("sha1:")


def test_a_browser_saved_page_names_its_original_url(tmp_path):
    path = save_page(tmp_path, "002", name="saved.htm")
    url = "https://baodienbienphu.com.vn/tin-tuc/chinh-tri/163412"
    path.write_text(f"<!-- saved from url=(0055){url} -->\n" + path.read_text())
    _import(path)
    assert Article.objects.get().original_url == url


def test_a_warc_imports_its_html_responses_and_counts_what_it_skips(tmp_path, capsys):
    _warc, path = _seed_warc(tmp_path / "crawl.warc.gz")
    _import(path)
    out = capsys.readouterr().out
    assert (
        f"{path}: 3 HTML responses (3 imported); skipped 1 redirect, 1 not HTML, "
        "1 other status, 1 duplicate payload."
    ) in out
    assert "Imported 3, unchanged 0, failed 0." in out
    article = Article.objects.get(title=EXPECTED["002"][0])
    assert article.original_url == seed_page("002")[0]
    assert article.captured_at == warc_date("2024-03-05T02:00:01")
    assert article.captured_at_kind == "warc"
    assert article.host == "baodienbienphu.com.vn"
    assert article.source_path == str(path)
    assert article.captures.get().record_offset > 0
    assert Article.objects.filter(source__name="Báo Bạc Liêu").count() == 1
    assert not Article.objects.filter(paragraphs__icontains="PDF").exists()


def test_a_warc_imported_again_stores_nothing_new(tmp_path, capsys):
    _warc, path = _seed_warc(tmp_path / "crawl.warc")
    _import(path)
    capsys.readouterr()
    _import(path)
    out = capsys.readouterr().out
    assert f"{path}: 0 HTML responses; skipped 1 redirect, 1 not HTML, 1 other status, " in out
    assert "4 duplicate payloads." in out
    assert Article.objects.count() == 3 and Capture.objects.count() == 3


def test_the_same_text_in_another_page_is_stored_once(tmp_path, capsys):
    """A syndicated copy: other chrome, other URL, the same article text."""
    save_page(tmp_path, "002")
    _url, html = seed_page("002")
    other = html.replace("baodienbienphu.com.vn", "mirror.example.vn").replace(
        "Giá cà phê", "Giá lúa"
    )
    (tmp_path / "copy.html").write_text(other)
    _import(tmp_path)
    assert "Imported 1, unchanged 1, failed 0." in capsys.readouterr().out
    assert Capture.objects.count() == 1


def _edited(parsed):
    parsed.paragraphs[0] = parsed.paragraphs[0].replace(
        "chủ động nắm tình hình", "nắm chắc tình hình"
    )
    parsed.paragraphs.append("Đến nay, 100% tổ chức cơ sở đảng đã hoàn thành kiểm điểm.")


def test_a_later_capture_with_changed_text_is_a_new_version(tmp_path, capsys):
    first, second = Warc(), Warc()
    url, html = seed_page("002")
    first.response(url, html.encode(), date="2024-03-05T02:00:00Z")
    _url, changed = seed_page("002", edit=_edited)
    second.response(url, changed.encode(), date="2024-04-10T08:30:00Z")
    _import(first.save(tmp_path / "march.warc.gz"))
    _import(second.save(tmp_path / "april.warc.gz"))
    out = capsys.readouterr().out
    assert "Imported 0, unchanged 0, failed 0, new versions 1." in out
    article = Article.objects.get()
    assert article.captured_at == warc_date("2024-04-10T08:30:00")
    assert "nắm chắc tình hình" in article.paragraphs[0]
    assert article.paragraphs[-1].startswith("Đến nay, 100% tổ chức")
    times = [c.captured_at for c in article.captures.all()]
    assert times == [warc_date("2024-03-05T02:00:00"), warc_date("2024-04-10T08:30:00")]


def test_an_older_capture_imported_later_stays_an_earlier_version(tmp_path):
    url, html = seed_page("002")
    _url, changed = seed_page("002", edit=_edited)
    april, march = Warc(), Warc()
    april.response(url, changed.encode(), date="2024-04-10T08:30:00Z")
    march.response(url, html.encode(), date="2024-03-05T02:00:00Z")
    _import(april.save(tmp_path / "april.warc"))
    _import(march.save(tmp_path / "march.warc"))
    article = Article.objects.get()
    assert "nắm chắc tình hình" in article.paragraphs[0]  # still the newest text
    assert article.captures.count() == 2


def test_a_warc_cut_short_imports_the_records_before_and_fails_naming_the_offset(tmp_path, capsys):
    warc, path = _seed_warc(tmp_path / "cut.warc.gz", cut=200)  # into the last gzip member
    with pytest.raises(CommandError) as raised:
        _import(path)
    assert raised.value.returncode == 1
    captured = capsys.readouterr()
    last = warc.offsets[-1]
    assert f"{path}: damaged at byte {last}: the record is cut short" in captured.err
    assert f"{path}: 3 HTML responses (3 imported)" in captured.out
    assert Article.objects.count() == 3
    assert all(c.record_offset < last for c in Capture.objects.all())


def test_garbage_inside_a_warc_stops_it_there(tmp_path, capsys):
    warc, _path = _seed_warc(tmp_path / "whole.warc.gz")
    data = warc.bytes()
    damaged_at = warc.offsets[5]  # the response of seed 001
    path = tmp_path / "garbage.warc.gz"
    path.write_bytes(data[:damaged_at] + b"\x00garbage, not a record\r\n\r\n" + data[damaged_at:])
    with pytest.raises(CommandError):
        _import(path)
    err = capsys.readouterr().err
    assert f"{path}: damaged at byte {damaged_at}: not a valid WARC record" in err
    assert list(Article.objects.values_list("title", flat=True)) == [EXPECTED["002"][0]]


def test_a_record_whose_bytes_fail_its_digest_is_damage(tmp_path, capsys):
    warc = Warc(gzip=False)
    url, html = seed_page("002")
    warc.response(url, html.encode(), date="2024-03-05T02:00:00Z")
    data = warc.bytes().replace("then chốt".encode(), b"then chot" + b"\x00\x00", 1)
    path = tmp_path / "flipped.warc"
    path.write_bytes(data)
    with pytest.raises(CommandError):
        _import(path)
    assert f"{path}: damaged at byte 0: " in capsys.readouterr().err
    assert not Article.objects.exists()


def test_a_page_with_no_text_fails_by_name_and_the_rest_import(tmp_path, capsys):
    save_page(tmp_path, "002")
    (tmp_path / "empty.html").write_text("<html><body><nav>Trang chủ</nav></body></html>")
    with pytest.raises(CommandError):
        _import(tmp_path)
    captured = capsys.readouterr()
    assert f"{tmp_path / 'empty.html'}: no article text in the page" in captured.err
    assert "Imported 1, unchanged 0, failed 1." in captured.out


def test_update_reparses_a_captured_article_from_its_html(tmp_path, capsys):
    save_page(tmp_path, "002")
    _import(tmp_path)
    article = Article.objects.get()
    Article.objects.filter(pk=article.pk).update(title="hỏng", authors=[])
    _import(update=True)
    article.refresh_from_db()
    assert article.title == EXPECTED["002"][0]
    assert article.authors == ["Minh Thùy"]


def test_the_byline_of_a_page_is_no_person_mention(tmp_path):
    save_page(tmp_path, "003")
    _import(tmp_path)
    names = set(PersonMention.objects.values_list("person__name", flat=True))
    assert "Trương Thị Mai" in names
    assert "Thiên Bút" not in names


def test_capture_bytes_round_trip(tmp_path):
    path = save_page(tmp_path, "003")
    _import(path)
    assert zlib.decompress(bytes(Capture.objects.get().html)) == path.read_bytes()


def test_a_page_of_an_article_imported_from_text_adds_its_capture_to_it(seed_paths, tmp_path):
    _import(seed_paths[2])  # 002 as text copied from the page
    save_page(tmp_path, "002")
    _import(tmp_path)
    article = Article.objects.get()
    assert article.source_path == str(seed_paths[2])
    assert article.host == "baodienbienphu.com.vn"
    assert article.captures.count() == 1


def test_extract_json_of_a_saved_page_adds_its_capture_keys(tmp_path, capsys):
    import json

    path = save_page(tmp_path, "001", mtime=datetime(2023, 2, 1, 9, 30, tzinfo=UTC))
    call_command("extract", str(path), json=True)
    data = json.loads(capsys.readouterr().out)
    assert data["title"] == EXPECTED["001"][0] and data["authors"] == ["N.Q"]
    assert data["canonical_url"].endswith("/ca-nuoc-co-5248607-dang-vien-78112.html")
    assert data["captured_at"] == "2023-02-01T09:30:00+00:00"
    assert data["captured_at_kind"] == "file" and data["host"] == "baobaclieu.vn"
    assert not Article.objects.exists()


def test_extract_refuses_a_warc_saying_what_to_do(tmp_path):
    _warc, path = _seed_warc(tmp_path / "crawl.warc.gz")
    with pytest.raises(CommandError, match="holds many pages; import it with import_articles"):
        call_command("extract", str(path), json=True)


def test_a_gzip_encoded_chunked_response_is_read_as_the_page(tmp_path):
    import gzip

    url, html = seed_page("003")
    body = gzip.compress(html.encode())
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
    warc = Warc()
    warc.response(
        url,
        chunked,
        date="2024-03-05T02:00:00Z",
        headers=[("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")],
    )
    _import(warc.save(tmp_path / "encoded.warc.gz"))
    article = Article.objects.get()
    assert article.title == EXPECTED["003"][0]
    assert article.captures.get().markup == html.encode()  # kept decoded, as the page read


def test_an_uncompressed_warc_cut_short_fails_at_the_record_cut(tmp_path, capsys):
    warc, path = _seed_warc(tmp_path / "cut.warc", cut=500)
    with pytest.raises(CommandError):
        _import(path)
    err = capsys.readouterr().err
    assert f"{path}: damaged at byte {warc.offsets[-1]}: the record is cut short" in err
    assert Article.objects.count() == 3


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", "an empty file"), (b"<html>not a WARC</html>\r\n\r\n", "not a valid WARC record")],
)
def test_a_file_that_is_no_warc_is_named_with_the_reason(tmp_path, capsys, data, reason):
    path = tmp_path / "bad.warc"
    path.write_bytes(data)
    with pytest.raises(CommandError):
        _import(path)
    assert f"{path}: damaged at byte 0: {reason}" in capsys.readouterr().err


def test_the_text_of_a_page_captured_before_is_the_same_article(seed_paths, tmp_path, capsys):
    save_page(tmp_path, "002")
    _import(tmp_path)
    _import(seed_paths[2])
    assert "Imported 0, unchanged 1, failed 0." in capsys.readouterr().out
    assert Article.objects.get().captured_at_kind == "file"


def test_a_resource_record_of_a_page_is_imported_like_a_response(tmp_path, capsys):
    url, html = seed_page("001")
    warc = Warc()
    warc.resource(url, html.encode(), date="2024-03-05T02:00:00Z")
    warc.resource(url + ".css", b"body{}", date="2024-03-05T02:00:01Z", content_type="text/css")
    _import(warc.save(tmp_path / "wget.warc.gz"))
    assert "1 HTML response (1 imported); skipped 1 not HTML." in capsys.readouterr().out
    assert Article.objects.get().title == EXPECTED["001"][0]


SECTION_PAGE = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>Xây dựng Đảng - Báo Điện Biên Phủ</title><meta property="og:type" content="website">
</head><body><h1>Xây dựng Đảng</h1><ul>
<li><a href="/a1">Đảng bộ huyện Mường Chà tổng kết công tác xây dựng Đảng năm 2018</a>
<p>Đảng bộ huyện Mường Chà vừa tổ chức hội nghị tổng kết công tác xây dựng Đảng năm 2018,
triển khai nhiệm vụ năm 2019 với sự tham dự của lãnh đạo Tỉnh ủy và các ban đảng.</p></li>
<li><a href="/a2">Xây dựng Đảng là nhiệm vụ then chốt</a>
<p>Xây dựng Đảng là nhiệm vụ then chốt, là mục tiêu, động lực phát triển kinh tế - xã hội
của tỉnh trong giai đoạn mới, theo tinh thần nghị quyết đại hội đảng bộ tỉnh.</p></li>
</ul></body></html>"""


def test_a_crawl_s_section_and_home_pages_are_counted_not_imported(tmp_path, capsys):
    warc, _path = _seed_warc(tmp_path / "whole.warc.gz")
    warc.response(
        "https://baodienbienphu.com.vn/xay-dung-dang",
        SECTION_PAGE.encode(),
        date="2024-03-05T02:00:08Z",
    )
    warc.response(
        "https://baodienbienphu.com.vn/",
        b"<html><body><ul><li><a href='/a'>Tin moi</a></li></ul><p>Trang chu</p></body></html>",
        date="2024-03-05T02:00:09Z",
    )
    path = warc.save(tmp_path / "crawl.warc.gz")
    _import(path, verbosity=2)
    out = capsys.readouterr().out
    assert f"{path}: 5 HTML responses (3 imported, 2 not article pages); skipped" in out, out
    assert "Imported 3, unchanged 0, failed 0, not articles 2." in out
    assert "skipped, not an article page (no paragraph of running text)" in out
    assert "(record at byte" in out and "skipped, not an article page (og:type website)" in out
    assert Article.objects.count() == 3
