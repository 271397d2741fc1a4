"""Reading pages: home, article, entity pages."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from .models import Article, Directive, Organization, Person, Province

PER_PAGE = 30


def _page(request, queryset, per_page=PER_PAGE):
    paginator = Paginator(queryset, per_page)
    number = request.GET.get("page", "1")
    if not number.isdigit() or not 1 <= int(number) <= max(paginator.num_pages, 1):
        raise Http404("No such page")
    return paginator.page(int(number))


def home(request):
    articles = Article.objects.newest_first().select_related("source")
    return render(request, "archive/home.html", {"page": _page(request, articles)})


def article_detail(request, pk):
    article = get_object_or_404(Article.objects.select_related("source"), pk=pk)
    return render(request, "archive/article.html", {"article": article})


def article_raw(request, pk):
    article = get_object_or_404(Article, pk=pk)
    return HttpResponse(article.raw_text, content_type="text/plain; charset=utf-8")


def _entity_page(request, model, slug):
    entity = get_object_or_404(model, slug=slug)
    articles = Article.objects.mentioning(entity).newest_first().select_related("source")
    return render(
        request,
        "archive/entity.html",
        {"entity": entity, "page": _page(request, articles), "kind": model._meta.verbose_name},
    )


def person_detail(request, slug):
    return _entity_page(request, Person, slug)


def organization_detail(request, slug):
    return _entity_page(request, Organization, slug)


def directive_detail(request, slug):
    return _entity_page(request, Directive, slug)


def province_detail(request, slug):
    return _entity_page(request, Province, slug)
