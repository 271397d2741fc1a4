"""The PostgreSQL engine: the index is a table in the archive's own database, written in the
same transaction as the articles, so it can never fall behind them.

Matching: search_document.terms @@ the required tsquery (terms.py). Ranking: RUM's
distance to the ranking tsquery, ordered straight from the RUM index (GIN: ts_rank_cd over
the matches, slower). Filters and facets: SQL over the mention tables, exact counts. A
search is one statement (_statement): the matches read once from the terms index into a
set of narrow rows, the filters applied to that set, then counts, months and the page.
"""

import logging
from contextlib import contextmanager
from datetime import date, timedelta

from django.db import DatabaseError, connection, connections, router, transaction

from archive.kinds import BY_NAME
from archive.models import Article
from search.analyzer import TERMS_VERSION
from search.engine import IndexHealth, Scored, SearchEngine, SearchResult, SearchUnavailable, Sort
from search.facets import FACETS

from . import schema
from .terms import EXACT, ranking_tsquery, required_tsquery, tsvector

log = logging.getLogger(__name__)

# Raise when the table's contents change shape for the same terms.
LAYOUT = 1
INDEX_VERSION = f"{TERMS_VERSION}.{LAYOUT}"
BATCH = 1000
# The narrow columns of search_document the sets of matches keep (no tsvector).
ROWS = "SELECT d.article_id, d.source_id, d.published, d.host FROM search_document d WHERE "
# Narrowed matches up to this many are ranked one by one (about 10 µs each, a TOAST read of
# the terms and their distance), not by RUM's ordered scan of all the words' matches.
RANK_APART = 1000
# A phrase's article count for "did you mean" stops here: enough to rank candidates.
_PAIR_COUNT_CAP = 200


def _entity_filter(kind, slugs_param):
    mention = kind.mention._meta.db_table
    entity = kind.model._meta.db_table
    return (
        f"d.article_id IN (SELECT m.article_id FROM {mention} m JOIN {entity} e "
        f"ON e.id = m.{kind.name}_id WHERE e.slug = ANY({slugs_param}))"
    )


