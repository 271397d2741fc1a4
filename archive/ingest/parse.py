"""Text to parts: headline, date, source, byline, captions, lead and paragraphs.

Two shapes, told apart by parse():
- the corpus shape: headline, lead and the whole body on three lines (the baomoi corpus);
- raw text copied from a news page (the seeds): section labels, date lines, photo
  captions, bylines and site furniture around the paragraphs.

Parts keep the text as written (Ð stays Ð); only white space is tidied: a run of spaces
or non-breaking spaces becomes one space, as a browser shows it.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from archive.ingest import ParsedArticle

PARSER_VERSION = 1

# Dateline codes of outlets that open the lead with them ("ĐBP - Xây dựng Ðảng ...").
_OUTLETS = {
    "ĐBP": "Báo Điện Biên Phủ",
    "HNM": "Báo Hà Nội Mới",
    "HNMO": "Báo Hà Nội Mới",
    "QĐND": "Báo Quân đội nhân dân",
    "ND": "Báo Nhân Dân",
    "NDO": "Báo Nhân Dân",
    "TTXVN": "Thông tấn xã Việt Nam",
    "VOV": "Đài Tiếng nói Việt Nam",
    "VOV.VN": "Đài Tiếng nói Việt Nam",
    "VTV": "Đài Truyền hình Việt Nam",
    "SGGP": "Báo Sài Gòn Giải Phóng",
    "SGGPO": "Báo Sài Gòn Giải Phóng",
    "CAND": "Báo Công an nhân dân",
    "NLĐO": "Báo Người Lao Động",
    "TTO": "Báo Tuổi Trẻ",
    "ĐCSVN": "Báo điện tử Đảng Cộng sản Việt Nam",
    "GD&TĐ": "Báo Giáo dục và Thời đại",
    "ANTĐ": "Báo An ninh Thủ đô",
}

_DASH = "-–—"
# Lead prefixes naming the outlet: 003 "(Phapluatmoitruong.vn) –", 002 "ĐBP -", and site
# names ("ANTT.VN -", "Baonghean.vn -"; not "TP.HCM -", a place).
_SOURCE_PAREN = re.compile(rf"^\(([^()]{{2,60}})\)\s*[{_DASH}:]\s*")
_SOURCE_CODE = re.compile(rf"^([^\s()]{{2,24}}?)\s*[{_DASH}]\s*")
_DOMAIN = re.compile(r"(?:[\w-]+\.)+(?:vn|com|net|org|info)", re.I)
_REPUBLISHED = re.compile(r"^\(\s*(?:Theo|Nguồn)\s*:?\s+([^()]{2,80}?)\s*\)\.?$", re.I)
_NAMED_SOURCE = re.compile(r"^(?:Theo|Nguồn)\s*:\s*([^()]{2,80}?)\.?$", re.I)
_BARE_THEO = re.compile(r"^Theo\s+([^,;:?!]{2,80}?)\.?$")

# Dates: 13/01/2022, 03-10-2018, 2022-01-13, "ngày 5 tháng 3 năm 2022".
_DMY = re.compile(r"(?<![\d/.-])(\d{1,2})\s?[/.-]\s?(\d{1,2})\s?[/.-]\s?((?:19|20)\d\d)(?!\d)")
_ISO = re.compile(r"(?<!\d)((?:19|20)\d\d)-(\d\d)-(\d\d)(?!\d)")
_WORDS = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+((?:19|20)\d\d)", re.I)
_DATE_LINE_REST = re.compile(
    r"\d{1,2}:\d\d(?::\d\d)?(?:\s?(?:AM|PM|SA|CH))?|\(?GMT\s?[+-]\s?\d+\)?"
    r"|Thứ\s+(?:Hai|Ba|Tư|Năm|Sáu|Bảy|[2-7])|Chủ\s+nhật|Lượt\s+xem\s*:?\s*[\d.,]*"
    r"|In\s+bài(?:\s+viết)?|Cập\s+nhật(?:\s+lúc)?|Ngày\s+đăng|Đăng\s+(?:lúc|ngày)|Ngày|lúc",
    re.I,
)
# A dateline opening the lead: "Chiều 29/6,", "Sáng nay (13/1),", "Ngày 5-3-2022,".
_TIME_OF_DAY = r"(?:rạng\s+)?(?:sáng|trưa|chiều|tối|đêm|ngày|hôm)(?:\s+(?:sớm|nay|qua|mai))?"
_LEAD_DATE = re.compile(
    rf"^(?:{_TIME_OF_DAY}\s*,?\s*\(?(?:ngày\s+)?(?P<d>\d{{1,2}})\s?[/.-]\s?(?P<m>\d{{1,2}})"
    rf"|(?:{_TIME_OF_DAY}\s+)?ngày\s+(?P<wd>\d{{1,2}})\s+tháng\s+(?P<wm>\d{{1,2}}))"
    r"(?:(?:\s?[/.-]\s?|\s+năm\s+)(?P<y>(?:19|20)\d\d))?(?![\d/.-]\d)",
    re.I,
)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")

# Bylines: 000 "T/h: Bảo Ngọc – Văn Thắng", 001 "Tin, ảnh: N.Q", "Bài và ảnh: ...".
_BYLINE = re.compile(
    r"^(?:T/h|TH|Tổng\s+hợp|Thực\s+hiện|Ghi\s+chép|Nhóm\s+(?:PV|phóng\s+viên)|Phóng\s+viên"
    r"|(?:Tin|Bài)(?:\s*(?:,|/|&|và)\s*(?:ảnh|bài|clip|video))*)\s*:\s*(.+)$",
    re.I,
)
_REPORTERS = re.compile(r"^(?:Nhóm\s+)?(?:PV|phóng\s+viên|PV\s+nhóm)$", re.I)
_NAME_SPLIT = re.compile(rf"\s+[{_DASH}]\s+|\s*[,;&]\s*|\s+và\s+")
_NAME_WORD = re.compile(r"^[^\W\d_](?:[^\W\d_]|[.'-])*$")

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


@dataclass
class _Block:
    """One non-blank line of a page."""

    text: str  # white space tidied
    indented: bool  # began with a non-breaking space (000's captions)
    before_photo: bool = False  # a line of only non-breaking spaces follows (000)
    words: int = field(init=False)

    def __post_init__(self):
        self.words = self.text.count(" ") + 1


def parse(text):
    """ParsedArticle for one article's text, in either shape."""
    rows = text.splitlines()
    while rows and not rows[-1].strip():
        rows.pop()
    while rows and not rows[0].strip():
        rows.pop(0)
    blocks = _blocks(rows)
    if _is_corpus_shape(rows, blocks):
        return _parse_corpus(blocks)
    return _parse_page(blocks)


