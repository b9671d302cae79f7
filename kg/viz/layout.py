"""Node positions computed before the page is written, so a view draws at once and stays still.

Each connected component gets a force-directed layout (Fruchterman–Reingold with repulsion only
between nodes closer than a cut-off, found through a grid of cells as wide as the cut-off, as in the
original grid variant), so the cost grows with the number of nodes and edges rather than with its square. Components are then
packed in rows, largest first.

Repulsion cut off at a distance lets a large component contract: nothing pushes its outer nodes away from
the far side, and a hub pulls in its many leaves until they crowd. The component would grow denser with
its size, and the close pairs, which are the cost, faster than its nodes. So a component larger than
``BRUTE_FORCE`` nodes also gets the repulsion of the whole: each node is pushed from the centre by the
nodes nearer the centre than itself, as the field of the 1/d repulsion would push it if the component
were round (Gauss's law in the plane); and the edges of a node with more than ``HUB`` neighbours pull in
proportion to ``HUB`` over its degree, so that a hub's leaves spread however many there are. Its density
then does not grow with its size, nor the cost faster than it.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable

import networkx as nx
import numpy as np

SPACING = 90.0  # ideal edge length, in page pixels
ITERATIONS = 80


def positions(nodes: Iterable[Hashable], edges: Iterable[tuple[Hashable, Hashable]],
              seed: int = 7) -> dict[Hashable, tuple[float, float]]:
    """``{node: (x, y)}`` in page pixels; deterministic for a given graph and seed.

    Components of up to ``BRUTE_FORCE`` nodes are laid out together in one simulation in which no
    force crosses from one component to another (each ends where it would alone, at a fraction of
    the cost); larger ones one by one."""
    g = nx.Graph()
    g.add_nodes_from(nodes)
    g.add_edges_from((s, o) for s, o in edges if s != o)
    components = [sorted(c, key=str) for c in sorted(nx.connected_components(g), key=lambda c: (-len(c), min(map(str, c))))]
    return _pack(list(zip(components, _laid_out(g, components, np.random.default_rng(seed)), strict=True)))


def _laid_out(g: nx.Graph, groups: list[list[Hashable]], rng: np.random.Generator) -> list[np.ndarray]:
    """Each group's positions, laid out on the edges among its members (centred, in page pixels)."""
    starts = [_start(g.subgraph(members), members, rng) for members in groups]
    laid: list[np.ndarray] = [np.zeros((1, 2))] * len(groups)
    small = [i for i, start in enumerate(starts) if start is not None and len(start[0]) <= BRUTE_FORCE]
    for i, start in enumerate(starts):
        if start is not None and i not in small:
            laid[i] = _centred(_simulate(*start, lambda pos: close_pairs(pos, CUTOFF), whole=True))
    if small:
        offsets = np.cumsum([0] + [len(starts[i][0]) for i in small])  # type: ignore[index]
        pos = np.concatenate([starts[i][0] for i in small])  # type: ignore[index]
        links = np.concatenate([starts[i][1] + off for i, off in zip(small, offsets, strict=False)])  # type: ignore[index]
        step = np.concatenate([np.full(len(starts[i][0]), starts[i][2]) for i in small])  # type: ignore[index]
        within = np.concatenate([np.stack(np.triu_indices(b - a, 1), axis=1) + a
                                 for a, b in zip(offsets, offsets[1:], strict=False)])
        together = _simulate(pos, links, step, lambda pos: _close(pos, within, CUTOFF))
        for i, a, b in zip(small, offsets, offsets[1:], strict=False):
            laid[i] = _centred(together[a:b])
    return laid


K = 1.0  # the ideal distance of the simulation, scaled to ``SPACING`` at the end
CUTOFF = 3 * K  # nodes further apart do not repel each other (but see ``_from_the_centre``)
HUB = 16  # in a large component, the edges of a node with more neighbours pull less


