"""The language switch (keeping a long search's query) and the 500/503 error handler.

Django refuses a `next` URL over 2,048 characters (url_has_allowed_host_and_scheme) and
sends the reader to "/" instead; a search for a pasted paragraph is such a URL (500
Vietnamese characters are about 4,500 once percent-encoded). Only the path needs the
check: the query string cannot change where the redirect goes.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.template import loader
from django.urls import reverse
from django.utils.encoding import iri_to_uri
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.i18n import set_language as django_set_language

from search.engine import SearchUnavailable


def set_language(request):
    response = django_set_language(request)
    next_url = request.POST.get("next", "")
    path, separator, query = next_url.partition("?")
    if (
        isinstance(response, HttpResponseRedirect)
        and separator
        and url_has_allowed_host_and_scheme(
            path, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        and path.startswith("/")
    ):
        response["Location"] = iri_to_uri(next_url)
    return response


def server_error(request):
    """handler500: a database that is locked or unreachable answers 503, the rest 500; the
    API answers JSON either way, in the format of its other errors.

    Called while Django handles the exception, so sys.exc_info() is the error itself. A
    SQLite write lock held past its timeout gave curators a bare 500; a PostgreSQL server
    down gave every page one. Neither page may touch the database.
    """
    error = sys.exc_info()[1]
    api = request.path.startswith(reverse("search:api_search").rsplit("/", 1)[0] + "/")
    if isinstance(error, SearchUnavailable):
        return _search_unavailable(error, api)
    if not isinstance(error, OperationalError | InterfaceError):
        if not api:
            return defaults.server_error(request)
        message = _("Lỗi máy chủ; lỗi đã được ghi lại. Xin thử lại sau ít phút.")
        return _json_error(500, "server_error", message)
    busy = "locked" in str(error)
    if busy:
        message = _("Lưu trữ đang bận ghi dữ liệu khác; xin thử lại sau ít giây.")
    else:
        message = _("Không kết nối được cơ sở dữ liệu của lưu trữ; xin thử lại sau ít phút.")
    if api:
        response = _json_error(503, "database_busy" if busy else "database_unavailable", message)
    else:
        page = loader.get_template("503.html").render({"busy": busy, "message": message})
        response = HttpResponse(page, status=503)
    response["Retry-After"] = "5" if busy else "30"
    return response


def _search_unavailable(error, api):
    """A page that needs the search index while it cannot be read (the trends page, a feed):
    503 with the reason, as the search page and the API answer it, and a repair begun."""
    from search.api import unavailable, unavailable_message

    if api:
        return unavailable(error)
    page = loader.get_template("503.html").render(
        {"search": True, "message": unavailable_message(error)}
    )
    response = HttpResponse(page, status=503)
    response["Retry-After"] = "30"
    return response


def _json_error(status, code, message):
    return JsonResponse(
        {"error": code, "message": str(message)},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )
