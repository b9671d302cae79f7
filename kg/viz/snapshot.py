"""The loaded graph as the views need it: resources with their properties, evidence and provinces.

Read from the store (so the views show what analysts query), then evidence mentions are folded into
the resources they support and every resource learns the provinces it belongs to, for filtering.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

from kg.load.export import read_property_graph
from kg.load.property_graph import PropertyGraph, Support, local_name
from kg.load.store import GraphStore

# Most specific class first: a node is shown as the first of these among its labels.
CLASSES = ("Province", "City", "Agency", "RapidProtectionCentre", "ProtectionCentre", "Programme", "WorkItem",
           "Case", "Measurement", "PilotType", "PolicyDocument")
HIDDEN_TYPES = {"EVIDENCE", "DOCUMENT", "WAS_DERIVED_FROM"}
# Relationship types along which a resource takes the provinces of the resource at the other end.
PROVINCE_OF = {"PLANNED_BY", "CONTRIBUTED_BY", "LOCATED_IN", "JURISDICTION"}
PROVINCES_FROM_USERS = {  # the object takes the provinces of the subject
    "IMPLEMENTS", "REFERENCES", "MEASURED_OUTCOME", "PILOT_TYPE"}


@dataclass
class Resource:
    uri: str
    cls: str
    props: dict[str, object]
    evidence: list[dict[str, object]] = field(default_factory=list)  # see ``_evidence``
    start: int = 0  # the first offset of any of its mentions (0 when none has one)
    provinces: set[str] = field(default_factory=set)
    records: dict[str, dict] = field(default_factory=dict, repr=False, compare=False)  # node records by group

    @property
    def name(self) -> str:
        return str(self.props.get("name") or local_name(self.uri))

    @property
    def aliases(self) -> list[str]:
        value = self.props.get("aliases") or []
        return [str(v) for v in (value if isinstance(value, list) else [value])]


@dataclass
class Snapshot:
    resources: dict[str, Resource] = field(default_factory=dict)
    edges: list[tuple[str, str, str]] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)

    def of_class(self, *classes: str) -> list[Resource]:
        return sorted((r for r in self.resources.values() if r.cls in classes), key=lambda r: r.uri)

    @property
    def province_names(self) -> dict[str, str]:
        return {r.uri: r.name for r in self.of_class("Province")}

    @cached_property
    def in_province(self) -> dict[str, list[Resource]]:
        """``province → [resources that belong to it]``, ordered by IRI."""
        out: dict[str, list[Resource]] = {}
        for uri in sorted(self.resources):
            for p in self.resources[uri].provinces:
                out.setdefault(p, []).append(self.resources[uri])
        return out

    @cached_property
    def outgoing(self) -> dict[str, list[tuple[str, str]]]:
        """``subject → [(type, object)]``, in the order of ``edges``."""
        out: dict[str, list[tuple[str, str]]] = {}
        for t, s, o in self.edges:
            out.setdefault(s, []).append((t, o))
        return out

    @cached_property
    def edges_from(self) -> dict[str, list[int]]:
        """``subject → [position in edges]``."""
        out: dict[str, list[int]] = {}
        for i, (_, s, _) in enumerate(self.edges):
            out.setdefault(s, []).append(i)
        return out

    @cached_property
    def incoming(self) -> dict[str, list[tuple[str, str]]]:
        """``object → [(type, subject)]``, in the order of ``edges``."""
        into: dict[str, list[tuple[str, str]]] = {}
        for t, s, o in self.edges:
            into.setdefault(o, []).append((t, s))
        return into


def snapshot(store: GraphStore) -> Snapshot:
    return from_property_graph(read_property_graph(store))


def from_property_graph(pg: PropertyGraph) -> Snapshot:
    snap = Snapshot()
    for uri, (labels, props) in pg.nodes.items():
        cls = next((c for c in CLASSES if c in labels), None)
        if cls:
            snap.resources[uri] = Resource(uri, cls, props)
    documents = {uri: str(props.get("name") or uri) for uri, (labels, props) in pg.nodes.items() if "Document" in labels}
    mention_doc = {s: documents.get(o, o) for t, s, o in pg.relationships if t == "DOCUMENT"}
    evidence = ((s, o) for t, s, o in pg.relationships if t == "EVIDENCE" and s in snap.resources and o in pg.nodes)
    edges = (rel for rel in pg.relationships
             if rel[0] not in HIDDEN_TYPES and rel[1] in snap.resources and rel[2] in snap.resources)
    return _completed(snap, documents, mention_doc, evidence, lambda mention: pg.nodes[mention][1], edges)


def from_support(support: Support) -> Snapshot:
    """What ``from_property_graph`` gives for the graph of ``support`` as a store reads it back, without making
    that graph: of the mentions, only the properties of those that are evidence are made."""
    snap = Snapshot()
    nodes = sorted(support.labels)
    for uri in nodes:
        labels = support.labels[uri]
        cls = next((c for c in CLASSES if c in labels), None)
        if cls:
            snap.resources[uri] = Resource(uri, cls, support.node(uri)[1])
    documents = {uri: str(support.node(uri)[1].get("name") or uri) for uri in nodes if "Document" in support.labels[uri]}
    rels = support.relationships
    mention_doc = {s: documents.get(o, o) for t, s, o in sorted(rel for rel in rels if rel[0] == "DOCUMENT")}
    evidence = sorted((s, o) for t, s, o in rels if t == "EVIDENCE" and s in snap.resources and o in support.labels)
    edges = sorted(rel for rel in rels if rel[0] not in HIDDEN_TYPES and rel[1] in snap.resources
                   and rel[2] in snap.resources)
    return _completed(snap, documents, mention_doc, evidence, lambda mention: support.node(mention)[1], edges)


def _completed(snap: Snapshot, documents: dict[str, str], mention_doc: dict[str, str],
               evidence: Iterable[tuple[str, str]], mention_props: Callable[[str], dict[str, object]],
               edges: Iterable[tuple[str, str, str]]) -> Snapshot:
    """``snap`` (its resources read) with its documents, the evidence of each resource (``(resource, mention)``
    pairs), its edges and every resource's provinces."""
    snap.documents = sorted(documents.values())
    mentions: dict[str, list[str]] = {}
    for s, o in evidence:
        mentions.setdefault(s, []).append(o)
    for s, found in mentions.items():
        _evidence(snap.resources[s], [(mention_doc.get(o, ""), mention_props(o)) for o in found])
    snap.edges.extend(edges)
    _assign_provinces(snap)
    return snap


