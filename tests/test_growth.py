"""A knowledge base that grows: documents added one by one, in any order, removed, re-added, or added
by a command killed midway, give the graph built from the same documents at once (read back from the
database, as ``kg export --from-db`` does); shared entities keep every document's facts with their sources."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from kg.kb import KnowledgeBase
from kg.load.export import read_property_graph, to_quads
from kg.ontology.mapping import document_graph
from tests.conftest import CORPUS

PLANS = CORPUS / "provincial-work-plans-2018.txt"
YANGTZE = CORPUS / "yangtze-belt-performance-2016-2017-plans-2018.txt"


def _section(path: Path, first: str, stop: str) -> str:
    """The lines of ``path`` from the one starting with ``first`` to the one before ``stop``."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, ln in enumerate(lines) if ln.strip().startswith(first))
    end = next(i for i in range(start + 1, len(lines)) if lines[i].strip().startswith(stop))
    return "".join(lines[start:end])


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> dict[str, Path]:
    """Small documents cut from the corpus: Sichuan's 2018 plan, the same plan as a 2019 plan, Sichuan's
    part of the Yangtze-belt document (with its title), and the 2015 policy notice."""
    d = tmp_path_factory.mktemp("docs")
    plan = _section(PLANS, "四川省 2018年工作要点", "云南省 2018年工作要点")
    yangtze_head = "".join(YANGTZE.read_text(encoding="utf-8").splitlines(keepends=True)[:4])
    yangtze = yangtze_head + _section(YANGTZE, "四川省 2016-2017 年工作绩效", "云南省 2016-2017 年工作绩效")
    files = {
        "A": ("sichuan-plan-2018.txt", plan),
        "B": ("yangtze-sichuan.txt", yangtze),
        "C": ("strong-province-work-plan-2015.txt", (CORPUS / "strong-province-work-plan-2015.txt").read_text("utf-8")),
        "A2019": ("sichuan-plan-2019.txt", plan.replace("2018年工作要点", "2019年工作要点")),
    }
    out = {}
    for name, (file, text) in files.items():
        (d / file).write_text(text, encoding="utf-8")
        out[name] = d / file
    return out


def _store(name: str):
    from kg.load.store import FalkorStore

    store = FalkorStore(graph=name)
    store.clear()
    return store


def _build(kg_home: Path, name: str, steps: list[tuple[str, list[Path]]]) -> set:
    """Apply ``steps`` (add or remove) to a fresh knowledge base, publishing after each; the quads read back
    from the database."""
    kb = KnowledgeBase(kg_home / f"kb-{name}")
    store = _store(name)
    try:
        for verb, paths in steps:
            if verb == "add":
                kb.add(paths)
            else:
                kb.remove([str(p) for p in paths])
            kb.publish(store)
        return set(to_quads(read_property_graph(store)))
    finally:
        store.clear()
        store.close()


def test_order_and_grouping_do_not_matter(kg_home, docs):
    a, b, c = docs["A"], docs["B"], docs["C"]
    at_once = _build(kg_home, "all", [("add", [a, b, c])])
    assert _build(kg_home, "abc", [("add", [a]), ("add", [b]), ("add", [c])]) == at_once
    assert _build(kg_home, "cba", [("add", [c]), ("add", [b]), ("add", [a])]) == at_once
    graphs = {q[3] for q in at_once}
    assert len(graphs) == 3 and None not in graphs  # every statement in its document's named graph


def test_removing_a_document_retracts_only_what_it_alone_supports(kg_home, docs):
    a, b, c = docs["A"], docs["B"], docs["C"]
    assert _build(kg_home, "rm", [("add", [a, b, c]), ("remove", [b])]) == _build(kg_home, "ac", [("add", [a, c])])


def test_re_adding_is_a_no_op(kg_home, docs):
    kb = KnowledgeBase(kg_home / "kb-again")
    store = _store("again")
    try:
        kb.add([docs["A"]])
        assert kb.publish(store)
        change = kb.add([docs["A"]])
        assert not change.changed and change.unchanged == [kb.documents()[0].key]
        assert not kb.publish(store)
    finally:
        store.close()


