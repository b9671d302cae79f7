"""The Python API: what the ``kg`` command does, for notebooks and scripts.

>>> import kg
>>> with kg.open() as graph:                                    # the embedded database
...     leads = graph.query("programme_leads", programme="专利导航")   # a pandas DataFrame
...     g = graph.to_networkx()                                   # a networkx MultiDiGraph
>>> kg.sparql("SELECT (COUNT(?p) AS ?n) WHERE { ?p a ipkg:Province }")

``kg.open()`` takes the same Neo4j settings as the command line (arguments, else the ``NEO4J_*``
variables); without a URI it opens the embedded FalkorDB server, starting it when needed.
Library queries take their declared, typed parameters (a misspelt name is an error listing the
right ones); any other text is run as Cypher with the parameters as given.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import KgError

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd
    from rdflib import Graph

    from kg.extract.pipeline import ExtractionReport
    from kg.library import LibraryQuery
    from kg.load.store import GraphStore

DEFAULT_GRAPH = Path("build/graph.ttl")
_NAME = re.compile(r"^[\w\-]+$|\.cypher$")

__all__ = ["KnowledgeGraph", "Rows", "export", "extract", "load_turtle", "open", "queries", "sparql",
           "sparql_rows"]


@dataclass
class Rows:
    """A result as columns and rows of plain values (what the command line prints)."""

    columns: list[str]
    rows: list[list[Any]]
    title: str = ""

    def to_dataframe(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(self.rows, columns=self.columns)


def open(neo4j_uri: str | None = None, neo4j_user: str | None = None, neo4j_password: str | None = None,
         neo4j_database: str | None = None) -> KnowledgeGraph:
    """The loaded graph: Neo4j when a URI is given (or ``NEO4J_URI`` is set), else the embedded database."""
    from kg.load.store import open_store

    return KnowledgeGraph(open_store(neo4j_uri, neo4j_user, neo4j_password, neo4j_database))


class KnowledgeGraph:
    """A connection to the loaded graph; use it in a ``with`` block, or call :meth:`close`."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store

    @property
    def description(self) -> str:
        return self.store.description

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    def query(self, name_or_cypher: str, /, **params: Any) -> pd.DataFrame:
        """A library query by name (or part of one, or a ``.cypher`` file), or Cypher text, as a DataFrame."""
        return self.rows(name_or_cypher, params).to_dataframe()

    def rows(self, name_or_cypher: str, params: dict[str, Any] | None = None) -> Rows:
        """Like :meth:`query`, as plain columns and rows; string parameters of library queries are cast."""
        params = params or {}
        if _NAME.search(name_or_cypher.strip()):
            from kg.library import find

            q = find(name_or_cypher.strip())
            label, text, values = q.name, q.cypher, q.bind(params)
        else:
            label, text, values = "", name_or_cypher, dict(params)
        try:
            result = self.store.query(text, values)
        except KgError as err:
            if not label:
                raise
            raise type(err)(f"query {label}: {str(err).splitlines()[0]}") from err
        return Rows(result.columns, result.rows, label or "Cypher")

    def to_networkx(self, view: str | None = None, mentions: bool = False) -> nx.MultiDiGraph:
        """The loaded graph as a networkx MultiDiGraph keyed by ``uri``, or the subgraph one HTML view shows.

        Nodes carry ``labels`` and their properties; edges carry ``type`` (and are keyed by it).
        Evidence mentions are left out unless ``mentions`` is true.
        """
        from kg.load.export import read_property_graph

        pg = read_property_graph(self.store)
        keep: set[str] | None = None
        if view:
            from kg.viz.snapshot import from_property_graph
            from kg.viz.views import select

            snap = from_property_graph(pg)
            keep = set(select(snap, view).build(snap).nodes)
        return property_graph_to_networkx(pg, keep=keep, mentions=mentions)

    def load(self, turtle: str | Path, replace: bool = False) -> tuple[int, int]:
        """Load a Turtle file (validated first); returns the numbers of nodes and relationships."""
        return load_turtle(self.store, Path(turtle), replace=replace)


def property_graph_to_networkx(pg: Any, keep: set[str] | None = None, mentions: bool = False) -> nx.MultiDiGraph:
    import networkx as nx

    g = nx.MultiDiGraph()
    for uri, (labels, props) in pg.nodes.items():
        if (keep is not None and uri not in keep) or (not mentions and "Mention" in labels):
            continue
        g.add_node(uri, labels=[label for label in labels if label != "Resource"], **{k: v for k, v in props.items()
                                                                                         if k != "uri"})
    for rel, s, o in pg.relationships:
        if s in g and o in g:
            g.add_edge(s, o, key=rel, type=rel)
    return g


