"""Whoosh field types for the Vietnamese index.

Each field indexes the stored segmentation through search.analyzer. Their index() methods
compute the same terms as their analyzers (tests/search/test_analyzer.py checks this) but
count them with one Counter instead of a generator chain per token: most of the time a
rebuild spends in Python is here.
"""

from whoosh import analysis, fields
from whoosh.system import pack_uint

from .analyzer import (
    ExactWordFilter,
    FoldedSyllableFilter,
    PairFilter,
    SegmentedTokenizer,
    exact_terms,
    folded_terms,
    pair_terms,
    title_terms,
    word_terms,
)

# The version of the terms these fields write. Raise it whenever analyzer.py changes which
# terms a text gives: an index written with other terms is then stale, and
# `manage.py ensure_index` rebuilds it (search.backend keeps the version beside the index).
# 2: pairs across words, folded syllables without positions.
TERMS_VERSION = 2


class _VietnameseText(fields.TEXT):
    def __init__(self, terms_filter, field_boost):
        super().__init__(
            analyzer=SegmentedTokenizer() | terms_filter, phrase=False, field_boost=field_boost
        )


def _frequencies(counts, boost):
    for term, freq in counts.items():
        yield term.encode("utf-8"), freq, freq * boost, pack_uint(freq)


class ExactWordsField(_VietnameseText):
    """Whole words and syllables as spelt (case and spelling variants unified)."""

    def __init__(self, field_boost=1.0):
        super().__init__(ExactWordFilter(), field_boost)

    def index(self, value, **kwargs):
        return _frequencies(exact_terms(value), self.format.field_boost)


class FoldedSyllablesField(_VietnameseText):
    """Syllables without diacritics: what every query must match. No positions: word order is
    the pairs field's, which costs less to write and to read."""

    def __init__(self, field_boost=1.0):
        super().__init__(FoldedSyllableFilter(), field_boost)

    def index(self, value, **kwargs):
        return _frequencies(folded_terms(value), self.format.field_boost)


class PairsField(_VietnameseText):
    """Neighbouring folded syllables ("ngo thanh", "thanh danh"): word order, and phrases."""

    def __init__(self, field_boost=1.0):
        super().__init__(PairFilter(), field_boost)

    def index(self, value, **kwargs):
        return _frequencies(pair_terms(value), self.format.field_boost)


class TitleFilter(analysis.Filter):
    """Exact and folded syllables of a title, and each pair of neighbouring folded syllables."""

    def __eq__(self, other):
        return type(other) is type(self)

    def __call__(self, tokens):
        previous = None
        for token in tokens:
            terms = word_terms(token.text)
            if not terms.exact:
                continue
            for syllable in terms.syllables:
                token.text = syllable
                yield token
            for syllable in terms.folded:
                token.text = syllable
                yield token
                if previous is not None:
                    token.text = f"{previous} {syllable}"
                    yield token
                previous = syllable


class TitleField(_VietnameseText):
    """The headline's syllables and syllable pairs: the strongest sign of what an article is."""

    def __init__(self, field_boost=1.0):
        super().__init__(TitleFilter(), field_boost)

    def index(self, value, **kwargs):
        return _frequencies(title_terms(value), self.format.field_boost)


class WholeValuesField(fields.KEYWORD):
    """Entity slugs, years, source slugs: each value one term, for filters and facet counts."""

    def __init__(self, stored=False):
        super().__init__(stored=stored, commas=True, scorable=False)

    def index(self, value, **kwargs):
        if isinstance(value, str):
            value = value.split(",")
        for item in dict.fromkeys(str(v) for v in value):
            if item:
                yield item.encode("utf-8"), 1, 1.0, pack_uint(1)


def whoosh_field(field_type, *, stored, boost=1.0):
    """The Whoosh field for a haystack field_type used in search_indexes.py, or None."""
    if field_type == "vi_exact":
        return ExactWordsField(field_boost=boost)
    if field_type == "vi_folded":
        return FoldedSyllablesField(field_boost=boost)
    if field_type == "vi_pairs":
        return PairsField(field_boost=boost)
    if field_type == "vi_title":
        return TitleField(field_boost=boost)
    if field_type == "whole_values":
        return WholeValuesField(stored=stored)
    if field_type == "stored":
        return fields.STORED()
    if field_type in ("date", "datetime"):
        return fields.DATETIME(stored=stored, sortable=True)
    if field_type == "integer":
        return fields.NUMERIC(stored=stored, numtype=int, sortable=True)
    return None
