"""The embedded FalkorDB server, really started: loading, idempotence, edits, parameters."""

import stat

from rdflib import Graph, Literal

from kg.load import server
from kg.load.loader import load
from kg.load.property_graph import to_property_graph
from kg.ontology.mapping import iri
from kg.ontology.namespaces import IPKG, RDF, RDFS


def counts(store):
    n = store.query("MATCH (n) RETURN count(n)").rows[0][0]
    r = store.query("MATCH ()-[r]->() RETURN count(r)").rows[0][0]
    return n, r


def test_server_is_private(store, kg_home) -> None:
    p = server.paths()
    assert server.is_running(p)
    assert stat.S_IMODE(p.data.stat().st_mode) == 0o700
    assert stat.S_IMODE(p.password_file.stat().st_mode) == 0o600
    import redis

    try:
        redis.Redis(unix_socket_path=str(p.socket)).ping()
        refused = False
    except redis.exceptions.AuthenticationError:
        refused = True
    except redis.exceptions.ResponseError as err:
        refused = "NOAUTH" in str(err)
    assert refused
    config = redis.Redis(unix_socket_path=str(p.socket), password=server.password(p)).config_get("*")
    assert config["port"] == "0"  # no TCP listener at all, only the socket
    assert config["bind"].split() == ["127.0.0.1"] and config["protected-mode"] == "yes"
    assert stat.S_IMODE(p.socket.stat().st_mode) & 0o077 == 0
    assert config["dir"] == str(p.data)


def test_load_twice_changes_nothing(any_store, store_graph) -> None:
    store = any_store
    pg = to_property_graph(store_graph)
    load(store, pg, batch_size=300)
    first = counts(store)
    load(store, pg, batch_size=1000)
    assert counts(store) == first == (len(pg.nodes), len(pg.relationships))
    provinces = len(set(store_graph.subjects(RDF.type, IPKG.Province)))
    assert provinces > 10 and store.query("MATCH (p:Province) RETURN count(p) AS n").rows == [[provinces]]


def test_edited_turtle_is_applied(any_store, store_graph) -> None:
    store = any_store
    load(store, to_property_graph(store_graph))
    edited = Graph()
    for t in store_graph:
        edited.add(t)
    sichuan = iri("province/510000")
    edited.set((sichuan, RDFS.label, Literal("四川", lang="zh")))
    item = next(s for s, o in edited.subject_objects(IPKG.plannedBy) if o == sichuan)
    for agency in list(edited.objects(item, IPKG.leadAgency)):
        edited.remove((item, IPKG.leadAgency, agency))
    centre = next(edited.subjects(RDF.type, IPKG.ProtectionCentre))
    edited.set((centre, RDF.type, IPKG.RapidProtectionCentre))
    load(store, to_property_graph(edited))
    assert store.query("MATCH (p:Province {uri: $u}) RETURN p.name", {"u": str(sichuan)}).rows == [["四川"]]
    labels = store.query("MATCH (c:Resource {uri: $u}) RETURN labels(c)", {"u": str(centre)}).rows[0][0]
    assert sorted(labels) == ["Centre", "RapidProtectionCentre", "Resource"]
    assert store.query("MATCH (w {uri: $u})-[:LEAD_AGENCY]->() RETURN count(*)", {"u": str(item)}).rows == [[0]]


def test_hostile_text_stays_a_parameter(any_store) -> None:
    store = any_store
    store.write("CREATE (:Resource:Province {uri: 'x', name: 'p'})")
    hostile = "'}) DETACH DELETE n //"
    rows = store.query("MATCH (n:Resource) WHERE n.name = $name RETURN count(n)", {"name": hostile}).rows
    assert rows == [[0]]
    assert counts(store)[0] == 1