# The corpus shape ------------------------------------------------------------------------


def _is_corpus_shape(rows, blocks):
    """Headline, lead and body (or headline and lead) on consecutive lines, nothing else.

    Raw pages separate their lines with blank ones, or (004) open with a caption; a page
    that is three bare lines with nothing raw about them reads the same either way.
    """
    if not 2 <= len(rows) <= 3 or len(blocks) != len(rows):
        return False
    head = blocks[0]
    if head.words > 50 or head.indented or _is_scene(head):
        return False
    if _is_label(head.text) and _could_be_headline(blocks[1]):  # 001's section label
        return False
    if len(blocks) == 3 and _names(blocks[2].text):  # a byline under the lead
        return False
    return not any(
        _date_of_line(b.text)
        or _is_furniture(b.text)
        or _byline_names(b.text) is not None
        or _republished(b.text)
        or _photo_marker(b.text) is not None
        for b in blocks
    )


def _parse_corpus(blocks):
    article = ParsedArticle(title=blocks[0].text)
    article.lead, article.source = _strip_source(blocks[1].text)
    article.published = _lead_date(article.lead)
    if len(blocks) == 3:
        article.paragraphs = _split_body(blocks[2].text)
    return article


_SENTENCE_END = re.compile(r"([.!?…]+[\"”’»)\]]*)(\s+)(?=[\"“‘«(\[]?(\w))")
_ABBREVIATIONS = frozenset("tp ths ts pgs gs bs ks th.s mr mrs ms dr st no vs v.v tr".split())


