"""The CPU-heavy half of an import, run in worker processes: no Django, no database.

file -> read (encoding checked) -> parse -> segment once -> extract entities -> Processed.
The single writer (archive/services.py) stores what comes out.
"""

from dataclasses import dataclass
from pathlib import Path

from archive.extract import Entities, extract_entities
from archive.ingest import InputError, ParsedArticle
from archive.ingest.parse import parse
from archive.ingest.read import content_hash, read_text
from archive.text import align, segment, words_line
from archive.text.segment import Token


@dataclass
class Processed:
    """Everything the writer stores for one article."""

    path: str
    raw: str
    content_hash: str
    parsed: ParsedArticle
    segmented: list[str]  # one line of words per part, in ParsedArticle.texts() order
    entities: Entities


@dataclass
class Failure:
    path: str
    reason: str


@dataclass
class Known:
    """A file whose text is already stored: nothing to parse or segment."""

    path: str
    content_hash: str


def process_text(raw, *, path, reuse=None):
    """Parse, segment and extract one article's text.

    reuse maps a part's text to its stored line of words, so a re-parse (--update) segments
    only the parts the new parser changed.
    """
    parsed = parse(raw)
    reuse = reuse or {}
    tokens: list[list[Token]] = []
    for text in parsed.texts():
        stored = reuse.get(text)
        tokens.append(align(text, stored.split()) if stored is not None else segment(text))
    entities = extract_entities(parsed.texts(), tokens, published=parsed.published)
    return Processed(
        path=path,
        raw=raw,
        content_hash=content_hash(raw),
        parsed=parsed,
        segmented=[words_line(part) for part in tokens],
        entities=entities,
    )


def process_file(path, *, max_bytes, known_hashes=frozenset()):
    """Processed, Known or Failure for one file; never raises for bad input."""
    path = str(path)
    try:
        raw = read_text(Path(path), max_bytes=max_bytes)
        digest = content_hash(raw)
        if digest in known_hashes:
            return Known(path, digest)
        return process_text(raw, path=path)
    except InputError as error:
        return Failure(path, str(error))
    except Exception as error:  # a parser bug must not stop the other files
        return Failure(path, f"could not be processed ({type(error).__name__}: {error})")
