"""Position titles written in a part: "Ủy viên Bộ Chính trị, Bí thư Trung ương Đảng,
Trưởng Ban Tổ chức Trung ương", "nguyên Giám đốc Trung tâm Phát triển quỹ đất thuộc Sở
TN&MT", "Chủ tịch UBND quận Liên Chiểu, TP Đà Nẵng".

A title is a head word (data/titles.txt) and the body it belongs to: capitalised words, the
bodies of organizations.txt (which may hold commas: "Bộ Văn hóa, Thể thao và Du lịch"), a
few lower-case words ("tỉnh", "nhân dân", "trực"), a number after "quận"/"số" ("quận 9").
Lower-case words inside a body's name ("Trung tâm Phát triển quỹ đất", "BV đa khoa Hòa
Bình") are taken when capitalised words or a closing bracket follow them; a title ends at
any other lower-case word ("Bí thư Tỉnh ủy chủ trì"). After a district's or commune's body
the province may follow a comma ("Bí thư Huyện ủy Quỳ Hợp, Nghệ An"), after a unit its
parent body ("Phó Vụ trưởng Vụ Tổ chức cán bộ, Bộ Xây dựng"). Names are masked before
matching, so a title never runs into the name it stands beside.

"nguyên", "cố" and "cựu" before a title mark it past; "tân" (new) is not part of it.
Which name a title belongs to is attach.py's work.
"""

import re
from dataclasses import dataclass

from archive.text import match_key, normalize

from .lexicon import TITLE_HEADS, UPPER, B, E, alternation, first_letters
from .organizations import FIXED_ALT
from .provinces import PROVINCE_ALT

_HEAD = "(?i:" + alternation(TITLE_HEADS) + ")" + E
# Heads that may also sit inside a title: "Trưởng đoàn Đại biểu Quốc hội tỉnh".
_NEW_TITLE = (
    "(?i:" + alternation([h for h in TITLE_HEADS if not h.startswith("Đại biểu")]) + ")" + E
)
_LOWER = (
    r"(?:tỉnh|thành[ _]phố|huyện|quận|thị[ _]xã|xã|phường|thị[ _]trấn|nhân[ _]dân|"
    r"tối[ _]cao|trực(?!_thuộc)|thường[ _]trực|dự[ _]khuyết|ủy|chi[ _]bộ|thôn|bản|ấp|khối|"
    r"cơ[ _]quan|các[ _]cơ[ _]quan|đảng|đại[ _]biểu)" + E
)
# "quận 9", "Khu Quản lý giao thông đô thị số 3", "phường 17".
_NUMBERED = r"(?:quận|phường|số|khu[ _]vực)[ _]\d+" + E
_DEGREES = r"(?:GS|PGS|TS|ThS|BS|KS|NSND|NSƯT|GS\.TS|PGS\.TS)\.?(?![^\W_])"
# Capitalised words that start a sentence glued to the title ("Hải Yến Ngày 24-6").
_NOT_BODY = (
    r"(?:Ngày|Sáng|Chiều|Tối|Trưa|Hôm|Theo|Tại|Trong|Sau|Trước|Ảnh|Nguồn|Cụ[ _]thể|Ông|Bà"
    r"|Đồng[ _]chí)"
)
_CAP = rf"(?!{_NEW_TITLE}|{_DEGREES}|{_NOT_BODY}(?![^\W_]))[{UPPER}][^\s#,;:()\[\]“”\"'’]*"
_COMPLEMENT = (
    rf"(?:[ _]+(?:(?:{FIXED_ALT}){E}|Ủy[ _]ban{E}|Ban[ _]cán[ _]sự[ _]đảng{E}"
    rf"|\(?[ _]?(?i:khóa)[ _][IVXL0-9]+[ _]?\)?{E}|{_NUMBERED}|{_LOWER}|{_CAP})"
    rf"|[ _]+(?:và|[-–&])(?=[ _]+{_CAP}))"
)
# "nguyên nữ giám đốc": "nữ" (woman) is no part of the title either.
_MARKERS = r"(?P<marker>(?i:nguyên|cố|cựu|quyền|tân)[ _]+)?(?P<woman>(?i:nữ)[ _]+)?"
TITLE_RE = re.compile(
    B
    + r"(?!(?<=[cC]hức[ _])[vV]ụ[ _])"  # "chức vụ Trưởng ban": "post", not a Vụ trưởng
    + first_letters(TITLE_HEADS + ["Nguyên", "Quyền", "Cố", "Cựu", "Tân"], any_case=True)
    + _MARKERS
    + rf"(?P<head>{_HEAD})(?:{_COMPLEMENT})*"
)
# Heads that are no title without a body: "3/5 thành viên (ông A, ông B)", "194 thành viên
# của WHO" ("thành viên HĐTV" is one); "nhân dân giao phó, đồng chí A" (entrusted).
_NEEDS_BODY = frozenset({"thành viên", "phó"})
_MORE = re.compile(rf"(?:{_COMPLEMENT})*")
_HEAD_ONLY = re.compile(rf"{_MARKERS}{_HEAD}")
_LEVEL_END = re.compile(r" (?:tỉnh|thành_phố|huyện|quận|thị_xã|xã|phường|thị_trấn)$")
FORMER_MARKERS = ("nguyên", "cố", "cựu")

