"""A directive page's registry: what the articles tell of the document and the chain of
documents that carry it out (down) and that it carries out (up)."""

from collections import defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from archive import graphs
from archive.extract.registry import CENTRAL, DISTRICT, PROVINCE, level_of
from archive.models import Directive, DirectiveFact, DirectiveRelation, FactKind

LEVELS = {
    CENTRAL: gettext_lazy("Trung ương"),
    PROVINCE: gettext_lazy("Cấp tỉnh"),
    DISTRICT: gettext_lazy("Cấp huyện"),
    "": gettext_lazy("chưa rõ cấp"),
}
DEPTH = 3  # central -> province -> district -> commune is as deep as the corpus goes
PER_ROW = 6


def level_label(directive):
    """ "Trung ương", "Cấp tỉnh", "Cấp huyện" or "chưa rõ cấp", from its issuer and body."""
    return LEVELS[level_of(directive.issuer, f"{directive.issuing_body} {directive.scope}")]


def _related(directive, direction):
    """Documents reached from directive one relation at a time: [(level, relation)], where
    "down" follows the documents carrying it out and "up" what it carries out."""
    mine, theirs = ("target", "source") if direction == "down" else ("source", "target")
    seen, frontier, found = {directive.pk}, [directive.pk], []
    for level in range(1, DEPTH + 1):
        relations = list(
            DirectiveRelation.objects.stated()
            .filter(**{f"{mine}_id__in": frontier})
            .select_related("source", "target", "article")
            .order_by(f"{theirs}__key", "kind", "article__published", "article_id")
        )
        frontier = []
        for relation in relations:
            found.append((level, relation))
            other = getattr(relation, f"{theirs}_id")
            if other not in seen:
                seen.add(other)
                frontier.append(other)
        if not frontier:
            break
    return found


def _grouped(found):
    """One item per (source, kind, target): its level and every article stating it."""
    items = {}
    for depth, relation in found:
        key = (relation.source_id, relation.kind, relation.target_id)
        item = items.setdefault(
            key,
            {
                "level": depth,
                "relation": relation,
                "evidence": [],
                "kind": relation.kind,
                "source_level": level_label(relation.source),
                "target_level": level_label(relation.target),
            },
        )
        item["evidence"].append((relation.article, relation.sentence))
    return list(items.values())


def _graph(directive, up, down):
    """The chain as rows of documents, the ones it carries out above, the ones carrying it
    out below; None when there is no relation."""
    if not up and not down:
        return None
    levels = {directive.pk: 0}
    docs = {directive.pk: directive}
    for sign, found in ((-1, up), (1, down)):
        for level, relation in found:
            for d in (relation.source, relation.target):
                docs.setdefault(d.pk, d)
            other = relation.target if sign < 0 else relation.source
            levels.setdefault(other.pk, sign * level)
    rows = defaultdict(list)
    for pk, level in sorted(levels.items(), key=lambda item: (item[1], str(docs[item[0]]))):
        if len(rows[level]) < PER_ROW:
            rows[level].append(pk)
    order = sorted(rows)
    place = {pk: (r, c) for r, row in enumerate(order) for c, pk in enumerate(rows[row])}
    layers = [
        [
            (
                pk,
                str(docs[pk]),
                docs[pk].get_absolute_url(),
                pk == directive.pk,
                level_label(docs[pk]),
            )
            for pk in rows[row]
        ]
        for row in order
    ]
    edges = {}
    for _level, relation in [*up, *down]:
        a, b = place.get(relation.source_id), place.get(relation.target_id)
        if a and b and (a, b) not in edges:
            edges[(a, b)] = relation.get_kind_display()
    shown = sum(len(row) for row in layers) - 1
    desc = _(
        "%(name)s và %(count)s văn bản có quan hệ với nó: văn bản được thực hiện ở trên, "
        "văn bản thực hiện nó ở dưới; mũi tên đi từ văn bản thực hiện đến văn bản được thực hiện."
    ) % {"name": directive, "count": shown}
    title = _("Chuỗi văn bản của %(name)s") % {"name": directive}
    return {
        "svg": graphs.chain_svg(
            layers,
            [(a, b, label) for (a, b), label in edges.items()],
            ident="chain",
            title=title,
            desc=desc,
        ),
        "title": title,
        "desc": desc,
    }


def registry_context(directive: Directive):
    """The facts, subjects, short names, signers and relations a directive page shows."""
    facts = DirectiveFact.objects.filter(directive=directive).summary()
    up, down = _related(directive, "up"), _related(directive, "down")
    return {
        "short_names": facts.get(FactKind.SHORT_NAME, []),
        "subjects": facts.get(FactKind.SUBJECT, []),
        "signers": facts.get(FactKind.SIGNER, []),
        "issued_unread": facts.get(FactKind.ISSUED_UNREAD, []),
        "up": _grouped(up),
        "down": _grouped(down),
        "graph": _graph(directive, up, down),
        "level": level_label(directive),
    }
