"""Vietnamese terms for the search index: words, syllables, diacritic-folded syllables.

Indexing reads the segmentation stored on each article (Article.segmented: one line per
document part, words separated by spaces, syllables of a word joined by "_", symbols whole)
and never runs underthesea again. Queries are segmented with archive.text.segment.

Every spelling of a word gives the same terms: archive.text.normalize has already unified
Unicode form, Đ/Ð and tone placement (hoá/hóa, thuỷ/thủy); here we lower-case and fold.

The terms of a word ("Bí_thư"):
- exact: the whole word and, for a compound, its syllables ("bí_thư", "bí", "thư"), each
  syllable with its tone mark written last (tone_key) so that every placement is one term;
- folded: its syllables without diacritics ("bi", "thu"), what a query typed without
  accents matches, and what every query must match (so "bo" finds bộ, bố and bổ);
- pairs: neighbouring folded syllables ("bi thu", "thu tinh"), so that words typed without
  accents rank the articles where they stand together, as typed, first; quoted phrases are
  matched with them too;
- symbol: a directive symbol stays one term ("21-kl/tw") whatever the query's spacing.
"""

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from archive.text import fold_diacritics, normalize, segment
from archive.text.symbols import SYMBOL_RE, canonical_symbol

# The version of the terms this module gives a text. Raise it whenever a change here changes
# which terms a text gives: every engine's index written with other terms is then stale, and
# `manage.py ensure_index` rebuilds it. 2: pairs across words, folded syllables unpositioned.
TERMS_VERSION = 2

# --- folding ------------------------------------------------------------------------------


def _fold_table():
    table = {}
    for lo, hi in ((0x41, 0x5A), (0xC0, 0x24F), (0x1E00, 0x1EFF)):
        for code in range(lo, hi + 1):
            folded = fold_diacritics(chr(code))
            if folded != chr(code):
                table[code] = folded
    for code in range(0x300, 0x370):  # stray combining marks (text not in NFC)
        table[code] = None
    return table


_FOLD = _fold_table()


def fold(text):
    """fold_diacritics() for normalised text, with one str.translate: it runs per term."""
    return text.translate(_FOLD).lower()


def _letters_folding_to():
    """{ASCII letter: a regular expression class of every letter fold() makes it, either case}."""
    found = {}
    for code, folded in _FOLD.items():
        if folded and len(folded) == 1 and folded.isascii():
            found.setdefault(folded.lower(), set()).add(chr(code))
    return {
        letter: "[" + "".join(sorted({letter, letter.upper(), *chars})) + "]"
        for letter, chars in found.items()
    }


_LETTERS_FOLDING_TO = _letters_folding_to()


def spellings_pattern(folded):
    """A regular expression (with re.IGNORECASE) for every normalised spelling that fold()
    makes folded: "bi" finds "Bí", "bỉ", "BI"."""
    return "".join(_LETTERS_FOLDING_TO.get(ch, re.escape(ch)) for ch in folded)


# --- terms of one stored word ---------------------------------------------------------------

_SYLLABLE = re.compile(r"[^\W_]+")
_TONE_MARKS = frozenset("\u0300\u0301\u0309\u0303\u0323")  # huyền, sắc, hỏi, ngã, nặng
_TONED = frozenset(
    c
    for c in map(chr, range(0xC0, 0x1EFF + 1))
    if any(m in _TONE_MARKS for m in unicodedata.normalize("NFD", c))
)


def tone_key(syllable):
    """A syllable with its tone mark moved to the end: "thủy" and "thuỷ" -> "thuy" + hỏi.

    normalize() unifies the two usual placements of oa, oe, uy; typists also write "cuả"
    for "của" or "qủa" for "quả". With the tone apart from the vowels every placement
    is one term, and bộ, bố, bổ stay three.
    """
    if not any(c in _TONED for c in syllable):
        return syllable
    decomposed = unicodedata.normalize("NFD", syllable)
    tone = [c for c in decomposed if c in _TONE_MARKS][-1]
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    return base + tone


_VOWELS = "aăâeêioôơuưy"


