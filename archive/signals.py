"""Signals archive/ sends so that search/ (which depends on archive, never the reverse) can
keep its index in step with the database."""

from django.dispatch import Signal

# Sent after a transaction that created, re-parsed or re-linked articles has committed.
# kwargs: article_ids (list of primary keys), removed_ids (articles that no longer exist).
articles_changed = Signal()
