"""``kg``: extract, validate, load, query, visualise and export the IP-governance graph."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn
from rich.table import Table

from kg.errors import KgError
from kg.load import BATCH_SIZE
from kg.output import FORMATS, print_table, write_rows
from kg.runtime import Beside

EXPORT_FORMATS = ("ttl", "trig", "nq", "jsonld", "nt", "graphml", "gexf", "neo4j-csv", "cypher")

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


def output_options(f: Callable) -> Callable:
    """``--format``, ``-o``, ``--width`` and ``--excel``: how a command that prints rows writes them."""
    for opt in reversed([
        click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                     help="table for people; csv (Excel-ready), json or xlsx for tools"),
        click.option("-o", "--output", "output_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
                     help="write to FILE instead of the terminal (needed for xlsx; CSV files get a byte-order mark)"),
        click.option("--width", type=click.IntRange(40, 100_000), default=None,
                     help="table width in columns (default: the terminal's; unwrapped when piped)"),
        click.option("--excel", is_flag=True, help="start CSV on standard output with a byte-order mark, for Excel"),
    ]):
        f = opt(f)
    return f


def render(columns: list[str], rows: list[list[Any]], opts: dict[str, Any], title: str | None = None) -> None:
    """Write rows as the output options say; a file written is reported on standard error."""
    write_rows(columns, rows, opts["fmt"], opts["output_file"], width=opts["width"], excel=opts["excel"], title=title)
    if opts["output_file"] is not None:
        console.print(f"{len(rows)} rows → {opts['output_file']}")


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
    _measured(name)


# after each stage of `kg run`: the peak resident memory (MiB) of this process and its workers, and the CPU
# seconds they have used so far (on a busy machine the CPU time tells more than the elapsed time)
_PEAKS: dict[str, float] = {}
_CPU: dict[str, float] = {}


def _measured(name: str) -> None:
    import resource

    own, workers = (resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    _PEAKS[name] = max(own.ru_maxrss, workers.ru_maxrss) / 1024
    _CPU[name] = own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


JOBS_HELP = "extraction worker processes (default: one per core, fewer for a small corpus)"


def _extract(paths: tuple[str, ...], strict: bool = False, jobs: int | None = None):
    from kg.extract.pipeline import ExtractionReport, extract_paths

    report = ExtractionReport()
    model = extract_paths(list(paths), report, jobs)
    for failure in report.failures:
        hint = getattr(failure, "hint", "")
        console.print(f"[yellow]skipped[/yellow] {failure}" + (f" ({hint})" if hint else ""), highlight=False)
    for warning in report.warnings:
        console.print(f"[yellow]warning:[/yellow] {warning}", highlight=False)
    if not report.layouts:
        raise KgError("no readable documents in " + ", ".join(paths))
    if strict and report.failures:
        raise KgError(f"{len(report.failures)} file(s) could not be read (--strict)")
    return model, report


def _parse_turtle(path: Path):
    """A Turtle file as a graph, a TriG or N-Quads file (by suffix) as a dataset of named graphs."""
    from kg.ontology.terms import read_rdf

    return read_rdf(path)


@main.command()
@click.argument("corpus", type=click.Path(file_okay=False, path_type=Path), default=Path("data/corpus"))
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("build/graph.ttl"), show_default=True)
@click.option("--views", "views_dir", type=click.Path(path_type=Path), default=Path("visualizations"),
              show_default=True, help="where the HTML views are written")
@click.option("--batch-size", default=BATCH_SIZE, show_default=True, help="rows per write statement")
@click.option("--timings", "timings_file", type=click.Path(path_type=Path), default=None,
              help="also write each stage's seconds and peak memory (MiB) as JSON to this file")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help=JOBS_HELP)
@neo4j_options
def run(corpus: Path, output: Path, views_dir: Path, batch_size: int, timings_file: Path | None, jobs: int | None,
        **neo4j: Any) -> None:
    """Bring the knowledge base to CORPUS, then write the Turtle, the database and the HTML views.

    Documents new or changed in CORPUS are extracted (others come from the cache), documents read
    from CORPUS that are gone from it are removed; the Turtle file is the union of all documents'
    graphs. A full rebuild gives the identical graph.

    \b
    Example:
      kg run data/corpus
    """
    from kg.kb import KnowledgeBase

    kb = KnowledgeBase()
    timings: dict[str, float] = {}
    opening = _opening(neo4j)  # the embedded server starts while the documents are read
    try:
        with kb.locked():
            with stage(timings, "extract"):
                change = kb.sync_dir(corpus, jobs=jobs)
            _report_change(change)
            if not kb.documents():
                raise KgError(f"no readable documents in {corpus}")
            store = opening.result()
            views = _ViewsBeside(views_dir, store.description)
            try:
                _publish(kb, store, output, batch_size, timings, on_graph=views.start)
            except BaseException:
                views.cancel()
                raise
        start = time.perf_counter()
        if views.work is not None:
            with console.status("views…"):
                written = views.work.result()
        else:  # the database was up to date: nothing was published, the views come from what it holds
            from kg.viz.site import write_views

            with _progress() as progress:
                task = progress.add_task("views", total=None)
                written = write_views(store, views_dir, store.description, progress=lambda: progress.advance(task),
                                      stored=kb.stored_graph(store))
        timings["views"] = time.perf_counter() - start
        _measured("views")
        _summary(store, kb, timings, output, written)
        if timings_file is not None:
            counts = kb.counts()
            timings_file.write_text(json.dumps({**counts, "stages": {
                k: {"seconds": v, "peak_mib": _PEAKS.get(k), "cpu_total": _CPU.get(k)} for k, v in timings.items()}},
                indent=1))
    finally:
        if opening.exception() is None:
            opening.result().close()


class _ViewsBeside:
    """The views written, while the graph is loaded, from its snapshot, in a process that is sent the snapshot
    and begins once a Turtle file written beside it is done: one forked instead would copy every page of the published
    support that the snapshot's values lie in."""

    def __init__(self, outdir: Path, source: str) -> None:
        self.outdir, self.source = outdir, source
        self.work: Beside[list[Path]] | None = None

    def start(self, support) -> None:
        from kg.viz.snapshot import from_support

        snap = from_support(support)
        self.work = Beside(partial(_write_views_of, snap, self.outdir, self.source), spawn=True)

    def cancel(self) -> None:
        if self.work is not None:
            self.work.cancel()


