"""The Django-free text module: one spelling per word, offsets kept, symbols whole."""

import unicodedata

from archive.text import fold_diacritics, match_key, normalize, segment, slugify
from archive.text.symbols import canonical_symbol, find_symbols


def test_normalize_unifies_tone_placement_lookalikes_and_unicode_form():
    assert normalize("hoá") == normalize("hóa") == "hóa"
    assert normalize("Tỉnh uỷ") == "Tỉnh ủy"
    assert normalize("thuỷ") == "thủy"
    assert normalize("Ðảng") == "Đảng"
    assert normalize(unicodedata.normalize("NFD", "Tỉnh uỷ")) == "Tỉnh ủy"
    # The tone stays where both styles agree.
    assert normalize("quý") == "quý" and normalize("hoàng") == "hoàng"
    assert normalize("thuyết") == "thuyết"


def test_fold_and_match_keys():
    assert fold_diacritics("Trương Thị Mai") == "truong thi mai"
    assert fold_diacritics("Ðiện Biên Ðông") == "dien bien dong"
    assert match_key("Tỉnh  Uỷ") == match_key("tỉnh ủy")
    assert slugify("Vừ A Bằng") == "vu-a-bang"


def test_symbols_in_every_spelling_have_one_canonical_key():
    text = (
        "Kết luận số 21 – KL/TW, Quy định số 02 - QÐ/HU, Kế hoạch số 23/KH-UBND, "
        "Nghị định 34/2016/NĐ-CP, Kết luận số 06-KL/BTCTW, ngày 16/4/2018"
    )
    keys = [canonical_symbol(written) for _s, _e, written in find_symbols(text)]
    assert keys == ["21-KL/TW", "02-QĐ/HU", "23/KH-UBND", "34/2016/NĐ-CP", "06-KL/BTCTW"]


def test_segment_keeps_offsets_into_the_text_as_written():
    text = "Ðồng chí Vừ A Bằng, Bí thư Huyện uỷ ban hành Quy định số 02 - QÐ/HU."
    tokens = segment(text)
    words = [t.word for t in tokens]
    assert "Vừ_A_Bằng" in words and "02-QĐ/HU" in words
    for token in tokens:
        assert (
            fold_diacritics(text[token.start : token.end]).replace(" ", "")
            == fold_diacritics(normalize(token.word).replace("_", ""))
            or token.is_symbol
        )
    symbol = next(t for t in tokens if t.is_symbol)
    assert text[symbol.start : symbol.end] == "02 - QÐ/HU"


def test_reading_text_drops_invisible_and_control_characters_only():
    from archive.text import reading_text

    written = "Nguy\u200dễn\u200c Văn\u200b Hải\u00ad \u202etrái\u202c\ufeff\x00\x9b"
    written += "\ta\nb\x0cc\u2028d"
    assert reading_text(written) == "Nguyễn Văn Hải trái\ta\nb c d"
    assert reading_text("Đảng «Ð» “x” – … 21-KL/TW") == "Đảng «Ð» “x” – … 21-KL/TW"
