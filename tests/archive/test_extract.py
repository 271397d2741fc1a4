"""Entity extraction: the five source articles read closely, and the hard cases one by one."""

from datetime import date

import pytest

from archive.extract import extract_entities
from archive.text import segment
from tests.conftest import seed_text

# Lines of the seeds that are site furniture, bylines or dates, not the article's parts (what
# the parser leaves out).
FURNITURE = {
    "000": {"T/h: Bảo Ngọc – Văn Thắng"},
    "001": {
        "HOẠT ĐỘNG LÃNH ĐẠO",
        "Thứ Năm, 13/01/2022 | 16:37",
        "Tin, ảnh: N.Q",
        "Viết bình luận mới",
        "thăm dò ý kiến",
        "THÔNG TIN CẦN BIẾT",
        "Theo bạn, điều gì có thể giữ chân và thu hút người tài vào khu vực công?",
    },
    "002": {
        "08:59 - Thứ Tư, 03/10/2018 Lượt xem: 8658 In bài viết",
        "Minh Thùy",
        "Bình luận",
        "Tin khác",
        "Back To Top",
    },
    "003": {"Thiên Bút", "(Theo Môi trường và Đô thị điện tử)"},
    "004": set(),
}
PUBLISHED = {
    "000": None,
    "001": date(2022, 1, 13),
    "002": date(2018, 10, 3),
    "003": date(2022, 6, 29),
    "004": None,
}


def extract(*texts, published=None):
    texts = list(texts)
    return extract_entities(texts, [segment(t) for t in texts], published=published)


def seed(prefix):
    lines = [line.strip() for line in seed_text(prefix).splitlines()]
    texts = [
        line
        for line in lines
        if line and line not in FURNITURE[prefix] and not line.startswith("Nhiều mây")
    ]  # the weather box of 001
    return extract(*texts, published=PUBLISHED[prefix])


def directive(key, kind, number, *, year=None, issuer="TW", issued=None, body="", surface):
    return {
        "key": key,
        "kind": kind,
        "number": number,
        "year": year,
        "issuer": issuer,
        "issued": issued,
        "issuing_body": body,
        "surface": surface,
    }


REGISTRY_KEYS = ("short_names", "subjects", "signers", "relations")


def without_registry(data):
    """as_json() less what the directive registry adds (tests/archive/test_registry.py)."""
    for item in data["directives"]:
        for key in REGISTRY_KEYS:
            del item[key]
    return data


def titles_only(data):
    """as_json() with each person's offices left out (tested on their own) and former only
    when the person has some."""
    for person in data["persons"]:
        del person["offices"]
        if not person["former"]:
            del person["former"]
    return data


def by_key(entities):
    return {d.key: d for d in entities.directives}


def names(found):
    return [f.name for f in found]


# --- the five source articles --------------------------------------------------------------


def test_seed_000_dak_nong():
    entities = seed("000")
    assert titles_only(without_registry(entities.as_json())) == {
        "persons": [
            {
                "name": "Ngô Thanh Danh",
                "mentions": 2,
                "positions": ["Bí thư Tỉnh ủy", "Trưởng đoàn Đại biểu Quốc hội tỉnh Đắk Nông"],
            },
            {
                "name": "Nguyễn Đức Nguyên",
                "mentions": 1,
                "positions": ["Ủy viên BTV", "Trưởng Ban Tổ chức Tỉnh ủy"],
            },
        ],
        "organizations": [
            {"name": "Tỉnh ủy Đắk Nông", "mentions": 5},
            {"name": "Đoàn đại biểu Quốc hội tỉnh Đắk Nông", "mentions": 2},
            {"name": "Thường trực Tỉnh ủy Đắk Nông", "mentions": 1},
            {"name": "Ban Thường vụ Tỉnh ủy Đắk Nông", "mentions": 5},
            {"name": "Ban Chấp hành Trung ương", "mentions": 1},
            {"name": "Bộ Chính trị", "mentions": 1},
            {"name": "Ban Tổ chức Tỉnh ủy Đắk Nông", "mentions": 1},
        ],
        "directives": [
            # "Tham mưu Ban Thường vụ Tỉnh ủy ban hành Đề án 03": the body implies the symbol.
            directive(
                "03-ĐA/TU",
                "Đề án",
                "03",
                issuer="TU",
                body="Ban Thường vụ Tỉnh ủy Đắk Nông",
                surface=["Đề án 03"],
            ),
            directive("NQDH-XIII", "Nghị quyết", "", surface=["Nghị quyết ĐH XIII"]),
            directive(
                "21-KL/TW",
                "Kết luận",
                "21",
                body="Ban Chấp hành Trung ương",
                surface=["Kết luận số 21 – KL/TW"],
            ),
            directive(
                "03-KH/TW",
                "Kế hoạch",
                "03",
                body="Bộ Chính trị",
                surface=["Kế hoạch số 03 – KH/TW"],
            ),
        ],
        "provinces": ["Đắk Nông"],
    }
    scopes = {d.key: d.scope for d in entities.directives}
    # No date in the article: only the term the text writes scopes a Party document.
    assert scopes == {
        "03-ĐA/TU": None,
        "NQDH-XIII": "khóa XIII",
        "21-KL/TW": "khóa XIII",
        "03-KH/TW": None,
    }


