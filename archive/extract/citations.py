"""Citations of documents in an article's lines: symbols, named resolutions, bare references.

directives.py groups them into documents and explains keys and scopes.
"""

import re
from dataclasses import dataclass
from datetime import date

from archive.text.symbols import SYMBOL_RE

from .lexicon import KINDS, ORDINALS, B, E, roman, surface_key

# kind word (lower case) -> (kind, the codes it may carry); code -> the kind it names alone.
_WORDS = {
    kind.lower(): (
        kind,
        tuple(c.strip() for c in codes[0].split(",") if c.strip()) if codes else (),
    )
    for kind, codes in KINDS
}
CODES = {}
for _kind, _codes in _WORDS.values():
    if _codes:
        CODES.setdefault(_codes[0], _kind)
for _kind, _codes in _WORDS.values():
    for _code in _codes:
        CODES.setdefault(_code, _kind)
_KIND_ALT = "|".join(sorted((w.replace(" ", "[ _]") for w in _WORDS), key=len, reverse=True))
_KIND_BEFORE = re.compile(rf"{B}(?P<kind>(?i:{_KIND_ALT}))(?:[ _]+(?i:số))?[ _]*:?[ _]*$")
_KIND_CAP = "|".join(
    sorted((w[0].upper() + w[1:].replace(" ", "[ _]") for w in _WORDS), key=len, reverse=True)
)
# A symbol is one word of the segmented line (segment() keeps it whole); "3/4_cánh", where
# underthesea glued a fraction to a word, is not one.
_WORD_WITH_SLASH = re.compile(r"(?<!\S)\d\S*/\S*(?!\S)")
_PARTY_SYM = re.compile(r"^(?P<num>\d+)-(?P<code>[^/]+)/(?P<issuer>.+)$")
_STATE_SYM = re.compile(
    r"^(?P<num>\d+[A-Z]?)(?:/(?P<year>(?:19|20)\d\d))?/(?P<code>[^-/]+)(?:-(?P<issuer>.+))?$"
)
_KIND_INITIALS = "".join(sorted({w[0].upper() for w in _WORDS}))
_BARE_RE = re.compile(
    rf"{B}(?=[{_KIND_INITIALS}])(?P<kind>{_KIND_CAP})(?:[ _]+(?i:số))?[ _]+"
    rf"(?P<num>\d{{1,4}})(?:/(?P<year>(?:19|20)\d\d))?"
    rf"{E}(?![ _]*[-–/%,.]\d)(?:[ _]+năm[ _]+(?P<year2>(?:19|20)\d\d){E})?"
)
_PLENUM = (
    r"(?:lần[ _]thứ[ _]+(?P<ord>[^\W_]+)[ _]+(?:(?i:ban[ _]chấp[ _]hành)[ _]+)?"
    r"(?:Trung[ _]ương|TW|TƯ)|(?:(?i:ban[ _]chấp[ _]hành)[ _]+)?(?:Trung[ _]ương|TW|TƯ)"
    r"[ _]*(?:lần[ _]thứ[ _]+)?(?P<num>\d{1,2}|(?:nhất|hai|ba|tư|bốn|năm|sáu|bảy|tám|chín|mười)))"
)
_TERM = r"(?:[ _]*\(?[ _]*(?i:khóa)[ _]+(?P<term>[IVXLivxl]+|\d{1,2})" + E + r"[ _]*\)?)"
_NAMED_RE = re.compile(
    rf"{B}(?=[NnKk])(?P<kind>(?i:nghị[ _]quyết|kết[ _]luận)|NQ)[ _]+"
    rf"(?:(?i:hội[ _]nghị)[ _]+)?{_PLENUM}"
    rf"(?:[ _]+Đảng)?{E}{_TERM}?"
)
_CONGRESS_RE = re.compile(
    rf"{B}(?=[Nn])(?i:nghị[ _]quyết)[ _]+(?:Đại[ _]hội|ĐH)(?:[ _]+(?:(?i:đại[ _]biểu)[ _]+)?"
    rf"(?:Đảng[ _]+toàn[ _]quốc|toàn[ _]quốc))?(?:[ _]+(?i:lần[ _]thứ))?[ _]+"
    rf"(?P<term>[IVXL]+|\d{{1,2}}){E}(?![ _]+(?:(?i:của)[ _]+)?Đảng[ _]bộ)"
)
# The phrase about a document ends where its subject starts ("về", "quy định"), at the
# end of the clause, or at "và" (a second document, or something else).
_WINDOW_END = re.compile(
    r"[ _][.;?!](?:[ _]|$)|“|\"|[ _](?:về|nhằm|để|và|thực[ _]hiện|đối[ _]với|quy[ _]định|"
    r"hướng[ _]dẫn|sửa[ _]đổi|bổ[ _]sung|thay[ _]thế|được|đã|sẽ|là|có)[ _]"
)
_DATE_RE = re.compile(
    r"^[ _,]*(?:(?i:ban[ _]hành|ký)[ _]+)?(?i:ngày)[ _]+(?P<d>\d{1,2})"
    r"(?:[ _]*[/.\-][ _]*(?P<m>\d{1,2})[ _]*[/.\-][ _]*(?P<y>(?:19|20)\d\d)"
    r"|[ _]+tháng[ _]+(?P<m2>\d{1,2})[ _]+năm[ _]+(?P<y2>(?:19|20)\d\d))"
)
_OF_RE = re.compile(r"(?:^|[ _])(?:của|do|tại)[ _]")
_TERM_RE = re.compile(_TERM)
# In a Party document's phrase "tại Hội nghị lần thứ tư, Ban Chấp hành Trung ương" is enough.
_PLENUM_RE = re.compile(
    r"(?i:hội[ _]nghị)[ _]+(?:lần[ _]thứ[ _]+(?P<ord>[^\W_]+)|(?:Trung[ _]ương|TW|TƯ)[ _]*"
    r"(?:lần[ _]thứ[ _]+)?(?P<num>\d{1,2}))" + E
)
_ISSUED_BY_RE = re.compile(
    r"[ _]+(?:(?:đã|vừa|mới|cũng)[ _]+)*(?:ban[ _]hành|ban_hành|có|ra|ký(?:[ _]ban[ _]hành)?)[ _]+$"
)
_COORDINATED = re.compile(r"^[ _]*(?:,|và|cùng)[ _]*(?:(?:các|và)[ _]+)?$")

