"""Server-rendered SVG charts with a title, a description and their numbers as a table.

Pictures to read at a glance, with no script: every chart counts articles, by month or by
a ranked list of labels (provinces). The numbers go out again as table rows, which the page
shows as the chart's text alternative.
"""

import math
from dataclasses import dataclass, field
from datetime import date
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext

_WIDTH = 720
# Drawn for phones, where the wide chart would shrink its text below reading size.
_NARROW = 360
_FONT = 12


@dataclass
class Chart:
    """One chart: SVG markup and the same numbers as rows (label, count, url or "")."""

    ident: str
    title: str
    desc: str
    svg: SafeString
    svg_narrow: SafeString | None
    headings: tuple[str, str]
    rows: list[tuple[str, int, str]] = field(default_factory=list)


def month_label(month, *, short=False):
    """01/2022 (Vietnamese) or Jan 2022; short gives 01/22 or Jan 22."""
    if (get_language() or "vi").startswith("vi"):
        return month.strftime("%m/%y" if short else "%m/%Y")
    return month.strftime("%b %y" if short else "%b %Y")


def _articles(n):
    return ngettext("%(n)s bài", "%(n)s bài", n) % {"n": n}


def _ticks(top):
    """Round gridline values from 0 to at least top: 0, 2, 4, 6, 8 for 7."""
    top = max(top, 1)
    raw = top / 4
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    return [step * i for i in range(math.ceil(top / step) + 1)]


def _months_between(first, last):
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _label_step(n, most):
    """Every how many months an x-axis label goes, so that at most `most` are drawn."""
    return next((step for step in (1, 3, 6, 12, 24, 60) if n / step <= most), 120)


def monthly(counts, *, ident, title):
    """Bar chart of articles per month; counts maps a month's first day to a count.

    Months without articles between the first and last are drawn as gaps, so the time axis
    is even. None when there is nothing to draw.
    """
    counts = {date(m.year, m.month, 1): n for m, n in counts.items() if m and n}
    if not counts:
        return None
    months = _months_between(min(counts), max(counts))
    values = [counts.get(m, 0) for m in months]
    total, peak = sum(values), max(values)
    peak_month = months[values.index(peak)]
    if len(months) == 1:
        desc = gettext("%(total)s, tất cả trong %(month)s.") % {
            "total": _articles(total),
            "month": month_label(months[0]),
        }
    else:
        desc = gettext(
            "%(total)s từ %(first)s đến %(last)s; nhiều nhất vào %(peak_month)s (%(peak)s)."
        ) % {
            "total": _articles(total),
            "first": month_label(months[0]),
            "last": month_label(months[-1]),
            "peak_month": month_label(peak_month),
            "peak": _articles(peak),
        }

    wide = _monthly_svg(months, values, ident=ident, title=title, desc=desc, width=_WIDTH)
    narrow = _monthly_svg(
        months, values, ident=f"{ident}-narrow", title=title, desc=desc, width=_NARROW
    )
    rows = [(month_label(m), n, "") for m, n in zip(months, values, strict=True) if n]
    return Chart(
        ident=ident,
        title=title,
        desc=desc,
        svg=wide,
        svg_narrow=narrow,
        headings=(gettext("Tháng"), gettext("Số bài")),
        rows=rows,
    )


