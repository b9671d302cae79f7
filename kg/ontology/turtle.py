"""Streaming writers: Turtle, TriG, N-Quads and JSON-LD printed straight from terms (no rdflib Graph is built).

Turtle and TriG are deterministic (subjects sorted, one block per subject, ``a`` first, then
predicates and objects in order); rdflib parses what they write back to the same graph. JSON-LD
is compacted against a context of prefixes: one object per subject, in subject order.
"""

from __future__ import annotations

import functools
import heapq
import itertools
import json
import os
import re
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TextIO, TypeVar

from rdflib import Graph

from kg.errors import KgError
from kg.ontology.namespaces import DCTERMS, IPKG, OWL, PROV, RDF, RDFS, SKOS, XSD, base_iri
from kg.ontology.terms import XSD_STRING, Lit, Quad, Term, Triple, quads_of

T = TypeVar("T")

_TYPE = str(RDF.type)
_LOCAL = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*(?<!-)$")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_NEEDS_ESCAPE = re.compile(r'[\\"\n\r\t\b\f]')
_IRI_ESCAPE = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def prefixes() -> list[tuple[str, str]]:
    return sorted([("ipkg", str(IPKG)), ("id", base_iri()), ("skos", str(SKOS)), ("prov", str(PROV)),
                   ("dcterms", str(DCTERMS)), ("owl", str(OWL)), ("xsd", str(XSD)), ("rdf", str(RDF)),
                   ("rdfs", str(RDFS))])


def _iri_nt(iri: str) -> str:
    if _IRI_ESCAPE.search(iri):
        iri = _IRI_ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04X}", iri)
    return f"<{iri}>"


def _string(text: str) -> str:
    return '"' + (_NEEDS_ESCAPE.sub(lambda m: _ESCAPES[m.group()], text) if _NEEDS_ESCAPE.search(text) else text) + '"'


class Printer:
    """Terms as N-Triples (``nt``) or with prefixes (``ttl``), each distinct term formatted once."""

    def __init__(self, compact: bool) -> None:
        self.compact = compact
        self._prefixes = sorted(prefixes(), key=lambda pn: -len(pn[1]))
        self.known: dict[Term, str] = {}
        self.used: set[str] = set()  # the prefixes written so far: only those are declared

    def __call__(self, term: Term) -> str:
        found = self.known.get(term)
        if found is None:
            found = self.known[term] = self._literal(term) if type(term) is Lit else self._iri(term)  # type: ignore[arg-type]
        return found

    def _iri(self, iri: str) -> str:
        if self.compact:
            for prefix, ns in self._prefixes:
                if iri.startswith(ns) and _LOCAL.match(iri[len(ns):]):
                    self.used.add(prefix)
                    return f"{prefix}:{iri[len(ns):]}"
        return _iri_nt(iri)

    def _literal(self, term: Lit) -> str:
        text = _string(term.lex)
        if term.lang:
            return f"{text}@{term.lang}"
        if term.datatype:
            return f"{text}^^{self(term.datatype)}"
        return text


def write_nquads(quads: Iterable[Quad], fh: TextIO) -> int:
    """One line per quad (graph left out for the default graph); returns the count."""
    fmt = Printer(compact=False)
    known = fmt.known.get
    count = 0
    lines: list[str] = []
    for s, pred, o, g in quads:
        if g:
            lines.append(f"{known(s) or fmt(s)} {known(pred) or fmt(pred)} {known(o) or fmt(o)} {known(g) or fmt(g)} .\n")
        else:
            lines.append(f"{known(s) or fmt(s)} {known(pred) or fmt(pred)} {known(o) or fmt(o)} .\n")
        if len(lines) >= 4096:
            fh.write("".join(lines))
            count += len(lines)
            lines.clear()
    fh.write("".join(lines))
    return count + len(lines)


class Subjects:
    """Triples gathered by subject, each distinct term formatted once (duplicates kept once), to be
    written as Turtle blocks in subject order; triples are added as they come, the text is made
    only when written. Each subject's triples are a list (far smaller than a set), sorted and rid of
    duplicates once, when they are counted or written."""

    def __init__(self, fmt: Printer) -> None:
        self.fmt = fmt
        self.by_subject: dict[str, list[tuple[bool, str, str]]] = defaultdict(list)
        self._settled = True

    def add_all(self, triples: Iterable[Triple]) -> Subjects:
        return self.add_quads((s, p, o, None) for s, p, o in triples)

    def add_quads(self, quads: Iterable[Quad]) -> Subjects:
        """Add the triples of ``quads`` (their graphs left aside); ``a`` sorts before the other predicates."""
        by_subject, fmt = self.by_subject, self.fmt
        known = fmt.known.get
        predicates: dict[str, tuple[bool, str]] = {_TYPE: (False, "a")}
        for s, pred, o, _ in quads:
            flag, text = predicates.get(pred) or predicates.setdefault(pred, (True, fmt(pred)))
            by_subject[s].append((flag, text, known(o) or fmt(o)))
        self._settled = False
        return self

    def _settle(self) -> None:
        """Every subject's triples sorted, each once."""
        if not self._settled:
            for s, triples in self.by_subject.items():
                self.by_subject[s] = sorted(set(triples)) if len(triples) > 1 else triples
            self._settled = True

    def __len__(self) -> int:
        self._settle()
        return sum(map(len, self.by_subject.values()))

    def blocks(self, indent: str) -> Iterator[str]:
        """One block per subject, in subject order; the subjects are formatted first (so the prefixes
        used are all known before the first block)."""
        fmt, lead = self.fmt, f"{indent}    "
        self._settle()
        subjects = sorted(self.by_subject)
        for s in subjects:
            fmt(s)
        for s in subjects:
            yield _block(indent, fmt(s), [f"{lead}{'a' if not other else pred} {obj}"
                                          for other, pred, obj in self.by_subject[s]])


