"""The SHACL shapes checked on the model itself, before it becomes RDF, in time linear in the model.

``shapes.ttl`` is read and its constraints are evaluated on the triples each resource *would*
have (the same mapping as :mod:`kg.ontology.mapping`: labels, aliases, values, schemes, sources,
evidence mentions and relations), without building a graph. pyshacl stays the reference: it
validates Turtle that users edit (``kg validate``, ``kg load``) and the tests check that both
find the same results. A constraint this module does not know makes it refuse the shapes file
rather than skip the constraint.
"""

from __future__ import annotations

import gc
import re
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import NamedTuple
from urllib.parse import quote

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from kg.model import Evidence, Model
from kg.ontology.mapping import IRI_SAFE, SCHEMES, canonical_decimal, datatypes, mention_tail, property_iri
from kg.ontology.namespaces import IPKG, PROV, RDF, RDFS, SHAPES_FILE, SKOS, XSD, base_iri

COMPONENTS = {SH["class"]: "Class", SH["or"]: "Or", SH["in"]: "In", SH.hasValue: "HasValue", SH.datatype: "Datatype",
              SH.pattern: "Pattern", SH.minLength: "MinLength", SH.minInclusive: "MinInclusive", SH.maxInclusive: "MaxInclusive",
              SH.languageIn: "LanguageIn", SH.minCount: "MinCount", SH.maxCount: "MaxCount", SH.uniqueLang: "UniqueLang"}
NODE_COMPONENTS = set(COMPONENTS.values()) - {"MinCount", "MaxCount", "UniqueLang"}
IGNORED = {RDF.type, SH.path, SH.message, SH.targetClass, SH.targetSubjectsOf, SH.property, SH.name, SH.description}
STRING, INTEGER, LANG_STRING = str(XSD.string), str(XSD.integer), str(RDF.langString)
MENTION = str(IPKG.Mention)
TYPE, DOCUMENT, START, END, QUOTE = str(RDF.type), str(IPKG.document), str(IPKG.startOffset), str(IPKG.endOffset), \
    str(IPKG.quote)
FOR_PROPERTY, MENTIONS = str(IPKG.forProperty), str(IPKG.mentions)


class Lit(NamedTuple):
    """A literal as RDF sees it: lexical form, datatype IRI, language, Python value, well-formed or not."""

    lexical: str
    datatype: str
    lang: str | None
    value: object
    well_typed: bool = True


def _lit(term: Literal) -> Lit:
    datatype = LANG_STRING if term.language else str(term.datatype or XSD.string)
    return Lit(str(term), datatype, term.language, term.value, not term.ill_typed)


@dataclass
class Shape:
    """A node shape (``path`` None) or a property shape; parameters by constraint component name."""

    path: str | None
    params: dict[str, object]
    properties: list[Shape] = field(default_factory=list)
    target_classes: list[str] = field(default_factory=list)
    target_subjects_of: list[str] = field(default_factory=list)


@dataclass(frozen=True, order=True)
class Violation:
    """One validation result: the focus node, the property path ("" for the node) and the constraint component."""

    focus: str
    path: str
    component: str


def _params(g: Graph, node, allowed: set[str]) -> dict[str, object]:
    out: dict[str, object] = {}
    for p, o in g.predicate_objects(node):
        if p in IGNORED:
            continue
        name = COMPONENTS.get(p)
        if name not in allowed:
            raise ValueError(f"{SHAPES_FILE}: constraint {p} is not checked on the model")
        if name in out:
            raise ValueError(f"{SHAPES_FILE}: {p} given twice on one shape")
        if name in ("In", "LanguageIn"):
            out[name] = [_lit(x) if isinstance(x, Literal) else str(x) for x in Collection(g, o)]
        elif name == "Or":
            out[name] = [_params(g, member, NODE_COMPONENTS) for member in Collection(g, o)]
        elif name in ("MinCount", "MaxCount", "MinLength"):
            out[name] = int(o)
        elif name == "Pattern":
            out[name] = re.compile(str(o))
        elif name in ("MinInclusive", "MaxInclusive"):
            out[name] = o.value
        elif name == "UniqueLang":
            out[name] = bool(o.value)
        else:
            out[name] = str(o)
    return out


