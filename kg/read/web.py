"""Web pages: bytes decoded first (gb2312 and gbk read as gb18030), the main content found, site
chrome (navigation, headers, footers, sidebars, scripts) dropped, tables with their spans expanded.

The main content is the element a page names as such (``article``, ``main``, or an id or class
such as content, article, zoom, TRS_Editor), else the body; inside it, elements whose id, class or
role say they are chrome, and blocks that are mostly links, are dropped.
"""

from __future__ import annotations

import re
from pathlib import Path

from kg.errors import InputError
from kg.read.document import RawCell, SourceDocument, TextWriter, header_rows
from kg.read.registry import MissingDependency, sha256

CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
GB_FAMILY = {"gb2312", "gbk", "gb_2312", "gb_2312-80", "x-gbk", "cp936", "gb18030", "euc-cn", "csgb2312"}
CHROME_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "button", "select")
CHROME_WORDS = re.compile(r"(?:^|[\s_-])(?:nav|navbar|menu|header|head|top|footer|foot|bottom|sidebar|side|aside"
                          r"|breadcrumb|crumb|banner|share|copyright|links?|related|toolbar|search|login)(?:$|[\s_-])", re.I)
MAIN_WORDS = re.compile(r"(?:^|[\s_-])(?:content|article|main|zoom|trs_editor|text|detail|body)(?:$|[\s_-])", re.I)
BLOCKS = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd",
          "blockquote", "pre", "tr", "br", "center", "ul", "ol", "dl"}


def decode_page(data: bytes, path: Path) -> tuple[str, str]:
    """The page's text: its declared charset (the GB family read as gb18030), else UTF-8, else GB18030."""
    declared = CHARSET.search(data[:4096])
    tried: list[str] = []
    if declared:
        name = declared.group(1).decode("ascii").lower()
        tried.append("gb18030" if name in GB_FAMILY else name)
    tried += ["utf-8", "gb18030"]
    for encoding in dict.fromkeys(tried):
        try:
            return data.decode("utf-8-sig" if encoding == "utf-8" else encoding), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    raise InputError(path, "web page not readable in its declared charset, UTF-8 or GB18030")


def read_html(path: Path, data: bytes) -> SourceDocument:
    try:
        import lxml.html
    except ModuleNotFoundError:
        raise MissingDependency(path, "reading web pages needs the package 'lxml'", "pip install lxml") from None
    text, encoding = decode_page(data, path)
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)
    try:
        root = lxml.html.document_fromstring(text)
    except Exception as exc:  # lxml raises ParserError and ValueError subclasses
        raise InputError(path, f"not a readable web page ({exc})") from None
    for el in list(root.iter(*CHROME_TAGS)):
        _drop(el)
    main = _main(root)
    for el in list(main.iter()):
        if el is not main and isinstance(el.tag, str) and el.getparent() is not None and _is_chrome(el):
            _drop(el)
    writer = TextWriter()
    title = root.findtext(".//title")
    if title and title.strip() and not main.xpath(".//h1|.//h2"):
        writer.line(" ".join(title.split()))
    _write(main, writer, [])
    return writer.document(path, encoding, "html", sha256(data))


def _drop(el) -> None:
    parent = el.getparent()
    if parent is None:
        return
    if el.tail and el.tail.strip():  # keep the text that follows the element
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _names(el) -> str:
    return " ".join(filter(None, (el.get("id"), el.get("class"), el.get("role"))))


def _is_chrome(el) -> bool:
    if el.tag == "table" or el.xpath("ancestor::table"):
        return False
    names = _names(el)
    if names and CHROME_WORDS.search(names) and not MAIN_WORDS.search(names):
        return True
    if el.tag in ("div", "ul", "ol", "section", "td"):
        text = " ".join(el.text_content().split())
        links = sum(len(" ".join(a.text_content().split())) for a in el.iter("a"))
        return len(text) > 0 and links / len(text) > 0.6
    return False


def _main(root):
    body = root.find("body")
    if body is None:
        body = root
    named = [el for el in body.iter("article", "main", "div", "td", "section")
             if el.tag in ("article", "main") or MAIN_WORDS.search(_names(el) or "")]
    named = [el for el in named if len(el.text_content().strip()) > 0]
    if not named:
        return body
    return max(named, key=lambda el: len("".join(el.text_content().split())))


def _write(el, writer: TextWriter, line: list[str]) -> None:
    """Write an element's text: blocks end lines, tables become tables."""
    if el.tag == "table":
        _end(writer, line)
        _table(el, writer)
    else:
        block = el.tag in BLOCKS
        if block:
            _end(writer, line)
        if el.text:
            line.append(el.text)
        for child in el:
            if isinstance(child.tag, str):
                _write(child, writer, line)
            if child.tail:
                line.append(child.tail)
        if block:
            _end(writer, line)
        return
    if el.tail:
        line.append(el.tail)


def _end(writer: TextWriter, line: list[str]) -> None:
    text = " ".join("".join(line).split())
    line.clear()
    if text:
        writer.line(text)


def _table(table, writer: TextWriter) -> None:
    grid: list[list[RawCell]] = []
    for tr in table.iter("tr"):
        if tr.xpath("ancestor::table[1]")[0] is not table:
            continue  # a row of a nested table
        cells = [RawCell(_cell_text(td), _span(td, "rowspan"), _span(td, "colspan"))
                 for td in tr if td.tag in ("td", "th")]
        if cells:
            grid.append(cells)
    writer.table(grid, 1 if grid and table.find(".//th") is not None else header_rows(grid))


def _cell_text(el) -> str:
    """A cell's text in order, a line break for each <br> and block."""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str):
            if child.tag in BLOCKS:
                parts.append("\n")
            parts.append(_cell_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _span(td, name: str) -> int:
    try:
        return max(1, min(int(td.get(name, "1")), 1000))
    except ValueError:
        return 1
