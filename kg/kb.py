"""The knowledge base: documents added over time, each extracted once, alone, and kept with its facts.

Under ``$KG_HOME/kb``:

- ``documents.json``: the registry, by document key (file, where it was read, SHA-256, title,
  layout, counts, when added);
- ``cache/<sha256>-<extractor version>.pickle``: one document's extraction (the model of that
  document alone), so an unchanged document is never extracted twice by the same extractor;
- ``published.json``: which state of the registry each database and Turtle file was last brought to;
  ``published/<digest>.pickle``: for each database, the support of every fact it holds, so the next
  change writes only what changed.

The graph is the union of the documents' graphs: each document's statements in its own named
graph (``kg.ontology.mapping.document_graph``). Since every document is extracted alone and the
union is a set union, the graph does not depend on the order documents were added in, adding
what is already there changes nothing, and removing a document retracts exactly what only it
supports. Every change is written so that a command killed midway and run again converges.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import pickle
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from functools import cache, partial
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from kg import read
from kg.errors import InputError, KgError
from kg.extract.reader import SourceText, list_documents, read_document
from kg.load import BATCH_SIZE
from kg.load.server import kg_home
from kg.model import Model
from kg.ontology.terms import Quad, Triple
from kg.runtime import Beside, acyclic, paused

if TYPE_CHECKING:
    from kg.load.property_graph import PropertyGraph, Support
    from kg.merging import Names


@cache
def extractor_version() -> str:
    """A digest of the extractor's code and lexicons: any edit makes cached extractions stale."""
    root = resources.files("kg")
    h = hashlib.sha256()
    for folder, pattern in (("extract", "*.py"), ("data/lexicons", "*.tsv"), ("", "model.py")):
        for path in sorted(Path(str(root / folder)).glob(pattern)):
            if path.name == "merges.tsv":  # applied to the union, not in extraction
                continue
            h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:16]


@dataclass
class DocumentEntry:
    """One document of the knowledge base."""

    key: str
    file: str
    paths: list[str]
    sha256: str
    title: str
    layout: str
    resources: int
    mentions: int
    added: str


@dataclass
class Change:
    """What a command did to the knowledge base."""

    added: list[str] = field(default_factory=list)
    replaced: list[tuple[str, str]] = field(default_factory=list)  # (old key, new key): a file that changed
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failures: list[InputError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.replaced or self.removed)


@dataclass
class Extraction:
    """A cached extraction of one document."""

    model: Model
    layout: str
    warnings: list[str]


@dataclass(frozen=True)
class Digest:
    """What the registry keeps of an extraction (made where the document is extracted, so the model itself
    need not travel back)."""

    title: str
    layout: str
    resources: int
    mentions: int
    warnings: list[str]

    @classmethod
    def of(cls, key: str, extraction: Extraction) -> Digest:
        model = extraction.model
        mentions = sum(len(r.evidence) + sum(1 for rel in r.relations if rel.evidence)
                       for r in model.resources.values())
        return cls(model.resources[f"document/{key}"].label, extraction.layout, len(model), mentions,
                   extraction.warnings)


@dataclass(frozen=True)
class Facts:
    """What the union's merges, counts and near-duplicates need of every model, gathered in one pass."""

    names: Names
    chars: int
    resources: int


@dataclass
class Published:
    """What a database was last brought to: the documents (key → SHA-256) on the same extractor and merge
    decisions (``basis``), the merges applied, and every fact's support."""

    basis: str
    documents: dict[str, str]
    rename: dict[str, str]
    support: Support


