"""Reading one captured page without Django: headline, date, authors, outlet, encodings."""

from datetime import date

import pytest

from archive.ingest import InputError
from archive.ingest.web import read_page
from archive.ingest.web.meta import iso_date
from tests.archive.test_ingest import _cp1258
from tests.captures import seed_page

BODY = (
    "<p>Chiều 5/3, Ban Tổ chức Tỉnh ủy tổ chức hội nghị tổng kết công tác tổ chức xây dựng "
    "Đảng năm 2023 và triển khai nhiệm vụ năm 2024 với sự tham dự của các đồng chí lãnh đạo.</p>"
    "<p>Năm 2023, toàn Đảng bộ tỉnh đã kết nạp 1.520 đảng viên mới, đạt 105% kế hoạch đề ra, "
    "công tác đánh giá, xếp loại chất lượng tổ chức đảng được thực hiện thực chất hơn.</p>"
)


def _page(head="", body=BODY, url="https://baobaclieu.vn/a.html"):
    html = f"<html><head>{head}</head><body><article>{body}</article></body></html>"
    return read_page(html.encode("utf-8"), url=url).parsed


def test_the_site_name_is_taken_off_the_headline():
    head = '<meta property="og:title" content="Tổng kết công tác tổ chức | Báo Bạc Liêu">'
    assert _page(head).title == "Tổng kết công tác tổ chức"


def test_an_og_title_that_is_only_the_site_name_gives_way_to_the_h1():
    head = '<meta property="og:title" content="Báo Bạc Liêu">'
    body = "<h1>Bạc Liêu kết nạp 1.520 đảng viên</h1>" + BODY
    assert _page(head, body).title == "Bạc Liêu kết nạp 1.520 đảng viên"


def test_a_publication_time_in_utc_is_the_day_it_was_in_vietnam():
    assert iso_date("2022-06-28T20:15:00Z") == date(2022, 6, 29)
    assert iso_date("2022-06-28T20:15:00+07:00") == date(2022, 6, 28)
    assert iso_date("28/06/2022") is None


def test_broken_json_ld_is_ignored_and_the_other_sources_still_speak():
    head = (
        '<script type="application/ld+json">{"headline": "x", broken</script>'
        '<meta property="article:published_time" content="2024-03-05T09:00:00+07:00">'
    )
    assert _page(head).published == date(2024, 3, 5)


def test_the_date_line_in_the_text_when_the_page_has_no_date_metadata():
    body = "<h1>Bạc Liêu kết nạp 1.520 đảng viên</h1><p>Thứ Ba, 05/03/2024 | 09:00</p>" + BODY
    assert _page("", body).published == date(2024, 3, 5)


def test_the_byline_in_the_text_when_the_page_names_no_author():
    _url, html = seed_page("003")
    html = html.split('<script type="application/ld+json">')[0] + html.split("</script>", 1)[1]
    parsed = read_page(html.encode()).parsed
    assert parsed.authors == ["Thiên Bút"]
    assert not any("Thiên Bút" in p for p in parsed.paragraphs)


def test_the_outlet_or_a_role_is_no_author():
    head = (
        '<meta property="og:site_name" content="Báo Bạc Liêu">'
        '<meta name="author" content="Báo Bạc Liêu">'
    )
    assert _page(head).authors == []


def test_a_windows_1258_page_is_read_by_its_declared_charset():
    html = (
        '<html><head><meta charset="windows-1258"></head><body><article>'
        + BODY
        + "</article></body></html>"
    )
    data = _cp1258(html)
    assert "\u0323".encode("cp1258") in data  # tones as separate marks
    parsed = read_page(data).parsed
    assert parsed.lead.startswith("Chiều 5/3, Ban Tổ chức Tỉnh ủy")


def test_a_page_without_text_is_refused():
    with pytest.raises(InputError, match="no article text"):
        _page(body="<nav><a href='/'>Trang chủ</a></nav>")
    with pytest.raises(InputError, match="empty page"):
        read_page(b"  \n")


def test_a_headline_that_opens_like_an_outlet_s_name_is_still_the_headline():
    head = '<meta property="og:title" content="Báo chí cách mạng - Báo Bạc Liêu">'
    assert _page(head).title == "Báo chí cách mạng"
