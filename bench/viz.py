"""HTML views at scale: time to write the whole-graph view, its file size, and time until it has drawn.

The sample graph (from data/corpus) and synthetic graphs 10× and 100× its size (copies of the sample
with their own IRIs, in one graph). Writing includes the layout; drawing is measured in headless
Chromium (Debian's ``chromium``), offline, from navigation until the network has drawn once.
Ratios are against the 1× figures of the same run.

    .venv/bin/python bench/viz.py [--scales 1,10,100] [--no-browser]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

from synthetic import scaled

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.extract.pipeline import extract_paths  # noqa: E402
from kg.load.property_graph import to_property_graph  # noqa: E402
from kg.ontology.mapping import to_graph  # noqa: E402
from kg.viz import page  # noqa: E402
from kg.viz.snapshot import from_property_graph  # noqa: E402
from kg.viz.views import whole_graph  # noqa: E402
from tests.browser import chromium, open_view  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scales", default="1,10,100")
    ap.add_argument("--no-browser", action="store_true", help="skip the time to first draw")
    args = ap.parse_args()
    sample = to_property_graph(to_graph(extract_paths([ROOT / "data" / "corpus"])))
    out = Path(tempfile.mkdtemp(prefix="kg-bench-viz-"))
    print(f"{'scale':>6} {'nodes':>9} {'links':>9} {'write s':>8} {'MiB':>7} {'draw s':>7} "
          f"{'× write':>8} {'× size':>7} {'× draw':>7} {'peak RSS':>9}")
    base: tuple[float, float, float] | None = None
    with chromium() as browser:
        for scale in (int(s) for s in args.scales.split(",")):
            snap = from_property_graph(scaled(sample, scale))
            view = whole_graph(snap)
            start = time.perf_counter()
            path = page.write(page.page_data(view, "bench", snap.documents, "bench", snap.province_names),
                              out / f"graph-{scale}x.html")
            write_s = time.perf_counter() - start
            size = path.stat().st_size / 2**20
            draw_s = float("nan")
            if not args.no_browser:
                opened = open_view(browser, path, timeout_s=1800)
                assert opened.drawn == len(view.nodes) and not opened.outbound, (opened.drawn, opened.outbound)
                draw_s = opened.seconds_to_draw
                opened.page.context.close()
            base = base or (write_s, size, draw_s)
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"{scale:>5}× {len(view.nodes):>9,} {len(view.edges):>9,} {write_s:>8.2f} {size:>7.1f} {draw_s:>7.2f} "
                  f"{write_s / base[0]:>7.1f}× {size / base[1]:>6.1f}× {draw_s / base[2]:>6.1f}× {rss:>6.0f} MiB",
                  flush=True)
            path.unlink()


if __name__ == "__main__":
    main()
