"""Relations between documents that a sentence states: one carries out, guides, replaces,
amends or sums up the implementation of another.

Read on the segmented line, between two citations of one sentence (no ". ; : ! ?" between):
- "A ... <verb> B": the words after A (its date, body, "về ..." subject) end in the verb
  ("Kế hoạch số 03-KH/TW, ngày 01/12/2021 của Bộ Chính trị thực hiện Kết luận số 21-KL/TW");
- "B được <verb> bằng/bởi/tại A": the passive, the other way round;
- "Thực hiện B, Tỉnh ủy ban hành A": the clause opens with the verb, A is what was issued;
- "A ... thực hiện B và C", "A về kết quả 2 năm thực hiện B và 04 năm thực hiện C": B's
  relation carries to what is coordinated with it.
Words between A and the verb that start another clause ("đã", "yêu cầu", "tham mưu": the
subject is someone else) stop the rule: "Chỉ thị 05 yêu cầu thực hiện Nghị quyết 18" says
nothing of what Chỉ thị 05 is.
"""

import re
from dataclasses import dataclass

from .document import SENTENCE_MAX

# The kinds, named once: extraction, storage (archive/models.py RelationKind), pages.
IMPLEMENTS = "implements"
GUIDES = "guides"
REPLACES = "replaces"
AMENDS = "amends"
SUMMARISES = "summarises"

_ = r"[ _]+"
# Words that may follow the verb before the document: "triển khai thực hiện có hiệu quả".
_FILLER = (
    r"(?:(?:thực[ _]hiện|việc|các|có[ _]hiệu[ _]quả|hiệu[ _]quả|nghiêm|nghiêm[ _]túc|tốt|"
    r"đồng[ _]bộ|sâu[ _]rộng|một[ _]số[ _]điều(?:[ _]của)?|nội[ _]dung(?:[ _]của)?|"
    r"và[ _]thực[ _]hiện|tinh[ _]thần)[ _]+)*"
)
_VERBS = (
    # "tổng kết 10 năm thực hiện", "về kết quả 2 năm thực hiện", "sơ kết 05 năm triển khai"
    (
        SUMMARISES,
        r"(?i:tổng[ _]kết|sơ[ _]kết|kết[ _]quả|đánh[ _]giá)(?:[ _]+(?:[\d_]+|năm|tháng|"
        r"việc|giai[ _]đoạn|qua|sau))*[ _]+(?i:thực[ _]hiện|thi[ _]hành|triển[ _]khai)",
    ),
    (
        GUIDES,
        r"(?i:hướng[ _]dẫn|quy[ _]định[ _]chi[ _]tiết(?:[ _]và[ _]hướng[ _]dẫn)?)"
        r"(?:[ _]+(?:thực[ _]hiện|thi[ _]hành))?",
    ),
    (REPLACES, r"(?i:thay[ _]thế)(?:[ _]+cho)?"),
    (AMENDS, r"(?i:sửa[ _]đổi)(?:[ _]*,?[ _]*(?i:bổ[ _]sung))?(?:[ _]*,?[ _]*(?i:bãi[ _]bỏ))?"),
    (
        IMPLEMENTS,
        # "về hiệu lực thi hành của Bộ luật ..." is when it takes effect, not carrying it out
        r"(?i:thực[ _]hiện|triển[ _]khai|quán[ _]triệt|cụ[ _]thể[ _]hóa|(?<!lực[ _])thi[ _]hành)",
    ),
)
# "Điều 15 của", "một số quy định tại khoản 1 và khoản 3 Điều 192": the part of the document
_ARTICLES = (
    r"(?:(?:một[ _]số[ _]quy[ _]định[ _]tại|một[ _]số[ _]điều[ _]của)[ _]+)?"
    r"(?:(?i:điều|khoản|điểm)[ _]+[\dA-Za-zđ]{1,4}[ _]+(?:(?:,|và)[ _]+)?)*(?:của[ _]+)?"
)
# a law named before its number: "Bộ luật Hình sự số 100/2015/QH13", "Luật Thuế thu nhập"
# ("Luật viễn thông và Điều 30 của Nghị định 174": the law ends at "và")
_LAW_NAME = (
    r"(?:(?:Bộ[ _]+)?[Ll]uật(?:[ _]+(?!(?:và|của|hoặc|Điều|điều)(?:[ _]|$))[^ _.;,()]+){0,6}[ _]+)?"
)
_TAIL = rf"{_FILLER}{_ARTICLES}{_LAW_NAME}"
_ACTIVE = [(kind, re.compile(rf"(?:^|[ _])(?:{verb})[ _]+{_TAIL}$")) for kind, verb in _VERBS]
_PASSIVE = [
    (
        kind,
        re.compile(
            rf"[ _](?:(?:được|đã[ _]được|bị|đã[ _]bị)[ _]+(?:{verb})[ _]+"
            rf"(?:(?:bằng|bởi|tại|theo)[ _]+)?|\([ _]*(?:{verb})[ _]+(?:bằng|bởi)[ _]+)$"
        ),
    )
    for kind, verb in _VERBS
    if kind != SUMMARISES
]
# "Thực hiện B, ... ban hành A"
_OPENS = re.compile(
    rf"^[ _,]*(?:(?i:để|nhằm)[ _]+)?(?:(?i:tiếp[ _]tục)[ _]+)?(?:(?i:tổ[ _]chức)[ _]+)?"
    rf"(?i:thực[ _]hiện|triển[ _]khai(?:[ _]thực[ _]hiện)?|quán[ _]triệt|cụ[ _]thể[ _]hóa|"
    rf"thi[ _]hành)[ _]+{_FILLER}$"
)
_ISSUES = re.compile(
    r"[ _](?:ban[ _]hành|xây[ _]dựng|ký|ra)(?:[ _]+(?:các|ngay|kịp[ _]thời))?[ _]*$"
)
_BARRIER = re.compile(r"(?:^|[ _])[.;:!?…](?:[ _]|$)")
# A word that starts another clause between A and the verb: someone else acts.
_CLAUSE = re.compile(
    r"(?:^|[ _])(?:đã|đang|sẽ|được|bị|cần|phải|yêu[ _]cầu|đề[ _]nghị|chỉ[ _]đạo|tham[ _]mưu|"
    r"nhấn[ _]mạnh|cho[ _]biết|khẳng[ _]định|trong[ _]đó|đồng[ _]thời|tiếp[ _]tục[ _]tham|"
    # "A ... gắn với thực hiện B", "A và Chương trình hành động ... thực hiện B": the actor
    # carries out both, or another document does (corpus: Chỉ thị 05 and NQ TW4 khóa XII)
    r"và|cũng[ _]như|gắn[ _]với|gắn[ _]liền[ _]với|cùng[ _]với|kết[ _]hợp[ _]với)"
    r"(?:[ _]|$)"
)
_COORDINATED = re.compile(r"^[ _]*(?:,|và|cùng|,[ _]*và)[ _]*$")
# "và 04 năm thực hiện C" after "A về kết quả 2 năm thực hiện B": A's relation goes on.
_GOES_ON = re.compile(r"[ _](?:,|và|,[ _]+và)(?:[ _]+\d+[ _]+(?:năm|tháng))?[ _]*$")
_PREFIX_MAX = 240


