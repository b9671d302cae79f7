"""RDF → property graph, by the mapping in ONTOLOGY.md.

One node per typed resource (labels: its class and superclasses, plus ``Resource``), property
``uri``; ``rdfs:label@zh`` → ``name``, ``@en`` → ``nameEn``, ``skos:altLabel`` → ``aliases``;
other literals → their local name; object properties → UPPER_SNAKE_CASE relationships.
Where the RDF is a dataset of one named graph per document, nodes, property values and
relationships carry the documents that support them (``from_quads``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any
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

    def nodes_by_labels(self) -> list[tuple[tuple[str, ...], Rows]]:
        """Rows ``{uri, props}`` grouped by label set, both in a stable order (rows are made as they are read)."""
        nodes = self.nodes
        return _grouped(sorted(nodes), lambda uri: nodes[uri][0], lambda uri: {"uri": uri, "props": nodes[uri][1]})

    def relationships_by_type(self) -> list[tuple[str, Rows]]:
        """Rows ``[start uri, end uri, sources or None]`` grouped by relationship type (made as they are read)."""
        sources = self.sources
        return _grouped(self.relationships, lambda rel: rel[0], lambda rel: [rel[1], rel[2], sources.get(rel)])

    def in_stored_order(self) -> PropertyGraph:
        """This graph as a store reads it back: nodes in ``uri`` order, labels sorted."""
        out = PropertyGraph()
        out.nodes = {uri: (tuple(sorted(self.nodes[uri][0])), self.nodes[uri][1]) for uri in sorted(self.nodes)}
        out.relationships, out.sources = self.relationships, self.sources
        return out


class Rows(Sequence):
    """The rows of ``keys`` (node uris, or relationships), each made by ``row`` when it is read: a large graph's
    load or export holds one batch of rows at a time, not all of them."""

    def __init__(self, keys: list, row: Callable[[Any], Any]) -> None:
        self.keys, self.row = keys, row

    def __len__(self) -> int:
        return len(self.keys)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self.row(key) for key in self.keys[index]]
        return self.row(self.keys[index])


def _grouped(keys: Iterable, group_of: Callable[[Any], Any], row: Callable[[Any], Any]) -> list[tuple[Any, Rows]]:
    """``keys`` (in their order) grouped by ``group_of``, groups in order, each group's rows made by ``row``."""
    groups: dict[Any, list] = {}
    for key in keys:
        groups.setdefault(group_of(key), []).append(key)
    return [(group, Rows(members, row)) for group, members in sorted(groups.items())]


Supported = object | tuple[object, frozenset[str]] | dict[object, frozenset[str]]
"""A property's values and the documents supporting each: the bare value when it has one value supported by
its node's own documents (most values), ``(value, documents)`` when it has one value, else a dict."""


def _pairs(found: Supported, own: frozenset[str]):
    """``(value, documents)`` of each value of a property of a node supported by ``own``."""
    kind = type(found)
    return (found,) if kind is tuple else found.items() if kind is dict else ((found, own),)  # type: ignore[union-attr]


def _bare(by_key: dict[str, Supported], own: frozenset[str]) -> None:
    """Values supported by just their node's own documents ``own`` held bare."""
    for key, found in by_key.items():
        if type(found) is tuple and found[1] == own:
            by_key[key] = found[0]


def _clothed(by_key: dict[str, Supported], own: frozenset[str]) -> None:
    """Bare values given their documents ``own`` (before the node's own documents change)."""
    for key, found in by_key.items():
        if type(found) is not tuple and type(found) is not dict:
            by_key[key] = (found, own)


class _Shared:
    """Equal sets of documents made one object."""

    def __init__(self) -> None:
        self.known: dict[frozenset[str], frozenset[str]] = {}

    def __call__(self, docs: frozenset[str]) -> frozenset[str]:
        return self.known.setdefault(docs, docs)

    def union(self, have: frozenset[str], docs: frozenset[str]) -> frozenset[str]:
        return have if docs <= have else self(have | docs)


