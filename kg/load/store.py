"""One small store interface, two implementations: the embedded FalkorDB server and Neo4j.

Every statement sent is portable Cypher. The dialects differ in two things: how a unique key on
``uri`` is declared (``SCHEMA``), and whether the index on ``uri`` gives nodes in order
(``ordered_index``), which decides how a whole graph is read back (``kg.load.export``). Labels and
relationship types are spliced into statements only after ``identifier`` has checked them; values
always travel as parameters.

A load writes into ``store.loading(replace)``. On the embedded server that is a staging copy of
the graph, renamed over the live graph when the load completes, so readers see the old graph
or the new one and never a half-loaded one; a killed load leaves only a staging graph, which
the next load discards. Writes on the embedded server are durable when they return.
"""

from __future__ import annotations

import contextlib
import fcntl
import itertools
import json
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple, Protocol
from urllib.parse import unquote, urlsplit, urlunsplit

from kg.errors import KgError, QueryError
from kg.load.dialect import explain

GRAPH_NAME = "ipgov"
KEY_LABEL = "Resource"
STAGING = "~staging~"
_IDENT = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
PIPELINE = 4  # statements sent to the embedded server before their answers are read

SCHEMA = {
    "falkordb": ["CREATE INDEX FOR (n:Resource) ON (n.uri)"],
    "neo4j": ["CREATE CONSTRAINT resource_uri IF NOT EXISTS FOR (n:Resource) REQUIRE n.uri IS UNIQUE"],
}


def identifier(name: str, allowed: Iterable[str]) -> str:
    """A label or relationship type, checked against the ontology's names before it enters Cypher."""
    if not _IDENT.match(name) or name not in set(allowed):
        raise KgError(f"refusing label or relationship type {name!r}: not in the ontology")
    return name


class Statement(NamedTuple):
    """A statement to write, and what it writes (for progress: ``nodes`` or ``relationships`` and how many)."""

    cypher: str
    params: dict[str, Any]
    kind: str = ""
    count: int = 0


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[list[Any]]


class GraphStore(Protocol):
    dialect: str
    description: str  # where the data lives, for people (no credentials)
    ordered_index: bool  # whether its index on ``uri`` gives nodes in ``uri`` order (FalkorDB's does not)

    def ensure_schema(self) -> None: ...
    def loading(self, replace: bool) -> contextlib.AbstractContextManager[GraphStore]: ...
    def write(self, cypher: str, params: dict[str, Any] | None = None) -> None: ...
    def write_all(self, statements: Iterable[Statement], progress: Callable[[str, int], None] | None = None) -> None: ...
    def query(self, cypher: str, params: dict[str, Any] | None = None) -> QueryResult: ...
    def clear(self) -> None: ...
    def close(self) -> None: ...


