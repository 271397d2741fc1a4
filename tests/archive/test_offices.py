"""Offices and tenures: titles read from corpus sentences, offices built at import and by
rebuild_offices, the pages and API that answer "who held this post on a date", the 2025
province mergers, and curators' corrections that outlive a rebuild."""

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import call_command

from archive import pipeline, services
from archive.extract import extract_entities
from archive.extract.offices import resolve
from archive.models import Article, Person, Province
from archive.offices import curation
from archive.offices.building import rebuild_all
from archive.offices.models import Office, OfficeCorrection, Tenure, TenureEvidence
from archive.offices.provinces import (
    mapping,
    merged_away,
    province_with_predecessors,
    successor_name,
)
from archive.text import segment


def persons(*texts):
    texts = list(texts)
    found = extract_entities(texts, [segment(t) for t in texts]).as_json()["persons"]
    return {p["name"]: p for p in found}


# --- titles, former titles and offices, on corpus sentences -------------------------------


def test_former_titles_apart_and_plural_titles_over_a_list():
    # corpus 22573549
    found = persons(
        "Cùng dự có nguyên ủy viên Bộ Chính trị, nguyên Thủ tướng Nguyễn Tấn Dũng; các Phó Thủ "
        "tướng Trương Hòa Bình, Phạm Bình Minh, Vương Đình Huệ, Vũ Đức Đam; Bí thư TƯ Đảng, ủy "
        "viên Thường vụ Quân ủy TƯ, Chủ nhiệm Tổng cục Chính trị QĐND Việt Nam Lương Cường."
    )
    assert found["Nguyễn Tấn Dũng"]["positions"] == []
    assert found["Nguyễn Tấn Dũng"]["former"] == ["ủy viên Bộ Chính trị", "Thủ tướng"]
    for name in ("Trương Hòa Bình", "Phạm Bình Minh", "Vương Đình Huệ", "Vũ Đức Đam"):
        assert found[name]["positions"] == ["Phó Thủ tướng"]
    assert found["Lương Cường"]["positions"] == [
        "Bí thư TƯ Đảng",
        "ủy viên Thường vụ Quân ủy TƯ",
        "Chủ nhiệm Tổng cục Chính trị QĐND Việt Nam",
    ]
    assert [o["office"] for o in found["Nguyễn Tấn Dũng"]["offices"]] == [
        "Ủy viên Bộ Chính trị",
        "Thủ tướng Chính phủ",
    ]


def test_titles_given_with_a_verb_and_their_events():
    # corpus 22244348, 21491994, 22649806, 22601504
    found = persons(
        "Theo Quyết định của Bộ Chính trị, ông Đinh La Thăng, Ủy viên Trung ương Đảng, thôi giữ "
        "chức Bí thư Thành ủy TP HCM (nhiệm kỳ 2015 - 2020), được phân công nhiệm vụ Phó Trưởng "
        "Ban Kinh tế Trung ương.",
        "Trước đó, ngày 14/9/2016, bà Phạm Thị Thanh Trà đã được bầu giữ chức danh Bí thư Tỉnh "
        "ủy nhiệm kỳ 2015-2020, kiêm giữ chức Chủ tịch UBND tỉnh Yên Bái.",
        "Đại hội đồng cổ đông cũng đã bầu ông Kiều Hữu Dũng làm Phó Chủ tịch Hội đồng quản trị.",
        "Ông Lê Quang Vịnh cùng 3 người trên đã câu kết với Trần Văn Quân (lúc đó là Chủ tịch xã "
        "Hải Yến) và Hoàng Giáp (cán bộ địa chính xã Hải Yến).",
    )
    thang = found["Đinh La Thăng"]
    assert thang["positions"] == ["Ủy viên Trung ương Đảng", "Phó Trưởng Ban Kinh tế Trung ương"]
    assert thang["former"] == ["Bí thư Thành ủy TP HCM"]
    hcm = next(o for o in thang["offices"] if o["former"])
    assert hcm["office"] == "Bí thư Thành ủy Thành phố Hồ Chí Minh"
    assert [e["event"] for e in hcm["events"]] == ["left"]
    tra = found["Phạm Thị Thanh Trà"]
    assert tra["positions"] == ["Bí thư Tỉnh ủy", "Chủ tịch UBND tỉnh Yên Bái"]
    # the bare "Tỉnh ủy" is the province her other title names
    assert tra["offices"][0]["office"] == "Bí thư Tỉnh ủy Yên Bái"
    assert tra["offices"][0]["events"][0]["event"] == "elected"
    assert found["Kiều Hữu Dũng"]["positions"] == ["Phó Chủ tịch Hội đồng quản trị"]
    assert found["Trần Văn Quân"]["former"] == ["Chủ tịch xã Hải Yến"]
    assert "Hoàng Giáp" not in found or not found["Hoàng Giáp"]["positions"]


