"""Recognising names: places from the gazetteer, protection centres, programmes, 《…》 titles.

All are fed by the lexicon data files. ``scan`` finds them with regular expressions over the
text's character tokens, exactly as the spaCy pipeline of ``kg.extract.spacy_pipeline`` (an entity
ruler for places, a pattern component for the rest, which may overlap places: a centre's name
contains one) finds them, without building a ``Doc``; spaCy is imported only when that pipeline is.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from kg.extract.lexicon import any_programme, gazetteer, programmes
from kg.extract.text import Joined

if TYPE_CHECKING:
    from spacy.language import Language

WHITESPACE = re.compile(r"\s+")
TEXT = "kg_text"  # the tokenizer keeps the text it was given under this key of Doc.user_data
POLICY_TITLE = re.compile(r"《(?P<title>[^《》\n]{2,80})》")
CENTRE_KIND = {"保护中心": "ProtectionCentre", "快速维权中心": "RapidProtectionCentre",
               "快速维权保护中心": "RapidProtectionCentre"}


@dataclass(frozen=True)
class Mention:
    """A recognised name: its label, its text with line wraps removed, and source offsets."""

    label: str
    text: str
    start: int
    end: int
    ref: str | None = None  # a programme key, or a centre's full name


@cache
def _centre_pattern() -> re.Pattern[str]:
    gaz = gazetteer()
    places = sorted({f for f in gaz.province_forms if len(f) >= 2} | set(gaz.city_forms), key=len, reverse=True)
    # the places as a trie: at a position the names that match are prefixes of one another, tried longest
    # first as the alternation of the names sorted longest first tries them
    place = longest_alternation(places)
    qualifier = r"（[^（）\s，。、；]{1,24}）"
    head = rf"中国[\u4e00-\u9fff]{{0,8}}?{qualifier}"
    # a name starts with 中国 or with a place: other positions are passed over at their first character
    first = re.escape("".join(sorted({"中"} | {p[0] for p in places})))
    return re.compile(
        rf"(?=[{first}])(?P<heads>(?:{head}、)*)"
        rf"(?:(?P<head>{head})(?P<trade>[\u4e00-\u9fff]{{0,8}}?)知识产权|(?:{place})(?:{qualifier})?(?:知识产权)?)"
        rf"(?P<kind>{'|'.join(sorted(CENTRE_KIND, key=len, reverse=True))})"
    )


def may_name_centre(text: str) -> bool:
    """Whether ``text`` may name a centre: every centre's name ends in one of its kinds (``CENTRE_KIND``), so
    text holding none of them names none and is not searched."""
    return any(kind in text for kind in CENTRE_KIND)


def centre_names(m: re.Match[str]) -> list[tuple[int, str]]:
    """Where each centre a match names starts, and its full name.

    ``中国杭州（制笔）、中国温州（服饰）知识产权快速维权中心`` names two centres that share the tail.
    """
    own = m.group()[m.end("heads") - m.start():]
    out = [(m.end("heads"), own)]
    tail = (m.group("trade") or "") + "知识产权" + m.group("kind")
    pos = m.start()
    for head in filter(None, m.group("heads").split("、")):
        out.append((pos, head + tail))
        pos += len(head) + 1
    return out


class NamePatterns:
    """The patterns of names that are not places: protection centres, programmes (``programmes.tsv``)."""

    def __init__(self) -> None:
        self.centre = _centre_pattern()
        self.programmes = programmes()
        self.any_programme = any_programme()  # one scan tells whether any programme pattern matches at all


CHUNK = 200_000  # characters per spaCy call, well under its 1,000,000 limit


@cache
def pipeline() -> Language:
    """The spaCy recognition pipeline (built once per process; spaCy is imported only then)."""
    from kg.extract.spacy_pipeline import build

    return build()


def chunks(text: str, size: int = CHUNK) -> list[tuple[int, int]]:
    """``(start, end)`` pieces of at most ``size`` characters, cut after a line end or sentence end where possible."""
    out = []
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = max(text.rfind(c, start + size // 2, end) for c in "\n。；")
            end = cut + 1 if cut >= 0 else end
        out.append((start, end))
        start = end
    return out


Spans = tuple[tuple[str, str, int, int, str], ...]


def spans(text: str) -> Spans:
    """``(label, text, start, end, ref)`` of every name in ``text`` (at most ``CHUNK`` characters): what
    ``pipeline()`` finds, found by ``scan`` without building a spaCy ``Doc``."""
    try:
        return scan(text)
    except _Unaligned:
        return pipeline_spans(text)


def pipeline_spans(text: str) -> Spans:
    """The names the spaCy pipeline finds in ``text`` (the reference ``scan`` agrees with)."""
    doc = pipeline()(text)
    found = [(s, s.ent_id_) for s in doc.spans["places"]] + [(s, s.kb_id_) for s in doc.spans["kg"]]
    return tuple((span.label_, span.text, span.start_char, span.end_char, ref) for span, ref in found)


class _Unaligned(Exception):
    """A pattern match that does not map onto whole tokens as ``Doc.char_span`` would (left to spaCy)."""


@dataclass(frozen=True)
class _Places:
    """The place names of the entity ruler: their label and id, a pattern finding the longest name at
    every position (a lookahead, so names may overlap), and the shorter names each name starts with."""

    ids: dict[str, tuple[str, str]]
    longest: re.Pattern[str]
    prefixes: dict[str, tuple[str, ...]]


@cache
def _places() -> _Places:
    gaz = gazetteer()
    ids = {f: ("Province", p.code) for f, p in gaz.province_forms.items() if len(f) >= 2}
    ids.update({f: ("City", c.key) for f, c in gaz.city_forms.items()})
    forms = sorted(ids, key=len, reverse=True)
    first = re.escape("".join(sorted({f[0] for f in forms})))
    longest = re.compile(f"(?=[{first}])(?=({longest_alternation(forms)}))")
    prefixes = {f: tuple(g for g in forms if g != f and f.startswith(g)) for f in forms}
    return _Places(ids, longest, prefixes)


def longest_alternation(forms) -> str:
    """A pattern matching the longest of ``forms`` that the text at a position starts with: the forms
    as a trie (``北京(?:市)?``), each step tried before stopping, so the engine tests one path, not
    every form, at each position."""
    trie: dict[str, dict] = {}
    for form in forms:
        node = trie
        for ch in form:
            node = node.setdefault(ch, {})
        node[""] = {}

    def pattern(node: dict[str, dict]) -> str:
        steps = [re.escape(ch) + pattern(child) for ch, child in sorted(node.items()) if ch]
        if not steps:
            return ""
        body = steps[0] if len(steps) == 1 else "(?:" + "|".join(steps) + ")"
        return f"(?:{body})?" if "" in node else body

    return pattern(trie)


def _tokens(text: str) -> tuple[list[int], str]:
    """Where each token of ``CharTokenizer`` starts, and the tokens as one character each (a whitespace
    token as NUL, which no name contains): names are found in that string as the phrase matcher finds
    them in the token sequence (across a single space, which is the previous token's trailing space)."""
    starts: list[int] = []
    chars: list[str] = []
    pos = 0
    for m in WHITESPACE.finditer(text):
        start, end = m.span()
        starts += range(pos, start)
        chars.append(text[pos:start])
        if start and text[start] == " ":
            start += 1
        if start < end:
            starts.append(start)
            chars.append("\0")
        pos = end
    starts += range(pos, len(text))
    chars.append(text[pos:])
    return starts, "".join(chars)


def scan(text: str) -> Spans:
    """The spans ``pipeline()`` gives for ``text``, by regular expressions over its character tokens:
    places chosen longest first (then leftmost) without overlap, as the entity ruler chooses them;
    then centres, policy titles and programmes aligned to tokens as ``Doc.char_span`` expands them."""
    starts, chars = _tokens(text)
    n = len(starts)

    def end_of(i: int) -> int:  # where token i's text ends (before its trailing space)
        return starts[i] + 1 if chars[i] != "\0" else (starts[i + 1] if i + 1 < n else len(text))

    places = _places()
    found: list[tuple[int, int, str]] = []
    for m in places.longest.finditer(chars):
        name = m.group(1)
        i = m.start()
        found.append((i, i + len(name), name))
        found.extend((i, i + len(short), short) for short in places.prefixes[name])
    found.sort(key=lambda f: (f[0] - f[1], f[0]))
    taken: set[int] = set()
    chosen: list[tuple[int, int, str]] = []
    for i, j, name in found:
        if i not in taken and j - 1 not in taken:
            chosen.append((i, j, name))
            taken.update(range(i, j))
    chosen.sort()
    out: list[tuple[str, str, int, int, str]] = []
    for i, j, name in chosen:
        start, end = starts[i], end_of(j - 1)
        out.append((*places.ids[name][:1], text[start:end], start, end, places.ids[name][1]))

    def span(s: int, e: int, label: str, ref: str) -> None:
        a, b = bisect_right(starts, s) - 1, bisect_right(starts, e - 1) - 1
        if not (0 <= s < len(text) and 0 < e <= len(text)) or a < 0 or b < 0:
            raise _Unaligned
        if s == end_of(a):
            a += 1
        if a > b:
            raise _Unaligned
        out.append((label, text[starts[a]:end_of(b)], starts[a], end_of(b), ref))

    patterns = _patterns()
    for m in patterns.centre.finditer(text) if may_name_centre(text) else ():
        for start, name in centre_names(m):
            span(start, m.end(), CENTRE_KIND[m.group("kind")], name)
    for m in POLICY_TITLE.finditer(text):
        span(m.start(), m.end(), "PolicyDocument", "")
    for prog in patterns.programmes if patterns.any_programme.search(text) else ():
        for pattern in prog.patterns:
            for m in pattern.finditer(text):
                span(m.start(), m.end(), "Programme", prog.key)
    return tuple(out)


@cache
def _patterns() -> NamePatterns:
    return NamePatterns()


def warm() -> None:
    """Compile the patterns ``scan`` uses (once per process)."""
    _places()
    _patterns()


def recognise(joined: Joined, seen: dict[str, Spans] | None = None) -> list[Mention]:
    """All mentions in a unit of text, with offsets into the source document.

    Text longer than spaCy's limit (a document that is one enormous line, say) is read in pieces;
    ``seen`` keeps the names of pieces already read (a document repeating a phrase reads it once).
    """
    if not joined:
        return []
    seen = {} if seen is None else seen
    found: list[Mention] = []
    for begin, stop in chunks(joined.text):
        piece = joined.text[begin:stop]
        named = seen.get(piece)
        if named is None:
            named = seen[piece] = spans(piece)
        for label, text, s, e, ref in named:
            start, end = joined.source_span(begin + s, begin + e)
            found.append(Mention(label, text, start, end, ref or None))
    return found
