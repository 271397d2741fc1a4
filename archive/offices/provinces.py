"""The 2025 province mergers (archive/data/provinces_2025.txt, Resolution 202/2025/QH15).

Records keep the province they were written with (an office of Bạc Liêu stays "Bạc Liêu");
pages say which province it is part of from 1 July 2025, and a filter by a new province
includes the old ones it was formed from.
"""

from datetime import date
from functools import cache
from pathlib import Path

from archive.extract.provinces import canonical
from archive.text import normalize

DATA = Path(__file__).resolve().parent.parent / "data" / "provinces_2025.txt"
MERGED_ON = date(2025, 7, 1)


class MappingError(ValueError):
    """The mapping file names a province that data/provinces.txt does not know."""


@cache
def mapping():
    """{new unit name: [canonical names of the units before 2025]}."""
    out = {}
    for number, raw in enumerate(DATA.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        new, *old = (normalize(f.strip()) for f in line.split("|"))
        names = [canonical(o) for o in old]
        if not old or not all(names):
            raise MappingError(f"{DATA}:{number}: unknown province in {line!r}")
        out[new] = names
    return out


@cache
def successors():
    """{canonical name before 2025: name of the unit it belongs to from 1 July 2025}."""
    return {old: new for new, olds in mapping().items() for old in olds}


def successor_name(name):
    """The 2025 unit a province (canonical name before 2025) is part of; "" if unknown."""
    return successors().get(name, "")


def merged_away(name):
    """Whether a province (as before 2025) is no longer its own unit from 1 July 2025."""
    new = successor_name(name)
    return bool(new) and canonical(new) != name


def province_with_predecessors(province):
    """Slugs of a province and of every province merged into it in 2025: the filter for "in
    the new province". province: a Province record or its slug."""
    from archive.models import Province

    if isinstance(province, str):
        province = Province.objects.filter(slug=province).first()
        if province is None:
            return []
    olds = next(
        (olds for new, olds in mapping().items() if canonical(new) == province.name),
        [province.name],
    )
    slugs = dict(Province.objects.filter(name__in=olds).values_list("name", "slug"))
    return [province.slug, *(slugs[n] for n in olds if n in slugs and n != province.name)]
