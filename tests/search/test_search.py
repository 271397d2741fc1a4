"""Searching the index: folding, ranking, symbols, facets, filters, sorting, pages."""

from datetime import date

import pytest

from archive.models import Directive
from search.services import PageOutOfRange, search_articles

from .conftest import entity, index, make_article

pytestmark = pytest.mark.usefixtures("search_engine")


def ids(outcome):
    return [hit.id for hit in outcome.hits]


@pytest.mark.parametrize(
    "query", ["Ngô Thanh Danh", "ngo thanh danh", "NGÔ THANH DANH", "Ngô Thanh Danh Bí thư"]
)
def test_names_with_or_without_diacritics(world, query):
    assert ids(search_articles(query=query)) == [world["articles"]["danh"].pk]


@pytest.mark.parametrize(
    "query",
    [
        "thủy lợi",
        "thuỷ lợi",
        "thuy loi",
        "hóa chất",
        "hoá chất",
        "ủy ban xã",
        "uỷ ban xã",
        "Ủy Ban Xã",
    ],
)
def test_tone_placement_and_case_do_not_matter(world, query):
    assert ids(search_articles(query=query)) == [world["articles"]["thuy"].pk]


@pytest.mark.parametrize(
    "query",
    [
        "21-KL/TW",
        "21 – KL/TW",
        "21-kl/tw",
        "21 - kl/tw",
        "Kết luận 21-KL/TW",
        "ket luan 21 – kl/tw",
        "21 kl/tw",
        "21KL/TW",
        "Kết luận số 21 KL - TW",
    ],
)
def test_directive_symbols_in_any_spelling(world, query):
    assert ids(search_articles(query=query)) == [world["articles"]["danh"].pk]


@pytest.mark.parametrize(
    "typed",
    ["34/2016/NĐ-CP", "34/2016/nđ-cp", "34 / 2016 / NĐ – CP", "34/2016/N\u00d0-CP"],
)
def test_state_document_symbols_in_any_spelling(db, typed):
    decree = make_article("Sửa đổi Nghị định 34/2016/NĐ-CP", lead="Chính phủ ban hành.")
    other = make_article("Nghị định 34/2017/NĐ-CP", lead="Năm 2016 có nghị định khác.")
    index(decree, other)
    assert ids(search_articles(query=typed)) == [decree.pk]


def test_a_symbol_typed_without_diacritics_offers_its_page(db):
    regulation = entity(
        Directive, "Quy định số 02-QĐ/HU", "02-qd-hu", key="02-QĐ/HU", symbol="02-QĐ/HU"
    )
    article = make_article("Thực hiện Quy định số 02-QĐ/HU", lead="Huyện ủy triển khai.")
    index(article)
    for typed in ("02-QĐ/HU", "02-QD/HU", "02 qd/hu"):
        outcome = search_articles(query=typed)
        assert ids(outcome) == [article.pk], typed
        assert [o.url for o in outcome.offers] == [regulation.get_absolute_url()], typed


def test_documents_sharing_a_symbol_are_told_apart_in_facets_and_offers(db):
    scoped = entity(
        Directive,
        "Kế hoạch số 03-KH/TW",
        "03-kh-tw-khoa-xiii",
        key="03-KH/TW",
        kind="Kế hoạch",
        number="03",
        issuer="TW",
        term="XIII",
        scope="khóa XIII",
    )
    unscoped = entity(
        Directive,
        "Kế hoạch số 03-KH/TW",
        "03-kh-tw-article-9",
        key="03-KH/TW",
        kind="Kế hoạch",
        number="03",
        issuer="TW",
        scope="article:9",
    )
    one = make_article("Triển khai Kế hoạch số 03-KH/TW", directives=[scoped])
    other = make_article("Quán triệt Kế hoạch số 03-KH/TW", directives=[unscoped])
    index(one, other)
    outcome = search_articles(query="03-KH/TW")
    labels = {v.value: v.label for v in outcome.facets["directive"]}
    assert labels == {
        "03-kh-tw-khoa-xiii": "Kế hoạch 03-KH/TW (khóa XIII)",
        "03-kh-tw-article-9": "Kế hoạch 03-KH/TW (chưa rõ khóa, năm)",
    }
    assert sorted(o.name for o in outcome.offers) == sorted(labels.values())


def test_a_symbol_matches_only_itself(db):
    kl21 = make_article("Quán triệt Kết luận 21-KL/TW", lead="Tỉnh ủy quán triệt.")
    kl22 = make_article("Quán triệt Kết luận 22-KL/TW", lead="Bài số 21 về KL/TW.")
    index(kl21, kl22)
    assert ids(search_articles(query="21-KL/TW")) == [kl21.pk]
    assert ids(search_articles(query="34/2016/NĐ-CP")) == []