def _write_views_of(snap, outdir: Path, source: str) -> list[Path]:
    """Every view of the snapshot ``snap`` (the modules it takes imported by the process that draws)."""
    from kg.viz.site import write_snapshot

    return write_snapshot(snap, outdir, source)


def _opening(neo4j: dict[str, Any]) -> Future:
    """The store, opened (the embedded server started, if need be) in a thread while the caller goes on."""
    pool = ThreadPoolExecutor(max_workers=1)
    try:
        return pool.submit(_store, **neo4j)
    finally:
        pool.shutdown(wait=False)


def _publish(kb, store, output: Path | None, batch_size: int, timings: dict[str, float], on_graph=None) -> None:
    start = time.perf_counter()
    with _progress() as progress:
        task = progress.add_task("load", total=None)
        done = kb.publish(store, output, batch_size=batch_size, progress=lambda _k, n: progress.advance(task, n),
                          on_graph=on_graph)
    timings["publish"] = time.perf_counter() - start
    _measured("publish")
    if not done:
        console.print(f"{store.description}{f' and {output}' if output else ''} already up to date")


def _publish_to(kb, neo4j: dict[str, Any], output: Path, batch_size: int, timings: dict[str, float]) -> None:
    """Bring the database named by the Neo4j options (else the embedded one) and ``output`` to the knowledge base."""
    store = _store(**neo4j)
    try:
        _publish(kb, store, output, batch_size, timings)
    finally:
        store.close()
    console.print(f"{len(kb.documents())} documents in the knowledge base")


