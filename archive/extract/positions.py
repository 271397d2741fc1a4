"""Position titles written beside a name: "Ủy viên Bộ Chính trị, Bí thư Trung ương Đảng,
Trưởng Ban Tổ chức Trung ương Trương Thị Mai", "Lữ Văn Hùng - Ủy viên Trung ương Đảng,
Bí thư Tỉnh ủy".

A title is a head word (data/titles.txt) and the body it belongs to: capitalised words, the
bodies of organizations.txt (which may hold commas: "Bộ Văn hóa, Thể thao và Du lịch"), a
few lower-case words ("tỉnh", "nhân dân", "trực"). It ends at the first other lower-case word
("Bí thư Tỉnh ủy chủ trì"). Names are masked before matching, so a title never runs into
the name it stands beside.

Titles chain with commas, "kiêm" or dashes. A chain right before a name is that person's;
one right after a name and a separator ("-", ",", "(") is too, except a title that stands
right before the next name ("A, Bí thư Tỉnh ủy B": the title is B's).
"""

import re

from archive.text import match_key, normalize

from .lexicon import TITLE_HEADS, UPPER, B, E, alternation, first_letters
from .organizations import FIXED_ALT

_HEAD = "(?i:" + alternation(TITLE_HEADS) + ")" + E
# Heads that may also sit inside a title: "Trưởng đoàn Đại biểu Quốc hội tỉnh".
_NEW_TITLE = (
    "(?i:" + alternation([h for h in TITLE_HEADS if not h.startswith("Đại biểu")]) + ")" + E
)
_LOWER = (
    r"(?:tỉnh|thành[ _]phố|huyện|quận|thị[ _]xã|xã|phường|thị[ _]trấn|nhân[ _]dân|"
    r"tối[ _]cao|trực|thường[ _]trực|dự[ _]khuyết|ủy|chi[ _]bộ|thôn|bản|ấp|khối|"
    r"cơ[ _]quan|các[ _]cơ[ _]quan|đảng|đại[ _]biểu)" + E
)
_DEGREES = r"(?:GS|PGS|TS|ThS|BS|KS|NSND|NSƯT|GS\.TS|PGS\.TS)\.?(?![^\W_])"
_CAP = rf"(?!{_NEW_TITLE}|{_DEGREES})[{UPPER}][^\s#,;:()“”\"'’]*"
_COMPLEMENT = (
    rf"(?:[ _]+(?:(?:{FIXED_ALT}){E}|Ủy[ _]ban{E}|Ban[ _]cán[ _]sự[ _]đảng{E}"
    rf"|\(?[ _]?(?i:khóa)[ _][IVXL0-9]+[ _]?\)?{E}|{_LOWER}|{_CAP})"
    rf"|[ _]+(?:và|[-–])(?=[ _]+{_CAP}))"
)
TITLE_RE = re.compile(
    B
    + first_letters(TITLE_HEADS + ["Nguyên", "Quyền"], any_case=True)
    + rf"(?:(?i:nguyên|quyền)[ _])?{_HEAD}(?:{_COMPLEMENT})*"
)

_BEFORE_GAP = re.compile(r"[ _]*(?:,[ _]*)?(?:(?i:đồng[ _]chí|ông|bà|đ[ _]?/[ _]?c)[ _]*)?")
_AFTER_GAP = re.compile(r"[ _]*(?:,|-|–|—|\(|:)[ _]*")
_CHAIN_GAP = re.compile(r"[ _]*(?:,|-|–|—|(?i:kiêm))[ _]*")
# Not the title's: a dash or "và" taken before a name it could not enter, "nhiệm kỳ" that
# underthesea glued to the place ("Quận ủy Tân_Phú_nhiệm_kỳ").
_TRAILING = re.compile(r"(?:[ _]+(?:và|[-–]|nhiệm[ _]kỳ))+$")


def find_titles(part):
    """(start, end) line positions of every title in a part, names masked."""
    titles = []
    for m in TITLE_RE.finditer(part.masked):
        trailing = _TRAILING.search(m.group(0))
        titles.append((m.start(), m.start() + trailing.start() if trailing else m.end()))
    return titles


def assign(part, names, titles):
    """Titles of each name in a part: {index of name in names: [(start, end), ...]}.

    names: (start, end) line positions of the names in this part, in order.
    """
    line = part.masked
    name_starts = {start for start, _ in names}
    by_end = {end: k for k, (_, end) in enumerate(titles)}
    by_start = {start: k for k, (start, _) in enumerate(titles)}
    after_of = {}  # title index -> the name it follows
    result = {}
    for n, (_ns, ne) in enumerate(names):
        chain = []
        gap = _AFTER_GAP.match(line, ne)
        k = by_start.get(gap.end()) if gap else None
        while k is not None:
            ts, te = titles[k]
            follower = _BEFORE_GAP.match(line, te)
            if follower.end() in name_starts and line[te : follower.end()].strip(" _") == "":
                break  # this title stands right before the next name: it is that name's
            chain.append(k)
            after_of[k] = n
            gap = _CHAIN_GAP.match(line, te)
            k = by_start.get(gap.end()) if gap else None
        result[n] = chain
    for n, (ns, _ne) in enumerate(names):
        chain = []
        k = _title_ending_before(line, ns, by_end)
        while k is not None and k not in after_of:
            chain.insert(0, k)
            k = _title_ending_before(line, titles[k][0], by_end, _CHAIN_GAP)
        result[n] = chain + result[n]
    return {n: [titles[k] for k in chain] for n, chain in result.items()}


def _title_ending_before(line, pos, by_end, gap=_BEFORE_GAP):
    """The title that ends right before pos, with only a gap (comma, honorific) between."""
    for back in range(pos, max(pos - 16, -1), -1):
        if back in by_end:
            between = line[back:pos]
            m = gap.fullmatch(between)
            if m:
                return by_end[back]
            return None
    return None


def clean(document, part, start, end):
    """A title as written, normalised, without trailing punctuation or dangling "(khóa"."""
    a, b = part.span(start, end)
    text = " ".join(normalize(document.written(a, b)).split())
    return text.rstrip(" ,;:-–(")


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
