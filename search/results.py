"""Everything a search holds beyond one page: every hit in order, hits per month, and what
an export records about the index. Callers (export, feeds, trends) use only these three."""

import os
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime

from django.conf import settings

from .schema import TERMS_VERSION
from .services import Hit, search_articles

# Hits read a page at a time: 500 keeps a page's highlighting and its rows a few MB while
# 35,000 hits take 71 searches.
_PAGE = 500


def iter_hits(*, query, filters, date_from, date_to, sort) -> Iterator[Hit]:
    """Every article matching the search, in the search's order, read lazily a page at a time."""
    page = 1
    while True:
        outcome = search_articles(
            query=query,
            filters=filters,
            date_from=date_from,
            date_to=date_to,
            sort=sort,
            page=page,
            per_page=_PAGE,
        )
        yield from outcome.hits
        if page >= outcome.num_pages:
            return
        page += 1


def month_counts(*, query, filters, date_from, date_to) -> dict[str, int]:
    """{"YYYY-MM": matching articles published that month}; undated articles are left out."""
    counts = Counter(
        hit.published.strftime("%Y-%m")
        for hit in iter_hits(
            query=query, filters=filters, date_from=date_from, date_to=date_to, sort="newest"
        )
        if hit.published
    )
    return dict(sorted(counts.items()))


def index_version() -> str:
    """The analyzer's terms version and when the index last changed: "terms-2@2026-12-01T…Z"."""
    path = settings.HAYSTACK_CONNECTIONS["default"].get("PATH")
    changed = None
    if path and os.path.isdir(path):
        times = [entry.stat().st_mtime for entry in os.scandir(path) if entry.is_file()]
        if times:
            changed = datetime.fromtimestamp(max(times), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"terms-{TERMS_VERSION}@{changed or 'unknown'}"
