"""The support of a graph: documents added to it and taken out of it give what gathering them afresh gives."""

from __future__ import annotations

import itertools

from kg.load.property_graph import Support
from kg.ontology.namespaces import IPKG, RDF, RDFS
from kg.ontology.terms import Lit

P = "https://w3id.org/ipgov-kg/id/"
G = {d: f"{P}document/{d}" for d in "abc"}
AGENCY, ITEM = P + "agency/x", P + "item/y"

STATEMENTS = {  # document → its triples: shared nodes, a value stated alike and differently, shared links
    "a": [(AGENCY, str(RDF.type), str(IPKG.Agency)), (AGENCY, str(RDFS.label), Lit("甲局", None, "zh")),
          (AGENCY, str(IPKG.year), Lit("2018", "http://www.w3.org/2001/XMLSchema#gYear")),
          (ITEM, str(RDF.type), str(IPKG.WorkItem)), (ITEM, str(IPKG.leadAgency), AGENCY)],
    "b": [(AGENCY, str(RDF.type), str(IPKG.Agency)), (AGENCY, str(RDFS.label), Lit("甲局", None, "zh")),
          (AGENCY, str(IPKG.year), Lit("2019", "http://www.w3.org/2001/XMLSchema#gYear")),
          (ITEM, str(RDF.type), str(IPKG.WorkItem)), (ITEM, str(IPKG.leadAgency), AGENCY)],
    "c": [(AGENCY, str(RDF.type), str(IPKG.Agency)), (AGENCY, str(RDFS.label), Lit("乙局", None, "zh")),
          (AGENCY, str(IPKG.year), Lit("2018", "http://www.w3.org/2001/XMLSchema#gYear"))],
}


def support(docs) -> Support:
    return Support.from_quads((s, p, o, G[d]) for d in docs for s, p, o in STATEMENTS[d])


def graph(sup: Support):
    pg = sup.property_graph()
    return pg.nodes, sorted(pg.relationships), pg.sources


def test_adding_and_removing_documents_matches_gathering_afresh() -> None:
    for kept, more in itertools.permutations("abc", 2):
        grown = support(kept)
        grown.add(support(more))
        assert graph(grown) == graph(support(kept + more))
        assert grown.values == support(kept + more).values  # values held alike (bare where their node's own)
        grown.remove(support(more), {more})
        assert graph(grown) == graph(support(kept))
        assert grown.values == support(kept).values
    whole = support("abc")
    whole.remove(support("bc"), {"b", "c"})
    assert graph(whole) == graph(support("a"))
    assert whole.values == support("a").values


def test_values_keep_their_documents() -> None:
    labels, props = support("abc").node(AGENCY)
    assert "Agency" in labels
    assert (props["name"], props["aliases"]) == ("乙局", ["甲局"])  # the first name in order; the other an alias
    assert props["year"] == [2018, 2019]
    assert props["yearSources"] == ["a c", "b"]


def test_values_of_one_document_are_held_bare() -> None:
    """A value supported by just the documents of its node is held without them (most values are)."""
    assert support("a").values[AGENCY] == {"name": "甲局", "year": 2018}
    assert support("ab").values[AGENCY] == {"name": "甲局", "year": {2018: frozenset("a"), 2019: frozenset("b")}}
