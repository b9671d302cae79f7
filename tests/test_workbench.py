"""The analyst's workbench: the Python API (the README's notebook example run as written), output for
Excel and terminals, parameter checks, portable-Cypher messages, the schema section and the exports."""

from __future__ import annotations

import csv
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.conftest import ROOT


def kg(*args: str, env: dict[str, str] | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, **(env or {})}, check=False)


@pytest.fixture(scope="module")
def loaded_home(kg_home, tmp_path_factory, corpus_graph):
    """A data home of its own whose default graph holds the corpus, and the corpus Turtle in build/."""
    from kg.load import server
    from kg.load.loader import load
    from kg.load.property_graph import to_property_graph
    from kg.load.store import FalkorStore
    from kg.ontology.turtle import write_turtle

    home = Path(tempfile.mkdtemp(prefix="kgw-", dir="/tmp"))  # short: unix socket paths are limited
    work = tmp_path_factory.mktemp("wbwork")
    (work / "build").mkdir()
    write_turtle(corpus_graph, work / "build" / "graph.ttl")
    old = os.environ["KG_HOME"]
    os.environ["KG_HOME"] = str(home)
    try:
        store = FalkorStore()
        load(store, to_property_graph(corpus_graph), replace=True)
        store.close()
        yield home, work
    finally:
        server.stop()
        os.environ["KG_HOME"] = old


def readme_python() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Python and notebooks"):]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_readme_notebook_example_runs_as_written(loaded_home, capsys, monkeypatch) -> None:
    _home, work = loaded_home
    monkeypatch.chdir(work)
    namespace: dict = {}
    exec(compile(readme_python(), "README.md", "exec"), namespace)
    leads, sichuan, network, provinces = (namespace[k] for k in ("leads", "sichuan", "network", "provinces"))
    assert list(leads.columns) == ["programme", "province", "workItem", "leadAgencies", "supportAgencies", "document",
                                  "hasDepartmentColumn"]
    row = leads[leads.province == "四川省"].iloc[0]
    assert "四川省知识产权局" in row.leadAgencies
    assert len(leads) >= 20  # the patent quality-improvement project is in about two dozen plans
    assert sichuan.workItems[0] > 40
    assert network.number_of_nodes() > 50 and all("Agency" in d["labels"] for _, d in network.nodes(data=True))
    assert provinces.n[0] == 33
    printed = capsys.readouterr().out
    assert "四川省知识产权局" in printed and "33" in printed


def test_api_parameters_are_checked_and_typed(loaded_home) -> None:
    import kg as api
    from kg.errors import KgError

    with api.open() as graph:
        with pytest.raises(KgError, match="did you mean year"):
            graph.query("programme_leads", yaer=2018)
        with pytest.raises(KgError, match="expected a number"):
            graph.query("programme_leads", year="二〇一八")
        by_short_form = graph.query("province_plan", province="川")
        by_name = graph.query("province_plan", province="四川省")
        by_part = graph.query("programme_lead", programme="专利导航")  # part of a name: programme_leads
        assert len(by_short_form) == len(by_name) > 40
        assert len(by_part) > 0 and set(by_part.programme) == {"专利导航项目"}
    assert "programme_leads" in api.queries()


def test_cli_refuses_a_misspelt_parameter_naming_the_right_one(loaded_home) -> None:
    r = kg("query", "programme_leads", "--param", "yaer=2018")
    assert r.returncode == 1 and "year" in r.stderr and "Traceback" not in r.stderr


def test_piped_table_is_not_cut_and_wraps_in_a_narrow_width(loaded_home) -> None:
    full = kg("query", "programme_leads")
    assert full.returncode == 0, full.stderr
    assert "专利质量提升工程" in full.stdout and "…" not in full.stdout
    narrow = kg("query", "programme_leads", "--width", "60")
    assert max(len(line) for line in narrow.stdout.splitlines()) <= 60
    assert "…" not in narrow.stdout


def test_csv_for_excel_and_xlsx_hold_the_rows_the_table_shows(loaded_home, tmp_path) -> None:
    from openpyxl import load_workbook

    as_json = json.loads(kg("query", "agency_lookup", "--param", "name=四川省知识产权局", "--format", "json").stdout)
    assert as_json and isinstance(as_json[0]["writtenAs"], list)
    out_csv, out_xlsx = tmp_path / "a.csv", tmp_path / "a.xlsx"
    assert kg("query", "agency_lookup", "--param", "name=四川省知识产权局", "--format", "csv", "-o", str(out_csv)).returncode == 0
    raw = out_csv.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0]["writtenAs"] == "、".join(as_json[0]["writtenAs"]) and "[" not in rows[0]["writtenAs"]
    assert kg("query", "agency_lookup", "--param", "name=四川省知识产权局", "--format", "xlsx", "-o",
              str(out_xlsx)).returncode == 0
    sheet = load_workbook(out_xlsx).active
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    assert values[0] == list(as_json[0].keys())
    assert len(values) - 1 == len(as_json)
    assert values[1][list(as_json[0]).index("writtenAs")] == rows[0]["writtenAs"]
    piped = kg("query", "--list", "--format", "csv", "--excel")
    assert piped.stdout.startswith("\ufeff")
    listing = list(csv.DictReader(piped.stdout.lstrip("\ufeff").splitlines()))
    leads = next(r for r in listing if r["name"] == "programme_leads")
    assert "year int = 2018 — plan year" in leads["parameters"]
    assert leads["question (en)"].endswith("?")
    assert kg("query", "--list", "--format", "xlsx").returncode == 1  # a workbook needs -o


