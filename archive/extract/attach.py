"""Which name a title belongs to, and whether the text says it is past.

Titles chain with commas, "kiêm" or dashes. A chain right before a name is that person's;
one right after a name and a separator ("-", ",", "(") is too, except a title that stands
right before the next name ("A, Bí thư Tỉnh ủy B": the title is B's), and a title one name's
chain after it took is never the next name's ("Tổng Bí thư X, Chủ tịch nước Y Tập Cận Bình,
Chủ tịch nước Trần Đại Quang": each keeps their own).

After a name (and its chain) the text may give a title with a verb: "là", "trên cương vị",
"giữ chức", "được bầu giữ chức", "được bổ nhiệm làm", "nhận nhiệm vụ mới là" -- current;
"lúc đó là", "từng là", "từng đảm nhiệm các chức vụ", "thôi giữ chức" -- past, as are titles
marked "nguyên", "cố", "cựu" (a mark carries over "kiêm": "nguyên Chủ tịch HĐTV kiêm Tổng
giám đốc"). Asides between a name and its title are skipped: "(SN 1965)", "(57 tuổi,",
"(bìa trái)" in photo captions.

A title after "các" before a list of names is each one's: "các Phó Thủ tướng Trương Hòa
Bình, Phạm Bình Minh, Vương Đình Huệ"; "các Ủy viên Trung ương Đảng: ..." is every name's
up to the end of the sentence; "Thứ trưởng A và B" gives B, untitled, A's rank. In a list of
"title name" pairs a title after A that leads to the next name is that name's ("Phó Chủ tịch
UBND TP A, Giám đốc ĐH Đà Nẵng, GS.TS B"), and "T là ông X" is X's. A title given with a verb
in a sentence set in the past ("Từ năm 2012 đến tháng 2/2014, A với vai trò là Giám đốc Sở")
is past too; one said of someone else ("Quyết định của Giám đốc X, PGS-TS A") is not A's.
"""

import re