def test_long_titles_read_whole():
    # corpus 22363120, 22542580, 22536141
    found = persons(
        "Cá nhân ông Đào Anh Kiệt, nguyên Giám đốc Sở TN&MT; ông Trương Văn Học, nguyên Giám đốc "
        "Trung tâm Phát triển quỹ đất thuộc Sở TN&MT cũng bị phê bình.",
        "Sáng 16-6, ông Đàm Quang Hưng, Chủ tịch UBND quận Liên Chiểu, TP Đà Nẵng, cho biết.",
        "Kỷ luật cảnh cáo đối với ông Đặng Trung Bình, Bí thư Đảng ủy, Giám đốc Bệnh viện Đa khoa "
        "huyện Gia Viễn vì tham gia đánh bài ăn tiền.",
        "Thủ tướng Nguyễn Xuân Phúc, Trưởng Ban Chỉ đạo Trung ương về cải cách chính sách tiền "
        "lương, bảo hiểm xã hội và ưu đãi người có công chủ trì hội nghị.",
    )
    assert found["Trương Văn Học"]["former"] == [
        "Giám đốc Trung tâm Phát triển quỹ đất thuộc Sở TN&MT"
    ]
    assert found["Đàm Quang Hưng"]["positions"] == ["Chủ tịch UBND quận Liên Chiểu, TP Đà Nẵng"]
    office = found["Đàm Quang Hưng"]["offices"][0]
    assert (office["organization"], office["province"]) == (
        "Ủy ban nhân dân quận Liên Chiểu",
        "Đà Nẵng",
    )
    assert found["Đặng Trung Bình"]["positions"] == [
        "Bí thư Đảng ủy",
        "Giám đốc Bệnh viện Đa khoa huyện Gia Viễn",
    ]
    assert found["Nguyễn Xuân Phúc"]["positions"] == [
        "Thủ tướng",
        "Trưởng Ban Chỉ đạo Trung ương về cải cách chính sách tiền lương, bảo hiểm xã hội và "
        "ưu đãi người có công",
    ]


def test_leaving_a_post_a_career_list_and_an_age_before_a_title_are_read():
    # corpus 22462779, 22742279, 22685436, 22550856, 22343711
    found = persons(
        "Ông Dương Công Minh miễn nhiệm khỏi vị trí Chủ tịch HĐQT. HĐQT LienVietPostBank đã họp "
        "và nhất trí bầu ông Nguyễn Đức Hưởng giữ chức Chủ tịch HĐQT. Ông Phạm Doãn Sơn giữ chức "
        "vụ Phó Chủ tịch thường trực HĐQT (kiêm Tổng Giám đốc)",
        "Trong quá trình công tác, ông Trần Văn Dũng từng giữ các chức danh, chức vụ lãnh đạo, "
        "quản lý như: Phó Chủ tịch Hội đồng quản trị kiêm Tổng Giám đốc Sở GDCK Hà Nội, Chủ tịch "
        "Hội đồng quản trị Sở GDCK TP Hồ Chí Minh.",
        "Bà Hoài là con gái của ông Trần Đình Mạnh, nguyên Bí thư, Chủ tịch UBND huyện Tuy Đức.",
        "Vụ án bắt giữ 4 người, trong đó có cụ Lê Đình Kình (82 tuổi, nguyên Bí thư Đảng ủy xã).",
        "Cơ quan điều tra quyết định khởi tố bị can với ông Phí Thái Bình, nguyên Phó chủ tịch "
        "UBND TP Hà Nội.",
    )
    assert found["Dương Công Minh"]["former"] == ["Chủ tịch HĐQT"]
    assert found["Nguyễn Đức Hưởng"]["positions"] == ["Chủ tịch HĐQT"]
    assert found["Phạm Doãn Sơn"]["positions"] == ["Phó Chủ tịch thường trực HĐQT", "Tổng Giám đốc"]
    assert found["Trần Văn Dũng"]["former"] == [
        "Phó Chủ tịch Hội đồng quản trị",
        "Tổng Giám đốc Sở GDCK Hà Nội",
        "Chủ tịch Hội đồng quản trị Sở GDCK TP Hồ Chí Minh",
    ]
    assert found["Trần Đình Mạnh"]["former"] == ["Bí thư", "Chủ tịch UBND huyện Tuy Đức"]
    assert found["Lê Đình Kình"]["former"] == ["Bí thư Đảng ủy xã"]
    assert found["Phí Thái Bình"]["former"] == ["Phó chủ tịch UBND TP Hà Nội"]


