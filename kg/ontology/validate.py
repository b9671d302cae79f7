"""Validation against shapes.ttl: of a data graph with pyshacl (Turtle users edit), of an extracted model
directly (:mod:`kg.ontology.model_check`, the same results in time linear in the model)."""

from __future__ import annotations

from dataclasses import dataclass

from pyshacl import validate as shacl_validate
from rdflib import Graph
from rdflib.graph import Dataset

from kg.model import Model
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


def validate_model(model: Model, shown: int = 50) -> ValidationResult:
    """The model checked against the shapes before it becomes RDF."""
    from kg.ontology.model_check import check_model

    found = check_model(model)
    lines = [f"Conforms: {not found}", f"Results ({len(found)}):"]
    lines += [f"  {v.component} on {v.focus}" + (f" path {v.path}" if v.path else "") for v in found[:shown]]
    if len(found) > shown:
        lines.append(f"  … and {len(found) - shown} more")
    return ValidationResult(not found, "\n".join(lines), len(found))
