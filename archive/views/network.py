"""Co-mention networks on entity pages and their downloads (GraphML, CSV edges) for Gephi."""

from urllib.parse import urlencode

from django import forms
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from archive import exports, graphs
from archive.kinds import BY_NAME, KINDS, kind_of
from archive.network import co_mentions

_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


class RangeForm(forms.Form):
    """?from=YYYY-MM-DD&to=YYYY-MM-DD, both optional and inclusive."""

    start = forms.DateField(required=False, input_formats=_FORMATS)
    end = forms.DateField(required=False, input_formats=_FORMATS)

    def __init__(self, query):
        super().__init__({"start": query.get("from", ""), "end": query.get("to", "")})

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(
                _NOT_IN_ORDER,
                code="order",
                params={"start": self.data["start"], "end": self.data["end"]},
            )
        return data

    def problem(self):
        """The message for a date that cannot be read, or None when the range is good."""
        if self.is_valid():
            return None
        for name, parameter in (("start", "from"), ("end", "to")):
            if name in self.errors:
                return _BAD_DATE % {"parameter": parameter, "value": self.data[name]}
        return self.errors["__all__"][0]


_BAD_DATE = gettext_lazy(
    "Không đọc được ngày “%(value)s” (tham số %(parameter)s): hãy viết năm-tháng-ngày, "
    "ví dụ 2022-01-31."
)
_NOT_IN_ORDER = gettext_lazy("Ngày bắt đầu %(start)s ở sau ngày kết thúc %(end)s.")


def network_context(request, entity, *, known=None):
    """What the page's network section shows: the form's values, a message or the network.
    known: the page's own counts of entities named with this one (co_mentions)."""
    form = RangeForm(request.GET)
    kind = kind_of(entity)
    urls = {
        fmt: reverse(f"archive:{kind.name}_network_{fmt}", args=[entity.slug])
        for fmt in ("graphml", "csv")
    }
    query = urlencode({k: request.GET[k] for k in ("from", "to") if request.GET.get(k)})
    context = {
        "start": request.GET.get("from", ""),
        "end": request.GET.get("to", ""),
        "downloads": {fmt: f"{url}?{query}" if query else url for fmt, url in urls.items()},
        "problem": form.problem(),
        "kinds": KINDS,
    }
    if context["problem"]:
        return context
    network = co_mentions(
        entity, start=form.cleaned_data["start"], end=form.cleaned_data["end"], known=known
    )
    title = _("Mạng nhắc cùng %(name)s") % {"name": entity}
    desc = graphs.network_desc(network)
    context.update(
        network=network,
        title=title,
        desc=desc,
        svg=graphs.network_svg(network, ident="network", title=title, desc=desc)
        if network.neighbours
        else None,
    )
    return context


def _download(request, kind, slug, fmt):
    entity = get_object_or_404(BY_NAME[kind].model, slug=slug)
    form = RangeForm(request.GET)
    problem = form.problem()
    if problem:
        return HttpResponse(problem, status=400, content_type="text/plain; charset=utf-8")
    network = co_mentions(entity, start=form.cleaned_data["start"], end=form.cleaned_data["end"])
    absolute = request.build_absolute_uri
    if fmt == "graphml":
        body, content_type = exports.graphml(network, absolute), "application/graphml+xml"
    else:
        body, content_type = exports.edges_csv(network), "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{entity.slug}-network.{fmt}"'
    return response


def network_graphml(request, kind, slug):
    return _download(request, kind, slug, "graphml")


def network_csv(request, kind, slug):
    return _download(request, kind, slug, "csv")


# /people/<slug>/network.graphml, /provinces/<slug>/network.csv, ... for every kind
urlpatterns = [
    path(
        f"{kind.path}/<slug:slug>/network.{fmt}",
        view,
        {"kind": kind.name},
        name=f"{kind.name}_network_{fmt}",
    )
    for kind in KINDS
    for fmt, view in (("graphml", network_graphml), ("csv", network_csv))
]
