"""Streaming writers: Turtle, TriG and N-Quads printed straight from terms (no rdflib Graph is built).

Turtle and TriG are deterministic (subjects sorted, one block per subject, ``a`` first, then
predicates and objects in order); rdflib parses what they write back to the same graph.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from rdflib import Graph

from kg.ontology.namespaces import DCTERMS, IPKG, OWL, PROV, RDF, RDFS, SKOS, XSD, base_iri
from kg.ontology.terms import Lit, Quad, Term, Triple, quads_of

_TYPE = str(RDF.type)
_LOCAL = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*(?<!-)$")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_NEEDS_ESCAPE = re.compile(r'[\\"\n\r\t\b\f]')
_IRI_ESCAPE = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def prefixes() -> list[tuple[str, str]]:
    return sorted([("ipkg", str(IPKG)), ("id", base_iri()), ("skos", str(SKOS)), ("prov", str(PROV)),
                   ("dcterms", str(DCTERMS)), ("owl", str(OWL)), ("xsd", str(XSD)), ("rdf", str(RDF)),
                   ("rdfs", str(RDFS))])


def _iri_nt(iri: str) -> str:
    if _IRI_ESCAPE.search(iri):
        iri = _IRI_ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04X}", iri)
    return f"<{iri}>"


def _string(text: str) -> str:
    return '"' + (_NEEDS_ESCAPE.sub(lambda m: _ESCAPES[m.group()], text) if _NEEDS_ESCAPE.search(text) else text) + '"'


class Printer:
    """Terms as N-Triples (``nt``) or with prefixes (``ttl``), each IRI formatted once."""

    def __init__(self, compact: bool) -> None:
        self.compact = compact
        self._prefixes = sorted(prefixes(), key=lambda pn: -len(pn[1]))
        self._iris: dict[str, str] = {}

    def iri(self, iri: str) -> str:
        found = self._iris.get(iri)
        if found is None:
            found = _iri_nt(iri)
            if self.compact:
                for prefix, ns in self._prefixes:
                    if iri.startswith(ns) and _LOCAL.match(iri[len(ns):]):
                        found = f"{prefix}:{iri[len(ns):]}"
                        break
            self._iris[iri] = found
        return found

    def term(self, term: Term) -> str:
        if isinstance(term, Lit):
            text = _string(term.lex)
            if term.lang:
                return f"{text}@{term.lang}"
            if term.datatype:
                return f"{text}^^{self.iri(term.datatype)}"
            return text
        return self.iri(term)


def write_nquads(quads: Iterable[Quad], fh: TextIO) -> int:
    """One line per quad (graph left out for the default graph); returns the count."""
    p = Printer(compact=False)
    count = 0
    for s, pred, o, g in quads:
        fh.write(f"{p.iri(s)} {p.iri(pred)} {p.term(o)} {p.iri(g)} .\n" if g else
                 f"{p.iri(s)} {p.iri(pred)} {p.term(o)} .\n")
        count += 1
    return count


def _blocks(triples: Iterable[Triple], p: Printer, indent: str) -> Iterable[str]:
    by_subject: dict[str, list[tuple[str, Term]]] = defaultdict(list)
    for s, pred, o in triples:
        by_subject[s].append((pred, o))
    for s in sorted(by_subject):
        pairs = sorted(set(by_subject[s]), key=lambda po: (po[0] != _TYPE, po[0], str(po[1])))
        lines = [f"{indent}    {'a' if pred == _TYPE else p.iri(pred)} {p.term(o)}" for pred, o in pairs]
        yield f"{indent}{p.iri(s)}\n" + " ;\n".join(lines) + " .\n\n"


def _header(fh: TextIO) -> None:
    for prefix, ns in prefixes():
        fh.write(f"@prefix {prefix}: <{ns}> .\n")
    fh.write("\n")


def write_turtle_triples(triples: Iterable[Triple], fh: TextIO) -> None:
    p = Printer(compact=True)
    _header(fh)
    for block in _blocks(triples, p, ""):
        fh.write(block)


def write_trig(quads: Iterable[Quad], fh: TextIO) -> None:
    """Each named graph in its own block (graphs in name order), the default graph's triples first."""
    p = Printer(compact=True)
    graphs: dict[str | None, list[Triple]] = defaultdict(list)
    for s, pred, o, g in quads:
        graphs[g].append((s, pred, o))
    _header(fh)
    for block in _blocks(graphs.pop(None, []), p, ""):
        fh.write(block)
    for g in sorted(graphs):
        fh.write(f"{p.iri(g)} {{\n")
        for block in _blocks(graphs[g], p, "    "):
            fh.write(block)
        fh.write("}\n\n")


def write_turtle(source: Graph | Iterable[Triple], path: Path) -> None:
    """Write an rdflib graph or triples as Turtle, atomically (a reader never sees half a file)."""
    triples = ((s, p, o) for s, p, o, _ in quads_of(source)) if isinstance(source, Graph) else source
    write_file(path, lambda fh: write_turtle_triples(triples, fh))


def write_file(path: Path, write) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("w", encoding="utf-8") as fh:
            write(fh)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