def test_exact_diacritics_rank_above_folded_matches(db):
    """Folding merges bộ, bố and bổ; the one typed comes first."""
    bo_me = make_article("Chuyện của bố mẹ", lead="Người bố kể lại.")
    bo_sung = make_article("Bổ sung quy hoạch", lead="Tỉnh bổ sung danh sách.")
    bo_chinh_tri = make_article("Bộ Chính trị họp", lead="Bộ Chính trị cho ý kiến.")
    index(bo_me, bo_sung, bo_chinh_tri)
    for typed, first in (("bộ", bo_chinh_tri), ("bố", bo_me), ("bổ", bo_sung)):
        found = ids(search_articles(query=typed))
        assert found[0] == first.pk, typed
        assert set(found) == {bo_me.pk, bo_sung.pk, bo_chinh_tri.pk}  # folded ones still found
    assert set(ids(search_articles(query="bo"))) == {bo_me.pk, bo_sung.pk, bo_chinh_tri.pk}


def test_the_headline_as_query_finds_its_article_first(db):
    articles = [
        make_article("Kết quả xổ số điện toán Vietlott ngày 6/2/2017", lead="Kết quả xổ số."),
        make_article("Kết quả xổ số điện toán Vietlott ngày 7/2/2017", lead="Kết quả xổ số."),
        make_article("Hòa Bình: Thủy điện xả lũ", lead="Thủy điện Hòa Bình mở cửa xả."),
    ]
    index(*articles)
    for article in articles:
        for typed in (article.title, article.title.replace("ò", "o").replace("ủ", "u")):
            assert ids(search_articles(query=typed))[0] == article.pk, typed


def test_phrase_or_and_exclusion(world):
    danh, mai, thuy = (world["articles"][k].pk for k in ("danh", "mai", "thuy"))
    assert set(ids(search_articles(query='"xây dựng Đảng"'))) == {danh, mai}
    assert ids(search_articles(query='"Đảng xây dựng"')) == []
    assert set(ids(search_articles(query="thủy lợi OR Trương Thị Mai"))) == {thuy, mai}
    assert set(ids(search_articles(query="thuy loi OR truong thi mai"))) == {thuy, mai}
    assert ids(search_articles(query="Đảng -Mai")) == [danh]


def test_facets_count_whole_values(world):
    outcome = search_articles(query="*")
    persons = {v.value: (v.label, v.count) for v in outcome.facets["person"]}
    assert persons == {
        "ngo-thanh-danh": ("Ngô Thanh Danh", 1),
        "truong-thi-mai": ("Trương Thị Mai", 1),
    }
    organizations = {v.label: v.count for v in outcome.facets["organization"]}
    assert organizations == {"Ban Tổ chức Trung ương": 2, "Tỉnh ủy Đồng Tháp": 1}
    sources = {v.label: v.count for v in outcome.facets["source"]}
    assert sources == {"Báo Hậu Giang": 2, "Báo Điện Biên Phủ": 1}
    assert [(v.value, v.count) for v in outcome.facets["year"]] == [
        ("2023", 1),
        ("2022", 1),
        ("2021", 1),
    ]
    assert {v.label: v.count for v in outcome.facets["directive"]} == {"Kết luận 21-KL/TW": 1}


def test_facet_selections_narrow_and_combine(world):
    ban = [["ban-to-chuc-trung-uong"]]
    both = search_articles(query="*", filters={"organization": ban})
    assert both.count == 2
    one = search_articles(query="*", filters={"organization": ban, "province": [["dien-bien"]]})
    assert ids(one) == [world["articles"]["mai"].pk]
    chosen = {v.value for v in one.facets["province"] if v.selected}
    assert chosen == {"dien-bien"}
    none = search_articles(query="thủy lợi", filters={"organization": ban})
    assert none.count == 0
    years = search_articles(query="*", filters={"year": [["2021", "2023"]]})
    assert set(ids(years)) == {world["articles"]["thuy"].pk, world["articles"]["danh"].pk}


def test_a_chosen_year_or_source_still_shows_the_others(world):
    """Years and sources combine as "any of": their counts leave their own choice out, so the
    reader can add 2021 to 2022. The other facets count the narrowed results."""
    outcome = search_articles(query="*", filters={"year": [["2022"]]})
    assert ids(outcome) == [world["articles"]["mai"].pk]
    years = [(v.value, v.count, v.selected) for v in outcome.facets["year"]]
    assert years == [("2023", 1, False), ("2022", 1, True), ("2021", 1, False)]
    assert {v.label: v.count for v in outcome.facets["source"]} == {"Báo Điện Biên Phủ": 1}
    persons = {v.value for v in outcome.facets["person"]}
    assert persons == {"truong-thi-mai"}

    by_source = search_articles(query="*", filters={"source": [["bao-hau-giang"]]})
    sources = {v.label: (v.count, v.selected) for v in by_source.facets["source"]}
    assert sources == {"Báo Hậu Giang": (2, True), "Báo Điện Biên Phủ": (1, False)}


def test_date_range_and_newest_first(world):
    a = world["articles"]
    ranged = search_articles(
        query="*", date_from=date(2022, 1, 1), date_to=date(2023, 12, 31), sort="newest"
    )
    assert ids(ranged) == [a["danh"].pk, a["mai"].pk]
    assert ids(search_articles(query="Đảng", sort="newest")) == [a["danh"].pk, a["mai"].pk]


