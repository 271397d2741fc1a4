"""Curators' corrections to entity links: merge entities, move or split mentions, edit links.

Plain functions with keyword-only arguments, each one transaction. Every link a curator
touches is marked Method.CURATOR (so re-extraction keeps it), and once the transaction has
committed, archive.signals.owe_index has recorded which articles search must re-index. A
change of names raises NamesVersion first thing in its transaction, the order a running
import takes the same locks in (archive.linking.Resolver.sync), so the two never deadlock
on PostgreSQL.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from archive.kinds import KINDS
from archive.models import (
    Directive,
    Method,
    NamesVersion,
    Organization,
    Province,
    reject_link,
    unique_slug,
)
from archive.offices import curation as offices_curation
from archive.registry import move_registry
from archive.signals import owe_index

# Each kind of entity, the table of its mentions and that table's entity field.
LINKS = {kind.model: (kind.mention, kind.name) for kind in KINDS}
MENTION_FIELD = {mention_model: name for mention_model, name in LINKS.values()}
# Directive facts a merge copies from a removed duplicate when the kept one lacks them.
_DIRECTIVE_FACTS = ["symbol", "kind", "number", "year", "issuer", "issuing_body", "issued", "term"]
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n")


@dataclass
class CurationResult:
    """What a curation changed: the articles to re-index and the entities removed."""

    article_ids: set[int] = field(default_factory=set)
    moved: int = 0
    combined: int = 0
    deleted: list[str] = field(default_factory=list)


def notify_changed(article_ids, removed_ids=()):
    """Record in this transaction (after its writes) that the index must follow these
    articles; search re-indexes them, in it (PostgreSQL) or once it commits (Whoosh)."""
    with transaction.atomic():
        owe_index(article_ids=article_ids, removed_ids=removed_ids)


def entity_of(mention):
    return getattr(mention, MENTION_FIELD[type(mention)])


def merge_entities(*, kept, others) -> CurationResult:
    """Move every mention, alias and known fact of others to kept, then delete others.

    When kept and another are both in one article, their two mentions become one.
    """
    model = type(kept)
    if any(type(o) is not model for o in others):
        raise ValidationError(_("Chỉ gộp được các mục cùng loại."), code="mixed_kinds")
    others = [o for o in others if o.pk != kept.pk]
    mention_model, field_name = LINKS[model]
    result = CurationResult()
    with transaction.atomic():
        NamesVersion.bump(model)
        for other in others:
            for mention in mention_model.objects.filter(**{field_name: other}):
                _move(mention, kept, result)
            for spelling in [other.name, *other.aliases]:
                kept.add_alias(spelling)
            if model is Directive:
                move_registry(kept=kept, other=other)
                for fact in _DIRECTIVE_FACTS:
                    if not getattr(kept, fact) and getattr(other, fact):
                        setattr(kept, fact, getattr(other, fact))
            if model is Organization and not kept.province_id:
                kept.province_id = other.province_id
            if model is Province:
                Organization.objects.filter(province=other).update(province=kept)
            offices_curation.entity_merged(kept=kept, other=other)
            result.deleted.append(str(other))
            other.delete()
        kept.refresh_folded()
        kept.save()
        # Kept's own articles carry its new aliases into the index too.
        result.article_ids |= set(
            mention_model.objects.filter(**{field_name: kept}).values_list("article_id", flat=True)
        )
        notify_changed(result.article_ids)
    return result


def move_mentions(*, mentions, target, delete_orphans=False) -> CurationResult:
    """Link these mentions to target instead (re-link, or split when target is new).

    target may be of another kind (a "person" that is really a place): the mention is then
    recreated in target's table. With delete_orphans, an entity left without any mention
    is deleted.
    """
    result = CurationResult()
    with transaction.atomic():
        if delete_orphans:
            NamesVersion.bump(*{type(entity_of(mention)) for mention in mentions})
        sources = {}
        for mention in mentions:
            source = entity_of(mention)
            sources[(type(source), source.pk)] = source
            _move(mention, target, result)
            offices_curation.mention_moved(
                article_id=mention.article_id, source=source, target=target
            )
        if delete_orphans:
            for source in sources.values():
                if (
                    source != target
                    and not LINKS[type(source)][0]
                    .objects.filter(**{LINKS[type(source)][1]: source})
                    .exists()
                ):
                    result.deleted.append(str(source))
                    source.delete()
        notify_changed(result.article_ids)
    return result


def new_entity(*, model, name, like=None, scope="") -> object:
    """A new entity of model named name; a new directive copies like's symbol with scope.

    Two directives share a symbol only if their scopes differ ("21-KL/TW" of khóa XI and of
    khóa XIII), so splitting a directive needs the scope that tells the new one apart.
    """
    name = " ".join(name.split())
    if not name:
        raise ValidationError(_("Cần nhập tên cho mục mới."), code="no_name")
    entity = model(name=name, slug=unique_slug(model, name))
    if model is Directive:
        source = like if isinstance(like, Directive) else None
        entity.key = source.key if source else name
        entity.scope = scope.strip()
        for fact in ("symbol", "kind", "number", "issuer"):
            setattr(entity, fact, getattr(source, fact) if source else "")
        if Directive.objects.filter(key=entity.key, scope=entity.scope).exists():
            raise ValidationError(
                _(
                    "Đã có văn bản %(key)s với phạm vi “%(scope)s”; hãy ghi phạm vi khác "
                    "(khóa, năm hoặc cơ quan ban hành)."
                )
                % {"key": entity.key, "scope": entity.scope},
                code="duplicate_directive",
            )
    with transaction.atomic():
        NamesVersion.bump(model)
        entity.refresh_folded()
        entity.save()
    return entity


def save_entity(*, entity):
    """Store a curator's edit of an entity (name, aliases, facts) and re-index its articles."""
    with transaction.atomic():
        NamesVersion.bump(type(entity))
        entity.refresh_folded()
        entity.save()
        mention_model, field_name = LINKS[type(entity)]
        notify_changed(
            mention_model.objects.filter(**{field_name: entity}).values_list(
                "article_id", flat=True
            )
        )


