"""Synthetic graphs for the benchmarks: copies of the sample graph, each with its own IRIs."""

from __future__ import annotations

from kg.load.property_graph import PropertyGraph


def copy(pg: PropertyGraph, k: int) -> PropertyGraph:
    """The sample with every IRI suffixed by copy number ``k`` (copy 0 is the sample itself)."""
    if k == 0:
        return pg

    def u(uri: str) -> str:
        return f"{uri}~{k}"

    out = PropertyGraph()
    for uri, (labels, props) in pg.nodes.items():
        out.nodes[u(uri)] = (labels, {**props, "uri": u(uri)})
    out.relationships = [(t, u(s), u(o)) for t, s, o in pg.relationships]
    return out


def scaled(pg: PropertyGraph, scale: int) -> PropertyGraph:
    """``scale`` copies of the sample in one graph."""
    out = PropertyGraph()
    for k in range(scale):
        part = copy(pg, k)
        out.nodes.update(part.nodes)
        out.relationships.extend(part.relationships)
    return out
