"""The one interface between the archive's search code and a search engine.

Views, the API and services build a SearchRequest and read a SearchResult; the engines
(search/engines/whoosh, search/engines/postgres) answer it. Everything here is a typed
value: no filter travels as a string to be parsed back.

What the engines share sits above them: the query syntax (search/query.py), the terms of
a word (search/analyzer.py), what an article's index entry holds (search/documents.py),
snippets (search/highlight.py), "did you mean" (search/spelling.py) and entity offers
(search/entities.py).
"""

import enum
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from .facets import FACETS
from .query import ParsedQuery


class SearchUnavailable(RuntimeError):
    """The index cannot be read now (missing, damaged, being rebuilt): answer 503.

    reason: "missing" | "damaged" | "rebuilding" | "database"; detail for the log.
    """

    def __init__(self, reason, detail=""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


class IndexBusy(RuntimeError):
    """Another process held the index's writer lock longer than we were willing to wait."""


class Sort(enum.StrEnum):
    RELEVANCE = "relevance"
    NEWEST = "newest"  # by publication date; undated articles last


@dataclass(frozen=True)
class Filter:
    """Articles with any of these values of one facet ("person", ["ngo-thanh-danh"])."""

    facet: str
    values: tuple

    def __post_init__(self):
        if self.facet not in FACETS:
            raise ValueError(f"Unknown facet {self.facet!r}")
        object.__setattr__(self, "values", tuple(self.values))


@dataclass(frozen=True)
class SearchRequest:
    """One search. Every filter must hold; facets: facet name -> how many values to count.

    A facet whose articles hold one value each (FACETS[name].single: source, year) is
    counted leaving out the filters on that facet, so choosing 2022 still shows 2021's count.
    """

    query: ParsedQuery
    filters: tuple = ()  # of Filter
    date_from: date | None = None
    date_to: date | None = None
    sort: Sort = Sort.RELEVANCE
    start: int = 0
    stop: int | None = 20  # None: every match
    facets: Mapping = field(default_factory=dict)
    months: bool = False  # count the matches per month of publication ("YYYY-MM")
    suggest: bool = True  # a "did you mean" when the matches are few

    def __post_init__(self):
        object.__setattr__(self, "filters", tuple(self.filters))
        object.__setattr__(self, "sort", Sort(self.sort))
        unknown = set(self.facets) - set(FACETS)
        if unknown:
            raise ValueError(f"Unknown facets {sorted(unknown)}")

    def filters_but(self, facet):
        return tuple(f for f in self.filters if f.facet != facet)


@dataclass(frozen=True)
class Scored:
    article_id: int
    score: float | None  # None when not ranked (newest first, or nothing to rank by)


@dataclass
class SearchResult:
    hits: list  # of Scored, in order, the slice asked for
    total: int
    facets: dict = field(default_factory=dict)  # name -> [(value, count)] most frequent first
    suggestion: str | None = None
    months: dict = field(default_factory=dict)  # "YYYY-MM" -> count


@dataclass(frozen=True)
class IndexHealth:
    """What an engine knows of its index without searching it."""

    ok: bool
    documents: int = 0
    problem: str = ""  # "missing" | "damaged" | "stale" | "", with detail
    detail: str = ""


class SearchEngine(ABC):
    """A search engine over the articles' index entries (search.documents.IndexDocument)."""

    name = ""
    # True: the index lives in the archive's database and changes in the same transaction
    # as the articles; False: it is written after the transaction commits.
    transactional = False

    @abstractmethod
    def search(self, request: SearchRequest) -> SearchResult: ...

    @abstractmethod
    def index(self, documents: Iterable) -> None:
        """Add or replace these IndexDocuments."""

    @abstractmethod
    def remove(self, article_ids: Iterable[int]) -> None: ...

    @abstractmethod
    def rebuild(self, documents: Iterable) -> int:
        """Index exactly these documents, replacing the whole index; searches go on reading
        the old one until the new one is complete. Returns how many were indexed."""

    @abstractmethod
    def revisions(self) -> dict:
        """{article id: revision} of every indexed document, for reconciliation."""

    @abstractmethod
    def health(self) -> IndexHealth: ...

    @abstractmethod
    def lexicon(self):
        """The index's vocabulary, for "did you mean" (search.spelling.Lexicon)."""

    def close(self):  # noqa: B027 (most engines hold nothing to release)
        """Release open files and connections (tests, reloading settings)."""


_engines = {}


def get_engine():
    """The engine settings.ARCHIVE_SEARCH (engine name and options) chooses; one per process."""
    from django.conf import settings

    from .engines import ENGINES

    config = dict(settings.ARCHIVE_SEARCH)
    name = config.pop("ENGINE")
    key = (name, tuple(sorted(config.items())))
    engine = _engines.get(key)
    if engine is None:
        if name not in ENGINES:
            raise ValueError(
                f"ARCHIVE_SEARCH_ENGINE={name!r} is not a search engine: use one of "
                + ", ".join(sorted(ENGINES))
            )
        engine = _engines[key] = ENGINES[name](**config)
    return engine


def reset_engines():
    """Forget the engines made so far (settings changed: tests)."""
    for engine in _engines.values():
        engine.close()
    _engines.clear()
