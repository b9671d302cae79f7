"""The HTML views: written from the embedded server, opened offline in real headless Chromium."""

from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image

from kg.errors import KgError
from kg.ontology.namespaces import IPKG
from kg.viz import page
from kg.viz.layout import positions
from tests.browser import chromium, open_each, open_view
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
    assert {"graph.html", "matrix.html", "map.html", "agency-network.html", "cases.html", "index.html",
            "province-510000.html", "programme-patent-quality-improvement.html"} <= names
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


def _expected_drawn(data: dict) -> int:
    """What a page reports as drawn: its nodes, its non-empty cells, or its provinces that have an outline."""
    if data["kind"] == "matrix":
        return len(data["cells"])
    if data["kind"] == "map":
        return len(set(data["regions"]) & set(data["geometry"]["provinces"]))
    return len(data["nodes"])


def test_each_view_draws_offline_without_errors(views: Path, browser) -> None:
    paths = [p for p in sorted(views.glob("*.html")) if p.name != "index.html"]
    for path, opened in zip(paths, open_each(browser, paths), strict=True):
        assert opened.drawn == _expected_drawn(_data(path)), path.name
        assert opened.outbound == [], path.name
        assert opened.console_errors == [], path.name


def _overlaps(boxes: list[dict]) -> list[tuple[str, str]]:
    out = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]:
                out.append((a["text"], b["text"]))
    return out


@pytest.mark.parametrize("name", ["graph.html", "province-510000.html"])
def test_drawn_labels_never_overlap_and_the_drawing_fills_the_canvas(views: Path, browser, name: str) -> None:
    path = views / name
    data = _data(path)
    opened = open_view(browser, path)
    p = opened.page
    width, height = p.evaluate("[document.getElementById('kg-network').clientWidth, "
                               "document.getElementById('kg-network').clientHeight]")
    labels = p.evaluate("kgView.labels()")
    assert len(labels) >= min(40, len(data["nodes"]) // 3) and _overlaps(labels) == []
    assert all(b["x"] >= 0 and b["x"] + b["w"] <= width and b["y"] >= 0 and b["y"] + b["h"] <= height for b in labels)
    assert all(len(b["text"]) <= 16 for b in labels)
    spots = p.evaluate("Object.values(kgView.screen())")
    xs, ys = [s["x"] for s in spots], [s["y"] for s in spots]
    assert max(max(xs) - min(xs) + 200, 0) / width > 0.8 or (max(ys) - min(ys)) / height > 0.85
    # Zoomed in on one node, labels still never overlap, and that node is labelled.
    target = max(range(len(data["nodes"])), key=lambda i: data["nodes"][i]["rank"])
    p.evaluate(f"kgView.zoomTo({target}, 3)")
    p.wait_for_timeout(100)
    zoomed = p.evaluate("kgView.labels()")
    assert _overlaps(zoomed) == [] and target in {b["id"] for b in zoomed}
    opened.page.context.close()


def test_province_view_is_a_hierarchy_by_focus(views: Path) -> None:
    data = _data(views / "province-510000.html")
    x = {g: {n["x"] for n in data["nodes"] if n["group"] == g} for g in ("Province", "Focus", "WorkItem", "Agency")}
    assert max(x["Province"]) < min(x["Focus"]) <= max(x["Focus"]) < min(x["WorkItem"])
    assert max(x["WorkItem"]) < min(x["Agency"])
    focus_of = {}
    for a, b, t, _ in data["edges"]:
        if data["edgeTypes"][t] == "IN_FOCUS":
            focus_of[a] = b
    # Items of one focus group are stacked together: the groups do not interleave.
    order = [focus_of[i] for i in sorted(focus_of, key=lambda i: data["nodes"][i]["y"])]
    assert len(order) > 20 and sum(a != b for a, b in zip(order, order[1:], strict=False)) == len(set(order)) - 1


def test_agency_communities_are_named_after_their_main_agency(views: Path) -> None:
    data = _data(views / "agency-network.html")
    named = {g: e for g, e in data["legend"].items() if g != "rest"}
    assert len(named) >= 5
    members = {g: [n["name"] for n in data["nodes"] if n["group"] == g] for g in named}
    for group, entry in named.items():
        assert entry["label"].removesuffix(" 等") in members[group] and entry["count"] == len(members[group])
    sichuan = next(g for g, e in named.items() if e["label"].startswith("四川省知识产权局"))
    assert sum(name.startswith("四川") for name in members[sichuan]) > len(members[sichuan]) / 2


def _sparql_count(graph, where: str) -> int:
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT * WHERE {{ {where} }} }}"
    return int(next(iter(graph.query(query, initNs={"ipkg": IPKG})))[0])


