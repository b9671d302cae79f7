"""Resolution across documents: the analyst's merge decisions (``merges.tsv``) and the near-duplicates
that were not merged.

Each document is extracted alone, so one entity gets one IRI only when every document names it the
same way (through the lexicons). What the lexicons miss shows up here as near-duplicates: names of one
class that read almost alike. An analyst confirms a pair (``same``: the first becomes the second,
its name an alias) or refuses it (``different``: no longer listed) in ``kg/data/lexicons/merges.tsv``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from kg.errors import KgError
from kg.extract.lexicon import LEXICON_DIR, read_table
from kg.model import Model

MERGES_FILE = LEXICON_DIR / "merges.tsv"
DECISIONS = ("same", "different")
COMPARED = ("Agency", "ProtectionCentre", "RapidProtectionCentre", "PolicyDocument", "Programme", "PilotType")
_NOISE = re.compile(r"[\s（）()《》〈〉“”\"'、，,·・—\-]")


@dataclass(frozen=True)
class Decision:
    cls: str
    name: str
    same_as: str
    same: bool


@dataclass(frozen=True)
class NearDuplicate:
    cls: str
    first: str  # canonical names, in order
    second: str
    first_sources: tuple[str, ...]
    second_sources: tuple[str, ...]


@cache
def decisions() -> tuple[Decision, ...]:
    out: list[Decision] = []
    for number, row in enumerate(read_table(MERGES_FILE.name), 1):
        if len(row) < 4 or row[3] not in DECISIONS:
            raise KgError(f"{MERGES_FILE}: row {number}: expected class, name, same as, and same or different")
        out.append(Decision(row[0], row[1], row[2], row[3] == "same"))
    return tuple(out)


def decisions_digest() -> str:
    """Changes when the decisions do (the knowledge base is then published again)."""
    return hashlib.sha256(MERGES_FILE.read_bytes()).hexdigest()[:16]


Names = dict[tuple[str, str], dict[str, set[str]]]
"""(class, canonical name) → key → documents naming it, for the classes compared."""


def names_of(models: Iterable[Model]) -> Names:
    """The names of ``models`` that merges and near-duplicates are about (read in one pass)."""
    out: Names = {}
    for model in models:
        for res in model.resources.values():
            if res.cls in COMPARED:
                docs = out.setdefault((res.cls, res.label), {}).setdefault(res.key, set())
                docs.update(res.sources)
    return out


def renames(names: Names, chosen: Iterable[Decision] | None = None) -> dict[str, str]:
    """Keys of resources an analyst said are another (``same``) → that other's key."""
    out: dict[str, str] = {}
    for d in decisions() if chosen is None else chosen:
        if not d.same or (d.cls, d.same_as) not in names:
            continue
        target = min(names[(d.cls, d.same_as)])
        for key in names.get((d.cls, d.name), {}):
            if key != target:
                out[key] = target
    return out


def _normal(name: str) -> str:
    return _NOISE.sub("", name)


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(c in it for c in short)


def alike(a: str, b: str) -> bool:
    """Equal once brackets, quotes and spaces are dropped, or one is the other with a few characters left
    out (工商管理局 / 工商行政管理局, 人力资源社保局 / 人力资源和社会保障局); a character replaced by another
    (农业厅 / 林业厅) is a different name."""
    na, nb = _normal(a), _normal(b)
    if na == nb:
        return True
    short, long = sorted((na, nb), key=len)
    return len(short) >= 4 and len(long) - len(short) <= max(2, len(short) // 2) and _subsequence(short, long)


def near_duplicates(names: Names, rename: Mapping[str, str]) -> list[NearDuplicate]:
    """Pairs of names of one class, not merged and not refused, that are ``alike``."""
    refused = {(d.cls, frozenset((d.name, d.same_as))) for d in decisions() if not d.same}
    by_class: dict[str, list[tuple[str, set[str]]]] = {}
    for (cls, name), keys in names.items():
        if all(key in rename for key in keys):
            continue
        by_class.setdefault(cls, []).append((name, set().union(*keys.values())))
    found: list[NearDuplicate] = []
    for cls, entries in sorted(by_class.items()):
        blocks: dict[str, list[tuple[str, set[str]]]] = {}
        for entry in sorted(entries):  # compared within blocks of a shared two-character start
            blocks.setdefault(_normal(entry[0])[:2], []).append(entry)
        for block in blocks.values():
            for i, (a, a_docs) in enumerate(block):
                for b, b_docs in block[i + 1:]:
                    if (cls, frozenset((a, b))) not in refused and alike(a, b):
                        found.append(NearDuplicate(cls, a, b, tuple(sorted(a_docs)), tuple(sorted(b_docs))))
    return sorted(found, key=lambda d: (d.cls, d.first, d.second))
