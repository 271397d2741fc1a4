"""Link an article's extracted entities to one database record each, and record the mentions.

One real-world entity is one record across the archive:
- people, organisations and provinces by archive.text.match_key of the name or of any
  spelling already seen (case, tone placement hoá/hóa, Ð/Đ and Unicode form ignored); every
  new spelling becomes an alias;
- directives by (key, scope), see archive/extract/directives.py: a document whose scope the
  text and the article's date do not tell gets the scope "article:<id>", so it never merges
  with another silently; a curator merges it in the admin.

Re-linking (after a parser update) first deletes the article's mentions found by rules or
lists; a curator's mentions stay, and a found entity a curator already linked is left to them.
"""

from contextlib import contextmanager

from django.db import transaction

from archive.kinds import KINDS
from archive.models import (
    Directive,
    DirectiveMention,
    Method,
    NamesVersion,
    Organization,
    OrganizationMention,
    Person,
    PersonMention,
    Province,
    ProvinceMention,
    RejectedLink,
    unique_slug,
)
from archive.text import fold_diacritics, match_key, normalize

_MENTIONS = tuple((kind.mention, kind.name) for kind in KINDS)


class Resolver:
    """Finds the record of a name among every name and alias already stored.

    An import run keeps one: it reads each kind's records once, then learns the records it
    creates and the aliases it adds, where a lookup per name would scan every record's
    aliases (a LIKE over the whole table, slower with every article). sync() reads again the
    kinds whose names curators changed meanwhile (NamesVersion, which every curation of
    names raises): a merge made during an import had the import recreate the merged-away
    person under its old slug. The import syncs once per batch, inside the batch's
    transaction (archive.batch), which curations then wait for; a rolled-back article or
    batch makes it forget everything it knows (its records may be the rolled-back ones).
    """

    def __init__(self):
        self._records = {}  # model -> {match key: record}
        self._versions = None
        self._held = False

    def sync(self):
        """Forget the names of the kinds curators changed since they were read (NamesVersion);
        nothing to do while held (a batch synced at its start)."""
        if self._held:
            return
        versions = NamesVersion.current()
        if self._versions is not None:
            for model in list(self._records):
                kind = model._meta.model_name
                if versions.get(kind) != self._versions.get(kind):
                    del self._records[model]
        self._versions = versions

    @contextmanager
    def held(self):
        """Synced once for a whole transaction (an import's batch): link_entities does not
        ask again for each article."""
        self.sync()
        self._held = True
        try:
            yield self
        finally:
            self._held = False

    def forget(self):
        """Read every kind again at the next lookup."""
        self._records.clear()

    def _table(self, model):
        table = self._records.get(model)
        if table is None:
            table = {}
            for entity in model.objects.all():
                for spelling in (entity.name, *entity.aliases):
                    table.setdefault(match_key(spelling), entity)
            self._records[model] = table
        return table

    def find(self, model, keys):
        table = self._table(model)
        return next((table[key] for key in keys if key in table), None)

    def learn(self, entity, keys):
        table = self._table(type(entity))
        for key in keys:
            table[key] = entity


def link_entities(*, article, entities, resolver=None, fresh=False) -> None:
    """Replace the article's found mentions with those of entities (an extract.Entities).

    resolver: an import run's Resolver, shared across its articles; fresh: the article was
    created in this transaction, so it has no mentions to replace.
    """
    resolver = resolver or Resolver()
    with transaction.atomic():
        resolver.sync()
        mentions = _Mentions(article, fresh=fresh)
        provinces = {}
        for found in entities.provinces:
            province = _named(Province, found.name, found.surface, resolver)
            provinces[found.name] = province
            mentions.add(ProvinceMention, found, province=province)
        for found in entities.persons:
            person = _named(Person, found.name, found.surface, resolver)
            mentions.add(PersonMention, found, person=person, positions=found.positions)
        for found in entities.organizations:
            organization = _named(Organization, found.name, found.surface, resolver)
            if found.province and organization.province_id is None:
                organization.province = provinces.get(found.province) or _named(
                    Province, found.province, [], resolver
                )
                organization.save(update_fields=["province"])
            mentions.add(OrganizationMention, found, organization=organization)
        for found in entities.directives:
            directive = _directive(found, article)
            mentions.add(DirectiveMention, found, directive=directive, surface=found.surface)
        mentions.save()


