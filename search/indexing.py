"""Keeping the index in step with the database: nothing lost between the two.

archive records what the index owes (archive.models.IndexDebt) in the same transaction as
each change and sends index_owed inside it (archive.signals.owe_index). An engine whose
index lives in the database (PostgreSQL) indexes then and there; the Whoosh engine works the
debts off once the transaction commits, and clears them only after its commit. A process
killed in between leaves the debts behind: the next work-off anywhere, or `ensure_index` on
start, pays them; reconcile() compares every article's revision with the index's.
"""

import logging
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import transaction

from archive.models import Article, IndexDebt
from config.routers import reads_from_primary

from .documents import documents
from .engine import IndexBusy, SearchUnavailable, get_engine

log = logging.getLogger(__name__)

BATCH_SIZE = 2000


# A missing index met while writing is built on the spot from a database this small (a new
# data folder's first import); a larger one is rebuilt in the background (search/repair.py).
BUILD_INLINE_BELOW = 5000


def _index_ids(engine, ids):
    """Index the current state of these articles; ids no longer in the database are removed."""
    ids = sorted(set(ids))
    try:
        _write_ids(engine, ids)
    except SearchUnavailable as error:
        # Met on writing, not asked first: engine.health() reads every file of a Whoosh
        # index to check its CRC, a cost per batch that grew with the archive.
        if error.reason != "missing" or engine.transactional:
            raise
        if Article.objects.count() < BUILD_INLINE_BELOW:
            engine.rebuild(documents())  # holds these articles too
            return
        from .repair import request_repair

        request_repair("missing", "met while indexing")
        raise SearchUnavailable("missing", "being built in the background") from None


def _write_ids(engine, ids):
    for start in range(0, len(ids), BATCH_SIZE):
        batch = ids[start : start + BATCH_SIZE]
        found = list(documents(batch))
        present = {d.article_id for d in found}
        engine.index(found)
        engine.remove([pk for pk in batch if pk not in present])


def update_articles(ids):
    """Index the current state of these articles now (debts or not); returns how many are in
    the database (the others are removed from the index)."""
    engine = get_engine()
    ids = sorted({int(pk) for pk in ids})
    with _writer(engine):
        _index_ids(engine, ids)
    return Article.objects.filter(pk__in=ids).count()


def remove_articles(ids):
    """Take these articles out of the index."""
    get_engine().remove(sorted({int(pk) for pk in ids}))


def work_off(article_ids=None, *, wait=600.0):
    """Pay what the index owes (only for article_ids, if given; else everything owed).

    Returns how many articles were indexed or removed. Debts are deleted only after the
    engine has written, and only those read before writing: a change committed meanwhile
    keeps its own debt.
    """
    engine = get_engine()
    with _writer(engine, wait):
        debts = IndexDebt.objects.all()
        if article_ids is not None:
            debts = debts.filter(article_id__in=list(article_ids))
        owed = list(debts.values_list("pk", "article_id"))
        if not owed:
            return 0
        ids = {article_id for _pk, article_id in owed}
        _index_ids(engine, ids)
        last = max(pk for pk, _article_id in owed)
        IndexDebt.objects.filter(article_id__in=list(ids), pk__lte=last).delete()
    return len(ids)


@contextmanager
def _writer(engine, wait=600.0):
    """What writing the index holds while it reads rows and writes them: a transaction
    (PostgreSQL), or the Whoosh engine's writer lock, so that a concurrent work-off of the
    same article waits, then reads what was committed after ours. Reads go to the primary."""
    with reads_from_primary():
        if engine.transactional:
            with transaction.atomic():
                yield
        else:
            with engine.lock(timeout=wait):
                yield


def on_index_owed(sender, *, article_ids=(), removed_ids=(), deferred=False, **kwargs):
    """Receiver for archive.signals.index_owed, inside the transaction of the change."""
    engine = get_engine()
    ids = sorted({*article_ids, *removed_ids})
    if engine.transactional:
        work_off(ids)  # in this very transaction
    elif not deferred:
        # A short wait: behind a rebuild (which pays every debt when it ends) or a long
        # import batch, a curator's save must not hang; the debt stays and is paid later.
        transaction.on_commit(lambda: _work_off_logged(ids, wait=5.0), robust=True)


def on_articles_changed(sender, *, article_ids=(), removed_ids=(), owed=False, **kwargs):
    """Receiver for archive.signals.articles_changed: index these articles, take removed_ids
    out, and pay every other debt, now. owed: their debts were recorded, so paying what is
    owed is enough (PostgreSQL indexed them in their transaction: not twice)."""
    try:
        if owed:
            work_off()
            return
        pay(article_ids, removed_ids)
    except (IndexBusy, SearchUnavailable) as exc:
        log.error("Search index not updated (%s); the change stays owed", exc)
        return
    _work_off_logged(None)


def pay(article_ids=(), removed_ids=()):
    """Index article_ids and remove removed_ids whatever is owed, and clear their debts."""
    engine = get_engine()
    changed, removed = sorted(set(article_ids)), sorted(set(removed_ids))
    if not changed and not removed:
        return
    with _writer(engine):
        last = IndexDebt.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        _index_ids(engine, changed)
        engine.remove(removed)
        IndexDebt.objects.filter(article_id__in=changed + removed, pk__lte=last).delete()


def _work_off_logged(article_ids, wait=600.0):
    # The change is committed and its debt recorded: an index that cannot be written now is
    # logged, not shown to the curator as an error about their save; ensure_index repairs.
    try:
        work_off(article_ids, wait=wait)
    except IndexBusy as exc:
        log.warning("Search index busy (%s); the change stays owed", exc)
    except SearchUnavailable as exc:
        log.error("Search index not updated (%s); the change stays owed", exc)
    except Exception:
        log.exception("Search index not updated; the change stays owed")


@dataclass
class Reconciliation:
    indexed: int = 0  # articles (re)indexed: missing from the index or at an older revision
    removed: int = 0  # index entries of articles no longer in the database


def reconcile():
    """Make the index hold exactly the database's articles at their current revisions."""
    engine = get_engine()
    with _writer(engine):
        in_index = engine.revisions()
        in_db = dict(Article.objects.values_list("pk", "revision").iterator(chunk_size=20000))
        stale = [pk for pk, revision in in_db.items() if in_index.get(pk) != revision]
        gone = [pk for pk in in_index if pk not in in_db]
        _index_ids(engine, stale)
        engine.remove(gone)
    return Reconciliation(len(stale), len(gone))


def rebuild():
    """Index the whole archive again into a new index swapped in when complete."""
    engine = get_engine()
    with reads_from_primary():
        last_debt = IndexDebt.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        count = engine.rebuild(documents())
    # Debts recorded before the rebuild read the articles are paid by it; those recorded
    # while it ran (their work-off could not take the lock) are paid now.
    IndexDebt.objects.filter(pk__lte=last_debt).delete()
    work_off()
    if engine.transactional:
        reconcile()  # what changed while the new table was written beside the live one
    return count
