"""SPARQL answer times: the graph parsed for every query (rdflib, the old way) against the Oxigraph store.

    .venv/bin/python bench/sparql.py [--graph build/graph.ttl] [--runs 3]

Prints, for a count query: rdflib parsing the Turtle and answering (the baseline); the first
``kg sparql`` on a new file (the store is built); later ``kg sparql`` commands (whole processes,
Python start-up included); and an answer from the API with the store open. Ratios are against
the baseline.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

QUERY = "SELECT (COUNT(?p) AS ?n) WHERE { ?p a ipkg:Province }"
ROOT = Path(__file__).resolve().parent.parent


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graph", type=Path, default=ROOT / "build" / "graph.ttl")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not args.graph.exists():
        sys.exit(f"{args.graph}: no such file (make run writes it)")
    home = tempfile.mkdtemp(prefix="kgb-", dir="/tmp")
    env = {**os.environ, "KG_HOME": home}

    def baseline() -> None:
        from rdflib import Graph

        from kg.ontology.namespaces import IPKG, ontology

        g = Graph().parse(args.graph, format="turtle") + ontology()
        list(g.query(QUERY, initNs={"ipkg": IPKG}))

    def command() -> None:
        subprocess.run([sys.executable, "-m", "kg", "sparql", "--graph", str(args.graph), "-c", QUERY],
                       env=env, check=True, capture_output=True)

    rows = [("rdflib: parse the Turtle, then query (baseline)", statistics.median(timed(baseline) for _ in range(args.runs)))]
    rows.append(("kg sparql, first query on the file (store built)", timed(command)))
    rows.append(("kg sparql, later queries (whole process)", statistics.median(timed(command) for _ in range(args.runs))))
    os.environ["KG_HOME"] = home
    from kg.ontology.sparql import select

    rows.append(("API: a query on the built store", statistics.median(
        timed(lambda: select(args.graph, QUERY, "bench")) for _ in range(args.runs))))
    base = rows[0][1]
    print(f"graph: {args.graph} ({args.graph.stat().st_size / 1e6:.1f} MB); query: {QUERY}")
    print(f"{'':52} {'seconds':>8} {'vs baseline':>12}")
    for label, seconds in rows:
        print(f"{label:52} {seconds:8.3f} {base / seconds:11.1f}×")


if __name__ == "__main__":
    main()
