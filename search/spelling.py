""" "Did you mean": each query syllable the index does not know, replaced by its nearest
frequent neighbour, compared with diacritics when the query has them and without otherwise.
Among near candidates, one that stands beside the query's other syllables in the archive
wins ("ngi quyet" -> "nghi quyet", not the commoner "ngu"), and the query's capitals stay.
"""

import re
from typing import Protocol

from .analyzer import display_syllable, fold

_MIN_LENGTH = 2
_TYPED_SYLLABLE = re.compile(r"[^\W_]+")


# Below this many matches a search carries a "did you mean" suggestion, if there is one.
SUGGEST_BELOW = 5


class Lexicon(Protocol):
    """An engine's vocabulary: what "did you mean" reads of the index."""

    def frequency(self, field: str, term: str) -> int:
        """How many articles hold term in field ("text": exact words, "folded", "pairs")."""

    def near(self, field: str, term: str, maxdist: int) -> list:
        """Terms of field within maxdist edits of term, sharing its first letter."""


def _candidates(reader, fieldname, syllable):
    for maxdist in (1, 2):
        if maxdist == 2 and len(syllable) < 5:
            break
        found = [
            word
            for word in reader.near(fieldname, syllable, maxdist)
            if " " not in word and "_" not in word and word != syllable
        ]
        if found:
            return found
    return []


def _pair_frequency(reader, a, b):
    return reader.frequency("pairs", f"{fold(a)} {fold(b)}") if a and b else 0


def _with_capitals(suggested, typed):
    """Capitals as the user typed them, syllable by syllable ("Trương Thị Maii")."""
    typed_syllables = _TYPED_SYLLABLE.findall(typed)
    if len(typed_syllables) != len(suggested):
        return suggested
    out = []
    for syllable, original in zip(suggested, typed_syllables, strict=True):
        if len(original) > 1 and original.isupper():
            syllable = syllable.upper()
        elif original[:1].isupper():
            syllable = syllable[:1].upper() + syllable[1:]
        out.append(syllable)
    return out


def suggest(reader, parsed):
    """The query with unknown syllables corrected, or None if nothing needs correcting."""
    words = parsed.positive_words()
    if not words:
        return None
    fieldname = "text" if parsed.accented else "folded"
    # (syllable as keyed, index of its word); a symbol is one syllable, kept as it is.
    flat = []
    for k, terms in enumerate(words):
        if terms.is_symbol:
            flat.append((terms.exact.upper(), k, True))
            continue
        for exact, folded in zip(terms.syllables, terms.folded, strict=True):
            flat.append((exact if parsed.accented else folded, k, False))
    changed, chosen = False, []
    for i, (key, _k, symbol) in enumerate(flat):
        known = symbol or len(key) < _MIN_LENGTH or key.isdigit()
        if known or reader.frequency(fieldname, key):
            chosen.append(key)
            continue
        previous = chosen[-1] if chosen else None
        following = flat[i + 1][0] if i + 1 < len(flat) and not flat[i + 1][2] else None
        candidates = _candidates(reader, fieldname, key)
        if not candidates:
            chosen.append(key)
            continue
        best = max(
            candidates,
            key=lambda w: (
                _pair_frequency(reader, previous, w) + _pair_frequency(reader, w, following),
                reader.frequency(fieldname, w),
                w,
            ),
        )
        chosen.append(best)
        changed = True
    if not changed:
        return None
    plain = [
        display_syllable(s)
        for s, (_key, _k, symbol) in zip(chosen, flat, strict=True)
        if not symbol
    ]
    plain = iter(_with_capitals(plain, parsed.text))
    shown = [
        s if symbol else next(plain) for s, (_key, _k, symbol) in zip(chosen, flat, strict=True)
    ]
    out, last_word = [], None
    for i, s in enumerate(shown):
        if flat[i][1] == last_word:
            out[-1] += " " + s
        else:
            out.append(s)
        last_word = flat[i][1]
    return " ".join(out)