_ASIDE = re.compile(
    r"[ _]*\([ _]*(?:(?i:sn|sinh|bìa|thứ|đứng|ngồi|giữa|trái|phải|phía|người|ảnh|vợ|chồng|con"
    r"|em|cháu|mẹ|bố|cha)|\d)"
    r"[^()]{0,120}\)"
)
_AGE = re.compile(r"[ _]*[,(][ _]*(?:\d+[ _]tuổi|(?i:sn)[ _]?\d{4}|sinh[ _]năm[ _]\d{4})[ _]*(?=,)")
_AFTER_GAP = re.compile(r"[ _]*(?:,|-|–|—|\(|:)[ _]*")
_BEFORE_GAP = re.compile(
    r"[ _]*(?:[,\-–][ _]*)?(?:(?:(?i:là)[ _]+)?"
    r"(?i:đồng[ _]chí|ông|bà|đ[ _]?/[ _]?c|nhà[ _]giáo[ _]ưu[ _]tú)[ _]*)?"
    r"(?:(?:GS|PGS|TS|ThS|BS|KS|NSND|NSƯT)(?:[ _]?[.\-][ _]?(?:TS|ThS))?\.?[ _]*)?"
)
_CHAIN_GAP = re.compile(
    r"[ _]*(?:(?:[,(][ _]*)?(?i:kiêm)|,|-|–|—|;)[ _]*(?:(?i:đồng[ _]thời)[ _]+(?:là[ _]+)?)?"
)
# Before a name, a semicolon ends one person's item in a list ("Chủ tịch nước A, Trưởng Ban
# Chỉ đạo cải cách tư pháp Trung ương; Bí thư Trung ương Đảng, Chánh án B"): no chain
# crosses it.
_CHAIN_BEFORE = re.compile(
    r"[ _]*(?:(?:[,(][ _]*)?(?i:kiêm)|,|-|–|—)[ _]*(?:(?i:đồng[ _]thời)[ _]+(?:là[ _]+)?)?"
)
_TERM = re.compile(
    r"[ _]*\(?[ _]*(?i:nhiệm[ _]kỳ|khóa)[ _]*[0-9IVXLivxl]+(?:[ _]*[-–][ _]*\d+)?[ _]*\)?"
)
_PAST = (
    r"(?:lúc|khi|thời[ _]điểm)[ _](?:đó|ấy|này)[ _]là|(?:trước[ _](?:đây|đó)|nguyên)[ _]là"
    r"|(?:lúc|khi)[ _]còn[ _](?:là|làm|giữ[ _]chức(?:[ _]vụ)?)"
    r"|từng(?:[ _](?:là|giữ|làm|đảm[ _]nhiệm|giữ[ _]các|đảm[ _]nhận))?"
    r"(?:[ _](?:các[ _])?(?:chức(?:[ _]vụ|[ _]danh)?|cương[ _]vị|vị[ _]trí))?"
    r"|(?:được[ _](?:cho[ _])?)?thôi(?:[ _]giữ)?(?:[ _](?:chức(?:[ _]vụ|[ _]danh)?|làm|"
    r"nhiệm[ _]vụ))?"
    r"|(?:đã[ _])?nghỉ[ _]hưu[ _](?:từ[ _])?(?:chức|cương[ _]vị)"
    # "xin từ nhiệm chức danh", "miễn nhiệm khỏi vị trí", "rút khỏi vị trí": left the post
    r"|(?:(?:xin|đã)[ _])?(?:từ[ _]nhiệm|miễn[ _]nhiệm(?:[ _]khỏi)?|rút[ _]khỏi)"
    r"(?:[ _](?:chức(?:[ _]vụ|[ _]danh)?|vị[ _]trí|cương[ _]vị))?"
    # "thiếu trách nhiệm khi làm trưởng đoàn", "từ khi làm Giám đốc Sở", "trong thời gian giữ
    # chức vụ Cục trưởng"
    r"|(?:từ[ _])?khi[ _](?:làm|giữ[ _]chức(?:[ _]vụ)?)"
    r"|(?:trong[ _])?(?:thời[ _]gian|giai[ _]đoạn|thời[ _]kỳ)[ _](?:làm|giữ|đảm[ _]nhiệm)"
    r"(?:[ _]các)?(?:[ _]chức(?:[ _]vụ|[ _]danh)?)?"
)
# A time before the titles and the name: "Trong thời gian làm Giám đốc Sở Công Thương, bà
# A", "khi còn làm Giám đốc trung tâm Y tế huyện Kim Bôi (Hòa Bình), ông A". The labels
# leave such titles out (bench/data/positions_labels.txt), so they are not A's.
_PAST_BEFORE = re.compile(
    r"(?:^|[ _])(?i:(?:trong[ _])?(?:thời[ _]gian|giai[ _]đoạn|thời[ _]kỳ)[ _](?:làm|giữ|là"
    r"|đảm[ _]nhiệm)(?:[ _]các)?(?:[ _]chức(?:[ _]vụ|[ _]danh)?)?|khi[ _]còn[ _](?:là|làm))"
    r"[ _]*$"
)
_NOW = (
    r"(?:(?:hiện(?:[ _]nay)?|đương[ _]kim|còn|đang|vẫn|cũng)[ _])*là(?:[ _]các)?"
    r"|(?:trên|với|ở|tại)[ _](?:cương[ _]vị|vai[ _]trò|chức[ _]vụ|vị[ _]trí)(?:[ _]mới)?"
    r"(?:[ _]là)?"
    r"|(?:(?:được|đã|vừa|đến|về|và|chính[ _]thức|hiện|đang|vẫn|còn|sẽ|tiếp[ _]tục)[ _])*"
    r"(?:(?:bầu|bổ[ _]nhiệm|tái[ _]bổ[ _]nhiệm|chỉ[ _]định|phân[ _]công|điều[ _]động|"
    r"luân[ _]chuyển|giao|cử|giới[ _]thiệu|đề[ _]cử|và)[ _]?)*"
    r"(?:(?:kiêm[ _])?giữ|làm|vào|đảm[ _]nhiệm|đảm[ _]nhận|nhận|tham[ _]gia|"
    r"nhậm|trở[ _]thành)?[ _]?"
    r"(?:(?:chức(?:[ _]vụ|[ _]danh)?|cương[ _]vị|vị[ _]trí|nhiệm[ _]vụ(?:[ _]mới)?"
    r"(?:[ _]là)?|tân)[ _]?)?"
    r"|chức[ _]vụ"
)
_INTRO = re.compile(
    rf"[ _]*(?:[,(][ _]*)?(?:và[ _]+)?(?:(?P<past>(?:{_PAST})"
    # "từng giữ các chức danh, chức vụ lãnh đạo, quản lý như: A, B"
    r"(?:[^#.;:]{0,40}?[ _](?i:như)(?=[ _]*:))?"
    rf")|(?P<now>{_NOW}))(?![^\W_])[ _]*:?[ _]*"
)
# Further from the name, only a verb that says whose the title is: "ông A (SN 1959) tại xã
# B, huyện C hiện đang giữ chức ...", "PGS.TS A được tín nhiệm, bổ nhiệm làm ...".
_FAR = re.compile(
    r"(?<=[ _])(?i:hiện|đang|được|thôi|từng|giữ|trở|bổ|bầu|làm|lúc|khi|xin|từ|miễn|rút)"
    r"(?![^\W_])"
)
_FAR_STOP = re.compile(r"[#.;:?!]")
_ONCE = re.compile(r"(?<![^\W_])(?i:từng|nguyên)(?![^\W_])")
_BARE = frozenset({"là", "chức vụ", "chức_vụ"})
_FILLERS = frozenset(
    "và được đã vừa đến về chính thức hiện nay đang vẫn còn sẽ tiếp tục cũng".split()
)
_OF = re.compile(r"(?:^|[ _])(?i:của|theo|với|cho|đối[ _]với)[ _]+$")
# A time the sentence sets in the past, before the name it speaks of.
_PAST_TIME = re.compile(
    r"(?i:từ[ _](?:năm|tháng)[ _][\d/]+[ _]+(?:-[ _]+)?(?:đến|tới)"
    r"|thời[ _]điểm[ _](?:trên|đó|ấy|này)|(?:lúc|khi)[ _](?:đó|ấy)|trước[ _]đây"
    r"|giai[ _]đoạn[ _]\d{4}[ _]*[-–][ _]*\d{4})"
)
# "các Phó Thủ tướng", "Các đồng chí nguyên Ủy viên Trung ương Đảng:", "7 Phó Tổng Giám đốc là"
_PLURAL = re.compile(
    r"(?:^|[ _])(?i:các|hai|ba|cùng[ _]các|\d+)(?:[ _]+(?i:đồng[ _]chí|ông|bà|vị))?[ _]+$"
)
_LIST_GAP = re.compile(r"[ _]*(?:,|và|;)[ _]*(?:(?i:ông|bà|đồng[ _]chí)[ _]+)?")
_FULL_STOP = re.compile(r"[ _]\.[ _]")
# A name, "và", a second name, then "là" and a title both have: "ông A và ông B, là thành
# viên HĐTV".
_AND = re.compile(r"[ _]+và[ _]+(?:(?i:ông|bà|đồng[ _]chí)[ _]+)?")
_BOTH_ARE = re.compile(r"[ _]*,?[ _]*(?:(?i:đều|cùng)[ _]+)?là[ _]+(?:các[ _]+)?")
# A bracketed aside between a title and its name: "Chủ tịch UBND xã Quảng Tâm, huyện Tuy
# Đức (Đắk Nông) - ông A", "Chủ tịch Hội đồng Quản trị (tháng 1/2004 - 5/2010), đồng chí A".
# Heads that want a body: alone before a comma and a title they share its body.
_BARE_HEAD = re.compile(
    r"(?i:(?:nguyên|cố|cựu)[ _]+)(?i:phó[ _])?(?i:bí[ _]thư|chủ[ _]tịch|giám[ _]đốc"
    r"|trưởng[ _]ban|trưởng[ _]phòng|chủ[ _]nhiệm|tổng[ _]giám[ _]đốc)"
)
_ASIDE_BEFORE = re.compile(r"[ _]*\([^()#]{1,40}\)")
_SENTENCE_END = re.compile(r"[ _](?:\.|;)[ _]")


