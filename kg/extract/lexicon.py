"""The curated lexicons (data files under ``kg/data/lexicons``) and lookups over them."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

LEXICON_DIR = Path(str(resources.files("kg") / "data" / "lexicons"))


def read_table(name: str) -> list[list[str]]:
    """Rows of a tab-separated lexicon file, comments and blank lines skipped."""
    path = LEXICON_DIR / name
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            [cell.strip() for cell in row]
            for row in csv.reader(fh, delimiter="\t")
            if row and row[0].strip() and not row[0].startswith("#")
        ]


@dataclass(frozen=True)
class Province:
    code: str
    name: str
    name_en: str
    short: tuple[str, ...]

    @property
    def key(self) -> str:
        return f"province/{self.code}"

    @property
    def is_municipality(self) -> bool:
        return self.name.endswith("市")


@dataclass(frozen=True)
class City:
    name: str
    province: str  # province code
    parent: str | None = None  # the city or municipality a district or county named in a text lies in

    @property
    def stem(self) -> str:
        """The name without a trailing 市, as often written in lists (成都、德阳市)."""
        return self.name[:-1] if self.name.endswith("市") and len(self.name) > 2 else self.name

    @property
    def key(self) -> str:
        return f"city/{self.province}/{self.name}"


class Gazetteer:
    """Provinces (GB/T 2260) and cities, with every surface form that names them."""

    def __init__(self) -> None:
        self.provinces = [Province(r[0], r[1], r[2], tuple(r[3].split())) for r in read_table("provinces.tsv")]
        self.by_code = {p.code: p for p in self.provinces}
        self.cities: list[City] = []
        for code, names in read_table("cities.tsv"):
            self.cities.extend(City(n, code) for n in names.split())
        self.province_forms: dict[str, Province] = {}
        for p in self.provinces:
            self.province_forms[p.name] = p
            for s in p.short:
                self.province_forms.setdefault(s, p)
        self.city_forms: dict[str, City] = {}
        for c in self.cities:
            self.city_forms.setdefault(c.name, c)
        for c in self.cities:
            if len(c.stem) >= 2 and c.stem not in self.province_forms:
                self.city_forms.setdefault(c.stem, c)
        self._province_re = _alternation(f for f in self.province_forms if len(f) >= 2)
        self._place_re = _alternation(f for f in (*self.province_forms, *self.city_forms) if len(f) >= 2)

    def province(self, form: str) -> Province | None:
        """The province a full name or a short form names (四川, 四川省, 川)."""
        return self.province_forms.get(form)

    def city(self, form: str) -> City | None:
        return self.city_forms.get(form)

    def place_prefix(self, text: str) -> str | None:
        """The province or city name (full or short, two characters or more) that ``text`` starts with."""
        m = self._place_re.match(text)
        return m.group() if m else None

    def provinces_in(self, text: str) -> list[tuple[int, int, Province]]:
        """Province names (two characters or more) found in ``text``, longest first at each place."""
        return [(m.start(), m.end(), self.province_forms[m.group()]) for m in self._province_re.finditer(text)]


def _alternation(forms) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(f) for f in sorted(set(forms), key=len, reverse=True)))


@cache
def gazetteer() -> Gazetteer:
    return Gazetteer()


@dataclass(frozen=True)
class Programme:
    key: str
    name: str
    name_en: str
    patterns: tuple[re.Pattern[str], ...]
    financing: bool


@cache
def plan_focus() -> dict[int, str]:
    """The standard 工作重点 of the work-plan template, by group number."""
    return {int(r[0]): r[1] for r in read_table("plan_focus.tsv")}


@cache
def action_words() -> re.Pattern[str]:
    """Verbs that open a work item or a measure, and never occur in a department's name."""
    return re.compile("|".join(re.escape(r[0]) for r in read_table("action_words.tsv")))


@cache
def programmes() -> tuple[Programme, ...]:
    """National programmes with the wording (regular expressions) that names them."""
    rows = read_table("programmes.tsv")
    return tuple(
        Programme(
            key=f"programme/{r[0]}",
            name=r[1],
            name_en=r[2],
            patterns=tuple(re.compile(p) for p in r[4].split(" | ")),
            financing=r[3] == "financing",
        )
        for r in rows
    )


@cache
def any_programme() -> re.Pattern[str]:
    """One pattern matching wherever any programme's wording matches (most text names none)."""
    return re.compile("|".join(f"(?:{p.pattern})" for prog in programmes() for p in prog.patterns))


@cache
def agency_bodies() -> tuple[dict[str, tuple[str, str]], re.Pattern[str]]:
    """Surface body → (canonical body, kind), and a pattern matching any listed body at a name's end."""
    table = {r[0]: (r[1], r[2]) for r in read_table("agency_bodies.tsv")}
    ends = re.compile("(?:" + "|".join(re.escape(s) for s in sorted(table, key=len, reverse=True)) + ")$")
    return table, ends


@dataclass(frozen=True)
class NamedAgency:
    """A whole agency name that body rules cannot expand (``agency_names.tsv``)."""

    scope: str  # a province's full name, or * for any
    pattern: re.Pattern[str]
    canonical: str  # may hold {province} and {place}
    kind: str


@cache
def agency_names() -> tuple[NamedAgency, ...]:
    return tuple(NamedAgency(r[0], re.compile(r[1]), r[2], r[3]) for r in read_table("agency_names.tsv"))


@cache
def agency_kind_markers() -> tuple[tuple[str, str], ...]:
    return tuple((r[0], r[1]) for r in read_table("agency_kinds.tsv"))


@cache
def agency_kind_labels() -> dict[str, tuple[str, str]]:
    return {r[0]: (r[1], r[2]) for r in read_table("agency_kinds_labels.tsv")}


@dataclass(frozen=True)
class PilotType:
    key: str
    written: str
    name: str
    name_en: str


@cache
def pilot_types() -> dict[str, PilotType]:
    """Strong-IP-province pilot types by the word that names them (引领型 …)."""
    return {row[1]: PilotType(*row[:4]) for row in read_table("pilot_types.tsv")}


@cache
def units() -> dict[str, str]:
    """Units of measured outcomes and their quantity kind, longest first."""
    rows = read_table("units.tsv")
    return {u: kind for u, kind in sorted(((r[0], r[1]) for r in rows), key=lambda r: -len(r[0]))}
