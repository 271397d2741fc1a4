"""The directive registry: relations between documents, short names, subjects, signers,
unreadable dates; extracted from real sentences, stored at import, recomputed by command."""

import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from archive.curation import merge_entities
from archive.models import Article, Directive, DirectiveFact, DirectiveRelation
from tests.archive.test_extract import extract, seed


def relations(entities):
    keys = [d.key for d in entities.directives]
    return [(keys[r.source], r.kind, keys[r.target]) for r in entities.relations]


def facts(entities):
    return {d.key: [(f.kind, f.value) for f in d.facts] for d in entities.directives if d.facts}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # corpus 21474359.txt: one amends, the amended one guides a decree
        (
            "Bộ Tài chính ban hành Thông tư 333/2016/TT-BTC sửa đổi, bổ sung Thông tư "
            "77/2014/TT-BTC hướng dẫn Nghị định 46/2014/NĐ-CP quy định về thu tiền thuê đất, "
            "thuê mặt nước.",
            [
                ("333/2016/TT-BTC", "amends", "77/2014/TT-BTC"),
                ("77/2014/TT-BTC", "guides", "46/2014/NĐ-CP"),
            ],
        ),
        # corpus 22650225.txt
        (
            "Ngày 30/6/2017, Thủ tướng Chính phủ Nguyễn Xuân Phúc vừa ký Quyết định số "
            "24/2017/QĐ-TTg, thay thế Quyết định số 69/2013/QĐ-TTg về cơ chế điều chỉnh mức giá "
            "bán lẻ điện bình quân.",
            [("24/2017/QĐ-TTG", "replaces", "69/2013/QĐ-TTG")],
        ),
        # corpus: a city's plan carrying out the city Party committee's directive
        (
            "UBND thành phố ban hành Kế hoạch số 23/KH-UBND về Tổ chức thực hiện Chỉ thị số "
            "15-CT/TU, ngày 16-12-2016, của Thành ủy “Về tăng cường sự lãnh đạo của Đảng đối "
            "với công tác bảo đảm trật tự đô thị”.",
            [("23/KH-UBND", "implements", "15-CT/TU")],
        ),
        (
            "Ban Bí thư ban hành Kết luận số 11-KL/TW về việc tiếp tục thực hiện Chỉ thị số "
            "08-CT/TW của Ban Bí thư khóa XI về tăng cường sự lãnh đạo của Đảng đối với công tác "
            "phòng, chống tội phạm.",
            [("11-KL/TW", "implements", "08-CT/TW")],
        ),
        (
            "Chỉ thị 26/CT-TTg của Thủ tướng về tiếp tục triển khai hiệu quả Nghị quyết số "
            "35/NQ-CP ngày 16/5/2016 theo tinh thần Chính phủ đồng hành cùng doanh nghiệp.",
            [("26/CT-TTG", "implements", "35/NQ-CP")],
        ),
        # the clause opens with what is carried out, the document issued comes after
        (
            "Thực hiện Kết luận số 21-KL/TW của Ban Chấp hành Trung ương khóa XIII, Ban Thường "
            "vụ Tỉnh ủy Quảng Ngãi đã ban hành Kế hoạch số 23-KH/TU về đẩy mạnh xây dựng, "
            "chỉnh đốn Đảng.",
            [("23-KH/TU", "implements", "21-KL/TW")],
        ),
        # someone else acts: nothing is said of what Chỉ thị 05 is to Nghị quyết 18
        (
            "Chỉ thị số 05-CT/TU yêu cầu thực hiện nghiêm Nghị quyết số 18-NQ/TW của Ban Chấp "
            "hành Trung ương.",
            [],
        ),
        (
            "Quán triệt Nghị quyết số 18-NQ/TW; Tỉnh ủy ban hành Quy định số 02-QĐ/TU về cán bộ.",
            [],
        ),
        # corpus: the actor carries out both; another document carries out the resolution
        (
            "Thực hiện nghiêm túc, có hiệu quả Nghị quyết Hội nghị Trung ương 4 (Khóa XII) về "
            "tăng cường xây dựng, chỉnh đốn Đảng gắn với thực hiện Chỉ thị số 05-CT/TW của Bộ "
            "Chính trị.",
            [],
        ),
        (
            "Công tác quán triệt Nghị quyết Đại hội XII của Đảng, Chỉ thị số 05 của Bộ Chính trị "
            "và Chương trình hành động của MTTQ Việt Nam thực hiện Nghị quyết Trung ương 4 khóa "
            "XII về công tác xây dựng Đảng được triển khai.",
            [],
        ),
        # corpus: "quy định chi tiết thi hành" is guidance
        (
            "Căn cứ quy định tại điểm a khoản 3 Điều 17 Thông tư 24/2014/TT-BCT quy định chi "
            "tiết thi hành một số điều của Nghị định số 42/2014/NĐ-CP ngày 14 tháng 5 năm 2014 "
            "của Chính phủ về quản lý hoạt động bán hàng đa cấp.",
            [("24/2014/TT-BCT", "guides", "42/2014/NĐ-CP")],
        ),
        # corpus 31956.txt: the part of the document amended
        (
            "Chính phủ ban hành Nghị định số 49/2017/NĐ-CP sửa đổi, bổ sung Điều 15 của Nghị "
            "định số 25/2011/NĐ-CP và Điều 30 của Nghị định số 174/2013/NĐ-CP.",
            [("49/2017/NĐ-CP", "amends", "25/2011/NĐ-CP")],
        ),
        # corpus 34538.txt: a law named before its number
        (
            "Về luật số 12/2017/QH14 sửa đổi, bổ sung một số điều của Bộ luật Hình sự số "
            "100/2015/QH13, ông Lê Thành cho biết.",
            [("12/2017/QH14", "amends", "100/2015/QH13")],
        ),
        # corpus 34592.txt: when a code takes effect is not carrying it out
        (
            "Quốc hội thông qua Nghị quyết số 41/2017/QH14 về việc thi hành Bộ luật Hình sự số "
            "100/2015/QH13 và về hiệu lực thi hành của Bộ luật tố tụng hình sự số "
            "101/2015/QH13.",
            [("41/2017/QH14", "implements", "100/2015/QH13")],
        ),
        # corpus 31956.txt: the decree guides a law, not the next decree
        (
            "Nghị định 49/2017/NĐ-CP sửa đổi Điều 15 của Nghị định số 25/2011/NĐ-CP ngày "
            "06/4/2011 của Chính phủ quy định chi tiết và hướng dẫn thi hành một số điều của Luật "
            "viễn thông và Điều 30 của Nghị định số 174/2013/NĐ-CP ngày 13/11/2013.",
            [("49/2017/NĐ-CP", "amends", "25/2011/NĐ-CP")],
        ),
        # corpus 34911.txt: a passive in brackets
        (
            "Thực hiện quy định của Nghị định 163/2006/NĐ-CP (sửa đổi, bổ sung bởi Nghị định "
            "11/2012/NĐ-CP) về bên thế chấp.",
            [("11/2012/NĐ-CP", "amends", "163/2006/NĐ-CP")],
        ),
        # corpus: the passive, the other way round
        (
            "Bên thế chấp được giữ bản chính giấy đăng ký xe theo Nghị định 163/2006/NĐ-CP, "
            "và được sửa đổi, bổ sung tại Nghị định 11/2012/NĐ-CP.",
            [("11/2012/NĐ-CP", "amends", "163/2006/NĐ-CP")],
        ),
    ],
)
def test_relations_stated_in_a_sentence(text, expected):
    assert relations(extract(text)) == expected