def test_newest_first_puts_undated_articles_last(db):
    undated = make_article("Hội nghị cán bộ không rõ ngày")
    older = make_article("Hội nghị cán bộ năm 2019", published=date(2019, 5, 1))
    newer = make_article("Hội nghị cán bộ năm 2023", published=date(2023, 5, 1))
    index(undated, older, newer)
    for query in ("cán bộ", "*"):
        assert ids(search_articles(query=query, sort="newest")) == [newer.pk, older.pk, undated.pk]


def test_pages(db):
    articles = [
        make_article(f"Hội nghị cán bộ lần {n}", published=date(2020, 1, n)) for n in range(1, 6)
    ]
    index(*articles)
    first = search_articles(query="cán bộ", per_page=2, sort="newest")
    assert first.count == 5 and first.num_pages == 3
    assert ids(first) == [articles[4].pk, articles[3].pk]
    assert ids(search_articles(query="cán bộ", per_page=2, page=3, sort="newest")) == [
        articles[0].pk
    ]
    with pytest.raises(PageOutOfRange):
        search_articles(query="cán bộ", per_page=2, page=4)


def test_did_you_mean(world):
    outcome = search_articles(query="Trương Thị Maii")
    assert outcome.count == 0
    assert outcome.suggestion == "Trương Thị Mai"  # the capitals as typed
    assert search_articles(query="Trương Thị Mai").suggestion is None


def test_did_you_mean_prefers_what_stands_beside_the_other_words(db):
    """ "ngu" and "lu" are commoner than "nghi" and "lieu"; beside "quyet" and "Bac" they
    are not what the reader meant."""
    common = [
        make_article(f"Giấc ngủ và đội ngũ {n}", lead="Lũ về, lu nước đầy.") for n in range(3)
    ]
    resolution = make_article("Nghị quyết của Tỉnh ủy Bạc Liêu", lead="Thực hiện nghị quyết.")
    index(*common, resolution)
    assert search_articles(query="ngi quyet").suggestion == "nghi quyet"
    assert search_articles(query="Bac Liu").suggestion == "Bac Lieu"


def test_entity_pages_offered(world):
    for typed in ("21 – kl/tw", "21 kl/tw", '"21 KL/TW"', "21KL/TW", "21-kl-tw"):
        outcome = search_articles(query=typed)
        assert [o.url for o in outcome.offers] == [world["directive"].get_absolute_url()]
        assert outcome.count == search_articles(query="21-KL/TW").count > 0, typed
    for typed in ("Trương Thị Mai", "truong thi mai"):
        offers = search_articles(query=typed).offers
        assert [o.url for o in offers] == [world["persons"]["mai"].get_absolute_url()]
    assert search_articles(query="Trương Thị Mai Điện Biên").offers == []


def test_one_backend_search_per_page(world, monkeypatch):
    """Results, count, facets and suggestion all come from a single search of the index."""
    from search.engine import get_engine

    engine, calls = get_engine(), []
    original = engine.search

    def counting(request):
        calls.append(request.query.text)
        return original(request)

    monkeypatch.setattr(engine, "search", counting)
    outcome = search_articles(query="Trương Thị Maii", filters={"year": [["2022"]]})
    assert outcome.suggestion and calls == ["Trương Thị Maii"]


def test_host_is_a_facet_and_a_filter(world):
    """Captured pages carry their web host (issue 14): search counts and filters by it."""
    from archive.models import Article

    from .conftest import index

    danh, mai = world["articles"]["danh"], world["articles"]["mai"]
    Article.objects.filter(pk=danh.pk).update(host="baohaugiang.com.vn")
    Article.objects.filter(pk=mai.pk).update(host="baodienbienphu.info.vn")
    index(danh, mai)
    outcome = search_articles(query="Đảng")
    assert {(v.value, v.count) for v in outcome.facets["host"]} == {
        ("baohaugiang.com.vn", 1),
        ("baodienbienphu.info.vn", 1),
    }
    narrowed = search_articles(query="Đảng", filters={"host": [["baodienbienphu.info.vn"]]})
    assert [hit.id for hit in narrowed.hits] == [mai.pk]
    # One value an article: the host facet still offers the other host.
    assert {v.value for v in narrowed.facets["host"]} == {
        "baohaugiang.com.vn",
        "baodienbienphu.info.vn",
    }


def test_a_province_made_in_2025_finds_the_provinces_merged_into_it(db, client):
    """Cà Mau took in Bạc Liêu on 1 July 2025 (Resolution 202/2025/QH15)."""
    from archive.models import Province

    from .conftest import entity, index, make_article

    ca_mau = entity(Province, "Cà Mau", "ca-mau")
    bac_lieu = entity(Province, "Bạc Liêu", "bac-lieu")
    old = make_article("Bạc Liêu tổng kết công tác cán bộ", provinces=[bac_lieu])
    new = make_article("Cà Mau họp bàn nhân sự", provinces=[ca_mau])
    index(old, new)
    data = client.get("/api/search", {"province": "ca-mau"}).json()
    assert {r["id"] for r in data["results"]} == {old.pk, new.pk}
    data = client.get("/api/search", {"province": "bac-lieu"}).json()
    assert [r["id"] for r in data["results"]] == [old.pk]
