"""A co-mention network (archive/network.py) as files Gephi opens: GraphML with the nodes'
names, kinds and pages, and a CSV edge table (UTF-8 with a BOM, so Excel reads Vietnamese)."""

import csv
import io
from xml.etree import ElementTree as ET

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
# (id, for, attr.name, attr.type): Gephi shows "label" as the node's name.
KEYS = (
    ("label", "node", "label", "string"),
    ("kind", "node", "kind", "string"),
    ("url", "node", "url", "string"),
    ("articles", "node", "articles", "int"),
    ("weight", "edge", "weight", "double"),
)
# A spreadsheet runs a cell starting with these as a formula (CSV injection).
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def graphml(network, absolute):
    """GraphML bytes; absolute(url) makes each node's page address absolute."""
    ET.register_namespace("", GRAPHML_NS)
    root = ET.Element(f"{{{GRAPHML_NS}}}graphml")
    for ident, scope, name, kind in KEYS:
        ET.SubElement(
            root,
            f"{{{GRAPHML_NS}}}key",
            {"id": ident, "for": scope, "attr.name": name, "attr.type": kind},
        )
    graph = ET.SubElement(
        root,
        f"{{{GRAPHML_NS}}}graph",
        {"id": network.centre.ident, "edgedefault": "undirected"},
    )
    for node in network.nodes:
        element = ET.SubElement(graph, f"{{{GRAPHML_NS}}}node", {"id": node.ident})
        values = {
            "label": str(node.entity),
            "kind": node.kind.name,
            "url": absolute(node.entity.get_absolute_url()),
            "articles": str(node.articles),
        }
        for key, value in values.items():
            ET.SubElement(element, f"{{{GRAPHML_NS}}}data", {"key": key}).text = value
    for n, (i, j, weight) in enumerate(network.edges):
        edge = ET.SubElement(
            graph,
            f"{{{GRAPHML_NS}}}edge",
            {"id": f"e{n}", "source": network.nodes[i].ident, "target": network.nodes[j].ident},
        )
        ET.SubElement(edge, f"{{{GRAPHML_NS}}}data", {"key": "weight"}).text = str(weight)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _cell(value):
    text = str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def edges_csv(network):
    """The edge table Gephi's spreadsheet import reads (Source, Target, Type, Weight), with
    the names and kinds beside the ids."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["Source", "Target", "Type", "Weight", "Source label", "Target label",
         "Source kind", "Target kind"]
    )  # fmt: skip
    for i, j, weight in network.edges:
        a, b = network.nodes[i], network.nodes[j]
        writer.writerow(
            [_cell(v) for v in (a.ident, b.ident, "Undirected", weight, a.entity, b.entity,
                                a.kind.name, b.kind.name)]
        )  # fmt: skip
    return ("\ufeff" + out.getvalue()).encode("utf-8")
