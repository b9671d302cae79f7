"""Responsible-department cells: split lead from support, and resolve each name to an agency."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from kg.extract.lexicon import City, Province, agency_bodies, agency_kind_markers, agency_names, gazetteer

SUPPORT_LABEL = re.compile(r"(?:配合部门|配合单位|协办部门|协办单位|配合)[：:]")
LEAD_LABEL = re.compile(r"(?:责任部门|牵头部门|牵头单位|责任单位|主办部门)[：:]")
ITEM_SEP = re.compile(r"[、，,；;/\s]+")
LEAD_MARK = re.compile(r"[（(]?牵头[)）]?$")
SUPPORT_MARK = re.compile(r"(?:配合|参与|协助|协办)$")
ASIDE = re.compile(r"[（(](?:下简称|以下简称|简称)[“\"]?(?P<short>[^”\"）)]+)[”\"]?[)）]")
COLLECTIVE = re.compile(r"^(?:各|有关|相关|其他|其它)|(?:有关|相关|成员)(?:部门|单位)|^(?:省|市|自治区|兵团)?(?:有关|相关)")
SHORT_NAMED_KINDS = {"court", "customs", "finance"}
GLUED = re.compile(r"(?<=[局委厅院办府组室门署联协会])(?=(?:省|市|自治区|兵团)[\u4e00-\u9fff]{2}|海关)")
ROLE_TAIL = re.compile(r"等(?:[\u4e00-\u9fff]{0,10}?(?:部门|单位))?$")
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

    @property
    def key(self) -> str:
        digest = hashlib.sha1(self.canonical.encode("utf-8")).hexdigest()[:12]
        return f"agency/{self.province_code}/{digest}"


def split_cell(text: str) -> list[AgencyName]:
    """Names in a 责任部门 cell (line wraps already removed), marked lead or support.

    ``A 配合部门：B、C`` → A leads, B and C support; ``A会同B`` → A leads, B supports;
    ``A牵头，B、C配合`` → A leads, B and C support; with no marker every name leads.
    ``A等部门`` names A.
    """
    names: list[AgencyName] = []
    support_at = SUPPORT_LABEL.search(text)
    parts = [(0, support_at.start() if support_at else len(text), True)]
    if support_at:
        parts.append((support_at.end(), len(text), False))
    pending: list[int] | None = None  # names after an ``A牵头``, support if a 配合 closes them
    for p_start, p_end, lead in parts:
        for s, e in _tokens(text, p_start, p_end):
            raw = text[s:e]
            lab = LEAD_LABEL.match(raw)
            if lab:
                s, raw = s + lab.end(), raw[lab.end():]
            for piece_lead, (ps, pe) in _split_joint(raw, lead):
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
    return _distribute_bodies(names)


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the names between separators; names written one after another with no
    separator (省知识产权局省质监局) are split where a new jurisdiction prefix begins."""
    spans: list[tuple[int, int]] = []
    for m in re.finditer(r"[^、，,；;/\s]+", text[start:end]):
        cuts = [0] + [g.start() for g in GLUED.finditer(m.group()) if g.start() > 0] + [len(m.group())]
        base = start + m.start()
        for a, b in zip(cuts, cuts[1:], strict=False):
            spans.extend((base + x, base + y) for x, y in _split_bodies(m.group()[a:b], a) if y > x)
    return spans


def _split_bodies(token: str, offset: int) -> list[tuple[int, int]]:
    """``市科协工信委`` → 市科协 + 工信委: a name whose last listed body follows another listed body."""
    _, ends = agency_bodies()
    m = ends.search(token)
    if m and m.start() >= 2 and ends.search(token[: m.start()]) and not ROLE_TAIL.search(token[: m.start()]):
        return [*_split_bodies(token[: m.start()], offset), (offset + m.start(), offset + len(token))]
    return [(offset, offset + len(token))]


def _split_joint(raw: str, lead: bool) -> list[tuple[bool, tuple[int, int]]]:
    """``A会同B`` → [(lead, A), (support, B)]."""
    m = re.search(r"会同|协同", raw)
    if not m or m.start() == 0:
        return [(lead, (0, len(raw)))]
    return [(lead, (0, m.start())), (False, (m.end(), len(raw)))]


def _distribute_bodies(names: list[AgencyName]) -> list[AgencyName]:
    """``成都、德阳、绵阳市人民政府``: bare place names take the body of the name that ends the list."""
    gaz = gazetteer()
    out = list(names)
    for i, name in enumerate(names):
        if gaz.city(name.surface) is None and gaz.province(name.surface) is None:
            continue
        for later in names[i + 1:]:
            place, body = _leading_place(later.surface)
            if place and body:
                out[i] = AgencyName(name.surface + _suffix_for(name.surface, body), name.start, name.end, name.lead)
                break
    return out


def _suffix_for(place: str, body: str) -> str:
    return body if place.endswith(("市", "省", "区", "州")) or body.startswith(("市", "省")) else "市" + body


def _leading_place(surface: str) -> tuple[str | None, str]:
    gaz = gazetteer()
    for n in range(min(len(surface), 12), 1, -1):
        head = surface[:n]
        if gaz.city(head) or gaz.province(head):
            return head, surface[n:]
    return None, surface


def is_plausible(surface: str) -> bool:
    """Whether a name can be an agency's at all: short, no sentence text, ends like an organisation."""
    return 2 <= len(surface) <= 30 and not re.search(r"[。：:\d“”]|工作重点|责任部门", surface) and bool(
        PLAUSIBLE_END.search(surface))


def is_collective(surface: str) -> bool:
    """Names that stand for a group rather than one body (各有关部门, 相关市人民政府)."""
    return bool(COLLECTIVE.search(surface))


def resolve(surface: str, province: Province) -> ResolvedAgency | None:
    """Canonical full name, kind and jurisdiction of an agency named in ``province``'s document.

    Returns None for names that cannot denote one agency (collectives, bare 市-level names
    in a province's plan).
    """
    surface = ASIDE.sub("", surface).strip()
    if not surface or is_collective(surface):
        return None
    named = _named(surface, province)
    if named:
        return named
    if not is_plausible(surface):
        return None
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
    if "{place}" in canonical_body:
        canonical = canonical_body.replace("{place}", place or prefix_name)
    elif canonical_body.startswith("委"):
        canonical = f"中共{prefix_name}{canonical_body}"
    else:
        canonical = prefix_name + canonical_body
    if place is None and GENERIC_PREFIX.match(surface) is None and not listed and kind == "other" \
            and not body.endswith(("厅", "局", "委", "办")):
        canonical = body
    key_scope = city.key if city else jur.key
    return ResolvedAgency(canonical, kind, key_scope, jur.code, city)


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