def test_server_restarts_with_its_data(monkeypatch) -> None:
    """Schema set up twice, a write, then a clean stop and a kill: each restart finds the data."""
    import os
    import signal
    import tempfile

    from kg.load.store import FalkorStore

    home = tempfile.mkdtemp(prefix="kgr-", dir="/tmp")
    monkeypatch.setenv("KG_HOME", home)
    try:
        s = FalkorStore(graph="persist")
        s.ensure_schema()
        s.ensure_schema()
        s.write("MERGE (:Resource:Province {uri: $u, name: $n})", {"u": "urn:x", "n": "四川省"})
        s.close()
        assert server.stop()
        s = FalkorStore(graph="persist")
        assert s.query("MATCH (n:Province) RETURN n.name").rows == [["四川省"]]
        s.write("MERGE (:Resource:Province {uri: $u, name: $n})", {"u": "urn:y", "n": "重庆市"})
        s.close()
        os.kill(server.pid(), signal.SIGKILL)
        s = FalkorStore(graph="persist")
        assert s.query("MATCH (n:Province) RETURN n.name ORDER BY n.name").rows == [["四川省"], ["重庆市"]]
        s.close()
    finally:
        server.stop()


def test_labels_and_types_come_only_from_the_ontology(store) -> None:
    """A label or relationship type that is not the ontology's never reaches Cypher, and the load writes nothing."""
    import pytest

    from kg.errors import KgError
    from kg.load.loader import node_statement, relationship_statement
    from kg.load.property_graph import PropertyGraph

    hostile = "Province`) DETACH DELETE n //"
    for build in (lambda: node_statement((hostile, "Resource")), lambda: relationship_statement(hostile),
                  lambda: relationship_statement("KNOWS")):
        with pytest.raises(KgError, match="not in the ontology"):
            build()
    store.write("CREATE (:Resource:Province {uri: 'urn:p', name: 'p'})")
    pg = PropertyGraph({"urn:q": (("Resource", "Province"), {"uri": "urn:q"})}, [(hostile, "urn:q", "urn:p")])
    with pytest.raises(KgError, match="not in the ontology"):
        load(store, pg)
    assert counts(store) == (1, 0)


def test_statements_written_ahead_keep_their_order_and_report_progress(store) -> None:
    """``write_all`` makes the next statement's text while the server runs the one before: each statement
    still runs after the one before it (here each reads what the one before wrote), and progress is told."""
    import pytest

    from kg.errors import KgError
    from kg.load.store import Statement

    steps = [Statement("CREATE (:Resource {uri: $uri, n: 0})", {"uri": "urn:chain"}, "nodes", 1)]
    steps += [Statement("MATCH (n:Resource {uri: $uri}) WHERE n.n = $before SET n.n = $before + 1",
                        {"uri": "urn:chain", "before": i}, "relationships", 2) for i in range(40)]
    told: list[tuple[str, int]] = []
    store.write_all(iter(steps), lambda kind, n: told.append((kind, n)))
    assert store.query("MATCH (n:Resource {uri: 'urn:chain'}) RETURN n.n").rows == [[40]]
    assert told == [("nodes", 1)] + [("relationships", 2)] * 40
    with pytest.raises(KgError, match="database"):
        store.write_all([Statement("CREATE (n:Resource {uri: 'urn:bad'}", {})])


def test_parameters_written_ahead_read_back_as_given(store) -> None:
    """``write_all`` writes parameters as text ahead of their statement: every kind of value reads back as given."""
    from kg.load.store import Statement

    values = [
        "plain", "中文：知识产权", "", "quote \" inside", "back\\slash", "line\nbreak\ttab", "it's", "`tick`",
        "'}) DETACH DELETE n //", 0, -7, 2**40, 1.5, -0.25, 1e-7, True, False, None,
        ["a", "b"], [1, 2.5], [], ["x\ny", "ok"],
    ]
    rows = [{"uri": f"urn:v{i}", "props": {"uri": f"urn:v{i}", "v": v, "odd_key": [v] if v is not None else None}}
            for i, v in enumerate(values)]
    store.write_all([Statement("UNWIND $rows AS row CREATE (n:Resource) SET n = row.props", {"rows": rows})])
    found = dict(store.query("MATCH (n:Resource) WHERE n.uri STARTS WITH 'urn:v' RETURN n.uri, n.v").rows)
    assert found == {f"urn:v{i}": v for i, v in enumerate(values)}