# Lower-case words that never sit inside a body's name: verbs, prepositions, pronouns.
_STOPS = frozenset(
    "là|được|bị|đã|đang|sẽ|vừa|cho|cùng|với|đối_với|tại|khi|vì|do|để|thì|mà|nhưng|nên|rằng|này|đó|"
    "ấy|các|những|một|hai|ba|từ|ở|như|nếu|rồi|lại|luôn|bên|đến|sau|trước|trong|ngoài|trên|dưới|theo|về|gửi|ký|nói|"
    "cho_biết|chủ_trì|phát_biểu|đề_nghị|yêu_cầu|khẳng_định|nhấn_mạnh|tham_dự|dự|tiếp|trao|"
    "tặng|thăm|làm|giữ|nhận|thôi|bổ_nhiệm|bầu|hiện|nay|cũng|còn|đều|có|không|chưa|vẫn|"
    "phải|ông|bà|anh|chị|đồng_chí|nhiệm_kỳ|khóa|kiêm|hoặc|hay|chỉ_đạo|đánh_giá|cho_rằng|"
    "trả_lời|chúc_mừng|kiểm_tra|làm_việc|thay|thay_mặt|hết|tuổi|sinh|quê|trú|nguyên|cựu|"
    "ngày|tháng|năm|sáng|chiều|tối|hôm|lúc|người|ra|vào|lên|xuống|đi|tới|sang|qua|công_bố|"
    "ban_hành|dẫn_đầu|gặp|hội_kiến|hội_đàm|phê_duyệt|quyết_định|đề_xuất|kiến_nghị|báo_cáo|"
    "trình|thông_báo|tuyên_bố|khai_mạc|bế_mạc|chứng_kiến|cảm_ơn|mới".split("|")
)
# The verbs and prepositions that end a steering committee's subject.
_VERBS = frozenset(
    "là|được|bị|đã|đang|sẽ|vừa|cho_biết|chủ_trì|phát_biểu|đề_nghị|yêu_cầu|khẳng_định|"
    "nhấn_mạnh|tham_dự|dự|tiếp|trao|tặng|thăm|làm|giữ|nhận|thôi|ký|nói|cho|chỉ_đạo|"
    "đánh_giá|cho_rằng|trả_lời|chúc_mừng|kiểm_tra|làm_việc|cùng|với|tại|khi|nhiệm_kỳ|khóa|"
    "công_bố|ban_hành|dẫn_đầu|gặp|hội_kiến|hội_đàm|phê_duyệt|quyết_định|đề_xuất|kiến_nghị|"
    "báo_cáo|trình|thông_báo|tuyên_bố|khai_mạc|bế_mạc|chứng_kiến|cảm_ơn".split("|")
)
_TOKEN = re.compile(r" ([^ ]+)")
_BODY_NOUNS = frozenset(
    "sở bộ ban phòng cục vụ viện trường công ty tổng trung tâm ủy hội đoàn chi".split()
)
# A word of three letters or more ending with a dot, or a lone dot, before another word;
# underthesea may glue the next sentence's first word on ("HĐQT._Ông").
_DOT_END = re.compile(r"(?<=[^\W_]{3})(\.)(?=[ _])|(?<= )\.(?= )")
_CLOSED = re.compile(r"[ _]*(?:\)|\(|;|$|[-–—][ _])")
# A sentence's end closes lower-case words right after a head: "làm chủ tịch hội đồng."
_CLOSED_AT_HEAD = re.compile(r"[ _]*(?:\.|,)[ _]")
# Envoys are "at" a place: "Đại sứ Trung Quốc tại Việt Nam".
_ENVOYS = re.compile(
    r"(?i:đại[ _]sứ|tổng[ _]lãnh[ _]sự|lãnh[ _]sự|trưởng[ _]đại[ _]diện|trưởng[ _]phái[ _]đoàn"
    r"|[-–][ _]*trưởng[ _]phái[ _]đoàn)"
)
# A comma, then what continues a title: the province after a district's body, a parent body.
_LOCAL = re.compile(r"(?i:huyện|quận|thị[ _]xã|xã|phường|thị[ _]trấn)[ _ủ]")
_COMMA_PLACE = re.compile(
    rf"[ _]*,[ _]*(?:(?:(?i:tỉnh|thành[ _]phố|tp\.?)[ _]*)?(?:{PROVINCE_ALT}){E})"
    r"(?=[ _]*(?:[,;:()]|$|[-–—]|#|\.))"
)
# After a commune's body, its district: "xã Quảng Tâm, huyện Tuy Đức".
_COMMUNE = re.compile(r"(?i:xã|phường|thị[ _]trấn)[ _][{UPPER}]".replace("{UPPER}", UPPER))
_COMMA_DISTRICT = re.compile(
    r"[ _]*,[ _]*(?i:huyện|quận|thị[ _]xã)[ _]+"
    rf"[{UPPER}][^\s#,;:()]*(?:[ _]+[{UPPER}][^\s#,;:()]*)*"
)
_COMMA_PARENT = re.compile(
    r"[ _]*,(?=[ _]*(?:Bộ|Sở|Trung[ _]tâm|Tổng[ _]cục|Cục|Ban|Văn[ _]phòng|Viện|Học[ _]viện"
    r"|Tập[ _]đoàn|Tổng[ _]công[ _]ty|Công[ _]ty|Ngân[ _]hàng|Bệnh[ _]viện)(?![^\W_]))"
)
_STEERING = re.compile(
    r"(?:Ban|Hội|Ủy|Tiểu|Tổ)[ _](?:Chỉ[ _]đạo|đồng|ban|công[ _]tác)(?:[ _]+\S+){0,2}$"
)
_UNIT = re.compile(
    r"(?i:phòng|vụ|ban|trung[ _]tâm|chi[ _]nhánh|khoa|cục|công[ _]ty|xí[ _]nghiệp|nhà[ _]máy)"
    r"(?![^\W_])"
)
# A unit noun and the capitalised start of its name: "Cục Thông tin", "Công ty".
_UNIT_NAMED = re.compile(
    r"(?i:phòng|vụ|cục|công[ _]ty|xí[ _]nghiệp|nhà[ _]máy|trung[ _]tâm|chi[ _]nhánh)"
    rf"(?:[ _]+[{UPPER}][^\s,;:()]*)*(?:[ _]|$)"
)
# Lower-case words that are no part of a unit's name: "phụ trách" (in charge), "mới" (new).
_NOT_NAME_WORDS = frozenset({"phụ_trách", "mới", "cũ"})
_UNIT_NAME_VERBS = frozenset({"giữ", "từ", "thay", "kiêm", "được", "là", "nhiệm_kỳ"})
_UNIT_NUMBER = re.compile(r" \d+(?= [,.;)]| $|$)")
# A dash, one or two lower-case words, then the capitalised rest of a unit's name.
_DASH_LOWER = re.compile(r" [-–](?: [a-zà-ỹđ][a-zà-ỹđ_]*){1,2}(?= [A-ZĐ])")
# Not the title's: a dash or "và" taken before a name it could not enter, "nhiệm kỳ" that
# underthesea glued to the place ("Quận ủy Tân_Phú_nhiệm_kỳ"), a preposition the title ran
# into ("Ủy ban Về các vấn đề xã hội": "Về" capitalised, the rest not).
_TRAILING = re.compile(r"(?:[ _]+(?:và|[-–&]|nhiệm[ _]kỳ|(?i:về|của|tại|với)))+$")


