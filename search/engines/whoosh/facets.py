"""Facet counts on whole values, and date order, from per-segment caches.

haystack's Whoosh backend facets through Whoosh's categorizers, which read every posting of
the facet field on every search (and split a text field into words). Whoosh segments never
change once written, so we read each segment's postings once, keep value -> documents per
segment, and count a search's matches against them: set intersections in C when the
matches are many, a pass over the matched documents when they are few.
"""

import heapq
import threading
from collections import Counter, OrderedDict

from .internals import long_to_datetime, segment_id

_cache = OrderedDict()
_cache_lock = threading.Lock()
_CACHE_SIZE = 256


def _segment_key(reader, what):
    # Segment ids are random and a segment never changes once written (deletions aside,
    # and deleted documents never appear in a search's matches).
    return (segment_id(reader), what)


def _cached(reader, what, build):
    key = _segment_key(reader, what)
    with _cache_lock:
        value = _cache.get(key)
        if value is not None:
            _cache.move_to_end(key)
            return value
    value = build()
    with _cache_lock:
        _cache[key] = value
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return value


class _LeafValues:
    """One segment's value -> local document numbers for one field (deleted ones included)."""

    def __init__(self, reader, fieldname):
        self.value_docs = {}
        if fieldname in reader.schema and reader.doc_count_all():
            for btext in reader.lexicon(fieldname):
                docs = reader.postings(fieldname, btext).all_ids()
                self.value_docs[btext.decode("utf-8")] = frozenset(docs)
        self._doc_values = None

    @property
    def doc_values(self):
        if self._doc_values is None:
            by_doc = {}
            for value, docs in self.value_docs.items():
                for doc in docs:
                    by_doc.setdefault(doc, []).append(value)
            self._doc_values = by_doc
        return self._doc_values

    def count(self, docs, counter):
        if len(docs) * 4 < len(self.value_docs):
            doc_values = self.doc_values
            for doc in docs:
                values = doc_values.get(doc)
                if values:
                    counter.update(values)
        else:
            for value, value_docs in self.value_docs.items():
                n = (
                    len(value_docs & docs)
                    if len(value_docs) < len(docs) * 8
                    else sum(1 for d in docs if d in value_docs)
                )
                if n:
                    counter[value] += n


def leaves(searcher):
    """(segment reader, offset of its first document) for each segment that holds any (an
    empty index has one reader and no segment)."""
    return [
        (sub.reader(), offset)
        for sub, offset in searcher.leaf_searchers()
        if sub.reader().doc_count_all()
    ]


def split_by_leaf(docs, leaf_list):
    """Global document numbers -> one set of local numbers per segment."""
    if len(leaf_list) == 1:
        return [docs]
    bounds = [(offset, offset + reader.doc_count_all()) for reader, offset in leaf_list]
    parts = [set() for _ in leaf_list]
    for doc in docs:
        for k, (lo, hi) in enumerate(bounds):
            if lo <= doc < hi:
                parts[k].add(doc - lo)
                break
    return parts


def live_docs(searcher):
    """Every document that is not deleted, as a set of global numbers."""
    return set(searcher.reader().all_doc_ids())


def facet_counts(searcher, fieldname, docs, limit=None):
    """[(value, count)] of the whole values of fieldname among docs, most frequent first."""
    leaf_list = leaves(searcher)
    counter = Counter()
    for (reader, _offset), local in zip(leaf_list, split_by_leaf(docs, leaf_list), strict=True):
        if local:
            leaf = _cached(reader, ("facet", fieldname), lambda r=reader: _LeafValues(r, fieldname))
            leaf.count(local, counter)
    ranked = sorted(counter.items(), key=lambda item: (-item[1], item[0]))
    return ranked[:limit] if limit else ranked


def _leaf_column(reader, fieldname):
    def build():
        if not reader.has_column(fieldname):
            return [0] * reader.doc_count_all()
        return [v or 0 for v in reader.column_reader(fieldname, translate=False)]

    return _cached(reader, ("column", fieldname), build)


_ABSENT = 2**64 - 1  # Whoosh's DATETIME column for a document without the date


def by_column(searcher, fieldname, docs, count, highest_first=True):
    """The first count documents of docs in the order of a column (a date), highest first."""
    keys = []
    for reader, _offset in leaves(searcher):
        keys.extend(_leaf_column(reader, fieldname))
    # Ties (same day) go to the later-indexed document. An article without a date is stored
    # as the column's largest value; it goes last either way, not first among the newest.
    if highest_first:
        return heapq.nlargest(count, docs, key=lambda doc: (keys[doc] != _ABSENT, keys[doc], doc))
    return heapq.nsmallest(count, docs, key=lambda doc: (keys[doc], -doc))


def _leaf_months(reader):
    def build():
        months = []
        for value in _leaf_column(reader, "published"):
            if not value or value == _ABSENT:
                months.append(None)
            else:
                months.append(long_to_datetime(value).strftime("%Y-%m"))
        return months

    return _cached(reader, ("months",), build)


def month_counts(searcher, docs):
    """{"YYYY-MM": count} of the publication months of docs (undated ones left out)."""
    months = []
    for reader, _offset in leaves(searcher):
        months.extend(_leaf_months(reader))
    counts = Counter(months[doc] for doc in docs)
    counts.pop(None, None)
    return dict(sorted(counts.items()))


def month_totals(searcher):
    """{"YYYY-MM": count} of every live document; each segment's counted once per state of
    its deletions (a segment's documents never change, its deletions only grow)."""
    counts = Counter()
    for reader, _offset in leaves(searcher):
        counts.update(
            _cached(
                reader, ("month totals", reader.doc_count()), lambda r=reader: _leaf_month_totals(r)
            )
        )
    counts.pop(None, None)
    return dict(sorted(counts.items()))


def _leaf_month_totals(reader):
    months = _leaf_months(reader)
    if not reader.has_deletions():
        return Counter(months)
    return Counter(months[doc] for doc in reader.all_doc_ids())
