"""Reading pages: article text with its mentions linked, entity pages, indexes, languages."""

import datetime
from urllib.parse import urlencode

import pytest
from django.db.models import Count
from django.urls import reverse

from archive.models import (
    Article,
    Directive,
    DirectiveMention,
    Method,
    Organization,
    OrganizationMention,
    Person,
    PersonMention,
    Province,
    ProvinceMention,
    Source,
    unique_slug,
)

MAI_TITLES = ["Ủy viên Bộ Chính trị", "Bí thư Trung ương Đảng", "Trưởng ban Tổ chức Trung ương"]


def make_entity(model, name, aliases=(), **fields):
    entity = model(name=name, slug=unique_slug(model, name), aliases=list(aliases), **fields)
    entity.refresh_folded()
    entity.save()
    return entity


def link(article, entity, *surfaces, **fields):
    """A mention of entity at every place article.full_text writes one of surfaces."""
    text = article.full_text
    spans = []
    for surface in surfaces:
        start = text.find(surface)
        while start != -1:
            spans.append([start, start + len(surface)])
            start = text.find(surface, start + len(surface))
    spans.sort()
    assert spans, f"{surfaces} not in article {article.pk}"
    sentence_start = text.rfind("\n", 0, spans[0][0]) + 1
    sentence_end = text.find("\n", spans[0][1])
    model, field = {
        Person: (PersonMention, "person"),
        Organization: (OrganizationMention, "organization"),
        Directive: (DirectiveMention, "directive"),
        Province: (ProvinceMention, "province"),
    }[type(entity)]
    return model.objects.create(
        article=article,
        **{field: entity},
        spans=spans,
        count=len(spans),
        first_offset=spans[0][0],
        method=fields.pop("method", Method.RULE),
        sentence=text[sentence_start : sentence_end if sentence_end != -1 else None],
        **fields,
    )


