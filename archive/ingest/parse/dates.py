"""Dates: of a date line ("Thứ Năm, 13/01/2022 | 16:37") and of a lead that opens with one
("Chiều 29/6, ...")."""

import re
from datetime import date

# Dates: 13/01/2022, 03-10-2018, 2022-01-13, "ngày 5 tháng 3 năm 2022".
_DMY = re.compile(r"(?<![\d/.-])(\d{1,2})\s?[/.-]\s?(\d{1,2})\s?[/.-]\s?((?:19|20)\d\d)(?!\d)")
_ISO = re.compile(r"(?<!\d)((?:19|20)\d\d)-(\d\d)-(\d\d)(?!\d)")
_WORDS = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+((?:19|20)\d\d)", re.I)
_DATE_LINE_REST = re.compile(
    r"\d{1,2}:\d\d(?::\d\d)?(?:\s?(?:AM|PM|SA|CH))?|\(?GMT\s?[+-]\s?\d+\)?"
    r"|Thứ\s+(?:Hai|Ba|Tư|Năm|Sáu|Bảy|[2-7])|Chủ\s+nhật|Lượt\s+xem\s*:?\s*[\d.,]*"
    r"|In\s+bài(?:\s+viết)?|Cập\s+nhật(?:\s+lúc)?|Ngày\s+đăng|Đăng\s+(?:lúc|ngày)|Ngày|lúc",
    re.I,
)
# A dateline opening the lead: "Chiều 29/6,", "Sáng nay (13/1),", "Ngày 5-3-2022,".
_TIME_OF_DAY = r"(?:rạng\s+)?(?:sáng|trưa|chiều|tối|đêm|ngày|hôm)(?:\s+(?:sớm|nay|qua|mai))?"
_LEAD_DATE = re.compile(
    rf"^(?:{_TIME_OF_DAY}\s*,?\s*\(?(?:ngày\s+)?(?P<d>\d{{1,2}})\s?[/.-]\s?(?P<m>\d{{1,2}})"
    rf"|(?:{_TIME_OF_DAY}\s+)?ngày\s+(?P<wd>\d{{1,2}})\s+tháng\s+(?P<wm>\d{{1,2}}))"
    r"(?:(?:\s?[/.-]\s?|\s+năm\s+)(?P<y>(?:19|20)\d\d))?(?![\d/.-]\d)",
    re.I,
)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def _date_of_line(text):
    """The date of a date line ("Thứ Năm, 13/01/2022 | 16:37"), None for any other line."""
    if len(text) > 200:
        return None
    if match := _DMY.search(text) or _WORDS.search(text):
        year, month, day = match.group(3, 2, 1)
    elif match := _ISO.search(text):
        year, month, day = match.group(1, 2, 3)
    else:
        return None
    rest = _DATE_LINE_REST.sub(" ", _WORDS.sub(" ", _ISO.sub(" ", _DMY.sub(" ", text))))
    if len(re.findall(r"[^\W\d_]+", rest)) > 3:  # a sentence or headline that has a date
        return None
    return _date(year, month, day)


def _lead_date(lead):
    """The date a lead opens with ("Chiều 29/6, ..."), its year completed only when the
    lead names one year and no other (003: "... năm 2022.")."""
    match = _LEAD_DATE.match(lead)
    if not match:
        return None
    year = match.group("y")
    if year is None:
        years = set(_YEAR.findall(lead))
        if len(years) != 1:
            return None
        year = years.pop()
        if not re.search(rf"\bnăm\s+{year}\b", lead, re.I):
            return None
    return _date(year, match.group("m") or match.group("wm"), match.group("d") or match.group("wd"))


def _date(year, month, day):
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None
