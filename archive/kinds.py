"""The kinds of entity an article links to, named once.

Everything that handles "a person, an organisation, a directive or a province" (facets,
filters, forms, the API, the admin, curation, linking, the search engines) loops over KINDS
instead of writing the four out again.
"""

from dataclasses import dataclass

from django.db import connection
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from archive.models import (
    Directive,
    DirectiveMention,
    Organization,
    OrganizationMention,
    Person,
    PersonMention,
    Province,
    ProvinceMention,
)


@dataclass(frozen=True)
class EntityKind:
    name: str  # "person": the mention's entity field, the facet, the filter parameter
    plural: str  # "persons": the API's keys and addresses
    model: type  # Person
    mention: type  # PersonMention
    path: str  # "people": the pages' address (/people/<slug>/)
    title: Promise  # "Nhân vật": a facet's or a list's heading
    label: Promise  # "Nhân vật" as what one item is (a chip reads "Nhân vật: Trương Thị Mai")
    lowercase: Promise  # "nhân vật", inside a sentence

    @property
    def related(self):
        """The name of the mentions on Article: "person_mentions"."""
        return f"{self.name}_mentions"

    @property
    def url_name(self):
        """The entity page's URL name: "archive:person"."""
        return f"archive:{self.name}"

    @property
    def api_url_name(self):
        """The entity's API URL name: "search:api_person"."""
        return f"search:api_{self.name}"

    def mentions_of(self, entity):
        """The mentions of one entity of this kind."""
        return self.mention.objects.filter(**{self.name: entity})

    def most_mentioned(self, limit, *, then="folded"):
        """The limit entities named in the most articles (each with .n), ties by `then`.

        The mentions are counted by entity id alone and the entities joined to the counts:
        Django's annotate(Count("mentions")) joins every mention to its entity and groups
        by the entity's columns, 165-185 ms for the people at 353,820 articles against 42.
        """
        q = connection.ops.quote_name
        entity, mention = self.model._meta, self.mention._meta
        column = q(mention.get_field(self.name).column)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT g.id, g.n FROM (SELECT {column} AS id, COUNT(*) AS n "
                f"FROM {q(mention.db_table)} GROUP BY {column}) g "
                f"JOIN {q(entity.db_table)} e ON e.{q(entity.pk.column)} = g.id "
                f"ORDER BY g.n DESC, e.{q(entity.get_field(then).column)} LIMIT %s",
                [limit],
            )
            counts = cursor.fetchall()
        found = self.model.objects.in_bulk([pk for pk, _n in counts])
        for pk, n in counts:
            found[pk].n = n
        return [found[pk] for pk, _n in counts]


KINDS = (
    EntityKind(
        "person",
        "persons",
        Person,
        PersonMention,
        "people",
        _("Nhân vật"),
        pgettext_lazy("loại một mục", "Nhân vật"),
        _("nhân vật"),
    ),
    EntityKind(
        "organization",
        "organizations",
        Organization,
        OrganizationMention,
        "organizations",
        _("Tổ chức"),
        pgettext_lazy("loại một mục", "Tổ chức"),
        _("tổ chức"),
    ),
    EntityKind(
        "directive",
        "directives",
        Directive,
        DirectiveMention,
        "directives",
        _("Văn bản"),
        pgettext_lazy("loại một mục", "Văn bản"),
        _("văn bản"),
    ),
    EntityKind(
        "province",
        "provinces",
        Province,
        ProvinceMention,
        "provinces",
        _("Tỉnh, thành phố"),
        pgettext_lazy("loại một mục", "Tỉnh, thành phố"),
        _("tỉnh, thành phố"),
    ),
)

BY_NAME = {kind.name: kind for kind in KINDS}
NAMES = tuple(BY_NAME)


def kind_of(entity_or_model):
    """The EntityKind of a Person, Organization, Directive or Province (or its model)."""
    model = entity_or_model if isinstance(entity_or_model, type) else type(entity_or_model)
    for kind in KINDS:
        if issubclass(model, kind.model) or issubclass(model, kind.mention):
            return kind
    raise LookupError(f"{model.__name__} is not an entity kind")