@cache
def shapes() -> tuple[Shape, ...]:
    g = Graph().parse(SHAPES_FILE, format="turtle")
    out = []
    for node in g.subjects(RDF.type, SH.NodeShape):
        shape = Shape(None, _params(g, node, NODE_COMPONENTS),
                      target_classes=[str(c) for c in g.objects(node, SH.targetClass)],
                      target_subjects_of=[str(c) for c in g.objects(node, SH.targetSubjectsOf)])
        for prop in g.objects(node, SH.property):
            path = g.value(prop, SH.path)
            if not isinstance(path, URIRef):
                raise ValueError(f"{SHAPES_FILE}: only simple property paths are checked on the model")
            shape.properties.append(Shape(str(path), _params(g, prop, set(COMPONENTS.values()))))
        out.append(shape)
    return tuple(out)


class ModelTriples:
    """The objects of every resource and mention of a model, by subject and predicate (IRIs as strings),
    as :func:`kg.ontology.mapping.to_graph` writes them: a node is its IRI, a literal a :class:`Lit`."""

    def __init__(self, model: Model, base: str | None = None) -> None:
        self.base = base or base_iri()
        self.types: dict[str, str] = {}
        self.values: dict[str, dict[str, set]] = {}
        self._iris: dict[str, str] = {}
        self._props: dict[str, str] = {}
        types = {name: str(dt) for name, dt in datatypes().items()}
        label, alt, derived, evidence = str(RDFS.label), str(SKOS.altLabel), str(PROV.wasDerivedFrom), str(IPKG.evidence)
        for res in model.resources.values():
            node = self.iri(res.key)
            self.types[node] = self.ipkg(res.cls)
            out = self.values.setdefault(node, defaultdict(set))
            out[TYPE].add(self.types[node])
            out[label].add(Lit(res.label, LANG_STRING, "zh", res.label))
            if res.label_en:
                out[label].add(Lit(res.label_en, LANG_STRING, "en", res.label_en))
            out[alt].update(Lit(a, LANG_STRING, "zh", a) for a in res.aliases - {res.label})
            for name, value in res.values.items():
                out[self.ipkg(name)].update(_value(types.get(name, STRING), v)
                                            for v in (value if isinstance(value, list) else [value]))
            if res.cls in SCHEMES:
                out[str(SKOS.inScheme)].add(str(SCHEMES[res.cls]))
            out[derived].update(self.iri(f"document/{doc}") for doc in res.sources)
            for ev in res.evidence:
                out[evidence].add(self._mention(ev, None, None))
            for rel in res.relations:
                target = self.iri(rel.target)
                out[self.property(rel.prop)].add(target)
                if rel.evidence is not None:
                    out[evidence].add(self._mention(rel.evidence, rel.prop, target))

    def iri(self, key: str) -> str:
        found = self._iris.get(key)
        if found is None:
            found = self._iris[key] = self.base + quote(key, safe=IRI_SAFE)
        return found

    def ipkg(self, name: str) -> str:
        found = self._props.get(name)
        if found is None:
            found = self._props[name] = str(IPKG[name])
        return found

    def property(self, name: str) -> str:
        found = self._props.get(f"/{name}")
        if found is None:
            found = self._props[f"/{name}"] = str(property_iri(name))
        return found

    def _mention(self, ev: Evidence, prop: str | None, target: str | None) -> str:
        node = self.iri(f"mention/{ev.doc}/") + mention_tail(ev, prop, target)
        self.types[node] = MENTION
        values = {TYPE: MENTION, DOCUMENT: self.iri(f"document/{ev.doc}"), START: Lit(str(ev.start), INTEGER, None, ev.start),
                  END: Lit(str(ev.end), INTEGER, None, ev.end), QUOTE: Lit(ev.quote, STRING, None, ev.quote)}
        if prop is not None and target is not None:
            values[FOR_PROPERTY] = Lit(prop, STRING, None, prop)
            values[MENTIONS] = target
        out = self.values.get(node)
        if out is None:  # most mentions are met once
            self.values[node] = {path: {value} for path, value in values.items()}
        else:
            for path, value in values.items():
                out.setdefault(path, set()).add(value)
        return node


