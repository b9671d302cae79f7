"""Model → RDF: deterministic IRIs, labels, values, relations and evidence mentions.

``triples`` yields plain terms (``kg.ontology.terms``) that the writers print directly; ``to_graph``
builds an rdflib Graph of the same triples for SHACL, SPARQL and tests. A knowledge base puts
each document's triples in that document's named graph (``document_graph``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from decimal import Decimal
from functools import cache
from urllib.parse import quote

from rdflib import Graph, URIRef

from kg.model import Evidence, Model, Resource
from kg.ontology.namespaces import IPKG, PROV, RDF, RDFS, SKOS, XSD, base_iri, ontology
from kg.ontology.terms import Lit, Triple, graph_of

EXTERNAL_PROPERTIES = {"wasDerivedFrom": PROV.wasDerivedFrom}
SCHEMES = {"Programme": IPKG.ProgrammeScheme, "PilotType": IPKG.PilotTypeScheme}

_TYPE, _LABEL, _ALT, _IN_SCHEME = str(RDF.type), str(RDFS.label), str(SKOS.altLabel), str(SKOS.inScheme)
_DERIVED, _EVIDENCE, _MENTION = str(PROV.wasDerivedFrom), str(IPKG.evidence), str(IPKG.Mention)
_DOCUMENT, _START, _END, _QUOTE = str(IPKG.document), str(IPKG.startOffset), str(IPKG.endOffset), str(IPKG.quote)
_PAGE, _BOX, _CONFIDENCE = str(IPKG.page), str(IPKG.box), str(IPKG.confidence)
_FOR, _MENTIONS = str(IPKG.forProperty), str(IPKG.mentions)
_INTEGER, _DECIMAL, _GYEAR, _STRING = str(XSD.integer), str(XSD.decimal), str(XSD.gYear), str(XSD.string)
_ONTOLOGY = str(IPKG)
IRI_SAFE = "/-_.~"  # the characters of a key left as they are in its IRI


def iri(key: str, base: str | None = None) -> URIRef:
    """The IRI of a resource key (``province/510000``); non-ASCII characters are percent-encoded."""
    return URIRef((base or base_iri()) + quote(key, safe=IRI_SAFE))


def document_graph(doc: str, base: str | None = None) -> str:
    """The named graph of a document's statements: the document's own IRI."""
    return str(iri(f"document/{doc}", base))


def property_iri(name: str) -> URIRef:
    return EXTERNAL_PROPERTIES.get(name, IPKG[name])


@cache
def datatypes() -> dict[str, URIRef]:
    """Declared range of each datatype property, by local name."""
    onto = ontology()
    out: dict[str, URIRef] = {}
    for prop in onto.subjects(RDF.type, URIRef("http://www.w3.org/2002/07/owl#DatatypeProperty")):
        rng = onto.value(prop, RDFS.range)
        if isinstance(prop, URIRef) and prop.startswith(str(IPKG)) and isinstance(rng, URIRef):
            out[prop[len(str(IPKG)):]] = rng
    return out


def canonical_decimal(value: Decimal) -> str:
    """One lexical form per decimal value (5.40 → 5.4, 1200 → 1200), so reloaded graphs compare equal."""
    text = format(value.normalize(), "f")
    return "0" if text == "-0" else text


def literal(name: str, value: object, types: Mapping[str, str]) -> Lit:
    dt = types.get(name, _STRING)
    if dt == _STRING:
        return Lit(str(value))
    if dt == _INTEGER and type(value) is int:
        return Lit(str(value), _INTEGER)
    if dt == _DECIMAL:
        return Lit(canonical_decimal(Decimal(str(value))), _DECIMAL)
    if dt == _GYEAR:
        return Lit(f"{int(value):04d}", _GYEAR)  # type: ignore[call-overload]
    if isinstance(value, bool):
        return Lit("true" if value else "false", dt)
    return Lit(str(value), dt)


def mention_tail(ev: Evidence, prop: str | None, target: str | None) -> str:
    """The part of a mention's key after ``mention/<doc>/``: ``<start>-<end>``, and for the evidence of a
    relation a digest of its property and target. It needs no percent-encoding."""
    if prop is None:
        return f"{ev.start}-{ev.end}"
    digest = hashlib.sha1(f"{prop}\x1f{target}".encode()).hexdigest()[:10]
    return f"{ev.start}-{ev.end}/{digest}"


class _Writer:
    """Terms of one model, with IRIs built once per key."""

    def __init__(self, base: str | None, rename: Mapping[str, str]) -> None:
        self.base = base or base_iri()
        self.rename = rename
        self.types = {k: str(v) for k, v in datatypes().items()}
        self._iris: dict[str, str] = {}
        self._props = {name: str(iri) for name, iri in EXTERNAL_PROPERTIES.items()}
        self._mention_prefix: dict[str, str] = {}  # document → the start of its mentions' IRIs

    def prop(self, name: str) -> str:
        found = self._props.get(name)
        if found is None:
            found = self._props[name] = _ONTOLOGY + name
        return found

    def iri(self, key: str) -> str:
        found = self._iris.get(key)
        if found is None:
            found = self._iris[key] = self.base + quote(self.rename.get(key, key), safe=IRI_SAFE)
        return found

    def resource(self, res: Resource) -> Iterator[Triple]:
        node = self.iri(res.key)
        yield node, _TYPE, self.prop(res.cls)
        aliases = set(res.aliases)
        if res.key in self.rename:  # merged into another resource: its name is one of that one's names
            aliases.add(res.label)
        else:
            yield node, _LABEL, Lit(res.label, None, "zh")
            if res.label_en:
                yield node, _LABEL, Lit(res.label_en, None, "en")
        for alias in sorted(aliases - {res.label} if res.key not in self.rename else aliases):
            yield node, _ALT, Lit(alias, None, "zh")
        for name, value in sorted(res.values.items()):
            for v in value if isinstance(value, list) else [value]:
                yield node, self.prop(name), literal(name, v, self.types)
        if res.cls in SCHEMES:
            yield node, _IN_SCHEME, str(SCHEMES[res.cls])
        for doc in sorted(res.sources):
            yield node, _DERIVED, self.iri(f"document/{doc}")
        for ev in res.evidence:
            mention = self.mention_iri(ev, None, None)
            yield node, _EVIDENCE, mention
            yield from self.mention(mention, ev, None, None)
        for rel in res.relations:
            target = self.iri(rel.target)
            yield node, self.prop(rel.prop), target
            if rel.evidence is not None:
                mention = self.mention_iri(rel.evidence, rel.prop, target)
                yield node, _EVIDENCE, mention
                yield from self.mention(mention, rel.evidence, rel.prop, target)

    def mention_iri(self, ev: Evidence, prop: str | None, target: str | None) -> str:
        """The IRI of ``mention/<doc>/<start>-<end>[/<hash of prop and target>]``; percent-encoding works
        character by character and leaves digits, ``-`` and hex digits as they are, so only the document's
        part needs it, once."""
        prefix = self._mention_prefix.get(ev.doc)
        if prefix is None:
            prefix = self._mention_prefix[ev.doc] = self.base + quote(f"mention/{ev.doc}/", safe=IRI_SAFE)
        return prefix + mention_tail(ev, prop, target)

    def mention(self, node: str, ev: Evidence, prop: str | None, target: str | None) -> Iterator[Triple]:
        yield node, _TYPE, _MENTION
        yield node, _DOCUMENT, self.iri("document/" + ev.doc)
        yield node, _START, Lit(str(ev.start), _INTEGER)
        yield node, _END, Lit(str(ev.end), _INTEGER)
        yield node, _QUOTE, Lit(ev.quote)
        if ev.page is not None:
            yield node, _PAGE, Lit(str(ev.page), _INTEGER)
        if ev.box is not None:
            yield node, _BOX, Lit(" ".join(canonical_decimal(Decimal(str(x))) for x in ev.box))
        if ev.confidence is not None:
            yield node, _CONFIDENCE, Lit(canonical_decimal(Decimal(str(ev.confidence))), _DECIMAL)
        if prop is not None and target is not None:
            yield node, _FOR, Lit(prop)
            yield node, _MENTIONS, target


def triples(model: Model, base: str | None = None, rename: Mapping[str, str] | None = None) -> Iterator[Triple]:
    """The triples of a model, subjects in key order; ``rename`` maps keys of resources merged into
    others (across documents) to the key they were merged into."""
    writer = _Writer(base, rename or {})
    for key in sorted(model.resources):
        yield from writer.resource(model.resources[key])


def to_graph(model: Model, base: str | None = None) -> Graph:
    """The RDF graph of a model (without the ontology itself), as an rdflib Graph."""
    return graph_of(triples(model, base))
