"""Writing the index: one writer at a time, whole batches, no LockError.

The writing half of search/backend.py. Whoosh allows one writer per index; every write here
first takes the file lock of search/locking.py, so concurrent imports and curation queue up
instead of failing (haystack's backend raises LockError or logs it and drops the update).
"""

import logging
import os
from datetime import date, datetime

from django.utils.encoding import force_str
from haystack.constants import DJANGO_CT, ID
from haystack.exceptions import SkipDocument
from haystack.utils import get_identifier, get_model_ct
from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length
from whoosh.writing import CLEAR, SegmentWriter

from .locking import index_write_lock
from .schema import TERMS_VERSION

log = logging.getLogger(__name__)

WRITER_LIMIT_MB = 256
# Beside the index's own files: the schema.TERMS_VERSION its documents were written with.
TERMS_VERSION_FILE = "TERMS_VERSION"

# Whoosh's W3 codec asks for the length of the document of every posting it writes (to keep
# per-block length bounds), and the stock SegmentWriter answers each time from the column file
# just written: on this corpus that was two thirds of a rebuild. We read each length column
# once into a list. Merges go through the same path, so they gain too.
_LENGTHS = [byte_to_length(b) for b in range(256)]


class _Lengths:
    """doc_field_length() answered from lists read once per field."""

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
    """SegmentWriter whose flush (and merges) read document lengths through _Lengths."""

    def _flush_segment(self):
        self.perdocwriter.close()
        perdoc = self.per_document_reader() if self.codec.length_stats else None
        lengths = _Lengths(perdoc) if perdoc is not None else None
        self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
        self.fieldwriter.close()
        if perdoc is not None:
            perdoc.close()


class OneWriterMixin:
    """update/remove/clear for a haystack Whoosh backend, each under the index's file lock."""

    def write_lock(self):
        """Context manager: this process is the index's only writer until it exits."""
        if not self.setup_complete:
            self.setup()
        return index_write_lock(self._lock_path())

    def _lock_path(self):
        return self.path if self.use_file_storage else None

    def _writer(self):
        # timeout: a writer from outside this backend (stock haystack) may still hold Whoosh's
        # own lock; wait for it rather than raise LockError.
        return SegmentWriterWithLengths(
            self.index, limitmb=WRITER_LIMIT_MB, timeout=120.0, delay=0.05
        )

    def _whoosh_document(self, prepared):
        document = {}
        for key, value in prepared.items():
            if value is None or key == "boost":
                continue
            if isinstance(value, datetime):
                pass
            elif isinstance(value, date):
                value = datetime(value.year, value.month, value.day)
            elif isinstance(value, (list, tuple)):
                value = [force_str(v) for v in value]
            elif not isinstance(value, (int, float, bool)):
                value = force_str(value)
            document[key] = value
        return document

    def update(self, index, iterable, commit=True):
        if not self.setup_complete:
            self.setup()
        documents = []
        for obj in iterable:
            try:
                documents.append(self._whoosh_document(index.full_prepare(obj)))
            except SkipDocument:
                log.debug("Indexing for object %s skipped", obj)
        if not documents:
            return
        with self.write_lock():
            writer = self._writer()
            try:
                # One deletion pass for the batch: Whoosh's update_document opens a searcher
                # over every segment for each document (reading each compound segment's term
                # file again), which cost more than the indexing itself.
                if writer.segments:
                    with writer.searcher() as searcher:
                        ids = [wq.Term(ID, document[ID]) for document in documents]
                        writer.delete_by_query(wq.Or(ids), searcher=searcher)
                for document in documents:
                    try:
                        writer.add_document(**document)
                    except Exception:
                        if not self.silently_fail:
                            raise
                        log.exception("Could not index %s", document.get(ID))
            except BaseException:
                writer.cancel()
                raise
            writer.commit()

    def remove(self, obj_or_string, commit=True):
        self.remove_many([obj_or_string])

    def remove_many(self, objs_or_strings):
        """Remove several documents with one writer."""
        if not self.setup_complete:
            self.setup()
        identifiers = [get_identifier(obj) for obj in objs_or_strings]
        if not identifiers:
            return
        with self.write_lock():
            writer = self._writer()
            try:
                for identifier in identifiers:
                    writer.delete_by_term(ID, identifier)
            except BaseException:
                writer.cancel()
                raise
            writer.commit()

    def clear(self, models=None, commit=True):
        if not self.setup_complete:
            self.setup()
        with self.write_lock():
            if models is None:
                self._clear_all()
                return
            writer = self._writer()
            try:
                for model in models:
                    writer.delete_by_term(DJANGO_CT, get_model_ct(model))
            except BaseException:
                writer.cancel()
                raise
            writer.commit()

    def delete_index(self):
        if not self.setup_complete:
            self.setup()
        with self.write_lock():
            self._clear_all()

    def _clear_all(self):
        # Whoosh's CLEAR commit empties the index in a new generation: searchers in other
        # processes keep reading the old files until they refresh, and the folder never
        # disappears (haystack's delete_index removes it). A changed schema needs a new index.
        on_disk = self.storage.open_index()
        if on_disk.schema == self.schema:
            self._writer().commit(mergetype=CLEAR)
        else:
            self.storage.create_index(self.schema)
        self.index = self.storage.open_index(schema=self.schema)
        self._searcher = None
        self._mark_terms_version()

    def _mark_terms_version(self):
        """Record that the (empty) index is written with this code's terms (is_stale)."""
        if self.use_file_storage:
            with open(os.path.join(self.path, TERMS_VERSION_FILE), "w", encoding="ascii") as f:
                f.write(f"{TERMS_VERSION}\n")

    def optimize(self):
        if not self.setup_complete:
            self.setup()
        with self.write_lock():
            self._writer().commit(optimize=True)