def test_seed_001_bac_lieu():
    entities = seed("001")
    assert titles_only(without_registry(entities.as_json())) == {
        "persons": [
            {
                "name": "Lữ Văn Hùng",
                "mentions": 1,
                "positions": ["Ủy viên Trung ương Đảng", "Bí thư Tỉnh ủy"],
            },
            {
                "name": "Trương Thị Mai",
                "mentions": 1,
                "positions": [
                    "Ủy viên Bộ Chính trị",
                    "Bí thư Trung ương Đảng",
                    "Trưởng Ban Tổ chức Trung ương",
                ],
            },
        ],
        "organizations": [
            {"name": "Ban Tổ chức Trung ương", "mentions": 3},
            {"name": "Tỉnh ủy Bạc Liêu", "mentions": 1},
            {"name": "Quốc hội", "mentions": 1},
            {"name": "Ban Tổ chức Tỉnh ủy Bạc Liêu", "mentions": 1},
            {"name": "Ban Thường vụ Tỉnh ủy Bạc Liêu", "mentions": 1},
            {"name": "Ban Chấp hành Đảng bộ tỉnh Bạc Liêu", "mentions": 1},
            {"name": "Bộ Chính trị", "mentions": 2},
            {"name": "Ban Bí thư", "mentions": 1},
            {"name": "Ban Chấp hành Trung ương", "mentions": 2},
        ],
        "directives": [
            directive("NQDH-XIII", "Nghị quyết", "", surface=["Nghị quyết Đại hội XIII"]),
            # Never cited by symbol here: "Kết luận 21 của Ban Chấp hành Trung ương" is 21-KL/TW.
            directive(
                "21-KL/TW",
                "Kết luận",
                "21",
                body="Ban Chấp hành Trung ương",
                surface=["Kết luận 21"],
            ),
            directive(
                "NQTW5-X",
                "Nghị quyết",
                "",
                body="Ban Chấp hành Trung ương",
                surface=["Nghị quyết Trung ương 5 (khóa X)"],
            ),
        ],
        "provinces": ["Bạc Liêu"],
    }
    assert {d.key: d.scope for d in entities.directives} == {
        "NQDH-XIII": "khóa XIII",
        "21-KL/TW": "khóa XIII",
        "NQTW5-X": "khóa X",
    }


def test_seed_002_dien_bien_dong():
    entities = seed("002")
    assert titles_only(without_registry(entities.as_json())) == {
        "persons": [
            {"name": "Vừ A Bằng", "mentions": 1, "positions": ["Bí thư Huyện ủy Điện Biên Đông"]},
        ],
        # No province is named (Điện Biên Đông is a district): bare bodies keep their names.
        "organizations": [
            {"name": "Ban Thường vụ Tỉnh ủy", "mentions": 10},
            {"name": "Tỉnh ủy", "mentions": 1},
            {"name": "Ủy ban Mặt trận Tổ quốc", "mentions": 1},
            {"name": "Huyện ủy Điện Biên Đông", "mentions": 2},
            {"name": "Thường trực Tỉnh ủy", "mentions": 1},
            {"name": "Ban Chấp hành Đảng bộ tỉnh", "mentions": 1},
        ],
        "directives": [
            directive(
                "NQTW4-XII",
                "Nghị quyết",
                "",
                body="Ban Chấp hành Trung ương",
                surface=["Nghị quyết Trung ương 4 (khóa XII)"],
            ),
            directive(
                "02-QĐ/HU",
                "Quy định",
                "02",
                year=2018,
                issuer="HU",
                issued="2018-04-16",
                body="Huyện ủy Điện Biên Đông",
                surface=["Quy định số 02 - QÐ/HU"],
            ),
        ],
        "provinces": [],
    }
    nq, qd = entities.directives
    assert len(nq.spans) == 3
    assert (qd.scope, qd.symbol) == ("Huyện ủy Điện Biên Đông, 2018", "02 - QÐ/HU")
    # The caption's photo credit "Ảnh: Minh Thùy" is not a person.
    assert "Minh Thùy" not in names(entities.persons)


