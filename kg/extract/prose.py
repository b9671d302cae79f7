"""Reading prose (news, notices, reports, the prose parts of plans and cases) on normalised text:
places and the place a paragraph is about, centres in every written form and their approval events,
programmes (known, and named initiatives recognised by their shape), places designated in a list,
policy titles with their abbreviations and document numbers. Spans index the normalised text.
"""

from __future__ import annotations

import hashlib
import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field

from kg.extract import nlp
from kg.extract.lexicon import City, action_words, gazetteer, programmes
from kg.extract.normalise import Normalised, paragraphs, sentences
from kg.extract.prose_agencies import Place, ProseAgency
from kg.extract.prose_agencies import find as find_agencies
from kg.extract.prose_lexicon import (
    any_programme_wording,
    approval_words,
    not_policy,
    policy_shapes,
    programme_shapes,
    programme_wording,
)
from kg.extract.text import find_all

DATE = re.compile(r"((?:19|20)\d{2})年(\d{1,2})月(?:(\d{1,2})日)?")
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{2,12}[〔（]((?:19|20)\d{2})[〕）]\d{1,4}号")
TITLE = re.compile(r"《([^《》\n]{2,80})》")
ABBREVIATION = re.compile(r"^（(?:以下|下文|下)?(?:简称|称)[为：]?《([^《》]{1,20})》）")
BATCH = re.compile(r"第[一二三四五六七八九十\d]+批|(?:19|20)\d{2}年度?|[首新本该此各]批?|一批|了|的")
LEADING_VERB = re.compile(r"实施|开展|启动|组织|推进|深入|持续|部署|推动|推出|创建|建设|确定|认定|获批|入选|成为|列入|为")
PROJECT = re.compile(r"项目|工程|课题|专项")
ISSUE_VERB = re.compile(r"联合印发|印发|出台|发布|颁布|制定|审议通过|签订|签署|贯彻|落实|根据|按照|依据|实施")
ISSUER_VERB = re.compile(r"联合印发|印发|出台|联合发布|发布|颁布|审议通过|签订|签署|制定")
WAITING = re.compile(r"等待|拟|将|正在|起草")
DESIGNATED = re.compile(r"获批|入选|被?确定为|被?认定为|成为|列为|列入|获评|被?命名为|被?批准为|获得")
DESIGNATION_SUFFIX = {"城市", "城区", "县", "省", "区", "园区", "单位", "企业"}
THIS_PLACE = re.compile(r"(?:该|我|本|全)(?:省|市|区|县)")
FUTURE = re.compile(r"将|尽快|拟|争取|计划|推动|力争|申报|筹建")
CENTRE_CORE = re.compile(r"中国|知识产权|快速维权保护中心|快速维权中心|保护中心|[（）·、]|市$|省$")
DESIGNATION_CUE = re.compile(r"确定|认定|批准|同意|入选|列为|名单|公示|授予|命名|评定|遴选")
LIST_GAP = re.compile(r"(?:[\u4e00-\u9fff]{0,3}?(?:市|区|县|州|盟))?(?:[、，和及与]|以及)")
OPEN_ITEM = re.compile(r"\s*(?:\d{1,3}[.、．]?|[（(]\d{1,3}[)）])\s*([\u4e00-\u9fff]{1,6}(?:市|县|区|旗))\s*[；;。]?")
LIST_ITEM = re.compile(r"^(?:\d{1,3}[.、．]?|[（(]\d{1,3}[)）])?\s*")


@dataclass(frozen=True)
class PlaceMention:
    start: int
    end: int
    place: Place


@dataclass
class Centre:
    start: int
    end: int
    name: str  # the full name it resolves to
    written: str
    cls: str


@dataclass
class Approval:
    start: int
    end: int
    centre: str
    event: str
    date: str | None
    approver: ProseAgency | None


@dataclass
class ProgrammeMention:
    start: int
    end: int
    key: str
    name: str
    kind: str
    confidence: float
    known: bool
    written: str = ""
    places: list[PlaceMention] = field(default_factory=list)
    agencies: list[ProseAgency] = field(default_factory=list)


