"""Loading into the embedded server: batched UNWIND statements vs one statement per row.

The sample graph (from data/corpus) and synthetic graphs 10× and 100× its size: copies of the
sample with their own IRIs, written copy after copy into one staging graph (one load, so the
benchmark holds one copy at a time); the time includes the swap that makes the load visible.
One-statement-per-row is timed on a slice of each scale's rows (it is too slow to run on all),
into the same, already-filled graph. Then the whole graph is read back (as ``kg viz``, ``kg export
--from-db`` and the Python API read it). Prints nodes/s, relationships/s, the batched/per-row ratio
and the seconds of the read back, with its seconds per 1× against 1× (1.00 means linear).

    .venv/bin/python bench/load.py [--scales 1,10,100] [--batch-size 5000] [--per-row 2000]
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from synthetic import copy

from kg.extract.pipeline import extract_paths
from kg.load import BATCH_SIZE
from kg.load.export import read_property_graph
from kg.load.loader import create_statement, relationship_statement, write_graph
from kg.load.property_graph import PropertyGraph, to_property_graph
from kg.load.store import FalkorStore
from kg.ontology.mapping import to_graph

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"


def per_row(store: FalkorStore, pg: PropertyGraph, rows: int, tag: int) -> tuple[float, float]:
    """Seconds for ``rows`` nodes and ``rows`` relationships, one statement each (fresh IRIs)."""
    sample = copy(pg, tag)
    nodes = list(sample.nodes.items())[:rows]
    start = time.perf_counter()
    for uri, (labels, props) in nodes:
        store.write(create_statement(labels), {"rows": [{"uri": uri, "props": props}]})
    node_s = time.perf_counter() - start
    rels = sample.relationships[:rows]
    start = time.perf_counter()
    for t, s, o in rels:
        store.write(relationship_statement(t), {"rows": [[s, o]]})
    return node_s, time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scales", default="1,10,100")
    ap.add_argument("--batch-size", type=int, default=BATCH_SIZE)
    ap.add_argument("--per-row", type=int, default=2000, help="rows timed one statement each")
    args = ap.parse_args()
    sample = to_property_graph(to_graph(extract_paths([CORPUS])))
    store = FalkorStore(graph="bench-load")
    print(f"sample: {len(sample.nodes):,} nodes, {len(sample.relationships):,} relationships; "
          f"batch size {args.batch_size}; per-row timed on {args.per_row:,} of each")
    print(f"{'scale':>6} {'nodes':>10} {'rels':>10} {'batched n/s':>12} {'batched r/s':>12} "
          f"{'per-row n/s':>12} {'per-row r/s':>12} {'ratio n':>8} {'ratio r':>8} {'read s':>7} {'vs 1×':>6} "
          f"{'peak RSS':>9}")
    read_base: float | None = None
    try:
        for scale in (int(s) for s in args.scales.split(",")):
            node_s = rel_s = 0.0
            start = time.perf_counter()
            with store.loading(replace=True) as target:
                target.ensure_schema()
                for k in range(scale):
                    part = copy(sample, k)
                    begin = time.perf_counter()
                    write_graph(target, PropertyGraph(part.nodes, []), args.batch_size, fresh=True)
                    node_s += time.perf_counter() - begin
                    write_graph(target, PropertyGraph({}, part.relationships), args.batch_size, fresh=True)
                rel_s = time.perf_counter() - start - node_s
            n, r = len(sample.nodes) * scale, len(sample.relationships) * scale
            with store.loading(replace=False) as target:
                row_n, row_r = per_row(target, sample, args.per_row, 10_000 + scale)
            begin = time.perf_counter()
            read_property_graph(store)
            read_s = time.perf_counter() - begin
            read_base = read_base or read_s / scale
            bn, br = n / node_s, r / rel_s
            pn, pr = args.per_row / row_n, args.per_row / row_r
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"{scale:>5}× {n:>10,} {r:>10,} {bn:>12,.0f} {br:>12,.0f} {pn:>12,.0f} {pr:>12,.0f} "
                  f"{bn / pn:>7.1f}× {br / pr:>7.1f}× {read_s:>7.1f} {read_s / scale / read_base:>5.2f}× {rss:>6.0f} MiB",
                  flush=True)
    finally:
        store.clear()
        store.close()


if __name__ == "__main__":
    main()
