"""Views of the research workflow: exports, the search feed, batch lookup, trends.

Thin: parameters checked by SearchForm (a bad one is the API's 400 naming it), the work done
by search/export.py, feeds.py, lookup.py and trends.py."""

import csv
import io
import re
from datetime import UTC, datetime

from django.db.models import Max
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from archive.kinds import BY_NAME, NAMES
from archive.models import Article
from archive.text import slugify

from . import export, trends
from .api import _error, api_view
from .feeds import SearchFeed
from .forms import SearchForm
from .lookup import MAX_BYTES, LookupInputError, look_up, read_list
from .query import MAX_QUERY_CHARS
from .results import index_version, iter_hits
from .services import search_articles

_SEARCH_KEYS = ("query", "filters", "date_from", "date_to", "sort")
_ENTITY_QUERY = re.compile(rf"^({'|'.join(NAMES)}):([-a-zA-Z0-9_]+)$")


class BadParameter(ValueError):
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


# --- batch lookup ----------------------------------------------------------------------------


def _list_from(request):
    """The lines sent: an uploaded file ("file"), a form field ("names"), or the body."""
    length = int(request.META.get("CONTENT_LENGTH") or 0)
    if length > MAX_BYTES + 64 * 1024:  # refused before Django reads (or spools) anything
        raise LookupInputError(
            413,
            _("Danh sách quá lớn: %(size)s KB, tối đa %(max)s KB.")
            % {"size": length // 1024, "max": MAX_BYTES // 1024},
        )
    content_type = request.content_type or ""
    if content_type.startswith(("multipart/", "application/x-www-form-urlencoded")):
        upload = request.FILES.get("file")
        if upload is not None and upload.size:
            return read_list(upload.read(MAX_BYTES + 1), filename=upload.name)
        return read_list(request.POST.get("names", "").encode("utf-8"))
    return read_list(request.body)


def _match_json(request, match):
    return {
        "kind": match.kind,
        "slug": match.slug,
        "name": match.name,
        "url": request.build_absolute_uri(match.url),
        "article_count": match.article_count,
        "first": match.first.isoformat() if match.first else None,
        "last": match.last.isoformat() if match.last else None,
    }


def _lookup_csv(request, answers):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "line",
            "input",
            "status",
            "kind",
            "name",
            "slug",
            "article_count",
            "first",
            "last",
            "url",
            "candidates",
        ]
    )
    for answer in answers:
        found = answer.matches[0] if answer.status == "found" else None
        candidates = (
            ""
            if found
            else " | ".join(f"{m.name} ({m.kind}, {m.article_count})" for m in answer.matches)
        )
        cells = [answer.line, export.safe_cell(answer.text), answer.status]
        if found:
            cells += [found.kind, export.safe_cell(found.name), found.slug, found.article_count]
            cells += [found.first or "", found.last or "", request.build_absolute_uri(found.url)]
        else:
            cells += ["", "", "", "", "", "", ""]
        writer.writerow([*cells, export.safe_cell(candidates)])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="luutru-tra-cuu-{_now():%Y%m%d-%H%M%S}.csv"'
    )
    return response


@csrf_exempt  # it changes nothing: a list in, a table out
def api_lookup(request):
    """POST /api/lookup: one name or symbol a line -> what each resolves to."""
    if request.method != "POST":
        response = _error(405, "method_not_allowed", _("Chỉ hỗ trợ POST."))
        response["Allow"] = "POST"
        return response
    try:
        answers = look_up(_list_from(request))
    except LookupInputError as error:
        code = "too_large" if error.status == 413 else "bad_list"
        return _error(error.status, code, str(error.message))
    if request.GET.get("format") == "csv":
        return _lookup_csv(request, answers)
    results = [
        {
            "line": a.line,
            "input": a.text,
            "status": a.status,
            "entity": _match_json(request, a.matches[0]) if a.status == "found" else None,
            "candidates": [_match_json(request, m) for m in a.matches]
            if a.status == "ambiguous"
            else [],
        }
        for a in answers
    ]
    counts = {
        status: sum(r["status"] == status for r in results)
        for status in ("found", "ambiguous", "not_found")
    }
    return JsonResponse(
        {"count": len(results), **counts, "results": results},
        json_dumps_params={"ensure_ascii": False},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def lookup_page(request):
    """/lookup/: paste or upload a list; the table, downloadable as CSV."""
    context, status = {"max_kb": MAX_BYTES // 1024, "names": ""}, 200
    if request.method == "POST":
        try:
            lines = _list_from(request)
            if not lines:
                raise LookupInputError(
                    400, _("Danh sách trống: mỗi dòng một tên hay một số hiệu văn bản.")
                )
            answers = look_up(lines)
        except LookupInputError as error:
            context["error"], status = error.message, error.status
        else:
            if request.POST.get("format") == "csv":
                return _lookup_csv(request, answers)
            context.update(
                answers=answers,
                names="\n".join(lines),
                kinds={name: kind.label for name, kind in BY_NAME.items()},
                found=sum(a.status == "found" for a in answers),
                ambiguous=sum(a.status == "ambiguous" for a in answers),
            )
    return render(request, "search/lookup.html", context, status=status)


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
