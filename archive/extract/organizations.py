"""Party and State bodies, abbreviations resolved to one full name.

Three kinds of pattern, longest match first where they overlap:
- bodies with one name nationwide (data/organizations.txt): "Bộ Chính trị", "BCH TW" ->
  "Ban Chấp hành Trung ương", ministries, "Vụ Địa phương II";
- a Party committee and its organs: "[Ban Thường vụ|Ban Tổ chức|Thường trực|...] Tỉnh ủy|
  Thành ủy|Huyện ủy|Quận ủy|Thị ủy [place]" -> "Ban Tổ chức Tỉnh ủy Quảng Nam";
- a people's body of a place: "UBND|HĐND|Ủy ban MTTQ|Đoàn ĐBQH|Công an|Sở ... [level] [place]"
  -> "Ủy ban nhân dân tỉnh Thái Nguyên".

A body written without its place ("Tỉnh ủy", "Ban Thường vụ Tỉnh ủy", "UBND tỉnh") is the
article's province's when one province dominates the article, a district's committee the one
district committee the article names ("Huyện ủy" after "Huyện ủy Điện Biên Đông"). Left
unresolved, a province-level body keeps its bare name ("Ban Thường vụ Tỉnh ủy": the one the
article speaks of, as a curator may link it), while a district's or commune's ("Huyện ủy",
"UBND xã", "Công an huyện") is dropped: it names no one body. Plural or generic uses ("các
Tỉnh ủy", "HĐND các cấp", lower-case "tỉnh ủy") are not mentions, nor is a code inside a
document symbol ("06-KL/BTCTW").

Positions contain organisations and we count them: "Bí thư Tỉnh ủy Quảng Nam" mentions
"Tỉnh ủy Quảng Nam", "Ủy viên Bộ Chính trị" mentions "Bộ Chính trị" -- an article about a
body's leader is about the body, and that is how users search.
"""

import re
from dataclasses import dataclass

from archive.text import normalize

from .lexicon import (
    DEPARTMENTS,
    LOWER,
    ORGANIZATIONS,
    UPPER,
    B,
    E,
    first_letters,
    flexible,
    surface_key,
)
from .provinces import CITIES, PROVINCE_ALT
from .provinces import canonical as province_of

# --- bodies with one name -------------------------------------------------------------
_FIXED = {}
_fixed_alts = []
for _name, _spellings in ORGANIZATIONS:
    _exact = [s[1:] for s in _spellings if s.startswith("=")]
    _loose = [s for s in _spellings if not s.startswith("=")]
    if not _exact:
        _loose.append(_name)
    for _s in _exact + _loose:
        _FIXED[surface_key(_s)] = _name
    # "Trưởng ban Tổ chức Trung ương": the "ban" of a title starts the body's name.
    _loose += ["b" + s[1:] for s in _loose if s.startswith("Ban ")]
    _fixed_alts += [(s, False) for s in _exact] + [(s, True) for s in _loose]
_fixed_alts.sort(key=lambda item: len(item[0]), reverse=True)
# The first letter keeps its case ("bộ Công an" in "Đảng bộ Công an tỉnh" is not the
# ministry), the rest is matched in any case ("Ban tổ chức Trung ương").
FIXED_ALT = "|".join(
    (re.escape(s[0]) + "(?i:" + flexible(s[1:]) + ")") if loose else flexible(s)
    for s, loose in _fixed_alts
)
# Not inside a document symbol: "06-KL/BTCTW" does not mention Ban Tổ chức Trung ương.
_FIXED_RE = re.compile(
    B + r"(?<![/-])" + first_letters([s for s, _ in _fixed_alts]) + "(?:" + FIXED_ALT + ")" + E
)

