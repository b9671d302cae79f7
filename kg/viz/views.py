"""HTML views read from the graph store: the whole graph and one view per province.

Positions are computed in Python (networkx) so the page draws at once and stays still.
All document text is escaped before it reaches the page.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
from pyvis.network import Network

from kg.load import statements
from kg.load.store import GraphStore

CLASS_COLOURS = {
    "Province": "#d62728", "City": "#ff9896", "Agency": "#1f77b4", "ProtectionCentre": "#2ca02c",
    "RapidProtectionCentre": "#98df8a", "Programme": "#9467bd", "WorkItem": "#ff7f0e", "Case": "#8c564b",
    "PolicyDocument": "#7f7f7f", "Document": "#17becf",
}
SHOWN = tuple(CLASS_COLOURS)


@dataclass
class Snapshot:
    """The graph as read from the store, without the evidence nodes."""

    nodes: dict[str, dict] = field(default_factory=dict)
    edges: list[tuple[str, str, str]] = field(default_factory=list)
    quotes: dict[str, tuple[str, str]] = field(default_factory=dict)


def snapshot(store: GraphStore) -> Snapshot:
    snap = Snapshot()
    rows = store.query(statements.VIEW_NODES).rows
    for uri, labels, name, name_en in rows:
        cls = next((c for c in SHOWN if c in labels), None)
        if cls:
            snap.nodes[uri] = {"cls": cls, "name": name or uri, "nameEn": name_en}
    for t, s, o in store.query(statements.VIEW_EDGES).rows:
        if s in snap.nodes and o in snap.nodes:
            snap.edges.append((t, s, o))
    for uri, quote, doc in store.query(statements.VIEW_QUOTES).rows:
        snap.quotes.setdefault(uri, (quote, doc))
    return snap


def whole(snap: Snapshot) -> set[str]:
    return set(snap.nodes)


def province_view(snap: Snapshot, province_uri: str) -> set[str]:
    """A province, its work items with their agencies and programmes, its cities, centres and cases."""
    keep = {province_uri}
    for t, s, o in snap.edges:
        if o == province_uri and t in ("PLANNED_BY", "CONTRIBUTED_BY", "LOCATED_IN", "JURISDICTION"):
            keep.add(s)
    for t, s, o in snap.edges:
        if s in keep and snap.nodes[s]["cls"] in ("WorkItem", "Case") and t in (
                "LEAD_AGENCY", "SUPPORT_AGENCY", "IMPLEMENTS"):
            keep.add(o)
        if t == "LOCATED_IN" and o in keep and snap.nodes[o]["cls"] == "City":
            keep.add(s)
    return keep


def render(snap: Snapshot, keep: set[str], title: str, source: str, out: Path) -> Path:
    """Write one view; returns its path."""
    g = nx.Graph()
    g.add_nodes_from(keep)
    edges = [(t, s, o) for t, s, o in snap.edges if s in keep and o in keep]
    g.add_edges_from((s, o) for _, s, o in edges)
    pos = nx.spring_layout(g, seed=7, k=1.5 / max(1, len(keep)) ** 0.5, iterations=60) if keep else {}
    net = Network(height="900px", width="100%", directed=True, cdn_resources="in_line", heading="")
    net.toggle_physics(False)
    degree = dict(g.degree())
    for uri in sorted(keep):
        node = snap.nodes[uri]
        quote, doc = snap.quotes.get(uri, ("", ""))
        tip = f"{node['cls']}: {node['name']}" + (f"\n{node['nameEn']}" if node.get("nameEn") else "")
        if quote:
            tip += f"\n《{doc}》\n{' '.join(quote.split())[:300]}"
        x, y = pos.get(uri, (0.0, 0.0))
        net.add_node(uri, label=html.escape(node["name"][:24]), title=html.escape(tip),
                     color=CLASS_COLOURS[node["cls"]], x=float(x) * 1000, y=float(y) * 1000,
                     size=8 + min(30, degree.get(uri, 0)), group=node["cls"])
    for t, s, o in edges:
        net.add_edge(s, o, title=t, arrows="to", color="#bbbbbb")
    page = net.generate_html()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page.replace("<body>", "<body>" + _header(snap, keep, title, source), 1), encoding="utf-8")
    return out


def _header(snap: Snapshot, keep: set[str], title: str, source: str) -> str:
    counts: dict[str, int] = {}
    for uri in keep:
        counts[snap.nodes[uri]["cls"]] = counts.get(snap.nodes[uri]["cls"], 0) + 1
    legend = "".join(
        f'<span class="kg-legend-item"><span style="display:inline-block;width:12px;height:12px;'
        f'background:{colour};margin:0 4px"></span>{html.escape(cls)} ({counts.get(cls, 0)})</span> '
        for cls, colour in CLASS_COLOURS.items() if counts.get(cls))
    today = dt.date.today().isoformat()
    return (f'<div id="kg-header" style="font-family:sans-serif;padding:6px"><h2 id="kg-title">{html.escape(title)}</h2>'
            f'<div id="kg-legend">{legend}</div><div id="kg-source" style="color:#666">'
            f'{html.escape(source)} · {today}</div></div>')


def province_uris(snap: Snapshot) -> list[tuple[str, str]]:
    return sorted((uri, n["name"]) for uri, n in snap.nodes.items() if n["cls"] == "Province")


def write_views(store: GraphStore, outdir: Path, source: str,
                only: str | None = None, progress: Callable[[], None] | None = None) -> list[Path]:
    """Write the whole-graph view and one per province (or just ``only``: ``graph`` or a province)."""
    snap = snapshot(store)
    written: list[Path] = []
    if only in (None, "graph"):
        written.append(render(snap, whole(snap), "ipgov-kg: whole graph", source, outdir / "graph.html"))
    for uri, name in province_uris(snap):
        code = uri.rsplit("/", 1)[-1]
        if only not in (None, f"province:{code}", f"province:{name}"):
            continue
        written.append(render(snap, province_view(snap, uri), f"{name}", source, outdir / f"province-{code}.html"))
        if progress:
            progress()
    return written
