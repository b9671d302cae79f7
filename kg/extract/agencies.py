"""Responsible-department cells: split lead from support, and resolve each name to an agency."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache

from kg.extract.lexicon import (
    City,
    Province,
    action_words,
    agency_bodies,
    agency_kind_markers,
    agency_names,
    gazetteer,
)

SUPPORT_LABEL = re.compile(r"(?:配合部门|配合单位|协办部门|协办单位|配合)[：:]")
LEAD_LABEL = re.compile(r"(?:责任部门|牵头部门|牵头单位|责任单位|主办部门)[：:]")
ITEM_SEP = re.compile(r"[、，,；;/\s]+")
LEAD_MARK = re.compile(r"[（(]?牵头[)）]?$")
SUPPORT_MARK = re.compile(r"(?:配合|参与|协助|协办)$")
QUOTES = re.compile(r"[“”\"‘’]")
ASIDE = re.compile(r"[（(](?:下简称|以下简称|简称)[“\"]?(?P<short>[^”\"）)]+)[”\"]?[)）]")
COLLECTIVE = re.compile(r"^(?:各|有关|相关|其他|其它)|(?:有关|相关|成员)(?:部门|单位)|^(?:省|市|自治区|兵团)?(?:有关|相关)")
#: a phrase naming every member of a set (各有关部门, 联席会议各单位, 领导小组成员单位): a group of the province
GROUP = re.compile(r"^(?:省|市|自治区|兵团)?各|各(?:成员)?单位$|(?<!相关)(?<!有关)成员单位$")
#: a level word starting a name inside a longer text (not 强省, 省委, 省政府)
LEVEL_START = re.compile(r"(?<!强)(?:省|自治区|兵团)(?!委|政府|级|直)")
#: a district or county the gazetteer does not list, written before a body (滨江区知识产权局)
DISTRICT = re.compile(r"(?P<district>[\u4e00-\u9fff]{1,4}?[区县])(?P<body>[\u4e00-\u9fff]{2,})$")
#: a development zone's body written with no place: the zone a collective before it names
ZONE_BODY = re.compile(r"(?:高新区|开发区|经开区|高新技术产业开发区|经济技术开发区|园区)[\u4e00-\u9fff]{2,}$")
#: a leading group or joint conference, and the members of one written after it
GROUP_END = re.compile(r"(?:领导小组|联席会议)$")
GROUP_NAME = re.compile(r"[\u4e00-\u9fff]{2,16}?(?:领导小组|联席会议)")
GROUP_WORD = re.compile(r"领导小组|联席会议")  # what ``GROUP_NAME`` ends in (neither overlaps itself or the other)
GROUP_MEMBERS = re.compile(r"(?<=领导小组|联席会议)各?(?:成员)?单位$")
JOINT = re.compile(r"会同|协同")
#: levels written before a body shared by several names: 各市, 县（市、区）
LEVELS = re.compile(r"(?P<each>各(?:有关)?)?(?:[省市县区州盟](?:[（(][^（）()]{1,8}[)）])?)+")
#: an internal division written after its office (省知识产权局管理处, 执法处（维权信息中心）)
DIVISION = re.compile(r"(?:[\u4e00-\u9fff]|[（(][^（）()]{1,8}[)）]){0,10}?(?:处|科|总队|支队|(?<!办公)室|(?<!工作)办)"
                      r"(?:[（(][^（）()]{1,12}[)）])?")
#: a name whose second name follows in brackets: 科技局（知识产权局）
SECOND_NAME = re.compile(r"^(?P<first>[^（(]+?)[（(](?P<second>[^（）()]{2,12})[)）]$")
NOT_AGENCY = re.compile(r"大学|学院$|公司$|机构$")
SHORT_NAMED_KINDS = {"court", "customs", "finance"}
GLUED = re.compile(r"(?<=[局委厅院办府组室门署联协会部位])(?=(?:省|市|自治区|兵团)[\u4e00-\u9fff]{2}|海关)")
ROLE_TAIL = re.compile(r"等(?:[\u4e00-\u9fff]{0,10}?(?:部门|单位))?$"
                       r"|及(?:其他|各)?(?:有关|相关)[\u4e00-\u9fff]{0,4}$|及各?(?:成员)?(?:部门|单位)$")
PLAUSIBLE_END = re.compile(
    r"(?:局|委|厅|院|办|政府|部|室|队|所|行|关|会|中心|组|处|站|馆|团|公司|办公室|联|协|署)(?:[（(][^（）()]{1,12}[)）])?$")
GENERIC_PREFIX = re.compile(r"^(?:省|自治区|兵团|市|区)")


@dataclass(frozen=True)
class AgencyName:
    """One name in a responsible-department cell, with its place in the cell text."""

    surface: str
    start: int
    end: int
    lead: bool


@dataclass(frozen=True)
class ResolvedAgency:
    canonical: str
    kind: str
    jurisdiction_key: str
    province_code: str
    city: City | None

    @cached_property
    def key(self) -> str:
        digest = hashlib.sha1(self.canonical.encode("utf-8")).hexdigest()[:12]
        return f"agency/{self.province_code}/{digest}"


def split_cell(text: str) -> list[AgencyName]:
    """Names in a 责任部门 cell (line wraps already removed), marked lead or support.

    ``A 配合部门：B、C`` → A leads, B and C support; ``A会同B`` → A leads, B supports;
    ``A牵头，B、C配合`` → A leads, B and C support; with no marker every name leads.
    ``A等部门`` names A.
    """
    return list(_split_cell(text))


@lru_cache(maxsize=1 << 12)
def _split_cell(text: str) -> tuple[AgencyName, ...]:  # plans repeat their cells: each is split once
    names: list[AgencyName] = []
    text = ASIDE.sub(lambda m: " " * len(m.group()), text)  # a note (（下简称“省知强办”）) is no name
    support_at = SUPPORT_LABEL.search(text)
    parts = [(0, support_at.start() if support_at else len(text), True)]
    if support_at:
        parts.append((support_at.end(), len(text), False))
    pending: list[int] | None = None  # names after an ``A牵头``, support if a 配合 closes them
    for p_start, p_end, lead in parts:
        joint = False  # after ``A会同B``, the names that follow B support too
        for s, e in _tokens(text, p_start, p_end):
            raw = text[s:e]
            lab = LEAD_LABEL.match(raw)
            if lab:
                s, raw = s + lab.end(), raw[lab.end():]
            pieces = _split_joint(raw, lead and not joint)
            joint = joint or len(pieces) > 1
            for piece_lead, (ps, pe) in pieces:
                surface = raw[ps:pe].rstrip("。.")
                closes = SUPPORT_MARK.search(surface)
                if closes and closes.start() > 0:
                    surface, piece_lead = surface[: closes.start()], False
                mark = LEAD_MARK.search(surface)
                if mark and mark.start() > 0:
                    surface = surface[: mark.start()]
                surface = ROLE_TAIL.sub("", surface) if ROLE_TAIL.search(surface[1:]) else surface
                if surface:
                    if pending is not None and piece_lead:
                        pending.append(len(names))
                    names.append(AgencyName(surface, s + ps, s + ps + len(surface), piece_lead))
                if mark and mark.start() > 0:
                    pending = []
                elif closes and pending is not None:
                    for i in pending:
                        names[i] = AgencyName(names[i].surface, names[i].start, names[i].end, False)
                    pending = None
    return tuple(_distribute_bodies(names))


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the names between separators; names written one after another with no
    separator (省知识产权局省质监局) are split where a new jurisdiction prefix begins."""
    spans: list[tuple[int, int]] = []
    for m in re.finditer(r"(?:[（(][^（）()]*[)）]|[^、，,；;/\s（(])+|[（(][^、，,；;/\s]*", text[start:end]):
        cuts = [0] + [g.start() for g in GLUED.finditer(m.group()) if g.start() > 0] + [len(m.group())]
        base = start + m.start()
        for a, b in zip(cuts, cuts[1:], strict=False):
            for x, y in _split_bodies(m.group()[a:b], a):
                spans.extend((base + u, base + v) for u, v in _split_levels(m.group(), x, y) if v > u)
    return spans


