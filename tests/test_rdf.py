"""Model → RDF → Turtle → rdflib, and SHACL validation."""

from pathlib import Path

from rdflib import BNode, Graph, URIRef

from kg.ontology.mapping import iri, triples
from kg.ontology.namespaces import IPKG, RDF
from kg.ontology.terms import read_rdf
from kg.ontology.turtle import write_large_turtle, write_turtle
from kg.ontology.validate import validate


def test_turtle_round_trips_through_rdflib(corpus_graph, tmp_path: Path) -> None:
    out = tmp_path / "graph.ttl"
    write_turtle(corpus_graph, out)
    parsed = Graph().parse(out, format="turtle")
    assert not any(isinstance(term, BNode) for t in corpus_graph for term in t)  # so isomorphic means equal
    assert len(parsed) == len(corpus_graph) and set(parsed) == set(corpus_graph)


def test_iris_are_deterministic_and_workers_write_what_one_process_writes(corpus_model, tmp_path: Path) -> None:
    from kg.extract.pipeline import extract_paths
    from tests.conftest import CORPUS

    again = extract_paths([CORPUS], jobs=2)  # the fixture extracted serially
    assert set(again.resources) == set(corpus_model.resources)
    write_turtle(triples(corpus_model), tmp_path / "serial.ttl")
    write_turtle(triples(again), tmp_path / "parallel.ttl")
    assert (tmp_path / "serial.ttl").read_bytes() == (tmp_path / "parallel.ttl").read_bytes()
    assert iri("province/510000") == URIRef("https://w3id.org/ipgov-kg/id/province/510000")


def test_a_large_graph_is_written_in_sorted_runs_byte_for_byte(corpus_model, tmp_path: Path) -> None:
    """Runs of any size, a subject spread over several runs and triples repeated across them (as documents
    repeat them) give the file ``write_turtle`` writes."""
    stated = list(triples(corpus_model))
    quads = [(s, p, o, None) for s, p, o in stated + stated[::7]]
    write_turtle(stated, tmp_path / "whole.ttl")
    for run in (len(quads), 1000, 37):
        assert write_large_turtle(iter(quads), tmp_path / f"runs-{run}.ttl", run) == len(set(stated))
        assert (tmp_path / f"runs-{run}.ttl").read_bytes() == (tmp_path / "whole.ttl").read_bytes()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no run left behind


def test_a_violation_is_reported(corpus_graph) -> None:
    broken = Graph()
    for t in corpus_graph.triples((iri("province/510000"), None, None)):
        broken.add(t)
    broken.remove((iri("province/510000"), IPKG.divisionCode, None))
    result = validate(broken)
    assert not result.conforms and result.violations >= 1
    assert (iri("province/510000"), RDF.type, IPKG.Province) in broken


def test_every_item_case_and_centre_in_the_turtle_quotes_its_document(corpus_graph, tmp_path: Path) -> None:
    from kg.read import read_document
    from tests.conftest import CORPUS

    out = tmp_path / "graph.ttl"
    write_turtle(corpus_graph, out)
    g = read_rdf(out)  # parsed by pyoxigraph (the round-trip test parses with rdflib)
    texts = {read_document(p).key: p.read_text(encoding="utf-8") for p in CORPUS.glob("*.txt")}
    counted: dict[str, int] = {}
    for cls in ("WorkItem", "Case", "ProtectionCentre", "RapidProtectionCentre"):
        for subject in g.subjects(RDF.type, IPKG[cls]):
            mentions = list(g.objects(subject, IPKG.evidence))
            assert mentions, f"{subject} has no evidence"
            for mention in mentions:
                doc = str(g.value(mention, IPKG.document)).rsplit("/", 1)[-1]
                start, end = int(g.value(mention, IPKG.startOffset)), int(g.value(mention, IPKG.endOffset))
                assert texts[doc][start:end] == str(g.value(mention, IPKG.quote)), (subject, mention)
            counted[cls] = counted.get(cls, 0) + 1
    assert counted["WorkItem"] > 1000 and counted["Case"] == 55
    assert counted["ProtectionCentre"] + counted["RapidProtectionCentre"] >= 28


def test_page_box_and_confidence_of_a_mention() -> None:
    """Evidence read from a PDF keeps its page, box and OCR confidence in RDF (valid) and the property graph."""
    from kg.load.property_graph import from_quads
    from kg.model import Evidence, Model, Resource
    from kg.ontology.mapping import triples
    from kg.ontology.terms import graph_of

    model = Model()
    doc = model.add(Resource("Document", "document/scan-0123456789ab", "扫描件",
                             values={"sha256": "0" * 64, "characters": 10}))
    centre = model.add(Resource("ProtectionCentre", "centre/x", "中国（四川）知识产权保护中心"))
    centre.add_evidence(Evidence("scan-0123456789ab", 0, 5, "中国（四川", page=3, box=(72.0, 100.5, 300.25, 112.0),
                                 confidence=0.93))
    centre.relate("wasDerivedFrom", doc)
    data = list(triples(model))
    g = graph_of(data)
    mention = g.value(iri("centre/x"), IPKG.evidence)
    assert int(g.value(mention, IPKG.page)) == 3
    assert str(g.value(mention, IPKG.box)) == "72 100.5 300.25 112"
    assert float(g.value(mention, IPKG.confidence)) == 0.93
    assert validate(g).conforms
    props = from_quads((s, p, o, None) for s, p, o in data).nodes[str(mention)][1]
    assert (props["page"], props["box"], props["confidence"]) == (3, "72 100.5 300.25 112", 0.93)
