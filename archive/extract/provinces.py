"""Provinces and centrally-run cities: the 63 as they were before the 2025 mergers.

A province is mentioned where its name is written, in any spelling of data/provinces.txt,
with or without "tỉnh"/"thành phố" before it. A district or city that carries the province's
name plus another word is not the province: "Điện Biên Đông" (district) and "Điện Biên Phủ"
(city) are not mentions of Điện Biên, "Thái Bình Dương" (the Pacific) not of Thái Bình.
We do not infer a province from its districts: the archive records what the article names.
A city that bears its province's name ("Tp. Quảng Ngãi", "TP Cà Mau") counts as the
province, since the name is the same and the article is about that province.
"""

import re
from collections import Counter
from dataclasses import dataclass

from .lexicon import PROVINCES, B, E, alternation, first_letters, surface_key

CITIES = frozenset({"Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Thành phố Hồ Chí Minh"})

_CANONICAL = {}
for _name, _spellings in PROVINCES:
    for _spelling in (_name, *_spellings):
        _CANONICAL[surface_key(_spelling)] = _name

# The name followed by one of these words is another place (see the module docstring).
_NOT_AFTER = r"(?![ _]+(?:Đông|Phủ|Dương|Dường)" + E + ")"
PROVINCE_ALT = alternation([s for name, spellings in PROVINCES for s in (name, *spellings)])
PROVINCE_RE = re.compile(
    B
    + r"(?<!Thái[ _])"
    + first_letters([s for name, spellings in PROVINCES for s in (name, *spellings)])
    + "(?:"
    + PROVINCE_ALT
    + ")"
    + E
    + _NOT_AFTER
)


def canonical(written):
    """Canonical province name of a spelling ("Tp. HCM" -> "Thành phố Hồ Chí Minh")."""
    return _CANONICAL.get(surface_key(written), "")


@dataclass(slots=True)
class ProvinceHit:
    name: str
    part: object
    i: int  # syllables [i, j) of the part
    j: int


def find_provinces(document):
    """Every province name in every part, in order."""
    hits = []
    for part in document.parts:
        for m in PROVINCE_RE.finditer(part.line):
            name = canonical(m.group(0))
            if name:
                i, j = part.syllables(m.start(), m.end())
                hits.append(ProvinceHit(name, part, i, j))
    return hits


def dominant(hits):
    """The article's province when one clearly dominates: at least 60% of the mentions."""
    counts = Counter(hit.name for hit in hits)
    if not counts:
        return ""
    (top, n), *rest = counts.most_common(2)
    if rest and rest[0][1] == n:
        return ""
    return top if n / sum(counts.values()) >= 0.6 else ""