@dataclass
class Designation:
    place: PlaceMention
    programme: ProgrammeMention
    start: int
    end: int


@dataclass
class PolicyTitle:
    start: int
    end: int
    title: str
    number: str | None = None
    abbreviation: str | None = None


@dataclass
class ProseFacts:
    places: list[PlaceMention] = field(default_factory=list)
    agencies: list[ProseAgency] = field(default_factory=list)
    centres: list[Centre] = field(default_factory=list)
    approvals: list[Approval] = field(default_factory=list)
    programmes: list[ProgrammeMention] = field(default_factory=list)
    designations: list[Designation] = field(default_factory=list)
    titles: list[PolicyTitle] = field(default_factory=list)
    issues: list[tuple[ProseAgency, PolicyTitle]] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)

    def sentence_of(self, pos: int) -> tuple[int, int]:
        # the sentences whose start is at or before ``pos``: those up to (pos, ∞), the sentences in order
        k = bisect_right(self.sentences, (pos, math.inf)) - 1
        return self.sentences[k] if k >= 0 else (0, 0)


def find_places(text: str) -> list[PlaceMention]:
    gaz = gazetteer()
    out = []
    for m in gaz._place_re.finditer(text):
        place = gaz.province(m.group()) or gaz.city(m.group())
        if place is not None:
            end = m.end() + (1 if text[m.end():m.end() + 1] in "省市" and not m.group().endswith(("省", "市")) else 0)
            out.append(PlaceMention(m.start(), end, place))
    return out


def document_place(text: str, places: list[PlaceMention]) -> Place | None:
    """The place a document is about: the one its heading names, else the one it names most (half or more)."""
    head = text[:200].split("\n")
    head_end = sum(len(h) + 1 for h in head[:3])
    named = [p for p in places if p.start < head_end]
    if named:
        return named[0].place
    counts = Counter(p.place for p in places)
    if counts:
        place, n = counts.most_common(1)[0]
        if n * 2 >= len(places):
            return place
    return None


class Context:
    """The place a text is about at each position: the last place named in its paragraph, else the document's."""

    def __init__(self, norm: Normalised, places: list[PlaceMention], default: Place | None) -> None:
        self.paras = paragraphs(norm)
        self.starts = [p.start for p in places]
        self.places = places
        self.default = default

    def city(self, pos: int) -> Place | None:
        """The last city named before ``pos`` in its paragraph, else the document's place if a city."""
        para = next((p for p in self.paras if p[0] <= pos <= p[1]), (0, 0))
        k = bisect_right(self.starts, pos) - 1
        while k >= 0 and self.places[k].start >= para[0]:
            if isinstance(self.places[k].place, City) and self.places[k].end <= pos:
                return self.places[k].place
            k -= 1
        return self.default if isinstance(self.default, City) else None

    def __call__(self, pos: int) -> Place | None:
        k = bisect_right(self.starts, pos) - 1
        para = next((p for p in self.paras if p[0] <= pos <= p[1]), None)
        while k >= 0 and para and self.places[k].start >= para[0]:
            if self.places[k].end <= pos:
                return self.places[k].place
            k -= 1
        return self.default


def read(norm: Normalised, default_place: Place | None = None, doc_year: int | None = None) -> ProseFacts:
    """All prose facts of a normalised text."""
    text = norm.text
    facts = ProseFacts(sentences=sentences(norm))
    titles = [(m.start(), m.end()) for m in TITLE.finditer(text)]
    facts.places = [p for p in find_places(text) if not any(a <= p.start < b for a, b in titles)]
    where = default_place if default_place is not None else document_place(text, facts.places)
    context = Context(norm, facts.places, where)
    facts.agencies = find_agencies(text, context, doc_year)
    facts.centres = _centres(text)
    facts.approvals = _approvals(text, facts)
    facts.programmes = _programmes(text, facts, context)
    facts.designations = _designations(text, facts, context)
    facts.titles = _titles(text)
    facts.issues = _issues(text, facts)
    return facts