def test_seed_003_quang_ngai():
    entities = seed("003")
    assert titles_only(without_registry(entities.as_json())) == {
        "persons": [
            {
                "name": "Trương Thị Mai",
                "mentions": 3,
                "positions": [
                    "Ủy viên Bộ Chính trị",
                    "Bí thư Trung ương Đảng",
                    "Trưởng ban Tổ chức Trung ương",
                ],
            },
            {
                "name": "Hoàng Đăng Quang",
                "mentions": 1,
                "positions": ["Ủy viên Trung ương Đảng", "Phó Trưởng ban Tổ chức Trung ương"],
            },
            {
                "name": "Bùi Thị Quỳnh Vân",
                "mentions": 1,
                "positions": [
                    "Ủy viên Trung ương Đảng",
                    "Bí thư Tỉnh ủy",
                    "Chủ tịch HĐND tỉnh Quảng Ngãi",
                ],
            },
        ],
        "organizations": [
            {"name": "Bộ Chính trị", "mentions": 2},
            {"name": "Ban Tổ chức Trung ương", "mentions": 3},
            {"name": "Tỉnh ủy Quảng Ngãi", "mentions": 2},
            {"name": "Hội đồng nhân dân tỉnh Quảng Ngãi", "mentions": 1},
            {"name": "Ban Thường vụ Tỉnh ủy Quảng Ngãi", "mentions": 1},
        ],
        "directives": [
            directive("NQDH-XIII", "Nghị quyết", "", surface=["Nghị quyết Đại hội XIII"]),
        ],
        "provinces": ["Quảng Ngãi"],
    }