def test_a_title_over_a_list_of_names():
    # corpus 22532244, 21474049, 22714053, 22343711
    found = persons(
        "Các đồng chí Phó Chánh văn phòng Trung ương Đảng: Trần Văn Thành, Bùi Văn Thạch.",
        "Các đồng chí nguyên Ủy viên Ban Chấp hành Trung ương Đảng: Nguyễn Bá - Nguyên Bí thư "
        "Tỉnh ủy Nghệ An; Lê Doãn Hợp – Nguyên Bộ trưởng Bộ TT&TT.",
        "Trong đó, 7 Phó Tổng Giám đốc là ông Nguyễn Thiện Phú, ông Nguyễn Tiến Dũng và bà "
        "Nguyễn Bình Phương.",
        "Riêng đối với ông Hoàng Xuân Hùng và ông Nguyễn Xuân Thắng, là thành viên HĐTV đề nghị "
        "báo cáo rõ thêm. Còn lại 2 thành viên vắng mặt.",
        "Năm 2004 HĐQT Vinaconex gồm các ông Phí Thái Bình (chủ tịch); Nguyễn Văn Tuân (tổng giám "
        "đốc); Tô Ngọc Thành, Vũ Đình Chầm (ủy viên HĐQT).",
        "Dự có ông Nguyễn Văn An, ông Trần Văn Bình (Giám đốc Sở Y tế).",
    )
    for name in ("Trần Văn Thành", "Bùi Văn Thạch"):
        assert found[name]["positions"] == ["Phó Chánh văn phòng Trung ương Đảng"]
    assert found["Lê Doãn Hợp"]["former"] == [
        "Ủy viên Ban Chấp hành Trung ương Đảng",
        "Bộ trưởng Bộ TT&TT",
    ]
    for name in ("Nguyễn Thiện Phú", "Nguyễn Tiến Dũng", "Nguyễn Bình Phương"):
        assert found[name]["positions"] == ["Phó Tổng Giám đốc"]
    for name in ("Hoàng Xuân Hùng", "Nguyễn Xuân Thắng"):
        assert found[name]["positions"] == ["thành viên HĐTV"]
    for name in ("Tô Ngọc Thành", "Vũ Đình Chầm"):
        assert found[name]["positions"] == ["ủy viên HĐQT"]
    assert found["Nguyễn Văn Tuân"]["positions"] == ["tổng giám đốc"]
    assert "Nguyễn Văn An" not in found or not found["Nguyễn Văn An"]["positions"]


def test_unit_names_that_end_lower_case_and_asides_before_the_name():
    # corpus 22650746, 22635083, 22253128, 22643192, 22695793
    found = persons(
        "Thứ trưởng Hoàng Vĩnh Bảo trao quyết định nghỉ hưu cho ông Lê Văn Nghiêm, Cục trưởng "
        "Cục Thông tin đối ngoại.",
        "Ông Nguyễn Tiến Lực, Chánh thanh tra Q.Tân Phú, nguyên Trưởng phòng Tài chính - kế "
        "hoạch Q.Tân Phú cũng bị kỷ luật khiển trách.",
        "Theo ông Nguyễn Tiến Khoa, Phó Tổng Giám đốc Công ty phát điện 1, đơn vị đã triển khai.",
        "Ngày 29/6, Chủ tịch UBND xã Quảng Tâm, huyện Tuy Đức (Đắk Nông) - ông Nguyễn Thành Trí "
        "xác nhận.",
        "Ông Lương Thế Dân, Giám đốc Công ty cổ phần Tasco Nam Thái xác nhận, công ty đã nộp.",
        "Đại biểu Quốc hội Lưu Bình Nhưỡng, Ủy viên Thường trực Ủy ban Về các vấn đề xã hội của "
        "Quốc hội trao đổi với báo chí.",
    )
    assert found["Lê Văn Nghiêm"]["positions"] == ["Cục trưởng Cục Thông tin đối ngoại"]
    assert found["Nguyễn Tiến Lực"]["former"] == ["Trưởng phòng Tài chính - kế hoạch Q.Tân Phú"]
    assert found["Nguyễn Tiến Khoa"]["positions"] == ["Phó Tổng Giám đốc Công ty phát điện 1"]
    assert found["Nguyễn Thành Trí"]["positions"] == ["Chủ tịch UBND xã Quảng Tâm, huyện Tuy Đức"]
    # before a comma a lower-case word is the speaker's verb
    assert found["Lương Thế Dân"]["positions"] == ["Giám đốc Công ty cổ phần Tasco Nam Thái"]
    assert found["Lưu Bình Nhưỡng"]["positions"] == [
        "Đại biểu Quốc hội",
        "Ủy viên Thường trực Ủy ban",
    ]


