"""The name scanner used in extraction finds exactly the spans the spaCy pipeline finds: on the sample
documents, and on text made of place names, centre and title wording broken by spaces and lines."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.extract import nlp
from kg.extract.lexicon import gazetteer
from tests.conftest import CORPUS


def test_scan_agrees_with_the_pipeline_on_the_corpus() -> None:
    for path in sorted(CORPUS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for start, end in nlp.chunks(text):
            found = nlp.scan(text[start:end])
            assert found == nlp.pipeline_spans(text[start:end]), path.name
            assert all(text[start:end][s:e] == quote for _, quote, s, e, _ in found)


def _pieces() -> list[str]:
    gaz = gazetteer()
    names = sorted({f for f in gaz.province_forms if len(f) >= 2} | set(gaz.city_forms))
    return [*names, " ", "  ", "\n", "\u3000", "、", "省", "市", "区", "县", "中心", "知识产权保护中心",
                    "知识产权快速维权中心", "中国（", "）", "《", "》", "关于", "a", "1"]


@st.composite
def texts(draw) -> str:
    text = "".join(draw(st.lists(st.sampled_from(_pieces()), min_size=1, max_size=30)))
    for _ in range(draw(st.integers(0, 3))):  # a name broken by a space or a line end
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from([" ", "  ", "\n", " \n"])) + text[at:]
    return text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts())
def test_scan_agrees_with_the_pipeline_on_names_broken_and_overlapping(text: str) -> None:
    assert nlp.scan(text) == nlp.pipeline_spans(text)
