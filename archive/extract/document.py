"""An article's parts as the extractors see them: one segmented line per part.

Each part's tokens are joined into a line ("Bí_thư Tỉnh_ủy Quảng_Nam Lê_Văn_Dũng"), the
normalised spelling the patterns match, with a map from every syllable back to its offsets
in the article as written (the parts joined by blank lines).
"""

import re
from bisect import bisect_left, bisect_right
from itertools import accumulate

from .lexicon import UPPER

_NONSPACE = re.compile(r"\S+")
# A sentence ends at . ! ? … before an upper-case letter or an opening quote, except after
# the abbreviations that precede names and places ("Tp. Quảng Ngãi", "GS. Nguyễn").
_SENTENCE_END = re.compile(
    r"[.!?…]+(?<!\bTp\.)(?<!\bTP\.)(?<!\bGS\.)(?<!\bTS\.)(?<!\bThS\.)(?<!\bBS\.)(?<!\bPGS\.)"
    rf"[”\"]?\s+(?=[“\"(]?[{UPPER}0-9])"
)
SENTENCE_MAX = 400


class Part:
    """One part (title, lead, paragraph or caption) and its segmented line.

    words[k] is the k-th syllable, at[k] where it starts in the line; a syllable's offsets in
    the article are worked out only when asked for (few are), from its token.
    """

    __slots__ = (
        "index",
        "text",
        "base",
        "tokens",
        "line",
        "masked",
        "words",
        "at",
        "_tok_at",
        "_pieces",
        "_sentences",
    )

    def __init__(self, index, text, base, tokens):
        self.index = index
        self.text = text
        self.base = base
        self.tokens = tokens
        self.line = self.masked = " ".join([token.word for token in tokens])
        self.words = self.line.replace("_", " ").split(" ") if tokens else []
        self.at = list(accumulate([len(w) + 1 for w in self.words], initial=0))[:-1]
        self._tok_at = list(accumulate([len(t.word) + 1 for t in tokens], initial=0))[:-1]
        self._pieces = {}
        self._sentences = None

    def starts_token(self, k):
        """Whether syllable k is the first of its word (not joined to the one before by "_")."""
        return k == 0 or self.line[self.at[k] - 1] == " "

    def token_word(self, k):
        """The whole word syllable k starts ("Ngô_Thanh_Danh"), "" if it does not start one."""
        if not self.starts_token(k):
            return ""
        start = self.at[k]
        end = self.line.find(" ", start)
        return self.line[start:] if end < 0 else self.line[start:end]

    def _offsets(self, k):
        """Article offsets (start, end) of syllable k."""
        t = bisect_right(self._tok_at, self.at[k]) - 1
        token = self.tokens[t]
        if "_" not in token.word:
            return self.base + token.start, self.base + token.end
        pieces = self._pieces.get(t)
        if pieces is None:
            pieces = [
                (m.start(), m.end()) for m in _NONSPACE.finditer(self.text, token.start, token.end)
            ]
            if len(pieces) != token.word.count("_") + 1:
                pieces = [(token.start, token.end)] * (token.word.count("_") + 1)
            self._pieces[t] = pieces
        a, b = pieces[self.line.count("_", self._tok_at[t], self.at[k])]
        return self.base + a, self.base + b

    def syllables(self, start, end):
        """Syllable range [i, j) covering line positions [start, end)."""
        i = bisect_right(self.at, start) - 1
        j = bisect_left(self.at, end)
        return max(i, 0), max(j, i + 1)

    def offsets(self, i, j):
        """Article offsets of syllables [i, j)."""
        return self._offsets(i)[0], self._offsets(j - 1)[1]

    def span(self, start, end):
        """Article offsets of line positions [start, end)."""
        return self.offsets(*self.syllables(start, end))

    def line_pos(self, i):
        return self.at[i] if i < len(self.at) else len(self.line)

    def line_end(self, j):
        """Line position right after syllable j - 1."""
        return self.at[j - 1] + len(self.words[j - 1])

    def mask(self, i, j):
        """Hide syllables [i, j) from later patterns (a person's name inside a title)."""
        start, end = self.line_pos(i), self.line_end(j)
        self.masked = self.masked[:start] + "#" * (end - start) + self.masked[end:]

    def sentence_bounds(self, rel):
        """(start, end) in the part's text of the sentence around offset rel."""
        if self._sentences is None:
            self._sentences = [m.end() for m in _SENTENCE_END.finditer(self.text)]
        k = bisect_right(self._sentences, rel)
        start = self._sentences[k - 1] if k else 0
        end = self._sentences[k] if k < len(self._sentences) else len(self.text)
        return start, end


class Document:
    """The article: its parts, their joined text, and sentences for quoting."""

    def __init__(self, texts, segmented):
        self.text = "\n\n".join(texts)
        self.parts = []
        base = 0
        for index, (text, tokens) in enumerate(zip(texts, segmented, strict=True)):
            self.parts.append(Part(index, text, base, tokens))
            base += len(text) + 2

    def written(self, start, end):
        """The article's text between two offsets, as written."""
        return self.text[start:end]

    def sentence(self, offset):
        """The sentence around an offset, as written, at most SENTENCE_MAX characters."""
        part = self.part_at(offset)
        rel = offset - part.base
        start, end = part.sentence_bounds(rel)
        if end - start > SENTENCE_MAX:
            start = max(start, rel - SENTENCE_MAX // 2)
            end = min(end, start + SENTENCE_MAX)
        return " ".join(part.text[start:end].split())

    def part_at(self, offset):
        for part in reversed(self.parts):
            if part.base <= offset:
                return part
        return self.parts[0]
