"""Make the search index usable: `manage.py ensure_index`.

Rebuilds it (as `rebuild_index` does) when it is stale, written by a version of the analyzer
whose terms differ from this code's, or when it holds no documents while the archive holds
articles (a new data folder, an index folder removed). Otherwise does nothing, so it is
cheap to run on every start (bin/serve, the Docker image).
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from haystack import connections

from archive.models import Article


class Command(BaseCommand):
    help = "Rebuild the search index if it is stale or empty while articles exist."

    def add_arguments(self, parser):
        parser.add_argument(
            "--using", default="default", help="Haystack connection (default: default)."
        )

    def handle(self, *args, using, **options):
        backend = connections[using].get_backend()
        if backend.is_stale():
            reason = "it was written with other index terms (an older analyzer)"
        elif backend.index.doc_count() == 0 and Article.objects.exists():
            reason = "it holds no documents"
        else:
            if options["verbosity"] >= 1:
                self.stdout.write(
                    f"Search index up to date ({backend.index.doc_count()} articles)."
                )
            return
        if options["verbosity"] >= 1:
            self.stdout.write(f"Rebuilding the search index: {reason}.")
        call_command("rebuild_index", using=[using], interactive=False, verbosity=0)
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"Indexed {connections[using].get_backend().index.doc_count()} articles."
            )
