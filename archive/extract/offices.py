"""A title resolved to an office: its kind, its organisation and the organisation's place.

"Bí thư Tỉnh ủy" in an article about Bạc Liêu -> Bí thư, Tỉnh ủy Bạc Liêu. Spellings of one
office resolve to one key: "Bí thư Tỉnh ủy Quảng Ngãi", "Bí thư tỉnh ủy Q.Ngãi" and "BT
Tỉnh ủy Quảng Ngãi" are the same post. The organisation is read by organizations.py from the
title's words (a body written without its place takes the article's province); one it does
not know is kept as written ("Công ty TNHH Vàng Phước Minh"). A title that names no body
("Phó Giám đốc" alone) resolves to its kind with no organisation: stored, shown as unknown.
Military ranks are no office.

Each office also carries the events the text states beside it ("được bầu giữ chức",
"bổ nhiệm", "điều động", "nghỉ hưu", "thôi giữ chức", "cách chức"), each with its sentence.
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache

from archive.text import fold_diacritics, normalize
from archive.text.segment import Token

from .document import Document
from .lexicon import TITLE_HEADS, read_table, surface_key
from .organizations import find_organizations
from .provinces import CITIES, PROVINCES, canonical

_HEADS = sorted(TITLE_HEADS, key=len, reverse=True)
_HEAD_KEYS = [(surface_key(h), len(h.split())) for h in _HEADS]
_HEAD_OF = {surface_key(h): h for h in TITLE_HEADS}
_RANKS = "Đại tướng|Thượng tướng|Trung tướng|Thiếu tướng|Đại tá|Thượng tá|Trung tá|Thiếu tá"
RANKS = frozenset(surface_key(r) for r in _RANKS.split("|"))
# Abbreviated heads: "BT Tỉnh ủy Quảng Ngãi", "PCT UBND tỉnh".
_ABBREVIATIONS = {
    "tbt": "Tổng Bí thư",
    "bt": "Bí thư",
    "pbt": "Phó Bí thư",
    "ct": "Chủ tịch",
    "pct": "Phó Chủ tịch",
    "gđ": "Giám đốc",
    "pgđ": "Phó Giám đốc",
    "tgđ": "Tổng Giám đốc",
    "uv": "Ủy viên",
}
# Heads whose last word is the unit they lead: "Trưởng ban Kinh tế Trung ương" leads the
# "Ban Kinh tế Trung ương", "Trưởng phòng Quản lý đô thị" the "Phòng Quản lý đô thị".
_UNIT_HEADS = {"ban": "Ban", "phòng": "Phòng", "khoa": "Khoa", "đoàn": "Đoàn", "công an": "Công an"}
# data/implied.txt: a title that names its body by itself ("Thủ tướng" -> Chính phủ).
_IMPLIED = {
    surface_key(t): (name, body)
    for name, (body, *titles) in read_table("implied.txt")
    for t in (name, *titles)
}
_CENTRAL = re.compile(r"(?<![^\W_])(?:T\.Ư|TƯ|TW|T\.W)(?![^\W_])")
_STANDING = re.compile(r"(thường trực|trực) ", re.IGNORECASE)
_MEMBER = re.compile(r"(tỉnh|thành|huyện|quận|thị|đảng) ủy viên")
# "Q.Ngãi", "Q. Nam", "T.T.Huế": initials with dots then the last syllable(s) of a province.
_INITIALS = re.compile(r"(?<![^\W_])((?:[A-ZĐ]\.[ ]?)+)([A-ZĐÂ][^\W\d_]+(?: [A-ZĐ][^\W\d_]+)?)")
_COMMITTEE_WORDS = re.compile(
    r"(?<![^\W_])(tỉnh|thành|huyện|quận|thị|đảng) ủy(?![^\W_])", re.IGNORECASE
)
# A term is a period of the post, not another post: "Ủy viên Bộ Chính trị khóa XII".
_TERM = re.compile(r"[ ,]*\(?(?i:khóa|nhiệm kỳ) [IVXLivxl\d]+(?: ?[-–] ?\d+)?\)?")
# Two spellings of one kind: "Phó ban" is the deputy head of a Ban.
_KIND_ALIASES = {"phó ban": "Phó Trưởng ban"}
_LOCAL = re.compile(
    r"(?<![^\W_])(?:huyện|quận|thị xã|(?<!tác )xã|phường|thị trấn|Huyện ủy|Quận ủy|Thị ủy)"
    r"(?![^\W_])",
    re.IGNORECASE,
)
# Countries whose leaders the news names: their "Tổng Bí thư" is not of Vietnam's Party.
_COUNTRIES = re.compile(
    r"(?<![^\W_])(?:Trung Quốc|Trung Hoa|Lào|Campuchia|Mỹ|Hoa Kỳ|Nga|Nhật Bản|Hàn Quốc|"
    r"Triều Tiên|Pháp|Đức|Anh|Cuba|Thái Lan|Singapore|Indonesia|Malaysia|Philippines|Myanmar|"
    r"Ấn Độ|Australia|Canada|Italy|Ukraine|Israel|Iran|Venezuela)(?![^\W_])"
)
_EVENTS = (
    ("elected", r"(?:được[ _])?(?:bầu|tái[ _]cử|trúng[ _]cử)"),
    ("appointed", r"(?:được[ _])?(?:tái[ _])?bổ[ _]nhiệm|chỉ[ _]định|phân[ _]công"),
    ("moved", r"điều[ _]động|luân[ _]chuyển|điều[ _]chuyển"),
    ("retired", r"nghỉ[ _]hưu|về[ _]hưu|nghỉ[ _]chế[ _]độ"),
    ("left", r"thôi[ _](?:giữ[ _])?(?:chức|làm|nhiệm[ _]vụ)|từ[ _]chức|miễn[ _]nhiệm"),
    ("dismissed", r"cách[ _](?:hết[ _])?(?:các[ _])?chức|bãi[ _]nhiệm|cách[ _]chức"),
)
# A word as the segmenter leaves it: inner dots, "&", "/" and dashes kept ("TP.HCM",
# "TN&MT"), a comma or bracket on its own.
_WORD = re.compile(r"\w[\w.&/\-–]*\w|\w|[^\w\s]")
_PROVINCE_IN = re.compile(
    r"(?<![^\W_])(?:"
    + "|".join(
        re.escape(s)
        for s in sorted({s for n, sp in PROVINCES for s in (n, *sp)}, key=len, reverse=True)
    )
    + r")(?![^\W_])"
)
_EVENT_RE = re.compile("|".join(f"(?P<{kind}>{pattern})" for kind, pattern in _EVENTS))
EVENT_WINDOW = 80  # characters before a title where its event verb stands


@dataclass
class OfficeRef:
    """One title of a person in one article, resolved."""

    title: str  # as written, marker left out
    kind: str  # the head, canonical spelling ("Phó Chủ tịch"); "" for a rank
    organization: str  # the body, canonical, with its place; "" when the title names none
    province: str  # canonical province (as before 2025) of the body, "" when unknown
    former: bool = False
    events: list = field(default_factory=list)  # [(kind, sentence)]
    sentence: str = ""  # where the title is written
    name: str = ""  # the office's name; built from kind and organisation when not given

    def __post_init__(self):
        if not self.name and self.kind:
            self.name = office_name(self.kind, self.organization, self.province)

    @property
    def key(self):
        return office_key(self.name, self.organization, self.province)

    @property
    def is_office(self):
        return bool(self.kind)

    def as_json(self):
        return {
            "title": self.title,
            "office": self.name,
            "kind": self.kind,
            "organization": self.organization or None,
            "province": self.province or None,
            "former": self.former,
            "events": [{"event": kind, "sentence": sentence} for kind, sentence in self.events],
        }


def office_key(name, organization="", province=""):
    """One key for every spelling of an office (accents, case, spacing ignored). A district's
    or commune's body carries its province: "huyện Châu Thành" is in five provinces."""
    text = name
    if province and is_local(organization) and province not in name:
        text += f" | {province}"
    return " ".join(re.sub(r"[.\-–—]", " ", fold_diacritics(text).lower()).split())