class PostgresEngine(SearchEngine):
    name = "postgres"
    transactional = True

    def __init__(self, **options):
        self._method = None

    # --- writing --------------------------------------------------------------------------

    def index(self, documents):
        documents = list(documents)
        if not documents:
            return
        rows, syllables = [], set()
        for d in documents:
            literal, vocabulary = tsvector(d)
            rows.append((d.article_id, d.revision, d.published, d.source_id, _host(d), literal))
            syllables |= vocabulary
        syllables = sorted(syllables)
        with transaction.atomic(), connection.cursor() as cursor:
            for start in range(0, len(rows), BATCH):
                batch = rows[start : start + BATCH]
                cursor.execute(
                    "INSERT INTO search_document (article_id, revision, published, source_id, "
                    "host, terms) SELECT * FROM unnest(%s::bigint[], %s::int[], %s::date[], "
                    "%s::bigint[], %s::text[], %s::tsvector[]) ON CONFLICT (article_id) DO "
                    "UPDATE SET revision = EXCLUDED.revision, published = EXCLUDED.published, "
                    "source_id = EXCLUDED.source_id, host = EXCLUDED.host, terms = EXCLUDED.terms",
                    [list(column) for column in zip(*batch, strict=True)],
                )
            if syllables:
                cursor.execute(
                    "INSERT INTO search_term (term) SELECT unnest(%s::text[]) "
                    "ON CONFLICT DO NOTHING",
                    [syllables],
                )

    def remove(self, article_ids):
        article_ids = list(article_ids)
        if article_ids:
            with connection.cursor() as cursor:
                cursor.execute(
                    "DELETE FROM search_document WHERE article_id = ANY(%s)", [article_ids]
                )

    def rebuild(self, documents):
        """Every article's row written into a new table beside the live one (COPY, then the
        terms index built once: upserting into an indexed table took 259 s for the corpus),
        swapped in by renaming, in one short transaction. Searches read the old table until
        then; changes committed meanwhile are caught by reconciliation (search.indexing)."""
        count, vocabulary = 0, set()
        with connection.cursor() as cursor:
            cursor.execute(
                "DROP TABLE IF EXISTS search_document_new; CREATE TABLE search_document_new "
                "(LIKE search_document INCLUDING DEFAULTS)"
            )
        batch = []

        def flush():
            nonlocal count
            rows = []
            for d in batch:
                literal, words = tsvector(d)
                vocabulary.update(words)
                rows.append((d.article_id, d.revision, d.published, d.source_id, _host(d), literal))
            # No other query may run on the connection while COPY does: rows first.
            with (
                connection.cursor() as cursor,
                cursor.connection.cursor().copy(
                    "COPY search_document_new (article_id, revision, published, source_id, host, "
                    "terms) FROM STDIN"
                ) as copy,
            ):
                for row in rows:
                    copy.write_row(row)
            count += len(batch)
            batch.clear()

        for document in documents:
            batch.append(document)
            if len(batch) >= BATCH * 2:
                flush()
        flush()
        method = self.method()
        with connection.cursor() as cursor:
            cursor.execute(
                "ALTER TABLE search_document_new ADD PRIMARY KEY (article_id); "
                "CREATE INDEX ON search_document_new "
                "(published DESC NULLS LAST, article_id DESC); "
                "CREATE INDEX ON search_document_new (source_id); "
                + "; ".join(schema.terms_indexes(method, "search_document_new").values())
            )
            cursor.execute(
                "INSERT INTO search_term (term) SELECT unnest(%s::text[]) ON CONFLICT DO NOTHING",
                [sorted(vocabulary)],
            )
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("LOCK TABLE search_document IN ACCESS EXCLUSIVE MODE")
            cursor.execute(
                "DELETE FROM search_document_new n WHERE NOT EXISTS "
                "(SELECT 1 FROM archive_article a WHERE a.id = n.article_id)"
            )  # deleted while the new table was written
            cursor.execute(
                "DROP TABLE search_document; "
                "ALTER TABLE search_document_new RENAME TO search_document; "
                + "".join(
                    f"{statement}; "
                    for statement in schema.renamed_indexes(
                        method, "search_document_new", "search_document"
                    )
                )
                + "ALTER TABLE search_document ADD CONSTRAINT search_document_article_id_fkey "
                "FOREIGN KEY (article_id) REFERENCES archive_article (id) ON DELETE CASCADE "
                "DEFERRABLE INITIALLY DEFERRED"
            )
            cursor.execute(
                "INSERT INTO search_meta (key, value) VALUES ('version', %s) "
                "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                [INDEX_VERSION],
            )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_document")
        return count

    # --- checking -------------------------------------------------------------------------

    def _cursor(self):
        """A cursor for reading: on a read replica where the router says so."""
        try:
            return connections[router.db_for_read(Article)].cursor()
        except DatabaseError as exc:
            raise SearchUnavailable("database", str(exc)) from exc

    def health(self):
        try:
            with self._cursor() as cursor:
                method = schema.index_method(cursor)
                if method is None:
                    return IndexHealth(False, problem="missing", detail="no search_document index")
                cursor.execute("SELECT value FROM search_meta WHERE key = 'version'")
                row = cursor.fetchone()
                cursor.execute("SELECT count(*) FROM search_document")
                documents = cursor.fetchone()[0]
                cursor.execute("SELECT EXISTS (SELECT 1 FROM archive_article)")
                articles = cursor.fetchone()[0]
        except DatabaseError as exc:
            return IndexHealth(False, problem="database", detail=str(exc))
        if row is None:
            if documents or articles:
                return IndexHealth(False, problem="stale", detail="no terms version recorded")
            self._mark_version()
        elif row[0] != INDEX_VERSION:
            return IndexHealth(False, problem="stale", detail=f"version {row[0]}")
        return IndexHealth(True, documents=documents)

    def _mark_version(self):
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO search_meta (key, value) VALUES ('version', %s) "
                "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                [INDEX_VERSION],
            )

    def revisions(self):
        with self._cursor() as cursor:
            cursor.execute("SELECT article_id, revision FROM search_document")
            return dict(cursor.fetchall())

    def lexicon(self):
        return PostgresLexicon()

    def method(self):
        if self._method is None:
            with self._cursor() as cursor:
                self._method = schema.index_method(cursor) or schema.GIN
        return self._method

    # --- searching ------------------------------------------------------------------------

    def search(self, request):
        try:
            return self._search(request)
        except DatabaseError as exc:
            log.error("Search failed in PostgreSQL: %s", exc)
            raise SearchUnavailable("database", str(exc)) from exc

    def _conditions(self, request, required, leave_out=None, *, terms=True, filters=True):
        """(SQL conditions on d, params): the terms and dates (terms=True), the filters but
        leave_out's (filters=True). d is search_document, or a set of its rows (article_id,
        source_id, published)."""
        where, params = [], {}
        if terms:
            if required is not None:
                where.append("d.terms @@ %(required)s::tsquery")
                params["required"] = required
            if request.date_from:
                where.append("d.published >= %(date_from)s")
                params["date_from"] = request.date_from
            if request.date_to:
                where.append("d.published < %(date_to)s")
                params["date_to"] = request.date_to + timedelta(days=1)
        for k, f in enumerate(request.filters if filters else ()):
            if f.facet == leave_out:
                continue
            name = f"f{k}"
            if f.facet != "year":  # years become date ranges of their own parameters
                params[name] = list(f.values)
            if f.facet == "source":
                where.append(
                    "d.source_id IN (SELECT id FROM archive_source WHERE slug = ANY(%("
                    + name
                    + ")s))"
                )
            elif f.facet == "year":
                where.append(_years(f.values, name, params))
            elif f.facet == "host":
                where.append(f"d.host = ANY(%({name})s)")
            else:
                where.append(_entity_filter(BY_NAME[f.facet], f"%({name})s"))
        return (" AND ".join(where) or "TRUE"), params

    def _search(self, request):
        parsed = request.query
        required = required_tsquery(parsed)
        if required is None and not (parsed.match_all or parsed.excluded or request.filters):
            if not (request.date_from or request.date_to):
                return SearchResult(hits=[], total=0, facets={n: [] for n in request.facets})
        sql, params = self._statement(request, parsed, required)
        alias = router.db_for_read(Article)
        with transaction.atomic(using=alias), self._cursor() as cursor, _index_scans(cursor):
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        total, counts, months, hits = 0, {name: [] for name in request.facets}, {}, []
        for what, value, n, score in rows:
            if what == "total":
                total = n
            elif what == "months":
                months[value] = n
            elif what == "hit":
                hits.append((n, int(value), score))
            else:
                counts[what].append((value, n))
        hits = [Scored(pk, score) for _n, pk, score in sorted(hits)]
        suggestion = None
        if request.suggest:
            from search.spelling import SUGGEST_BELOW, suggest

            if total < SUGGEST_BELOW:
                suggestion = suggest(PostgresLexicon(), parsed)
        return SearchResult(
            hits=hits,
            total=total,
            facets=counts,
            suggestion=suggestion,
            months=dict(sorted(months.items())),
        )

    def _statement(self, request, parsed, required):
        """One statement for the whole answer: rows (what, value, n, score) of the total, the
        facet counts, the months and the page's hits (n their place).

        The matches are read from the terms index once, into a materialized set of narrow
        rows, and the filters applied to that set: left to itself the planner read an
        outlet's 8,821 rows and tested each one's tsvector (read from TOAST: 8 µs a row,
        73 ms) rather than take the 16,720 matches of "bí thư" from the index (9 ms). Each
        single-valued facet is counted without its own filter from the same set; counting
        each facet from the query again had cost 45 ms a facet on the corpus.
        """
        sets, params = {}, {}
        filtered = bool(request.filters)
        if required is not None:
            where, args = self._conditions(request, required, filters=False)
            params.update(args)
            found = "found" if filtered else "matched"
            sets[found] = ROWS + where
            if filtered:
                where, args = self._conditions(request, required, terms=False)
                params.update(args)
                sets["matched"] = f"SELECT d.* FROM found d WHERE {where}"
        else:
            found = None
            where, args = self._conditions(request, required)
            params.update(args)
            sets["matched"] = ROWS + where
        for name in request.facets:
            if FACETS[name].single and any(f.facet == name for f in request.filters):
                if found is not None:
                    where, args = self._conditions(request, required, leave_out=name, terms=False)
                    sets[f"but_{name}"] = f"SELECT d.* FROM found d WHERE {where}"
                else:
                    where, args = self._conditions(request, required, leave_out=name)
                    sets[f"but_{name}"] = ROWS + where
                params.update(args)
        ctes = [f"{name} AS MATERIALIZED ({select})" for name, select in sets.items()]
        parts = ["(SELECT 'total', NULL, count(*), NULL::float8 FROM matched)"]
        if request.months:
            # Grouped by the month's first day, each group formatted once: to_char on every
            # match cost 68 ms for 265,000 of the 353,820 articles of the scale archive, 42 so.
            parts.append(
                "(SELECT 'months', to_char(m, 'YYYY-MM'), n, NULL::float8 FROM (SELECT "
                "date_trunc('month', published)::date AS m, count(*) AS n FROM matched "
                "WHERE published IS NOT NULL GROUP BY 1) AS g)"
            )
        for name, limit in request.facets.items():
            parts.append(
                self._facet_part(name, f"but_{name}" if f"but_{name}" in sets else "matched")
            )
            params[f"f_{name}"], params[f"l_{name}"] = name, limit
        page = self._page_part(request, parsed, required, filtered)
        if page is not None:
            select, args = page
            parts.append(select)
            params.update(args)
        return "WITH " + ", ".join(ctes) + " " + " UNION ALL ".join(parts), params

    @staticmethod
    def _facet_part(name, counted):
        if name == "source":
            # By id, then the slugs (30 -> 11 ms for 265,000 matches, as the months)
            select = (
                f"SELECT s.slug, g.n FROM (SELECT source_id, count(*) AS n FROM {counted} "
                "GROUP BY 1) AS g JOIN archive_source s ON s.id = g.source_id"
            )
        elif name == "host":
            select = f"SELECT host, count(*) FROM {counted} WHERE host <> '' GROUP BY host"
        elif name == "year":
            # date_part is a float; extract's numeric was 46 ms for 265,000 matches, this 24
            select = (
                "SELECT y::int::text, n FROM (SELECT date_part('year', published) AS y, "
                f"count(*) AS n FROM {counted} WHERE published IS NOT NULL GROUP BY 1) AS g"
            )
        else:
            kind = BY_NAME[name]
            # Counted by id, then each entity's slug looked up once (not once a mention:
            # 59 -> 24 ms for the person facet of "Đảng" on the corpus).
            select = (
                f"SELECT e.slug, g.n FROM (SELECT m.{kind.name}_id AS id, count(*) AS n "
                f"FROM {counted} c JOIN {kind.mention._meta.db_table} m "
                f"ON m.article_id = c.article_id GROUP BY 1) g "
                f"JOIN {kind.model._meta.db_table} e ON e.id = g.id"
            )
        return (
            f"(SELECT %(f_{name})s, slug, n, NULL::float8 FROM ({select}) AS counted (slug, n) "
            f"ORDER BY n DESC, slug LIMIT %(l_{name})s)"
        )

    def _page_part(self, request, parsed, required, filtered):
        """(SELECT of the page's rows, params), or None when no hit is asked for."""
        if request.stop is not None and request.stop <= request.start:
            return None
        args = {
            "limit": None if request.stop is None else request.stop - request.start,
            "offset": request.start,
        }
        ranking = ranking_tsquery(parsed) if required is not None else None
        if request.sort == Sort.NEWEST or ranking is None or not parsed.alternatives:
            order = "d.published DESC NULLS LAST, d.article_id DESC"
            # Nothing but "every article": straight from the date index.
            source = "search_document" if _every_article(request, required) else "matched"
            return (
                f"(SELECT 'hit', article_id::text, row_number() OVER (ORDER BY {order}), "
                f"NULL::float8 FROM (SELECT d.article_id, d.published FROM {source} d "
                f"ORDER BY {order} LIMIT %(limit)s OFFSET %(offset)s) d)"
            ), args
        args["ranking"] = ranking
        narrowed = filtered or request.date_from or request.date_to
        # "OR false" keeps the planner from joining the matches in (a join it estimated at
        # 132 rows for an outlet's 6,561 and ran as a lookup and a TOAST read for each:
        # 145 ms): the test stays a hashed filter on the RUM index's ordered scan (30 ms).
        within = (
            " AND (d.article_id IN (SELECT article_id FROM matched) OR false)" if narrowed else ""
        )
        if self.method() == schema.RUM:
            # Ordered by the RUM index itself; the distance is 1 / rank.
            distance = "SELECT d.article_id, d.terms <=> %(ranking)s::tsquery AS distance FROM "
            slice_ = "LIMIT %(limit)s OFFSET %(offset)s"
            where = f"d.terms @@ %(required)s::tsquery{within}"
            by_index = f"ORDER BY d.terms <=> %(ranking)s::tsquery {slice_}"
            ranked = f"{distance}search_document d WHERE {where} {by_index}"
            if narrowed:
                # RUM's ordered scan reads every match of the words, however few the filters
                # leave: "bí thư" in one outlet's 2020 is 242 of 16,720, 54 ms. Up to
                # RANK_APART of them are ranked one by one instead (3 ms for the 242); their
                # count decides as the statement runs (a one-time filter on each side).
                few = f"(SELECT count(*) FROM matched) <= {RANK_APART}"
                ranked = (
                    f"({distance}matched m JOIN search_document d ON d.article_id = "
                    f"m.article_id WHERE {few} ORDER BY 2, 1 {slice_}) UNION ALL "
                    f"({distance}search_document d WHERE {where} AND NOT {few} {by_index})"
                )
            return (
                "(SELECT 'hit', article_id::text, row_number() OVER (ORDER BY distance, "
                "article_id), CASE WHEN distance > 0 THEN round((1.0 / distance)::numeric, 4)"
                f"::float8 END FROM ({ranked}) d)"
            ), args
        return (
            "(SELECT 'hit', article_id::text, row_number() OVER (ORDER BY rank DESC, "
            "article_id), rank FROM (SELECT d.article_id, ts_rank_cd(d.terms, "
            "%(ranking)s::tsquery)::float8 AS rank FROM search_document d WHERE "
            "d.article_id IN (SELECT article_id FROM matched) ORDER BY rank DESC, d.article_id "
            "LIMIT %(limit)s OFFSET %(offset)s) d)"
        ), args


