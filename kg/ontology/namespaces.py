"""Namespaces and the files of the ontology."""

from __future__ import annotations

import os
from functools import cache
from importlib import resources
from pathlib import Path

from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

IPKG = Namespace("https://w3id.org/ipgov-kg/ontology#")
DEFAULT_BASE = "https://w3id.org/ipgov-kg/id/"
ONTOLOGY_FILE = Path(str(resources.files("kg") / "ontology" / "ontology.ttl"))
SHAPES_FILE = Path(str(resources.files("kg") / "ontology" / "shapes.ttl"))

__all__ = ["DCTERMS", "IPKG", "OWL", "PROV", "RDF", "RDFS", "SKOS", "XSD", "base_iri", "bind", "ontology"]


def base_iri() -> str:
    """The data base IRI: ``KG_BASE_IRI`` or the project default."""
    base = os.environ.get("KG_BASE_IRI", DEFAULT_BASE)
    return base if base.endswith(("/", "#")) else base + "/"


def bind(graph: Graph) -> Graph:
    graph.bind("ipkg", IPKG)
    graph.bind("id", Namespace(base_iri()))
    for prefix, ns in (("skos", SKOS), ("prov", PROV), ("dcterms", DCTERMS), ("owl", OWL), ("xsd", XSD)):
        graph.bind(prefix, ns)
    return graph


@cache
def ontology() -> Graph:
    """The ontology graph (parsed once)."""
    return Graph().parse(ONTOLOGY_FILE, format="turtle")
