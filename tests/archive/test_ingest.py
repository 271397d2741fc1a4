"""Reading article files (encodings, refusals, hashes) and parsing them into parts."""

import unicodedata
from datetime import date

import pytest

from archive.ingest import InputError
from archive.ingest.parse import parse
from archive.ingest.read import content_hash, read_text
from tests.conftest import seed_text

MB = 1024 * 1024

# The parse of each seed: title, published, source, authors, captions, start of the lead.
SEEDS = {
    "000": (
        "",
        None,
        "",
        ["Bảo Ngọc", "Văn Thắng"],
        [
            "Đ/c Ngô Thanh Danh, Bí thư Tỉnh ủy, Trưởng đoàn Đại biểu Quốc hội tỉnh Đắk Nông "
            "yêu cầu trong công tác xây dựng Đảng phải tiếp tục làm tốt khâu cán bộ để lựa "
            "chọn được cán bộ đủ đức, đủ tài",
            "Quang cảnh hội nghị",
            "Đ/c Nguyễn Đức Nguyên - Ủy viên BTV, Trưởng Ban Tổ chức Tỉnh ủy triển khai nhiệm "
            "vụ năm 2022",
        ],
        "Năm 2021, trong bối cảnh dịch Covid 19",
    ),
    "001": (
        "Cả nước có 5.248.607 đảng viên",
        date(2022, 1, 13),
        "",
        ["N.Q"],
        ["Hội nghị tại điểm cầu Bạc Liêu."],
        "Sáng 13/1, Ban Tổ chức Trung ương",
    ),
    "002": (
        "Xây dựng Đảng là nhiệm vụ then chốt",
        date(2018, 10, 3),
        "Báo Điện Biên Phủ",
        ["Minh Thùy"],
        [
            "Cán bộ, đảng viên thuộc \u00d0ảng bộ Công an tỉnh học tập Nghị quyết Trung ương 4 "
            "(khóa XII) của \u00d0ảng."
        ],
        "Xây dựng \u00d0ảng là nhiệm vụ then chốt, là mục tiêu",  # Ð kept as written
    ),
    "003": (
        "Hội nghị giao ban công tác xây dựng Đảng 9 tỉnh miền Trung – Tây Nguyên",
        date(2022, 6, 29),
        "Phapluatmoitruong.vn",
        ["Thiên Bút"],
        ["Toàn cảnh Hội nghị."],
        "Chiều 29/6, tại Tp. Quảng Ngãi",
    ),
    "004": (
        "",
        None,
        "",
        [],
        [
            "Quang cảnh tổ chức Hội nghị",
            "Đồng chí Cao Hoàng Sơn - Vụ trưởng Vụ Địa phương II phát biểu chỉ đạo Hội nghị",
        ],
        "Phát biểu chào mừng Hội nghị",
    ),
}

FURNITURE = [
    "Viết bình luận mới", "thăm dò ý kiến", "Theo bạn, điều gì", "THÔNG TIN CẦN BIẾT",
    "Nhiều mây", "Lượt xem", "In bài viết", "Bình luận", "Tin khác", "Back To Top",
    "(Theo ", "T/h:", "Tin, ảnh:", "Ảnh:",
]  # fmt: skip


@pytest.mark.parametrize("prefix", sorted(SEEDS))
def test_seed_parses_to_exact_headline_date_source_byline_and_captions(prefix):
    title, published, source, authors, captions, lead = SEEDS[prefix]
    article = parse(seed_text(prefix))
    assert article.title == title
    assert article.published == published
    assert article.source == source
    assert article.authors == authors
    assert article.captions == captions
    assert article.lead.startswith(lead)
    assert article.paragraphs and article.lead not in article.paragraphs


@pytest.mark.parametrize("prefix", sorted(SEEDS))
def test_seed_parts_carry_no_site_furniture_byline_or_caption(prefix):
    article = parse(seed_text(prefix))
    for part in [article.title, article.lead, *article.paragraphs, *article.captions]:
        assert part == part.strip() and "\xa0" not in part
        for furniture in FURNITURE:
            assert furniture not in part, (furniture, part)
    body = [article.lead, *article.paragraphs]
    assert not set(article.captions) & set(body)
    assert not any(name in body for name in article.authors)


