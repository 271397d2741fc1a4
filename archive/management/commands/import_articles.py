"""Import articles: `manage.py import_articles PATH [PATH ...]`: text files, saved HTML
pages and WARC files (pipeline.SUFFIXES), or folders of them.

Parsing, segmentation and extraction run in worker processes; this process is the one
writer, storing the articles a batch to a transaction (archive.batch), each article with
its entity links in a savepoint of its own. A failed file is reported on stderr with its
reason and nothing of it is stored; the others go on. Ctrl-C
and SIGTERM stop the run between two articles: the workers end with it and what was stored
is indexed. A WARC is read here, record by record, and its HTML responses go to the workers
like files.
"""

import os
import signal
import sys
import threading
import time
from contextlib import contextmanager

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection

from archive import pipeline, services
from archive.batch import BatchFailed, BatchResult, store_batch
from archive.ingest.parse import PARSER_VERSION
from archive.ingest.paths import collect_paths
from archive.ingest.web.warc import Feed, damage_reason, report
from archive.linking import Resolver
from archive.models import Article, Capture
from archive.signals import articles_changed
from config.routers import reads_from_primary

# The files an import reads (compared case-insensitively).
SUFFIXES = tuple(pipeline.SUFFIXES)
# Processed articles are written a batch to a transaction: this many, or those that came
# within BATCH_SECONDS (so that a slow run still commits, and shows, its articles often).
BATCH_SIZE = 50
BATCH_SECONDS = 1.0
# Stored articles are handed to search in batches as the run goes, not only at its end:
# a run killed with -9 after 162 of 300 articles had indexed none of them. Whoosh's cost per
# article falls with the batch (1,000 corpus articles: 27.5 ms each in batches of 200, 14.6
# in one), PostgreSQL indexes in the batch's transaction whatever this is.
INDEX_EVERY = 2000
# A write that finds the database locked (SQLite: a curator's save) is tried again.
LOCKED_RETRIES = 3


class Stopped(BaseException):
    """Ctrl-C or SIGTERM arrived; raised between two articles, never inside one's storing."""

    def __init__(self, signum):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


class DatabaseLost(Exception):
    """The database stopped answering mid-run (a PostgreSQL server down)."""


