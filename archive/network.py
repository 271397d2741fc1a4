"""Co-mention networks: the entities most often in the same articles as one entity, and how
often those appear together, counted in SQL over the mention tables.

Each count is a self-join of mention tables on article_id, grouped and limited in the
database, so an entity named in 20,000 articles costs a few grouped scans, never a Python
loop over its articles (bench/NETWORK.md has the timings on the 35,390-article corpus).
"""

from dataclasses import dataclass, field

from django.db import connection

from archive.kinds import KINDS, kind_of
from archive.models import Article

PER_KIND = 8  # neighbours of each kind: provinces alone would otherwise fill the picture


@dataclass
class Node:
    kind: object  # archive.kinds.EntityKind
    entity: object
    articles: int  # articles naming it with the centre (the centre: its own articles)

    @property
    def ident(self):
        """An id unique across kinds, stable for Gephi: "person:truong-thi-mai"."""
        return f"{self.kind.name}:{self.entity.slug}"


@dataclass
class Network:
    """The centre (nodes[0]) and its neighbours; edges (i, j, articles) between nodes."""

    nodes: list[Node]
    edges: list[tuple[int, int, int]] = field(default_factory=list)
    start: object = None
    end: object = None

    @property
    def centre(self):
        return self.nodes[0]

    @property
    def neighbours(self):
        return self.nodes[1:]


def _table(kind):
    """(mention table, entity column) of a kind, quoted for SQL."""
    q = connection.ops.quote_name
    return q(kind.mention._meta.db_table), q(kind.mention._meta.get_field(kind.name).column)


def _centre_articles(kind, entity, start, end):
    """SQL selecting the article ids of the centre (in the date range), and its parameters."""
    table, column = _table(kind)
    sql = f"SELECT c.article_id FROM {table} c"
    params = []
    if start or end:
        article = connection.ops.quote_name(Article._meta.db_table)
        sql += f" JOIN {article} art ON art.id = c.article_id"
    sql += f" WHERE c.{column} = %s"
    params.append(entity.pk)
    if start:
        sql += " AND art.published >= %s"
        params.append(start)
    if end:
        sql += " AND art.published <= %s"
        params.append(end)
    return sql, params


def together(entity, kind, *, limit, start=None, end=None):
    """[(entity of kind, articles)]: the entities of kind most often in the same articles as
    entity (published in the range, if one is given), by articles shared, then id; entity
    itself left out."""
    centre_kind = kind_of(entity)
    centre_sql, params = _centre_articles(centre_kind, entity, start, end)
    table, column = _table(kind)
    # the self-join: every mention in an article of the centre, counted per entity
    sql = (
        f"SELECT m.{column}, COUNT(*) AS n FROM ({centre_sql}) c "
        f"JOIN {table} m ON m.article_id = c.article_id"
    )
    if kind is centre_kind:
        sql += f" WHERE m.{column} <> %s"
        params.append(entity.pk)
    sql += f" GROUP BY m.{column} ORDER BY n DESC, m.{column} LIMIT %s"
    params.append(limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    found = kind.model.objects.in_bulk([pk for pk, _n in rows])
    return [(found[pk], n) for pk, n in rows if pk in found]


def co_mentions(entity, *, start=None, end=None, per_kind=PER_KIND, known=None) -> Network:
    """The network around entity: up to per_kind neighbours of each kind, by articles shared.

    known: {kind name: together(entity, kind, limit=at least per_kind)} over every date, which
    the caller has already counted (the entity page's lists): used for a network of every
    date instead of counting them again (each a grouped join over the centre's articles,
    50-60 ms for the Government at 353,820 articles)."""
    centre_kind = kind_of(entity)
    centre_sql, centre_params = _centre_articles(centre_kind, entity, start, end)
    known = known if start is None and end is None else None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({centre_sql}) t", centre_params)
        (total,) = cursor.fetchone()
    nodes = [Node(centre_kind, entity, total)]
    for kind in KINDS:
        if known and kind.name in known:
            found = known[kind.name][:per_kind]
        else:
            found = together(entity, kind, limit=per_kind, start=start, end=end)
        nodes += [Node(kind, neighbour, n) for neighbour, n in found]
    with connection.cursor() as cursor:
        edges = _edges(cursor, nodes, centre_sql, centre_params)
    return Network(nodes=nodes, edges=edges, start=start, end=end)


def _edges(cursor, nodes, centre_sql, centre_params):
    """(i, j, articles): the centre to each neighbour, and between neighbours the articles of
    the centre that name both."""
    edges = [(0, i, node.articles) for i, node in enumerate(nodes) if i]
    index = {(node.kind.name, node.entity.pk): i for i, node in enumerate(nodes) if i}
    selects, params = [], []
    for number, kind in enumerate(KINDS):
        ids = [pk for (name, pk) in index if name == kind.name]
        if not ids:
            continue
        table, column = _table(kind)
        marks = ", ".join(["%s"] * len(ids))
        selects.append(
            f"SELECT {number} AS k, {column} AS e, article_id FROM {table} "
            f"WHERE {column} IN ({marks}) AND article_id IN ({centre_sql})"
        )
        params += [*ids, *centre_params]
    if len(index) < 2:
        return edges
    cursor.execute(
        f"WITH m AS ({' UNION ALL '.join(selects)}) "
        "SELECT a.k, a.e, b.k, b.e, COUNT(*) FROM m a JOIN m b ON a.article_id = b.article_id "
        "AND (a.k < b.k OR (a.k = b.k AND a.e < b.e)) GROUP BY a.k, a.e, b.k, b.e",
        params,
    )
    for k1, e1, k2, e2, n in cursor.fetchall():
        i, j = index.get((KINDS[k1].name, e1)), index.get((KINDS[k2].name, e2))
        if i is not None and j is not None:
            edges.append((min(i, j), max(i, j), n))
    return edges