@dataclass(slots=True)
class Title:
    start: int  # line positions in part.masked, marker included
    end: int
    body: int  # where the title proper starts (after "nguyên", "tân")
    former: bool  # marked past where it is written ("nguyên", "cố", "cựu")


def find_titles(part):
    """Every title in a part, in order, names masked."""
    line = part.masked
    titles = []
    for m in TITLE_RE.finditer(line):
        end = _extend(line, m.start(), m.end())
        end = _sentence_end(line, m.start(), _steering(line, m.start(), end))
        trailing = _TRAILING.search(line[m.start() : end])
        if trailing:
            end = m.start() + trailing.start()
        if end == m.end("head") and match_key(m.group("head").replace("_", " ")) in _NEEDS_BODY:
            continue
        marker = (m.group("marker") or "").strip(" _").lower()
        body = m.end("marker") if marker in (*FORMER_MARKERS, "tân") else m.start()
        if m.group("woman"):
            body = m.end("woman")
        titles.append(Title(m.start(), end, body, marker in FORMER_MARKERS))
    return _no_overlaps(titles)


def _extend(line, start, end):
    """Where a matched title really ends: lower-case words of a body's name, a number, the
    province or parent body after a comma (see the module docstring)."""
    while True:
        run, pos = 0, end
        envoy = _ENVOYS.match(line, start)
        while run < 10:
            m = _TOKEN.match(line, pos)
            if not m:
                break
            word = m.group(1)
            numbered = word.isdigit() and line[:pos].endswith(("số", "quận", "phường"))
            at = envoy and word == "tại"
            # a word glued to a capitalised one ("dự_Tiệc") is not inside a body's name, unless
            # it names a body ("sở_Tài_nguyên")
            glued_body = not word.islower() and word.split("_")[0] in _BODY_NOUNS
            if not (numbered or at or glued_body) and (
                not word.islower() or word in _STOPS or not word[-1].isalnum()
            ):
                break
            run, pos = run + 1, m.end()
        if run:
            more = _MORE.match(line, pos)
            if more.end() > pos and line[pos : pos + 2].strip(" _")[:1].isupper():
                end = more.end()
                continue
            if _CLOSED.match(line, pos):
                return pos
            unit_end = _unit_name_end(line, start, end, pos, run)
            if unit_end:
                end = unit_end
                continue
            if _CLOSED_AT_HEAD.match(line, pos) and (
                _HEAD_ONLY.fullmatch(line, start, end) or _LEVEL_END.search(line, end, pos)
            ):
                return pos  # "làm chủ tịch hội đồng.", "... phát triển nông thôn tỉnh."
            if _COMMA_PARENT.match(line, pos) and _UNIT.search(line, start, pos):
                end = pos
        dash = _DASH_LOWER.match(line, end)
        if dash and _UNIT.search(line, start, end) and not _STOPS & set(dash.group().split()):
            more = _MORE.match(line, dash.end())
            if more.end() > dash.end() and line[dash.end() + 1 : dash.end() + 2].isupper():
                end = more.end()  # "Trưởng phòng Tài chính - kế hoạch Q.Tân Phú"
                continue
        m = _COMMA_PLACE.match(line, end)
        if m and _LOCAL.search(line, start, end):
            return m.end()
        m = _COMMA_DISTRICT.match(line, end)
        if m and _COMMUNE.search(line, start, end):
            end = m.end()  # "Chủ tịch UBND xã Quảng Tâm, huyện Tuy Đức"
            continue
        m = _COMMA_PARENT.match(line, end)
        if m and _UNIT.search(line, start, end):
            more = _MORE.match(line, m.end())
            if more.end() > m.end():
                end = more.end()
                continue
        return end