def _split_levels(token: str, start: int, end: int) -> list[tuple[int, int]]:
    """A name that cannot be one (省知识产权局投资省发改委, …智库建设省知识产权局) is cut where a
    level word starts a name; the pieces that still are not names are not minted."""
    piece = token[start:end]
    if is_plausible(piece) or is_collective(piece) or JOINT.search(piece):
        return [(start, end)]
    cuts = [m.start() for m in LEVEL_START.finditer(piece) if m.start() > 0]
    if not cuts:
        return [(start, end)]
    bounds = [0, *cuts, len(piece)]
    return [(start + a, start + b) for a, b in zip(bounds, bounds[1:], strict=False)]


def _split_bodies(token: str, offset: int) -> list[tuple[int, int]]:
    """``市科协工信委`` → 市科协 + 工信委: a name whose last listed body follows another listed body."""
    _, ends = agency_bodies()
    m = ends.search(token)
    if m and m.start() >= 2 and ends.search(token[: m.start()]) and not ROLE_TAIL.search(token[: m.start()]):
        return [*_split_bodies(token[: m.start()], offset), (offset + m.start(), offset + len(token))]
    return [(offset, offset + len(token))]


def _split_joint(raw: str, lead: bool) -> list[tuple[bool, tuple[int, int]]]:
    """``A会同B`` → [(lead, A), (support, B)]."""
    m = JOINT.search(raw)
    if not m or m.start() == 0:
        return [(lead, (0, len(raw)))]
    return [(lead, (0, m.start())), (False, (m.end(), len(raw)))]


