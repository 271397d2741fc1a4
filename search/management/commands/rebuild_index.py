"""Index the whole archive again: `manage.py rebuild_index`.

Reads every article's stored segmentation (nothing is segmented again) into a new index;
searches go on reading the old one until the new one is complete and swapped in.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from search.engine import IndexBusy, get_engine
from search.indexing import rebuild


class Command(BaseCommand):
    help = "Index the whole archive again from the stored segmentation."

    def add_arguments(self, parser):
        # Kept from haystack's command of the same name, which scripts may still pass.
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Accepted for compatibility; the command never asks.",
        )

    def handle(self, *args, verbosity, **options):
        started = time.monotonic()
        try:
            count = rebuild()
        except IndexBusy as exc:
            raise CommandError(f"The search index is busy: {exc}. Try again later.") from exc
        if verbosity >= 1:
            self.stdout.write(
                f"Indexed {count} articles with the {get_engine().name} engine "
                f"in {time.monotonic() - started:.1f} s."
            )
