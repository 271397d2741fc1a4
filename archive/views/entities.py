"""Entity pages: a person, organisation, directive or province with its articles over time."""

from collections import Counter

from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from archive import charts
from archive.kinds import BY_NAME
from archive.models import (
    Article,
    Directive,
    Organization,
    Person,
    Province,
)
from archive.network import together
from archive.offices import queries
from archive.offices.timeline import career_chart
from archive.views.common import TOP, mentions_of, page_of
from archive.views.network import network_context
from archive.views.registry import registry_context


def _articles_of(entity):
    """Articles mentioning entity; one mention row per article, so no DISTINCT is needed
    (a DISTINCT over the article columns took a second for an entity in 30,000 articles)."""
    return Article.objects.filter(pk__in=mentions_of(entity).values("article_id"))


def _dates(entity):
    """When entity was mentioned: articles per month, first and last date, undated count."""
    rows = mentions_of(entity).order_by().values_list("article__published").annotate(n=Count("id"))
    per_month, undated = Counter(), 0
    for published, n in rows:
        if published is None:
            undated = n
        else:
            per_month[published.replace(day=1)] += n
    days = [published for published, _n in rows if published]
    span = {"first": min(days, default=None), "last": max(days, default=None)}
    return per_month, span, undated


def _together(entity, *kinds, limit=TOP):
    """{kind name: [(entity, articles)]} most often in the same articles as entity, for the
    page's lists and its network (which reuses them rather than counting them again)."""
    return {name: together(entity, BY_NAME[name], limit=limit) for name in kinds}


def _entity_articles(request, entity):
    """A page of the articles mentioning entity, newest first, each with its mention."""
    articles = (
        _articles_of(entity).newest_first().select_related("source").defer("raw_text", "segmented")
    )
    page = page_of(request, articles)
    by_article = {
        m.article_id: m
        for m in mentions_of(entity).filter(article_id__in=[a.pk for a in page.object_list])
    }
    forms_written = [entity.name, *entity.aliases]
    for article in page.object_list:
        article.mention = by_article.get(article.pk)
        surface = getattr(article.mention, "surface", None)
        article.forms = [*forms_written, *(surface or [])]
    return page


def _entity_context(request, entity, *, chart_title, **extra):
    opts = entity._meta
    can_edit = request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
    per_month, span, undated = _dates(entity)
    return {
        "entity": entity,
        "page": _entity_articles(request, entity),
        "chart": charts.monthly(per_month, ident="per-month", title=chart_title),
        "span": span,
        "undated": undated,
        # served by search/ under the page's own address (search/urls.py)
        "feed_url": entity.get_absolute_url() + "feed/",
        "export_url": entity.get_absolute_url() + "export",
        "admin_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[entity.pk])
        if can_edit
        else "",
        **extra,
    }


def person_detail(request, slug):
    person = get_object_or_404(Person, slug=slug)
    named = _together(person, "person", "organization", "directive")
    return render(
        request,
        "archive/person.html",
        _entity_context(
            request,
            person,
            career=career_chart(queries.career(person), person_name=person.name),
            network=network_context(request, person, known=named),
            people=named["person"],
            organizations=named["organization"],
            directives=named["directive"],
            chart_title=_("Số bài nhắc đến %(name)s theo tháng") % {"name": person.name},
        ),
    )


def organization_detail(request, slug):
    organization = get_object_or_404(Organization.objects.select_related("province"), slug=slug)
    named = _together(organization, "person", "organization", "directive")
    return render(
        request,
        "archive/organization.html",
        _entity_context(
            request,
            organization,
            people=named["person"],
            network=network_context(request, organization, known=named),
            directives=named["directive"],
            organizations=named["organization"],
            offices=queries.offices_of(organization=organization),
            province_2025=queries.province_note(organization.province),
            chart_title=_("Số bài nhắc đến %(name)s theo tháng") % {"name": organization.name},
        ),
    )


def directive_detail(request, slug):
    directive = get_object_or_404(Directive, slug=slug)
    named = _together(directive, "directive", "person")
    named |= _together(directive, "province", limit=15)
    provinces = [(p.name, n, p.get_absolute_url()) for p, n in named["province"]]
    return render(
        request,
        "archive/directive.html",
        _entity_context(
            request,
            directive,
            directives=named["directive"],
            people=named["person"],
            network=network_context(request, directive, known=named),
            registry=registry_context(directive),
            chart_title=_("Số bài trích dẫn %(name)s theo tháng") % {"name": directive},
            province_chart=charts.ranked(
                provinces,
                ident="per-province",
                label_heading=_("Tỉnh, thành phố"),
                title=_("Số bài trích dẫn %(name)s theo tỉnh, thành phố") % {"name": directive},
            ),
        ),
    )


def province_detail(request, slug):
    province = get_object_or_404(Province, slug=slug)
    named = _together(province, "person", "directive")
    organizations = (
        Organization.objects.filter(province=province)
        .annotate(n=Count("mentions"))
        .order_by("-n", "folded")[: TOP * 2]
    )
    return render(
        request,
        "archive/province.html",
        _entity_context(
            request,
            province,
            local_organizations=organizations,
            network=network_context(request, province, known=named),
            offices=queries.offices_of(province=province),
            province_2025=queries.province_note(province),
            merged_in=queries.predecessors(province),
            people=named["person"],
            directives=named["directive"],
            chart_title=_("Số bài nhắc đến %(name)s theo tháng") % {"name": province.name},
        ),
    )
