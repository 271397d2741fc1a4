"""Directives: the Party and State documents an article cites.

What is found
- Every document symbol (archive.text.symbols: "21 – KL/TW", "02 - QÐ/HU", "23/KH-UBND",
  "34/2016/NĐ-CP", "80/2015/QH13"), with the kind word before it ("Kết luận số"), and, in
  the same phrase, its issue date ("ngày 27/12/2021"), issuing body ("của Bộ Chính trị",
  "Huyện ủy ... đã ban hành"), term ("khóa XIII") and plenum ("tại Hội nghị lần thứ tư").
- Named resolutions: "Nghị quyết Trung ương 4 (khóa XII)", "Kết luận Hội nghị lần thứ tư Ban
  Chấp hành Trung ương Đảng (khóa XIII)", "Nghị quyết Đại hội XIII của Đảng".
- Bare references "Kết luận 21", "Nghị định 46/2016": the numbered document of the same
  kind and number the article cites elsewhere; failing that, the symbol the phrase implies
  ("Kết luận 21 của Ban Chấp hành Trung ương" -> 21-KL/TW, "Nghị định 71 năm 2010" ->
  71/2010/NĐ-CP); failing that, nothing.
- A named resolution is the numbered document of the same plenum and term the article cites
  ("Kết luận Hội nghị lần thứ tư ... (khóa XIII)" and "Kết luận số 21-KL/TW tại Hội nghị
  lần thứ tư, Ban Chấp hành Trung ương khóa XIII" are one document).

Key: the canonical symbol ("21-KL/TW", "02-QĐ/HU", "23/KH-UBND", "34/2016/NĐ-CP"); for
named resolutions "NQTW4-XII" / "KLTW4-XIII" (Nghị quyết / Kết luận of the Central
Committee's 4th plenum of term XII) and "NQDH-XIII" (resolution of the XIII Congress); a
partial State symbol keeps what is written ("15/2015/TT").

Scope: what tells apart documents that share a key (Directive is unique on key + scope).
- Party central (issuer ends in TW: TW, BTCTW, UBKTTW...) and named resolutions: numbering
  restarts each term, so the scope is the term, "khóa XIII": written in the phrase, else that
  of the issue date, else of a document of the same plenum in the article, else of the
  article's date.
- Party local (TU, HU, ĐU...): "<committee>, <year>" ("Huyện ủy Điện Biên Đông, 2018"): the
  issuing committee written in the phrase (its organ, e.g. Ban Thường vụ, shares the
  committee's numbering), else for a province-level code (TU) the Tỉnh ủy of the article's
  province; the year of issue, else of the article.
- State with the year in the symbol: central issuers (CP, TTg, ministries, QH) "" -- the key
  is unique; local ones (UBND, HĐND) the issuing body or "Ủy ban nhân dân tỉnh <province>".
- State without a year ("23/KH-UBND", "1234/QĐ-TTg"): numbering restarts each year, so
  "<year>" for central issuers and "<body>, <year>" for local ones.
- A partial State symbol ("15/2015/TT"): the issuing body written in the phrase.
When the text and the article give none of these, scope is None and the linker keeps the
document to the article ("article:<id>"), so it never merges with another silently; a
curator merges it in the admin. District-level codes (HU, QU, ĐU) never fall back on the
province: two districts of one province number their documents alike.
"""

from dataclasses import dataclass

from .citations import PARTY_BODIES, PROVINCE_CODES, find_citations, term_of
from .provinces import CITIES


def _resolve_bare(cites):
    """Give bare references a key (see the module docstring); drop the ones left without."""
    numbered = [c for c in cites if not c.named]
    out = []
    for cite in cites:
        if cite.named != "bare":
            out.append(cite)
            continue
        n = int(cite.number)
        matches = {
            c.key: c
            for c in numbered
            if c.number.isdigit()
            and int(c.number) == n
            and (not c.code or c.code == cite.code or c.kind == cite.kind)
            and (cite.year is None or c.year in (None, cite.year))
        }
        if len(matches) == 1:
            (target,) = matches.values()
            cite.key, cite.code, cite.kind = target.key, target.code, target.kind
            cite.family, cite.issuer = target.family, target.issuer
        elif matches:
            continue
        elif not _derive_key(cite):
            continue
        out.append(cite)
    return out


