"""Errors the command line reports as one readable line."""


class KgError(Exception):
    """A user-facing failure: bad input, unreachable database, invalid graph."""


class InputError(KgError):
    """A document or graph file that cannot be read; names the file and the problem."""

    def __init__(self, path: object, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class DatabaseError(KgError):
    """The graph database refused or failed a request."""


class QueryError(DatabaseError):
    """A query the database could not run: a syntax error, or a feature outside the portable Cypher subset."""
