"""Matches per month for one search or several compared, as counts or as a share of all the
articles of each month (a raw count follows the archive's own growth)."""

import csv
import io
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from archive import charts

from .export import safe_cell
from .results import month_counts, month_totals

MAX_SERIES = 5
MODES = ("count", "share")


@dataclass(frozen=True)
class Series:
    label: str
    counts: dict  # date (first of month) -> matching articles


def archive_totals(*, date_from=None, date_to=None):
    """{first of month: articles published that month}, in the whole archive.

    Counted by the search engine over every indexed article, as each search's own months
    are, so a share is never above one. In SQL this was a pass over every article on each
    search page (TruncMonth runs a Python function a row on SQLite: 50 ms of a 150 ms page
    on the corpus's 35,382 articles); the Whoosh engine keeps each segment's months.
    """
    return _first_of_month(month_totals(date_from=date_from, date_to=date_to))


def _first_of_month(counts):
    return {date(int(k[:4]), int(k[5:7]), 1): n for k, n in counts.items()}


def series(label, *, query, filters, date_from, date_to):
    """One search's matches per month."""
    counts = month_counts(query=query, filters=filters, date_from=date_from, date_to=date_to)
    return Series(label, _first_of_month(counts))


def shares(one, totals):
    """{month: fraction of that month's articles that match}."""
    return {m: n / totals[m] for m, n in one.counts.items() if totals.get(m)}


def chart(all_series, totals, *, mode, ident, title):
    """The line chart of the series, as counts or shares; None when nothing matched."""
    share = mode == "share"
    lines = [(s.label, shares(s, totals) if share else s.counts) for s in all_series]
    return charts.monthly_lines(lines, ident=ident, title=title, share=share)


def table(all_series, totals):
    """Rows (month, [(count, share) per series], all articles that month), every month from
    the first match to the last."""
    dated = [m for s in all_series for m in s.counts]
    if not dated:
        return []
    first, last = min(dated), max(dated)
    fractions = [shares(s, totals) for s in all_series]
    rows, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        m = date(year, month, 1)
        values = [
            (s.counts.get(m, 0), f.get(m)) for s, f in zip(all_series, fractions, strict=True)
        ]
        rows.append((m, values, totals.get(m, 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return rows


def csv_text(all_series, totals):
    """The table as CSV: month (YYYY-MM), then each series' count and share of the month's
    articles, then the month's articles in the whole archive."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    # Column names are fixed, as in the exports' and the lookup's CSV: programs read them.
    header = ["month"]
    for s in all_series:
        header += [safe_cell(s.label), safe_cell(f"{s.label} (share)")]
    writer.writerow([*header, "all_articles"])
    for month, values, total in table(all_series, totals):
        cells = [month.strftime("%Y-%m")]
        for count, share in values:
            cells += [count, "" if share is None else f"{share:.6f}"]
        writer.writerow([*cells, total])
    return "\ufeff" + buffer.getvalue()


def search_trend(search, *, mode, months):
    """The search page's chart (one search's matches per month, or their share of the month)
    and how many of the matches it shows (the dated ones).

    months: the search's {"YYYY-MM": matches}, counted by the page's own search (the engine
    counts them from its date column or in SQL in the same pass as the facets).
    """
    one = Series(_("Bài khớp"), _first_of_month(months))
    # Only a share needs the archive's months; the count chart (the default) draws without.
    totals = (
        archive_totals(date_from=search["date_from"], date_to=search["date_to"])
        if mode == "share"
        else {}
    )
    title = (
        _("Tỉ lệ bài khớp trong số bài mỗi tháng")
        if mode == "share"
        else _("Số bài khớp theo tháng")
    )
    drawn = chart([one], totals, mode=mode, ident="search-trend", title=title)
    return drawn, sum(one.counts.values())
