"""Django's language switch, keeping a long search's query.

Django refuses a `next` URL over 2,048 characters (url_has_allowed_host_and_scheme) and
sends the reader to "/" instead; a search for a pasted paragraph is such a URL (500
Vietnamese characters are about 4,500 once percent-encoded). Only the path needs the
check: the query string cannot change where the redirect goes.
"""

from django.http import HttpResponseRedirect
from django.utils.encoding import iri_to_uri
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.i18n import set_language as django_set_language


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
