"""Every fixed Cypher statement the project sends, in one place, so each can be checked by
Neo4j's own front end (``tests/test_cypher_lint.py``) and run on the embedded server.

Statements built per label set or relationship type live in ``kg.load.loader``; the library
queries live in ``queries/``; ``all_statements`` gathers them all.
"""

from __future__ import annotations

from pathlib import Path

COUNT_BY_LABELS = "MATCH (n:Resource) RETURN labels(n) AS l, count(*) AS c"
COUNT_BY_TYPE = "MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS c ORDER BY t"
COUNT_NODES = "MATCH (n:Resource) RETURN count(n) AS n"
COUNT_RELATIONSHIPS = "MATCH (:Resource)-[r]->(:Resource) RETURN count(r) AS n"

EXPORT_NODES = ("MATCH (n:Resource) WHERE n.uri > $after "
                "RETURN n.uri AS uri, labels(n) AS labels, properties(n) AS props ORDER BY uri LIMIT $limit")
EXPORT_RELATIONSHIPS = ("MATCH (a:Resource) WHERE a.uri > $after WITH a ORDER BY a.uri LIMIT $limit "
                        "OPTIONAL MATCH (a)-[r]->(b:Resource) RETURN a.uri AS s, type(r) AS t, b.uri AS o, r.sources AS sources")
# FalkorDB's index on ``uri`` gives no order, so there a page ordered by ``uri`` sorts the rest of the
# graph (a whole read grows with the square of the graph); it reads pages of internal ids instead.
MAX_ID = "MATCH (n:Resource) RETURN max(id(n)) AS top"
EXPORT_NODES_BY_ID = ("MATCH (n:Resource) WHERE id(n) >= $lo AND id(n) < $hi "
                      "RETURN n.uri AS uri, labels(n) AS labels, properties(n) AS props")
EXPORT_RELATIONSHIPS_BY_ID = ("MATCH (a:Resource) WHERE id(a) >= $lo AND id(a) < $hi OPTIONAL MATCH (a)-[r]->(b:Resource) "
                              "RETURN a.uri AS s, type(r) AS t, b.uri AS o, r.sources AS sources")

CLEAR = "MATCH (n) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS deleted"
CLEAR_BATCH = 2000  # nodes deleted per transaction by CLEAR

FIXED = {
    "count_by_labels": (COUNT_BY_LABELS, {}),
    "count_by_type": (COUNT_BY_TYPE, {}),
    "count_nodes": (COUNT_NODES, {}),
    "count_relationships": (COUNT_RELATIONSHIPS, {}),
    "export_nodes": (EXPORT_NODES, {"after": "", "limit": 1000}),
    "export_relationships": (EXPORT_RELATIONSHIPS, {"after": "", "limit": 1000}),
    "clear": (CLEAR, {"limit": CLEAR_BATCH}),
}
EMBEDDED = {  # sent only to FalkorDB (Neo4j deprecates ``id``)
    "max_id": (MAX_ID, {}),
    "export_nodes_by_id": (EXPORT_NODES_BY_ID, {"lo": 0, "hi": 1000}),
    "export_relationships_by_id": (EXPORT_RELATIONSHIPS_BY_ID, {"lo": 0, "hi": 1000}),
}


def all_statements(queries_dir: Path) -> list[tuple[str, str, dict[str, object]]]:
    """(name, Cypher, example parameters) of every statement the project can send (those named
    ``embedded …`` only to FalkorDB)."""
    from kg.library import library
    from kg.load.loader import (
        EXISTING_STATEMENT,
        UPDATE_STATEMENT,
        create_relationship_statement,
        create_statement,
        delete_nodes_statement,
        delete_relationship_statement,
        detach_statement,
        node_statement,
        relationship_statement,
    )
    from kg.load.property_graph import allowed_types, class_labels
    from kg.load.store import KEY_LABEL, SCHEMA, append_statement

    out: list[tuple[str, str, dict[str, object]]] = []
    out += [(f"schema {i}", stmt, {}) for i, stmt in enumerate(SCHEMA["neo4j"])]
    out += [(name, stmt, params) for name, (stmt, params) in FIXED.items()]
    out += [(f"embedded {name}", stmt, params) for name, (stmt, params) in EMBEDDED.items()]
    row = {"uri": "urn:x", "props": {"uri": "urn:x"}}
    for labels in sorted(set(class_labels().values())):
        out.append((f"nodes {':'.join(labels)}", node_statement((*labels, KEY_LABEL)), {"rows": [row]}))
        out.append((f"new nodes {':'.join(labels)}", create_statement((*labels, KEY_LABEL)), {"rows": [row]}))
    out.append(("update nodes", UPDATE_STATEMENT, {"rows": [row]}))
    out.append(("existing nodes", EXISTING_STATEMENT, {"uris": ["urn:x"]}))
    out.append(("detach", detach_statement(), {"uris": ["urn:x"]}))
    out.append(("delete nodes", delete_nodes_statement(), {"uris": ["urn:x"]}))
    out.append(("append to a property", append_statement("measures"), {"uri": "urn:x", "part": "…"}))
    for t in sorted(allowed_types()):
        rows = [["urn:x", "urn:y", ["doc-0123456789ab"]]]
        out.append((f"relationships {t}", relationship_statement(t), {"rows": rows}))
        out.append((f"new relationships {t}", create_relationship_statement(t), {"rows": rows}))
        out.append((f"delete relationships {t}", delete_relationship_statement(t), {"rows": [["urn:x", "urn:y"]]}))
    for q in library(queries_dir).values():
        out.append((f"query {q.name}", q.cypher, q.bind({})))
    return out
