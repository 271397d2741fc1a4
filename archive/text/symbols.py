"""Document symbols ("21-KL/TW", "23/KH-UBND", "34/2016/NĐ-CP") as written and canonical.

Party symbols are number-KIND/ISSUER ("21 – KL/TW", "02 - QÐ/HU", "06-KL/BTCTW"); State
ones number[/year]/KIND-ISSUER ("23/KH-UBND", "34/2016/NĐ-CP"). Writers put spaces and
every kind of dash around the parts, and the look-alike Ð for Đ.
"""

import re

_DASH = "-\u2010\u2011\u2012\u2013\u2014\u2212"
_UPPER = "A-ZĐÐ"
_CODE = rf"[{_UPPER}][{_UPPER}0-9]{{0,9}}"

# Party: 21-KL/TW, 21 – KL/TW, 02 - QÐ/HU, 06-KL/BTCTW, 15-CT/TU, 14-NQ/ĐU/TW.
_PARTY = rf"\d{{1,4}}\s{{0,2}}[{_DASH}]\s{{0,2}}{_CODE}(?:\s{{0,2}}/\s{{0,2}}{_CODE})+"
# State: 23/KH-UBND, 34/2016/NĐ-CP, 15/2020/TT-BTC, 1234/QĐ-UBND, 02/2022/QĐ-TTg.
_STATE = (
    rf"\d{{1,5}}(?:\s{{0,2}}/\s{{0,2}}(?:19|20)\d\d)?\s{{0,2}}/\s{{0,2}}{_CODE}"
    rf"(?:\s{{0,2}}[{_DASH}]\s{{0,2}}{_CODE}[a-z]{{0,3}})+"
)

SYMBOL_RE = re.compile(rf"(?<![\w/])(?:{_PARTY}|{_STATE})(?![\w/])")

_SPACES = re.compile(r"\s+")
_DASHES = re.compile(f"[{_DASH}]")


def canonical_symbol(symbol):
    """Spaces removed, dashes unified, Đ for Ð, upper case: "21 – kl/tw" -> "21-KL/TW"."""
    symbol = _SPACES.sub("", symbol)
    symbol = _DASHES.sub("-", symbol)
    # "TTg" (Thủ tướng) is the one code written in mixed case; upper-casing keeps keys equal
    # however the query was typed.
    return symbol.replace("\u00d0", "\u0110").replace("\u00f0", "\u0111").upper()


def find_symbols(text):
    """Every symbol in text as (start, end, as_written)."""
    return [(m.start(), m.end(), m.group(0)) for m in SYMBOL_RE.finditer(text)]
