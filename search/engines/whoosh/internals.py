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


def segment_id(reader):
    """A segment's random id; a segment never changes once written (deletions aside)."""
    return reader.segment().segment_id()


__all__ = [
    "CLEAR",
    "LENGTHS_COLUMN",
    "SegmentWriter",
    "byte_to_length",
    "lenfield",
    "long_to_datetime",
    "segment_id",
]