def test_seed_004_plan_carrying_out_a_conclusion_and_a_summary_of_three_resolutions():
    entities = seed("004")
    assert relations(entities) == [
        ("03-KH/TW", "implements", "21-KL/TW"),
        ("74-KL/TW", "summarises", "18-NQ/TW"),
        ("74-KL/TW", "summarises", "19-NQ/TW"),
        ("74-KL/TW", "summarises", "39-NQ/TW"),
    ]
    summary = entities.relations[1]
    assert summary.sentence.startswith(
        "Tiếp tục tham mưu triển khai thực hiện Kết luận số 74-KL/TW"
    )
    found = facts(entities)
    # "Kết luận Hội nghị lần thứ tư ... (khóa XIII)" is another name of 21-KL/TW
    assert found["21-KL/TW"] == [
        ("short_name", "Kết luận Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng (khóa XIII)"),
        ("subject", "đẩy mạnh xây dựng, chỉnh đốn Đảng và hệ thống chính trị"),
    ]
    assert found["18-NQ/TW"] == [
        ("subject", "sắp xếp tổ chức bộ máy tinh gọn, hoạt động hiệu lực hiệu quả")
    ]
    assert found["65-QĐ/TW"] == [("subject", "luân chuyển cán bộ")]


def test_seed_001_short_name_and_subject():
    assert facts(seed("001"))["21-KL/TW"] == [
        ("short_name", "Kết luận 21"),
        ("subject", "đẩy mạnh xây dựng, chỉnh đốn Đảng và hệ thống chính trị"),
    ]


