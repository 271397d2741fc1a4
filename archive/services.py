"""Writes to the archive: one article in one transaction, entities linked, or nothing."""

from dataclasses import dataclass
from operator import attrgetter

from django.db import transaction

from archive.linking import Resolver, link_entities
from archive.models import Article, Source, unique_slug
from archive.offices.building import record_offices
from archive.pipeline import Processed

# What a re-parse can change: compared before and after to tell "updated" from "unchanged".
_parsed_state = attrgetter(
    "title", "lead", "paragraphs", "captions", "authors", "published", "source_id", "segmented"
)


@dataclass
class ImportResult:
    status: str  # "imported" | "unchanged" | "updated"
    article_id: int


def _source(name):
    if not name:
        return None
    source = Source.objects.filter(name=name).first()
    if source is None:
        source = Source.objects.create(name=name, slug=unique_slug(Source, name))
    return source


def _fill(article, processed):
    parsed = processed.parsed
    article.title = parsed.title[:500]
    article.lead = parsed.lead
    article.paragraphs = parsed.paragraphs
    article.captions = parsed.captions
    article.authors = parsed.authors
    article.published = parsed.published
    article.source = _source(parsed.source)
    article.segmented = "\n".join(processed.segmented)


def import_article(
    *, processed: Processed, parser_version: int, resolver: Resolver | None = None
) -> ImportResult:
    """Store a processed file once: a text already stored (same content hash) is unchanged.

    resolver: shared by the articles of one import run (see archive.linking.Resolver).
    """
    with transaction.atomic():
        existing = Article.objects.filter(content_hash=processed.content_hash).first()
        if existing is not None:
            return ImportResult("unchanged", existing.pk)
        article = Article(
            raw_text=processed.raw,
            source_path=processed.path,
            content_hash=processed.content_hash,
            parser_version=parser_version,
        )
        _fill(article, processed)
        article.save()
        link_entities(article=article, entities=processed.entities, resolver=resolver, fresh=True)
        record_offices(article=article, entities=processed.entities)
    return ImportResult("imported", article.pk)


def update_article(
    *,
    article_id: int,
    processed: Processed,
    parser_version: int,
    resolver: Resolver | None = None,
) -> ImportResult:
    """Replace what was parsed from a stored article's raw text with a new parse."""
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article_id)
        before = _parsed_state(article)
        _fill(article, processed)
        article.parser_version = parser_version
        after = _parsed_state(article)
        article.save()
        link_entities(article=article, entities=processed.entities, resolver=resolver)
        record_offices(article=article, entities=processed.entities)
    return ImportResult("updated" if before != after else "unchanged", article.pk)


def stored_parts(article):
    """A stored article's part texts mapped to their stored lines of words."""
    lines = article.segmented.split("\n")
    texts = [text for _kind, text in article.document_parts()]
    if len(lines) != len(texts):
        return {}
    return dict(zip(texts, lines, strict=True))
