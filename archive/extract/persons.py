"""People: full names found by family name and context, short references, positions.

A name is 2-4 capitalised syllables that start with a family name (data/surnames.txt);
underthesea usually gives it as one word ("Ngô_Thanh_Danh"), and we extend a short word by
the capitalised words after it ("Vừ_A" "Bằng"), never into a second name ("Mai_Sơn"
"Lò_Văn_Hải"). Honorifics and degrees before it are never part of it (a name starts at its
family name).

Not people: a name that is a province or a place in data/non_persons.txt ("Hà Nam",
"Hàn Quốc"), one after a place or institution word ("đường Lê Lợi", "THPT chuyên Lê Quý
Đôn"), photo credits ("Ảnh: Minh Thùy"). "Hồ Chí Minh" is the city or an organisation's
name unless the words before say it is the President ("Chủ tịch", "Bác", "tư tưởng").

Three-syllable and longer names are accepted on the family name alone (method "list");
two-syllable ones only with an honorific or a title beside them (method "rule"), since
many places look like them ("Lâm Hà", "Cao Lãnh"). A later "ông Hùng", "bà Mai" is the
person of the article whose given name it is, when only one has it.
"""

import re
from dataclasses import dataclass, field

from archive.text import match_key, normalize

from .attach import assign
from .lexicon import (
    HONORIFICS,
    KNOWN_PERSONS,
    NAME_PREFIXES,
    NON_PERSONS,
    SURNAMES,
    UPPER,
    B,
    E,
    alternation,
    first_letters,
)
from .positions import clean, find_titles

_SHORT_HONORIFICS = frozenset({"ông", "bà", "đồng chí", "đ / c", "đ/c", "anh", "chị"})
_SHORT_PREVIOUS = frozenset(
    w
    for h in _SHORT_HONORIFICS | {"bác"}
    for w in (h.split(" ")[-1], h.split(" ")[-1].capitalize())
)
_PRESIDENT_CONTEXT = frozenset(
    "chủ tịch|bác|lãnh tụ|tư tưởng|đạo đức|phong cách|tấm gương|gương|cụ|người|hồ chủ tịch|"
    "di chúc|lời|lời dạy|chủ tịch nước".split("|")
)
# Photo and source credits: "Ảnh: Minh Thùy", "(Ảnh: TTXVN)", "T/h: Bảo Ngọc – Văn Thắng".
# The capitalised words that follow (up to five, with "/", "-" or "," between) are not
# mentions; the corpus glues captions to the text, so the zone ends at the first other word
# ("Ảnh: Trí Dũng/TTXVN * Tiếp đó, Tổng Bí thư ...", "Ảnh: HĐ Ông Phạm Minh Chính ...").
_CREDIT_RE = re.compile(
    r"(?:^|(?<=[\s(_.]))(?=[ẢảNnTtBbVvCcĐđ])(?:(?i:ảnh|nguồn|tin[ _]*,[ _]*ảnh|tin[ _]và[ _]ảnh|"
    r"bài[ _]và[ _]ảnh|bài[ _]*,[ _]*ảnh|video|clip|đồ[ _]họa|t[ _]?/[ _]?h)|TH)[ _]*:"
    rf"(?:[ _]*[-–/,&]?[ _]*(?!(?:Ông|Bà|Đồng_chí|Đồng chí|Anh|Chị)(?![^\W_]))[{UPPER}][^\s_]*"
    r"){0,5}"
)
_INITIAL = re.compile(r"[A-ZĐ]\.")
_KNOWN_RE = re.compile(
    B + first_letters(KNOWN_PERSONS) + "(?:" + alternation(KNOWN_PERSONS) + ")" + E
)
_SYLLABLE = rf"[{UPPER}][a-zà-ỹđ]+"
_GLOSSED_RE = re.compile(
    rf"{B}{_SYLLABLE}[ _]{_SYLLABLE}[ _]{_SYLLABLE}(?=[ ]\([ ][A-Z][a-z]+(?:[ _][A-Z][a-z]+)*[ ]\))"
)
# Two-syllable words that are titles or bodies, whose first syllable could end a name.
_TITLE_WORDS = frozenset(
    "chủ tịch|bí thư|giám đốc|ủy viên|trưởng ban|chính ủy|tư lệnh|thủ tướng|bộ trưởng|"
    "thứ trưởng|hội đồng|ủy ban|công an|quân đội|chính phủ|quốc hội|nhà nước|trung ương|"
    "đại hội|hội nghị|đại biểu|đại sứ|đại tướng|đại tá|thượng tướng|trung tướng|thiếu tướng".split(
        "|"
    )
)
# Capitalised words that never belong to a name that precedes them.
_STOP_WORDS = frozenset(
    "Đảng Tỉnh_ủy Thành_ủy Huyện_ủy Bộ Ban Sở Chủ_tịch Bí_thư Phó Ủy_viên Giám_đốc "
    "Tổng_Bí_thư Thủ_tướng Trưởng_ban Hội_nghị Ủy_ban UBND HĐND Trung_ương Quốc_hội "
    "Chính_phủ Việt_Nam Nhà_nước Bộ_trưởng Đại_hội Nghị_quyết Kết_luận Chỉ_thị Quy_định "
    "Tỉnh Huyện Ông Bà".split()
)


