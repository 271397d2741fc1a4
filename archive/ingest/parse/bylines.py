"""Bylines and the person names they list ("T/h: Bảo Ngọc – Văn Thắng", "Minh Thùy")."""

import re

from .punctuation import _DASH, _ends_sentence

# Bylines: 000 "T/h: Bảo Ngọc – Văn Thắng", 001 "Tin, ảnh: N.Q", "Bài và ảnh: ...".
_BYLINE = re.compile(
    r"^(?:T/h|TH|Tổng\s+hợp|Thực\s+hiện|Ghi\s+chép|Nhóm\s+(?:PV|phóng\s+viên)|Phóng\s+viên"
    r"|(?:Tin|Bài)(?:\s*(?:,|/|&|và)\s*(?:ảnh|bài|clip|video))*)\s*:\s*(.+)$",
    re.I,
)
_REPORTERS = re.compile(r"^(?:Nhóm\s+)?(?:PV|phóng\s+viên|PV\s+nhóm)$", re.I)
_NAME_SPLIT = re.compile(rf"\s+[{_DASH}]\s+|\s*[,;&_]\s*|\s+và\s+")
_NAME_WORD = re.compile(r"^[^\W\d_](?:[^\W\d_]|[.'-])*$")


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


# The corpus ends a body with its byline after the last sentence: "... làm rõ. Thanh Lâm",
# "... Ảnh: Google Maps. An Bình", "... Bấm xem >> Q.H (Tổng hợp)".
_TAIL_START = re.compile(r"(?:[.!?…\"”’)\]]|>>)\s+(?=\S)")
# What may follow the names: "(Theo ESPN)", "(lược dịch)", "(t/h)", "- Theo Dân trí",
# ", Theo Thời Đại", "/VOV-Miền Trung", "/VOV.VN", " Theo Đời sống Plus".
_TAIL_SOURCE = re.compile(
    rf"(?:\s*\([^()]{{1,60}}\)|\s*[{_DASH},]\s*(?:theo|nguồn)\b[^()]{{1,60}}|/[^\s/][^/]{{0,40}}"
    r"|\s+theo\s+[^()]{1,40})\s*\.?$",
    re.I,
)
# A name written with an initial closes some bodies with no full stop before it (22269229).
_INITIALLED = re.compile(r"\s((?:[A-ZĐ]\.\s?){1,2}[A-ZĐ][^\W\d_]*)\s*$")
# Degrees and titles a guest author signs with: "ThS.", "PGS.TS", "BS", "Luật sư".
_DEGREE = re.compile(
    r"^(?:(?:PGS|GS|TS|ThS|Th\.S|BS|BSCKI{1,2}|KS|LS|NSƯT|NSND)\.?\s*)+\s*"
    r"|^(?:Bác sĩ|Luật sư|Kỹ sư|Nhà văn|Nhà báo)\s+"
)
_THEO = re.compile(r"^(?:theo|nguồn)\s*:?\s+", re.I)
# Words of an outlet, a credit or a link, never of a reporter's name.
_NOT_NAME = frozenset("Theo Nguồn Ảnh Video Clip Tin Bài Xem Đọc Báo Tạp".split())


def _tail_byline(body):
    """(names, where they start) of the byline closing a corpus body, or None.

    Of the last few sentence ends, the earliest after which all that is left is names
    (and where they came from: "Nguyễn Thảo (Theo NESA)") wins, so "Nguyễn Ca_H. Nam,
    Theo Thời Đại" is read whole, not from inside "H. Nam".
    """
    window = max(0, len(body) - 160)
    for match in _TAIL_START.finditer(body, window):
        names = _tail_names(body[match.end() :])
        if names:
            return names, match.end()
    match = _INITIALLED.search(body, window)  # "... tiếng Pháp , tiếng Nga D.Hà"
    return ([match.group(1)], match.start(1)) if match else None


def _tail_names(tail):
    tail, via_outlet = tail.strip(), False
    for _ in range(3):
        stripped = _TAIL_SOURCE.sub("", tail)
        if stripped == tail:
            break
        via_outlet = via_outlet or "/" in tail[len(stripped) :][:1]
        tail = stripped.strip()
    if _THEO.match(tail):
        if not via_outlet:  # "Theo Trí Thức Trẻ": the outlet, no author
            return None
        tail = _THEO.sub("", tail)  # "Theo Quang Chiến/Vnexpress": its reporter
    if not tail or tail.count(" ") >= 10:
        return None
    names = _byline_names(tail) or _names(tail)
    if not names:
        return None
    for name in names:
        words = name.split()
        if len(words) == 1 and "." not in name:  # "VnExpress", "TTXVN": an outlet
            return None
        if any(word in _NOT_NAME for word in words):
            return None
    return [_without_degree(name) for name in names]


def _without_degree(name):
    """ "ThS. Hoàng Khánh Toàn" -> "Hoàng Khánh Toàn" (21473091), "BS Thu Vân" -> "Thu Vân"."""
    bare = _DEGREE.sub("", name)
    return bare if len(bare.split()) >= 2 else name
