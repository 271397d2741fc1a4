"""The search page: form -> search -> template. Whatever the query string, a page comes back."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from .analyzer import find_query_symbols
from .engine import SearchUnavailable
from .entities import facet_labels
from .facets import FACETS
from .forms import SearchForm
from .query import MAX_QUERY_CHARS
from .repair import request_repair
from .services import FACET_LIMIT, PageOutOfRange, SearchOutcome, search_articles
from .trends import search_trend

EXAMPLES = [
    "Bí thư Tỉnh ủy",
    "21-KL/TW",
    "ngo thanh danh",
    '"công tác cán bộ"',
    "luân chuyển OR điều động",
    "Đảng -xổ",
]


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    count: int | None = None
    selected: bool = False
    kind: str = ""


def _url(request, *, add=None, remove=None, drop=("page",), **replace):
    """The current query string with one value added or removed, page reset."""
    params = request.GET.copy()
    for name in drop:
        params.pop(name, None)
    if add:
        name, value = add
        if value not in params.getlist(name):
            params.appendlist(name, value)
    if remove:
        name, value = remove
        params.setlist(name, [v for v in params.getlist(name) if v != value])
    for name, value in replace.items():
        params[name] = value
    return "?" + params.urlencode() if params else "?"


def _directive_labels(form):
    """{directive value as given: label}: a symbol given for several documents reads as the
    symbol ("21-KL/TW"), one given for a single document as that document."""
    given = getattr(form, "directive_values", {})
    single = facet_labels("directive", {slugs[0] for slugs in given.values() if len(slugs) == 1})
    labels = {}
    for value, slugs in given.items():
        if len(slugs) == 1:
            labels[value] = single.get(slugs[0], value)
        else:
            symbols = [symbol for _start, _end, symbol in find_query_symbols(value)]
            labels[value] = symbols[0] if symbols else value
    return labels


def _given_value(form, name, slug):
    """The value in the URL that selected this facet value: a directive may have been given
    by its symbol ("?directive=21-KL/TW"), which removing must remove."""
    if name == "directive":
        for value, slugs in getattr(form, "directive_values", {}).items():
            if slug in slugs:
                return value
    return slug


def _chips(request, form):
    """Each selected filter as a removable chip (label, url without it)."""
    chips = []
    for name in SearchForm.FILTERS:
        values = request.GET.getlist(name)
        labels = facet_labels(name, values)
        if name == "directive":
            labels.update(_directive_labels(form))
        for value in dict.fromkeys(values):
            label = labels.get(value, value)
            chips.append(Link(label, _url(request, remove=(name, value)), kind=FACETS[name].label))
    for name in ("date_from", "date_to"):
        if request.GET.get(name):
            kind = _("Từ ngày") if name == "date_from" else _("Đến ngày")
            chips.append(Link(request.GET[name], _url(request, drop=("page", name)), kind=kind))
    return chips


def _facet_links(request, form, outcome):
    groups = []
    for name, values in outcome.facets.items():
        links = [
            Link(
                value.label,
                _url(request, remove=(name, _given_value(form, name, value.value)))
                if value.selected
                else _url(request, add=(name, value.value)),
                value.count,
                value.selected,
            )
            for value in values
        ]
        if not links:
            continue
        more = fewer = None
        if name == outcome.more_facet and len(values) > FACET_LIMIT:
            fewer = _url(request, drop=("more",))
        elif name != outcome.more_facet and name in outcome.facets_cut:
            more = _url(request, drop=(), more=name)
        groups.append((name, FACETS[name].title, links, more, fewer))
    return groups


def _pages(request, outcome):
    """Page links around the current one: 1 … 4 5 [6] 7 8 … 20."""
    last, current = outcome.num_pages, outcome.page
    numbers = sorted({1, last, *range(max(1, current - 2), min(last, current + 2) + 1)})
    links, previous = [], 0
    for number in numbers:
        if number - previous > 1:
            links.append(None)
        links.append(Link(str(number), _url(request, page=str(number)), selected=number == current))
        previous = number
    return links


def search_page(request):
    form = SearchForm(request.GET)
    form.is_valid()  # invalid filters are reported on the page and left out of the search
    context = {
        "form": form,
        "query": form.cleaned_data.get("q") or "",
        "examples": EXAMPLES,
        "chips": _chips(request, form),
        "max_query_chars": MAX_QUERY_CHARS,
    }
    status = 200
    kwargs = form.search_kwargs()
    try:
        if form.has_search():
            outcome = search_articles(**kwargs, months=True)  # the trend chart's counts
        else:
            # The empty page: what the archive holds, to start browsing from.
            outcome = search_articles(
                **{**kwargs, "query": "*", "page": 1, "sort": "newest", "per_page": 1}
            )
            outcome.hits = []
    except PageOutOfRange:
        # A link kept from a larger result set: say so on the search page, with the pages
        # there are, rather than a bare "not found".
        status, context["missing_page"] = 404, kwargs["page"]
        outcome = search_articles(**{**kwargs, "page": 1}, months=True)
        outcome.hits = []
    except SearchUnavailable as exc:
        outcome, status = SearchOutcome(query=None), 503
        context["unavailable"] = exc.reason
        context["repairing"] = request_repair(exc.reason, exc.detail)
    context.update(
        {
            "outcome": outcome,
            "searched": form.has_search(),
            "facet_groups": _facet_links(request, form, outcome),
            "pages": _pages(request, outcome) if outcome.num_pages > 1 else [],
            "previous_url": _url(request, page=str(outcome.page - 1)) if outcome.page > 1 else None,
            "next_url": (
                _url(request, page=str(outcome.page + 1))
                if outcome.page < outcome.num_pages
                else None
            ),
            "sort": kwargs["sort"],
            "relevance_url": _url(request, sort="relevance"),
            "newest_url": _url(request, sort="newest"),
            "suggestion_url": (_url(request, q=outcome.suggestion) if outcome.suggestion else None),
            "last_page_url": _url(request, page=str(outcome.num_pages)),
            "clear_filters_url": _url(request, drop=[k for k in request.GET if k != "q"]),
            "hidden_filters": [
                (name, value) for name in SearchForm.FILTERS for value in request.GET.getlist(name)
            ],
            "first_number": (outcome.page - 1) * outcome.per_page + 1,
        }
    )
    if context["searched"] and not form.errors and status != 503:
        context.update(_research_links(request, kwargs, outcome))
    return render(request, "search/page.html", context, status=status)


def _research_links(request, kwargs, outcome):
    """Export, feed and trend of the whole search (search/research_views.py serves them)."""
    count = outcome.count
    params = request.GET.copy()
    for name in ("page", "more", "trend"):
        params.pop(name, None)
    query = "?" + params.urlencode() if params else ""
    mode = "share" if request.GET.get("trend") == "share" else "count"
    # a search with no match yet still has a feed: the alert when one comes
    trend, dated = search_trend(kwargs, mode=mode, months=outcome.months) if count else (None, 0)
    return {
        "feed_url": reverse("search:search_feed") + query,
        "export_url": reverse("search:api_export") + (query + "&" if query else "?") + "format=",
        "trend": trend,
        "trend_undated": count - dated,
        "trend_mode": mode,
        "trend_switch_url": _url(request, drop=(), trend="count" if mode == "share" else "share"),
        "trends_url": _trends_url(kwargs),
    }


def _trends_url(kwargs):
    """/trends/ with this search as its first query: the filters written in the query syntax
    ("Đảng person:ngo-thanh-danh"), which holds one value a filter; "" when it cannot."""
    words = [kwargs["query"].strip()] if kwargs["query"].strip() not in ("", "*") else []
    for name, groups in kwargs["filters"].items():
        if any(len(values) > 1 for values in groups):
            return ""  # "any of these" has no query syntax
        words += [f"{name}:{values[0]}" for values in groups]
    params = {"q": " ".join(words)}
    params.update({k: kwargs[k].isoformat() for k in ("date_from", "date_to") if kwargs[k]})
    return reverse("search:trends") + "?" + urlencode(params) if words else ""
