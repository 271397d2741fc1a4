"""Writing the index: whole batches through one writer, documents' lengths read once.

Whoosh allows one writer per index; the engine takes the file lock of locking.py first, so
concurrent imports and curation queue up instead of failing with LockError.
"""

from datetime import datetime

from search.facets import FACETS

from .internals import Lengths, SegmentWriter

WRITER_LIMIT_MB = 256

# Whoosh's W3 codec asks for the length of the document of every posting it writes (to keep
# per-block length bounds), and the stock SegmentWriter answers each time from the column file
# just written: on this corpus that was two thirds of a rebuild. Lengths are read once per
# field into a list (internals.Lengths). Merges go through the same path, so they gain too.


class SegmentWriterWithLengths(SegmentWriter):
    """SegmentWriter whose flush (and merges) read document lengths through _Lengths."""

    def _flush_segment(self):
        self.perdocwriter.close()
        perdoc = self.per_document_reader() if self.codec.length_stats else None
        lengths = Lengths(perdoc) if perdoc is not None else None
        self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
        self.fieldwriter.close()
        if perdoc is not None:
            perdoc.close()


def whoosh_document(document):
    """The fields of one search.documents.IndexDocument as fields.schema() names them."""
    fields = {
        "id": str(document.article_id),
        "revision": document.revision,
        "text": document.segmented,
        "folded": document.segmented,
        "pairs": document.segmented,
        "title": document.title_words,
    }
    if document.published:
        published = document.published
        fields["published"] = datetime(published.year, published.month, published.day)
    for name in FACETS:
        values = document.values.get(name, ())
        if values:
            fields[name] = list(values)
    return fields


def new_writer(index):
    return SegmentWriterWithLengths(index, limitmb=WRITER_LIMIT_MB, timeout=120.0, delay=0.05)
