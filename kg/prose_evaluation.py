"""The prose section of ``kg eval``: entities, relations, figures and policy titles of running text
against the hand-made set in ``tests/gold/prose/`` (conventions and formats in its README).

The set's own documents (``docs/``) are extracted here and added to the graph measured; the sample
corpus's facts come from the graph itself. A fact counts for a document when its evidence lies in one of
the document's annotated passages (``scope.tsv``; every file of ``docs/`` is one whole passage).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import Graph, URIRef

from kg.errors import KgError
from kg.gold import read_tsv
from kg.ontology.namespaces import IPKG, RDF, RDFS, SKOS

CATEGORIES = ("prose agencies", "prose centres", "prose programmes", "prose figures", "prose relations",
              "prose policy titles")
DASHES = re.compile(r"[—–－‐-]")
DOTS = re.compile(r"[·•・]")
DROPPED = re.compile(r"[\s“”\"「」『』《》〈〉]")
SCALES = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}
RELATIONS = {"implements": "runs_programme", "locatedIn": "located_in", "jurisdiction": "jurisdiction",
             "designatedAs": "designated_as", "pilotType": "designated_as"}
COUNTRY = "全国"


def pnorm(text: str) -> str:
    """The comparison form of the README: widths folded, dashes and dots one form, quotes and spaces gone."""
    text = unicodedata.normalize("NFKC", text)
    text = DASHES.sub("-", DOTS.sub("·", text))
    return DROPPED.sub("", text).rstrip("。.")




def with_prose_documents(graph: Graph, gold: Path) -> Graph:
    """The graph with the evaluation set's own documents extracted into it."""
    from kg.extract.pipeline import extract_paths
    from kg.ontology.mapping import to_graph

    docs = gold / "prose" / "docs"
    if not docs.is_dir():
        return graph
    merged = Graph()
    for triple in graph:
        merged.add(triple)
    for triple in to_graph(extract_paths([docs])):
        merged.add(triple)
    return merged


class ProseFacts:
    """What the graph states, per document file name, inside the annotated passages."""

    def __init__(self, g: Graph, scope: dict[str, list[tuple[int, int]]], whole: set[str]) -> None:
        self.g = g
        self.files: dict[URIRef, str] = {d: str(f) for d, f in g.subject_objects(IPKG.fileName)
                                         if isinstance(d, URIRef)}
        self.scope = scope
        self.whole = whole

    def label(self, node) -> str:
        labels = list(self.g.objects(node, RDFS.label))
        zh = [str(x) for x in labels if getattr(x, "language", None) == "zh"]
        if (node, RDF.type, IPKG.Country) in self.g:
            return COUNTRY
        return zh[0] if zh else (str(labels[0]) if labels else "")

    def names(self, node) -> set[str]:
        return {pnorm(str(o)) for p in (RDFS.label, SKOS.altLabel) for o in self.g.objects(node, p)}

    def in_scope(self, mention) -> str | None:
        doc = self.g.value(mention, IPKG.document)
        name = self.files.get(doc) if doc is not None else None
        if name is None:
            return None
        if name in self.whole:
            return name
        start, end = self.g.value(mention, IPKG.startOffset), self.g.value(mention, IPKG.endOffset)
        if start is None or end is None:
            return None
        s, e = int(start), int(end)
        return name if any(a <= s and e <= b for a, b in self.scope.get(name, ())) else None

    def documents_of(self, node, prop: str | None = None) -> set[str]:
        """Files in whose passages ``node`` is evidenced (for a relation: its own evidence)."""
        out = set()
        for m in self.g.objects(node, IPKG.evidence):
            stated = self.g.value(m, IPKG.forProperty)
            if (prop is None and stated is None) or (prop is not None and str(stated) == prop):
                name = self.in_scope(m)
                if name:
                    out.add(name)
        return out

    def of_class(self, *classes) -> list[URIRef]:
        return sorted({s for c in classes for s in self.g.subjects(RDF.type, c) if isinstance(s, URIRef)})


def _score(category: str, gold: set, found: set, show=str):
    from kg.evaluation import Score

    hit = gold & found
    return Score(category, len(gold), len(found), len(hit), sorted(show(k) for k in gold - hit),
                 sorted(show(k) for k in found - hit))


def _show(key: tuple) -> str:
    return " / ".join(str(k) for k in key if k != "")


def _named_score(category: str, gold: set[tuple], found: dict[tuple, set[str]]):
    """Entities: a found entity (document, label, rest…) matches a gold one (document, name, rest…) when
    the gold name is its label or one of its aliases; correct counts the gold entities matched."""
    from kg.evaluation import Score

    index: dict[tuple, list[tuple]] = defaultdict(list)
    for g in gold:
        index[(g[0], *g[2:])].append(g)
    matched: set[tuple] = set()
    wrong = []
    for key, names in found.items():
        cands = [g for g in index.get((key[0], *key[2:]), []) if g[1] in names | {pnorm(key[1])}]
        matched.update(cands)
        if not cands:
            wrong.append(_show(key))
    return Score(category, len(gold), len(found), len(matched), sorted(_show(g) for g in gold - matched),
                 sorted(wrong))


def evaluate_prose(graph: Graph, gold: Path) -> list:
    """The prose categories' scores, or none when the evaluation set has no prose part."""
    base = gold / "prose"
    if not base.is_dir():
        return []
    scope: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for doc, start, end, _ in read_tsv(base / "scope.tsv", 4):
        try:
            scope[doc].append((int(start), int(end)))
        except ValueError:
            raise KgError(f"{base / 'scope.tsv'}: offsets must be integers ({doc} {start} {end})") from None
    docs = base / "docs"
    whole = {p.name for p in docs.iterdir()} if docs.is_dir() else set()
    facts = ProseFacts(with_prose_documents(graph, gold), scope, whole)
    return [_agencies(facts, base), _centres(facts, base), _programmes(facts, base), _figures(facts, base),
            _relations(facts, base), _titles(facts, base)]


