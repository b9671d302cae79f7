"""An extracted graph measured against a hand-made evaluation set: precision, recall and F1 per
category, with the misses and false hits that explain each figure.

The evaluation set is a directory of TSV files (see ``tests/gold/README.md``); its work-plan rows
are compared with the work items of documents in the work-plan layout. Texts are compared
with whitespace removed and trailing 。 dropped; an agency matches a written name when that name is
its canonical name or one of its aliases.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef

from kg.gold import read_tsv
from kg.ontology.namespaces import IPKG, PROV, RDF, RDFS, SKOS
from kg.prose_evaluation import evaluate_prose

#: category → (measure, minimum) that ``kg eval --strict`` holds the extraction to
TARGETS: dict[str, tuple[tuple[str, float], ...]] = {
    "work-plan rows": (("f1", 0.98),),
    "lead agencies": (("f1", 0.97),),
    "support agencies": (("f1", 0.95),),
    "centres": (("precision", 1.0), ("recall", 1.0)),
    "case contributors": (("f1", 0.97),),
    "canonical agency names": (("recall", 0.97),),
    "collectives": (("f1", 0.9),),
    "prose agencies": (("recall", 0.80), ("precision", 0.90)),
    "prose centres": (("f1", 0.90),),
    "prose programmes": (("recall", 0.70),),
    "prose figures": (("recall", 0.60),),
    "prose relations": (("recall", 0.50),),
    "prose policy titles": (("recall", 0.90),),
}


@dataclass
class Score:
    """One category: counts, and what was missed or wrongly found."""

    category: str
    gold: int
    found: int
    correct: int
    misses: list[str] = field(default_factory=list)
    false_hits: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def below_target(self) -> list[str]:
        """The targets this score misses, as ``measure value < minimum``."""
        return [f"{m} {getattr(self, m):.3f} < {t}" for m, t in TARGETS.get(self.category, ())
                if getattr(self, m) < t]


def norm(text: str) -> str:
    return re.sub(r"\s+", "", text).rstrip("。.")


def names(text: str) -> list[str]:
    return [n for n in (s.strip() for s in text.split("、")) if n]


class Extracted:
    """Read access to the facts of an extracted graph that the evaluation compares."""

    def __init__(self, graph: Graph) -> None:
        self.g = graph

    def label(self, node: URIRef) -> str:
        return next((str(o) for o in self.g.objects(node, RDFS.label) if getattr(o, "language", None) == "zh"),
                    str(next(self.g.objects(node, RDFS.label), "")))

    def all_names(self, node: URIRef) -> set[str]:
        return {norm(str(o)) for p in (RDFS.label, SKOS.altLabel) for o in self.g.objects(node, p)}

    def instances(self, cls: URIRef) -> Iterable[URIRef]:
        return (s for s in self.g.subjects(RDF.type, cls) if isinstance(s, URIRef))

    def province_of(self, place: URIRef) -> str | None:
        """The province a place is or lies in."""
        if (place, RDF.type, IPKG.Province) in self.g:
            return self.label(place)
        for up in self.g.objects(place, IPKG.locatedIn):
            return self.province_of(up)
        return None

    def value(self, node: URIRef, prop: URIRef) -> str:
        return str(next(self.g.objects(node, prop), ""))


def evaluate(graph: Graph, gold: Path) -> list[Score]:
    """Every category's score for ``graph`` against the evaluation set in ``gold``."""
    ex = Extracted(graph)
    rows = read_tsv(gold / "workplan-rows.tsv", 6)
    return [
        *_work_plans(ex, rows),
        _centres(ex, read_tsv(gold / "centres.tsv", 3)),
        *_cases(ex, read_tsv(gold / "cases.tsv", 3)),
        _canonical_names(ex, agencies := read_tsv(gold / "agencies.tsv", 4)),
        _collectives(ex, agencies),
        *evaluate_prose(graph, gold),
    ]