def _years(values, name, params):
    """The condition for published in any of these years ("2020"), as date ranges the
    planner can read the date index for; a value that is no year matches nothing."""
    ranges = []
    for k, value in enumerate(values):
        if value.isascii() and value.isdigit() and 1 <= int(value) <= 9998:
            params[f"{name}_{k}"] = date(int(value), 1, 1)
            params[f"{name}_{k}_end"] = date(int(value) + 1, 1, 1)
            ranges.append(f"(d.published >= %({name}_{k})s AND d.published < %({name}_{k}_end)s)")
    return "(" + " OR ".join(ranges) + ")" if ranges else "FALSE"


def _host(document):
    hosts = document.values["host"]
    return hosts[0] if hosts else ""


def _every_article(request, required):
    """True when the search is every article, unfiltered and undated."""
    return (
        required is None
        and not request.filters
        and not request.date_from
        and not request.date_to
        and not request.query.excluded
    )


@contextmanager
def _index_scans(cursor):
    """Matches read from the terms index, never by a sequential scan: for a word in most
    articles ("đảng", 26,290 of 35,382) the planner chose to read every row's tsvector
    (146 ms for a count) over the RUM index's bitmap (18 ms).

    And no JIT compilation: a statement that must still scan (every article, the search
    page without a query) is costed above jit_above_cost once scans are "off", and
    compiling it took 415 of its 491 ms."""
    cursor.execute(
        "SELECT current_setting('enable_seqscan'), current_setting('jit'), "
        "set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true)"
    )
    seqscan, jit = cursor.fetchone()[:2]
    try:
        yield
    finally:
        cursor.execute(
            "SELECT set_config('enable_seqscan', %s, true), set_config('jit', %s, true)",
            [seqscan, jit],
        )


