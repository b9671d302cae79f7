"""Random and mutated documents through layout detection, segmentation and extraction (hypothesis).

Whatever the text, no exception escapes and every piece of evidence lies inside its document and
quotes it exactly.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.extract.pipeline import extract_documents
from kg.extract.reader import SourceText
from tests.conftest import CORPUS
from tests.test_workplan import PLAN

# Pieces of the real layouts, shuffled, cut and mixed with noise.
SEEDS = [PLAN] + [p.read_text(encoding="utf-8")[:3000] for p in sorted(CORPUS.glob("*.txt"))]
ALPHABET = st.sampled_from(list("省市局厅委序号工作重点内容责任部门配合牵头会同：、，。（）() \n\t1234567890一二三"
                                "知识产权保护中心专利质量提升工程案例提供<>&\"'\u3000\ufeff\x00\u2028"))
NOISE = st.text(alphabet=ALPHABET, max_size=200) | st.text(max_size=80)


@st.composite
def documents(draw) -> str:
    seed = draw(st.sampled_from(SEEDS))
    lines = seed.splitlines(keepends=True)
    for _ in range(draw(st.integers(0, 8))):
        op = draw(st.sampled_from(["drop", "dup", "insert", "cut", "swap"]))
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        if op == "drop":
            del lines[i]
        elif op == "dup":
            lines.insert(i, lines[i])
        elif op == "insert":
            lines.insert(i, draw(NOISE) + "\n")
        elif op == "cut":
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
        else:
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
    return "".join(lines)


def _check(text: str) -> None:
    doc = SourceText(Path("fuzz.txt"), text, "utf-8")
    model = extract_documents([doc])
    for res in model.resources.values():
        evidences = list(res.evidence) + [rel.evidence for rel in res.relations if rel.evidence]
        for ev in evidences:
            assert 0 <= ev.start <= ev.end <= len(text), (res.key, ev)
            assert text[ev.start:ev.end] == ev.quote, (res.key, ev)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(documents())
def test_mutated_documents_extract_within_bounds(text: str) -> None:
    _check(text)


@settings(max_examples=60, deadline=None)
@given(NOISE)
def test_random_text_extracts_within_bounds(text: str) -> None:
    _check(text)
