"""The analyzer: every spelling of a word gives the same terms; symbols stay whole."""

import pytest

from archive.text import fold_diacritics, normalize
from search.analyzer import (
    display,
    exact_terms,
    fold,
    folded_terms,
    pair_terms,
    query_words,
    title_terms,
    word_terms,
)
from search.engines.whoosh.fields import (
    ExactWordsField,
    FoldedSyllablesField,
    PairsField,
    TitleField,
)


def terms_of_query(text):
    return [word_terms(w) for w in query_words(text)]


@pytest.mark.parametrize(
    "one, other",
    [
        ("hóa", "hoá"),  # tone placement
        ("thủy", "thuỷ"),
        ("Ủy ban", "Uỷ ban"),
        ("Đảng", "Ðảng"),  # Icelandic eth typed for Đ (seed 002)
        ("ĐẢNG", "đảng"),  # case
        ("Bí thư", "Bi\u0301 thư"),  # decomposed Unicode
    ],
)
def test_spellings_of_a_word_give_the_same_terms(one, other):
    assert [t.folded for t in terms_of_query(one)] == [t.folded for t in terms_of_query(other)]
    assert [t.exact for t in terms_of_query(one)] == [t.exact for t in terms_of_query(other)]


def test_folding_strips_every_diacritic_and_d_bar():
    assert fold("Đảng bộ Tỉnh ủy Thừa Thiên Huế") == "dang bo tinh uy thua thien hue"
    text = normalize("Ngô Thanh Danh, Bí thư Tỉnh uỷ Đồng Tháp; ĐẢNG, Ðảng, khoẻ")
    assert fold(text) == fold_diacritics(text)


def test_compound_words_keep_their_syllables():
    terms = word_terms("Bí_thư")
    assert display(terms.exact) == "bí_thư"
    assert [display(s) for s in terms.syllables] == ["bí", "thư"]
    assert terms.folded == ("bi", "thu")


@pytest.mark.parametrize(
    "one, other",
    [("của", "cuả"), ("quả", "qủa"), ("thủy", "thuỷ"), ("hòa", "hoà"), ("giữa", "gĩưa")],
)
def test_any_tone_placement_is_one_exact_term(one, other):
    assert word_terms(one).exact == word_terms(other).exact
    assert word_terms("bộ").exact != word_terms("bố").exact != word_terms("bổ").exact


def test_tone_keys_read_back_as_written():
    text = normalize(
        "Thủ tướng Chính phủ yêu cầu các tỉnh Hòa Bình, Khánh Hòa, Quảng Ngãi, Thừa Thiên Huế "
        "khẩn trương khắc phục hậu quả mưa lũ; người dân được hỗ trợ gạo, nước uống, thuốc "
        "khoẻ mạnh, quý giá, giữ gìn, ngoái nhìn, khuỷu tay, thuở ấy, chuyện tuyển quân."
    ).lower()
    for word in text.replace(",", " ").replace(";", " ").replace(".", " ").split():
        assert display(word_terms(word).exact) == word
    assert word_terms(",").exact == ""  # punctuation is not indexed


@pytest.mark.parametrize(
    "typed", ["21-KL/TW", "21 – KL/TW", "21-kl/tw", "21 - KL / TW", "21—KL/TW", "21 kl/tw"]
)
def test_directive_symbols_are_one_term_however_typed(typed):
    (terms,) = terms_of_query(typed)
    assert terms.is_symbol
    assert terms.folded == ("21-kl/tw",)


def test_state_symbols_keep_their_year_and_issuer():
    (terms,) = terms_of_query("Nghị định 34/2016/NĐ-CP")[-1:]
    assert terms.exact == "34/2016/nđ-cp"
    assert terms.folded == ("34/2016/nd-cp",)


def test_a_date_glued_to_a_word_is_not_a_symbol():
    """Segmenting a headline typed without accents glued "3/2017" to "se" (sẽ): the query
    must still ask for the syllables the accented article has."""
    assert word_terms("3/2017_se").folded == ("3", "2017", "se")
    typed = "Thang 3/2017 se dau gia 40 thua dat"
    accented = "Tháng 3/2017 sẽ đấu giá 40 thửa đất"
    assert [s for t in terms_of_query(typed) for s in t.folded] == [
        s for t in terms_of_query(accented) for s in t.folded
    ]


SEGMENTED = "Bí_thư Tỉnh_ủy Ngô_Thanh_Danh ký Kết_luận 21-KL/TW ,\nĐảng bộ tỉnh"


def test_fast_index_path_matches_the_whoosh_analyzers():
    """The schema fields count terms directly; they must agree with their analyzers."""
    for field, counts in (
        (ExactWordsField(), exact_terms),
        (FoldedSyllablesField(), folded_terms),
        (PairsField(), pair_terms),
    ):
        analyzed = sorted(t.text for t in field.analyzer(SEGMENTED, mode="index"))
        assert sorted(counts(SEGMENTED).elements()) == analyzed, field
        assert {t for t, *_ in field.index(SEGMENTED)} == {t.encode() for t in analyzed}

    title = TitleField()
    analyzed = sorted(t.text for t in title.analyzer(SEGMENTED.split("\n")[0], mode="index"))
    assert sorted(title_terms(SEGMENTED.split("\n")[0]).elements()) == analyzed
    assert "bi thu" in analyzed and "thu tinh" in analyzed


def test_folded_and_pair_terms():
    folded = folded_terms(SEGMENTED)
    assert folded["21-kl/tw"] == 1 and folded["kl"] == 1  # a symbol whole and in pieces
    assert folded["dang"] == 1 and folded["bi"] == 1
    pairs = pair_terms(SEGMENTED)
    assert pairs["bi thu"] == pairs["thu tinh"] == pairs["ket luan"] == 1
    assert pairs["luan 21-kl/tw"] == 1  # symbols pair whole
    assert "21-kl/tw dang" not in pairs  # not across document parts


def test_exact_field_holds_words_and_their_syllables():
    counts = {display(term): n for term, n in exact_terms(SEGMENTED).items()}
    assert counts["bí_thư"] == 1 and counts["bí"] == 1 and counts["thư"] == 1
    assert counts["21-kl/tw"] == 1
    assert "," not in counts