def _put(by_key: dict[str, Supported], key: str, value: object, docs: frozenset[str], shared: _Shared,
         own: frozenset[str] | None) -> None:
    """Record ``value`` of property ``key`` as supported by ``docs`` too (values compare as dict keys do), for a
    node supported by ``own`` (None: not known yet, values are not held bare)."""
    have = by_key.get(key)
    if have is None:
        by_key[key] = value if docs == own else (value, docs)
    elif type(have) is not tuple and type(have) is not dict:  # bare: supported by ``own``
        if have == value:
            if not docs <= own:  # type: ignore[operator]
                by_key[key] = (have, shared.union(own, docs))  # type: ignore[arg-type]
        else:
            by_key[key] = {have: own, value: docs}
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
    by the one document that states them); a property with one value (most have one) holds the pair
    ``(value, documents)`` rather than a dict ``{value: documents}``, and the bare value when its
    documents are its node's own (``Supported``), so a large graph's support takes little more memory
    than its values."""

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
        typed: dict[str, tuple[str, ...]] = {}  # labels (with repeats where a node has several classes)
        changed: set[str] = set()  # nodes with values not held bare while they are read
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
                own = sources.get(s)
                if own is None:
                    changed.add(s)
                _put(found, key, value, docs, shared, own)
            elif p == _TYPE and o in classes:
                names = typed.get(s)
                if names is None:
                    typed[s] = classes[o]
                    sources[s] = docs
                else:
                    if any(name not in names for name in classes[o]):
                        typed[s] = (*names, *classes[o])
                    more = shared.union(sources[s], docs)
                    if more is not sources[s] and s in values:  # its bare values keep their documents
                        _clothed(values[s], sources[s])
                        changed.add(s)
                    sources[s] = more
            elif p in objprops:
                rel = (objprops[p], s, o)
                have = relationships.get(rel)
                relationships[rel] = docs if have is None else shared.union(have, docs)
        label_sets: dict[tuple[str, ...], tuple[str, ...]] = {}
        for s, names in typed.items():
            labels = (*sorted(set(names)), KEY_LABEL)
            out.labels[s] = label_sets.setdefault(labels, labels)
            if s in changed and s in values:
                _bare(values[s], sources[s])
        for s in [s for s in values if s not in typed]:  # in place: a large graph's dicts are not copied
            del values[s]
        for s in typed:
            values.setdefault(s, {})
        for rel in [rel for rel in relationships if rel[1] not in typed or rel[2] not in typed]:
            del relationships[rel]
        return out

    def add(self, part: Support) -> None:
        """Add the statements of ``part`` (one or more documents' support)."""
        shared = _Shared()
        for uri, labels in part.labels.items():
            self.labels[uri] = labels
            mine = self.values.setdefault(uri, {})
            _clothed(mine, self.sources.get(uri, frozenset()))
            own = self.sources[uri] = shared.union(self.sources.get(uri, frozenset()), part.sources[uri])
            for key, found in part.values[uri].items():
                for value, docs in _pairs(found, part.sources[uri]):
                    _put(mine, key, value, docs, shared, None)
            _bare(mine, own)
        for rel, docs in part.relationships.items():
            self.relationships[rel] = shared.union(self.relationships.get(rel, frozenset()), docs)

    def remove(self, part: Support, docs: set[str] | frozenset[str]) -> None:
        """Take documents ``docs`` out of what ``part`` (their statements) touches; what no document
        supports any more goes."""
        for uri in part.labels:
            if uri not in self.labels:
                continue
            old = self.sources[uri]
            own = self.sources[uri] = old - docs
            if not own:
                for store in (self.labels, self.sources, self.values):
                    del store[uri]
                continue
            mine = self.values[uri]
            for key, found in part.values[uri].items():
                if key not in mine:
                    continue
                gone = {value for value, _ in _pairs(found, part.sources[uri])}
                left = {}
                for value, have in _pairs(mine[key], old):
                    if kept := (have - docs if value in gone else have):
                        left[value] = kept
                if not left:
                    del mine[key]
                else:
                    mine[key] = next(iter(left.items())) if len(left) == 1 else left
            _bare(mine, own)
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
            by_key = {k: dict(_pairs(v, own)) for k, v in by_key.items()}
            for more in ("name", "nameEn"):  # a second name stated by some document is kept as an alias
                if len(by_key.get(more, {})) > 1:
                    _, *rest = sorted(by_key[more], key=str)
                    aliases = by_key.setdefault("aliases", {})
                    for other in rest:
                        aliases[other] = aliases.get(other, set()) | by_key[more].pop(other)
        for key in sorted(by_key):
            found = by_key[key]
            if type(found) is not dict or len(found) == 1:  # most properties have one value
                [(value, docs)] = _pairs(found, own)
                props[key] = [value] if key == "aliases" else value
                if docs != own:
                    props[key + SOURCES_SUFFIX] = [" ".join(sorted(docs))]
                continue
            ordered = sorted(found, key=str)
            props[key] = ordered
            if any(found[v] != own for v in ordered):
                props[key + SOURCES_SUFFIX] = [" ".join(sorted(found[v])) for v in ordered]
        return self.labels[uri], props

    def nodes_by_labels(self) -> list[tuple[tuple[str, ...], Rows]]:
        """As ``PropertyGraph.nodes_by_labels`` of ``property_graph()``, each row made only as it is read."""
        labels = self.labels
        return _grouped(sorted(labels), labels.__getitem__, lambda uri: {"uri": uri, "props": self.node(uri)[1]})

    def relationships_by_type(self) -> list[tuple[str, Rows]]:
        """As ``PropertyGraph.relationships_by_type`` of ``property_graph()``, each row made only as it is read."""
        docs = self.relationships
        return _grouped(sorted(docs), lambda rel: rel[0],
                        lambda rel: [rel[1], rel[2], sorted(docs[rel]) if docs[rel] else None])

    def counts(self) -> tuple[dict[tuple[str, ...], int], dict[str, int]]:
        """Nodes per label set and relationships per type."""
        nodes: dict[tuple[str, ...], int] = {}
        for labels in self.labels.values():
            nodes[labels] = nodes.get(labels, 0) + 1
        rels: dict[str, int] = {}
        for rel_type, _, _ in self.relationships:
            rels[rel_type] = rels.get(rel_type, 0) + 1
        return nodes, rels

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