def _distribute_bodies(names: list[AgencyName]) -> list[AgencyName]:
    """``成都、德阳、绵阳市人民政府``: bare place names take the body of the name that ends the list."""
    gaz = gazetteer()
    out = list(names)
    for i, name in enumerate(names):
        level = LEVELS.fullmatch(name.surface)
        if level and i + 1 < len(names):  # 各市、县（市、区）知识产权局: 各市知识产权局、各县（市、区）知识产权局
            later = names[i + 1]
            m = LEVELS.match(later.surface)
            if m and m.end() < len(later.surface):
                out[i] = AgencyName(name.surface + later.surface[m.end():], name.start, name.end, name.lead)
                if level.group("each") and not later.surface.startswith("各"):
                    out[i + 1] = AgencyName(level.group("each") + later.surface, later.start, later.end, later.lead)
            continue
        each = re.match(r"各(?:有关)?", name.surface)
        if each and i + 1 < len(names) and ZONE_BODY.match(names[i + 1].surface):
            later = names[i + 1]  # 各有关市知识产权局、高新区管委会: each zone's committee too
            out[i + 1] = AgencyName(each.group() + later.surface, later.start, later.end, later.lead)
        if gaz.city(name.surface) is None and gaz.province(name.surface) is None:
            continue
        for later in names[i + 1:]:
            place, body = _leading_place(later.surface)
            district = DISTRICT.match(later.surface) if place is None else None
            if district and agency_bodies()[1].fullmatch(district.group("body")):
                place, body = district.group("district"), district.group("body")  # 杭州市、滨江区知识产权局
            if place and body and PLAUSIBLE_END.search(body):  # a body, not a district (白银平川区)
                out[i] = AgencyName(name.surface + _suffix_for(name.surface, body), name.start, name.end, name.lead)
                break
    return out


def _suffix_for(place: str, body: str) -> str:
    return body if place.endswith(("市", "省", "区", "州")) or body.startswith(("市", "省")) else "市" + body


@lru_cache(maxsize=1 << 14)
def _leading_place(surface: str) -> tuple[str | None, str]:
    gaz = gazetteer()
    for n in range(min(len(surface), 12), 1, -1):
        head = surface[:n]
        if gaz.city(head) or gaz.province(head):
            return head, surface[n:]
    return None, surface


@lru_cache(maxsize=1 << 14)
def is_plausible(surface: str) -> bool:
    """Whether a name can be an agency's at all: short, no sentence text, ends like an organisation,
    not a university or company, not two names glued together nor a fragment before a body character."""
    if not (2 <= len(surface) <= 30) or re.search(r"[。：:\d“”]|工作重点|责任部门", surface):
        return False
    table, ends = agency_bodies()
    _, rest = _leading_place(surface)
    rest = GENERIC_PREFIX.sub("", rest.removeprefix("中共"), count=1)
    if rest in table:
        return True  # a listed body, whatever it ends in (省高法)
    if not PLAUSIBLE_END.search(surface) or NOT_AGENCY.search(surface) or _sentence_in(surface):
        return False
    if LEVEL_START.search(rest):
        return False  # a name inside a name (…智库建设省知识产权局, 投资省发改委)
    return len(rest) > 2 or rest in table or bool(ends.fullmatch(rest))


@cache
def _sentence_start() -> re.Pattern[str]:
    return re.compile(r"(?:^|(?<=[局厅委办院部会]))(?:" + action_words().pattern + ")")


def _sentence_in(surface: str) -> bool:
    """A verb opening a measure at the start or right after a body (工商局加强对…, 教育厅支持…)."""
    return bool(_sentence_start().search(surface))


def is_collective(surface: str) -> bool:
    """Names that stand for a group rather than one body (各有关部门, 相关市人民政府)."""
    return bool(COLLECTIVE.search(surface) or GROUP.search(surface))


