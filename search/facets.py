"""The facets a search counts and filters by: the entity kinds, then source and year.

Named once here (the entity kinds come from archive.kinds); the form, the page, the API
and both engines loop over FACETS.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from archive.kinds import KINDS


@dataclass(frozen=True)
class Facet:
    name: str  # the parameter ("person"), the key of counts and filters
    title: Promise  # the facet's heading
    label: Promise  # what one selected value is, on a chip
    # One value per article (its source, its year): several selected values mean any of
    # them, and the facet is counted leaving its own selection out. Otherwise an article
    # holds several values and several selected must all be there.
    single: bool = False
    entity: bool = False  # values are slugs of the entity kind of this name


FACETS = {
    **{kind.name: Facet(kind.name, kind.title, kind.label, entity=True) for kind in KINDS},
    "source": Facet(
        "source", _("Nguồn tin"), pgettext_lazy("loại một mục", "Nguồn tin"), single=True
    ),
    "year": Facet("year", _("Năm"), pgettext_lazy("loại một mục", "Năm"), single=True),
    # The web host a captured page came from (Article.host); text imports have none.
    "host": Facet("host", _("Tên miền"), pgettext_lazy("loại một mục", "Tên miền"), single=True),
}
NAMES = tuple(FACETS)
SINGLE = tuple(name for name, facet in FACETS.items() if facet.single)