@dataclass
class RelationFound:
    """Document `source` (an index into Entities.directives) `kind` document `target`."""

    source: int
    target: int
    kind: str
    sentence: str
    offset: int  # where the sentence's relation is stated, in Article.full_text


def find_relations(document, groups):
    """Relations stated between the cited documents (groups: directives.cited_documents)."""
    where = {}
    for index, group in enumerate(groups):
        for cite in group.cites:
            where[id(cite)] = index
    out, seen = [], set()
    for part in document.parts:
        cites = sorted(
            (c for g in groups for c in g.cites if c.part is part), key=lambda c: c.start
        )
        for k in range(1, len(cites)):
            for source, target, kind, at in _stated(part, cites, k, where):
                if source == target or (source, target, kind) in seen:
                    continue
                seen.add((source, target, kind))
                offset = part.span(at.start, at.end)[0]
                quote = _quote(document, part, groups[source], at)
                out.append(RelationFound(source, target, kind, quote, offset))
    return out


def _stated(part, cites, k, where):
    """(source, target, kind, cite) relations the words before cites[k] state."""
    line = part.line
    a, b = cites[k - 1], cites[k]
    between = line[a.end : b.start]
    if _BARRIER.search(between):
        return []
    for kind, pattern in _PASSIVE:
        if pattern.search(between):
            return [(where[id(b)], where[id(a)], kind, b)]
    for kind, pattern in _ACTIVE:
        verb = pattern.search(between)
        if not verb:
            continue
        prefix = between[: verb.start()]
        if len(prefix) > _PREFIX_MAX:
            return []
        earlier = _stated(part, cites, k - 1, where) if k > 1 else []
        if earlier and _GOES_ON.search(prefix):
            return [
                (s, where[id(b)], was if kind == IMPLEMENTS else kind, b)
                for s, _t, was, _c in earlier
            ]
        if _CLAUSE.search(prefix):
            return []
        if kind == IMPLEMENTS and a.kind == "Hướng dẫn":
            kind = GUIDES  # "Hướng dẫn số 05-HD/BTCTW ... thực hiện Quy định 105"
        return [(where[id(a)], where[id(b)], kind, b)]
    if _COORDINATED.match(between) and k > 1:
        return [
            (s, where[id(b)], kind, b) for s, _t, kind, _c in _stated(part, cites, k - 1, where)
        ]
    if _ISSUES.search(between):
        opened = _opened(part, cites, k - 1)
        return [(where[id(b)], where[id(t)], IMPLEMENTS, b) for t in opened]
    return []


def _opened(part, cites, k):
    """The documents a clause opening "Thực hiện B (và C)," names, ending at cites[k]."""
    line = part.line
    chain = [cites[k]]
    while k > 0 and _COORDINATED.match(line[cites[k - 1].end : cites[k].start]):
        k -= 1
        chain.insert(0, cites[k])
    start = cites[k - 1].end if k > 0 else 0
    before = line[start : cites[k].start]
    barrier = list(_BARRIER.finditer(before))
    if k > 0 and not barrier:
        return []
    opening = before[barrier[-1].end() :] if barrier else before
    return chain if _OPENS.match(opening) else []


def _quote(document, part, source, target_cite):
    """The sentence stating a relation; a long one cut around the two documents at word
    boundaries, with "…" where it was cut (Document.sentence would cut inside a word)."""
    end = part.span(target_cite.start, target_cite.end)[1]
    begins = [part.span(c.start, c.end)[0] for c in source.cites if c.part is part]
    begin = max((b for b in begins if b < end), default=end)
    s_start, s_end = part.sentence_bounds(begin - part.base)
    s_start, s_end = part.base + s_start, part.base + s_end
    if s_end - s_start <= SENTENCE_MAX:
        return " ".join(document.written(s_start, s_end).split())
    lo = max(s_start, min(begin, end - SENTENCE_MAX) - 60)
    hi = min(s_end, max(end + 60, lo + SENTENCE_MAX))
    text = document.written(lo, hi)
    if lo > s_start:
        text = "…" + text[text.find(" ") + 1 :] if " " in text else text
    if hi < s_end:
        text = text[: text.rfind(" ")] + "…" if " " in text else text
    return " ".join(text.split())
