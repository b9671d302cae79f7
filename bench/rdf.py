"""Writing RDF: the streaming writers (terms printed as they come) against rdflib (a Graph or Dataset built,
then serialized), on the sample corpus and on ×N copies of it (each copy its own documents' graphs).

Prints triples/s of each path (wall clock, and process CPU time: the machine may be shared) and the ratio
streaming/rdflib from the model, measured in the same run; the writers alone are timed from ready quads too.

    .venv/bin/python bench/rdf.py [--scales 1,10] [--rdflib-scale 1]
"""

from __future__ import annotations

import argparse
import io
import time
from pathlib import Path

from kg.extract.pipeline import extract_paths
from kg.model import Model
from kg.ontology.mapping import document_graph, triples
from kg.ontology.terms import dataset_of, graph_of
from kg.ontology.turtle import write_nquads, write_trig, write_turtle_triples

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"


def per_document(model: Model) -> dict[str, Model]:
    """The corpus model split by the document each resource's evidence comes from (its first source)."""
    out: dict[str, Model] = {}
    for res in model.resources.values():
        doc = min(res.sources) if res.sources else "shared"
        out.setdefault(doc, Model()).resources[res.key] = res
    return out


def quads(parts: dict[str, Model], scale: int):
    for k in range(scale):
        base = f"https://w3id.org/ipgov-kg/id/copy{k}/"
        for doc, model in parts.items():
            graph = document_graph(doc, base)
            for s, p, o in triples(model, base):
                yield s, p, o, graph


def timed(label: str, count: int, work) -> float:
    """Triples/s of CPU time (printed with the wall-clock figure)."""
    start, cpu = time.perf_counter(), time.process_time()
    work()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"  {label:<34} {seconds:7.2f} s {count / seconds:>10,.0f} triples/s wall, {count / cpu:>10,.0f} cpu")
    return count / cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scales", default="1,10")
    ap.add_argument("--rdflib-scale", type=int, default=1, help="largest scale rdflib is run at (it is slow)")
    args = ap.parse_args()
    parts = per_document(extract_paths([CORPUS]))
    for scale in (int(s) for s in args.scales.split(",")):
        run(parts, scale, scale <= args.rdflib_scale)


def run(parts: dict[str, Model], scale: int, with_rdflib: bool) -> None:
    data = list(quads(parts, scale))
    union = list(dict.fromkeys((s, p, o) for s, p, o, _ in data))
    print(f"×{scale}: {len(data):,} quads, {len(union):,} distinct triples")
    timed("stream N-Quads (quads → text)", len(data), lambda: write_nquads(data, io.StringIO()))
    timed("stream TriG (quads → text)", len(data), lambda: write_trig(data, io.StringIO()))
    timed("stream Turtle (triples → text)", len(union), lambda: write_turtle_triples(union, io.StringIO()))
    rates = {
        "nq": timed("stream N-Quads (model → text)", len(data),
                    lambda: write_nquads(quads(parts, scale), io.StringIO())),
        "trig": timed("stream TriG (model → text)", len(data), lambda: write_trig(quads(parts, scale), io.StringIO())),
        "ttl": timed("stream Turtle (model → text)", len(union), lambda: write_turtle_triples(
            dict.fromkeys((s, p, o) for s, p, o, _ in quads(parts, scale)), io.StringIO())),
    }
    if not with_rdflib:
        return
    old = {
        "nq": timed("rdflib Dataset → N-Quads", len(data),
                    lambda: dataset_of(quads(parts, scale)).serialize(format="nquads")),
        "trig": timed("rdflib Dataset → TriG", len(data),
                      lambda: dataset_of(quads(parts, scale)).serialize(format="trig")),
        "ttl": timed("rdflib Graph → Turtle", len(union), lambda: graph_of(
            (s, p, o) for s, p, o, _ in quads(parts, scale)).serialize(format="turtle")),
    }
    for fmt in rates:
        print(f"  ratio stream/rdflib {fmt:<5} {rates[fmt] / old[fmt]:6.1f}×")


if __name__ == "__main__":
    main()
