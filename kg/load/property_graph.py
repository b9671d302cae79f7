"""RDF → property graph, by the mapping in ONTOLOGY.md.

One node per typed resource (labels: its class and superclasses, plus ``Resource``), property
``uri``; ``rdfs:label@zh`` → ``name``, ``@en`` → ``nameEn``, ``skos:altLabel`` → ``aliases``;
other literals → their local name; object properties → UPPER_SNAKE_CASE relationships.
Where the RDF is a dataset of one named graph per document, nodes, property values and
relationships carry the documents that support them (``from_quads``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import unquote

from rdflib import Graph, URIRef
from rdflib.namespace import OWL

from kg.load.store import KEY_LABEL
from kg.ontology.namespaces import IPKG, RDF, RDFS, SKOS, XSD, ontology
from kg.ontology.terms import Lit, Quad, quads_of

_TYPE, _LABEL, _ALT = str(RDF.type), str(RDFS.label), str(SKOS.altLabel)
_GYEAR, _INTEGER, _DECIMAL = str(XSD.gYear), str(XSD.integer), str(XSD.decimal)
_DOUBLE, _BOOLEAN = str(XSD.double), str(XSD.boolean)


SOURCES = "sources"
SOURCES_SUFFIX = "Sources"


@dataclass
class PropertyGraph:
    """Nodes by ``uri`` (labels, properties) and relationships ``(type, start uri, end uri)``.

    ``sources`` holds the supporting documents of each relationship that has any (named graphs).
    """

    nodes: dict[str, tuple[tuple[str, ...], dict[str, object]]] = field(default_factory=dict)
    relationships: list[tuple[str, str, str]] = field(default_factory=list)
    sources: dict[tuple[str, str, str], list[str]] = field(default_factory=dict)

    def nodes_by_labels(self) -> list[tuple[tuple[str, ...], list[dict[str, object]]]]:
        """Rows ``{uri, props}`` grouped by label set, both in a stable order."""
        groups: dict[tuple[str, ...], list[dict[str, object]]] = {}
        for uri, (labels, props) in sorted(self.nodes.items()):
            groups.setdefault(labels, []).append({"uri": uri, "props": props})
        return sorted(groups.items())

    def relationships_by_type(self) -> list[tuple[str, list[list]]]:
        """Rows ``[start uri, end uri, sources or None]`` grouped by relationship type."""
        groups: dict[str, list[list]] = {}
        for rel in self.relationships:
            groups.setdefault(rel[0], []).append([rel[1], rel[2], self.sources.get(rel)])
        return sorted(groups.items())


Supported = tuple[object, frozenset[str]] | dict[object, frozenset[str]]
"""A property's values and the documents supporting each: ``(value, documents)`` when it has one value."""


def _pairs(found: Supported):
    """``(value, documents)`` of each value of a property."""
    return (found,) if type(found) is tuple else found.items()  # type: ignore[union-attr]


class _Shared:
    """Equal sets of documents made one object."""

    def __init__(self) -> None:
        self.known: dict[frozenset[str], frozenset[str]] = {}

    def __call__(self, docs: frozenset[str]) -> frozenset[str]:
        return self.known.setdefault(docs, docs)

    def union(self, have: frozenset[str], docs: frozenset[str]) -> frozenset[str]:
        return have if docs <= have else self(have | docs)


def _put(by_key: dict[str, Supported], key: str, value: object, docs: frozenset[str], shared: _Shared) -> None:
    """Record ``value`` of property ``key`` as supported by ``docs`` too (values compare as dict keys do)."""
    have = by_key.get(key)
    if have is None:
        by_key[key] = (value, docs)
    elif type(have) is tuple:
        if have[0] == value:
            by_key[key] = (have[0], shared.union(have[1], docs))
        else:
            by_key[key] = {have[0]: have[1], value: docs}
    else:
        old = have.get(value)  # type: ignore[union-attr]
        have[value] = docs if old is None else shared.union(old, docs)  # type: ignore[index]


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


def _value(lit: Lit) -> object:
    dt = lit.datatype
    if dt == _GYEAR:
        return int(lit.lex[:4])
    if dt == _INTEGER:
        return int(lit.lex)
    if dt in (_DECIMAL, _DOUBLE):
        return float(lit.lex)
    if dt == _BOOLEAN:
        return lit.lex in ("true", "1")
    return lit.lex


def to_property_graph(g: Graph) -> PropertyGraph:
    """Map an rdflib graph, or a dataset whose named graphs are documents (they become ``sources``)."""
    return from_quads(quads_of(g))


def from_quads(quads: Iterable[Quad]) -> PropertyGraph:
    """Map quads; resources with no ontology class are not nodes, and links to them are dropped.

    A node's ``sources`` are the graphs stating its class; a property value supported by other
    graphs than its node's gets them in the parallel list ``<property>Sources`` (one space-separated
    entry per value); a relationship's supporting graphs are its ``sources``.
    """
    return Support.from_quads(quads).property_graph()


