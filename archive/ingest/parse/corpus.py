"""The corpus shape: headline, lead and the whole body on three lines (the baomoi corpus)."""

import re

from archive.ingest import ParsedArticle

from .bylines import _byline_names, _names, _tail_byline
from .dates import _date_of_line, _lead_date
from .furniture import _is_furniture, _is_scene, _photo_marker
from .headlines import _could_be_headline, _is_label
from .sources import _republished, _strip_source


def _is_corpus_shape(rows, blocks):
    """Headline, lead and body (or headline and lead) on consecutive lines, nothing else.

    Raw pages separate their lines with blank ones, or (004) open with a caption; a page
    that is three bare lines with nothing raw about them reads the same either way.
    """
    if not 2 <= len(rows) <= 3 or len(blocks) != len(rows):
        return False
    head = blocks[0]
    if head.words > 50 or head.indented or _is_scene(head):
        return False
    if _is_label(head.text) and _could_be_headline(blocks[1]):  # 001's section label
        return False
    if len(blocks) == 3 and _names(blocks[2].text):  # a byline under the lead
        return False
    return not any(
        _date_of_line(b.text)
        or _is_furniture(b.text)
        or _byline_names(b.text) is not None
        or _republished(b.text)
        or _photo_marker(b.text) is not None
        for b in blocks
    )


def _parse_corpus(blocks):
    article = ParsedArticle(title=blocks[0].text)
    article.lead, article.source = _strip_source(blocks[1].text)
    article.published = _lead_date(article.lead)
    if len(blocks) == 3:
        body = blocks[2].text
        byline = _tail_byline(body)
        if byline is not None:  # "... làm rõ. Thanh Lâm": the author, not body text
            article.authors, start = byline
            body = body[:start].rstrip()
        article.paragraphs = _split_body(body)
    return article


_SENTENCE_END = re.compile(r"([.!?…]+[\"”’»)\]]*)(\s+)(?=[\"“‘«(\[]?(\w))")
_ABBREVIATIONS = frozenset("tp ths ts pgs gs bs ks th.s mr mrs ms dr st no vs v.v tr".split())


def _split_body(body, *, words=60, sentences=4):
    """Paragraphs of a few sentences from a body the corpus joined into one line.

    Cheap and lossless: a cut falls where a sentence ends and the next starts with a capital
    (not after "Tp." or an initial), and only the spaces at the cuts are dropped.
    """
    paragraphs, start, count = [], 0, 0
    for match in _SENTENCE_END.finditer(body):
        if not match.group(3).isupper():
            continue
        word = body[body.rfind(" ", 0, match.start()) + 1 : match.end(1)]
        before = word.rstrip('.!?…"”’»)]').lower()
        if before in _ABBREVIATIONS or len(before) <= 1:  # "Tp. Quảng Ngãi", "N. Q. Anh"
            continue
        count += 1
        # The body is tidied: one space between words.
        if count >= sentences or body.count(" ", start, match.end(1)) + 1 >= words:
            paragraphs.append(body[start : match.end(1)])
            start, count = match.end(2), 0
    paragraphs.append(body[start:])
    if len(paragraphs) > 1 and len(paragraphs[-1].split()) < 15:
        paragraphs[-2:] = [paragraphs[-2] + " " + paragraphs[-1]]
    return [p for p in paragraphs if p]
