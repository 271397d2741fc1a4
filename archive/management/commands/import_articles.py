"""Import articles: `manage.py import_articles PATH [PATH ...]`: text files, saved HTML
pages and WARC files (pipeline.SUFFIXES), or folders of them.

Parsing, segmentation and extraction run in worker processes; this process is the one
writer, storing each article with its entity links in one transaction. A failed file is
reported on stderr with its reason and nothing of it is stored; the others go on. Ctrl-C
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
from django.db import DatabaseError, InterfaceError, OperationalError, connection

from archive import pipeline, services
from archive.ingest.parse import PARSER_VERSION
from archive.ingest.paths import collect_paths
from archive.ingest.web.warc import Feed, damage_reason, report
from archive.linking import Resolver
from archive.models import Article, Capture
from archive.signals import articles_changed
from config.routers import reads_from_primary

# The files an import reads (compared case-insensitively).
SUFFIXES = tuple(pipeline.SUFFIXES)
# Stored articles are handed to search in batches as the run goes, not only at its end:
# a run killed with -9 after 162 of 300 articles had indexed none of them.
INDEX_EVERY = 200
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

    def _index_changed(self):
        """Hand the stored articles to search; a signal meanwhile waits (an index write cut
        in the middle is worse than a stop a second later)."""
        ids, self.changed_ids = self.changed_ids, []
        if not ids:
            return
        storing, self.storing = self.storing, True
        try:
            articles_changed.send(sender=Article, article_ids=ids)
        except DatabaseError as error:
            self.stderr.write(
                f"{len(ids)} stored article(s) could not be indexed ({error}); "
                "run manage.py ensure_index once the database answers."
            )
        finally:
            self.storing = storing

    @contextmanager
    def _results(self, function, items, workers, initargs, total):
        results = pipeline.run_in_workers(function, items, workers=workers, initargs=initargs)
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
        for tally in self.feed.tallies.values():
            if tally.damage:
                self._fail(pipeline.Failure(tally.path, damage_reason(tally)))

    def _store(self, processed):
        outcome = self._write(
            processed.path,
            lambda: services.import_article(
                processed=processed, parser_version=PARSER_VERSION, resolver=self.resolver
            ),
        )
        if outcome is not None:
            self.feed.record(processed.path, outcome.status)
            self.counts[outcome.status] += 1
            if outcome.status in ("imported", "versioned"):
                self.changed_ids.append(outcome.article_id)
        self._between_articles()

    def _write(self, path, write):
        """write() in one transaction, with signals held off until it has returned and been
        counted (_between_articles raises the stop).

        A locked database is tried again; a lost one stops the run (DatabaseLost); any other
        error fails this file only.
        """
        self.storing = True
        try:
            for attempt in range(LOCKED_RETRIES + 1):
                try:
                    return write()
                except (OperationalError, InterfaceError) as error:
                    if "locked" in str(error) and attempt < LOCKED_RETRIES:
                        if self.verbosity > 0:
                            self.stderr.write(
                                f"{path}: the database is locked by another writer; "
                                f"trying again ({attempt + 1}/{LOCKED_RETRIES})"
                            )
                        time.sleep(1)
                        continue
                    if "locked" in str(error) or connection.is_usable():
                        self._fail(pipeline.Failure(path, f"could not be stored ({error})"))
                        return None
                    self.counts["failed"] += 1
                    reason = str(error).strip().splitlines()[0]  # psycopg adds a hint line
                    raise DatabaseLost(f"{path}: could not be stored: {reason}.") from None
                except Exception as error:
                    self._fail(pipeline.Failure(path, f"could not be stored ({error})"))
                    return None
        finally:
            self.storing = False

    def _between_articles(self):
        """Once an article is stored and counted: index a full batch, stop if asked to."""
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
                outcome = self._write(
                    result.path,
                    lambda article_id=article_id, result=result: services.update_article(
                        article_id=article_id,
                        processed=result,
                        parser_version=PARSER_VERSION,
                        resolver=self.resolver,
                    ),
                )
                if outcome is not None:
                    key = "updated" if outcome.status == "updated" else "unchanged"
                    self.counts[key] += 1
                    self.changed_ids.append(article_id)
                self._between_articles()