def test_seed_004_quang_nam():
    entities = seed("004")
    assert titles_only(without_registry(entities.as_json())) == {
        "persons": [
            {
                "name": "Lê Văn Dũng",
                "mentions": 1,
                "positions": ["Phó Bí thư Thường trực Tỉnh ủy Quảng Nam"],
            },
            {
                "name": "Cao Thanh Hải",
                "mentions": 1,
                "positions": ["Tỉnh ủy viên", "Phó Trưởng Ban trực Ban Tổ chức Tỉnh ủy Quảng Nam"],
            },
            {"name": "Cao Hoàng Sơn", "mentions": 1, "positions": ["Vụ trưởng Vụ Địa phương II"]},
        ],
        "organizations": [
            {"name": "Tỉnh ủy Quảng Nam", "mentions": 1},
            {"name": "Ban Tổ chức Trung ương", "mentions": 3},
            {"name": "Ban Tổ chức Tỉnh ủy Quảng Nam", "mentions": 1},
            {"name": "Bộ Chính trị", "mentions": 10},
            {"name": "Ban Bí thư", "mentions": 1},
            {"name": "Ban Chấp hành Trung ương", "mentions": 5},
            {"name": "Ban Chỉ đạo Trung ương về quản lý biên chế", "mentions": 1},
            {"name": "Vụ Địa phương II", "mentions": 2},
        ],
        "directives": [
            directive(
                "06-KL/BTCTW",
                "Kết luận",
                "06",
                year=2022,
                issuer="BTCTW",
                issued="2022-01-20",
                body="Ban Tổ chức Trung ương",
                surface=["Kết luận số 06-KL/BTCTW"],
            ),
            directive(
                "50-QĐ/TW",
                "Quy định",
                "50",
                year=2021,
                issued="2021-12-27",
                body="Bộ Chính trị",
                surface=["Quy định số 50-QĐ/TW"],
            ),
            directive(
                "57-QĐ/TW",
                "Quy định",
                "57",
                year=2022,
                issued="2022-02-08",
                body="Ban Bí thư",
                surface=["Quy định số 57-QĐ/TW"],
            ),
            directive(
                "58-QĐ/TW",
                "Quy định",
                "58",
                year=2022,
                issued="2022-02-08",
                body="Bộ Chính trị",
                surface=["Quy định số 58-QĐ/TW"],
            ),
            directive(
                "65-QĐ/TW",
                "Quy định",
                "65",
                year=2022,
                issued="2022-04-28",
                body="Bộ Chính trị",
                surface=["Quy định số 65-QĐ/TW"],
            ),
            # "Kết luận số 21-KL/TW tại Hội nghị lần thứ tư, Ban Chấp hành Trung ương khóa
            # XIII" later in the article says which conclusion the named one is.
            directive(
                "21-KL/TW",
                "Kết luận",
                "21",
                body="Ban Chấp hành Trung ương",
                surface=[
                    "Kết luận Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng (khóa XIII)",
                    "Kết luận số 21-KL/TW",
                ],
            ),
            directive(
                "03-KH/TW",
                "Kế hoạch",
                "03",
                year=2021,
                issued="2021-12-01",
                body="Bộ Chính trị",
                surface=["Kế hoạch số 03-KH/TW"],
            ),
            directive(
                "74-KL/TW",
                "Kết luận",
                "74",
                year=2020,
                issued="2020-05-22",
                body="Bộ Chính trị",
                surface=["Kết luận số 74-KL/TW"],
            ),
            directive(
                "18-NQ/TW",
                "Nghị quyết",
                "18",
                year=2017,
                issued="2017-10-25",
                body="Ban Chấp hành Trung ương",
                surface=["Nghị quyết số 18-NQ/TW"],
            ),
            directive(
                "19-NQ/TW",
                "Nghị quyết",
                "19",
                body="Ban Chấp hành Trung ương",
                surface=["Nghị quyết số 19-NQ/TW"],
            ),
            directive(
                "39-NQ/TW",
                "Nghị quyết",
                "39",
                body="Bộ Chính trị",
                surface=["Nghị quyết số 39-NQ/TW"],
            ),
            directive(
                "28-KL/TW",
                "Kết luận",
                "28",
                year=2022,
                issued="2022-02-21",
                body="Bộ Chính trị",
                surface=["Kết luận số 28-KL/TW"],
            ),
            directive("NQDH-XIII", "Nghị quyết", "", surface=["Nghị quyết Đại hội XIII"]),
            directive(
                "NQTW5-XIII",
                "Nghị quyết",
                "",
                body="Ban Chấp hành Trung ương",
                surface=["Nghị quyết Trung ương 5 khóa XIII"],
            ),
        ],
        "provinces": ["Quảng Nam", "Khánh Hòa"],
    }
    terms = {d.key: d.term for d in entities.directives}
    # From the issue date (74: 2020 is term XII), the text (18: "khóa XII"), the plenum 19
    # shares with 18 ("18-NQ/TW và 19-NQ/TW của Hội nghị lần thứ sáu"); 39 has none of them
    # and the article no date.
    assert (terms["74-KL/TW"], terms["18-NQ/TW"], terms["19-NQ/TW"]) == ("XII", "XII", "XII")
    assert (terms["50-QĐ/TW"], terms["21-KL/TW"], terms["39-NQ/TW"]) == ("XIII", "XIII", "")
    assert by_key(entities)["39-NQ/TW"].scope is None


