"""Batched, idempotent writes of a property graph into a store."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from kg.load import BATCH_SIZE
from kg.load.property_graph import PropertyGraph, Support, allowed_labels, allowed_types
from kg.load.store import KEY_LABEL, GraphStore, Statement, batches, identifier

Progress = Callable[[str, int], None]


@dataclass
class LoadStats:
    nodes: int
    relationships: int


def node_statement(labels: tuple[str, ...]) -> str:
    """MERGE on ``uri``, replace properties, set this label set and remove the ontology's other labels."""
    allowed = allowed_labels()
    keep = [identifier(label, allowed) for label in labels if label != KEY_LABEL]
    drop = sorted(allowed - set(labels) - {KEY_LABEL})
    stmt = f"UNWIND $rows AS row MERGE (n:{KEY_LABEL} {{uri: row.uri}}) SET n = row.props"
    if keep:
        stmt += " SET n:" + ":".join(keep)
    if drop:
        stmt += " REMOVE n:" + ":".join(drop)
    return stmt


def create_statement(labels: tuple[str, ...]) -> str:
    """CREATE nodes known to be new, their labels in the pattern (far cheaper than setting labels later)."""
    allowed = allowed_labels() | {KEY_LABEL}
    names = [identifier(label, allowed) for label in labels if label != KEY_LABEL]
    return f"UNWIND $rows AS row CREATE (n:{':'.join([KEY_LABEL, *names])}) SET n = row.props"


UPDATE_STATEMENT = f"UNWIND $rows AS row MATCH (n:{KEY_LABEL} {{uri: row.uri}}) SET n = row.props"
EXISTING_STATEMENT = f"UNWIND $uris AS u MATCH (n:{KEY_LABEL} {{uri: u}}) RETURN n.uri AS uri, labels(n) AS labels"


def detach_statement() -> str:
    """Remove the outgoing relationships of the nodes about to be reloaded (so edits apply)."""
    return f"UNWIND $uris AS uri MATCH (n:{KEY_LABEL} {{uri: uri}})-[r]->() DELETE r"


_ENDS = f"UNWIND $rows AS row MATCH (a:{KEY_LABEL} {{uri: row[0]}}) MATCH (b:{KEY_LABEL} {{uri: row[1]}}) "


def relationship_statement(rel_type: str) -> str:
    """Rows ``[start uri, end uri, sources]``: one relationship per pair, its supporting documents set."""
    return f"{_ENDS}MERGE (a)-[r:{identifier(rel_type, allowed_types())}]->(b) SET r.sources = row[2]"


def create_relationship_statement(rel_type: str) -> str:
    """Rows as for ``relationship_statement``, for relationships known to be new (their start node is new):
    created, their supporting documents in the pattern (less work for the server than a merge and a set)."""
    return f"{_ENDS}CREATE (a)-[:{identifier(rel_type, allowed_types())} {{sources: row[2]}}]->(b)"


def delete_nodes_statement() -> str:
    return f"UNWIND $uris AS uri MATCH (n:{KEY_LABEL} {{uri: uri}}) DETACH DELETE n"


def delete_relationship_statement(rel_type: str) -> str:
    t = identifier(rel_type, allowed_types())
    return (f"UNWIND $rows AS row MATCH (a:{KEY_LABEL} {{uri: row[0]}})-[r:{t}]->(b:{KEY_LABEL} {{uri: row[1]}}) "
            "DELETE r")