def test_non_portable_cypher_names_the_feature_and_the_portable_form(loaded_home) -> None:
    r = kg("query", "-c", "MATCH (n:Province) WHERE n.name =~ '四川.*' RETURN n.name")
    assert r.returncode == 1 and "regular expressions" in r.stderr and "CONTAINS" in r.stderr
    r = kg("query", "-c", "CALL db.schema.visualization()")
    assert r.returncode == 1 and "kg schema" in r.stderr
    r = kg("query", "-c", "MATCH (n:WorkItem) WHERE EXISTS { MATCH (n)-[:LEAD_AGENCY]->() } RETURN count(n)")
    assert r.returncode == 1 and "pattern predicate" in r.stderr
    portable = kg("query", "-c", "MATCH (n:WorkItem) WHERE (n)-[:LEAD_AGENCY]->() RETURN count(n) AS n",
                  "--format", "json")
    assert portable.returncode == 0 and json.loads(portable.stdout)[0]["n"] > 1000


def test_readme_generated_sections_are_current() -> None:
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        from readme_sections import filled
    finally:
        sys.path.pop(0)
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert filled(text) == text, "run tools/readme_sections.py"
    assert "`:LEAD_AGENCY` | `(WorkItem)-->(Agency)`" in text


def test_sparql_answers_from_its_store(loaded_home) -> None:
    _home, work = loaded_home
    r = kg("sparql", "-c", "SELECT ?p (COUNT(?w) AS ?n) WHERE { ?w ipkg:plannedBy ?p } GROUP BY ?p ORDER BY ?p LIMIT 2",
           "--graph", str(work / "build" / "graph.ttl"), "--format", "json")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert rows[0]["p"].startswith("id:province/") and rows[0]["n"] > 0


def triples_in(path: Path, fmt: str) -> int:
    """The triples a standard parser reads from ``path`` (pyoxigraph, which reads JSON-LD too)."""
    import pyoxigraph

    return sum(1 for _ in pyoxigraph.parse(path=str(path), format=getattr(pyoxigraph.RdfFormat, fmt)))


def test_exports_import_cleanly(loaded_home, tmp_path) -> None:
    import networkx as nx

    _home, work = loaded_home
    ttl = work / "build" / "graph.ttl"
    out = tmp_path / "g.ttl"
    assert kg("export", "--from", str(ttl), "--format", "ttl", "-o", str(out)).returncode == 0
    declared = set(re.findall(r"^@prefix (\w*):", out.read_text(encoding="utf-8"), re.M))
    body = out.read_text(encoding="utf-8").split("\n\n", 1)[1]
    assert declared and all(re.search(rf"(?<![\w<]){p}:", body) for p in declared), declared
    assert "brick" not in declared and triples_in(out, "TURTLE") == triples_in(ttl, "TURTLE")

    jsonld = tmp_path / "g.jsonld"
    assert kg("export", "--from", str(ttl), "--format", "jsonld", "--with-ontology", "-o", str(jsonld)).returncode == 0
    doc = json.loads(jsonld.read_text(encoding="utf-8"))
    assert doc["@context"]["ipkg"] == "https://w3id.org/ipgov-kg/ontology#"
    assert any(n.get("@type") == "owl:Class" for n in doc["@graph"])  # the ontology was included
    import pyoxigraph

    from kg.ontology.namespaces import ontology

    read = set(pyoxigraph.parse(path=str(jsonld), format=pyoxigraph.RdfFormat.JSON_LD))
    assert read == set(pyoxigraph.parse(path=str(ttl), format=pyoxigraph.RdfFormat.TURTLE)) | set(
        pyoxigraph.parse(ontology().serialize(format="nt"), format=pyoxigraph.RdfFormat.N_TRIPLES))

    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        path = tmp_path / f"g.{fmt}"
        assert kg("export", "--from", str(ttl), "--format", fmt, "-o", str(path)).returncode == 0
        g = reader(path)
        labels = {d.get("label") for _, d in g.nodes(data=True)}
        assert "四川省知识产权局" in labels and g.number_of_edges() > 1000


def test_import_sh_follows_neo4j_admin_5_syntax(loaded_home, tmp_path) -> None:
    _home, work = loaded_home
    out = tmp_path / "csv"
    assert kg("export", "--from", str(work / "build" / "graph.ttl"), "--format", "neo4j-csv", "-o", str(out)).returncode == 0
    script = (out / "import.sh").read_text(encoding="utf-8")
    command = " ".join(line.rstrip("\\").strip() for line in script.splitlines()
                       if line.strip() and not line.startswith(("#", "set ", "cd ")))
    words = shlex.split(command.replace('"${NEO4J_ADMIN:-neo4j-admin}"', "neo4j-admin")
                        .replace('"${DATABASE:-neo4j}"', "neo4j"))
    assert words[:5] == ["neo4j-admin", "database", "import", "full", "neo4j"]  # the name before the options
    options = words[5:]
    assert all(w.startswith("--") for w in options)  # nothing positional after --nodes/--relationships
    assert "--multiline-fields=true" in options and "--array-delimiter=;" in options
    files = [w.split("=", 1)[1] for w in options if w.startswith(("--nodes=", "--relationships="))]
    assert files and all((out / f).exists() for f in files)
    assert {f for f in os.listdir(out) if f.endswith(".csv")} == set(files)
    assert os.access(out / "import.sh", os.X_OK)
    bash = subprocess.run(["bash", "-n", str(out / "import.sh")], capture_output=True, text=True, check=False)
    assert bash.returncode == 0, bash.stderr


def test_library_ships_inside_the_package() -> None:
    from importlib import resources

    shipped = resources.files("kg") / "queries"
    assert (shipped / "programme_leads.cypher").is_file()
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"queries/*.cypher"' in pyproject and '"queries/sparql/*.rq"' in pyproject