IMPLEMENTED = ("?x ipkg:implements ?g . ?g a ipkg:Programme . ?x ipkg:plannedBy|ipkg:contributedBy ?p . "
               "?p a ipkg:Province .")


def test_matrix_draws_every_province_programme_pair_and_opens_a_cell(views: Path, browser, corpus_graph) -> None:
    path = views / "matrix.html"
    data = _data(path)
    expected = _sparql_count(corpus_graph, "{ SELECT DISTINCT ?p ?g WHERE { " + IMPLEMENTED + " } }")
    opened = open_view(browser, path)
    p = opened.page
    assert opened.drawn == expected == p.locator("td.kg-cell").count()
    assert opened.console_errors == [] and opened.outbound == []
    provinces = _sparql_count(corpus_graph, "{ SELECT DISTINCT ?p WHERE { " + IMPLEMENTED + " } }")
    assert p.locator("th.kg-row").count() == provinces
    row = next(i for i, r in enumerate(data["rows"]) if data["nodes"][r]["name"] == "四川省")
    cell = next(c for c in data["cells"] if c[0] == row and len(c[3]) >= 1)
    p.evaluate(f"kgView.showCell({cell[0]}, {cell[1]})")
    panel = p.inner_text("#kg-panel")
    assert "四川省 × " + data["nodes"][data["cols"][cell[1]]]["name"] in panel
    links = p.eval_on_selector_all("#kg-panel a.kg-item", "els => els.map(e => e.getAttribute('href'))")
    assert len(links) == len(cell[3]) and all(h.startswith("province-510000.html#focus=") for h in links)
    assert p.locator("#kg-panel blockquote").count() >= 1
    opened.page.context.close()


def test_map_colours_provinces_by_the_chosen_measure(views: Path, browser, corpus_graph) -> None:
    path = views / "map.html"
    opened = open_view(browser, path)
    p = opened.page
    regions = {r["code"]: r for r in p.evaluate("kgView.regions()")}
    assert len(regions) >= 34 and opened.drawn == sum(r["node"] is not None for r in regions.values())
    in_sichuan = IMPLEMENTED.replace("?p a ipkg:Province", f"FILTER(?p = <{_province_iri(corpus_graph, '510000')}>)")
    sichuan = _sparql_count(corpus_graph, "{ SELECT DISTINCT ?g WHERE { " + in_sichuan + " } }")
    assert regions["510000"]["value"] == str(sichuan) and sichuan > 5
    assert len({r["fill"] for r in regions.values()}) >= 3
    p.select_option("#kg-measure", "cases")
    cases = {r["code"]: r for r in p.evaluate("kgView.regions()")}
    assert cases["510000"]["value"] != regions["510000"]["value"]
    p.click(f'path[data-node="{regions["510000"]["node"]}"]', force=True)
    assert p.inner_text("#kg-panel h2") == "四川省"
    assert p.get_attribute("#kg-panel a.kg-open", "href") == "province-510000.html"
    assert opened.console_errors == [] and opened.outbound == []
    opened.page.context.close()


def _province_iri(graph, code: str) -> str:
    return next(str(s) for s in graph.subjects(IPKG.divisionCode, None) if str(s).endswith("/" + code))


