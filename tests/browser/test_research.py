"""In Chromium: the batch lookup page, the trend charts and the cite block's copy buttons."""

import csv
import io
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

LIST = "truong thi mai\nTRƯƠNG THỊ MAI\n21 – kl/tw\nNguyễn Văn Không Có\n"


def test_batch_lookup_answers_a_table_and_downloads_csv(page, live_url):
    page.goto(live_url + "/lookup/")
    page.get_by_label("Danh sách, mỗi dòng một mục").fill(LIST)
    page.get_by_role("button", name="Tra cứu").click()
    rows = page.locator("table.lookup-table tbody tr")
    expect(rows).to_have_count(4)
    expect(rows.nth(0)).to_contain_text("Trương Thị Mai")
    expect(rows.nth(1)).to_contain_text("Trương Thị Mai")
    expect(rows.nth(2)).to_contain_text("21-KL/TW")
    expect(rows.nth(3)).to_contain_text("không tìm thấy")
    expect(page.get_by_role("heading", level=2)).to_contain_text("4 dòng: 3 tìm thấy")
    # the list stays in the box, to correct and send again
    expect(page.get_by_label("Danh sách, mỗi dòng một mục")).to_have_value(LIST.strip())

    with page.expect_download() as download:
        page.get_by_role("button", name="Tải bảng CSV").click()
    text = open(download.value.path(), encoding="utf-8-sig").read()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["status"] for r in rows] == ["found", "found", "found", "not_found"]
    assert rows[0]["slug"] == "truong-thi-mai" and int(rows[0]["article_count"]) >= 1

    rows = page.locator("table.lookup-table tbody tr")
    rows.nth(0).get_by_role("link", name="Trương Thị Mai").click()
    expect(page).to_have_url(re.compile(r"/people/truong-thi-mai/$"))


def test_a_binary_upload_is_refused_with_a_reason(page, live_url, tmp_path):
    picture = tmp_path / "anh.txt"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    page.goto(live_url + "/lookup/")
    page.get_by_label("Tệp").set_input_files(str(picture))
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.get_by_role("alert")).to_contain_text("không phải văn bản UTF-8")


def test_search_trend_chart_switches_to_shares(page, live_url):
    page.goto(live_url + "/search/?q=%C4%90%E1%BA%A3ng")
    chart = page.locator("section.trend figure.chart")
    expect(chart.locator("svg.chart-svg.wide")).to_be_visible()
    expect(chart.locator("svg.wide > title")).to_have_text("Số bài khớp theo tháng")
    assert chart.locator("svg.wide circle").count() >= 1
    page.get_by_role("link", name="tỉ lệ trong số bài của tháng").click()
    expect(page).to_have_url(re.compile(r"trend=share"))
    expect(chart.locator("svg.wide > title")).to_have_text("Tỉ lệ bài khớp trong số bài mỗi tháng")
    expect(chart.locator("svg.wide text.axis").first).to_contain_text("%")
    chart.get_by_text("Xem số liệu dạng bảng").click()
    expect(chart.locator("table")).to_be_visible()
    expect(page.locator("head link[rel=alternate][type='application/atom+xml']")).to_have_count(1)


def test_trends_page_compares_two_searches(page, live_url):
    page.goto(live_url + "/trends/")
    page.get_by_label("Truy vấn 1").fill("Đảng")
    page.get_by_label("Truy vấn 2").fill("person:truong-thi-mai")
    page.get_by_role("button", name="Vẽ biểu đồ").click()
    chart = page.locator("figure.trend-chart")
    expect(chart.locator("svg.wide g.series")).to_have_count(2)
    expect(chart.locator(".legend")).to_contain_text("Trương Thị Mai")
    table = page.locator("table.trend-table")
    expect(table.locator("thead")).to_contain_text("Trương Thị Mai")
    assert table.locator("tbody tr").count() >= 1
    with page.expect_download() as download:
        page.get_by_role("link", name="tải số liệu CSV").click()
    assert download.value.suggested_filename.endswith(".csv")


def test_cite_block_copies_bibtex(browser, live_url):
    context = browser.new_context(locale="vi-VN")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_url)
    page = context.new_page()
    page.goto(live_url + "/search/?q=giao+ban")
    page.locator("ol.search-results a.article-link").first.click()
    cite = page.locator("section.cite")
    expect(cite.locator("#cite-text")).to_contain_text("Lưu trữ công tác tổ chức xây dựng Đảng")
    cite.get_by_text("BibTeX", exact=True).click()
    button = cite.get_by_role("button", name="Chép BibTeX")
    expect(button).to_be_visible()  # shown by static/js/copy.js
    button.click()
    expect(cite.locator(".copy-status")).to_have_text("Đã chép vào bộ nhớ tạm.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("@article{luutru-") and "url = {" in copied
    context.close()
