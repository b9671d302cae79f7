"""Which of the known layouts a document has, judged from its text alone."""

from __future__ import annotations

import re

from kg.extract import cases, workplan, yangtze

WORK_PLAN = "work-plan"
PILOT_CASES = "case-sections"
CASE_TABLE = "case-table"
TAB_PLAN = "tab-plan"
POLICY = "policy"
FREE_TEXT = "free-text"
#: what a run says of a free-text document
FREE_TEXT_NOTE = "no table or case layout found; read as prose (names, figures and their relations)"


def detect(text: str) -> str:
    """Name the layout; ``free-text`` when none fits (entities are still recognised)."""
    lines = text.splitlines()
    if (sum(1 for ln in lines if workplan.HEADER.match(ln)) >= 1 and any(
            workplan.HEADING.match(ln) for ln in lines)) or sum(1 for ln in lines if workplan.HEADER.match(ln)) >= 2:
        return WORK_PLAN
    if any(yangtze.SECTION.match(ln) for ln in lines) and any(yangtze.HEADER.match(ln) for ln in lines):
        return TAB_PLAN
    if any(cases.TABLE_HEADER.match(ln) for ln in lines):
        return CASE_TABLE
    if sum(1 for ln in lines if cases.CASE_START.match(ln)) >= 2 and cases.CONTRIBUTED.search(text):
        return PILOT_CASES
    if re.search(r"关于印发《[^》]+》的通知|〔\d{4}〕\d+号", text[:3000]):
        return POLICY
    return FREE_TEXT
