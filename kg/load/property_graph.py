"""RDF → property graph, by the mapping in ONTOLOGY.md.

One node per typed resource (labels: its class and superclasses, plus ``Resource``), property
``uri``; ``rdfs:label@zh`` → ``name``, ``@en`` → ``nameEn``, ``skos:altLabel`` → ``aliases``;
other literals → their local name; object properties → UPPER_SNAKE_CASE relationships.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL

from kg.load.store import KEY_LABEL
from kg.ontology.namespaces import IPKG, RDF, RDFS, SKOS, XSD, ontology


@dataclass
class PropertyGraph:
    nodes: dict[str, tuple[tuple[str, ...], dict[str, object]]] = field(default_factory=dict)
    relationships: list[tuple[str, str, str]] = field(default_factory=list)

    def nodes_by_labels(self) -> list[tuple[tuple[str, ...], list[dict[str, object]]]]:
        """Rows ``{uri, props}`` grouped by label set, both in a stable order."""
        groups: dict[tuple[str, ...], list[dict[str, object]]] = {}
        for uri, (labels, props) in sorted(self.nodes.items()):
            groups.setdefault(labels, []).append({"uri": uri, "props": props})
        return sorted(groups.items())

    def relationships_by_type(self) -> list[tuple[str, list[list[str]]]]:
        """Rows ``[start uri, end uri]`` grouped by relationship type."""
        groups: dict[str, list[list[str]]] = {}
        for rel, s, o in self.relationships:
            groups.setdefault(rel, []).append([s, o])
        return sorted(groups.items())


def local_name(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def rel_type(prop_local: str) -> str:
    """``leadAgency`` → ``LEAD_AGENCY``."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", prop_local).upper()


@cache
def class_labels() -> dict[URIRef, tuple[str, ...]]:
    """Each ontology class with the labels of itself and its ontology superclasses."""
    onto = ontology()
    classes = {c for c in onto.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef) and c.startswith(str(IPKG))}
    out: dict[URIRef, tuple[str, ...]] = {}
    for c in classes:
        names = [local_name(c)]
        for sup in onto.transitive_objects(c, RDFS.subClassOf):
            if sup != c and sup in classes:
                names.append(local_name(sup))
        out[c] = tuple(names)
    return out


@cache
def allowed_labels() -> frozenset[str]:
    return frozenset({KEY_LABEL} | {n for names in class_labels().values() for n in names})


@cache
def object_properties() -> dict[URIRef, str]:
    onto = ontology()
    props = {p for p in onto.subjects(RDF.type, OWL.ObjectProperty) if isinstance(p, URIRef)}
    props.add(SKOS.inScheme)
    return {p: rel_type(local_name(p)) for p in props}


@cache
def allowed_types() -> frozenset[str]:
    return frozenset(object_properties().values())


def _value(lit: Literal) -> object:
    if lit.datatype == XSD.gYear:
        return int(str(lit)[:4])
    value = lit.toPython()
    if isinstance(value, Decimal):
        return float(value)
    return value if isinstance(value, (int, float, bool, str)) else str(lit)


def to_property_graph(g: Graph) -> PropertyGraph:
    """Map an RDF graph; resources with no ontology class are not nodes, and links to them are dropped."""
    classes = class_labels()
    objprops = object_properties()
    pg = PropertyGraph()
    typed: dict[URIRef, list[str]] = {}
    for s, o in g.subject_objects(RDF.type):
        if isinstance(s, URIRef) and o in classes:
            typed.setdefault(s, []).extend(classes[o])
    for s, names in typed.items():
        labels = (*sorted(set(names)), KEY_LABEL)
        props: dict[str, object] = {"uri": str(s)}
        multi: dict[str, list[object]] = {}
        for p, o in g.predicate_objects(s):
            if not isinstance(o, Literal):
                continue
            if p == RDFS.label:
                props["nameEn" if o.language == "en" else "name"] = str(o)
            elif p == SKOS.altLabel:
                multi.setdefault("aliases", []).append(str(o))
            else:
                multi.setdefault(local_name(p), []).append(_value(o))
        for k, vs in multi.items():
            props[k] = sorted(vs, key=str) if k == "aliases" or len(vs) > 1 else vs[0]
        pg.nodes[str(s)] = (labels, props)
    for s, p, o in g.triples((None, None, None)):
        if p in objprops and s in typed and isinstance(o, URIRef) and o in typed:
            pg.relationships.append((objprops[p], str(s), str(o)))
    pg.relationships.sort()
    return pg

