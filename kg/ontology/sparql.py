"""SPARQL over the Turtle graph (with the ontology, so class and property labels can be queried)."""

from __future__ import annotations

from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.query import Result

from kg.errors import KgError
from kg.ontology.namespaces import bind, ontology


def with_ontology(data: Graph) -> Graph:
    """The data graph plus the ontology's triples, prefixes bound."""
    g = bind(Graph())
    for triple in data:
        g.add(triple)
    for triple in ontology():
        g.add(triple)
    return g


def select(graph: Graph, text: str, label: str) -> tuple[list[str], list[list[Any]]] | Graph:
    """Columns and rows of a SELECT or ASK; the graph of a CONSTRUCT or DESCRIBE."""
    try:
        result: Result = graph.query(text, initNs=dict(graph.namespaces()))
    except Exception as exc:
        raise KgError(f"{label}: {type(exc).__name__}: {str(exc).splitlines()[0][:300]}") from None
    if result.type == "ASK":
        return ["ask"], [[bool(result.askAnswer)]]
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return bind(result.graph) if result.graph is not None else bind(Graph())
    columns = [str(v) for v in result.vars or []]
    return columns, [[_plain(row[c]) for c in columns] for row in result]


def _plain(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return value if isinstance(value, (int, float, bool, str)) else str(term)
    if isinstance(term, URIRef):
        return str(term)
    return str(term)
