"""Rulings of tables cut by a page edge.

A table row that a page break cuts is printed without the ruling that would close it (the
border of a cell fragment is not drawn at the break), so the table finder, which needs four
sides to make a cell, would lose that row. Where vertical rulings end (or start) together and
no horizontal ruling meets them there, the missing ruling is added; the table whose bottom
was closed this way goes on in the first row of the next page.
"""

from __future__ import annotations

from collections import defaultdict

TOL = 1.5  # points (or pixels): how near a ruling must be to meet another


def _edge(x0: float, x1: float, y: float) -> dict:
    return {"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0.0,
            "orientation": "h", "object_type": "line"}


def _joined_verticals(edges: list[dict]) -> list[tuple[float, float, float]]:
    """Vertical rulings as (x, top, bottom), collinear pieces joined (cells draw their sides row by row)."""
    pieces = sorted(((e["x0"], e["top"], e["bottom"]) for e in edges if e["orientation"] == "v"),
                    key=lambda v: (round(v[0] / TOL), v[1]))
    out: list[tuple[float, float, float]] = []
    for x, top, bottom in pieces:
        if out and abs(out[-1][0] - x) <= TOL and top <= out[-1][2] + TOL:
            out[-1] = (out[-1][0], out[-1][1], max(out[-1][2], bottom))
        else:
            out.append((x, top, bottom))
    return [v for v in out if v[2] - v[1] > 2 * TOL]


def closing_edges(edges: list[dict]) -> list[dict]:
    """Horizontal rulings that close the cells whose vertical rulings end with no ruling across."""
    hs = [e for e in edges if e["orientation"] == "h" and e["x1"] - e["x0"] > 4 * TOL]  # not a thin border's end
    ends: dict[float, list[float]] = defaultdict(list)  # where verticals end together: y → their xs
    for y, x in sorted((y, x) for x, top, bottom in _joined_verticals(edges) for y in (top, bottom)):
        near = next((k for k in ends if abs(k - y) <= TOL), None)
        ends[y if near is None else near].append(x)
    closing = []
    for y, xs in ends.items():
        xs = sorted(xs)
        for a, b in zip(xs, xs[1:], strict=False):
            mid = (a + b) / 2
            if b - a > 4 * TOL and not any(abs(h["top"] - y) <= TOL + 0.5 and h["x0"] <= mid <= h["x1"] for h in hs):
                closing.append(_edge(a, b, float(y)))
    return closing


def cut_at(closing: list[dict], box: tuple[float, float, float, float]) -> bool:
    """Whether the bottom of a table at ``box`` is a closing ruling across most of its width."""
    width = box[2] - box[0]
    return sum(e["x1"] - e["x0"] for e in closing if abs(e["top"] - box[3]) <= 2 * TOL) > width / 2
