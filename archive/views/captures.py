"""A captured page, seen without running it: its markup as text, and a sanitised rendering
(no script, no style sheet, no image or frame, no form, nothing loaded from the network)
served from its own URL under a sandboxing Content-Security-Policy for an <iframe sandbox>."""

import nh3
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.clickjacking import xframe_options_sameorigin

from archive.ingest import InputError
from archive.ingest.web import decode
from archive.models import Capture

# Even if sanitising missed something, the browser runs no script, loads nothing, submits
# nothing: the frame's document is sandboxed and may fetch nothing but its inline styles.
RENDERING_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src 'none'"
# Tags kept: text structure only. Images, media, frames, forms and their controls go;
# links stay as text (no href), so nothing in the frame leads out to the live site.
_TAGS = {
    *"a abbr b blockquote br caption cite code dd del dfn div dl dt em figcaption figure h1 h2"
    " h3 h4 h5 h6 hr i ins li mark ol p pre q s small span strong sub sup table tbody td tfoot"
    " th thead time tr u ul article section header footer main nav aside".split()
}
_DROPPED_WITH_CONTENT = {
    "script",
    "style",
    "template",
    "noscript",
    "title",
    "textarea",
    "select",
    "option",
    "button",
    "iframe",
    "object",
    "embed",
    "svg",
    "math",
    "video",
    "audio",
    "canvas",
}
_ATTRIBUTES = {"td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}, "*": {"lang", "dir"}}
_FRAME_STYLE = (
    "body{font:17px/1.55 Georgia,'Times New Roman',serif;color:#222;background:#fff;"
    "max-width:44em;margin:1.5em auto;padding:0 1em}a{color:inherit;text-decoration:none}"
    "nav,header,footer,aside{color:#666;font-size:.9em}figcaption{font-style:italic;color:#555}"
)


def _capture(article_pk, pk):
    return get_object_or_404(Capture.objects.defer("text"), pk=pk, article_id=article_pk)


def _text_of(capture):
    try:
        return decode(capture.markup)
    except InputError:
        return capture.markup.decode("utf-8", errors="replace")


def sanitised(markup):
    """The captured markup with only text structure left (nh3, the Ammonia sanitiser)."""
    return nh3.clean(
        markup,
        tags=_TAGS,
        clean_content_tags=_DROPPED_WITH_CONTENT,
        attributes=_ATTRIBUTES,
        url_schemes=set(),
        link_rel=None,
        strip_comments=True,
    )


def capture_page(request, pk, capture_pk):
    """The capture shown in a sandboxed frame, with what is known of it."""
    capture = get_object_or_404(Capture.objects.defer("html"), pk=capture_pk, article_id=pk)
    return render(
        request,
        "archive/capture.html",
        {
            "capture": capture,
            "article": capture.article,
            "paragraphs": [p for p in capture.text.split("\n\n") if p],
        },
    )


@xframe_options_sameorigin
def capture_rendering(request, pk, capture_pk):
    """The sanitised capture, for the frame of capture_page only."""
    capture = _capture(pk, capture_pk)
    body = sanitised(_text_of(capture))
    html = (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        f"<style>{_FRAME_STYLE}</style></head><body>{body}</body></html>"
    )
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = RENDERING_CSP
    response["Referrer-Policy"] = "no-referrer"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def capture_source(request, pk, capture_pk):
    """The captured markup as plain text, exactly as captured (decoded to UTF-8)."""
    capture = _capture(pk, capture_pk)
    response = HttpResponse(_text_of(capture), content_type="text/plain; charset=utf-8")
    response["Content-Security-Policy"] = RENDERING_CSP
    response["X-Content-Type-Options"] = "nosniff"
    return response
