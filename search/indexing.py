"""Keeping the index in step with the database after imports and curation.

archive sends articles_changed after its transaction commits; we re-read those articles
and write them with one writer. The backend's file lock makes concurrent callers wait their
turn, so two imports finishing together both land in the index.
"""

import logging

from haystack import connections
from haystack.utils import get_identifier

from archive.models import Article

log = logging.getLogger(__name__)

# Articles per writer commit: each commit is a Whoosh segment, and fewer segments search faster.
BATCH_SIZE = 2000


def _article_index(using):
    return connections[using].get_unified_index().get_index(Article)


def update_articles(ids, *, using="default"):
    """Index the current state of these articles; ids no longer in the database are removed."""
    ids = sorted({int(pk) for pk in ids})
    backend = connections[using].get_backend()
    index = _article_index(using)
    missing = []
    # Reading the rows while holding the writer lock: a concurrent update of the same
    # article waits, then reads what was committed after ours, so the newest state wins.
    with backend.write_lock():
        for start in range(0, len(ids), BATCH_SIZE):
            batch = ids[start : start + BATCH_SIZE]
            articles = list(index.index_queryset(using=using).filter(pk__in=batch))
            backend.update(index, articles)
            found = {article.pk for article in articles}
            missing += [pk for pk in batch if pk not in found]
        if missing:
            remove_articles(missing, using=using)
    return len(ids) - len(missing)


def remove_articles(ids, *, using="default"):
    """Take these articles out of the index."""
    identifiers = [get_identifier(f"archive.article.{int(pk)}") for pk in ids]
    if identifiers:
        connections[using].get_backend().remove_many(identifiers)


def on_articles_changed(sender, *, article_ids=(), removed_ids=(), **kwargs):
    """Receiver for archive.signals.articles_changed."""
    if article_ids:
        update_articles(article_ids)
    if removed_ids:
        remove_articles(removed_ids)
