"""One search, as the page and the API both run it: query, filters, sort, page -> outcome."""

import math
from dataclasses import dataclass, field
from datetime import date, datetime

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from haystack.inputs import Raw
from haystack.query import SearchQuerySet

from archive.models import Article

from .entities import entity_offers, facet_labels
from .query import parse_query
from .search_indexes import FACETS

PER_PAGE = 20
FACET_LIMIT = 10
MORE_FACET_LIMIT = 100  # the one facet a reader asked to see more of


class PageOutOfRange(LookupError):
    """The page asked for is past the last page of results."""


@dataclass(frozen=True)
class Hit:
    id: int
    url: str
    title: str
    title_html: str
    published: date | None
    source: str | None
    score: float | None
    snippet: str


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class SearchOutcome:
    query: object  # ParsedQuery
    count: int = 0
    page: int = 1
    per_page: int = PER_PAGE
    hits: list = field(default_factory=list)
    facets: dict = field(default_factory=dict)  # name -> [FacetValue]
    suggestion: str | None = None
    offers: list = field(default_factory=list)
    more_facet: str | None = None  # the facet shown with MORE_FACET_LIMIT values
    facets_cut: set = field(default_factory=set)  # facets with more values than shown

    @property
    def num_pages(self):
        return max(1, math.ceil(self.count / self.per_page))


def _narrow_value(name, values):
    if len(values) == 1:
        return f'{name}:"{values[0]}"'
    return f"{name}:({' OR '.join(values)})"


def search_articles(
    *,
    query="",
    filters=None,
    date_from=None,
    date_to=None,
    sort="relevance",
    page=1,
    per_page=PER_PAGE,
    more_facet=None,
    using="default",
):
    """Run a search. filters: {facet: [[values any of which may match], ...]}, all combined.

    Raises PageOutOfRange for a page past the last one.
    """
    filters = filters or {}
    parsed = parse_query(query)
    sqs = SearchQuerySet(using=using).models(Article).filter(content=Raw(query.strip() or "*"))
    for name, groups in filters.items():
        for values in groups:
            sqs = sqs.narrow(_narrow_value(name, values))
    if date_from or date_to:
        low = date_from.isoformat() if date_from else "*"
        high = date_to.isoformat() if date_to else "*"
        sqs = sqs.narrow(f"published:[{low} TO {high}]")
    for name in FACETS:
        # One more than shown, to know whether there are more to show.
        sqs = sqs.facet(name, limit=_facet_limit(name, more_facet) + 1)
    if sort == "newest":
        sqs = sqs.order_by("-published")
    sqs = sqs.highlight()

    start = (page - 1) * per_page
    results = list(sqs[start : start + per_page])
    outcome = SearchOutcome(
        query=parsed, count=sqs.count(), page=page, per_page=per_page, more_facet=more_facet
    )
    if page > outcome.num_pages:
        raise PageOutOfRange(page)
    outcome.hits = [_hit(result) for result in results]
    selected = {name: {v for values in groups for v in values} for name, groups in filters.items()}
    counts = sqs.facet_counts().get("fields", {})
    outcome.facets_cut = {
        name for name in FACETS if len(counts.get(name, [])) > _facet_limit(name, more_facet)
    }
    counts = {name: values[: _facet_limit(name, more_facet)] for name, values in counts.items()}
    outcome.facets = _facets(counts, selected, outcome.count)
    outcome.suggestion = sqs.spelling_suggestion() if outcome.count < 5 else None
    if outcome.suggestion and outcome.suggestion.strip().lower() == parsed.text.strip().lower():
        outcome.suggestion = None
    outcome.offers = entity_offers(parsed) if page == 1 else []
    return outcome


def _facet_limit(name, more_facet):
    return MORE_FACET_LIMIT if name == more_facet else FACET_LIMIT


def _hit(result):
    highlighted = getattr(result, "highlighted", None) or {}
    title = result.headline or ""
    title_html = (highlighted.get("title") or [None])[0]
    snippet = (highlighted.get("text") or [""])[0]
    return Hit(
        id=int(result.pk),
        url=reverse("archive:article", args=[result.pk]),
        title=title,
        title_html=mark_safe(title_html if title_html else escape(title)),  # noqa: S308 (escaped)
        published=_as_date(result.published),
        source=result.source_name,
        score=round(result.score, 4) if result.score is not None else None,
        snippet=mark_safe(snippet),  # noqa: S308 (built from escaped text in highlight.py)
    )


def _as_date(value):
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def _facets(raw, selected, total):
    facets = {}
    for name in FACETS:
        counts = raw.get(name, [])
        chosen = selected.get(name, set())
        labels = facet_labels(name, [value for value, _count in counts] + sorted(chosen))
        values = [
            FacetValue(value, labels.get(value, value), count, value in chosen)
            for value, count in counts
        ]
        shown = {value for value, _count in counts}
        values += [
            FacetValue(value, labels.get(value, value), total, True)
            for value in sorted(chosen - shown)
        ]
        if name == "year":  # the busiest years, in calendar order
            values.sort(key=lambda v: v.value, reverse=True)
        facets[name] = values
    return facets
