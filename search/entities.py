"""Entity pages a query points at, and labels for facet values (slugs to names)."""

import itertools
from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from archive.models import Directive, Organization, Person, Province, Source

from .analyzer import fold

# The models behind the entity facets; source and year are labelled apart.
FACET_MODELS = {
    "person": Person,
    "organization": Organization,
    "directive": Directive,
    "province": Province,
    "source": Source,
}
FACET_TITLES = {
    "person": _("Nhân vật"),
    "organization": _("Tổ chức"),
    "directive": _("Văn bản"),
    "source": _("Nguồn tin"),
    "year": _("Năm"),
    "province": _("Tỉnh, thành phố"),
}

# What one selected value is (a chip reads "Person: Trương Thị Mai", the facet "People").
FILTER_KINDS = {
    "person": pgettext_lazy("loại một mục", "Nhân vật"),
    "organization": pgettext_lazy("loại một mục", "Tổ chức"),
    "directive": pgettext_lazy("loại một mục", "Văn bản"),
    "source": pgettext_lazy("loại một mục", "Nguồn tin"),
    "year": pgettext_lazy("loại một mục", "Năm"),
    "province": pgettext_lazy("loại một mục", "Tỉnh, thành phố"),
}

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
    if facet == "year" or not values:
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
        for model, facet in (
            (Person, "person"),
            (Organization, "organization"),
            (Province, "province"),
        ):
            for obj in _named(model, key)[:5]:
                offers.append(
                    EntityOffer(
                        model._meta.verbose_name, obj.name, obj.get_absolute_url(), facet, obj.slug
                    )
                )
    return offers
