"""Make the search index whole and current: `manage.py ensure_index`.

Run on every start (bin/serve, the Docker image). It
- rebuilds the index when it is missing, cannot be read (damaged files, checked against
  the sizes and checksums recorded when they were written), or stale (written by another
  version of the analyzer or the engine's fields): beside the live one, swapped in whole;
- pays what the index still owes (changes whose indexing a killed process never did);
- reconciles: every article's revision in the database against the index's, indexing what
  differs and removing what the database no longer holds.
Cheap when all is well: one pass over ids and revisions.
"""

import logging

from django.core.management.base import BaseCommand, CommandError

from archive.models import IndexDebt
from config.routers import reads_from_primary
from search.engine import IndexBusy, get_engine
from search.indexing import rebuild, reconcile, work_off
from search.repair import repairing

log = logging.getLogger("search.ensure_index")


class Command(BaseCommand):
    help = "Rebuild the search index if missing, damaged or stale; pay its debts; reconcile."

    def handle(self, *args, verbosity, **options):
        say = self.stdout.write if verbosity >= 1 else (lambda _text: None)
        with repairing() as mine, reads_from_primary():
            if not mine:
                say("Another process is repairing the search index; leaving it to finish.")
                return
            self._ensure(say)

    def _ensure(self, say):
        engine = get_engine()
        try:
            health = engine.health()
            if not health.ok:
                reason = {
                    "missing": "there is none",
                    "damaged": "it cannot be read",
                    "stale": "it was written by another version of the analyzer",
                }.get(health.problem, health.problem)
                log.warning("Rebuilding the search index: %s (%s)", reason, health.detail)
                say(f"Rebuilding the search index: {reason} ({health.detail}).")
                count = rebuild()
                say(f"Indexed {count} articles.")
                return
            owed = IndexDebt.objects.count()
            paid = work_off() if owed else 0
            result = reconcile()
        except IndexBusy as exc:
            raise CommandError(f"The search index is busy: {exc}. Try again later.") from exc
        if paid or result.indexed or result.removed:
            log.warning(
                "Search index repaired: %s owed, %s behind the database, %s removed",
                paid,
                result.indexed,
                result.removed,
            )
            say(
                f"Search index repaired: paid {paid} owed, indexed {result.indexed} that "
                f"differed from the database, removed {result.removed}."
            )
        say(f"Search index up to date ({engine.health().documents} articles).")
