"""``kg``: extract, validate, load, query, visualise and export the IP-governance graph."""

from __future__ import annotations

import csv
import io
import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn
from rich.table import Table

from kg.errors import KgError

console = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def neo4j_options(f: Callable) -> Callable:
    """Options that select Neo4j instead of the embedded database (each also read from NEO4J_*)."""
    for opt in reversed([
        click.option("--neo4j-uri", envvar="NEO4J_URI", help="bolt://, neo4j:// or neo4j+s:// URI; embedded if unset"),
        click.option("--neo4j-user", envvar="NEO4J_USER", default="neo4j", show_default=True),
        click.option("--neo4j-password", envvar="NEO4J_PASSWORD", default="", show_default=False),
        click.option("--neo4j-database", envvar="NEO4J_DATABASE", default=None),
    ]):
        f = opt(f)
    return f


def _store(neo4j_uri: str | None, neo4j_user: str, neo4j_password: str, neo4j_database: str | None):
    from kg.load.store import FalkorStore, Neo4jSettings, Neo4jStore

    if neo4j_uri:
        return Neo4jStore(Neo4jSettings(neo4j_uri, neo4j_user, neo4j_password, neo4j_database))
    return FalkorStore()


class KgGroup(click.Group):
    """Turns KgError into one readable line and exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KgError as err:
            console.print(f"[red]error:[/red] {escape(str(err))}", highlight=False, soft_wrap=True)
            sys.exit(1)


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ipgov-kg")
def main() -> None:
    """Knowledge graph of Chinese IP-governance documents.

    \b
    Examples:
      kg run data/corpus              # everything: extract → validate → Turtle → database → HTML
      kg query -c "MATCH (p:Province) RETURN count(p) AS n"
      kg viz --view province:四川省
    """


@contextmanager
def stage(timings: dict[str, float], name: str) -> Iterator[None]:
    start = time.perf_counter()
    with console.status(f"{name}…"):
        yield
    timings[name] = time.perf_counter() - start


def _extract(paths: tuple[str, ...], strict: bool = False):
    from kg.extract.pipeline import ExtractionReport, extract_paths

    report = ExtractionReport()
    model = extract_paths(list(paths), report)
    for failure in report.failures:
        console.print(f"[yellow]skipped[/yellow] {failure}", highlight=False)
    for warning in report.warnings:
        console.print(f"[yellow]warning:[/yellow] {warning}", highlight=False)
    if not report.layouts:
        raise KgError("no readable documents in " + ", ".join(paths))
    if strict and report.failures:
        raise KgError(f"{len(report.failures)} file(s) could not be read (--strict)")
    return model, report


def _parse_turtle(path: Path):
    from rdflib import Graph

    if not path.exists():
        raise KgError(f"{path}: no such file")
    try:
        return Graph().parse(path, format="turtle")
    except Exception as exc:
        raise KgError(f"{path}: not valid Turtle: {str(exc).splitlines()[0][:300]}") from None


@main.command()
@click.argument("corpus", type=click.Path(file_okay=False, path_type=Path), default=Path("data/corpus"))
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("build/graph.ttl"), show_default=True)
@click.option("--views", "views_dir", type=click.Path(path_type=Path), default=Path("visualizations"),
              show_default=True, help="where the HTML views are written")
@click.option("--batch-size", default=500, show_default=True)
@neo4j_options
def run(corpus: Path, output: Path, views_dir: Path, batch_size: int, **neo4j: Any) -> None:
    """Extract CORPUS, validate, write Turtle, load the database and write the HTML views.

    \b
    Example:
      kg run data/corpus
    """
    from kg.load.loader import load
    from kg.load.property_graph import to_property_graph
    from kg.ontology.mapping import to_graph
    from kg.ontology.turtle import write_turtle
    from kg.ontology.validate import validate
    from kg.viz.site import write_views

    timings: dict[str, float] = {}
    with stage(timings, "extract"):
        model, report = _extract((str(corpus),))
    with stage(timings, "rdf"):
        graph = to_graph(model)
    with stage(timings, "validate"):
        result = validate(graph)
    if not result.conforms:
        console.print(result.report[:4000], highlight=False, markup=False)
        raise KgError(f"the extracted graph violates the shapes ({result.violations} results)")
    with stage(timings, "turtle"):
        output.parent.mkdir(parents=True, exist_ok=True)
        write_turtle(graph, output)
    pg = to_property_graph(graph)
    store = _store(**neo4j)
    try:
        start = time.perf_counter()
        with _progress() as progress:
            task = progress.add_task("load", total=len(pg.nodes) + len(pg.relationships))
            load(store, pg, batch_size=batch_size, replace=True,
                 progress=lambda _kind, n: progress.advance(task, n))
        timings["load"] = time.perf_counter() - start
        start = time.perf_counter()
        with _progress() as progress:
            task = progress.add_task("views", total=None)
            written = write_views(store, views_dir, store.description, progress=lambda: progress.advance(task))
        timings["views"] = time.perf_counter() - start
        _summary(store, report, timings, output, written)
    finally:
        store.close()


def _progress() -> Progress:
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    console=console, transient=True)


def _summary(store, report, timings: dict[str, float], output: Path, written: list[Path]) -> None:
    from kg.load import statements

    nodes = store.query(statements.COUNT_BY_LABELS).rows
    per_class: dict[str, int] = {}
    for labels, c in nodes:
        for label in labels:
            if label != "Resource":
                per_class[label] = per_class.get(label, 0) + c
    rels = store.query(statements.COUNT_BY_TYPE).rows
    t1 = Table(title="Nodes per class")
    t1.add_column("class")
    t1.add_column("nodes", justify="right")
    for k, v in sorted(per_class.items()):
        t1.add_row(k, str(v))
    t2 = Table(title="Relationships per type")
    t2.add_column("type")
    t2.add_column("count", justify="right")
    for k, v in rels:
        t2.add_row(k, str(v))
    t3 = Table(title="Documents")
    t3.add_column("file")
    t3.add_column("layout")
    for path, kind in sorted(report.layouts.items()):
        t3.add_row(Path(path).name, kind)
    t4 = Table(title="Elapsed per stage")
    t4.add_column("stage")
    t4.add_column("seconds", justify="right")
    for k, v in timings.items():
        t4.add_row(k, f"{v:.2f}")
    for t in (t1, t2, t3, t4):
        out.print(t)
    out.print(f"Turtle: {output}   views: {len(written)} in {written[0].parent if written else '-'}")


@main.command()
@click.argument("docs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="Turtle file to write")
@click.option("--strict", is_flag=True, help="exit 1 if any file cannot be read")
def extract(docs: tuple[Path, ...], output: Path, strict: bool) -> None:
    """Extract documents (files or directories) into Turtle.

    \b
    Example:
      kg extract data/corpus/provincial-work-plans-2018.txt -o build/plans.ttl
    """
    from kg.ontology.mapping import to_graph
    from kg.ontology.turtle import write_turtle

    model, _ = _extract(tuple(str(d) for d in docs), strict)
    graph = to_graph(model)
    output.parent.mkdir(parents=True, exist_ok=True)
    write_turtle(graph, output)
    console.print(f"{len(model)} resources, {len(graph)} triples → {output}")


@main.command(name="validate")
@click.argument("turtle", type=click.Path(path_type=Path))
def validate_cmd(turtle: Path) -> None:
    """Validate a Turtle file against the SHACL shapes; exit 1 with a report on violations.

    \b
    Example:
      kg validate build/graph.ttl
    """
    from kg.ontology.validate import validate

    result = validate(_parse_turtle(turtle))
    if not result.conforms:
        out.print(result.report, highlight=False, markup=False)
        raise KgError(f"{turtle}: {result.violations} shape violation(s)")
    out.print(f"{turtle}: conforms")


@main.command(name="load")
@click.argument("turtle", type=click.Path(path_type=Path))
@click.option("--replace", is_flag=True, help="clear the database first")
@click.option("--batch-size", default=500, show_default=True)
@neo4j_options
def load_cmd(turtle: Path, replace: bool, batch_size: int, **neo4j: Any) -> None:
    """Load a Turtle file into the graph database (embedded unless a Neo4j URI is given).

    \b
    Examples:
      kg load build/graph.ttl --replace
      NEO4J_URI=bolt://localhost:7687 NEO4J_PASSWORD=… kg load build/graph.ttl
    """
    from kg.load.loader import load
    from kg.load.property_graph import to_property_graph
    from kg.ontology.validate import validate

    graph = _parse_turtle(turtle)
    result = validate(graph)
    if not result.conforms:
        out.print(result.report[:4000], highlight=False, markup=False)
        raise KgError(f"{turtle}: {result.violations} shape violation(s); nothing was loaded")
    pg = to_property_graph(graph)
    store = _store(**neo4j)
    try:
        with _progress() as progress:
            task = progress.add_task("load", total=len(pg.nodes) + len(pg.relationships))
            stats = load(store, pg, batch_size=batch_size, replace=replace,
                         progress=lambda _k, n: progress.advance(task, n))
    finally:
        store.close()
    console.print(f"loaded {stats.nodes} nodes and {stats.relationships} relationships")


def _queries_dir() -> Path:
    local = Path("queries")
    return local if local.is_dir() else PROJECT_ROOT / "queries"


def _param(raw: str) -> tuple[str, str]:
    if "=" not in raw:
        raise KgError(f"--param {raw!r}: expected key=value")
    key, value = raw.split("=", 1)
    return key.strip(), value


@main.command()
@click.argument("name", required=False)
@click.option("-c", "--cypher", help="an ad-hoc Cypher statement")
@click.option("--param", "params", multiple=True,
              help="key=value, typed as the query declares (else numbers and true/false are inferred)")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--list", "list_", is_flag=True, help="list the library's queries with their questions")
@neo4j_options
def query(name: str | None, cypher: str | None, params: tuple[str, ...], fmt: str, list_: bool, **neo4j: Any) -> None:
    """Run a library query by NAME, a .cypher FILE, or -c CYPHER.

    \b
    Examples:
      kg query --list
      kg query programme_leads --param programme=专利导航
      kg query province_plan --param province=四川 --format csv
      kg query -c "MATCH (p:Province) RETURN count(p) AS n"
    """
    from kg.library import cast, library, parse

    if list_:
        _list_queries(library(_queries_dir()))
        return
    if bool(name) == bool(cypher):
        raise KgError("give a query NAME or FILE, or -c CYPHER (one of them); kg query --list shows the library")
    given = dict(_param(p) for p in params)
    if name:
        path = Path(name)
        if not (path.suffix == ".cypher" and path.exists()):
            path = _queries_dir() / f"{name}.cypher"
        if not path.exists():
            raise KgError(f"no query named {name!r} (kg query --list shows the library in {_queries_dir()})")
        lib = parse(path, require_title=False)
        label, text, values = lib.name, lib.cypher, lib.bind(given)
    else:
        label, text, values = "-c", cypher or "", {k: cast(v, None, f"--param {k}") for k, v in given.items()}
    store = _store(**neo4j)
    try:
        try:
            result = store.query(text, values)
        except KgError as err:
            raise KgError(f"query {label}: {str(err).splitlines()[0]}") from None
    finally:
        store.close()
    _print_result(result.columns, result.rows, fmt)


def _list_queries(queries: dict) -> None:
    table = Table(show_lines=True)
    table.add_column("name", no_wrap=True)
    table.add_column("title / question")
    table.add_column("parameters (default)")
    for q in queries.values():
        params = "\n".join(f"{p.name}: {p.type} = {p.default!r}" for p in q.params) or "-"
        table.add_row(q.name, f"[bold]{q.title}[/bold]\n{q.question_zh}\n{q.question_en}", params)
    out.print(table)
    out.print(f"{len(queries)} queries in {_queries_dir()}")


def _print_result(columns: list[str], rows: list[list[Any]], fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps([dict(zip(columns, r, strict=False)) for r in rows], ensure_ascii=False, indent=2))
    elif fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(columns)
        writer.writerows([[json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v for v in r]
                          for r in rows])
        click.echo(buf.getvalue(), nl=False)
    else:
        table = Table(*columns)
        for r in rows:
            table.add_row(*[json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else str(v) for v in r])
        out.print(table)


@main.command()
@click.argument("file", required=False, type=click.Path(path_type=Path))
@click.option("-c", "--query", "text", help="an ad-hoc SPARQL query")
@click.option("--graph", "source", type=click.Path(path_type=Path), default=Path("build/graph.ttl"),
              show_default=True, help="the Turtle graph to query")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
def sparql(file: Path | None, text: str | None, source: Path, fmt: str) -> None:
    """Run a SPARQL query (FILE or -c QUERY) over the Turtle graph and the ontology.

    Prefixes ipkg:, rdfs:, skos:, prov:, dcterms:, xsd: … are predeclared.

    \b
    Examples:
      kg sparql queries/sparql/programme_leads.rq
      kg sparql -c "SELECT (COUNT(?p) AS ?n) WHERE { ?p a ipkg:Province }"
    """
    from kg.ontology.sparql import select, with_ontology

    if bool(file) == bool(text):
        raise KgError("give a SPARQL FILE or -c QUERY (one of them)")
    label = "-c"
    if file:
        if not file.exists():
            raise KgError(f"{file}: no such file")
        text, label = file.read_text(encoding="utf-8"), str(file)
    result = select(with_ontology(_parse_turtle(source)), text or "", label)
    if isinstance(result, tuple):
        _print_result(*result, fmt)
    else:
        click.echo(result.serialize(format="turtle"), nl=False)


@main.command(name="eval")
@click.option("--graph", "source", type=click.Path(path_type=Path), default=Path("build/graph.ttl"),
              show_default=True, help="the extracted Turtle graph to measure")
@click.option("--gold", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="the evaluation set (default: tests/gold of the project)")
@click.option("--limit", default=15, show_default=True, help="misses and false hits shown per category (0: all)")
@click.option("--strict", is_flag=True, help="exit 1 if a category is below its target")
def eval_cmd(source: Path, gold: Path | None, limit: int, strict: bool) -> None:
    """Measure an extracted graph against the hand-made evaluation set: precision, recall, F1 per category.

    \b
    Example:
      kg eval --graph build/graph.ttl
    """
    from kg.evaluation import TARGETS, evaluate

    gold = gold or PROJECT_ROOT / "tests" / "gold"
    graph = _parse_turtle(source)
    scores = evaluate(graph, gold)
    table = Table(title=f"{source} against {gold}")
    for column in ("category", "gold", "found", "correct", "precision", "recall", "F1", "target"):
        table.add_column(column, justify="left" if column in ("category", "target") else "right")
    for s in scores:
        target = ", ".join(f"{m} ≥ {t}" for m, t in TARGETS.get(s.category, ()))
        mark = (" [red]✗[/red]" if s.below_target() else " [green]✓[/green]") if target else ""
        table.add_row(s.category, str(s.gold), str(s.found), str(s.correct), f"{s.precision:.3f}",
                      f"{s.recall:.3f}", f"{s.f1:.3f}", target + mark)
    out.print(table)
    for s in scores:
        for title, items in (("missed", s.misses), ("false hits", s.false_hits)):
            if items:
                shown = items if limit == 0 else items[:limit]
                out.print(f"\n[bold]{s.category}: {title} ({len(items)})[/bold]")
                for item in shown:
                    out.print(f"  {escape(item)}", highlight=False)
                if len(shown) < len(items):
                    out.print(f"  … and {len(items) - len(shown)} more (--limit 0 shows all)")
    from kg.plausibility import SUSPICIOUS_LIMIT, report

    findings = report(graph)
    out.print("\n[bold]Plausibility over the whole graph[/bold]")
    for kind, plural in (("work item", "work items"), ("agency", "agencies"), ("department text", "department texts")):
        found = [f for f in findings if f.kind == kind]
        out.print(f"suspicious {plural}: {len(found)}")
        shown = found if limit == 0 else found[:limit]
        for f in shown:
            out.print(f"  {escape(str(f))}", highlight=False)
        if len(shown) < len(found):
            out.print(f"  … and {len(found) - len(shown)} more (--limit 0 shows all)")
    failing = [f"{s.category}: {b}" for s in scores for b in s.below_target()]
    items = sum(1 for f in findings if f.kind != "department text")
    if items > SUSPICIOUS_LIMIT:
        failing.append(f"plausibility: {items} suspicious work items and agencies > {SUSPICIOUS_LIMIT}")
    if failing and strict:
        raise KgError("below target: " + "; ".join(failing))


@main.command()
@click.option("--view", default=None, help="a view name from --list (province and programme views also take a name); "
              "all views and an index page if omitted")
@click.option("--list", "list_views", is_flag=True, help="list the views of the loaded graph and exit")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("visualizations"), show_default=True,
              help="directory for the HTML files")
@neo4j_options
def viz(view: str | None, list_views: bool, output: Path, **neo4j: Any) -> None:
    """Write self-contained interactive HTML views of the loaded graph (they open offline).

    \b
    Examples:
      kg viz
      kg viz --list
      kg viz --view province:四川 -o /tmp/views
      kg viz --view programme:专利质量提升工程
      kg viz --view agency-network
    """
    from kg.viz.site import write_snapshot
    from kg.viz.snapshot import snapshot
    from kg.viz.views import catalogue

    store = _store(**neo4j)
    try:
        snap, source = snapshot(store), store.description
    finally:
        store.close()
    if list_views:
        entries = catalogue(snap)
        width = max(len(e.name) for e in entries)
        for entry in entries:
            click.echo(f"{entry.name:<{width}}  {entry.title}")
        return
    for p in write_snapshot(snap, output, source, only=view):
        out.print(str(p))


@main.command()
@click.option("--format", "fmt", type=click.Choice(["ttl", "jsonld", "nt", "neo4j-csv", "cypher"]), default="ttl",
              show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="file to write (a directory for neo4j-csv)")
@click.option("--from", "source", type=click.Path(path_type=Path), default=Path("build/graph.ttl"),
              show_default=True, help="the Turtle graph to export")
@click.option("--from-db", is_flag=True, help="export the graph loaded in the database instead (reverse mapping)")
@click.option("--batch-size", default=500, show_default=True, help="rows per statement of a Cypher script")
@neo4j_options
def export(fmt: str, output: Path, source: Path, from_db: bool, batch_size: int, **neo4j: Any) -> None:
    """Export the graph as Turtle, JSON-LD, N-Triples, neo4j-admin CSVs or a Cypher script.

    \b
    Examples:
      kg export --format jsonld -o build/graph.jsonld
      kg export --from-db --format ttl -o build/from-db.ttl
      kg export --format neo4j-csv -o build/neo4j-import      # then: sh build/neo4j-import/import.sh
      kg export --format cypher -o build/graph.cypher         # then: cypher-shell -f build/graph.cypher
    """
    from kg.load.export import read_property_graph, to_rdf, write_cypher_script, write_neo4j_csv
    from kg.load.property_graph import to_property_graph

    if from_db:
        store = _store(**neo4j)
        try:
            pg = read_property_graph(store)
        finally:
            store.close()
        graph = to_rdf(pg) if fmt in ("ttl", "jsonld", "nt") else None
    else:
        graph = _parse_turtle(source)
        pg = to_property_graph(graph) if fmt in ("neo4j-csv", "cypher") else None
    if fmt == "neo4j-csv":
        assert pg is not None
        written = write_neo4j_csv(pg, output)
        console.print(f"{len(pg.nodes)} nodes, {len(pg.relationships)} relationships → {len(written)} files in {output}")
        return
    if fmt == "cypher":
        assert pg is not None
        count = write_cypher_script(pg, output, batch_size)
        console.print(f"{len(pg.nodes)} nodes, {len(pg.relationships)} relationships → {count} statements in {output}")
        return
    assert graph is not None
    output.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "ttl":
        from kg.ontology.turtle import write_turtle

        write_turtle(graph, output)
    else:
        graph.serialize(output, format={"jsonld": "json-ld", "nt": "nt"}[fmt])
    console.print(f"{len(graph)} triples → {output}")


@main.group()
def db() -> None:
    """Manage the embedded graph database server (FalkorDB)."""


@db.command()
def start() -> None:
    """Start the embedded server (unix socket, password, data under KG_HOME)."""
    from kg.load import server

    p = server.start()
    out.print(f"running: socket {p.socket}, data {p.data}")


@db.command()
def stop() -> None:
    """Stop the embedded server, saving its data."""
    from kg.load import server

    out.print("stopped" if server.stop() else "not running")


@db.command()
def status() -> None:
    """Tell whether the embedded server is running, and where."""
    from kg.load import server

    p = server.paths()
    if server.is_running(p):
        out.print(f"running (pid {server.pid()}): socket {p.socket}, data {p.data}")
    else:
        out.print(f"not running (data {p.data})")
        sys.exit(3)
