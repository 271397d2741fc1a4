"""Read-only JSON API (documented in README.md, JSON API). Errors are JSON too: 400 names the
parameter, 404 says what was not found."""

from datetime import UTC
from functools import wraps

from django.db.models import Q
from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from archive.kinds import BY_NAME, KINDS
from archive.models import (
    Article,
    Directive,
    DirectiveFact,
    DirectiveRelation,
    FactKind,
    Organization,
)

from .engine import SearchUnavailable
from .forms import SearchForm
from .repair import request_repair
from .services import PageOutOfRange, search_articles

ENTITY_ARTICLES = 20


def _error(status, code, message, **extra):
    return JsonResponse(
        {"error": code, "message": message, **extra},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


def _json(data):
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def api_view(view):
    """GET (and HEAD) only; errors as JSON. Exempt from CSRF (it changes nothing), so that a
    POST gets the 405 JSON answer rather than Django's CSRF page."""

    @csrf_exempt
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            response = _error(405, "method_not_allowed", _("Chỉ hỗ trợ GET và HEAD."))
            response["Allow"] = "GET, HEAD"
            return response
        try:
            return view(request, *args, **kwargs)
        except SearchUnavailable as exc:
            return unavailable(exc)

    return wrapper


def unavailable_message(exc):
    """What a 503 says for a SearchUnavailable; the repair it needs is begun."""
    request_repair(exc.reason, exc.detail)
    return UNAVAILABLE.get(exc.reason, UNAVAILABLE["rebuilding"])


def unavailable(exc):
    """The API's 503 for a search index that cannot be read."""
    response = _error(503, "search_unavailable", unavailable_message(exc), reason=exc.reason)
    response["Retry-After"] = "30"
    return response


# What a 503 says, by SearchUnavailable.reason.
UNAVAILABLE = {
    "missing": _("Chưa có chỉ mục tìm kiếm; chỉ mục đang được dựng, xin thử lại sau."),
    "damaged": _("Chỉ mục tìm kiếm bị hỏng và đang được dựng lại; xin thử lại sau."),
    "stale": _("Chỉ mục tìm kiếm đã cũ và đang được dựng lại; xin thử lại sau."),
    "rebuilding": _("Chỉ mục tìm kiếm đang được xây dựng lại; xin thử lại sau."),
    "database": _("Cơ sở dữ liệu tìm kiếm không trả lời; xin thử lại sau."),
}


def _absolute(request, url):
    return request.build_absolute_uri(url)


def _entity_ref(request, entity, api_name, **extra):
    return {
        "slug": entity.slug,
        "name": str(entity),
        "url": _absolute(request, entity.get_absolute_url()),
        "api_url": _absolute(request, reverse(api_name, args=[entity.slug])),
        **extra,
    }


def _article_ref(request, article):
    return {
        "id": article.pk,
        "title": article.label,
        "published": article.published.isoformat() if article.published else None,
        "source": article.source.name if article.source else None,
        "url": _absolute(request, article.get_absolute_url()),
        "api_url": _absolute(request, reverse("search:api_article", args=[article.pk])),
    }


@api_view
def search(request):
    allowed = set(SearchForm.base_fields)
    unknown = [name for name in request.GET if name not in allowed]
    if unknown:
        return _error(
            400,
            "bad_parameter",
            _("Tham số không được hỗ trợ: %(name)s.") % {"name": unknown[0]},
            parameter=unknown[0],
        )
    form = SearchForm(request.GET)
    if not form.is_valid():
        name, errors = next(iter(form.errors.items()))
        return _error(400, "bad_parameter", f"{name}: {errors[0]}", parameter=name)
    kwargs = form.search_kwargs()
    if not kwargs["query"].strip() and not form.has_search():
        kwargs["query"] = "*"
    try:
        outcome = search_articles(**kwargs)
    except PageOutOfRange:
        return _error(
            404,
            "page_not_found",
            _("Không có trang %(page)s.") % {"page": kwargs["page"]},
            parameter="page",
        )
    return _json(
        {
            "count": outcome.count,
            "page": outcome.page,
            "num_pages": outcome.num_pages,
            "results": [
                {
                    "id": hit.id,
                    "url": _absolute(request, hit.url),
                    "title": hit.title,
                    "published": hit.published.isoformat() if hit.published else None,
                    "source": hit.source,
                    "score": hit.score,
                    "snippet": str(hit.snippet),
                }
                for hit in outcome.hits
            ],
            "facets": {
                name: [{"value": v.value, "label": v.label, "count": v.count} for v in values]
                for name, values in outcome.facets.items()
            },
            "suggestion": outcome.suggestion,
            "entities": [
                {"kind": offer.facet, "name": offer.name, "url": _absolute(request, offer.url)}
                for offer in outcome.offers
            ],
        }
    )


@api_view
def article(request, pk):
    found = (
        Article.objects.select_related("source")
        .prefetch_related(*(f"{kind.related}__{kind.name}" for kind in KINDS))
        .filter(pk=pk)
        .first()
    )
    if found is None:
        return _error(404, "not_found", _("Không có bài báo số %(id)s.") % {"id": pk})
    data = {
        **_article_ref(request, found),
        "title_is_derived": found.title_is_derived,
        "lead": found.lead,
        "paragraphs": found.paragraphs,
        "captions": found.captions,
        "authors": found.authors,
        "source": (
            {"slug": found.source.slug, "name": found.source.name} if found.source else None
        ),
        **_capture_fields(request, found),
    }
    for kind in KINDS:
        data[kind.plural] = []
        for mention in getattr(found, kind.related).all():
            extra = {"count": mention.count}
            if kind.name == "person":
                extra["positions"] = mention.positions
            if kind.name == "directive":
                extra["key"] = mention.directive.key
            entity = getattr(mention, kind.name)
            data[kind.plural].append(_entity_ref(request, entity, kind.api_url_name, **extra))
    return _json(data)


def _moment(value):
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z") if value else None


def _capture_fields(request, article):
    """A captured page's URLs, capture time and its source ("warc" or "file"), host and
    captures (null and [] for an article imported from text)."""
    captures = article.captures.defer("html", "text")
    return {
        "original_url": article.original_url or None,
        "canonical_url": article.canonical_url or None,
        "captured_at": _moment(article.captured_at),
        "captured_at_kind": article.captured_at_kind or None,
        "host": article.host or None,
        "captures": [
            {
                "captured_at": _moment(c.captured_at),
                "captured_at_kind": c.captured_at_kind,
                "original_url": c.original_url or None,
                "payload_digest": c.payload_digest,
                "current": c.content_hash == article.content_hash,
                "url": _absolute(request, reverse("archive:capture", args=[article.pk, c.pk])),
                "source_url": _absolute(
                    request, reverse("archive:capture_source", args=[article.pk, c.pk])
                ),
            }
            for c in captures
        ],
    }


def _entity(request, entity_kind, slug, **extra):
    model, facet, api_name = entity_kind.model, entity_kind.name, entity_kind.api_url_name
    entity = model.objects.filter(slug=slug).first()
    if entity is None:
        return _error(
            404,
            "not_found",
            _("Không có %(kind)s “%(slug)s”.") % {"kind": model._meta.verbose_name, "slug": slug},
        )
    articles = Article.objects.mentioning(entity).newest_first().select_related("source")
    search_url = reverse("search:api_search") + f"?{facet}={entity.slug}"
    return _json(
        {
            **_entity_ref(request, entity, api_name),
            "aliases": entity.aliases,
            **extra,
            "article_count": articles.count(),
            "articles": [_article_ref(request, a) for a in articles[:ENTITY_ARTICLES]],
            "search_url": _absolute(request, search_url),
        }
    )


@api_view
def person(request, slug):
    return _entity(request, BY_NAME["person"], slug)


@api_view
def organization(request, slug):
    org = Organization.objects.select_related("province").filter(slug=slug).first()
    extra = {}
    if org is not None and org.province:
        extra["province"] = _entity_ref(request, org.province, "search:api_province")
    return _entity(request, BY_NAME["organization"], slug, **extra)


@api_view
def directive(request, slug):
    found = Directive.objects.filter(slug=slug).first()
    extra = {}
    if found is not None:
        extra = {
            "key": found.key,
            "scope": found.scope,
            "kind": found.kind,
            "issuing_body": found.issuing_body,
            "issued": found.issued.isoformat() if found.issued else None,
            "term": found.term,
            **_registry(request, found),
        }
    return _entity(request, BY_NAME["directive"], slug, **extra)


def _registry(request, found):
    """What articles tell of a directive and its relations to others (README, JSON API)."""
    facts = DirectiveFact.objects.filter(directive=found).summary()

    def told(kind, name="name"):
        return [{name: value, "article_count": n} for value, n, _first in facts.get(kind, [])]

    relations = (
        DirectiveRelation.objects.stated()
        .filter(Q(source=found) | Q(target=found))
        .select_related("source", "target", "article__source")
        .order_by("kind", "source__key", "target__key", "article_id")
    )
    return {
        "symbol": found.symbol,
        "number": found.number or None,
        "year": found.year or (found.issued.year if found.issued else None),
        "issuer": found.issuer or None,
        "signers": told(FactKind.SIGNER),
        "short_names": told(FactKind.SHORT_NAME),
        "subjects": told(FactKind.SUBJECT, "text"),
        "issued_unread": [value for value, _n, _first in facts.get(FactKind.ISSUED_UNREAD, [])],
        "relations": [
            {
                "kind": r.kind,
                "source": _entity_ref(request, r.source, "search:api_directive", key=r.source.key),
                "target": _entity_ref(request, r.target, "search:api_directive", key=r.target.key),
                "article": _article_ref(request, r.article),
                "sentence": r.sentence,
            }
            for r in relations
        ],
    }


@api_view
def province(request, slug):
    return _entity(request, BY_NAME["province"], slug)


@api_view
def not_found(request, rest=""):
    return _error(404, "not_found", _("Không có địa chỉ API này."))