def _is_name_word(word):
    head, tail = word[:1], word[1:]
    return (
        head.isupper()
        and head.isalpha()
        and (
            not tail
            or (tail.isalpha() and tail.islower())
            or (tail[:1] == "'" and tail[1:].istitle())
        )
    )


@dataclass(slots=True)
class Name:
    part: object
    i: int  # syllables [i, j)
    j: int
    text: str  # normalised
    context: bool  # an honorific or a title beside it
    titles: list = field(default_factory=list)
    known: bool = False  # a whole name of data/known_persons.txt


def _before(words, i, n):
    """The n syllables before i, lower case, joined by spaces."""
    return " ".join(words[max(i - n, 0) : i]).lower() if i >= n else ""


def _has_honorific(words, i):
    if _before(words, i, 2) in ("đàn ông", "đàn bà"):  # "men", "women"
        return False
    return any(_before(words, i, n) in HONORIFICS for n in (1, 2, 3))


def _anonymised(words, i, j):
    """Whether names [i, j) are a person the paper does not name: "Nguyễn Thị L.", "Bùi Đại
    T.", "Nguyễn Văn T" (an initial), "anh Phạm Văn viết" (no given name)."""
    after = words[j] if j < len(words) else ""
    if _INITIAL.fullmatch(after):
        return True
    if len(words[j - 1]) == 1 and not _is_name_word(after):
        return True
    return j - i == 2 and words[j - 1] in ("Văn", "Thị")


def _runs_on(part, i, j):
    """Whether names [i, j), starting inside a word, run on past it and are a full name."""
    return j - i >= 3 and any(part.starts_token(k) for k in range(i + 1, j))


def _after_prefix(part, i):
    """Whether the word before syllable i makes the name a place's or an institution's
    ("đường Lê Lợi"); the word must stand alone ("nông_thôn Vũ Văn Tám" is not "thôn")."""
    words = part.words
    for n in (1, 2):
        if i >= n and part.starts_token(i - n) and _before(words, i, n) in NAME_PREFIXES:
            return True
    return False


def _credit_zones(part):
    return [(m.start(), m.end()) for m in _CREDIT_RE.finditer(part.line)]


