"""The search page: any query string gives a page; chips, facets, help and empty states."""

import pytest

from archive.models import Person

from .conftest import entity, index, make_article
from .test_query import NASTY

pytestmark = pytest.mark.usefixtures("search_engine")


@pytest.mark.parametrize("raw", NASTY + ["", "   ", "21 – KL/TW", "-Đảng", '"xây dựng Đảng'])
def test_every_query_string_returns_a_page(world, client, raw):
    response = client.get("/search/", {"q": raw})
    assert response.status_code == 200
    assert response.templates[0].name == "search/page.html"


def test_undecodable_bytes_in_the_query_string(world, client):
    assert client.get("/search/?q=%ff%fe%ED%A0%80%C0").status_code == 200
    assert client.get("/api/search?q=%ff%fe%ED%A0%80%C0").status_code == 200


@pytest.mark.parametrize(
    "params",
    [
        {"q": "Đảng", "page": "abc"},
        {"q": "Đảng", "page": "-1"},
        {"q": "Đảng", "sort": "x"},
        {"q": "Đảng", "date_from": "hôm qua"},
        {"q": "Đảng", "person": "<script>"},
        {"q": "Đảng", "year": "1850"},
        {"q": "Đảng", "directive": "99-XX/YY"},
        {"q": "Đảng", "date_from": "2024-01-01", "date_to": "2020-01-01"},
    ],
)
def test_bad_parameters_are_reported_not_fatal(world, client, params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    assert "form-errors" in response.content.decode()


def test_a_page_past_the_last_is_not_found(world, client):
    """404, on the search page itself: the query kept and a way to the pages there are."""
    response = client.get("/search/", {"q": "Đảng", "page": "50"})
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không có trang 50: kết quả chỉ có 1 trang." in html
    assert 'href="?q=%C4%90%E1%BA%A3ng&amp;page=1">Đến trang cuối' in html
    assert 'value="Đảng"' in html


def test_a_query_of_only_operators_says_so(world, client):
    for raw in ("OR", "(((", "-", '"'):
        html = client.get("/search/", {"q": raw}).content.decode()
        assert "không có từ nào để tìm" in html, raw
        assert "Lưu trữ có" in html  # the start page, to browse from


def test_a_facet_shows_more_on_request(db, client):
    people = [
        entity(Person, f"Nguyễn Văn {name}", f"nguyen-van-{k}")
        for k, name in enumerate("An Bình Cường Dũng Em Giang Hải Khánh Long Minh Nam Phúc".split())
    ]
    index(*[make_article(f"Hội nghị cán bộ {k}", persons=[p]) for k, p in enumerate(people)])
    html = client.get("/search/", {"q": "cán bộ"}).content.decode()
    assert html.count('href="?q=c%C3%A1n+b%E1%BB%99&amp;person=') == 10
    assert '<a href="?q=c%C3%A1n+b%E1%BB%99&amp;more=person">Xem thêm…</a>' in html
    html = client.get("/search/", {"q": "cán bộ", "more": "person"}).content.decode()
    assert html.count("&amp;person=nguyen-van-") == 12
    assert '<a href="?q=c%C3%A1n+b%E1%BB%99">Thu gọn</a>' in html
    # Nothing to show fewer of in a short facet.
    html = client.get("/search/", {"q": "cán bộ", "more": "province"}).content.decode()
    assert "Thu gọn" not in html


def test_a_facet_of_exactly_ten_offers_no_more(db, client):
    people = [entity(Person, f"Trần Văn {n}", f"tran-van-{n}") for n in range(10)]
    index(*[make_article(f"Hội nghị cán bộ {k}", persons=[p]) for k, p in enumerate(people)])
    html = client.get("/search/", {"q": "cán bộ"}).content.decode()
    assert html.count("&amp;person=tran-van-") == 10 and "Xem thêm…" not in html


def test_a_directive_given_by_its_symbol_reads_as_one_and_can_be_removed(world, client):
    html = client.get("/search/", {"q": "Đảng", "directive": "21 – kl/tw"}).content.decode()
    assert '<span class="chip-kind">Văn bản:</span> Kết luận 21-KL/TW' in html
    # The facet's selected value removes the symbol it was chosen by.
    assert 'aria-current="true"' in html
    assert html.count('href="?q=%C4%90%E1%BA%A3ng"') >= 2  # chip and facet value


def test_the_directive_page_filters_by_that_document(world, client):
    directive = world["directive"]
    html = client.get(directive.get_absolute_url()).content.decode()
    assert f'/search/?directive={directive.slug}"' in html


def test_results_keep_the_query_and_escape_it(world, client):
    html = client.get("/search/", {"q": 'ngo thanh danh "<x>'}).content.decode()
    assert 'value="ngo thanh danh &quot;&lt;x&gt;"' in html
    html = client.get("/search/", {"q": "ngo thanh danh"}).content.decode()
    assert "Bí thư Tỉnh ủy <mark>Ngô Thanh Danh</mark>" in html
    assert "1 bài" in html


def test_selected_facets_show_as_removable_chips(world, client):
    html = client.get(
        "/search/", {"q": "Đảng", "person": "ngo-thanh-danh", "province": "dong-thap"}
    ).content.decode()
    assert 'class="chips removable"' in html
    assert '<a href="?q=%C4%90%E1%BA%A3ng&amp;province=dong-thap"' in html  # person removed
    assert '<a href="?q=%C4%90%E1%BA%A3ng&amp;person=ngo-thanh-danh"' in html  # province removed
    assert '<input type="hidden" name="person" value="ngo-thanh-danh">' in html


def test_a_typed_date_stays_in_the_date_box(world, client):
    """dd/mm/yyyy filters; the date box (ISO only) must show it, or "Áp dụng" would drop it."""
    html = client.get("/search/", {"q": "Đảng", "date_from": "01/01/2022"}).content.decode()
    assert 'name="date_from" value="2022-01-01"' in html


def test_chips_name_the_kind_of_one_value(world, client):
    client.cookies["django_language"] = "en"
    html = client.get("/search/", {"q": "Đảng", "person": "ngo-thanh-danh"}).content.decode()
    assert '<span class="chip-kind">Person:</span> Ngô Thanh Danh' in html


def test_facet_links_add_a_value(world, client):
    html = client.get("/search/", {"q": "Đảng"}).content.decode()
    assert 'href="?q=%C4%90%E1%BA%A3ng&amp;person=truong-thi-mai">Trương Thị Mai</a>' in html


def test_empty_page_helps_to_start(world, client):
    html = client.get("/search/").content.decode()
    assert "Lưu trữ có 3 bài báo." in html
    assert "Cách gõ câu tìm" in html
    assert "Ngô Thanh Danh" in html  # facets to browse from


def test_no_results_page_suggests_what_to_do(world, client):
    html = client.get("/search/", {"q": "Trương Thị Maii"}).content.decode()
    assert "Không tìm thấy bài nào." in html
    assert "Có phải bạn muốn tìm:" in html and "Trương Thị Mai" in html


def test_directive_and_person_pages_offered(world, client):
    html = client.get("/search/", {"q": "21 – kl/tw"}).content.decode()
    assert f'href="{world["directive"].get_absolute_url()}"' in html
    html = client.get("/search/", {"q": "truong thi mai"}).content.decode()
    assert f'href="{world["persons"]["mai"].get_absolute_url()}"' in html
