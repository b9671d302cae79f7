"""The recognition pipeline in spaCy: ``spacy.blank("zh")`` with an entity ruler and a pattern component.

Place names from the gazetteer go to the entity ruler; programme wording, protection-centre names
and 《…》 titles are matched by the ``kg_patterns`` component, which may overlap places (a centre's
name contains one). Extraction finds the same spans with ``kg.extract.nlp.scan``, without building a
``Doc``; this pipeline is the reference it is checked against, and reads a text ``scan`` cannot align.
"""

from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from kg.extract.lexicon import gazetteer
from kg.extract.nlp import CENTRE_KIND, POLICY_TITLE, TEXT, WHITESPACE, NamePatterns, centre_names, may_name_centre


@Language.factory("kg_patterns")
def _make_patterns(nlp: Language, name: str) -> KgPatterns:
    return KgPatterns()


class KgPatterns(NamePatterns):
    """Adds programme, centre and policy-document spans to ``doc.spans["kg"]``."""

    def __call__(self, doc: Doc) -> Doc:
        text = doc.user_data.get(TEXT) or doc.text  # doc.text joins every token again
        spans: list[Span] = []
        for m in self.centre.finditer(text) if may_name_centre(text) else ():
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


def build() -> Language:
    """The pipeline: character tokens, the place ruler, the pattern component."""
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
