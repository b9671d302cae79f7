"""RDF terms without rdflib: an IRI is a ``str``, a literal a ``Lit``; quads carry their graph's name.

The mapping produces these and the writers print them, so writing a graph never builds an
rdflib Graph; ``to_rdflib``/``from_rdflib`` convert where rdflib is wanted (SHACL, SPARQL, tests).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import NamedTuple

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID, Dataset

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


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
