"""The lexicons of prose reading: TSV files with a header row, read by column name."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache

from kg.errors import KgError
from kg.extract.lexicon import LEXICON_DIR, any_programme


def read_records(name: str) -> list[dict[str, str]]:
    """Rows of a lexicon whose first line that is not a comment names the columns."""
    path = LEXICON_DIR / name
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [[c.strip() for c in row] for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
                if row and row[0].strip() and not row[0].startswith("#")]
    if not rows:
        raise KgError(f"{path}: no header row")
    header, body = rows[0], rows[1:]
    for n, row in enumerate(body, 2):
        if len(row) > len(header):
            raise KgError(f"{path}: row {n} has {len(row)} cells, the header names {len(header)}")
    return [dict(zip(header, row + [""] * (len(header) - len(row)), strict=True)) for row in body]


@dataclass(frozen=True)
class NationalAgency:
    name: str
    forms: tuple[str, ...]
    kind: str


@cache
def national_agencies() -> dict[str, NationalAgency]:
    """Every written form of a national body → the body."""
    out: dict[str, NationalAgency] = {}
    for r in read_records("national_agencies.tsv"):
        agency = NationalAgency(r["name"], tuple(r["forms"].split()), r["kind"])
        for form in (agency.name, *agency.forms):
            out.setdefault(form, agency)
    return out


@dataclass(frozen=True)
class Rename:
    old: str
    new: str
    year: int
    where: str


@cache
def renames() -> dict[str, Rename]:
    return {r["old"]: Rename(r["old"], r["new"], int(r["year"]), r["where"]) for r in read_records("agency_renames.tsv")}


@cache
def prose_bodies() -> dict[str, tuple[str, str]]:
    """Bodies named in running text beyond the plans' (surface → canonical body, kind; kind "none": not an agency)."""
    return {r["surface"]: (r["canonical"], r["kind"]) for r in read_records("prose_bodies.tsv")}


@cache
def not_agency_ending() -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(re.escape(r["ending"]) for r in read_records("not_agencies.tsv")) + ")$")


@dataclass(frozen=True)
class Shape:
    kind: str
    confidence: float
    pattern: re.Pattern[str]


@cache
def programme_shapes() -> tuple[Shape, ...]:
    return tuple(Shape(r["kind"], float(r["confidence"]), re.compile(r["pattern"]))
                 for r in read_records("programme_shapes.tsv"))


@cache
def programme_wording() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Running-text wording of the known programmes: (programme key, pattern)."""
    return tuple((f"programme/{r['key']}", re.compile(r["pattern"])) for r in read_records("programme_wording.tsv"))


@cache
def any_programme_wording() -> re.Pattern[str]:
    """One pattern matching wherever the wording of ``programmes.tsv`` or of ``programme_wording`` matches."""
    return re.compile("|".join([any_programme().pattern] + [f"(?:{p.pattern})" for _, p in programme_wording()]))


@cache
def policy_shapes() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(r["pattern"]) for r in read_records("policy_shapes.tsv"))


@cache
def not_policy() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((r["what"], re.compile(r["pattern"])) for r in read_records("not_policy.tsv"))


@cache
def figure_words() -> dict[str, tuple[str, ...]]:
    """Words around figures by role: ``verb`` (发放, 达到), ``target`` (力争, 到…年) …"""
    out: dict[str, list[str]] = {}
    for r in read_records("figure_words.tsv"):
        out.setdefault(r["role"], []).append(r["word"])
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in out.items()}


@cache
def approval_words() -> tuple[tuple[str, str], ...]:
    """Wording of approval events (同意建设, 获批, 通过验收) → the kind of event."""
    return tuple((r["word"], r["event"]) for r in read_records("approval_words.tsv"))
