"""Article lists as CSV and JSON Lines, streamed: rows are built a batch at a time from the
hits (search/results.py) or an entity's articles, so memory stays flat however many rows."""

import csv
import html
import io
import itertools
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import quote

from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils.encoding import iri_to_uri
from django.utils.html import strip_tags

from archive.kinds import KINDS
from archive.models import Article

from .services import Hit

FORMATS = ("csv", "jsonl")
# Rows enriched (authors, entities) with one query per kind per batch: 500 ids stay under
# SQLite's variable limit and keep a batch a few hundred KB.
BATCH = 500
COLUMNS = ("id", "permalink", "title", "published", "source", "authors")
COLUMNS += tuple(kind.plural for kind in KINDS) + ("snippet", "score")
# A spreadsheet runs a cell that starts with one of these as a formula ("=HYPERLINK(…)"),
# also after a tab or a carriage return; OWASP's advice is a leading apostrophe.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}


@dataclass(frozen=True)
class Row:
    id: int
    permalink: str
    title: str
    published: str  # YYYY-MM-DD or ""
    source: str
    authors: list
    entities: dict  # kind plural -> [(slug, name)]
    snippet: str  # plain text
    score: float | None


def plain(snippet_html):
    """A snippet's HTML (escaped text, <mark> around matches) as plain text."""
    return html.unescape(strip_tags(str(snippet_html)))


def rows(hits: Iterable[Hit], *, absolute) -> Iterator[Row]:
    """Each hit as a Row, with its authors and linked entities read a batch at a time.

    absolute turns a path into a full URL (request.build_absolute_uri)."""
    hits = iter(hits)
    while batch := list(itertools.islice(hits, BATCH)):
        ids = [hit.id for hit in batch]
        authors = dict(Article.objects.filter(pk__in=ids).values_list("pk", "authors"))
        linked = {kind.plural: defaultdict(list) for kind in KINDS}
        for kind in KINDS:
            found = (
                kind.mention.objects.filter(article_id__in=ids)
                .order_by("article_id", "first_offset", "id")
                .values_list("article_id", f"{kind.name}__slug", f"{kind.name}__name")
            )
            for article_id, slug, name in found:
                linked[kind.plural][article_id].append((slug, name))
        for hit in batch:
            yield Row(
                id=hit.id,
                permalink=absolute(hit.url),
                title=hit.title,
                published=hit.published.isoformat() if hit.published else "",
                source=hit.source or "",
                authors=list(authors.get(hit.id) or []),
                entities={plural: by_id.get(hit.id, []) for plural, by_id in linked.items()},
                snippet=plain(hit.snippet),
                score=hit.score,
            )


def safe_cell(value):
    """A text cell a spreadsheet shows as text, never runs as a formula."""
    value = str(value)
    return "'" + value if value.startswith(_FORMULA_START) else value


def _csv_cells(row):
    cells = [row.id, safe_cell(row.permalink), safe_cell(row.title), row.published]
    cells += [safe_cell(row.source), safe_cell("; ".join(row.authors))]
    cells += [safe_cell("; ".join(name for _slug, name in row.entities[k.plural])) for k in KINDS]
    cells += [safe_cell(row.snippet), "" if row.score is None else row.score]
    return cells


def csv_lines(items: Iterable[Row]) -> Iterator[str]:
    """CSV text a chunk at a time: a UTF-8 BOM (so spreadsheets read Vietnamese as UTF-8),
    the column names, then the rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    yield "\ufeff" + buffer.getvalue()
    items = iter(items)
    while batch := list(itertools.islice(items, BATCH)):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(_csv_cells(row) for row in batch)
        yield buffer.getvalue()


def json_lines(header: dict, items: Iterable[Row]) -> Iterator[str]:
    """JSON Lines: the header object first, then one object an article."""
    yield _json(header)
    items = iter(items)
    while batch := list(itertools.islice(items, BATCH)):
        yield "".join(_json(_json_row(row)) for row in batch)


def _json_row(row):
    data = {
        "id": row.id,
        "permalink": row.permalink,
        "title": row.title,
        "published": row.published or None,
        "source": row.source or None,
        "authors": row.authors,
    }
    data.update({plural: [slug for slug, _name in pairs] for plural, pairs in row.entities.items()})
    data.update({"snippet": row.snippet, "score": row.score})
    return data


def _json(data):
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def response(*, fmt, header, items, filename):
    """A streaming download: JSON Lines carry header as their first line, CSV in its
    X-Archive-* response headers (values percent-encoded UTF-8)."""
    body = json_lines(header, items) if fmt == "jsonl" else csv_lines(items)
    answer = StreamingHttpResponse(body, content_type=_CONTENT_TYPES[fmt])
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_")
    answer["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}.{fmt}\"; filename*=UTF-8''{quote(filename)}.{fmt}"
    )
    for key, value in header.items():
        if value in (None, "", {}, []):
            continue
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        # a URL as it is (already encoded); other values percent-encoded, as UTF-8 may not
        # go in a header
        text = iri_to_uri(text) if key.endswith("url") else quote(text, safe=" :/,@+")
        answer["X-Archive-" + key.replace("_", "-").title()] = text
    answer["X-Content-Type-Options"] = "nosniff"
    return answer


def entity_hits(kind, entity) -> Iterator[Hit]:
    """The articles mentioning entity, newest first, as hits whose snippet is the sentence
    that mentions it; read a batch at a time."""
    articles = Article.objects.filter(pk__in=kind.mentions_of(entity).values("article_id"))
    ids = list(articles.newest_first().values_list("pk", flat=True))
    # One reverse() for all: it cost 2 s of a 40,000-row export.
    permalink = reverse("archive:article", args=[0]).replace("/0/", "/{}/")
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        found = {
            pk: (title, published, source)
            for pk, title, published, source in Article.objects.filter(pk__in=chunk).values_list(
                "pk", "title", "published", "source__name"
            )
        }
        untitled = [pk for pk, (title, _p, _s) in found.items() if not title]
        labels = {a.pk: a.label for a in Article.objects.filter(pk__in=untitled)}
        sentences = dict(
            kind.mentions_of(entity)
            .filter(article_id__in=chunk)
            .values_list("article_id", "sentence")
        )
        for pk in chunk:
            if pk not in found:  # deleted while the export ran
                continue
            title, published, source = found[pk]
            yield Hit(
                id=pk,
                url=permalink.format(pk),
                title=title or labels.get(pk, ""),
                title_html="",
                published=published,
                source=source,
                score=None,
                snippet=html.escape(sentences.get(pk) or ""),
            )
