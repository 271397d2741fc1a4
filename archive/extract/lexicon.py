"""Word lists from data/ and the regex pieces every extractor shares.

The lists are plain text so a curator can extend them; they are read once at import.
Patterns run over a part's segmented line (archive.text tokens joined by spaces, syllables
of a word joined by "_"), so a space inside a name is written `[ _]` here.
"""

import re
import unicodedata
from pathlib import Path

from archive.text import match_key, normalize

DATA = Path(__file__).resolve().parent / "data"

# Every upper-case Latin letter with its Vietnamese diacritics (and the look-alike Ð).
UPPER = "".join(
    ch
    for ch in map(chr, range(0x41, 0x1F00))
    if ch.isupper() and unicodedata.name(ch, "").startswith("LATIN")
)
LOWER = "".join(
    ch
    for ch in map(chr, range(0x61, 0x1F00))
    if ch.islower() and unicodedata.name(ch, "").startswith("LATIN")
)
# A word starts here / ends here: no letter or digit right before/after ("_" joins the
# syllables of one word and counts as a boundary, "Tp._Quảng_Ngãi").
B = r"(?<![^\W_])"
E = r"(?![^\W_])"


def read_lines(name):
    """Non-empty, non-comment lines of data/<name>, normalised."""
    lines = []
    for raw in (DATA / name).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            lines.append(normalize(line))
    return lines


def read_table(name):
    """[(canonical, [spellings...])] from "canonical | spelling | ..." lines."""
    return [
        (fields[0], fields[1:])
        for fields in ([f.strip() for f in line.split("|")] for line in read_lines(name))
    ]


def flexible(spelling):
    """Regex for a spelling as it appears in a segmented line: spaces may be "_", and
    dots, dashes, commas and "&" may have spaces around them ("TP.HCM", "TP. HCM")."""
    out = []
    for ch in spelling:
        if ch == " ":
            out.append(r"[ _]+")
        elif ch in "-–—":
            out.append(r"[ _]?[-–—][ _]?")
        elif ch in ".&,":
            out.append(r"[ _]?" + re.escape(ch) + r"[ _]?")
        else:
            out.append(re.escape(ch))
    return "".join(out).replace(r"[ _]?[ _]+", r"[ _]*").replace(r"[ _]+[ _]?", r"[ _]*")


def alternation(spellings):
    """One regex alternative for many spellings, longest first so the longest wins."""
    return "|".join(flexible(s) for s in sorted(set(spellings), key=len, reverse=True))


def first_letters(spellings, *, any_case=False):
    """Lookahead for the letters the spellings start with: lets a long alternation fail fast
    at the many positions where none can start."""
    letters = {s[0] for s in spellings if s}
    if any_case:
        letters |= {ch.swapcase() for ch in letters}
    return "(?=[" + "".join(sorted(re.escape(ch) for ch in letters)) + "])"


def surface_key(text):
    """Lookup key of a matched spelling: match_key with "_", dots and dashes as spaces."""
    return " ".join(re.sub(r"[_.\-–—,&]", " ", match_key(text)).split())


SURNAMES = frozenset(read_lines("surnames.txt"))
HONORIFICS = frozenset(line.lower() for line in read_lines("honorifics.txt"))
NAME_PREFIXES = frozenset(line.lower() for line in read_lines("name_prefixes.txt"))
NON_PERSONS = frozenset(surface_key(line) for line in read_lines("non_persons.txt"))
KNOWN_PERSONS = read_lines("known_persons.txt")
# "Phó" before any head is its deputy's: "Phó Trưởng khoa", "Phó Trạm trưởng".
_HEADS = read_lines("titles.txt")
TITLE_HEADS = _HEADS + [
    f"Phó {h}" for h in _HEADS if not h.startswith("Phó ") and f"Phó {h}" not in _HEADS
]
PROVINCES = read_table("provinces.txt")
ORGANIZATIONS = read_table("organizations.txt")
KINDS = read_table("kinds.txt")
DEPARTMENTS = read_table("departments.txt")

ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


def roman(text):
    """Term numeral as roman ("13" -> "XIII", "xiii" -> "XIII"); "" if it is not one."""
    text = text.strip().upper()
    if text.isdigit():
        n = int(text)
        if not 0 < n < 60:
            return ""
        out = ""
        for value, letters in (
            (50, "L"),
            (40, "XL"),
            (10, "X"),
            (9, "IX"),
            (5, "V"),
            (4, "IV"),
            (1, "I"),
        ):
            while n >= value:
                out += letters
                n -= value
        return out
    return text if text and all(ch in ROMAN for ch in text) else ""


ORDINALS = {
    "nhất": 1,
    "hai": 2,
    "ba": 3,
    "tư": 4,
    "bốn": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
}