def _unit_name_end(line, start, end, pos, run):
    """Where a lower-case word ends a unit's capitalised name, before a full stop, a number
    or a verb of appointment: "Cục Thông tin đối ngoại.", "Cục Thông tin cơ sở giữ chức",
    "Công ty phát điện 1,". 0 if it does not: before a comma it is as often the speaker's
    verb ("Giám đốc Công ty Tasco Nam Thái xác nhận,"), a longer run is the sentence's own
    words ("Công ty Điện lực lắp đặt thêm trạm"), and a Ban's name ends capitalised
    ("Trưởng Ban Tổ chức Trung ương nhiệt liệt hoan nghênh")."""
    unit = _UNIT_NAMED.search(line, start, end)
    if run > 1 or not unit or _NOT_NAME_WORDS & set(line[end:pos].split()):
        return 0
    number = _UNIT_NUMBER.match(line, pos)
    if number:
        return number.end()
    after = _TOKEN.match(line, pos)
    if not after or after.group(1) in (".", ";", ")") or after.group(1) in _UNIT_NAME_VERBS:
        return pos
    return 0


def _steering(line, start, end):
    """A steering committee's subject after "về", commas and "và" included: "Trưởng Ban Chỉ
    đạo Trung ương về cải cách chính sách tiền lương, bảo hiểm xã hội và ưu đãi người có
    công"; it ends at a name, a bracket or a verb."""
    if not _STEERING.search(line, start, end) or not line.startswith(" về ", end):
        return end
    pos, taken = end + len(" về"), 0
    while taken < 25:
        m = _TOKEN.match(line, pos)
        if not m:
            break
        word = m.group(1)
        if word == "," and (nxt := _TOKEN.match(line, m.end())) and nxt.group(1)[0].islower():
            pos = m.end()
            continue
        if not word[0].islower() or word.lower() in _VERBS:
            break
        pos, taken = m.end(), taken + 1
    return pos if taken else end