def delete_entities(*, entities) -> CurationResult:
    """Delete entities with their mentions; their articles are re-indexed without them."""
    result = CurationResult()
    with transaction.atomic():
        NamesVersion.bump(*(type(entity) for entity in entities))
        for entity in entities:
            mention_model, field_name = LINKS[type(entity)]
            result.article_ids |= set(
                mention_model.objects.filter(**{field_name: entity}).values_list(
                    "article_id", flat=True
                )
            )
            result.deleted.append(str(entity))
            entity.delete()
        notify_changed(result.article_ids)
    return result


def save_article_links(*, article, changed, deleted=()) -> CurationResult:
    """Store a curator's edits of one article's links (the admin's inline rows).

    Changed and new rows become curator links; a new row gets the places the text writes
    its entity; a row pointing at an entity the article already links is folded into that
    link rather than refused.
    """
    result = CurationResult(article_ids={article.pk})
    with transaction.atomic():
        for mention in deleted:
            if mention.pk:
                _reject(mention)
                mention.delete()
        for mention in changed:
            mention.article = article
            mention.method = Method.CURATOR
            entity = entity_of(mention)
            if mention.pk:
                field_name = MENTION_FIELD[type(mention)]
                before = (
                    type(mention)
                    .objects.filter(pk=mention.pk)
                    .values_list(f"{field_name}_id", flat=True)
                    .first()
                )
                if before is not None and before != entity.pk:
                    reject_link(article_id=article.pk, field=field_name, entity_id=before)
            if not mention.spans:
                _locate(mention, article, entity)
            field_name = MENTION_FIELD[type(mention)]
            existing = (
                type(mention)
                .objects.filter(article=article, **{field_name: entity})
                .exclude(pk=mention.pk)
                .first()
            )
            if existing is None:
                mention.save()
                continue
            _combine(existing, mention)
            existing.save()
            if mention.pk:
                mention.delete()
            result.combined += 1
        notify_changed(result.article_ids)
    return result