# --- a place after a body ---------------------------------------------------------------
# A district or commune: two to four capitalised syllables, however underthesea joined them
# ("Mường_Chà_ban_hành"), or one that is a whole word ("Tỉnh ủy Nghị_quyết" is not a place).
_SYLLABLE = rf"[{UPPER}][{LOWER}]*"
_PLACE = (
    rf"(?P<place>(?:{PROVINCE_ALT}){E}(?![ _]+(?:Đông|Phủ|Dương|Dường){E})"
    rf"|{_SYLLABLE}(?:[ _]{_SYLLABLE}){{1,3}}{E}|{_SYLLABLE}(?=[ ]|$))"
)
_LEVELS = {"tp": "thành phố"} | {
    level: level
    for level in ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn")
}
_LEVEL = r"(?P<level>(?i:tỉnh|thành[ _]phố|tp\.?|huyện|quận|thị[ _]xã|xã|phường|thị[ _]trấn))"
_LEVEL_AHEAD = r"(?=[ _]+(?i:tỉnh|thành[ _]phố|tp|huyện|quận|thị[ _]xã|xã|phường))"
# Capitalised words after a body that are not its place ("Tỉnh ủy Đảng", "Huyện ủy Ban ...").
_NOT_PLACES = frozenset(
    "đảng|ban|bộ|hội nghị|ủy ban|ubnd|hđnd|thường trực|đại hội|khóa|nghị quyết|kết luận|"
    "quy định|chỉ thị|kế hoạch|việt nam|trung ương|tw|tư|nhân dân|quốc hội|chính phủ|đoàn|"
    "mttq|tp|thành phố|tỉnh|huyện|quận|xã|phường".split("|")
)

# --- Party committees and their organs ---------------------------------------------------
# Organs of a Party committee, as written (lower case) -> canonical.
_SUBS = {
    written: organ
    for organ, spellings in (
        ("Ban Thường vụ", "ban thường vụ|ban thường vụ ủy|ban thường|btv|thường vụ"),
        ("Thường trực", "thường trực"),
        ("Ban Tổ chức", "ban tổ chức|btc"),
        ("Ban Tuyên giáo", "ban tuyên giáo"),
        ("Ban Tuyên giáo và Dân vận", "ban tuyên giáo và dân vận"),
        ("Ban Dân vận", "ban dân vận"),
        ("Ban Nội chính", "ban nội chính"),
        ("Ban Kinh tế", "ban kinh tế"),
        ("Ủy ban Kiểm tra", "ủy ban kiểm tra|ubkt"),
        ("Văn phòng", "văn phòng"),
        ("Ban Chấp hành", "ban chấp hành|bch"),
    )
    for written in spellings.split("|")
}
_SUB = "(?P<sub>(?i:" + "|".join(flexible(s) for s in sorted(_SUBS, key=len, reverse=True)) + "))"
_COMMITTEES = {c.lower(): c for c in ("Tỉnh ủy", "Thành ủy", "Huyện ủy", "Quận ủy", "Thị ủy")}
_COMMITTEE_RE = re.compile(
    B
    + r"(?<![/-])"
    + first_letters(list(_SUBS) + ["Tỉnh", "Thành", "Huyện", "Quận", "Thị"], any_case=True)
    + rf"(?:{_SUB}[ _]+)?(?P<comm>(?:Tỉnh|Thành|Huyện|Quận|Thị)[ _]ủy)(?![ _]viên){E}"
    rf"(?:[ _]+{_PLACE})?"
)

