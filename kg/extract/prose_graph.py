"""Prose facts (``kg.extract.prose``) into the model: every resource with the span that names it,
every relation with the sentence that states it."""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING

from kg.extract import nlp
from kg.extract.figures import figures
from kg.extract.heading import read_heading, signature
from kg.extract.lexicon import Province, agency_kind_labels, pilot_types
from kg.extract.normalise import Normalised, normalise
from kg.extract.prose import ProseFacts, read
from kg.extract.prose_agencies import Place, ProseAgency, province_of
from kg.model import Evidence, Resource

if TYPE_CHECKING:
    from kg.extract.pipeline import Builder

COUNTRY_KEY = "country/CN"
PILOT_TYPE = re.compile(r"(引领型|支撑型|特色型)(?:知识产权)?强省")


def _digest(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:12]


class ProseReader:
    """Adds what a stretch of prose states to the model of one document."""

    def __init__(self, b: Builder, start: int = 0, end: int | None = None, subject: Resource | None = None,
                 place: Place | None = None, with_figures: bool = True) -> None:
        self.b = b
        self.norm: Normalised = normalise(b.doc.text, start, end)
        year = b.document.values.get("year")
        self.year = int(year) if isinstance(year, int) else None
        self.subject = subject
        self.facts: ProseFacts = read(self.norm, place, self.year)
        self.with_figures = with_figures
        self.authors: list[Resource] = [self.b.model.resources[r.target] for r in b.document.relations
                                        if r.prop == "issuedBy" and r.target in self.b.model.resources]

    # ---- evidence -------------------------------------------------------------------
    def ev(self, start: int, end: int) -> Evidence:
        s, e = self.norm.source_span(start, end)
        return self.b.ev(s, e)

    def sentence_ev(self, pos: int) -> Evidence:
        s, e = self.facts.sentence_of(pos)
        return self.ev(s, e) if e > s else self.ev(pos, pos + 1)

    # ---- resources ------------------------------------------------------------------
    def place(self, place: Place) -> Resource:
        if isinstance(place, Province):
            return self.b.province(place, None)
        return self.b.city(place, None)

    def country(self) -> Resource:
        return self.b.model.ensure("Country", COUNTRY_KEY, "中国", "China")

    def agency(self, a: ProseAgency) -> Resource:
        kind_zh = agency_kind_labels()[a.kind][0]
        res = self.b.model.ensure("Agency", a.key, a.canonical, None, {"agencyKind": a.kind, "agencyKindLabel": kind_zh})
        res.aliases |= a.aliases - {res.label}
        if a.former:
            res.values.setdefault("formerName", [])
            former = f"{a.former[0]}（{a.former[1]}年前）"
            if former not in res.values["formerName"]:
                res.values["formerName"].append(former)  # type: ignore[union-attr]
        res.add_evidence(self.ev(a.start, a.end))
        jurisdiction = self.country() if a.jurisdiction is None else self.place(a.jurisdiction)
        res.relate("jurisdiction", jurisdiction)
        return res

    def centre(self, name: str, written: str, cls: str, start: int, end: int) -> Resource:
        s, e = self.norm.source_span(start, end)
        mention = nlp.Mention(cls, written, s, e, name)
        context = self.facts_place(start)
        res = self.b.centre(mention, self.b.ev(s, e), province_of(context) if context else None)
        if written != name:
            res.aliases.add(written)
        return res

    def facts_place(self, pos: int) -> Place | None:
        from kg.extract.prose import Context
        return Context(self.norm, self.facts.places, None)(pos)

    # ---- the whole stretch ------------------------------------------------------------
    def add(self) -> None:
        f = self.facts
        agencies = {id(a): self.agency(a) for a in f.agencies}
        centres = {}
        for c in f.centres:
            centres[c.name] = self.centre(c.name, c.written, c.cls, c.start, c.end)
        for ap in f.approvals:
            self._approval(ap, centres, agencies)
        progs: dict[int, Resource] = {}
        for p in f.programmes:
            progs[p.start] = res = self._programme(p)
            evidence = self.sentence_ev(p.start)
            if self.subject is not None:
                self.subject.relate("implements", res, evidence)
            runners = [agencies[id(a)] for a in p.agencies]
            if not runners and not p.places and p.kind not in ("demonstration", "pilot"):
                runners = self.authors
            for agency in runners:
                agency.relate("implements", res, evidence)
            listed = {d.place.place for d in f.designations if d.programme is p}
            for pl in p.places:
                if pl.place not in listed:
                    self.place(pl.place).relate("implements", res, evidence)
        for d in f.designations:
            res = progs.get(d.programme.start) or self._programme(d.programme)
            self.place(d.place.place).relate("designatedAs", res, self.sentence_ev(d.start))
        self._pilot_types()
        titles = self._titles()
        for a, t in f.issues:
            titles[t.start].relate("issuedBy", agencies[id(a)], self.sentence_ev(t.start))
        if self.with_figures:
            self._figures(progs, centres)

    def _approval(self, ap, centres: dict[str, Resource], agencies: dict[int, Resource]) -> None:
        centre = centres.get(ap.centre)
        if centre is None:
            return
        evidence = self.sentence_ev(ap.start)
        key = f"approval/{self.b.doc.key}/{_digest(centre.key, ap.event)}"
        res = self.b.model.add(Resource("Approval", key, f"{centre.label} {ap.event}"))
        res.values["approvalKind"] = ap.event
        if ap.date:
            res.values.setdefault("date", ap.date)
        res.add_evidence(evidence)
        res.relate("approvalOf", centre, evidence)
        if ap.approver is not None:
            res.relate("approvedBy", agencies[id(ap.approver)], evidence)

    def _programme(self, p) -> Resource:
        evidence = self.ev(p.start, p.end)
        if p.known:
            res = self.b.programme(p.key, evidence)
            if p.written and p.written != res.label:
                res.aliases.add(p.written)
            return res
        res = self.b.model.ensure("Programme", p.key, p.name, None, {"programmeKind": p.kind})
        res.values["confidence"] = max(float(res.values.get("confidence", 0.0)), p.confidence)  # type: ignore[arg-type]
        if p.written and p.written != p.name:
            res.aliases.add(p.written)
        res.add_evidence(evidence)
        return res

    def _pilot_types(self) -> None:
        """Mentions of the strong-province pilot types (引领型知识产权强省 …)."""
        for m in PILOT_TYPE.finditer(self.norm.text):
            pilot = pilot_types().get(m.group(1))
            if pilot is not None:
                self.b.pilot_type(pilot, self.ev(m.start(), m.end()))

    def _titles(self) -> dict[int, Resource]:
        target = self.subject if self.subject is not None else self.b.document
        out = {}
        for t in self.facts.titles:
            evidence = self.ev(t.start, t.end)
            res = self.b.policy_document(t.title, evidence)
            if t.abbreviation:
                res.aliases.add(t.abbreviation)
            if t.number:
                res.values.setdefault("documentNumber", t.number)
            target.relate("references", res, evidence)
            out[t.start] = res
        return out

    def _figures(self, progs: dict[int, Resource], centres: dict[str, Resource]) -> None:
        f = self.facts
        for q in figures(self.norm.text, default_year=self.year):
            s, e = f.sentence_of(q.start)
            evidence = self.ev(q.start, q.end)
            res = measurement(self.b, q, evidence)
            if q.what_span:
                res.add_evidence(self.ev(*q.what_span))
            sentence = self.sentence_ev(q.start)
            here = [p for p in f.programmes if s <= p.start < e]
            prog = next((p for p in reversed(here) if p.start < q.start), here[0] if here else None)
            centre = next((c for c in f.centres if s <= c.start < e), None)
            place = next((pl.place for pl in reversed(f.places) if s <= pl.start < q.start), None) \
                or self.facts_place(q.start)
            if prog is not None:
                progs[prog.start].relate("measuredOutcome", res, sentence)
            elif centre is not None:
                self.centre(centre.name, centre.written, centre.cls, centre.start, centre.end).relate(
                    "measuredOutcome", res, sentence)
            elif self.subject is not None:
                self.subject.relate("measuredOutcome", res, sentence)
            elif place is not None:
                self.place(place).relate("measuredOutcome", res, sentence)
            else:
                self.b.document.relate("measuredOutcome", res, sentence)
            if place is not None:
                res.relate("aboutPlace", self.place(place), sentence)


