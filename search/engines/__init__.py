"""The search engines, by the name ARCHIVE_SEARCH_ENGINE gives: each a package of its own,
the only code that speaks to its outside system."""


def _whoosh(**options):
    from .whoosh.engine import WhooshEngine

    return WhooshEngine(**options)


def _postgres(**options):
    from .postgres.engine import PostgresEngine

    return PostgresEngine(**options)


ENGINES = {"whoosh": _whoosh, "postgres": _postgres}
