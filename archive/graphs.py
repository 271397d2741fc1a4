"""Server-rendered SVG graphs in the style of archive/charts.py: a co-mention network around
one entity and the chain of documents carrying one out, each with a title and description
for screen readers; the page puts the same facts beside it as a table or list."""

import math
from html import escape

from django.utils.safestring import mark_safe
from django.utils.translation import gettext

_WIDTH = 720
_FONT = 12


def _shorten(text, most):
    return text if len(text) <= most else text[: most - 1] + "…"


def _svg(ident, title, desc, width, height, parts):
    ident = escape(ident)
    return mark_safe(
        f'<svg class="graph-svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" font-size="{_FONT}" '
        f'preserveAspectRatio="xMidYMin meet" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(desc)}</desc>' + "".join(parts) + "</svg>"
    )


def network_svg(network, *, ident, title, desc):
    """The centre in the middle, its neighbours on a circle grouped by kind; a line's width
    is the articles the two share. Neighbour-to-neighbour lines are drawn faint, below."""
    height, cx, cy, radius = 520, _WIDTH / 2, 260, 190
    others = network.neighbours
    top = max((n.articles for n in others), default=1) or 1
    places = [(cx, cy)]
    for i, _node in enumerate(others):
        angle = -math.pi / 2 + 2 * math.pi * i / max(len(others), 1)
        places.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    parts = []
    for i, j, n in sorted(network.edges, key=lambda e: e[0] == 0):
        (x1, y1), (x2, y2) = places[i], places[j]
        cls = "edge centre-edge" if i == 0 else "edge"
        width = 0.6 + 5 * n / top
        parts.append(
            f'<line class="{cls}" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            f'stroke-width="{width:.2f}"><title>{escape(network.nodes[i].entity.__str__())} – '
            f"{escape(str(network.nodes[j].entity))}: {n}</title></line>"
        )
    for i, node in enumerate(network.nodes):
        x, y = places[i]
        r = 16 if i == 0 else 5 + 9 * math.sqrt(node.articles / top)
        label = escape(_shorten(str(node.entity), 30 if i == 0 else 24))
        if i == 0:
            text = (
                f'<text class="node-label centre" x="{x:.1f}" y="{y + r + 15:.1f}" '
                f'text-anchor="middle">{label}</text>'
            )
        else:
            right = x >= cx
            dx = r + 4 if right else -(r + 4)
            anchor = "start" if right else "end"
            text = (
                f'<text class="node-label" x="{x + dx:.1f}" y="{y + 4:.1f}" '
                f'text-anchor="{anchor}">{label}</text>'
            )
        circle = (
            f'<circle class="node kind-{node.kind.name}" cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}">'
            f"<title>{escape(str(node.kind.label))}: {escape(str(node.entity))} ({node.articles})"
            "</title></circle>"
        )
        url = escape(node.entity.get_absolute_url())
        parts.append(f'<a href="{url}">{circle}{text}</a>')
    return _svg(ident, title, desc, _WIDTH, height, parts)


def chain_svg(layers, edges, *, ident, title, desc):
    """Documents in rows (layers: [[(key, label, url, current, level)]], top row first), arrows
    (from (row, col), to (row, col), kind label) from the one that carries out to the other."""
    row_h, box_h, top = 96, 42, 12
    height = top * 2 + row_h * (len(layers) - 1) + box_h + 10
    places = {}
    parts = [
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'class="arrow-head"/></marker></defs>'
    ]
    for r, row in enumerate(layers):
        slot = _WIDTH / max(len(row), 1)
        box_w = min(slot - 12, 220)
        for c in range(len(row)):
            x = slot * c + (slot - box_w) / 2
            places[(r, c)] = (x, top + r * row_h, box_w)
    for (r1, c1), (r2, c2), label in edges:
        x1, y1, w1 = places[(r1, c1)]
        x2, y2, w2 = places[(r2, c2)]
        # from the bottom of the upper box to the top of the lower one, whichever way it points
        if r1 > r2:
            ax, ay, bx, by = x1 + w1 / 2, y1, x2 + w2 / 2, y2 + box_h
        else:
            ax, ay, bx, by = x1 + w1 / 2, y1 + box_h, x2 + w2 / 2, y2
        parts.append(
            f'<line class="link" x1="{ax:.1f}" y1="{ay:.1f}" x2="{bx:.1f}" y2="{by:.1f}" '
            f'marker-end="url(#arrow)"><title>{escape(label)}</title></line>'
        )
        parts.append(
            f'<text class="link-label" x="{(ax + bx) / 2 + 4:.1f}" y="{(ay + by) / 2 + 4:.1f}">'
            f"{escape(label)}</text>"
        )
    for (r, c), (x, y, w) in places.items():
        _key, label, url, current, level = layers[r][c]
        cls = "doc current" if current else "doc"
        shown = escape(_shorten(label, int(w / 6.6)))
        box = (
            f'<rect class="{cls}" x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{box_h}" '
            f'rx="5"><title>{escape(label)}</title></rect>'
            f'<text class="doc-label" x="{x + w / 2:.1f}" y="{y + 18:.1f}" '
            f'text-anchor="middle">{shown}</text>'
            f'<text class="doc-level" x="{x + w / 2:.1f}" y="{y + 33:.1f}" '
            f'text-anchor="middle">{escape(level)}</text>'
        )
        parts.append(box if current else f'<a href="{escape(url)}">{box}</a>')
    return _svg(ident, title, desc, _WIDTH, height, parts)


def network_desc(network):
    """One sentence naming the centre's strongest ties, for the SVG's <desc>."""
    best = sorted(network.neighbours, key=lambda n: -n.articles)[:3]
    if not best:
        return gettext("Không có mục nào được nhắc cùng trong khoảng thời gian này.")
    return gettext("%(name)s được nhắc cùng nhiều nhất với: %(list)s.") % {
        "name": network.centre.entity,
        "list": "; ".join(f"{n.entity} ({n.articles})" for n in best),
    }
