"""Strong-IP-province pilot types: how a policy text defines them, and which province is one.

A policy text lists each type's tasks under ``（一）引领型知识产权强省建设试点省主要任务`` and its
target as ``建成3—4个引领型知识产权强省``. Elsewhere a sentence says that a province was
approved as a type (``广东省获批引领型知识产权强省建设试点省``) or is building one
(``加快特色型知识产权强省建设``, ``为我省加快建设引领型知识产权强省``); aspirations
(``争创``, ``申报``) are not facts about the province and are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.extract.lexicon import PilotType, pilot_types
from kg.extract.text import find_all

TYPE_WORD = "引领型|支撑型|特色型"
TASK_HEADING = re.compile(rf"^[#\s]*[（(][一二三四五六七八九十]+[)）]\s*(?P<type>{TYPE_WORD})知识产权强省建设试点省主要任务\s*$",
                          re.M)
SECTION_HEADING = re.compile(r"^[#\s]*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])", re.M)
TASK_ITEM = re.compile(r"^[-\s]*(?P<num>\d+)\s*[.．、]\s*(?P<title>[^。\n]+)。", re.M)
TARGET = re.compile(rf"建成(?P<count>\d+\s*[—\-–~～至]\s*\d+|\d+)个(?P<type>{TYPE_WORD})知识产权强省")
STATEMENT = re.compile(rf"(?P<type>{TYPE_WORD})知识(?:产权)?强(?:省|区)")
APPROVED = re.compile(r"(获批|批准为|确定为|列为|入选)\s*$")
BUILDING = re.compile(r"(建设|加快|推进|推动)\s*$")
ASPIRING = re.compile(r"争创|申报|争取|创建|选择")


@dataclass
class PilotDefinition:
    """A type as a policy text defines it: its tasks (title spans) and its target."""

    pilot: PilotType
    tasks: list[tuple[int, int, str]] = field(default_factory=list)
    target: tuple[int, int, str] | None = None


@dataclass(frozen=True)
class PilotStatement:
    """A sentence saying a place is (approved as, or building) a pilot type."""

    start: int
    end: int
    pilot: PilotType
    type_start: int
    approved: bool


def definitions(text: str) -> list[PilotDefinition]:
    types = pilot_types()
    found: dict[str, PilotDefinition] = {}
    for m in TASK_HEADING.finditer(text):
        d = found.setdefault(m["type"], PilotDefinition(types[m["type"]]))
        nxt = SECTION_HEADING.search(text, m.end())
        stop = nxt.start() if nxt else len(text)
        for t in TASK_ITEM.finditer(text, m.end(), stop):
            d.tasks.append((t.start("title"), t.end("title"), t["title"].strip()))
    for m in TARGET.finditer(text):
        d = found.setdefault(m["type"], PilotDefinition(types[m["type"]]))
        d.target = d.target or (m.start(), m.end(), m.group())
    return list(found.values())


def statements(text: str) -> list[PilotStatement]:
    """Statements in running text (line wraps already removed) that a place is of a pilot type."""
    out: list[PilotStatement] = []
    types = pilot_types()
    for m in find_all(STATEMENT, text):
        sentence_start = max(text.rfind(c, 0, m.start()) for c in "。；！？\n") + 1
        before = text[sentence_start:m.start()]
        if ASPIRING.search(before[-8:]):
            continue
        approved = bool(APPROVED.search(before))
        if approved or BUILDING.search(before) or re.search(r"[\u4e00-\u9fff]$", before):
            out.append(PilotStatement(sentence_start, m.end(), types[m["type"]], m.start(), approved))
    return out
