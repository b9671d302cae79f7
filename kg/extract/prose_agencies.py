"""Agencies named in running text, open-world: national bodies, a place followed by a body for every
province, city, district and county, bare forms (市科技局) resolved by the place the paragraph or the
document is about, bodies with two names (市场监督管理局（知识产权局）) and bodies under an old name.

Spans are offsets into the normalised text (``kg.extract.normalise``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

from kg.extract import agencies
from kg.extract.lexicon import City, Province, action_words, agency_bodies, gazetteer
from kg.extract.prose_lexicon import national_agencies, not_agency_ending, prose_bodies, renames

Place = Province | City
NATIONAL = "country/CN"
LEVELS = ("自治区", "省", "市", "区", "县", "州")
#: characters after which a bare level (省, 市) starts a name: punctuation and the words that join names
BOUNDARY = re.compile(r"(?:^|[^\u4e00-\u9fff]|[、和与及同由对向经并等在将从据被]|会同|联合|牵头|配合|指导|组织|支持|委托)$")
GENERIC_BODY = re.compile(r"[\u4e00-\u9fff]{2,10}?(?:管理局|局|厅|委员会|办公室)")
GENERIC_END = re.compile(r"(?<![布格结大全当开破变])局|厅|委员会|办公室")
BRANCH = re.compile(r"(?:分行|营业管理部|中心支行|支行|监管分局|监管局|分局|分署)")
DEPARTMENT = re.compile(r"[\u4e00-\u9fff]{0,12}?(?:司|处|庭|检察局|办公室)(?![\u4e00-\u9fff]{0,3}(?:局|厅|委))")
NOT_IN_BODY = re.compile(r"[的是在为对将与及等各全该本其院局厅委办会]|中心|工作|建设|开展|推进")
OPEN_PLACE = re.compile(r"[\u4e00-\u9fff]{1,4}?(?:新区|区|县|旗)")
NOT_OPEN_PLACE = re.compile(r"^(?:全|各|本|该|我|省|市|地|城|辖|园|社|片|试点|示范|集聚|功能|开发|高新|自贸|保护|设)"
                            r"|[的其之和与及在个入并由等]|自治区$")


@dataclass
class ProseAgency:
    """One agency mention: canonical name, kind, jurisdiction (None for a national body)."""

    start: int
    end: int
    surface: str
    canonical: str
    kind: str
    jurisdiction: Place | None
    aliases: set[str] = field(default_factory=set)
    former: tuple[str, int] | None = None  # an old name and the year it changed

    @property
    def key(self) -> str:
        scope = "CN" if self.jurisdiction is None else (
            self.jurisdiction.code if isinstance(self.jurisdiction, Province) else self.jurisdiction.province)
        return f"agency/{scope}/{hashlib.sha1(self.canonical.encode('utf-8')).hexdigest()[:12]}"


@cache
def _national_pattern() -> re.Pattern[str]:
    forms = sorted(national_agencies(), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, forms)))


@cache
def _body_pattern() -> re.Pattern[str]:
    table, _ = agency_bodies()
    forms = sorted(set(table) | set(renames()) | set(prose_bodies()), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, forms)))


@cache
def _bodies() -> dict[str, tuple[str, str]]:
    return {**agency_bodies()[0], **prose_bodies()}


@cache
def _place_forms() -> list[str]:
    gaz = gazetteer()
    return sorted({f for f in gaz.province_forms if len(f) >= 2} | set(gaz.city_forms), key=len, reverse=True)


@cache
def _forms_by_length() -> tuple[tuple[int, frozenset[str]], ...]:
    """``_place_forms()`` grouped by length, longest first."""
    forms = _place_forms()
    return tuple((n, frozenset(f for f in forms if len(f) == n)) for n in sorted({len(f) for f in forms}, reverse=True))


def _forms_ending(text: str, at: int) -> Iterator[str]:
    """The place forms ``text[:at]`` ends with, longest first (the order of ``_place_forms()``)."""
    at = min(at, len(text))
    for n, forms in _forms_by_length():
        if n <= at and text[at - n:at] in forms:
            yield text[at - n:at]


def _forms_starting(text: str, at: int) -> Iterator[str]:
    """The place forms ``text[at:]`` starts with, longest first."""
    for n, forms in _forms_by_length():
        if text[at:at + n] in forms:
            yield text[at:at + n]


def _place(form: str) -> Place | None:
    gaz = gazetteer()
    return gaz.province(form) or gaz.city(form)


def province_of(place: Place) -> Province:
    return place if isinstance(place, Province) else gazetteer().by_code[place.province]


def _prefix(text: str, at: int) -> tuple[int, Place | None, str]:
    """The place written just before ``text[at]``: (its start, the place, the level written)."""
    best: tuple[int, Place | None, str] = (at, None, "")
    # a level alone (省, 市) or a known place, optionally an open district after it, then a level
    for level in LEVELS:
        if text.endswith(level, 0, at):
            lv_start = at - len(level)
            for form in _forms_ending(text, lv_start):
                p = _place(form)
                if isinstance(p, City) and level in ("区", "县") and not form.endswith(level):
                    prov = province_of(p)  # 南昌县 is a county of 南昌市, 长沙县 one of 长沙市
                    within = p.name if level == "区" else None
                    return lv_start - len(form), City(form + level, prov.code, within), ""
                if p is not None:
                    return lv_start - len(form), p, level
            best = (lv_start, None, level)
            break
    for form in _forms_ending(text, at):
        p = _place(form)
        if p is not None and at - len(form) < best[0] + (0 if best[2] else 1):
            return at - len(form), p, ""
    return best


def _open_district(text: str, at: int, context: Place | None) -> tuple[int, City] | None:
    """``岳麓区``/``长沙市岳麓区``/``宁乡县`` written before a body: a district or county the gazetteer lacks."""
    for n in range(2, 8):
        s = at - n
        if s < 0:
            break
        name = text[s:at]
        if not OPEN_PLACE.fullmatch(name) or NOT_OPEN_PLACE.search(name):
            continue
        before = text[max(0, s - 12):s]
        city = next(_forms_ending(before, len(before)), None)
        parent = _place(city) if city else context
        if city is None and not BOUNDARY.search(before):
            continue
        if parent is None:
            return None
        prov = province_of(parent)
        within = parent.name if (isinstance(parent, City) and name.endswith("区")) or prov.is_municipality else None
        return (s - len(city) if city else s), City(name, prov.code, within)
    return None


def find(text: str, context_at, doc_year: int | None = None) -> list[ProseAgency]:
    """Agencies named in ``text``; ``context_at(pos)`` is the place the text is about at ``pos``."""
    found: list[ProseAgency] = []
    for m in _national_pattern().finditer(text):
        if m.group() == "国家局" and "知识产权" not in text[max(0, m.start() - 200):m.end() + 200]:
            continue
        agency = national_agencies()[m.group()]
        branch = _branch(text, m.end(), context_at(m.start()) if agency.kind == "finance" else None)
        if branch is not None:
            place, end = branch
            found.append(ProseAgency(m.start(), end, text[m.start():end], agency.name + text[m.end():end],
                                     agency.kind, place))
            continue
        canonical, former = agency.name, None
        rename = renames().get(agency.name)
        if rename and rename.where == "national" and (doc_year is None or doc_year >= rename.year):
            canonical, former = rename.new, (agency.name, rename.year)
        kind = national_agencies().get(canonical, agency).kind
        found.append(ProseAgency(m.start(), m.end(), m.group(), canonical, kind, None,
                                 {m.group(), agency.name} - {canonical}, former))
    known = []
    for m in _body_pattern().finditer(text):
        known.append(m.span())
        hit = _local(text, m.start(), m.end(), context_at(m.start()), doc_year, _city_at(context_at, m.start()))
        if hit:
            found.append(hit)
    for m in GENERIC_END.finditer(text):
        if any(a < m.end() <= b for a, b in known):
            continue
        for n in range(2, 11):
            bs = m.start() - n
            if bs < 1 or NOT_IN_BODY.search(text, bs, m.start()) or action_words().search(text, bs, m.end()) \
                    or not re.fullmatch(r"[\u4e00-\u9fff]+", text[bs:m.start()]):
                break
            _, place, level = _prefix(text, bs)
            if place is None and not level:
                continue
            hit = _local(text, bs, m.end(), context_at(bs), doc_year, _city_at(context_at, bs))
            if hit and hit.kind != "other":  # a body no lexicon knows and no marker places is not trusted
                found.append(hit)
                break
    return _second_names(_departments(text, _two_names(text, _without_overlaps(found), context_at, doc_year)))


def _branch(text: str, at: int, context: Place | None) -> tuple[Place, int] | None:
    """``中国人民银行九江市中心支行``: a national body's branch in a place; a financial regulator's branch
    under a district's name (人民银行璧山支行) is in the place the text is about."""
    for form in _forms_starting(text, at):
        end = at + len(form)
        end += 1 if text[end:end + 1] in ("市", "省") and not form.endswith(("市", "省")) else 0
        m = BRANCH.match(text, end) or re.compile(r"[\u4e00-\u9fff]{0,4}?" + BRANCH.pattern).match(text, end)
        place = _place(form)
        if m and place is not None:
            return place, m.end()
    m = re.compile(r"[\u4e00-\u9fff]{2,6}?" + BRANCH.pattern).match(text, at)
    if context is not None and m and not NOT_OPEN_PLACE.search(m.group()[:2]):
        return context, m.end()
    return None


