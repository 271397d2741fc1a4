"""How else a reader types a headline: without diacritics, with the other tone placement."""

import re
import unicodedata

_TONES = "\u0300\u0301\u0309\u0303\u0323"
_NEW_STYLE = re.compile(
    rf"(?<![qQ\w])(\w*?)(?<![qQ])([oO])([{_TONES}])([aAeE])(?!\w)"
    rf"|(?<![qQ\w])(\w*?)(?<![qQ])([uU])([{_TONES}])([yY])(?!\w)"
)
_OLD_STYLE = re.compile(
    rf"(?<![qQ\w])(\w*?)(?<![qQ])([oO])([aAeE])([{_TONES}])(?!\w)"
    rf"|(?<![qQ\w])(\w*?)(?<![qQ])([uU])([yY])([{_TONES}])(?!\w)"
)


def without_diacritics(text):
    """What a user without a Vietnamese keyboard types: accents gone, case kept."""
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def other_tone_placement(text):
    """hóa -> hoá, thủy -> thuỷ and back: the placement the headline did not use."""
    decomposed = unicodedata.normalize("NFD", text)

    def to_old(m):
        g = [x for x in m.groups() if x is not None]
        return g[0] + g[1] + g[3] + g[2]

    def to_new(m):
        g = [x for x in m.groups() if x is not None]
        return g[0] + g[1] + g[3] + g[2]

    if _NEW_STYLE.search(decomposed):
        swapped = _NEW_STYLE.sub(to_old, decomposed)
    else:
        swapped = _OLD_STYLE.sub(to_new, decomposed)
    return unicodedata.normalize("NFC", swapped)
