"""Word segmentation with underthesea, aligned back to the text as written.

underthesea's word_tokenize rewrites what it returns (NFC, Ð to Đ, one tone placement) and
gives no offsets, and it splits document symbols ("21-KL/TW" -> "21 - KL / TW"). We keep
symbols whole by segmenting only the text between them, and find each word's offsets in the
original by comparing diacritic-folded letters, which every spelling of a word shares.
"""

import unicodedata
from dataclasses import dataclass

from .normalize import normalize
from .symbols import canonical_symbol, find_symbols


@dataclass(frozen=True, slots=True)
class Token:
    """One word: where it stands in the text and its normalised form ("Bí_thư", "21-KL/TW")."""

    word: str
    start: int
    end: int

    @property
    def is_symbol(self):
        return "/" in self.word and any(ch.isdigit() for ch in self.word) and any(
            ch.isalpha() for ch in self.word
        )


def _fold_char(cluster):
    base = "".join(c for c in unicodedata.normalize("NFD", cluster) if not unicodedata.combining(c))
    base = base.replace("\u0110", "d").replace("\u0111", "d").replace("\u00d0", "d")
    return base.lower()[:1] or cluster[:1]


class _Folded:
    """The text's letters, folded and without white space, with a map back to offsets."""

    def __init__(self, text):
        letters, starts, ends = [], [], []
        i, n = 0, len(text)
        while i < n:
            j = i + 1
            while j < n and unicodedata.combining(text[j]):
                j += 1
            if not text[i].isspace():
                letters.append(_fold_char(text[i:j]))
                starts.append(i)
                ends.append(j)
            i = j
        self.letters = "".join(letters)
        self.starts = starts
        self.ends = ends


def _fold_word(word):
    return "".join(_fold_char(ch) for ch in unicodedata.normalize("NFC", word) if not ch.isspace())


def align(text, words, offset=0):
    """Tokens for `words` (already segmented, in order) with their offsets in `text`.

    A word that cannot be found where expected keeps a zero-width position, so indexing
    still sees it; this happens only when the segmenter rewrote a character (quotes).
    """
    folded = _Folded(text)
    tokens, at = [], 0
    for word in words:
        key = _fold_word(word.replace("_", " "))
        if not key:
            continue
        found = at if folded.letters.startswith(key, at) else folded.letters.find(key, at, at + 80)
        if found < 0:
            pos = folded.starts[at] if at < len(folded.starts) else len(text)
            tokens.append(Token(word, offset + pos, offset + pos))
            continue
        last = found + len(key) - 1
        tokens.append(Token(word, offset + folded.starts[found], offset + folded.ends[last]))
        at = last + 1
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