def _agencies(f: ProseFacts, base: Path):
    gold = {(r[0], pnorm(r[2]), r[3]) for r in read_tsv(base / "agencies.tsv", 5)}
    found: dict[tuple, set[str]] = {}
    for a in f.of_class(IPKG.Agency):
        kind = str(f.g.value(a, IPKG.agencyKind) or "")
        for doc in f.documents_of(a):
            found[(doc, f.label(a), kind)] = f.names(a)
    return _named_score("prose agencies", gold, found)


def _centres(f: ProseFacts, base: Path):
    gold = {(r[0], pnorm(r[2]), r[3]) for r in read_tsv(base / "centres.tsv", 6)}
    found: dict[tuple, set[str]] = {}
    for c in f.of_class(IPKG.ProtectionCentre, IPKG.RapidProtectionCentre):
        cls = "ProtectionCentre" if (c, RDF.type, IPKG.ProtectionCentre) in f.g else "RapidProtectionCentre"
        for doc in f.documents_of(c):
            found[(doc, f.label(c), cls)] = f.names(c)
    return _named_score("prose centres", gold, found)


def _programmes(f: ProseFacts, base: Path):
    gold = {(r[0], pnorm(r[2])) for r in read_tsv(base / "programmes.tsv", 4)}
    found: dict[tuple, set[str]] = {}
    for p in f.of_class(IPKG.Programme, IPKG.PilotType):
        for doc in f.documents_of(p):
            found[(doc, f.label(p))] = f.names(p)
    return _named_score("prose programmes", gold, found)


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def _figures(f: ProseFacts, base: Path):
    from kg.evaluation import Score

    gold = []
    for doc, value, unit, what, *_ in read_tsv(base / "figures.tsv", 7):
        gold.append((doc, _decimal(value), pnorm(unit), pnorm(what)))
    found = []
    for m in f.of_class(IPKG.Measurement):
        unit = str(f.g.value(m, IPKG.unit) or "")
        raw = f.g.value(m, IPKG.scaledValue) or f.g.value(m, IPKG.value)
        value = _decimal(str(raw)) if raw is not None else None
        if unit[:1] in SCALES and len(unit) > 1:
            unit = unit[1:]
            if f.g.value(m, IPKG.scaledValue) is None and value is not None:
                value *= SCALES[str(f.g.value(m, IPKG.unit))[0]]
        what = pnorm(str(f.g.value(m, IPKG.indicator) or ""))
        for doc in f.documents_of(m):
            found.append((doc, value, pnorm(unit), what))
    used = [False] * len(found)
    correct = 0
    misses = []
    for g in gold:
        k = next((i for i, x in enumerate(found) if not used[i] and x[:3] == g[:3] and x[3] and g[3]
                  and (x[3] in g[3] or g[3] in x[3])), None)
        if k is None:
            misses.append(_show((g[0], str(g[1]), g[2], g[3])))
        else:
            used[k] = True
            correct += 1
    wrong = [_show((x[0], str(x[1]), x[2], x[3])) for i, x in enumerate(found) if not used[i]]
    return Score("prose figures", len(gold), len(found), correct, misses, sorted(wrong))


def _relations(f: ProseFacts, base: Path):
    gold = {(r[0], pnorm(r[1]), r[2], pnorm(r[3])) for r in read_tsv(base / "relations.tsv", 4)}
    found: set[tuple] = set()

    def add(doc: str, subject, rel: str, obj) -> None:
        for s in {pnorm(f.label(subject))} | (f.names(subject) if rel != "issues" else set()):
            for o in {pnorm(f.label(obj))} | f.names(obj):
                if (doc, s, rel, o) in gold:
                    found.add((doc, s, rel, o))
                    return
        found.add((doc, pnorm(f.label(subject)), rel, pnorm(f.label(obj))))

    actors = {*f.of_class(IPKG.Province, IPKG.City, IPKG.Agency)}
    for prop, rel in RELATIONS.items():
        for s, o in f.g.subject_objects(IPKG[prop]):
            if rel == "runs_programme" and s not in actors:
                continue  # a work item or case implements a programme; a reader's relation is a place's or body's
            docs = f.documents_of(s, prop) or (f.documents_of(s) if prop in ("locatedIn", "jurisdiction") else set())
            for doc in docs:
                add(doc, s, rel, o)
    for s, o in f.g.subject_objects(IPKG.issuedBy):
        for doc in f.documents_of(s, "issuedBy") | ({f.files[s]} if s in f.files else set()):
            add(doc, o, "issues", s)
    return _score("prose relations", gold, found, _show)


def _titles(f: ProseFacts, base: Path):
    rows = read_tsv(base / "titles.tsv", 4)
    gold = {(r[0], _title_key(r[1])) for r in rows}
    found = set()
    for p in f.of_class(IPKG.PolicyDocument):
        for doc in f.documents_of(p):
            found.add((doc, _title_key(f.label(p))))
    for d, name in f.files.items():
        if (d, IPKG.documentNumber, None) in f.g or (d, IPKG.issuer, None) in f.g:
            found.add((name, _title_key(f.label(d))))
    return _score("prose policy titles", gold, found, _show)


def _title_key(title: str) -> str:
    """A title without the issuer written before 关于."""
    t = pnorm(title)
    k = t.find("关于")
    return t[k:] if k > 0 else t
