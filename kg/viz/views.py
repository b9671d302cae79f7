"""The views an analyst can open: what each one selects from the snapshot of the graph.

``graph`` (everything), ``province:<code>`` (one province: its work items grouped by focus, agencies,
centres, programmes, cases), ``programme:<key>`` (one programme across provinces: who implements it,
who leads), ``agency-network`` (agencies linked by the work items they share, weighted) and ``cases``
(cases by programme, with contributors and measured outcomes).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from itertools import combinations

from rdflib import Literal, URIRef

from kg.errors import KgError
from kg.load.property_graph import local_name
from kg.ontology.namespaces import IPKG, RDFS, ontology
from kg.viz.snapshot import CLASSES, Resource, Snapshot

CLASS_COLOURS = {
    "Province": "#d62728", "City": "#ff9896", "Agency": "#1f77b4", "RapidProtectionCentre": "#98df8a",
    "ProtectionCentre": "#2ca02c", "Programme": "#9467bd", "WorkItem": "#ff7f0e", "Case": "#8c564b",
    "Measurement": "#bcbd22", "PilotType": "#e377c2", "PolicyDocument": "#7f7f7f", "Focus": "#ffbb78",
}
KIND_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                "#bcbd22", "#17becf", "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5")
AGENCY_TYPES = ("LEAD_AGENCY", "SUPPORT_AGENCY")


@dataclass
class View:
    """What one page shows: nodes (as the page needs them), edges and the legend."""

    name: str
    title: str
    description: str
    directed: bool = True
    nodes: dict[str, dict] = field(default_factory=dict)
    edges: list[dict] = field(default_factory=list)
    legend: dict[str, dict] = field(default_factory=dict)

    @property
    def file(self) -> str:
        return file_name(self.name)

    def add(self, r: Resource, group: str | None = None) -> None:
        if r.uri not in self.nodes:
            self.nodes[r.uri] = node_record(r, group or r.cls)

    def link(self, s: str, o: str, rel: str, weight: int = 1) -> None:
        self.edges.append({"from": s, "to": o, "type": rel, "weight": weight})


def file_name(view_name: str) -> str:
    """``province:510000`` → ``province-510000.html``."""
    return view_name.replace(":", "-") + ".html"


def node_record(r: Resource, group: str) -> dict:
    """A node as the page needs it: properties, aliases, provinces and its evidence, one entry per distinct quote."""
    props = {k: v for k, v in sorted(r.props.items()) if k not in ("name", "aliases")}
    evidence: dict[tuple, dict] = {}
    for ev in r.evidence:
        if ev["property"] is None:
            key = (ev["document"], ev["quote"])
            if key in evidence:
                evidence[key]["more"] += 1
            else:
                evidence[key] = {**{k: v for k, v in ev.items() if k != "property"}, "more": 0}
    return {"name": r.name, "group": group, "cls": r.cls, "aliases": r.aliases, "props": props,
            "evidence": list(evidence.values()), "provinces": sorted(r.provinces)}


@cache
def class_labels() -> dict[str, str]:
    """``Province`` → ``省级行政区 Province``, from the ontology's labels."""
    onto = ontology()
    out = {}
    for cls in CLASSES:
        labels = {lit.language: str(lit) for lit in onto.objects(URIRef(IPKG[cls]), RDFS.label) if isinstance(lit, Literal)}
        out[cls] = " ".join(v for v in (labels.get("zh"), labels.get("en")) if v) or cls
    out["Focus"] = "工作重点 Focus"
    return out


def _class_legend(view: View) -> None:
    counts = Counter(n["group"] for n in view.nodes.values())
    labels = class_labels()
    view.legend = {g: {"label": labels.get(g, g), "colour": CLASS_COLOURS[g], "count": counts[g]}
                   for g in CLASS_COLOURS if counts[g]}


def _edges_within(view: View, snap: Snapshot, skip: Iterable[str] = ()) -> None:
    skipped = set(skip)
    for t, s, o in snap.edges:
        if t not in skipped and s in view.nodes and o in view.nodes:
            view.link(s, o, t)


def whole_graph(snap: Snapshot) -> View:
    view = View("graph", "整个图谱 · The whole graph",
                "Every province, agency, programme, work item, case, centre and figure in the graph.")
    for r in snap.resources.values():
        view.add(r)
    _edges_within(view, snap)
    _class_legend(view)
    return view


def province_view(snap: Snapshot, uri: str) -> View:
    province = snap.resources[uri]
    code = local_name(uri)
    view = View(f"province:{code}", f"{province.name} · Province {code}",
                f"{province.name}: its work items grouped by focus, the agencies that lead and support them, "
                "its programmes, cities, centres, cases and reported figures.")
    view.add(province)
    res = snap.resources
    items = {s for t, s, o in snap.edges if t == "PLANNED_BY" and o == uri}
    for r in snap.of_class("City", "Agency", "ProtectionCentre", "RapidProtectionCentre", "Case"):
        if uri in r.provinces:
            view.add(r)
    for t, s, o in snap.edges:
        if t == "PILOT_TYPE" and s == uri:
            view.add(res[o])
    for item in sorted(items):
        r = res[item]
        focus = str(r.props.get("focus") or "（未分组）")
        number = r.props.get("groupNumber")
        focus_id = f"{uri}#focus-{number}-{focus}"
        if focus_id not in view.nodes:
            view.nodes[focus_id] = {
                "name": focus, "group": "Focus", "cls": "Focus", "aliases": [],
                "props": {"groupNumber": number, "year": r.props.get("year")}, "evidence": [], "provinces": [uri]}
            view.link(focus_id, uri, "FOCUS_OF")
        view.add(r)
        view.link(item, focus_id, "IN_FOCUS")
    for t, s, o in snap.edges:
        if s in view.nodes and res.get(s) and res[s].cls in ("WorkItem", "Case") and t in (
                *AGENCY_TYPES, "IMPLEMENTS", "MEASURED_OUTCOME"):
            view.add(res[o])
    _edges_within(view, snap, skip=("PLANNED_BY",))
    _class_legend(view)
    return view