def test_names_not_surname_first_and_a_foreign_leaders_titles_stay_theirs():
    # corpus 21494555, 22243260
    found = persons(
        "Nhiều tài liệu bút tích của cố Tổng Bí thư Trường Chinh lần đầu tiên được công bố.",
        "Nhận lời mời của Tổng Bí thư Ban Chấp hành Trung ương Đảng Cộng sản Trung Quốc, Chủ tịch "
        "nước Cộng hòa Nhân dân Trung Hoa Tập Cận Bình, sáng 11/5, Chủ tịch nước Trần Đại Quang "
        "lên đường thăm Trung Quốc.",
        "Tuyến đường Trường Chinh cũng ùn tắc và ngập nước.",
    )
    assert found["Trường Chinh"]["former"] == ["Tổng Bí thư"]
    assert found["Tập Cận Bình"]["positions"] == [
        "Tổng Bí thư Ban Chấp hành Trung ương Đảng Cộng sản Trung Quốc",
        "Chủ tịch nước Cộng hòa Nhân dân Trung Hoa",
    ]
    assert found["Trần Đại Quang"]["positions"] == ["Chủ tịch nước"]
    assert found["Trần Đại Quang"]["offices"][0]["organization"] == "Nhà nước"
    assert found["Trường Chinh"]["mentions"] == 1  # the street is not him


@pytest.mark.parametrize(
    "written", ["Bí thư Tỉnh ủy Quảng Ngãi", "Bí thư tỉnh ủy Q.Ngãi", "BT Tỉnh ủy Quảng Ngãi"]
)
def test_spellings_of_one_office_are_one_office(written):
    ref = resolve(written)
    assert (ref.name, ref.kind, ref.organization, ref.province) == (
        "Bí thư Tỉnh ủy Quảng Ngãi",
        "Bí thư",
        "Tỉnh ủy Quảng Ngãi",
        "Quảng Ngãi",
    )
    assert ref.key == "bi thu tinh uy quang ngai"


def test_a_bare_body_takes_the_articles_province_and_a_title_without_body_is_unknown():
    assert resolve("Bí thư Tỉnh ủy", province="Bạc Liêu").name == "Bí thư Tỉnh ủy Bạc Liêu"
    district = resolve("Chủ tịch UBND huyện Tuy Phước", province="Bình Định")
    assert district.name == "Chủ tịch Ủy ban nhân dân huyện Tuy Phước, Bình Định"
    alone = resolve("Phó Giám đốc")
    assert (alone.kind, alone.organization) == ("Phó Giám đốc", "")
    assert not resolve("Đại tướng").is_office  # a rank, not a post


# --- tenures built at import and rebuilt --------------------------------------------------

BAC_LIEU = (
    "Hội nghị trực tuyến về công tác tổ chức xây dựng Đảng\n"
    "Ngày 13/01/2022\n"
    "Đồng chí Lữ Văn Hùng - Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy chủ trì hội nghị tại điểm "
    "cầu Bạc Liêu.\n"
)
FORMER = (
    "Nguyên Bí thư Tỉnh ủy Bạc Liêu thăm trường\n"
    "Nguyên Bí thư Tỉnh ủy Bạc Liêu Lữ Văn Hùng đã đến thăm và tặng quà học sinh tại Bạc Liêu.\n"
)
OTHER = (
    "Hội nghị Ban Chấp hành Đảng bộ tỉnh Bạc Liêu\n"
    "Ông Phạm Văn Thiều, Bí thư Tỉnh ủy Bạc Liêu, chủ trì hội nghị tại Bạc Liêu.\n"
)


def store(raw, published, name):
    processed = pipeline.process_text(raw, path=name)
    result = services.import_article(processed=processed, parser_version=1)
    article = Article.objects.get(pk=result.article_id)
    Article.objects.filter(pk=article.pk).update(published=published)
    return Article.objects.get(pk=article.pk)