def office_name(kind, organization, province=""):
    """ "Bí thư Tỉnh ủy Quảng Ngãi", "Trưởng Ban Tổ chức Trung ương" (the unit a head names
    written once), a district's body with its province ("Chủ tịch Ủy ban nhân dân huyện Tuy
    Phước, Bình Định"); the kind alone when the body is unknown."""
    words = kind.split(" ")
    if organization and surface_key(organization).startswith(surface_key(words[-1]) + " "):
        kind = " ".join(words[:-1])
    name = f"{kind} {organization}".strip()
    if province and is_local(organization) and province not in organization:
        name += f", {province}"
    return name


def is_local(organization):
    """Whether a body is a district's or a commune's (below the province)."""
    return bool(_LOCAL.search(organization))


def resolve_offices(document, titles, *, province=""):
    """OfficeRef of each distinct title of a person: titles are (text, former, part, Title)."""
    out, seen = [], {}
    foreign = next((m.group(0) for t, *_ in titles for m in [_COUNTRIES.search(t)] if m), "")
    # A bare "Bí thư Tỉnh ủy" beside "Chủ tịch UBND tỉnh Yên Bái" is Yên Bái's, whatever
    # other provinces the article names.
    own = {resolve(t, foreign=foreign).province for t, *_ in titles} - {""}
    if len(own) == 1:
        (province,) = own
    for text, former, part, title in titles:
        ref = resolve(text, province=province, foreign=foreign)
        if not ref.is_office:
            continue
        ref.former = former
        ref.events = _events(document, part, title)
        ref.sentence = document.sentence(part.span(title.start, title.end)[0])
        known = seen.get((ref.key, former))
        if known is not None:
            known.events += [e for e in ref.events if e not in known.events]
            if len(ref.title) > len(known.title):
                known.title = ref.title
            continue
        seen[(ref.key, former)] = ref
        out.append(ref)
    return out


