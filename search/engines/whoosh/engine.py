"""The embedded search engine: a Whoosh index in the data folder. The only module (with the
others of this package) that speaks Whoosh.

Layout: PATH/CURRENT names the live generation, a folder PATH/<generation>/ holding a
Whoosh index, its VERSION (fields.INDEX_VERSION) and MANIFEST (size and CRC-32 of every
file, rewritten after each commit). A rebuild writes a new generation beside the live one
and swaps CURRENT atomically (os.replace), so searches never see half an index.

Files are read, never memory-mapped: a segment truncated under a reader gave SIGBUS and
killed the gunicorn worker; read with plain reads it raises, and the search answers 503.
"""

import json
import logging
import os
import shutil
import time
import uuid
import zlib
from pathlib import Path

from whoosh import query as wq
from whoosh.filedb.filestore import FileStorage

from search.engine import IndexHealth, Scored, SearchEngine, SearchResult, SearchUnavailable, Sort
from search.facets import FACETS

from . import facets as facet_counts
from .fields import INDEX_VERSION, schema
from .internals import CLEAR, cache_lengths
from .locking import index_write_lock
from .queries import build_query, top_scored
from .writing import new_writer, whoosh_document

log = logging.getLogger(__name__)

CURRENT = "CURRENT"
VERSION = "VERSION"
MANIFEST = "MANIFEST"


def _crc(path):
    crc = 0
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            crc = zlib.crc32(chunk, crc)
    return crc


