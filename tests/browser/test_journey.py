"""End to end in Chromium: a researcher's journey, and a curator's correction seen in search."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import CURATOR

pytestmark = pytest.mark.browser

MAI = "Trương Thị Mai"
GIAO_BAN = "Hội nghị giao ban công tác xây dựng Đảng 9 tỉnh miền Trung – Tây Nguyên"


def test_search_narrow_read_follow_a_person_see_the_chart_switch_language(page, live_url):
    page.goto(live_url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")

    # search from the home page, typed without accents
    page.get_by_label("Tìm trong lưu trữ", exact=True).first.fill("truong thi mai")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=truong"))
    results = page.locator("ol.search-results > li")
    expect(results.first).to_be_visible()
    before = results.count()

    # narrow by a facet: the person facet carries ?person=<slug>
    facet = page.locator("aside.facets a[href*='person=truong-thi-mai']").first
    facet.click()
    expect(page).to_have_url(re.compile(r"person=truong-thi-mai"))
    expect(page.locator(".selected-filters")).to_contain_text(MAI)
    assert 0 < results.count() <= before

    # open an article; its mentions link to entity pages
    results.locator("a.article-link", has_text="giao ban").first.click()
    expect(page).to_have_url(re.compile(r"/articles/\d+/$"))
    expect(page.locator("h1")).to_have_text(GIAO_BAN)
    expect(page.locator("aside.entities")).to_contain_text("Trưởng ban Tổ chức Trung ương")

    # follow the person link in the text
    page.locator("a.mention-person", has_text=MAI).first.click()
    expect(page).to_have_url(re.compile(r"/people/truong-thi-mai/$"))
    expect(page.locator("h1")).to_have_text(MAI)

    # the chart of mentions per month, with its title and text alternative
    chart = page.locator("figure.chart").first
    expect(chart.locator("svg.chart-svg.wide")).to_be_visible()
    expect(chart.locator("svg.wide > title")).to_contain_text(MAI)
    assert chart.locator("svg.wide rect.bar").count() >= 1
    chart.get_by_text("Xem số liệu dạng bảng").click()
    expect(chart.locator("table")).to_be_visible()

    # switch to English and back
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h2#career-h")).to_have_text("Offices over time")
    expect(page).to_have_url(re.compile(r"/people/truong-thi-mai/$"))
    page.get_by_role("button", name="Tiếng Việt").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")


def test_career_timeline_leads_to_the_office_and_who_held_it(page, live_url):
    page.goto(live_url + "/people/truong-thi-mai/")
    career = page.locator("section.career")
    svg = career.locator("svg.chart-svg.career")
    expect(svg).to_be_visible()
    expect(svg.locator("title").first).to_contain_text(MAI)
    assert svg.locator("rect.bar").count() >= 3  # one bar per dated office
    box = svg.bounding_box()
    assert box["width"] > 500  # drawn at the page's width, its labels readable
    table = career.locator("table.career-table")
    expect(table).to_contain_text("Trưởng Ban Tổ chức Trung ương")
    expect(table.locator("tr", has_text="Trưởng Ban Tổ chức Trung ương")).to_contain_text(
        "13/01/2022"
    )
    table.get_by_role("link", name="Trưởng Ban Tổ chức Trung ương").click()
    expect(page).to_have_url(re.compile(r"/offices/truong-ban-to-chuc-trung-uong/$"))
    expect(page.locator("ol.holders")).to_contain_text(MAI)
    page.get_by_label("Ai giữ chức này vào ngày").fill("2022-03-01")
    page.get_by_role("button", name="Tra").click()
    answer = page.locator("article.office-answer")
    expect(answer.locator("ol.holders > li.holder")).to_contain_text(MAI)
    # a day before any article: nobody, and who came after
    page.get_by_role("textbox", name="Vào ngày").fill("2021-01-01")
    page.get_by_role("button", name="Tra").click()
    expect(answer).to_contain_text("Không có bài nào vào khoảng ngày đó")
    expect(answer).to_contain_text("Sau đó: " + MAI)


def test_keyboard_skip_link_and_focus(page, live_url):
    page.goto(live_url + "/people/")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    # the filter is a labelled field that works without a mouse
    page.get_by_label("Lọc theo tên").fill("truong thi mai")
    page.keyboard.press("Enter")
    expect(page.locator("table.index-table")).to_contain_text(MAI)


@pytest.mark.parametrize(
    "path",
    ["/", "/people/truong-thi-mai/", "/directives/", "/search/?q=Đảng", "/offices/"],
)
def test_pages_fit_a_phone(phone, live_url, path):
    phone.goto(live_url + path)
    overflow = phone.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on a phone"


def test_curator_relinks_a_mention_and_search_shows_it(page, live_url):
    # Before: Lữ Văn Hùng is in one article, not the Quảng Ngãi meeting.
    page.goto(live_url + "/search/?person=lu-van-hung")
    expect(page.locator("ol.search-results")).not_to_contain_text("giao ban")

    page.goto(live_url + "/admin/")
    page.get_by_label("Tên đăng nhập").fill(CURATOR[0])
    page.get_by_label("Mật khẩu").fill(CURATOR[1])
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.locator("#site-name")).to_contain_text("Lưu trữ")

    # find Hoàng Đăng Quang without typing accents, open his mentions
    page.goto(live_url + "/admin/archive/person/?q=hoang+dang+quang")
    page.locator("#result_list a", has_text="Hoàng Đăng Quang").first.click()
    row = page.locator("table.curation-mentions tr", has_text="giao ban")
    row.get_by_role("link", name="Chuyển…").click()

    # re-link it to Lữ Văn Hùng, chosen by autocomplete typed without accents
    page.locator("#id_person + .select2 .select2-selection").click()
    page.locator(".select2-search__field").fill("lu van hung")
    page.locator(".select2-results__option", has_text="Lữ Văn Hùng").click()
    page.get_by_role("button", name="Chuyển").click()
    expect(page.locator(".messagelist")).to_contain_text("Lữ Văn Hùng")

    # The change shows in search at once, and on the article page.
    page.goto(live_url + "/search/?person=lu-van-hung")
    expect(page.locator("ol.search-results")).to_contain_text("giao ban")
    page.locator("ol.search-results a.article-link", has_text="giao ban").click()
    expect(page.locator("a.mention-person", has_text="Hoàng Đăng Quang")).to_have_attribute(
        "href", "/people/lu-van-hung/"
    )


def test_a_captured_page_is_seen_in_a_sandboxed_frame_that_loads_nothing(page, live_url):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(live_url + "/search/?q=" + "Xây dựng Đảng là nhiệm vụ then chốt")
    page.get_by_role("link", name="Xây dựng Đảng là nhiệm vụ then chốt").first.click()
    expect(page.locator(".capture-line")).to_contain_text("05/03/2024 02:00 UTC")
    original = page.locator(".capture-line a.external")
    expect(original).to_have_attribute("href", re.compile(r"^https://baodienbienphu\.com\.vn/"))
    page.get_by_role("link", name="Xem trang đã lưu").first.click()
    frame_element = page.locator("iframe.capture-frame")
    expect(frame_element).to_have_attribute("sandbox", "")
    frame = page.frame_locator("iframe.capture-frame")
    expect(frame.locator("h1")).to_have_text("Xây dựng Đảng là nhiệm vụ then chốt")
    expect(frame.locator("body")).to_contain_text("Cán bộ, đảng viên thuộc Ðảng bộ Công an tỉnh")
    assert frame.locator("img, script, iframe, form, a[href]").count() == 0
    assert [url for url in requested if not url.startswith(live_url)] == []
