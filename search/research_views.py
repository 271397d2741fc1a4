"""Views of the research workflow: exports, the search feed, trends (lookup: lookup_views).

Thin: parameters checked by SearchForm (a bad one is the API's 400 naming it), the work done
by search/export.py, feeds.py, lookup.py and trends.py."""

import re
from datetime import UTC, datetime

from django.db.models import Max
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from archive.kinds import BY_NAME, NAMES
from archive.models import Article
from archive.text import slugify

from . import export, trends
from .api import _error, api_view
from .feeds import SearchFeed
from .forms import SearchForm
from .query import MAX_QUERY_CHARS
from .results import index_version, iter_hits
from .services import search_articles

_SEARCH_KEYS = ("query", "filters", "date_from", "date_to", "sort")
_ENTITY_QUERY = re.compile(rf"^({'|'.join(NAMES)}):([-a-zA-Z0-9_]+)$")


class BadParameter(ValueError):
    """A search parameter that cannot be used: its name and why."""

    def __init__(self, name, message):
        super().__init__(message)
        self.name, self.message = name, message


def validated_search(params, *, extra=()):
    """(form, search kwargs) for search parameters; BadParameter names the first bad one."""
    allowed = set(SearchForm.base_fields) | set(extra)
    unknown = [name for name in params if name not in allowed]
    if unknown:
        raise BadParameter(
            unknown[0], _("Tham số không được hỗ trợ: %(name)s.") % {"name": unknown[0]}
        )
    form = SearchForm(params)
    if not form.is_valid():
        name, errors = next(iter(form.errors.items()))
        raise BadParameter(name, f"{name}: {errors[0]}")
    kwargs = form.search_kwargs()
    if not kwargs["query"].strip() and not form.has_search():
        kwargs["query"] = "*"
    return form, {key: kwargs[key] for key in _SEARCH_KEYS}


def _bad(error):
    return _error(400, "bad_parameter", error.message, parameter=error.name)


def _format(request):
    fmt = request.GET.get("format", "csv")
    if fmt not in export.FORMATS:
        raise BadParameter(
            "format", _("format: “%(value)s” không phải csv hoặc jsonl.") % {"value": fmt[:20]}
        )
    return fmt


def _now():
    return datetime.now(UTC).replace(microsecond=0)


def _filename(*words, stamp):
    name = "-".join(slugify(w)[:50] for w in words if w and slugify(w))[:120]
    return f"luutru-{name or 'tat-ca'}-{stamp:%Y%m%d-%H%M%S}"


@api_view
def export_search(request):
    """/api/export?<search parameters>&format=csv|jsonl: every matching article, streamed."""
    try:
        form, search = validated_search(request.GET, extra=("format",))
        fmt = _format(request)
    except BadParameter as error:
        return _bad(error)
    count = search_articles(**search, per_page=1).count
    given = {n: form.data.getlist(n) for n in SearchForm.FILTERS if form.data.getlist(n)}
    params = request.GET.copy()
    for name in ("format", "page", "more"):
        params.pop(name, None)
    stamp = _now()
    header = {
        "query": search["query"],
        "filters": given,
        "date_from": search["date_from"].isoformat() if search["date_from"] else None,
        "date_to": search["date_to"].isoformat() if search["date_to"] else None,
        "sort": search["sort"],
        "count": count,
        "exported_at": stamp.isoformat().replace("+00:00", "Z"),
        "index_version": index_version(),
        "search_url": request.build_absolute_uri(reverse("search:page") + "?" + params.urlencode()),
    }
    words = [search["query"].strip("* ")] + [f"{n}-{v}" for n, vs in given.items() for v in vs]
    return export.response(
        fmt=fmt,
        header=header,
        items=export.rows(iter_hits(**search), absolute=request.build_absolute_uri),
        filename=_filename(*words, stamp=stamp),
    )