def build_archive():
    """Four articles shaped like the seeds, with their people, bodies and documents linked."""
    pl = Source.objects.create(name="Phapluatmoitruong.vn", slug="phapluatmoitruong-vn")
    dbp = Source.objects.create(name="Báo Điện Biên Phủ", slug="bao-dien-bien-phu")
    mai = make_entity(Person, "Trương Thị Mai", aliases=["bà Mai"])
    quang = make_entity(Person, "Hoàng Đăng Quang")
    hung = make_entity(Person, "Lữ Văn Hùng")
    danh = make_entity(Person, "Ngô Thanh Danh")
    quang_ngai = make_entity(Province, "Quảng Ngãi")
    bac_lieu = make_entity(Province, "Bạc Liêu")
    dak_nong = make_entity(Province, "Đắk Nông")
    btctw = make_entity(Organization, "Ban Tổ chức Trung ương", aliases=["BTCTW"])
    tu_dak_nong = make_entity(Organization, "Tỉnh ủy Đắk Nông", province=dak_nong)
    kl21 = make_entity(
        Directive,
        "Kết luận số 21-KL/TW",
        aliases=["Kết luận số 21 – KL/TW"],
        key="21-KL/TW",
        symbol="21-KL/TW",
        kind="Kết luận",
        number="21",
        issuer="TW",
        issuing_body="Ban Chấp hành Trung ương Đảng",
        issued=datetime.date(2021, 10, 25),
        term="XIII",
        scope="khóa XIII",
    )
    kh03 = make_entity(
        Directive,
        "Kế hoạch số 03-KH/TW",
        key="03-KH/TW",
        symbol="03-KH/TW",
        kind="Kế hoạch",
        number="03",
        issuer="TW",
        term="XIII",
        scope="khóa XIII",
    )

    giao_ban = Article.objects.create(
        source=pl,
        published=datetime.date(2022, 6, 29),
        source_path="seeds/003.txt",
        content_hash="003",
        raw_text="(raw 003) <b>&",
        title="Hội nghị giao ban công tác xây dựng Đảng 9 tỉnh miền Trung – Tây Nguyên",
        lead="Chiều 29/6, tại Tp. Quảng Ngãi vừa diễn ra Hội nghị giao ban công tác tổ chức "
        "xây dựng Đảng 9 tỉnh khu vực miền Trung Tây Nguyên năm 2022.",
        paragraphs=[
            "Ủy viên Bộ Chính trị, Bí thư Trung ương Đảng, Trưởng ban Tổ chức Trung ương "
            "Trương Thị Mai; Ủy viên Trung ương Đảng, Phó Trưởng ban Tổ chức Trung ương "
            "Hoàng Đăng Quang đồng chủ trì Hội nghị.",
            "Bà Mai đề nghị thực hiện nghiêm Kết luận số 21-KL/TW; tỷ lệ đảng viên trẻ <30 "
            "tuổi> tăng & ổn định.",
        ],
        captions=["Trương Thị Mai phát biểu tại Hội nghị."],
        authors=["Hoàng Anh"],
    )
    link(giao_ban, mai, "Trương Thị Mai", "Bà Mai", positions=MAI_TITLES)
    link(
        giao_ban,
        quang,
        "Hoàng Đăng Quang",
        positions=["Ủy viên Trung ương Đảng", "Phó Trưởng ban Tổ chức Trung ương"],
    )
    link(giao_ban, btctw, "ban Tổ chức Trung ương")
    link(giao_ban, kl21, "Kết luận số 21-KL/TW", surface=["Kết luận số 21-KL/TW"])
    link(giao_ban, quang_ngai, "Quảng Ngãi")

    dang_vien = Article.objects.create(
        source=pl,
        published=datetime.date(2022, 1, 13),
        source_path="seeds/001.txt",
        content_hash="001",
        raw_text="(raw 001)",
        title="Cả nước có 5.248.607 đảng viên",
        lead="Sáng 13/1, Ban Tổ chức Trung ương tổ chức hội nghị toàn quốc tổng kết công tác "
        "tổ chức xây dựng Đảng năm 2021.",
        paragraphs=[
            "Đồng chí Lữ Văn Hùng - Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy chủ trì hội nghị "
            "tại điểm cầu Bạc Liêu.",
            "Trưởng ban Tổ chức Trung ương Trương Thị Mai yêu cầu triển khai Kết luận số 21-KL/TW.",
        ],
    )
    link(dang_vien, mai, "Trương Thị Mai", positions=["Trưởng ban Tổ chức Trung ương"])
    link(dang_vien, hung, "Lữ Văn Hùng", positions=["Ủy viên Trung ương Đảng", "Bí thư Tỉnh ủy"])
    link(dang_vien, btctw, "Ban Tổ chức Trung ương")
    link(dang_vien, kl21, "Kết luận số 21-KL/TW", surface=["Kết luận số 21-KL/TW"])
    link(dang_vien, bac_lieu, "Bạc Liêu")

    untitled = Article.objects.create(
        source=dbp,
        published=datetime.date(2022, 1, 10),
        source_path="seeds/000.txt",
        content_hash="000",
        raw_text="(raw 000)",
        title="",
        lead="Đ/c Ngô Thanh Danh, Bí thư Tỉnh ủy Đắk Nông yêu cầu làm tốt khâu cán bộ.",
        paragraphs=[
            "Tỉnh ủy Đắk Nông triển khai Kết luận số 21 – KL/TW và Kế hoạch số "
            "03-KH/TW của Bộ Chính trị."
        ],
    )
    link(untitled, danh, "Ngô Thanh Danh", positions=["Bí thư Tỉnh ủy"])
    link(untitled, tu_dak_nong, "Tỉnh ủy Đắk Nông")
    link(untitled, dak_nong, "Đắk Nông")
    link(untitled, kl21, "Kết luận số 21 – KL/TW", surface=["Kết luận số 21 – KL/TW"])
    link(untitled, kh03, "Kế hoạch số 03-KH/TW", surface=["Kế hoạch số 03-KH/TW"])

    undated = Article.objects.create(
        source_path="corpus/9.txt",
        content_hash="9",
        raw_text="(raw 9)",
        title="Bà Trương Thị Mai làm việc với Ban Tổ chức Trung ương",
        lead="Đồng chí Trương Thị Mai, Trưởng Ban Dân vận Trung ương, làm việc.",
    )
    link(undated, mai, "Trương Thị Mai", positions=["Trưởng Ban Dân vận Trung ương"])
    return {
        "giao_ban": giao_ban,
        "dang_vien": dang_vien,
        "untitled": untitled,
        "undated": undated,
        "mai": mai,
        "quang": quang,
        "hung": hung,
        "danh": danh,
        "kl21": kl21,
        "kh03": kh03,
        "btctw": btctw,
        "dak_nong": dak_nong,
        "tu_dak_nong": tu_dak_nong,
        "quang_ngai": quang_ngai,
        "pl": pl,
    }