def _start(g: nx.Graph, members: list[Hashable], rng: np.random.Generator):
    """A component's random start (positions, edges as index pairs, first step), None for a single node."""
    n = len(members)
    if n == 1:
        return None
    index = {m: i for i, m in enumerate(members)}
    edges = np.array([(index[s], index[o]) for s, o in g.edges()], dtype=np.int64).reshape(-1, 2)
    side = math.sqrt(n) * K
    return rng.uniform(0, side, size=(n, 2)), edges, side / 10


def _simulate(pos: np.ndarray, edges: np.ndarray, step, close, whole: bool = False) -> np.ndarray:
    """Move the nodes ``ITERATIONS`` times by the forces of the pairs ``close(pos)`` gives and of the edges,
    each node by at most its ``step``, which cools; ``whole``: the nodes are one large component, which also
    gets the repulsion of the whole and hubs that pull less (see the module's description)."""
    n = len(pos)
    cooling = (0.01 / 10) ** (1 / ITERATIONS)
    # Hubs repel more (as in ForceAtlas2), so the many leaves of a province or a lead agency spread out.
    degree = np.bincount(edges.ravel(), minlength=n)
    mass = degree + 1.0
    pull = np.ones(len(edges))
    if whole and len(edges):
        pull = HUB / np.maximum(HUB, np.maximum(degree[edges[:, 0]], degree[edges[:, 1]]))
    for _ in range(ITERATIONS):
        disp = np.zeros((n, 2))
        pairs = close(pos)
        if len(pairs):
            unit, dist = _directions(pos, pairs)
            _accumulate(disp, pairs, unit * (np.sqrt(mass[pairs[:, 0]] * mass[pairs[:, 1]]) * K * K / dist)[:, None])
        if len(edges):
            unit, dist = _directions(pos, edges)
            _accumulate(disp, edges, unit * (-dist * dist / K * pull)[:, None])
        if whole:
            disp += _from_the_centre(pos, np.sqrt(mass))
        length = np.maximum(np.linalg.norm(disp, axis=1), 1e-9)
        pos += disp / length[:, None] * np.minimum(length, step)[:, None]
        step = step * cooling
    return pos


def _from_the_centre(pos: np.ndarray, charge: np.ndarray) -> np.ndarray:
    """The repulsion (``charge`` · ``charge`` · K² / d, as between close pairs) each node gets from the nodes nearer
    the centre than itself, were they spread evenly around it: their charge over its distance, outwards."""
    centre = (pos * charge[:, None]).sum(axis=0) / charge.sum()
    off = pos - centre
    r = np.maximum(np.hypot(off[:, 0], off[:, 1]), 0.01)
    order = np.argsort(r, kind="stable")
    inner = np.empty(len(pos))
    inner[order] = np.cumsum(charge[order]) - charge[order]
    return off / r[:, None] * (charge * inner * K * K / r)[:, None]


def _centred(pos: np.ndarray) -> np.ndarray:
    return (pos - pos.mean(axis=0)) * SPACING


_HALF_NEIGHBOURHOOD = ((0, 0), (0, 1), (1, -1), (1, 0), (1, 1))
BRUTE_FORCE = 96  # up to this many points, every pair is measured


def close_pairs(pos: np.ndarray, cutoff: float) -> np.ndarray:
    """The pairs ``[i, j]`` of points at most ``cutoff`` apart, each pair once.

    Points are sorted by grid cell (cells ``cutoff`` wide); a point's close points lie in its own cell
    or one of the 8 around it, and each pair of cells is looked at once (the cell itself and the 4 that
    follow it), each cell's points found by binary search in the sorted cells. A few points are all
    compared with each other."""
    few = len(pos) <= BRUTE_FORCE
    return _close(pos, np.stack(np.triu_indices(len(pos), 1), axis=1) if few else _grid_pairs(pos, cutoff), cutoff)


def _close(pos: np.ndarray, pairs: np.ndarray, cutoff: float) -> np.ndarray:
    """Those of ``pairs`` at most ``cutoff`` apart."""
    delta = pos[pairs[:, 0]] - pos[pairs[:, 1]]
    return pairs[np.einsum("ij,ij->i", delta, delta) <= cutoff * cutoff]


