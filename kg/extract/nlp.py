"""The recognition pipeline: ``spacy.blank("zh")`` with an entity ruler and a pattern matcher.

Both are fed by the lexicon data files: place names from the gazetteer go to the entity
ruler; programme wording, protection-centre names and 《…》 titles are patterns matched by
the ``kg_patterns`` component, which may overlap places (a centre's name contains one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import spacy
from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from kg.extract.lexicon import gazetteer, programmes
from kg.extract.text import Joined

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
    place = "|".join(re.escape(p) for p in places)
    qualifier = r"（[^（）\s，。、；]{1,24}）"
    head = rf"中国[\u4e00-\u9fff]{{0,8}}?{qualifier}"
    return re.compile(
        rf"(?P<heads>(?:{head}、)*)"
        rf"(?:(?P<head>{head})(?P<trade>[\u4e00-\u9fff]{{0,8}}?)知识产权|(?:{place})(?:{qualifier})?(?:知识产权)?)"
        r"(?P<kind>快速维权保护中心|保护中心|快速维权中心)"
    )


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


@Language.factory("kg_patterns")
def _make_patterns(nlp: Language, name: str) -> KgPatterns:
    return KgPatterns()


class KgPatterns:
    """Adds programme, centre and policy-document spans to ``doc.spans["kg"]``."""

    def __init__(self) -> None:
        self.centre = _centre_pattern()
        self.programmes = programmes()
        # one scan tells whether any programme pattern matches at all (most text names none)
        self.any_programme = re.compile("|".join(f"(?:{p.pattern})" for prog in self.programmes for p in prog.patterns))

    def __call__(self, doc: Doc) -> Doc:
        text = doc.user_data.get(TEXT) or doc.text  # doc.text joins every token again
        spans: list[Span] = []
        for m in self.centre.finditer(text) if "中心" in text else ():  # every centre's name ends in 中心
            for start, name in centre_names(m):
                span = doc.char_span(start, m.end(), label=CENTRE_KIND[m.group("kind")], kb_id=name,
                                     alignment_mode="expand")
                if span is not None:
                    spans.append(span)
        for m in POLICY_TITLE.finditer(text):
            span = doc.char_span(m.start(), m.end(), label="PolicyDocument", alignment_mode="expand")
            if span is not None:
                spans.append(span)
        for prog in self.programmes if self.any_programme.search(text) else ():
            for pattern in prog.patterns:
                for m in pattern.finditer(text):
                    span = doc.char_span(m.start(), m.end(), label="Programme", kb_id=prog.key,
                                         alignment_mode="expand")
                    if span is not None:
                        spans.append(span)
        doc.spans["kg"] = spans
        return doc


CHUNK = 200_000  # characters per spaCy call, well under its 1,000,000 limit


class CharTokenizer:
    """spaCy's ``zh`` character segmentation (one token per character, a single space after a character
    kept as its trailing space, other whitespace runs as tokens) without its general word alignment."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        pos = 0
        for m in WHITESPACE.finditer(text):
            start, end = m.span()
            words += text[pos:start]
            spaces += [False] * (start - pos)
            if start and text[start] == " ":
                spaces[-1] = True
                start += 1
            if start < end:
                words.append(text[start:end])
                spaces.append(False)
            pos = end
        words += text[pos:]
        spaces += [False] * (len(text) - pos)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        doc.user_data[TEXT] = text
        return doc


class PlaceRuler(EntityRuler):
    """The entity ruler as the first component to set entities: it neither counts every pattern on every
    call (to warn when there are none) nor walks every token for entities set before it; its entities
    are also kept in ``doc.spans["places"]``, in text order."""

    def _require_patterns(self) -> None:
        return

    def set_annotations(self, doc: Doc, matches: list[tuple[int, int, int]]) -> None:
        found: list[Span] = []
        taken: set[int] = set()
        for match_id, start, end in matches:  # longest first
            if start not in taken and end - 1 not in taken:
                label, ent_id = self._ent_ids.get(match_id, (match_id, ""))
                found.append(Span(doc, start, end, label=label, span_id=ent_id))
                taken.update(range(start, end))
        found.sort(key=lambda span: span.start)
        doc.ents = found
        doc.spans["places"] = found


@Language.factory("kg_places", default_config={"phrase_matcher_attr": "ORTH"})
def _make_places(nlp: Language, name: str, phrase_matcher_attr: str) -> PlaceRuler:
    return PlaceRuler(nlp, name, phrase_matcher_attr=phrase_matcher_attr)


@cache
def pipeline() -> Language:
    """The shared recognition pipeline (built once per process)."""
    nlp = spacy.blank("zh")
    nlp.tokenizer = CharTokenizer(nlp.vocab)
    gaz = gazetteer()
    ruler = nlp.add_pipe("kg_places")
    patterns = [{"label": "Province", "pattern": f, "id": p.code}
                for f, p in gaz.province_forms.items() if len(f) >= 2]
    patterns += [{"label": "City", "pattern": f, "id": c.key} for f, c in gaz.city_forms.items()]
    ruler.add_patterns(patterns)
    nlp.add_pipe("kg_patterns")
    return nlp


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
    """``(label, text, start, end, ref)`` of every name in ``text`` (at most ``CHUNK`` characters)."""
    doc = pipeline()(text)
    found = [(s, s.ent_id_) for s in doc.spans["places"]] + [(s, s.kb_id_) for s in doc.spans["kg"]]
    return tuple((span.label_, span.text, span.start_char, span.end_char, ref) for span, ref in found)


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