class PostgresLexicon:
    """search.spelling.Lexicon over search_term and the terms index."""

    def frequency(self, field, term):
        if field == "pairs":
            first, _space, second = term.partition(" ")
            query = f"{_q(first)} <-> {_q(second)}"
        else:
            query = _q(EXACT + term if field == "text" else term)
        with connections[router.db_for_read(Article)].cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM (SELECT 1 FROM search_document "
                "WHERE terms @@ %s::tsquery LIMIT %s) AS found",
                [query, _PAIR_COUNT_CAP],
            )
            return cursor.fetchone()[0]

    def near(self, field, term, maxdist):
        prefix = EXACT if field == "text" else ""
        first = prefix + term[:1]  # as Whoosh's terms_within(prefix=1): same first letter
        with connections[router.db_for_read(Article)].cursor() as cursor:
            cursor.execute(
                "SELECT term FROM search_term WHERE left(term, %s) = %s "
                "AND length(term) BETWEEN %s AND %s",
                [len(first), first, len(prefix + term) - maxdist, len(prefix + term) + maxdist],
            )
            candidates = [row[0][len(prefix) :] for row in cursor.fetchall()]
        return [c for c in candidates if _within(c, term, maxdist)]


def _q(lexeme):
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def _within(a, b, maxdist):
    """Whether the edit distance of a and b is at most maxdist (Whoosh's terms_within)."""
    if abs(len(a) - len(b)) > maxdist:
        return False
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > maxdist:
            return False
        previous = current
    return previous[-1] <= maxdist