def _report_change(change) -> None:
    for failure in change.failures:
        console.print(f"[yellow]skipped[/yellow] {failure}", highlight=False)
    for warning in change.warnings:
        console.print(f"[yellow]warning:[/yellow] {warning}", highlight=False)
    for key in change.added:
        console.print(f"added {key}", highlight=False)
    for old, new in change.replaced:
        console.print(f"replaced {old} by {new} (the file changed)", highlight=False)
    for key in change.removed:
        console.print(f"removed {key}", highlight=False)
    if change.unchanged and not change.changed:
        console.print(f"unchanged: {', '.join(sorted(set(change.unchanged)))} (already in the knowledge base)",
                      highlight=False)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("build/graph.ttl"), show_default=True,
              help="the union Turtle file, rewritten when the knowledge base changes")
@click.option("--strict", is_flag=True, help="exit 1 if any file cannot be read")
@click.option("--batch-size", default=BATCH_SIZE, show_default=True, help="rows per write statement")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help=JOBS_HELP)
@neo4j_options
def add(paths: tuple[Path, ...], output: Path, strict: bool, batch_size: int, jobs: int | None, **neo4j: Any) -> None:
    """Add documents (files or directories) to the knowledge base and the database.

    Only what is new or changed is extracted (a cache keyed by the document's SHA-256 and the
    extractor's version); adding a document already in does nothing; a file whose contents changed
    replaces exactly its old document's facts.

    \b
    Examples:
      kg add data/corpus
      kg add new-plan.txt
    """
    from kg.kb import KnowledgeBase

    kb = KnowledgeBase()
    timings: dict[str, float] = {}
    with kb.locked():
        with stage(timings, "extract"):
            change = kb.add([str(p) for p in paths], jobs=jobs)
        _report_change(change)
        if strict and change.failures:
            raise KgError(f"{len(change.failures)} file(s) could not be read (--strict)")
        _publish_to(kb, neo4j, output, batch_size, timings)


@main.command()
@click.argument("documents", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("build/graph.ttl"), show_default=True,
              help="the union Turtle file, rewritten")
@click.option("--batch-size", default=BATCH_SIZE, show_default=True, help="rows per write statement")
@neo4j_options
def remove(documents: tuple[str, ...], output: Path, batch_size: int, **neo4j: Any) -> None:
    """Remove documents (by key, file name or path): what only they support is retracted; what other
    documents support stays, with those sources.

    \b
    Example:
      kg remove provincial-work-plans-2018.txt
    """
    from kg.kb import KnowledgeBase

    kb = KnowledgeBase()
    timings: dict[str, float] = {}
    with kb.locked():
        change = kb.remove(documents)
        _report_change(change)
        _publish_to(kb, neo4j, output, batch_size, timings)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "tsv"]), default="table", show_default=True,
              help="tsv: lines to paste into merges.tsv, decision left to fill in")
def duplicates(fmt: str) -> None:
    """List near-duplicates that were not merged: names of one class across the documents that read almost
    alike. Confirm or refuse each in kg/data/lexicons/merges.tsv (same / different).

    \b
    Example:
      kg duplicates --format tsv
    """
    from kg.kb import KnowledgeBase
    from kg.merging import MERGES_FILE

    found = KnowledgeBase().near_duplicates()
    if fmt == "tsv":
        for d in found:
            click.echo(f"{d.cls}\t{d.first}\t{d.second}\t\t")
        return
    columns = ["class", "name", "other name", "documents", "other documents"]
    write_rows(columns, [[d.cls, d.first, d.second, d.first_sources, d.second_sources] for d in found], fmt)
    if fmt == "table":
        console.print(f"{len(found)} near-duplicate(s); decide in {MERGES_FILE}")


@main.command()
@output_options
def documents(fmt: str, output_file: Path | None, width: int | None, excel: bool) -> None:
    """List the documents in the knowledge base: file, title, layout, counts, SHA-256, when added.

    \b
    Examples:
      kg documents
      kg documents --format xlsx -o documents.xlsx
    """
    from kg.kb import KnowledgeBase

    entries = KnowledgeBase().documents()
    columns = ["key", "file", "title", "layout", "resources", "mentions", "sha256", "added"]
    rows = [[getattr(e, c) for c in columns] for e in entries]
    if fmt == "table" and output_file is None:
        columns = ["file", "title", "layout", "resources", "mentions", "sha256", "added"]
        rows = [[r[1], r[2], r[3], r[4], r[5], r[6][:12], r[7]] for r in rows]
    render(columns, rows, {"fmt": fmt, "output_file": output_file, "width": width, "excel": excel})


