"""Entity pages a query points at, and labels for facet values (slugs to names)."""

import itertools
from collections import Counter
from dataclasses import dataclass

from archive.kinds import BY_NAME, KINDS
from archive.models import Directive, Source

from .analyzer import fold

# The models behind the entity facets, and Source; year is labelled apart.
FACET_MODELS = {**{kind.name: kind.model for kind in KINDS}, "source": Source}

# Names are short; a longer query is not one, and needs no lookup.
_MAX_NAME_SYLLABLES = 8


@dataclass(frozen=True)
class EntityOffer:
    kind: str
    name: str
    url: str
    facet: str
    value: str


def facet_labels(facet, values):
    """{value: label} for the values of one facet."""
    values = list(values)
    if facet not in FACET_MODELS or not values:  # years, hosts: the value is its label
        return {value: value for value in values}
    model = FACET_MODELS[facet]
    return distinct_labels(model.objects.filter(slug__in=values))


def distinct_labels(entities):
    """{slug: label}: str(entity), or where two would read the same, what tells them apart
    ("Kế hoạch 03-KH/TW (khóa XIII)" beside "Kế hoạch 03-KH/TW (chưa rõ khóa, năm)")."""
    entities = list(entities)
    seen = Counter(str(obj) for obj in entities)
    return {
        obj.slug: getattr(obj, "choice_label", str(obj)) if seen[str(obj)] > 1 else str(obj)
        for obj in entities
    }


def _named(model, key):
    """Entities one of whose folded names (name or alias) is exactly key."""
    candidates = model.objects.filter(folded__contains=key)[:50]
    return [obj for obj in candidates if key in obj.folded.split(" | ")]


def spellings(symbol):
    """A canonical symbol and its spellings with Đ for each D: "02-QD/HU" typed without
    diacritics is "02-QĐ/HU" (at most 16 spellings: codes hold few D's)."""
    parts = symbol.split("D")
    if len(parts) > 5:
        return [symbol]
    return [
        "".join(p + d for p, d in zip(parts, ds, strict=False)) + parts[-1]
        for ds in itertools.product("DĐ", repeat=len(parts) - 1)
    ]


def directives_with_symbol(symbols):
    """Directives whose key is one of these canonical symbols, however D/Đ was typed."""
    keys = [spelling for symbol in symbols for spelling in spellings(symbol)]
    return Directive.objects.filter(key__in=keys)


def entity_offers(parsed):
    """Pages for the directives whose symbol the query contains, and for the person,
    organisation or province the whole query names (with or without diacritics)."""
    offers = []
    if parsed.symbols:
        directives = list(directives_with_symbol(parsed.symbols)[:10])
        labels = distinct_labels(directives)
        for directive in directives:
            offers.append(
                EntityOffer(
                    Directive._meta.verbose_name,
                    labels[directive.slug],
                    directive.get_absolute_url(),
                    "directive",
                    directive.slug,
                )
            )
    words = parsed.positive_words()
    syllables = [s for terms in words if not terms.is_symbol for s in terms.syllables]
    if syllables and len(syllables) <= _MAX_NAME_SYLLABLES and parsed.is_plain:
        key = fold(" ".join(syllables))
        for kind in (BY_NAME["person"], BY_NAME["organization"], BY_NAME["province"]):
            for obj in _named(kind.model, key)[:5]:
                offers.append(
                    EntityOffer(
                        kind.model._meta.verbose_name,
                        obj.name,
                        obj.get_absolute_url(),
                        kind.name,
                        obj.slug,
                    )
                )
    return offers
