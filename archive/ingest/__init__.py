"""From a file to a parsed article: bytes to text (read.py), text to parts (parse/)."""

from dataclasses import dataclass, field
from datetime import date


class InputError(Exception):
    """A file the importer refuses; the message names the reason, the caller names the file."""


@dataclass
class ParsedArticle:
    """What the parser finds in one page. title is "" when the page has no real headline."""

    title: str = ""
    published: date | None = None
    source: str = ""
    authors: list[str] = field(default_factory=list)
    lead: str = ""
    paragraphs: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)

    def texts(self):
        """Title, lead, paragraphs, captions: the order of Article.document_parts()."""
        return [self.title, self.lead, *self.paragraphs, *self.captions]