# --- directives -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key", "kind", "number", "year", "issuer"),
    [
        (
            "Thực hiện Kết luận số 21-KL/TW về xây dựng Đảng.",
            "21-KL/TW",
            "Kết luận",
            "21",
            None,
            "TW",
        ),
        (
            "Thực hiện Kết luận số 21 – KL/TW về xây dựng Đảng.",
            "21-KL/TW",
            "Kết luận",
            "21",
            None,
            "TW",
        ),
        (
            "Huyện ủy có Quy định số 02 - QÐ/HU về luân chuyển.",
            "02-QĐ/HU",
            "Quy định",
            "02",
            None,
            "HU",
        ),
        (
            "Theo Kết luận số 06-KL/BTCTW về tổng kết.",
            "06-KL/BTCTW",
            "Kết luận",
            "06",
            None,
            "BTCTW",
        ),
        (
            "UBND có Kế hoạch số 23/KH-UBND về thực hiện.",
            "23/KH-UBND",
            "Kế hoạch",
            "23",
            None,
            "UBND",
        ),
        ("Thành ủy có Chỉ thị số 15-CT/TU về đô thị.", "15-CT/TU", "Chỉ thị", "15", None, "TU"),
        (
            "Căn cứ Nghị định 34/2016/NĐ-CP của Chính phủ.",
            "34/2016/NĐ-CP",
            "Nghị định",
            "34",
            2016,
            "CP",
        ),
        ("Theo Chỉ thị 05-CT/TƯ của Bộ Chính trị.", "05-CT/TW", "Chỉ thị", "05", None, "TW"),
        (
            "Theo Nghị quyết 19-2017/NQ-CP của Chính phủ.",
            "19/2017/NQ-CP",
            "Nghị quyết",
            "19",
            2017,
            "CP",
        ),
        ("Bộ luật số 100/2015/QH13 có hiệu lực.", "100/2015/QH13", "Luật", "100", 2015, "QH13"),
        # No kind word: the code tells it; QĐ of the Party is a Quy định, of the State a Quyết định.
        ("Áp dụng 105-QĐ/TW trong công tác cán bộ.", "105-QĐ/TW", "Quy định", "105", None, "TW"),
        (
            "Áp dụng 1234/QĐ-UBND trong xây dựng.",
            "1234/QĐ-UBND",
            "Quyết định",
            "1234",
            None,
            "UBND",
        ),
        ("Căn cứ Quyết định số 99-QĐ/TW về nhân sự.", "99-QĐ/TW", "Quyết định", "99", None, "TW"),
    ],
)
def test_directive_symbols_in_every_spelling(text, key, kind, number, year, issuer):
    (found,) = extract(text).directives
    assert (found.key, found.kind, found.number, found.year, found.issuer) == (
        key,
        kind,
        number,
        year,
        issuer,
    )


def test_issue_date_and_body_from_the_same_phrase():
    (found,) = extract(
        "Quán triệt Quy định số 50-QĐ/TW, ngày 27/12/2021 của Bộ Chính trị về "
        "công tác quy hoạch cán bộ."
    ).directives
    assert (found.issued, found.issuing_body, found.year) == (
        date(2021, 12, 27),
        "Bộ Chính trị",
        2021,
    )
    assert (found.term, found.scope) == ("XIII", "khóa XIII")
    (found,) = extract(
        "Thực hiện Chỉ thị số 15-CT/TU, ngày 16-12-2016, của Thành ủy Đà Nẵng về trật tự đô thị."
    ).directives
    assert (found.issued, found.issuing_body) == (date(2016, 12, 16), "Thành ủy Đà Nẵng")
    assert found.scope == "Thành ủy Đà Nẵng, 2016"


def test_a_body_named_after_the_subject_is_not_the_issuer():
    (found,) = extract(
        "Chính phủ ban hành Nghị định 69/2017/NĐ-CP quy định chức năng, nhiệm "
        "vụ của Bộ Giáo dục và Đào tạo."
    ).directives
    assert found.issuing_body == "Chính phủ"


@pytest.mark.parametrize(
    ("text", "key", "term"),
    [
        ("Học tập Nghị quyết Trung ương 4 (khóa XII) của Đảng.", "NQTW4-XII", "XII"),
        ("Quán triệt Nghị quyết Trung ương 5 khóa XIII về cơ sở đảng.", "NQTW5-XIII", "XIII"),
        (
            "Thực hiện Nghị quyết Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng khóa XII.",
            "NQTW4-XII",
            "XII",
        ),
        ("Thực hiện Nghị quyết Đại hội XIII của Đảng.", "NQDH-XIII", "XIII"),
        ("Thực hiện Nghị quyết ĐH XIII của Đảng.", "NQDH-XIII", "XIII"),
        (
            "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng đã chỉ rõ.",
            "NQDH-XIII",
            "XIII",
        ),
        (
            "Kết luận Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng (khóa XIII) nêu rõ.",
            "KLTW4-XIII",
            "XIII",
        ),
    ],
)
def test_named_resolutions(text, key, term):
    (found,) = extract(text).directives
    kind = "Kết luận" if key.startswith("KL") else "Nghị quyết"
    assert (found.key, found.term, found.kind, found.scope) == (key, term, kind, f"khóa {term}")


