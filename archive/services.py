"""Writes to the archive: one article in one transaction, entities linked, or nothing.

A captured web page is stored once: the same text (normalised, hashed) is the same article
whatever page or URL it came from; a capture of a stored canonical URL with other text is a
new version of that article (a Capture row beside the others).
"""

from dataclasses import dataclass
from operator import attrgetter

from django.db import transaction

from archive.batch import Shared
from archive.ingest.web import Capture as WebCapture
from archive.linking import Resolver, link_entities
from archive.models import Article, Capture, Source, unique_slug
from archive.offices.building import record_offices
from archive.pipeline import Processed
from archive.registry import record_registry
from archive.signals import owe_index

# What a re-parse can change: compared before and after to tell "updated" from "unchanged".
_parsed_state = attrgetter(
    "title", "lead", "paragraphs", "captions", "authors", "published", "source_id", "segmented"
)


@dataclass
class ImportResult:
    status: str  # "imported" | "unchanged" | "updated" | "versioned"
    article_id: int
    owes_index: bool = False  # the search index must follow the article (owe_index)


def _shared(batch):
    """record_offices' arguments for what a batch shares."""
    return {} if batch is None else {"pending": batch.tenures, "memo": batch.memo}


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
    *,
    processed: Processed,
    parser_version: int,
    resolver: Resolver | None = None,
    batch: "Shared | None" = None,
) -> ImportResult:
    """Store a processed file once: a text already stored (same content hash) is unchanged.

    resolver: shared by the articles of one import run (see archive.linking.Resolver).
    batch: in an import's batch, what its articles share (archive.batch.Shared); the index
    is then owed by the batch (ImportResult.owes_index), without one here.
    """
    with transaction.atomic():
        if processed.capture is not None:
            result = _import_capture(processed, parser_version, resolver)
        else:
            result = _import_text(processed, parser_version, resolver, batch)
        if batch is None and result.owes_index:
            # Deferred: the import run has the index pay its debts in batches.
            owe_index(article_ids=[result.article_id], deferred=True)
    return result


def _import_text(processed, parser_version, resolver, batch):
    with transaction.atomic():
        existing = Article.objects.filter(content_hash=processed.content_hash).first()
        if existing is None:  # the text of a page captured before: the same article
            existing = _same_parts(processed.parsed, captured=True)
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
        record_registry(article=article, entities=processed.entities, fresh=True)
        record_offices(article=article, entities=processed.entities, fresh=True, **_shared(batch))
    return ImportResult("imported", article.pk, owes_index=True)


def _import_capture(processed, parser_version, resolver):
    capture = processed.capture
    with transaction.atomic():
        same_text = Article.objects.filter(content_hash=processed.content_hash).first()
        if same_text is None:
            earlier = Capture.objects.filter(content_hash=processed.content_hash).first()
            same_text = earlier.article if earlier is not None else None
        if same_text is not None:
            return ImportResult("unchanged", same_text.pk)
        same_parts = _same_parts(processed.parsed)
        if same_parts is not None:  # imported from text before: it gains its capture
            if not same_parts.captured_at_kind:
                _add_capture(same_parts, processed)
                _fill_capture_facts(same_parts, capture)
                same_parts.save(update_fields=_CAPTURE_FACTS)
            return ImportResult("unchanged", same_parts.pk)
        article = None
        if capture.canonical_url:
            article = (
                Article.objects.select_for_update()
                .filter(canonical_url=capture.canonical_url)
                .first()
            )
        if article is None:
            article = Article(parser_version=parser_version)
            _fill_from_capture(article, processed)
            article.save()
            link_entities(
                article=article, entities=processed.entities, resolver=resolver, fresh=True
            )
            _add_capture(article, processed)
            return ImportResult("imported", article.pk, owes_index=True)
        _add_capture(article, processed)
        # A capture older than the stored text (captures imported out of order) is kept as
        # an earlier version; the article shows the newest.
        if article.captured_at is None or (
            capture.captured_at is not None and capture.captured_at > article.captured_at
        ):
            _fill_from_capture(article, processed)
            article.parser_version = parser_version
            article.save()
            link_entities(article=article, entities=processed.entities, resolver=resolver)
    return ImportResult("versioned", article.pk, owes_index=True)