def _block(indent: str, subject: str, lines: list[str]) -> str:
    return f"{indent}{subject}\n" + " ;\n".join(lines) + " .\n\n"


CHUNK_CHARACTERS = 1 << 20


def _write_chunked(fh: TextIO, blocks: Iterable[str]) -> None:
    """Blocks written a chunk of about ``CHUNK_CHARACTERS`` at a time (a large graph's blocks can be large: those
    of a resource stated by many documents list all its evidence)."""
    chunk: list[str] = []
    size = 0
    for block in blocks:
        chunk.append(block)
        size += len(block)
        if size >= CHUNK_CHARACTERS:
            fh.write("".join(chunk))
            chunk.clear()
            size = 0
    fh.write("".join(chunk))


def _blocks(triples: Iterable[Triple], fmt: Printer, indent: str) -> Iterator[str]:
    return Subjects(fmt).add_all(triples).blocks(indent)


def _header(fh: TextIO, used: set[str]) -> None:
    for prefix, ns in prefixes():
        if prefix in used:
            fh.write(f"@prefix {prefix}: <{ns}> .\n")
    fh.write("\n")


def write_turtle_triples(triples: Iterable[Triple], fh: TextIO) -> None:
    write_subjects(Subjects(Printer(compact=True)).add_all(triples), fh)


def write_subjects(subjects: Subjects, fh: TextIO) -> None:
    """Gathered triples as Turtle, written block by block (the whole text is never held)."""
    blocks = subjects.blocks("")
    first = next(blocks, "")  # all subjects formatted: the prefixes used are known
    _header(fh, subjects.fmt.used)
    fh.write(first)
    _write_chunked(fh, blocks)


def write_trig(quads: Iterable[Quad], fh: TextIO) -> None:
    """Each named graph in its own block (graphs in name order), the default graph's triples first."""
    p = Printer(compact=True)
    graphs: dict[str | None, list[Triple]] = defaultdict(list)
    for s, pred, o, g in quads:
        graphs[g].append((s, pred, o))
    body = ["".join(_blocks(graphs.pop(None, []), p, ""))]
    for g in sorted(graphs):  # type: ignore[type-var]
        body.append(f"{p(g)} {{\n" + "".join(_blocks(graphs[g], p, "    ")) + "}\n\n")
    _header(fh, p.used)
    fh.writelines(body)


def write_turtle(source: Graph | Iterable[Triple] | Subjects, path: Path) -> None:
    """Write an rdflib graph, triples or gathered triples as Turtle, atomically (a reader never sees half a file)."""
    if isinstance(source, Subjects):
        write_file(path, lambda fh: write_subjects(source, fh))
        return
    triples = ((s, p, o) for s, p, o, _ in quads_of(source)) if isinstance(source, Graph) else source
    write_file(path, lambda fh: write_turtle_triples(triples, fh))


RUN_TRIPLES = 1_500_000
"""Triples ``write_large_turtle`` gathers in memory before it sorts them out to a temporary run."""


def write_large_turtle(quads: Iterable[Quad], path: Path, run_triples: int = RUN_TRIPLES) -> int:
    """The triples of ``quads`` written as ``write_turtle`` writes them (byte for byte), holding at most
    ``run_triples`` of them in memory: beyond that, sorted runs are written to temporary files beside ``path``
    and merged. Returns the number of distinct triples written."""
    fmt = Printer(compact=True)
    rest = iter(quads)
    first = Subjects(fmt).add_quads(itertools.islice(rest, run_triples))
    more = next(rest, None)
    if more is None:  # it all fits: no runs
        write_file(path, functools.partial(write_subjects, first))
        return len(first)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=f".{path.name}.", dir=path.parent) as tmp:
            runs = [_run(first, Path(tmp) / "0")]
            del first
            rest = itertools.chain([more], rest)
            while True:
                fmt.known.clear()  # the terms of one run at a time
                subjects = Subjects(fmt).add_quads(itertools.islice(rest, run_triples))
                if not subjects.by_subject:
                    break
                runs.append(_run(subjects, Path(tmp) / str(len(runs))))
            files = [run.open(encoding="utf-8", newline="\n") for run in runs]
            try:
                return write_file(path, lambda fh: _write_merged(files, fmt, fh))
            finally:
                for fh in files:
                    fh.close()
    except OSError as exc:  # the runs beside it cannot be written
        raise KgError(f"{path}: cannot be written ({exc.strerror or exc})") from None


