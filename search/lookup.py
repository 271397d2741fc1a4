"""Batch lookup: a list of names or document symbols, in any spelling, each resolved to the
entity it names (or "not found", or the candidates when several fit), with its article count
and first and last date. A few bulk queries per list, whatever its length; nothing stored."""

import codecs
import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, Min
from django.utils.translation import gettext_lazy as _

from archive.kinds import BY_NAME, KINDS
from archive.text import fold_diacritics, match_key
from archive.text.symbols import canonical_symbol

from .analyzer import find_query_symbols
from .entities import directives_with_symbol, distinct_labels

MAX_BYTES = 1024 * 1024
MAX_LINES = 5000
MAX_LINE_CHARS = 300
MAX_CANDIDATES = 10
EXTENSIONS = (".txt", ".csv")
_TERM = re.compile(r"\bkhoa\s+([ivxlc]+)\b")
# 500 values a query keep every IN (...) below SQLite's variable limit.
_CHUNK = 500


class LookupInputError(ValueError):
    """A list that cannot be read: status is 400 or 413, message says why."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class Match:
    kind: str  # "person", ...
    slug: str
    name: str
    url: str
    article_count: int = 0
    first: object = None  # date of the first dated article
    last: object = None


@dataclass
class Answer:
    line: int  # 1-based, counting the non-empty lines
    text: str
    matches: list = field(default_factory=list)  # one when found, several when ambiguous

    @property
    def status(self):
        return {0: "not_found", 1: "found"}.get(len(self.matches), "ambiguous")


def read_list(data, *, filename=""):
    """The non-empty lines of an uploaded list (the first cell of each row of a .csv)."""
    if len(data) > MAX_BYTES:
        raise LookupInputError(
            413,
            _("Danh sách quá lớn: %(size)s KB, tối đa %(max)s KB.")
            % {"size": len(data) // 1024, "max": MAX_BYTES // 1024},
        )
    name = filename.lower()
    if name and not name.endswith(EXTENSIONS):
        raise LookupInputError(
            400, _("Chỉ nhận tệp .txt hoặc .csv (tệp đã gửi: %(name)s).") % {"name": filename}
        )
    text = _decode(data)
    if name.endswith(".csv"):
        rows = csv.reader(io.StringIO(text))
        lines = [next((cell for cell in row if cell.strip()), "") for row in rows]
    else:
        lines = text.splitlines()
    lines = [" ".join(line.split()) for line in lines]
    lines = [line for line in lines if line]
    if len(lines) > MAX_LINES:
        raise LookupInputError(
            413,
            _("Danh sách có %(n)s dòng, tối đa %(max)s dòng một lần.")
            % {"n": len(lines), "max": MAX_LINES},
        )
    too_long = next((n for n, line in enumerate(lines, 1) if len(line) > MAX_LINE_CHARS), None)
    if too_long:
        raise LookupInputError(
            400,
            _("Dòng %(n)s dài quá %(max)s ký tự: mỗi dòng một tên hay một số hiệu.")
            % {"n": too_long, "max": MAX_LINE_CHARS},
        )
    return lines


def _decode(data):
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    elif b"\x00" not in data:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
        else:
            if not any(ord(c) < 32 and c not in "\t\n\r\f\v" for c in text):
                return text
    raise LookupInputError(
        400, _("Tệp không phải văn bản UTF-8 (có thể là tệp nhị phân): hãy gửi .txt hoặc .csv.")
    )


def name_key(text):
    """What a name typed in any spelling shares with Entity.folded's parts."""
    return " ".join(fold_diacritics(text).split())


def look_up(lines):
    """An Answer for each line, in order."""
    answers = [Answer(n, line) for n, line in enumerate(lines, 1)]
    symbols = {a.line: [s for _start, _end, s in find_query_symbols(a.text)] for a in answers}
    by_symbol = _directives_by_symbol({s for found in symbols.values() for s in found})
    named = _entities_named({name_key(a.text) for a in answers if not symbols[a.line]})
    # A key the symbol pattern does not read ("15/2015/TT", no issuer), as the search's
    # directive filter takes it (SearchForm.clean_directive): the line as a canonical key.
    bare = {a.line: canonical_symbol(a.text) for a in answers if not symbols[a.line]}
    bare = {line: key for line, key in bare.items() if any(c.isdigit() for c in key)}
    by_bare = _directives_by_symbol(set(bare.values()))
    for answer in answers:
        if symbols[answer.line]:
            found = {d.pk: d for s in symbols[answer.line] for d in by_symbol.get(s, [])}
            answer.matches = [("directive", d) for d in _of_term(answer.text, found.values())]
        else:
            answer.matches = _preferred(answer.text, named.get(name_key(answer.text), []))
            if not answer.matches and answer.line in bare:
                directives = by_bare.get(bare[answer.line], [])
                answer.matches = [("directive", d) for d in directives]
    _with_counts(answers)
    return answers