def _derive_key(cite):
    """A key from a bare reference's kind, number, issuing body or year; False if none."""
    committee = next(
        (w for w in ("Tỉnh ủy", "Thành ủy", "Huyện ủy", "Quận ủy") if w in cite.body), ""
    )
    if cite.body in PARTY_BODIES and cite.code:  # "Kết luận 21 của Bộ Chính trị"
        cite.issuer, cite.family = PARTY_BODIES[cite.body], "party_central"
    elif committee and cite.code:  # "Nghị quyết 05 của Tỉnh ủy Quảng Nam"
        cite.issuer = {"Huyện ủy": "HU", "Quận ủy": "QU"}.get(committee, "TU")
        cite.family = "party_local"
    elif cite.code == "NĐ" and cite.year:  # "Nghị định 71 năm 2010": decrees are NĐ-CP
        cite.key = f"{cite.number.zfill(2)}/{cite.year}/NĐ-CP"
        cite.issuer, cite.family, cite.symbol_year = "CP", "state_central", True
        return True
    elif cite.code and cite.year:  # "Thông tư 15/2015": the key keeps what is written
        cite.key = f"{cite.number}/{cite.year}/{cite.code}"
        cite.family, cite.symbol_year = "state_partial", True
        return True
    else:
        return False
    cite.key = f"{cite.number}-{cite.code}/{cite.issuer}"
    return True


@dataclass
class Group:
    """The citations of one document in the article."""

    key: str
    cites: list
    term: str = ""

    def first(self, attr):
        return next((getattr(c, attr) for c in self.cites if getattr(c, attr)), None)


def _group(cites, published):
    """Citations grouped by document; Party terms inferred (see the module docstring)."""
    groups = []
    by_key = {}
    for cite in sorted(cites, key=lambda c: (not c.term, c.named == "plenum")):
        if cite.named == "plenum":
            continue
        same = by_key.setdefault(cite.key or f"NQDH-{cite.term}", [])
        target = next((g for g in same if not cite.term or g.term in ("", cite.term)), None)
        if target is None:
            target = Group(cite.key or f"NQDH-{cite.term}", [], cite.term)
            same.append(target)
            groups.append(target)
        target.cites.append(cite)
        target.term = target.term or cite.term
    central = [g for g in groups if g.cites[0].family == "party_central"]
    for g in central:
        issued = g.first("issued")
        if not g.term and issued:
            g.term = term_of(issued)
    for g in central:
        plenum = g.first("plenum")
        if not g.term and plenum:
            g.term = next((o.term for o in central if o.term and o.first("plenum") == plenum), "")
        if not g.term and published:
            g.term = term_of(published)
    plenums = [c for c in cites if c.named == "plenum"]
    for cite in sorted(plenums, key=lambda c: not c.term):
        # "Nghị quyết Trung ương 4" after "Nghị quyết Trung ương 4 (khóa XII)": the same one.
        known = {
            c.term for c in plenums if c.term and c.code == cite.code and c.plenum == cite.plenum
        }
        term = cite.term or (known.pop() if len(known) == 1 else "")
        term = term or (term_of(published) if published else "")
        same = [
            g
            for g in central
            if g.first("plenum") == cite.plenum
            and g.term == term
            and g.cites[0].code == cite.code
            and not g.cites[0].named
        ]
        if len(same) == 1:
            same[0].cites.append(cite)
            continue
        key = f"{cite.code}TW{cite.plenum}" + (f"-{term}" if term else "")
        target = next((g for g in groups if g.key == key), None)
        if target is None:
            target = Group(key, [], term)
            groups.append(target)
        target.cites.append(cite)
    for g in groups:
        if g.cites[0].named == "congress":
            g.key = f"NQDH-{g.term}"
        g.cites.sort(key=lambda c: (c.part.index, c.start))
    return sorted(groups, key=lambda g: (g.cites[0].part.index, g.cites[0].start))


