"""Every Cypher statement the project can send passes Neo4j's own front end, and runs on the embedded server.

The front end is ``lintCypherQuery`` of the npm package ``@neo4j-cypher/language-support``
(Neo4j's parser and semantic analysis), installed by this test under ``tools/cypher-lint``.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from kg.load.property_graph import allowed_labels, allowed_types
from kg.load.statements import all_statements
from kg.ontology.mapping import datatypes
from tests.conftest import ROOT

LINT = ROOT / "tools" / "cypher-lint"
STATEMENTS = all_statements(ROOT / "kg" / "queries")


@pytest.fixture(scope="module")
def linter():
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.fail("Node.js and npm are needed for the Neo4j front-end lint (apt-get install nodejs npm)")
    if not (LINT / "node_modules" / "@neo4j-cypher" / "language-support").is_dir():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=LINT, check=True, capture_output=True)

    def lint(statements: list[tuple[str, str, dict]]) -> list[dict]:
        schema = {
            "labels": sorted(allowed_labels()),
            "relationshipTypes": sorted(allowed_types()),
            "propertyKeys": sorted({"uri", "name", "nameEn", "aliases", "sources", *datatypes()}),
        }
        payload = {"schema": schema,
                   "statements": [{"name": n, "cypher": c, "parameters": p} for n, c, p in statements]}
        done = subprocess.run(["node", str(LINT / "lint.mjs")], input=json.dumps(payload, ensure_ascii=False),
                              capture_output=True, text=True, check=True, cwd=LINT)
        return json.loads(done.stdout)

    return lint


def test_every_statement_passes_the_neo4j_front_end(linter) -> None:
    assert len(STATEMENTS) > 40
    to_neo4j = [st for st in STATEMENTS if not st[0].startswith("embedded")]
    problems = [(r["name"], d["message"]) for r in linter(to_neo4j) for d in r["diagnostics"]]
    assert problems == []


def test_the_lint_catches_mistakes(linter) -> None:
    results = linter([
        ("typo label", "MATCH (w:WorkItm) RETURN w.name", {}),
        ("undeclared parameter", "MATCH (p:Province {name: $nope}) RETURN p", {}),
        ("syntax", "MATCH (p:Province RETURN p", {}),
        ("semantics", "MATCH (p:Province) RETURN count(p) AS n ORDER BY p.name", {}),
    ])
    assert all(r["diagnostics"] for r in results), results


def test_every_statement_runs_on_the_embedded_server(store) -> None:
    for name, cypher, params in STATEMENTS:
        if name.startswith("schema"):
            continue  # the embedded dialect declares its key in kg.load.store.SCHEMA
        store.query(cypher, params) if name.startswith("query") else store.write(cypher, params)


def test_exported_cypher_script_passes_the_neo4j_front_end(linter, corpus_graph) -> None:
    from kg.load.export import cypher_literal, cypher_script
    from kg.load.property_graph import to_property_graph

    hostile = "'}) DETACH DELETE n // \\' \" \n 《测试》"
    script = list(cypher_script(to_property_graph(corpus_graph), batch_size=200))
    picked = script[:3] + [s for s in script if "MERGE (a)-[:LEAD_AGENCY]" in s][:1]
    picked.append(f"RETURN {cypher_literal({'name': hostile, 'aliases': [hostile]})} AS v;")
    results = linter([(f"script {i}", s.rstrip(";"), {}) for i, s in enumerate(picked)])
    assert [(r["name"], d["message"]) for r in results for d in r["diagnostics"]] == []
