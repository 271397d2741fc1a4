"""Atom feeds of a search and of every entity page: valid Atom, Vietnamese intact."""

import xml.etree.ElementTree as ET

import feedparser
import pytest

ATOM = "{http://www.w3.org/2005/Atom}"


def _atom(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return response.content


def _check_required_elements(content):
    """RFC 4287: a feed has id, title, updated, and an author unless every entry has one;
    an entry has id, title, updated."""
    feed = ET.fromstring(content)
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{name}") is not None and feed.find(f"{ATOM}{name}").text, name
    feed_author = feed.find(f"{ATOM}author/{ATOM}name")
    entries = feed.findall(f"{ATOM}entry")
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{name}") is not None, name
        assert feed_author is not None or entry.find(f"{ATOM}author/{ATOM}name") is not None
    return entries


def test_search_feed_is_valid_atom_newest_first(world, client):
    content = _atom(client.get("/feeds/search", {"q": "Đảng"}))
    entries = _check_required_elements(content)
    parsed = feedparser.parse(content)
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.version == "atom10"
    assert parsed.feed.title == "Lưu trữ: Đảng"
    a = world["articles"]
    assert [e.link for e in parsed.entries] == [
        f"http://testserver/articles/{a['danh'].pk}/",
        f"http://testserver/articles/{a['mai'].pk}/",
    ]
    assert parsed.entries[0].title == "Bí thư Tỉnh ủy Ngô Thanh Danh làm việc với Ban Tổ chức"
    assert parsed.entries[0].id == parsed.entries[0].link  # the permalink
    assert parsed.entries[0].published.startswith("2023-05-04")
    assert "xây dựng Đảng" in parsed.entries[0].summary  # the snippet, matches marked:
    assert "&lt;mark&gt;Đảng&lt;/mark&gt;" in content.decode()
    assert len(entries) == 2


def test_search_feed_with_filters_and_bad_parameters(world, client):
    parsed = feedparser.parse(_atom(client.get("/feeds/search", {"person": "truong-thi-mai"})))
    assert parsed.feed.title == "Lưu trữ: Trương Thị Mai"
    assert [e.title for e in parsed.entries] == ["Đồng chí Trương Thị Mai thăm Điện Biên"]
    assert parsed.feed.link.endswith("/search/?person=truong-thi-mai")
    response = client.get("/feeds/search", {"year": "20x4"})
    assert response.status_code == 400 and response.json()["parameter"] == "year"


@pytest.mark.parametrize(
    ("path", "title", "count"),
    [
        ("/people/ngo-thanh-danh/", "Lưu trữ: Ngô Thanh Danh", 1),
        ("/organizations/ban-to-chuc-trung-uong/", "Lưu trữ: Ban Tổ chức Trung ương", 2),
        ("/directives/21-kl-tw/", "Lưu trữ: Kết luận 21-KL/TW", 1),
        ("/provinces/dong-thap/", "Lưu trữ: Đồng Tháp", 2),
    ],
)
def test_every_entity_page_has_a_feed_linked_from_the_page(world, client, path, title, count):
    content = _atom(client.get(path + "feed/"))
    _check_required_elements(content)
    parsed = feedparser.parse(content)
    assert not parsed.bozo and parsed.feed.title == title and len(parsed.entries) == count
    assert parsed.feed.link == "http://testserver" + path
    page = client.get(path).content.decode()
    assert f'<link rel="alternate" type="application/atom+xml" href="{path}feed/"' in page
    assert client.get("/people/nobody/feed/").status_code == 404


def test_search_page_links_its_feed(world, client):
    page = client.get("/search/", {"q": "Đảng"}).content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in page
    assert 'href="/feeds/search?q=%C4%90%E1%BA%A3ng"' in page


def test_a_search_without_matches_still_offers_its_feed(world, client):
    page = client.get("/search/", {"q": "hợp tác xã nông nghiệp công nghệ cao"}).content.decode()
    assert "Không tìm thấy bài nào." in page
    assert 'class="feed-link" href="/feeds/search?q=' in page
    parsed = feedparser.parse(_atom(client.get("/feeds/search", {"q": "xyzzy"})))
    assert not parsed.bozo and parsed.entries == [] and parsed.feed.updated