def test_a_changed_file_replaces_its_own_facts(kg_home, docs, tmp_path):
    kb = KnowledgeBase(kg_home / "kb-edit")
    doc = tmp_path / "plan.txt"
    doc.write_text(docs["A"].read_text(encoding="utf-8"), encoding="utf-8")
    kb.add([doc, docs["C"]])
    old = {d.key for d in kb.documents()}
    doc.write_text(docs["A2019"].read_text(encoding="utf-8"), encoding="utf-8")
    change = kb.add([doc])
    assert len(change.replaced) == 1 and change.replaced[0][0] in old
    assert {d.key for d in kb.documents()} == (old - {change.replaced[0][0]}) | {change.replaced[0][1]}


def test_two_files_of_one_name_are_two_documents(kg_home, docs, tmp_path):
    kb = KnowledgeBase(kg_home / "kb-names")
    for sub, name in (("x", "A"), ("y", "C")):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "plan.txt").write_bytes(docs[name].read_bytes())
    kb.add([tmp_path / "x" / "plan.txt", tmp_path / "y" / "plan.txt"])
    assert len(kb.documents()) == 2
    with pytest.raises(Exception, match="names 2 documents"):
        kb.remove(["plan.txt"])


def _values(quads: set, subject_suffix: str, prop: str) -> dict[str, set[str]]:
    """Values of ``prop`` of the subject whose IRI ends with ``subject_suffix``, with the graphs stating them."""
    out: dict[str, set[str]] = {}
    for s, p, o, g in quads:
        if s.endswith(subject_suffix) and p.endswith(prop):
            out.setdefault(str(o[0] if isinstance(o, tuple) else o), set()).add(g)
    return out


def test_shared_entities_keep_every_documents_facts(kg_home, docs):
    """The case of issue 16: the 2018 plans, then the Yangtze-belt document, each extracted alone; and a copy
    of Sichuan's plan as a 2019 plan."""
    a, b, a2019 = docs["A"], docs["B"], docs["A2019"]
    kb = KnowledgeBase(kg_home / "kb-issue")
    kb.add([a])
    alone = set(kb.quads())
    kb.add([b])
    kb.add([a2019])
    store = _store("issue")
    try:
        kb.publish(store)
        quads = set(to_quads(read_property_graph(store)))
        keys = {Path(d.file).stem: d.key for d in kb.documents()}
        plan_graph = document_graph(keys["sichuan-plan-2018"])
        # 四川省 keeps its derivation from the plan and the aliases of every document
        derived = _values(quads, "/province/510000", "wasDerivedFrom")
        assert any(v.endswith(keys["sichuan-plan-2018"]) for v in derived)
        before = _values(alone, "/province/510000", "altLabel")
        after = _values(quads, "/province/510000", "altLabel")
        assert set(before) <= set(after)
        # every statement the plan alone made is still there, in the plan's graph
        assert {q for q in alone if q[3] == plan_graph} <= quads
        # 四川省知识产权局 keeps its mentions from both plans
        office = next(s for s, p, o, _ in quads if p.endswith("label") and isinstance(o, tuple)
                      and o[0] == "四川省知识产权局")
        mentions = {o for s, p, o, _ in quads if s == office and p.endswith("#evidence")}
        docs_of = {o for s, p, o, _ in quads if s in mentions and p.endswith("#document")}
        assert {document_graph(keys["sichuan-plan-2018"]), document_graph(keys["sichuan-plan-2019"])} <= docs_of
        rows = store.query("MATCH (n:Agency {name: $n}) RETURN n.sources AS s", {"n": "四川省知识产权局"}).rows
        assert set(rows[0][0]) >= {keys["sichuan-plan-2018"], keys["sichuan-plan-2019"]}
    finally:
        store.clear()
        store.close()


def test_differing_values_are_both_kept_with_their_sources(kg_home, docs):
    """A single-valued property stated differently by two documents: both values, each with its document."""
    from kg.load.property_graph import from_quads

    kb = KnowledgeBase(kg_home / "kb-conflict")
    kb.add([docs["A"]])
    focus = next(o for s, p, o, _ in kb.quads() if p.endswith("#focus"))
    pg = from_quads(kb.quads())
    item = next(props for _, props in pg.nodes.values() if props.get("focus") == focus.lex)
    assert item["sources"] and "focusSources" not in item  # one document: its sources are the node's
    # the same statements under a second document's graph, one value changed
    key = kb.documents()[0].key
    quads = list(kb.quads())
    changed = [(s, p, (o._replace(lex="另一个重点") if p.endswith("#focus") and s == item["uri"] else o),
                g.replace(key, "other-000000000000")) for s, p, o, g in quads]
    merged = from_quads(quads + changed)
    both = merged.nodes[item["uri"]][1]
    assert sorted(both["focus"]) == sorted([focus.lex, "另一个重点"])
    by_value = dict(zip(both["focus"], both["focusSources"], strict=True))
    assert by_value["另一个重点"] == "other-000000000000" and by_value[focus.lex] == key


