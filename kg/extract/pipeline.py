"""From documents to the Model: read, detect the layout, segment, recognise and resolve."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from kg import read
from kg.errors import InputError
from kg.extract import (
    agencies,
    cases,
    layout,
    lexicon,
    nlp,
    parallel,
    pilots,
    plan_tables,
    policy,
    prose_agencies,
    prose_lexicon,
    quantities,
    workplan,
    yangtze,
)
from kg.extract.figures import figures
from kg.extract.lexicon import City, PilotType, Province, agency_kind_labels, gazetteer, plan_focus, programmes
from kg.extract.prose import PROJECT, is_policy_title
from kg.extract.prose_graph import ProseReader, document_heading, measurement
from kg.extract.reader import SourceText
from kg.extract.text import Fragment, Joined, squash
from kg.model import Evidence, Model, Resource
from kg.runtime import paused

YEAR = re.compile(r"(?:19|20)\d{2}")
SHORT_CENTRE = re.compile(r"[\u4e00-\u9fff]{2,8}?(?:知识产权)?(?:快速维权保护中心|保护中心|快速维权中心)")


def digest(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:12]


@dataclass
class ExtractionReport:
    """What happened to each input: its layout, or why it was skipped; warnings."""

    layouts: dict[str, str] = field(default_factory=dict)
    failures: list[InputError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class Builder:
    """Turns the units of one document into resources of the shared model."""

    def __init__(self, model: Model, doc: SourceText) -> None:
        self.model = model
        self.written = doc.text  # quotes are as written; matching reads the simplified text
        self.doc = replace(doc, text=doc.simplified) if doc.simplified != doc.text else doc
        self.key = doc.key  # every piece of evidence names it
        # without pages or positioned lines no evidence has a page, a box or a confidence
        self.plain = not doc.pages and not doc.lines
        self.gaz = gazetteer()
        self.document = self._document()
        self.read: dict[str, nlp.Spans] = {}  # names in each piece of text this document has read
        self.resolved: dict[tuple[str, Province], agencies.ResolvedAgency | None] = {}  # agency names it has resolved

    # ---- evidence and basic resources -------------------------------------------------
    def ev(self, start: int, end: int) -> Evidence:
        if self.plain:
            return Evidence(self.key, start, end, self.written[start:end])
        return Evidence(self.key, start, end, self.written[start:end], self.doc.page_at(start),
                        self.doc.box_of(start, end), self.doc.confidence_of(start, end))

    def ev_joined(self, joined: Joined, start: int = 0, end: int | None = None) -> Evidence:
        s, e = joined.source_span(start, len(joined.text) if end is None else end)
        return self.ev(s, e)

    def _document(self) -> Resource:
        title = _title(self.doc.text)
        years = [int(y) for y in YEAR.findall(title or self.doc.text[:500])]
        res = Resource("Document", f"document/{self.doc.key}", title or self.doc.key)
        res.values.update({"fileName": self.doc.path.name, "sha256": self.doc.sha256, "encoding": self.doc.encoding,
                           "characters": len(self.doc.text)})
        if years:
            res.values["year"] = max(years)
        return self.model.add(res)

    def province(self, p: Province, evidence: Evidence | None, surface: str | None = None) -> Resource:
        res = self.model.ensure("Province", p.key, p.name, p.name_en, {"divisionCode": p.code})
        if surface and surface != p.name:
            res.aliases.add(surface)
        if evidence:
            res.add_evidence(evidence)
        return res

    def city(self, c: City, evidence: Evidence | None, surface: str | None = None) -> Resource:
        res = self.model.ensure("City", c.key, c.name)
        res.relate("locatedIn", self.province(self.gaz.by_code[c.province], None))
        if surface and surface != c.name:
            res.aliases.add(surface)
        if evidence:
            res.add_evidence(evidence)
        return res

    def place(self, place: Province | City, evidence: Evidence | None, surface: str | None = None) -> Resource:
        if isinstance(place, Province):
            return self.province(place, evidence, surface)
        return self.city(place, evidence, surface)

    def programme(self, key: str, evidence: Evidence) -> Resource:
        prog = _programmes_by_key()[key]
        res = self.model.ensure("Programme", prog.key, prog.name, prog.name_en,
                                {"programmeKind": "financing" if prog.financing else "national"})
        res.add_evidence(evidence)
        return res

    def policy_document(self, title: str, evidence: Evidence) -> Resource:
        res = self.model.add(Resource("PolicyDocument", f"policy/{digest(title)}", title))
        res.add_evidence(evidence)
        return res

    def agency(self, name: agencies.AgencyName, where: Province, joined: Joined,
               resolved: agencies.ResolvedAgency | None = None) -> tuple[Resource, Evidence] | None:
        if resolved is None:
            key = (name.surface, where)
            if key not in self.resolved:
                self.resolved[key] = agencies.resolve(name.surface, where)
            resolved = self.resolved[key]
        if resolved is None:
            return None
        evidence = self.ev_joined(joined, name.start, name.end)
        kind_zh = agency_kind_labels()[resolved.kind][0]
        res = self.model.ensure("Agency", resolved.key, resolved.canonical, None,
                                {"agencyKind": resolved.kind, "agencyKindLabel": kind_zh})
        for written in {name.surface, squash(evidence.quote)}:  # the quote differs in traditional script
            if written != resolved.canonical:
                res.aliases.add(written)
        res.add_evidence(evidence)
        jurisdiction = self.city(resolved.city, None) if resolved.city else self.province(
            self.gaz.by_code[resolved.province_code], None)
        res.relate("jurisdiction", jurisdiction)
        return res, evidence

    # ---- recognition over a unit of text ----------------------------------------------
    def recognise(self, joined: Joined, subject: Resource | None, context: Province | None) -> list[nlp.Mention]:
        """Link what a unit mentions: programmes, policy documents and centres; places are returned."""
        mentions = nlp.recognise(joined, self.read)
        for m in mentions:
            evidence = self.ev(m.start, m.end)
            if m.label == "Programme" and subject is not None and m.ref:
                subject.relate("implements", self.programme(m.ref, evidence), evidence)
            elif m.label == "PolicyDocument" and is_policy_title(squash(m.text)[1:-1]) and not PROJECT.match(
                    squash(self.doc.text[m.end:m.end + 6])):
                title = squash(m.text)[1:-1]
                target = subject if subject is not None else self.document
                target.relate("references", self.policy_document(title, evidence), evidence)
            elif m.label in nlp.CENTRE_KIND.values():
                self.centre(m, evidence, context)
        return mentions

    def centre(self, m: nlp.Mention, evidence: Evidence, context: Province | None) -> Resource:
        name = squash(m.ref or m.text)
        res = self.model.add(Resource(m.label, f"centre/{digest(name)}", name))
        res.add_evidence(evidence)
        inside = self.gaz.provinces_in(name)
        cities = [c for c in (self.gaz.city(f) for f in _city_forms_in(name)) if c is not None]
        named = {p.code for _, _, p in inside}
        city = next((c for c in cities if c.province in named), None) or (cities[0] if cities and not inside else None)
        if city is not None:
            res.relate("locatedIn", self.city(city, None))
        elif inside:
            res.relate("locatedIn", self.province(inside[0][2], None))
        elif context is not None:
            res.relate("locatedIn", self.province(context, None))
        return res

    def pilot_type(self, pilot: PilotType, evidence: Evidence) -> Resource:
        res = self.model.add(Resource("PilotType", f"pilot-type/{pilot.key}", pilot.name, pilot.name_en))
        res.add_evidence(evidence)
        return res

    def pilot_statements(self, joined: Joined, context: Province | None) -> None:
        """Provinces a unit says are (approved as, or building) a pilot type: named before it, else the context."""
        for st in pilots.statements(joined.text):
            named = self.gaz.provinces_in(joined.text[st.start:st.type_start])
            where = named[-1][2] if named else context
            if where is None:
                continue
            evidence = self.ev_joined(joined, st.start, st.end)
            self.province(where, None).relate("pilotType", self.pilot_type(st.pilot, evidence), evidence)

    def measurements(self, subject: Resource, joined: Joined, start: int = 0, year: int | None = None) -> None:
        """Figures stated in ``joined.text[start:]`` as measured outcomes of ``subject``."""
        for q in figures(joined.text, start, default_year=year):
            evidence = self.ev_joined(joined, q.start, q.end)
            res = measurement(self, q, evidence)
            if q.what_span:
                res.add_evidence(self.ev_joined(joined, *q.what_span))
            subject.relate("measuredOutcome", res, evidence)

    def prose(self, joined: Joined | Fragment | None, subject: Resource | None = None,
              place: Province | City | None = None) -> None:
        """What a stretch of prose inside a table or case states (figures are read by ``measurements``)."""
        if isinstance(joined, Joined):
            if not joined.offsets:
                return
            start, end = joined.offsets[0], joined.offsets[-1] + 1
        elif joined is not None:
            start, end = joined.start, joined.end
        else:
            return
        ProseReader(self, start, end, subject, place, with_figures=False).add()

    def mention_places(self, mentions: Iterable[nlp.Mention]) -> None:
        for m in mentions:
            if m.label == "Province" and m.ref:
                self.province(self.gaz.by_code[m.ref], self.ev(m.start, m.end), squash(m.text))


def _city_forms_in(name: str) -> list[str]:
    return [f for f in _city_forms_longest_first() if f in name]


@cache
def _city_forms_longest_first() -> tuple[str, ...]:
    return tuple(sorted(gazetteer().city_forms, key=len, reverse=True))


@cache
def _programmes_by_key() -> dict[str, lexicon.Programme]:
    """Each programme by its key (the first listed where two share one)."""
    out: dict[str, lexicon.Programme] = {}
    for p in programmes():
        out.setdefault(p.key, p)
    return out


def _title(text: str) -> str | None:
    notice = policy.NOTICE.search(text[:2000])
    if notice:
        return notice.group("title")
    for line in text.splitlines()[:40]:
        clean = line.strip().strip("#").strip()
        if len(clean) >= 6 and clean not in ("附件",) and not clean.startswith("序号"):
            return re.sub(r"\s+", " ", clean)
    return None


# ---- layouts --------------------------------------------------------------------------
def build_work_plans(b: Builder) -> None:
    for table in plan_tables.find_tables(b.doc) or workplan.find_tables(b.doc.text):
        if table.province is None:
            continue
        prov = b.province(table.province, b.ev(table.heading.start, table.heading.end) if table.heading else None)
        plan = _province_plan(b, table)
        seen: dict[str, int] = {}
        cells = [{col: Joined(frags) for col, frags in row.cells.items()} for row in table.rows]
        groups = agencies.group_names("\n".join(joined.text for row in cells for joined in row.values()))
        for row, joined in zip(table.rows, cells, strict=True):
            _work_item(b, table, prov, row, joined, seen, groups).relate("wasDerivedFrom", plan)


def _province_plan(b: Builder, table: workplan.PlanTable) -> Resource:
    """One province's plan in a collection of plans: its own Document, part of the collection."""
    assert table.province is not None
    year = f"{table.year}年" if table.year else ""
    text = b.doc.text[table.start:table.end]
    res = b.model.add(Resource("Document", f"document/{b.doc.key}/{table.province.code}",
                               f"{table.province.name}{year}工作要点"))
    res.values.update({"fileName": b.doc.path.name, "layout": layout.WORK_PLAN, "characters": len(text),
                       "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()})
    if table.year:
        res.values["year"] = table.year
    res.add_evidence(b.ev(table.heading.start, table.heading.end) if table.heading else b.ev(
        table.start, min(table.end, table.start + 40)))
    res.relate("isPartOf", b.document)
    b.document.label = f"各省（区、市）{year}工作要点"
    return res


def _work_item(b: Builder, table: workplan.PlanTable, prov: Resource, row: workplan.PlanRow,
               cells: dict[workplan.Col, Joined], seen: dict[str, int], groups: frozenset[str]) -> Resource:
    """The work item of a row whose cells, joined, are ``cells``."""
    assert table.province is not None
    content = cells[workplan.Col.CONTENT]
    group = table.groups.get(row.group) if row.group is not None else None
    focus = Joined(group.focus).text if group and group.focus else plan_focus().get(row.group or 0, "")
    label = content.text
    base = digest(table.province.code, table.year, row.group, label)
    seen[base] = seen.get(base, 0) + 1
    key = f"workitem/{table.year}/{table.province.code}/{base}" + (f"-{seen[base]}" if seen[base] > 1 else "")
    frags = row.fragments
    item = b.model.add(Resource("WorkItem", key, label))
    item.add_evidence(b.ev(frags[0].start, frags[-1].end))
    if table.year:
        item.values["year"] = table.year
    if focus:
        item.values["focus"] = focus
    if row.group is not None:
        item.values["groupNumber"] = row.group
    measures = cells[workplan.Col.MEASURES]
    if measures:
        item.values["measures"] = measures.text
    cell = cells[workplan.Col.AGENCY]
    if cell:
        item.values["responsibleText"] = cell.text
    item.relate("plannedBy", prov, b.ev_joined(content))
    names = agencies.split_cell(cell.text)
    for name, resolved in zip(names, agencies.resolve_cell(names, table.province, groups), strict=True):
        found = b.agency(name, table.province, cell, resolved)
        if found:
            agency, evidence = found
            item.relate("leadAgency" if name.lead else "supportAgency", agency, evidence)
    b.recognise(content, item, table.province)
    b.pilot_statements(content, table.province)
    if measures:
        b.recognise(measures, item, table.province)
        b.pilot_statements(measures, table.province)
    return item


def build_case_sections(b: Builder) -> None:
    for unit in cases.pilot_cases(b.doc.text):
        case = _case(b, unit)
        provinces: set[str] = set()
        if unit.contributors_text:
            for s, e, place in cases.leading_places(unit.contributors_text.text):
                evidence = b.ev_joined(unit.contributors_text, s, e)
                case.relate("contributedBy", b.place(place, evidence, unit.contributors_text.text[s:e]), evidence)
                provinces.add(place.code if isinstance(place, Province) else place.province)
        for s, e, city in cases.qualifier_cities(unit.title.text):
            if city.province in provinces:  # 高校运营（武汉）试点平台 from 湖北省
                evidence = b.ev_joined(unit.title, s, e)
                case.relate("contributedBy", b.place(city, evidence, unit.title.text[s:e]), evidence)


def build_case_table(b: Builder) -> None:
    for unit in cases.case_table(b.doc.text):
        case = _case(b, unit)
        for s, e, place in cases.leading_places(unit.title.text):
            evidence = b.ev_joined(unit.title, s, e)
            case.relate("contributedBy", b.place(place, evidence, unit.title.text[s:e]), evidence)


def _case(b: Builder, unit: cases.CaseUnit) -> Resource:
    title = unit.title.text or f"{b.doc.key} #{unit.number}"
    number = f"{unit.section_number}-{unit.number}" if unit.section_number else str(unit.number)
    case = b.model.add(Resource("Case", f"case/{b.doc.key}/{number}", title))
    case.add_evidence(b.ev(unit.start, unit.end))
    case.values["caseNumber"] = unit.number
    if "year" in b.document.values:
        case.values["year"] = b.document.values["year"]
    if unit.section:
        case.values["section"] = unit.section
    if unit.status:
        case.values["promotionStatus"] = unit.status
    for label, prop in (("解决问题", "problem"), ("具体做法", "practice"), ("初步成效", "outcome")):
        if unit.parts.get(label):
            case.values[prop] = unit.parts[label]
    if unit.body and not unit.parts:
        case.values["summary"] = unit.body.text
    case.relate("wasDerivedFrom", b.document)
    b.recognise(unit.title, case, None)
    if unit.body:
        b.recognise(unit.body, case, None)
        b.prose(unit.body, case)
        b.pilot_statements(unit.body, None)
        outcome = cases.OUTCOME.search(unit.body.text)
        if outcome or not unit.parts:
            b.measurements(case, unit.body, outcome.end() if outcome else 0)
    return case


def build_tab_plans(b: Builder) -> None:
    seen: dict[str, int] = {}
    for row in yangtze.tab_rows(b.doc.text):
        prov = b.province(row.province, None)
        label = squash(yangtze.cell_text(row.task))
        base = digest(row.province.code, row.year, label)
        seen[base] = seen.get(base, 0) + 1
        key = f"workitem/{row.year}/{row.province.code}/{base}" + (f"-{seen[base]}" if seen[base] > 1 else "")
        item = b.model.add(Resource("WorkItem", key, label))
        item.add_evidence(b.ev(row.line_start, row.line_end))
        item.values["year"] = row.year
        if row.focus:
            item.values["focus"] = squash(yangtze.cell_text(row.focus))
        if row.results:
            item.values["results"] = yangtze.cell_text(row.results)
            item.values["resultsPeriod"] = "{}–{}".format(*row.results_period)
        if row.plan:
            item.values["measures"] = yangtze.cell_text(row.plan)
        item.relate("plannedBy", prov, b.ev(row.task.start, row.task.end))
        for cell in (row.task, row.results, row.plan):
            if cell is not None:
                joined = Joined([cell])
                b.recognise(joined, item, row.province)
                if cell is not row.task:
                    b.prose(cell, item, row.province)
                b.pilot_statements(joined, row.province)
                if cell is row.results:
                    b.measurements(item, joined, year=row.results_period[1])


def build_policy(b: Builder) -> None:
    facts = policy.policy_facts(b.doc.text)
    for prop, value in (("issuer", facts.issuer), ("issued", facts.issued)):  # the 文号 is the heading's
        if value:
            b.document.values[prop] = value
    for d in pilots.definitions(b.doc.text):
        spans = [(s, e) for s, e, _ in d.tasks] + ([d.target[:2]] if d.target else [])
        if not spans:
            continue
        res = b.pilot_type(d.pilot, b.ev(*spans[0]))
        for s, e in spans[1:]:
            res.add_evidence(b.ev(s, e))
        res.values["task"] = [t for _, _, t in d.tasks]
        if d.target:
            res.values["target"] = d.target[2]
    build_free_text(b)


def build_free_text(b: Builder) -> None:
    document_heading(b)
    ProseReader(b).add()
    for para in _paragraphs(b.doc.text):
        joined = Joined([para])
        b.mention_places(nlp.recognise(joined))
        b.pilot_statements(joined, None)


def _paragraphs(text: str) -> list[Fragment]:
    out: list[Fragment] = []
    for m in re.finditer(r"[^\n]+", text):
        if m.group().strip():
            s = m.start() + len(m.group()) - len(m.group().lstrip())
            e = m.start() + len(m.group().rstrip())
            out.append(Fragment(s, e, text[s:e], 0))
    return out


BUILDERS: dict[str, Callable[[Builder], None]] = {
    layout.WORK_PLAN: build_work_plans,
    layout.PILOT_CASES: build_case_sections,
    layout.CASE_TABLE: build_case_table,
    layout.TAB_PLAN: build_tab_plans,
    layout.POLICY: build_policy,
    layout.FREE_TEXT: build_free_text,
}


def warm() -> None:
    """Build once per process what extraction reads from the lexicons (a worker does before its first
    document): the patterns of names, programmes, policy titles, figures and agencies."""
    nlp.warm()
    for build in (lexicon.agency_names, lexicon.agency_bodies, lexicon.action_words, agencies._sentence_start,
                  prose_lexicon.programme_shapes, prose_lexicon.any_programme_wording, prose_lexicon.policy_shapes,
                  prose_lexicon.not_policy, prose_lexicon.not_agency_ending, prose_agencies._national_pattern,
                  prose_agencies._body_pattern, quantities._pattern):
        build()


def extract_document(doc: SourceText) -> tuple[str, Model]:
    """The layout and model of one document (a pure function of the document). Extraction makes no
    reference cycles, so the cycle collector is paused meanwhile: its passes would walk the many
    objects it makes only to find what reference counting frees."""
    with paused():
        model = Model()
        kind = layout.WORK_PLAN if plan_tables.find_tables(doc) else layout.detect(doc.simplified)
        builder = Builder(model, doc)
        builder.document.values["layout"] = kind
        BUILDERS[kind](builder)
    return kind, model


def extract_documents(docs: Iterable[SourceText], report: ExtractionReport | None = None,
                      jobs: int | None = None) -> Model:
    """Extract every document into one model, in ``jobs`` worker processes (default: one per core)."""
    model = Model()
    report = report or ExtractionReport()
    docs = list(docs)
    for doc, (kind, part) in zip(docs, parallel.extract_each(docs, jobs), strict=True):
        report.layouts[str(doc.path)] = kind
        if kind == layout.FREE_TEXT:
            report.warnings.append(f"{doc.path}: {layout.FREE_TEXT_NOTE}")
        model.merge(part)
    merge_centre_short_names(model)
    return model


def merge_centre_short_names(model: Model) -> None:
    """``景德镇知识产权快速维权中心`` is ``中国（景德镇）陶瓷知识产权快速维权中心`` when that is the only
    centre of its class in the same place: the short name becomes an alias of the full one."""
    for cls in set(nlp.CENTRE_KIND.values()):
        centres = model.of_class(cls)
        places = {c.key: {r.target for r in c.relations if r.prop == "locatedIn"} for c in centres}
        for short in centres:
            if not SHORT_CENTRE.fullmatch(short.label) or not places[short.key]:
                continue
            fuller = [c for c in centres if c is not short and places[c.key] == places[short.key]
                      and len(c.label) > len(short.label) and "（" in c.label]
            if len(fuller) != 1:
                continue
            full = fuller[0]
            full.aliases.add(short.label)
            for ev in short.evidence:
                full.add_evidence(ev)
            del model.resources[short.key]
            for res in model.resources.values():
                res.retarget(short.key, full.key)


def extract_paths(paths: Iterable[str | Path], report: ExtractionReport | None = None,
                  jobs: int | None = None) -> Model:
    """Read and extract documents and directories; unreadable files are reported, not fatal."""
    report = report or ExtractionReport()
    docs: list[SourceText] = []
    found, other = read.scan(list(paths))
    report.warnings.extend(f"{p}: skipped, not a document format ipgov-kg reads" for p in other)
    for path in found:
        try:
            docs.append(read.read_document(path))
        except InputError as err:
            report.failures.append(err)
    return extract_documents(docs, report, jobs)