def _issues(text: str, facts: ProseFacts) -> list[tuple[ProseAgency, PolicyTitle]]:
    """Who issued a cited document: the body heading its title (《X局关于…》), or the bodies a sentence
    says printed, issued or signed it (X、Y联合印发《…》)."""
    out = []
    for t in facts.titles:
        about = text.find("关于", t.start, t.end)
        named = [a for a in facts.agencies if t.start <= a.start and a.end <= (about if about >= 0 else t.start)]
        if not named:
            s, _ = facts.sentence_of(t.start)
            prior = max([x.end for x in facts.titles if s <= x.end <= t.start] + [s])
            verbs = [v for v in ISSUER_VERB.finditer(text, prior, t.start) if not WAITING.search(text, prior, v.start())]
            if verbs:
                named = [a for a in facts.agencies if prior <= a.start and a.end <= verbs[-1].start()]
        out.extend((a, t) for a in named)
    return out


# ---- centres --------------------------------------------------------------------------
def _core(name: str) -> str:
    return CENTRE_CORE.sub("", name)


def _centres(text: str) -> list[Centre]:
    found: list[Centre] = []
    for m in nlp._centre_pattern().finditer(text) if nlp.may_name_centre(text) else ():
        cls = nlp.CENTRE_KIND[m.group("kind")]
        for start, name in nlp.centre_names(m):
            found.append(Centre(start, m.end(), name, text[start:m.end()], cls))
    full = [c for c in found if c.name.startswith("中国")]
    for c in found:
        if c.name.startswith("中国"):
            continue
        core = set(_core(c.name))
        fits = {f.name for f in full if f.cls == c.cls and core and core <= set(_core(f.name))}
        if len(fits) == 1:
            c.name = fits.pop()
    return found


def _date(text: str, start: int, end: int) -> str | None:
    dates = list(DATE.finditer(text, start, end))
    if not dates:
        return None
    y, mo, d = dates[-1].groups()
    return f"{int(y):04d}-{int(mo):02d}" + (f"-{int(d):02d}" if d else "")


def _approvals(text: str, facts: ProseFacts) -> list[Approval]:
    out = []
    for c in facts.centres:
        s, e = facts.sentence_of(c.start)
        for word, event in approval_words():
            k = text.find(word, s, e)
            if k < 0 or FUTURE.search(text, s, k):
                continue
            approver = next((a for a in facts.agencies if s <= a.start < k and a.end <= k), None) \
                if event != "opened" else None
            out.append(Approval(min(k, c.start), max(k + len(word), c.end), c.name, event, _date(text, s, e),
                                approver))
            break
    return out


# ---- programmes -----------------------------------------------------------------------
def _programmes(text: str, facts: ProseFacts, context: Context) -> list[ProgrammeMention]:
    found: list[ProgrammeMention] = []
    taken: list[tuple[int, int]] = []
    known = {p.key: p for p in programmes()}
    wording = [(prog.key, pattern) for prog in programmes() for pattern in prog.patterns] + list(programme_wording())
    for key, pattern in wording if any_programme_wording().search(text) else ():
        prog = known[key]
        for m in find_all(pattern, text):
            if any(a <= m.start() < b for a, b in taken) or _inside_name(text, m.start(), m.end(), facts):
                continue
            found.append(ProgrammeMention(m.start(), m.end(), prog.key, prog.name,
                                          "financing" if prog.financing else "national", 1.0, True))
            taken.append((m.start(), m.end()))
    for shape in programme_shapes():
        for m in find_all(shape.pattern, text):
            s, e = _clean_name(text, *m.span("name"))
            if e - s < 4 or any(a < e and s < b for a, b in taken) or _inside_name(text, s, e, facts):
                continue
            s, place = _named_for(text, s, context)
            name = place + text[s:e].replace("“", "").replace("”", "")
            key = "programme/new-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:12]
            found.append(ProgrammeMention(s, e, key, name, shape.kind, shape.confidence, False))
            taken.append((s, e))
    names = {p.name for p in found if not p.known}
    for p in found:
        p.written = text[p.start:p.end]
        longer = sorted(n for n in names if n.startswith(p.name) and n[len(p.name):] in DESIGNATION_SUFFIX)
        if not p.known and longer:  # 知识产权强市建设试点 in a text that names its 试点城市
            p.name = longer[0]
            p.key = "programme/new-" + hashlib.sha1(p.name.encode("utf-8")).hexdigest()[:12]
    for p in found:
        s, e = facts.sentence_of(p.start)
        p.agencies = [] if DESIGNATION_CUE.search(text, s, e) else [
            a for a in facts.agencies if s <= a.start < p.start]
        p.places = [pl for pl in facts.places if s <= pl.start < p.start and not _inside_agency(pl, facts)]
        if not p.places:
            this = THIS_PLACE.search(text, s, p.start)
            here = context(p.start) if this else None
            if here is not None and this is not None:
                p.places = [PlaceMention(this.start(), this.end(), here)]
    return sorted(found, key=lambda p: p.start)


