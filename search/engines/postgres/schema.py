"""The PostgreSQL engine's tables, made by search/migrations on PostgreSQL only.

search_document: one row an article (its tsvector, revision, date, source and web host),
deleted with the article (ON DELETE CASCADE); a RUM index over the terms where the rum
extension can be had (ranked top-N straight from the index), GIN otherwise. search_term:
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


def create(connection):
    """Create the tables and the best terms index this server allows (RUM, else GIN)."""
    with connection.cursor() as cursor:
        cursor.execute(_TABLES)
        method = GIN
        try:
            with transaction.atomic(using=connection.alias):  # a savepoint: failure is fine
                cursor.execute("CREATE EXTENSION IF NOT EXISTS rum")
            method = RUM
        except Exception:  # not installed, or no right to create it: GIN ranks in SQL
            method = GIN
        if method == RUM:
            cursor.execute(
                "CREATE INDEX IF NOT EXISTS search_document_terms "
                "ON search_document USING rum (terms rum_tsvector_ops)"
            )
        else:
            cursor.execute(
                "CREATE INDEX IF NOT EXISTS search_document_terms "
                "ON search_document USING gin (terms)"
            )


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