class Command(BaseCommand):
    help = "Import .txt articles (raw web-page text or headline/lead/body files)."

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="*", help="Files, or folders of .txt, .html, .htm, .warc, .warc.gz."
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 1,
            help="Worker processes for parsing and segmentation (default: number of cores).",
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help="Re-parse every stored article from its raw text (after a parser change).",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="No progress bar, even on a terminal."
        )
        parser.add_argument(
            "--follow-symlinks",
            action="store_true",
            help="Inside folders, follow symbolic links that lead outside the folder too.",
        )

    def handle(self, *args, **options):
        # The writer reads what it is about to write against (stored hashes, names) from
        # the primary, never from a read replica that may lag behind it.
        with reads_from_primary():
            return self._handle(*args, **options)

    def _handle(
        self, *args, paths, workers, update, no_progress, follow_symlinks, verbosity, **options
    ):
        if not paths and not update:
            raise CommandError("Name at least one file or folder, or pass --update.")
        if workers < 1:
            raise CommandError("--workers must be 1 or more.")
        self.verbosity = verbosity
        self.show_progress = not no_progress and verbosity > 0 and sys.stderr.isatty()
        self.counts = dict.fromkeys(
            ["imported", "updated", "unchanged", "versioned", "skipped", "not_articles", "failed"],
            0,
        )
        self.feed = None
        self.changed_ids = []
        self.pending, self.pending_since = [], 0.0
        # The writer's own CPU time (a busy machine stretches its wall time, not this).
        self.seconds = {"storing": 0.0, "indexing": 0.0, "wall": 0.0}
        self.resolver = Resolver()
        self.storing, self.stop_signal = False, None
        files, problems = collect_paths(paths, suffixes=SUFFIXES, follow_symlinks=follow_symlinks)
        for problem in problems:
            self.counts["failed" if problem.error else "skipped"] += 1
            self.stderr.write(f"{problem.path}: {problem.reason}")
        with self._stop_on_signals():  # until the end: the last indexing is not cut short
            self._run(files, update, workers)
        if self.counts["failed"]:
            raise CommandError(f"{self.counts['failed']} file(s) could not be imported.")

    def _run(self, files, update, workers):
        try:
            if update:
                self._update_stored(workers)
            if files:
                self._import_files(files, workers)
        except (Stopped, KeyboardInterrupt) as stop:
            signum = stop.signum if isinstance(stop, Stopped) else signal.SIGINT
            self._finish()
            how = "Interrupted" if signum == signal.SIGINT else f"Stopped by {stop}"
            raise CommandError(
                f"{how}: the articles listed as imported are stored whole and indexed; "
                "the rest are not stored (run the import again to add them).",
                returncode=128 + signum,
            ) from None
        except DatabaseLost as lost:
            self._finish()
            raise CommandError(
                f"{lost} Nothing of that article was stored; the articles counted as "
                "imported are. Run the import again once the database answers.",
                returncode=1,
            ) from None
        self._finish()

    @contextmanager
    def _stop_on_signals(self):
        """SIGINT and SIGTERM stop the run between articles (see Stopped)."""

        def stop(signum, frame):
            self.stop_signal = signum
            if not self.storing:
                raise Stopped(signum)

        if threading.current_thread() is not threading.main_thread():
            yield  # only the main thread may handle signals (call_command from a thread)
            return
        previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def _finish(self):
        self.storing = True  # from now on a signal only asks for what is being done anyway
        self._index_changed()
        c = self.counts
        summary = f"Imported {c['imported']}, unchanged {c['unchanged']}, failed {c['failed']}"
        if c["skipped"]:
            summary += f", skipped {c['skipped']}"
        if c["not_articles"]:
            summary += f", not articles {c['not_articles']}"
        if c["versioned"]:
            summary += f", new versions {c['versioned']}"
        if c["updated"]:
            summary += f", re-parsed {c['updated']}"
        if self.verbosity > 0:
            self.stdout.write(summary + ".")
            for tally in self.feed.tallies.values() if self.feed else ():
                self.stdout.write(report(tally))
        if self.verbosity > 1:
            stored = max(1, c["imported"] + c["versioned"] + c["updated"])
            self.stdout.write(
                "Writer: storing {:.2f} s, indexing {:.2f} s of CPU ({:.2f} and {:.2f} ms an "
                "article), {:.2f} s in all waiting included ({:.2f} ms an article).".format(
                    self.seconds["storing"],
                    self.seconds["indexing"],
                    1000 * self.seconds["storing"] / stored,
                    1000 * self.seconds["indexing"] / stored,
                    self.seconds["wall"],
                    1000 * self.seconds["wall"] / stored,
                )
            )

    def _index_changed(self):
        """Hand the stored articles to search; a signal meanwhile waits (an index write cut
        in the middle is worse than a stop a second later)."""
        ids, self.changed_ids = self.changed_ids, []
        if not ids:
            return
        storing, self.storing = self.storing, True
        began, wall = time.thread_time(), time.perf_counter()
        try:
            articles_changed.send(sender=Article, article_ids=ids, owed=True)
        except DatabaseError as error:
            self.stderr.write(
                f"{len(ids)} stored article(s) could not be indexed ({error}); "
                "run manage.py ensure_index once the database answers."
            )
        finally:
            self.storing = storing
            self.seconds["indexing"] += time.thread_time() - began
            self.seconds["wall"] += time.perf_counter() - wall

    @contextmanager
    def _results(self, function, items, workers, initargs, total):
        # Room for a whole batch and more in flight: while the writer stores a batch, the
        # workers go on with the next (a window of 32 left them idle behind a batch of 100).
        results = pipeline.run_in_workers(
            function, items, workers=workers, initargs=initargs, window=2 * BATCH_SIZE + 16
        )
        try:
            yield self._progress(results, total)
        finally:
            results.close()  # on a stop: the workers end now, not at the interpreter's exit

    def _progress(self, results, total):
        if not self.show_progress:
            return results
        from tqdm import tqdm

        return tqdm(results, total=total, unit="article", file=sys.stderr, smoothing=0.05)

    def _import_files(self, files, workers):
        known = frozenset(Article.objects.values_list("content_hash", flat=True)) | frozenset(
            Capture.objects.values_list("content_hash", flat=True)
        )
        max_bytes = settings.ARCHIVE_MAX_FILE_BYTES
        initargs = (known, max_bytes)
        self.feed = Feed(
            files,
            is_warc=lambda path: pipeline.kind_of_path(path) == "warc",
            seen_digests=set(Capture.objects.values_list("payload_digest", flat=True)),
            max_bytes=max_bytes,
        )
        total = None if any(pipeline.kind_of_path(f) == "warc" for f in files) else len(files)
        run = self._results(pipeline.process_path, self.feed, workers, initargs, total)
        with run as results:
            for result in results:
                if isinstance(result, pipeline.Failure):
                    self.feed.record(result.file, "failed")
                    self._fail(result)
                elif isinstance(result, pipeline.Skipped):
                    self.feed.record(result.file, "skipped")
                    self.counts["not_articles"] += 1
                    if self.verbosity > 1:
                        self.stdout.write(f"{result.path}: skipped, {result.reason}")
                elif isinstance(result, pipeline.Known):
                    self.feed.record(result.path, "unchanged")
                    self.counts["unchanged"] += 1
                else:
                    self._store(result)
            self._flush()
        for tally in self.feed.tallies.values():
            if tally.damage:
                self._fail(pipeline.Failure(tally.path, damage_reason(tally)))

    def _store(self, processed):
        self._queue(
            processed.path,
            lambda batch: services.import_article(
                processed=processed,
                parser_version=PARSER_VERSION,
                resolver=self.resolver,
                batch=batch,
            ),
            self._count_import,
        )

    def _count_import(self, path, outcome):
        self.feed.record(path, outcome.status)
        self.counts[outcome.status] += 1
        if outcome.status in ("imported", "versioned"):
            self.changed_ids.append(outcome.article_id)

    def _queue(self, path, write, count):
        """Write later, in a batch: once BATCH_SIZE are waiting or the first has waited
        BATCH_SECONDS. count(path, outcome) once the batch is committed."""
        if not self.pending:
            self.pending_since = time.monotonic()
        self.pending.append((path, write, count))
        if (
            len(self.pending) >= BATCH_SIZE
            or time.monotonic() - self.pending_since >= BATCH_SECONDS
        ):
            self._flush()

    def _flush(self):
        """Write what is waiting, then index a full batch and stop if asked to."""
        batch, self.pending = self.pending, []
        if batch:
            self.storing = True
            began, wall = time.thread_time(), time.perf_counter()
            try:
                self._write(batch)
            finally:
                self.storing = False
                self.seconds["storing"] += time.thread_time() - began
                self.seconds["wall"] += time.perf_counter() - wall
        self._between_articles()

    def _write(self, batch):
        """The batch in one transaction (archive.batch), with signals held off until it is
        committed and counted (_between_articles raises the stop).

        A locked database is tried again; a lost one stops the run (DatabaseLost). An error of
        one article fails that file only; one of what the batch shares has the batch written
        again one article at a time, to find the article that causes it.
        """
        try:
            result = self._write_locked(batch)
        except BatchFailed as error:
            if len(batch) == 1:
                self._fail(pipeline.Failure(batch[0][0], f"could not be stored ({error})"))
                return
            for item in batch:
                self._write([item])
                if self.stop_signal is not None:
                    return
            return
        for (path, _write, count), outcome in result.stored:
            count(path, outcome)
        for (path, _write, _count), error in result.failed:
            self._fail(pipeline.Failure(path, f"could not be stored ({error})"))
        if result.stopped is not None:
            raise result.stopped

    def _write_locked(self, batch):
        current = []  # the paths written so far in this attempt: the last one is named

        def write(item, batch):
            current.append(item[0])
            return item[1](batch)

        for attempt in range(LOCKED_RETRIES + 1):
            current.clear()
            try:
                return store_batch(
                    batch,
                    write=write,
                    resolver=self.resolver,
                    should_stop=lambda: self.stop_signal is not None,
                )
            except DatabaseError as error:
                path = current[-1] if current else batch[0][0]
                if "locked" not in str(error) and connection.is_usable():
                    raise BatchFailed(str(error)) from error  # not the connection's
                if "locked" in str(error) and attempt < LOCKED_RETRIES:
                    if self.verbosity > 0:
                        self.stderr.write(
                            f"{path}: the database is locked by another writer; "
                            f"trying again ({attempt + 1}/{LOCKED_RETRIES})"
                        )
                    time.sleep(1)
                    continue
                if "locked" in str(error):
                    for path, _write, _count in batch:
                        self._fail(pipeline.Failure(path, f"could not be stored ({error})"))
                    return BatchResult()
                self.counts["failed"] += 1
                reason = str(error).strip().splitlines()[0]  # psycopg adds a hint line
                others = len(current) - 1
                if others:  # rolled back with it, and not counted as imported
                    reason += f" (nor were the {others} article(s) before it in its batch)"
                raise DatabaseLost(f"{path}: could not be stored: {reason}.") from None

    def _between_articles(self):
        """Once a batch is stored and counted: index a full batch, stop if asked to."""
        if len(self.changed_ids) >= INDEX_EVERY:
            self._index_changed()
        if self.stop_signal is not None:
            raise Stopped(self.stop_signal)

    def _fail(self, failure):
        self.counts["failed"] += 1
        self.stderr.write(f"{failure.path}: {failure.reason}")

    def _update_stored(self, workers):
        articles = Article.objects.order_by("pk")
        items = (services.reparse_item(a) for a in articles.iterator())
        total = articles.count()
        with self._results(pipeline.reprocess, items, workers, (frozenset(), 0), total) as results:
            for article_id, result in results:
                if isinstance(result, pipeline.Failure):
                    self._fail(result)
                    continue
                self._queue(
                    result.path,
                    lambda batch, article_id=article_id, result=result: services.update_article(
                        article_id=article_id,
                        processed=result,
                        parser_version=PARSER_VERSION,
                        resolver=self.resolver,
                        batch=batch,
                    ),
                    self._count_update,
                )
        self._flush()

    def _count_update(self, path, outcome):
        self.counts["updated" if outcome.status == "updated" else "unchanged"] += 1
        self.changed_ids.append(outcome.article_id)