# --- people's bodies of a place -----------------------------------------------------------
_DEPARTMENTS = {surface_key(s): name for name, spellings in DEPARTMENTS for s in (name, *spellings)}
_DEPARTMENT_ALT = "|".join(
    "(?i:" + flexible(s) + ")"
    for s in sorted({s for n, sp in DEPARTMENTS for s in (n, *sp)}, key=len, reverse=True)
)
_BODIES = [
    ("Ủy ban nhân dân", r"Ủy[ _]ban[ _]nhân[ _]dân|UBND", ""),
    ("Hội đồng nhân dân", r"Hội[ _]đồng[ _]nhân[ _]dân|HĐND", ""),
    (
        "Ủy ban Mặt trận Tổ quốc",
        r"Ủy[ _]ban[ _](?:Mặt[ _]trận[ _]Tổ[ _]quốc|MTTQ)(?:[ _]Việt[ _]Nam)?"
        r"|UBMTTQ|MTTQ" + _LEVEL_AHEAD,
        "",
    ),
    ("Đoàn đại biểu Quốc hội", r"(?i:đoàn)[ _](?:(?i:đại[ _]biểu)[ _]Quốc[ _]hội|ĐBQH)", "level"),
    (
        "Công an",
        r"Công[ _]an" + _LEVEL_AHEAD,
        "place",
    ),
    ("Ban Chấp hành Đảng bộ", r"(?:(?i:ban[ _]chấp[ _]hành)|BCH)[ _]Đảng[ _]bộ", "level"),
    ("Đảng ủy", r"Đảng[ _]ủy(?=[ _]+(?i:xã|phường|thị[ _]trấn))", "place"),
    ("Sở", rf"Sở[ _](?P<dept>{_DEPARTMENT_ALT})", ""),
]  # (name, pattern, what it needs to be a mention: "" nothing, "level" "tỉnh" or the like,
#    "place" the place itself, here or resolved: "Công an tỉnh" alone is just "the police")
_BODY_RE = re.compile(
    B
    + r"(?<![/-])(?=[ỦUHMĐđCBbS])(?:"
    + "|".join(f"(?P<b{k}>{pattern})" for k, (_n, pattern, _l) in enumerate(_BODIES))
    + ")"
    + E
    + rf"(?:[ _]+{_LEVEL}{E})?(?:[ _]+{_PLACE})?"
)
_STEERING_RE = re.compile(
    B + r"(?=B)Ban[ _]Chỉ[ _]đạo[ _](?:Trung[ _]ương|TW|TƯ)[ _]về"
    r"(?:[ _]+[^\W\d][^\s,.;:()“”\"]*){1,6}"
    r"(?=[ _]*[,.;:()“”\"]|$)"
)
_BARE_STANDING_RE = re.compile(
    B
    + r"(?:BTV|Ban[ _]Thường[ _]vụ)"
    + E
    + r"(?![ _]+(?:(?i:tỉnh|thành|huyện|quận|thị|đảng|quốc|cấp|các|trung)))"
)
_GENERIC_BEFORE = re.compile(r"(?:^|[ _])(?i:các|những|mỗi|từng)[ _]+$")
_GENERIC_AFTER = re.compile(r"^[ _]+(?:(?i:các[ _]cấp|cấp[ _]tỉnh|\d+[ _]tỉnh|các[ _]tỉnh))")


@dataclass(slots=True)
class OrgHit:
    name: str
    part: object
    start: int  # line positions in part.line
    end: int
    method: str = "rule"
    province: str = ""
    # For bodies written without their place: what they are, to resolve later.
    template: tuple = ()
    placed: bool = True  # the body's place is known (always, for a body with one name)


def _place(written, level=""):
    """(name, province) of a place written after a body."""
    if not written:
        return "", ""
    province = province_of(written) or (level == "thành phố" and province_of("TP " + written))
    if province:
        return province, province
    name = normalize(written.replace("_", " "))
    key = surface_key(name)
    if key in _NOT_PLACES or key.split(" ")[0] in _NOT_PLACES:
        return "", ""
    return name, ""


def _committee(m, part):
    sub = _SUBS.get(surface_key(m.group("sub"))) if m.group("sub") else ""
    start = m.start()
    if sub == "Thường trực" and part.line[:start].endswith(("Bí_thư ", "Bí thư ")):
        # "Phó Bí thư Thường trực Tỉnh ủy": a title, the body is the Tỉnh ủy.
        sub, start = "", m.start("comm")
    comm = _COMMITTEES[surface_key(m.group("comm"))]
    place, province = _place(m.group("place"))
    if comm == "Tỉnh ủy" and not province:
        place = ""
    end = m.end() if place else m.end("comm")
    name = " ".join(filter(None, [sub, comm, place]))
    return OrgHit(
        name, part, start, end, "rule", province, ("committee", sub, comm, place), bool(place)
    )


def _body(m, part):
    k = next(
        int(g[1:]) for g, v in m.groupdict().items() if v and g.startswith("b") and g[1:].isdigit()
    )
    body, _pattern, needs = _BODIES[k]
    if body == "Sở":
        body = "Sở " + _DEPARTMENTS.get(surface_key(m.group("dept")), m.group("dept"))
    level = _LEVELS.get(surface_key(m.group("level") or ""), "")
    place, province = _place(m.group("place"), level)
    end = m.end() if place else (m.end("level") if level else m.end(f"b{k}"))
    if needs and not level and not place:
        return None
    if province and (not level or level == "tỉnh"):
        level = "thành phố" if province in CITIES else "tỉnh"
    if province in CITIES:
        place = province.removeprefix("Thành phố ")
    name = " ".join(filter(None, [body, level, place]))
    template = () if place else ("body", body, level, needs == "place")
    return OrgHit(name, part, m.start(), end, "rule", province, template, bool(place))


