"""SPARQL over the extracted graph and the ontology, answered by a persistent Oxigraph store.

The graph file (Turtle, TriG or N-Quads) is loaded once into a store under
``$KG_HOME/sparql/<digest>``, keyed by the content of the file and of the ontology, so every later
query opens the store instead of parsing the file again; a changed file gets a new store and old
ones are removed. Named graphs (one per document) are queried as their union by default.
Results name IRIs by their prefixes (``ipkg:Province``, ``id:province/510000``).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from kg.errors import KgError, QueryError
from kg.ontology.namespaces import DCTERMS, IPKG, ONTOLOGY_FILE, OWL, PROV, RDF, RDFS, SKOS, XSD, base_iri

FORMATS = {".ttl": "TURTLE", ".turtle": "TURTLE", ".trig": "TRIG", ".nq": "N_QUADS", ".nt": "N_TRIPLES"}
KEEP = 3  # stores kept in the cache, the newest first


def prefixes() -> dict[str, str]:
    """The prefixes every query may use without declaring them."""
    return {"ipkg": str(IPKG), "id": base_iri(), "rdf": str(RDF), "rdfs": str(RDFS), "skos": str(SKOS),
            "prov": str(PROV), "dcterms": str(DCTERMS), "owl": str(OWL), "xsd": str(XSD),
            "org": "http://www.w3.org/ns/org#", "schema": "https://schema.org/"}


def cache_root() -> Path:
    from kg.load.server import kg_home

    return kg_home() / "sparql"


def _digest(source: Path) -> str:
    h = hashlib.sha256()
    for path in (source, ONTOLOGY_FILE):
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
        h.update(b"\0")
    h.update(base_iri().encode())
    return h.hexdigest()[:24]


def open_store(source: Path):
    """The read-only store holding ``source`` and the ontology, built on first use."""
    import pyoxigraph as ox

    if not source.exists():
        raise KgError(f"{source}: no such file (kg run writes build/graph.ttl)")
    fmt = FORMATS.get(source.suffix.lower())
    if fmt is None:
        raise KgError(f"{source}: not a graph file SPARQL can read (use {', '.join(sorted(FORMATS))})")
    root = cache_root()
    target = root / _digest(source)
    if not (target / "complete").exists():
        root.mkdir(parents=True, exist_ok=True, mode=0o700)
        building = Path(tempfile.mkdtemp(prefix=".building-", dir=root))
        try:
            store = ox.Store(str(building))
            store.bulk_load(path=str(source), format=getattr(ox.RdfFormat, fmt))
            store.bulk_load(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE)
            store.flush()
            del store
            (building / "complete").touch()
            if target.exists():
                shutil.rmtree(target)
            os.replace(building, target)
        except (SyntaxError, ValueError, OSError) as exc:
            shutil.rmtree(building, ignore_errors=True)
            raise KgError(f"{source}: cannot be read as {fmt.replace('_', '-').title()}: "
                          f"{str(exc).splitlines()[0][:300]}") from exc
        _prune(root, keep=target)
    try:
        return ox.Store.read_only(str(target))
    except OSError as exc:
        raise KgError(f"{target}: the SPARQL store cannot be opened ({exc})") from exc


def _prune(root: Path, keep: Path) -> None:
    stores = sorted((p for p in root.iterdir() if p.is_dir() and p != keep and not p.name.startswith(".")),
                    key=lambda p: p.stat().st_mtime, reverse=True)
    for old in stores[KEEP - 1:]:
        shutil.rmtree(old, ignore_errors=True)


def select(source: Path, text: str, label: str) -> tuple[list[str], list[list[Any]]] | str:
    """Columns and rows of a SELECT or ASK; Turtle text for a CONSTRUCT or DESCRIBE."""
    import pyoxigraph as ox

    store = open_store(source)
    try:
        result = store.query(text, prefixes=prefixes(), use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise QueryError(f"{label}: SPARQL syntax error: {str(exc).splitlines()[0][:300]}") from exc
    except OSError as exc:
        raise QueryError(f"{label}: {str(exc).splitlines()[0][:300]}") from exc
    if isinstance(result, ox.QueryBoolean):
        return ["ask"], [[bool(result)]]
    if isinstance(result, ox.QuerySolutions):
        columns = [v.value for v in result.variables]
        return columns, [[_plain(row[c]) for c in columns] for row in result]
    triples = list(result)
    return _turtle(triples)


def _plain(term: Any) -> Any:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        if dt == str(XSD.integer) or dt == str(XSD.int) or dt == str(XSD.long):
            return int(term.value)
        if dt in (str(XSD.decimal), str(XSD.double), str(XSD.float)):
            return float(term.value)
        if dt == str(XSD.boolean):
            return term.value == "true"
        return term.value
    if isinstance(term, ox.NamedNode):
        return short_iri(term.value)
    return str(term)


def short_iri(iri: str) -> str:
    """``ipkg:Province`` for an IRI under a known prefix (the longest namespace wins), else the IRI."""
    best = ""
    for prefix, ns in prefixes().items():
        if iri.startswith(ns) and len(ns) > len(prefixes().get(best, "")):
            best = prefix
    return f"{best}:{iri[len(prefixes()[best]):]}" if best else iri


def _turtle(triples: list) -> str:
    from rdflib import Graph

    g = Graph()
    for prefix, ns in prefixes().items():
        g.bind(prefix, ns)
    data = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)
    g.parse(data=data, format="nt")
    return g.serialize(format="turtle")
