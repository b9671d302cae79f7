"""The words every match of a pattern needs, and searching only text that holds them."""

import random
import re
from pathlib import Path

from kg.extract.prose_lexicon import policy_shapes, programme_shapes
from kg.extract.text import find_all, words_needed

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"


def test_words_needed_are_the_literals_every_way_through_passes() -> None:
    assert words_needed(re.compile(r"(?:国家)?(?:知识产权|专利)[\u4e00-\u9fff]{0,6}优势企业")) == (
        frozenset({"知识产权", "专利"}), frozenset({"优势企业"}))
    assert words_needed(re.compile(r"“[a-z]{1,10}(?:贷|险)”")) == (
        frozenset({"“"}), frozenset({"贷", "险"}), frozenset({"”"}))
    assert words_needed(re.compile(r"(?:ab)+c")) == (frozenset({"ab"}), frozenset({"c"}))
    for nothing in (r"(?:ab)*", r"a|", r"(?!ab)[^x]", r"(?i:ab)", r"[^ab]"):
        assert words_needed(re.compile(nothing)) == ()
    assert words_needed(re.compile("ab", re.IGNORECASE)) == ()


def test_text_without_the_words_is_not_searched_and_text_with_them_is() -> None:
    pattern = re.compile(r"[\u4e00-\u9fff]{2,14}专项(?:行动|计划)")
    assert list(find_all(pattern, "开展专项整治")) == []
    assert [m.group() for m in find_all(pattern, "开展打击侵权专项行动，")] == ["开展打击侵权专项行动"]


def test_every_match_of_the_lexicon_shapes_in_the_corpus_holds_the_words_needed() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    patterns = [s.pattern for s in programme_shapes()] + list(policy_shapes())
    for pattern in patterns:
        needed = words_needed(pattern)
        assert needed, pattern.pattern
        for text in texts:
            for m in pattern.finditer(text):
                assert all(any(w in m.group() for w in words) for words in needed), (pattern.pattern, m.group())
            assert [m.span() for m in find_all(pattern, text)] == [m.span() for m in pattern.finditer(text)]


def test_group_names_are_found_as_a_scan_of_every_position_finds_them() -> None:
    from kg.extract.agencies import GROUP_NAME, _group_name_matches

    rng = random.Random(2)
    tokens = ["领导小组", "联席会议", "省", "知识产权", "局", "，", "、", " ", "a", "强省建设", "导小组", "联席"]
    for _ in range(5000):
        text = "".join(rng.choice(tokens) for _ in range(rng.randint(0, 30)))
        assert [m.span() for m in _group_name_matches(text)] == [m.span() for m in GROUP_NAME.finditer(text)]