def is_group(surface: str) -> bool:
    """A collective naming every member of a set (各有关部门, 各成员单位, 联席会议各单位), kept as a group."""
    return bool(GROUP.search(surface))


def group_names(text: str) -> frozenset[str]:
    """The leading groups and joint conferences a plan's text names (知识产权强省建设工作领导小组), each
    without its place or level and without a verb before it (召开…联席会议)."""
    found = set()
    for m in _group_name_matches(text):
        name = m.group()
        verbs = list(action_words().finditer(name))
        name = name[verbs[-1].end():] if verbs else name
        place, rest = _leading_place(name)
        name = rest if place else name
        found.add(GENERIC_PREFIX.sub("", name.removeprefix("各"), count=1))
    return frozenset(n for n in found if len(n) > 4)


def _group_name_matches(text: str) -> Iterator[re.Match[str]]:
    """``GROUP_NAME.finditer(text)``, the search started at most 16 characters before the next 领导小组 or
    联席会议 (a match ends in one, after 2 to 16 characters): where none follows there is no match."""
    pos = 0
    for word in GROUP_WORD.finditer(text):
        if word.start() < pos:
            continue
        m = GROUP_NAME.search(text, max(pos, word.start() - 16))
        if m is None:
            return
        yield m
        pos = m.end()


def _written_out(body: str, groups: frozenset[str]) -> str:
    """The one longest name in ``groups`` that ``body`` abbreviates (its characters in order, the same
    ending): 知识产权强省领导小组 → 知识产权强省建设工作领导小组, 联席会议 → 知识产权强省建设联席会议."""
    end = GROUP_END.search(body)
    if end is None:
        return body
    fits = [g for g in groups if g.endswith(end.group()) and len(g) > len(body) and _abbreviates(body, g)
            and (body == end.group() or g[0] == body[0])]
    longest = [g for g in fits if len(g) == max(map(len, fits))]
    return longest[0] if len(set(longest)) == 1 else body


def _abbreviates(short: str, full: str) -> bool:
    rest = iter(full)
    return all(c in rest for c in short)


def resolve_cell(names: list[AgencyName], province: Province,
                 groups: frozenset[str] = frozenset()) -> list[ResolvedAgency | None]:
    """Each name of one cell resolved; an internal division written alone (执法处（维权信息中心）)
    after its office counts as that office; the members of a group written short take the group's
    name as the plan writes it in full (``groups``, from ``group_names``)."""
    out: list[ResolvedAgency | None] = []
    office: ResolvedAgency | None = None
    city: City | None = None
    for name in names:
        resolved = resolve(name.surface, province, groups)
        if city is not None and DISTRICT.match(name.surface) and _leading_place(name.surface)[0] is None:
            resolved = resolve(city.name + name.surface, province)  # a district written after its city
        city = resolved.city if resolved is not None else None
        if office is not None and _bare_division(name.surface):
            resolved = office
        if resolved is not None and resolved.kind != "collective":
            office = resolved
        out.append(resolved)
    return out


@lru_cache(maxsize=1 << 14)
def resolve(surface: str, province: Province, groups: frozenset[str] = frozenset()) -> ResolvedAgency | None:
    """Canonical full name, kind and jurisdiction of an agency named in ``province``'s document.

    A collective naming every member of a set is a group of the province (kind ``collective``);
    other collectives, bare 市-level names in a province's plan and names that are not plausible
    (glued, fragments, universities) return None. An internal division counts as its office, a
    body written with its second name in brackets as the bracketed one, a city alone as its
    government.
    """
    surface = QUOTES.sub("", ASIDE.sub("", surface)).strip()  # “双打”办 is the 双打办
    if not surface:
        return None
    if is_group(surface):
        return _group(surface, province, groups)
    if is_collective(surface):
        return None
    named = _named(surface, province)
    if named:
        return named
    second = SECOND_NAME.match(surface)
    if second and agency_bodies()[1].search(second.group("second")):
        place, _ = _leading_place(second.group("first"))
        level = GENERIC_PREFIX.match(second.group("first"))
        return resolve((place or (level.group() if level else "")) + second.group("second"), province)
    office = _office_of_division(surface)
    if office:
        return resolve(office, province)
    city = gazetteer().city(surface)
    if city is not None and surface.endswith(("市", "州", "盟")):
        return ResolvedAgency(city.name + "人民政府", "government_office", city.key, city.province, city)
    if not is_plausible(surface):
        return None
    return _resolve_body(surface, province)


