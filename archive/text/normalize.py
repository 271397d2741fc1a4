"""One spelling for each Vietnamese word: Unicode form, Đ, tone-mark placement, case.

Display always keeps the text as written; these functions give the keys that matching and
search compare.
"""

import re
import unicodedata

# The look-alike Ð (U+00D0, Icelandic eth) and ð are typed for Đ/đ in several sources
# (seed 002 writes "Ðảng" throughout).
_LOOKALIKES = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111", "\u0189": "\u0110"})

_TONES = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng

# Old-style placement puts the tone on the second vowel of an open "oa", "oe", "uy"
# ("hoá", "thuỷ", "uỷ"); the new style (and underthesea) on the first ("hóa", "thủy",
# "ủy"). Both are common in the corpus. We move it to the first vowel, only when the
# syllable ends there ("hoàng", "thuyết" are the same in both styles) and not after "q"
# ("quý" is the only spelling).
_OLD_STYLE = re.compile(r"(?<![qQ\w])(\w*?)(?<![qQ])([oOuU])([aAeEyY])([" + _TONES + r"])(?!\w)")


def _move_tone(match):
    head, first, second, tone = match.groups()
    if first in "uU" and second not in "yY":
        return match.group(0)
    if first in "oO" and second not in "aAeE":
        return match.group(0)
    return head + first + tone + second


def normalize(text):
    """NFC, Đ for its look-alikes, tone on the first vowel of open oa/oe/uy. Case kept."""
    text = text.translate(_LOOKALIKES)
    decomposed = unicodedata.normalize("NFD", text)
    if any(tone in decomposed for tone in _TONES):
        decomposed = _OLD_STYLE.sub(_move_tone, decomposed)
    return unicodedata.normalize("NFC", decomposed)


def fold_diacritics(text):
    """Strip every diacritic (đ becomes d) and lower-case: what a user types without accents."""
    decomposed = unicodedata.normalize("NFD", text.translate(_LOOKALIKES))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("\u0110", "D").replace("\u0111", "d").lower()


def match_key(text):
    """Key that two spellings of one name share: normalised, lower case, single spaces."""
    return " ".join(normalize(text).lower().split())


_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text):
    """ASCII slug of a Vietnamese name: "Trương Thị Mai" -> "truong-thi-mai"."""
    return _NON_SLUG.sub("-", fold_diacritics(text)).strip("-")