def assign(part, names, titles):
    """Titles of each name in a part: {index of name: [(title, former), ...]} in text order.

    names: (start, end) line positions of the names in this part, in order.
    """
    line = part.masked
    name_starts = {start for start, _ in names}
    by_end = {t.end: k for k, t in enumerate(titles)}
    by_start = {t.start: k for k, t in enumerate(titles)}
    taken = {}  # title index -> the name whose after-chain took it
    after = {}
    for n, (ns, ne) in enumerate(names):
        listed = _title_ending_before(line, ns, by_end) is not None
        after[n] = _after_chain(line, ne, titles, by_start, name_starts, taken, n, listed, ns)
    result = {}
    for n, (ns, _ne) in enumerate(names):
        chain = []
        k = _title_ending_before(line, ns, by_end, titles=titles)
        while k is not None and k not in taken:
            chain.insert(0, (k, None))
            k = _title_ending_before(line, titles[k].start, by_end, _CHAIN_BEFORE)
        if chain and _PAST_BEFORE.search(line, 0, titles[chain[0][0]].start):
            chain = []  # said of a time before the sentence's: not the name's title here
        result[n] = chain + after[n]
    _distribute(line, names, titles, result)
    out = {}
    for n, chain in result.items():
        items, previous = [], None
        for k, past in chain:
            title = titles[k]
            former = title.former or bool(past)
            if previous is not None and (
                _kiem(line, titles[previous], title) or _shared(line, titles[previous], title)
            ):
                former = former or items[-1][1]
            items.append((title, former))
            previous = k
        out[n] = items
    return out


