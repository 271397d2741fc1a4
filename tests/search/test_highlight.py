"""Snippets mark what the query matched, in the text as written, and escape everything else."""

import pytest

from archive.text import segment
from archive.text.segment import words_line
from search.highlight import highlight_document, snippet
from search.query import highlight_terms, parse_query
from search.services import search_articles

from .conftest import index, make_article

pytestmark = pytest.mark.usefixtures("search_engine")


def marked(text, query, width=1000):
    return snippet(
        text, words_line(segment(text)).split(), highlight_terms(parse_query(query)), width
    )


def test_article_text_is_escaped():
    text = 'Ông A nói: "5 < 7 & 8 > 6" về <b>Đảng</b> & cán bộ'
    html = marked(text, "Đảng")
    assert "<b>" not in html
    assert "&lt;b&gt;<mark>Đảng</mark>&lt;/b&gt;" in html
    assert "5 &lt; 7 &amp; 8 &gt; 6" in html
    assert html.count("<mark>") == 1


def test_folded_and_respelt_queries_mark_the_words_they_matched():
    text = "Bí thư Tỉnh uỷ Ngô Thanh Danh dự hội nghị về hoá chất."
    assert "<mark>Bí thư Tỉnh uỷ Ngô Thanh Danh</mark>" in marked(
        text, "bi thu tinh uy ngo thanh danh"
    )
    assert "<mark>Tỉnh uỷ</mark>" in marked(text, "tỉnh ủy")
    assert "<mark>hoá chất</mark>" in marked(text, "HÓA CHẤT")
    assert "Bí <mark>thư</mark>" in marked(text, "thu")  # a syllable of a word, alone


def test_a_query_with_diacritics_marks_words_as_spelt_where_the_text_has_them():
    text = "Trưởng ban Trương Thị Mai phát biểu tại tỉnh; Tỉnh ủy tính toán."
    html = marked(text, "Trương Thị Mai")
    assert "<mark>Trương Thị Mai</mark>" in html and "<mark>Trưởng" not in html
    html = marked(text, "TỈNH ỦY")
    assert "<mark>Tỉnh ủy</mark>" in html and "<mark>tính" not in html
    # Words typed without diacritics still mark every spelling.
    assert "<mark>tính" in marked(text, "Trương tinh")


def test_a_document_found_by_folding_is_marked_folded():
    assert "<mark>bố</mark>" in marked("Ông bố phát biểu.", "bổ")


def test_a_phrase_is_marked_only_where_it_stands_whole():
    text = "Tỉnh ủy họp nội bộ. Ban Chấp hành \u00d0ảng bộ tỉnh nhiệm kỳ mới; đảng viên dự."
    html = marked(text, '"Đảng bộ tỉnh"')
    assert "<mark>\u00d0ảng bộ tỉnh</mark>" in html
    assert html.count("<mark>") == 1  # not "Tỉnh" of Tỉnh ủy, "bộ" of nội bộ, nor "đảng"
    html = marked(text, '"Đảng bộ tỉnh" nhiệm kỳ')
    assert "<mark>\u00d0ảng bộ tỉnh nhiệm kỳ</mark>" in html


def test_symbols_are_marked_however_they_are_written():
    text = "Tỉnh ủy quán triệt Kết luận số 21 – KL/TW và Quy định 22-KL/TW."
    html = marked(text, "21-kl/tw")
    assert "<mark>21 – KL/TW</mark>" in html
    assert "22-KL/TW" in html and "<mark>22" not in html


def test_long_text_gives_a_window_around_the_matches():
    text = "Mở đầu. " * 60 + "Đồng chí Trương Thị Mai phát biểu. " + "Kết thúc. " * 60
    html = marked(text, "truong thi mai", width=120)
    assert html.startswith("…") and html.endswith("…")
    assert "<mark>Trương Thị Mai</mark>" in html
    assert len(html) < 200


def _parts(*texts):
    return [(text, words_line(segment(text))) for text in texts]


def test_the_snippet_shows_the_name_not_its_scattered_syllables():
    """Seed 002 gave "...các chức <mark>danh</mark> chủ chốt..." for "ngo thanh danh"."""
    parts = _parts(
        "Hội nghị cán bộ",
        "Kiện toàn các chức danh chủ chốt của thành phố, sắp xếp thành viên ban thường vụ.",
        "Đồng chí Ngô Thanh Danh, Bí thư Tỉnh ủy, phát biểu chỉ đạo hội nghị.",
    )
    terms = highlight_terms(parse_query("ngo thanh danh"))
    _title, html = highlight_document(parts, terms)
    assert "<mark>Ngô Thanh Danh</mark>" in html


def test_a_pair_counts_however_it_is_spelt_and_across_punctuation_but_not_inside_a_word():
    """The pair "thanh danh" is sought in the stored words as written: other case and
    tones, "_" or a comma between, but not "thanhdanh" nor "thành danhx"."""
    parts = _parts(
        "Hội nghị",
        "Thanhdanh và thành danhx, chức danh của thành phố.",
        "Ông THÀNH, DANH dự được nêu.",
        "Đồng chí Ngô Thanh Danh phát biểu.",
    )
    terms = highlight_terms(parse_query("ngo thanh danh"))
    _title, html = highlight_document(parts, terms)
    assert "<mark>Ngô Thanh Danh</mark>" in html
    parts = _parts("Hội nghị", "Thanhdanh và thành danhx, chức danh.", "Ông THÀNH, DANH dự.")
    _title, html = highlight_document(parts, highlight_terms(parse_query("thanh danh")))
    assert "Ông <mark>THÀNH</mark>, <mark>DANH</mark> dự." == html


def test_the_window_centres_on_the_name():
    text = (
        "Chức danh của thành viên được công bố. "
        + "Nội dung khác của hội nghị. " * 12
        + "Đồng chí Ngô Thanh Danh phát biểu. "
        + "Kết thúc. " * 12
    )
    html = marked(text, "ngo thanh danh", width=120)
    assert "<mark>Ngô Thanh Danh</mark>" in html


def test_search_results_carry_highlighted_titles_and_snippets(db):
    article = make_article("Hội nghị <Đảng> & cán bộ", lead="Thảo luận về <i>cán bộ</i> & Đảng.")
    index(article)
    (hit,) = search_articles(query="can bo").hits
    assert str(hit.title_html) == "Hội nghị &lt;Đảng&gt; &amp; <mark>cán bộ</mark>"
    assert str(hit.snippet) == "Thảo luận về &lt;i&gt;<mark>cán bộ</mark>&lt;/i&gt; &amp; Đảng."


def test_a_document_without_matches_in_its_body_shows_its_lead():
    parts = [("Tiêu đề", "Tiêu_đề"), ("Sapo <ngắn>", "Sapo < ngắn >")]
    title, body = highlight_document(parts, highlight_terms(parse_query("zzz")))
    assert title == "Tiêu đề" and body == "Sapo &lt;ngắn&gt;"
