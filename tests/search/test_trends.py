"""Matches per month: on the search page (counts or shares) and compared on /trends/."""

import csv
import io
from datetime import date

from search.results import month_counts
from tests.search.conftest import index, make_article


def test_month_counts_leave_out_undated_and_respect_filters(world):
    index(make_article("Đảng viên mới", published=date(2023, 5, 20)), make_article("Đảng bộ xã"))
    assert month_counts(query="Đảng", filters={}, date_from=None, date_to=None) == {
        "2022-03": 1,
        "2023-05": 2,
    }
    assert month_counts(
        query="Đảng", filters={"province": [["dong-thap"]]}, date_from=None, date_to=None
    ) == {"2023-05": 1}
    assert month_counts(
        query="*", filters={}, date_from=date(2022, 1, 1), date_to=date(2022, 12, 31)
    ) == {"2022-03": 1}


def test_search_page_chart_counts_and_shares(world, client):
    index(make_article("Thông báo", published=date(2023, 5, 1)))  # a second May article
    page = client.get("/search/", {"q": "Đảng"}).content.decode()
    assert 'aria-labelledby="search-trend-title search-trend-desc"' in page
    assert '<title id="search-trend-title">Số bài khớp theo tháng</title>' in page
    assert "05/2023: 1 bài" in page
    shares = client.get("/search/", {"q": "Đảng", "trend": "share"}).content.decode()
    assert "Tỉ lệ bài khớp trong số bài mỗi tháng" in shares
    assert "05/2023: 50%" in shares and "03/2022: 100%" in shares  # 1 of 2, 1 of 1
    assert 'href="/api/export?q=%C4%90%E1%BA%A3ng&amp;format=csv"' in page


def test_trends_compares_queries_and_entities(world, client):
    response = client.get("/trends/", {"q": ["Đảng", "person:truong-thi-mai", "thuỷ lợi"]})
    page = response.content.decode()
    assert response.status_code == 200
    assert '<svg class="chart-svg wide"' in page and '<desc id="trends-desc">' in page
    assert "Trương Thị Mai" in page  # the entity's name, not its slug
    assert page.count('<g class="series series-') == 6  # 3 series, wide and narrow
    assert '<table class="data-table trend-table">' in page

    text = client.get("/trends/", {"q": ["Đảng", "person:truong-thi-mai"], "format": "csv"})
    rows = list(csv.reader(io.StringIO(text.content.decode("utf-8").lstrip("\ufeff"))))
    assert rows[0] == ["month", "Đảng", "Đảng (share)", "Trương Thị Mai", "Trương Thị Mai (share)",
                       "all_articles"]  # fmt: skip
    by_month = {row[0]: row for row in rows[1:]}
    assert by_month["2022-03"][1:] == ["1", "1.000000", "1", "1.000000", "1"]
    assert by_month["2023-05"][1:3] == ["1", "1.000000"] and by_month["2023-05"][3] == "0"
    assert len(rows) == 1 + 15  # every month from 03/2022 to 05/2023


def test_trends_refuses_more_than_five(world, client):
    response = client.get("/trends/", {"q": [f"từ {n}" for n in range(6)]})
    assert response.status_code == 400 and "Tối đa 5 truy vấn" in response.content.decode()
    assert client.get("/trends/").status_code == 200  # the empty form


def test_search_page_links_its_trend_with_the_filters_as_query_syntax(world, client):
    page = client.get("/search/", {"q": "Đảng", "person": "ngo-thanh-danh"}).content.decode()
    assert 'href="/trends/?q=%C4%90%E1%BA%A3ng+person%3Ango-thanh-danh"' in page
    page = client.get("/trends/", {"q": "Đảng person:ngo-thanh-danh"}).content.decode()
    assert "05/2023: 1 bài" in page and "03/2022" not in page  # the person's article only
    page = client.get("/search/", {"source": ["bao-hau-giang", "bao-dien-bien-phu"]})
    assert "/trends/?" not in page.content.decode()  # "any of" has no query syntax
