"""The Content-Security-Policy in Chromium: every page, chart, facet, the language switch
and the admin with its autocomplete work under it, with no violation reported."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import CURATOR

pytestmark = pytest.mark.browser

# Chromium reports a blocked script, style or image both as a securitypolicyviolation event
# and on the console; either fails the test.
_LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI} (${where})`);
});
"""


@pytest.fixture
def watched(page):
    """The page, and the CSP violations seen on it so far (console and events)."""
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.add_init_script(_LISTEN)

    def violations():
        return console + page.evaluate("window.__csp || []")

    return page, violations


def _visit(page, violations, url):
    response = page.goto(url)
    assert response.status == 200, url
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    page.wait_for_load_state("networkidle")
    assert violations() == [], url


def test_reading_pages_work_under_the_policy(watched, live_url):
    page, violations = watched
    for path in [
        "/",
        "/search/?q=Đảng",
        "/articles/",
        "/people/",
        "/people/truong-thi-mai/",
        "/directives/",
        "/provinces/",
    ]:
        _visit(page, violations, live_url + path)
    # a facet, the chart's table, the language switch: all still work
    _visit(page, violations, live_url + "/search/?q=Đảng")
    page.locator("aside.facets a[href*='person=']").first.click()
    expect(page).to_have_url(re.compile(r"person="))
    _visit(page, violations, live_url + "/people/truong-thi-mai/")
    chart = page.locator("figure.chart").first
    expect(chart.locator("svg.chart-svg.wide")).to_be_visible()
    chart.get_by_text("Xem số liệu dạng bảng").click()
    expect(chart.locator("table")).to_be_visible()
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("button", name="Tiếng Việt").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    assert violations() == []


def test_the_admin_and_its_autocomplete_work_under_the_policy(watched, live_url):
    page, violations = watched
    page.goto(live_url + "/admin/")
    page.get_by_label("Tên đăng nhập").fill(CURATOR[0])
    page.get_by_label("Mật khẩu").fill(CURATOR[1])
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.locator("#site-name")).to_contain_text("Lưu trữ")
    _visit(page, violations, live_url + "/admin/archive/article/")
    page.locator("#result_list tbody a", has_text="giao ban").first.click()
    page.wait_for_load_state("networkidle")
    # an inline link's entity, chosen by autocomplete typed without accents (select2)
    page.locator(".select2-selection").first.click()
    page.locator(".select2-search__field").fill("truong thi")
    expect(page.locator(".select2-results__option", has_text="Trương Thị Mai")).to_be_visible()
    page.keyboard.press("Escape")
    # the merge confirmation and a mention's relink page
    _visit(page, violations, live_url + "/admin/archive/person/")
    page.locator("#result_list input.action-select").nth(0).check()
    page.locator("#result_list input.action-select").nth(1).check()
    page.locator("select[name=action]").select_option("merge")
    page.locator(".actions button[name=index]").click()
    expect(page.locator("#content-main form")).to_contain_text("Giữ lại")
    _visit(page, violations, live_url + "/admin/archive/personmention/")
    assert violations() == []