def _named_for(text: str, s: int, context: Context) -> tuple[int, str]:
    """A provincial or city designation is named with its place (江西省知识产权强县, 省知识产权强县 in 江西's text):
    where the name starts, and the place's name to put before a bare level."""
    gaz = gazetteer()
    for level in ("省", "市", "自治区"):
        if text.endswith(level, 0, s) and s - len(level) >= 0:
            at = s - len(level)
            form = next((f for f in sorted(gaz.province_forms, key=len, reverse=True) if len(f) >= 2
                         and text.endswith(f, 0, at)), None) or next(
                (f for f in sorted(gaz.city_forms, key=len, reverse=True) if text.endswith(f, 0, at)), None)
            if form is not None:
                return at - len(form), ""
            if not re.search(r"[\u4e00-\u9fff]", text[at - 1:at]) or BATCH.search(text, max(0, at - 6), at):
                where = context(at)
                prov = gaz.by_code[where.province] if isinstance(where, City) else where
                if prov is not None and level != "市":
                    return s, prov.name
            return s, ""
    return s, ""


def _last(pattern: re.Pattern[str], text: str, start: int, end: int) -> re.Match[str] | None:
    found = None
    for found in pattern.finditer(text, start, end):  # noqa: B007 - the last match is wanted
        pass
    return found


def _clean_name(text: str, s: int, e: int) -> tuple[int, int]:
    """A programme's name without the verbs and the batch written before it (开展第三批 …)."""
    while True:
        m = BATCH.match(text, s, e) or action_words().match(text, s, e) or LEADING_VERB.match(text, s, e)
        if not m or m.end() == s:
            return s, e
        s = m.end()


def _inside_name(text: str, s: int, e: int, facts: ProseFacts) -> bool:
    return any(c.start <= s and e <= c.end for c in facts.centres) or any(
        t.start() <= s and e <= t.end() for t in TITLE.finditer(text, max(0, s - 80), min(len(text), e + 80)))


def _inside_agency(place: PlaceMention, facts: ProseFacts) -> bool:
    return any(a.start <= place.start and place.end <= a.end for a in facts.agencies) or any(
        c.start <= place.start and place.end <= c.end for c in facts.centres)