@pytest.fixture
def bac_lieu(db):
    articles = [
        store(BAC_LIEU, datetime.date(2022, 1, 13), "a.txt"),
        store(BAC_LIEU.replace("13/01/2022", "02/03/2022") + "Năm 2022.", None, "b.txt"),
        store(FORMER, datetime.date(2024, 5, 2), "c.txt"),
        store(OTHER, datetime.date(2022, 2, 1), "d.txt"),
    ]
    Article.objects.filter(pk=articles[1].pk).update(published=datetime.date(2022, 3, 2))
    rebuild_all()  # dates changed after import: the tenures' dates follow
    return articles


def secretary():
    return Office.objects.get(key="bi thu tinh uy bac lieu")


def test_import_records_tenures_with_dated_evidence(bac_lieu):
    office = secretary()
    assert office.name == "Bí thư Tỉnh ủy Bạc Liêu"
    assert office.province.name == "Bạc Liêu"
    hung = Tenure.objects.get(office=office, person__name="Lữ Văn Hùng")
    assert (hung.first_seen, hung.last_seen) == (
        datetime.date(2022, 1, 13),
        datetime.date(2022, 3, 2),
    )
    # the later article that calls him "nguyên" is evidence the post had ended by then
    assert hung.former_on == datetime.date(2024, 5, 2)
    assert sorted(hung.evidence.values_list("former", flat=True)) == [False, False, True]
    evidence = hung.evidence.get(article=bac_lieu[0])
    assert evidence.title == "Bí thư Tỉnh ủy"
    assert "chủ trì hội nghị tại điểm cầu Bạc Liêu" in evidence.sentence
    assert Tenure.objects.filter(office__name="Ủy viên Trung ương Đảng").count() == 1


def test_rebuild_offices_command_rebuilds_from_stored_data(bac_lieu, capsys):
    TenureEvidence.objects.all().delete()
    Tenure.objects.all().delete()
    call_command("rebuild_offices")
    assert "Rebuilt offices for 4 articles" in capsys.readouterr().out
    assert Tenure.objects.filter(office=secretary()).count() == 2
    with pytest.raises(Exception, match="No stored article with id 999"):
        call_command("rebuild_offices", article=[999])


def test_two_holders_at_once_are_both_shown_with_evidence(bac_lieu, client):
    html = client.get("/offices/?title=Bí thư Tỉnh ủy&place=bac-lieu&on=2022-02-01").content
    html = html.decode()
    assert "Lữ Văn Hùng" in html and "Phạm Văn Thiều" in html
    assert "Các bài không thống nhất" in html
    api = client.get("/api/offices?title=Bí thư Tỉnh ủy&place=Bạc Liêu&on=2022-02-01").json()
    (answer,) = api["offices"]
    assert answer["name"] == "Bí thư Tỉnh ủy Bạc Liêu" and answer["disagree"] is True
    assert answer["province_2025"] == "Cà Mau"
    holders = {h["person"]["name"]: h for h in answer["holders"]}
    assert set(holders) == {"Lữ Văn Hùng", "Phạm Văn Thiều"}
    assert holders["Lữ Văn Hùng"]["first_seen"] == "2022-01-13"
    assert holders["Lữ Văn Hùng"]["overlaps_with"] == ["pham-van-thieu"]
    assert holders["Phạm Văn Thiều"]["evidence"][0]["title"] == "Bí thư Tỉnh ủy Bạc Liêu"


def test_api_office_detail(bac_lieu, client):
    data = client.get(f"/api/offices/{secretary().slug}").json()
    assert data["name"] == "Bí thư Tỉnh ủy Bạc Liêu" and data["province_2025"] == "Cà Mau"
    assert [h["person"]["name"] for h in data["holders"]] == ["Lữ Văn Hùng", "Phạm Văn Thiều"]
    assert client.get("/api/offices/khong-co").status_code == 404


def test_on_a_day_no_article_covers_the_answer_says_who_came_before_and_after(bac_lieu, client):
    api = client.get("/api/offices?title=Bí thư Tỉnh ủy Bạc Liêu&on=2023-06-01").json()
    (answer,) = api["offices"]
    assert answer["holders"] == []
    assert answer["before"]["person"]["name"] == "Lữ Văn Hùng"
    assert answer["after"] is None