@api_view
def export_entity(request, slug, kind):
    """<entity page>export?format=csv|jsonl: the entity's articles, newest first."""
    kind = BY_NAME[kind]
    unknown = [name for name in request.GET if name != "format"]
    try:
        if unknown:
            raise BadParameter(
                unknown[0], _("Tham số không được hỗ trợ: %(name)s.") % {"name": unknown[0]}
            )
        fmt = _format(request)
    except BadParameter as error:
        return _bad(error)
    entity = kind.model.objects.filter(slug=slug).first()
    if entity is None:
        return _error(
            404,
            "not_found",
            _("Không có %(kind)s “%(slug)s”.") % {"kind": kind.lowercase, "slug": slug},
        )
    articles = Article.objects.filter(pk__in=kind.mentions_of(entity).values("article_id"))
    stamp = _now()
    changed = articles.aggregate(changed=Max("updated_at"))["changed"]
    header = {
        "entity": {
            "kind": kind.name,
            "slug": entity.slug,
            "name": str(entity),
            "url": request.build_absolute_uri(entity.get_absolute_url()),
        },
        "query": "",
        "filters": {kind.name: [entity.slug]},
        "sort": "newest",
        "count": articles.count(),
        "exported_at": stamp.isoformat().replace("+00:00", "Z"),
        "archive_changed": changed.astimezone(UTC).isoformat().replace("+00:00", "Z")
        if changed
        else None,
    }
    return export.response(
        fmt=fmt,
        header=header,
        items=export.rows(export.entity_hits(kind, entity), absolute=request.build_absolute_uri),
        filename=_filename(kind.name, entity.slug, stamp=stamp),
    )


_search_feed = SearchFeed()


@require_http_methods(["GET", "HEAD"])
def search_feed(request):
    """/feeds/search?<search parameters>: Atom, newest first."""
    try:
        request.validated_search = validated_search(request.GET)
    except BadParameter as error:
        return _bad(error)
    return _search_feed(request)


# --- trends ---------------------------------------------------------------------------------


def _label(query):
    """What a compared query reads as: an entity's name for "person:<slug>"."""
    match = _ENTITY_QUERY.match(query.strip())
    if match:
        entity = BY_NAME[match.group(1)].model.objects.filter(slug=match.group(2)).first()
        if entity is not None:
            return str(entity)
    return query.strip()


def trends_page(request):
    """/trends/?q=…&q=…: up to five searches per month on one chart, a table, CSV."""
    queries = [q.strip()[:MAX_QUERY_CHARS] for q in request.GET.getlist("q") if q.strip()]
    mode = request.GET.get("mode") if request.GET.get("mode") in trends.MODES else "count"
    context = {"queries": queries, "mode": mode, "max_series": trends.MAX_SERIES, "errors": []}
    status, all_series = 200, []
    if len(queries) > trends.MAX_SERIES:
        context["errors"].append(_("Tối đa %(n)s truy vấn một lần.") % {"n": trends.MAX_SERIES})
        queries, status = queries[: trends.MAX_SERIES], 400
    dates = {k: request.GET.get(k, "") for k in ("date_from", "date_to")}
    for query in queries:
        try:
            _form, search = validated_search({"q": query, **{k: v for k, v in dates.items() if v}})
        except BadParameter as error:
            context["errors"].append(error.message)
            status = 400
            break
        search.pop("sort")
        all_series.append(trends.series(_label(query), **search))
    if status == 200 and all_series:
        totals = trends.archive_totals(date_from=search["date_from"], date_to=search["date_to"])
        if request.GET.get("format") == "csv":
            response = HttpResponse(
                trends.csv_text(all_series, totals), content_type="text/csv; charset=utf-8"
            )
            response["Content-Disposition"] = (
                f'attachment; filename="{_filename("xu-huong", *queries, stamp=_now())}.csv"'
            )
            return response
        context.update(
            series=all_series,
            chart=trends.chart(
                all_series,
                totals,
                mode=mode,
                ident="trends",
                title=_("Tỉ lệ bài khớp mỗi tháng")
                if mode == "share"
                else _("Số bài khớp mỗi tháng"),
            ),
            # the page lists the months with a match; the CSV has every month between
            table=[row for row in trends.table(all_series, totals) if any(c for c, _s in row[1])],
        )
    params = request.GET.copy()
    params.pop("format", None)
    params["mode"] = "share" if mode == "count" else "count"
    context["switch_url"] = "?" + params.urlencode()
    params["mode"] = mode
    params["format"] = "csv"
    context["csv_url"] = "?" + params.urlencode()
    context["slots"] = queries + [""] * (trends.MAX_SERIES - len(queries))
    context.update(dates)
    return render(request, "search/trends.html", context, status=status)
