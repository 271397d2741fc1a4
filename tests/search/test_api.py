"""The JSON API: shapes, filters, and errors as JSON."""

import pytest
from django.test import Client

from search.services import PER_PAGE

pytestmark = pytest.mark.usefixtures("search_engine")


def test_search_shape(world, client):
    data = client.get("/api/search", {"q": "ngo thanh danh"}).json()
    assert set(data) >= {"count", "page", "results", "facets", "suggestion"}
    assert data["count"] == 1 and data["page"] == 1 and data["suggestion"] is None
    (result,) = data["results"]
    assert set(result) == {"id", "url", "title", "published", "source", "score", "snippet"}
    assert result["id"] == world["articles"]["danh"].pk
    assert result["url"].endswith(f"/articles/{result['id']}/")
    assert result["published"] == "2023-05-04" and result["source"] == "Báo Hậu Giang"
    assert isinstance(result["score"], float)
    assert "<mark>Ngô Thanh Danh</mark>" in result["snippet"]
    assert set(data["facets"]) == {
        "person",
        "organization",
        "directive",
        "source",
        "year",
        "province",
        "host",
    }
    assert data["facets"]["person"] == [
        {"value": "ngo-thanh-danh", "label": "Ngô Thanh Danh", "count": 1}
    ]


def test_search_filters(world, client):
    a = world["articles"]
    data = client.get(
        "/api/search", {"q": "Đảng", "organization": "ban-to-chuc-trung-uong", "year": "2022"}
    ).json()
    assert [r["id"] for r in data["results"]] == [a["mai"].pk]
    for directive in ("21-kl-tw", "21-KL/TW", "21 – kl/tw", "21 kl/tw", "21KL/TW"):
        data = client.get("/api/search", {"directive": directive}).json()
        assert [r["id"] for r in data["results"]] == [a["danh"].pk], directive
    data = client.get(
        "/api/search",
        {"person": "truong-thi-mai", "source": "bao-dien-bien-phu", "province": "dien-bien"},
    ).json()
    assert [r["id"] for r in data["results"]] == [a["mai"].pk]


def test_search_pages(world, client):
    data = client.get("/api/search", {"q": "*"}).json()
    assert data["count"] == 3 and len(data["results"]) == 3 <= PER_PAGE
    response = client.get("/api/search", {"q": "*", "page": "2"})
    assert response.status_code == 404 and response.json()["parameter"] == "page"


def test_bad_parameters_are_400_naming_the_parameter(world, client):
    for params, name in [
        ({"page": "x"}, "page"),
        ({"year": "20x4"}, "year"),
        ({"person": "nobody-here"}, "person"),
        ({"directive": "1-AB/CD"}, "directive"),
        ({"date_from": "31/31/2020"}, "date_from"),
        ({"sort": "oldest"}, "sort"),
        ({"q": "x", "limit": "5"}, "limit"),
    ]:
        response = client.get("/api/search", params)
        assert response.status_code == 400, params
        data = response.json()
        assert data["parameter"] == name and name in data["message"] or data["message"]
    messages = [client.get("/api/search", {"page": page}).json()["message"] for page in ("x", "0")]
    assert messages == ["page: Số trang phải là một số nguyên.", "page: Số trang bắt đầu từ 1."]
    data = client.get("/api/search", {"sort": "old"}).json()
    assert data["message"] == "sort: “old” không phải là cách sắp xếp: relevance hoặc newest."
    data = client.get("/api/search", {"more": "bogus"}).json()
    assert data["parameter"] == "more" and "person, organization" in data["message"]


def test_nasty_queries_do_not_break_the_api(world, client):
    for raw in ['"', "(", "OR", "*", "x" * 5000, "\x00\x07"]:
        assert client.get("/api/search", {"q": raw}).status_code == 200


def test_article(world, client):
    article = world["articles"]["danh"]
    data = client.get(f"/api/articles/{article.pk}").json()
    assert data["id"] == article.pk and data["title"] == article.title
    assert data["source"] == {"slug": "bao-hau-giang", "name": "Báo Hậu Giang"}
    (person,) = data["persons"]
    assert person["slug"] == "ngo-thanh-danh"
    assert person["api_url"].endswith("/api/persons/ngo-thanh-danh")
    assert person["url"].endswith("/people/ngo-thanh-danh/")
    assert data["directives"][0]["key"] == "21-KL/TW"
    assert {o["slug"] for o in data["organizations"]} == {
        "tinh-uy-dong-thap",
        "ban-to-chuc-trung-uong",
    }


def test_entities(world, client):
    data = client.get("/api/persons/truong-thi-mai").json()
    assert data["name"] == "Trương Thị Mai" and data["article_count"] == 1
    assert data["articles"][0]["id"] == world["articles"]["mai"].pk
    assert data["search_url"].endswith("/api/search?person=truong-thi-mai")
    data = client.get("/api/directives/21-kl-tw").json()
    assert data["key"] == "21-KL/TW" and data["article_count"] == 1
    data = client.get("/api/organizations/ban-to-chuc-trung-uong").json()
    assert data["article_count"] == 2


def test_unknown_things_are_404_json(world, client):
    for url in (
        "/api/articles/999999",
        "/api/persons/nobody",
        "/api/organizations/none",
        "/api/directives/none",
        "/api/nothing-here",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"] == "application/json"
        assert response.json()["error"] == "not_found"


def test_read_only(world):
    """As a browser or script meets it: with CSRF checks on, still the documented JSON."""
    client = Client(enforce_csrf_checks=True)
    for method in ("post", "put", "patch", "delete"):
        for url in ("/api/search", f"/api/articles/{world['articles']['danh'].pk}"):
            response = getattr(client, method)(url)
            assert response.status_code == 405, (method, url)
            assert response.json()["error"] == "method_not_allowed"
            assert response["Allow"] == "GET, HEAD"