def _split_body(body, *, words=60, sentences=4):
    """Paragraphs of a few sentences from a body the corpus joined into one line.

    Cheap and lossless: a cut falls where a sentence ends and the next starts with a capital
    (not after "Tp." or an initial), and only the spaces at the cuts are dropped.
    """
    paragraphs, start, count = [], 0, 0
    for match in _SENTENCE_END.finditer(body):
        if not match.group(3).isupper():
            continue
        word = body[body.rfind(" ", 0, match.start()) + 1 : match.end(1)]
        before = word.rstrip('.!?…"”’»)]').lower()
        if before in _ABBREVIATIONS or len(before) <= 1:  # "Tp. Quảng Ngãi", "N. Q. Anh"
            continue
        count += 1
        # The body is tidied: one space between words.
        if count >= sentences or body.count(" ", start, match.end(1)) + 1 >= words:
            paragraphs.append(body[start : match.end(1)])
            start, count = match.end(2), 0
    paragraphs.append(body[start:])
    if len(paragraphs) > 1 and len(paragraphs[-1].split()) < 15:
        paragraphs[-2:] = [paragraphs[-2] + " " + paragraphs[-1]]
    return [p for p in paragraphs if p]


# Raw pages -------------------------------------------------------------------------------


def _parse_page(blocks):
    article = ParsedArticle()
    captions = []  # (line, text): header and body captions, put back in page order
    republished = []  # "(Theo X)": the outlet the page copied, if no dateline names one
    at = _read_header(blocks, article, captions, republished)
    if at == len(blocks):
        return _finish(article, captions, [], republished)
    article.lead, article.source = _strip_source(blocks[at].text)
    if article.published is None:
        article.published = _lead_date(article.lead)

    body = [(at, article.lead)]  # (line, text); the lead stays first as a neighbour
    in_related = False
    for i in range(at + 1, len(blocks)):
        block = blocks[i]
        text = block.text
        if _PAGE_END.match(text):  # comments, polls, weather, other news: the page goes on
            break  # with furniture only (001 "Viết bình luận mới", 002 "Bình luận")
        if _RELATED.match(text):
            in_related = True
            continue
        if in_related and _is_link(block):  # a headline in a "Tin liên quan" box
            continue
        in_related = False
        if _is_furniture(text) or _date_of_line(text):
            continue
        if _read_byline(text, article):
            continue
        found = _republished(text)
        if found:  # 003 "(Theo Môi trường và Đô thị điện tử)"
            republished.append(found)
            continue
        caption = _photo_marker(text)
        if caption is None and block.before_photo and not _ends_sentence(text):
            caption = text if block.words <= 60 else None  # 000 "\xa0Quang cảnh hội nghị"
        if caption is not None:
            if caption:
                captions.append((i, caption))
            continue
        body.append((i, text))

    _move_pictured_lines(body, captions)
    paragraphs = body[1:]
    # The byline is often a bare name under the last paragraph (002 "Minh Thùy", 003
    # "Thiên Bút"), and the republished-from line may close the text without brackets.
    for _ in range(2):
        if not paragraphs:
            break
        last = paragraphs[-1][1]
        bare_theo = _BARE_THEO.match(last) if last.count(" ") < 10 else None
        names = None if bare_theo else _names(last)
        if bare_theo:  # "Theo VTC14"
            republished.append(_outlet(bare_theo.group(1)))
        elif names:
            article.authors.extend(n for n in names if n not in article.authors)
        else:
            break
        paragraphs.pop()
    return _finish(article, captions, paragraphs, republished)


