"""The extraction model: resources, their relations and the evidence behind each fact."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact was read: ``quote == document text[start:end]``.

    ``page`` (1-based), ``box`` (x0, top, x1, bottom in PDF points, page-relative) and
    ``confidence`` (OCR, 0–1) are known for documents read from PDF.
    """

    doc: str
    start: int
    end: int
    quote: str
    page: int | None = None
    box: tuple[float, float, float, float] | None = None
    confidence: float | None = None

    def __reduce__(self):  # see ``Resource.__reduce__``
        return Evidence, (self.doc, self.start, self.end, self.quote, self.page, self.box, self.confidence)


@dataclass(frozen=True, slots=True)
class Relation:
    """An object property from one resource to another, with the text that states it."""

    prop: str
    target: str
    evidence: Evidence | None = None

    def __reduce__(self):  # see ``Resource.__reduce__``
        return Relation, (self.prop, self.target, self.evidence)


@dataclass(slots=True)
class Resource:
    """One node of the graph: a class from the ontology, a stable key and its facts.

    ``key`` is the path under the data base IRI (``province/510000``); ``values`` holds
    datatype properties by their ontology local name.
    """

    cls: str
    key: str
    label: str
    label_en: str | None = None
    aliases: set[str] = field(default_factory=set)
    values: dict[str, object] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    sources: set[str] = field(default_factory=set)

    _related: set[Relation] = field(default_factory=set, repr=False, compare=False)
    _evidenced: set[Evidence] = field(default_factory=set, repr=False, compare=False)

    def __reduce__(self):
        """Pickled as a call with the field values (the extraction cache holds many of these objects): the
        pickling that dataclasses give slotted classes looks the fields up again for every object."""
        return Resource, (self.cls, self.key, self.label, self.label_en, self.aliases, self.values, self.relations,
                          self.evidence, self.sources, self._related, self._evidenced)

    def relate(self, prop: str, target: Resource, evidence: Evidence | None = None) -> None:
        """Add a relation once; later evidence for the same relation is kept too."""
        self.add_relation(Relation(prop, target.key, evidence))

    def add_relation(self, rel: Relation) -> None:
        if rel not in self._related:
            self._related.add(rel)
            self.relations.append(rel)

    def add_evidence(self, evidence: Evidence) -> None:
        if evidence not in self._evidenced:
            self._evidenced.add(evidence)
            self.evidence.append(evidence)
            self.sources.add(evidence.doc)

    def retarget(self, old: str, new: str) -> None:
        """Point the relations to ``old`` at ``new`` instead (two resources found to be one)."""
        if any(r.target == old for r in self.relations):
            relations, self.relations, self._related = self.relations, [], set()
            for rel in relations:
                self.add_relation(Relation(rel.prop, new, rel.evidence) if rel.target == old else rel)


class Model:
    """All resources extracted from a corpus, keyed by their IRI path; merges repeated mentions."""

    def __init__(self) -> None:
        self.resources: dict[str, Resource] = {}

    def get(self, key: str) -> Resource | None:
        return self.resources.get(key)

    def add(self, resource: Resource) -> Resource:
        """Add a resource, or merge it into the one already under its key and return that."""
        have = self.resources.get(resource.key)
        if have is None:
            self.resources[resource.key] = resource
            return resource
        have.aliases |= resource.aliases
        have.aliases.discard(have.label)
        for k, v in resource.values.items():
            have.values.setdefault(k, v)
        have.label_en = have.label_en or resource.label_en
        for rel in resource.relations:
            have.add_relation(rel)
        for ev in resource.evidence:
            have.add_evidence(ev)
        have.sources |= resource.sources
        return have

    def ensure(self, cls: str, key: str, label: str, label_en: str | None = None,
               values: dict[str, object] | None = None) -> Resource:
        """``add(Resource(cls, key, label, label_en, values=values))``, the resource made only when the key is
        new: merging one that has no aliases, relations, evidence or sources into a known one only fills in
        its values and English label."""
        have = self.resources.get(key)
        if have is None:
            return self.add(Resource(cls, key, label, label_en, values={} if values is None else values))
        have.aliases.discard(have.label)
        if values:
            for k, v in values.items():
                have.values.setdefault(k, v)
        have.label_en = have.label_en or label_en
        return have

    def merge(self, other: Model) -> None:
        """Add every resource of ``other`` (the model of another document), in its order."""
        for res in other.resources.values():
            self.add(res)

    def of_class(self, cls: str) -> list[Resource]:
        return [r for r in self.resources.values() if r.cls == cls]

    def __len__(self) -> int:
        return len(self.resources)