def test_bad_date_or_place_is_a_400_naming_the_parameter(bac_lieu, client):
    response = client.get("/api/offices?title=Bí thư Tỉnh ủy&on=2022-13-45")
    assert response.status_code == 400
    assert response.json()["parameter"] == "on"
    assert "YYYY-MM-DD" in response.json()["message"]
    response = client.get("/api/offices?title=Bí thư Tỉnh ủy&place=Atlantis")
    assert (response.status_code, response.json()["parameter"]) == (400, "place")
    response = client.get("/api/offices?on=2022-01-01")
    assert (response.status_code, response.json()["parameter"]) == (400, "title")
    response = client.get("/api/offices?chuc_vu=x")
    assert (response.status_code, response.json()["error"]) == (400, "unknown_parameter")
    page = client.get("/offices/?title=Bí thư Tỉnh ủy&on=hôm qua")
    assert page.status_code == 400
    assert "Ngày phải viết dạng YYYY-MM-DD" in page.content.decode()


def test_office_page_lists_holders_in_order_with_evidence_and_articles(bac_lieu, client):
    html = client.get(secretary().get_absolute_url()).content.decode()
    holders = html[html.index('id="holders-h"') : html.index('id="articles-h"')]
    assert holders.index("Lữ Văn Hùng") < holders.index("Phạm Văn Thiều")
    assert "các bài từ 13/01/2022 đến 02/03/2022" in holders
    assert "được gọi là “nguyên” từ 02/05/2024" in holders
    assert "từ 1/7/2025 thuộc Cà Mau" in html  # no page for Cà Mau in this archive: no link
    articles = html[html.index('id="articles-h"') :]
    for article in bac_lieu:
        assert f'href="{article.get_absolute_url()}"' in articles


def test_person_page_career_timeline(bac_lieu, client):
    hung = Person.objects.get(name="Lữ Văn Hùng")
    html = client.get(hung.get_absolute_url()).content.decode()
    career = html[html.index('class="career"') :]
    assert '<svg class="chart-svg career"' in career
    assert 'class="former"' in career  # the diamond where an article first says "nguyên"
    table = career[career.index('class="career-table"') :]
    assert (
        "Bí thư Tỉnh ủy Bạc Liêu</a></th><td>13/01/2022</td><td>02/03/2022</td>"
        '<td>02/05/2024</td><td class="num">3</td>' in table
    )


def test_province_and_organization_pages_list_offices_and_latest_holders(bac_lieu, client):
    html = client.get(Province.objects.get(name="Bạc Liêu").get_absolute_url()).content.decode()
    offices = html[html.index('id="offices-h"') :]
    assert "Bí thư Tỉnh ủy Bạc Liêu" in offices and "Lữ Văn Hùng" in offices
    assert "Từ 1/7/2025 (Nghị quyết 202/2025/QH15) là một phần của Cà Mau;" in html
    ca_mau = Province.objects.create(name="Cà Mau", slug="ca-mau")
    html = client.get(Province.objects.get(name="Bạc Liêu").get_absolute_url()).content.decode()
    assert f'<a href="{ca_mau.get_absolute_url()}">Cà Mau</a>' in html
    html = client.get(ca_mau.get_absolute_url()).content.decode()
    assert "gồm cả" in html and 'href="/provinces/bac-lieu/">Bạc Liêu</a>' in html


# --- the 2025 mergers -----------------------------------------------------------------------


def test_the_2025_mapping_has_34_units_from_the_63(db):
    units = mapping()
    assert len(units) == 34
    assert sum(len(old) for old in units.values()) == 63
    assert units["Cà Mau"] == ["Cà Mau", "Bạc Liêu"]
    assert successor_name("Bạc Liêu") == "Cà Mau" and merged_away("Bạc Liêu")
    assert not merged_away("Cà Mau")
    assert successor_name("Thừa Thiên Huế") == "Huế"


def test_a_filter_by_the_new_province_includes_the_old_ones(bac_lieu):
    ca_mau = Province.objects.create(name="Cà Mau", slug="ca-mau")
    assert province_with_predecessors("ca-mau") == ["ca-mau", "bac-lieu"]
    assert province_with_predecessors(ca_mau) == ["ca-mau", "bac-lieu"]
    assert province_with_predecessors("bac-lieu") == ["bac-lieu"]
    assert province_with_predecessors("khong-co") == []


# --- curators' corrections outlive a rebuild -----------------------------------------------


