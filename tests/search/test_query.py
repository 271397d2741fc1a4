"""The search box syntax: what a query means, and that no string can break it."""

import pytest

from search.analyzer import display
from search.engines.whoosh.queries import build_query
from search.query import MAX_QUERY_CHARS, parse_query

NASTY = [
    '"unbalanced quote',
    "(unbalanced (parentheses",
    "closing ) only",
    "OR",
    "AND",
    "NOT",
    "-",
    "*",
    "?",
    "~",
    "^2",
    ":",
    "person:",
    "a OR",
    "OR b",
    '-"',
    '""',
    "(((",
    ")))",
    "\\",
    "x" * 5000,
    "Đảng " * 1200,
    "tab\there\x00nul\x07bell\x1b[31m",
    "\u202e\u200b\ufeff",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%s %d {0}",
    "\ufffd\ufffe",
]


@pytest.mark.parametrize("raw", [*NASTY, "\ud800 lone surrogate"])
def test_any_string_parses(raw):
    parsed = parse_query(raw)
    build_query(parsed)  # and builds a Whoosh query (or none)
    assert len(parsed.text) <= MAX_QUERY_CHARS


def test_long_queries_are_cut_and_say_so():
    parsed = parse_query("cán bộ " * 1000)
    assert parsed.truncated
    assert len(parsed.text) <= MAX_QUERY_CHARS


def words(units):
    return [[display(terms.exact) for terms in unit.words] for unit in units]


def test_phrases_or_and_exclusions():
    parsed = parse_query('"công tác cán bộ" luân chuyển OR điều động -xổ')
    first, second = parsed.alternatives
    assert first[0].phrase and words(first) == [["công_tác", "cán_bộ"], ["luân_chuyển"]]
    assert words(second) == [["điều_động"]]
    assert words(parsed.excluded) == [["xổ"]]


def test_or_separates_groups_of_words():
    parsed = parse_query("luan chuyen can bo OR dieu dong")
    assert len(parsed.alternatives) == 2
    syllables = [
        [s for unit in alt for t in unit.words for s in t.folded] for alt in parsed.alternatives
    ]
    assert syllables == [["luan", "chuyen", "can", "bo"], ["dieu", "dong"]]


def test_a_symbol_with_spaced_dash_is_not_an_exclusion():
    parsed = parse_query("21 -KL/TW")
    assert not parsed.excluded
    assert parsed.symbols == ("21-KL/TW",)


def test_lone_star_means_every_article():
    assert parse_query("*").match_all
    assert not parse_query("*").alternatives


def test_accents_in_the_query_switch_on_exact_matching():
    assert parse_query("Đảng").accented
    assert parse_query("Ban Tổ chức").accented  # "Ban" is spelt as meant
    assert not parse_query("dang").accented
    assert not parse_query("bí thu tinh uy").accented  # typed without, but for one word


def test_filters_typed_in_the_query():
    parsed = parse_query("cán bộ person:ngo-thanh-danh")
    assert parsed.filters == (("person", "ngo-thanh-danh"),)
