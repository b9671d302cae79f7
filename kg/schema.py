"""The property-graph schema as analysts write Cypher against it, generated from the ontology and shapes.

Labels come from the classes (a subclass carries its superclasses' labels too), relationship types
from the object properties (``ipkg:leadAgency`` → ``:LEAD_AGENCY``) with the direction and end
classes their domain and range, or the shapes, declare; node properties from the datatype
properties. The README's schema section is :func:`markdown`'s output, so it cannot drift.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache

from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, SH

from kg.load.property_graph import class_labels, local_name, rel_type
from kg.ontology.namespaces import IPKG, RDF, RDFS, SHAPES_FILE, ontology

FIXED_PROPERTIES = (
    ("uri", "string", "the resource's IRI; unique, the key every load merges on"),
    ("name", "string", "rdfs:label@zh, the canonical name (a work item's 工作内容 as written)"),
    ("nameEn", "string", "rdfs:label@en where known"),
    ("aliases", "list of strings", "skos:altLabel: every other written form seen"),
    ("sources", "list of strings", "the keys of the documents that state the node (relationships carry `sources` too)"),
    ("<property>Sources", "list of strings", "for a value stated by other documents than its node's: their keys, "
     "one entry per value"),
)


def _text(g: Graph, node: URIRef, prop: URIRef, lang: str) -> str:
    for value in g.objects(node, prop):
        if getattr(value, "language", None) == lang:
            return str(value)
    return ""


@cache
def _shape_ends() -> tuple[dict[URIRef, set[URIRef]], dict[URIRef, set[URIRef]]]:
    """For each property path in the shapes: the classes whose nodes use it, and the classes it points to."""
    shapes = Graph().parse(SHAPES_FILE, format="turtle")
    domains: dict[URIRef, set[URIRef]] = defaultdict(set)
    ranges: dict[URIRef, set[URIRef]] = defaultdict(set)
    for shape in set(shapes.subjects(RDF.type, SH.NodeShape)):
        targets = set(shapes.objects(shape, SH.targetClass))
        for prop in shapes.objects(shape, SH.property):
            path = shapes.value(prop, SH.path)
            if not isinstance(path, URIRef):
                continue
            domains[path] |= {t for t in targets if isinstance(t, URIRef)}
            ranges[path] |= {c for c in shapes.objects(prop, SH["class"]) if isinstance(c, URIRef)}
            for alternatives in shapes.objects(prop, SH["or"]):
                for alt in Collection(shapes, alternatives):
                    ranges[path] |= {c for c in shapes.objects(alt, SH["class"]) if isinstance(c, URIRef)}
    return dict(domains), dict(ranges)


def _ends(prop: URIRef, declared: URIRef, from_shapes: dict[URIRef, set[URIRef]]) -> str:
    onto = ontology()
    classes = {c for c in onto.objects(prop, declared) if isinstance(c, URIRef) and c.startswith(str(IPKG))}
    classes = classes or from_shapes.get(prop, set())
    return " \\| ".join(sorted(local_name(c) for c in classes)) or "any"


def rows() -> tuple[list[str], list[list[str]]]:
    """The schema as one table: kind (label, relationship, property), name, ends or type, 中文, description."""
    onto = ontology()
    domains, ranges = _shape_ends()
    out: list[list[str]] = []
    for cls, labels in sorted(class_labels().items(), key=lambda kv: local_name(kv[0])):
        out.append(["label", local_name(cls), ":".join(labels), _text(onto, cls, RDFS.label, "zh"),
                    _text(onto, cls, RDFS.comment, "en")])
    props = {p for p in onto.subjects(RDF.type, OWL.ObjectProperty) if isinstance(p, URIRef)}
    for prop in sorted(props, key=lambda p: rel_type(local_name(p))):
        ends = f"({_ends(prop, RDFS.domain, domains)})-->({_ends(prop, RDFS.range, ranges)})"
        out.append(["relationship", rel_type(local_name(prop)), ends, _text(onto, prop, RDFS.label, "zh"),
                    _text(onto, prop, RDFS.comment, "en")])
    for name, kind, what in FIXED_PROPERTIES:
        out.append(["property", name, kind, "", what])
    datatype = {p for p in onto.subjects(RDF.type, OWL.DatatypeProperty) if isinstance(p, URIRef)}
    for prop in sorted(datatype, key=local_name):
        rng = onto.value(prop, RDFS.range)
        out.append(["property", local_name(prop), local_name(rng) if isinstance(rng, URIRef) else "string",
                    _text(onto, prop, RDFS.label, "zh"), _text(onto, prop, RDFS.comment, "en")])
    return ["kind", "name", "labels / ends / type", "中文", "description"], out


def markdown() -> str:
    """The schema section of the README: three Markdown tables."""
    _, data = rows()
    parts = ["Node labels (every node also has `Resource`; `uri` is its key):", "",
             "| label | all labels | 中文 | what |", "|---|---|---|---|"]
    parts += [f"| `{r[1]}` | `{r[2]}` | {r[3]} | {r[4]} |" for r in data if r[0] == "label"]
    parts += ["", "Relationship types, with their direction:", "",
              "| type | from → to | 中文 | what |", "|---|---|---|---|"]
    parts += [f"| `:{r[1]}` | `{r[2]}` | {r[3]} | {r[4]} |" for r in data if r[0] == "relationship"]
    parts += ["", "Node properties:", "", "| property | type | 中文 | what |", "|---|---|---|---|"]
    parts += [f"| `{r[1]}` | {r[2]} | {r[3]} | {r[4]} |" for r in data if r[0] == "property"]
    return "\n".join(parts) + "\n"
