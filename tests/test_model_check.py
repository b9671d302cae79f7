"""The model checks find what pyshacl finds on the RDF of the same model: on the corpus and on broken models."""

from __future__ import annotations

import copy

import pytest
from pyshacl import validate as shacl_validate
from rdflib import Graph
from rdflib.namespace import SH

from kg.model import Evidence, Model, Relation, Resource
from kg.ontology.mapping import to_graph
from kg.ontology.model_check import Violation, check_model
from kg.ontology.namespaces import SHAPES_FILE
from kg.ontology.validate import validate_model


def pyshacl_results(model: Model) -> list[Violation]:
    """(focus, path, component) of every result pyshacl reports on ``to_graph(model)``."""
    _, report, _ = shacl_validate(to_graph(model), shacl_graph=Graph().parse(SHAPES_FILE, format="turtle"),
                                  inference="none", abort_on_first=False, allow_warnings=True)
    out = set()
    for result in report.subjects(SH.resultSeverity, None):
        component = str(report.value(result, SH.sourceConstraintComponent)).removeprefix(str(SH))
        path = report.value(result, SH.resultPath)
        out.add(Violation(str(report.value(result, SH.focusNode)), str(path) if path is not None else "", component))
    return sorted(out)


def test_the_corpus_model_conforms_as_pyshacl_says(corpus_model, corpus_graph) -> None:
    from kg.ontology.validate import validate

    assert check_model(corpus_model) == []
    assert validate(corpus_graph).conforms
    assert validate_model(corpus_model).conforms


@pytest.fixture(scope="module")
def small_model(corpus_model) -> Model:
    """The first resource of every class of the corpus and everything they point at, copied."""
    keep: list[str] = []
    todo = [next(k for k, r in corpus_model.resources.items() if r.cls == cls)
            for cls in sorted({r.cls for r in corpus_model.resources.values()})]
    while todo:
        key = todo.pop()
        if key in keep:
            continue
        keep.append(key)
        res = corpus_model.resources[key]
        todo += [r.target for r in res.relations] + [f"document/{d}" for d in res.sources]
    model = Model()
    for key in sorted(keep):
        model.add(copy.deepcopy(corpus_model.resources[key]))
    return model


def first(model: Model, cls: str) -> Resource:
    return next(r for r in model.resources.values() if r.cls == cls)


def break_it(model: Model) -> Model:
    """A copy of ``model`` with one defect of each kind the shapes forbid."""
    m = copy.deepcopy(model)
    province, agency, item, case = first(m, "Province"), first(m, "Agency"), first(m, "WorkItem"), first(m, "Case")
    document = first(m, "Document")
    province.values["divisionCode"] = "99"                                  # pattern
    agency.values["agencyKind"] = "ministry_of_magic"                       # in
    agency.relations = [r for r in agency.relations if r.prop != "jurisdiction"]  # minCount
    item.relations.append(Relation("plannedBy", agency.key))                # maxCount and class
    item.values["year"] = [2015, 2016]                                      # maxCount
    case.relations.append(Relation("contributedBy", item.key))              # or
    case.values["caseNumber"] = "seven"                                     # datatype (ill-typed integer)
    document.values["sha256"] = "not a digest"                              # pattern
    bad = Evidence(document.key.removeprefix("document/"), -3, -3, "")       # minInclusive, minLength
    agency.evidence.append(bad)
    agency.relations.append(Relation("pilotType", first(m, "Programme").key))  # node class on subjects of pilotType
    centre = m.add(Resource("ProtectionCentre", "centre/nowhere", "无处保护中心"))  # no evidence, no source
    centre.relations.append(Relation("locatedIn", "province/000000"))       # a target that is not in the graph
    m.add(Resource("Measurement", "measurement/x", "三成", values={"value": "0.3", "quantityKind": "mood"}))
    return m


def test_broken_models_get_the_results_pyshacl_reports(small_model) -> None:
    assert check_model(small_model) == pyshacl_results(small_model) == []
    broken = break_it(small_model)
    found = check_model(broken)
    assert found == pyshacl_results(broken)
    components = {v.component for v in found}
    assert components >= {"PatternConstraintComponent", "InConstraintComponent", "MinCountConstraintComponent",
                          "MaxCountConstraintComponent", "ClassConstraintComponent", "OrConstraintComponent",
                          "DatatypeConstraintComponent", "MinInclusiveConstraintComponent",
                          "MinLengthConstraintComponent"}
    result = validate_model(broken)
    assert not result.conforms and result.violations == len(found)
    assert "PatternConstraintComponent" in result.report