def find_names(document, province_hits):
    """Full names in every part, in order, and mask them in the parts' lines."""
    place_end = {}
    for hit in province_hits:
        place_end[(hit.part.index, hit.i)] = hit.j
    names = []
    for part in document.parts:
        words = part.words
        n = len(words)
        credits = None
        known = _known_names(document, part, names)
        i = 0
        while i < n:
            if i in known:
                i = known[i]
                continue
            if words[i] not in SURNAMES:
                i += 1
                continue
            end = place_end.get((part.index, i))
            if end:
                i = end
                continue
            inside = (
                not part.starts_token(i)
                and words[i - 1].istitle()
                and words[i - 1].lower() not in HONORIFICS
            )
            j = i + 1
            while j < n and j - i < 4 and _is_name_word(words[j]):
                if part.starts_token(j):
                    if j - i >= 3:
                        break  # a full name already: "Dương_Trung_Quốc" "Đất"
                    word = part.token_word(j)
                    place = place_end.get((part.index, j))
                    honorific = _has_honorific(words, i) or (
                        words[i - 1] == ":" and _has_honorific(words, i - 1)
                    )
                    if place and j == i + 1 and place - i <= 4 and honorific:
                        j = place  # "ông Phí Thái_Bình", "các ông: Phí Thái_Bình": given names
                        break
                    if (
                        word in _STOP_WORDS
                        or (part.index, j) in place_end
                        or ("_" in word and words[j] in SURNAMES and (j - i >= 2 or inside))
                        or word.replace("_", " ").lower() in NON_PERSONS
                    ):
                        break  # a second name: "Mai_Sơn Lò_Văn_Hải", "Ba_Vì Bạch_Công_Tiến"
                if (
                    j + 1 < n
                    and not part.starts_token(j + 1)
                    and f"{words[j]} {words[j + 1]}".lower() in _TITLE_WORDS
                ):
                    break  # "Đoàn Chủ_tịch": the presidium, not Mr Đoàn Chủ
                j += 1
            if j - i < 2 or (inside and not _runs_on(part, i, j)):
                # Inside a capitalised word ("Vật_Lý Châu_Á") unless underthesea glued a
                # place to a full name ("Thường_Xuân_Cầm Bá_Thể").
                i += 1
                continue
            if _anonymised(words, i, j):
                i = j + 1  # "Nguyễn Thị L.", "Bùi Đại T.": a person the paper does not name
                continue
            # A place spelled like a name, possibly followed by the real name
            # ("Hoàng Mai" district; "Thạch Hà Nguyễn Văn A" is rare enough to lose).
            key = " ".join(words[i:j]).lower()
            size = next(
                (
                    k
                    for k in (4, 3, 2)
                    if k <= j - i and " ".join(words[i : i + k]).lower() in NON_PERSONS
                ),
                0,
            )
            president = key == "hồ chí minh" and any(
                _before(words, i, k) in _PRESIDENT_CONTEXT for k in (1, 2)
            )
            # One word longer than the place ("Đoàn_Hùng_Thắng" beside "Đoàn Hùng"): a name.
            glued = part.token_word(i).count("_") + 1 == j - i > size
            if size and not president and not glued:
                i += size
                continue
            if _after_prefix(part, i):
                i = j
                continue
            if credits is None:
                credits = _credit_zones(part)
            pos = part.at[i]
            if any(a <= pos < b for a, b in credits):
                i = j
                continue
            a, b = part.offsets(i, j)
            text = " ".join(normalize(document.written(a, b)).split())
            names.append(Name(part, i, j, text, _has_honorific(words, i) or president))
            part.mask(i, j)
            i = j
    names.sort(key=lambda nm: (nm.part.index, nm.i))
    return names


def _known_names(document, part, names):
    """Names of data/known_persons.txt in a part, and Sino-Vietnamese renderings of foreign
    names that the text follows with the original ("Hồng Tiểu Dũng (Hong Xiaoyong)"), added to
    names and masked: {i: j}."""
    found = {}
    for m in [*_KNOWN_RE.finditer(part.line), *_GLOSSED_RE.finditer(part.line)]:
        i, j = part.syllables(m.start(), m.end())
        if _after_prefix(part, i) or i in found or part.masked[m.start()] == "#":
            continue
        a, b = part.offsets(i, j)
        text = " ".join(normalize(document.written(a, b)).split())
        names.append(Name(part, i, j, text, True, known=True))
        part.mask(i, j)
        found[i] = j
    return found