def test_overview_is_drawn_without_a_library_and_drills_down(views: Path, browser) -> None:
    path = views / "graph.html"
    text = path.read_text(encoding="utf-8")
    # Its only script is the page's own (no vis-network), and the policy allows only that one.
    assert re.findall(r"<script>(.*?)</script>", text, re.S) == [page.ASSETS.joinpath("view.js").read_text("utf-8")]
    assert len(re.findall(r"'sha256-", text)) == 1
    names = [n["name"] for n in _data(path)["nodes"]]
    sichuan = names.index("四川省")
    opened = open_view(browser, path)
    p = opened.page
    disc = f'#kg-network circle[data-node="{sichuan}"]'
    # The wheel zooms about the pointer, a drag pans: the drawing moves, labels still never overlap.
    before = p.evaluate("kgView.screen()")
    box = p.locator("#kg-network").bounding_box()
    p.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    p.mouse.wheel(0, -400)
    p.wait_for_timeout(100)
    zoomed = p.evaluate("kgView.screen()")
    spread = [max(q[k] for q in s.values()) - min(q[k] for q in s.values()) for s in (before, zoomed) for k in "xy"]
    assert spread[2] > 1.5 * spread[0] and spread[3] > 1.5 * spread[1]
    assert _overlaps(p.evaluate("kgView.labels()")) == []
    p.mouse.down()
    p.mouse.move(box["x"] + box["width"] / 2 + 120, box["y"] + box["height"] / 2 + 60, steps=5)
    p.mouse.up()
    p.wait_for_timeout(100)
    moved = p.evaluate("kgView.screen()")
    key = str(sichuan)
    assert round(moved[key]["x"] - zoomed[key]["x"]) == 120 and round(moved[key]["y"] - zoomed[key]["y"]) == 60
    assert p.evaluate("kgView.selected()") == []  # a drag selects nothing
    p.evaluate("kgView.fit()")
    # A click shows the province with a link into its view; a double-click opens it.
    p.click(disc)
    assert p.inner_text("#kg-panel h2") == "四川省" and p.evaluate("kgView.selected()") == [sichuan]
    assert p.get_attribute("#kg-panel a.kg-open", "href") == "province-510000.html"
    assert any(b["id"] == sichuan for b in p.evaluate("kgView.labels()"))
    assert opened.console_errors == [] and opened.outbound == []
    p.dblclick(disc)
    p.wait_for_url("**/province-510000.html")
    p.wait_for_selector("body[data-drawn]", state="attached")
    assert opened.console_errors == []
    assert {u.split("#")[0] for u in opened.requests} == {v.resolve().as_uri() for v in (path, views / "province-510000.html")}
    opened.page.context.close()


def test_overview_search_opens_the_view_that_holds_a_node(views: Path, browser) -> None:
    opened = open_view(browser, views / "graph.html")
    p = opened.page
    p.fill("#kg-search", "市高院")
    p.wait_for_selector("#kg-suggestions li")  # the index of the other views is read after the first drawing
    assert "北京市高级人民法院" in p.inner_text("#kg-suggestions") and "province-110000.html" in p.inner_text(
        "#kg-suggestions")
    p.press("#kg-search", "Enter")
    p.wait_for_url("**/province-110000.html#focus=*")
    p.wait_for_selector("body[data-drawn]", state="attached")
    assert p.inner_text("#kg-panel h2") == "北京市高级人民法院"
    assert opened.console_errors == []
    opened.page.context.close()


@pytest.mark.parametrize("query", ["Sichuan", "川", "510000", "四川"])
def test_search_by_english_name_short_form_and_code(views: Path, browser, query: str) -> None:
    path = views / "graph.html"
    opened = open_view(browser, path)
    p = opened.page
    p.fill("#kg-search", query)
    p.press("#kg-search", "Enter")
    assert p.inner_text("#kg-panel h2") == "四川省"
    names = [n["name"] for n in _data(path)["nodes"]]
    assert [names[i] for i in p.evaluate("kgView.selected()")] == ["四川省"]
    opened.page.context.close()


def test_search_focuses_a_node_by_alias(views: Path, browser) -> None:
    path = views / "province-110000.html"
    opened = open_view(browser, path)
    p = opened.page
    p.fill("#kg-search", "市高院")
    assert "北京市高级人民法院" in p.inner_text("#kg-suggestions")
    p.press("#kg-search", "Enter")
    assert p.inner_text("#kg-panel h2") == "北京市高级人民法院"
    names = [n["name"] for n in _data(path)["nodes"]]
    assert [names[i] for i in p.evaluate("kgView.selected()")] == ["北京市高级人民法院"]
    opened.page.context.close()