_TERM_STARTS = [  # first day of each term (the Congress that elected the Central Committee)
    (date(2026, 1, 23), "XIV"),
    (date(2021, 2, 1), "XIII"),
    (date(2016, 1, 28), "XII"),
    (date(2011, 1, 19), "XI"),
    (date(2006, 4, 25), "X"),
    (date(2001, 4, 22), "IX"),
    (date(1996, 7, 1), "VIII"),
]
# State issuers with one office nationwide: the Government, the Prime Minister, the
# National Assembly, ministries, central courts and agencies. Any other issuer (UBND, HĐND,
# Sở...) is a local one, whose numbers repeat in every province.
_STATE_CENTRAL = frozenset(
    "CP TTG QH UBTVQH BNV BCA BQP BTC BTP BCT BXD BYT BGDĐT BLĐTBXH BGTVT BTNMT BNNPTNT "
    "BTTTT BVHTTDL BKHĐT BKHCN BNG NHNN TTCP VPCP TANDTC VKSNDTC KTNN UBDT CTN BNNMT".split()
)
PARTY_BODIES = {  # issuing body -> Party issuer code, for "Kết luận 21 của ..." alone
    "Ban Chấp hành Trung ương": "TW",
    "Bộ Chính trị": "TW",
    "Ban Bí thư": "TW",
    "Ban Tổ chức Trung ương": "BTCTW",
    "Ủy ban Kiểm tra Trung ương": "UBKTTW",
    "Ban Tuyên giáo Trung ương": "BTGTW",
    "Ban Dân vận Trung ương": "BDVTW",
}
PROVINCE_CODES = {"TU": "Tỉnh ủy", "UBND": "Ủy ban nhân dân", "HĐND": "Hội đồng nhân dân"}


def term_of(day):
    for start, term in _TERM_STARTS:
        if day >= start:
            return term
    return ""


def _kind_word(written):
    return _WORDS.get(surface_key(written).replace(" số", ""), ("", ()))


