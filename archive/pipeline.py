"""The CPU-heavy half of an import, run in worker processes: no Django, no database.

file -> read (encoding checked) -> parse -> segment once -> extract entities -> Processed.
An HTML file or a WARC record is read by archive/ingest/web into the same parsed article,
with its Capture. The single writer (archive/services.py) stores what comes out.
"""

import time
import zlib
from dataclasses import dataclass
from pathlib import Path

from archive.extract import Entities, extract_entities
from archive.ingest import InputError, ParsedArticle
from archive.ingest.parse import parse
from archive.ingest.read import _size, content_hash, read_text
from archive.ingest.web import FILE_TIME, WARC_DATE, Capture, NotAnArticle, read_page
from archive.ingest.web.meta import file_time
from archive.ingest.web.warc import WarcRecord
from archive.text import align, reading_text, segment, words_line
from archive.text.segment import Token

# What the importer reads, by file name ending: "text" files, "html" pages, "warc" archives.
SUFFIXES = {".txt": "text", ".html": "html", ".htm": "html", ".warc": "warc", ".warc.gz": "warc"}


def kind_of_path(path):
    """The kind ("text", "html", "warc") of a file the importer reads, by its name, or None."""
    name = Path(path).name.lower()
    return next(
        (SUFFIXES[s] for s in sorted(SUFFIXES, key=len, reverse=True) if name.endswith(s)), None
    )


@dataclass
class Processed:
    """Everything the writer stores for one article."""

    path: str
    raw: str
    content_hash: str
    parsed: ParsedArticle
    segmented: list[str]  # one line of words per part, in ParsedArticle.texts() order
    entities: Entities
    capture: Capture | None = None  # a web page's capture; None for a text file


@dataclass
class Failure:
    path: str  # what failed: a file, or a WARC's record (file, offset and URL)
    reason: str
    file: str = ""  # the WARC a failed record is in


@dataclass
class Skipped:
    """A page that is no article (a section or home page of a crawl): counted, not stored."""

    path: str
    reason: str
    file: str = ""  # the WARC it is in


@dataclass
class Known:
    """A file whose text is already stored: nothing to parse or segment."""

    path: str
    content_hash: str


def process_text(raw, *, path, reuse=None):
    """Parse, segment and extract one article's text.

    The parts are parsed from the reading text (archive.text.reading_text); raw keeps every
    character. reuse maps a part's text to its stored line of words, so a re-parse
    (--update) segments only the parts the new parser changed.
    """
    return _process(parse(reading_text(raw)), raw, path=path, reuse=reuse)


def _process(parsed, raw, *, path, reuse=None, capture=None):
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
        capture=capture,
    )


def process_page(data, *, path, known_hashes=frozenset(), **capture):
    """Processed or Known for the HTML bytes of one capture (read_page's arguments)."""
    page = read_page(data, **capture)
    digest = content_hash(page.text)
    if digest in known_hashes:
        return Known(path, digest)
    return _process(page.parsed, page.text, path=path, capture=page.capture)


def reprocess_capture(compressed, *, path, reuse, capture):
    """A stored capture parsed again (import --update), its facts as they were stored."""
    kept = dict(
        url=capture.original_url,
        captured_at=capture.captured_at,
        kind=capture.captured_at_kind,
        digest=capture.payload_digest,
        record_offset=capture.record_offset,
    )
    page = read_page(zlib.decompress(compressed), **kept)
    return _process(page.parsed, page.text, path=path, reuse=reuse, capture=page.capture)


def _read_html_file(path, *, max_bytes, known_hashes):
    path = Path(path)
    try:
        stat = path.stat()
        if stat.st_size > max_bytes:
            raise InputError(f"larger than the {_size(max_bytes)} limit ({_size(stat.st_size)})")
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"could not be read ({error.strerror or error})") from None
    return process_page(
        data, path=str(path), known_hashes=known_hashes, captured_at=file_time(stat), kind=FILE_TIME
    )


