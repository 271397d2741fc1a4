"""Matches per month for one search or several compared, as counts or as a share of all the
articles of each month (a raw count follows the archive's own growth)."""

import csv
import io
from dataclasses import dataclass
from datetime import date

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from archive import charts
from archive.models import Article

from .export import safe_cell
from .results import month_counts

MAX_SERIES = 5
MODES = ("count", "share")


@dataclass(frozen=True)
class Series:
    label: str
    counts: dict  # date (first of month) -> matching articles


def archive_totals(*, date_from=None, date_to=None):
    """{first of month: articles published that month}, in the whole archive."""
    articles = Article.objects.filter(published__isnull=False)
    if date_from:
        articles = articles.filter(published__gte=date_from)
    if date_to:
        articles = articles.filter(published__lte=date_to)
    rows = (
        articles.annotate(month=TruncMonth("published"))
        .order_by()
        .values_list("month")
        .annotate(n=Count("id"))
    )
    return {date(m.year, m.month, 1): n for m, n in rows}


def series(label, *, query, filters, date_from, date_to):
    """One search's matches per month."""
    counts = month_counts(query=query, filters=filters, date_from=date_from, date_to=date_to)
    return Series(label, {date(int(k[:4]), int(k[5:7]), 1): n for k, n in counts.items()})


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


def search_trend(search, *, mode):
    """The search page's chart (one search's matches per month, or their share of the month)
    and how many of the matches it shows (the dated ones)."""
    # The engine counts months from its date column (Whoosh) or in SQL (PostgreSQL), with
    # the search's own matches: no per-hit work, nothing to cache.
    kept = {k: search[k] for k in ("query", "filters", "date_from", "date_to")}
    one = series(_("Bài khớp"), **kept)
    totals = archive_totals(date_from=search["date_from"], date_to=search["date_to"])
    title = (
        _("Tỉ lệ bài khớp trong số bài mỗi tháng")
        if mode == "share"
        else _("Số bài khớp theo tháng")
    )
    drawn = chart([one], totals, mode=mode, ident="search-trend", title=title)
    return drawn, sum(one.counts.values())
