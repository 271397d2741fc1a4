"""Reads the office pages and API share: an office's holders, who held a post on a date, a
person's career, the offices of an organisation or province."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import F, Prefetch, Q

from archive.extract.offices import resolve
from archive.extract.provinces import canonical
from archive.models import Article, Province
from archive.text import fold_diacritics

from .models import Office, Tenure, TenureEvidence
from .provinces import province_with_predecessors, successor_name

EVIDENCE_SHOWN = 6


@dataclass
class Holder:
    """A tenure as a page shows it: dates, whether it overlaps another, the evidence."""

    tenure: Tenure
    evidence: list = field(default_factory=list)  # TenureEvidence, dated first
    overlaps: list = field(default_factory=list)  # other Holders of the office at once
    more: int = 0

    @property
    def person(self):
        return self.tenure.person


def _evidence():
    return Prefetch(
        "evidence",
        queryset=TenureEvidence.objects.select_related("article", "article__source").order_by(
            F("article__published").asc(nulls_last=True), "pk"
        ),
    )


def holders(office):
    """The office's holders in order of first dated evidence; overlapping tenures marked."""
    tenures = list(office.tenures.select_related("person").prefetch_related(_evidence()))
    tenures.sort(key=lambda t: (t.first_seen is None, t.first_seen or date.min, t.pk))
    rows = []
    for tenure in tenures:
        evidence = list(tenure.evidence.all())
        rows.append(Holder(tenure, evidence[:EVIDENCE_SHOWN], more=len(evidence) - EVIDENCE_SHOWN))
    for row in rows:
        row.overlaps = [o for o in rows if o is not row and _overlap(row.tenure, o.tenure)]
    return rows


def _overlap(a, b):
    if not (a.first_seen and a.last_seen and b.first_seen and b.last_seen):
        return False
    return a.first_seen <= b.last_seen and b.first_seen <= a.last_seen


def holders_on(office, day):
    """Holders whose dated evidence brackets day; two or more means articles disagree."""
    return [h for h in holders(office) if _held_on(h.tenure, day)]


def _held_on(tenure, day):
    return bool(tenure.first_seen and tenure.last_seen) and (
        tenure.first_seen <= day <= tenure.last_seen
    )


def undated_holders(office):
    """Holders only undated articles name: on no date can they be placed, nor left out."""
    return [h for h in holders(office) if not h.tenure.first_seen]


def nearest(office, day):
    """(the last holder seen before day, the first seen after) when no one is seen on it."""
    rows = holders(office)
    before = [h for h in rows if h.tenure.last_seen and h.tenure.last_seen < day]
    after = [h for h in rows if h.tenure.first_seen and h.tenure.first_seen > day]
    return (
        max(before, key=lambda h: h.tenure.last_seen, default=None),
        min(after, key=lambda h: h.tenure.first_seen, default=None),
    )


def find_offices(title, province=None):
    """Offices a title names, in a province (a Province, or None): the title resolved as the
    extractor resolves it, else every office whose name contains it (accents ignored)."""
    place = province.name if province else ""
    ref = resolve(title, province=place)
    found = []
    if ref.is_office:
        found = list(Office.objects.with_key(ref.key))
    if not found:
        folded = fold_diacritics(title).lower().strip()
        candidates = Office.objects.select_related("province")
        if province is not None:
            candidates = candidates.filter(province=province)
        found = [o for o in candidates if folded in fold_diacritics(o.name).lower()]
    return found


def province_named(text):
    """The Province of a slug or a name in any spelling; None if there is none."""
    text = (text or "").strip()
    found = Province.objects.filter(slug=text).first()
    if found is None and canonical(text):
        found = Province.objects.filter(name=canonical(text)).first()
    return found


def career(person):
    """A person's tenures in order, with their offices and evidence (former posts included)."""
    tenures = list(
        person.tenures.select_related("office", "office__province").prefetch_related(_evidence())
    )
    dated = [t for t in tenures if t.first_seen or t.former_on]
    undated = [t for t in tenures if not (t.first_seen or t.former_on)]
    dated.sort(key=lambda t: (t.first_seen or t.former_on, t.office.name))
    return dated + sorted(undated, key=lambda t: t.office.name)


def office_articles(office):
    """Articles that name someone in the office, newest first."""
    return Article.objects.filter(tenure_evidence__tenure__office=office).distinct().newest_first()


def offices_of(*, organization=None, province=None):
    """Offices of an organisation or a province, each with its latest known holder(s)."""
    offices = Office.objects.all()
    if organization is not None:
        offices = offices.filter(organization=organization)
    if province is not None:
        offices = offices.filter(Q(province=province) | Q(organization__province=province))
    out = []
    for office in offices.distinct().prefetch_related("tenures__person"):
        tenures = [t for t in office.tenures.all() if t.last_seen]
        latest = max((t.last_seen for t in tenures), default=None)
        current = [t for t in tenures if t.last_seen == latest and not _ended(t)]
        out.append((office, current, latest))
    out.sort(key=lambda row: (row[2] is None, -(row[2].toordinal() if row[2] else 0), row[0].name))
    return out


def _ended(tenure):
    return bool(tenure.former_on and tenure.last_seen and tenure.former_on >= tenure.last_seen)


@dataclass
class Successor:
    """The 2025 unit a merged province is part of: its name, and its page when the archive
    has the province of that name."""

    name: str
    province: Province | None

    def __str__(self):
        return self.name


def province_note(province):
    """The 2025 unit a province is part of, when it was merged away (for pages); None."""
    if province is None:
        return None
    new = successor_name(province.name)
    if not new or canonical(new) == province.name:
        return None
    return Successor(new, Province.objects.filter(name=canonical(new)).first())


def predecessors(province):
    """Provinces merged into this one on 1 July 2025 (Province records), itself left out."""
    slugs = province_with_predecessors(province)[1:]
    return list(Province.objects.filter(slug__in=slugs).order_by("name"))