class KnowledgeBase:
    def __init__(self, root: Path | None = None) -> None:
        self.root = root or kg_home() / "kb"
        self.cache_dir = self.root / "cache"
        self.registry_file = self.root / "documents.json"
        self.published_file = self.root / "published.json"
        self._models: dict[str, Model] = {}  # the models asked for one by one (``model``)
        self._facts: tuple[str, Facts] | None = None  # (fingerprint, facts) of the last pass over the models
        self._stored: dict[str, Support] = {}  # store description → the support of the graph just published to it
        self._union_size: tuple[str, int] | None = None  # (fingerprint, triples) of the union last written

    # ---- the registry ---------------------------------------------------------------------
    def documents(self) -> list[DocumentEntry]:
        return sorted(self._registry().values(), key=lambda d: d.key)

    def _registry(self) -> dict[str, DocumentEntry]:
        if not self.registry_file.exists():
            return {}
        try:
            raw = json.loads(self.registry_file.read_text(encoding="utf-8"))
            return {k: DocumentEntry(**v) for k, v in raw["documents"].items()}
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise KgError(f"{self.registry_file}: the document registry is damaged ({exc})") from None

    def _save_registry(self, registry: dict[str, DocumentEntry]) -> None:
        data = {"documents": {k: asdict(registry[k]) for k in sorted(registry)}}
        _atomic_write(self.registry_file, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Commands changing the knowledge base take turns."""
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(self.root / "lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    # ---- adding and removing ----------------------------------------------------------------
    def add(self, paths: Iterable[str | Path], change: Change | None = None, jobs: int | None = None) -> Change:
        """Extract what is new or changed among ``paths`` (files or directories) and register it.

        A document already in (same key) is unchanged; a file whose contents changed since it was
        added replaces its old document. New documents are extracted in ``jobs`` worker processes.
        """
        change = change or Change()
        registry = self._registry()
        pending: dict[str, tuple[SourceText, list[str]]] = {}
        found, other = read.scan(list(paths))
        change.warnings.extend(f"{p}: skipped, not a document format ipgov-kg reads" for p in other)
        for path in found:
            try:
                doc = read_document(path)
            except InputError as err:
                change.failures.append(err)
                continue
            where = str(path.resolve())
            if doc.key in registry:
                entry = registry[doc.key]
                if where not in entry.paths:
                    entry.paths.append(where)
                change.unchanged.append(doc.key)
            elif doc.key in pending:
                pending[doc.key][1].append(where)
            else:
                pending[doc.key] = (doc, [where])
        docs = [doc for doc, _ in pending.values()]
        for (doc, wheres), digest in zip(pending.values(), self._extract_all(docs, jobs), strict=True):
            change.warnings.extend(digest.warnings)
            for where in wheres:
                for old in [e for e in registry.values() if where in e.paths]:
                    old.paths.remove(where)
                    if not old.paths:
                        del registry[old.key]
                        change.replaced.append((old.key, doc.key))
            registry[doc.key] = _entry(doc, digest, wheres[0])
            registry[doc.key].paths.extend(wheres[1:])
            if not any(doc.key == new for _, new in change.replaced):
                change.added.append(doc.key)
        self._save_registry(registry)
        return change

    def remove(self, names: Iterable[str], change: Change | None = None) -> Change:
        """Remove documents named by key, file name or path."""
        change = change or Change()
        registry = self._registry()
        for name in names:
            for key in self.resolve(name, registry):
                del registry[key]
                change.removed.append(key)
        self._save_registry(registry)
        return change

    def resolve(self, name: str, registry: dict[str, DocumentEntry] | None = None) -> list[str]:
        """The keys a name means: a key, a file name, a file stem or a path; an error when none or ambiguous."""
        registry = self._registry() if registry is None else registry
        if name in registry:
            return [name]
        where = str(Path(name).resolve())
        found = [e.key for e in registry.values()
                 if name in (e.file, Path(e.file).stem) or where in e.paths]
        if not found:
            raise KgError(f"{name}: no such document in the knowledge base (kg documents lists them)")
        if len(found) > 1 and Path(name).name == name:
            raise KgError(f"{name}: names {len(found)} documents ({', '.join(sorted(found))}); give a key")
        return sorted(found)

    def sync_dir(self, directory: Path, jobs: int | None = None) -> Change:
        """Add what is new or changed in ``directory``; remove what was read from it and is gone."""
        if not directory.is_dir():
            raise KgError(f"{directory}: no such directory")
        change = self.add([directory], jobs=jobs)
        present = {str(p.resolve()) for p in list_documents([directory])}
        inside = str(directory.resolve()) + os.sep
        registry = self._registry()
        for entry in list(registry.values()):
            gone = [p for p in entry.paths if p.startswith(inside) and p not in present]
            if not gone:
                continue
            entry.paths = [p for p in entry.paths if p not in gone]
            if not entry.paths:
                del registry[entry.key]
                change.removed.append(entry.key)
        self._save_registry(registry)
        return change

    # ---- extraction and its cache -----------------------------------------------------------
    def _cache_file(self, sha256: str) -> Path:
        return self.cache_dir / f"{sha256}-{extractor_version()}.pickle"

    def _extract(self, doc: SourceText) -> Extraction:
        data, _ = _extracted(doc)
        _atomic_write(self._cache_file(doc.sha256), data)
        return _unpickled(data)

    def _extract_all(self, docs: list[SourceText], jobs: int | None = None) -> Iterator[Digest]:
        """The digest of every document's extraction, in order: from the cache, else extracted, checked and
        cached in worker processes. No model is kept, so memory does not grow with the corpus."""
        from kg.extract import parallel

        cached: dict[int, Digest] = {}
        for i, doc in enumerate(docs):
            extraction = self._cached_extraction(doc.key, doc.sha256)
            if extraction is not None:
                cached[i] = Digest.of(doc.key, extraction)
        fresh = parallel.map_each(_extracted, [doc for i, doc in enumerate(docs) if i not in cached], jobs)
        for i, doc in enumerate(docs):
            if i in cached:
                yield cached[i]
                continue
            data, digest = next(fresh)
            _atomic_write(self._cache_file(doc.sha256), data)
            yield digest

    def _cached_extraction(self, key: str, sha256: str) -> Extraction | None:
        """The cached extraction of document ``key``, None when there is none (or it is of another document)."""
        extraction = self._read_cache(self._cache_file(sha256))
        return extraction if extraction is not None and f"document/{key}" in extraction.model.resources else None

    @staticmethod
    def _read_cache(path: Path) -> Extraction | None:
        try:
            return _unpickled(path.read_bytes())
        except Exception:  # a cache written by another version of the code: extract again
            return None

    def model(self, entry: DocumentEntry) -> Model:
        """The model of one document (kept for the next call): from the cache, else extracted again from
        where it was read."""
        model = self._models[entry.key] = self._model_of(entry)
        return model

    def _model_of(self, entry: DocumentEntry) -> Model:
        found = self._models.get(entry.key)
        if found is not None:
            return found
        extraction = self._cached_extraction(entry.key, entry.sha256) or self._reextract(entry)
        return extraction.model

    def each_model(self) -> Iterator[tuple[str, Model]]:
        """Every document's key and model, in key order, read one at a time and not kept: a pass over a
        large knowledge base holds one model at a time."""
        for entry in self.documents():
            yield entry.key, self._model_of(entry)

    def _reextract(self, entry: DocumentEntry) -> Extraction:
        for where in entry.paths:
            try:
                doc = read_document(where)
            except InputError:
                continue
            if doc.key == entry.key:
                return self._extract(doc)
        raise KgError(f"{entry.key}: the extractor changed and the document's file is no longer at "
                      f"{', '.join(entry.paths)}; add it again or kg remove {entry.key}")

    # ---- the graph ------------------------------------------------------------------------------
    def models(self) -> dict[str, Model]:
        """Every document's model, all in memory (``each_model`` reads them one at a time)."""
        return {entry.key: self.model(entry) for entry in self.documents()}

    def facts(self) -> Facts:
        """The names, characters and resources of all documents (one pass over the models per state)."""
        from kg.merging import names_of

        fingerprint = self.fingerprint()
        if self._facts is None or self._facts[0] != fingerprint:
            chars = resources = 0

            def counted() -> Iterator[Model]:
                nonlocal chars, resources
                for _, model in self.each_model():
                    resources += len(model)
                    chars += sum(int(r.values.get("characters", 0)) for r in model.resources.values()
                                 if r.cls == "Document" and "characters" in r.values)
                    yield model

            names = names_of(counted())
            self._facts = (fingerprint, Facts(names, chars, resources))
        return self._facts[1]

    def renames(self) -> dict[str, str]:
        """Keys of resources merged into others (``merges.tsv``) → the key they were merged into."""
        from kg.merging import renames

        return renames(self.facts().names)

    def quads(self, base: str | None = None) -> Iterator[Quad]:
        """Every document's triples in its named graph, documents in key order; resources an analyst
        merged (``merges.tsv``) take the IRI of the one they were merged into."""
        return self._quads(self.each_model(), self.renames(), base)

    @staticmethod
    def _quads(models: Iterable[tuple[str, Model]], rename: dict[str, str], base: str | None = None) -> Iterator[Quad]:
        from kg.ontology.mapping import document_graph, triples

        for key, model in models:
            graph = document_graph(key, base)
            for s, p, o in triples(model, base, rename):
                yield s, p, o, graph

    def near_duplicates(self):
        """Names of one class across the documents that read almost alike and were not merged."""
        from kg.merging import near_duplicates

        return near_duplicates(self.facts().names, self.renames())

    def counts(self) -> dict[str, int]:
        """Documents, characters, resources and union triples of the knowledge base (for reports and benchmarks)."""
        facts = self.facts()
        known = self._union_size
        triples = known[1] if known is not None and known[0] == self.fingerprint() else len(self.union())
        return {"documents": len(self.documents()), "chars": facts.chars, "resources": facts.resources,
                "triples": triples}

    def union(self, base: str | None = None) -> list[Triple]:
        """The union graph's triples (each once)."""
        return list(dict.fromkeys((s, p, o) for s, p, o, _ in self.quads(base)))

    def fingerprint(self) -> str:
        """The state of the knowledge base: its documents and the extractor that read them."""
        from kg.merging import decisions_digest

        h = hashlib.sha256(f"{extractor_version()} {decisions_digest()}".encode())
        for entry in self.documents():
            h.update(f"\0{entry.key}".encode())
        return h.hexdigest()[:16]

    def published(self, target: str) -> bool:
        """Whether ``target`` (a database description or a file) holds the current state."""
        return self._published().get(target) == self.fingerprint()

    def mark_published(self, target: str) -> None:
        marks = self._published()
        marks[target] = self.fingerprint()
        _atomic_write(self.published_file, json.dumps(marks, ensure_ascii=False, indent=1).encode("utf-8"))

    def forget_published(self, target: str) -> None:
        """``target`` was written by other means (``kg load``): the next publication rewrites it whole."""
        self._state_file(target).unlink(missing_ok=True)
        marks = self._published()
        if marks.pop(target, None) is not None:
            _atomic_write(self.published_file, json.dumps(marks, ensure_ascii=False, indent=1).encode("utf-8"))

    def publish(self, store, turtle: Path | None = None, batch_size: int = BATCH_SIZE, progress=None,
                on_graph: Callable[[Support], object] | None = None) -> bool:
        """Bring the database and the union Turtle file to the current state; False when both held it.

        The database gets only what changed since it was last published (the documents added and
        removed since, applied to the support of every fact kept for it); the first time, after
        ``kg load``, or when the extractor or the merge decisions changed, it is replaced whole.
        Both go through the store's safe load; the file is written in a forked process beside the load.
        ``on_graph`` is given the support of the graph the database is about to hold (its ``property_graph``,
        ``in_stored_order``, is what ``stored_graph`` gives) before it is written, so that work on it (the views)
        can go on beside the load.
        """
        with acyclic():
            return self._publish(store, turtle, batch_size, progress, on_graph)

    def _publish(self, store, turtle: Path | None, batch_size: int, progress,
                 on_graph: Callable[[Support], object] | None) -> bool:
        from kg.load.property_graph import Support

        file_mark = str(turtle.resolve()) if turtle is not None else None
        file_done = file_mark is None or (turtle.exists() and self.published(file_mark))  # type: ignore[union-attr]
        db_done = self.published(store.description)
        if db_done and file_done:
            return False
        rename = self.renames()
        writer: Beside[int] | None = None
        written: int | None = None
        if not file_done:
            assert turtle is not None and file_mark is not None
            union = partial(self._write_union, rename, turtle)
            if db_done:
                written = union()
            else:
                writer = Beside(union)  # the Turtle file is written beside the database load, on another core
        try:
            if not db_done:
                state = self._read_state(store.description)
                support = Support.from_quads(self._quads(self.each_model(), rename)) if self._replaces(state, rename) else None
                self._publish_store(store, rename, batch_size, progress, state, support, on_graph)
            if writer is not None:
                written = writer.result()
        finally:
            if writer is not None:
                writer.cancel()
        if written is not None:
            self._union_size = (self.fingerprint(), written)
            self.mark_published(file_mark)  # type: ignore[arg-type]
        if not db_done:
            self.mark_published(store.description)
        return True

    def _write_union(self, rename: dict[str, str], turtle: Path) -> int:
        """Write the union graph as Turtle (in bounded memory); returns its number of triples."""
        from kg.ontology.turtle import write_large_turtle

        return write_large_turtle(self._quads(self.each_model(), rename), turtle)

    def _basis(self) -> str:
        from kg.merging import decisions_digest

        return f"{extractor_version()} {decisions_digest()}"

    def _replaces(self, state: Published | None, rename: dict[str, str]) -> bool:
        """Whether the database must be replaced whole rather than updated by documents."""
        if state is None or state.basis != self._basis() or state.rename != rename:
            return True
        documents = {e.key for e in self.documents()}
        return any(self._cached_model(sha) is None for k, sha in state.documents.items() if k not in documents)

    def _publish_store(self, store, rename: dict[str, str], batch_size: int,
                       progress, state: Published | None, support: Support | None,
                       on_graph: Callable[[Support], object] | None = None) -> None:
        """Replace the database by ``support`` (the whole graph's), else apply to it the documents added
        and removed since ``state``."""
        from kg.load.loader import apply_changes, load
        from kg.load.property_graph import Support

        entries = {e.key: e for e in self.documents()}
        documents = {key: e.sha256 for key, e in entries.items()}
        whole = support is not None
        if support is None:
            assert state is not None
            support, nodes, rels = state.support, set(), set()
            removed = {k: self._cached_model(sha) for k, sha in state.documents.items() if k not in documents}
            for key, model in sorted(removed.items()):
                part = Support.from_quads(self._quads([(key, model)], rename))  # type: ignore[list-item]
                support.remove(part, {key})
                nodes |= part.labels.keys()
                rels |= part.relationships.keys()
            for key in sorted(set(documents) - set(state.documents)):
                part = Support.from_quads(self._quads([(key, self._model_of(entries[key]))], rename))
                support.add(part)
                nodes |= part.labels.keys()
                rels |= part.relationships.keys()
        if on_graph is not None:
            on_graph(support)
        final = self._state_file(store.description)
        staged = final.with_name(f".{final.name}.{os.getpid()}.staged")
        try:
            if whole:
                load(store, support, batch_size=batch_size, replace=True, progress=progress)
            else:
                apply_changes(store, support, nodes, rels, batch_size)
            # Written here, not in a forked process: pickling reads every object of the support, and a fork
            # would get its own copy of every page it reads (the reference counts change).
            _write_pickle(staged, Published(self._basis(), documents, rename, support))
            os.replace(staged, final)  # the support of what the database now holds
        finally:
            staged.unlink(missing_ok=True)
        self._stored[store.description] = support

    def published_here(self, store) -> Support | None:
        """The support of the graph this process published to ``store``, None when it published none or the
        store is no longer up to date with the knowledge base."""
        return self._stored.get(store.description) if self.published(store.description) else None

    def stored_graph(self, store) -> PropertyGraph | None:
        """The property graph ``store`` holds as this knowledge base published it (nodes in ``uri`` order,
        labels sorted, as the store reads back), or None when the store is not up to date with it."""

        if not self.published(store.description):
            return None
        support = self._stored.get(store.description)
        if support is None:
            state = self._read_state(store.description)
            if state is None:
                return None
            support = state.support
        return support.property_graph().in_stored_order()

    def _cached_model(self, sha256: str) -> Model | None:
        extraction = self._read_cache(self._cache_file(sha256))
        return extraction.model if extraction is not None else None

    def _state_file(self, target: str) -> Path:
        return self.root / "published" / f"{hashlib.sha256(target.encode()).hexdigest()[:16]}.pickle"

    def _read_state(self, target: str) -> Published | None:
        try:
            state = pickle.loads(self._state_file(target).read_bytes())
        except Exception:  # none yet, or written by another version of the code: publish whole
            return None
        return state if isinstance(state, Published) else None

    def _published(self) -> dict[str, str]:
        try:
            return json.loads(self.published_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}


def _extracted(doc: SourceText) -> tuple[bytes, Digest]:
    """One document's extraction, checked, pickled as it is cached, and its digest (run in the extraction
    workers)."""
    from kg.extract import layout
    from kg.extract.pipeline import extract_document, merge_centre_short_names

    kind, model = extract_document(doc)
    merge_centre_short_names(model)
    warnings = [f"{doc.path}: {layout.FREE_TEXT_NOTE}"] if kind == layout.FREE_TEXT else []
    _check(doc, model)
    extraction = Extraction(model, kind, warnings)
    return pickle.dumps(extraction, protocol=pickle.HIGHEST_PROTOCOL), Digest.of(doc.key, extraction)


def _check(doc: SourceText, model: Model) -> None:
    """A document's graph must conform to the shapes alone (the union then does too); checked on the
    model, with the shapes' own constraints, in time linear in the model."""
    from kg.ontology.validate import validate_model

    result = validate_model(model)
    if not result.conforms:
        raise KgError(f"{doc.path}: the extracted graph violates the shapes ({result.violations} results):\n"
                      + result.report[:2000])


def _entry(doc: SourceText, digest: Digest, where: str) -> DocumentEntry:
    return DocumentEntry(doc.key, doc.path.name, [where], doc.sha256, digest.title, digest.layout,
                         digest.resources, digest.mentions, time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))


def _unpickled(data: bytes):
    """A pickled extraction: its objects hold no reference cycles, so the cycle collector, which would walk all
    of them again and again while they are made, is paused meanwhile."""
    with paused():
        return pickle.loads(data)


def _write_pickle(path: Path, value: object) -> None:
    """``value`` pickled into ``path`` as it is made (the pickle of a large support is never held whole)."""
    _atomic_write(path, lambda fh: pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL))


def _atomic_write(path: Path, data: bytes | Callable[[BinaryIO], object]) -> None:
    """``data``, or what ``data(fh)`` writes, in ``path`` once complete."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as fh:
            if callable(data):
                data(fh)
            else:
                fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
