"""How archive/ tells search/ (which depends on archive, never the reverse) what the search
index must follow, so that nothing is lost between the database and the index."""

from django.db import transaction
from django.db.models import F
from django.dispatch import Signal

# Sent inside the transaction that recorded what the index owes (owe_index). kwargs:
# article_ids (changed), removed_ids (deleted), deferred. An engine whose index lives in the
# database indexes them there and then; one beside it works the debts off once the
# transaction commits, unless deferred (an import run pays in batches: articles_changed).
index_owed = Signal()

# Sent after commit to have everything still owed worked off now (an import's batches).
# kwargs: article_ids; owed: True if their debts were recorded (owe_index), so an index
# written in their transaction already has them.
articles_changed = Signal()


def owe_index(*, article_ids=(), removed_ids=(), deferred=False):
    """Record, in the current transaction, that the index must follow these articles
    (removed_ids: articles deleted), raising their revision, and tell search."""
    from archive.models import Article, IndexDebt

    changed, removed = sorted(set(article_ids)), sorted(set(removed_ids))
    owed = sorted(set(changed) | set(removed))
    if not owed:
        return
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("owe_index() must run inside the transaction of the change")
    if changed:
        Article.objects.filter(pk__in=changed).update(revision=F("revision") + 1)
    IndexDebt.objects.bulk_create([IndexDebt(article_id=pk) for pk in owed])
    index_owed.send(sender=Article, article_ids=changed, removed_ids=removed, deferred=deferred)
