"""A ParsedQuery as Whoosh queries over the fields of fields.py, and exact top-N scoring.

What must match is always the diacritic-folded syllables, so a query typed without accents
finds accented text and differences between query and document segmentation never lose a
document. The exact words, the title and neighbouring syllables as typed only add to the
score (weights in search/query.py, shared with the other engines).
"""

from whoosh import collectors
from whoosh import query as wq

from search.analyzer import has_diacritics
from search.query import (
    BOOST_EXACT_SYLLABLE,
    BOOST_EXACT_WORD,
    BOOST_PAIR,
    BOOST_TITLE,
    BOOST_TITLE_EXACT,
    BOOST_TITLE_PAIR,
    folded_sequence,
)


def _required_unit(unit):
    sequence = folded_sequence(unit.words)
    terms = [wq.Term("folded", s) for s in dict.fromkeys(sequence)]
    if unit.phrase:
        # In this order: every neighbouring pair too (exact for all but contrived texts).
        pairs = zip(sequence, sequence[1:], strict=False)
        terms += [wq.Term("pairs", f"{a} {b}") for a, b in dict.fromkeys(pairs)]
    return terms[0] if len(terms) == 1 else wq.And(terms)


def _required_group(units):
    subs = [_required_unit(unit) for unit in units]
    return subs[0] if len(subs) == 1 else wq.And(subs)


def required_query(parsed):
    """What a document must match (folded syllables), or None for "every document"."""
    groups = [_required_group(alternative) for alternative in parsed.alternatives]
    if groups:
        positive = groups[0] if len(groups) == 1 else wq.Or(groups)
    elif parsed.excluded or parsed.match_all or parsed.filters:
        positive = wq.Every()
    else:
        return None
    if not parsed.excluded:
        return positive
    excluded = [_required_unit(unit) for unit in parsed.excluded]
    return wq.AndNot(positive, excluded[0] if len(excluded) == 1 else wq.Or(excluded))


class _ScoringOr(wq.Or):
    """Scoring clauses read document by document, skipping to the documents the required
    query matched: for long queries (a pasted headline) that matched few documents."""

    matcher_type = wq.Or.DEFAULT_MATCHER


class _ScoringOrPreloaded(wq.Or):
    """Scoring clauses read whole, in blocks: faster for short queries, whose few clauses
    the many matching documents would otherwise each skip through. (Exact only with the
    collector of backend.top_scored: Whoosh's default one lost top documents with it.)"""

    matcher_type = wq.Or.ARRAY_MATCHER


# Measured on 5,050 articles: blockwise reading wins below about this many clauses.
_PRELOAD_CLAUSES = 32


def scoring_query(parsed):
    """Optional clauses that order documents which match: exact words, title, word order."""
    optional = {}

    def add(query):
        optional.setdefault(repr(query), query)

    def add_pairs(sequence):
        for a, b in zip(sequence, sequence[1:], strict=False):
            add(wq.Term("title", f"{a} {b}", boost=BOOST_TITLE_PAIR))
            add(wq.Term("pairs", f"{a} {b}", boost=BOOST_PAIR))

    for alternative in parsed.alternatives:
        for unit in alternative:
            for terms in unit.words:
                if parsed.accented or has_diacritics(terms.exact):
                    add(wq.Term("text", terms.exact, boost=BOOST_EXACT_WORD))
                    if len(terms.syllables) > 1:
                        for syllable in terms.syllables:
                            add(wq.Term("text", syllable, boost=BOOST_EXACT_SYLLABLE))
                    for syllable in terms.syllables:
                        add(wq.Term("title", syllable, boost=BOOST_TITLE_EXACT))
                for syllable in terms.folded:
                    add(wq.Term("title", syllable, boost=BOOST_TITLE))
            add_pairs(folded_sequence(unit.words))
        # Word order across the words, as typed: segmentation differences do not matter.
        add_pairs(folded_sequence([terms for unit in alternative for terms in unit.words]))
    return list(optional.values())


def build_query(parsed):
    """(Whoosh query to score with, Whoosh query that decides the matches) or (None, None)."""
    required = required_query(parsed)
    if required is None:
        return None, None
    optional = scoring_query(parsed)
    if not optional:
        return required, required
    scoring = _ScoringOrPreloaded if len(optional) <= _PRELOAD_CLAUSES else _ScoringOr
    return wq.AndMaybe(required, scoring(optional)), required


def top_scored(searcher, query, limit, allow):
    """[(score, docnum)] of the best `limit` documents, scored exactly.

    Whoosh's default collector swaps the matcher for a cheaper one as the top-N threshold
    rises (replace) and skips blocks by their maximum score (block quality). Measured on
    5,050 articles, 5 of 406 queries then ranked otherwise than a full scoring: "Đảng" and
    "kinh tế" lost documents from their top 10, and a pasted headline scored its own article
    283 instead of 304. Without either, all 406 ranked exactly, in the same median time.
    """
    collector = collectors.TopCollector(limit=limit, usequality=False, replace=0)
    if allow is not None:
        collector = collectors.FilterCollector(collector, allow=allow)
    searcher.search_with_collector(query, collector)
    return list(collector.results().top_n)