@pytest.fixture
def archive(db):
    return build_archive()


def _html(response):
    assert response.status_code == 200
    return response.content.decode()


def test_article_page_links_every_mention_in_the_text(client, archive):
    html = _html(client.get(archive["giao_ban"].get_absolute_url()))
    assert '<html lang="vi">' in html
    assert f'<h1 id="article-h" lang="vi">{archive["giao_ban"].title}</h1>' in html
    assert '<time datetime="2022-06-29">29/06/2022</time>' in html
    assert "Phapluatmoitruong.vn" in html and "Hoàng Anh" in html
    mai = archive["mai"].get_absolute_url()
    # the full name, the later short reference and the caption all link to her page
    assert f'href="{mai}" title="Nhân vật: Trương Thị Mai">Trương Thị Mai</a>;' in html
    assert f'href="{mai}" title="Nhân vật: Trương Thị Mai">Bà Mai</a> đề nghị' in html
    assert f'href="{mai}" title="Nhân vật: Trương Thị Mai">Trương Thị Mai</a> phát biểu' in html
    assert (
        f'href="{archive["kl21"].get_absolute_url()}" title="Văn bản: Kết luận 21-KL/TW">'
        "Kết luận số 21-KL/TW</a>"
    ) in html
    assert f'href="{archive["btctw"].get_absolute_url()}"' in html
    assert 'class="mention mention-province" href="/provinces/quang-ngai/"' in html


def test_article_text_is_escaped(client, archive):
    html = _html(client.get(archive["giao_ban"].get_absolute_url()))
    assert "đảng viên trẻ &lt;30 tuổi&gt; tăng &amp; ổn định" in html
    assert "<30 tuổi>" not in html


def test_article_page_lists_entities_with_positions_and_related_articles(client, archive):
    html = _html(client.get(archive["giao_ban"].get_absolute_url()))
    aside = html[html.index('<aside class="entities"') : html.index("</aside>")]
    for title in MAI_TITLES + ["Phó Trưởng ban Tổ chức Trung ương"]:
        assert f"<li>{title}</li>" in aside
    assert "×3" in aside  # Trương Thị Mai is named three times
    related = html[html.index('id="related-h"') :]
    assert archive["dang_vien"].get_absolute_url() in related
    # the article sharing her, the conclusion and the department ranks first
    assert related.index(archive["dang_vien"].get_absolute_url()) < related.index(
        archive["untitled"].get_absolute_url()
    )
    assert reverse("archive:article_raw", args=[archive["giao_ban"].pk]) in html
    assert "seeds/003.txt" in html


def test_article_without_headline_shows_its_derived_label_marked(client, archive):
    html = _html(client.get(archive["untitled"].get_absolute_url()))
    assert '<h1 id="article-h" class="derived" lang="vi">Đ/c Ngô Thanh Danh, Bí thư Tỉnh ủy' in html
    assert "nhãn lấy từ sapo" in html
    # "Tỉnh ủy Đắk Nông" holds the province "Đắk Nông": the longer, the organisation, wins
    assert ('title="Tổ chức: Tỉnh ủy Đắk Nông">Tỉnh ủy Đắk Nông</a> triển khai') in html


def test_raw_text_is_served_as_plain_text(client, archive):
    response = client.get(reverse("archive:article_raw", args=[archive["giao_ban"].pk]))
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == "(raw 003) <b>&"