def _read_header(blocks, article, captions, republished):
    """Take title, date, captions and labels above the lead; return the lead's index."""
    for i, block in enumerate(blocks):
        text = block.text
        following = _next_text_block(blocks, i)
        if _is_furniture(text) or _PAGE_END.match(text) or _RELATED.match(text):
            continue
        if _BREADCRUMB.search(text) and block.words <= 15:  # "Trang chủ > Xây dựng Đảng"
            continue
        found = _date_of_line(text)
        if found:  # 001 "Thứ Năm, 13/01/2022 | 16:37", 002 "08:59 - Thứ Tư, 03/10/2018 ..."
            article.published = article.published or found
            continue
        if _read_byline(text, article):
            continue
        found = _republished(text)
        if found:
            republished.append(found)
            continue
        # 001 "HOẠT ĐỘNG LÃNH ĐẠO": a section label in capitals above the headline.
        if (
            _is_label(text)
            and not article.title
            and (block.words <= 5 or (following and _could_be_headline(following)))
        ):
            continue
        caption = _photo_marker(text)
        if caption is not None:
            if caption:
                captions.append((i, caption))
            continue
        # 000: the top photo's caption, a 43-word sentence without a full stop, followed by
        # the photo's placeholder line of non-breaking spaces.
        photo_above = block.before_photo and not _ends_sentence(text)
        if photo_above and (block.indented or not _could_be_headline(block)):
            captions.append((i, text))
            continue
        # 004 "Quang cảnh tổ chức Hội nghị": a photo of the scene, not a headline.
        if _is_scene(block):
            captions.append((i, text))
            continue
        if not article.title and _could_be_headline(block):
            article.title = text
            continue
        # 001 "Hội nghị tại điểm cầu Bạc Liêu.": a short line between headline and lead.
        if (
            block.words <= 20
            and not _opens_lead(text)
            and following is not None
            and following.words > block.words
            and (article.title or _ends_sentence(text))
        ):
            captions.append((i, text))
            continue
        return i
    return len(blocks)


def _finish(article, captions, paragraphs, republished):
    if not article.source and republished:
        article.source = republished[0]
    article.captions = [text for _line, text in sorted(captions)]
    article.paragraphs = [text for _line, text in paragraphs]
    return article


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


def _read_byline(text, article):
    """Add the names of a byline line to article.authors; False if text is not one."""
    found = _byline_names(text)
    if found is None:
        return False
    article.authors.extend(name for name in found if name not in article.authors)
    return True


def _byline_names(text):
    """Names of a byline ("T/h: Bảo Ngọc – Văn Thắng", "Tin, ảnh: N.Q", "Nhóm PV")."""
    if text.count(" ") >= 15:
        return None
    if _REPORTERS.match(text):
        return [text]
    match = _BYLINE.match(text)
    if not match:
        return None
    names = _names(match.group(1))
    if names:
        return names
    names = [name.strip() for name in _NAME_SPLIT.split(match.group(1))]
    return names if all(0 < len(name.split()) <= 6 for name in names) else None


def _names(text):
    """The person names a short line consists of ("Minh Thùy", "N.Q", "A – B"), else []."""
    if _REPORTERS.match(text):
        return [text]
    if len(text) > 80 or _ends_sentence(text.removesuffix(".")):
        return []
    names = [name.strip() for name in _NAME_SPLIT.split(text)]
    if not 1 <= len(names) <= 4:
        return []
    for name in names:
        words = name.split()
        if not 1 <= len(words) <= 5:
            return []
        if not all(_NAME_WORD.match(word) and word[0].isupper() for word in words):
            return []
    return [_trim_name(name) for name in names]


def _trim_name(name):
    return name[:-1] if name.endswith(".") and name[-2:-1].islower() else name


