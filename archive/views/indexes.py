"""Entity indexes: filter by name without accents, sort, page."""

from django import forms
from django.db.models import Count, F, IntegerField, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from archive.curation import LINKS
from archive.models import (
    Directive,
    Organization,
    Person,
    Province,
)
from archive.text import fold_diacritics
from archive.text.symbols import canonical_symbol
from archive.views.common import page_of

INDEX_PER_PAGE = 50


class EntityFilterForm(forms.Form):
    SORTS = [
        ("articles", gettext_lazy("nhiều bài nhất")),
        ("name", gettext_lazy("tên A–Z")),
        ("recent", gettext_lazy("nhắc đến gần nhất")),
    ]
    q = forms.CharField(label=gettext_lazy("Lọc theo tên"), required=False, max_length=200)
    sort = forms.ChoiceField(label=gettext_lazy("Sắp xếp"), choices=SORTS, required=False)
    kind = forms.CharField(label=gettext_lazy("Loại văn bản"), required=False, max_length=60)


# nulls_last: PostgreSQL would put the never-dated entities first in descending order.
_ORDER = {
    "articles": ["-n", "folded"],
    "name": ["folded"],
    "recent": [F("last_seen").desc(nulls_last=True), "folded"],
}


def _entity_index(request, model, template, **extra):
    form = EntityFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    q, sort = (filters.get("q") or "").strip(), filters.get("sort") or "articles"
    mention_model, field = LINKS[model]
    entities = model.objects.all()
    if q:
        match = Q(folded__contains=fold_diacritics(q))
        if model is Directive:  # "21 – KL/TW" finds the key 21-KL/TW
            match |= Q(key__contains=canonical_symbol(q))
        entities = entities.filter(match)
    if model is Directive and filters.get("kind"):
        entities = entities.filter(kind=filters["kind"])
    # Correlated subqueries on the mention table's entity index: a join and GROUP BY over
    # every mention took over a second with 100,000 mentions.
    own = mention_model.objects.filter(**{field: OuterRef("pk")}).order_by()
    entities = entities.annotate(
        n=Coalesce(
            Subquery(
                own.values(field).annotate(c=Count("id")).values("c"), output_field=IntegerField()
            ),
            0,
        )
    )
    if sort == "recent":
        entities = entities.annotate(
            last_seen=Subquery(
                own.filter(article__published__isnull=False)
                .order_by("-article__published")
                .values("article__published")[:1]
            )
        )
    entities = entities.order_by(*_ORDER[sort])
    if model is Organization:
        entities = entities.select_related("province")
    page = page_of(request, entities, INDEX_PER_PAGE)
    if sort != "recent":
        shown = [entity.pk for entity in page.object_list]
        latest = dict(
            mention_model.objects.filter(**{f"{field}__in": shown})
            .order_by()
            .values_list(field)
            .annotate(last=Max("article__published"))
        )
        for entity in page.object_list:
            entity.last_seen = latest.get(entity.pk)
    return render(
        request,
        template,
        {
            "form": form,
            "q": q,
            "sort": sort,
            "page": page,
            **extra,
        },
    )


def person_index(request):
    return _entity_index(request, Person, "archive/person_index.html")


def organization_index(request):
    return _entity_index(request, Organization, "archive/organization_index.html")


def directive_index(request):
    kinds = (
        Directive.objects.exclude(kind="")
        .values_list("kind", flat=True)
        .distinct()
        .order_by("kind")
    )
    return _entity_index(request, Directive, "archive/directive_index.html", kinds=kinds)


def province_index(request):
    return _entity_index(request, Province, "archive/province_index.html")