def test_stale_spans_are_not_linked(client, archive):
    mention = archive["danh"].mentions.get()
    mention.spans = [[5000, 5010], [3, 1], ["x"]]
    mention.save()
    html = _html(client.get(archive["untitled"].get_absolute_url()))
    assert 'href="/people/ngo-thanh-danh/" title' not in html  # not in the text
    assert 'href="/people/ngo-thanh-danh/">Ngô Thanh Danh</a>' in html  # still beside it


def give_tenures(archive):
    """Mai's offices as import would record them from the mentions' titles."""
    from archive.extract.offices import resolve
    from archive.offices.building import office_for
    from archive.offices.models import Tenure, TenureEvidence

    for mention in PersonMention.objects.filter(person=archive["mai"]):
        for title in mention.positions:
            ref = resolve(title)
            tenure, _ = Tenure.objects.get_or_create(
                office=office_for(ref, mention.person), person=mention.person
            )
            TenureEvidence.objects.create(tenure=tenure, article=mention.article, title=title)
            tenure.refresh_dates()
            tenure.save()


def test_person_page(client, archive):
    give_tenures(archive)
    html = _html(client.get(archive["mai"].get_absolute_url()))
    assert '<h1 lang="vi">Trương Thị Mai</h1>' in html
    assert '<span class="alias" lang="vi">bà Mai</span>' in html
    assert "3 bài" in html and "từ 13/01/2022 đến 29/06/2022" in html
    # the career: offices in order of the first article naming her in them, with dates
    career = html[html.index('class="career"') : html.index('id="articles-h"')]
    assert '<svg class="chart-svg career"' in career and 'id="career-title"' in career
    table = career[career.index('class="career-table"') :]
    assert table.index("Trưởng Ban Tổ chức Trung ương") < table.index("Ủy viên Bộ Chính trị")
    assert (
        '<a href="/offices/truong-ban-to-chuc-trung-uong/">Trưởng Ban Tổ chức Trung ương</a>'
        "</th><td>13/01/2022</td><td>29/06/2022</td><td>—</td>" in table
    )
    assert "Trưởng Ban Dân vận Trung ương" in table and "không rõ ngày" in table
    # articles newest first, the undated last
    articles = html[html.index('id="articles-h"') :]
    order = [
        articles.index(archive[k].get_absolute_url()) for k in ("giao_ban", "dang_vien", "undated")
    ]
    assert order == sorted(order)
    assert "<mark>Trương Thị Mai</mark>" in articles
    assert 'href="/people/hoang-dang-quang/"' in html  # mentioned with her
    assert '<svg class="chart-svg wide"' in html and '<title id="per-month-title">' in html
    assert '<td class="num">1</td>' in html  # the chart's table
    assert 'href="/search/?person=truong-thi-mai"' in html


def test_directive_page(client, archive):
    html = _html(client.get(archive["kl21"].get_absolute_url()))
    assert '<h1 lang="vi">Kết luận 21-KL/TW</h1>' in html
    for fact in ("Ban Chấp hành Trung ương Đảng", "25/10/2021", "XIII", "Kết luận"):
        assert fact in html
    assert "Kết luận số 21 – KL/TW" in html  # another spelling seen
    assert "Bà Mai đề nghị thực hiện nghiêm <mark>Kết luận số 21-KL/TW</mark>" in html
    assert "triển khai <mark>Kết luận số 21 – KL/TW</mark>" in html
    assert 'id="per-province-title"' in html
    for province in ("Quảng Ngãi", "Bạc Liêu", "Đắk Nông"):
        assert f">{province}</text>" in html
    assert 'href="/directives/ke-hoach-so-03-kh-tw/"' in html  # cited together
    assert f'href="/search/?directive={archive["kl21"].slug}"' in html  # this document only


def test_organization_and_province_pages(client, archive):
    html = _html(client.get(archive["btctw"].get_absolute_url()))
    assert '<h1 lang="vi">Ban Tổ chức Trung ương</h1>' in html and "BTCTW" in html
    assert 'href="/people/truong-thi-mai/"' in html
    html = _html(client.get(archive["dak_nong"].get_absolute_url()))
    assert '<h1 lang="vi">Đắk Nông</h1>' in html
    assert 'href="/organizations/tinh-uy-dak-nong/"' in html  # its own bodies
    assert 'href="/people/ngo-thanh-danh/"' in html


