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

from archive.ingest import InputError

from .corpus import _is_corpus_shape, _parse_corpus, _split_body
from .page import _parse_page

# 2: corpus bodies give up their closing byline to authors (bench/bylines.py).
PARSER_VERSION = 2

# A line of 1.9 MB (a whole site dump on one line) took 22.6 s to import and made a 2.8 MB
# article page. The corpus's longest line is a 49,640-character body (35,390 articles):
# four times that is refused as not one article's text. A lead or paragraph over
# LONG_PART (the seeds' longest paragraph is 5,733) is cut where its sentences end.
MAX_LINE_CHARS = 200_000
LONG_PART = 10_000


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
    for number, row in enumerate(rows, 1):
        if len(row) > MAX_LINE_CHARS:
            raise InputError(
                f"line {number} is {len(row):,} characters long, past the {MAX_LINE_CHARS:,} "
                "a line may have: not one article's text (split it into paragraphs)"
            )
    while rows and not rows[-1].strip():
        rows.pop()
    while rows and not rows[0].strip():
        rows.pop(0)
    blocks = _blocks(rows)
    if _is_corpus_shape(rows, blocks):
        return _split_long_parts(_parse_corpus(blocks))
    return _split_long_parts(_parse_page(blocks))


def _split_long_parts(article):
    """A lead or paragraph over LONG_PART characters becomes paragraphs cut at sentence ends."""
    if len(article.lead) > LONG_PART:
        first, *rest = _split_body(article.lead)
        article.lead, article.paragraphs = first, [*rest, *article.paragraphs]
    if any(len(p) > LONG_PART for p in article.paragraphs):
        article.paragraphs = [
            piece
            for paragraph in article.paragraphs
            for piece in (_split_body(paragraph) if len(paragraph) > LONG_PART else [paragraph])
        ]
    return article


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