def evaluate_work_plans(graph: Graph, gold: Path, provinces: Iterable[str] = ()) -> list[Score]:
    """The work-plan categories only (rows, lead and support agencies), for a graph of documents that
    hold the plans of the evaluation set and nothing else, such as the same plans in other formats;
    ``provinces`` limits the evaluation set to the plans of those provinces."""
    wanted = set(provinces)
    rows = read_tsv(gold / "workplan-rows.tsv", 6)
    return _work_plans(Extracted(graph), [r for r in rows if not wanted or r[0] in wanted])


def _row_key(province: str, group: str, focus: str, content: str) -> tuple[str, str, str, str]:
    return province, group, norm(focus), norm(content)


def _show(key: tuple) -> str:
    return " / ".join(str(k) for k in key if k != "")


def _work_plans(ex: Extracted, rows: list[list[str]]) -> list[Score]:
    provinces = {r[0] for r in rows}
    gold_rows = {_row_key(*r[:4]): r for r in rows}
    found: dict[tuple, dict[str, list[set[str]]]] = defaultdict(lambda: {"lead": [], "support": []})
    for item in ex.instances(IPKG.WorkItem):
        province = next((ex.label(p) for p in ex.g.objects(item, IPKG.plannedBy)), "")
        doc = next(ex.g.objects(item, PROV.wasDerivedFrom), None)
        if province not in provinces or doc is None or ex.value(doc, IPKG.layout) != "work-plan":
            continue
        key = _row_key(province, ex.value(item, IPKG.groupNumber), ex.value(item, IPKG.focus), ex.label(item))
        entry = found[key]
        for role, prop in (("lead", IPKG.leadAgency), ("support", IPKG.supportAgency)):
            entry[role].extend(ex.all_names(a) for a in ex.g.objects(item, prop))
    hits = set(found) & set(gold_rows)
    scores = [Score("work-plan rows", len(gold_rows), len(found), len(hits),
                    [_show(k) for k in sorted(set(gold_rows) - hits)],
                    [_show(k) for k in sorted(set(found) - hits)])]
    for role, column in (("lead", 4), ("support", 5)):
        written_in = {k: {norm(n) for n in names(r[column])} for k, r in gold_rows.items()}
        gold_pairs = {(k, n) for k, ns in written_in.items() for n in ns}
        matched, wrong, extracted = set(), [], 0
        for key, entry in found.items():
            written = written_in.get(key, set())
            for agency in entry[role]:
                hit = agency & written
                extracted += max(1, len(hit))  # an office written as two of its divisions stands for both
                if hit:
                    matched |= {(key, n) for n in hit}
                else:
                    wrong.append(f"{_show(key)} → {min(agency, key=len)}")
        scores.append(Score(f"{role} agencies", len(gold_pairs), extracted, len(matched),
                            [f"{_show(k)} → {n}" for k, n in sorted(gold_pairs - matched)], sorted(wrong)))
    return scores


def _centres(ex: Extracted, rows: list[list[str]]) -> Score:
    gold = {norm(r[0]): (r[1], {norm(r[0])} | {norm(n) for n in names(r[2])}) for r in rows}
    correct, wrong, seen = 0, [], set()
    centres = sorted({c for cls in (IPKG.ProtectionCentre, IPKG.RapidProtectionCentre) for c in ex.instances(cls)})
    for centre in centres:
        written = ex.all_names(centre)
        place = next(ex.g.objects(centre, IPKG.locatedIn), None)
        province = ex.province_of(place) if place is not None else None
        match = next((name for name, (_, forms) in gold.items() if forms & written), None)
        if match is None:
            wrong.append(f"{ex.label(centre)} (not a named centre of the evaluation set)")
        elif match in seen:
            wrong.append(f"{ex.label(centre)} (a second node for {match})")
        elif province != gold[match][0]:
            wrong.append(f"{ex.label(centre)} in {province or 'no province'}, not {gold[match][0]}")
        else:
            correct += 1
            seen.add(match)
    misses = [f"{name} ({province})" for name, (province, _) in gold.items() if name not in seen]
    return Score("centres", len(gold), len(centres), correct, misses, sorted(wrong))