def test_merged_offices_stay_merged_after_rebuild(bac_lieu):
    member = Office.objects.get(name="Ủy viên Trung ương Đảng")
    other = Office.objects.create(key="uy vien bch tw", name="Ủy viên BCH TW", slug="uv-bch-tw")
    hung = Person.objects.get(name="Lữ Văn Hùng")
    Tenure.objects.create(office=other, person=hung)
    curation.merge_offices(kept=member, others=[other])
    assert not Office.objects.filter(pk=other.pk).exists()
    assert "Ủy viên BCH TW" in Office.objects.get(pk=member.pk).aliases
    rebuild_all()
    assert list(Office.objects.with_key("uy vien bch tw")) == [member]


def test_a_moved_tenure_goes_to_the_same_place_after_rebuild(bac_lieu):
    hung = Person.objects.get(name="Lữ Văn Hùng")
    tenure = Tenure.objects.get(office=secretary(), person=hung)
    target = Office.objects.create(key="x", name="Bí thư Tỉnh ủy Minh Hải", slug="bt-minh-hai")
    moved = curation.move_tenure(tenure=tenure, office=target)
    assert moved.office == target and moved.evidence.count() == 3
    rebuild_all()
    assert not Tenure.objects.filter(office=secretary(), person=hung).exists()
    assert Tenure.objects.get(office=target, person=hung).evidence.count() == 3


def test_a_title_marked_wrongly_read_stays_off_after_rebuild(bac_lieu):
    thieu = Tenure.objects.get(office=secretary(), person__name="Phạm Văn Thiều")
    curation.reject_evidence(evidence=thieu.evidence.get())
    assert not Tenure.objects.filter(pk=thieu.pk).exists()
    rebuild_all()
    assert not Tenure.objects.filter(office=secretary(), person__name="Phạm Văn Thiều").exists()
    assert OfficeCorrection.objects.filter(kind="reject").count() == 1


def test_curators_correct_offices_in_the_admin_with_history(bac_lieu, client, django_user_model):
    from archive.management.commands.create_curator import curators_group

    curator = django_user_model.objects.create_user("thu", password="x", is_staff=True)
    curator.groups.add(curators_group())
    client.force_login(curator)
    member = Office.objects.get(name="Ủy viên Trung ương Đảng")
    other = Office.objects.create(key="uy vien bch tw", name="Ủy viên BCH TW", slug="uv-bch-tw")
    response = client.post(
        "/admin/archive/office/",
        {
            "action": "merge",
            "_selected_action": [member.pk, other.pk],
            "confirm": "yes",
            "kept": member.pk,
        },
    )
    assert response.status_code == 302
    assert not Office.objects.filter(pk=other.pk).exists()
    for url in (
        "/admin/archive/office/",
        f"/admin/archive/office/{member.pk}/change/",
        "/admin/archive/tenure/?q=Lữ",
        "/admin/archive/officecorrection/",
    ):
        assert client.get(url).status_code == 200, url
    assert LogEntry.objects.filter(
        object_id=str(member.pk), change_message__contains="Gộp"
    ).exists()
    # a title wrongly read: delete its evidence row in the tenure's page
    tenure = Tenure.objects.get(office=secretary(), person__name="Phạm Văn Thiều")
    evidence = tenure.evidence.get()
    page = client.get(f"/admin/archive/tenure/{tenure.pk}/change/")
    assert page.status_code == 200
    response = client.post(
        f"/admin/archive/tenure/{tenure.pk}/change/",
        {
            "office": tenure.office_id,
            "person": tenure.person_id,
            "evidence-TOTAL_FORMS": "1",
            "evidence-INITIAL_FORMS": "1",
            "evidence-MIN_NUM_FORMS": "0",
            "evidence-MAX_NUM_FORMS": "1000",
            "evidence-0-id": evidence.pk,
            "evidence-0-tenure": tenure.pk,
            "evidence-0-DELETE": "on",
        },
    )
    assert response.status_code == 302
    assert OfficeCorrection.objects.filter(kind="reject", article=evidence.article).exists()
    assert not Tenure.objects.filter(pk=tenure.pk).exists()