def resolve(title, *, province="", foreign=""):
    """The office a title names; province: the article's, for a body written without its
    place ("Tỉnh ủy"); foreign: the country a foreign official's other titles name."""
    text, kind, organization, place, name = _resolved(title, province, foreign)
    return OfficeRef(text, kind, organization, place, name=name)


@lru_cache(maxsize=8192)
def _resolved(title, province, foreign):
    """resolve()'s answer as a tuple, cached: a leader's title recurs in thousands of
    articles."""
    ref = _resolve(title, province=province, foreign=foreign)
    return ref.title, ref.kind, ref.organization, ref.province, ref.name


def _resolve(title, *, province="", foreign=""):
    text = " ".join(normalize(title).split())
    implied = _IMPLIED.get(surface_key(_CENTRAL.sub("Trung ương", text)))
    head, rest = _head(text)
    if surface_key(head) in RANKS or not head:
        return OfficeRef(text, "", "", "")
    kind = _HEAD_OF.get(surface_key(head), head)
    kind = _KIND_ALIASES.get(surface_key(kind), kind)
    rest = " ".join(_TERM.sub(" ", rest).split())
    if implied and not foreign:
        name, body = implied
        return OfficeRef(text, kind, body, "", name=name)
    standing = _STANDING.match(rest)
    if standing and standing.end() < len(rest):
        # "Phó Bí thư Thường trực Tỉnh ủy": a standing deputy of the Tỉnh ủy.
        written = "Thường trực" if len(standing.group(1)) > 4 else "trực"
        kind, rest = f"{kind} {written}", rest[standing.end() :]
    member = _MEMBER.fullmatch(surface_key(kind))
    if member:
        # "Tỉnh ủy viên": a member of the Tỉnh ủy.
        kind, rest = "Ủy viên", f"{member.group(1).capitalize()} ủy {rest}".strip()
    unit = next((u for w, u in _UNIT_HEADS.items() if f" {w}" in f" {surface_key(kind)}"), "")
    if unit and rest and not surface_key(rest).startswith(surface_key(unit)):
        rest = f"{unit} {rest}".strip()
    if surface_key(rest) in ("btv", "ban thường vụ"):
        rest = "Ban Thường vụ Tỉnh ủy" if province and province not in CITIES else rest
    if not rest:
        body = foreign or _IMPLIED.get(surface_key(kind), ("", ""))[1]
        return OfficeRef(text, kind, body, "")
    organization, place = _organization(rest, "" if foreign else province)
    if not place and is_local(organization):
        place = province
    return OfficeRef(text, kind, organization, place)