class FalkorStore:
    """The embedded default: a FalkorDB server on a unix socket, started on demand."""

    dialect = "falkordb"
    ordered_index = False

    def __init__(self, graph: str = GRAPH_NAME, start: bool = True) -> None:
        from falkordb import FalkorDB

        from kg.load import server

        p = server.start() if start else server.paths()
        if not server.is_running(p):
            raise KgError("the embedded database is not running (kg db start)")
        self._db = FalkorDB(unix_socket_path=str(p.socket), password=server.password(p))
        self._lock_dir = p.root
        self._durable = True
        self._bind(graph)

    def _bind(self, graph: str) -> None:
        self.graph_name = graph
        self.description = f"the embedded FalkorDB graph '{graph}'"
        self._graph = self._db.select_graph(graph)

    def _staging(self, name: str) -> FalkorStore:
        """The same connection bound to a staging graph; its writes are made durable by the swap."""
        other = object.__new__(FalkorStore)
        other._db, other._lock_dir, other._durable = self._db, self._lock_dir, False
        other._bind(name)
        return other

    @contextlib.contextmanager
    def loading(self, replace: bool) -> Iterator[FalkorStore]:
        """A staging graph (a copy of the live one unless ``replace``), renamed over the live graph at the end.

        Loads of one graph take turns (a lock file); a staging graph left by a killed load is dropped.
        """
        with _exclusive(self._lock_dir / f"load-{self.graph_name}.lock"):
            prefix = self.graph_name + STAGING
            graphs = self._db.list_graphs()
            for name in graphs:
                if name.startswith(prefix):
                    self._db.select_graph(name).delete()
            target = self._staging(f"{prefix}{os.getpid()}")
            if not replace and self.graph_name in graphs:
                self._command("GRAPH.COPY", self.graph_name, target.graph_name)
            try:
                yield target
            except BaseException:
                with contextlib.suppress(Exception):
                    target._graph.delete()
                raise
            graphs = self._db.list_graphs()
            if target.graph_name in graphs:
                self._command("RENAME", target.graph_name, self.graph_name)
            elif self.graph_name in graphs:  # nothing was written: the load of an empty graph replaced it
                self._graph.delete()
            self._save()

    def _command(self, *args: str) -> None:
        try:
            self._db.connection.execute_command(*args)
        except Exception as exc:
            raise KgError(f"database: {exc}") from None

    def _save(self) -> None:
        """Make what was written durable: a snapshot on disk, taken after this write, before returning.

        The snapshot is a background save (a forked copy, which the graph module prepares for);
        a save taken in the server's main thread can race with queries still running.
        """
        if not self._durable:
            return
        conn = self._db.connection
        deadline = time.monotonic() + 300
        try:
            while True:
                done = conn.info("persistence")["rdb_saves"]
                try:
                    conn.bgsave()
                    break
                except Exception as exc:  # one already running began before this write: wait, then take ours
                    if "in progress" not in str(exc):
                        raise
                    _wait(deadline)
            while True:
                info = conn.info("persistence")
                if info["rdb_saves"] > done and not info["rdb_bgsave_in_progress"]:
                    break
                _wait(deadline)
        except KgError:
            raise
        except Exception as exc:
            raise KgError(f"database: saving failed: {exc}") from None
        if info["rdb_last_bgsave_status"] != "ok":
            raise KgError(f"database: saving failed; see {self._lock_dir / 'falkordb' / 'falkordb.log'}")

    def ensure_schema(self) -> None:
        """Index and unique constraint on ``uri``, each created only when missing."""
        on_uri = "YIELD label, properties WHERE label = $l AND $k IN properties RETURN label"
        key = {"l": KEY_LABEL, "k": "uri"}
        if not self.query(f"CALL db.indexes() {on_uri}", key).rows:
            for stmt in SCHEMA[self.dialect]:
                self.write(stmt)
        if not self.query(f"CALL db.constraints() {on_uri}", key).rows:
            try:
                self._graph.create_node_unique_constraint(KEY_LABEL, "uri")
            except Exception as exc:
                raise KgError(f"schema: {exc}") from None

    def write(self, cypher: str, params: dict[str, Any] | None = None) -> None:
        try:
            self._graph.query(cypher, params or {})
        except Exception as exc:
            raise KgError(f"database: {exc}") from None
        self._save()

    def write_all(self, statements: Iterable[Statement], progress: Callable[[str, int], None] | None = None) -> None:
        """Write ``statements`` in order. Parameters travel as text before the statement. Statements are sent
        ``PIPELINE`` at a time without waiting for each answer, so the server runs them back to back, and the
        text of the next ones is made (in a thread) meanwhile, so both cores work."""
        def texts(chunk: list[Statement]) -> list[str]:  # parameters written as ``query(cypher, params)`` writes them
            return [self._graph._build_params_header(st.params) + st.cypher for st in chunk]

        items = iter(statements)
        chunks = iter(lambda: list(itertools.islice(items, PIPELINE)), [])
        with ThreadPoolExecutor(max_workers=1) as pool:
            current = next(chunks, None)
            ahead = pool.submit(texts, current) if current is not None else None
            while current is not None and ahead is not None:
                queries = ahead.result()
                following = next(chunks, None)
                ahead = pool.submit(texts, following) if following is not None else None
                pipe = self._db.connection.pipeline(transaction=False)
                for query in queries:
                    pipe.execute_command("GRAPH.QUERY", self.graph_name, query, "--compact")
                try:
                    pipe.execute()
                except Exception as exc:
                    raise KgError(f"database: {exc}") from None
                for st in current:
                    if progress and st.kind:
                        progress(st.kind, st.count)
                current = following
        self._save()

    def query(self, cypher: str, params: dict[str, Any] | None = None) -> QueryResult:
        try:
            result = self._graph.ro_query(cypher, params or {}) if _read_only(cypher) else self._graph.query(
                cypher, params or {})
        except Exception as exc:
            if "empty key" in str(exc):
                raise KgError(f"the graph '{self.graph_name}' is empty: nothing has been loaded yet "
                              "(kg run, or kg load FILE.ttl)") from None
            raise QueryError(explain(cypher, str(exc), "the embedded database")) from exc
        if not _read_only(cypher):
            self._save()
        columns = [h[1] if isinstance(h, (list, tuple)) else str(h) for h in (result.header or [])]
        return QueryResult(columns, [[_plain(v) for v in row] for row in result.result_set])

    def clear(self) -> None:
        if self.graph_name in self._db.list_graphs():
            self._graph.delete()
            self._save()
        self._graph = self._db.select_graph(self.graph_name)

    def close(self) -> None:
        self._db.connection.close()


