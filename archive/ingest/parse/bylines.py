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
_NAME_SPLIT = re.compile(rf"\s+[{_DASH}]\s+|\s*[,;&]\s*|\s+và\s+")
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
