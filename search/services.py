"""One search, as the page and the API both run it: query, filters, sort, page -> outcome."""

import math
from dataclasses import dataclass, field
from datetime import date

from django.utils.html import escape
from django.utils.safestring import mark_safe

from archive.models import Article

from .documents import highlight_sources
from .engine import Filter, SearchRequest, SearchResult, Sort, get_engine
from .entities import entity_offers, facet_labels
from .facets import FACETS
from .highlight import highlight_document
from .query import highlight_terms, parse_query
from .spelling import SUGGEST_BELOW

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
    months: dict = field(default_factory=dict)  # "YYYY-MM" -> matches, when asked for

    @property
    def num_pages(self):
        return max(1, math.ceil(self.count / self.per_page))


def build_request(
    *,
    query="",
    filters=None,
    date_from=None,
    date_to=None,
    sort="relevance",
    start=0,
    stop=PER_PAGE,
    more_facet=None,
    facets=True,
    months=False,
):
    """The SearchRequest for these search parameters (SearchForm.search_kwargs()).

    filters: {facet: [[values any of which may match], ...]}, every group required.
    """
    parsed = parse_query(query)
    wanted = [Filter(name, values) for name, groups in (filters or {}).items() for values in groups]
    # Filters typed in the query ("person:ngo-thanh-danh") narrow like the parameters.
    wanted += [Filter(name, (value,)) for name, value in parsed.filters]
    if parsed.is_empty and (wanted or date_from or date_to):
        parsed = parse_query("*")  # filters alone: every article they allow
    return SearchRequest(
        query=parsed,
        filters=tuple(wanted),
        date_from=date_from,
        date_to=date_to,
        sort=Sort(sort),
        start=start,
        stop=stop,
        # One more than shown, to know whether there are more to show.
        facets={name: _facet_limit(name, more_facet) + 1 for name in FACETS} if facets else {},
        months=months,
        suggest=facets,
    )


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
    months=False,
):
    """Run a search. filters: {facet: [[values any of which may match], ...]}, all combined.
    months: also count every match per month of publication (the page's trend chart), in
    the same pass over the matches.

    Raises PageOutOfRange for a page past the last one, SearchUnavailable when the index
    cannot be read.
    """
    start = (page - 1) * per_page
    request = build_request(
        query=query,
        filters=filters,
        date_from=date_from,
        date_to=date_to,
        sort=sort,
        start=start,
        stop=start + per_page,
        more_facet=more_facet,
        months=months,
    )
    parsed = parse_query(query)
    engine_query = request.query
    result = get_engine().search(request) if not engine_query.is_empty else SearchResult([], 0)
    outcome = SearchOutcome(
        query=parsed, count=result.total, page=page, per_page=per_page, more_facet=more_facet
    )
    if page > outcome.num_pages:
        raise PageOutOfRange(page)
    outcome.hits = hits_for(result.hits, parsed)
    outcome.months = result.months
    selected = {
        name: {v for values in groups for v in values} for name, groups in (filters or {}).items()
    }
    counts = result.facets
    outcome.facets_cut = {
        name for name in FACETS if len(counts.get(name, [])) > _facet_limit(name, more_facet)
    }
    counts = {name: values[: _facet_limit(name, more_facet)] for name, values in counts.items()}
    outcome.facets = _facets(counts, selected, outcome.count)
    outcome.suggestion = result.suggestion if outcome.count < SUGGEST_BELOW else None
    if outcome.suggestion and outcome.suggestion.strip().lower() == parsed.text.strip().lower():
        outcome.suggestion = None
    outcome.offers = entity_offers(parsed) if page == 1 else []
    return outcome


def hits_for(scored, parsed):
    """Hits (title, date, source, snippet) for the engine's Scored ids, in their order."""
    ids = [s.article_id for s in scored]
    if not ids:
        return []
    articles = (
        Article.objects.select_related("source")
        .only("id", "title", "lead", "paragraphs", "source_path", "published", "source__name")
        .in_bulk(ids)
    )
    sources = highlight_sources(ids)
    terms = highlight_terms(parsed)
    hits = []
    for s in scored:
        article = articles.get(s.article_id)
        if article is None:  # deleted since the index was written; the index is owed it
            continue
        title_html, snippet = None, ""
        parts = sources.get(s.article_id)
        if parts:
            title_html, snippet = highlight_document(parts, terms)
        hits.append(
            Hit(
                id=article.pk,
                url=article.get_absolute_url(),
                title=article.label,
                title_html=mark_safe(title_html if title_html else escape(article.label)),  # noqa: S308
                published=article.published,
                source=article.source.name if article.source else None,
                score=round(s.score, 4) if s.score is not None else None,
                snippet=mark_safe(snippet),  # noqa: S308 (built from escaped text in highlight.py)
            )
        )
    return hits


def _facet_limit(name, more_facet):
    return MORE_FACET_LIMIT if name == more_facet else FACET_LIMIT


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
