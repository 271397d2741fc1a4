"""The article index: everything is read from the database, nothing segmented again.

Field names are part of the search code: "text", "folded", "pairs" and "title" are what
search/query.py queries; the whole-value fields are the facets and filters.
"""

from django.db.models import Prefetch
from haystack import indexes

from archive.models import (
    LABEL_WORDS,
    Article,
    DirectiveMention,
    OrganizationMention,
    PersonMention,
    ProvinceMention,
)

from .fields import (
    ExactTextField,
    FoldedTextField,
    PairTextField,
    StoredField,
    TitleTextField,
    WholeValuesField,
)

# Facet fields: name -> (related name on Article, mention's entity attribute).
ENTITY_FACETS = {
    "person": ("person_mentions", "person", PersonMention),
    "organization": ("organization_mentions", "organization", OrganizationMention),
    "directive": ("directive_mentions", "directive", DirectiveMention),
    "province": ("province_mentions", "province", ProvinceMention),
}
FACETS = ("person", "organization", "directive", "source", "year", "province")


def title_words(article):
    """The headline's stored words; for an article without one, those of its derived label."""
    lines = article.segmented.split("\n")
    if article.title:
        return lines[0]
    lead = lines[1] if len(lines) > 1 else ""
    words, syllables = [], 0
    for word in lead.split():
        if syllables >= LABEL_WORDS:
            break
        words.append(word)
        syllables += word.count("_") + 1
    return " ".join(words)


class ArticleIndex(indexes.SearchIndex, indexes.Indexable):
    text = ExactTextField(document=True, model_attr="segmented")
    folded = FoldedTextField(model_attr="segmented")
    pairs = PairTextField(model_attr="segmented")
    title = TitleTextField()

    headline = StoredField()
    source_name = StoredField(null=True)
    published = indexes.DateField(model_attr="published", null=True)

    person = WholeValuesField()
    organization = WholeValuesField()
    directive = WholeValuesField()
    province = WholeValuesField()
    source = WholeValuesField()
    year = WholeValuesField()

    def get_model(self):
        return Article

    def get_updated_field(self):
        return "updated_at"

    def index_queryset(self, using=None):
        mentions = [
            Prefetch(
                related,
                queryset=model.objects.select_related(attr).only(
                    "id", "article_id", f"{attr}__id", f"{attr}__slug"
                ),
            )
            for related, attr, model in ENTITY_FACETS.values()
        ]
        return (
            Article.objects.select_related("source")
            .defer("raw_text", "paragraphs", "captions", "authors")
            .prefetch_related(*mentions)
            .order_by("pk")
        )

    def prepare_title(self, obj):
        return title_words(obj)

    def prepare_headline(self, obj):
        return obj.title or obj.label

    def prepare_source_name(self, obj):
        return obj.source.name if obj.source else None

    def prepare_source(self, obj):
        return [obj.source.slug] if obj.source else []

    def prepare_year(self, obj):
        return [str(obj.published.year)] if obj.published else []

    def _slugs(self, obj, facet):
        related, attr, _model = ENTITY_FACETS[facet]
        return [getattr(mention, attr).slug for mention in getattr(obj, related).all()]

    def prepare_person(self, obj):
        return self._slugs(obj, "person")

    def prepare_organization(self, obj):
        return self._slugs(obj, "organization")

    def prepare_directive(self, obj):
        return self._slugs(obj, "directive")

    def prepare_province(self, obj):
        return self._slugs(obj, "province")

    def highlight_sources(self, pks):
        """{pk as str: [(part text as written, its stored words)]}, title first."""
        articles = Article.objects.filter(pk__in=pks).only(
            "id", "title", "lead", "paragraphs", "captions", "segmented"
        )
        sources = {}
        for article in articles:
            texts = [text for _kind, text in article.document_parts()]
            lines = article.segmented.split("\n")
            lines += [""] * (len(texts) - len(lines))
            sources[str(article.pk)] = list(zip(texts, lines, strict=False))
        return sources