def process_record(record, *, known_hashes=frozenset()):
    """Processed, Known, Skipped or Failure for one HTML response of a WARC (a WarcRecord)."""
    label = f"{record.path} (record at byte {record.offset}, {record.url})"
    try:
        return process_page(
            record.payload,
            path=record.path,
            known_hashes=known_hashes,
            url=record.url,
            charset=record.charset,
            captured_at=record.captured_at,
            kind=WARC_DATE,
            digest=record.digest,
            record_offset=record.offset,
        )
    except NotAnArticle as error:
        return Skipped(label, str(error), record.path)
    except InputError as error:
        return Failure(label, str(error), record.path)
    except Exception as error:
        reason = f"could not be processed ({type(error).__name__}: {error})"
        return Failure(label, reason, record.path)


def process_file(path, *, max_bytes, known_hashes=frozenset()):
    """Processed, Known, Skipped or Failure for one file; never raises for bad input."""
    path = str(path)
    try:
        if kind_of_path(path) == "html":
            try:
                return _read_html_file(path, max_bytes=max_bytes, known_hashes=known_hashes)
            except NotAnArticle as error:
                return Skipped(path, str(error))
        raw = read_text(Path(path), max_bytes=max_bytes)
        digest = content_hash(raw)
        if digest in known_hashes:
            return Known(path, digest)
        return process_text(raw, path=path)
    except InputError as error:
        return Failure(path, str(error))
    except Exception as error:  # a parser bug must not stop the other files
        return Failure(path, f"could not be processed ({type(error).__name__}: {error})")


# Worker-process side of `import_articles`: these live here, not in the command module, so
# that a spawned worker imports no Django.
_known_hashes = frozenset()
_max_bytes = 0


def remember(known_hashes, max_bytes):
    """What process_path needs: the stored texts' hashes and the file size limit."""
    global _known_hashes, _max_bytes
    _known_hashes, _max_bytes = known_hashes, max_bytes


def init_worker(known_hashes, max_bytes):
    """Pool initializer: signals are the parent's to handle; remember what is stored.

    A worker also ends when its parent does, however the parent ended (kill -9 included):
    after a SIGTERM, orphaned workers of 115 MB each stayed alive for 14 minutes and more.
    """
    import os
    import signal
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    remember(known_hashes, max_bytes)
    parent = os.getppid()

    def end_with_parent():
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=end_with_parent, name="end-with-parent", daemon=True).start()


def process_path(item):
    """A file's path, or a WarcRecord that the writer's scan of a WARC handed on."""
    if isinstance(item, WarcRecord):
        return process_record(item, known_hashes=_known_hashes)
    return process_file(item, max_bytes=_max_bytes, known_hashes=_known_hashes)


def reprocess(item):
    """Re-parse a stored article: (article id, raw text, path, reusable segmentation), and
    for a captured page (compressed HTML, Capture) to parse it from."""
    article_id, raw, path, reuse, *captured = item
    try:
        if captured:
            compressed, capture = captured
            return article_id, reprocess_capture(
                compressed, path=path, reuse=reuse, capture=capture
            )
        return article_id, process_text(raw, path=path, reuse=reuse)
    except Exception as error:
        reason = f"could not be re-parsed ({type(error).__name__}: {error})"
        return article_id, Failure(path, reason)


def run_in_workers(function, items, *, workers, initargs, window=32):
    """function(item) for each item, in order; in `workers` processes when more than one.

    At most `window` items are in flight, so a large --update never holds every raw text in
    memory. A worker that dies raises BrokenProcessPool instead of hanging the import.
    """
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    if workers == 1:
        remember(*initargs)
        yield from map(function, items)
        return
    pool = ProcessPoolExecutor(
        workers, mp_context=get_context("spawn"), initializer=init_worker, initargs=initargs
    )
    pending = deque()
    try:
        for item in items:
            pending.append(pool.submit(function, item))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    except BaseException:
        # Stopped (Ctrl-C, SIGTERM) or failed: what the workers are doing would only be
        # thrown away, so they end now rather than finish their articles first.
        _end_workers(pool)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _end_workers(pool):
    """Terminate a pool's worker processes (Python 3.14 has pool.terminate_workers())."""
    processes = list((pool._processes or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)
