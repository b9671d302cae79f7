"""What in an extracted graph looks wrong, wherever it comes from: the evaluation set covers a few
provinces, this report covers every work item and agency, so a regression outside it shows up.

A work item is suspicious when its text is too short to be a 工作内容, ends in an open
separator (、，（), reads as a list of departments, or carries a page number or markup; an agency
when neither its name nor any name it was written as can be an agency's. Department text that names no
agency (a glued or cut name, kept as written on its work item) is listed too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import Graph

from kg.evaluation import Extracted, norm
from kg.extract import agencies
from kg.extract.lexicon import gazetteer
from kg.extract.plan_reader import agency_likeness
from kg.ontology.namespaces import IPKG, PROV, SKOS

SHORTEST_ITEM = 6  # characters; the shortest 工作内容 of the plan template has 6
OPEN_END = "、，,（(：:"
PAGE_NUMBER = re.compile(r"[\u4e00-\u9fff]\d{1,4}$|^\d{1,3}(?![\d.%年月日个项件万亿次])[\u4e00-\u9fff]")
MARKUP = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
PLAN_LAYOUTS = ("work-plan", "tab-plan")
SUSPICIOUS_LIMIT = 5  # suspicious work items and agencies ``kg eval --strict`` accepts in the whole graph


@dataclass(frozen=True)
class Finding:
    kind: str  # "work item", "agency" or "department text"
    where: str  # province and document
    text: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.text} ({self.reason})"


def item_reasons(text: str) -> list[str]:
    """Why a work item's text does not read as one 工作内容 (empty when it does)."""
    text = norm(text)
    reasons = []
    if len(text) < SHORTEST_ITEM:
        reasons.append("too short")
    if text[-1:] in OPEN_END:
        reasons.append(f"ends in {text[-1]}")
    if agency_likeness(text, 0.0, 0.0) >= 1:
        reasons.append("a department list")
    if PAGE_NUMBER.search(text):
        reasons.append("a page number")
    if MARKUP.search(text):
        reasons.append("markup")
    return reasons


def report(graph: Graph) -> list[Finding]:
    """Every suspicious work item, agency and unread department text of ``graph``."""
    ex = Extracted(graph)
    findings: list[Finding] = []
    for item in sorted(ex.instances(IPKG.WorkItem)):
        doc = next(ex.g.objects(item, PROV.wasDerivedFrom), None)
        if doc is None or ex.value(doc, IPKG.layout) not in PLAN_LAYOUTS:
            continue
        province = next((ex.label(p) for p in ex.g.objects(item, IPKG.plannedBy)), "")
        where = f"{province} ({ex.value(doc, IPKG.fileName)})"
        label = ex.label(item)
        reasons = item_reasons(label)
        for prop in (IPKG.measures, IPKG.results):
            if MARKUP.search(ex.value(item, prop)):
                reasons.append("markup in its cells")
        if reasons:
            findings.append(Finding("work item", where, label, ", ".join(dict.fromkeys(reasons))))
        findings.extend(Finding("department text", where, name, f"not read as an agency, in {label[:20]}…")
                        for name in _unread_names(ex.value(item, IPKG.responsibleText), province))
    for agency in sorted(ex.instances(IPKG.Agency)):
        if ex.value(agency, IPKG.agencyKind) == "collective":
            continue
        written = [str(o) for o in ex.g.objects(agency, SKOS.altLabel)] + [ex.label(agency)]
        places = [ex.province_of(p) or "" for p in ex.g.objects(agency, IPKG.jurisdiction)]
        province = gazetteer().province(places[0]) if places else None
        if not any(agencies.is_plausible(w) or (province and agencies.resolve(w, province)) for w in written):
            findings.append(Finding("agency", "、".join(places), ex.label(agency),
                                    "written as " + "、".join(sorted(written))))
    return findings


def _unread_names(cell: str, province: str) -> list[str]:
    """Names of a department cell that resolve to no agency and are no collective phrase."""
    where = gazetteer().province(province)
    if not cell or where is None:
        return []
    names = agencies.split_cell(cell)
    return [n.surface for n, resolved in zip(names, agencies.resolve_cell(names, where), strict=True)
            if resolved is None and not agencies.is_collective(n.surface)]
