"""Cypher that one store accepts and the other does not: naming the feature and the portable way.

The portable subset is what both the embedded FalkorDB and Neo4j run. When a database refuses a
statement, :func:`explain` looks the statement up in ``kg/data/cypher_features.tsv`` and turns a
raw database error into one that names the feature used and how to write it portably.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from kg.errors import KgError


@dataclass(frozen=True)
class Feature:
    name: str
    query: re.Pattern[str]
    error: str
    portable: str


@cache
def features() -> tuple[Feature, ...]:
    """The table of non-portable features, checked on load (errors name the file and line)."""
    path = resources.files("kg") / "data" / "cypher_features.tsv"
    out: list[Feature] = []
    with path.open(encoding="utf-8") as fh:
        for number, row in enumerate(csv.DictReader(fh, delimiter="\t"), 2):
            try:
                out.append(Feature(row["feature"], re.compile(row["query_pattern"], re.I | re.S),
                                   row["error_pattern"] or "", row["portable"]))
            except (KeyError, TypeError, re.error) as exc:
                raise KgError(f"{path}:{number}: malformed feature row ({exc})") from exc
    return tuple(out)


def used_features(cypher: str, error: str = "") -> list[Feature]:
    """The non-portable features a statement uses (those the error message points at first)."""
    found = [f for f in features() if f.query.search(cypher)]
    pointed = [f for f in found if f.error and f.error.lower() in error.lower()]
    return pointed + [f for f in found if f not in pointed]


def explain(cypher: str, error: str, store: str) -> str:
    """The message for a refused statement: the feature and its portable form when known, else the error."""
    first = error.strip().splitlines()[0] if error.strip() else "refused"
    found = used_features(cypher, error)
    if not found:
        return f"{store}: {first}"
    f = found[0]
    return f"{store} does not support {f.name}; portable Cypher: {f.portable} (database said: {first[:200]})"


def markdown() -> str:
    """The table of non-portable features for the README."""
    lines = ["| Neo4j feature | portable Cypher |", "|---|---|"]
    lines += [f"| {f.name} | {f.portable} |" for f in features()]
    return "\n".join(lines) + "\n"