class WhooshEngine(SearchEngine):
    name = "whoosh"
    transactional = False

    def __init__(self, PATH):  # noqa: N803 (the settings key)
        self.root = Path(PATH)
        self._generation = None
        self._index = None
        self._searcher = None
        self._checked = None  # CURRENT's stat when last read

    # --- generations ----------------------------------------------------------------------

    def lock(self, timeout=600.0):
        """Context manager: this process is the index's only writer until it exits (IndexBusy
        after timeout seconds)."""
        return index_write_lock(self.root, timeout=timeout)

    def _current(self):
        try:
            name = (self.root / CURRENT).read_text(encoding="ascii").strip()
        except FileNotFoundError:
            return None
        return name or None

    def _open(self, generation):
        folder = self.root / generation
        version = (folder / VERSION).read_text(encoding="ascii").strip()
        if version != INDEX_VERSION:
            raise SearchUnavailable("stale", f"index version {version}, code {INDEX_VERSION}")
        return FileStorage(str(folder), supports_mmap=False).open_index(schema=schema())

    def _live_index(self):
        """The live generation's index, reopened when another process swapped CURRENT."""
        generation = self._current()
        if generation is None:
            self._drop()
            raise SearchUnavailable("missing", f"no search index in {self.root}")
        if generation != self._generation or self._index is None:
            self._drop()
            try:
                self._index = self._open(generation)
            except SearchUnavailable:
                raise
            except Exception as exc:
                raise SearchUnavailable("damaged", f"{generation}: {exc!r}") from exc
            self._generation = generation
        return self._index

    def _drop(self):
        if self._searcher is not None:
            try:
                self._searcher.close()
            except Exception:  # a damaged index may fail to close too
                pass
        self._searcher = self._index = self._generation = None

    def close(self):
        self._drop()

    def searcher(self):
        """A searcher on the latest committed version of the live index, reused while current."""
        index = self._live_index()
        if self._searcher is None:
            self._searcher = index.searcher()
        else:
            self._searcher = self._searcher.refresh()
        cache_lengths(self._searcher)
        return self._searcher

    def _new_generation(self):
        name = time.strftime("g%Y%m%d%H%M%S") + "-" + uuid.uuid4().hex[:6]
        folder = self.root / name
        folder.mkdir(parents=True)
        index = FileStorage(str(folder), supports_mmap=False).create_index(schema())
        (folder / VERSION).write_text(INDEX_VERSION + "\n", encoding="ascii")
        return name, index

    def _swap(self, generation):
        tmp = self.root / f"{CURRENT}.{os.getpid()}.tmp"
        tmp.write_text(generation + "\n", encoding="ascii")
        os.replace(tmp, self.root / CURRENT)
        for old in self.root.iterdir():
            if old.is_dir() and old.name != generation:
                shutil.rmtree(old, ignore_errors=True)
        # An index of an older layout (haystack's) lay in PATH itself: its files go too.
        for old in self.root.glob("*"):
            if old.is_file() and (
                old.suffix in (".toc", ".seg", ".pst") or "WRITELOCK" in old.name
            ):
                old.unlink(missing_ok=True)

    def _write_manifest(self, generation):
        folder = self.root / generation
        path = folder / MANIFEST
        try:
            known = json.loads(path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            known = {}
        files = {}
        for entry in os.scandir(folder):
            if entry.name in (MANIFEST, VERSION) or not entry.is_file() or ".tmp" in entry.name:
                continue
            size = entry.stat().st_size
            old = known.get(entry.name)
            # Whoosh never rewrites a file in place: a known name and size keeps its CRC.
            files[entry.name] = old if old and old[0] == size else [size, _crc(entry.path)]
        tmp = folder / f"{MANIFEST}.tmp"
        tmp.write_text(json.dumps(files, sort_keys=True), encoding="utf-8")
        os.replace(tmp, path)

    # --- writing --------------------------------------------------------------------------

    def _commit(self, index, documents, removed_ids=()):
        documents = list(documents)
        ids = [str(d.article_id) for d in documents] + [str(pk) for pk in removed_ids]
        if not ids:
            return
        writer = new_writer(index)
        try:
            # One deletion pass for the batch: Whoosh's update_document opens a searcher over
            # every segment for each document, which cost more than the indexing itself.
            if writer.segments:
                with writer.searcher() as searcher:
                    query = wq.Or([wq.Term("id", pk) for pk in ids])
                    writer.delete_by_query(query, searcher=searcher)
            for document in documents:
                writer.add_document(**whoosh_document(document))
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    def index(self, documents):
        documents = list(documents)
        if documents:
            self._write(documents, ())

    def remove(self, article_ids):
        article_ids = list(article_ids)
        if article_ids:
            self._write((), article_ids)

    def _write(self, documents, removed_ids):
        with self.lock():
            index = self._live_index()
            try:
                self._commit(index, documents, removed_ids)
            except SearchUnavailable:
                raise
            except Exception as exc:
                self._drop()
                raise SearchUnavailable("damaged", repr(exc)) from exc
            self._write_manifest(self._generation)

    def rebuild(self, documents):
        """Write every document into a new generation with one writer, then swap it in.

        One writer, one commit: one segment, which searches fastest. Committing every 2,000
        documents left 18 segments on the corpus (999 MB, page p50 201 ms against 92 ms for
        the two segments of the previous layout), and merging them afterwards cost as much
        CPU as the indexing itself (367 s). The writer spills to disk past WRITER_LIMIT_MB.
        """
        self.root.mkdir(parents=True, exist_ok=True)
        with self.lock():
            generation, index = self._new_generation()
            count = 0
            try:
                writer = new_writer(index)
                try:
                    for document in documents:
                        writer.add_document(**whoosh_document(document))
                        count += 1
                except BaseException:
                    writer.cancel()
                    raise
                writer.commit(mergetype=CLEAR) if not count else writer.commit()
                self._write_manifest(generation)
            except BaseException:
                shutil.rmtree(self.root / generation, ignore_errors=True)
                raise
            self._swap(generation)
            self._drop()
        return count

    # --- checking -------------------------------------------------------------------------

    def health(self):
        generation = self._current()
        if generation is None:
            return IndexHealth(False, problem="missing", detail=f"no index in {self.root}")
        folder = self.root / generation
        try:
            manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            return IndexHealth(False, problem="damaged", detail=f"{generation}: manifest {exc}")
        for name, (size, crc) in manifest.items():
            path = folder / name
            try:
                if path.stat().st_size != size or _crc(path) != crc:
                    return IndexHealth(
                        False, problem="damaged", detail=f"{path}: not as written (size or CRC)"
                    )
            except FileNotFoundError:
                # A concurrent commit may have merged it away since we read the manifest.
                if self._current() == generation and name in self._manifest(folder):
                    return IndexHealth(False, problem="damaged", detail=f"{path} is missing")
        try:
            self._drop()
            searcher = self.searcher()
            documents = searcher.doc_count()
            list(searcher.reader().all_stored_fields())[:1]
        except SearchUnavailable as exc:
            return IndexHealth(False, problem=exc.reason, detail=exc.detail)
        except Exception as exc:
            return IndexHealth(False, problem="damaged", detail=f"{generation}: {exc!r}")
        return IndexHealth(True, documents=documents)

    @staticmethod
    def _manifest(folder):
        try:
            return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def revisions(self):
        searcher = self._guarded(self.searcher)
        return self._guarded(
            lambda: {int(f["id"]): f["revision"] for f in searcher.reader().all_stored_fields()}
        )

    def document_count(self):
        return self._guarded(lambda: self.searcher().doc_count())

    def _guarded(self, read):
        """read(), a damaged index's exception turned into SearchUnavailable("damaged")."""
        generation = self._generation
        try:
            return read()
        except SearchUnavailable:
            raise
        except Exception as first:  # whatever a damaged file makes Whoosh raise
            error = first
        self._drop()
        if self._current() != generation:  # swapped under us: read the new one, once
            try:
                return read()
            except SearchUnavailable:
                raise
            except Exception as second:
                error = second
            self._drop()
        log.error("Search index %s cannot be read: %r", self.root, error, exc_info=error)
        raise SearchUnavailable("damaged", repr(error)) from error

    # --- searching ------------------------------------------------------------------------

    def lexicon(self):
        return WhooshLexicon(self._guarded(self.searcher).reader())

    def search(self, request):
        return self._guarded(lambda: self._search(request))

    def _search(self, request):
        searcher = self.searcher()
        parsed = request.query
        scoring, required = build_query(parsed)
        if required is None:
            return SearchResult(hits=[], total=0, facets={name: [] for name in request.facets})
        filters = [
            (f.facet, set(searcher.docs_for_query(wq.Or([wq.Term(f.facet, v) for v in f.values]))))
            for f in request.filters
        ]
        if request.date_from or request.date_to:
            dates = wq.DateRange("published", _start(request.date_from), _end(request.date_to))
            filters.append((None, set(searcher.docs_for_query(dates))))
        allow = _intersection(filters)
        everything = isinstance(required, wq.Every) and allow is None
        if everything and request.stop == 0 and not request.facets:
            # The archive's own months (search.results.month_totals): from each segment's
            # counts, without a set of every document.
            months = facet_counts.month_totals(searcher) if request.months else {}
            return SearchResult(hits=[], total=searcher.doc_count(), facets={}, months=months)
        if isinstance(required, wq.Every):
            found = facet_counts.live_docs(searcher)
        else:
            found = set(searcher.docs_for_query(required))
        matched = found & allow if allow is not None else found
        total = len(matched)

        start = request.start
        stop = total if request.stop is None else min(request.stop, total)
        page = []
        if stop > start:
            by_date = request.sort == Sort.NEWEST or (
                isinstance(required, wq.Every) and scoring is required
            )  # nothing to rank by: newest first
            if by_date:
                ordered = facet_counts.by_column(searcher, "published", matched, stop, True)
                page = [(None, doc) for doc in ordered[start:stop]]
            else:
                page = top_scored(searcher, scoring, stop, matched if allow is not None else None)
                page = page[start:stop]
        hits = [Scored(int(searcher.stored_fields(doc)["id"]), score) for score, doc in page]
        counts = {}
        for name, limit in request.facets.items():
            counted = matched
            if FACETS[name].single and any(facet == name for facet, _docs in filters):
                allow_others = _intersection(filters, leave_out=name)
                counted = found & allow_others if allow_others is not None else found
            counts[name] = facet_counts.facet_counts(searcher, name, counted, limit=limit)
        months = facet_counts.month_counts(searcher, matched) if request.months else {}
        suggestion = None
        if request.suggest:
            from search.spelling import SUGGEST_BELOW, suggest

            if total < SUGGEST_BELOW:
                suggestion = suggest(WhooshLexicon(searcher.reader()), parsed)
        return SearchResult(
            hits=hits, total=total, facets=counts, suggestion=suggestion, months=months
        )


class WhooshLexicon:
    """search.spelling.Lexicon over a Whoosh reader."""

    def __init__(self, reader):
        self.reader = reader

    def frequency(self, field, term):
        return self.reader.doc_frequency(field, term)

    def near(self, field, term, maxdist):
        return list(self.reader.terms_within(field, term, maxdist, prefix=1))


def _start(day):
    from datetime import datetime

    return datetime(day.year, day.month, day.day) if day else None


def _end(day):
    from datetime import datetime

    return datetime(day.year, day.month, day.day, 23, 59, 59) if day else None


def _intersection(filters, leave_out=None):
    """Documents every filter allows (those on leave_out aside), or None when none narrows."""
    allow = None
    for facet, docs in filters:
        if facet is not None and facet == leave_out:
            continue
        allow = set(docs) if allow is None else allow & docs
    return allow