def _progress() -> Progress:
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    console=console, transient=True)


def _summary(store, kb, timings: dict[str, float], output: Path, written: list[Path]) -> None:
    from kg.load import statements

    held = kb.published_here(store)  # just loaded: counted from what was loaded, without asking the database
    if held is not None:
        by_labels, by_type = held.counts()
        nodes, rels = list(by_labels.items()), sorted(by_type.items())
    else:
        nodes = store.query(statements.COUNT_BY_LABELS).rows
        rels = store.query(statements.COUNT_BY_TYPE).rows
    per_class: dict[str, int] = {}
    for labels, c in nodes:
        for label in labels:
            if label != "Resource":
                per_class[label] = per_class.get(label, 0) + c
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
    for column in ("file", "layout", "resources", "mentions"):
        t3.add_column(column)
    for entry in kb.documents():
        t3.add_row(entry.file, entry.layout, str(entry.resources), str(entry.mentions))
    t4 = Table(title="Elapsed per stage")
    t4.add_column("stage")
    t4.add_column("seconds", justify="right")
    for k, v in timings.items():
        t4.add_row(k, f"{v:.2f}")
    near = kb.near_duplicates()
    t5 = Table(title=f"Near-duplicates not merged ({len(near)}; kg duplicates lists them all, merges.tsv decides)")
    for column in ("class", "name", "other name"):
        t5.add_column(column)
    for d in near[:10]:
        t5.add_row(d.cls, d.first, d.second)
    for t in (t1, t2, t3, t4, t5):
        out.print(t)
    out.print(f"Turtle: {output}   views: {len(written)} in {written[0].parent if written else '-'}")


@main.command()
@click.argument("docs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="Turtle file to write")
@click.option("--strict", is_flag=True, help="exit 1 if any file cannot be read")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help=JOBS_HELP)
def extract(docs: tuple[Path, ...], output: Path, strict: bool, jobs: int | None) -> None:
    """Extract documents (files or directories) into Turtle.

    \b
    Example:
      kg extract data/corpus/provincial-work-plans-2018.txt -o build/plans.ttl
    """
    from kg.ontology.mapping import triples
    from kg.ontology.turtle import write_turtle

    model, _ = _extract(tuple(str(d) for d in docs), strict, jobs)
    union = list(dict.fromkeys(triples(model)))
    write_turtle(union, output)
    console.print(f"{len(model)} resources, {len(union)} triples → {output}")


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
@click.option("--replace", is_flag=True, help="make the database exactly the file's graph (else nodes not in the "
              "file are kept)")
@click.option("--batch-size", default=BATCH_SIZE, show_default=True, help="rows per write statement")
@neo4j_options
def load_cmd(turtle: Path, replace: bool, batch_size: int, **neo4j: Any) -> None:
    """Load the whole graph in a Turtle or TriG file into the graph database (embedded unless a Neo4j URI is given).

    Every node of the file replaces the stored node of its IRI: its labels, properties and outgoing
    relationships become exactly the file's; nodes not in the file are kept unless --replace. The
    file goes around the knowledge base: to grow the graph document by document use kg add, whose
    next change brings the database back to the knowledge base.

    \b
    Examples:
      kg load build/graph.ttl --replace
      NEO4J_URI=bolt://localhost:7687 NEO4J_PASSWORD=… kg load build/graph.ttl
    """
    from kg.kb import KnowledgeBase
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
        KnowledgeBase().forget_published(store.description)
    finally:
        store.close()
    console.print(f"loaded {stats.nodes} nodes and {stats.relationships} relationships")


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
@click.option("--list", "list_", is_flag=True, help="list the library's queries: questions, parameters, examples")
@output_options
@neo4j_options
def query(name: str | None, cypher: str | None, params: tuple[str, ...], list_: bool, fmt: str,
          output_file: Path | None, width: int | None, excel: bool, **neo4j: Any) -> None:
    """Run a library query by NAME (or part of a name), a .cypher FILE, or -c CYPHER.

    \b
    Examples:
      kg query --list
      kg query programme_leads --param programme=专利导航
      kg query province_plan --param province=四川 --format xlsx -o sichuan.xlsx
      kg query -c "MATCH (p:Province) RETURN count(p) AS n"
    """
    from kg.api import KnowledgeGraph
    from kg.library import cast

    opts = {"fmt": fmt, "output_file": output_file, "width": width, "excel": excel}
    if list_:
        columns, rows = _query_listing()
        render(columns, rows, opts, title="query library")
        return
    if bool(name) == bool(cypher):
        raise KgError("give a query NAME or FILE, or -c CYPHER (one of them); kg query --list shows the library")
    given: dict[str, Any] = dict(_param(p) for p in params)
    if cypher:
        given = {k: cast(v, None, f"--param {k}") for k, v in given.items()}
    else:
        from kg.library import find

        find(name or "").bind(given)  # a misspelt parameter is refused before connecting
    graph = KnowledgeGraph(_store(**neo4j))
    try:
        result = graph.rows(name or cypher or "", given)
    finally:
        graph.close()
    render(result.columns, result.rows, opts, title=None)