def _cases(ex: Extracted, rows: list[list[str]]) -> list[Score]:
    gold = {(r[0], norm(r[1])): set(names(r[2])) for r in rows}
    found: dict[tuple[str, str], set[str]] = {}
    for case in ex.instances(IPKG.Case):
        doc = next(ex.g.objects(case, PROV.wasDerivedFrom), None)
        collection = ex.value(doc, IPKG.fileName) if doc is not None else ""
        places = {ex.label(p) for p in ex.g.objects(case, IPKG.contributedBy)}
        found.setdefault((collection, norm(ex.label(case))), set()).update(places)
    hits = set(found) & set(gold)
    cases = Score("cases", len(gold), len(found), len(hits), [_show(k) for k in sorted(set(gold) - hits)],
                  [_show(k) for k in sorted(set(found) - hits)])
    gold_pairs = {(k, p) for k, ps in gold.items() for p in ps}
    found_pairs = {(k, p) for k, ps in found.items() for p in ps}
    right = gold_pairs & found_pairs
    contributors = Score("case contributors", len(gold_pairs), len(found_pairs), len(right),
                         [f"{k[1]} → {p}" for k, p in sorted(gold_pairs - right)],
                         [f"{k[1]} → {p}" for k, p in sorted(found_pairs - right)])
    return [cases, contributors]


def _canonical_names(ex: Extracted, rows: list[list[str]]) -> Score:
    """For each written name in a province's plan, the agency it resolved to: is its name the canonical one?"""
    by_province: dict[str, list[URIRef]] = defaultdict(list)
    for agency in ex.instances(IPKG.Agency):
        for place in ex.g.objects(agency, IPKG.jurisdiction):
            by_province[ex.province_of(place) or ""].append(agency)
    correct, wrong, misses = 0, [], []
    for agencies in by_province.values():  # an agency named in a plan first, before another document's namesake
        agencies.sort(key=lambda a: not any(ex.value(d, IPKG.layout) == "work-plan"
                                            for d in ex.g.objects(a, PROV.wasDerivedFrom)))
    for province, surface, canonical, kind in rows:
        agency = next((a for a in by_province.get(province, []) if norm(surface) in ex.all_names(a)), None)
        if agency is None:
            misses.append(f"{province} {surface} (no agency has this name)")
            continue
        got, got_kind = ex.label(agency), ex.value(agency, IPKG.agencyKind)
        if norm(got) == norm(canonical) and got_kind == kind:
            correct += 1
        else:
            wrong.append(f"{province} {surface} → {got} ({got_kind}), expected {canonical} ({kind})")
    return Score("canonical agency names", len(rows), len(rows) - len(misses), correct, misses, wrong)


def _collectives(ex: Extracted, rows: list[list[str]]) -> Score:
    """Collectives of the evaluation set (各有关部门, 各成员单位) kept as a group of their province."""
    gold = {(r[0], norm(r[1])) for r in rows if r[3] == "collective"}
    provinces = {r[0] for r in rows}
    found: dict[tuple[str, str], set[str]] = {}
    for agency in ex.instances(IPKG.Agency):
        if ex.value(agency, IPKG.agencyKind) != "collective":
            continue
        for place in ex.g.objects(agency, IPKG.jurisdiction):
            province = ex.province_of(place) or ""
            if province in provinces:
                found[(province, ex.label(agency))] = ex.all_names(agency)
    kept = {(p, n) for p, n in gold if any(p == fp and n in names for (fp, _), names in found.items())}
    wrong = [f"{p} {label}" for (p, label), names in sorted(found.items())
             if not any((p, n) in gold for n in names)]
    return Score("collectives", len(gold), len(found), len(kept),
                 [f"{p} {n}" for p, n in sorted(gold - kept)], wrong)
