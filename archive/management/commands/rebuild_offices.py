"""Build offices and tenures for the whole stored archive from stored data.

Extraction runs again on each article's stored segmentation (nothing is segmented again);
curators' corrections are applied as at import. Run it after a change to title extraction,
or once on an archive imported before offices existed.
"""

from django.core.management.base import BaseCommand, CommandError

from archive.models import Article
from archive.offices.building import rebuild_all


class Command(BaseCommand):
    help = "Rebuild offices, tenures and their evidence from the stored articles."

    def add_arguments(self, parser):
        parser.add_argument(
            "--article",
            type=int,
            action="append",
            default=[],
            help="Only this article id (repeat for more).",
        )
        parser.add_argument(
            "--batch", type=int, default=200, help="Articles per transaction (default 200)."
        )

    def handle(self, *args, article, batch, verbosity, **options):
        if batch < 1:
            raise CommandError("--batch must be at least 1.")
        articles = Article.objects.all()
        if article:
            articles = articles.filter(pk__in=article)
            missing = sorted(set(article) - set(articles.values_list("pk", flat=True)))
            if missing:
                raise CommandError(f"No stored article with id {', '.join(map(str, missing))}.")

        def failed(item, error):
            self.stderr.write(f"{item.source_path} (article {item.pk}): {error}")

        result = rebuild_all(articles=articles, batch=batch, on_failure=failed)
        if verbosity:
            self.stdout.write(
                f"Rebuilt offices for {result.articles} articles: "
                f"{result.evidence} pieces of evidence, {result.failed} articles failed."
            )
