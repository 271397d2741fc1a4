"""Everything this project uses of Whoosh's private internals, in one place, for one version.

Whoosh 2.7.4 (2016) is the last release. Faster rebuilds (writing.py) read the W3 codec's
length columns; facet and date caches (facets.py) key segments by their id. Another version
may lay these out differently, so importing this module with one refuses to go on.
"""

import whoosh
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length
from whoosh.util.times import long_to_datetime
from whoosh.writing import CLEAR, SegmentWriter

SUPPORTED_VERSION = (2, 7, 4)

if tuple(whoosh.__version__) != SUPPORTED_VERSION:
    wanted, found = (".".join(map(str, v)) for v in (SUPPORTED_VERSION, whoosh.__version__))
    raise ImportError(
        f"search/engines/whoosh relies on internals of Whoosh {wanted}; Whoosh {found} is "
        f"installed. Install whoosh=={wanted}."
    )

lenfield = _lenfield
_LENGTH_OF_BYTE = [byte_to_length(b) for b in range(256)]


class Lengths:
    """W3PerDocReader.doc_field_length() answered from lists read once per field."""

    def __init__(self, perdoc):
        self._perdoc = perdoc
        self._fields = {}

    def doc_field_length(self, docnum, fieldname, default=0):
        lengths = self._fields.get(fieldname)
        if lengths is None:
            reader = self._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            lengths = self._fields[fieldname] = (
                [_LENGTH_OF_BYTE[b] if b else None for b in reader] if reader is not None else ()
            )
        # As the codec answers: None for a zero length byte, default without a column.
        return lengths[docnum] if docnum < len(lengths) else default


def cache_lengths(searcher):
    """Have every segment of searcher answer document lengths from memory.

    BM25F asks a document's field length for every posting it scores (112,941 times for
    "Bí thư Tỉnh ủy" on the corpus); without memory-mapped files each answer was a seek and
    a read of the length column, most of the query's time. Each segment's lists are read
    once, and a segment never changes once written.
    """
    for sub, _offset in searcher.leaf_searchers():
        perdoc = getattr(sub.reader(), "_perdoc", None)
        if perdoc is not None and not getattr(perdoc, "_lengths_in_memory", False):
            perdoc.doc_field_length = Lengths(perdoc).doc_field_length
            perdoc._lengths_in_memory = True


def segment_id(reader):
    """A segment's random id; a segment never changes once written (deletions aside)."""
    return reader.segment().segment_id()


__all__ = [
    "CLEAR",
    "Lengths",
    "cache_lengths",
    "LENGTHS_COLUMN",
    "SegmentWriter",
    "byte_to_length",
    "lenfield",
    "long_to_datetime",
    "segment_id",
]