def _run(subjects: Subjects, path: Path) -> Path:
    """``subjects`` as lines ``subject, 0 (rdf:type) or 1, predicate, object`` (tab-separated, formatted terms hold
    no tab or line break), in the order of Turtle blocks and of the lines within them; the subjects are formatted
    so that the prefixes they use are known before the header is written."""
    subjects._settle()
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for s in sorted(subjects.by_subject):
            subjects.fmt(s)
            fh.writelines(f"{s}\t{1 if other else 0}\t{pred}\t{obj}\n" for other, pred, obj in subjects.by_subject[s])
    return path


def _write_merged(files: list[TextIO], fmt: Printer, fh: TextIO) -> int:
    """The runs in ``files`` merged into Turtle blocks (a line in several runs written once); returns the
    number of triples written."""
    count = [0]

    def blocks() -> Iterator[str]:
        last, subject, lines = None, None, []
        for line in heapq.merge(*files):
            if line == last:
                continue
            last = line
            s, flag, pred, obj = line[:-1].split("\t", 3)
            if s != subject:
                if subject is not None:
                    yield _block("", fmt._iri(subject), lines)
                subject, lines = s, []
            lines.append(f"    {pred if flag == '1' else 'a'} {obj}")
            count[0] += 1
        if subject is not None:
            yield _block("", fmt._iri(subject), lines)

    _header(fh, fmt.used)
    _write_chunked(fh, blocks())
    return count[0]


def write_file(path: Path, write: Callable[[TextIO], T]) -> T:
    """``write(fh)`` into a file that replaces ``path`` once complete, and what it returns; a file that cannot be
    written is named."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("w", encoding="utf-8") as fh:
            result = write(fh)
        os.replace(tmp, path)
        return result
    except OSError as exc:
        raise KgError(f"{path}: cannot be written ({exc.strerror or exc})") from None
    finally:
        tmp.unlink(missing_ok=True)


class _Compact:
    """IRIs written short against a JSON-LD context: ``prefix:local``, or relative to its ``@base`` for ids."""

    def __init__(self, context: dict[str, str]) -> None:
        self.prefixes = sorted(((k, v) for k, v in context.items() if not k.startswith("@")), key=lambda kv: -len(kv[1]))
        self.base = context.get("@base")
        self.known: dict[tuple[str, bool], str] = {}

    def __call__(self, iri: str, as_id: bool = False) -> str:
        found = self.known.get((iri, as_id))
        if found is None:
            found = self.known[(iri, as_id)] = self._compact(iri, as_id)
        return found

    def _compact(self, iri: str, as_id: bool) -> str:
        if as_id and self.base and iri.startswith(self.base) and _RELATIVE.fullmatch(iri[len(self.base):]):
            return iri[len(self.base):]
        for prefix, ns in self.prefixes:
            if iri.startswith(ns) and _CURIE_LOCAL.fullmatch(iri[len(ns):]):
                return f"{prefix}:{iri[len(ns):]}"
        return iri


_RELATIVE = re.compile(r"(?![./])(?!.*/\.)[^:?#]+")  # resolves against @base to itself: no scheme, no dot segment
_CURIE_LOCAL = re.compile(r"(?!//)[^\s]*")


def write_jsonld(triples: Iterable[Triple], fh: TextIO, context: dict[str, str]) -> int:
    """``triples`` as compacted JSON-LD: the ``context``, then ``@graph`` with one object per subject
    (subjects in order; a property with one value holds it, with several a list); returns the triples."""
    short = _Compact(context)
    by_subject: dict[str, dict[str, list]] = defaultdict(dict)
    count = 0
    for s, pred, o in dict.fromkeys(triples):
        count += 1
        props = by_subject[s]
        if pred == _TYPE and type(o) is not Lit:
            props.setdefault("@type", []).append(short(o))
            continue
        if type(o) is Lit:
            value: object = o.lex if not o.lang and o.datatype in (None, XSD_STRING) else \
                {"@value": o.lex, "@language": o.lang} if o.lang else {"@value": o.lex, "@type": short(o.datatype)}
        else:
            value = {"@id": short(o, as_id=True)}
        props.setdefault(short(pred), []).append(value)
    fh.write('{\n"@context": ' + json.dumps(context, ensure_ascii=False, indent=1) + ',\n"@graph": [')
    for i, s in enumerate(sorted(by_subject)):
        node: dict[str, object] = {"@id": short(s, as_id=True)}
        for key, values in sorted(by_subject[s].items(), key=lambda kv: (kv[0] != "@type", kv[0])):
            node[key] = values[0] if len(values) == 1 else values
        fh.write(("\n" if i == 0 else ",\n") + json.dumps(node, ensure_ascii=False))
    fh.write("\n]\n}\n")
    return count
