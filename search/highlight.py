"""Snippets that mark the words a query matched, in the article text as written, escaped.

A word is marked when the analyzer would have matched it: its exact form, or its syllables
folded ("bi thu" marks "Bí thư"), or a directive symbol however it is spaced ("21 – KL/TW").
Offsets come from archive.text.align over the stored words, so no underthesea at query time.
"""

import re
from functools import lru_cache
from html import escape

from archive.text import align

from .analyzer import find_query_symbols, spellings_pattern, word_terms

SNIPPET_CHARS = 260
_CONTEXT_BEFORE = 60
_SYLLABLE = re.compile(r"[^\W_]+")


def _word_marks(word, terms):
    """None, True (the whole word) or the indexes of the matched syllables."""
    wt = word_terms(word)
    if not wt.exact:
        return None
    if wt.is_symbol:
        return True if wt.folded[0] in terms.symbols else None
    if wt.exact in terms.exact_words:
        return True
    # Most words of an article match nothing: two set tests in C say so (this function ran
    # 19,000 times a page, a third of the PostgreSQL page's time for "Đảng").
    if terms.folded_syllables.isdisjoint(wt.folded) and terms.exact_syllables.isdisjoint(
        wt.syllables
    ):
        return None
    matched = [
        k
        for k, (syllable, folded) in enumerate(zip(wt.syllables, wt.folded, strict=True))
        if syllable in terms.exact_syllables or folded in terms.folded_syllables
    ]
    if not matched:
        return None
    return True if len(matched) == len(wt.folded) else matched


def _line_matches(line, words, terms, marked):
    """(query pairs found, distinct matched words, total marks) for choosing the best part.

    Pairs first: for "ngo thanh danh" the paragraph naming Ngô Thanh Danh, not one with
    "chức danh" and "thành phố" (more matched words, none of them the name).

    line: a part's stored words, and words that line split; marked: the document's words
    that are marked. Word by word, the page's 20 documents (12,000 words) took 12 ms of a
    90 ms page; with sets and the pairs found by regular expressions, 3 ms.
    """
    found = marked.intersection(words)
    total = sum(map(marked.__contains__, words)) if found else 0
    distinct = len({word_terms(word).exact for word in found})
    pairs = sum(1 for pattern in _pair_patterns(terms.folded_pairs) if pattern.search(line))
    return pairs, distinct, total


_MARKED = {}  # {HighlightTerms: {word: marked or not}}: a page's documents share most words


def _marked_words(vocabulary, terms):
    """The words of vocabulary (a set) that terms mark."""
    memo = _MARKED.get(terms)
    if memo is None or len(memo) > 100_000:
        if len(_MARKED) > 64:
            _MARKED.clear()
        memo = _MARKED[terms] = {}
    for word in vocabulary.difference(memo):
        memo[word] = _word_marks(word, terms) is not None
    return {word for word in vocabulary if memo[word]}


@lru_cache(maxsize=256)
def _pair_patterns(folded_pairs):
    """A pattern a pair, over the stored words as written: its two folded syllables apart
    only by spaces, "_" or punctuation, as in the sequence of the words' folded syllables
    (punctuation has none). No fold() of each part first: that took 2.6 ms a page."""

    return tuple(
        re.compile(
            r"(?<![^\W_])"
            + r"[\W_]+".join(map(spellings_pattern, pair.split(" ", 1)))
            + r"(?![^\W_])",
            re.IGNORECASE,
        )
        for pair in folded_pairs
    )


def _symbol_spans(text, wanted):
    """Where the wanted symbols are written in text: align() cannot find "21 – KL/TW" from its
    stored form "21-KL/TW" (the dash differs), so symbols are looked for on their own."""
    return [
        (start, end)
        for start, end, symbol in find_query_symbols(text)
        if symbol.lower() in wanted or word_terms(symbol).folded[0] in wanted
    ]


