"""The directive registry in Chromium: the chain graph drawn and followed, the network with
its table and date range, both fitting a phone."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

KL21 = "/directives/ket-luan-so-21-kl-tw-khoa-xiii/"


def test_follow_the_chain_of_documents_and_read_the_network(page, live_url):
    page.goto(live_url + KL21)
    chain = page.locator("figure.chain svg.graph-svg")
    expect(chain).to_be_visible()
    box = chain.bounding_box()
    assert box["width"] > 300 and box["height"] > 100
    expect(chain.locator("title").first).to_contain_text("Kết luận 21-KL/TW")
    # the plan carrying it out is drawn below it, and is a link to its page
    chain.locator("a", has_text="Kế hoạch 03-KH/TW").click()
    expect(page).to_have_url(re.compile(r"/directives/ke-hoach-so-03-kh-tw"))
    expect(page.locator("h1")).to_have_text("Kế hoạch 03-KH/TW")
    expect(page.locator("section[aria-labelledby='up-h']")).to_contain_text("Kết luận 21-KL/TW")

    # the network of the person page, then a range with nobody in it
    page.goto(live_url + "/people/truong-thi-mai/")
    network = page.locator("section.network")
    expect(network.locator("svg.graph-svg")).to_be_visible()
    expect(network.locator("table.network-table")).to_contain_text("Ban Tổ chức Trung ương")
    network.get_by_label("Từ ngày").fill("2020-01-01")
    network.get_by_label("đến ngày").fill("2020-12-31")
    network.get_by_role("button", name="Xem").click()
    expect(page).to_have_url(re.compile(r"from=2020-01-01&to=2020-12-31"))
    expect(page.locator("section.network")).to_contain_text("Không có mục nào được nhắc cùng")


@pytest.mark.parametrize("path", [KL21, "/organizations/ban-to-chuc-trung-uong/"])
def test_registry_pages_fit_a_phone(phone, live_url, path):
    phone.goto(live_url + path)
    overflow = phone.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on a phone"
