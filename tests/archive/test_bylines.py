"""The byline closing a corpus body (headline / lead / body lines) is the author, not text."""

import pytest

from archive.extract import extract_entities
from archive.ingest.parse import parse
from archive.text import segment

HEADLINE = "Triệt phá đường dây đánh bạc qua mạng tại Bắc Giang"
LEAD = "Công an tỉnh Bắc Giang vừa triệt phá một đường dây đánh bạc qua mạng quy mô lớn."
BODY = (
    "Theo Công an tỉnh, đường dây do Nguyễn Văn Hào cầm đầu hoạt động từ năm 2016. "
    "Ông Trần Quốc Tuấn, Phó Giám đốc Công an tỉnh, cho biết vụ việc đang được điều tra, "
    "làm rõ. Hiện, vụ việc đang được ngành chức năng tiếp tục điều tra."
)


def _corpus(tail):
    return f"{HEADLINE}\n{LEAD}\n{BODY} {tail}"


@pytest.mark.parametrize(
    ("tail", "authors"),
    [
        ("Thanh Lâm", ["Thanh Lâm"]),
        ("Trung Hiếu - Đỗ Trường", ["Trung Hiếu", "Đỗ Trường"]),
        ("Nhan Sáng - Đức Dũng", ["Nhan Sáng", "Đức Dũng"]),
        ("D.Hà", ["D.Hà"]),
        ("Nguyễn Thảo(Theo NESA)", ["Nguyễn Thảo"]),
        ("Ái Vi (theo The Australian)", ["Ái Vi"]),
        ("Hoàng Huy (T/h)", ["Hoàng Huy"]),
        ("Thái Bình/VOV-Miền Trung", ["Thái Bình"]),
        ("Công Bính - Theo Dân trí", ["Công Bính"]),
        ("Nguyễn Ca_H. Nam, Theo Thời Đại", ["Nguyễn Ca", "H. Nam"]),
        ("Theo Quang Chiến/Vnexpress", ["Quang Chiến"]),
        ("ĐÌNH THẢO", ["ĐÌNH THẢO"]),
    ],
)
def test_the_closing_byline_is_the_author_and_leaves_the_body(tail, authors):
    article = parse(_corpus(tail))
    assert article.authors == authors
    assert article.paragraphs[-1].endswith("tiếp tục điều tra.")
    assert " ".join(article.paragraphs) == BODY


@pytest.mark.parametrize(
    "tail",
    [
        "Theo VnExpress",  # the outlet copied from
        "Nguồn: VnExpress",
        "VnExpress",
        "TTXVN/Tin Tức",
        "Ông LÊ HOÀNG CHÂU, Chủ tịch HoREA",  # who was quoted
        "Cao nhất 31 - 34 độ C./.",
    ],
)
def test_an_outlet_or_a_sentence_is_no_byline_and_stays(tail):
    article = parse(_corpus(tail))
    assert article.authors == []
    assert article.paragraphs[-1].endswith(tail)


def test_a_byline_is_no_person_mentioned_and_the_people_in_the_text_stay():
    article = parse(_corpus("Trung Hiếu - Đỗ Trường"))
    texts = article.texts()
    entities = extract_entities(texts, [segment(t) for t in texts], published=None)
    names = {person.name for person in entities.persons}
    assert {"Nguyễn Văn Hào", "Trần Quốc Tuấn"} <= names
    assert not names & {"Trung Hiếu", "Đỗ Trường"}
