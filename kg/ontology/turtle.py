"""A fast, deterministic Turtle writer (subjects sorted, one block per subject)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF


def write_turtle(graph: Graph, path: Path) -> None:
    """Write ``graph`` as Turtle; rdflib parses it back to the same graph."""
    nm = graph.namespace_manager
    by_subject: dict = defaultdict(list)
    for s, p, o in graph:
        by_subject[s].append((p, o))
    used: set[str] = set()
    blocks: list[str] = []
    for s in sorted(by_subject, key=str):
        pairs = sorted(by_subject[s], key=lambda po: (po[0] != RDF.type, str(po[0]), str(po[1])))
        lines = []
        for p, o in pairs:
            pred = "a" if p == RDF.type else _n3(p, nm, used)
            lines.append(f"    {pred} {_n3(o, nm, used)}")
        blocks.append(f"{_n3(s, nm, used)}\n" + " ;\n".join(lines) + " .\n\n")
    with path.open("w", encoding="utf-8") as fh:
        for prefix, ns in sorted(nm.namespaces()):
            if prefix in used:
                fh.write(f"@prefix {prefix}: <{ns}> .\n" if prefix else f"@prefix : <{ns}> .\n")
        fh.write("\n")
        fh.writelines(blocks)


def _n3(term, nm, used: set[str]) -> str:
    """A term as Turtle; a prefix a name is written with is added to ``used`` (only those are declared)."""
    if isinstance(term, URIRef):
        try:
            prefix, _, local = nm.compute_qname(term, generate=False)
            if local and all(c.isalnum() or c in "_-" for c in local) and not local[0].isdigit() and local[-1] != "-":
                used.add(prefix)
                return f"{prefix}:{local}"
        except Exception:
            pass
        return f"<{term}>"
    if isinstance(term, Literal) and term.datatype is not None:
        text = term.n3(nm)
        prefix = text.rsplit("^^", 1)[-1].split(":", 1)[0] if "^^" in text and not text.endswith(">") else None
        if prefix is not None:
            used.add(prefix)
        return text
    return term.n3(nm)