def _departments(text: str, found: list[ProseAgency]) -> list[ProseAgency]:
    """An internal department (国家知识产权局办公室, 运用促进司, 知识产权庭) stands for its body."""
    out: list[ProseAgency] = []
    for a in found:
        if out and a.start < out[-1].end:
            continue
        m = DEPARTMENT.match(text, a.end)
        if m and not a.canonical.endswith(("政府", "人民政府")) and not _body_pattern().match(text, a.end):
            a.aliases.add(text[a.start:m.end()])
            a.end = m.end()
        out.append(a)
    return out


def _second_names(found: list[ProseAgency]) -> list[ProseAgency]:
    """The second name of a two-name body written alone (市知识产权局) is that body."""
    two = [a for a in found if a.kind == "ip_office" and not a.canonical.endswith("知识产权局")
           and any(x.endswith("知识产权局") for x in a.aliases)]
    owner = {alias: a for a in two for alias in a.aliases if alias.endswith("知识产权局")}
    owner.update({a.canonical: a for a in two})
    for a in found:
        first = owner.get(a.canonical)
        if first is not None and first is not a:
            a.aliases.add(a.canonical)
            a.canonical, a.kind, a.jurisdiction = first.canonical, first.kind, first.jurisdiction
    return found


def _city_at(context_at, pos: int) -> Place | None:
    city = getattr(context_at, "city", None)
    return city(pos) if city else None