@contextlib.contextmanager
def _exclusive(path: Path) -> Iterator[None]:
    """An exclusive lock on ``path``, released when the block ends or the process dies."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _wait(deadline: float) -> None:
    if time.monotonic() > deadline:
        raise KgError("database: saving did not finish in time")
    time.sleep(0.01)


def _read_only(cypher: str) -> bool:
    return not re.search(r"\b(CREATE|MERGE|SET|DELETE|REMOVE|DROP|LOAD|CALL)\b", cypher, re.I)


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> Any:
    """FalkorDB nodes, edges and paths as plain data."""
    if type(value) in _SCALARS:  # most values: returned before the slower checks below
        return value
    if hasattr(value, "labels") and hasattr(value, "properties"):
        return {"labels": list(value.labels), **dict(value.properties)}
    if hasattr(value, "relation") and hasattr(value, "properties"):
        return {"type": value.relation, **dict(value.properties)}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@dataclass(frozen=True)
class Neo4jSettings:
    """Where Neo4j is and how to log in; a user and password written into the URI are moved out of it."""

    uri: str
    user: str
    password: str
    database: str | None

    def __post_init__(self) -> None:
        parts = urlsplit(self.uri)
        written = ""
        if "@" in parts.netloc:
            info, _, host = parts.netloc.rpartition("@")
            user, _, written = info.partition(":")
            object.__setattr__(self, "uri", urlunsplit(parts._replace(netloc=host)))
            object.__setattr__(self, "user", unquote(user) or self.user)
            object.__setattr__(self, "password", unquote(written) or self.password)
        object.__setattr__(self, "_secrets", (self.password, written))

    @classmethod
    def from_env(cls, uri: str | None = None, user: str | None = None, password: str | None = None,
                 database: str | None = None) -> Neo4jSettings | None:
        uri = uri or os.environ.get("NEO4J_URI")
        if not uri:
            return None
        return cls(uri, user or os.environ.get("NEO4J_USER", "neo4j"),
                   password or os.environ.get("NEO4J_PASSWORD", ""),
                   database or os.environ.get("NEO4J_DATABASE") or None)

    def scrub(self, text: str) -> str:
        """``text`` with the password (as given and as written in the URI) replaced by ``***``."""
        for secret in self._secrets:
            if secret:
                text = text.replace(secret, "***")
        return text

    def __repr__(self) -> str:
        return f"Neo4jSettings(uri={self.uri!r}, user={self.user!r}, password='***', database={self.database!r})"


class Neo4jStore:
    """Neo4j over Bolt with the official driver; writes in managed transactions (retried).

    FalkorDB's Bolt endpoint (module argument ``BOLT_PORT``) is served too: it has no
    ``dbms.components()`` (how it is told apart: it calls itself Neo4j), no constraint syntax
    (the ``uri`` index is created instead) and no databases (see ``_refuse_database``).
    """

    dialect = "neo4j"

    def __init__(self, settings: Neo4jSettings) -> None:
        from neo4j import GraphDatabase

        self.settings = settings
        self.description = f"Neo4j at {settings.uri}" + (f", database '{settings.database}'" if settings.database else "")
        auth = (settings.user, settings.password) if settings.password else None
        try:
            self._driver = GraphDatabase.driver(settings.uri, auth=auth)
            self._driver.verify_connectivity()
            self.falkordb = self._is_falkordb()
            self.ordered_index = not self.falkordb
        except Exception as exc:
            raise KgError(f"cannot connect to Neo4j at {settings.uri}: {settings.scrub(str(exc))}") from None
        if self.falkordb and settings.database:
            self.close()
            raise KgError(f"{settings.uri} is FalkorDB's Bolt endpoint, which has one graph and ignores the database "
                          f"of transactions; leave NEO4J_DATABASE ('{settings.database}') unset")

    def _is_falkordb(self) -> bool:
        from neo4j.exceptions import DatabaseError

        try:
            with self._session() as session:
                session.run("CALL dbms.components() YIELD name RETURN name").consume()
        except DatabaseError:
            return True
        return False

    def _session(self):
        return self._driver.session(database=self.settings.database) if self.settings.database else \
            self._driver.session()

    def ensure_schema(self) -> None:
        if self.falkordb:
            on_uri = "CALL db.indexes() YIELD label, properties WHERE label = $l AND $k IN properties RETURN label"
            if self.query(on_uri, {"l": KEY_LABEL, "k": "uri"}).rows:
                return
        for stmt in SCHEMA["falkordb" if self.falkordb else self.dialect]:
            self.write(stmt)

    @contextlib.contextmanager
    def loading(self, replace: bool) -> Iterator[Neo4jStore]:
        """Writes go straight to the database (cleared first if ``replace``); batches are idempotent."""
        if replace:
            self.clear()
        yield self

    def write(self, cypher: str, params: dict[str, Any] | None = None) -> None:
        parts = _fit(cypher, params or {}) if self.falkordb else [(cypher, params or {})]
        try:
            with self._session() as session:
                for statement, values in parts:
                    session.execute_write(lambda tx, c=statement, v=values: tx.run(c, v).consume())
        except KgError:
            raise
        except Exception as exc:
            raise KgError(f"database: {self.settings.scrub(str(exc))}") from None

    def write_all(self, statements: Iterable[Statement], progress: Callable[[str, int], None] | None = None) -> None:
        """Write ``statements`` in order, each in its own transaction."""
        for st in statements:
            self.write(st.cypher, st.params)
            if progress and st.kind:
                progress(st.kind, st.count)

    def query(self, cypher: str, params: dict[str, Any] | None = None) -> QueryResult:
        """Rows of a statement; on FalkorDB's Bolt endpoint a list parameter too large for one message is
        sent in parts (for statements that ``UNWIND`` it), their rows concatenated."""
        def work(tx, c: str, v: dict[str, Any]):
            result = tx.run(c, v)
            return list(result.keys()), [[_neo_plain(x) for x in rec.values()] for rec in result]

        parts = _fit(cypher, params or {}, whole_rows=False) if self.falkordb else [(cypher, params or {})]
        columns: list[str] = []
        rows: list[list[Any]] = []
        try:
            with self._session() as session:
                run = session.execute_read if _read_only(cypher) else session.execute_write
                for statement, values in parts:
                    columns, found = run(work, statement, values)
                    rows.extend(found)
        except KgError:
            raise
        except Exception as exc:
            raise KgError(f"database: {self.settings.scrub(str(exc))}") from None
        return QueryResult(columns, rows)

    def clear(self) -> None:
        """Every node and relationship deleted, ``CLEAR_BATCH`` nodes a transaction: one ``DETACH DELETE`` of
        a large graph holds the database, and Neo4j's transaction memory, for as long as it runs."""
        from kg.load.statements import CLEAR, CLEAR_BATCH

        while self.query(CLEAR, {"limit": CLEAR_BATCH}).rows[0][0] == CLEAR_BATCH:
            pass

    def close(self) -> None:
        self._driver.close()


