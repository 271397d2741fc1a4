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


def _invisible_class():
    """A character class of what no reader should get: format characters (Unicode Cf:
    zero-width space, joiners and non-joiners, bidi overrides such as U+202E, the BOM,
    soft hyphens) and controls (Cc) other than the white-space ones."""
    codes = [
        code
        for code in range(0x10000)
        if unicodedata.category(chr(code)) in ("Cf", "Cc") and not chr(code).isspace()
    ]
    ranges, start = [], None
    for code, following in zip(codes, [*codes[1:], None], strict=True):
        start = code if start is None else start
        if following != code + 1:
            ranges.append(f"\\u{start:04x}-\\u{code:04x}" if code > start else f"\\u{code:04x}")
            start = None
    # Beyond the BMP: musical and shorthand format controls, and the tag characters.
    ranges += ["\\U0001bca0-\\U0001bca3", "\\U0001d173-\\U0001d17a", "\\U000e0000-\\U000e007f"]
    return re.compile("[" + "".join(ranges) + "]")


_INVISIBLE = _invisible_class()
# White space other than space, tab and newline (form feed, NEL U+0085, the line and
# paragraph separators): a space, so that the words on either side stay two words.
_SEPARATORS = re.compile("[\x0b\x0c\x1c-\x1f\x85\u2028\u2029]")


def reading_text(text):
    """The text as stored for reading: invisible and control characters taken out.

    A zero-width joiner inside "Nguyễn Văn Hải" hid the person from extraction, and U+202E
    reversed a title on screen; the raw text keeps them.
    """
    return _INVISIBLE.sub("", _SEPARATORS.sub(" ", text))


_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text):
    """ASCII slug of a Vietnamese name: "Trương Thị Mai" -> "truong-thi-mai"."""
    return _NON_SLUG.sub("-", fold_diacritics(text)).strip("-")