def _province_level(template):
    """Whether a body written without its place keeps its bare name: a province's ("Tỉnh
    ủy", "UBND tỉnh") or one written without a level ("Ủy ban Mặt trận Tổ quốc"). A
    district's or commune's ("Huyện ủy", "HĐND huyện") names no one body."""
    kind = template[0]
    if kind == "committee":
        return template[2] == "Tỉnh ủy"
    if kind == "body":
        return template[2] in ("tỉnh", "") and not template[3]
    return True


def _generic(hit):
    line = hit.part.masked
    return bool(
        _GENERIC_BEFORE.search(line[max(0, hit.start - 12) : hit.start])
        or _GENERIC_AFTER.match(line[hit.end : hit.end + 16])
    )


def find_organizations(document, province=""):
    """Organisation mentions in order, bare bodies resolved (see the module docstring)."""
    hits = []
    for part in document.parts:
        line = part.masked
        found = []
        for m in _FIXED_RE.finditer(line):
            name = _FIXED.get(surface_key(m.group(0)))
            if name == "Ban Chấp hành Trung ương" and re.match(
                r"[ _]+(?:Đoàn|Hội)", line[m.end() :]
            ):
                continue  # "Ban Chấp hành Trung ương Đoàn": the Youth Union's
            if name:
                found.append(OrgHit(name, part, m.start(), m.end(), "list"))
        found += [_committee(m, part) for m in _COMMITTEE_RE.finditer(line)]
        found += [h for h in (_body(m, part) for m in _BODY_RE.finditer(line)) if h]
        for m in _STEERING_RE.finditer(line):
            found.append(
                OrgHit(normalize(m.group(0).replace("_", " ")), part, m.start(), m.end(), "rule")
            )
        found += [
            OrgHit("", part, m.start(), m.end(), "rule", "", ("standing",))
            for m in _BARE_STANDING_RE.finditer(line)
        ]
        found.sort(key=lambda h: (h.start, -h.end))
        last_end = -1
        for hit in found:
            if hit.start >= last_end and not _generic(hit):
                hits.append(hit)
                last_end = hit.end
    return _resolve(hits, province)


def _resolve(hits, province):
    """Give bare bodies their place (see the module docstring); drop what stays unknown."""
    named = {}
    for hit in hits:
        if hit.template and hit.template[0] == "committee" and hit.template[3]:
            named.setdefault(hit.template[2], {})[hit.template[3]] = hit.province
    for hit in hits:
        kind = hit.template[0] if hit.template else ""
        if kind == "committee" and not hit.template[3]:
            _k, sub, comm, _place = hit.template
            place = ""
            if comm == "Tỉnh ủy" and province and province not in CITIES:
                place = hit.province = province
            elif comm == "Thành ủy" and province in CITIES:
                place = hit.province = province
            elif len(named.get(comm, ())) == 1:
                ((place, hit.province),) = named[comm].items()
            hit.name = " ".join(filter(None, [sub, comm, place]))
            hit.placed = bool(place)
        elif kind == "body" and not hit.province:
            _k, body, level, _needs_place = hit.template
            if province and (
                (level == "tỉnh" and province not in CITIES)
                or (level == "thành phố" and province in CITIES)
                or (not level and body.startswith("Sở "))
            ):
                level = level or ("thành phố" if province in CITIES else "tỉnh")
                hit.name = " ".join([body, level, province.removeprefix("Thành phố ")])
                hit.province, hit.placed = province, True
    standing = {h.name: h.province for h in hits if h.name.startswith("Ban Thường vụ ")}
    out = []
    for hit in hits:
        if hit.template and not hit.placed and not _province_level(hit.template):
            continue  # "UBND", "HĐND huyện", "Huyện ủy" of no known place: not one body
        if hit.template and hit.template[0] == "standing":
            if len(standing) != 1:
                continue
            ((hit.name, hit.province),) = standing.items()
            hit.placed = bool(hit.province)
        out.append(hit)
    return out