def _after_chain(line, pos, titles, by_start, name_starts, taken, n, listed, name_start=0):
    """[(title index, past or None)] the text gives a name after it.

    listed: the name has a title before it, as in a list of "title name" pairs, where
    "Phó Chủ tịch UBND TP A, Giám đốc ĐH Đà Nẵng, GS.TS B" gives the second title to B.
    """
    pos = _skip_asides(line, pos, by_start)
    chain = []
    gap = _AFTER_GAP.match(line, pos)
    k = by_start.get(gap.end()) if gap else None
    past = None
    while True:
        while k is not None and k not in taken:
            title = titles[k]
            follower = _BEFORE_GAP.match(line, title.end)
            gap = line[title.end : follower.end()].strip(" _")
            if follower.end() in name_starts and (not gap or (listed and gap not in ",-–")):
                return chain  # this title stands right before the next name: it is that name's
            if listed and _leads_to_name(line, k, titles, by_start, name_starts):
                return chain  # "A, Bộ trưởng - Chủ nhiệm Văn phòng Chính phủ B": B's titles
            chain.append((k, past))
            taken[k] = n
            end = _skip_term(line, title.end)
            gap = _CHAIN_GAP.match(line, end)
            k = by_start.get(gap.end()) if gap else None
            if k is None:
                pos = end
        k, past = _introduced(line, pos, by_start)
        if k is None:
            return chain
        # "Từ năm 2012 đến tháng 2/2014, A với vai trò là Giám đốc Sở": said of the past
        past = past or bool(_PAST_TIME.search(line, _clause_start(line, name_start), name_start))


def _leads_to_name(line, k, titles, by_start, name_starts):
    """Whether titles chained from titles[k] end right before a name (no gap)."""
    while True:
        title = titles[k]
        if title.end + 1 in name_starts or title.end in name_starts:
            return not line[title.end : title.end + 1].strip(" _")
        gap = _CHAIN_BEFORE.match(line, title.end)
        k = by_start.get(gap.end()) if gap and gap.end() > title.end else None
        if k is None:
            return False


def _introduced(line, pos, by_start):
    """(title index, past) of a title the text introduces after pos, else (None, None)."""
    intro = _INTRO.match(line, pos)
    if intro and _verb(intro) and intro.end() in by_start:
        return by_start[intro.end()], bool(intro.group("past"))
    stop = _FAR_STOP.search(line, pos, pos + 101)
    limit = min(stop.start() if stop else pos + 101, len(line))
    first_title = min((start for start in by_start if pos < start), default=len(line))
    for far in _FAR.finditer(line, pos, min(limit, first_title + 1)):
        intro = _INTRO.match(line, far.start() - 1)
        if intro and _verb(intro) not in _BARE and intro.end() in by_start:
            # "A, 68 tuổi, từng có thời gian được người dân tín nhiệm làm Trưởng ấp 7"
            past = intro.group("past") or _ONCE.search(line, pos, far.start())
            return by_start[intro.end()], bool(past)
    return None, None


def _clause_start(line, pos):
    """Where the sentence holding pos starts in the line."""
    ends = [m.end() for m in _SENTENCE_END.finditer(line, 0, pos)]
    return ends[-1] if ends else 0


def _verb(intro):
    """The words that introduced a title ("giữ chức", "lúc đó là"); "" if only fillers
    ("và", "đã", "hiện") stand there."""
    verb = (intro.group("past") or intro.group("now") or "").strip(" _")
    words = verb.replace("_", " ").split()
    return verb if any(w not in _FILLERS for w in words) else ""


