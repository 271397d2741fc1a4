"""An article's terms as a PostgreSQL tsvector, and a ParsedQuery as tsqueries.

Lexemes, one position per syllable (search.analyzer.word_terms gives them):
- "bi", "thu": syllables without diacritics, what every query must match;
- "=bí", "=thư", "=bí_thư": syllables and compound words as spelt (tone keys), which only
  rank: exact spelling above folded;
- "21-kl/tw" (and its pieces): a directive symbol whole.
The title's positions carry weight A, the rest D: title above body. Parts of the article
are two positions apart, so a phrase (<->) never runs from one part into the next.
Built as literals in Python, never through PostgreSQL's text parser, so the terms are
exactly the Whoosh engine's.
"""

from collections import defaultdict

from search.analyzer import has_diacritics, word_terms
from search.query import folded_sequence

EXACT = "="
# tsvector positions stop at 16,383; later words all sit there (phrases in the last
# words of a very long article may then match loosely).
MAX_POSITION = 16383
_PART_GAP = 2


def _quote(lexeme):
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector(document):
    """(the tsvector literal of a search.documents.IndexDocument, the syllables in it that
    "did you mean" may suggest: folded, and as spelt with the EXACT mark)."""
    positions = defaultdict(list)
    title_words = len(document.title_words.split())
    lines = document.segmented.split("\n")
    # The title words are line 0, or for an article without a headline the start of line 1.
    title_line = 0 if (lines and lines[0].strip()) else 1
    pos = 1
    for line_no, line in enumerate(lines):
        for k, word in enumerate(line.split()):
            terms = word_terms(word)
            if not terms.exact:
                continue
            weight = "A" if line_no == title_line and k < title_words else ""
            at = min(pos, MAX_POSITION)
            if terms.is_symbol:
                positions[terms.folded[0]].append(f"{at}{weight}")
                for part in dict.fromkeys(terms.parts):
                    positions[part].append(f"{at}{weight}")
                pos += 1
                continue
            if len(terms.syllables) > 1:
                positions[EXACT + terms.exact].append(f"{at}{weight}")
            for syllable, folded in zip(terms.syllables, terms.folded, strict=True):
                at = min(pos, MAX_POSITION)
                positions[EXACT + syllable].append(f"{at}{weight}")
                positions[folded].append(f"{at}{weight}")
                pos += 1
        pos += _PART_GAP
    literal = " ".join(
        f"{_quote(lexeme)}:{','.join(dict.fromkeys(p))}" for lexeme, p in positions.items()
    )
    vocabulary = {
        lexeme for lexeme in positions if "_" not in lexeme and "/" not in lexeme and lexeme
    }
    return literal, vocabulary


# --- queries --------------------------------------------------------------------------------


def _unit_query(unit):
    sequence = folded_sequence(unit.words)
    if unit.phrase and len(sequence) > 1:
        return "(" + " <-> ".join(_quote(s) for s in sequence) + ")"
    distinct = list(dict.fromkeys(sequence))
    return distinct[0] and (
        _quote(distinct[0]) if len(distinct) == 1 else "(" + " & ".join(map(_quote, distinct)) + ")"
    )


def required_tsquery(parsed):
    """The tsquery every matching article satisfies, or None for "every article"
    (parsed.match_all or filters only), with exclusions as "& !"."""
    groups = []
    for alternative in parsed.alternatives:
        groups.append("(" + " & ".join(_unit_query(u) for u in alternative) + ")")
    positive = " | ".join(groups) if groups else None
    if not parsed.excluded:
        return positive
    excluded = " | ".join(_unit_query(u) for u in parsed.excluded)
    if positive is None:
        return f"!({excluded})"
    return f"({positive}) & !({excluded})"


def ranking_tsquery(parsed):
    """The required query OR-ed with what only ranks: the exact spelling, the title, the
    typed words standing together. A document must match the required part, so the OR adds
    nothing to what matches; RUM's distance counts the extra lexemes it finds."""
    required = required_tsquery(parsed)
    if required is None or not parsed.alternatives:
        return required
    optional = {}
    for alternative in parsed.alternatives:
        words = [terms for unit in alternative for terms in unit.words]
        for terms in words:
            if terms.is_symbol:
                optional.setdefault(_quote(terms.folded[0]) + ":A", None)
                continue
            if parsed.accented or has_diacritics(terms.exact):
                # A word of several syllables ranks by its exact spelling whole, not syllable
                # by syllable (a one-syllable word's exact form is its syllable): RUM's
                # distance costs about each lexeme it reads, and the syllables' lists are
                # long. "Hồ Chí Minh" (10,537 matches): 46 ms with them, 31 without, the
                # top 20 the same but one article; MRR 0.990 typed three ways either way.
                optional.setdefault(_quote(EXACT + terms.exact), None)
                optional.setdefault(_quote(EXACT + terms.exact) + ":A", None)
            for syllable in terms.folded:
                optional.setdefault(_quote(syllable) + ":A", None)
        sequence = folded_sequence(words)
        for a, b in zip(sequence, sequence[1:], strict=False):
            optional.setdefault(f"({_quote(a)} <-> {_quote(b)})", None)
    if not optional:
        return required
    return f"({required}) | " + " | ".join(optional)