def queries() -> dict[str, LibraryQuery]:
    """The query library shipped with the package, by name."""
    from kg.library import library

    return library()


def sparql_rows(text: str, graph: str | Path = DEFAULT_GRAPH, label: str = "SPARQL") -> Rows | str:
    """A SPARQL query over the graph file and the ontology: rows, or Turtle for CONSTRUCT/DESCRIBE."""
    from kg.ontology.sparql import select

    result = select(Path(graph), text, label)
    if isinstance(result, str):
        return result
    return Rows(*result, title=label)


def sparql(text: str, graph: str | Path = DEFAULT_GRAPH) -> pd.DataFrame:
    """A SELECT or ASK query over the graph file and the ontology, as a DataFrame (IRIs as prefixed names)."""
    result = sparql_rows(text, graph)
    if isinstance(result, str):
        raise KgError("a CONSTRUCT or DESCRIBE query gives a graph, not a table: use kg sparql on the command line")
    return result.to_dataframe()


def extract(paths: Iterable[str | Path], output: str | Path | None = None,
            strict: bool = False) -> tuple[Graph, ExtractionReport]:
    """Extract documents (files or directories) into an RDF graph; write it as Turtle when ``output`` is given."""
    from kg.extract.pipeline import ExtractionReport, extract_paths
    from kg.ontology.mapping import to_graph

    names = [str(p) for p in paths]
    report = ExtractionReport()
    model = extract_paths(names, report)
    if not report.layouts:
        raise KgError("no readable documents in " + ", ".join(names))
    if strict and report.failures:
        raise KgError(f"{len(report.failures)} file(s) could not be read: "
                      + "; ".join(str(f) for f in report.failures))
    graph = to_graph(model)
    if output is not None:
        from kg.ontology.turtle import write_turtle

        out = Path(output)
        out.parent.mkdir(parents=True, exist_ok=True)
        write_turtle(graph, out)
    return graph, report


def read_turtle(path: Path) -> Graph:
    """A Turtle file parsed; a missing or malformed file is an error naming it."""
    from kg.ontology.terms import read_rdf

    return read_rdf(path)


def load_turtle(store: GraphStore, path: Path, replace: bool = False, batch_size: int = 500,
                progress: Any = None) -> tuple[int, int]:
    """Validate a Turtle file and load it into ``store``; nothing is loaded when it violates the shapes."""
    from kg.load.loader import load
    from kg.load.property_graph import to_property_graph
    from kg.ontology.validate import validate

    graph = read_turtle(path)
    result = validate(graph)
    if not result.conforms:
        raise KgError(f"{path}: {result.violations} shape violation(s); nothing was loaded "
                      f"(kg validate {path} shows them)")
    stats = load(store, to_property_graph(graph), batch_size=batch_size, replace=replace, progress=progress)
    return stats.nodes, stats.relationships


def export(fmt: str, output: str | Path, source: str | Path = DEFAULT_GRAPH, store: GraphStore | None = None,
           with_ontology: bool = False, batch_size: int = 500) -> str:
    """Write the graph (the Turtle ``source``, or the loaded graph when ``store`` is given) in ``fmt``.

    Formats: ``ttl``, ``jsonld``, ``nt`` (RDF); ``trig``, ``nq`` (one named graph per document, from
    the knowledge base or the store); ``graphml``, ``gexf`` (Gephi); ``neo4j-csv`` (a directory for
    neo4j-admin); ``cypher`` (a parameter-free script). Returns a summary line.
    """
    from kg.load import export as ex

    out = Path(output)
    if fmt not in ex.FORMATS:
        raise KgError(f"unknown export format {fmt!r} (choose one of {', '.join(ex.FORMATS)})")
    if fmt in ("trig", "nq"):
        from kg.ontology.turtle import write_file, write_nquads, write_trig

        if store is not None:
            quads = list(ex.to_quads(ex.read_property_graph(store)))
        else:
            from kg.kb import KnowledgeBase

            quads = list(KnowledgeBase().quads())
        write_file(out, lambda fh: (write_trig if fmt == "trig" else write_nquads)(quads, fh))
        return f"{len(quads)} quads → {out}"
    if store is not None:
        pg = ex.read_property_graph(store)
        graph = ex.to_rdf(pg) if fmt in ex.RDF_FORMATS else None
        return ex.write(fmt, out, graph=graph, pg=pg, with_ontology=with_ontology, batch_size=batch_size)
    from kg.ontology.terms import read_quads

    quads = read_quads(Path(source))
    if fmt in ex.RDF_FORMATS:
        return ex.write_triples_file(fmt, [(s, p, o) for s, p, o, _ in quads], out, with_ontology)
    from kg.load.property_graph import from_quads

    return ex.write(fmt, out, pg=from_quads(quads), batch_size=batch_size)
