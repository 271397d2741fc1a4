"""The search box's syntax, read into a ParsedQuery that every engine answers.

Syntax: words (all must match), "a phrase", OR between groups of words, -word or NOT word
to exclude, and person:/organization:/directive:/source:/year:/province: with a slug to
narrow. Anything else (stray quotes, brackets, *, ?, ~, ^, control characters) is
read as plain text: no query string can make parsing fail.

What must match is always the diacritic-folded syllables, so a query typed without accents
finds accented text and differences between query and document segmentation never lose a
document. The exact words, the title and neighbouring syllables as typed only add to the
score, so exact-diacritic matches come first ("bộ" above "bố" for the query "bộ") and so do
articles where the words stand together.
"""

from dataclasses import dataclass, field, replace
from functools import lru_cache

from archive.text import normalize

from .analyzer import find_query_symbols, has_diacritics, query_words, strip_controls, word_terms

MAX_QUERY_CHARS = 500
MAX_TERMS = 64

FILTER_FIELDS = ("person", "organization", "directive", "source", "year", "province")

# Score weights. Tuned on 5,050 corpus articles: known-item MRR (bench/bench_engines.py) stays
# at 0.99+ for every setting tried; raising BOOST_PAIR from 1 to 5 and halving the single
# title syllables took the share of top-10 results that hold the typed words together (20
# names and phrases such as "Bí thư Tỉnh ủy", "Ban Tổ chức") from 0.50 to 0.74.
BOOST_EXACT_WORD = 1.5
BOOST_EXACT_SYLLABLE = 1.0
BOOST_TITLE = 0.5
BOOST_TITLE_EXACT = 0.5
BOOST_TITLE_PAIR = 2.0
BOOST_PAIR = 5.0

_QUOTES = '"“”„'
_BRACKETS = "()[]{}"
_STRAY = "*?~^+!\\"


@dataclass(frozen=True)
class Unit:
    """A word, or a phrase in quotes."""

    words: tuple  # of WordTerms
    phrase: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    text: str  # the query as used (controls removed, cut to MAX_QUERY_CHARS)
    # Alternatives joined by OR; within one, every unit must match.
    alternatives: tuple = ()
    excluded: tuple = ()  # units after "-" or NOT: no document may match any
    filters: tuple = ()  # (field, value)
    match_all: bool = False
    truncated: bool = False
    accented: bool = False  # typed with diacritics (on half its syllables or more)
    symbols: tuple = field(default=())  # canonical directive symbols typed

    @property
    def units(self):
        return [unit for alternative in self.alternatives for unit in alternative]

    @property
    def is_empty(self):
        return (
            not self.alternatives
            and not self.excluded
            and not self.match_all
            and (not self.filters)
        )

    @property
    def is_plain(self):
        """One group of words, no OR, no exclusion, no phrase: what a name query looks like."""
        return (
            len(self.alternatives) == 1
            and not self.excluded
            and not any(unit.phrase for unit in self.alternatives[0])
        )

    def positive_words(self):
        seen = {}
        for unit in self.units:
            for terms in unit.words:
                seen.setdefault(terms.exact, terms)
        return list(seen.values())


# --- reading the syntax ----------------------------------------------------------------------


def _lex(text):
    """("text"|"phrase"|"or"|"not"|"filter", value) items."""
    items, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace() or c in _BRACKETS:
            i += 1
        elif c in _QUOTES:
            end = next((j for j in range(i + 1, n) if text[j] in _QUOTES), n)
            items.append(("phrase", text[i + 1 : end]))
            i = end + 1
        elif (
            c in "-!"
            and i + 1 < n
            and not text[i + 1].isspace()
            and (i == 0 or text[i - 1].isspace() or text[i - 1] in _BRACKETS)
        ):
            items.append(("not", c))
            i += 1
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] not in _QUOTES + _BRACKETS:
                j += 1
            token = text[i:j]
            i = j
            if token in ("OR", "||", "|"):
                items.append(("or", token))
            elif token in ("AND", "&&", "+"):
                continue
            elif token == "NOT":
                items.append(("not", token))
            elif ":" in token and token.split(":", 1)[0].lower() in FILTER_FIELDS:
                name, value = token.split(":", 1)
                if value:
                    items.append(("filter", (name.lower(), value)))
            else:
                items.append(("text", token))
    return items


def _clean_word(token):
    return "".join(" " if c in _STRAY else c for c in token)


def _units(kind, text):
    """Units for one lexed item: a phrase is one unit, plain text one unit per word."""
    words = []
    for word in query_words(text):
        terms = word_terms(word)
        if terms.exact:
            words.append(terms)
    if not words:
        return []
    if kind == "phrase" and len(words) > 1:
        return [Unit(tuple(words), phrase=True)]
    return [Unit((terms,)) for terms in words]


_PLACEHOLDER = "\ue000{}\ue001"