@dataclass
class Support:
    """A property graph with the documents supporting each node, value and relationship: documents can be
    added to it and taken out of it exactly (``add``, ``remove``), and it renders as a ``PropertyGraph``.

    The supporting documents are frozen sets shared wherever they are equal (most facts are supported
    by the one document that states them), and a property with one value (most have one) holds the
    pair ``(value, documents)`` rather than a dict ``{value: documents}``, so a large graph's support
    takes little more memory than its values."""

    labels: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sources: dict[str, frozenset[str]] = field(default_factory=dict)
    values: dict[str, dict[str, Supported]] = field(default_factory=dict)
    relationships: dict[tuple[str, str, str], frozenset[str]] = field(default_factory=dict)

    @classmethod
    def from_quads(cls, quads: Iterable[Quad]) -> Support:
        """The support of ``quads``, gathered as they stream by (no statement is kept once it is counted);
        values and relationships of resources that turn out to have no ontology class are dropped at the end."""
        classes = {str(c): names for c, names in class_labels().items()}
        objprops = {str(p): t for p, t in object_properties().items()}
        graphs: dict[str | None, frozenset[str]] = {None: frozenset()}
        shared = _Shared()
        keys: dict[tuple[str, str | None], str] = {}
        typed: dict[str, set[str]] = {}
        out = cls()
        values, sources, relationships = out.values, out.sources, out.relationships
        for s, p, o, graph in quads:
            docs = graphs.get(graph)
            if docs is None:
                docs = graphs[graph] = shared(frozenset({unquote(local_name(graph))}))  # type: ignore[arg-type]
            if type(o) is Lit:
                key = keys.get((p, o.lang))
                if key is None:
                    key = keys[(p, o.lang)] = ("nameEn" if o.lang == "en" else "name") if p == _LABEL \
                        else "aliases" if p == _ALT else local_name(p)
                found = values.get(s)
                if found is None:
                    found = values[s] = {}
                value = o.lex if o.datatype is None else _value(o)
                _put(found, key, value, docs, shared)
            elif p == _TYPE and o in classes:
                names = typed.get(s)
                if names is None:
                    typed[s] = set(classes[o])
                    sources[s] = docs
                else:
                    names.update(classes[o])
                    sources[s] = shared.union(sources[s], docs)
            elif p in objprops:
                rel = (objprops[p], s, o)
                have = relationships.get(rel)
                relationships[rel] = docs if have is None else shared.union(have, docs)
        for s, names in typed.items():
            out.labels[s] = (*sorted(names), KEY_LABEL)
        out.values = {s: values.get(s, {}) for s in typed}
        out.relationships = {rel: docs for rel, docs in relationships.items() if rel[1] in typed and rel[2] in typed}
        return out

    def add(self, part: Support) -> None:
        """Add the statements of ``part`` (one or more documents' support)."""
        shared = _Shared()
        for uri, labels in part.labels.items():
            self.labels[uri] = labels
            self.sources[uri] = shared.union(self.sources.get(uri, frozenset()), part.sources[uri])
            mine = self.values.setdefault(uri, {})
            for key, found in part.values[uri].items():
                for value, docs in _pairs(found):
                    _put(mine, key, value, docs, shared)
        for rel, docs in part.relationships.items():
            self.relationships[rel] = shared.union(self.relationships.get(rel, frozenset()), docs)

    def remove(self, part: Support, docs: set[str] | frozenset[str]) -> None:
        """Take documents ``docs`` out of what ``part`` (their statements) touches; what no document
        supports any more goes."""
        for uri in part.labels:
            if uri not in self.labels:
                continue
            self.sources[uri] -= docs
            if not self.sources[uri]:
                for store in (self.labels, self.sources, self.values):
                    del store[uri]
                continue
            mine = self.values[uri]
            for key, found in part.values[uri].items():
                if key not in mine:
                    continue
                gone = {value for value, _ in _pairs(found)}
                left = {}
                for value, have in _pairs(mine[key]):
                    if kept := (have - docs if value in gone else have):
                        left[value] = kept
                if not left:
                    del mine[key]
                else:
                    mine[key] = next(iter(left.items())) if len(left) == 1 else left
        for rel in part.relationships:
            if rel in self.relationships:
                self.relationships[rel] -= docs
                if not self.relationships[rel] or rel[1] not in self.labels or rel[2] not in self.labels:
                    del self.relationships[rel]

    def node(self, uri: str) -> tuple[tuple[str, ...], dict[str, object]]:
        """Labels and properties of a node as stored (see ``from_quads``)."""
        own = self.sources[uri]
        props: dict[str, object] = {"uri": uri}
        if own:
            props[SOURCES] = sorted(own)
        by_key = self.values[uri]
        if type(by_key.get("name")) is dict or type(by_key.get("nameEn")) is dict:
            by_key = {k: dict(_pairs(v)) for k, v in by_key.items()}
            for more in ("name", "nameEn"):  # a second name stated by some document is kept as an alias
                if len(by_key.get(more, {})) > 1:
                    _, *rest = sorted(by_key[more], key=str)
                    aliases = by_key.setdefault("aliases", {})
                    for other in rest:
                        aliases[other] = aliases.get(other, set()) | by_key[more].pop(other)
        for key in sorted(by_key):
            found = by_key[key]
            if type(found) is tuple or len(found) == 1:  # most properties have one value
                [(value, docs)] = _pairs(found)
                props[key] = [value] if key == "aliases" else value
                if docs != own:
                    props[key + SOURCES_SUFFIX] = [" ".join(sorted(docs))]
                continue
            ordered = sorted(found, key=str)
            props[key] = ordered
            if any(found[v] != own for v in ordered):
                props[key + SOURCES_SUFFIX] = [" ".join(sorted(found[v])) for v in ordered]
        return self.labels[uri], props

    def property_graph(self, uris: Iterable[str] | None = None) -> PropertyGraph:
        """The property graph (of the nodes ``uris`` and their outgoing relationships, if given)."""
        pg = PropertyGraph()
        chosen = self.labels if uris is None else [u for u in uris if u in self.labels]
        for uri in chosen:
            pg.nodes[uri] = self.node(uri)
        for rel, docs in self.relationships.items():
            if uris is None or rel[1] in pg.nodes:
                pg.relationships.append(rel)
                if docs:
                    pg.sources[rel] = sorted(docs)
        pg.relationships.sort()
        return pg