def apply_changes(store: GraphStore, support: Support, nodes: Iterable[str],
                  relationships: Iterable[tuple[str, str, str]], batch_size: int = BATCH_SIZE) -> LoadStats:
    """Bring the stored ``nodes`` and ``relationships`` to what ``support`` holds now (written, or deleted
    where nothing supports them any more), through ``store.loading``; the rest of the graph is untouched.
    Every statement is idempotent, so a killed update converges when applied again."""
    nodes = sorted(set(nodes))
    kept = [u for u in nodes if u in support.labels]
    gone = [u for u in nodes if u not in support.labels]
    rels = sorted(set(relationships))
    with store.loading(False) as target:
        target.ensure_schema()
        pg = support.property_graph(kept)
        for labels, rows in pg.nodes_by_labels():
            for batch in batches(rows, batch_size):
                _write_nodes(target, labels, list(batch), fresh=False)
        for batch in batches(gone, batch_size * 4):
            target.write(delete_nodes_statement(), {"uris": list(batch)})
        by_type: dict[tuple[str, bool], list[list]] = {}
        for rel in rels:
            docs = support.relationships.get(rel)
            row = [rel[1], rel[2], sorted(docs)] if docs is not None else [rel[1], rel[2]]
            by_type.setdefault((rel[0], docs is not None), []).append(row)
        for (rel_type, keep), rows in sorted(by_type.items()):
            stmt = relationship_statement(rel_type) if keep else delete_relationship_statement(rel_type)
            for batch in batches(rows, batch_size):
                target.write(stmt, {"rows": list(batch)})
    return LoadStats(len(nodes), len(rels))


def load(store: GraphStore, pg: PropertyGraph | Support, batch_size: int = BATCH_SIZE, replace: bool = False,
         progress: Progress | None = None, new_nodes: bool = False) -> LoadStats:
    """Load ``pg`` (or the property graph of a support, row by row) through ``store.loading``: loading the
    same graph twice changes nothing, and a load that is killed and run again ends as if it had not been.

    Outgoing relationships of reloaded nodes are rewritten so edits apply, unless the graph is
    replaced or the caller knows the nodes are new (``new_nodes``, for appending).
    """
    with store.loading(replace) as target:
        target.ensure_schema()
        return write_graph(target, pg, batch_size, fresh=replace or new_nodes, progress=progress)


def write_graph(target: GraphStore, pg: PropertyGraph | Support, batch_size: int = BATCH_SIZE, fresh: bool = False,
                progress: Progress | None = None) -> LoadStats:
    """Nodes then relationships in ``UNWIND`` batches; ``fresh`` when no node of ``pg`` is stored yet."""
    nodes, rels = pg.nodes_by_labels(), pg.relationships_by_type()
    if fresh:
        target.write_all((Statement(create_statement(labels), {"rows": list(batch)}, "nodes", len(batch))
                          for labels, rows in nodes for batch in batches(rows, batch_size)), progress)
    else:
        for labels, rows in nodes:
            for batch in batches(rows, batch_size):
                _write_nodes(target, labels, list(batch), fresh=False)
                if progress:
                    progress("nodes", len(batch))
        uris = sorted(uri for _, rows in nodes for uri in rows.keys)
        for batch in batches(uris, batch_size * 4):
            target.write(detach_statement(), {"uris": list(batch)})
    statement = create_relationship_statement if fresh else relationship_statement
    target.write_all((Statement(statement(rel), {"rows": list(batch)}, "relationships", len(batch))
                      for rel, pairs in rels for batch in batches(pairs, batch_size)), progress)
    return LoadStats(sum(len(rows) for _, rows in nodes), sum(len(pairs) for _, pairs in rels))


def _write_nodes(store: GraphStore, labels: tuple[str, ...], rows: list[dict], fresh: bool) -> None:
    """New nodes are created; nodes with the same labels get their properties replaced; others are relabelled."""
    existing: dict[str, set[str]] = {}
    if not fresh:
        found = store.query(EXISTING_STATEMENT, {"uris": [r["uri"] for r in rows]}).rows
        existing = {uri: set(have) for uri, have in found}
    new = [r for r in rows if r["uri"] not in existing]
    same = [r for r in rows if existing.get(r["uri"]) == set(labels)]
    relabel = [r for r in rows if r["uri"] in existing and existing[r["uri"]] != set(labels)]
    for statement, part in ((create_statement(labels), new), (UPDATE_STATEMENT, same), (node_statement(labels), relabel)):
        if part:
            store.write(statement, {"rows": part})