def _local(text: str, bs: int, be: int, context: Place | None, doc_year: int | None,
           city: Place | None = None) -> ProseAgency | None:
    body = text[bs:be]
    start, place, level = _prefix(text, bs)
    district = None
    if _bodies().get(body, ("", ""))[1] == "none":
        return None
    if place is None and level in ("", "区", "县", "旗"):
        district = _open_district(text, bs, city or context)
        if district is not None:
            start = district[0]
    if place is None and district is None:
        if not level or not BOUNDARY.search(text[max(0, start - 4):start]):
            return None
        if context is None:
            return None
        place = _level_place(level, context)
        if place is None:
            return None
    surface = text[start:be]
    if not_agency_ending().search(surface):
        return None
    rename = renames().get(body)
    jur = district[1] if district else place
    assert jur is not None
    former = None
    if rename and _renamed_here(rename.where, jur) and (doc_year is None or doc_year >= rename.year):
        former = (_full(jur, body), rename.year)
        body = rename.new
    canonical, kind = _canonical(jur, body, text[start:bs] if place is not None and not level else "")
    if canonical is None:
        return None
    aliases = {surface} - {canonical}
    if former:
        aliases.add(former[0])
    return ProseAgency(start, be, surface, canonical, kind, jur, aliases, former)


def _renamed_here(where: str, place: Place) -> bool:
    if where == "*":
        return True
    if isinstance(place, City):
        return False
    return where == ("municipality" if place.is_municipality else "province")