def _bare_division(surface: str) -> bool:
    """A division named without its office: no place, no level, no listed body (代办处); an …办 written
    alone is an office of its own (人才办, 国防工办)."""
    return bool(DIVISION.fullmatch(surface)) and not surface.endswith("办") and _leading_place(surface)[0] is None \
        and not GENERIC_PREFIX.match(surface) and agency_bodies()[1].search(surface) is None


def _group(surface: str, province: Province, groups: frozenset[str] = frozenset()) -> ResolvedAgency:
    written = GENERIC_PREFIX.sub("", surface, count=1) if not surface.startswith(province.name) else \
        surface[len(province.name):]
    members = GROUP_MEMBERS.search(written)
    if members and groups:
        written = _written_out(written[: members.start()], groups) + members.group()
    table, ends = agency_bodies()
    body = ends.search(written)
    if body and ZONE_BODY.match(re.sub(r"^各(?:有关)?", "", written)) and "{" not in table[body.group()][0]:
        written = written[: body.start()] + table[body.group()][0]  # 各有关高新区管委会 → …管理委员会
    return ResolvedAgency(province.name + written, "collective", province.key, province.code, None)


def _office_of_division(surface: str) -> str | None:
    """``省知识产权局管理处`` → ``省知识产权局``: the office a division is written after."""
    for m in re.finditer(r"[局厅]", surface):
        head, tail = surface[: m.end()], surface[m.end():]
        if tail and DIVISION.fullmatch(tail) and is_plausible(head):
            return head
    return None


def _resolve_body(surface: str, province: Province) -> ResolvedAgency | None:
    gaz = gazetteer()
    city: City | None = None
    jur = province
    prefix_name = province.name
    body = surface
    place, rest = _leading_place(surface)
    if place is not None:
        p = gaz.province(place)
        if p is not None:
            jur = p
            prefix_name = place
            body = rest
        else:
            city = gaz.city(place)
            assert city is not None
            jur = gaz.by_code[city.province]
            prefix_name = city.name
            body = rest[1:] if rest[:1] == city.name[-1:] and city.name != place else rest
    else:
        m = GENERIC_PREFIX.match(surface)
        if m and agency_bodies()[1].fullmatch(surface):
            m = None  # the whole name is a body that starts like a level (市场监管委)
        if m:
            level = m.group()
            if level in ("市", "区") and not province.is_municipality:
                return None
            body = surface[m.end():]
    if not body:
        return None
    canonical_body, kind, listed = _expand(body)
    if place is not None and place not in (jur.name, city.name if city else None):
        prefix_name = place if kind in SHORT_NAMED_KINDS else (city.name if city else jur.name)
    if not _has_government(jur) and city is None:
        canonical_body = canonical_body.removeprefix("人民政府")
    if "{" in canonical_body:
        short = jur.short[0] if city is None and jur.short else prefix_name
        canonical = canonical_body.replace("{place}", place or prefix_name).replace("{short}", place or short) \
            .replace("{province}", jur.name)
    elif canonical_body.startswith("委"):
        committee = "委" if _has_government(jur) or city is not None else "委员会"
        canonical = f"中共{prefix_name}{committee}{canonical_body[1:]}"
    else:
        canonical = prefix_name + canonical_body
    if place is None and GENERIC_PREFIX.match(surface) is None and not listed and kind == "other" \
            and not body.endswith(("厅", "局", "委", "办")):
        canonical = body
    key_scope = city.key if city else jur.key
    return ResolvedAgency(canonical, kind, key_scope, jur.code, city)


def _has_government(province: Province) -> bool:
    """Whether a province-level jurisdiction has a people's government (兵团 has not)."""
    return province.name.endswith(("省", "市", "自治区"))


def _expand(body: str) -> tuple[str, str, bool]:
    """The canonical body, its kind, and whether the body's ending is listed."""
    table, ends = agency_bodies()
    m = ends.search(body)
    if m:
        canonical_tail, kind = table[m.group()]
        return body[: m.start()] + canonical_tail, kind, True
    for marker, kind in agency_kind_markers():
        if marker in body:
            return body, kind, False
    return body, "other", False


def _named(surface: str, province: Province) -> ResolvedAgency | None:
    """A name listed whole in ``agency_names.tsv`` for ``province`` (or for any province)."""
    for entry in agency_names():
        if entry.scope not in ("*", province.name):
            continue
        m = entry.pattern.fullmatch(surface)
        if m:
            place = m.groupdict().get("place") or ""
            canonical = entry.canonical.replace("{province}", province.name).replace("{place}", place)
            return ResolvedAgency(canonical, entry.kind, province.key, province.code, None)
    return None
