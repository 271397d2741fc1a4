"""What the text tells of a cited document beyond its symbol: the short names it is called
by, the subject it is cited for, who signed it, a date of issue that cannot be read.

- short name: a bare reference resolved to the document ("Kết luận 21", "Nghị quyết 19")
  or a plenum's name for a numbered resolution ("Nghị quyết Trung ương 4" for 18-NQ/TW);
- subject: the words after "về" that end the citation's phrase, to the end of the clause
  ("Nghị quyết số 18-NQ/TW ... về một số vấn đề về tiếp tục đổi mới, sắp xếp tổ chức bộ
  máy ..."), or a quoted title ("Chỉ thị số 15-CT/TU ... “Về tăng cường ...”"); a document
  coordinated with the next ("Kết luận 21 ... và Kế hoạch 03 ... về đẩy mạnh ...") shares it;
- signer: a person the article names, "A ... do đồng chí X ký (ban hành)" or "X, Chủ tịch
  UBND tỉnh, đã ký ban hành A";
- issued_unread: "ngày 31/02/2021", written but not a day: kept as written, shown as unknown.
"""

import re
from dataclasses import dataclass

from .citations import STATE_CENTRAL, WINDOW_END
from .lexicon import UPPER

SHORT_NAME = "short_name"
SUBJECT = "subject"
SIGNER = "signer"
ISSUED_UNREAD = "issued_unread"

# A subject ends at the end of the clause: . ; : ! ? ( or ", Ban Thường vụ ..." (a new
# subject of the sentence) or a verb of the sentence itself ("về X đã được ...").
_SUBJECT_END = re.compile(
    rf"[ _][.;:!?…(](?:[ _]|$)|[ _],[ _]+(?=[{UPPER}]|đồng[ _]chí|góp[ _]phần)|"
    r"[ _](?:đã|được|sẽ|đang|nhằm|để|với[ _]mục[ _]tiêu)[ _]|"
    # "về tiền sử dụng đất do Bộ Tài chính ban hành": who issued it, not what it is about
    r"[ _]do[ _](?=[^.;]{0,80}?[ _](?:ban[ _]hành|ký)(?:[ _]|$))"
)
_QUOTED = re.compile(r"[ _]*[“\"][ _]*(?=[Vv]ề[ _])")
_CLOSE_QUOTE = re.compile(r"[ _]*[”\"]")
_SUBJECT_MAX = 320
# Written text, not the segmented line: names come from persons' spans.
_SIGNED_AFTER = re.compile(r"^[^.;:!?]{0,160}?(?:^|\s)do\s[^.;:!?]{0,80}$", re.IGNORECASE)
_SIGNS = re.compile(
    r"^(?:\s*[,–-][^.;:!?]{0,100}?)?\s*(?:(?:đã|vừa|mới|cũng|trực tiếp)\s+)*ký"
    r"(?!\s*(?:kết|hợp đồng|cam kết|thỏa thuận|biên bản|giao ước))",
    re.IGNORECASE,
)
_SIGNS_BEFORE = re.compile(
    r"^(?:\s*[,–-][^.;:!?]{0,100}?)?\s*(?:(?:đã|vừa|mới|cũng|trực tiếp)\s+)*ký"
    r"(?:\s+(?:và\s+)?ban\s+hành)?\s*(?:các\s+|văn bản\s+)?$",
    re.IGNORECASE,
)


@dataclass
class FactFound:
    """One thing the text tells of one document, with where it says it."""

    kind: str
    value: str
    sentence: str
    offset: int


def read_facts(document, groups, persons):
    """[[FactFound]] for each group (directives.cited_documents), in the groups' order."""
    facts = [[] for _group in groups]
    people = sorted((span, p.name) for p in persons for span in p.spans)
    spans = sorted(
        (c.part.span(c.start, c.end), index) for index, g in enumerate(groups) for c in g.cites
    )
    subjects = {}
    for index, group in enumerate(groups):
        numbered = any(not c.named for c in group.cites)
        for cite in group.cites:
            a, b = cite.part.span(cite.start, cite.end)

            def add(kind, value, at=a, known=facts[index]):
                value = " ".join(value.split())
                if value and not any(f.kind == kind and f.value == value for f in known):
                    known.append(FactFound(kind, value, document.sentence(at), at))

            if cite.named == "bare" or (cite.named == "plenum" and numbered):
                add(SHORT_NAME, document.written(a, b))
            if cite.issued_written:
                add(ISSUED_UNREAD, cite.issued_written)
            subject = _subject(document, cite)
            if subject:
                subjects[id(cite)] = subject
                add(SUBJECT, subject)
            signer = _signer(document, (a, b), people, spans)
            if signer:
                add(SIGNER, signer)
    # "A và B của X về S": S is A's subject too (citations.Cite.coordinated)
    for index, group in enumerate(groups):
        for cite in group.cites:
            if not cite.coordinated or id(cite) in subjects:
                continue
            later = [
                c for g in groups for c in g.cites if c.part is cite.part and c.start > cite.end
            ]
            nxt = min(later, key=lambda c: c.start, default=None)
            subject = subjects.get(id(nxt)) if nxt is not None else None
            if subject and not any(f.value == subject for f in facts[index]):
                a = cite.part.span(cite.start, cite.end)[0]
                facts[index].append(FactFound(SUBJECT, subject, document.sentence(a), a))
    return facts