_CAPTURE_FACTS = ["original_url", "canonical_url", "captured_at", "captured_at_kind", "host"]


def _same_parts(parsed, *, captured=False):
    """A stored article with these headline, lead and paragraphs; captured: of a web page."""
    candidates = Article.objects.filter(title=parsed.title[:500], lead=parsed.lead)
    if captured:
        candidates = candidates.exclude(captured_at_kind="")
    for article in candidates.only("paragraphs", "captured_at_kind")[:20]:
        if article.paragraphs == parsed.paragraphs:
            return article
    return None


def _fill_from_capture(article, processed):
    _fill(article, processed)
    article.raw_text = processed.raw
    article.content_hash = processed.content_hash
    article.source_path = processed.path
    _fill_capture_facts(article, processed.capture)


def _fill_capture_facts(article, capture):
    article.original_url = capture.original_url
    article.canonical_url = capture.canonical_url
    article.captured_at = capture.captured_at
    article.captured_at_kind = capture.captured_at_kind
    article.host = capture.host


def _add_capture(article, processed):
    capture = processed.capture
    Capture.objects.create(
        article=article,
        original_url=capture.original_url,
        canonical_url=capture.canonical_url,
        captured_at=capture.captured_at,
        captured_at_kind=capture.captured_at_kind,
        payload_digest=capture.payload_digest,
        content_hash=processed.content_hash,
        text=processed.raw,
        html=capture.compressed,
        size=capture.size,
        source_path=processed.path,
        record_offset=capture.record_offset,
    )


def update_article(
    *,
    article_id: int,
    processed: Processed,
    parser_version: int,
    resolver: Resolver | None = None,
    batch: "Shared | None" = None,
) -> ImportResult:
    """Replace what was parsed from a stored article's raw text with a new parse.

    batch: as for import_article (an import's batch owes the index)."""
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article_id)
        before = _parsed_state(article)
        _fill(article, processed)
        article.parser_version = parser_version
        after = _parsed_state(article)
        if processed.capture is not None:
            _reread_capture(article, processed)
        article.save()
        link_entities(article=article, entities=processed.entities, resolver=resolver)
        record_registry(article=article, entities=processed.entities)
        record_offices(article=article, entities=processed.entities, **_shared(batch))
        if batch is None:
            owe_index(article_ids=[article.pk], deferred=True)
    status = "updated" if before != after else "unchanged"
    return ImportResult(status, article.pk, owes_index=True)


def _reread_capture(article, processed):
    """The text read again from a capture (a better extractor) replaces the stored one."""
    if processed.content_hash == article.content_hash:
        return
    if Article.objects.filter(content_hash=processed.content_hash).exists():
        return  # another article has that text; keep the hash unique
    article.captures.filter(content_hash=article.content_hash).update(
        content_hash=processed.content_hash, text=processed.raw
    )
    article.content_hash = processed.content_hash
    article.raw_text = processed.raw


def reparse_item(article):
    """What a re-parse (import --update) of a stored article needs, for pipeline.reprocess."""
    item = (article.pk, article.raw_text, article.source_path, stored_parts(article))
    if not article.captured_at_kind:  # imported from text: no capture to read
        return item
    stored = article.captures.filter(content_hash=article.content_hash).first()
    if stored is None:
        return item
    facts = WebCapture(
        original_url=stored.original_url,
        canonical_url=stored.canonical_url,
        captured_at=stored.captured_at,
        captured_at_kind=stored.captured_at_kind,
        host=article.host,
        payload_digest=stored.payload_digest,
        compressed=b"",
        record_offset=stored.record_offset,
    )
    return (*item, bytes(stored.html), facts)


def stored_parts(article):
    """A stored article's part texts mapped to their stored lines of words."""
    lines = article.segmented.split("\n")
    texts = [text for _kind, text in article.document_parts()]
    if len(lines) != len(texts):
        return {}
    return dict(zip(texts, lines, strict=True))
