"""A document's heading block: its title, issuer, document number (文号) and date.

``国家知识产权局关于确定2019年度知识产权强市建设试点城市的通知`` gives the title (the whole line) and the
issuer (the bodies before 关于); ``关于印发《X》的通知`` gives title X; the number and the date are the
first ones in the block (a date in the signature after the salutation counts too).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.normalise import Normalised, paragraphs

NOTICE_TITLE = re.compile(r"(?P<issuer>[^\n，。；：]{0,60}?)关于(?P<subject>[^\n。；]{2,90}?)的"
                          r"(?P<genre>通知|批复|公告|公示|意见|决定|函|报告|通报|复函)")
PRINTED = re.compile(r"关于印发《(?P<title>[^《》]+)》的通知")
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{2,12}[〔（]((?:19|20)\d{2})[〕）]\d{1,4}号")
DATE = re.compile(r"((?:19|20)\d{2})(?:年|-|/|\.)(\d{1,2})(?:月|-|/|\.)(\d{1,2})日?")
HEAD_LINES = 12


@dataclass
class Heading:
    title: str | None = None
    title_span: tuple[int, int] | None = None
    issuer: str | None = None
    issuer_span: tuple[int, int] | None = None
    number: str | None = None
    number_span: tuple[int, int] | None = None
    date: str | None = None
    printed: str | None = None  # the title of the document a 关于印发《…》的通知 issues


def signature(norm: Normalised) -> tuple[int, int] | None:
    """The signing body's line at the end of an official document: a short line followed by a date line."""
    text = norm.text
    paras = [(s, e) for s, e in paragraphs(norm) if text[s:e].strip()][-8:]
    for (s, e), (ds, de) in zip(paras, paras[1:], strict=False):
        line = text[s:e].strip()
        if 4 <= len(line) <= 40 and not re.search(r"[，。；：！？]", line) and DATE.fullmatch(text[ds:de].strip()):
            return s, e
    return None


def read_heading(norm: Normalised) -> Heading:
    """The heading block of a normalised document (its first lines)."""
    text = norm.text
    paras = [(s, e) for s, e in paragraphs(norm) if text[s:e].strip()][:HEAD_LINES]
    head = Heading()
    if not paras:
        return head
    block_end = paras[-1][1]
    for s, e in paras:
        line = text[s:e].strip("# ")
        m = NOTICE_TITLE.fullmatch(line.rstrip("。")) if len(line) <= 160 else None
        if m:
            offset = s + text[s:e].index(line)
            head.title, head.title_span = line, (offset, offset + len(line))
            if m.group("issuer").strip():
                head.issuer = m.group("issuer").strip()
                head.issuer_span = (offset + m.start("issuer"), offset + m.end("issuer"))
            printed = PRINTED.search(line)
            if printed:
                head.printed = printed.group("title")
            break
    if head.title is None:
        s, e = paras[0]
        line = text[s:e].strip("# ")
        if len(line) >= 4:
            offset = s + text[s:e].index(line)
            head.title, head.title_span = line, (offset, offset + len(line))
    for s, e in paras:
        number = DOC_NUMBER.fullmatch(text[s:e].strip())
        if number:  # the document's own 文号 stands on a line of its own
            offset = s + text[s:e].index(number.group())
            head.number, head.number_span = number.group(), (offset, offset + len(number.group()))
            break
    date = DATE.search(text, 0, min(len(text), block_end + 600))
    if date:
        y, mo, d = (int(g) for g in date.groups())
        if 1 <= mo <= 12 and 1 <= d <= 31:
            head.date = f"{y:04d}-{mo:02d}-{d:02d}"
    return head