def _subject(document, cite):
    """The words after "về" that end a citation's phrase, as written; "" if none."""
    part, line = cite.part, cite.part.line
    end = len(line[: cite.end].rstrip(" _"))  # a term's pattern takes the space after it
    rest = line[end:]
    cut = WINDOW_END.search(rest)
    if not cut:
        return ""
    quoted = _QUOTED.match(rest, cut.start())
    if quoted:  # ... ngày 16-12-2016 “Về tăng cường ...”
        start = end + quoted.end()
        close = _CLOSE_QUOTE.search(line, start)
        stop = close.start() if close else -1
        if stop < 0 or stop - start > _SUBJECT_MAX:
            return ""
        return _written(document, part, start, stop, strip="về")
    if cut.group(0).strip(" _") != "về":
        return ""
    start = end + cut.end()
    stop = _SUBJECT_END.search(line, start)
    end = stop.start() if stop else len(line)
    if end - start > _SUBJECT_MAX or end <= start:
        return ""
    return _written(document, part, start, end, strip="việc")


def _written(document, part, start, end, strip=""):
    a, b = part.span(start, end)
    text = " ".join(document.written(a, b).split()).strip(" ,;–-")
    if strip and text[: len(strip) + 1].lower() == strip + " ":
        text = text[len(strip) :].strip()
    return text


def _signer(document, span, people, cites):
    """The person the sentence says signed the document at span, or ""."""
    a, b = span
    text = document.text
    sentence_start, sentence_end = _sentence_span(document, a)
    for (p_start, p_end), name in people:
        if not sentence_start <= p_start < sentence_end or sentence_end < p_end:
            continue
        if any(p_start <= c_a and c_b <= p_end for (c_a, c_b), _i in cites):
            continue
        if p_start >= b:  # "A ... do đồng chí X ký"
            if _between_cites(cites, b, p_start):
                continue
            if _SIGNED_AFTER.match(text[b:p_start]) and _SIGNS.match(text[p_end:sentence_end]):
                return name
        elif p_end <= a:  # "X, Chủ tịch UBND tỉnh, đã ký ban hành A"
            if _between_cites(cites, p_end, a):
                continue
            if _SIGNS_BEFORE.match(text[p_end:a]):
                return name
    return ""


def _between_cites(cites, start, end):
    return any(start <= c_a and c_b <= end for (c_a, c_b), _i in cites)


def _sentence_span(document, offset):
    part = document.part_at(offset)
    start, end = part.sentence_bounds(offset - part.base)
    return part.base + start, part.base + end


CENTRAL, PROVINCE, DISTRICT = "central", "province", "district"
_DISTRICT_CODES = frozenset({"HU", "QU", "TXU", "ĐU", "TX"})


def level_of(issuer, body=""):
    """Which level issued a document: central, province, district; "" when nothing tells.

    From its issuer code ("TW", "TTg", "TU", "HU", "UBND") and issuing body or scope
    ("Ủy ban nhân dân huyện Tuy Phước"): the chain of documents carrying one out goes down
    these levels.
    """
    code = issuer.split("-")[0].upper()
    body = body.lower()
    if issuer.upper().endswith("TW") or code in STATE_CENTRAL or code.startswith(("QH", "UBTVQH")):
        return CENTRAL
    if code in _DISTRICT_CODES or any(w in body for w in ("huyện", "quận", "thị xã", "thị ủy")):
        return DISTRICT
    if code in {"TU", "UBND", "HĐND"} or any(w in body for w in ("tỉnh", "thành phố", "thành ủy")):
        return PROVINCE
    return ""