def _sentence_end(line, start, end):
    """A title cut where a sentence ends inside it: "Bí thư Thành ủy TP.HCM. Đồng thời"."""
    for m in _DOT_END.finditer(line, start, end):
        return m.start()
    return end


def _no_overlaps(titles):
    out = []
    for title in titles:
        if out and title.start < out[-1].end:
            continue
        out.append(title)
    return out


def clean(document, part, title):
    """A title as written, normalised, without its marker, trailing punctuation or a
    dangling "(khóa"."""
    a, b = part.span(title.body, title.end)
    text = " ".join(normalize(document.written(a, b)).split()).rstrip(" ,;:-–([]")
    if text.endswith(".") and len(text.rsplit(" ", 1)[-1]) > 4:
        text = text[:-1]  # "Bí thư Thành ủy TP.HCM." at the end of a sentence
    return text


def merge(positions):
    """Distinct positions in order; one that another extends ("Bí thư" < "Bí thư Tỉnh ủy
    Đắk Nông") is left out."""
    keys = [match_key(p) for p in positions]
    out, seen = [], set()
    for p, key in zip(positions, keys, strict=True):
        if key in seen:
            continue
        if any(other != key and other.startswith(key + " ") for other in keys):
            continue
        seen.add(key)
        out.append(p)
    return out
