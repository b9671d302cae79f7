"""Model → RDF: deterministic IRIs, labels, values, relations and evidence mentions."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from urllib.parse import quote

from rdflib import BNode, Graph, Literal, URIRef

from kg.model import Evidence, Model, Resource
from kg.ontology.namespaces import IPKG, PROV, RDF, RDFS, SKOS, XSD, base_iri, bind, ontology

EXTERNAL_PROPERTIES = {"wasDerivedFrom": PROV.wasDerivedFrom}
SCHEMES = {"Programme": IPKG.ProgrammeScheme, "PilotType": IPKG.PilotTypeScheme}


def iri(key: str, base: str | None = None) -> URIRef:
    """The IRI of a resource key (``province/510000``); non-ASCII characters are percent-encoded."""
    return URIRef((base or base_iri()) + quote(key, safe="/-_.~"))


def property_iri(name: str) -> URIRef:
    return EXTERNAL_PROPERTIES.get(name, IPKG[name])


def datatypes() -> dict[str, URIRef]:
    """Declared range of each datatype property, by local name."""
    onto = ontology()
    out: dict[str, URIRef] = {}
    for prop in onto.subjects(RDF.type, URIRef("http://www.w3.org/2002/07/owl#DatatypeProperty")):
        rng = onto.value(prop, RDFS.range)
        if isinstance(prop, URIRef) and prop.startswith(str(IPKG)) and isinstance(rng, URIRef):
            out[prop[len(str(IPKG)):]] = rng
    return out


def canonical_decimal(value: Decimal) -> str:
    """One lexical form per decimal value (5.40 → 5.4, 1200 → 1200), so reloaded graphs compare equal."""
    text = format(value.normalize(), "f")
    return "0" if text == "-0" else text


def literal(name: str, value: object, types: dict[str, URIRef]) -> Literal:
    dt = types.get(name, XSD.string)
    if dt == XSD.decimal:
        return Literal(canonical_decimal(Decimal(str(value))), datatype=XSD.decimal)
    if dt == XSD.gYear:
        return Literal(f"{int(value):04d}", datatype=XSD.gYear)
    if dt == XSD.string:
        return Literal(str(value))
    return Literal(value, datatype=dt)


def to_graph(model: Model, base: str | None = None) -> Graph:
    """The RDF graph of a model (without the ontology itself)."""
    g = bind(Graph())
    types = datatypes()
    for res in sorted(model.resources.values(), key=lambda r: r.key):
        _resource(g, res, types, base)
    return g


def _resource(g: Graph, res: Resource, types: dict[str, URIRef], base: str | None) -> None:
    node = iri(res.key, base)
    g.add((node, RDF.type, IPKG[res.cls]))
    g.add((node, RDFS.label, Literal(res.label, lang="zh")))
    if res.label_en:
        g.add((node, RDFS.label, Literal(res.label_en, lang="en")))
    for alias in sorted(res.aliases - {res.label}):
        g.add((node, SKOS.altLabel, Literal(alias, lang="zh")))
    for name, value in sorted(res.values.items()):
        for v in value if isinstance(value, list) else [value]:
            g.add((node, IPKG[name], literal(name, v, types)))
    if res.cls in SCHEMES:
        g.add((node, SKOS.inScheme, SCHEMES[res.cls]))
    for doc in sorted(res.sources):
        g.add((node, PROV.wasDerivedFrom, iri(f"document/{doc}", base)))
    for ev in res.evidence:
        g.add((node, IPKG.evidence, _mention(g, ev, None, None, base)))
    for rel in res.relations:
        target = iri(rel.target, base)
        g.add((node, property_iri(rel.prop), target))
        if rel.evidence is not None:
            g.add((node, IPKG.evidence, _mention(g, rel.evidence, rel.prop, target, base)))


def _mention(g: Graph, ev: Evidence, prop: str | None, target: URIRef | None, base: str | None) -> URIRef | BNode:
    key = f"mention/{ev.doc}/{ev.start}-{ev.end}"
    if prop is not None:
        key += "/" + hashlib.sha1(f"{prop}\x1f{target}".encode()).hexdigest()[:10]
    node = iri(key, base)
    g.add((node, RDF.type, IPKG.Mention))
    g.add((node, IPKG.document, iri(f"document/{ev.doc}", base)))
    g.add((node, IPKG.startOffset, Literal(ev.start, datatype=XSD.integer)))
    g.add((node, IPKG.endOffset, Literal(ev.end, datatype=XSD.integer)))
    g.add((node, IPKG.quote, Literal(ev.quote)))
    if prop is not None and target is not None:
        g.add((node, IPKG.forProperty, Literal(prop)))
        g.add((node, IPKG.mentions, target))
    return node
