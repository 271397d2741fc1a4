"""What an article's index entry holds, read from the database: nothing segmented again.

Both engines index IndexDocuments: the stored segmentation (one line of words per part,
title first), the words of the title (or of the label derived from the lead), the facet
values, the publication date and the article's revision (archive.models.Article.revision,
raised by every change the index must follow), which reconciliation compares.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch

from archive.kinds import KINDS
from archive.models import LABEL_WORDS, Article

from .facets import FACETS

BATCH_SIZE = 2000


@dataclass(frozen=True, slots=True)
class IndexDocument:
    article_id: int
    revision: int
    segmented: str  # Article.segmented
    title_words: str  # the headline's stored words, or those of the derived label
    published: date | None
    source_id: int | None
    values: dict  # facet name -> tuple of values (slugs, the year)


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


def _queryset():
    mentions = [
        Prefetch(
            kind.related,
            queryset=kind.mention.objects.select_related(kind.name).only(
                "id", "article_id", f"{kind.name}__id", f"{kind.name}__slug"
            ),
        )
        for kind in KINDS
    ]
    return (
        Article.objects.select_related("source")
        .only("id", "revision", "title", "lead", "segmented", "published", "host", "source__slug")
        .prefetch_related(*mentions)
        .order_by("pk")
    )


def document(article):
    values = {
        kind.name: tuple(
            dict.fromkeys(getattr(m, kind.name).slug for m in getattr(article, kind.related).all())
        )
        for kind in KINDS
    }
    values["source"] = (article.source.slug,) if article.source else ()
    values["year"] = (str(article.published.year),) if article.published else ()
    values["host"] = (article.host,) if article.host else ()
    assert set(values) == set(FACETS)
    return IndexDocument(
        article.pk,
        article.revision,
        article.segmented,
        title_words(article),
        article.published,
        article.source_id,
        values,
    )


def documents(ids=None, *, batch_size=BATCH_SIZE):
    """IndexDocuments of these articles (all of them for None), in id order, read in batches."""
    queryset = _queryset()
    if ids is not None:
        ids = sorted({int(pk) for pk in ids})
        for start in range(0, len(ids), batch_size):
            for article in queryset.filter(pk__in=ids[start : start + batch_size]):
                yield document(article)
        return
    last = 0
    while True:
        batch = list(queryset.filter(pk__gt=last)[:batch_size])
        if not batch:
            return
        for article in batch:
            yield document(article)
        last = batch[-1].pk


def highlight_sources(ids):
    """{id: [(part text as written, its stored words)]}, title first."""
    articles = Article.objects.filter(pk__in=ids).only(
        "id", "title", "lead", "paragraphs", "captions", "segmented"
    )
    sources = {}
    for article in articles:
        texts = [text for _kind, text in article.document_parts()]
        lines = article.segmented.split("\n")
        lines += [""] * (len(texts) - len(lines))
        sources[article.pk] = list(zip(texts, lines, strict=False))
    return sources
