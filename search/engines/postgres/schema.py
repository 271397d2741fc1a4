"""The PostgreSQL engine's tables, made by search/migrations on PostgreSQL only.

search_document: one row an article (its tsvector, revision, date, source and web host),
deleted with the article (ON DELETE CASCADE); a RUM index over the terms where the rum
extension can be had (ranked top-N straight from the index), GIN otherwise, and beside RUM
a GIN index as well, which finds the matches of a query faster. search_term:
the syllables the index holds, for "did you mean". search_meta: the terms version the rows
were written with.
"""

from django.db import transaction

RUM = "rum"
GIN = "gin"

_TABLES = """
CREATE TABLE IF NOT EXISTS search_document (
    article_id bigint PRIMARY KEY
        REFERENCES archive_article (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    revision integer NOT NULL,
    published date,
    source_id bigint,
    terms tsvector NOT NULL,
    host text NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS search_document_published
    ON search_document (published DESC NULLS LAST, article_id DESC);
CREATE INDEX IF NOT EXISTS search_document_source ON search_document (source_id);
CREATE TABLE IF NOT EXISTS search_term (term text PRIMARY KEY);
CREATE TABLE IF NOT EXISTS search_meta (key text PRIMARY KEY, value text NOT NULL);
"""


# The indexes of the terms, by name: "terms" orders (RUM) or finds and ranks (GIN, where the
# rum extension cannot be had); beside RUM, "matches", a plain GIN index for finding the
# matches (every count, facet and filter starts from them). RUM's positions make it five
# times the size (246 MB for the corpus, the GIN one 56 MB, built in 6 s) and its bitmap
# scans two to three times slower: "hồ chí minh" 6.5 -> 2.0 ms, "đảng" 4.2 -> 2.0, the page
# mix's p95 115 -> 105 ms. That one is written at each insert (no pending list) so that a
# search never reads a long one.
_TERMS_INDEXES = {
    RUM: {
        "terms": "rum (terms rum_tsvector_ops)",
        "matches": "gin (terms) WITH (fastupdate = off)",
    },
    GIN: {"terms": "gin (terms)"},
}


def terms_indexes(method, table="search_document"):
    """{index name: CREATE INDEX statement} of the terms indexes for method, on table (a
    rebuild's new table's are named after it, and renamed with it: renamed_indexes)."""
    return {
        f"{table}_{kind}": f"CREATE INDEX IF NOT EXISTS {table}_{kind} ON {table} USING {how}"
        for kind, how in _TERMS_INDEXES[method].items()
    }


def renamed_indexes(method, old, new):
    """ALTER INDEX statements giving table old's terms indexes the names of table new's."""
    return [f"ALTER INDEX {old}_{kind} RENAME TO {new}_{kind}" for kind in _TERMS_INDEXES[method]]


def add_matches_index(connection):
    """The matches index on a RUM-indexed search_document made before it had one
    (search/migrations/0003)."""
    with connection.cursor() as cursor:
        if index_method(cursor) == RUM:
            cursor.execute(terms_indexes(RUM)["search_document_matches"])


def create(connection):
    """Create the tables and the best terms indexes this server allows (RUM, else GIN)."""
    with connection.cursor() as cursor:
        cursor.execute(_TABLES)
        method = GIN
        try:
            with transaction.atomic(using=connection.alias):  # a savepoint: failure is fine
                cursor.execute("CREATE EXTENSION IF NOT EXISTS rum")
            method = RUM
        except Exception:  # not installed, or no right to create it: GIN ranks in SQL
            method = GIN
        for statement in terms_indexes(method).values():
            cursor.execute(statement)


def add_host(connection):
    """The host column on a search_document made before it had one, filled from the
    articles (search/migrations/0002)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE search_document ADD COLUMN IF NOT EXISTS host text NOT NULL DEFAULT ''"
        )
        cursor.execute(
            "UPDATE search_document d SET host = a.host FROM archive_article a "
            "WHERE a.id = d.article_id AND a.host <> '' AND d.host <> a.host"
        )


def drop(connection):
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS search_document, search_term, search_meta")


def index_method(cursor):
    """ "rum" or "gin": how search_document's terms are indexed, or None if not at all."""
    cursor.execute(
        "SELECT am.amname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "JOIN pg_am am ON am.oid = c.relam WHERE c.relname = 'search_document_terms'"
    )
    row = cursor.fetchone()
    return row[0] if row else None
