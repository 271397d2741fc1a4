"""Batch lookup: the /lookup/ page and POST /api/lookup; the work is search/lookup.py."""

import csv
import io
from datetime import UTC, datetime

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from archive.kinds import BY_NAME

from .api import _error
from .export import safe_cell
from .lookup import MAX_BYTES, LookupInputError, look_up, read_list


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
            lines = read_list(upload.read(MAX_BYTES + 1), filename=upload.name)
        else:
            lines = read_list(request.POST.get("names", "").encode("utf-8"))
    else:
        lines = read_list(request.body)
    if not lines:
        raise LookupInputError(400, _("Danh sách trống: mỗi dòng một tên hay một số hiệu văn bản."))
    return lines


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
        cells = [answer.line, safe_cell(answer.text), answer.status]
        if found:
            cells += [found.kind, safe_cell(found.name), found.slug, found.article_count]
            cells += [found.first or "", found.last or "", request.build_absolute_uri(found.url)]
        else:
            cells += ["", "", "", "", "", "", ""]
        writer.writerow([*cells, safe_cell(candidates)])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="luutru-tra-cuu-{datetime.now(UTC):%Y%m%d-%H%M%S}.csv"'
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