@lru_cache(maxsize=1024)
def parse_query(raw):
    """ParsedQuery for whatever the user typed.

    OR separates alternatives, each a group of words ("luân chuyển OR điều động cán bộ" is
    either "luân chuyển" or "điều động cán bộ"): a Vietnamese word is several syllables, and a
    query typed without accents cannot be segmented reliably enough to bind OR to one word.
    """
    text = strip_controls(raw or "")
    truncated = len(text) > MAX_QUERY_CHARS
    if truncated:
        cut = text.rfind(" ", 0, MAX_QUERY_CHARS)
        text = text[: cut if cut > MAX_QUERY_CHARS // 2 else MAX_QUERY_CHARS]
    text = normalize(" ".join(text.split()))

    # Symbols first: "21 – KL/TW" must not read as "21" and "-KL/TW" (excluded).
    symbols = find_query_symbols(text)
    lexable = text
    for k, (start, end, _symbol) in reversed(list(enumerate(symbols))):
        lexable = lexable[:start] + " " + _PLACEHOLDER.format(k) + " " + lexable[end:]

    def restore(piece):
        for k, (_s, _e, symbol) in enumerate(symbols):
            piece = piece.replace(_PLACEHOLDER.format(k), symbol)
        return piece

    alternatives, excluded, filters = [[]], [], []
    run = []  # consecutive plain words, segmented together
    negate, match_all, budget = False, False, [MAX_TERMS]

    def take(units):
        """Units within the MAX_TERMS budget: a pasted page must not build a huge query."""
        kept = []
        for unit in units:
            if len(unit.words) > budget[0]:
                break
            budget[0] -= len(unit.words)
            kept.append(unit)
        return kept

    def flush_run():
        if run:
            alternatives[-1].extend(take(_units("text", restore(" ".join(run)))))
            run.clear()

    for kind, value in _lex(lexable):
        if kind == "text":
            if value == "*":
                match_all = True
            if negate:
                excluded.extend(take(_units("text", restore(_clean_word(value)))))
                negate = False
            else:
                run.append(_clean_word(value))
            continue
        flush_run()
        if kind == "phrase":
            units = take(_units("phrase", restore(_clean_word(value))))
            (excluded if negate else alternatives[-1]).extend(units)
            negate = False
        elif kind == "or":
            if alternatives[-1]:
                alternatives.append([])
        elif kind == "not":
            negate = True
        elif kind == "filter":
            filters.append(value)
            negate = False
    flush_run()

    alternatives = tuple(tuple(alt) for alt in alternatives if alt)
    syllables = [s for alt in alternatives for u in alt for t in u.words for s in t.syllables]
    toned = sum(1 for s in syllables if has_diacritics(s))
    return ParsedQuery(
        text=text,
        alternatives=alternatives,
        excluded=tuple(excluded),
        filters=tuple(filters),
        match_all=match_all and not alternatives,
        truncated=truncated,
        # Vietnamese carries diacritics on most syllables: a query with them on few ("bí thu
        # tinh uy") was typed without, and its bare words should not prefer bare spellings.
        accented=bool(syllables) and 2 * toned >= len(syllables),
        symbols=tuple(dict.fromkeys(symbol for _s, _e, symbol in symbols)),
    )


def folded_sequence(words):
    """The folded syllables of these WordTerms, in order (a symbol is one)."""
    sequence = []
    for terms in words:
        sequence.extend(terms.folded)
    return sequence


@dataclass(frozen=True)
class HighlightTerms:
    """What a document word must be to be marked: the query's words, exact and folded."""

    exact_words: frozenset
    folded_syllables: frozenset
    symbols: frozenset
    folded_pairs: frozenset = frozenset()  # neighbouring syllables as typed ("thanh danh")
    exact_syllables: frozenset = frozenset()  # syllables marked only as spelt (tone keys)
    phrases: tuple = ()  # folded syllables of each quoted phrase, marked only all together
    # For a query typed with diacritics: the same words, those with diacritics marked only
    # as spelt ("Trương" not "Trưởng"); highlight.py uses it where the document has them.
    strict: "HighlightTerms | None" = None

    def __bool__(self):
        return bool(self.exact_words or self.folded_syllables or self.symbols or self.phrases)


def highlight_terms(parsed):
    """The query's words in the forms highlight.py compares document words with."""
    loose_units = [unit for unit in parsed.units if not unit.phrase or len(unit.words) < 2]
    seen = {}
    for unit in loose_units:
        for terms in unit.words:
            if not terms.is_symbol:
                seen.setdefault(terms.exact, terms)
    words = list(seen.values())
    symbols = frozenset(terms.folded[0] for terms in parsed.positive_words() if terms.is_symbol)
    phrases = tuple(
        dict.fromkeys(
            tuple(folded_sequence(unit.words))
            for unit in parsed.units
            if unit.phrase and len(folded_sequence(unit.words)) > 1
        )
    )
    pairs = set()
    for alternative in parsed.alternatives:
        sequence = folded_sequence([terms for unit in alternative for terms in unit.words])
        pairs.update(f"{a} {b}" for a, b in zip(sequence, sequence[1:], strict=False))
    loose = HighlightTerms(
        frozenset(terms.exact for terms in words),
        frozenset(s for terms in words for s in terms.folded),
        symbols,
        frozenset(pairs),
        phrases=phrases,
    )
    # Syllable by syllable: segmentation may join a word typed with diacritics to one typed
    # without ("Trương tinh" -> "Trương_tinh").
    syllables = [
        (s, f) for terms in words for s, f in zip(terms.syllables, terms.folded, strict=True)
    ]
    if not any(has_diacritics(s) for s, _f in syllables):
        return loose
    strict = HighlightTerms(
        frozenset(terms.exact for terms in words if has_diacritics(terms.exact)),
        frozenset(f for s, f in syllables if not has_diacritics(s)),
        symbols,
        frozenset(pairs),
        exact_syllables=frozenset(s for s, _f in syllables if has_diacritics(s)),
        phrases=phrases,
    )
    return replace(loose, strict=strict)