def _evidence(r: Resource, mentions: list[tuple[str, dict[str, object]]]) -> None:
    """``r``'s evidence from its mentions (each with its document): one entry per distinct quote of a document
    among the mentions of the resource itself (not of one of its values), in document and offset order, with
    ``more``, how many other mentions repeat it; a large graph's views hold its distinct quotes, not every
    mention of them."""
    mentions.sort(key=lambda m: (m[1].get("forProperty") is not None, m[0], m[1].get("startOffset") or 0))
    entries: dict[tuple[str, object], dict[str, object]] = {}
    starts = []
    for document, props in mentions:
        start, end, page = props.get("startOffset"), props.get("endOffset"), props.get("page")
        if isinstance(start, int):
            starts.append(start)
        if props.get("forProperty") is not None:
            continue
        quote = props.get("quote", "")
        entry = entries.get((document, quote))
        if entry is not None:
            entry["more"] += 1  # type: ignore[operator]
            continue
        entry = entries[(document, quote)] = {"document": document}
        for key, value in (("start", start), ("end", end), ("quote", quote), ("page", page)):
            if value is not None:
                entry[key] = value
        entry["more"] = 0
    r.evidence = list(entries.values())
    r.start = min(starts, default=0)


def _assign_provinces(snap: Snapshot) -> None:
    res = snap.resources
    for r in snap.of_class("Province"):
        r.provinces.add(r.uri)
    # Twice: a centre lies in a city that lies in a province.
    for _ in range(2):
        for t, s, o in snap.edges:
            if t in PROVINCE_OF:
                res[s].provinces |= res[o].provinces
    for t, s, o in snap.edges:
        if t in PROVINCES_FROM_USERS:
            res[o].provinces |= res[s].provinces