def display_syllable(key):
    """A tone_key() back in the usual spelling, tone on the vowel normalize() puts it on."""
    if not key or key[-1] not in _TONE_MARKS:
        return key
    base, tone = key[:-1], key[-1]
    start = (
        2
        if base.startswith("qu")
        or (base.startswith("gi") and base[2:3] in _VOWELS and len(base) > 2)
        else 0
    )
    vowels = [i for i in range(start, len(base)) if base[i] in _VOWELS] or [
        i for i in range(len(base)) if base[i] in _VOWELS
    ]
    if not vowels:
        return key
    nucleus = [vowels[0]]
    for i in vowels[1:]:
        if i != nucleus[-1] + 1:
            break
        nucleus.append(i)
    marked = [i for i in nucleus if base[i] in "ăâêôơư"]
    if marked:
        at = marked[-1]
    elif len(nucleus) == 1:
        at = nucleus[0]
    elif nucleus[-1] < len(base) - 1:  # a final consonant: the last vowel ("hoán")
        at = nucleus[-1]
    elif len(nucleus) == 3:  # "oái", "khuỷu"
        at = nucleus[1]
    else:  # open pair: the first vowel ("hóa", "thủy", "của")
        at = nucleus[0]
    return base[:at] + unicodedata.normalize("NFC", base[at] + tone) + base[at + 1 :]


_KEYED_SYLLABLE = re.compile(r"[^\W_]+[\u0300\u0301\u0309\u0303\u0323]?")


def display(text):
    """display_syllable() for every syllable of a text of keys ("bi\u0301_thư" -> "bí_thư")."""
    return _KEYED_SYLLABLE.sub(lambda m: display_syllable(m.group()), text)


@dataclass(frozen=True, slots=True)
class WordTerms:
    """The index terms of one word of the stored segmentation."""

    exact: str  # "bí_thư" lower case, tones as tone_key(); "" for punctuation
    syllables: tuple  # ("bí", "thư") as tone_key()
    folded: tuple  # ("bi", "thu"); for a symbol ("21-kl/tw",)
    parts: tuple = ()  # a symbol's pieces ("21", "kl", "tw"), indexed at its position

    @property
    def is_symbol(self):
        return bool(self.parts)


_PUNCTUATION = WordTerms("", (), ())
_TERMS = {}


def _is_symbol(word):
    # Not "3/2017_se": segmenting "Thang 3/2017 se" without accents glues a date to a word.
    return (
        "/" in word
        and "_" not in word
        and any(c.isdigit() for c in word)
        and any(c.isalpha() for c in word)
    )


def _word_terms(word):
    lower = word.lower()
    if _is_symbol(word):
        whole = fold(lower)
        return WordTerms(lower, (lower,), (whole,), tuple(_SYLLABLE.findall(whole)))
    syllables = _SYLLABLE.findall(lower)
    if not syllables:
        return _PUNCTUATION
    keys = tuple(tone_key(s) for s in syllables)
    exact = _SYLLABLE.sub(lambda m: tone_key(m.group()), lower)
    return WordTerms(exact, keys, tuple(fold(s) for s in syllables))


def word_terms(word):
    """WordTerms for a normalised word as stored ("Bí_thư", "21-KL/TW", ",")."""
    terms = _TERMS.get(word)
    if terms is None:
        if len(_TERMS) > 500_000:  # a vocabulary never gets this big; a runaway input might
            _TERMS.clear()
        terms = _TERMS[word] = _word_terms(word)
    return terms


# --- what each index field holds (the fast path the schema fields use) -----------------------


_last_document = [(None, None)]  # one slot, replaced whole: safe to read from any thread


def _document_terms(segmented):
    """(exact, folded, pair) term counts of a stored segmentation, in one pass.

    The fields are indexed from the same string one after the other, so the last result is
    kept for the next field.
    """
    last, result = _last_document[0]
    if last is segmented:
        return result
    exact, folded, pairs = Counter(), Counter(), Counter()
    for line in segmented.split("\n"):
        previous = None  # pairs stay within one document part
        for word in line.split():
            terms = word_terms(word)
            if not terms.exact:
                continue
            exact[terms.exact] += 1
            if len(terms.syllables) > 1:
                exact.update(terms.syllables)
            folded.update(terms.folded)
            if terms.parts:
                folded.update(tuple(dict.fromkeys(terms.parts)))
            for syllable in terms.folded:
                if previous is not None:
                    pairs[f"{previous} {syllable}"] += 1
                previous = syllable
    result = (exact, folded, pairs)
    _last_document[0] = (segmented, result)
    return result