def _reject(mention):
    """The curator took this mention's entity off its article: re-linking must not restore it."""
    field_name = MENTION_FIELD[type(mention)]
    reject_link(
        article_id=mention.article_id,
        field=field_name,
        entity_id=getattr(mention, f"{field_name}_id"),
    )


def _move(mention, target, result):
    """Link one mention to target, folding it into target's mention of that article."""
    result.article_ids.add(mention.article_id)
    if entity_of(mention) != target:
        _reject(mention)
    target_model, target_field = LINKS[type(target)]
    existing = target_model.objects.filter(
        article_id=mention.article_id, **{target_field: target}
    ).first()
    if existing is not None and existing.pk == mention.pk and type(existing) is type(mention):
        return
    if existing is not None:
        _combine(existing, mention)
        existing.save()
        mention.delete()
        result.combined += 1
        return
    if type(mention) is target_model:
        setattr(mention, target_field, target)
        mention.method = Method.CURATOR
        mention.save()
    else:
        target_model.objects.create(
            article_id=mention.article_id,
            **{target_field: target},
            count=mention.count,
            first_offset=mention.first_offset,
            spans=mention.spans,
            sentence=mention.sentence,
            method=Method.CURATOR,
        )
        mention.delete()
    result.moved += 1


def _combine(kept, other):
    """Fold other's occurrences (same article) into kept."""
    spans = sorted({tuple(s) for s in [*kept.spans, *other.spans] if len(s) == 2})
    kept.spans = [list(s) for s in spans]
    kept.count = len(spans) if spans else kept.count + other.count
    offsets = [o for o in (kept.first_offset, other.first_offset) if o is not None]
    if other.first_offset is not None and (
        kept.first_offset is None or other.first_offset < kept.first_offset
    ):
        kept.sentence = other.sentence or kept.sentence
    kept.first_offset = min(offsets) if offsets else None
    kept.sentence = kept.sentence or other.sentence
    for name in ("positions", "surface"):
        if hasattr(kept, name) and hasattr(other, name):
            setattr(kept, name, list(dict.fromkeys([*getattr(kept, name), *getattr(other, name)])))
    kept.method = Method.CURATOR


def _locate(mention, article, entity):
    """Fill a new link's spans, count, first offset and sentence from where text names entity."""
    text = article.full_text
    lowered = text.lower()
    forms = [entity.name, *entity.aliases]
    if isinstance(entity, Directive):
        forms += [entity.symbol, entity.key]
    spans = []
    for form in sorted({f for f in forms if f}, key=len, reverse=True):
        haystack, needle = (lowered, form.lower()) if len(lowered) == len(text) else (text, form)
        start = haystack.find(needle)
        while start != -1:
            end = start + len(needle)
            whole_word = (start == 0 or not text[start - 1].isalnum()) and (
                end == len(text) or not text[end].isalnum()
            )
            if whole_word and not any(start < e and s < end for s, e in spans):
                spans.append((start, end))
            start = haystack.find(needle, end)
    spans.sort()
    mention.spans = [list(s) for s in spans]
    mention.count = len(spans) or 1
    mention.first_offset = spans[0][0] if spans else None
    if spans and not mention.sentence:
        mention.sentence = _sentence_at(text, spans[0][0])


def _sentence_at(text, offset):
    starts = [0] + [m.end() for m in _SENTENCE_END.finditer(text) if m.end() <= offset]
    start = starts[-1]
    end_match = _SENTENCE_END.search(text, offset)
    return text[start : end_match.start() if end_match else len(text)].strip()