def test_named_resolution_without_term_takes_the_articles():
    (found,) = extract(
        "Cán bộ học tập Nghị quyết Trung ương 4.", published=date(2018, 3, 2)
    ).directives
    assert (found.key, found.scope) == ("NQTW4-XII", "khóa XII")
    (found,) = extract("Cán bộ học tập Nghị quyết Trung ương 4.").directives
    assert (found.key, found.scope) == ("NQTW4", None)


def test_congress_of_a_provincial_party_organisation_is_not_the_national_one():
    assert extract("Thực hiện Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XVI.").directives == []


def test_bare_reference_links_to_the_numbered_document_of_the_article():
    (found,) = extract(
        "Tỉnh ủy quán triệt Kết luận số 21-KL/TW của Ban Chấp hành Trung ương khóa XIII.",
        "Việc thực hiện Kết luận 21 được kiểm tra thường xuyên.",
    ).directives
    assert found.key == "21-KL/TW"
    assert found.surface == ["Kết luận số 21-KL/TW", "Kết luận 21"]
    assert found.mentions == 2


def test_bare_reference_without_symbol_or_issuer_is_not_a_directive():
    assert extract("Ông nhắc lại Kết luận 21 nhiều lần.").directives == []
    (found,) = extract("Xử phạt theo Nghị định 71 năm 2010 của Chính phủ.").directives
    assert (found.key, found.scope) == ("71/2010/NĐ-CP", "")


def test_dates_and_fractions_are_not_symbols():
    assert extract("Sáng 13/1, hội nghị thông qua 3/4 cánh đồng mẫu.").directives == []


def test_symbol_repeats_are_told_apart_by_scope():
    tu = extract(
        "Tỉnh ủy Quảng Nam ban hành Quy định số 02-QĐ/TU về cán bộ.", published=date(2019, 5, 1)
    ).directives[0]
    assert tu.scope == "Tỉnh ủy Quảng Nam, 2019"
    # A district code with no district named: nothing tells which Huyện ủy, so no scope.
    hu = extract(
        "Tại Quảng Nam, Quy định số 02-QĐ/HU đã phát huy hiệu quả.", published=date(2019, 5, 1)
    ).directives[0]
    assert hu.scope is None
    state = extract(
        "UBND tỉnh Thái Nguyên có Kế hoạch số 23/KH-UBND về chuyển đổi số.",
        published=date(2020, 3, 1),
    ).directives[0]
    assert state.scope == "Ủy ban nhân dân tỉnh Thái Nguyên, 2020"
    (decree,) = extract("Theo Nghị định 34/2016/NĐ-CP.", published=date(2020, 3, 1)).directives
    assert decree.scope == ""
    (old,) = extract(
        "Thực hiện Chỉ thị 05-CT/TW của Bộ Chính trị.", published=date(2018, 1, 1)
    ).directives
    assert old.scope == "khóa XII"


# --- people ---------------------------------------------------------------------------------


def test_positions_before_the_name():
    (person,) = extract(
        "Phát biểu tại buổi làm việc, Ủy viên Bộ Chính trị, Bí thư Trung ương "
        "Đảng, Trưởng Ban Tổ chức Trung ương Trương Thị Mai nhấn mạnh."
    ).persons
    assert person.name == "Trương Thị Mai"
    assert person.positions == [
        "Ủy viên Bộ Chính trị",
        "Bí thư Trung ương Đảng",
        "Trưởng Ban Tổ chức Trung ương",
    ]
    assert person.method == "rule"


def test_positions_after_the_name_and_honorifics_left_out():
    first, second = extract(
        "Đồng chí Lữ Văn Hùng - Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy chủ "
        "trì; ông Nguyễn Văn Hai, Giám đốc Sở Nội vụ, báo cáo."
    ).persons
    assert (first.name, first.positions) == (
        "Lữ Văn Hùng",
        ["Ủy viên Trung ương Đảng", "Bí thư Tỉnh ủy"],
    )
    assert (second.name, second.positions) == ("Nguyễn Văn Hai", ["Giám đốc Sở Nội vụ"])


def test_degrees_and_lookalike_letters_are_not_part_of_the_name():
    people = extract(
        "GS.TS. Nguyễn Văn An và PGS. Trần Thị Bình cùng Ðồng chí Ðinh Văn Ðức dự hội thảo."
    ).persons
    assert names(people) == ["Nguyễn Văn An", "Trần Thị Bình", "Đinh Văn Đức"]


