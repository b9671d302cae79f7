"""SHACL validation of a data graph against shapes.ttl (with the ontology for class inference)."""

from __future__ import annotations

from dataclasses import dataclass

from pyshacl import validate as shacl_validate
from rdflib import Graph
from rdflib.graph import Dataset

from kg.ontology.namespaces import SHAPES_FILE
from kg.ontology.terms import graph_of, quads_of


@dataclass
class ValidationResult:
    conforms: bool
    report: str
    violations: int


def validate(data: Graph) -> ValidationResult:
    """Validate a graph; a dataset's union of named graphs is what is validated."""
    if isinstance(data, Dataset):
        data = graph_of((s, p, o) for s, p, o, _ in quads_of(data))
    shapes = Graph().parse(SHAPES_FILE, format="turtle")
    conforms, report_graph, text = shacl_validate(
        data, shacl_graph=shapes, inference="none", abort_on_first=False,
        allow_warnings=True)
    from rdflib.namespace import SH
    count = sum(1 for _ in report_graph.subjects(predicate=SH.resultSeverity))
    return ValidationResult(bool(conforms), text, count)
