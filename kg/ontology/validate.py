"""SHACL validation of a data graph against shapes.ttl (with the ontology for class inference)."""

from __future__ import annotations

from dataclasses import dataclass

from pyshacl import validate as shacl_validate
from rdflib import Graph

from kg.ontology.namespaces import SHAPES_FILE


@dataclass
class ValidationResult:
    conforms: bool
    report: str
    violations: int


def validate(data: Graph) -> ValidationResult:
    shapes = Graph().parse(SHAPES_FILE, format="turtle")
    conforms, report_graph, text = shacl_validate(
        data, shacl_graph=shapes, inference="none", abort_on_first=False,
        allow_warnings=True)
    from rdflib.namespace import SH
    count = sum(1 for _ in report_graph.subjects(predicate=SH.resultSeverity))
    return ValidationResult(bool(conforms), text, count)