def test_side_panel_shows_the_source_quote(views: Path, browser) -> None:
    path = views / "province-510000.html"
    data = _data(path)
    # A quote printed over several lines, each break between two Chinese characters.
    item = next(n for n in data["nodes"] if n["group"] == "WorkItem" and n["evidence"]
                and "\n" in n["evidence"][0]["quote"] and not re.search(r"[!-~]\s*\n|\n\s*[!-~]",
                                                                        n["evidence"][0]["quote"].strip()))
    quote = item["evidence"][0]["quote"]
    opened = open_view(browser, path, fragment="focus=" + item["name"])
    panel = opened.page.inner_text("#kg-panel")
    assert item["name"] in panel and item["evidence"][0]["document"] in panel
    quotes = opened.page.eval_on_selector_all("#kg-panel blockquote", "els => els.map(e => e.textContent)")
    assert re.sub(r"\s*\n\s*", "", quote.strip()) in quotes
    opened.page.context.close()


def test_side_panel_shows_the_page_of_a_mention(corpus_graph, tmp_path: Path, browser) -> None:
    from kg.load.property_graph import to_property_graph
    from kg.viz.site import write_snapshot
    from kg.viz.snapshot import from_property_graph

    pg = to_property_graph(corpus_graph)
    mentions = {o for t, s, o in pg.relationships if t == "EVIDENCE" and "510000" in s and "/workitem/" in s
                and not pg.nodes[o][1].get("forProperty")}
    mention = sorted(mentions)[0]
    pg.nodes[mention][1]["page"] = 7
    item = next(s for t, s, o in pg.relationships if t == "EVIDENCE" and o == mention)
    write_snapshot(from_property_graph(pg), tmp_path, "pages", only="province:510000")
    opened = open_view(browser, tmp_path / "province-510000.html", fragment="focus=" + pg.nodes[item][1]["name"])
    assert "p. 7" in opened.page.inner_text("#kg-panel") and opened.console_errors == []
    opened.page.context.close()


def test_filters_by_class_and_province(views: Path, browser) -> None:
    path = views / "cases.html"
    data = _data(path)
    opened = open_view(browser, path)
    p = opened.page
    total = len(data["nodes"])
    items = sum(n["group"] == "Measurement" for n in data["nodes"])
    p.uncheck('#kg-legend input[data-group="Measurement"]')
    assert p.evaluate("kgView.nodes.length") == total - items
    p.check('#kg-legend input[data-group="Measurement"]')
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


def test_a_large_component_does_not_grow_denser_with_its_size() -> None:
    import numpy as np

    from kg.viz.layout import SPACING, close_pairs

    def close_neighbours(leaves: int) -> float:
        """Nodes closer than the ideal edge length, per node, in a chain of hubs with ``leaves`` leaves, every
        third held by two hubs (as a case is by a programme and a province)."""
        hubs = [f"h{k}" for k in range(5)]
        edges = [(hubs[k], hubs[k + 1]) for k in range(4)]
        for i in range(leaves):
            edges += [(f"l{i}", hubs[i % 5])] + ([(f"l{i}", hubs[(i + 2) % 5])] if i % 3 == 0 else [])
        laid = np.array(list(positions(hubs + [f"l{i}" for i in range(leaves)], edges).values())) / SPACING
        return len(close_pairs(laid, 1.0)) / len(laid)

    assert close_neighbours(3000) <= 1.5 * close_neighbours(300) + 0.1


