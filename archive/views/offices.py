"""Office pages: the index that answers "who held this post on a date", and one office."""

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from archive.offices import queries
from archive.offices.forms import OfficeQueryForm
from archive.offices.models import Office
from archive.views.common import page_of

OFFICES_PER_PAGE = 50


def office_index(request):
    """Offices, or those a title names (in a province), with their holders on a date."""
    form = OfficeQueryForm(request.GET or None)
    context = {"form": form, "answers": None}
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
    elif form.is_bound and form.cleaned_data.get("title"):
        data = form.cleaned_data
        context["answers"] = [
            answer(office, data.get("on"))
            for office in queries.find_offices(data["title"], data.get("place"))
        ]
        context["on"] = data.get("on")
    if context["answers"] is None:
        offices = Office.objects.select_related("province").order_by("name")
        context["page"] = page_of(request, offices, OFFICES_PER_PAGE)
    return render(request, "archive/office_index.html", context, status=status)


def answer(office, day):
    """An office's holders on day (all of them when day is None), and who came before and
    after when no article names anyone in it that day."""
    if day is None:
        return {"office": office, "holders": queries.holders(office), "before": None}
    held = queries.holders_on(office, day)
    before, after = (None, None) if held else queries.nearest(office, day)
    return {
        "office": office,
        "holders": held,
        "before": before,
        "after": after,
        "undated": queries.undated_holders(office),
    }


def office_detail(request, slug):
    office = get_object_or_404(Office.objects.select_related("province", "organization"), slug=slug)
    holders = queries.holders(office)
    return render(
        request,
        "archive/office.html",
        {
            "office": office,
            "holders": holders,
            "disagree": any(h.overlaps for h in holders),
            "province_2025": queries.province_note(office.province),
            "page": page_of(request, queries.office_articles(office)),
            "title": _("Chức vụ"),
        },
    )