class _Mentions:
    """The article's new mentions, one per entity: two found entities that a curator has
    made one record ("Phan Chu Trinh", "Phan Châu Trinh") make one mention."""

    def __init__(self, article, *, fresh):
        self.article = article
        # Entities a curator linked (their mention stands) or took off (it stays off).
        self.curated = {model: set() for model, _field in _MENTIONS}
        self.new = {}
        if fresh:
            return
        rejected = {}
        for kind, entity_id in RejectedLink.objects.filter(article=article).values_list(
            "kind", "entity_id"
        ):
            rejected.setdefault(kind, set()).add(entity_id)
        for model, field in _MENTIONS:
            existing = model.objects.filter(article=article)
            existing.exclude(method=Method.CURATOR).delete()
            self.curated[model] = set(existing.values_list(f"{field}_id", flat=True))
            self.curated[model] |= rejected.get(field, set())

    def add(self, model, found, **fields):
        entity = next(v for v in fields.values() if hasattr(v, "pk"))
        if entity.pk in self.curated[model]:
            return  # a curator already linked this entity here; their mention stands
        mention = self.new.get((model, entity.pk))
        if mention is None:
            self.new[(model, entity.pk)] = model(
                article=self.article,
                spans=[list(span) for span in found.spans],
                sentence=found.sentence,
                method=found.method,
                **fields,
            )
            return
        mention.spans = sorted(mention.spans + [list(span) for span in found.spans])
        for extra in ("positions", "surface"):
            if extra in fields:
                merged = getattr(mention, extra) + fields[extra]
                setattr(mention, extra, list(dict.fromkeys(merged)))

    def save(self):
        by_model = {}
        for (model, _pk), mention in self.new.items():
            mention.count = len(mention.spans)
            mention.first_offset = mention.spans[0][0] if mention.spans else None
            by_model.setdefault(model, []).append(mention)
        for model, rows in by_model.items():
            model.objects.bulk_create(rows)


def _named(model, name, spellings, resolver):
    """The record of a person, organisation or province, created if new.

    Identity is the resolved name (or a stored alias of it, e.g. after a curator's merge).
    Only spellings of that same name (case, diacritics, Ð, tone placement) become aliases:
    a bare "Tỉnh ủy" that extraction resolved to "Tỉnh ủy Đắk Nông" in one article, or a
    short "bà Mai", would otherwise become keys that capture other articles' entities.
    """
    name = " ".join(normalize(name).split())
    key = match_key(name)
    folded = fold_diacritics(name)
    variants = [
        name,
        *(s for s in (" ".join(s.split()) for s in spellings) if fold_diacritics(s) == folded),
    ]
    entity = resolver.find(model, [key])
    if entity is None:
        entity = model(name=name, slug=unique_slug(model, name))
        changed = True
    else:
        changed = False
    for spelling in variants:
        changed = entity.add_alias(spelling) or changed
    if changed:
        entity.refresh_folded()
        entity.save()
    resolver.learn(entity, [key])
    return entity


def _directive(found, article):
    """The Directive of (key, scope), created if new; facts the record lacks are filled in."""
    scope = found.scope if found.scope is not None else f"article:{article.pk}"
    directive = Directive.objects.filter(key=found.key, scope=scope).first()
    facts = {
        "symbol": found.symbol,
        "kind": found.kind,
        "number": found.number,
        "year": found.year,
        "issuer": found.issuer,
        "issuing_body": found.issuing_body,
        "issued": found.issued,
        "term": found.term,
    }
    if directive is None:
        directive = Directive(
            key=found.key,
            scope=scope,
            name=found.name,
            slug=unique_slug(Directive, f"{found.name} {scope}"),
            **facts,
        )
        changed = True
    else:
        changed = False
        for fact, value in facts.items():
            if value and not getattr(directive, fact):
                setattr(directive, fact, value)
                changed = True
    for spelling in found.surface:
        changed = directive.add_alias(" ".join(spelling.split())) or changed
    if changed:
        directive.refresh_folded()
        directive.save()
    return directive
