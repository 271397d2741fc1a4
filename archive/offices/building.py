"""Offices and tenures from what extraction found: one article at import, or the whole stored
archive (`manage.py rebuild_offices`), from stored data without segmenting again.

Curators' corrections (OfficeCorrection) are applied on every build: a title moved to
another office or person goes there again, one marked wrongly read stays off.
"""

import re
from dataclasses import dataclass

from django.db import transaction

from archive.extract import extract_entities
from archive.models import Article, Organization, Province, unique_slug
from archive.text import align, match_key

from .models import Office, OfficeCorrection, Tenure, TenureEvidence

# An office whose title names no body ("Phó Giám đốc" alone) is kept to its person, so
# that people who each lead something different never share it.
UNKNOWN = "?"
_PLACELESS = re.compile(
    r"(?:^|\s)(?:Tỉnh ủy|Thành ủy|Huyện ủy|Quận ủy|Thị ủy)$|\s(?:tỉnh|thành phố|huyện|quận|xã|"
    r"phường|thị xã|thị trấn)$|^Sở [^A-Z]*$",
    re.IGNORECASE,
)


@dataclass
class BuildResult:
    articles: int = 0
    evidence: int = 0
    failed: int = 0


def record_offices(*, article, entities, pending=None, fresh=False, memo=None) -> int:
    """Replace the offices one article gives its people with those of entities (an
    extract.Entities): tenures, evidence, former titles on the mentions. Returns the number
    of evidence rows written. Call inside the writer's transaction.

    pending: a set that collects the tenures to refresh (refresh_tenures) once a batch of
    articles is done, instead of after each article. fresh: the article was created in this
    transaction, so it has no evidence to replace. memo: a dict kept by the caller for the
    offices and tenures met in one transaction (an import's batch), emptied on a rollback."""
    if fresh and not entities.persons:
        return 0  # no one to give an office, no evidence to replace
    memo = {} if memo is None else memo
    with transaction.atomic():
        touched = set()
        if not fresh:
            evidence = TenureEvidence.objects.filter(article=article)
            touched = set(evidence.values_list("tenure_id", flat=True))
            evidence.delete()
        # A found person is the mention at the same place in the text: after a curator moved
        # the mention to someone else, the titles there are that person's.
        mentions, at = {}, {}
        for mention in article.person_mentions.select_related("person"):
            for name in (mention.person.name, *mention.person.aliases):
                mentions.setdefault(match_key(name), mention)
            for start, _end in mention.spans:
                at[start] = mention
        if "corrected" not in memo:
            memo["corrected"] = OfficeCorrection.objects.exists()
        corrections = {}
        if memo["corrected"]:
            corrections = _corrections([m.person_id for m in mentions.values()], article)
        rows = {}  # (tenure, former) -> its evidence: the article's last word on it
        for found in entities.persons:
            mention = next((at[a] for a, _b in found.spans if a in at), None)
            mention = mention or mentions.get(match_key(found.name))
            if mention is None:
                continue  # a curator took this person off the article
            if mention.former != found.former:
                mention.former = found.former
                mention.save(update_fields=["former"])
            for ref in found.offices:
                tenure = _tenure(ref, mention.person, corrections, memo)
                if tenure is None:
                    continue
                rows[(tenure.pk, ref.former)] = TenureEvidence(
                    tenure=tenure,
                    article=article,
                    former=ref.former,
                    title=ref.title[:500],
                    sentence=ref.sentence,
                    events=[{"event": e, "sentence": s} for e, s in ref.events],
                )
                touched.add(tenure.pk)
        # The article's evidence was deleted above (or it has none): every row is new.
        TenureEvidence.objects.bulk_create(rows.values())
        if pending is None:
            refresh_tenures(touched)
        else:
            pending |= touched
    return len(rows)


def refresh_tenures(tenure_ids):
    """Dates of these tenures from their evidence; a tenure left without any is deleted."""
    for tenure in Tenure.objects.filter(pk__in=tenure_ids):
        if not tenure.evidence.exists():
            tenure.delete()
            continue
        tenure.refresh_dates()
        tenure.save(update_fields=["first_seen", "last_seen", "former_on"])


