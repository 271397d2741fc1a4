"""Grow an archive to N times its articles from its own stored rows: a scale archive for
benchmarks, made without parsing or segmenting anything again.

Each copy of an article keeps its text, stored segmentation and every row that hangs on the
article (mentions, registry facts and relations, tenure evidence, captures, rejected links),
so the same officials and documents recur over the years as they do in the news; it gets a
new id, a new content hash, a date drawn over a period and an outlet drawn from the
archive's own spread of outlets. Rows are copied inside the database (INSERT ... SELECT
joined to a small table of new ids), on SQLite and PostgreSQL alike.
"""

import hashlib
import random
import time
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max, Min, OuterRef, Subquery
from django.utils import timezone

from archive.models import Article, IndexDebt
from archive.offices.models import Tenure, TenureEvidence

_MAP = "archive_scale_copy"
# The article's columns a copy does not take from its original (see _copy_articles).
_OWN = {"id", "content_hash", "published", "source_id", "source_path", "revision"}


class ScaleError(ValueError):
    """Arguments or an archive the scaling cannot work with."""


@dataclass
class ScaleResult:
    seed_articles: int
    articles: int
    rows: dict = field(default_factory=dict)  # table -> rows copied
    seconds: float = 0.0


def scale_archive(
    *, factor, start=date(2010, 1, 1), end=date(2025, 12, 31), seed=0, batch=2000, progress=None
):
    """Give every stored article factor - 1 copies; returns what was written.

    progress(done, total) is called after each batch of `batch` original articles, each
    batch in its own transaction (an interrupted run leaves whole copies only).
    """
    if factor < 2:
        raise ScaleError(f"factor must be at least 2 (got {factor}): 2 doubles the archive.")
    if start > end:
        raise ScaleError(f"the period starts ({start}) after it ends ({end}).")
    if batch < 1:
        raise ScaleError(f"batch must be at least 1 (got {batch}).")
    started = time.monotonic()
    seeds = list(Article.objects.order_by("pk").values_list("pk", "content_hash", "source_id"))
    if not seeds:
        raise ScaleError("the archive has no article to copy: import some first.")
    rng = random.Random(seed)
    # The outlets and the share left undated as the archive has them: each copy draws an
    # original's outlet, and is undated as often as the originals are.
    outlets = [source_id for _pk, _hash, source_id in seeds]
    undated = Article.objects.filter(published__isnull=True).count() / len(seeds)
    days = (end - start).days + 1
    stride = seeds[-1][0]  # copy k of article i is article i + k * stride
    children = _children()
    result = ScaleResult(seed_articles=len(seeds), articles=len(seeds))
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {_MAP}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {_MAP} (old_id bigint, new_id bigint PRIMARY KEY, "
            "published date, source_id bigint, content_hash varchar(64), "
            "old_hash varchar(64), tag varchar(20))"
        )
    try:
        for offset in range(0, len(seeds), batch):
            rows = []
            for pk, old_hash, _source in seeds[offset : offset + batch]:
                for k in range(1, factor):
                    published = (
                        None if rng.random() < undated else start + timedelta(rng.randrange(days))
                    )
                    rows.append(
                        (
                            pk,
                            pk + k * stride,
                            connection.ops.adapt_datefield_value(published),
                            rng.choice(outlets),
                            hashlib.sha256(f"{old_hash} copy {k}".encode()).hexdigest(),
                            old_hash,
                            f"#copy{k}",
                        )
                    )
            with transaction.atomic():
                _copy_batch(rows, children, result.rows)
            result.articles += len(rows)
            if progress:
                progress(min(offset + batch, len(seeds)), len(seeds))
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {_MAP}")
    _refresh_tenures()
    _reset_sequences(children)
    result.seconds = time.monotonic() - started
    return result


def _children():
    """(model, its foreign key to Article) for every archive table whose rows hang on one."""
    out = []
    for model in apps.get_app_config("archive").get_models():
        for f in model._meta.concrete_fields:
            if f.many_to_one and f.related_model is Article:
                out.append((model, f))
    return out


def _copy_batch(rows, children, counts):
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {_MAP}")
        cursor.executemany(f"INSERT INTO {_MAP} VALUES (%s, %s, %s, %s, %s, %s, %s)", rows)
        counts[Article._meta.db_table] = counts.get(Article._meta.db_table, 0) + _copy_articles(
            cursor
        )
        for model, fk in children:
            n = _copy_child(cursor, model, fk)
            counts[model._meta.db_table] = counts.get(model._meta.db_table, 0) + n
        # Owed to the index in the same transaction, as every other change is: a rebuild
        # (or ensure_index) pays it.
        cursor.execute(
            f"INSERT INTO {IndexDebt._meta.db_table} (article_id, created_at) "
            f"SELECT new_id, %s FROM {_MAP}",
            [connection.ops.adapt_datetimefield_value(timezone.now())],
        )


def _copy_articles(cursor):
    fields = Article._meta.concrete_fields
    columns = [f.column for f in fields]
    own = {
        "id": "m.new_id",
        "content_hash": "m.content_hash",
        "published": "m.published",
        "source_id": "m.source_id",
        "source_path": "a.source_path || m.tag",
        "revision": "1",
    }
    assert set(own) == _OWN
    return _insert_copies(cursor, Article._meta.db_table, columns, own, "a", "id")


def _copy_child(cursor, model, fk):
    columns = [f.column for f in model._meta.concrete_fields if not f.primary_key]
    own = {fk.column: "m.new_id"}
    if "content_hash" in columns:
        # A capture holding the article's own text carries the copy's hash, as imports keep it.
        own["content_hash"] = (
            "CASE WHEN c.content_hash = m.old_hash THEN m.content_hash ELSE c.content_hash END"
        )
    return _insert_copies(cursor, model._meta.db_table, columns, own, "c", fk.column)


def _insert_copies(cursor, table, columns, own, alias, old_id_column):
    """Insert into table a copy of each row (alias) whose old_id_column names an article
    being copied (the map m): own[column] for the columns the copy sets itself."""
    select = ", ".join(own.get(c, f"{alias}.{c}") for c in columns)
    cursor.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) SELECT {select} FROM {_MAP} m "
        f"JOIN {table} {alias} ON {alias}.{old_id_column} = m.old_id"
    )
    return cursor.rowcount


def _refresh_tenures():
    """Tenure dates from their evidence's article dates, the copies' included (one statement
    each, as Tenure.refresh_dates reads them)."""
    evidence = TenureEvidence.objects.filter(
        tenure=OuterRef("pk"), article__published__isnull=False
    ).values("tenure")
    current = evidence.filter(former=False)
    Tenure.objects.update(
        first_seen=Subquery(current.annotate(d=Min("article__published")).values("d")),
        last_seen=Subquery(current.annotate(d=Max("article__published")).values("d")),
        former_on=Subquery(
            evidence.filter(former=True).annotate(d=Min("article__published")).values("d")
        ),
    )


def _reset_sequences(children):
    models = [Article, IndexDebt, *(model for model, _fk in children)]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