def test_headless_seed_keeps_every_paragraph_after_the_top_caption():
    article = parse(seed_text("000"))
    assert len(article.paragraphs) == 8
    assert article.paragraphs[-1].startswith("Để thực hiện tốt nhiệm vụ")


def test_dateline_source_is_stripped_from_the_lead_and_wins_over_the_copied_from_line():
    article = parse(seed_text("003"))  # "(Phapluatmoitruong.vn) –" ... "(Theo Môi trường ...)"
    assert not article.lead.startswith("(")
    assert article.source == "Phapluatmoitruong.vn"
    assert not any("Môi trường và Đô thị" in p for p in article.paragraphs)


def test_list_items_and_the_line_before_them_stay_paragraphs():
    article = parse(seed_text("004"))
    assert [p[:2] for p in article.paragraphs[2:8]] == ["1.", "2.", "3.", "4.", "5.", "6."]
    assert article.paragraphs[1].endswith("trọng tâm sau:")


# Made-up pages: the rules hold beyond the seeds -------------------------------------------


PAGE = """XÂY DỰNG ĐẢNG

Trang chủ > Tin tức > Xây dựng Đảng

Tỉnh ủy Nam Hà sơ kết công tác cán bộ

Cập nhật: ngày 5 tháng 3 năm 2022 | 09:15

Chia sẻ

HNM - Sáng 4/3, Tỉnh ủy Nam Hà tổ chức hội nghị sơ kết công tác cán bộ quý I, triển khai \
Quy định số 50-QĐ/TW, ngày 27/12/2021 của Bộ Chính trị.

Chia sẻ kinh nghiệm tại hội nghị, các đại biểu nêu nhiều cách làm hay trong đánh giá cán bộ \
và quy hoạch cán bộ trẻ của các huyện, thị xã và thành phố trực thuộc tỉnh.

Tin liên quan
Nam Hà kiện toàn Ban Tổ chức Tỉnh ủy
Hội nghị cán bộ chủ chốt tỉnh Nam Hà

Ngày 27/12/2021, Bộ Chính trị ban hành Quy định số 50-QĐ/TW về công tác tổ chức, cán bộ; \
tỉnh đã quán triệt đến toàn thể cán bộ, đảng viên trong các cơ quan, đơn vị trên địa bàn.

Lượt xem: 1.024

Nhóm PV

Theo Báo Nam Hà

Tin khác
Một bài khác không thuộc bài này
"""


def test_raw_page_rules_are_general():
    article = parse(PAGE)
    assert article.title == "Tỉnh ủy Nam Hà sơ kết công tác cán bộ"
    assert article.published == date(2022, 3, 5)  # the date line, not 4/3 nor 27/12/2021
    assert article.source == "Báo Hà Nội Mới"  # the dateline code beats "Theo Báo Nam Hà"
    assert article.authors == ["Nhóm PV"]
    assert article.lead.startswith("Sáng 4/3, Tỉnh ủy Nam Hà")
    assert [p[:20] for p in article.paragraphs] == ["Chia sẻ kinh nghiệm ", "Ngày 27/12/2021, Bộ "]
    assert article.captions == []


def test_only_a_dateline_at_the_top_dates_the_page():
    page = (
        "Tỉnh ủy Nam Hà sơ kết công tác cán bộ\n\n"
        "Tỉnh ủy Nam Hà vừa sơ kết công tác cán bộ, quán triệt Quy định số 50-QĐ/TW, ngày "
        "27/12/2021 của Bộ Chính trị đến các chi bộ và đảng viên trong toàn tỉnh.\n\n"
        "Ngày 5/3/2022, Ban Thường vụ Tỉnh ủy giao Ban Tổ chức theo dõi, đôn đốc việc thực "
        "hiện.\n"
    )
    assert parse(page).published is None