def _value(datatype: str, value: object) -> Lit:
    """The literal :func:`kg.ontology.mapping.literal` writes for a value of a property with this range."""
    if datatype == STRING:
        return Lit(str(value), STRING, None, str(value))
    if datatype == str(XSD.decimal):
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return Lit(str(value), datatype, None, None, False)
        return Lit(canonical_decimal(number), datatype, None, number)
    if datatype == str(XSD.gYear):
        return Lit(f"{int(value):04d}", datatype, None, int(value))
    if datatype == INTEGER and type(value) is int:
        return Lit(str(value), INTEGER, None, value)
    return _lit(Literal(value, datatype=URIRef(datatype)))


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """The triples are many small containers without cycles: collecting cycles while they are built
    only walks the whole model again and again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def check_model(model: Model, base: str | None = None) -> list[Violation]:
    """The results pyshacl reports on ``to_graph(model)`` against shapes.ttl, as (focus, path, component), sorted."""
    with _no_cycle_collection():
        return _check(model, base)


def _check(model: Model, base: str | None) -> list[Violation]:
    triples = ModelTriples(model, base)
    by_class: dict[str, list[str]] = defaultdict(list)
    for node, cls in triples.types.items():
        by_class[cls].append(node)
    subjects_of = {p: {n for n, v in triples.values.items() if v.get(p)}
                   for shape in shapes() for p in shape.target_subjects_of}
    found: set[Violation] = set()
    for shape in shapes():
        focus_nodes = {n for c in shape.target_classes for n in by_class.get(c, ())}
        focus_nodes.update(*(subjects_of[p] for p in shape.target_subjects_of))
        if_none = [(prop.path, _failures(prop.params, [], triples)) for prop in shape.properties]
        # A property's results for one value depend on that value alone (and on the model's types, fixed
        # here): worked out once per value; values repeat across nodes (targets, documents, years).
        one: list[dict[object, list[str]]] = [{} for _ in shape.properties]
        for focus in focus_nodes:
            values = triples.values[focus]
            for component in _failures(shape.params, [focus], triples) if shape.params else ():
                found.add(Violation(focus, "", component))
            for prop, (path, failures), known in zip(shape.properties, if_none, one, strict=True):
                assert path is not None
                given = values.get(path)
                if not given:
                    results = failures
                elif len(given) == 1:
                    [value] = given
                    results = known.get(value)
                    if results is None:
                        results = known[value] = _failures(prop.params, [value], triples)
                else:
                    results = _failures(prop.params, list(given), triples)
                for component in results:
                    found.add(Violation(focus, path, component))
    return sorted(found)


def _failures(params: dict[str, object], values: list, triples: ModelTriples) -> list[str]:
    """The constraint components that ``values`` (of one focus node and path) break."""
    out = []
    for name, arg in params.items():
        if name == "MinCount":
            ok = len(values) >= arg
        elif name == "MaxCount":
            ok = len(values) <= arg
        elif name == "UniqueLang":
            langs = [v.lang for v in values if isinstance(v, Lit) and v.lang]
            ok = not arg or len(langs) == len(set(langs))
        elif name == "HasValue":
            ok = arg in values
        else:
            ok = all(_conforms(name, arg, v, triples) for v in values)
        if not ok:
            out.append(name + "ConstraintComponent")
    return out


def _conforms(name: str, arg, value, triples: ModelTriples) -> bool:
    if name == "Class":
        return triples.types.get(value) == arg
    if name == "Or":
        return any(all(_conforms(n, a, value, triples) for n, a in member.items()) for member in arg)
    if name == "In":
        return (value[:3] if isinstance(value, Lit) else value) in [a[:3] if isinstance(a, Lit) else a for a in arg]
    if not isinstance(value, Lit):
        return name == "Pattern" and bool(arg.search(value))
    if name == "Datatype":
        if arg == LANG_STRING:
            return value.lang is not None
        return value.datatype == arg and value.well_typed
    if name == "Pattern":
        return bool(arg.search(value.lexical))
    if name == "MinLength":
        return len(value.lexical) >= arg
    if name in ("MinInclusive", "MaxInclusive"):
        try:
            return value.value is not None and (value.value >= arg if name == "MinInclusive" else value.value <= arg)
        except TypeError:
            return False
    if name == "LanguageIn":
        return value.lang is not None and value.lang.lower() in {a.lexical.lower() for a in arg}
    raise ValueError(f"{SHAPES_FILE}: constraint {name} is not checked on the model")
