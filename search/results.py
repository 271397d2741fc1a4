"""Everything a search holds beyond one page: every hit in order, hits per month, and what
an export records about the index. Callers (export, feeds, trends) use only these."""

from collections.abc import Iterator

from django.db.models import Max

from archive.models import Article

from .analyzer import TERMS_VERSION
from .engine import get_engine
from .services import Hit, build_request, hits_for

# Hits made a batch at a time: 500 keeps a batch's highlighting and its rows a few MB.
_BATCH = 500


def iter_hits(*, query, filters, date_from, date_to, sort) -> Iterator[Hit]:
    """Every article matching the search, in the search's order, made lazily a batch at a
    time from one search of the index (a snapshot: an import meanwhile shifts nothing)."""
    request = build_request(
        query=query,
        filters=filters,
        date_from=date_from,
        date_to=date_to,
        sort=sort,
        stop=None,
        facets=False,
    )
    if request.query.is_empty:
        return
    scored = get_engine().search(request).hits
    for start in range(0, len(scored), _BATCH):
        yield from hits_for(scored[start : start + _BATCH], request.query)


def month_counts(*, query, filters, date_from, date_to) -> dict[str, int]:
    """{"YYYY-MM": matching articles published that month}; undated articles are left out."""
    request = build_request(
        query=query,
        filters=filters,
        date_from=date_from,
        date_to=date_to,
        stop=0,
        facets=False,
        months=True,
    )
    if request.query.is_empty:
        return {}
    return get_engine().search(request).months


def month_totals(*, date_from=None, date_to=None) -> dict[str, int]:
    """{"YYYY-MM": indexed articles published that month}, between the dates if given."""
    request = build_request(
        query="*", date_from=date_from, date_to=date_to, stop=0, facets=False, months=True
    )
    return get_engine().search(request).months


def index_version() -> str:
    """The engine, the analyzer's terms version and the archive's last change:
    "whoosh-terms2@2026-12-01T09:14:03Z"."""
    changed = Article.objects.aggregate(last=Max("updated_at"))["last"]
    stamp = changed.strftime("%Y-%m-%dT%H:%M:%SZ") if changed else "empty"
    return f"{get_engine().name}-terms{TERMS_VERSION}@{stamp}"
