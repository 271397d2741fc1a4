"""Reads on PostgreSQL read replicas, writes on the primary (DATABASE_REPLICA_URLS).

A read goes to a replica unless it must see the primary's latest state: inside a
transaction on the primary (a write under way reads what it writes), or in a request
pinned by ReadYourWritesMiddleware: one that writes (POST, ...) and, for
ARCHIVE_REPLICA_LAG_SECONDS after it, every request of the same browser, so a curator
sees their own change at once however far the replicas lag.
"""

import contextvars
import random

from django.conf import settings
from django.db import connections

_primary = contextvars.ContextVar("read_from_primary", default=False)

PRIMARY = "default"


def replicas():
    return [alias for alias in settings.DATABASES if alias != PRIMARY]


class reads_from_primary:  # noqa: N801 (used as a context manager, like atomic)
    """Within it, reads go to the primary."""

    def __enter__(self):
        self._token = _primary.set(True)

    def __exit__(self, *exc):
        _primary.reset(self._token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        aliases = replicas()
        if not aliases or _primary.get() or connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return random.choice(aliases)

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, copied: rows on a replica are the primary's rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY
