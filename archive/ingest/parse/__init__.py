"""Text to parts: headline, date, source, byline, captions, lead and paragraphs.

Two shapes, told apart by parse():
- the corpus shape: headline, lead and the whole body on three lines (the baomoi corpus,
  corpus.py);
- raw text copied from a news page (the seeds): section labels, date lines, photo
  captions, bylines and site furniture around the paragraphs (page.py).

Parts keep the text as written (Ð stays Ð); only white space is tidied: a run of spaces
or non-breaking spaces becomes one space, as a browser shows it.

Both read their lines with dates.py, sources.py (outlets), bylines.py, furniture.py
(photo captions, site furniture), headlines.py and punctuation.py.
"""

from dataclasses import dataclass, field

from .corpus import _is_corpus_shape, _parse_corpus
from .page import _parse_page

# 2: corpus bodies give up their closing byline to authors (bench/bylines.py).
PARSER_VERSION = 2


@dataclass
class _Block:
    """One non-blank line of a page."""

    text: str  # white space tidied
    indented: bool  # began with a non-breaking space (000's captions)
    before_photo: bool = False  # a line of only non-breaking spaces follows (000)
    words: int = field(init=False)

    def __post_init__(self):
        self.words = self.text.count(" ") + 1


def parse(text):
    """ParsedArticle for one article's text, in either shape."""
    rows = text.splitlines()
    while rows and not rows[-1].strip():
        rows.pop()
    while rows and not rows[0].strip():
        rows.pop(0)
    blocks = _blocks(rows)
    if _is_corpus_shape(rows, blocks):
        return _parse_corpus(blocks)
    return _parse_page(blocks)


def parse_page_lines(lines, article):
    """The raw-page rules over the text lines of a captured page, its known parts preset."""
    return _parse_page(_blocks(lines), article)


def _blocks(rows):
    blocks = []
    for row in rows:
        if row.strip():
            blocks.append(_block(row))
        elif "\xa0" in row and blocks:
            blocks[-1].before_photo = True
    return blocks


def _block(row):
    return _Block(_tidy(row), indented=row.startswith("\xa0"))


def _tidy(text):
    return " ".join(text.split())
