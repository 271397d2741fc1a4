"""Grow the archive to N times its articles from its stored rows: `manage.py scale_archive`.

For benchmarks at scale (bench/SCALE.md): every article gets N - 1 copies with new ids, new
content hashes, dates drawn over a period and outlets drawn as the archive spreads them,
each with the original's segmentation and entity links. Nothing is segmented again. The
search index is rebuilt at the end unless --no-index.
"""

import time
from datetime import date

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from archive.scaling import ScaleError, scale_archive


def _day(text):
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} is not a date: write it YYYY-MM-DD (2010-01-01).") from None


class Command(BaseCommand):
    help = "Copy every stored article N - 1 times (new ids, dates, outlets) for scale benchmarks."

    def add_arguments(self, parser):
        parser.add_argument(
            "--factor",
            type=int,
            required=True,
            help="How many times its articles the archive ends with (10: 35,382 -> 353,820).",
        )
        parser.add_argument(
            "--from", dest="start", default="2010-01-01", help="First date a copy may get."
        )
        parser.add_argument("--to", dest="end", default="2025-12-31", help="Last date.")
        parser.add_argument(
            "--seed", type=int, default=0, help="Seed of the draws (same seed, same archive)."
        )
        parser.add_argument(
            "--batch",
            type=int,
            default=2000,
            help="Original articles copied per transaction (default 2000).",
        )
        parser.add_argument(
            "--no-index",
            action="store_true",
            help="Do not rebuild the search index afterwards (the copies stay owed to it).",
        )

    def handle(self, *args, factor, start, end, seed, batch, no_index, verbosity, **options):
        start, end = _day(start), _day(end)
        started = time.monotonic()

        def progress(done, total):
            if verbosity >= 1:
                self.stdout.write(
                    f"{done} / {total} originals copied, {time.monotonic() - started:.0f} s"
                )

        try:
            result = scale_archive(
                factor=factor, start=start, end=end, seed=seed, batch=batch, progress=progress
            )
        except ScaleError as exc:
            raise CommandError(f"Cannot scale the archive: {exc}") from exc
        if verbosity >= 1:
            rows = ", ".join(f"{table} {n}" for table, n in result.rows.items() if n)
            self.stdout.write(
                f"{result.seed_articles} articles became {result.articles} in "
                f"{result.seconds:.1f} s ({rows})."
            )
        if no_index:
            self.stdout.write("The copies are owed to the search index: run rebuild_index.")
            return
        call_command("rebuild_index", verbosity=verbosity, stdout=self.stdout)
