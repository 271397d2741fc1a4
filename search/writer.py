"""A Whoosh segment writer that reads document lengths once per field, not once per posting.

Whoosh's W3 codec asks for the length of the document of every posting it writes (to keep
per-block length bounds), and the stock SegmentWriter answers each time from the column
file just written: on this corpus that was two thirds of a rebuild. We read each length
column once into a list. Merges go through the same path, so they gain too.
"""

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length
from whoosh.writing import SegmentWriter

_LENGTHS = [byte_to_length(b) for b in range(256)]


class _Lengths:
    def __init__(self, perdoc):
        self._perdoc = perdoc
        self._fields = {}

    def doc_field_length(self, docnum, fieldname, default=0):
        lengths = self._fields.get(fieldname)
        if lengths is None:
            reader = self._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            lengths = self._fields[fieldname] = (
                [_LENGTHS[b] if b else None for b in reader] if reader is not None else ()
            )
        # As the codec answers: None for a zero length byte, default without a column.
        return lengths[docnum] if docnum < len(lengths) else default


class SegmentWriterWithLengths(SegmentWriter):
    def _flush_segment(self):
        self.perdocwriter.close()
        perdoc = self.per_document_reader() if self.codec.length_stats else None
        lengths = _Lengths(perdoc) if perdoc is not None else None
        self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
        self.fieldwriter.close()
        if perdoc is not None:
            perdoc.close()