def _query_listing() -> tuple[list[str], list[list[Any]]]:
    from kg.library import library

    rows = [[q.name, q.title, q.question_zh, q.question_en, q.describe(), q.example] for q in library().values()]
    return ["name", "title", "question (zh)", "question (en)", "parameters", "example"], rows


@main.command()
@click.argument("file", required=False, type=click.Path(path_type=Path))
@click.option("-c", "--query", "text", help="an ad-hoc SPARQL query")
@click.option("--graph", "source", type=click.Path(path_type=Path), default=Path("build/graph.ttl"),
              show_default=True, help="the graph file to query (Turtle, TriG or N-Quads)")
@output_options
def sparql(file: Path | None, text: str | None, source: Path, fmt: str, output_file: Path | None,
           width: int | None, excel: bool) -> None:
    """Run a SPARQL query (FILE or -c QUERY) over the graph file and the ontology.

    Prefixes ipkg:, id:, rdfs:, skos:, prov:, dcterms:, xsd: … are predeclared, and IRIs in the
    results are written with them. The file is loaded once into a store under KG_HOME, so later
    queries answer at once; a changed file is loaded again.

    \b
    Examples:
      kg sparql kg/queries/sparql/programme_leads.rq
      kg sparql -c "SELECT (COUNT(?p) AS ?n) WHERE { ?p a ipkg:Province }"
    """
    from kg.api import sparql_rows

    if bool(file) == bool(text):
        raise KgError("give a SPARQL FILE or -c QUERY (one of them)")
    label = "-c"
    if file:
        if not file.exists():
            raise KgError(f"{file}: no such file")
        text, label = file.read_text(encoding="utf-8"), str(file)
    result = sparql_rows(text or "", source, label)
    if isinstance(result, str):
        if output_file is not None:
            output_file.write_text(result, encoding="utf-8")
            console.print(f"Turtle → {output_file}")
        else:
            click.echo(result, nl=False)
        return
    render(result.columns, result.rows, {"fmt": fmt, "output_file": output_file, "width": width, "excel": excel})


@main.command(name="eval")
@click.option("--graph", "source", type=click.Path(path_type=Path), default=Path("build/graph.ttl"),
              show_default=True, help="the extracted Turtle graph to measure")
@click.option("--gold", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="the evaluation set (default: tests/gold of the project)")
@click.option("--limit", default=15, show_default=True, help="misses and false hits shown per category (0: all)")
@click.option("--strict", is_flag=True, help="exit 1 if a category is below its target")
@click.option("--work-plans", "work_plans", is_flag=True,
              help="score only the work-plan rows and agencies (a graph of the evaluation set's plans in other formats)")
@click.option("--province", "provinces", multiple=True,
              help="with --work-plans: only the plans of this province (repeatable), for a graph of some of them")
