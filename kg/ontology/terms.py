"""RDF terms without rdflib: an IRI is a ``str``, a literal a ``Lit``; quads carry their graph's name.

The mapping produces these and the writers print them, so writing a graph never builds an
rdflib Graph; ``to_rdflib``/``from_rdflib`` convert where rdflib is wanted (SHACL, SPARQL, tests).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID, Dataset

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
#: file suffixes of the RDF formats that hold named graphs (anything else is read as Turtle)
DATASET_SUFFIXES = {".trig": "TRIG", ".nq": "N_QUADS"}


class Lit(NamedTuple):
    """A literal: its lexical form with a datatype IRI, or with a language tag."""

    lex: str
    datatype: str | None = None
    lang: str | None = None


Term = str | Lit
Triple = tuple[str, str, Term]
Quad = tuple[str, str, Term, str | None]  # graph None: the default graph


def to_rdflib(term: Term) -> URIRef | Literal:
    if isinstance(term, Lit):
        if term.lang:
            return Literal(term.lex, lang=term.lang)
        return Literal(term.lex, datatype=None if term.datatype in (None, XSD_STRING) else URIRef(term.datatype))
    return URIRef(term)


def from_rdflib(term) -> Term | None:
    """The term, or None for a blank node (which the property graph does not hold)."""
    if isinstance(term, BNode):
        return None
    if isinstance(term, Literal):
        if term.language:
            return Lit(str(term), None, term.language)
        dt = str(term.datatype) if term.datatype is not None else None
        return Lit(str(term), None if dt == XSD_STRING else dt)
    return str(term)


def graph_of(triples: Iterable[Triple]) -> Graph:
    from kg.ontology.namespaces import bind

    g = bind(Graph())
    for s, p, o in triples:
        g.add((URIRef(s), URIRef(p), to_rdflib(o)))
    return g


def dataset_of(quads: Iterable[Quad]) -> Dataset:
    from kg.ontology.namespaces import bind

    ds = Dataset()
    bind(ds)
    for s, p, o, g in quads:
        graph = ds.graph(URIRef(g)) if g else ds.graph(DATASET_DEFAULT_GRAPH_ID)
        graph.add((URIRef(s), URIRef(p), to_rdflib(o)))
    return ds


def quads_of(source: Graph) -> Iterator[Quad]:
    """The quads of an rdflib graph or dataset (blank nodes left out); a plain graph's are in the default graph."""
    if isinstance(source, Dataset):
        for s, p, o, g in source.quads((None, None, None, None)):
            name = g.identifier if isinstance(g, Graph) else g
            default = name is None or isinstance(name, BNode) or name == DATASET_DEFAULT_GRAPH_ID
            yield from _quad(s, p, o, None if default else str(name))
    else:
        for s, p, o in source:
            yield from _quad(s, p, o, None)


def _quad(s, p, o, graph: str | None) -> Iterator[Quad]:
    subject, obj = from_rdflib(s), from_rdflib(o)
    if isinstance(subject, str) and obj is not None:
        yield subject, str(p), obj, graph


def read_quads(path: Path) -> list[Quad]:
    """The quads of a Turtle file (TriG or N-Quads by suffix), parsed by pyoxigraph, an order of magnitude
    faster than rdflib; blank nodes left out. A missing or malformed file is an error naming it."""
    import pyoxigraph as ox

    from kg.errors import KgError

    fmt = getattr(ox.RdfFormat, DATASET_SUFFIXES.get(path.suffix.lower(), "TURTLE"))
    if not path.is_file():
        raise KgError(f"{path}: no such file")
    try:
        parsed = ox.parse(path=str(path), format=fmt, base_iri=path.resolve().as_uri())
        return [q for q in map(_from_ox, parsed) if q is not None]
    except (SyntaxError, ValueError, OSError) as exc:
        raise KgError(f"{path}: not valid {fmt.name}: {str(exc).splitlines()[0][:300]}") from None


def read_rdf(path: Path) -> Graph | Dataset:
    """A Turtle file as an rdflib graph, a TriG or N-Quads file as a dataset of named graphs."""
    quads = read_quads(path)
    if path.suffix.lower() in DATASET_SUFFIXES:
        return dataset_of(quads)
    return graph_of((s, p, o) for s, p, o, _ in quads)


def _from_ox(quad) -> Quad | None:
    import pyoxigraph as ox

    s, o, g = quad.subject, quad.object, quad.graph_name
    if not isinstance(s, ox.NamedNode):
        return None
    if isinstance(o, ox.Literal):
        dt = o.datatype.value
        obj: Term = Lit(o.value, None, o.language) if o.language else Lit(o.value, None if dt == XSD_STRING else dt)
    elif isinstance(o, ox.NamedNode):
        obj = o.value
    else:
        return None
    return s.value, quad.predicate.value, obj, g.value if isinstance(g, ox.NamedNode) else None