def test_home_tells_what_the_archive_holds(client, archive):
    html = _html(client.get("/"))
    assert "<strong>4</strong> bài báo" in html
    assert "Bài đăng từ 10/01/2022 đến 29/06/2022." in html
    assert 'action="/search/"' in html and 'name="q"' in html
    top = html[html.index('id="top-people-h"') :]
    assert top.index("Trương Thị Mai") < top.index("Hoàng Đăng Quang")
    assert 'href="/directives/ket-luan-so-21-kl-tw/"' in html


def test_article_list_by_year(client, archive):
    html = _html(client.get("/articles/?year=2022"))
    assert "3 bài, mới nhất trước." in html
    assert client.get("/articles/?year=abc").status_code == 404


@pytest.mark.parametrize(
    "url, present, absent",
    [
        ("/people/?q=truong+thi+mai", "Trương Thị Mai", "Lữ Văn Hùng"),
        ("/people/?q=TRƯƠNG", "Trương Thị Mai", "Ngô Thanh Danh"),
        ("/people/?q=ba+mai", "Trương Thị Mai", "Hoàng Đăng Quang"),  # an alias
        ("/organizations/?q=tinh+uy+dak+nong", "Tỉnh ủy Đắk Nông", "Ban Tổ chức Trung ương"),
        ("/directives/?q=21+–+kl/tw", "Kết luận 21-KL/TW", "Kế hoạch 03-KH/TW"),
        ("/directives/?kind=Kế+hoạch", "Kế hoạch 03-KH/TW", "Kết luận 21-KL/TW"),
        ("/provinces/?q=dak", "Đắk Nông", "Quảng Ngãi"),
    ],
)
def test_index_filters_ignore_accents(client, archive, url, present, absent):
    html = _html(client.get(url))
    table = html[html.index("<main") :]
    assert present in table and absent not in table


def test_index_sorts_and_paginates(client, archive):
    html = _html(client.get("/people/?sort=name"))
    names = ["Hoàng Đăng Quang", "Lữ Văn Hùng", "Ngô Thanh Danh", "Trương Thị Mai"]
    assert [html.index(n) for n in names] == sorted(html.index(n) for n in names)
    html = _html(client.get("/people/?sort=articles"))
    assert html.index("Trương Thị Mai") < html.index("Hoàng Đăng Quang")
    assert _html(client.get("/people/?sort=bogus"))  # falls back to the default order


def test_recent_sort_puts_entities_never_dated_last(client, archive):
    # PostgreSQL sorts NULL above every date in descending order; SQLite below.
    nobody_dated = make_entity(Person, "Đặng Thị Không Ngày")
    link(archive["undated"], nobody_dated, "Ban Tổ chức Trung ương")
    html = _html(client.get("/people/?sort=recent"))
    newest_first = ["Hoàng Đăng Quang", "Lữ Văn Hùng", "Ngô Thanh Danh", "Đặng Thị Không Ngày"]
    assert [html.index(n) for n in newest_first] == sorted(html.index(n) for n in newest_first)


@pytest.mark.parametrize(
    "url",
    [
        "/people/nobody/",
        "/organizations/nobody/",
        "/directives/nothing/",
        "/provinces/atlantis/",
        "/articles/99999/",
        "/articles/99999/raw/",
        "/people/?page=2",
        "/people/?page=abc",
        "/people/truong-thi-mai/?page=9",
    ],
)
def test_unknown_slug_or_page_is_404(client, archive, url):
    assert client.get(url).status_code == 404


def test_switching_language_keeps_a_long_search(client, db):
    """Django alone sends a next URL over 2,048 characters to "/"."""
    query = "ả" * 500
    next_url = "/search/?" + urlencode({"q": query})
    response = client.post(reverse("set_language"), {"language": "en", "next": next_url})
    assert response.status_code == 302 and response["Location"] == next_url
    for unsafe in ("https://elsewhere.example/search/?q=x", "//elsewhere.example/?q=x"):
        response = client.post(reverse("set_language"), {"language": "en", "next": unsafe})
        assert "elsewhere" not in response["Location"]


