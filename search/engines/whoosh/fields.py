"""The Whoosh index's fields: the terms of search/analyzer.py through Whoosh's interfaces.

Each field indexes the stored segmentation through search.analyzer. Their index() methods
compute the same terms as their analyzers (tests/search/test_analyzer.py checks this) but
count them with one Counter instead of a generator chain per token: most of the time a
rebuild spends in Python is here.
"""

from whoosh import analysis, fields
from whoosh.analysis import Composable, Token, Tokenizer
from whoosh.system import pack_uint

from search.analyzer import (
    TERMS_VERSION,
    exact_terms,
    folded_terms,
    pair_terms,
    query_words,
    title_terms,
    word_terms,
)
from search.facets import FACETS

# --- analyzers: the terms of search/analyzer.py through Whoosh's token interface ----------


class SegmentedTokenizer(Tokenizer):
    """Index: the stored words, one per space. Query: archive.text.segment on the text."""

    def __eq__(self, other):
        return type(other) is type(self)

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        if mode == "index":
            words = [(k == 0, w) for line in value.split("\n") for k, w in enumerate(line.split())]
        else:
            words = [(k == 0, w) for k, w in enumerate(query_words(value))]
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for pos, (part_start, word) in enumerate(words, start_pos):
            token.text = word
            token.part_start = part_start  # pairs do not run from one part into the next
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = word
            if positions:
                token.pos = pos
            yield token


class ExactWordFilter(Composable):
    """Words lower-cased, compounds followed by their syllables; punctuation dropped."""

    def __eq__(self, other):
        return type(other) is type(self)

    def __call__(self, tokens):
        for token in tokens:
            terms = word_terms(token.text)
            if not terms.exact:
                continue
            token.text = terms.exact
            yield token
            if len(terms.syllables) > 1:
                for syllable in terms.syllables:
                    token.text = syllable
                    yield token


class FoldedSyllableFilter(Composable):
    """Syllables without diacritics; a symbol whole, then its pieces."""

    def __eq__(self, other):
        return type(other) is type(self)

    def __call__(self, tokens):
        for token in tokens:
            terms = word_terms(token.text)
            for term in (*terms.folded, *dict.fromkeys(terms.parts)):
                token.text = term
                yield token


class PairFilter(Composable):
    """Neighbouring folded syllables, across words but not across document parts."""

    def __eq__(self, other):
        return type(other) is type(self)

    def __call__(self, tokens):
        previous = None
        for token in tokens:
            if token.part_start:
                previous = None
            for syllable in word_terms(token.text).folded:
                if previous is not None:
                    token.text = f"{previous} {syllable}"
                    yield token
                previous = syllable


# Raise LAYOUT when the fields below change; search.analyzer.TERMS_VERSION when the terms
# of a text change. An index written with another version is stale: `manage.py ensure_index`
# rebuilds it. 3: our own fields, without haystack's. 4: the host facet.
LAYOUT = 4
INDEX_VERSION = f"{TERMS_VERSION}.{LAYOUT}"


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


def schema():
    """The index's fields: the text fields of search.analyzer, and one whole-values field a
    facet (search.facets.FACETS)."""
    return fields.Schema(
        id=fields.NUMERIC(numtype=int, bits=64, stored=True, unique=True, signed=False),
        revision=fields.STORED(),
        text=ExactWordsField(),
        folded=FoldedSyllablesField(),
        pairs=PairsField(),
        title=TitleField(),
        published=fields.DATETIME(sortable=True),
        **{name: WholeValuesField() for name in FACETS},
    )