@pytest.mark.parametrize(
    ("lead", "published"),
    [
        ("Chiều 29/6, hội nghị tổng kết công tác năm 2022 đã diễn ra.", date(2022, 6, 29)),
        ("Chiều 29/6, hội nghị bàn về nhiệm kỳ 2020 - 2025 và kế hoạch năm 2022.", None),
        ("Chiều 29/6, hội nghị đã diễn ra tại tỉnh với nhiều đại biểu tham dự.", None),
        ("Ngày 5-3-2022, hội nghị đã diễn ra tại tỉnh với nhiều đại biểu.", date(2022, 3, 5)),
    ],
)
def test_lead_dateline_year_is_completed_only_when_unambiguous(lead, published):
    page = f"Tỉnh ủy Nam Hà sơ kết công tác cán bộ\n\n{lead}\n\nĐoạn thứ hai của bài viết.\n"
    assert parse(page).published == published


CORPUS_SHAPED = (
    "Tỉnh ủy Nam Hà kiện toàn cán bộ chủ chốt\n"
    "(Baonamha) - Sáng 3/1, Tỉnh ủy Nam Hà công bố quyết định về công tác cán bộ.\n"
    "Hội nghị do Bí thư Tỉnh ủy chủ trì. Tại Tp. Nam Định, các đại biểu đã thảo luận. "
    "Ông Nguyễn Văn A được điều động giữ chức Trưởng Ban Tổ chức Tỉnh ủy. "
    "Bà Trần Thị B được bổ nhiệm Phó Trưởng ban. Các quyết định có hiệu lực từ ngày ký. "
    "Phát biểu tại hội nghị, Bí thư Tỉnh ủy đề nghị các đồng chí phát huy tinh thần trách "
    "nhiệm, đoàn kết và hoàn thành tốt nhiệm vụ được giao trong thời gian tới.\n"
)


def test_corpus_shape_headline_lead_and_body_split_without_losing_text():
    article = parse(CORPUS_SHAPED)
    assert article.title == "Tỉnh ủy Nam Hà kiện toàn cán bộ chủ chốt"
    assert article.source == "Baonamha"
    assert article.lead.startswith("Sáng 3/1, Tỉnh ủy Nam Hà")
    assert article.published is None  # no year anywhere in the lead
    assert len(article.paragraphs) == 2
    assert " ".join(article.paragraphs) == CORPUS_SHAPED.splitlines()[2].strip()
    assert not any(p.startswith("Nam Định") for p in article.paragraphs)  # "Tp." is no end
    assert article.authors == [] and article.captions == []


def test_corpus_shape_without_body():
    article = parse("Tỉnh ủy Nam Hà kiện toàn cán bộ\nSáng 3/1, Tỉnh ủy Nam Hà họp.\n")
    assert article.title == "Tỉnh ủy Nam Hà kiện toàn cán bộ"
    assert article.lead == "Sáng 3/1, Tỉnh ủy Nam Hà họp." and article.paragraphs == []


def test_three_line_raw_page_is_not_read_as_corpus_shape():
    page = (
        "XÂY DỰNG ĐẢNG\n"
        "Tỉnh ủy Nam Hà kiện toàn cán bộ chủ chốt\n"
        "Sáng 3/1, Tỉnh ủy Nam Hà công bố quyết định về công tác cán bộ năm 2022.\n"
    )
    article = parse(page)
    assert article.title == "Tỉnh ủy Nam Hà kiện toàn cán bộ chủ chốt"
    assert article.published == date(2022, 1, 3)
    dated = "Tỉnh ủy Nam Hà kiện toàn cán bộ\nThứ Hai, 03/01/2022 08:30\nSáng 3/1, họp.\n"
    article = parse(dated)
    assert article.published == date(2022, 1, 3) and article.lead == "Sáng 3/1, họp."


# read_text ---------------------------------------------------------------------------------

VIETNAMESE = (
    "Ban Thường vụ Tỉnh ủy tổ chức hội nghị tổng kết công tác xây dựng Đảng năm 2021,\n"
    "triển khai nhiệm vụ năm 2022. Đồng chí Bí thư Tỉnh ủy phát biểu chỉ đạo hội nghị.\n"
)
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def _cp1258(text):
    """Bytes as Windows-1258 writes Vietnamese: a precomposed letter where the code page has
    one ("ư", "á"), otherwise the base letter and a combining tone mark ("ê" + U+0323)."""
    out = []
    for ch in text:
        try:
            out.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            marks = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(m for m in marks if m not in _TONES))
            tones = "".join(m for m in marks if m in _TONES)
            out.append((base + tones).encode("cp1258"))
    return b"".join(out)