def _head(text):
    """(head as written, the rest) of a title; an abbreviated head is written out."""
    first, _, after = text.partition(" ")
    if first.lower() in _ABBREVIATIONS:
        return _ABBREVIATIONS[first.lower()], after
    key = surface_key(text)
    for hk, n in _HEAD_KEYS:
        if key == hk or key.startswith(hk + " "):
            words = text.split(" ")
            return " ".join(words[:n]), " ".join(words[n:])
    return "", text


def _organization(rest, province):
    """(canonical body, province) of the words after a head."""
    rest = _COMMITTEE_WORDS.sub(lambda m: m.group(1).capitalize() + " ủy", rest)
    rest = _INITIALS.sub(_expand_initials, rest)
    rest = _CENTRAL.sub("Trung ương", rest)
    rest = re.sub(r"(?<![^\W_])(TP|Tp)\.[ ]*(?=[^\W\d_])", r"\1 ", rest)  # "TP.HCM"
    document = Document([rest], [_tokens(rest)])
    hits = find_organizations(document, province)
    if not hits:
        place = _province_in(rest)
        return rest.strip(" ,"), place
    out, at, place = [], 0, ""
    for hit in hits:
        a, b = hit.part.span(hit.start, hit.end)
        out.append(rest[at:a])
        out.append(hit.name)
        at = b
        place = place or hit.province
    tail = rest[at:].strip()
    tail_place = canonical(tail.strip(" ,").removeprefix("tỉnh ").removeprefix("TP "))
    if tail_place:
        place = place or tail_place  # "Huyện ủy Quỳ Hợp, Nghệ An": the province, kept apart
    else:
        out.append(rest[at:])
    organization = " ".join("".join(out).split()).strip(" ,")
    return organization, place or _province_in(rest)


def _tokens(text):
    return [Token(m.group(0), m.start(), m.end()) for m in _WORD.finditer(text)]


def _province_in(text):
    m = _PROVINCE_IN.search(text)
    return canonical(m.group(0)) if m else ""


def _expand_initials(m):
    """ "Q.Ngãi" -> "Quảng Ngãi" when exactly one province fits the initials and the rest."""
    initials = [c for c in m.group(1) if c.isalpha()]
    rest = m.group(2).split(" ")
    fits = []
    for name, _spellings in PROVINCES:
        words = name.removeprefix("Thành phố ").split(" ")
        if len(words) != len(initials) + len(rest):
            continue
        if words[len(initials) :] == rest and all(
            w[0] == c for w, c in zip(words, initials, strict=False)
        ):
            fits.append(name)
    if len(fits) == 1:
        return fits[0].removeprefix("Thành phố ") if fits[0] in CITIES else fits[0]
    return m.group(0)


def _events(document, part, title):
    """[(event, sentence)] stated right before a title ("được bầu giữ chức Bí thư")."""
    window = part.masked[max(0, title.start - EVENT_WINDOW) : title.start]
    found = []
    for m in _EVENT_RE.finditer(window):
        kind = m.lastgroup
        if "," in window[m.end() :] or "." in window[m.end() :].replace("TP.", ""):
            # "đã bầu ông A, Bí thư Thành ủy, làm trưởng đoàn": the title only says who A is
            continue
        offset = part.span(title.start, title.end)[0]
        entry = (kind, document.sentence(offset))
        if entry not in found:
            found.append(entry)
    return found
