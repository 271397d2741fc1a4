"""Document symbols ("21-KL/TW", "23/KH-UBND", "34/2016/NĐ-CP") as written and canonical.

Party symbols are number-KIND/ISSUER ("21 – KL/TW", "02 - QÐ/HU", "06-KL/BTCTW"); State
ones number[/year]/KIND-ISSUER ("23/KH-UBND", "34/2016/NĐ-CP"). Writers put spaces and
every kind of dash around the parts, and the look-alike Ð for Đ.
"""

import re

_DASH = "-\u2010\u2011\u2012\u2013\u2014\u2212"
# Ư: "05-CT/TƯ" (Trung ương) is common in the corpus beside "05-CT/TW".
_UPPER = "A-ZĐÐƯ"
# A code may end in lower case: "TTg" (Thủ tướng), "TTr" (tờ trình), "CTr" (chương trình).
_CODE = rf"[{_UPPER}][{_UPPER}0-9]{{0,9}}[a-z]{{0,2}}"

# Party: 21-KL/TW, 21 – KL/TW, 02 - QÐ/HU, 06-KL/BTCTW, 15-CT/TU, 14-NQ/ĐU/TW.
_PARTY = rf"\d{{1,4}}\s{{0,2}}[{_DASH}]\s{{0,2}}{_CODE}(?:\s{{0,2}}/\s{{0,2}}{_CODE})+"
# State: 23/KH-UBND, 34/2016/NĐ-CP, 15/2020/TT-BTC, 1234/QĐ-UBND, 02/2022/QĐ-TTg,
# "19-2017/NQ-CP" with a dash after the number, "30a/2008/NQ-CP" with a letter.
_STATE = (
    rf"\d{{1,5}}[a-zA-Z]?(?:\s{{0,2}}[{_DASH}/]\s{{0,2}}(?:19|20)\d\d)?\s{{0,2}}/\s{{0,2}}{_CODE}"
    rf"(?:\s{{0,2}}[{_DASH}]\s{{0,2}}{_CODE})+"
)

# Laws and National Assembly resolutions: 80/2015/QH13, 333/2017/UBTVQH14.
_LAW = r"\d{1,4}\s{0,2}/\s{0,2}(?:19|20)\d\d\s{0,2}/\s{0,2}(?:UBTVQH|QH)\d{1,2}"

# Not inside a longer code or number; a Vietnamese letter may touch it ("số204/2004/NĐ-CP").
SYMBOL_RE = re.compile(rf"(?<![{_DASH}0-9A-Za-z_/])(?:{_PARTY}|{_STATE}|{_LAW})(?![\w/])")

_SPACES = re.compile(r"\s+")
_DASHES = re.compile(f"[{_DASH}]")
_TU = re.compile("(?<=[/-])TƯ(?=$|[/-])")
_NUMBER_YEAR = re.compile(r"^(\d+)-((?:19|20)\d\d)/")


def canonical_symbol(symbol):
    """Spaces removed, dashes unified, Đ for Ð, upper case: "21 – kl/tw" -> "21-KL/TW"."""
    symbol = _SPACES.sub("", symbol)
    symbol = _DASHES.sub("-", symbol)
    symbol = _NUMBER_YEAR.sub(r"\1/\2/", symbol)
    # "TTg" (Thủ tướng) is the one code written in mixed case; upper-casing keeps keys equal
    # however the query was typed.
    symbol = symbol.replace("\u00d0", "\u0110").replace("\u00f0", "\u0111").upper()
    # "TƯ" is how some writers abbreviate Trung ương; the code is TW.
    return _TU.sub("TW", symbol)


def find_symbols(text):
    """Every symbol in text as (start, end, as_written)."""
    return [(m.start(), m.end(), m.group(0)) for m in SYMBOL_RE.finditer(text)]
