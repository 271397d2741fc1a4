"""Articles and entities for search tests, segmented as the import does it."""

import hashlib
import itertools
from datetime import date

import pytest

from archive.models import (
    Article,
    Directive,
    DirectiveMention,
    Organization,
    OrganizationMention,
    Person,
    PersonMention,
    Province,
    ProvinceMention,
    Source,
)
from archive.text import segment
from archive.text.segment import words_line
from search.indexing import update_articles

_numbers = itertools.count(1)

ENGINES = ["whoosh", "postgres"]


@pytest.fixture(params=ENGINES)
def search_engine(request, settings, data_dir):
    """Each test that uses it runs on both engines. The PostgreSQL engine searches the
    archive's own database: it runs when the suite runs on PostgreSQL (bin/test's second
    run, DATABASE_URL set) and is skipped on SQLite."""
    from django.db import connection

    from search.engine import reset_engines

    if request.param == "postgres":
        if connection.vendor != "postgresql":
            pytest.skip("the PostgreSQL engine needs the archive on PostgreSQL (DATABASE_URL)")
        settings.ARCHIVE_SEARCH = {"ENGINE": "postgres"}
        reset_engines()
    yield request.param
    reset_engines()


def segmented(article):
    """What the import stores in Article.segmented: one line of words per document part."""
    return "\n".join(words_line(segment(text)) for _kind, text in article.document_parts())


def make_article(
    title,
    *,
    lead="",
    paragraphs=(),
    captions=(),
    published=None,
    source=None,
    persons=(),
    organizations=(),
    directives=(),
    provinces=(),
):
    n = next(_numbers)
    raw = "\n".join([title, lead, *paragraphs, *captions])
    article = Article(
        title=title,
        lead=lead,
        paragraphs=list(paragraphs),
        captions=list(captions),
        published=published,
        source=source,
        raw_text=raw,
        source_path=f"test/{n}.txt",
        content_hash=hashlib.sha256(f"{n}:{raw}".encode()).hexdigest(),
    )
    article.segmented = segmented(article)
    article.save()
    for person in persons:
        PersonMention.objects.create(article=article, person=person)
    for organization in organizations:
        OrganizationMention.objects.create(article=article, organization=organization)
    for directive in directives:
        DirectiveMention.objects.create(article=article, directive=directive)
    for province in provinces:
        ProvinceMention.objects.create(article=article, province=province)
    return article


def entity(model, name, slug, **extra):
    obj = model(name=name, slug=slug, **extra)
    obj.refresh_folded()
    obj.save()
    return obj


def index(*articles):
    update_articles([a.pk for a in articles])
    return articles


@pytest.fixture
def world(db):
    """A few articles about cadre work, with their sources, people, bodies and documents."""
    bao_dbp = Source.objects.create(name="Báo Điện Biên Phủ", slug="bao-dien-bien-phu")
    bao_hg = Source.objects.create(name="Báo Hậu Giang", slug="bao-hau-giang")
    danh = entity(Person, "Ngô Thanh Danh", "ngo-thanh-danh")
    mai = entity(Person, "Trương Thị Mai", "truong-thi-mai")
    tinh_uy = entity(Organization, "Tỉnh ủy Đồng Tháp", "tinh-uy-dong-thap")
    ban_to_chuc = entity(Organization, "Ban Tổ chức Trung ương", "ban-to-chuc-trung-uong")
    dong_thap = entity(Province, "Đồng Tháp", "dong-thap")
    dien_bien = entity(Province, "Điện Biên", "dien-bien")
    kl21 = entity(
        Directive, "Kết luận số 21-KL/TW", "21-kl-tw", key="21-KL/TW", kind="Kết luận", number="21"
    )
    articles = {
        "danh": make_article(
            "Bí thư Tỉnh ủy Ngô Thanh Danh làm việc với Ban Tổ chức",
            lead="Đồng chí Ngô Thanh Danh, Bí thư Tỉnh ủy Đồng Tháp, chủ trì buổi làm việc.",
            paragraphs=["Tỉnh ủy quán triệt Kết luận số 21 – KL/TW về xây dựng Đảng."],
            published=date(2023, 5, 4),
            source=bao_hg,
            persons=[danh],
            organizations=[tinh_uy, ban_to_chuc],
            directives=[kl21],
            provinces=[dong_thap],
        ),
        "mai": make_article(
            "Đồng chí Trương Thị Mai thăm Điện Biên",
            lead="Trưởng Ban Tổ chức Trung ương Trương Thị Mai làm việc tại tỉnh Điện Biên.",
            paragraphs=["Công tác cán bộ, xây dựng Đảng là nhiệm vụ then chốt."],
            published=date(2022, 3, 1),
            source=bao_dbp,
            persons=[mai],
            organizations=[ban_to_chuc],
            provinces=[dien_bien],
        ),
        "thuy": make_article(
            "Thuỷ lợi và hoá chất trong nông nghiệp",
            lead="Ngành thuỷ lợi tỉnh Đồng Tháp triển khai kế hoạch số 23/KH-UBND.",
            paragraphs=["Hợp tác xã dùng hoá chất an toàn; uỷ ban xã giám sát."],
            published=date(2021, 7, 9),
            source=bao_hg,
            provinces=[dong_thap],
        ),
    }
    index(*articles.values())
    return {
        "articles": articles,
        "sources": {"dbp": bao_dbp, "hg": bao_hg},
        "persons": {"danh": danh, "mai": mai},
        "directive": kl21,
        "organizations": {"tinh_uy": tinh_uy, "ban": ban_to_chuc},
        "provinces": {"dong_thap": dong_thap, "dien_bien": dien_bien},
    }
