"""Recompute the directive registry (relations between documents, short names, subjects,
signers) for stored articles, from their stored segmentation: nothing is segmented again.

Run it after the registry's rules change (archive/extract/relations.py, registry.py).
Each article is rewritten in its own transaction; an article whose stored words do not
match its parts is reported on stderr and left as it was; the others go on.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from archive.models import Article, DirectiveFact, DirectiveRelation
from archive.registry import NotSegmented, articles_citing, record_registry, reread_article

_CHUNK = 200


class Command(BaseCommand):
    help = (
        "Recompute relations between documents and what articles tell of them, from the "
        "stored segmentation."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--article",
            type=int,
            action="append",
            default=[],
            metavar="ID",
            help="Only this article (repeat for several); default: every article citing a "
            "document.",
        )

    def handle(self, *args, article, verbosity, **options):
        articles = articles_citing()
        if article:
            missing = sorted(
                set(article)
                - set(Article.objects.filter(pk__in=article).values_list("pk", flat=True))
            )
            if missing:
                raise CommandError(
                    f"no article with id {', '.join(map(str, missing))} (see /articles/ for ids)"
                )
            articles = Article.objects.filter(pk__in=article).order_by("pk")
        started, done, failed = time.monotonic(), 0, 0
        ids = list(articles.values_list("pk", flat=True))
        for start in range(0, len(ids), _CHUNK):
            for stored in Article.objects.filter(pk__in=ids[start : start + _CHUNK]).order_by("pk"):
                try:
                    entities = reread_article(stored)
                except NotSegmented as error:
                    failed += 1
                    self.stderr.write(f"{stored.source_path}: {error}; left as it was")
                    continue
                record_registry(article=stored, entities=entities)
                done += 1
            if verbosity > 1:
                self.stdout.write(f"{min(start + _CHUNK, len(ids))}/{len(ids)} articles")
        if verbosity > 0:
            self.stdout.write(
                f"{done} articles read again in {time.monotonic() - started:.1f} s, {failed} "
                f"failed: {DirectiveRelation.objects.count()} relations, "
                f"{DirectiveFact.objects.count()} facts stored"
            )
        if failed:
            raise CommandError(f"{failed} articles could not be read again (listed above)")