def test_a_title_naming_no_one_body_is_kept_to_its_person(db):
    from archive.offices.building import office_for

    a = Person.objects.create(name="Nguyễn Văn An", slug="nguyen-van-an")
    b = Person.objects.create(name="Trần Văn Bình", slug="tran-van-binh")
    # "Bí thư Tỉnh ủy" in an article that names no one province: which Tỉnh ủy is unknown
    first, second = (office_for(resolve("Bí thư Tỉnh ủy"), p) for p in (a, b))
    assert first != second
    assert first.name == "Bí thư Tỉnh ủy (chưa rõ tổ chức, Nguyễn Văn An)"
    assert office_for(resolve("Phó Giám đốc"), a).organization_name == ""
    placed = office_for(resolve("Bí thư Tỉnh ủy", province="Bạc Liêu"), a)
    assert placed == office_for(resolve("Bí thư Tỉnh ủy Bạc Liêu"), b)


def test_titles_in_photo_captions():
    # corpus 21490704, 22587168, 22619339: captions glued to the text, with their credits
    found = persons(
        "Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh Yên Bái Phạm Thị Thanh Trà (bìa trái) chúc mừng ông "
        "Đỗ Đức Duy - Ảnh: Báo Xây dựng",
        "Nguyên Chủ tịch MTTQ VN Nguyễn Thiện Nhân. Ảnh: Thành Trung",
        "Vũ Đình Duy lúc còn là Phó Bí thư Đảng ủy, Tổng giám đốc PVTEX - Nguồn: PVTEX.",
        "tân Chủ tịch UB TƯ MTTQ Việt Nam Trần Thanh Mẫn",
    )
    assert found["Phạm Thị Thanh Trà"]["positions"] == [
        "Bí thư Tỉnh ủy",
        "Chủ tịch UBND tỉnh Yên Bái",
    ]
    assert found["Đỗ Đức Duy"]["positions"] == []
    assert found["Vũ Đình Duy"]["former"] == ["Phó Bí thư Đảng ủy", "Tổng giám đốc PVTEX"]
    # the chair of the Front is one office however it is written
    nhan = found["Nguyễn Thiện Nhân"]["offices"][0]
    man = found["Trần Thanh Mẫn"]["offices"][0]
    assert nhan["former"] and not man["former"]
    assert nhan["office"] == man["office"] == "Chủ tịch Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam"


def test_merging_people_or_moving_a_mention_takes_their_offices_along(bac_lieu):
    from archive import curation as entity_curation
    from archive.models import PersonMention

    hung = Person.objects.get(name="Lữ Văn Hùng")
    thieu = Person.objects.get(name="Phạm Văn Thiều")
    # the article that named Thiều was about Hùng, say: its mention moves, its office too
    mention = PersonMention.objects.get(person=thieu)
    entity_curation.move_mentions(mentions=[mention], target=hung)
    assert not Tenure.objects.filter(person=thieu).exists()
    assert Tenure.objects.get(office=secretary(), person=hung).evidence.count() == 4
    rebuild_all()  # the moved mention's titles stay with whom it was moved to
    assert Tenure.objects.get(office=secretary(), person=hung).evidence.count() == 4
    assert not Tenure.objects.filter(person=thieu).exists()
    # a duplicate record of Hùng merged into him: its tenures are his
    double = Person.objects.create(name="Lữ Văn Hùng (2)", slug="lu-van-hung-2")
    Tenure.objects.create(office=Office.objects.get(name="Ủy viên Trung ương Đảng"), person=double)
    entity_curation.merge_entities(kept=hung, others=[double])
    assert Tenure.objects.filter(person=hung, office__name="Ủy viên Trung ương Đảng").count() == 1


@pytest.mark.parametrize(
    "one, other",
    [
        ("Ủy viên Bộ Chính trị khóa XII", "Ủy viên Bộ Chính trị"),
        ("Phó Ban Kinh tế Trung ương", "Phó Trưởng ban Kinh tế TƯ"),
        ("Bí thư Thành Ủy Tp HCM", "Bí thư Thành ủy TP.HCM"),
        ("Trưởng Đoàn Đại biểu Quốc hội khóa XIV TP HCM", "Trưởng đoàn ĐBQH TP.HCM"),
    ],
)
def test_a_term_or_a_spelling_is_not_another_office(one, other):
    assert resolve(one).key == resolve(other).key


def test_office_index_and_api_list_every_office(bac_lieu, client):
    html = client.get("/offices/").content.decode()
    assert 'href="/offices/bi-thu-tinh-uy-bac-lieu/">Bí thư Tỉnh ủy Bạc Liêu</a>' in html
    assert client.get("/offices/?page=99").status_code == 404
    data = client.get("/api/offices").json()
    assert data["count"] == Office.objects.count()
    assert "Bí thư Tỉnh ủy Bạc Liêu" in [o["name"] for o in data["offices"]]