def _spans(text, words, terms):
    """(start, end) in text of every marked word or syllable, merged where only spaces part them."""
    spans = _symbol_spans(text, terms.symbols) if terms.symbols else []
    syllables = []  # (folded syllable, span) in text order, for phrases
    for token in align(text, words):
        wt = word_terms(token.word)
        if not wt.exact or token.start == token.end:
            syllables.append((None, None))  # punctuation, or not found: a phrase stops here
            continue
        marks = _word_marks(token.word, terms)
        if (marks is None or wt.is_symbol) and not terms.phrases:
            continue  # most words: where their syllables are written is not needed
        written = [m.span() for m in _SYLLABLE.finditer(text, token.start, token.end)]
        if wt.is_symbol or len(written) != len(wt.folded):
            written = [(token.start, token.end)] * len(wt.folded)  # spelt differently: whole
        syllables.extend(zip(wt.folded, written, strict=True))
        if marks is None or wt.is_symbol:
            continue
        if marks is True:
            spans.append((token.start, token.end))
        else:
            spans.extend(written[k] for k in marks)
    for phrase in terms.phrases:
        n = len(phrase)
        for i in range(len(syllables) - n + 1):
            if tuple(f for f, _span in syllables[i : i + n]) == phrase:
                spans.extend(span for _f, span in syllables[i : i + n])
    merged = []
    for start, end in sorted(set(spans)):
        if merged and (start <= merged[-1][1] or not text[merged[-1][1] : start].strip()):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _render(text, spans, lo, hi):
    out, at = [], lo
    for start, end in spans:
        if end <= lo or start >= hi:
            continue
        start, end = max(start, lo), min(end, hi)
        out.append(escape(text[at:start]))
        out.append("<mark>" + escape(text[start:end]) + "</mark>")
        at = end
    out.append(escape(text[at:hi]))
    return "".join(out)


def _window(text, spans, width):
    """[lo, hi) of at most width characters holding the most marks, on word boundaries."""
    if len(text) <= width:
        return 0, len(text)
    # A mark counts by its syllables squared: a name marked whole outweighs scattered syllables.
    weights = [len(text[s:e].split()) ** 2 for s, e in spans]
    best_lo, best_count = 0, -1
    for start, _end in spans:
        lo = max(0, start - _CONTEXT_BEFORE)
        count = sum(
            w for (s, e), w in zip(spans, weights, strict=True) if s >= lo and e <= lo + width
        )
        if count > best_count:
            best_lo, best_count = lo, count
    lo = best_lo
    if lo > 0:
        space = text.find(" ", lo)
        lo = space + 1 if 0 <= space < lo + 30 else lo
    hi = min(len(text), lo + width)
    if hi < len(text):
        space = text.rfind(" ", lo + width // 2, hi)
        hi = space if space > 0 else hi
    return lo, hi


def _as_spelt_where_possible(terms, lines):
    """terms.strict (accented words marked only as spelt) if it marks anything in these
    lines of stored words, else terms: a document found through folding is marked folded."""
    strict = terms.strict if terms else None
    if strict is None:
        return terms
    for line in lines:
        if any(_word_marks(word, strict) is not None for word in line.split()):
            return strict
    return terms


def snippet(text, words, terms, width=SNIPPET_CHARS):
    """HTML: the part of text around its marked words, escaped, marks in <mark>."""
    terms = _as_spelt_where_possible(terms, [" ".join(words)])
    spans = _spans(text, words, terms) if terms else []
    lo, hi = _window(text, spans, width)
    html = _render(text, spans, lo, hi).strip()
    return ("…" if lo > 0 else "") + html + ("…" if hi < len(text) else "")


def highlight_document(parts, terms, width=SNIPPET_CHARS):
    """(title HTML or None, snippet HTML) for parts = [(text, stored words line)], title first."""
    terms = _as_spelt_where_possible(terms, [line for _text, line in parts])
    title = None
    if parts and parts[0][0]:
        text, line = parts[0]
        title = _render(text, _spans(text, line.split(), terms) if terms else [], 0, len(text))
    body = [(text, line, line.split()) for text, line in parts[1:] if text.strip()]
    marked = (
        _marked_words(set().union(*(words for *_part, words in body)), terms) if terms else set()
    )
    best, best_key = None, (0, 0, 0)
    for text, line, words in body:
        key = _line_matches(line, words, terms, marked) if terms else (0, 0, 0)
        if best is None or key > best_key:
            best, best_key = (text, line), key
    if best is None:
        return title, ""
    text, line = best
    return title, snippet(text, line.split(), terms, width)
