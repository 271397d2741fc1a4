"""A person's career as a server-rendered SVG timeline, with the same facts as table rows.

One row per office: a bar from the first to the last article that names the person in it,
a dashed line on to the first article that calls it a former post ("nguyên ..."), which it
had ended by. Tenures with no dated article are in the table only (and said so).
"""

from dataclasses import dataclass, field
from datetime import date
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

_WIDTH, _LEFT, _RIGHT, _TOP, _ROW, _AXIS = 720, 12, 12, 8, 44, 28
_LABEL = 80  # characters of an office's name shown above its bar


@dataclass
class Row:
    office: str
    url: str
    first: date | None
    last: date | None
    former_on: date | None
    articles: int
    former_only: bool


@dataclass
class CareerChart:
    ident: str
    title: str
    desc: str
    svg: SafeString | None
    rows: list[Row] = field(default_factory=list)
    undated: int = 0


def career_chart(tenures, *, person_name, ident="career"):
    """CareerChart of a person's tenures (queries.career order); None when they have none."""
    rows = [
        Row(
            office=t.office.name,
            url=t.office.get_absolute_url(),
            first=t.first_seen,
            last=t.last_seen,
            former_on=t.former_on,
            articles=len({e.article_id for e in t.evidence.all()}),
            former_only=not t.first_seen and bool(t.former_on),
        )
        for t in tenures
    ]
    if not rows:
        return None
    title = gettext("Các chức vụ của %(name)s theo thời gian") % {"name": person_name}
    dated = [r for r in rows if r.first or r.former_on]
    undated = len(rows) - len(dated)
    desc = _describe(dated, undated)
    svg = _svg(dated, ident=ident, title=title, desc=desc) if dated else None
    return CareerChart(ident, title, desc, svg, rows, undated)


def _describe(dated, undated):
    parts = []
    if dated:
        days = [d for r in dated for d in (r.first, r.last, r.former_on) if d]
        parts.append(
            ngettext(
                "%(n)s chức vụ có bài ghi ngày, từ %(a)s đến %(b)s.",
                "%(n)s chức vụ có bài ghi ngày, từ %(a)s đến %(b)s.",
                len(dated),
            )
            % {"n": len(dated), "a": _day(min(days)), "b": _day(max(days))}
        )
    if undated:
        parts.append(
            ngettext(
                "%(n)s chức vụ chỉ có bài không rõ ngày (xem bảng).",
                "%(n)s chức vụ chỉ có bài không rõ ngày (xem bảng).",
                undated,
            )
            % {"n": undated}
        )
    return " ".join(parts)


def _day(d):
    return d.strftime("%d/%m/%Y")


def _svg(rows, *, ident, title, desc):
    days = [d for r in rows for d in (r.first, r.last, r.former_on) if d]
    start = date(min(days).year, 1, 1)
    end = date(max(days).year + 1, 1, 1)
    span = (end - start).days or 1
    plot = _WIDTH - _LEFT - _RIGHT
    height = _TOP + _ROW * len(rows) + _AXIS

    def x(day):
        return _LEFT + (day - start).days / span * plot

    parts = []
    years = list(range(start.year, end.year))  # the closing year's line has no room for a label
    step = max(1, len(years) // 10)
    for year in years[::step]:
        gx = x(date(year, 1, 1))  # the year's label sits right of its line
        parts.append(
            f'<line class="grid" x1="{gx:.1f}" x2="{gx:.1f}" y1="{_TOP}" '
            f'y2="{height - _AXIS}"/><text class="axis" x="{gx + 2:.1f}" '
            f'y="{height - 8}">{year}</text>'
        )
    for i, row in enumerate(rows):
        top = _TOP + i * _ROW
        label = row.office if len(row.office) <= _LABEL else row.office[: _LABEL - 1] + "…"
        parts.append(
            f'<a href="{escape(row.url)}"><text class="label" x="{_LEFT}" y="{top + 14}">'
            f"{escape(label)}</text></a>"
        )
        bar_y = top + 22
        tip = escape(_tip(row))
        if row.first:
            a, b = x(row.first), x(row.last or row.first)
            parts.append(
                f'<rect class="bar" x="{a:.1f}" y="{bar_y}" width="{max(b - a, 5):.1f}" '
                f'height="12" rx="2"><title>{tip}</title></rect>'
            )
        if row.former_on:
            c = x(row.former_on)
            if row.last and row.former_on > row.last:
                parts.append(
                    f'<line class="ended" x1="{x(row.last):.1f}" x2="{c:.1f}" '
                    f'y1="{bar_y + 6}" y2="{bar_y + 6}" stroke-dasharray="4 3"/>'
                )
            parts.append(
                f'<path class="former" d="M{c:.1f},{bar_y - 1} l7,7 l-7,7 l-7,-7 z">'
                f"<title>{tip}</title></path>"
            )
    return mark_safe(
        f'<svg class="chart-svg career" viewBox="0 0 {_WIDTH} {height}" role="img" '
        f'aria-labelledby="{escape(ident)}-title {escape(ident)}-desc" font-size="14" '
        f'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{escape(ident)}-title">{escape(title)}</title>'
        f'<desc id="{escape(ident)}-desc">{escape(desc)}</desc>' + "".join(parts) + "</svg>"
    )


def _tip(row):
    text = row.office
    if row.first:
        text += f": {_day(row.first)}"
        if row.last and row.last != row.first:
            text += f" – {_day(row.last)}"
    if row.former_on:
        text += " · " + gettext("được gọi là “nguyên” từ %(day)s") % {"day": _day(row.former_on)}
    return text