def _file(tmp_path, data):
    path = tmp_path / "article.txt"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "data",
    [
        VIETNAMESE.encode("utf-8"),
        b"\xef\xbb\xbf" + VIETNAMESE.encode("utf-8"),
        b"\xff\xfe" + VIETNAMESE.encode("utf-16-le"),
        b"\xfe\xff" + VIETNAMESE.encode("utf-16-be"),
        VIETNAMESE.replace("\n", "\r\n").encode("utf-8"),
    ],
    ids=["utf-8", "utf-8 BOM", "utf-16 LE BOM", "utf-16 BE BOM", "CRLF"],
)
def test_accepted_encodings_read_to_the_same_text(tmp_path, data):
    assert read_text(_file(tmp_path, data), max_bytes=MB) == VIETNAMESE


def test_vietnamese_windows_1258_is_read_and_composed(tmp_path):
    data = _cp1258(VIETNAMESE)
    assert "\u0323".encode("cp1258") in data  # tones really are separate marks on disk
    text = read_text(_file(tmp_path, data), max_bytes=MB)
    assert text == VIETNAMESE and unicodedata.is_normalized("NFC", text)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "a binary file, not text"),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00" + bytes(range(200)), "a binary file, not text"),
        (b"", "empty file"),
        (b" \n\t\r\n  \n", "empty file (only white space)"),
        (
            "Le délégué a été élu à l'unanimité; la séance reprend.".encode("latin-1"),
            "not UTF-8 text (nor UTF-16 with a BOM, nor Vietnamese Windows-1258)",
        ),
        (
            "会議が開催されました。党の組織について議論した。".encode("shift_jis"),
            "not UTF-8 text (nor UTF-16 with a BOM, nor Vietnamese Windows-1258)",
        ),
        (
            VIETNAMESE.encode("utf-16-le"),  # no BOM: the byte order is a guess
            "not UTF-8 text (nor UTF-16 with a BOM, nor Vietnamese Windows-1258)",
        ),
    ],
    ids=["png", "zip", "empty", "white space", "latin-1 french", "shift-jis", "utf-16 no BOM"],
)
def test_refused_files_say_why(tmp_path, data, reason):
    with pytest.raises(InputError) as error:
        read_text(_file(tmp_path, data), max_bytes=MB)
    assert str(error.value) == reason


def test_a_file_over_the_limit_is_refused_with_both_sizes(tmp_path):
    path = _file(tmp_path, b"")
    with path.open("wb") as file:
        file.truncate(int(5.1 * MB))  # sparse: the size is checked before reading
    with pytest.raises(InputError, match=r"^larger than the 2 MB limit \(5\.1 MB\)$"):
        read_text(path, max_bytes=2 * MB)
    path.write_bytes(b"x" * 2048)
    with pytest.raises(InputError, match=r"^larger than the 1 KB limit \(2 KB\)$"):
        read_text(path, max_bytes=1024)


# content_hash ------------------------------------------------------------------------------


def test_same_text_in_utf8_and_utf16_hashes_alike(tmp_path):
    utf8 = read_text(_file(tmp_path, VIETNAMESE.encode("utf-8")), max_bytes=MB)
    utf16 = read_text(_file(tmp_path, VIETNAMESE.encode("utf-16")), max_bytes=MB)
    assert content_hash(utf8) == content_hash(utf16)


def test_hash_ignores_unicode_form_spelling_and_trailing_white_space():
    decomposed = unicodedata.normalize("NFD", VIETNAMESE)
    assert content_hash(decomposed) == content_hash(VIETNAMESE)
    assert content_hash(VIETNAMESE.replace("Đảng", "\u00d0ảng")) == content_hash(VIETNAMESE)
    assert content_hash(VIETNAMESE.replace("\n", "  \r\n") + "\n\n") == content_hash(VIETNAMESE)
    assert content_hash(VIETNAMESE) != content_hash(VIETNAMESE.replace("2022", "2023"))
