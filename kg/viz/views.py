"""The views an analyst can open: what each one selects from the snapshot of the graph, and where it is drawn.

``graph`` (the overview: provinces and programmes with aggregated counts, each a way into its own view),
``province:<code>`` (one province as a hierarchy: focus groups → work items → agencies, with its
programmes, figures, centres and cases beside it), ``programme:<key>`` (one programme with the
provinces that plan it around it), ``agency-network`` (agencies linked by the work items they share,
in communities), ``cases``, ``matrix`` (province × programme) and ``map`` (provinces coloured by a
measure).
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from itertools import combinations

from rdflib import Literal, URIRef

from kg.errors import KgError
from kg.load.property_graph import local_name
from kg.ontology.namespaces import IPKG, RDFS, ontology
from kg.viz import layout
from kg.viz.snapshot import CLASSES, Resource, Snapshot

CLASS_COLOURS = {
    "Province": "#d62728", "City": "#ff9896", "Agency": "#1f77b4", "RapidProtectionCentre": "#98df8a",
    "ProtectionCentre": "#2ca02c", "Programme": "#9467bd", "WorkItem": "#ff7f0e", "Case": "#8c564b",
    "Measurement": "#bcbd22", "PilotType": "#e377c2", "PolicyDocument": "#7f7f7f", "Focus": "#ffbb78",
}
KIND_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf",
                "#bcbd22", "#7f7f7f", "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94")
AGENCY_TYPES = ("LEAD_AGENCY", "SUPPORT_AGENCY")
CENTRES = ("ProtectionCentre", "RapidProtectionCentre")
NAMED_COMMUNITIES = 12  # the agency network names and colours this many communities, the largest


@dataclass
class View:
    """What one page shows. ``kind`` is ``network`` (nodes, edges, positions, legend; drawn with vis-network),
    ``diagram`` (the same, drawn as SVG by the page's own script: small networks, no library to load), ``matrix`` or
    ``map`` (their data in ``extra``; ``nodes`` then holds the resources a reader can open in the side panel)."""

    name: str
    title: str
    description: str
    directed: bool = True
    kind: str = "network"
    nodes: dict[str, dict] = field(default_factory=dict)
    edges: list[dict] = field(default_factory=list)
    legend: dict[str, dict] = field(default_factory=dict)
    positions: dict[str, tuple[float, float]] | None = None
    extra: dict = field(default_factory=dict)

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


@cache
def _short_forms() -> dict[str, tuple[str, ...]]:
    from kg.extract.lexicon import gazetteer

    return {p.code: p.short for p in gazetteer().provinces}


def search_keys(r: Resource) -> list[str]:
    """What a reader may type besides the name and aliases: the English name, a GB/T code, short forms (川)."""
    keys = [str(r.props[k]) for k in ("nameEn", "divisionCode") if r.props.get(k)]
    if r.cls == "Province":
        keys += _short_forms().get(str(r.props.get("divisionCode") or local_name(r.uri)), ())
    return [k for k in dict.fromkeys(keys) if k != r.name and k not in r.aliases]


def own_view(r: Resource) -> str | None:
    """The file of the view that is about ``r`` (provinces and programmes have one)."""
    if r.cls == "Province":
        return file_name(f"province:{local_name(r.uri)}")
    if r.cls == "Programme":
        return file_name(f"programme:{local_name(r.uri)}")
    return None


def node_record(r: Resource, group: str) -> dict:
    """A node as the page needs it: properties, aliases, provinces and its evidence (one entry per distinct quote);
    made once per resource and group, each view getting its own copy to add to."""
    made = r.records.get(group)
    if made is None:
        made = r.records[group] = _record(r, group)
    return dict(made)


def _record(r: Resource, group: str) -> dict:
    props = {k: v for k, v in sorted(r.props.items()) if k not in ("name", "aliases", "uri")}
    record = {"name": r.name, "group": group, "cls": r.cls, "aliases": r.aliases, "keys": search_keys(r),
              "props": props, "evidence": r.evidence, "provinces": sorted(r.provinces)}
    if link := own_view(r):
        record["view"] = link
    return record


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
    """Link the view's nodes by the edges between them, in the order of ``snap.edges``."""
    skipped = set(skip)
    edges, starting = snap.edges, snap.edges_from
    found = sorted(i for s in view.nodes for i in starting.get(s, ())
                   if edges[i][0] not in skipped and edges[i][2] in view.nodes)
    for i in found:
        t, s, o = edges[i]
        view.link(s, o, t)


def _implementers(snap: Snapshot) -> dict[tuple[str, str], list[str]]:
    """``(province, programme) → [work items and cases]`` that implement the programme in the province."""
    out: dict[tuple[str, str], list[str]] = {}
    for t, s, o in snap.edges:
        if t != "IMPLEMENTS" or snap.resources[o].cls != "Programme":
            continue
        for rel, place in snap.outgoing.get(s, ()):
            if rel in ("PLANNED_BY", "CONTRIBUTED_BY") and snap.resources[place].cls == "Province":
                out.setdefault((place, o), []).append(s)
    return out


def overview(snap: Snapshot) -> View:
    """Provinces round a circle (by GB/T code, so regions sit together) and programmes inside, linked by
    the work items and cases that implement them; each node opens its own view."""
    view = View("graph", "全图概览 · Overview",
                "Provinces (outer ring) and the national programmes they plan (inner ring); a line's width is the "
                "number of work items and cases, a node's size its total. Click a node to open its own view.",
                directed=False, kind="diagram")
    implemented = _implementers(snap)
    counts = _province_counts(snap, implemented)
    provinces = snap.of_class("Province")
    programmes = snap.of_class("Programme")
    for p in provinces:
        view.add(p)
        view.nodes[p.uri]["props"] = {**view.nodes[p.uri]["props"], **counts[p.uri]}
    by_programme: dict[str, list[tuple[str, str]]] = {}
    for pair in implemented:
        by_programme.setdefault(pair[1], []).append(pair)
    for g in programmes:
        view.add(g)
        users = by_programme.get(g.uri, [])
        view.nodes[g.uri]["props"] = {**view.nodes[g.uri]["props"], "provinces planning it": len(users),
                                      "work items and cases": sum(len(implemented[u]) for u in users)}
    for (p, g), users in sorted(implemented.items()):
        view.link(p, g, "IMPLEMENTED_IN", len(users))
    view.positions = layout.rings([p.uri for p in provinces], [g.uri for g in programmes],
                                  [(e["from"], e["to"], e["weight"]) for e in view.edges])
    weight: Counter[str] = Counter()
    for e in view.edges:
        weight[e["from"]] += e["weight"]
        weight[e["to"]] += e["weight"]
    for uri, node in view.nodes.items():
        node["weight"] = weight[uri]
    view.extra["index"] = search_index(snap)
    _class_legend(view)
    return view


def search_index(snap: Snapshot) -> list[list]:
    """``[name, class, view file, other keys…]`` for every resource a province, programme or the cases view shows,
    so the overview's search leads into the view that holds it."""
    files: dict[str, str] = {}
    for p in snap.of_class("Province"):
        for uri in province_members(snap, p.uri):
            files.setdefault(uri, file_name(f"province:{local_name(p.uri)}"))
    for r in snap.of_class("Case"):
        files.setdefault(r.uri, "cases.html")
    for r in snap.of_class("Programme"):
        files[r.uri] = own_view(r) or ""
    labels = class_labels()
    return [[r.name, labels.get(r.cls, r.cls), files[uri], *r.aliases, *search_keys(r)]
            for uri, r in sorted(snap.resources.items()) if uri in files]


def province_members(snap: Snapshot, uri: str) -> dict[str, None]:
    """The resources a province view shows, in a stable order."""
    res = snap.resources
    members: dict[str, None] = {uri: None}
    items = sorted(s for t, s in snap.incoming.get(uri, ()) if t == "PLANNED_BY")
    for r in snap.in_province.get(uri, ()):
        if r.cls in ("City", "Agency", *CENTRES, "Case"):
            members[r.uri] = None
    for t, o in snap.outgoing.get(uri, ()):
        if t == "PILOT_TYPE":
            members[o] = None
    for item in items:
        members[item] = None
    for s in list(members):
        if res[s].cls in ("WorkItem", "Case"):
            for t, o in snap.outgoing.get(s, ()):
                if t in (*AGENCY_TYPES, "IMPLEMENTS", "MEASURED_OUTCOME"):
                    members[o] = None
    return members


def province_view(snap: Snapshot, uri: str) -> View:
    province = snap.resources[uri]
    code = local_name(uri)
    view = View(f"province:{code}", f"{province.name} · Province {code}",
                f"{province.name}: its work items grouped by focus (工作重点), the agencies that lead and support "
                "them, and beside them its programmes, figures, pilot type, cities, centres and cases.")
    res = snap.resources
    members = province_members(snap, uri)
    for m in members:
        view.add(res[m])
    focus_of: dict[str, str] = {}
    for m in members:
        if res[m].cls == "WorkItem":
            r = res[m]
            focus_of[m] = f"{uri}#focus-{r.props.get('groupNumber')}-{r.props.get('focus') or '（未分组）'}"
    # Groups in the order of their number, then of their first item in the document; items likewise.
    first: dict[str, tuple[float, int]] = {}
    for item, focus_id in focus_of.items():
        key = (_number(res[item].props.get("groupNumber")), res[item].start)
        first[focus_id] = min(first.get(focus_id, key), key)
    items = sorted(focus_of, key=lambda i: (first[focus_of[i]], focus_of[i], res[i].start, i))
    for item in items:
        r = res[item]
        focus_id = focus_of[item]
        focus = str(r.props.get("focus") or "（未分组）")
        number = r.props.get("groupNumber")
        if focus_id not in view.nodes:
            view.nodes[focus_id] = {
                "name": focus, "group": "Focus", "cls": "Focus", "aliases": [], "keys": [],
                "props": {"groupNumber": number, "year": r.props.get("year")}, "evidence": [], "provinces": [uri]}
            view.link(focus_id, uri, "FOCUS_OF")
        view.link(item, focus_id, "IN_FOCUS")
    _edges_within(view, snap, skip=("PLANNED_BY",))
    column = {uri: 0, **{f: 1 for f in focus_of.values()}, **{i: 2 for i in items}}
    for m in view.nodes:
        if m not in column:
            cls = view.nodes[m]["cls"]
            column[m] = 3 if cls == "Agency" else 4 if cls in ("Programme", "Measurement", "PilotType") else 5
    order = list(dict.fromkeys([uri, *(focus_of[i] for i in items), *items, *view.nodes]))
    view.positions = layout.layered(column, anchor=2, order=order,
                                    edges=[(e["from"], e["to"]) for e in view.edges])
    _class_legend(view)
    return view


def _number(value: object) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return float("inf")


def programme_view(snap: Snapshot, uri: str) -> View:
    programme = snap.resources[uri]
    key = local_name(uri)
    view = View(f"programme:{key}", f"{programme.name} · Programme",
                f"{programme.name}: the provinces that plan it around it, then their work items and cases that "
                "implement it, then the agencies that lead and support them and the figures reported.")
    view.add(programme)
    res = snap.resources
    users = sorted(s for t, s in snap.incoming.get(uri, ()) if t == "IMPLEMENTS")
    sector: dict[str, str] = {}
    for s in users:
        view.add(res[s])
        for t, o in snap.outgoing.get(s, ()):
            if t in ("PLANNED_BY", "CONTRIBUTED_BY", *AGENCY_TYPES, "MEASURED_OUTCOME"):
                view.add(res[o])
                if t in ("PLANNED_BY", "CONTRIBUTED_BY") and res[o].cls == "Province":
                    sector.setdefault(s, o)
    _edges_within(view, snap, skip=("JURISDICTION", "LOCATED_IN"))
    ring = {uri: 0}
    for n, record in view.nodes.items():
        if n != uri:
            ring[n] = {"Province": 1, "WorkItem": 2, "Case": 2, "City": 1}.get(record["cls"], 3)
    for s, p in list(sector.items()):
        for _, o in snap.outgoing.get(s, ()):
            if o in view.nodes and ring.get(o) == 3:
                sector.setdefault(o, p)
    for n in view.nodes:
        if ring[n] == 1 and view.nodes[n]["cls"] == "Province":
            sector[n] = n
    view.positions = layout.radial(uri, ring, sector, order=list(view.nodes))
    _class_legend(view)
    return view


def agency_network(snap: Snapshot) -> View:
    view = View("agency-network", "部门协作网络 · Agency collaboration network",
                "Agencies linked by the work items they lead or support together (the thicker the line, the more "
                "items); communities of agencies that work together are coloured and named after their main agency.",
                directed=False)
    by_item: dict[str, set[str]] = {}
    for t, s, o in snap.edges:
        if t in AGENCY_TYPES:
            by_item.setdefault(s, set()).add(o)
    shared: Counter[tuple[str, str]] = Counter()
    for agencies in by_item.values():
        shared.update(combinations(sorted(agencies), 2))
    agencies = sorted({a for pair in shared for a in pair})
    communities = layout.communities(agencies, [(a, b, w) for (a, b), w in sorted(shared.items())])
    strength: Counter[str] = Counter()
    for (a, b), w in shared.items():
        strength[a] += w
        strength[b] += w
    legend: dict[str, dict] = {}
    community_of = {}
    for i, members in enumerate(communities):
        if i < NAMED_COMMUNITIES:
            named = [m for m in members if snap.resources[m].props.get("agencyKind") != "collective"] or members
            main = max(named, key=lambda m: (strength[m], m))
            group = f"c{i}"
            legend[group] = {"label": f"{snap.resources[main].name} 等", "colour": KIND_COLOURS[i], "count": len(members)}
        else:
            group = "rest"
            entry = legend.setdefault(group, {"label": f"其他 {len(communities) - i} 个社区 · smaller communities",
                                              "colour": "#b0b0b0", "count": 0})
            entry["count"] += len(members)
        for m in members:
            community_of[m] = group
    for uri in sorted(community_of):
        view.add(snap.resources[uri], community_of[uri])
        view.nodes[uri]["weight"] = strength[uri]
    for (a, b), weight in sorted(shared.items()):
        view.link(a, b, "SHARED_WORK_ITEMS", weight)
    view.positions = layout.clustered(communities, [(e["from"], e["to"]) for e in view.edges])
    view.legend = legend
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


def _kind_labels() -> dict[str, str]:
    from kg.extract.lexicon import read_table

    return {row[0]: f"{row[1]} {row[2]}" for row in read_table("agency_kinds_labels.tsv")}


def matrix_view(snap: Snapshot) -> View:
    """Provinces × programmes: a cell holds the work items and cases of a province that implement a programme,
    coloured by the kind of agency that leads most of them."""
    view = View("matrix", "省份 × 计划矩阵 · Province × programme matrix",
                "Who plans what: a row per province, a column per programme; a cell counts the work items and cases "
                "that implement the programme and is coloured by the kind of agency that leads most of them. "
                "Click a cell for its work items and their source quotes.", kind="matrix")
    res = snap.resources
    implemented = _implementers(snap)
    rows = [p.uri for p in snap.of_class("Province") if any(k[0] == p.uri for k in implemented)]
    used = Counter(g for _, g in implemented)
    cols = sorted(used, key=lambda g: (-used[g], res[g].name))
    names = _kind_labels()
    kinds: list[str] = []
    cells = []
    for r, p in enumerate(rows):
        for c, g in enumerate(cols):
            users = sorted(implemented.get((p, g), ()), key=lambda u: (res[u].start, u))
            if not users:
                continue
            leads = Counter(str(res[a].props.get("agencyKind") or "other") for u in users
                            for t, a in snap.outgoing.get(u, ()) if t == "LEAD_AGENCY")
            kind = max(leads, key=lambda k: (leads[k], k)) if leads else "none"
            if kind not in kinds:
                kinds.append(kind)
            for u in users:
                view.add(res[u])
                view.nodes[u]["leads"] = [res[a].name for t, a in snap.outgoing.get(u, ()) if t == "LEAD_AGENCY"]
            cells.append([r, c, kinds.index(kind), users])
    for uri in rows + cols:
        view.add(res[uri])
    ids = {uri: i for i, uri in enumerate(view.nodes)}
    view.extra = {"rows": [ids[p] for p in rows], "cols": [ids[g] for g in cols],
                  "cells": [[r, c, k, [ids[u] for u in users]] for r, c, k, users in cells]}
    view.legend = {k: {"label": names.get(k, "无牵头部门 no lead agency" if k == "none" else k),
                       "colour": KIND_COLOURS[i % len(KIND_COLOURS)], "count": sum(c[2] == i for c in cells)}
                   for i, k in enumerate(kinds)}
    return view


def _province_counts(snap: Snapshot, implemented: dict[tuple[str, str], list[str]] | None = None
                    ) -> dict[str, dict[str, int]]:
    """Per province: programmes planned, work items, centres, cases and reported figures (``implemented`` as
    ``_implementers`` gives it, when already at hand)."""
    res = snap.resources
    planned = Counter(p for p, _ in (_implementers(snap) if implemented is None else implemented))
    out = {}
    for p in snap.of_class("Province"):
        members = province_members(snap, p.uri)
        classes = Counter(res[m].cls for m in members)
        out[p.uri] = {"programmes": planned[p.uri],
                      "work items": sum(1 for t, _ in snap.incoming.get(p.uri, ()) if t == "PLANNED_BY"),
                      "centres": classes["ProtectionCentre"] + classes["RapidProtectionCentre"],
                      "cases": classes["Case"], "figures": classes["Measurement"]}
    return out


def _year(snap: Snapshot, figure: str) -> int | None:
    """The year a figure belongs to: its own, or that of the work item or case reporting it."""
    r = snap.resources[figure]
    for candidate in [r] + [snap.resources[s] for t, s in snap.incoming.get(figure, ()) if t == "MEASURED_OUTCOME"]:
        value = candidate.props.get("year")
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            return int(value)
    return None


def map_view(snap: Snapshot) -> View:
    view = View("map", "地图 · Map of China",
                "Provinces coloured by a chosen measure: programmes planned, work items, centres, cases or reported "
                "figures. Click a province for its figures by year and a link to its own view.", kind="map")
    counts = _province_counts(snap)
    res = snap.resources
    for p in snap.of_class("Province"):
        view.add(p)
        view.nodes[p.uri]["props"] = {**view.nodes[p.uri]["props"], **counts[p.uri]}
    figures = {}
    for p in snap.of_class("Province"):
        for m in province_members(snap, p.uri):
            if res[m].cls == "Measurement":
                view.add(res[m])
                year = _year(snap, m)
                figures.setdefault(p.uri, []).append([m, year])
    ids = {uri: i for i, uri in enumerate(view.nodes)}
    view.extra = {
        "measures": ["programmes", "work items", "centres", "cases", "figures"],
        "regions": {str(res[p].props.get("divisionCode") or local_name(p)): ids[p] for p in counts},
        "figures": {ids[p]: [[ids[m], y] for m, y in sorted(fs, key=lambda f: (f[1] or 0, f[0]))]
                    for p, fs in figures.items()},
    }
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
    entries = [Entry("graph", "全图概览 · Overview", overview),
               Entry("matrix", "省份 × 计划矩阵 · Province × programme matrix", matrix_view),
               Entry("map", "地图 · Map of China", map_view),
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
    """The view named ``wanted``: a name from ``kg viz --list``, or a province or programme by name, alias,
    English name, short form, code or part of a name (as queries accept); otherwise an error with suggestions."""
    entries = {e.name: e for e in catalogue(snap)}
    if wanted in entries:
        return entries[wanted]
    kind, _, value = wanted.partition(":")
    if kind in ("province", "programme") and value:
        cls = kind.capitalize()
        found = _by_name(snap, cls, value)
        if len(found) == 1:
            return entries[f"{kind}:{local_name(found[0].uri)}"]
        if found:
            names = "、".join(r.name for r in found[:8])
            raise KgError(f"--view {wanted!r} names {len(found)} {kind}s ({names}); give more of the name")
        pool = [r.name for r in snap.of_class(cls)]
        close = difflib.get_close_matches(value, pool, n=3, cutoff=0.3)
        hint = f"; did you mean {'、'.join(close)}?" if close else "; `kg viz --list` lists them"
        raise KgError(f"no {kind} named {value!r} in the graph{hint}")
    close = difflib.get_close_matches(wanted, list(entries), n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise KgError(f"no view named {wanted!r}{hint} (`kg viz --list` lists them)")


def _by_name(snap: Snapshot, cls: str, value: str) -> list[Resource]:
    """Resources of ``cls`` named exactly by ``value`` (name, alias, key, English name, code, short form), or
    else those whose name, alias or English name contains it."""
    rs = snap.of_class(cls)
    folded = value.casefold()

    def forms(r: Resource) -> list[str]:
        return [r.name, *r.aliases, *search_keys(r), local_name(r.uri)]

    exact = [r for r in rs if folded in (f.casefold() for f in forms(r))]
    return exact or [r for r in rs if any(folded in f.casefold() for f in forms(r)[:-1])]
