"""JSON API for offices: who held a post on a date (/api/offices?title=&place=&on=) and one
office with its holders and evidence (/api/offices/<slug>)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from archive.offices import queries
from archive.offices.forms import OfficeQueryForm
from archive.offices.models import Office
from archive.offices.provinces import successor_name

from .api import _absolute, _article_ref, _entity_ref, _error, _json, api_view

LISTED = 100


def _office_ref(request, office):
    province = office.province
    return {
        "slug": office.slug,
        "name": office.name,
        "kind": office.kind,
        "organization": office.organization_name or None,
        "province": province.name if province else None,
        # The unit the province is part of from 1 July 2025 (Resolution 202/2025/QH15).
        "province_2025": successor_name(province.name) or None if province else None,
        "url": _absolute(request, office.get_absolute_url()),
        "api_url": _absolute(request, reverse("search:api_office", args=[office.slug])),
    }


def _holder(request, holder):
    tenure = holder.tenure
    return {
        "person": _entity_ref(request, tenure.person, "search:api_person"),
        "first_seen": _iso(tenure.first_seen),
        "last_seen": _iso(tenure.last_seen),
        "former_on": _iso(tenure.former_on),
        "overlaps_with": [o.person.slug for o in holder.overlaps],
        "evidence": [
            {
                "article": _article_ref(request, e.article),
                "title": e.title,
                "former": e.former,
                "sentence": e.sentence,
                "events": e.events,
            }
            for e in holder.evidence
        ],
        "more_evidence": max(holder.more, 0),
    }


def _iso(day):
    return day.isoformat() if day else None


@api_view
def offices(request):
    """Holders of the offices a title names (in a place) on a date; every office without."""
    allowed = set(OfficeQueryForm.base_fields)
    unknown = [name for name in request.GET if name not in allowed]
    if unknown:
        return _error(
            400,
            "unknown_parameter",
            _("Tham số không hỗ trợ: %(names)s.") % {"names": ", ".join(unknown)},
            parameter=unknown[0],
        )
    form = OfficeQueryForm(request.GET)
    if not form.is_valid():
        name, errors = next(iter(form.errors.items()))
        parameter = "title" if name == "__all__" else name
        return _error(400, "bad_parameter", " ".join(errors), parameter=parameter)
    data = form.cleaned_data
    if not data.get("title"):
        listed = Office.objects.select_related("province").order_by("name")
        return _json(
            {
                "count": listed.count(),
                "offices": [_office_ref(request, o) for o in listed[:LISTED]],
            }
        )
    day = data.get("on")
    answers = []
    for office in queries.find_offices(data["title"], data.get("place")):
        held = queries.holders_on(office, day) if day else queries.holders(office)
        answer = {**_office_ref(request, office), "holders": [_holder(request, h) for h in held]}
        if day and not held:
            before, after = queries.nearest(office, day)
            answer["before"] = _holder(request, before) if before else None
            answer["after"] = _holder(request, after) if after else None
        if day:
            answer["disagree"] = len(held) > 1
            # named only in undated articles: neither placed on the day nor ruled out
            answer["undated"] = [_holder(request, h) for h in queries.undated_holders(office)]
        answers.append(answer)
    return _json(
        {
            "title": data["title"],
            "place": data["place"].name if data.get("place") else None,
            "on": _iso(day),
            "offices": answers,
        }
    )


@api_view
def office(request, slug):
    found = Office.objects.select_related("province").filter(slug=slug).first()
    if found is None:
        return _error(404, "not_found", _("Không có chức vụ “%(slug)s”.") % {"slug": slug})
    return _json(
        {
            **_office_ref(request, found),
            "aliases": found.aliases,
            "holders": [_holder(request, h) for h in queries.holders(found)],
        }
    )