def _scope(group, family, province, published):
    """The scope of a document (see the module docstring); None when nothing tells."""
    issued = group.first("issued")
    year = group.first("year") or (issued.year if issued else None)
    year = year or (published.year if published else None)
    with_body = next((c for c in group.cites if c.body), None)
    body = with_body.body if with_body and with_body.body_placed else ""
    issuer = (group.first("issuer") or "").split("-")[0]
    if family == "party_central":
        return f"khóa {group.term}" if group.term else None
    if family == "party_local":
        committee = next((body[body.index(w) :] for w in _COMMITTEES if w in body), "")
        if not committee and issuer == "TU" and province:
            committee = ("Thành ủy " if province in CITIES else "Tỉnh ủy ") + province
        return f"{committee}, {year}" if committee and year else None
    if family == "state_central":
        if group.first("symbol_year"):
            return ""
        return str(year) if year else None
    if family == "state_partial":
        return body or None
    if not body and issuer in PROVINCE_CODES and province:
        level = "thành phố" if province in CITIES else "tỉnh"
        body = f"{PROVINCE_CODES[issuer]} {level} {province.removeprefix('Thành phố ')}"
    if not body:
        return None
    return body if group.first("symbol_year") else (f"{body}, {year}" if year else None)


_COMMITTEES = ("Tỉnh ủy ", "Thành ủy ", "Huyện ủy ", "Quận ủy ", "Thị ủy ", "Đảng ủy ")


def _name(group):
    cite = group.cites[0]
    if cite.named == "congress":
        return f"Nghị quyết Đại hội {group.term}"
    if group.key.startswith(("NQTW", "KLTW")):
        kind = "Nghị quyết" if group.key.startswith("NQ") else "Kết luận"
        plenum = group.first("plenum")
        term = f" khóa {group.term}" if group.term else ""
        return f"{kind} Hội nghị Trung ương {plenum}{term}"
    kind = group.first("kind") or ""
    return f"{kind} số {group.key}".strip()


def cited_documents(document, org_hits, *, published=None):
    """The article's citations grouped by document (Group), in order of first citation."""
    return _group(_resolve_bare(find_citations(document, org_hits)), published)


def find_directives(document, org_hits, *, published=None, province="", make, groups=None):
    """Directives of an article, one per document, in order of first citation.

    make(spans=..., surface=..., name=..., key=..., ...) builds each DirectiveFound;
    groups: cited_documents() when the caller has them already (one DirectiveFound each).
    """
    if groups is None:
        groups = cited_documents(document, org_hits, published=published)
    out = []
    for group in groups:
        numbered = next((c for c in group.cites if not c.named), None)
        lead = numbered or group.cites[0]
        family = lead.family
        spans, surface = [], []
        for cite in group.cites:
            a, b = cite.part.span(cite.start, cite.end)
            spans.append((a, b))
            written = " ".join(document.written(a, b).split())
            if written not in surface:
                surface.append(written)
        issued = group.first("issued")
        year = (lead.year if lead.symbol_year else None) or (issued.year if issued else None)
        kind = next((c.kind for c in group.cites if not c.named and c.kind), lead.kind)
        symbol = ""
        if numbered is not None:
            a, b = numbered.part.span(*numbered.symbol_at)
            symbol = document.written(a, b)
        out.append(
            make(
                name=_name(group),
                key=group.key,
                symbol=symbol,
                kind=kind,
                number=lead.number if not lead.named or lead.named == "bare" else "",
                year=year,
                issuer=lead.issuer,
                issued=issued,
                issuing_body=group.first("body") or "",
                term=group.term if family == "party_central" else "",
                scope=_scope(group, family, province, published),
                spans=spans,
                surface=surface,
            )
        )
    return out