BOLT_MESSAGE_LIMIT = 3000  # bytes of a statement and its parameters; FalkorDB's Bolt endpoint crashes at ~4 KiB
_PROPERTY = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def _size(value: Any) -> int:
    return len(json.dumps(value, ensure_ascii=False, default=str).encode())


def append_statement(key: str) -> str:
    """Append a piece to a node's string or list property (a value too long for one Bolt message)."""
    if not _PROPERTY.match(key):
        raise KgError(f"refusing property name {key!r}")
    return f"MATCH (n:{KEY_LABEL} {{uri: $uri}}) SET n.{key} = n.{key} + $part"


def _escaped(value: Any) -> Any:
    """Strings as FalkorDB's Bolt endpoint reads them back: it splices parameters into the query text between
    single quotes, undoing backslash escapes, so a quote would end the string and a backslash be lost."""
    if isinstance(value, str):
        return value.replace("\\", "\\\\").replace("'", "\\'")
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    if isinstance(value, dict):
        return {k: _escaped(v) for k, v in value.items()}
    return value


def _fit(cypher: str, params: dict[str, Any], whole_rows: bool = True) -> Iterator[tuple[str, dict[str, Any]]]:
    """The statement as statements each small enough for FalkorDB's Bolt endpoint, strings ``_escaped``: a list
    parameter split in halves; a node row too large alone written with its long values empty, then appended
    piece by piece."""
    size = _size(params) + len(cypher.encode())
    if size <= BOLT_MESSAGE_LIMIT:
        yield cypher, _escaped(params)
        return
    for key, value in params.items():
        if isinstance(value, list) and len(value) > 1:
            half = len(value) // 2
            yield from _fit(cypher, {**params, key: value[:half]}, whole_rows)
            yield from _fit(cypher, {**params, key: value[half:]}, whole_rows)
            return
    rows = params.get("rows")
    if whole_rows and isinstance(rows, list) and len(rows) == 1 and isinstance(rows[0], dict) \
            and isinstance(rows[0].get("props"), dict):
        props = rows[0]["props"]
        long = {k: v for k, v in props.items() if k != "uri" and _size(v) > BOLT_MESSAGE_LIMIT // 4}
        if long:
            short = {k: (("" if isinstance(v, str) else []) if k in long else v) for k, v in props.items()}
            yield from _fit(cypher, {**params, "rows": [{**rows[0], "props": short}]}, whole_rows)
            for key, value in long.items():
                for piece in _pieces(value):
                    yield append_statement(key), _escaped({"uri": props["uri"], "part": piece})
            return
    raise KgError(f"a statement of {size} bytes is more than FalkorDB's Bolt endpoint takes in one message")


def _pieces(value: Any) -> Iterator[Any]:
    budget = BOLT_MESSAGE_LIMIT // 2
    if isinstance(value, str):
        step = max(1, budget // 3)  # up to 3 bytes a character
        for i in range(0, len(value), step):
            yield value[i:i + step]
        return
    if isinstance(value, list):
        piece: list[Any] = []
        for item in value:
            if piece and _size([*piece, item]) > budget:
                yield piece
                piece = []
            piece.append(item)
        if piece:
            yield piece
        return
    raise KgError(f"a value of {_size(value)} bytes is more than FalkorDB's Bolt endpoint takes in one message")


def _neo_plain(value: Any) -> Any:
    if hasattr(value, "labels") and hasattr(value, "items"):
        return {"labels": sorted(value.labels), **dict(value.items())}
    if hasattr(value, "type") and hasattr(value, "items"):
        return {"type": value.type, **dict(value.items())}
    if isinstance(value, list):
        return [_neo_plain(v) for v in value]
    return value


def open_store(neo4j_uri: str | None = None, neo4j_user: str | None = None, neo4j_password: str | None = None,
               neo4j_database: str | None = None) -> GraphStore:
    """Neo4j when a URI is given (option or NEO4J_URI), else the embedded server."""
    settings = Neo4jSettings.from_env(neo4j_uri, neo4j_user, neo4j_password, neo4j_database)
    if settings is not None:
        return Neo4jStore(settings)
    return FalkorStore()


def batches(rows: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]