def _designations(text: str, facts: ProseFacts, context: Context) -> list[Designation]:
    """Places listed (in a sentence, 、-separated, or one per line) under a designation the text names."""
    out: list[Designation] = []
    cued = [p for p in facts.programmes if p.kind in ("demonstration", "pilot") or "试点" in p.name
            or "示范" in p.name]
    if not cued:
        return out
    for p in cued:
        s, e = facts.sentence_of(p.start)
        verb = _last(DESIGNATED, text, s, p.start)
        if verb is None or FUTURE.search(text, s, verb.start()):
            continue
        for pl in facts.places:
            if s <= pl.start < verb.start() and not _inside_agency(pl, facts):
                out.append(Designation(pl, p, pl.start, pl.end))
    starts = [pl.start for pl in facts.places]  # in order: the places are found left to right
    for s, e in facts.sentences:
        items = [pl for pl in facts.places[bisect_left(starts, s):bisect_left(starts, e)]
                 if not _inside_agency(pl, facts)]
        item = OPEN_ITEM.fullmatch(text, s, e)
        if not items and item and context(s) is not None:  # a county-level place the gazetteer lacks
            where = context(s)
            prov = gazetteer().by_code[where.province] if isinstance(where, City) else where
            items = [PlaceMention(item.start(1), item.end(1), City(item.group(1), prov.code))]
        sentence = text[s:e]
        is_list = len(items) >= 2 and _listed(text, items)
        one_line = len(items) == 1 and _line_item(text, s, e, items[0])
        if not (is_list or one_line):
            continue
        inside = [p for p in cued if s <= p.start < e]
        before = [p for p in cued if p.start < s]
        prog = inside[0] if inside else (before[-1] if before else None)
        if prog is None:
            continue
        cue = DESIGNATION_CUE.search(text, max(0, prog.start - 120), min(len(text), prog.end + 120)) or \
            DESIGNATION_CUE.search(text, 0, min(len(text), 300))
        if not cue:
            continue
        if is_list and s <= prog.start < e and prog.start < items[0].start and "、" not in sentence:
            continue
        out.extend(Designation(pl, prog, pl.start, pl.end) for pl in items)
    return out


def _listed(text: str, items: list[PlaceMention]) -> bool:
    return all(LIST_GAP.fullmatch(text[a.end:b.start]) for a, b in zip(items, items[1:], strict=False))


def _line_item(text: str, s: int, e: int, item: PlaceMention) -> bool:
    """A line of a list that is one place (``3. 株洲市``)."""
    rest = LIST_ITEM.sub("", text[s:e], count=1)
    return len(rest) <= 16 and rest.startswith(text[item.start:item.end])


# ---- policy documents -----------------------------------------------------------------
def is_policy_title(title: str) -> bool:
    """Newspapers, forms and books are cited in 《》 too; they are not policy documents."""
    return not any(p.search(title) for _, p in not_policy())


def _titles(text: str) -> list[PolicyTitle]:
    out: list[PolicyTitle] = []
    short: dict[str, str] = {}
    for m in TITLE.finditer(text):
        title = m.group(1)
        if PROJECT.match(text, m.end()):
            continue  # 《钨产业专利导航》项目 names a project
        if title not in short and len(title) <= 8:
            earlier = {t.title for t in out if t.title.endswith(title) and t.title != title}
            if len(earlier) == 1:
                short[title] = earlier.pop()
        if title in short:
            out.append(PolicyTitle(m.start(), m.end(), short[title], abbreviation=title))
            continue
        if not is_policy_title(title):
            continue
        found = PolicyTitle(m.start(), m.end(), title)
        number = DOC_NUMBER.match(text, m.end() + 1) if text[m.end():m.end() + 1] == "（" else None
        if number:
            found.number = number.group()
        abbr = ABBREVIATION.match(text[m.end():m.end() + 30])
        if abbr and abbr.group(1) != title:
            short[abbr.group(1)] = title
            found.abbreviation = abbr.group(1)
        out.append(found)
    spans = [(t.start, t.end) for t in out]
    for pattern in policy_shapes():
        for m in find_all(pattern, text):
            s, e = m.span("title")
            if any(a <= s < b or a < e <= b for a, b in spans) or text[s - 1:s] == "《":
                continue
            verb = _last(ISSUE_VERB, text, s, e)
            if verb is not None and verb.end() < e - 4:
                s = verb.end()
            out.append(PolicyTitle(s, e, text[s:e]))
            spans.append((s, e))
    return sorted(out, key=lambda t: t.start)