def _grid_pairs(pos: np.ndarray, cutoff: float) -> np.ndarray:
    """Every pair of points in the same or neighbouring cells, once."""
    cell = np.floor(pos / cutoff).astype(np.int64)
    cell -= cell.min(axis=0) - 1  # every neighbour cell of a point non-negative
    width = int(cell[:, 1].max()) + 2
    key = cell[:, 0] * width + cell[:, 1]
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    rank = np.arange(len(pos))
    found = []
    for dx, dy in _HALF_NEIGHBOURHOOD:
        target = sorted_key + (dx * width + dy)  # sorted, as the keys are
        lo = np.searchsorted(sorted_key, target, side="left")
        counts = np.searchsorted(sorted_key, target, side="right") - lo
        first = np.repeat(rank, counts)
        second = np.repeat(lo - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
        if dx == dy == 0:
            keep = first < second
            first, second = first[keep], second[keep]
        found.append(np.stack([order[first], order[second]], axis=1))
    return np.concatenate(found)


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


def _pack(placed: list[tuple[list[Hashable], np.ndarray]], aspect: float = 1.0) -> dict[Hashable, tuple[float, float]]:
    """Components side by side in rows about as wide as the largest one or as ``aspect`` asks of the whole."""
    spans = [(p.max(axis=0) - p.min(axis=0)) + 2 * SPACING for _, p in placed]
    total = sum(float(w * h) for w, h in spans)
    width = max([math.sqrt(total * aspect)] + [float(s[0]) for s in spans[:1]])
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


ROW = 30.0  # vertical distance between two labelled nodes of a column, in page pixels
COLUMN = 360.0  # distance between the columns of a layered layout


def layered(column: dict[Hashable, int], anchor: int, order: list[Hashable],
            edges: Iterable[tuple[Hashable, Hashable]]) -> dict[Hashable, tuple[float, float]]:
    """Columns left to right (``column[node]``). The ``anchor`` column is stacked in ``order``; every other
    column, nearest the anchor first, puts each node at the mean height of its neighbours already placed,
    then pushes nodes apart to one ``ROW`` at least. Nodes with no placed neighbour follow the others (or start
    the column at the top)."""
    rank = {n: i for i, n in enumerate(order)}
    links: dict[Hashable, list[Hashable]] = {n: [] for n in column}
    for s, o in edges:
        if s in links and o in links:
            links[s].append(o)
            links[o].append(s)
    y: dict[Hashable, float] = {}
    for i, n in enumerate(sorted((n for n in column if column[n] == anchor), key=rank.__getitem__)):
        y[n] = i * ROW
    for level in sorted(set(column.values()) - {anchor}, key=lambda c: (abs(c - anchor), c)):
        wanted = []
        for n in sorted((n for n in column if column[n] == level), key=rank.__getitem__):
            placed = [y[m] for m in links[n] if m in y]
            wanted.append((sum(placed) / len(placed) if placed else math.inf, rank[n], n))
        wanted.sort()
        floor = -math.inf
        for target, _, n in wanted:
            y[n] = max(target, floor + ROW) if target != math.inf else (floor + ROW if floor > -math.inf else 0.0)
            floor = y[n]
    # Columns far enough apart for the drawing to be about as wide as a screen when fitted to it.
    height = max(y.values(), default=0.0) - min(y.values(), default=0.0)
    step = max(COLUMN, 1.5 * height / max(max(column.values()) - min(column.values()), 1))
    return {n: (round(column[n] * step, 1), round(y[n], 1)) for n in column}


def radial(centre: Hashable, ring: dict[Hashable, int], sector: dict[Hashable, Hashable],
           order: list[Hashable]) -> dict[Hashable, tuple[float, float]]:
    """``centre`` in the middle, ring 1, 2, 3… around it. Each ring-1 node owns a sector, as wide as the most
    crowded of its rings needs; a node of an outer ring sits in the sector it belongs to (``sector[node]``), in
    ``order``. A ring's radius leaves one ``ROW`` of arc between neighbours."""
    rank = {n: i for i, n in enumerate(order)}
    heads = sorted((n for n in ring if ring[n] == 1), key=rank.__getitem__)
    rings = sorted({r for r in ring.values() if r > 0})
    members: dict[tuple[Hashable, int], list[Hashable]] = {}
    loose = [n for n in ring if n != centre and n not in sector and ring[n] > 0]
    for n in sorted(ring, key=rank.__getitem__):
        if n != centre and n in sector:
            members.setdefault((sector[n], ring[n]), []).append(n)
    if loose:
        heads.append(None)
        for n in sorted(loose, key=rank.__getitem__):
            members.setdefault((None, ring[n]), []).append(n)
    width = {h: max(len(members.get((h, r), ())) for r in rings) or 1 for h in heads}
    total = sum(width.values()) or 1
    out = {centre: (0.0, 0.0)}
    radius = 0.0
    for r in rings:
        radius = max(radius + 3 * ROW, total * ROW / (2 * math.pi) * (1 + 0.25 * (r - 1)), 4 * ROW * r)
        start = 0.0
        for h in heads:
            share = 2 * math.pi * width[h] / total
            nodes = members.get((h, r), [])
            for i, n in enumerate(nodes):
                angle = start + share * (i + 0.5) / len(nodes) - math.pi / 2
                out[n] = (round(radius * math.cos(angle), 1), round(radius * math.sin(angle), 1))
            start += share
    return out


def rings(outer: list[Hashable], inner: list[Hashable],
          edges: Iterable[tuple[Hashable, Hashable, float]]) -> dict[Hashable, tuple[float, float]]:
    """``outer`` evenly round a circle in their order; ``inner`` on a smaller circle, ordered by the weighted
    mean direction of the outer nodes they link to, so lines stay short."""
    r_out = max(8 * ROW, len(outer) * 1.6 * ROW / (2 * math.pi))
    r_in = max(0.55 * r_out, len(inner) * 1.6 * ROW / (2 * math.pi))
    angle = {n: 2 * math.pi * i / max(len(outer), 1) - math.pi / 2 for i, n in enumerate(outer)}
    pull: dict[Hashable, list[float]] = {n: [0.0, 0.0] for n in inner}
    for s, o, w in edges:
        a, b = (s, o) if s in angle else (o, s)
        if a in angle and b in pull:
            pull[b][0] += w * math.cos(angle[a])
            pull[b][1] += w * math.sin(angle[a])
    ordered = sorted(inner, key=lambda n: (math.atan2(pull[n][1], pull[n][0]) % (2 * math.pi), str(n)))
    out = {n: (round(r_out * math.cos(a), 1), round(r_out * math.sin(a), 1)) for n, a in angle.items()}
    if ordered:
        first = math.atan2(pull[ordered[0]][1], pull[ordered[0]][0])
        for i, n in enumerate(ordered):
            a = first + 2 * math.pi * i / len(ordered)
            out[n] = (round(r_in * math.cos(a), 1), round(r_in * math.sin(a), 1))
    return out


def communities(nodes: list[Hashable], edges: Iterable[tuple[Hashable, Hashable, float]],
                seed: int = 7) -> list[list[Hashable]]:
    """Louvain communities (networkx, fixed seed), largest first, each sorted."""
    g = nx.Graph()
    g.add_nodes_from(nodes)
    g.add_weighted_edges_from(edges)
    found = nx.community.louvain_communities(g, weight="weight", seed=seed)
    return sorted((sorted(c, key=str) for c in found), key=lambda c: (-len(c), str(c[0])))


def clustered(groups: list[list[Hashable]], edges: Iterable[tuple[Hashable, Hashable]],
              seed: int = 7) -> dict[Hashable, tuple[float, float]]:
    """Each group laid out on its own (force-directed, on the edges inside it) and the groups packed in rows."""
    where = {n: i for i, g in enumerate(groups) for n in g}
    inside = [(s, o) for s, o in edges if where.get(s) == where.get(o)]
    g = nx.Graph()
    g.add_edges_from(inside)
    laid = _laid_out(g, groups, np.random.default_rng(seed))
    return _pack([(members, pos * 1.3) for members, pos in zip(groups, laid, strict=True)], aspect=1.6)
