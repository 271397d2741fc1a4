"""The outlet: a dateline opening the lead ("ĐBP - ...", "(Phapluatmoitruong.vn) – ...")
and the outlet a page republished ("(Theo ...)", "Nguồn: ...", "Theo VTC14")."""

import re

from .punctuation import _DASH

# Dateline codes of outlets that open the lead with them ("ĐBP - Xây dựng Ðảng ...").
_OUTLETS = {
    "ĐBP": "Báo Điện Biên Phủ",
    "HNM": "Báo Hà Nội Mới",
    "HNMO": "Báo Hà Nội Mới",
    "QĐND": "Báo Quân đội nhân dân",
    "ND": "Báo Nhân Dân",
    "NDO": "Báo Nhân Dân",
    "TTXVN": "Thông tấn xã Việt Nam",
    "VOV": "Đài Tiếng nói Việt Nam",
    "VOV.VN": "Đài Tiếng nói Việt Nam",
    "VTV": "Đài Truyền hình Việt Nam",
    "SGGP": "Báo Sài Gòn Giải Phóng",
    "SGGPO": "Báo Sài Gòn Giải Phóng",
    "CAND": "Báo Công an nhân dân",
    "NLĐO": "Báo Người Lao Động",
    "TTO": "Báo Tuổi Trẻ",
    "ĐCSVN": "Báo điện tử Đảng Cộng sản Việt Nam",
    "GD&TĐ": "Báo Giáo dục và Thời đại",
    "ANTĐ": "Báo An ninh Thủ đô",
}

# Host names of outlets, for a captured page that does not name its site (no og:site_name).
_HOSTS = {
    "baodienbienphu.com.vn": "Báo Điện Biên Phủ",
    "baobaclieu.vn": "Báo Bạc Liêu",
    "hanoimoi.vn": "Báo Hà Nội Mới",
    "hanoimoi.com.vn": "Báo Hà Nội Mới",
    "qdnd.vn": "Báo Quân đội nhân dân",
    "nhandan.vn": "Báo Nhân Dân",
    "nhandan.com.vn": "Báo Nhân Dân",
    "baotintuc.vn": "Thông tấn xã Việt Nam",
    "vov.vn": "Đài Tiếng nói Việt Nam",
    "vtv.vn": "Đài Truyền hình Việt Nam",
    "sggp.org.vn": "Báo Sài Gòn Giải Phóng",
    "cand.com.vn": "Báo Công an nhân dân",
    "nld.com.vn": "Báo Người Lao Động",
    "tuoitre.vn": "Báo Tuổi Trẻ",
    "dangcongsan.vn": "Báo điện tử Đảng Cộng sản Việt Nam",
    "dangcongsan.org.vn": "Báo điện tử Đảng Cộng sản Việt Nam",
    "giaoducthoidai.vn": "Báo Giáo dục và Thời đại",
    "anninhthudo.vn": "Báo An ninh Thủ đô",
    "xaydungdang.org.vn": "Tạp chí Xây dựng Đảng",
    "tapchicongsan.org.vn": "Tạp chí Cộng sản",
    "phapluatmoitruong.vn": "Phapluatmoitruong.vn",
}

# Lead prefixes naming the outlet: 003 "(Phapluatmoitruong.vn) –", 002 "ĐBP -", and site
# names ("ANTT.VN -", "Baonghean.vn -"; not "TP.HCM -", a place).
_SOURCE_PAREN = re.compile(rf"^\(([^()]{{2,60}})\)\s*[{_DASH}:]\s*")
_SOURCE_CODE = re.compile(rf"^([^\s()]{{2,24}}?)\s*[{_DASH}]\s*")
_DOMAIN = re.compile(r"(?:[\w-]+\.)+(?:vn|com|net|org|info)", re.I)
_REPUBLISHED = re.compile(r"^\(\s*(?:Theo|Nguồn)\s*:?\s+([^()]{2,80}?)\s*\)\.?$", re.I)
_NAMED_SOURCE = re.compile(r"^(?:Theo|Nguồn)\s*:\s*([^()]{2,80}?)\.?$", re.I)
_BARE_THEO = re.compile(r"^Theo\s+([^,;:?!]{2,80}?)\.?$")


def _republished(text):
    if text.count(" ") >= 15:
        return ""
    match = _REPUBLISHED.match(text) or _NAMED_SOURCE.match(text)
    return _outlet(match.group(1).strip()) if match else ""


def _strip_source(lead):
    """(lead without its dateline source, the outlet) for "(Phapluatmoitruong.vn) – ..."
    (003) and "ĐBP - ..." (002); (lead, "") when it has none."""
    match = _SOURCE_PAREN.match(lead)
    if match:
        return lead[match.end() :], _outlet(match.group(1).strip())
    match = _SOURCE_CODE.match(lead)
    if match and (_outlet_key(match.group(1)) in _OUTLETS or _DOMAIN.fullmatch(match.group(1))):
        return lead[match.end() :], _outlet(match.group(1))
    return lead, ""


def outlet_of_host(host):
    """The outlet a host name belongs to ("www.qdnd.vn" -> "Báo Quân đội nhân dân"), or ""."""
    host = host.lower().removeprefix("www.")
    while host:
        if host in _HOSTS:
            return _HOSTS[host]
        host = host.partition(".")[2] if host.count(".") > 1 else ""  # "m.nhandan.vn"
    return ""


def _outlet_key(name):
    return name.replace("\u00d0", "\u0110").upper()


def _outlet(name):
    return _OUTLETS.get(_outlet_key(name), name)