def test_names_of_ethnic_minorities():
    people = extract(
        "Đồng chí Vừ A Bằng, Bí thư Huyện ủy, và ông Giàng Seo Phử, bà Lò Thị "
        "Lan, anh Sùng A Páo cùng dự."
    ).persons
    assert names(people) == ["Vừ A Bằng", "Giàng Seo Phử", "Lò Thị Lan", "Sùng A Páo"]


def test_later_short_references_are_the_same_person():
    (person,) = extract(
        "Bà Trương Thị Mai thăm tỉnh.",
        "Tại buổi làm việc, bà Mai đề nghị tỉnh chú trọng công tác cán bộ.",
    ).persons
    assert person.mentions == 2


def test_same_name_in_two_spellings_is_one_person():
    (person,) = extract("Ông Lê Văn Thuỷ phát biểu.", "Ông Lê Văn Thủy cho biết thêm.").persons
    assert person.name == "Lê Văn Thủy"  # normalised; both spellings kept as written
    assert person.surface == ["Lê Văn Thuỷ", "Lê Văn Thủy"]


def test_places_and_streets_that_look_like_names_are_not_people():
    people = extract(
        "Hội nghị tại Quảng Ngãi có đại biểu Bạc Liêu, Tây Nguyên và huyện Điện Biên Đông.",
        "Trụ sở ở đường Lê Lợi, gần Trường THPT chuyên Lê Quý Đôn và huyện Mai Sơn.",
        "Hà Nam và Cao Bằng hợp tác với Hàn Quốc, Thái Lan bên bờ Thái Bình Dương.",
    ).persons
    assert people == []


def test_two_syllable_names_need_a_title_or_honorific():
    assert names(extract("Lâm Hà có nhiều đồi chè.").persons) == []
    assert names(extract("Theo ông Lê Hùng, việc này đúng.").persons) == ["Lê Hùng"]


def test_photo_credits_are_not_people():
    assert extract("Đoàn công tác thăm trường học. Ảnh: Nguyễn Văn Tâm").persons == []
    assert extract("Lãnh đạo tỉnh dự lễ (Ảnh: Trần Minh Hoàng).").persons == []


def test_president_ho_chi_minh_but_not_the_city():
    people = extract(
        "Học tập tư tưởng, đạo đức, phong cách Hồ Chí Minh tại TP Hồ Chí Minh.",
        "Bác Hồ luôn gần dân.",
    ).persons
    assert [(p.name, p.mentions) for p in people] == [("Hồ Chí Minh", 2)]


# --- organisations and provinces ------------------------------------------------------------


def test_abbreviations_resolve_to_full_names():
    orgs = extract(
        "BCH TW và BCHTW Đảng họp; UBND tỉnh Thái Nguyên, HĐND tỉnh Thái Nguyên và "
        "Ủy ban MTTQ tỉnh Thái Nguyên phối hợp."
    ).organizations
    assert [(o.name, o.mentions) for o in orgs] == [
        ("Ban Chấp hành Trung ương", 2),
        ("Ủy ban nhân dân tỉnh Thái Nguyên", 1),
        ("Hội đồng nhân dân tỉnh Thái Nguyên", 1),
        ("Ủy ban Mặt trận Tổ quốc tỉnh Thái Nguyên", 1),
    ]
    assert orgs[1].province == "Thái Nguyên"


def test_bare_committee_is_the_dominant_provinces():
    orgs = extract(
        "Tỉnh Đắk Nông tổng kết năm.",
        "Tỉnh ủy đã lãnh đạo; Ban Thường vụ Tỉnh ủy và BTV kiểm tra; Đắk Nông đạt kết quả.",
    ).organizations
    assert names(orgs) == ["Tỉnh ủy Đắk Nông", "Ban Thường vụ Tỉnh ủy Đắk Nông"]
    assert orgs[1].mentions == 2
    # Two provinces, neither dominant: the body keeps its bare name.
    orgs = extract("Đắk Nông và Gia Lai trao đổi; Tỉnh ủy chỉ đạo.").organizations
    assert names(orgs) == ["Tỉnh ủy"]