def test_english_interface(client, archive):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/people/"})
    assert response.status_code == 302
    html = _html(client.get("/people/"))
    assert '<html lang="en">' in html
    assert "Filter by name" in html and "Lọc theo tên" not in html
    html = _html(client.get(archive["giao_ban"].get_absolute_url()))
    assert "29 Jun 2022" in html and "In this article" in html
    html = _html(client.get(archive["mai"].get_absolute_url()))
    assert "Offices over time" in html


def test_vietnamese_by_default(client, archive):
    html = _html(client.get("/"))
    assert '<html lang="vi">' in html and "Nhân vật được nhắc nhiều nhất" in html
    assert 'name="language" value="en"' in html  # the switch


def test_empty_archive_home_explains_how_to_import(client, db):
    html = _html(client.get("/"))
    assert "import_articles" in html


def test_not_found_page_helps_the_reader_on(client, archive):
    response = client.get("/people/nobody/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy trang" in html and 'action="/search/"' in html


def test_monthly_chart_draws_empty_months_as_gaps_and_lists_its_numbers():
    from archive import charts

    chart = charts.monthly(
        {datetime.date(2021, 11, 1): 2, datetime.date(2022, 2, 1): 5},
        ident="c",
        title="Số bài <theo> tháng",
    )
    assert chart.rows == [("11/2021", 2, ""), ("02/2022", 5, "")]
    assert chart.svg.count('<rect class="bar"') == 2  # December and January are gaps
    assert '<title id="c-title">Số bài &lt;theo&gt; tháng</title>' in chart.svg
    assert "7 bài từ 11/2021 đến 02/2022; nhiều nhất vào 02/2022 (5 bài)." in chart.desc
    assert 'aria-labelledby="c-title c-desc"' in chart.svg
    assert charts.monthly({}, ident="c", title="t") is None


def test_ranked_chart_escapes_labels_and_links_them():
    from archive import charts

    chart = charts.ranked(
        [("Bà Rịa – Vũng Tàu", 1, "/provinces/ba-ria/"), ("A&B <x>", 3, "")],
        ident="r",
        title="t",
        label_heading="Tỉnh",
    )
    assert [row[0] for row in chart.rows] == ["A&B <x>", "Bà Rịa – Vũng Tàu"]  # largest first
    assert "A&amp;B &lt;x&gt;" in chart.svg and "<x>" not in chart.svg
    assert '<a href="/provinces/ba-ria/">' in chart.svg


def test_the_most_mentioned_and_the_busiest_outlets_count_and_break_ties_by_name(db):
    """The home page's lists, counted on the mention table alone, in annotate()'s order."""
    from archive.kinds import BY_NAME
    from tests.search.conftest import entity, make_article

    people = {
        name: entity(Person, name, slug)
        for name, slug in [("Ông Ba", "ong-ba"), ("Ánh", "anh"), ("Bình", "binh"), ("Châu", "chau")]
    }
    outlets = [Source.objects.create(name=n, slug=s) for n, s in [("Zeta", "z"), ("Alpha", "a")]]
    named = [["Ông Ba", "Ánh"], ["Ông Ba", "Bình"], ["Ông Ba", "Ánh", "Bình"], ["Châu"]]
    for k, names in enumerate(named):
        make_article(f"Bài {k}", source=outlets[k % 2], persons=[people[n] for n in names])
    top = BY_NAME["person"].most_mentioned(3)
    assert [(p.name, p.n) for p in top] == [("Ông Ba", 3), ("Ánh", 2), ("Bình", 2)]
    expected = Person.objects.annotate(n=Count("mentions")).order_by("-n", "folded")[:3]
    assert [(p.pk, p.n) for p in top] == [(p.pk, p.n) for p in expected]
    assert [(s.name, s.n) for s in Source.objects.busiest(5)] == [("Alpha", 2), ("Zeta", 2)]
    Source.objects.create(name="Beta", slug="b")  # no article yet: last, with 0
    assert [(s.name, s.n) for s in Source.objects.busiest(5)][-1] == ("Beta", 0)