def _monthly_svg(months, values, *, ident, title, desc, width):
    left, right, top, bottom, height = 40, 8, 10, 30, (200 if width == _WIDTH else 190)
    plot_w, plot_h = width - left - right, height - top - bottom
    ticks = _ticks(max(values))
    scale = plot_h / ticks[-1]
    slot = plot_w / len(months)
    # A bar no wider than 48 units, so that two months do not look like a histogram of two
    # categories; below 4 units, no gap, or the bars would vanish.
    bar = min(slot * 0.8 if slot > 4 else slot, 48)
    step = _label_step(len(months), most=max(width // 75, 4))

    parts = []
    for tick in ticks:
        y = top + plot_h - tick * scale
        parts.append(
            f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}"/>'
        )
        parts.append(
            f'<text class="axis" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{tick}</text>'
        )
    for i, (month, value) in enumerate(zip(months, values, strict=True)):
        x = left + i * slot
        if value:
            h = value * scale
            parts.append(
                f'<rect class="bar" x="{x + (slot - bar) / 2:.2f}" y="{top + plot_h - h:.2f}" '
                f'width="{max(bar, 1):.2f}" height="{h:.2f}"><title>'
                f"{escape(month_label(month))}: {escape(_articles(value))}</title></rect>"
            )
        if step >= 12 and month.month == 1 and month.year % (step // 12) == 0:
            parts.append(
                f'<line class="tick" x1="{x:.1f}" x2="{x:.1f}" y1="{top + plot_h}" '
                f'y2="{top + plot_h + 5}"/>'
            )
            parts.append(
                f'<text class="axis" x="{x + 2:.1f}" y="{height - bottom + 18}">{month.year}</text>'
            )
        elif step < 12 and (month.month - 1) % step == 0:
            label = month_label(month, short=len(months) * 70 > plot_w)
            parts.append(
                f'<text class="axis" x="{x + slot / 2:.1f}" y="{height - bottom + 18}"'
                f' text-anchor="middle">{escape(label)}</text>'
            )
    parts.append(
        f'<line class="baseline" x1="{left}" x2="{width - right}" '
        f'y1="{top + plot_h}" y2="{top + plot_h}"/>'
    )
    return _svg(ident, title, desc, height, parts, width=width)


def ranked(items, *, ident, title, label_heading):
    """Horizontal bars, largest first; items are (label, count, url) tuples."""
    items = [(label, n, url) for label, n, url in items if n]
    if not items:
        return None
    items.sort(key=lambda item: -item[1])
    desc = gettext("Nhiều nhất: %(list)s.") % {
        "list": "; ".join(f"{label} ({_articles(n)})" for label, n, _url in items[:3])
    }

    return Chart(
        ident=ident,
        title=title,
        desc=desc,
        svg=_ranked_svg(items, ident=ident, title=title, desc=desc, width=_WIDTH),
        svg_narrow=_ranked_svg(
            items, ident=f"{ident}-narrow", title=title, desc=desc, width=_NARROW
        ),
        headings=(label_heading, gettext("Số bài")),
        rows=items,
    )


def _ranked_svg(items, *, ident, title, desc, width):
    wide = width == _WIDTH
    label_w, value_w, row_h, top = (190, 60, 24, 4) if wide else (128, 36, 26, 4)
    longest = 26 if wide else 17
    height = top * 2 + row_h * len(items)
    bar_room = width - label_w - value_w
    peak = items[0][1]
    parts = []
    for i, (label, value, url) in enumerate(items):
        y = top + i * row_h
        shown = label if len(label) <= longest else label[: longest - 1] + "…"
        text = (
            f'<text class="label" x="{label_w - 8}" y="{y + row_h / 2 + 4:.1f}" '
            f'text-anchor="end">{escape(shown)}</text>'
        )
        if url:
            text = f'<a href="{escape(url)}">{text}</a>'
        w = max(value / peak * bar_room, 2)
        parts.append(text)
        parts.append(
            f'<rect class="bar" x="{label_w}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}">'
            f"<title>{escape(label)}: {escape(_articles(value))}</title></rect>"
        )
        parts.append(
            f'<text class="value" x="{label_w + w + 6:.1f}" y="{y + row_h / 2 + 4:.1f}">'
            f"{value}</text>"
        )
    return _svg(ident, title, desc, height, parts, width=width)


def _svg(ident, title, desc, height, parts, *, width=_WIDTH):
    ident = escape(ident)
    kind = "wide" if width == _WIDTH else "narrow"
    return mark_safe(
        f'<svg class="chart-svg {kind}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" font-size="{_FONT}" '
        f'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(desc)}</desc>' + "".join(parts) + "</svg>"
    )


_SERIES_CLASSES = 5  # .series-0 … .series-4 in archive.css, told apart by colour and dash


def monthly_lines(series, *, ident, title, share=False):
    """Line chart of several series over the same months; series is [(label, {month: value})].

    share: values are fractions of the month's articles, drawn and tabled as percentages.
    None when no series has a value.
    """
    series = [
        (label, {date(m.year, m.month, 1): v for m, v in values.items()})
        for label, values in series
    ]
    dated = [m for _label, values in series for m, v in values.items() if v]
    if not dated:
        return None
    months = _months_between(min(dated), max(dated))
    shown = [(label, [values.get(m, 0) for m in months]) for label, values in series]

    def value_text(value):
        return f"{value * 100:.2f}%" if share else _articles(value)

    peaks = []
    for label, values in shown:
        peak = max(values)
        if peak:
            peaks.append(
                gettext("%(label)s: nhiều nhất vào %(month)s (%(value)s)")
                % {
                    "label": label,
                    "month": month_label(months[values.index(peak)]),
                    "value": value_text(peak),
                }
            )
    desc = gettext("Từ %(first)s đến %(last)s. %(peaks)s.") % {
        "first": month_label(months[0]),
        "last": month_label(months[-1]),
        "peaks": "; ".join(peaks),
    }
    svgs = [
        _lines_svg(months, shown, ident=name, title=title, desc=desc, width=width, share=share)
        for name, width in ((ident, _WIDTH), (f"{ident}-narrow", _NARROW))
    ]
    rows = [  # the months with a value: a span of decades is mostly empty months
        (month_label(m), [value_text(values[i]) for _label, values in shown], "")
        for i, m in enumerate(months)
        if any(values[i] for _label, values in shown)
    ]
    return Chart(
        ident=ident,
        title=title,
        desc=desc,
        svg=svgs[0],
        svg_narrow=svgs[1],
        headings=(gettext("Tháng"), *[label for label, _values in shown]),
        rows=rows,
    )


def _lines_svg(months, shown, *, ident, title, desc, width, share):
    left, right, top, bottom, height = 48, 8, 10, 30, 220
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max(max(values) for _label, values in shown)
    ticks = _share_ticks(peak) if share else _ticks(peak)
    scale = plot_h / ticks[-1]
    slot = plot_w / len(months)
    step = _label_step(len(months), most=max(width // 75, 4))
    parts = []
    for tick in ticks:
        y = top + plot_h - tick * scale
        label = _percent(tick) if share else str(tick)
        parts.append(
            f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}"/>'
        )
        parts.append(
            f'<text class="axis" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{label}</text>'
        )
    for i, month in enumerate(months):
        x = left + i * slot
        if step >= 12 and month.month == 1 and month.year % (step // 12) == 0:
            parts.append(
                f'<text class="axis" x="{x + 2:.1f}" y="{height - bottom + 18}">{month.year}</text>'
            )
        elif step < 12 and (month.month - 1) % step == 0:
            label = month_label(month, short=len(months) * 70 > plot_w)
            parts.append(
                f'<text class="axis" x="{x + slot / 2:.1f}" y="{height - bottom + 18}"'
                f' text-anchor="middle">{escape(label)}</text>'
            )
    for n, (label, values) in enumerate(shown):
        points = [
            (left + (i + 0.5) * slot, top + plot_h - value * scale)
            for i, value in enumerate(values)
        ]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(f'<g class="series series-{n % _SERIES_CLASSES}">')
        parts.append(f'<polyline points="{path}"><title>{escape(label)}</title></polyline>')
        if len(months) <= 60:  # a dot a month while there is room for it
            for (x, y), month, value in zip(points, months, values, strict=True):
                text = f"{label} · {month_label(month)}: " + (
                    _percent(value) if share else _articles(value)
                )
                parts.append(
                    f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3">'
                    f"<title>{escape(text)}</title></circle>"
                )
        parts.append("</g>")
    parts.append(
        f'<line class="baseline" x1="{left}" x2="{width - right}" '
        f'y1="{top + plot_h}" y2="{top + plot_h}"/>'
    )
    return _svg(ident, title, desc, height, parts, width=width)


def _share_ticks(top):
    """Gridlines for fractions: 0, 0.5%, 1%, … up to at least top."""
    top = max(top, 0.0001)
    raw = top / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    return [step * i for i in range(math.ceil(top / step - 1e-9) + 1)]


def _percent(value):
    text = f"{value * 100:.2f}".rstrip("0").rstrip(".")
    return f"{text}%"