def test_the_union_conforms_to_the_shapes(kg_home, docs):
    from kg.ontology.terms import graph_of
    from kg.ontology.validate import validate

    kb = KnowledgeBase(kg_home / "kb-shapes")
    kb.add([docs["A"], docs["B"], docs["A2019"]])
    result = validate(graph_of(kb.union()))
    assert result.conforms, result.report[:2000]


def _kg(home: Path, *args: str, **kw) -> subprocess.Popen:
    env = {**os.environ, "KG_HOME": str(home)}
    return subprocess.Popen([sys.executable, "-m", "kg", *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kw)


def test_add_killed_midway_then_run_again_converges(docs, tmp_path):
    """``kg add`` killed (SIGKILL) at several moments, then run again, gives what one uninterrupted run gives."""
    home = Path(tempfile.mkdtemp(prefix="kgk-", dir="/tmp"))
    out = tmp_path / "graph.ttl"
    paths = [str(docs["A"]), str(docs["B"]), str(docs["C"])]
    try:
        reference = _kg(home, "add", *paths, "-o", str(out))
        assert reference.wait(timeout=300) == 0, reference.stderr.read() if reference.stderr else ""
        expected = _kg(home, "export", "--from-db", "--format", "nq", "-o", str(tmp_path / "expected.nq"))
        assert expected.wait(timeout=120) == 0
        for delay in (0.5, 1.5, 3.0):
            _kg(home, "remove", *paths, "-o", str(out)).wait(timeout=120)
            proc = _kg(home, "add", *paths, "-o", str(out))
            time.sleep(delay)
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=60)
            again = _kg(home, "add", *paths, "-o", str(out))
            assert again.wait(timeout=300) == 0, again.stderr.read() if again.stderr else ""
            got = _kg(home, "export", "--from-db", "--format", "nq", "-o", str(tmp_path / "got.nq"))
            assert got.wait(timeout=120) == 0
            assert sorted((tmp_path / "got.nq").read_text().splitlines()) == sorted(
                (tmp_path / "expected.nq").read_text().splitlines())
        noop = _kg(home, "add", paths[0], "-o", str(out))
        _, err = noop.communicate(timeout=120)
        assert noop.returncode == 0 and "unchanged" in err and "already up to date" in err
        listed, _ = _kg(home, "documents", "--format", "json").communicate(timeout=120)
        entries = json.loads(listed)
        assert sorted(e["file"] for e in entries) == sorted(Path(p).name for p in paths)
        assert all(e["key"] == f"{Path(e['file']).stem}-{e['sha256'][:12]}" and e["layout"] for e in entries)
    finally:
        _kg(home, "db", "stop").wait(timeout=60)


def test_growth_on_each_store(any_store, kg_home, docs, tmp_path):
    """On the embedded server and on the Neo4j store (over Bolt): one by one, at once, and with a document
    removed, the database holds the same graph, with each fact's sources."""
    a, b, c = docs["A"], docs["B"], docs["C"]

    def build(name: str, steps: list[tuple[str, list[Path]]]) -> set:
        kb = KnowledgeBase(tmp_path / name)
        for verb, paths in steps:
            kb.add(paths) if verb == "add" else kb.remove([str(p) for p in paths])
            kb.publish(any_store)
        return set(to_quads(read_property_graph(any_store)))

    one_by_one = build("abc", [("add", [a]), ("add", [b]), ("add", [c])])
    assert build("all", [("add", [c, b, a])]) == one_by_one
    assert build("rm", [("add", [a, b, c]), ("remove", [b])]) == build("ac", [("add", [a, c])])
    rows = any_store.query("MATCH (:WorkItem)-[r:PLANNED_BY]->(:Province) RETURN r.sources AS s LIMIT 1").rows
    assert rows and len(rows[0][0]) == 1
