"""Entity extraction: directives, people with their positions, organisations, provinces.

extract_entities() takes the article's parts and their stored segmentation and returns plain
data; archive/services.py links it to database records. Offsets count into the parts joined
by blank lines (Article.full_text).
"""

from dataclasses import asdict, dataclass, field
from datetime import date

from .directives import cited_documents, find_directives
from .document import Document
from .offices import resolve_offices
from .organizations import find_organizations
from .persons import build_persons, find_names
from .positions import merge
from .provinces import dominant, find_provinces
from .registry import FactFound, read_facts
from .relations import RelationFound, find_relations


@dataclass
class Found:
    """One entity in one article: every span, the first sentence, how it was recognised."""

    name: str
    spans: list[tuple[int, int]] = field(default_factory=list)
    sentence: str = ""
    method: str = "rule"  # "rule" | "list"
    surface: list[str] = field(default_factory=list)  # every spelling as written

    @property
    def mentions(self):
        return len(self.spans)


@dataclass
class PersonFound(Found):
    positions: list[str] = field(default_factory=list)  # current titles as written
    former: list[str] = field(default_factory=list)  # titles marked past, marker left out
    offices: list = field(default_factory=list)  # offices.OfficeRef of each title


@dataclass
class OrganizationFound(Found):
    province: str = ""  # canonical province name, when the body is a province's


@dataclass
class DirectiveFound(Found):
    key: str = ""
    symbol: str = ""  # the symbol as first written ("21 – KL/TW"), "" for named resolutions
    kind: str = ""
    number: str = ""
    year: int | None = None
    issuer: str = ""
    issued: date | None = None
    issuing_body: str = ""
    term: str = ""  # khóa, roman numerals ("XIII")
    # What tells this document apart from others with the same key (see directives.py);
    # None when neither the text nor the article's date tells: the linker then keeps the
    # document to its article.
    scope: str | None = None
    facts: list[FactFound] = field(default_factory=list)  # extract/registry.py


@dataclass
class Entities:
    persons: list[PersonFound] = field(default_factory=list)
    organizations: list[OrganizationFound] = field(default_factory=list)
    directives: list[DirectiveFound] = field(default_factory=list)
    provinces: list[Found] = field(default_factory=list)
    relations: list[RelationFound] = field(default_factory=list)  # between .directives

    def as_json(self):
        """The entity lists of `manage.py extract --json` (a stable interface)."""
        return {
            "persons": [
                {
                    "name": p.name,
                    "positions": p.positions,
                    "former": p.former,
                    "offices": [o.as_json() for o in p.offices],
                    "mentions": p.mentions,
                }
                for p in self.persons
            ],
            "organizations": [{"name": o.name, "mentions": o.mentions} for o in self.organizations],
            "directives": [
                {
                    "key": d.key,
                    "kind": d.kind,
                    "number": d.number,
                    "year": d.year,
                    "issuer": d.issuer,
                    "issued": d.issued.isoformat() if d.issued else None,
                    "issuing_body": d.issuing_body,
                    "surface": d.surface,
                    **{
                        f"{kind}s": [f.value for f in d.facts if f.kind == kind]
                        for kind in ("short_name", "subject", "signer")
                    },
                    # what this document is to others the article cites ("implements" ...)
                    "relations": [
                        {
                            "kind": r.kind,
                            "to": self.directives[r.target].key,
                            "sentence": r.sentence,
                        }
                        for r in self.relations
                        if r.source == i
                    ],
                }
                for i, d in enumerate(self.directives)
            ],
            "provinces": [p.name for p in self.provinces],
        }


def extract_entities(texts, segmented, *, published=None):
    """Entities in an article.

    texts: the parts (title, lead, paragraphs, captions) as written; segmented: for each part,
    its normalised words (archive.text.segment tokens). published: the article's date, used to
    scope directives whose text gives no term or year.
    """
    document = Document(texts, segmented)

    def found(cls, name, spans, method, surface=None, **extra):
        spans = sorted(spans)
        if surface is None:
            surface = list(dict.fromkeys(" ".join(document.written(*s).split()) for s in spans))
        sentence = document.sentence(spans[0][0])
        return cls(name, spans, sentence, method, surface, **extra)

    # Names first: a province inside a name ("Nguyễn Thái Bình") is not a province, and
    # names are masked so that titles and bodies never run into them.
    province_hits = find_provinces(document)
    names = find_names(document, province_hits)
    titled = []

    def make_person(name, spans, method, surface, titles):
        person = found(PersonFound, name, spans, method, surface, **_titles(titles))
        titled.append((person, titles))
        return person

    persons = build_persons(document, names, make_person)
    taken = [span for person in persons for span in person.spans]
    province_hits = [
        hit for hit in province_hits if not _inside(hit.part.offsets(hit.i, hit.j), taken)
    ]
    provinces = _collect((hit.name, hit.part.offsets(hit.i, hit.j), {}) for hit in province_hits)
    province = dominant(province_hits)
    org_hits = find_organizations(document, province)
    organizations = _collect(
        (hit.name, hit.part.span(hit.start, hit.end), {"province": hit.province, "m": hit.method})
        for hit in org_hits
        if hit.name
    )
    groups = cited_documents(document, org_hits, published=published)
    directives = find_directives(
        document,
        org_hits,
        published=published,
        province=province,
        make=lambda spans, surface, **fields: found(
            DirectiveFound, fields.pop("name"), spans, "rule", surface, **fields
        ),
        groups=groups,
    )
    for directive, facts in zip(directives, read_facts(document, groups, persons), strict=True):
        directive.facts = facts
    for person, titles in titled:
        person.offices = resolve_offices(document, titles, province=province)
    return Entities(
        persons=persons,
        organizations=[
            found(OrganizationFound, name, spans, extra.pop("m"), **extra)
            for name, (spans, extra) in organizations.items()
        ],
        directives=directives,
        provinces=[found(Found, name, spans, "list") for name, (spans, _) in provinces.items()],
        relations=find_relations(document, groups),
    )


def _titles(titles):
    """positions and former of a person from their titles (see persons.build_persons)."""
    return {
        "positions": merge([text for text, former, *_ in titles if not former]),
        "former": merge([text for text, former, *_ in titles if former]),
    }


def _collect(hits):
    """{name: (spans, extra)} in order of first mention, from (name, span, extra)."""
    out = {}
    for name, span, extra in hits:
        out.setdefault(name, ([], dict(extra)))[0].append(span)
    return out


def _inside(span, spans):
    return any(a <= span[0] and span[1] <= b for a, b in spans)


__all__ = [
    "DirectiveFound",
    "Entities",
    "FactFound",
    "Found",
    "OrganizationFound",
    "PersonFound",
    "RelationFound",
    "asdict",
    "extract_entities",
]