@pytest.mark.parametrize(
    ("text", "key", "signer"),
    [
        # corpus 21473396.txt
        (
            "Để chứng minh, ông Dân dẫn ra văn bản 2267/UBND-CTXDGT ngày 28/6/2012 do ông Phạm "
            "Văn Ca – Phó Chủ tịch UBND tỉnh Thái Bình ký.",
            "2267/UBND-CTXDGT",
            "Phạm Văn Ca",
        ),
        # corpus 21478923.txt
        (
            "Thủ tướng Nguyễn Xuân Phúc đã ký ban hành Chỉ thị số 25/CT-TTg (ngày 31-8-2016), "
            "về một số nhiệm vụ, giải pháp cấp bách về bảo vệ môi trường.",
            "25/CT-TTG",
            "Nguyễn Xuân Phúc",
        ),
        # corpus 21486447.txt
        (
            "Ngày 7/2, Văn phòng UBND TP Đà Nẵng cho hay, Phó Chủ tịch UBND TP Đặng Việt Dũng "
            "vừa ký Quyết định 569/QĐ-UBND phê duyệt tiếp nhận Chương trình Bảo tồn loài Voọc.",
            "569/QĐ-UBND",
            "Đặng Việt Dũng",
        ),
    ],
)
def test_signer_when_the_sentence_states_it(text, key, signer):
    assert ("signer", signer) in facts(extract(text))[key]


def test_a_signed_agreement_is_not_a_signer():
    text = "Ông Nguyễn Văn An ký kết Quyết định số 15/QĐ-UBND với đối tác."
    assert facts(extract(text)) == {}


def test_subject_of_a_quoted_title_and_of_a_phrase():
    found = facts(
        extract(
            "Thủ tướng Nguyễn Xuân Phúc đã ký ban hành Chỉ thị số 25/CT-TTg (ngày 31-8-2016), "
            "về một số nhiệm vụ, giải pháp cấp bách về bảo vệ môi trường."
        )
    )
    assert found["25/CT-TTG"][0] == (
        "subject",
        "một số nhiệm vụ, giải pháp cấp bách về bảo vệ môi trường",
    )
    found = facts(
        extract(
            "Thành ủy ban hành Chỉ thị số 15-CT/TU, ngày 16-12-2016 “Về tăng cường sự lãnh "
            "đạo của Đảng đối với công tác bảo đảm trật tự đô thị”."
        )
    )
    assert found["15-CT/TU"] == [
        ("subject", "tăng cường sự lãnh đạo của Đảng đối với công tác bảo đảm trật tự đô thị")
    ]


