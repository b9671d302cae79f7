"""HTML views at scale: time to write the overview (and the matrix and the map), file size, time until drawn.

The sample graph (from data/corpus) and synthetic graphs 10× (and 100×) its size (copies of the sample
with their own IRIs, in one graph). Writing includes the layout and the overview's search index of
every resource; drawing is measured in headless Chromium (Debian's ``chromium``), offline, from
navigation until the page has drawn once (labels placed), the median of ``--repeat`` opens after one
warm-up of the browser. Ratios are against the 1× figures of the
same run. Targets: the overview draws within 1 s on the sample and 2 s at 10×.

    .venv/bin/python bench/viz.py [--scales 1,10] [--views graph,matrix,map] [--no-browser]
"""

from __future__ import annotations

import argparse
import resource
import statistics
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
from kg.viz.views import map_view, matrix_view, overview  # noqa: E402
from tests.browser import chromium, open_view  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scales", default="1,10")
    ap.add_argument("--views", default="graph,matrix,map")
    ap.add_argument("--repeat", type=int, default=3, help="opens per page; the median is printed")
    ap.add_argument("--no-browser", action="store_true", help="skip the time to first draw")
    args = ap.parse_args()
    sample = to_property_graph(to_graph(extract_paths([ROOT / "data" / "corpus"])))
    out = Path(tempfile.mkdtemp(prefix="kg-bench-viz-"))
    builders = {"graph": overview, "matrix": matrix_view, "map": map_view}
    print(f"{'view':>7} {'scale':>6} {'nodes':>7} {'write s':>8} {'MiB':>6} {'draw s':>7} "
          f"{'× write':>8} {'× size':>7} {'× draw':>7} {'peak RSS':>9}")
    base: dict[str, tuple[float, float, float]] = {}
    with chromium() as browser:
        if not args.no_browser:  # the browser's own start-up is not the page's
            warm = page.write(page.page_data(overview(from_property_graph(sample)), "bench", [], "bench", {}),
                              out / "warm-up.html")
            _draw(browser, warm)
        for scale in (int(s) for s in args.scales.split(",")):
            snap = from_property_graph(scaled(sample, scale))
            for name in args.views.split(","):
                start = time.perf_counter()
                view = builders[name](snap)
                path = page.write(page.page_data(view, "bench", snap.documents, "bench", snap.province_names),
                                  out / f"{name}-{scale}x.html")
                write_s = time.perf_counter() - start
                size = path.stat().st_size / 2**20
                draw_s = float("nan")
                if not args.no_browser:
                    draw_s = statistics.median(_draw(browser, path) for _ in range(args.repeat))
                b = base.setdefault(name, (write_s, size, draw_s))
                rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                print(f"{name:>7} {scale:>5}× {len(view.nodes):>7,} {write_s:>8.2f} {size:>6.2f} {draw_s:>7.2f} "
                      f"{write_s / b[0]:>7.1f}× {size / b[1]:>6.1f}× {draw_s / b[2]:>6.1f}× {rss:>6.0f} MiB",
                      flush=True)
                path.unlink()


def _draw(browser, path: Path) -> float:
    """Seconds from navigation until the page has drawn, in a fresh offline context."""
    opened = open_view(browser, path, timeout_s=1800)
    assert opened.drawn > 0 and not opened.outbound and not opened.console_errors, opened
    opened.page.context.close()
    return opened.seconds_to_draw


if __name__ == "__main__":
    main()
