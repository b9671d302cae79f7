"""Safe writes on the embedded server: a killed load converges when run again, and readers running
during a load see the old graph or the new one, never a half-loaded one."""

from __future__ import annotations

import hashlib
import json
import subprocess
import threading
import time
from pathlib import Path

import pytest

from kg.load.export import read_property_graph
from kg.load.loader import load
from kg.load.property_graph import to_property_graph
from kg.load.store import GRAPH_NAME, STAGING, FalkorStore
from kg.ontology.terms import read_rdf
from tests.conftest import CORPUS
from tests.test_cli import KG, kg

SMALL = ["ip-power-typical-cases-batch1.txt", "strong-province-work-plan-2015.txt"]
LARGE = ["ip-power-typical-cases-batch1.txt", "strong-province-pilot-cases-batch1.txt"]
ATTEMPTS = 3
COUNT = "MATCH (n:Resource) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS n, count(r) AS r"


@pytest.fixture(scope="module")
def turtles(kg_home, tmp_path_factory) -> dict[str, Path]:
    """Two graphs written as Turtle: a small one loaded first, and a larger one loaded over it."""
    from kg.extract.pipeline import extract_paths
    from kg.ontology.mapping import to_graph
    from kg.ontology.turtle import write_turtle

    out = tmp_path_factory.mktemp("turtles")
    files = {}
    for name, docs in (("small", SMALL), ("large", LARGE)):
        files[name] = out / f"{name}.ttl"
        write_turtle(to_graph(extract_paths([CORPUS / d for d in docs])), files[name])
    return files


def state(store: FalkorStore) -> tuple[int, int, str]:
    """Node and relationship counts and a hash of every node's labels and properties and every relationship."""
    pg = read_property_graph(store)
    content = json.dumps([sorted([u, list(labels), props] for u, (labels, props) in pg.nodes.items()),
                          sorted(pg.relationships)], sort_keys=True, ensure_ascii=False, default=str)
    return len(pg.nodes), len(pg.relationships), hashlib.sha256(content.encode()).hexdigest()


_references: dict[tuple[Path, bool], tuple[int, int, str]] = {}


def reference(turtles: dict[str, Path], replace: bool) -> tuple[int, int, str]:
    """The graph an uninterrupted load produces: small, then large (replacing or merged)."""
    key = (turtles["large"], replace)
    if key not in _references:
        store = FalkorStore(graph="reference")
        try:
            load(store, to_property_graph(read_rdf(turtles["small"])), replace=True)
            load(store, to_property_graph(read_rdf(turtles["large"])), replace=replace)
            _references[key] = state(store)
        finally:
            store.clear()
            store.close()
    return _references[key]


def live() -> tuple[int, int, str]:
    store = FalkorStore()
    try:
        return state(store)
    finally:
        store.close()


def staging_counts(store: FalkorStore) -> tuple[int, int] | None:
    """Nodes and relationships in a staging graph of the live graph, None while there is none."""
    for name in store._db.list_graphs():
        if name.startswith(GRAPH_NAME + STAGING):
            try:
                rows = store._db.select_graph(name).ro_query(COUNT).result_set
            except Exception:  # renamed or dropped while we looked
                return None
            return rows[0][0], rows[0][1]
    return None


def load_args(turtle: Path, replace: bool) -> list[str]:
    return ["load", str(turtle), "--batch-size", "5", *(["--replace"] if replace else [])]


@pytest.mark.parametrize(("replace", "kind", "share"), [
    (True, "nodes", 0.0), (True, "nodes", 0.5), (True, "relationships", 0.3),
    (False, "nodes", 0.0), (False, "relationships", 0.5),
])
def test_killed_load_converges_when_run_again(turtles, tmp_path: Path, replace: bool, kind: str, share: float) -> None:
    expected = reference(turtles, replace)
    column = 0 if kind == "nodes" else 1
    for _ in range(ATTEMPTS):  # a busy machine may let the load finish before the watcher sees the kill point
        kg(*load_args(turtles["small"], True), cwd=tmp_path)
        before = live()
        # the kill point: the staging graph holds more than the small graph and `share` of what the large one adds
        start = before[column] if not replace else 0
        seen = kill_at(turtles, replace, column, start + max(1, int(share * (expected[column] - start))), tmp_path)
        if seen:
            break
    assert seen is not None, f"the load finished before the kill point in {ATTEMPTS} attempts"
    assert live() == before  # the live graph never saw the killed load
    kg(*load_args(turtles["large"], replace), cwd=tmp_path)
    assert live() == expected
    watcher = FalkorStore(graph="watcher")
    assert staging_counts(watcher) is None  # the killed load's staging graph is gone
    watcher.close()


def kill_at(turtles, replace: bool, column: int, threshold: int, cwd: Path) -> tuple[int, int] | None:
    """Start loading the large graph and kill the load once its staging graph reaches ``threshold``."""
    watcher = FalkorStore(graph="watcher")
    proc = subprocess.Popen([*KG, *load_args(turtles["large"], replace)], cwd=cwd,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while proc.poll() is None:
            counts = staging_counts(watcher)
            if counts and counts[column] >= threshold:
                proc.kill()
                return counts
            time.sleep(0.005)
        return None
    finally:
        proc.wait()
        watcher.close()


def test_readers_during_a_load_see_the_old_or_the_new_graph(turtles, tmp_path: Path) -> None:
    kg(*load_args(turtles["small"], True), cwd=tmp_path)
    old = live()[:2]
    new_pg = to_property_graph(read_rdf(turtles["large"]))
    new = (len(new_pg.nodes), len(new_pg.relationships))
    watcher = FalkorStore(graph="watcher")
    loader = subprocess.Popen([*KG, *load_args(turtles["large"], True)], cwd=tmp_path,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    reads: list[list[tuple[float, float, subprocess.CompletedProcess]]] = [[], []]
    staged: list[float] = []

    def reader(mine: list) -> None:
        """Query until the load has finished, then once more."""
        finished = False
        while not finished:
            finished = loader.poll() is not None
            began = time.monotonic()
            result = kg("query", "-c", COUNT, "--format", "csv", cwd=tmp_path, check=False)
            mine.append((began, time.monotonic(), result))

    threads = [threading.Thread(target=reader, args=(mine,)) for mine in reads]
    for t in threads:
        t.start()
    while loader.poll() is None:
        if staging_counts(watcher):
            staged.append(time.monotonic())
        time.sleep(0.01)
    for t in threads:
        t.join()
    watcher.close()
    _, err = loader.communicate()
    assert loader.returncode == 0, err
    assert staged, "the load never staged"
    every = [read for mine in reads for read in mine]
    for _, _, result in every:
        assert result.returncode == 0 and not result.stderr, result.stderr

    def counts(result: subprocess.CompletedProcess) -> tuple[int, ...]:
        return tuple(int(v) for v in result.stdout.splitlines()[1].split(","))

    assert {counts(r) for _, _, r in every} <= {old, new}
    assert any(b <= t <= e for b, e, _ in every for t in staged)  # some reads ran while the load was writing
    assert [counts(mine[-1][2]) for mine in reads] == [new, new]  # the reads after the load see all of it