def _republished(text):
    if text.count(" ") >= 15:
        return ""
    match = _REPUBLISHED.match(text) or _NAMED_SOURCE.match(text)
    return _outlet(match.group(1).strip()) if match else ""


def _strip_source(lead):
    """(lead without its dateline source, the outlet) for "(Phapluatmoitruong.vn) – ..."
    (003) and "ĐBP - ..." (002); (lead, "") when it has none."""
    match = _SOURCE_PAREN.match(lead)
    if match:
        return lead[match.end() :], _outlet(match.group(1).strip())
    match = _SOURCE_CODE.match(lead)
    if match and (_outlet_key(match.group(1)) in _OUTLETS or _DOMAIN.fullmatch(match.group(1))):
        return lead[match.end() :], _outlet(match.group(1))
    return lead, ""


def _opens_lead(text):
    return _strip_source(text)[1] != "" or _LEAD_DATE.match(text) is not None


def _outlet_key(name):
    return name.replace("\u00d0", "\u0110").upper()


def _outlet(name):
    return _OUTLETS.get(_outlet_key(name), name)


# Dates ---------------------------------------------------------------------------------


def _date_of_line(text):
    """The date of a date line ("Thứ Năm, 13/01/2022 | 16:37"), None for any other line."""
    if len(text) > 200:
        return None
    if match := _DMY.search(text) or _WORDS.search(text):
        year, month, day = match.group(3, 2, 1)
    elif match := _ISO.search(text):
        year, month, day = match.group(1, 2, 3)
    else:
        return None
    rest = _DATE_LINE_REST.sub(" ", _WORDS.sub(" ", _ISO.sub(" ", _DMY.sub(" ", text))))
    if len(re.findall(r"[^\W\d_]+", rest)) > 3:  # a sentence or headline that has a date
        return None
    return _date(year, month, day)


def _lead_date(lead):
    """The date a lead opens with ("Chiều 29/6, ..."), its year completed only when the
    lead names one year and no other (003: "... năm 2022.")."""
    match = _LEAD_DATE.match(lead)
    if not match:
        return None
    year = match.group("y")
    if year is None:
        years = set(_YEAR.findall(lead))
        if len(years) != 1:
            return None
        year = years.pop()
        if not re.search(rf"\bnăm\s+{year}\b", lead, re.I):
            return None
    return _date(year, match.group("m") or match.group("wm"), match.group("d") or match.group("wd"))


def _date(year, month, day):
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


# Lines ---------------------------------------------------------------------------------


def _blocks(rows):
    blocks = []
    for row in rows:
        if row.strip():
            blocks.append(_block(row))
        elif "\xa0" in row and blocks:
            blocks[-1].before_photo = True
    return blocks


def _block(row):
    return _Block(_tidy(row), indented=row.startswith("\xa0"))


def _tidy(text):
    return " ".join(text.split())


def _next_text_block(blocks, i):
    for block in blocks[i + 1 :]:
        if not (_is_furniture(block.text) or _date_of_line(block.text)):
            return block
    return None


def _is_label(text):
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 3 and all(ch.isupper() for ch in letters)


def _is_furniture(text):
    return len(text) <= 200 and _FURNITURE.match(text) is not None


def _is_link(block):
    return block.words <= 35 and not block.text.endswith((".", ":", ";"))


def _ends_sentence(text):
    return text.rstrip("\"'”’»)]").endswith((".", "!", "?", "…", ":", ";"))


def _is_scene(block):
    """A photo of the scene: 004 "Quang cảnh tổ chức Hội nghị", "Toàn cảnh Hội nghị"."""
    text = block.text
    if _QUANG_CANH.match(text):
        return block.words <= 35
    return _TOAN_CANH.match(text) is not None and (block.words <= 5 or text.endswith("."))


def _could_be_headline(block):
    text = block.text
    return (
        block.words <= 35
        and not block.indented
        and not _opens_lead(text)
        and not _is_scene(block)
        and (not text.endswith((".", ":", ";", ",")) or text.endswith("..."))
    )