def test_generic_and_plural_bodies_are_not_mentions():
    orgs = extract(
        "Ban Tổ chức các Tỉnh ủy, thành ủy và HĐND các cấp cùng ban thường vụ cấp ủy tham mưu."
    ).organizations
    assert orgs == []


def test_a_body_inside_a_title_is_mentioned():
    orgs = extract("Bí thư Huyện ủy Điện Biên Đông Vừ A Bằng và Bộ trưởng Bộ Nội vụ dự.")
    assert names(orgs.organizations) == ["Huyện ủy Điện Biên Đông", "Bộ Nội vụ"]


@pytest.mark.parametrize(
    ("written", "province"),
    [
        ("TP.HCM", "Thành phố Hồ Chí Minh"),
        ("Tp. Hồ Chí Minh", "Thành phố Hồ Chí Minh"),
        ("TP Hồ Chí Minh", "Thành phố Hồ Chí Minh"),
        ("Thừa Thiên Huế", "Thừa Thiên Huế"),
        ("Thừa Thiên - Huế", "Thừa Thiên Huế"),
        ("Bà Rịa - Vũng Tàu", "Bà Rịa - Vũng Tàu"),
        ("Bà Rịa-Vũng Tàu", "Bà Rịa - Vũng Tàu"),
        ("Đăk Nông", "Đắk Nông"),
        ("Đắc Nông", "Đắk Nông"),
        ("Ðắk Lắk", "Đắk Lắk"),
        ("Thanh Hoá", "Thanh Hóa"),
    ],
)
def test_province_spellings(written, province):
    assert names(extract(f"Đoàn công tác đến {written} làm việc.").provinces) == [province]


def test_district_and_city_named_after_a_province_are_not_it():
    assert extract("Huyện Điện Biên Đông và TP Điện Biên Phủ phát triển.").provinces == []
    assert names(extract("Tỉnh Điện Biên có TP Điện Biên Phủ.").provinces) == ["Điện Biên"]


def test_provinces_before_the_2025_mergers():
    found = extract("Đắk Nông, Bạc Liêu, Quảng Nam, Hà Giang và Bắc Kạn cùng dự.").provinces
    assert names(found) == ["Đắk Nông", "Bạc Liêu", "Quảng Nam", "Hà Giang", "Bắc Kạn"]


# --- offsets, sentences, methods --------------------------------------------------------------


def test_spans_count_into_the_parts_joined_by_blank_lines():
    texts = ["", "Tin ngắn.", "Chiều 5/3, ông Ngô Thanh Danh thăm Đắk Nông. Sau đó đoàn về."]
    entities = extract(*texts)
    full = "\n\n".join(texts)
    (person,) = entities.persons
    (province,) = entities.provinces
    assert [full[a:b] for a, b in person.spans] == ["Ngô Thanh Danh"]
    assert [full[a:b] for a, b in province.spans] == ["Đắk Nông"]
    assert person.sentence == "Chiều 5/3, ông Ngô Thanh Danh thăm Đắk Nông."
    assert (person.method, province.method) == ("rule", "list")


def test_people_the_paper_does_not_name_are_left_out():
    assert (
        extract(
            "Chị Nguyễn Thị L. phản ánh; ông Bùi Đại T. (44 tuổi) và anh Phạm Văn viết thư."
        ).persons
        == []
    )


def test_given_names_with_a_title_are_the_full_names_person():
    (person,) = extract("Bà Hồ Thị Kim Thoa dự họp.", "Thứ trưởng Kim Thoa cho biết.").persons
    assert (person.name, person.mentions, person.positions) == (
        "Hồ Thị Kim Thoa",
        2,
        ["Thứ trưởng"],
    )


def test_a_title_word_does_not_end_a_name():
    people = extract("Ủy viên Đoàn Chủ tịch Ủy ban Trung ương MTTQ Việt Nam dự.").persons
    assert people == []


def test_a_symbol_is_not_an_organisation_mention():
    entities = extract("Thực hiện Kết luận số 06-KL/BTCTW và Tờ trình số 02/TTr-UBND.")
    assert entities.organizations == []
    assert [d.key for d in entities.directives] == ["06-KL/BTCTW", "02/TTR-UBND"]


def test_a_citys_congress_is_not_the_partys():
    assert extract("Thực hiện Nghị quyết Đại hội lần thứ XXI Đảng bộ thành phố.").directives == []
