"""Vietnamese text processing that needs no Django: normalise, fold, segment.

Importable and testable on its own; archive/ and search/ both build on it.
"""

from .normalize import fold_diacritics, match_key, normalize, reading_text, slugify
from .segment import Token, align, segment, segment_many, words_line

__all__ = [
    "Token",
    "align",
    "fold_diacritics",
    "match_key",
    "normalize",
    "reading_text",
    "segment",
    "segment_many",
    "slugify",
    "words_line",
]