def test_a_subject_ends_where_its_issuer_is_named():
    # corpus 21469754.txt
    found = facts(
        extract(
            "Có hiệu lực từ ngày 10/02/2017, Thông tư 332/2016/TT-BTC nhằm sửa đổi, bổ sung "
            "Thông tư 76/2014/TT-BTC về tiền sử dụng đất (TSDĐ) do Bộ Tài chính ban hành điều "
            "chỉnh một số trường hợp được miễn tiền sử dụng đất."
        )
    )
    assert found["76/2014/TT-BTC"] == [("subject", "tiền sử dụng đất")]
    found = facts(extract("Quyết định số 15/QĐ-UBND về khắc phục thiệt hại do bão gây ra."))
    assert found["15/QĐ-UBND"] == [("subject", "khắc phục thiệt hại do bão gây ra")]


def test_a_date_that_is_not_a_day_is_kept_as_written():
    (found,) = extract(
        "Quyết định số 15/QĐ-UBND ngày 31/02/2021 của UBND tỉnh Quảng Ngãi về kiện toàn Ban "
        "Chỉ đạo."
    ).directives
    # corpus: "Nghị định 163/2006/NĐ-CP, ngày 29/2/2006" (2006 had no 29 February)
    (_amending, decree) = extract(
        "Cần có sự thống nhất trong quản lý Nghị định số 11/2012/NĐ-CP, ngày 22/2/2012, sửa "
        "đổi, bổ sung một số điều của Nghị định 163/2006/NĐ-CP, ngày 29/2/2006, của Chính phủ "
        "về giao dịch đảm bảo."
    ).directives
    assert (decree.key, decree.issued) == ("163/2006/NĐ-CP", None)
    assert ("issued_unread", "29/2/2006") in [(f.kind, f.value) for f in decree.facts]
    assert found.issued is None
    assert [(f.kind, f.value) for f in found.facts] == [
        ("issued_unread", "31/02/2021"),
        ("subject", "kiện toàn Ban Chỉ đạo"),
    ]


# --- stored -------------------------------------------------------------------------------


def _import(*paths):
    call_command("import_articles", *map(str, paths), workers=1, no_progress=True)


def _stored():
    return sorted(
        (r.source.key, r.kind, r.target.key, r.article.source_path.rsplit("/", 1)[-1][:3])
        for r in DirectiveRelation.objects.select_related("source", "target", "article")
    )


@pytest.mark.django_db
def test_import_stores_relations_and_facts_with_their_article(seed_paths):
    _import(*seed_paths)
    assert _stored() == [
        ("03-KH/TW", "implements", "21-KL/TW", "004"),
        ("74-KL/TW", "summarises", "18-NQ/TW", "004"),
        ("74-KL/TW", "summarises", "19-NQ/TW", "004"),
        ("74-KL/TW", "summarises", "39-NQ/TW", "004"),
    ]
    kl21 = Directive.objects.get(key="21-KL/TW")
    short = set(kl21.facts.filter(kind="short_name").values_list("value", flat=True))
    assert short == {
        "Kết luận 21",
        "Kết luận Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng (khóa XIII)",
    }
    relation = DirectiveRelation.objects.get(source__key="03-KH/TW")
    assert "Kế hoạch số 03-KH/TW, ngày 01/12/2021 của Bộ Chính trị thực hiện" in relation.sentence


