"""Exports: the loaded graph read back to RDF (isomorphic), neo4j-admin CSVs, and a Cypher script."""

from __future__ import annotations

import csv
import json

import pytest
from rdflib.compare import isomorphic

from kg.load.export import cypher_literal, cypher_script, read_property_graph, to_rdf, write_neo4j_csv
from kg.load.loader import load
from kg.load.property_graph import to_property_graph
from tests.conftest import CORPUS

HOSTILE = "'}) DETACH DELETE n // \\' \" \n\t\x01 《测试》 <script>alert(1)</script>"


def test_round_trip_through_the_database_is_isomorphic(any_store, corpus_graph, store_graph) -> None:
    store = any_store
    graph = corpus_graph if store.dialect == "falkordb" else store_graph  # the whole corpus on the embedded server
    load(store, to_property_graph(graph), batch_size=700)
    back = to_rdf(read_property_graph(store, page=997))
    assert len(back) == len(graph)
    assert isomorphic(back, graph)


def test_neo4j_admin_csv(tmp_path, corpus_graph) -> None:
    pg = to_property_graph(corpus_graph)
    written = write_neo4j_csv(pg, tmp_path)
    nodes = rels = 0
    for path in written:
        if path.suffix != ".csv":
            continue
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        header = rows[0]
        if path.name.startswith("nodes_"):
            assert header[:2] == ["uri:ID", ":LABEL"]
            assert all(":" in h for h in header)
            nodes += len(rows) - 1
        else:
            assert header == [":START_ID", ":END_ID", ":TYPE", "sources:string[]"]
            rels += len(rows) - 1
    assert (nodes, rels) == (len(pg.nodes), len(pg.relationships))
    with (tmp_path / "nodes_WorkItem.csv").open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert "year:int" in header and "groupNumber:long" in header and "name:string" in header
    with (tmp_path / "nodes_Agency.csv").open(encoding="utf-8", newline="") as fh:
        assert "aliases:string[]" in next(csv.reader(fh))
    assert '"${NEO4J_ADMIN:-neo4j-admin}" database import full' in (tmp_path / "import.sh").read_text(encoding="utf-8")


def test_cypher_literals_cannot_escape(store) -> None:
    for value in (HOSTILE, ["a'b", "c\\d"], {"k": HOSTILE}, 3, 2.5, True, None):
        assert store.query(f"RETURN {cypher_literal(value)} AS v").rows == [[value]]


@pytest.fixture(scope="module")
def small_graph():
    """Two documents of the corpus (a plan and a case collection): every kind of value, a script of many
    statements, in a fraction of the corpus' time."""
    from kg.extract.pipeline import extract_paths
    from kg.ontology.mapping import to_graph

    return to_graph(extract_paths([CORPUS / "strong-province-work-plan-2015.txt",
                                   CORPUS / "ip-power-typical-cases-batch1.txt"], jobs=1))


def test_cypher_script_rebuilds_the_graph(store, small_graph) -> None:
    pg = to_property_graph(small_graph)
    statements = list(cypher_script(pg, batch_size=400))
    assert statements[0].startswith("CREATE CONSTRAINT")
    assert all(s.endswith(";") and "$" not in s.split(" AS row", 1)[0] for s in statements[1:])
    store.ensure_schema()  # the script's constraint is Neo4j's dialect; the embedded server declares its own
    for stmt in statements[1:]:
        store.write(stmt[:-1])
    assert len(statements) > 10 and isomorphic(to_rdf(read_property_graph(store)), small_graph)


def test_jsonld_is_compacted_and_reads_back_as_the_same_triples(tmp_path) -> None:
    """IRIs are written short only where they read back the same: ids relative to ``@base`` unless they hold
    a colon or a dot segment, CURIEs unless the local part starts with //; literals keep language and type."""
    import pyoxigraph

    from kg.load.export import jsonld_context
    from kg.ontology.namespaces import IPKG, RDF, RDFS, XSD, base_iri
    from kg.ontology.terms import Lit
    from kg.ontology.turtle import write_jsonld

    base = base_iri()
    triples = [
        (base + "agency/a", str(RDF.type), str(IPKG.Agency)),
        (base + "agency/a", str(RDF.type), str(IPKG.Organisation)),
        (base + "agency/a", str(RDFS.label), Lit("省知识产权局", None, "zh")),
        (base + "agency/a", str(RDFS.label), Lit("Provincial IP office", None, "en")),
        (base + "agency/a", str(IPKG.year), Lit("2018", str(XSD.gYear))),
        (base + "agency/a", str(IPKG.quote), Lit('"引号" \\ 和\n换行')),
        (base + "x:y/z", str(IPKG.leadAgency), base + "agency/a"),
        (base + "../up", str(IPKG.leadAgency), base + "a/./b"),
        (base + "agency/a", str(IPKG.document), str(IPKG) + "//odd"),
    ]
    out = tmp_path / "g.jsonld"
    with out.open("w", encoding="utf-8") as fh:
        assert write_jsonld(triples + triples[:2], fh, jsonld_context()) == len(triples)
    doc = json.loads(out.read_text(encoding="utf-8"))
    node = next(n for n in doc["@graph"] if n["@id"] == "agency/a")
    assert node["@type"] == ["ipkg:Agency", "ipkg:Organisation"] and node["ipkg:year"] == {"@value": "2018", "@type": "xsd:gYear"}
    read = {(str(t.subject.value), str(t.predicate.value), t.object.value if isinstance(t.object, pyoxigraph.NamedNode)
             else Lit(t.object.value, None if t.object.language else (None if t.object.datatype.value == str(XSD.string)
                      else t.object.datatype.value), t.object.language))
            for t in pyoxigraph.parse(path=str(out), format=pyoxigraph.RdfFormat.JSON_LD)}
    assert read == set(triples)