def _short_references(document, persons):
    """(person key, part, i, j) of "ông Hùng", "bà Mai" for the one person of that given
    name, and of "Bác Hồ" (President Hồ Chí Minh)."""
    by_given = {}
    for key in persons:
        by_given.setdefault(key.split(" ")[-1], []).append(key)
    refs = []
    for part in document.parts:
        words = part.words
        for i in range(1, len(words)):
            if words[i - 1] not in _SHORT_PREVIOUS:
                continue
            word = words[i]
            if not _is_name_word(word) or part.masked[part.at[i]] == "#":
                continue
            if i + 1 < len(words) and _is_name_word(words[i + 1]):
                continue
            if word == "Hồ" and words[i - 1] == "Bác":
                refs.append(("hồ chí minh", part, i - 1, i + 1))
            elif any(_before(words, i, k) in _SHORT_HONORIFICS for k in (1, 2, 3)):
                keys = by_given.get(match_key(word), [])
                if len(keys) == 1:
                    refs.append((keys[0], part, i, i + 1))
    return refs


def _listed_with_others(names):
    """Give context to a two-syllable name in a list of names ("các đồng chí: Tôn Đức Thắng,
    Lê Duẩn, Phạm Hùng"), next to one that has it."""
    for _ in range(2):
        for a, b in zip(names, names[1:], strict=False):
            if a.part is not b.part:
                continue
            gap = a.part.line[a.part.line_end(a.j) : a.part.line_pos(b.i)]
            if gap.strip(" _") not in (",", "và", ";"):
                continue
            known = [nm for nm in (a, b) if nm.context or nm.titles or nm.j - nm.i > 2]
            if known:
                a.context = b.context = True


def build_persons(document, names, make):
    """PersonFound list from names: titles, short references, two-syllable filter.

    make(name, spans, method, surface, titles) builds each result; titles are (text as
    written, former, part, Title) in text order.
    """
    for part in document.parts:
        mine = [nm for nm in names if nm.part is part]
        if not mine:
            continue
        titles = find_titles(part)
        spans = [(part.line_pos(nm.i), part.line_end(nm.j)) for nm in mine]
        for k, chain in assign(part, spans, titles).items():
            mine[k].titles = [(clean(document, part, t), former, part, t) for t, former in chain]
    _listed_with_others(names)
    persons = {}
    for nm in names:
        if nm.j - nm.i == 2 and not nm.context and not nm.titles and not nm.known:
            continue
        key = match_key(nm.text)
        entry = persons.setdefault(
            key, {"name": nm.text, "spans": [], "surface": [], "titles": [], "rule": False}
        )
        a, b = nm.part.offsets(nm.i, nm.j)
        entry["spans"].append((a, b))
        written = document.written(a, b)
        if written not in entry["surface"]:
            entry["surface"].append(written)
        entry["titles"] += nm.titles
        entry["rule"] = entry["rule"] or nm.context or bool(nm.titles) or nm.known
    for key in [k for k in persons if k.count(" ") == 1]:
        # "Thứ trưởng Kim Thoa" after "Hồ Thị Kim Thoa": the given names of one person.
        longer = [k for k in persons if k != key and k.endswith(" " + key)]
        if len(longer) == 1:
            short = persons.pop(key)
            persons[longer[0]]["spans"] += short["spans"]
            persons[longer[0]]["titles"] += short["titles"]
    for key, part, i, j in _short_references(document, persons):
        a, b = part.offsets(i, j)
        entry = persons.setdefault(
            key, {"name": "Hồ Chí Minh", "spans": [], "surface": [], "titles": [], "rule": True}
        )
        entry["spans"].append((a, b))
        if j - i > 1 and document.written(a, b) not in entry["surface"]:
            entry["surface"].append(document.written(a, b))
    out = []
    for entry in persons.values():
        spans = sorted(set(entry["spans"]))
        titles = sorted(entry["titles"], key=lambda t: (t[2].index, t[3].start))
        out.append(
            make(
                entry["name"], spans, "rule" if entry["rule"] else "list", entry["surface"], titles
            )
        )
    return sorted(out, key=lambda p: p.spans[0][0])
