"""The HTML views: written from the embedded server, opened offline in real headless Chromium."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image

from kg.viz import page
from kg.viz.layout import positions
from tests.browser import chromium, open_view
from tests.test_workplan import PLAN

HOSTILE = "<img src=x onerror=alert(1)>"
SCRIPT = "<script>alert(2)</script>"


def _write_views(rdf, out: Path, graph: str) -> list[Path]:
    """Load ``rdf`` into a scratch graph of the embedded server and write every view from it."""
    from kg.load.loader import load
    from kg.load.property_graph import to_property_graph
    from kg.load.store import FalkorStore
    from kg.viz.site import write_views

    store = FalkorStore(graph=graph)
    try:
        load(store, to_property_graph(rdf), replace=True)
        return write_views(store, out, store.description)
    finally:
        store.clear()
        store.close()


@pytest.fixture(scope="module")
def views(kg_home, corpus_graph, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("views")
    _write_views(corpus_graph, out, "views-test")
    return out


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def _data(path: Path) -> dict:
    return page.unpack(path.read_text(encoding="utf-8"))


def test_every_view_is_written_with_an_index(views: Path) -> None:
    names = {p.name for p in views.glob("*.html")}
    assert {"graph.html", "agency-network.html", "cases.html", "index.html", "province-510000.html",
            "programme-patent-quality-improvement.html"} <= names
    assert len([n for n in names if n.startswith("province-")]) == 33
    index = (views / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{n}"' in index for n in names - {"index.html"})


def test_pages_carry_everything_they_need(views: Path) -> None:
    for path in views.glob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"""<(script|link|img|iframe)[^>]*\s(src|href)\s*=""", text, re.I), path.name
        assert "Content-Security-Policy" in text and "default-src 'none'" in text
        assert not re.search(r"https?://(cdn|unpkg|code\.jquery|fonts\.)", text), path.name


def test_views_select_what_they_promise(views: Path) -> None:
    sichuan = _data(views / "province-510000.html")
    groups = {n["group"] for n in sichuan["nodes"]}
    assert {"Province", "Focus", "WorkItem", "Agency", "Programme"} <= groups
    focus = {n["name"] for n in sichuan["nodes"] if n["group"] == "Focus"}
    assert "推进知识产权管理体制机制改革" in {re.sub(r"\s", "", f) for f in focus}
    quality = _data(views / "programme-patent-quality-improvement.html")
    provinces = {n["name"] for n in quality["nodes"] if n["group"] == "Province"}
    assert {"北京市", "四川省"} <= provinces
    network = _data(views / "agency-network.html")
    assert all(n["cls"] == "Agency" for n in network["nodes"]) and max(e[3] for e in network["edges"]) > 1
    cases = _data(views / "cases.html")
    assert sum(n["group"] == "Case" for n in cases["nodes"]) == 55


def test_each_view_draws_offline_without_errors(views: Path, browser) -> None:
    for path in sorted(views.glob("*.html")):
        if path.name == "index.html":
            continue
        opened = open_view(browser, path)
        assert opened.drawn == len(_data(path)["nodes"]), path.name
        assert opened.outbound == [], path.name
        assert opened.console_errors == [], path.name
        opened.page.context.close()


def test_search_focuses_a_node_by_alias(views: Path, browser) -> None:
    path = views / "graph.html"
    opened = open_view(browser, path)
    p = opened.page
    p.fill("#kg-search", "市高院")
    assert "北京市高级人民法院" in p.inner_text("#kg-suggestions")
    p.press("#kg-search", "Enter")
    assert p.inner_text("#kg-panel h2") == "北京市高级人民法院"
    names = [n["name"] for n in _data(path)["nodes"]]
    assert [names[i] for i in p.evaluate("kgView.network.getSelectedNodes()")] == ["北京市高级人民法院"]
    opened.page.context.close()


def test_side_panel_shows_the_source_quote(views: Path, browser) -> None:
    path = views / "province-510000.html"
    data = _data(path)
    item = next(n for n in data["nodes"] if n["group"] == "WorkItem" and n["evidence"])
    opened = open_view(browser, path, fragment="focus=" + item["name"])
    panel = opened.page.inner_text("#kg-panel")
    assert item["name"] in panel and item["evidence"][0]["document"] in panel
    quotes = opened.page.eval_on_selector_all("#kg-panel blockquote", "els => els.map(e => e.textContent)")
    assert item["evidence"][0]["quote"] in quotes
    opened.page.context.close()


def test_filters_by_class_and_province(views: Path, browser) -> None:
    path = views / "graph.html"
    data = _data(path)
    opened = open_view(browser, path)
    p = opened.page
    total = len(data["nodes"])
    items = sum(n["group"] == "WorkItem" for n in data["nodes"])
    p.uncheck('#kg-legend input[data-group="WorkItem"]')
    assert p.evaluate("kgView.nodes.length") == total - items
    p.check('#kg-legend input[data-group="WorkItem"]')
    sichuan = next(i for i, (_, name) in enumerate(data["provinces"]) if name == "四川省")
    p.select_option("#kg-province", str(sichuan))
    assert p.evaluate("kgView.nodes.length") == sum(sichuan in n["provinces"] for n in data["nodes"])
    assert "显示" in p.inner_text("#kg-counts")
    opened.page.context.close()


def test_screenshot_is_not_blank(views: Path, browser) -> None:
    opened = open_view(browser, views / "province-510000.html")
    shot = Image.open(io.BytesIO(opened.page.locator("#kg-network").screenshot())).convert("RGB")
    colours = shot.getcolors(maxcolors=1 << 24)
    white = max(count for count, _ in colours)
    assert len(colours) > 50 and white < 0.95 * shot.width * shot.height
    opened.page.context.close()


def test_hostile_document_text_is_shown_as_text(kg_home, tmp_path: Path, browser) -> None:
    from kg.extract.pipeline import extract_paths
    from kg.ontology.mapping import to_graph

    docs = tmp_path / "docs"
    docs.mkdir()
    hostile = PLAN.replace("在长春新区开展知识产权综合管理改革试点", f"在长春新区{HOSTILE}试点").replace(
        "形成可复制推广的改革经验和制度成果", f"形成{SCRIPT}成果")
    (docs / "plan.txt").write_text(hostile, encoding="utf-8")
    _write_views(to_graph(extract_paths([docs])), tmp_path / "views", "views-hostile")
    path = tmp_path / "views" / "province-220000.html"
    assert HOSTILE not in path.read_text(encoding="utf-8")
    opened = open_view(browser, path, fragment="focus=探索开展知识产权综合管理改革试点")
    panel = opened.page.inner_text("#kg-panel")
    assert HOSTILE in panel and SCRIPT in panel
    assert opened.page.locator("#kg-panel img, #kg-panel script").count() == 0
    assert opened.dialogs == [] and opened.console_errors == [] and opened.outbound == []
    opened.page.context.close()


def test_layout_is_deterministic_and_spreads_nodes() -> None:
    nodes = list(range(60))
    edges = [(0, i) for i in range(1, 40)] + [(40 + i, 41 + i) for i in range(19)]
    first, second = positions(nodes, edges), positions(nodes, edges)
    assert first == second and set(first) == set(nodes)
    assert len(set(first.values())) == len(nodes)