@dataclass(slots=True)
class Cite:
    """One citation in the text, before citations of one document are grouped."""

    part: object
    start: int  # line positions, kind word to symbol
    end: int
    kind: str = ""
    code: str = ""  # the kind's code: KL, NQ, QĐ...
    key: str = ""
    number: str = ""
    year: int | None = None
    symbol_year: bool = False
    issuer: str = ""
    family: str = ""  # party_central | party_local | state_central | state_local
    issued: date | None = None
    body: str = ""  # issuing body, canonical
    body_province: str = ""
    body_placed: bool = False  # the body's place is known ("Huyện ủy Điện Biên Đông")
    term: str = ""  # written in the phrase
    plenum: int = 0
    named: str = ""  # "" (a symbol) | "plenum" | "congress" | "bare"
    coordinated: bool = False  # "A và B của X": what follows B is A's too
    symbol_at: tuple = ()  # line positions of the symbol itself


def _symbol_cite(part, m):
    symbol = m.group(0)
    cite = Cite(part, m.start(), m.end(), key=symbol, symbol_at=(m.start(), m.end()))
    before = _KIND_BEFORE.search(part.line, max(0, m.start() - 60), m.start())
    word, codes = _kind_word(before.group("kind")) if before else ("", ())
    if before:
        cite.start = before.start()
    party = _PARTY_SYM.match(symbol)
    if party:
        cite.number, cite.code, cite.issuer = party["num"], party["code"], party["issuer"]
        cite.family = "party_central" if cite.issuer.endswith("TW") else "party_local"
        default = "Quy định" if cite.code == "QĐ" else CODES.get(cite.code, "")
    else:
        state = _STATE_SYM.match(symbol)
        if not state:
            return None
        cite.number = state["num"]
        if state["year"]:
            cite.year, cite.symbol_year = int(state["year"]), True
        if state["code"] in CODES and state["issuer"]:
            cite.code, cite.issuer = state["code"], state["issuer"]
        else:
            cite.issuer = "-".join(filter(None, [state["code"], state["issuer"]]))
        head = cite.issuer.split("-")[0]
        central = head in _STATE_CENTRAL or re.match(r"(?:UBTV)?QH\d*$", head)
        cite.family = "state_central" if central else "state_local"
        default = "Quyết định" if cite.code == "QĐ" else CODES.get(cite.code, "")
        if not cite.code and head.startswith(("QH", "UBTVQH")):  # 80/2015/QH13
            cite.code = "QH"
            default = "Luật" if head.startswith("QH") else "Nghị quyết"
    cite.kind = word if word and (not cite.code or cite.code in codes) else (default or word)
    return cite


def _national_term(written):
    """Whether a term numeral can be the national Party's: "Đại hội lần thứ XXI" is a city's."""
    return roman(written) in _NATIONAL_TERMS


