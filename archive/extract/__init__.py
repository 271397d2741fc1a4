"""Entity extraction: directives, people with their positions, organisations, provinces.

extract_entities() takes the article's parts and their stored segmentation and returns plain
data; archive/services.py links it to database records. Offsets count into the parts joined
by blank lines (Article.full_text).
"""

from dataclasses import asdict, dataclass, field
from datetime import date


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
    positions: list[str] = field(default_factory=list)


@dataclass
class OrganizationFound(Found):
    province: str = ""  # canonical province name, when the body is a province's


@dataclass
class DirectiveFound(Found):
    key: str = ""
    kind: str = ""
    number: str = ""
    year: int | None = None
    issuer: str = ""
    issued: date | None = None
    issuing_body: str = ""
    term: str = ""  # khóa, roman numerals ("XIII")


@dataclass
class Entities:
    persons: list[PersonFound] = field(default_factory=list)
    organizations: list[OrganizationFound] = field(default_factory=list)
    directives: list[DirectiveFound] = field(default_factory=list)
    provinces: list[Found] = field(default_factory=list)

    def as_json(self):
        """The entity lists of `manage.py extract --json` (a stable interface)."""
        return {
            "persons": [
                {"name": p.name, "positions": p.positions, "mentions": p.mentions}
                for p in self.persons
            ],
            "organizations": [
                {"name": o.name, "mentions": o.mentions} for o in self.organizations
            ],
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
                }
                for d in self.directives
            ],
            "provinces": [p.name for p in self.provinces],
        }


def extract_entities(texts, segmented, *, published=None):
    """Entities in an article.

    texts: the parts (title, lead, paragraphs, captions) as written; segmented: for each part,
    its normalised words (archive.text.segment tokens). published: the article's date, used to
    scope directives whose text gives no term or year.
    """
    return Entities()


__all__ = ["DirectiveFound", "Entities", "Found", "OrganizationFound", "PersonFound",
           "asdict", "extract_entities"]
