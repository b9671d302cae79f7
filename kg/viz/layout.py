"""Node positions computed before the page is written, so a view draws at once and stays still.

Each connected component gets a force-directed layout (Fruchterman–Reingold with repulsion only
between nodes closer than a cut-off, found with a k-d tree, as in the original grid variant), so the
cost grows with the number of nodes and edges rather than with its square. Components are then
packed in rows, largest first.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable

import networkx as nx
import numpy as np
from scipy.spatial import cKDTree

SPACING = 90.0  # ideal edge length, in page pixels
ITERATIONS = 80


def positions(nodes: Iterable[Hashable], edges: Iterable[tuple[Hashable, Hashable]],
              seed: int = 7) -> dict[Hashable, tuple[float, float]]:
    """``{node: (x, y)}`` in page pixels; deterministic for a given graph and seed."""
    g = nx.Graph()
    g.add_nodes_from(nodes)
    g.add_edges_from((s, o) for s, o in edges if s != o)
    rng = np.random.default_rng(seed)
    placed: list[tuple[list[Hashable], np.ndarray]] = []
    for component in sorted(nx.connected_components(g), key=lambda c: (-len(c), min(map(str, c)))):
        members = sorted(component, key=str)
        placed.append((members, _component(g.subgraph(members), members, rng)))
    return _pack(placed)


def _component(g: nx.Graph, members: list[Hashable], rng: np.random.Generator) -> np.ndarray:
    n = len(members)
    if n == 1:
        return np.zeros((1, 2))
    index = {m: i for i, m in enumerate(members)}
    edges = np.array([(index[s], index[o]) for s, o in g.edges()], dtype=np.int64).reshape(-1, 2)
    k = 1.0
    side = math.sqrt(n) * k
    pos = rng.uniform(0, side, size=(n, 2))
    step = side / 10
    cooling = (0.01 / 10) ** (1 / ITERATIONS)
    # Hubs repel more (as in ForceAtlas2), so the many leaves of a province or a lead agency spread out.
    mass = np.bincount(edges.ravel(), minlength=n) + 1.0
    cutoff = 3 * k
    for _ in range(ITERATIONS):
        disp = np.zeros((n, 2))
        pairs = cKDTree(pos).query_pairs(cutoff, output_type="ndarray")
        if len(pairs):
            unit, dist = _directions(pos, pairs)
            _accumulate(disp, pairs, unit * (np.sqrt(mass[pairs[:, 0]] * mass[pairs[:, 1]]) * k * k / dist)[:, None])
        if len(edges):
            unit, dist = _directions(pos, edges)
            _accumulate(disp, edges, unit * (-dist * dist / k)[:, None])
        length = np.maximum(np.linalg.norm(disp, axis=1), 1e-9)
        pos += disp / length[:, None] * np.minimum(length, step)[:, None]
        step *= cooling
    pos -= pos.mean(axis=0)
    return pos * SPACING


def _directions(pos: np.ndarray, pairs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unit vectors from the second node of each pair to the first, and the distances."""
    delta = pos[pairs[:, 0]] - pos[pairs[:, 1]]
    dist = np.maximum(np.linalg.norm(delta, axis=1), 0.01)
    return delta / dist[:, None], dist


def _accumulate(disp: np.ndarray, pairs: np.ndarray, push: np.ndarray) -> None:
    """Move the first node of each pair by ``push`` and the second by its opposite."""
    n = len(disp)
    for axis in (0, 1):
        disp[:, axis] += (np.bincount(pairs[:, 0], push[:, axis], minlength=n)
                          - np.bincount(pairs[:, 1], push[:, axis], minlength=n))


def _pack(placed: list[tuple[list[Hashable], np.ndarray]]) -> dict[Hashable, tuple[float, float]]:
    """Components side by side in rows about as wide as the largest one or the square root of the whole."""
    spans = [(p.max(axis=0) - p.min(axis=0)) + 2 * SPACING for _, p in placed]
    total = sum(float(w * h) for w, h in spans)
    width = max([math.sqrt(total)] + [float(s[0]) for s in spans[:1]])
    out: dict[Hashable, tuple[float, float]] = {}
    x = y = row = 0.0
    for (members, pos), (w, h) in zip(placed, spans, strict=True):
        if x and x + w > width:
            x, y, row = 0.0, y + row, 0.0
        origin = np.array([x, y]) - pos.min(axis=0) + SPACING
        for m, (px, py) in zip(members, pos + origin, strict=True):
            out[m] = (round(float(px), 1), round(float(py), 1))
        x += float(w)
        row = max(row, float(h))
    return out