def _directives_by_symbol(symbols):
    """{canonical symbol as typed: [directives with that key, D or Đ as written]}."""
    symbols = sorted(symbols)
    found = defaultdict(list)
    for start in range(0, len(symbols), _CHUNK // 4):  # each symbol is up to 16 spellings
        chunk = symbols[start : start + _CHUNK // 4]
        for directive in directives_with_symbol(chunk):
            found[_undotted(directive.key)].append(directive)
    return {symbol: found.get(_undotted(symbol), []) for symbol in symbols}


def _of_term(text, directives):
    """The directives of the term a line names ("21-KL/TW khóa XIII"), else all of them."""
    directives = list(directives)
    term = _TERM.search(fold_diacritics(text))
    if term and len(directives) > 1:
        chosen = [d for d in directives if d.term.upper() == term.group(1).upper()]
        return chosen or directives
    return directives


def _undotted(key):
    return key.replace("Đ", "D")


def _entities_named(keys):
    """{name key: [(kind name, entity)]} for the entities one of whose names is that key."""
    keys = sorted(keys)
    named = defaultdict(list)
    for kind in KINDS:
        found = {}
        # Most entities have one name, so folded is the key itself: an indexed IN (...).
        for start in range(0, len(keys), _CHUNK):
            for entity in kind.model.objects.filter(folded__in=keys[start : start + _CHUNK]):
                found[entity.pk] = entity
        # Entities with aliases keep "name | alias | …": the few of them are read once.
        wanted = set(keys)
        for entity in kind.model.objects.filter(folded__contains=" | "):
            if wanted.intersection(entity.folded.split(" | ")):
                found[entity.pk] = entity
        for entity in found.values():
            for key in set(entity.folded.split(" | ")) & set(keys):
                named[key].append((kind.name, entity))
    return named


def _preferred(text, candidates):
    """Of the entities a line's folded key names, those spelt as the line is when it was
    typed with diacritics ("Lê Văn Hà" is not "Lê Văn Hạ"); all of them typed without."""
    if not candidates or fold_diacritics(text) == text.lower():
        return candidates
    typed = match_key(text)
    exact = [
        (kind, entity)
        for kind, entity in candidates
        if typed in {match_key(name) for name in [entity.name, *entity.aliases]}
    ]
    return exact or candidates


def _with_counts(answers):
    """Turn each answer's (kind, entity) pairs into Matches with their article counts."""
    ids = defaultdict(set)
    for answer in answers:
        for kind, entity in answer.matches:
            ids[kind].add(entity.pk)
    stats, labels = {}, {}
    for kind_name, pks in ids.items():
        kind = BY_NAME[kind_name]
        pks = sorted(pks)
        for start in range(0, len(pks), _CHUNK):
            rows = (
                kind.mention.objects.filter(**{f"{kind.name}_id__in": pks[start : start + _CHUNK]})
                .order_by()
                .values_list(f"{kind.name}_id")
                .annotate(
                    n=Count("id"), first=Min("article__published"), last=Max("article__published")
                )
            )
            for pk, n, first, last in rows:
                stats[kind_name, pk] = (n, first, last)
    for answer in answers:
        entities = [entity for _kind, entity in answer.matches]
        if len(entities) > 1:
            labels.update({(type(e), e.slug): label for e, label in _labels(entities).items()})
        matches = []
        for kind, entity in answer.matches:
            n, first, last = stats.get((kind, entity.pk), (0, None, None))
            name = labels.get((type(entity), entity.slug), str(entity))
            matches.append(
                Match(kind, entity.slug, name, entity.get_absolute_url(), n, first, last)
            )
        matches.sort(key=lambda m: (-m.article_count, m.name))
        answer.matches = matches[:MAX_CANDIDATES]


def _labels(entities):
    """Names that tell apart candidates which read the same (directives sharing a symbol)."""
    labels = {}
    for model in {type(e) for e in entities}:
        same = [e for e in entities if type(e) is model]
        by_slug = distinct_labels(same)
        labels.update({e: by_slug[e.slug] for e in same})
    return labels