def programme_view(snap: Snapshot, uri: str) -> View:
    programme = snap.resources[uri]
    key = local_name(uri)
    view = View(f"programme:{key}", f"{programme.name} · Programme",
                f"{programme.name} across provinces: the work items and cases that implement it, their provinces, "
                "and the agencies that lead and support them.")
    view.add(programme)
    res = snap.resources
    users = {s for t, s, o in snap.edges if t == "IMPLEMENTS" and o == uri}
    for t, s, o in snap.edges:
        if s in users and t in ("PLANNED_BY", "CONTRIBUTED_BY", *AGENCY_TYPES, "MEASURED_OUTCOME"):
            view.add(res[s])
            view.add(res[o])
    for s in users:
        view.add(res[s])
    _edges_within(view, snap, skip=("JURISDICTION", "LOCATED_IN"))
    _class_legend(view)
    return view


def agency_network(snap: Snapshot) -> View:
    view = View("agency-network", "部门协作网络 · Agency collaboration network",
                "Agencies linked by the work items they lead or support together; "
                "the thicker the line, the more items they share.", directed=False)
    by_item: dict[str, set[str]] = {}
    for t, s, o in snap.edges:
        if t in AGENCY_TYPES:
            by_item.setdefault(s, set()).add(o)
    shared: Counter[tuple[str, str]] = Counter()
    for agencies in by_item.values():
        shared.update(combinations(sorted(agencies), 2))
    kinds = sorted({str(snap.resources[a].props.get("agencyKindLabel") or "其他") for pair in shared for a in pair})
    colours = {kind: KIND_COLOURS[i % len(KIND_COLOURS)] for i, kind in enumerate(kinds)}
    for (a, b), weight in sorted(shared.items()):
        for uri in (a, b):
            view.add(snap.resources[uri], str(snap.resources[uri].props.get("agencyKindLabel") or "其他"))
        view.link(a, b, "SHARED_WORK_ITEMS", weight)
    counts = Counter(n["group"] for n in view.nodes.values())
    view.legend = {k: {"label": k, "colour": colours[k], "count": counts[k]} for k in kinds}
    return view


def cases_view(snap: Snapshot) -> View:
    view = View("cases", "典型案例 · Cases by programme",
                "Every case of the case collections with the programmes it implements, the provinces and cities "
                "that contributed it, and its measured outcomes.")
    res = snap.resources
    for case in snap.of_class("Case"):
        view.add(case)
    for t, s, o in snap.edges:
        if s in view.nodes and t in ("IMPLEMENTS", "CONTRIBUTED_BY", "MEASURED_OUTCOME"):
            view.add(res[o])
    _edges_within(view, snap, skip=("LOCATED_IN", "JURISDICTION"))
    _class_legend(view)
    return view


@dataclass(frozen=True)
class Entry:
    name: str
    title: str
    build: Callable[[Snapshot], View]

    @property
    def file(self) -> str:
        return file_name(self.name)


def catalogue(snap: Snapshot) -> list[Entry]:
    """Every view of this graph, in the order they are listed and written."""
    entries = [Entry("graph", "整个图谱 · The whole graph", whole_graph),
               Entry("agency-network", "部门协作网络 · Agency collaboration network", agency_network),
               Entry("cases", "典型案例 · Cases by programme", cases_view)]
    for r in snap.of_class("Province"):
        entries.append(Entry(f"province:{local_name(r.uri)}", r.name,
                             lambda s, uri=r.uri: province_view(s, uri)))
    for r in snap.of_class("Programme"):
        entries.append(Entry(f"programme:{local_name(r.uri)}", r.name,
                             lambda s, uri=r.uri: programme_view(s, uri)))
    return entries


def select(snap: Snapshot, wanted: str) -> Entry:
    """The view named ``wanted``: a name from ``kg viz --list``, or a province or programme by name or alias."""
    entries = {e.name: e for e in catalogue(snap)}
    kind, _, value = wanted.partition(":")
    if wanted not in entries and kind == "province" and value:
        from kg.library import province_name

        name = province_name(value, "--view province")
        wanted = next((e.name for e in entries.values() if e.name.startswith("province:") and e.title == name), wanted)
    elif wanted not in entries and kind == "programme" and value:
        wanted = next((f"programme:{local_name(r.uri)}" for r in snap.of_class("Programme")
                       if value == r.name or value in r.aliases), wanted)
    if wanted not in entries:
        raise KgError(f"no view named {wanted!r}; `kg viz --list` lists them")
    return entries[wanted]