def measurement(b: Builder, q, evidence: Evidence) -> Resource:
    """The Measurement resource of a figure."""
    res = b.model.add(Resource("Measurement", f"measurement/{b.doc.key}/{evidence.start}-{evidence.end}",
                               evidence.quote.replace("\n", "").replace(" ", "")))
    res.values.update({"value": q.value, "unit": q.unit, "quantityKind": q.kind, "scaledValue": q.scaled,
                       "figureRole": "target" if q.target else "achievement"})
    if q.what:
        res.values["indicator"] = q.what
    if q.year:
        res.values["year"] = q.year
    if q.period:
        res.values["period"] = q.period
    res.add_evidence(evidence)
    return res


def document_heading(b: Builder) -> None:
    """Title, issuer, number and date of the document from its heading block."""
    norm = normalise(b.doc.text, 0, min(len(b.doc.text), 4000))
    head = read_heading(norm)
    doc = b.document
    if head.title and head.title_span:
        doc.label = head.title
    if head.number:
        doc.values.setdefault("documentNumber", head.number)
    if head.date:
        doc.values.setdefault("issued", head.date)
    where, span = norm, head.issuer_span
    if span is None:
        where = normalise(b.doc.text)
        span = signature(where)
    if span is None:
        return
    reader = ProseReader(b, *where.source_span(*span), with_figures=False)
    evidence = reader.ev(0, len(reader.norm.text))
    for a in reader.facts.agencies:
        res = reader.agency(a)
        doc.values.setdefault("issuer", head.issuer or reader.norm.text.strip())
        doc.relate("issuedBy", res, evidence)
        if head.printed and head.title_span:
            printed = b.policy_document(head.printed, b.ev(*norm.source_span(*head.title_span)))
            printed.relate("issuedBy", res, evidence)
