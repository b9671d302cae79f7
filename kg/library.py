"""The analysts' query library: ``kg/queries/*.cypher`` files and the header that documents each.

A header is a block of ``//`` comment lines::

    // Title: Lead and support agencies of a programme across provinces
    // Question (zh): …
    // Question (en): …
    // Param: programme string = 专利质量提升工程 — programme name, or part of it
    // Example: kg query programme_leads --param programme=专利导航

Parameter types: ``string``, ``int``, ``float``, ``bool`` and ``province`` (a name, short form
or GB/T 2260 code, turned into the canonical name). ``''`` is the empty string.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from kg.errors import KgError

PARAM = re.compile(r"^(?P<name>[A-Za-z_]\w*)\s+(?P<type>string|int|float|bool|province)\s*=\s*(?P<default>.*?)"
                   r"(?:\s+—\s+(?P<help>.*))?$")
TYPES = ("string", "int", "float", "bool", "province")
LIBRARY_DIR = Path(__file__).resolve().parent / "queries"


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: Any
    help: str = ""


@dataclass
class LibraryQuery:
    name: str
    path: Path
    cypher: str
    title: str = ""
    question_zh: str = ""
    question_en: str = ""
    example: str = ""
    params: list[Param] = field(default_factory=list)

    def bind(self, given: dict[str, Any]) -> dict[str, Any]:
        """Parameters for a run: declared defaults, overridden by ``given`` cast to their type.

        ``given`` holds raw strings (from a command line) or Python values (from the API); a name
        the query does not declare is an error that lists the names it does.
        """
        declared = {p.name: p for p in self.params}
        values = {p.name: p.default for p in self.params}
        for key, raw in given.items():
            if key not in declared:
                raise KgError(self.unknown_parameter(key))
            ptype = declared[key].type
            values[key] = cast(raw, ptype, f"query {self.name}: parameter {key}") if isinstance(raw, str) \
                else check_type(raw, ptype, f"query {self.name}: parameter {key}")
        return values

    def unknown_parameter(self, key: str) -> str:
        names = [p.name for p in self.params]
        if not names:
            return f"query {self.name} takes no parameters (got {key!r})"
        close = difflib.get_close_matches(key, names, n=1, cutoff=0.5)
        hint = f"; did you mean {close[0]}?" if close else ""
        return f"query {self.name} has no parameter {key!r}{hint} (its parameters: {', '.join(names)})"

    def describe(self) -> str:
        """The parameters as ``name type = default — help``, one per line."""
        return "\n".join(f"{p.name} {p.type} = {p.default!r}" + (f" — {p.help}" if p.help else "")
                         for p in self.params)


def cast(raw: str, ptype: str | None, where: str) -> Any:
    """A parameter value from its text: by its declared type, else inferred (int, float, bool, string)."""
    if raw == "''":
        raw = ""
    if ptype == "string":
        return raw
    if ptype == "province":
        return province_name(raw, where)
    if ptype == "bool" or (ptype is None and raw.lower() in ("true", "false")):
        if raw.lower() not in ("true", "false"):
            raise KgError(f"{where}={raw!r}: expected true or false")
        return raw.lower() == "true"
    for kind, conv in (("int", int), ("float", float)):
        if ptype in (kind, None):
            try:
                return conv(raw)
            except ValueError:
                if ptype == kind:
                    raise KgError(f"{where}={raw!r}: expected a number ({kind})") from None
    return raw


def check_type(value: Any, ptype: str, where: str) -> Any:
    """A Python value given for a typed parameter: checked (and a province name made canonical)."""
    if ptype == "province":
        return province_name(str(value), where)
    expected = {"string": str, "int": int, "float": (int, float), "bool": bool}[ptype]
    if not isinstance(value, expected) or (ptype in ("int", "float") and isinstance(value, bool)):
        raise KgError(f"{where}={value!r}: expected {ptype}")
    return float(value) if ptype == "float" else value


def province_name(raw: str, where: str) -> str:
    """The canonical name of a province given by name, short form or code; ``''`` stays empty."""
    if raw == "":
        return ""
    from kg.extract.lexicon import gazetteer

    gaz = gazetteer()
    found = gaz.by_code.get(raw.upper()) or gaz.province(raw)
    if found is None:
        raise KgError(f"{where}={raw!r}: not a province (give a name such as 四川省, a short form or a code)")
    return found.name


def parse(path: Path, require_title: bool = True) -> LibraryQuery:
    """A library query and its header; a malformed header is an error naming the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KgError(f"{path}: cannot read: {exc}") from None
    query = LibraryQuery(path.stem, path, text)
    for number, line in enumerate(text.splitlines(), 1):
        if not line.startswith("//"):
            break
        key, _, value = line[2:].strip().partition(":")
        value = value.strip()
        if key == "Title":
            query.title = value
        elif key == "Question (zh)":
            query.question_zh = value
        elif key == "Question (en)":
            query.question_en = value
        elif key == "Example":
            query.example = value
        elif key == "Param":
            m = PARAM.match(value)
            if not m:
                raise KgError(f"{path}:{number}: expected 'Param: name type = default — help' "
                              f"with a type among {', '.join(TYPES)}")
            default = m["default"].strip()
            query.params.append(Param(m["name"], m["type"], cast(default, m["type"], f"{path}:{number}"),
                                      m["help"] or ""))
    if require_title and not query.title:
        raise KgError(f"{path}: the header has no '// Title:' line")
    return query


def library(directory: Path = LIBRARY_DIR) -> dict[str, LibraryQuery]:
    """Every query in ``directory`` (the library shipped in the package by default), by name."""
    if directory == LIBRARY_DIR:
        return dict(_shipped())
    return {p.stem: parse(p) for p in sorted(directory.glob("*.cypher"))}


@cache
def _shipped() -> tuple[tuple[str, LibraryQuery], ...]:
    return tuple((p.stem, parse(p)) for p in sorted(LIBRARY_DIR.glob("*.cypher")))


def find(name: str, directory: Path = LIBRARY_DIR) -> LibraryQuery:
    """A library query by its name, by a ``.cypher`` file's path, or by a part of its name that only one has."""
    path = Path(name)
    if path.suffix == ".cypher":
        if not path.exists():
            raise KgError(f"{path}: no such file")
        return parse(path, require_title=False)
    queries = library(directory)
    if name in queries:
        return queries[name]
    partial = [q for q in queries if name.lower() in q.lower()]
    if len(partial) == 1:
        return queries[partial[0]]
    candidates = partial or difflib.get_close_matches(name, list(queries), n=3, cutoff=0.5)
    hint = f"; did you mean {' or '.join(candidates)}?" if candidates else ""
    raise KgError(f"no query named {name!r}{hint} (kg query --list shows the library)")