def _skip_asides(line, pos, by_start=()):
    while True:
        m = _ASIDE.match(line, pos)
        age = _AGE.match(line, pos)
        if age and (not m or any(age.end() < start < m.end() for start in by_start)):
            m = age  # "(82 tuổi, nguyên Bí thư Đảng ủy xã)": the age, then the title
        if not m:
            return pos
        pos = m.end()


def _skip_term(line, pos):
    m = _TERM.match(line, pos)
    return m.end() if m else pos


def _title_ending_before(line, pos, by_end, gap=_BEFORE_GAP, titles=None):
    """The title that ends right before pos, with only a gap (comma, honorific) between; not
    one said of someone else ("Quyết định của Giám đốc ĐH Đà Nẵng, PGS-TS A")."""
    for back in range(pos, max(pos - 64, -1), -1):
        if back in by_end:
            between = line[back:pos]
            aside = _ASIDE_BEFORE.match(between)
            if aside:
                between = between[aside.end() :]
            if not gap.fullmatch(between):
                return None
            k = by_end[back]
            if "," in between and titles and _OF.search(line[: titles[k].start]):
                return None
            return k
    return None


def _kiem(line, first, second):
    return bool(re.fullmatch(r"[ _]*(?:[,(][ _]*)?(?i:kiêm)[ _]*", line[first.end : second.start]))


def _shared(line, first, second):
    """Whether a bare head shares the next title's body and mark: "nguyên Bí thư, Chủ tịch
    UBND huyện Tuy Đức" (not "nguyên Phó Chủ tịch nước, Chủ tịch danh dự Viện")."""
    return (
        first.former
        and bool(_BARE_HEAD.fullmatch(line, first.start, first.end))
        and bool(re.fullmatch(r"[ _]*,[ _]*", line[first.end : second.start]))
    )


def _distribute(line, names, titles, result):
    """A plural title before a list of names is each one's (see the module docstring)."""
    starts = [ns for ns, _ne in names]
    for n, (ns, _ne) in enumerate(names[:-1]):
        # "Thứ trưởng Bùi Cách Tuyến và Nguyễn Thái Lai": two of one rank, the second untitled
        chain = [k for k, _past in result[n]]
        nxt = names[n + 1][0]
        if chain and not result[n + 1] and re.fullmatch(r"[ _]+và[ _]+", line[_ne:nxt]):
            before = [k for k in chain if titles[k].end <= ns]
            if before and not _PLURAL.search(line[max(0, titles[before[0]].start - 12) : ns]):
                result[n + 1] = [(before[-1], None)]
    for n in range(len(names) - 1, 0, -1):
        # "ông A và ông B, là thành viên HĐTV", "A, B và C là các ủy viên", "A, B, C (ủy viên
        # HĐQT)": the title after the last name of a list is every untitled one's
        ns, ne = names[n]
        later = [k for k, _past in result[n] if titles[k].start >= ne]
        if not later:
            continue
        bracket = re.fullmatch(r"[ _]*\([ _]*", line[ne : titles[later[0]].start])
        if not bracket and not _BOTH_ARE.fullmatch(line, ne, titles[later[0]].start):
            continue
        m = n - 1
        while m >= 0 and not result[m] and _LIST_GAP.fullmatch(line, names[m][1], names[m + 1][0]):
            m -= 1
        # "ông A, ông B (Giám đốc Sở Y tế)" is B's alone; in a list of items split by
        # semicolons the names of one item share its bracket
        if bracket and (m < 0 or ";" not in line[names[m][1] : names[m + 1][0]]):
            continue
        past = next(past for k, past in result[n] if k == later[0])
        for untitled in range(m + 1, n):
            result[untitled] = [(later[0], past)]
    for k, title in enumerate(titles):
        if not _PLURAL.search(line[max(0, title.start - 20) : title.start]):
            continue
        colon = re.match(r"[ _]*:", line[title.end :])
        first = next((n for n, ns in enumerate(starts) if ns >= title.end), None)
        if first is None or (not colon and k not in [kk for kk, _ in result[first]]):
            continue
        for m in range(first + 1 if not colon else first, len(names)):
            if m > first:
                between = line[names[m - 1][1] : names[m][0]]
                if colon and _FULL_STOP.search(between):
                    break
                if not colon and not _LIST_GAP.fullmatch(between):
                    break
            if k not in [kk for kk, _ in result[m]]:
                result[m] = [(k, None), *result[m]]