def test_close_pairs_are_every_pair_within_the_cutoff_once() -> None:
    import numpy as np

    from kg.viz.layout import BRUTE_FORCE, close_pairs

    rng = np.random.default_rng(3)
    for n, side in ((0, 1.0), (1, 1.0), (BRUTE_FORCE, 20.0), (BRUTE_FORCE + 1, 20.0), (2000, 40.0), (400, 2.0)):
        pos = rng.uniform(-side, side, size=(n, 2))
        pos[: n // 10] = np.round(pos[: n // 10] / 3.0) * 3.0  # points on cell borders
        found = {tuple(sorted(map(int, p))) for p in close_pairs(pos, 3.0)}
        assert len(found) == len(close_pairs(pos, 3.0))  # each pair once
        distance = np.hypot(*(pos[:, None, :] - pos[None, :, :]).transpose(2, 0, 1))
        expected = {(int(i), int(j)) for i, j in zip(*np.nonzero(np.triu(distance <= 3.0, 1)), strict=True)}
        assert found == expected, n


def test_structured_layouts_are_deterministic() -> None:
    from kg.viz.layout import communities, layered, radial, rings

    column = {"p": 0, "f1": 1, "f2": 1, **{f"i{k}": 2 for k in range(6)}, "a": 3, "b": 3}
    edges = [("f1", "p"), ("f2", "p")] + [(f"i{k}", "f1" if k < 3 else "f2") for k in range(6)] + [
        ("i0", "a"), ("i5", "b")]
    order = list(column)
    first = layered(column, 2, order, edges)
    assert first == layered(column, 2, order, edges)
    assert first["a"][1] < first["b"][1] and first["f1"][1] < first["f2"][1]
    ring = {"c": 0, "p1": 1, "p2": 1, "w1": 2, "w2": 2}
    assert radial("c", ring, {"w1": "p1", "w2": "p2", "p1": "p1", "p2": "p2"}, list(ring))["c"] == (0.0, 0.0)
    assert rings(["a", "b"], ["x"], [("a", "x", 1)]) == rings(["a", "b"], ["x"], [("a", "x", 1)])
    two = [("a", "b", 5), ("b", "c", 5), ("a", "c", 5), ("x", "y", 5), ("y", "z", 5), ("x", "z", 5), ("c", "x", 1)]
    assert communities(list("abcxyz"), two) == [["a", "b", "c"], ["x", "y", "z"]]


def test_a_resource_shows_each_quote_of_a_document_once_with_how_often_it_recurs(corpus_graph) -> None:
    from kg.load.property_graph import Support
    from kg.ontology.terms import quads_of
    from kg.viz.snapshot import from_property_graph, from_support

    support = Support.from_quads(quads_of(corpus_graph))
    snap = from_support(support)
    assert snap == from_property_graph(support.property_graph().in_stored_order())
    props = {uri: support.node(uri)[1] for uri, labels in support.labels.items() if "Mention" in labels
             or "Document" in labels}
    doc_of = {s: props[o].get("name", o) for t, s, o in support.relationships if t == "DOCUMENT"}
    mentions: dict[str, list[dict]] = {}
    for t, s, o in support.relationships:
        if t == "EVIDENCE" and s in snap.resources:
            mentions.setdefault(s, []).append(props[o])
    repeated = 0
    for uri, found in mentions.items():
        r = snap.resources[uri]
        own = Counter((doc_of[m["uri"]], m["quote"]) for m in found if "forProperty" not in m)
        assert {(e["document"], e["quote"]): e["more"] + 1 for e in r.evidence} == own
        assert len(r.evidence) == len(own)
        order = [(e["document"], e.get("start", 0)) for e in r.evidence]
        assert order == sorted(order)
        assert r.start == min(m["startOffset"] for m in found)
        repeated += sum(e["more"] for e in r.evidence)
    assert repeated  # quotes stated by several mentions of one resource are folded


def test_views_are_chosen_by_part_of_a_name_or_suggested(corpus_graph) -> None:
    from kg.load.property_graph import to_property_graph
    from kg.viz.snapshot import from_property_graph
    from kg.viz.views import catalogue, select

    snap = from_property_graph(to_property_graph(corpus_graph))
    assert {"matrix", "map", "graph"} <= {e.name for e in catalogue(snap)}
    assert select(snap, "programme:知识价值").name == "programme:knowledge-value-credit-loan"
    for form in ("川", "Sichuan", "四川", "510000", "四川省"):
        assert select(snap, f"province:{form}").name == "province:510000"
    with pytest.raises(KgError, match=r"names [0-9]+ programmes .*give more of the name"):
        select(snap, "programme:专利")
    with pytest.raises(KgError, match="did you mean matrix"):
        select(snap, "matrx")
