"""Home and article pages: an article's text with its mentions linked, related articles."""

import math
from bisect import bisect_right
from collections import defaultdict

from django.db.models import Count, Max, Min
from django.db.models.functions import TruncMonth
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from archive import charts
from archive.citation import cite
from archive.curation import LINKS
from archive.kinds import BY_NAME
from archive.models import (
    Article,
    Capture,
    Directive,
    Organization,
    Person,
    Province,
    ProvinceMention,
    Source,
)
from archive.text.diff import changes
from archive.views.common import TOP, page_of

# When two mentions overlap ("Tỉnh ủy Đắk Nông" holds "Đắk Nông"), the longer is linked;
# on a tie, this order decides.
_KIND_ORDER = ["directive", "person", "organization", "province"]
# How much sharing one entity makes two articles related; divided by log2(1 + articles
# mentioning it), so a shared rare name counts for more than a shared "Bộ Chính trị".
_RELATED_WEIGHT = {Person: 3.0, Directive: 3.0, Organization: 1.0, Province: 0.5}
# Entities in more articles than this say nothing about relatedness and cost a large read.
_RELATED_MAX_ARTICLES = 2000
# Fields lists of articles never show.
_LARGE = ["raw_text", "segmented"]


def home(request):
    span = Article.objects.aggregate(first=Min("published"), last=Max("published"))
    counts = {
        "articles": Article.objects.count(),
        "people": Person.objects.count(),
        "organizations": Organization.objects.count(),
        "directives": Directive.objects.count(),
        # counted on the mentions alone: a DISTINCT over the provinces joined to every
        # mention took 69-91 ms at 353,820 articles, against 38-42
        "provinces": ProvinceMention.objects.values("province").distinct().count(),
        "sources": Source.objects.count(),
    }
    per_month = (
        Article.objects.filter(published__isnull=False)
        .annotate(month=TruncMonth("published"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by("month")
    )
    return render(
        request,
        "archive/home.html",
        {
            "counts": counts,
            "span": span,
            "recent": Article.objects.newest_first().select_related("source").defer(*_LARGE)[:TOP],
            "people": BY_NAME["person"].most_mentioned(TOP),
            "directives": BY_NAME["directive"].most_mentioned(TOP, then="key"),
            "sources": Source.objects.busiest(TOP),
            "chart": charts.monthly(
                {r["month"]: r["n"] for r in per_month},
                ident="per-month",
                title=_("Số bài trong lưu trữ theo tháng"),
            ),
        },
    )


def article_list(request):
    articles = Article.objects.newest_first().select_related("source").defer(*_LARGE)
    year = request.GET.get("year", "")
    if year:
        if not year.isdigit():
            raise Http404(_("Không có năm này."))
        articles = articles.filter(published__year=int(year))
    years = (
        Article.objects.filter(published__isnull=False)
        .values_list("published__year")
        .annotate(n=Count("id"))
        .order_by("-published__year")
    )
    return render(
        request,
        "archive/article_list.html",
        {
            "page": page_of(request, articles),
            "years": years,
            "year": year,
        },
    )


def article_detail(request, pk):
    article = get_object_or_404(Article.objects.select_related("source"), pk=pk)
    mentions = {
        kind: list(model.objects.filter(article=article).select_related(kind))
        for model, kind in LINKS.values()
    }
    captures = list(Capture.objects.filter(article=article).defer("html", "text"))
    return render(
        request,
        "archive/article.html",
        {
            "article": article,
            "parts": _article_parts(article, mentions),
            "mentions": mentions,
            "related": _related(article, mentions),
            "cite": cite(
                article,
                permalink=request.build_absolute_uri(article.get_absolute_url()),
                accessed=timezone.localdate(),
            ),
            "captures": captures,
            "versions": _versions(article, captures),
        },
    )


def _versions(article, captures):
    """Each change of text between one capture and the next: both captures and what changed."""
    distinct = []
    for capture in captures:
        if not distinct or distinct[-1].content_hash != capture.content_hash:
            distinct.append(capture)
    if len(distinct) < 2:
        return []
    texts = dict(Capture.objects.filter(pk__in=[c.pk for c in distinct]).values_list("pk", "text"))
    return [
        {
            "before": before,
            "after": after,
            "changes": changes(texts[before.pk].split("\n\n"), texts[after.pk].split("\n\n")),
        }
        for before, after in zip(distinct, distinct[1:], strict=False)
    ]


def article_raw(request, pk):
    article = get_object_or_404(Article, pk=pk)
    return HttpResponse(article.raw_text, content_type="text/plain; charset=utf-8")


def _article_parts(article, mentions):
    """Each part's kind, text and links: (start, end, url, kind, label) within the part."""
    texts = [text for _kind, text in article.document_parts()]
    starts, offset = [], 0
    for text in texts:
        starts.append(offset)
        offset += len(text) + 2  # the "\n\n" that joins parts in full_text
    kind_names = {
        "person": pgettext("loại một mục", "Nhân vật"),
        "organization": pgettext("loại một mục", "Tổ chức"),
        "directive": pgettext("loại một mục", "Văn bản"),
        "province": pgettext("loại một mục", "Tỉnh, thành phố"),
    }
    spans = []
    for kind, rows in mentions.items():
        for mention in rows:
            entity = getattr(mention, kind)
            for span in mention.spans or []:
                try:
                    start, end = int(span[0]), int(span[1])
                except (TypeError, ValueError, IndexError):
                    continue
                spans.append((start, end, kind, entity))
    spans.sort(key=lambda s: (s[0] - s[1], _KIND_ORDER.index(s[2]), s[0]))
    links = [[] for _text in texts]
    taken = []
    for start, end, kind, entity in spans:
        part = bisect_right(starts, start) - 1
        if part < 0 or start >= end or end > starts[part] + len(texts[part]):
            continue  # a stale span (the text was re-parsed since) or one across parts
        if any(start < t_end and t_start < end for t_start, t_end in taken):
            continue
        taken.append((start, end))
        links[part].append(
            (
                start - starts[part],
                end - starts[part],
                entity.get_absolute_url(),
                kind,
                f"{kind_names[kind]}: {entity}",
            )
        )
    return [
        {"kind": kind, "text": text, "links": sorted(part_links)}
        for (kind, text), part_links in zip(article.document_parts(), links, strict=True)
    ]


def _related(article, mentions, limit=6):
    """Articles sharing the most (and the rarest) entities with article, with what they share."""
    scores, shared = defaultdict(float), defaultdict(list)
    for model, (mention_model, field) in LINKS.items():
        entities = {getattr(m, f"{field}_id"): getattr(m, field) for m in mentions[field]}
        if not entities:
            continue
        frequency = dict(
            mention_model.objects.filter(**{f"{field}__in": entities})
            .values_list(field)
            .annotate(n=Count("id"))
        )
        usable = [pk for pk, n in frequency.items() if 1 < n <= _RELATED_MAX_ARTICLES]
        rows = (
            mention_model.objects.filter(**{f"{field}__in": usable})
            .exclude(article=article)
            .values_list("article_id", field)
        )
        for article_id, entity_id in rows:
            weight = _RELATED_WEIGHT[model] / math.log2(1 + frequency[entity_id])
            scores[article_id] += weight
            shared[article_id].append((weight, entities[entity_id]))
    best = sorted(scores, key=lambda pk: (-scores[pk], -pk))[:limit]
    found = Article.objects.select_related("source").defer(*_LARGE).in_bulk(best)
    related = []
    for pk in best:
        item = found[pk]
        item.shared = [e for _w, e in sorted(shared[pk], key=lambda s: -s[0])][:4]
        related.append(item)
    return related
