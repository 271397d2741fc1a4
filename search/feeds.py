"""Atom feeds, so that a feed reader is the alert: one for any search, one for every entity
page (`<page URL>feed/`). Newest first; an entry's id is the article's permalink."""

from datetime import UTC, datetime, time

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from archive.models import Article

from .entities import facet_labels
from .forms import SearchForm
from .services import search_articles

ENTRIES = 50
_ARCHIVE = gettext_lazy("Lưu trữ công tác tổ chức xây dựng Đảng")


class _ArticleFeed(Feed):
    feed_type = Atom1Feed
    language = "vi"  # the articles' language, whatever the reader's interface

    def author_name(self):
        return str(_ARCHIVE)

    def item_title(self, item):
        return item.label

    def item_link(self, item):
        return item.get_absolute_url()

    def item_description(self, item):
        return getattr(item, "summary_html", "") or escape(item.lead)

    def item_pubdate(self, item):
        if item.published:
            return datetime.combine(item.published, time(), tzinfo=UTC)
        return item.imported_at

    def item_updateddate(self, item):
        # Atom requires an entry's <updated>: when the archive last changed the article.
        return item.updated_at

    def item_author_name(self, item):
        return ", ".join(item.authors) or (item.source.name if item.source else None)

    def item_categories(self, item):
        return [item.source.name] if item.source else []


def _articles(ids):
    found = Article.objects.select_related("source").defer("raw_text", "segmented").in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


class SearchFeed(_ArticleFeed):
    """/feeds/search?<search parameters>: the newest articles of a search."""

    def get_object(self, request):
        return request.validated_search  # set by search.research_views.search_feed

    def title(self, obj):
        form, _kwargs = obj
        words = [form.cleaned_data.get("q") or ""]
        for name in SearchForm.FILTERS:
            values = form.data.getlist(name)
            words += facet_labels(name, values).values() if name != "directive" else values
        described = " · ".join(w for w in words if w and w.strip() and w != "*")
        return _("Lưu trữ: %(search)s") % {"search": described or _("mọi bài")}

    def link(self, obj):
        form, _kwargs = obj
        params = form.data.copy()
        params.pop("page", None)
        return reverse("search:page") + ("?" + params.urlencode() if params else "")

    def subtitle(self, obj):
        return _("Các bài mới nhất khớp với tìm kiếm này.")

    def items(self, obj):
        _form, kwargs = obj
        # One page: search_articles, not results.iter_hits (which reads 500 at a time).
        hits = search_articles(**{**kwargs, "sort": "newest", "per_page": ENTRIES}).hits
        articles = _articles([hit.id for hit in hits])
        snippets = {hit.id: hit.snippet for hit in hits}
        for article in articles:
            article.summary_html = str(snippets.get(article.pk) or "")
        return articles


class EntityFeed(_ArticleFeed):
    """<entity page>/feed/: the newest articles mentioning one entity."""

    def __init__(self, kind):
        super().__init__()
        self.kind = kind

    def get_object(self, request, slug):
        return get_object_or_404(self.kind.model, slug=slug)

    def title(self, obj):
        return _("Lưu trữ: %(name)s") % {"name": obj}

    def link(self, obj):
        return obj.get_absolute_url()

    def subtitle(self, obj):
        return _("Các bài mới nhất nhắc đến %(kind)s %(name)s.") % {
            "kind": self.kind.lowercase,
            "name": obj,
        }

    def items(self, obj):
        newest = (
            Article.objects.filter(pk__in=self.kind.mentions_of(obj).values("article_id"))
            .newest_first()
            .values_list("pk", flat=True)
        )
        articles = _articles(list(newest[:ENTRIES]))
        sentences = dict(
            self.kind.mentions_of(obj)
            .filter(article_id__in=[a.pk for a in articles])
            .values_list("article_id", "sentence")
        )
        for article in articles:
            if sentences.get(article.pk):
                article.summary_html = escape(sentences[article.pk])
        return articles
