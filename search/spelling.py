""" "Did you mean": each query syllable the index does not know, replaced by its nearest
frequent neighbour, compared with diacritics when the query has them and without otherwise.
"""

from .analyzer import display_syllable

_MIN_LENGTH = 2


def _nearest(reader, fieldname, syllable):
    for maxdist in (1, 2):
        if maxdist == 2 and len(syllable) < 5:
            break
        candidates = [
            word
            for word in reader.terms_within(fieldname, syllable, maxdist, prefix=1)
            if " " not in word and "_" not in word and word != syllable
        ]
        if candidates:
            return max(candidates, key=lambda w: (reader.doc_frequency(fieldname, w), w))
    return None


def suggest(searcher, parsed):
    """The query with unknown syllables corrected, or None if nothing needs correcting."""
    words = parsed.positive_words()
    if not words:
        return None
    reader = searcher.reader()
    fieldname = "text" if parsed.accented else "folded"
    changed, out = False, []
    for terms in words:
        if terms.is_symbol:
            out.append(terms.exact.upper())
            continue
        syllables = []
        for exact, folded in zip(terms.syllables, terms.folded, strict=True):
            key = exact if parsed.accented else folded
            if len(key) < _MIN_LENGTH or key.isdigit() or reader.doc_frequency(fieldname, key):
                syllables.append(exact)
                continue
            nearest = _nearest(reader, fieldname, key)
            if nearest is None:
                syllables.append(exact)
            else:
                syllables.append(nearest)
                changed = True
        out.append(" ".join(display_syllable(s) for s in syllables))
    return " ".join(out) if changed else None
