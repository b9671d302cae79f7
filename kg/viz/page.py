"""One self-contained HTML file per view: the project's template with every script and style inlined.

Network views are drawn by vis-network (the copy the ``pyvis`` package ships); the overview (a diagram), the
matrix and the map are drawn by the page's own script as SVG and HTML, so their pages load no library. The
page's script, style and the provinces' outlines come from ``kg/viz/assets``. The graph is embedded as JSON in
a non-executed script element with ``<``, ``>`` and ``&`` escaped, and the page's Content-Security-Policy
allows no request at all and runs only the scripts whose hashes it lists.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import html
import json
import math
import re
from collections import Counter
from functools import cache
from importlib.resources import files
from importlib.util import find_spec
from pathlib import Path

from kg.errors import KgError
from kg.viz.layout import positions
from kg.viz.views import View

ASSETS = files("kg.viz") / "assets"


@cache
def vis_network() -> str:
    """The newest vis-network build shipped inside the installed pyvis package (found, not imported:
    importing pyvis loads Jupyter's display machinery)."""
    spec = find_spec("pyvis")
    if spec is None or spec.origin is None:
        raise KgError("the pyvis package is not installed; reinstall ipgov-kg")
    lib = Path(spec.origin).parent / "lib"
    builds = sorted(lib.glob("vis-*/vis-network.min.js"),
                    key=lambda p: tuple(int(x) for x in re.findall(r"\d+", p.parent.name)))
    if not builds:
        raise KgError(f"vis-network is missing from the pyvis package ({lib}); reinstall pyvis")
    return builds[-1].read_text(encoding="utf-8")


def _asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def _script_text(js: str, name: str) -> str:
    if re.search(r"</script|<!--", js, re.IGNORECASE):
        raise KgError(f"{name} cannot be inlined: it contains a script end tag or comment opener")
    return js


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def page_data(view: View, source: str, documents: list[str], generated: str,
              province_names: dict[str, str]) -> dict:
    """What the page script reads: nodes (a node's id is its index) with, for a network, positions, sizes and
    label priorities, edges as ``[from, to, type index, weight]``; the legend, the view's own data and the
    provenance."""
    ids = list(view.nodes)
    index = {node_id: i for i, node_id in enumerate(ids)}
    provinces = sorted({p for n in view.nodes.values() for p in n["provinces"]})
    province_index = {p: i for i, p in enumerate(provinces)}
    types = sorted({e["type"] for e in view.edges})
    nodes = [{**view.nodes[node_id], "provinces": [province_index[p] for p in view.nodes[node_id]["provinces"]]}
             for node_id in ids]
    data = {
        "view": view.name, "kind": view.kind, "title": view.title, "description": view.description,
        "source": source, "generated": generated, "documents": documents, "directed": view.directed,
        "legend": view.legend, "provinces": [[p, province_names.get(p, p)] for p in provinces],
        "edgeTypes": types, "nodes": nodes,
        "edges": [[index[e["from"]], index[e["to"]], types.index(e["type"]), e["weight"]] for e in view.edges],
        **view.extra,
    }
    if view.kind in ("network", "diagram"):
        _place(view, nodes, index)
    if view.kind == "map":
        data["geometry"] = geometry()
    return data


def _place(view: View, nodes: list[dict], index: dict[str, int]) -> None:
    """Positions (the view's own layout, or force-directed), a size growing with the node's weight or degree,
    and ``rank``: the order in which labels claim room (hubs first)."""
    pos = view.positions
    if pos is None:
        by_index = positions(range(len(index)), [(index[e["from"]], index[e["to"]]) for e in view.edges])
        pos = {node_id: by_index[i] for node_id, i in index.items()}
    degree: Counter[int] = Counter()
    for e in view.edges:
        degree[index[e["from"]]] += 1
        degree[index[e["to"]]] += 1
    weights = [n.get("weight", degree[i]) for i, n in enumerate(nodes)]
    order = sorted(range(len(nodes)), key=lambda i: (-weights[i], nodes[i]["cls"] == "Measurement", i))
    rank = {i: r for r, i in enumerate(order)}
    for i, (node_id, node) in enumerate(zip(view.nodes, nodes, strict=True)):
        x, y = pos[node_id]
        node.update(x=x, y=y, rank=rank[i], size=round(min(40.0, 6 + 2.2 * math.sqrt(weights[i])), 1))


@cache
def geometry() -> dict:
    """The provinces' outlines (SVG path data by GB/T 2260 code), see ``assets/LICENSES.md``."""
    return json.loads(_asset("china-provinces.json"))


def pack(data: dict) -> str:
    """The page data as gzip-compressed JSON in base64: small enough to e-mail, and inert in HTML."""
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")
    return base64.b64encode(gzip.compress(raw, compresslevel=6, mtime=0)).decode("ascii")


def _block(page_html: str, name: str) -> str | None:
    found = re.search(rf'<script type="application/octet-stream" id="{name}"[^>]*>([^<]*)</script>', page_html)
    return found.group(1).strip() if found else None


def unpack(page_html: str) -> dict:
    """The data embedded in a page written by ``render``, with its search index (for checks and benchmarks)."""
    packed = _block(page_html, "kg-data")
    if not packed:
        raise KgError("not an ipgov-kg view: no embedded graph data")
    data = json.loads(gzip.decompress(base64.b64decode(packed)))
    if index := _block(page_html, "kg-index"):
        data["index"] = json.loads(gzip.decompress(base64.b64decode(index)))
    return data


@cache
def _static_parts(kind: str) -> dict[str, str]:
    """The parts every page of a kind shares: the inlined scripts (vis-network for networks only), the style and
    the policy naming the scripts' hashes."""
    scripts = [_script_text(vis_network(), "vis-network")] if kind == "network" else []
    scripts.append(_script_text(_asset("view.js"), "view.js"))
    csp = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
           f"script-src {' '.join(_sha256(s) for s in scripts)}; base-uri 'none'; form-action 'none'")
    return {"csp": csp, "style": _asset("view.css"), "scripts": "\n".join(f"<script>{s}</script>" for s in scripts)}


def fill(template: str, parts: dict[str, str]) -> str:
    """An asset template with each ``{{name}}`` replaced once (inserted text is not scanned again)."""
    return re.sub(r"\{\{(\w+)\}\}", lambda m: parts[m.group(1)], _asset(template))


def render(data: dict) -> str:
    """The complete page for ``page_data``. The overview's search index is a block of its own, which the page
    reads after drawing."""
    own = {k: v for k, v in data.items() if k != "index"}
    index = pack(data["index"]) if "index" in data else ""
    return fill("view.html", {**_static_parts(data["kind"]), "title": html.escape(data["title"]), "data": pack(own),
                              "index": index})


def write(data: dict, out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(data), encoding="utf-8")
    return out
