"""The import writer's unit of work: a batch of processed articles in one transaction.

One transaction per article cost the writer a commit, a names check and an index pass per
article (25 ms to store and link, 30 to index, in 2026-11); a batch shares them. Each article
still has its own savepoint: one that fails is rolled back alone and reported by name, and
the others of its batch are stored.
"""

from dataclasses import dataclass, field

from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction

from archive.offices.building import refresh_tenures
from archive.signals import owe_index


@dataclass
class BatchResult:
    stored: list = field(default_factory=list)  # (item, ImportResult), committed
    failed: list = field(default_factory=list)  # (item, error): nothing of it stored
    stopped: BaseException | None = None  # Ctrl-C met while writing: raise once committed


@dataclass
class Shared:
    """What the articles of one batch share: the tenures to refresh once at its end, and the
    offices and tenures met (archive.offices.building.record_offices' memo)."""

    tenures: set = field(default_factory=set)
    memo: dict = field(default_factory=dict)


class BatchFailed(Exception):
    """What the batch shares (owing the index, refreshing tenures) failed: nothing stored."""


def lost(error):
    """A database error that is the connection's, not the article's (server gone)."""
    return isinstance(error, (OperationalError, InterfaceError)) and (
        "locked" in str(error) or not connection.is_usable()
    )


def store_batch(items, *, write, resolver, should_stop=lambda: False) -> BatchResult:
    """write(item, shared) for each item in one transaction, each in a savepoint.

    write returns an ImportResult (services), owes_index if the index must follow its
    article, and keeps what the batch shares in shared (a Shared). A
    locked or lost database (see lost) ends the batch with nothing stored (raised);
    should_stop() is asked after each article, and the batch is committed up to there.
    """
    result = BatchResult()
    shared = Shared()
    try:
        with transaction.atomic(), resolver.held():
            for item in items:
                try:
                    with transaction.atomic():
                        outcome = write(item, shared)
                except Exception as error:
                    # What they learned may be records rolled back just now.
                    resolver.forget()
                    shared.memo.clear()
                    if lost(error):
                        raise
                    result.failed.append((item, error))
                except BaseException as stop:  # KeyboardInterrupt: what is done is kept
                    resolver.forget()
                    shared.memo.clear()
                    result.stopped = stop
                    break
                else:
                    result.stored.append((item, outcome))
                if should_stop():
                    break
            _finish(result, shared.tenures)
    except BaseException:
        resolver.forget()
        raise
    return result


def _finish(result, tenures):
    """What the batch's articles share, written once for them all before the commit."""
    owed = [o.article_id for _item, o in result.stored if o.owes_index]
    try:
        with transaction.atomic():
            refresh_tenures(tenures)
            # Deferred: the import has the index pay its debts in batches (articles_changed);
            # an index in the database (PostgreSQL) writes these rows here, in one pass.
            owe_index(article_ids=owed, deferred=True)
    except DatabaseError as error:
        if lost(error):
            raise
        raise BatchFailed(str(error)) from error
    except Exception as error:
        raise BatchFailed(str(error)) from error
