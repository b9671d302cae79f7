"""Exports: RDF (Turtle, JSON-LD with a context, N-Triples), Gephi (GraphML, GEXF), ``neo4j-admin`` CSVs
and a Cypher script; and the reverse mapping that reads a loaded graph back to RDF.

The reverse mapping reads the store page by page (``EXPORT_NODES`` / ``EXPORT_RELATIONSHIPS``, or their
``…_BY_ID`` forms on FalkorDB) and undoes ``kg.load.property_graph``: the label set gives the class,
``name``/``nameEn``/``aliases`` give the labels, other properties take their ontology datatype,
relationship types their property.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from rdflib import Graph

from kg.errors import KgError
from kg.load.loader import node_statement, relationship_statement
from kg.load.property_graph import (
    SOURCES,
    SOURCES_SUFFIX,
    PropertyGraph,
    class_labels,
    local_name,
    object_properties,
)
from kg.load.statements import (
    EXPORT_NODES,
    EXPORT_NODES_BY_ID,
    EXPORT_RELATIONSHIPS,
    EXPORT_RELATIONSHIPS_BY_ID,
    MAX_ID,
)
from kg.load.store import KEY_LABEL, SCHEMA, GraphStore, batches
from kg.ontology.mapping import SCHEMES, canonical_decimal, datatypes, document_graph
from kg.ontology.namespaces import IPKG, RDF, RDFS, SKOS, XSD, bind
from kg.ontology.terms import Lit, Quad, Term, Triple, graph_of, quads_of
from kg.runtime import paused

_TYPE, _LABEL, _ALT, _IN_SCHEME = str(RDF.type), str(RDFS.label), str(SKOS.altLabel), str(SKOS.inScheme)

FORMATS = ("ttl", "trig", "nq", "jsonld", "nt", "graphml", "gexf", "neo4j-csv", "cypher")
RDF_FORMATS = ("ttl", "jsonld", "nt")
ARRAY_DELIMITER = ";"
ESCAPES = {"\\": "\\\\", "'": "\\'", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
CSV_TYPES = {XSD.integer: "long", XSD.gYear: "int", XSD.decimal: "double", XSD.date: "date", XSD.string: "string"}


# ---- the reverse mapping ----------------------------------------------------------------
def read_property_graph(store: GraphStore, page: int = 2000) -> PropertyGraph:
    """The stored graph (nodes in ``uri`` order, labels sorted, relationships sorted), read page by page.

    The rows make no reference cycles, so the cycle collector is paused meanwhile (its passes over
    the growing graph took two thirds of the time)."""
    pg = PropertyGraph()
    with paused():
        for rows in _pages(store, EXPORT_NODES, EXPORT_NODES_BY_ID, page):
            for uri, labels, props in rows:
                pg.nodes[uri] = (tuple(sorted(labels)), dict(props))
        if not store.ordered_index:
            pg.nodes = dict(sorted(pg.nodes.items()))
        for rows in _pages(store, EXPORT_RELATIONSHIPS, EXPORT_RELATIONSHIPS_BY_ID, page):
            for s, t, o, docs in rows:
                if t is not None:
                    pg.relationships.append((t, s, o))
                    if docs:
                        pg.sources[(t, s, o)] = list(docs)
        pg.relationships.sort()
    return pg


def _pages(store: GraphStore, by_uri: str, by_id: str, page: int) -> Iterator[list[list[Any]]]:
    """The rows of a read, ``page`` nodes at a time (each row begins with its node's ``uri``): in ``uri``
    order where the store's index gives that order, else by ranges of internal ids."""
    if store.ordered_index:
        after = ""
        while True:
            rows = store.query(by_uri, {"after": after, "limit": page}).rows
            yield rows
            covered = {row[0] for row in rows}
            if len(covered) < page:
                return
            after = max(covered)
    top = store.query(MAX_ID).rows[0][0]
    if top is None:
        return
    for lo in range(0, top + 1, page):
        yield store.query(by_id, {"lo": lo, "hi": lo + page}).rows


def to_rdf(pg: PropertyGraph) -> Graph:
    """The union graph of a property graph, by the inverse of the ONTOLOGY.md mapping."""
    return graph_of((s, p, o) for s, p, o, _ in to_quads(pg))


def to_quads(pg: PropertyGraph) -> Iterator[Quad]:
    """Quads from a property graph: each statement in the named graph of every document supporting it
    (``sources`` of nodes and relationships, ``<property>Sources`` of values), else in the default graph."""
    by_labels = {frozenset(names): str(cls) for cls, names in class_labels().items()}
    by_type = {t: str(p) for p, t in object_properties().items()}
    types = {k: str(v) for k, v in datatypes().items()}
    graphs: dict[str, str] = {}

    def named(docs: Iterable[str] | None) -> list[str | None]:
        out: list[str | None] = []
        for doc in docs or ():
            if doc not in graphs:
                graphs[doc] = document_graph(doc)
            out.append(graphs[doc])
        return out or [None]

    for uri, (labels, props) in pg.nodes.items():
        cls = by_labels.get(frozenset(labels) - {KEY_LABEL})
        if cls is None:
            raise KgError(f"node {uri}: labels {sorted(labels)} match no ontology class")
        own = named(props.get(SOURCES))  # type: ignore[arg-type]
        stated = [(_TYPE, cls)]
        if local_name(cls) in SCHEMES:
            stated.append((_IN_SCHEME, str(SCHEMES[local_name(cls)])))
        for p, o in stated:
            for g in own:
                yield uri, p, o, g
        for key, value in props.items():
            if key in (SOURCES, "uri") or (key.endswith(SOURCES_SUFFIX) and key[:-len(SOURCES_SUFFIX)] in props):
                continue
            values = value if isinstance(value, list) else [value]
            per_value = props.get(key + SOURCES_SUFFIX)
            for i, v in enumerate(values):
                p, o = _property(key, v, types)
                for g in named(str(per_value[i]).split()) if isinstance(per_value, list) else own:
                    yield uri, p, o, g
    for rel in pg.relationships:
        t, s, o = rel
        if t not in by_type:
            raise KgError(f"relationship type {t} is not in the ontology")
        for g in named(pg.sources.get(rel)):
            yield s, by_type[t], o, g


def _property(key: str, value: Any, types: dict[str, str]) -> tuple[str, Term]:
    if key == "name":
        return _LABEL, Lit(str(value), None, "zh")
    if key == "nameEn":
        return _LABEL, Lit(str(value), None, "en")
    if key == "aliases":
        return _ALT, Lit(str(value), None, "zh")
    dt = types.get(key, str(XSD.string))
    if dt == str(XSD.gYear):
        return str(IPKG[key]), Lit(f"{int(value):04d}", dt)
    if dt == str(XSD.decimal):
        return str(IPKG[key]), Lit(canonical_decimal(Decimal(repr(value))), dt)
    if dt == str(XSD.string):
        return str(IPKG[key]), Lit(str(value))
    if isinstance(value, bool):
        return str(IPKG[key]), Lit("true" if value else "false", dt)
    return str(IPKG[key]), Lit(str(value), dt)


# ---- neo4j-admin CSVs -------------------------------------------------------------------
def write_neo4j_csv(pg: PropertyGraph, directory: Path) -> list[Path]:
    """One node file per label set and one relationship file per type, with neo4j-admin headers."""
    directory.mkdir(parents=True, exist_ok=True)
    types = datatypes()
    written: list[Path] = []
    for labels, group in pg.nodes_by_labels():
        rows = [(str(r["uri"]), r["props"]) for r in group]
        keys = sorted({k for _, props in rows for k in props if k != "uri"})
        arrays = {k for k in keys if _listed(k) or any(isinstance(p.get(k), list) for _, p in rows)}
        header = ["uri:ID", ":LABEL"] + [_csv_header(k, types, k in arrays) for k in keys]
        path = directory / f"nodes_{'_'.join(label for label in labels if label != KEY_LABEL)}.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(header)
            for uri, props in rows:
                w.writerow([uri, ";".join(labels)] + [_csv_value(props.get(k), k in arrays, path) for k in keys])
        written.append(path)
    for rel, pairs in pg.relationships_by_type():
        path = directory / f"relationships_{rel}.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow([":START_ID", ":END_ID", ":TYPE", f"{SOURCES}:string[]"])
            w.writerows([s, o, rel, _csv_value(docs, True, path)] for s, o, docs in pairs)
        written.append(path)
    command = directory / "import.sh"
    command.write_text(import_script([p.name for p in written]), encoding="utf-8")
    command.chmod(0o755)
    written.append(command)
    return written


def import_script(files: list[str]) -> str:
    """The ``neo4j-admin database import full`` command for these CSV files (Neo4j 5.x and 2025.x).

    The database name comes right after ``full``: since 5.19 a name after ``--nodes``/``--relationships``
    is read as one more file. Mention quotes hold line breaks, hence ``--multiline-fields=true``.
    """
    args = [f"--nodes={f}" for f in files if f.startswith("nodes_")]
    args += [f"--relationships={f}" for f in files if f.startswith("relationships_")]
    options = ["--overwrite-destination=true", "--multiline-fields=true", f"--array-delimiter='{ARRAY_DELIMITER}'"]
    lines = ["#!/bin/sh",
             "# Import these CSV files into a stopped Neo4j (5.x or 2025.x): run in this directory with",
             "# NEO4J_HOME/bin on PATH (or NEO4J_ADMIN=/path/to/neo4j-admin); DATABASE defaults to neo4j.",
             "# Neo4j Aura has no neo4j-admin import: upload the files with Aura's Import tool instead.",
             "set -e",
             'cd "$(dirname "$0")"',
             '"${NEO4J_ADMIN:-neo4j-admin}" database import full "${DATABASE:-neo4j}" \\']
    lines += [f"    {a} \\" for a in options + args[:-1]] + [f"    {args[-1]}" if args else ""]
    return "\n".join(lines) + "\n"


def _listed(key: str) -> bool:
    return key in ("aliases", SOURCES) or key.endswith(SOURCES_SUFFIX)


def _csv_header(key: str, types: dict, array: bool) -> str:
    text = key in ("name", "nameEn") or _listed(key)
    kind = "string" if text else CSV_TYPES.get(types.get(key, XSD.string), "string")
    return f"{key}:{kind}{'[]' if array else ''}"


def _csv_value(value: Any, array: bool, path: Path) -> str:
    if value is None:
        return ""
    values = value if isinstance(value, list) else [value]
    if array:
        for v in values:
            if ARRAY_DELIMITER in str(v):
                raise KgError(f"{path}: the value {str(v)[:60]!r} contains the array delimiter {ARRAY_DELIMITER!r}")
        return ARRAY_DELIMITER.join(str(v) for v in values)
    return str(values[0])


# ---- a parameter-free Cypher script -----------------------------------------------------
def cypher_literal(value: Any) -> str:
    """A Cypher literal for a property value; strings escaped so no text can end the literal."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)}: {cypher_literal(v)}" for k, v in value.items()) + "}"
    return "'" + re.sub(r"[\\'\"\n\r\t]", lambda m: ESCAPES[m.group()], str(value)) + "'"


def _key(k: str) -> str:
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", k):
        raise KgError(f"property name {k!r} cannot be written to a Cypher script")
    return k


def cypher_script(pg: PropertyGraph, batch_size: int = 500) -> Iterator[str]:
    """Statements (each ending in ';'): the Neo4j schema, then node and relationship batches."""
    for stmt in SCHEMA["neo4j"]:
        yield stmt + ";"
    for labels, rows in pg.nodes_by_labels():
        stmt = node_statement(labels)
        for batch in batches(rows, batch_size):
            yield stmt.replace("$rows", cypher_literal(list(batch)), 1) + ";"
    for rel, pairs in pg.relationships_by_type():
        stmt = relationship_statement(rel)
        for batch in batches(pairs, batch_size):
            yield stmt.replace("$rows", cypher_literal(list(batch)), 1) + ";"


def write_cypher_script(pg: PropertyGraph, path: Path, batch_size: int = 500) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8") as fh:
        fh.write("// ipgov-kg graph as a parameter-free script: cypher-shell -f " + json.dumps(path.name) + "\n")
        for stmt in cypher_script(pg, batch_size):
            fh.write(stmt + "\n")
            count += 1
    return count


# ---- one entry point --------------------------------------------------------------------
def write(fmt: str, output: Path, graph: Graph | None = None, pg: PropertyGraph | None = None,
          with_ontology: bool = False, batch_size: int = 500) -> str:
    """Write ``graph`` (or ``pg``, the property graph) as ``fmt``; returns a one-line summary."""
    from kg.load.property_graph import to_property_graph

    if fmt in RDF_FORMATS:
        if graph is None:
            assert pg is not None
            graph = to_rdf(pg)
        if with_ontology:
            from kg.ontology.namespaces import ontology

            graph = graph + ontology()
            bind(graph)
        output.parent.mkdir(parents=True, exist_ok=True)
        write_rdf(graph, fmt, output)
        return f"{len(graph)} triples → {output}"
    if pg is None:
        assert graph is not None
        pg = to_property_graph(graph)
    if fmt == "neo4j-csv":
        written = write_neo4j_csv(pg, output)
        return f"{len(pg.nodes)} nodes, {len(pg.relationships)} relationships → {len(written)} files in {output}"
    if fmt == "cypher":
        count = write_cypher_script(pg, output, batch_size)
        return f"{len(pg.nodes)} nodes, {len(pg.relationships)} relationships → {count} statements in {output}"
    if fmt in ("graphml", "gexf"):
        g = gephi_graph(pg)
        output.parent.mkdir(parents=True, exist_ok=True)
        import networkx as nx

        (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(g, output)
        return f"{g.number_of_nodes()} nodes, {g.number_of_edges()} edges → {output}"
    raise KgError(f"unknown export format {fmt!r} (choose one of {', '.join(FORMATS)})")


def write_triples_file(fmt: str, triples: list[Triple], output: Path, with_ontology: bool = False) -> str:
    """``triples`` (and the ontology's, ``with_ontology``) as Turtle declaring only the prefixes it uses
    (``ttl``), as JSON-LD compacted with ``jsonld_context`` (``jsonld``) or as N-Triples (``nt``), written
    as a stream; returns a one-line summary."""
    from kg.ontology.turtle import write_file, write_jsonld, write_nquads, write_turtle

    if with_ontology:
        from kg.ontology.namespaces import ontology

        triples = triples + [(s, p, o) for s, p, o, _ in quads_of(ontology())]
    unique = list(dict.fromkeys(triples))
    if fmt == "ttl":
        write_turtle(unique, output)
    elif fmt == "jsonld":
        write_file(output, lambda fh: write_jsonld(unique, fh, jsonld_context()))
    else:
        write_file(output, lambda fh: write_nquads(((s, p, o, None) for s, p, o in unique), fh))
    return f"{len(unique)} triples → {output}"


def write_rdf(graph: Graph, fmt: str, output: Path) -> None:
    """Turtle with only the prefixes it uses; JSON-LD compacted with an ``@context``; N-Triples."""
    if fmt == "ttl":
        from kg.ontology.turtle import write_turtle

        write_turtle(graph, output)
    elif fmt == "jsonld":
        from kg.ontology.turtle import write_file, write_jsonld

        triples = [(s, p, o) for s, p, o, _ in quads_of(graph)]
        write_file(output, lambda fh: write_jsonld(triples, fh, jsonld_context()))
    else:
        graph.serialize(output, format="nt", encoding="utf-8")


def jsonld_context() -> dict[str, str]:
    """The ``@context`` of the JSON-LD export: the project's prefixes, the data base IRI as ``@base``."""
    from kg.ontology.sparql import prefixes

    context = {k: v for k, v in prefixes().items() if k not in ("id",)}
    from kg.ontology.namespaces import base_iri

    return {"@base": base_iri(), **context}


def gephi_graph(pg: PropertyGraph):
    """A networkx graph Gephi reads: ``label`` is the name, lists are joined with 、, Mentions left out."""
    import networkx as nx

    g = nx.MultiDiGraph()
    for uri, (labels, props) in pg.nodes.items():
        if "Mention" in labels:
            continue
        cls = next((n for n in labels if n != KEY_LABEL), KEY_LABEL)
        attrs = {"label": str(props.get("name") or local_name(uri)), "class": cls,
                 "labels": ";".join(n for n in labels if n != KEY_LABEL)}
        for k, v in props.items():
            if k in ("name",):
                continue
            attrs[k] = "、".join(str(x) for x in v) if isinstance(v, list) else v
        g.add_node(uri, **attrs)
    for rel, s, o in pg.relationships:
        if s in g and o in g:
            g.add_edge(s, o, key=rel, type=rel, label=rel)
    return g
