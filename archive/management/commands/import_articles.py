"""Import articles: `manage.py import_articles PATH [PATH ...]`: text files, saved HTML
pages and WARC files (pipeline.SUFFIXES), or folders of them.

Parsing, segmentation and extraction run in worker processes; this process is the one
writer, storing each article with its entity links in one transaction. A failed file is
reported on stderr with its reason and nothing of it is stored; the others go on. A WARC is
read here, record by record, and its HTML responses go to the workers like files.
"""

import os
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from archive import pipeline, services
from archive.ingest.parse import PARSER_VERSION
from archive.ingest.web.warc import Feed, damage_reason, report
from archive.linking import Resolver
from archive.models import Article, Capture
from archive.signals import articles_changed


def collect_paths(paths, *, suffixes=tuple(pipeline.SUFFIXES)):
    """Files named, and the files below folders named that end in suffixes, in a stable order."""
    found = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found.extend(
                sorted(
                    p for p in path.rglob("*") if p.name.lower().endswith(suffixes) and p.is_file()
                )
            )
        elif path.is_file():
            found.append(path)
        else:
            raise CommandError(f"{name}: no such file or folder")
    return found


class Command(BaseCommand):
    help = (
        "Import articles: .txt (raw web-page text or headline/lead/body files), saved .html/.htm "
        "pages and .warc/.warc.gz web archives."
    )

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

    def handle(self, *args, paths, workers, update, no_progress, verbosity, **options):
        if not paths and not update:
            raise CommandError("Name at least one file or folder, or pass --update.")
        if workers < 1:
            raise CommandError("--workers must be 1 or more.")
        self.verbosity = verbosity
        self.show_progress = not no_progress and verbosity > 0 and sys.stderr.isatty()
        self.counts = dict.fromkeys(
            ["imported", "updated", "unchanged", "versioned", "skipped", "failed"], 0
        )
        self.feed = None
        self.changed_ids = []
        self.resolver = Resolver()
        files = collect_paths(paths)
        try:
            if update:
                self._update_stored(workers)
            if files:
                self._import_files(files, workers)
        except KeyboardInterrupt:
            self._finish()
            raise CommandError(
                "Interrupted: the articles listed as imported are stored whole; "
                "the rest are not stored.",
                returncode=130,
            ) from None
        self._finish()
        if self.counts["failed"]:
            raise CommandError(f"{self.counts['failed']} file(s) could not be imported.")

    def _finish(self):
        if self.changed_ids:
            articles_changed.send(sender=Article, article_ids=self.changed_ids)
        c = self.counts
        summary = f"Imported {c['imported']}, unchanged {c['unchanged']}, failed {c['failed']}"
        if c["skipped"]:
            summary += f", not articles {c['skipped']}"
        if c["versioned"]:
            summary += f", new versions {c['versioned']}"
        if c["updated"]:
            summary += f", re-parsed {c['updated']}"
        if self.verbosity > 0:
            for tally in self.feed.tallies.values() if self.feed else ():
                self.stdout.write(report(tally))
            self.stdout.write(summary + ".")

    def _results(self, function, items, workers, initargs, total):
        results = pipeline.run_in_workers(function, items, workers=workers, initargs=initargs)
        return self._progress(results, total)

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
        for result in self._results(pipeline.process_path, self.feed, workers, initargs, total):
            if isinstance(result, pipeline.Failure):
                self.feed.record(result.file, "failed")
                self._fail(result)
            elif isinstance(result, pipeline.Skipped):
                self.feed.record(result.file, "skipped")
                self.counts["skipped"] += 1
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
        try:
            outcome = services.import_article(
                processed=processed, parser_version=PARSER_VERSION, resolver=self.resolver
            )
        except Exception as error:
            self._fail(pipeline.Failure(processed.path, f"could not be stored ({error})"))
            return
        self.counts[outcome.status] += 1
        self.feed.record(processed.path, outcome.status)
        if outcome.status in ("imported", "versioned"):
            self.changed_ids.append(outcome.article_id)

    def _fail(self, failure):
        self.counts["failed"] += 1
        self.stderr.write(f"{failure.path}: {failure.reason}")

    def _update_stored(self, workers):
        articles = Article.objects.order_by("pk")
        items = (services.reparse_item(a) for a in articles.iterator())
        total = articles.count()
        results = self._results(pipeline.reprocess, items, workers, (frozenset(), 0), total)
        for article_id, result in results:
            if isinstance(result, pipeline.Failure):
                self._fail(result)
                continue
            outcome = services.update_article(
                article_id=article_id,
                processed=result,
                parser_version=PARSER_VERSION,
                resolver=self.resolver,
            )
            key = "updated" if outcome.status == "updated" else "unchanged"
            self.counts[key] += 1
            self.changed_ids.append(article_id)
