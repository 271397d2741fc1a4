"""Word segmentation with underthesea, aligned back to the text as written.

underthesea's word_tokenize rewrites what it returns (NFC, Ð to Đ, one tone placement) and
gives no offsets, and it splits document symbols ("21-KL/TW" -> "21 - KL / TW"). We keep
symbols whole by segmenting only the text between them, and find each word's offsets in the
original by comparing diacritic-folded letters, which every spelling of a word shares.
"""

import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache
from typing import NamedTuple

from .normalize import normalize
from .symbols import canonical_symbol, find_symbols


class Token(NamedTuple):
    """One word: where it stands in the text and its normalised form ("Bí_thư", "21-KL/TW")."""

    word: str
    start: int
    end: int

    @property
    def is_symbol(self):
        return (
            "/" in self.word
            and any(ch.isdigit() for ch in self.word)
            and any(ch.isalpha() for ch in self.word)
        )


def _fold_char(char):
    base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    base = base.replace("\u0110", "d").replace("\u0111", "d").replace("\u00d0", "d")
    # underthesea respells "qui" as "quy" ("qui định" -> "quy_định"): for alignment only,
    # i and y are one letter.
    return (base.lower()[:1] or char).replace("y", "i")


# Folds a whole text in one str.translate pass: every precomposed Latin letter to its bare
# lower-case letter, combining marks (decomposed text: most corpus files have some) deleted.
_FOLD_TABLE = {
    code: _fold_char(chr(code))
    for code in [*range(0x41, 0x5B), 0x79, *range(0xC0, 0x250), *range(0x1E00, 0x1F00)]
    if _fold_char(chr(code)) != chr(code)
}
_FOLD_TABLE.update({code: None for code in range(0x300, 0x370)})
_COMBINING = re.compile("[\u0300-\u036f]")


@lru_cache(maxsize=65536)
def _fold_word(word):
    """A segmented word folded, syllables separated by one space: "Bí_thư" -> "bi thu"."""
    return " ".join(word.replace("_", " ").split()).translate(_FOLD_TABLE)


class _OffsetMap:
    """Maps offsets in the folded text back to the text: folding deleted combining marks."""

    def __init__(self, text):
        # The k-th deleted mark stood at p_k; in the folded text it sits before p_k - k.
        self.shifts = [m.start() - k for k, m in enumerate(_COMBINING.finditer(text))]

    def __call__(self, index):
        return index + bisect_right(self.shifts, index) if self.shifts else index


def align(text, words, offset=0):
    """Tokens for `words` (already segmented, in order) with their offsets in `text`.

    A word that cannot be found where expected keeps a zero-width position, so indexing
    still sees it; this happens only when the segmenter rewrote a character.
    """
    folded = text.translate(_FOLD_TABLE)
    original = _OffsetMap(text)
    tokens, pos, n = [], 0, len(folded)
    for word in words:
        key = _fold_word(word)
        if not key:
            continue
        while pos < n and folded[pos].isspace():
            pos += 1
        if folded.startswith(key, pos):
            start, stop = pos, pos + len(key)
        else:
            # Farther on, or with other white space inside the word ("Bạc  Liêu").
            pattern = re.compile(r"\s*".join(map(re.escape, key.split(" "))))
            match = pattern.search(folded, pos, pos + 200 + len(key))
            if match is None:
                here = offset + original(pos)
                tokens.append(Token(word, here, here))
                continue
            start, stop = match.span()
        tokens.append(Token(word, offset + original(start), offset + original(stop)))
        pos = stop
    return tokens


def _tokenize(text):
    from underthesea import word_tokenize  # imported late: loading it takes half a second

    return [w.replace(" ", "_") for w in word_tokenize(text)]


def segment(text):
    """Segment once: Tokens in order, symbols whole, words in normalised spelling."""
    tokens, cursor = [], 0
    for start, end, written in find_symbols(text) + [(len(text), len(text), None)]:
        chunk = text[cursor:start]
        if chunk.strip():
            tokens.extend(align(chunk, _tokenize(normalize(chunk)), offset=cursor))
        if written is not None:
            tokens.append(Token(canonical_symbol(written), start, end))
        cursor = end
    return tokens


def segment_many(texts):
    """segment() for each text, in order."""
    return [segment(text) for text in texts]


def words_line(tokens):
    """The stored form of a segmentation: normalised words separated by single spaces."""
    return " ".join(token.word for token in tokens)
