"""The SHACL shapes checked on the model itself, before it becomes RDF, in time linear in the model.

``shapes.ttl`` is read and its constraints are evaluated on the triples each resource *would*
have (the same mapping as :mod:`kg.ontology.mapping`: labels, aliases, values, schemes, sources,
evidence mentions and relations), without building a graph. pyshacl stays the reference: it
validates Turtle that users edit (``kg validate``, ``kg load``) and the tests check that both
find the same results. A constraint this module does not know makes it refuse the shapes file
rather than skip the constraint.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from kg.model import Evidence, Model
from kg.ontology.mapping import SCHEMES, datatypes, iri, literal, property_iri
from kg.ontology.namespaces import IPKG, PROV, RDF, RDFS, SHAPES_FILE, SKOS, XSD

COMPONENTS = {SH["class"]: "Class", SH["or"]: "Or", SH["in"]: "In", SH.hasValue: "HasValue", SH.datatype: "Datatype",
              SH.pattern: "Pattern", SH.minLength: "MinLength", SH.minInclusive: "MinInclusive",
              SH.languageIn: "LanguageIn", SH.minCount: "MinCount", SH.maxCount: "MaxCount", SH.uniqueLang: "UniqueLang"}
PROPERTY_PARAMETERS = set(COMPONENTS)
NODE_PARAMETERS = PROPERTY_PARAMETERS - {SH.minCount, SH.maxCount, SH.uniqueLang}
IGNORED = {RDF.type, SH.path, SH.message, SH.targetClass, SH.targetSubjectsOf, SH.property, SH.name, SH.description}


@dataclass(frozen=True)
class Node:
    """A resource or mention of the model, by its IRI."""

    iri: URIRef


@dataclass
class Shape:
    """A node shape (``path`` None) or a property shape, with its constraint parameters."""

    path: URIRef | None
    params: dict[URIRef, object]
    properties: list[Shape] = field(default_factory=list)
    target_classes: list[URIRef] = field(default_factory=list)
    target_subjects_of: list[URIRef] = field(default_factory=list)


@dataclass(frozen=True, order=True)
class Violation:
    """One validation result: the focus node, the property path and the constraint component."""

    focus: str
    path: str
    component: str


def _params(g: Graph, node, allowed: set[URIRef]) -> dict[URIRef, object]:
    out: dict[URIRef, object] = {}
    for p, o in g.predicate_objects(node):
        if p in IGNORED:
            continue
        if p not in allowed:
            raise ValueError(f"{SHAPES_FILE}: constraint {p} is not checked on the model")
        if p in (SH["in"], SH.languageIn):
            o = list(Collection(g, o))
        elif p == SH["or"]:
            o = [_params(g, member, NODE_PARAMETERS) for member in Collection(g, o)]
        elif p in (SH.minCount, SH.maxCount, SH.minLength):
            o = int(o)
        elif p == SH.pattern:
            o = re.compile(str(o))
        params = out.setdefault(p, o)
        if params is not o:
            raise ValueError(f"{SHAPES_FILE}: {p} given twice on one shape")
    return out


@cache
def shapes() -> tuple[Shape, ...]:
    g = Graph().parse(SHAPES_FILE, format="turtle")
    out = []
    for node in g.subjects(RDF.type, SH.NodeShape):
        shape = Shape(None, _params(g, node, NODE_PARAMETERS),
                      target_classes=list(g.objects(node, SH.targetClass)),
                      target_subjects_of=list(g.objects(node, SH.targetSubjectsOf)))
        for prop in g.objects(node, SH.property):
            path = g.value(prop, SH.path)
            if not isinstance(path, URIRef):
                raise ValueError(f"{SHAPES_FILE}: only simple property paths are checked on the model")
            shape.properties.append(Shape(path, _params(g, prop, PROPERTY_PARAMETERS)))
        out.append(shape)
    return tuple(out)


class ModelTriples:
    """The triples of every resource and mention of a model, by subject, as :func:`mapping.to_graph` writes them."""

    def __init__(self, model: Model, base: str | None = None) -> None:
        self.base = base
        self.types: dict[URIRef, URIRef] = {}
        self.values: dict[URIRef, dict[URIRef, set]] = defaultdict(lambda: defaultdict(set))
        types = datatypes()
        for res in model.resources.values():
            node = iri(res.key, base)
            self.types[node] = IPKG[res.cls]
            out = self.values[node]
            out[RDF.type].add(Node(IPKG[res.cls]))
            out[RDFS.label].add(Literal(res.label, lang="zh"))
            if res.label_en:
                out[RDFS.label].add(Literal(res.label_en, lang="en"))
            out[SKOS.altLabel].update(Literal(a, lang="zh") for a in res.aliases - {res.label})
            for name, value in res.values.items():
                out[IPKG[name]].update(literal(name, v, types) for v in (value if isinstance(value, list) else [value]))
            if res.cls in SCHEMES:
                out[SKOS.inScheme].add(Node(SCHEMES[res.cls]))
            out[PROV.wasDerivedFrom].update(Node(iri(f"document/{doc}", base)) for doc in res.sources)
            for ev in res.evidence:
                out[IPKG.evidence].add(Node(self._mention(ev, None, None)))
            for rel in res.relations:
                target = iri(rel.target, base)
                out[property_iri(rel.prop)].add(Node(target))
                if rel.evidence is not None:
                    out[IPKG.evidence].add(Node(self._mention(rel.evidence, rel.prop, target)))

    def _mention(self, ev: Evidence, prop: str | None, target: URIRef | None) -> URIRef:
        key = f"mention/{ev.doc}/{ev.start}-{ev.end}"
        if prop is not None:
            key += "/" + hashlib.sha1(f"{prop}\x1f{target}".encode()).hexdigest()[:10]
        node = iri(key, self.base)
        self.types[node] = IPKG.Mention
        out = self.values[node]
        out[RDF.type].add(Node(IPKG.Mention))
        out[IPKG.document].add(Node(iri(f"document/{ev.doc}", self.base)))
        out[IPKG.startOffset].add(Literal(ev.start, datatype=XSD.integer))
        out[IPKG.endOffset].add(Literal(ev.end, datatype=XSD.integer))
        out[IPKG.quote].add(Literal(ev.quote))
        if prop is not None and target is not None:
            out[IPKG.forProperty].add(Literal(prop))
            out[IPKG.mentions].add(Node(target))
        return node


def check_model(model: Model, base: str | None = None) -> list[Violation]:
    """The results pyshacl would report on ``to_graph(model)`` against shapes.ttl, sorted."""
    triples = ModelTriples(model, base)
    by_class: dict[URIRef, list[URIRef]] = defaultdict(list)
    for node, cls in triples.types.items():
        by_class[cls].append(node)
    found: set[Violation] = set()
    for shape in shapes():
        focus_nodes = {n for c in shape.target_classes for n in by_class.get(c, ())}
        focus_nodes |= {n for p in shape.target_subjects_of for n, v in triples.values.items() if v.get(p)}
        for focus in focus_nodes:
            values = triples.values[focus]
            for component in _failures(shape.params, [Node(focus)], triples):
                found.add(Violation(str(focus), "", component))
            for prop in shape.properties:
                assert prop.path is not None
                for component in _failures(prop.params, list(values.get(prop.path, ())), triples):
                    found.add(Violation(str(focus), str(prop.path), component))
    return sorted(found)


def _failures(params: dict[URIRef, object], values: list, triples: ModelTriples) -> list[str]:
    """The constraint components that ``values`` (of one focus node and path) break."""
    out = []
    for p, arg in params.items():
        if p == SH.minCount:
            ok = len(values) >= arg
        elif p == SH.maxCount:
            ok = len(values) <= arg
        elif p == SH.uniqueLang:
            langs = [v.language for v in values if isinstance(v, Literal) and v.language]
            ok = not arg or len(langs) == len(set(langs))
        elif p == SH.hasValue:
            ok = arg in map(_term, values)
        else:
            ok = all(_conforms(p, arg, v, triples) for v in values)
        if not ok:
            out.append(COMPONENTS[p] + "ConstraintComponent")
    return out


def _conforms(p: URIRef, arg, value, triples: ModelTriples) -> bool:
    if p == SH["class"]:
        return isinstance(value, Node) and triples.types.get(value.iri) == arg
    if p == SH["or"]:
        return any(all(_conforms(q, a, value, triples) for q, a in member.items()) for member in arg)
    if p == SH["in"]:
        return _term(value) in arg
    if not isinstance(value, Literal):
        return p == SH.pattern and bool(arg.search(str(value.iri)))
    if p == SH.datatype:
        if arg == RDF.langString:
            return value.language is not None
        if value.datatype is None:
            return arg == XSD.string and value.language is None
        return value.datatype == arg and not value.ill_typed
    if p == SH.pattern:
        return bool(arg.search(str(value)))
    if p == SH.minLength:
        return len(str(value)) >= arg
    if p == SH.minInclusive:
        return value.value is not None and value.value >= arg.value
    if p == SH.languageIn:
        return value.language is not None and value.language.lower() in {str(x).lower() for x in arg}
    raise ValueError(f"{SHAPES_FILE}: constraint {p} is not checked on the model")


def _term(value):
    return value.iri if isinstance(value, Node) else value