@pytest.mark.django_db
def test_rebuild_registry_recomputes_from_the_stored_words_without_segmenting(
    seed_paths, monkeypatch
):
    _import(*seed_paths)
    before = _stored()
    facts_before = DirectiveFact.objects.count()
    DirectiveRelation.objects.all().delete()
    DirectiveFact.objects.all().delete()

    def no_underthesea(*args, **kwargs):
        raise AssertionError("segmented again")

    monkeypatch.setattr(sys.modules["archive.text.segment"], "_tokenize", no_underthesea)
    out = StringIO()
    call_command("rebuild_registry", stdout=out)
    assert _stored() == before
    assert DirectiveFact.objects.count() == facts_before
    assert "4 relations" in out.getvalue()


@pytest.mark.django_db
def test_rebuild_registry_reports_an_article_it_cannot_read_and_goes_on(seed_paths):
    _import(*seed_paths)
    broken = Article.objects.get(source_path__contains="004_")
    Article.objects.filter(pk=broken.pk).update(segmented="one line only")
    err = StringIO()
    with pytest.raises(CommandError, match="1 articles could not be read again"):
        call_command("rebuild_registry", stderr=err, stdout=StringIO())
    assert "004_" in err.getvalue() and "left as it was" in err.getvalue()
    with pytest.raises(CommandError, match="no article with id 999999"):
        call_command("rebuild_registry", article=[999999])


@pytest.mark.django_db
def test_merging_documents_keeps_their_relations(seed_paths):
    _import(*seed_paths)
    kl21 = Directive.objects.get(key="21-KL/TW")
    twin = Directive.objects.create(key="21-KL/TW", scope="article:1", name="x", slug="x")
    DirectiveRelation.objects.filter(target=kl21).update(target=twin)
    merge_entities(kept=kl21, others=[twin])
    assert DirectiveRelation.objects.get(source__key="03-KH/TW").target == kl21


@pytest.mark.django_db
def test_a_relation_a_curator_rejects_stays_rejected_after_a_rebuild(seed_paths, admin_client):
    _import(*seed_paths)
    wrong = DirectiveRelation.objects.get(source__key="74-KL/TW", target__key="39-NQ/TW")
    response = admin_client.post(
        "/admin/archive/directiverelation/",
        {"action": "reject", "_selected_action": [wrong.pk]},
    )
    assert response.status_code == 302
    call_command("rebuild_registry", stdout=StringIO())
    wrong = DirectiveRelation.objects.get(source__key="74-KL/TW", target__key="39-NQ/TW")
    assert (wrong.rejected, wrong.method) == (True, "curator")
    page = admin_client.get(wrong.source.get_absolute_url()).content.decode()
    assert (
        "Nghị quyết 18-NQ/TW" in page
        and "Nghị quyết 39-NQ/TW" not in page.split('id="up-h"')[1].split('id="down-h"')[0]
    )
    api = admin_client.get(f"/api/directives/{wrong.source.slug}").json()
    assert [r["target"]["key"] for r in api["relations"]] == ["18-NQ/TW", "19-NQ/TW"]


@pytest.mark.django_db
def test_registry_admin_pages(seed_paths, admin_client):
    _import(*seed_paths)
    for url in (
        "/admin/archive/directiverelation/",
        "/admin/archive/directiverelation/add/",
        "/admin/archive/directivefact/?kind=short_name",
        f"/admin/archive/directiverelation/{DirectiveRelation.objects.first().pk}/change/",
    ):
        assert admin_client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    ("issuer", "body", "level"),
    [
        ("TW", "khóa XIII", "central"),
        ("BTCTW", "", "central"),
        ("CP", "", "central"),
        ("QH13", "", "central"),
        ("TU", "Tỉnh ủy Quảng Ngãi, 2021", "province"),
        ("UBND", "Ủy ban nhân dân tỉnh Thái Bình, 2012", "province"),
        ("UBND", "Ủy ban nhân dân huyện Tuy Phước, 2021", "district"),
        ("HU", "Huyện ủy Điện Biên Đông, 2018", "district"),
        ("", "", ""),
    ],
)
def test_level_of_a_document(issuer, body, level):
    from archive.extract.registry import level_of

    assert level_of(issuer, body) == level