def rebuild_all(*, articles=None, batch=200, on_failure=None) -> BuildResult:
    """Build offices for every stored article (or those of a queryset) from its stored
    segmentation. on_failure(article, error) hears of an article that could not be read."""
    result = BuildResult()
    queryset = (articles if articles is not None else Article.objects.all()).order_by("pk")
    ids = list(queryset.values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        chunk = Article.objects.filter(pk__in=ids[start : start + batch]).order_by("pk")
        with transaction.atomic():
            pending = set()
            for article in chunk:
                try:
                    entities = stored_entities(article)
                except ValueError as error:
                    result.failed += 1
                    if on_failure:
                        on_failure(article, error)
                    continue
                result.evidence += record_offices(
                    article=article, entities=entities, pending=pending
                )
                result.articles += 1
            refresh_tenures(pending)
    Office.objects.filter(tenures__isnull=True, corrections_in__isnull=True).delete()
    return result


def stored_entities(article):
    """Extraction re-run on an article's stored segmentation (no segmenter involved)."""
    texts = [text for _kind, text in article.document_parts()]
    lines = article.segmented.split("\n") if article.segmented else []
    if len(lines) != len(texts):
        raise ValueError(f"stored segmentation has {len(lines)} lines for {len(texts)} parts")
    tokens = [align(text, line.split()) for text, line in zip(texts, lines, strict=True)]
    return extract_entities(texts, tokens, published=article.published)


def _corrections(person_ids, article):
    """{(person id, office key): correction} that apply to this article."""
    out = {}
    rows = OfficeCorrection.objects.filter(person_id__in=person_ids).select_related(
        "to_office", "to_person"
    )
    for row in rows.order_by("created_at"):
        if row.article_id not in (None, article.pk):
            continue
        out[(row.person_id, row.office_key)] = row
    return out


def _tenure(ref, person, corrections, memo):
    """The tenure a resolved title is evidence of, corrections applied; None if rejected."""
    key = _key(ref, person)
    correction = corrections.get((person.pk, key))
    office = None
    if correction is not None:
        if correction.kind == OfficeCorrection.Kind.REJECT:
            return None
        office = correction.to_office
        person = correction.to_person or person
    if office is None:
        office = memo.get(("office", key))
        if office is None or ref.title not in office.aliases and ref.title != office.name:
            office = memo[("office", key)] = office_for(ref, person)
    tenure = memo.get(("tenure", office.pk, person.pk))
    if tenure is None:
        tenure, _ = Tenure.objects.get_or_create(office=office, person=person)
        memo[("tenure", office.pk, person.pk)] = tenure
    return tenure


def _key(ref, person):
    return f"{ref.key} {UNKNOWN} {person.pk}" if _unknown(ref) else ref.key


def _unknown(ref):
    """A title naming no one body: no body at all ("Phó Giám đốc"), or a local one without
    its place ("Tỉnh ủy", "Ủy ban nhân dân tỉnh" in an article of no one province)."""
    return not ref.organization or (not ref.province and bool(_PLACELESS.search(ref.organization)))


def office_for(ref, person):
    """The Office of a resolved title, created if new; a new spelling becomes an alias."""
    key = _key(ref, person)
    office = Office.objects.with_key(key).first()
    if office is None:
        name = ref.name
        if _unknown(ref):
            # kept to its person: the name says so, so that two such offices read apart
            name = f"{ref.name} (chưa rõ tổ chức, {person.name})"
        office = Office(
            key=key,
            name=name,
            slug=unique_slug(Office, name),
            kind=ref.kind,
            organization_name=ref.organization,
            organization=Organization.objects.filter(name=ref.organization).first(),
            province=Province.objects.filter(name=ref.province).first() if ref.province else None,
            aliases=[ref.title],
        )
        office.save()
    elif ref.title not in office.aliases and ref.title != office.name:
        office.aliases = [*office.aliases, ref.title]
        office.save(update_fields=["aliases"])
    return office