def eval_cmd(source: Path, gold: Path | None, limit: int, strict: bool, work_plans: bool,
             provinces: tuple[str, ...]) -> None:
    """Measure an extracted graph against the hand-made evaluation set: precision, recall, F1 per category.

    \b
    Example:
      kg eval --graph build/graph.ttl
      kg extract plans.docx -o plans.ttl && kg eval --graph plans.ttl --work-plans
      kg eval --graph scan.ttl --work-plans --province 天津市
    """
    from kg.evaluation import TARGETS, evaluate, evaluate_work_plans

    gold = gold or PROJECT_ROOT / "tests" / "gold"
    if provinces and not work_plans:
        raise KgError("--province needs --work-plans")
    graph = _parse_turtle(source)
    scores = evaluate_work_plans(graph, gold, provinces) if work_plans else evaluate(graph, gold)
    rows = []
    for s in scores:
        target = ", ".join(f"{m} ≥ {t}" for m, t in TARGETS.get(s.category, ()))
        mark = (" ✗" if s.below_target() else " ✓") if target else ""
        rows.append([s.category, s.gold, s.found, s.correct, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}",
                     target + mark])
    sys.stdout.flush()
    print_table(["category", "gold", "found", "correct", "precision", "recall", "F1", "target"], rows, sys.stdout,
                title=f"{source} against {gold}")
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
@click.option("--view", default=None, help="a view name from --list (graph, matrix, map, agency-network, cases, "
              "province:<code>, programme:<key>); province and programme views also take a name, short form, code, "
              "English name or part of a name; all views and an index page if omitted")
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
      kg viz --view programme:知识价值
      kg viz --view matrix
      kg viz --view map
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
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="ttl", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="file to write (a directory for neo4j-csv)")
@click.option("--from", "source", type=click.Path(path_type=Path), default=Path("build/graph.ttl"),
              show_default=True, help="the Turtle graph to export")
@click.option("--from-db", is_flag=True, help="export the graph loaded in the database instead (reverse mapping)")
@click.option("--with-ontology", is_flag=True, help="include the ontology's classes and properties (RDF formats)")
@click.option("--batch-size", default=500, show_default=True, help="rows per statement of a Cypher script")
@neo4j_options
def export(fmt: str, output: Path, source: Path, from_db: bool, with_ontology: bool, batch_size: int,
           **neo4j: Any) -> None:
    """Export the graph: Turtle, TriG, N-Quads, JSON-LD, N-Triples, GraphML or GEXF (Gephi), neo4j-admin CSVs,
    a Cypher script. TriG and N-Quads keep one named graph per document (from the knowledge base, or --from-db).

    \b
    Examples:
      kg export --format trig -o build/graph.trig           # one named graph per document
      kg export --format jsonld -o build/graph.jsonld
      kg export --format ttl --with-ontology -o build/graph+ontology.ttl
      kg export --format gexf -o build/graph.gexf                # open in Gephi
      kg export --from-db --format ttl -o build/from-db.ttl
      kg export --format neo4j-csv -o build/neo4j-import      # then: build/neo4j-import/import.sh
      kg export --format cypher -o build/graph.cypher         # then: cypher-shell -f build/graph.cypher
    """
    from kg.api import export as export_graph

    if with_ontology and fmt not in ("ttl", "jsonld", "nt"):
        raise KgError("--with-ontology applies to the RDF formats (ttl, jsonld, nt)")
    if from_db:
        store = _store(**neo4j)
        try:
            summary = export_graph(fmt, output, store=store, with_ontology=with_ontology, batch_size=batch_size)
        finally:
            store.close()
    else:
        summary = export_graph(fmt, output, source=source, with_ontology=with_ontology, batch_size=batch_size)
    console.print(summary)


@main.command()
@output_options
def schema(fmt: str, output_file: Path | None, width: int | None, excel: bool) -> None:
    """The property-graph schema, from the ontology: labels, relationship types with direction, properties.

    With --format table (the default) it prints the Markdown that the README's schema section holds.

    \b
    Examples:
      kg schema
      kg schema --format csv -o schema.csv
    """
    from kg.schema import markdown, rows

    if fmt == "table" and output_file is None:
        click.echo(markdown(), nl=False)
        return
    columns, data = rows()
    render(columns, data, {"fmt": fmt, "output_file": output_file, "width": width, "excel": excel})


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
