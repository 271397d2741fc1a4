"""What is not article text: photo captions and the lines naming who a photo shows, and
site furniture (share buttons, breadcrumbs, related links, the end of the page)."""

import re

from .bylines import _names
from .punctuation import _DASH, _ends_sentence

# Photo captions. 003 "Ảnh: Toàn cảnh Hội nghị." (marker first); 002 "... của Ðảng. Ảnh:
# Minh Thùy" (credit last); 004 "Quang cảnh tổ chức Hội nghị" (scene words).
_PHOTO_FIRST = re.compile(r"^\(?\s*Ảnh(?:\s+minh\s+họa|\s+minh\s+hoạ)?\s*:\s*(.*?)\)?$", re.I)
_PHOTO_CREDIT = re.compile(rf"[\s(\[]*(?:[{_DASH}]\s*)?\bẢnh\s*:\s*([^()\[\]]{{1,60}}?)[)\]]?\.?$")
# "Quang cảnh" opens no headline in the 35,390-article corpus; "Toàn cảnh" opens 28, all
# of seven words or more, while a caption says "Toàn cảnh Hội nghị".
_QUANG_CANH = re.compile(r"^Quang cảnh\b", re.I)
_TOAN_CANH = re.compile(r"^Toàn cảnh\b", re.I)
_PICTURED = re.compile(
    r"^(?:Quang cảnh|Toàn cảnh|Các đại biểu|Đại biểu|Đồng chí|Các đồng chí|Đ/c|Ông|Bà"
    r"|Lãnh đạo)\b|\b(?:phát biểu|chủ trì|chụp ảnh|trao (?:tặng|quyết định|bằng|giấy|huy)"
    r"|tặng (?:hoa|quà)|tại (?:buổi|hội nghị|lễ|điểm cầu))\b",
    re.I,
)

# Site furniture. Lines that end the article (comments, polls, weather, other news): the
# rest of the page goes with them (001, 002).
_PAGE_END = re.compile(
    r"^(?:viết\s+bình\s+luận(?:\s+mới)?|gửi\s+bình\s+luận|bình\s+luận(?:\s*\(\d+\))?"
    r"|ý\s+kiến\s+(?:bạn\s+đọc|của\s+bạn)|thăm\s+dò\s+ý\s+kiến|thông\s+tin\s+cần\s+biết"
    r"|thời\s+tiết|(?:các\s+)?tin\s+khác|tin\s+cùng\s+chuyên\s+mục|tin\s+mới(?:\s+nhất)?"
    r"|(?:tin\s+)?(?:đọc|xem)\s+nhiều(?:\s+nhất)?|tin\s+nổi\s+bật|back\s+to\s+top"
    r"|về\s+đầu\s+trang|lên\s+đầu\s+trang)\s*:?$",
    re.I,
)
# Boxes of links that may stand mid-article: the label and the headlines under it go.
_RELATED = re.compile(
    r"^(?:(?:các\s+)?tin\s+liên\s+quan|bài(?:\s+viết)?\s+liên\s+quan|xem\s+thêm|đọc\s+thêm)"
    r"\s*:?\s*$",
    re.I,
)
_FURNITURE = re.compile(
    r"^(?:chia\s+sẻ|share|facebook|twitter|zalo|e-?mail|in\s+bài(?:\s+viết)?|bản\s+in|print"
    r"|gửi\s+bài(?:\s+viết)?|lưu\s+bài(?:\s+viết)?|copy\s+link|sao\s+chép\s+liên\s+kết"
    r"|thích|like|tweet|cỡ\s+chữ|lượt\s+xem\s*:?\s*[\d.,]*|trang\s+chủ|quay\s+lại)\s*:?$"
    r"|^(?:tags?|từ\s+khóa|từ\s+khoá|xem\s+thêm|đọc\s+thêm|tin\s+liên\s+quan)\s*:\s*\S",
    re.I,
)
_BREADCRUMB = re.compile(r"\s[>»›]\s")
_LIST_ITEM = re.compile(r"^(?:\d{1,2}[.)]|[-+•*])\s")


def _move_pictured_lines(body, captions):
    """004: a short line naming who or what a photo shows ("Đồng chí Cao Hoàng Sơn - ...
    phát biểu chỉ đạo Hội nghị"), without a full stop, standing between two paragraphs."""
    for j in range(len(body) - 2, 0, -1):  # never the lead, never the last line
        line, text = body[j]
        words = len(text.split())
        if (
            words <= 30
            and not _ends_sentence(text)
            and not _LIST_ITEM.match(text)
            and _PICTURED.search(text)
            and all(len(body[k][1].split()) >= max(25, words + 1) for k in (j - 1, j + 1))
        ):
            captions.append((line, text))
            del body[j]


def _photo_marker(text):
    """Caption of a line marked with "Ảnh:"; "" for a bare credit; None if unmarked."""
    if text.count(" ") >= 60:  # a paragraph that happens to start "Ảnh: TTXVN. ..."
        return None
    match = _PHOTO_FIRST.match(text)
    if match:  # 003 "Ảnh: Toàn cảnh Hội nghị."
        rest = match.group(1).strip()
        return "" if not rest or _names(rest) else rest
    match = _PHOTO_CREDIT.search(text)
    if match and match.start() > 0 and _names(match.group(1).strip()):
        return text[: match.start()].rstrip(" " + _DASH)  # 002 "... của Ðảng. Ảnh: Minh Thùy"
    return None


def _is_furniture(text):
    return len(text) <= 200 and _FURNITURE.match(text) is not None


def _is_link(block):
    return block.words <= 35 and not block.text.endswith((".", ":", ";"))


def _is_scene(block):
    """A photo of the scene: 004 "Quang cảnh tổ chức Hội nghị", "Toàn cảnh Hội nghị"."""
    text = block.text
    if _QUANG_CANH.match(text):
        return block.words <= 35
    return _TOAN_CANH.match(text) is not None and (block.words <= 5 or text.endswith("."))
