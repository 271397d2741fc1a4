"""The directive registry's writes: relations between documents and what articles tell of
them (archive/extract/relations.py, archive/extract/registry.py), stored per article."""

from django.db import transaction

from archive.extract import extract_entities
from archive.models import (
    Article,
    DirectiveFact,
    DirectiveMention,
    DirectiveRelation,
    Method,
)
from archive.text import align


def record_registry(*, article, entities, fresh=False) -> None:
    """Replace the article's found relations and facts with those of entities.

    Documents are the article's linked ones: a document a curator took off the article
    (archive.models.RejectedLink) gets no relation from it. fresh: the article was created
    in this transaction, so it has nothing to replace.
    """
    with transaction.atomic():
        if not fresh:
            relations = DirectiveRelation.objects.filter(article=article)
            relations.exclude(method=Method.CURATOR).delete()
            DirectiveFact.objects.filter(article=article).delete()
        if not entities.directives:
            return
        records = _records(article, entities.directives)
        facts = [
            DirectiveFact(
                directive=record,
                article=article,
                kind=fact.kind,
                value=fact.value[:500],
                sentence=fact.sentence,
            )
            for found, record in zip(entities.directives, records, strict=True)
            if record is not None
            for fact in found.facts
        ]
        DirectiveFact.objects.bulk_create(facts, ignore_conflicts=True)
        relations = [
            DirectiveRelation(
                source=records[r.source],
                target=records[r.target],
                kind=r.kind,
                article=article,
                sentence=r.sentence,
            )
            for r in entities.relations
            if records[r.source] is not None
            and records[r.target] is not None
            and records[r.source].pk != records[r.target].pk
        ]
        DirectiveRelation.objects.bulk_create(relations, ignore_conflicts=True)


def _records(article, found):
    """The Directive each found document was linked to in this article, or None."""
    linked = [
        m.directive
        for m in DirectiveMention.objects.filter(article=article).select_related("directive")
    ]
    by_scope = {(d.key, d.scope): d for d in linked}
    by_key = {}
    for d in linked:
        by_key.setdefault(d.key, []).append(d)
    out = []
    for item in found:
        scope = item.scope if item.scope is not None else f"article:{article.pk}"
        record = by_scope.get((item.key, scope))
        if record is None and len(by_key.get(item.key, [])) == 1:
            record = by_key[item.key][0]  # a curator merged it into another scope
        out.append(record)
    return out


def move_registry(*, kept, other) -> None:
    """A merge of Directive other into kept: its relations and facts become kept's."""
    for field in ("source", "target"):
        for relation in DirectiveRelation.objects.filter(**{field: other}):
            setattr(relation, field, kept)
            ends = {"source": relation.source_id, "target": relation.target_id}
            taken = DirectiveRelation.objects.filter(
                **ends, kind=relation.kind, article_id=relation.article_id
            ).exists()
            if taken or relation.source_id == relation.target_id:
                relation.delete()
            else:
                relation.save(update_fields=[field])
    for fact in DirectiveFact.objects.filter(directive=other):
        taken = DirectiveFact.objects.filter(
            directive=kept, article_id=fact.article_id, kind=fact.kind, value=fact.value
        ).exists()
        if taken:
            fact.delete()
        else:
            fact.directive = kept
            fact.save(update_fields=["directive"])


class NotSegmented(Exception):
    """A stored article whose segmentation does not match its parts (not imported whole)."""


def reread_article(article):
    """extract_entities() on a stored article from its stored segmentation (no underthesea)."""
    texts = [text for _kind, text in article.document_parts()]
    lines = article.segmented.split("\n") if article.segmented else []
    if len(lines) != len(texts):
        raise NotSegmented(
            f"article {article.pk}: {len(lines)} stored lines of words for {len(texts)} parts"
        )
    tokens = [align(text, line.split()) for text, line in zip(texts, lines, strict=True)]
    return extract_entities(texts, tokens, published=article.published)


def articles_citing():
    """Stored articles that cite a document: the only ones with a registry to compute."""
    cited = DirectiveMention.objects.values("article_id")
    return Article.objects.filter(pk__in=cited).order_by("pk")