def exact_terms(segmented):
    """Counter of exact terms: every word, plus the syllables of compound words."""
    return _document_terms(segmented)[0]


def folded_terms(segmented):
    """Counter of folded syllables; a symbol whole, and its pieces ("21", "kl", "tw")."""
    return _document_terms(segmented)[1]


def pair_terms(segmented):
    """Counter of neighbouring folded syllables ("bi thu", "thu tinh", "tinh uy")."""
    return _document_terms(segmented)[2]


def title_terms(title_words):
    """Counter for the title field: exact and folded syllables, and folded syllable pairs."""
    counts = Counter()
    previous = None
    for word in title_words.split():
        terms = word_terms(word)
        if not terms.exact:
            continue
        counts.update(terms.syllables)
        counts.update(terms.folded)
        for syllable in terms.folded:
            if previous is not None:
                counts[f"{previous} {syllable}"] += 1
            previous = syllable
    return counts


_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"

# --- queries --------------------------------------------------------------------------------

# Queries are typed in any case ("21-kl/tw"), which SYMBOL_RE (upper-case codes) misses.
QUERY_SYMBOL_RE = re.compile(SYMBOL_RE.pattern, re.IGNORECASE)


# A Party symbol typed loosely: a space for its dash or nothing at all ("21 kl/tw",
# "21KL/TW"), or dashes for its slashes ("21-kl-tw"). Only with a Party document kind, so
# that "2021 tp/hcm" stays a year and a place.
_LOOSE_PARTY_RE = re.compile(
    rf"(?<![{_DASHES}\w/])(\d{{1,4}})\s{{0,2}}[{_DASHES}]?\s{{0,2}}"
    r"(NQ|KL|CT|QĐ|QD|QC|HD|HĐ|KH|TB|BC|ĐA|DA|TTr|CTr|QĐi)"
    rf"((?:\s{{0,2}}[{_DASHES}/]\s{{0,2}}[A-ZĐƯ][A-ZĐƯ0-9]{{0,9}})+)(?![\w/])",
    re.IGNORECASE,
)
_ISSUER_SEPARATOR = re.compile(rf"\s*[{_DASHES}/]\s*")


def find_query_symbols(text):
    """(start, end, canonical symbol) for each directive symbol in a query, in any case."""
    found = []
    for match in QUERY_SYMBOL_RE.finditer(text):
        symbol = canonical_symbol(match.group(0))
        if any(c.isalpha() for c in symbol):
            found.append((match.start(), match.end(), symbol))
    for match in _LOOSE_PARTY_RE.finditer(text):
        if not any(start < match.end() and match.start() < end for start, end, _ in found):
            number, kind, issuers = match.groups()
            issuers = _ISSUER_SEPARATOR.sub("/", issuers)
            found.append(
                (match.start(), match.end(), canonical_symbol(f"{number}-{kind}{issuers}"))
            )
    return sorted(found)


@lru_cache(maxsize=2048)
def query_words(text):
    """The normalised words of a piece of query text: symbols whole, the rest segmented."""
    words, cursor = [], 0
    for start, end, symbol in [*find_query_symbols(text), (len(text), len(text), None)]:
        chunk = text[cursor:start]
        if chunk.strip():
            words.extend(token.word for token in segment(normalize(chunk)))
        if symbol is not None:
            words.append(symbol)
        cursor = end
    return tuple(words)


def warm_up():
    """Load underthesea's model now rather than on the first query (half a second)."""
    query_words("khởi động")


def has_diacritics(text):
    """True if text carries any Vietnamese diacritic (or đ): the user types with accents."""
    return fold(text) != text.lower()


def strip_controls(text):
    """Control and format characters (NUL, BEL, bidi marks) become spaces."""
    return "".join(" " if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co") else c for c in text)