def _level_place(level: str, context: Place) -> Place | None:
    """The place a bare level means in a text about ``context``: 省 its province, 市 its city."""
    prov = province_of(context)
    if level in ("省", "自治区"):
        return prov if not prov.is_municipality else None
    if level == "市":
        if isinstance(context, City) and context.name.endswith(("区", "县")) and not context.name.endswith("新区"):
            return _place(context.parent) if context.parent else (prov if prov.is_municipality else None)
        return context if isinstance(context, City) else (prov if prov.is_municipality else None)
    if level in ("区", "县"):
        return context if isinstance(context, City) and context.name.endswith(level) else None
    return None


def _full(place: Place, body: str) -> str:
    return place.name + body


def _canonical(place: Place, body: str, written: str = "") -> tuple[str | None, str]:
    """Canonical full name and kind of ``body`` in ``place``, by the rules of the plans' agencies."""
    prov = province_of(place)
    prefix = place.name
    parent = place.parent if isinstance(place, City) else None
    if isinstance(place, City) and parent is None and place.name.endswith(("区", "县")) and prov.is_municipality:
        parent = prov.name  # 璧山区 is 重庆市璧山区
    if parent and not place.name.startswith(parent):
        prefix = parent + place.name
    if body in prose_bodies():
        canonical_body, kind = prose_bodies()[body]
        return ("中共" if canonical_body.startswith("委") else "") + prefix + canonical_body, kind
    if prefix != place.name:
        canonical_body, kind, _ = agencies._expand(body)
        return prefix + canonical_body, kind
    resolved = agencies.resolve((written or place.name) + body, prov)
    if resolved is not None and (isinstance(place, Province) or resolved.city is not None
                                 or resolved.canonical.startswith(place.name)):
        return resolved.canonical, resolved.kind
    canonical_body, kind, _ = agencies._expand(body)
    if "{place}" in canonical_body:
        return canonical_body.replace("{place}", place.name), kind
    if canonical_body.startswith("委"):
        return f"中共{place.name}{canonical_body}", kind
    return place.name + canonical_body, kind


def _two_names(text: str, found: list[ProseAgency], context_at, doc_year: int | None) -> list[ProseAgency]:
    """``长沙市市场监督管理局（知识产权局）`` is one agency with both names."""
    out = []
    for a in found:
        m = re.compile(r"（([^（）]{2,16}?)）").match(text, a.end)
        if m and a.jurisdiction is not None:
            name = m.group(1)
            place = next(_forms_starting(name, 0), "")
            name = name[len(place):] if place else name
            name = name.lstrip("省市区县")
            second = _body_pattern().fullmatch(name) or GENERIC_BODY.fullmatch(name)
            if second:
                other, kind = _canonical(a.jurisdiction, name)
                if other and other != a.canonical:
                    a.aliases.add(other)
                    if kind == "ip_office":
                        a.kind = kind
                a.end = m.end()
        out.append(a)
    return out


def _without_overlaps(found: list[ProseAgency]) -> list[ProseAgency]:
    found.sort(key=lambda a: (a.start, -(a.end - a.start)))
    out: list[ProseAgency] = []
    for a in found:
        if out and a.start < out[-1].end:
            if a.end - a.start > out[-1].end - out[-1].start and a.start == out[-1].start:
                out[-1] = a
            continue
        out.append(a)
    return out