_NATIONAL_TERMS = frozenset(
    {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"}
)


def _named_cite(part, m):
    kind = "Kết luận" if m.group("kind").lower().startswith("k") else "Nghị quyết"
    n = m.group("num") or m.group("ord")
    plenum = int(n) if n.isdigit() else ORDINALS.get(n.lower(), 0)
    if not plenum or (m.group("term") and not _national_term(m.group("term"))):
        return None
    return Cite(
        part,
        m.start(),
        m.end(),
        kind=kind,
        code="KL" if kind == "Kết luận" else "NQ",
        issuer="TW",
        family="party_central",
        plenum=plenum,
        named="plenum",
        term=roman(m.group("term") or ""),
        body="Ban Chấp hành Trung ương",
    )


def _congress_cite(part, m):
    return Cite(part, m.start(), m.end(), kind="Nghị quyết", code="NQ", issuer="TW",
                family="party_central", named="congress", term=roman(m["term"]))  # fmt: skip


def _bare_cite(part, m):
    kind, codes = _kind_word(m.group("kind"))
    year = m.group("year") or m.group("year2")
    return Cite(
        part,
        m.start(),
        m.end(),
        kind=kind,
        code=codes[0] if codes else "",
        number=m.group("num"),
        year=int(year) if year else None,
        named="bare",
    )


def _read_phrase(cite, stop, orgs):
    """Date, issuing body, term and plenum from the words after a citation."""
    line = cite.part.line
    text = line[cite.end : stop]
    cut = _WINDOW_END.search(text)
    window = text[: cut.start()] if cut else text[:250]
    if stop < len(line) and _COORDINATED.match(text):
        cite.coordinated = True
    d = _DATE_RE.match(window)
    if d:
        try:
            cite.issued = date(int(d["y"] or d["y2"]), int(d["m"] or d["m2"]), int(d["d"]))
        except ValueError:
            cite.issued = None
    of = _OF_RE.search(window)
    if of:
        lo, hi = cite.end + of.start(), cite.end + min(of.end() + 60, len(window))
        body = next((o for o in orgs if lo <= o.start < hi), None)
        if body and _could_issue(cite, body.name):
            cite.body, cite.body_province, cite.body_placed = body.name, body.province, body.placed
    if not cite.body:
        body = next(
            (
                o
                for o in orgs
                if o.end <= cite.start and _ISSUED_BY_RE.match(line, o.end, cite.start)
            ),
            None,
        )
        if body and _could_issue(cite, body.name):
            cite.body, cite.body_province, cite.body_placed = body.name, body.province, body.placed
    t = _TERM_RE.search(window)
    if t and not cite.term:
        cite.term = roman(t["term"])
    p = _PLENUM_RE.search(window)
    if p and not cite.plenum:
        n = p["num"] or p["ord"]
        cite.plenum = int(n) if n.isdigit() else ORDINALS.get(n.lower(), 0)


# Who may issue a Party document, and what a State issuer code's body is called.
_PARTY_COMMITTEES = tuple(
    "Bộ Chính trị|Ban Bí thư|Ban Chấp hành|Tỉnh ủy|Thành ủy|Huyện ủy|Quận ủy|Thị ủy|Đảng ủy|"
    "Ban Tổ chức|Ban Tuyên giáo|Ban Dân vận|Ủy ban Kiểm tra|Ban Thường vụ|Thường trực|"
    "Văn phòng Trung ương|Quân ủy|Ban Nội chính|Ban Kinh tế".split("|")
)
_STATE_BODIES = {"CP": "Chính phủ", "TTG": "Chính phủ", "UBND": "Ủy ban nhân dân",
                 "HĐND": "Hội đồng nhân dân", "BNV": "Bộ Nội vụ", "BTC": "Bộ Tài chính",
                 "BCA": "Bộ Công an", "BQP": "Bộ Quốc phòng", "BYT": "Bộ Y tế"}  # fmt: skip


def _could_issue(cite, body):
    """Whether a body named near a citation can be its issuer: "Nghị định ... của Bộ Giáo
    dục" names the subject, not the issuer (NĐ-CP is the Government's)."""
    if cite.family.startswith("party"):
        return body.startswith(_PARTY_COMMITTEES) or "Hội nghị" in body
    if cite.family.startswith("state"):
        if body.startswith(_PARTY_COMMITTEES):
            return False
        issuer = cite.issuer.split("-")[0]
        expected = _STATE_BODIES.get(issuer)
        return expected is None or body.startswith(expected)
    return True


def find_citations(document, org_hits):
    """Every citation in the article, in order, with what its phrase says."""
    cites = []
    for part in document.parts:
        line = part.line
        found = [
            c
            for c in (
                _symbol_cite(part, m)
                for m in _WORD_WITH_SLASH.finditer(line)
                if SYMBOL_RE.fullmatch(m.group(0))
            )
            if c
        ]
        found += [c for c in (_named_cite(part, m) for m in _NAMED_RE.finditer(line)) if c]
        found += [
            _congress_cite(part, m)
            for m in _CONGRESS_RE.finditer(line)
            if _national_term(m["term"])
        ]
        found += [
            _bare_cite(part, m)
            for m in _BARE_RE.finditer(line)
            if m.end() == len(line) or line[m.end()] in " _"
        ]
        found.sort(key=lambda c: (c.start, -c.end))
        kept, last = [], -1
        for cite in found:
            if cite.start >= last:
                kept.append(cite)
                last = cite.end
        orgs = [o for o in org_hits if o.part is part]
        for k, cite in enumerate(kept):
            stop = kept[k + 1].start if k + 1 < len(kept) else len(line)
            _read_phrase(cite, stop, orgs)
        for k in range(len(kept) - 2, -1, -1):
            cite, nxt = kept[k], kept[k + 1]
            if cite.coordinated:
                cite.body = cite.body or nxt.body
                if not cite.body_province:
                    cite.body_province, cite.body_placed = nxt.body_province, nxt.body_placed
                cite.term = cite.term or nxt.term
                cite.plenum = cite.plenum or nxt.plenum
        cites += kept
    return cites
