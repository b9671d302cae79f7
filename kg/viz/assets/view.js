// ipgov-kg view: draws the embedded data (a network with vis-network at the positions computed in Python,
// a province × programme matrix as a table, or a map of China as SVG), with search, filters, tooltips and a
// side panel. All document text is put into the page with textContent or as plain-text tooltips, never as HTML.
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const SVG = "http://www.w3.org/2000/svg";
  const FONT = 'system-ui, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif';

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  function svg(tag, attrs) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    return e;
  }

  function short(text, max) {
    const s = String(text).replace(/\s+/g, " ").trim();
    return s.length > max ? s.slice(0, max - 1) + "…" : s;
  }

  // A quote as one passage: a line break between two Chinese characters was only the layout of the page.
  function passage(text) {
    return String(text)
      .replace(/([^\x00-\xff])[ \t\u3000]*(?:\r?\n[ \t\u3000]*)+(?=[^\x00-\xff])/g, "$1")
      .replace(/[ \t\u3000]*(?:\r?\n[ \t\u3000]*)+/g, " ")
      .trim();
  }

  // The data is gzip-compressed JSON in base64, decompressed by the browser itself (null where a block is empty).
  async function readData(id) {
    const text = $(id).textContent.trim();
    if (!text) return null;
    let bytes;
    if (Uint8Array.fromBase64) {
      bytes = Uint8Array.fromBase64(text);
    } else {
      const binary = atob(text);
      bytes = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    }
    const stream = new Response(bytes).body.pipeThrough(new DecompressionStream("gzip"));
    return JSON.parse(await new Response(stream).text());
  }

  readData("kg-data").then(show).catch((error) => {
    const message = el("p", "This view could not be drawn: " + error, "kg-error");
    $("kg-network").replaceChildren(message);
    throw error;
  });

  // The centre and scale that fit the nodes to the canvas, leaving room for the labels right of the nodes.
  function fitting(nodes, container) {
    if (!nodes.length) return null;
    const xs = nodes.map((n) => n.x), ys = nodes.map((n) => n.y);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const w = container.clientWidth, h = container.clientHeight;
    const scale = Math.min(1.6, (w - 200) / Math.max(x1 - x0, 1), (h - 50) / Math.max(y1 - y0, 1));
    return { x: (x0 + x1) / 2 + 80 / scale, y: (y0 + y1) / 2, scale };
  }

  function drawn(count) {
    document.body.dataset.drawn = String(count);
    window.dispatchEvent(new CustomEvent("kg-drawn", { detail: count }));
  }

  function show(data) {
    const byId = data.nodes;
    const provinceNames = data.provinces;
    const linked = data.nodes.map(() => new Set());
    for (const [from, to] of data.edges) {
      linked[from].add(to);
      linked[to].add(from);
    }

    function groupLabel(n) {
      return (data.legend[n.group] || { label: n.group }).label;
    }

    function tooltip(n) {
      const lines = [groupLabel(n) + "：" + n.name];
      if (n.aliases.length) lines.push("又称 " + n.aliases.join("、"));
      if (n.keys && n.keys.length) lines.push(n.keys.join(" · "));
      const ev = n.evidence[0];
      if (ev) lines.push("《" + ev.document + "》" + (ev.page ? " p. " + ev.page : "") + " " + short(passage(ev.quote), 160));
      if (n.view) lines.push("双击打开其视图 · double-click to open its view");
      return lines.join("\n");
    }

    // ---- header --------------------------------------------------------------------------
    $("kg-description").textContent = data.description;
    $("kg-source").textContent = "数据来源 Source: " + data.documents.join("；") + " — read from " + data.source +
      " on " + data.generated;

    // ---- side panel ------------------------------------------------------------------------
    function evidenceBlock(parent, ev) {
      const where = "《" + ev.document + "》" + (ev.page ? " p. " + ev.page : "") +
        " · characters " + ev.start + "–" + ev.end + (ev.more ? " (and " + ev.more + " more places)" : "");
      parent.append(el("div", where, "kg-cite"), el("blockquote", passage(ev.quote)));
    }

    function viewLink(n) {
      const a = el("a", "打开「" + n.name + "」的视图 · open its view →", "kg-open");
      a.href = n.view;
      return a;
    }

    function showPanel(id) {
      const n = byId[id];
      const panel = $("kg-panel");
      panel.replaceChildren();
      if (!n) return;
      panel.append(el("h2", n.name), el("div", groupLabel(n), "kg-cite"));
      if (n.view && !location.pathname.endsWith("/" + n.view)) panel.append(viewLink(n));
      if (n.aliases.length) panel.append(el("h3", "别名 Aliases"), el("div", n.aliases.join("、")));
      const table = el("table");
      const rows = Object.entries(n.props);
      if (n.provinces.length) rows.push(["provinces", n.provinces.map((p) => provinceNames[p][1])]);
      for (const [key, value] of rows) {
        const tr = el("tr");
        tr.append(el("th", key), el("td", Array.isArray(value) ? value.join("、") : value));
        table.append(tr);
      }
      panel.append(el("h3", "属性 Properties"), table);
      if (n.evidence.length) {
        panel.append(el("h3", "原文 Source"));
        for (const ev of n.evidence) evidenceBlock(panel, ev);
      }
      if (data.kind === "map" && data.figures) figuresByYear(panel, id);
      const neighbours = [...linked[id]].map((other) => [other, byId[other]]);
      if (neighbours.length) {
        panel.append(el("h3", "相连 Linked (" + neighbours.length + ")"));
        const list = el("ul");
        for (const [otherId, other] of neighbours.sort((a, b) => a[1].name.localeCompare(b[1].name, "zh"))) {
          const item = el("li");
          const link = el("button", other.name, "kg-link");
          link.type = "button";
          link.addEventListener("click", () => kind.focus(otherId));
          item.append(link, el("span", " " + groupLabel(other), "kg-cite"));
          list.append(item);
        }
        panel.append(list);
      }
    }

    // ---- filters: the legend (classes, communities or kinds) and the province --------------------
    const hidden = new Set();
    let province = "";
    const visible = (n) => !hidden.has(n.group) && (province === "" || n.provinces.includes(Number(province)));
    function legend(onChange) {
      for (const [group, entry] of Object.entries(data.legend)) {
        const label = el("label");
        const box = el("input");
        box.type = "checkbox";
        box.checked = true;
        box.dataset.group = group;
        box.addEventListener("change", () => {
          if (box.checked) hidden.delete(group); else hidden.add(group);
          onChange();
        });
        const swatch = el("span", null, "kg-swatch");
        swatch.style.background = entry.colour;
        label.append(box, swatch, document.createTextNode(entry.label + " (" + entry.count + ")"));
        $("kg-legend").append(label);
      }
    }
    function provinceFilter(onChange) {
      for (const [index, [, name]] of data.provinces.entries()) {
        const option = el("option", name);
        option.value = String(index);
        $("kg-province").append(option);
      }
      $("kg-province").addEventListener("change", (event) => {
        province = event.target.value;
        onChange();
      });
    }
    function reveal(n) {
      if (visible(n)) return false;
      hidden.delete(n.group);
      for (const box of $("kg-legend").querySelectorAll("input")) box.checked = !hidden.has(box.dataset.group);
      if (province !== "" && !n.provinces.includes(Number(province))) {
        province = "";
        $("kg-province").value = "";
      }
      return true;
    }

    const kind = { matrix, map, diagram, network }[data.kind]();

    // ---- search: names, aliases, English names, short forms and codes; exact, then prefix, then part -------
    const keys = [];
    data.nodes.forEach((n, id) => {
      for (const key of [n.name, ...n.aliases, ...(n.keys || [])]) keys.push([key.toLowerCase(), key, id, null]);
    });
    // The overview also finds what the other views hold, and opens the view that holds it. That index is read
    // once the page has drawn (or at the first search), so it does not delay the drawing.
    let indexed = null;
    function withIndex() {
      indexed = indexed || readData("kg-index").then((index) => {
        for (const [name, cls, file, ...more] of index || []) {
          for (const key of [name, ...more]) keys.push([key.toLowerCase(), key, name, [cls, file]]);
        }
      });
      return indexed;
    }
    window.addEventListener("kg-drawn", () => setTimeout(withIndex, 0), { once: true });
    function matches(query, limit) {
      const q = query.trim().toLowerCase();
      if (!q) return [];
      const ranked = [[], [], []];
      for (const [lower, key, id, elsewhere] of keys) {
        const hit = [key, id, elsewhere];
        if (lower === q) ranked[0].push(hit);
        else if (lower.startsWith(q)) ranked[1].push(hit);
        else if (lower.includes(q)) ranked[2].push(hit);
      }
      const seen = new Set();
      const out = [];
      for (const rank of ranked) {
        rank.sort((a, b) => (a[2] === null ? 0 : 1) - (b[2] === null ? 0 : 1));
        for (const hit of rank) {
          const target = hit[2] === null ? "n" + hit[1] : hit[2][1] + "#" + hit[1];
          if (seen.has(target) || (hit[2] !== null && seen.has("name:" + hit[1]))) continue;
          seen.add(target);
          if (hit[2] === null) seen.add("name:" + byId[hit[1]].name);
          out.push(hit);
          if (out.length === limit) return out;
        }
      }
      return out;
    }
    const search = $("kg-search");
    const suggestions = $("kg-suggestions");
    let current = [];
    let active = -1;
    function choose(index) {
      const hit = current[index];
      if (!hit) return;
      suggestions.hidden = true;
      if (hit[2] !== null) {
        location.href = hit[2][1] + "#focus=" + encodeURIComponent(hit[1]);
        return;
      }
      search.value = byId[hit[1]].name;
      kind.focus(hit[1]);
    }
    function mark() {
      suggestions.querySelectorAll("li").forEach((li, i) => li.setAttribute("aria-selected", String(i === active)));
    }
    search.addEventListener("input", () => withIndex().then(suggest));
    function suggest() {
      current = matches(search.value, 12);
      active = current.length ? 0 : -1;
      suggestions.replaceChildren(...current.map(([key, id, elsewhere], i) => {
        const li = el("li", key);
        li.setAttribute("role", "option");
        const name = elsewhere === null ? byId[id].name : id;
        if (key !== name) li.append(el("span", "→ " + name, "kg-class"));
        li.append(el("span", elsewhere === null ? groupLabel(byId[id]) : elsewhere[0] + " ↗ " + elsewhere[1], "kg-class"));
        li.addEventListener("mousedown", (event) => { event.preventDefault(); choose(i); });
        return li;
      }));
      suggestions.hidden = current.length === 0;
      mark();
    }
    search.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!current.length) return;
        active = (active + (event.key === "ArrowDown" ? 1 : current.length - 1)) % current.length;
        mark();
        event.preventDefault();
      } else if (event.key === "Enter") {
        withIndex().then(() => {
          if (!current.length) current = matches(search.value, 12);
          choose(Math.max(active, 0));
        });
        event.preventDefault();
      } else if (event.key === "Escape") {
        suggestions.hidden = true;
      }
    });
    search.addEventListener("blur", () => { suggestions.hidden = true; });

    // A link such as view.html#focus=四川省知识产权局 opens the view on that node.
    const wanted = new URLSearchParams(location.hash.slice(1)).get("focus");
    if (wanted) {
      const hit = matches(wanted, 1)[0];
      if (hit && hit[2] === null) kind.focus(hit[1]);
    }

    window.kgView = { ...kind.api, focus: kind.focus, matches, passage };

    // ---- labels of a drawn network ---------------------------------------------------------------
    // Placed in screen pixels, most important node first (the selected node and its neighbours, then by
    // rank), each where it overlaps no label and no more important node (right, left, below, above the node),
    // else left out. Zooming in makes room, so every label appears at some zoom; the full name is in the tooltip.
    function labeller() {
      const order = data.nodes.map((n, i) => i).sort((a, b) => data.nodes[a].rank - data.nodes[b].rank);
      // Widths are measured once at 12px and scaled, so one cache serves every zoom.
      const meter = document.createElement("canvas").getContext("2d");
      meter.font = "12px " + FONT;
      const widths = new Map();
      function measure(text) {
        let w = widths.get(text);
        if (w === undefined) { w = meter.measureText(text).width; widths.set(text, w); }
        return w;
      }
      // ids: the nodes drawn; toScreen: a node's position on screen; w, h: the drawing's size in pixels.
      return function place(ids, scale, toScreen, selected, w, h) {
        const font = Math.round(Math.min(16, Math.max(12, 12 * scale)));
        const first = [];
        for (const id of selected) first.push(id, ...linked[id]);
        const cell = 80;
        const grid = new Map();
        const hits = (b) => {
          for (let gx = Math.floor(b[0] / cell); gx <= Math.floor(b[2] / cell); gx++) {
            for (let gy = Math.floor(b[1] / cell); gy <= Math.floor(b[3] / cell); gy++) {
              for (const o of grid.get(gx + "," + gy) || []) {
                if (o === b || o[4] === b[4] || (o[5] === "disc" && o[6] > b[6])) continue;
                if (b[0] < o[2] && o[0] < b[2] && b[1] < o[3] && o[1] < b[3]) return true;
              }
            }
          }
          return false;
        };
        const add = (b) => {
          for (let gx = Math.floor(b[0] / cell); gx <= Math.floor(b[2] / cell); gx++) {
            for (let gy = Math.floor(b[1] / cell); gy <= Math.floor(b[3] / cell); gy++) {
              const key = gx + "," + gy;
              if (!grid.has(key)) grid.set(key, []);
              grid.get(key).push(b);
            }
          }
        };
        const shown = new Set(ids);
        for (const id of ids) {  // every drawn node is an obstacle
          const [x, y] = toScreen(data.nodes[id]);
          const r = Math.max(2, data.nodes[id].size * scale);
          if (x + r >= 0 && x - r <= w && y + r >= 0 && y - r <= h) add([x - r, y - r, x + r, y + r, id, "disc", data.nodes[id].rank]);
        }
        const boxes = [];
        const seen = new Set();
        for (const id of [...first, ...order]) {
          if (seen.has(id) || !shown.has(id)) continue;
          seen.add(id);
          const n = data.nodes[id];
          const [x, y] = toScreen(n);
          if (x < -200 || x > w + 50 || y < -20 || y > h + 20) continue;
          const text = short(n.name, 16);
          const tw = measure(text) * font / 12;
          const r = Math.max(2, n.size * scale) + 3;
          const th = font + 2;
          for (const [lx, ly] of [[x + r, y - th / 2], [x - r - tw, y - th / 2], [x - tw / 2, y + r], [x - tw / 2, y - r - th]]) {
            const box = [lx, ly, lx + tw, ly + th, id, "label", selected.has(id) ? -1 : n.rank];
            if (lx < 0 || ly < 0 || lx + tw > w || ly + th > h || hits(box)) continue;
            add(box);
            boxes.push({ id, text, x: lx, y: ly, w: tw, h: th });
            break;
          }
        }
        return { font, boxes };
      };
    }

    // ---- the network ----------------------------------------------------------------------------
    function network() {
      const container = $("kg-network");
      // Colours by group (set once in the options), not per node: vis-network builds nodes much faster so.
      const groups = {};
      for (const [group, entry] of Object.entries(data.legend)) {
        groups[group] = { color: { background: entry.colour, border: "#555",
                                   highlight: { background: entry.colour, border: "#000" },
                                   hover: { background: entry.colour, border: "#000" } } };
      }
      const nodes = new vis.DataSet(data.nodes.map((n, i) => ({
        id: i, group: n.group, title: tooltip(n), x: n.x, y: n.y, size: n.size,
      })));
      const nodeView = new vis.DataView(nodes, { filter: (item) => visible(byId[item.id]) });
      const net = new vis.Network(container, { nodes: nodeView, edges: [] }, {
        physics: false,
        groups,
        layout: { improvedLayout: false },
        nodes: { shape: "dot", borderWidth: 1, label: undefined },
        interaction: { hover: true, tooltipDelay: 150, navigationButtons: false, keyboard: false, dragNodes: false },
      });

      // Links are drawn by the page under the nodes (vis-network is slow to build thousands of edge objects):
      // grey, as wide as their weight, arrowed when the view is directed; those of the selected node dark.
      const light = data.edges.length > 300 ? "rgba(150,150,150,0.28)" : "#c8c8c8";
      net.on("beforeDrawing", (ctx) => {
        const scale = net.getScale();
        const selected = new Set(net.getSelectedNodes());
        ctx.save();
        for (const pass of [false, true]) {
          ctx.strokeStyle = pass ? "#333" : light;
          ctx.fillStyle = ctx.strokeStyle;
          for (const [from, to, , weight] of data.edges) {
            if ((selected.has(from) || selected.has(to)) !== pass) continue;
            const a = data.nodes[from], b = data.nodes[to];
            if (!visible(a) || !visible(b)) continue;
            ctx.lineWidth = ((weight > 1 ? 1 + Math.log2(weight) : 1) + (pass ? 0.5 : 0)) / scale;
            ctx.beginPath();
            ctx.moveTo(a.x, a.y);
            ctx.lineTo(b.x, b.y);
            ctx.stroke();
            if (data.directed) {
              const dx = b.x - a.x, dy = b.y - a.y, length = Math.hypot(dx, dy) || 1;
              const ux = dx / length, uy = dy / length, tip = b.size + 1, head = 7 / Math.max(scale, 0.5);
              const tx = b.x - ux * tip, ty = b.y - uy * tip;
              ctx.beginPath();
              ctx.moveTo(tx, ty);
              ctx.lineTo(tx - ux * head - uy * head * 0.5, ty - uy * head + ux * head * 0.5);
              ctx.lineTo(tx - ux * head + uy * head * 0.5, ty - uy * head - ux * head * 0.5);
              ctx.fill();
            }
          }
        }
        ctx.restore();
      });

      // Fit the drawing to the canvas, leaving room for the labels that go right of the nodes.
      function fit() {
        const f = fitting(data.nodes.filter(visible), container);
        if (f) net.moveTo({ position: { x: f.x, y: f.y }, scale: f.scale, animation: false });
      }
      fit();

      // Labels: placed by the page in screen pixels (see labeller) and drawn over the nodes.
      const place = labeller();
      let placed = [];
      net.on("afterDrawing", (ctx) => {
        const scale = net.getScale();
        const centre = net.getViewPosition();
        const w = container.clientWidth, h = container.clientHeight;
        const ratio = ctx.canvas.width / Math.max(w, 1);
        const toScreen = (n) => [(n.x - centre.x) * scale + w / 2, (n.y - centre.y) * scale + h / 2];
        const selected = new Set(net.getSelectedNodes());
        const { font, boxes } = place(nodeView.getIds(), scale, toScreen, selected, w, h);
        ctx.save();
        ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
        ctx.font = font + "px " + FONT;
        ctx.textBaseline = "middle";
        ctx.lineJoin = "round";
        for (const b of boxes) {
          ctx.lineWidth = 3;
          ctx.strokeStyle = "rgba(255,255,255,0.9)";
          ctx.strokeText(b.text, b.x, b.y + b.h / 2);
          ctx.fillStyle = selected.has(b.id) ? "#000" : "#222";
          ctx.fillText(b.text, b.x, b.y + b.h / 2);
        }
        ctx.restore();
        placed = boxes;
      });
      net.once("afterDrawing", () => drawn(nodeView.length));

      function updateCounts() {
        $("kg-counts").textContent = "显示 " + nodeView.length + " / " + data.nodes.length + " nodes · " +
          data.edges.length + " links";
      }
      function refresh() {
        nodeView.refresh();
        updateCounts();
      }
      legend(refresh);
      provinceFilter(refresh);
      updateCounts();

      function focus(id) {
        const n = byId[id];
        if (!n) return false;
        if (reveal(n)) refresh();
        net.selectNodes([id]);
        net.focus(id, { scale: Math.max(net.getScale(), 1.2), animation: false });
        showPanel(id);
        return true;
      }
      net.on("click", (params) => {
        if (params.nodes.length) showPanel(params.nodes[0]);
      });
      net.on("doubleClick", (params) => {
        const n = params.nodes.length ? byId[params.nodes[0]] : null;
        if (n && n.view) location.href = n.view;
      });
      function screen() {
        const at = net.getPositions();
        return Object.fromEntries(nodeView.getIds().map((id) => [id, net.canvasToDOM(at[id])]));
      }
      function zoomTo(id, scale) {
        net.moveTo({ position: { x: byId[id].x, y: byId[id].y }, scale, animation: false });
      }
      return { focus, api: { network: net, nodes: nodeView, labels: () => placed.map((p) => ({ ...p })), fit, screen,
                             zoomTo, selected: () => net.getSelectedNodes() } };
    }

    // ---- a network drawn as SVG by the page itself (the overview: a few hundred nodes, no library to load) ----
    // Nodes at the positions computed in Python, links under them (as wide as their weight, those of the selected
    // node dark), labels placed in screen pixels as in the other networks; the wheel zooms, dragging pans.
    function diagram() {
      const container = $("kg-network");
      const root = svg("svg", { class: "kg-diagram" + (data.edges.length > 300 ? " kg-dense" : ""), role: "img" });
      const world = svg("g");
      const links = svg("g", { class: "kg-links" });
      const front = svg("g", { class: "kg-links kg-on" });
      const dots = svg("g");
      const names = svg("g", { class: "kg-labels" });
      world.append(links, front, dots);
      root.append(world, names);
      container.replaceChildren(root);
      // Links as one path per width (and per state: those of the selected node dark, over the others), not an
      // element each: thousands of elements take the browser long to lay out.
      function drawLinks() {
        const grey = new Map(), dark = new Map();
        for (const [from, to, , weight] of data.edges) {
          const a = data.nodes[from], b = data.nodes[to];
          if (!visible(a) || !visible(b)) continue;
          const width = weight > 1 ? 1 + Math.log2(weight) : 1;
          const into = selected.has(from) || selected.has(to) ? dark : grey;
          if (!into.has(width)) into.set(width, []);
          into.get(width).push("M" + a.x + " " + a.y + "L" + b.x + " " + b.y);
        }
        const paths = (byWidth) => [...byWidth].map(([width, d]) => svg("path", { d: d.join(""), "stroke-width": width }));
        links.replaceChildren(...paths(grey));
        front.replaceChildren(...paths(dark));
      }
      const discs = data.nodes.map((n, id) => {
        const disc = svg("circle", { cx: n.x, cy: n.y, r: n.size, fill: data.legend[n.group].colour });
        disc.dataset.node = id;
        const title = svg("title");
        title.textContent = tooltip(n);
        disc.append(title);
        dots.append(disc);
        return disc;
      });

      // The view: the point of the drawing at the centre of the canvas and the scale (screen pixels per unit).
      let cx = 0, cy = 0, scale = 1;
      let selected = new Set();
      let placed = [];
      let pending = 0;
      const place = labeller();
      const shownIds = () => data.nodes.map((n, id) => id).filter((id) => visible(data.nodes[id]));
      function draw() {
        cancelAnimationFrame(pending);
        pending = 0;
        const w = container.clientWidth, h = container.clientHeight;
        world.setAttribute("transform", "translate(" + (w / 2 - cx * scale) + " " + (h / 2 - cy * scale) + ") scale(" + scale + ")");
        const toScreen = (n) => [(n.x - cx) * scale + w / 2, (n.y - cy) * scale + h / 2];
        const { font, boxes } = place(shownIds(), scale, toScreen, selected, w, h);
        names.setAttribute("font-size", font);
        names.setAttribute("font-family", FONT);
        names.replaceChildren(...boxes.map((b) => {
          const text = svg("text", { x: b.x, y: b.y + b.h / 2, class: selected.has(b.id) ? "kg-selected" : "" });
          text.textContent = b.text;
          text.dataset.node = b.id;
          if (b.text !== data.nodes[b.id].name) {
            const title = svg("title");
            title.textContent = data.nodes[b.id].name;
            text.append(title);
          }
          return text;
        }));
        placed = boxes;
      }
      const redraw = () => { if (!pending) pending = requestAnimationFrame(draw); };

      // Fit the drawing to the canvas, leaving room for the labels that go right of the nodes.
      function fit() {
        const f = fitting(data.nodes.filter(visible), container);
        if (!f) return;
        [cx, cy, scale] = [f.x, f.y, f.scale];
        draw();
      }

      function select(ids) {
        for (const id of selected) discs[id].classList.remove("kg-selected");
        selected = new Set(ids);
        for (const id of selected) discs[id].classList.add("kg-selected");
        drawLinks();
      }

      // Wheel: zoom about the pointer. Drag: pan. A click that did not drag selects (or, off the nodes, clears).
      const zoomLimits = [0.05, 8];
      root.addEventListener("wheel", (event) => {
        event.preventDefault();
        const r = root.getBoundingClientRect();
        const px = event.clientX - r.left - r.width / 2, py = event.clientY - r.top - r.height / 2;
        const next = Math.min(zoomLimits[1], Math.max(zoomLimits[0], scale * Math.exp(-event.deltaY * 0.002)));
        cx += px / scale - px / next;
        cy += py / scale - py / next;
        scale = next;
        redraw();
      }, { passive: false });
      let drag = null, dragged = false;
      root.addEventListener("pointerdown", (event) => {
        dragged = false;
        if (event.button === 0) drag = { x: event.clientX, y: event.clientY, cx, cy, moved: false };
      });
      root.addEventListener("pointermove", (event) => {
        if (!drag) return;
        const dx = event.clientX - drag.x, dy = event.clientY - drag.y;
        if (!drag.moved && Math.hypot(dx, dy) > 3) {
          drag.moved = true;
          root.setPointerCapture(event.pointerId);
          root.classList.add("kg-dragging");
        }
        if (drag.moved) {
          cx = drag.cx - dx / scale;
          cy = drag.cy - dy / scale;
          redraw();
        }
      });
      const release = () => {
        dragged = Boolean(drag && drag.moved);
        drag = null;
        root.classList.remove("kg-dragging");
      };
      root.addEventListener("pointerup", release);
      root.addEventListener("pointercancel", release);
      const nodeAt = (event) => {
        const target = event.target.closest("[data-node]");
        return target ? Number(target.dataset.node) : null;
      };
      root.addEventListener("click", (event) => {
        if (dragged) { dragged = false; return; }
        const id = nodeAt(event);
        select(id === null ? [] : [id]);
        if (id !== null) showPanel(id);
        draw();
      });
      root.addEventListener("dblclick", (event) => {
        const id = nodeAt(event);
        if (id !== null && byId[id].view) location.href = byId[id].view;
      });
      window.addEventListener("resize", redraw);

      function updateCounts() {
        const shown = shownIds().length;
        $("kg-counts").textContent = "显示 " + shown + " / " + data.nodes.length + " nodes · " + data.edges.length + " links";
      }
      function refresh() {
        data.nodes.forEach((n, id) => { discs[id].style.display = visible(n) ? "" : "none"; });
        drawLinks();
        updateCounts();
        draw();
      }
      legend(refresh);
      provinceFilter(refresh);
      updateCounts();
      drawLinks();
      fit();
      requestAnimationFrame(() => drawn(shownIds().length));

      function focus(id) {
        const n = byId[id];
        if (!n) return false;
        if (reveal(n)) refresh();
        select([id]);
        cx = n.x;
        cy = n.y;
        scale = Math.max(scale, 1.2);
        draw();
        showPanel(id);
        return true;
      }
      function screen() {
        const w = container.clientWidth, h = container.clientHeight;
        return Object.fromEntries(shownIds().map((id) => [id, { x: (data.nodes[id].x - cx) * scale + w / 2,
                                                                 y: (data.nodes[id].y - cy) * scale + h / 2 }]));
      }
      function zoomTo(id, next) {
        cx = byId[id].x;
        cy = byId[id].y;
        scale = next;
        draw();
      }
      return { focus, api: { labels: () => placed.map((p) => ({ ...p })), fit, screen, zoomTo,
                             selected: () => [...selected] } };
    }

    // ---- the matrix ---------------------------------------------------------------------------
    function matrix() {
      const kinds = Object.keys(data.legend);
      const table = el("table", null, "kg-matrix");
      const head = el("tr");
      head.append(el("th", "省份 \\ 计划", "kg-corner"));
      for (const c of data.cols) {
        const th = el("th", null, "kg-col");
        const b = el("button", short(byId[c].name, 14), "kg-link");
        b.title = byId[c].name;
        b.addEventListener("click", () => showPanel(c));
        th.append(b);
        head.append(th);
      }
      table.append(head);
      const at = new Map(data.cells.map((cell) => [cell[0] + "," + cell[1], cell]));
      const rows = [];
      let count = 0;
      data.rows.forEach((r, ri) => {
        const tr = el("tr");
        const th = el("th", null, "kg-row");
        const b = el("button", byId[r].name, "kg-link");
        b.addEventListener("click", () => showPanel(r));
        th.append(b);
        tr.append(th);
        data.cols.forEach((c, ci) => {
          const cell = at.get(ri + "," + ci);
          const td = el("td", cell ? cell[3].length : "");
          if (cell) {
            const entry = data.legend[kinds[cell[2]]];
            td.className = "kg-cell";
            td.dataset.kind = kinds[cell[2]];
            td.style.background = entry.colour;
            td.title = byId[r].name + " × " + byId[c].name + "：" + cell[3].length + " 项 · " + entry.label;
            td.tabIndex = 0;
            td.addEventListener("click", () => showCell(cell));
            td.addEventListener("keydown", (event) => { if (event.key === "Enter") showCell(cell); });
            count++;
          }
          tr.append(td);
        });
        rows.push([tr, byId[r]]);
        table.append(tr);
      });
      $("kg-network").replaceChildren(table);
      $("kg-network").classList.add("kg-scroll");

      function showCell(cell) {
        const [ri, ci, , users] = cell;
        const panel = $("kg-panel");
        panel.replaceChildren();
        const p = byId[data.rows[ri]], g = byId[data.cols[ci]];
        panel.append(el("h2", p.name + " × " + g.name), el("div", users.length + " 项 work items and cases · " +
          data.legend[kinds[cell[2]]].label, "kg-cite"), viewLink(p));
        for (const u of users) {
          const n = byId[u];
          const a = el("a", n.name, "kg-item");
          a.href = p.view + "#focus=" + encodeURIComponent(n.name);
          panel.append(el("h3"));
          panel.lastChild.append(a);
          if (n.leads && n.leads.length) panel.append(el("div", "牵头 lead: " + n.leads.join("、"), "kg-cite"));
          for (const ev of n.evidence.slice(0, 2)) evidenceBlock(panel, ev);
        }
      }
      function refresh() {
        for (const [tr, p] of rows) tr.hidden = !(province === "" || p.provinces.includes(Number(province)));
        for (const td of table.querySelectorAll("td.kg-cell")) td.classList.toggle("kg-off", hidden.has(td.dataset.kind));
      }
      legend(refresh);
      provinceFilter(refresh);
      $("kg-counts").textContent = data.rows.length + " provinces × " + data.cols.length + " programmes · " + count + " cells";
      requestAnimationFrame(() => drawn(count));

      function focus(id) {
        if (!byId[id]) return false;
        const i = data.rows.indexOf(id);
        if (i >= 0) rows[i][0].scrollIntoView({ block: "center" });
        showPanel(id);
        return true;
      }
      return { focus, api: { cells: () => count, showCell: (r, c) => showCell(at.get(r + "," + c)) } };
    }

    // ---- the map --------------------------------------------------------------------------------
    function map() {
      const geo = data.geometry;
      const box = svg("svg", { viewBox: "-10 -10 " + (geo.width + 20) + " " + (geo.height + 20), class: "kg-map",
                               preserveAspectRatio: "xMidYMid meet", role: "img" });
      const shapes = svg("g");
      const names = svg("g", { class: "kg-map-labels" });
      box.append(shapes, names);
      const chooser = el("select");
      chooser.id = "kg-measure";
      for (const m of data.measures) {
        const option = el("option", m);
        option.value = m;
        chooser.append(option);
      }
      const label = el("label", "着色 Colour by ");
      label.append(chooser);
      $("kg-toolbar").insertBefore(label, $("kg-counts"));
      $("kg-province").parentElement.hidden = true;
      const key = el("div", null, "kg-map-key");
      $("kg-network").replaceChildren(box, key);
      const RAMP = ["#fff5eb", "#fdd0a2", "#fd8d3c", "#d94801", "#7f2704"];
      const regions = [];
      for (const [code, shape] of Object.entries(geo.provinces)) {
        const id = data.regions[code];
        const path = svg("path", { d: shape.path, class: "kg-region" });
        const title = svg("title");
        path.append(title);
        shapes.append(path);
        const text = svg("text", { x: shape.label[0], y: shape.label[1], "text-anchor": "middle", "dominant-baseline": "middle" });
        names.append(text);
        if (id !== undefined) {
          path.dataset.node = id;
          path.addEventListener("click", () => showPanel(id));
        }
        regions.push({ code, id, path, title, text, shape });
      }
      // Five classes holding about as many provinces each (quantiles of the positive values).
      function paint() {
        const measure = chooser.value;
        const values = regions.filter((r) => r.id !== undefined).map((r) => byId[r.id].props[measure] || 0)
          .filter((v) => v > 0).sort((a, b) => a - b);
        const bounds = [...new Set(RAMP.map((_, i) => values[Math.min(values.length - 1,
          Math.ceil(values.length * (i + 1) / RAMP.length) - 1)]).filter((v) => v !== undefined))];
        const step = (v) => bounds.findIndex((b) => v <= b) + RAMP.length - bounds.length;
        for (const r of regions) {
          const n = r.id === undefined ? null : byId[r.id];
          const v = n ? n.props[measure] || 0 : null;
          r.path.setAttribute("fill", v ? RAMP[Math.max(0, step(v))] : "#eeeeee");
          r.path.dataset.value = v === null ? "" : String(v);
          r.title.textContent = (n ? n.name : r.shape.name) + "：" + (v === null ? "not in the graph" : measure + " " + v);
          r.text.textContent = r.shape.name + (v ? " " + v : "");
        }
        key.replaceChildren(el("span", measure + ": "));
        bounds.forEach((bound, i) => {
          const s = el("span", null, "kg-swatch kg-square");
          s.style.background = RAMP[i + RAMP.length - bounds.length];
          const low = i ? bounds[i - 1] + 1 : 1;
          key.append(s, document.createTextNode((low === bound ? bound : low + "–" + bound) + "  "));
        });
        const s = el("span", null, "kg-swatch kg-square");
        s.style.background = "#eeeeee";
        key.append(s, document.createTextNode("0 / not in the graph"));
        declutter();
      }
      // Province names where they fit: provinces of the graph first, larger ones first; a name overlapping one
      // already shown is left to the tooltip.
      function declutter() {
        const kept = [];
        const area = (b) => b.width * b.height;
        const order = regions.map((r) => [r, r.path.getBBox()])
          .sort((a, b) => (a[0].id === undefined) - (b[0].id === undefined) || area(b[1]) - area(a[1]));
        for (const [r] of order) {
          r.text.removeAttribute("visibility");
          const b = r.text.getBBox();
          if (kept.some((o) => b.x < o.x + o.width && o.x < b.x + b.width && b.y < o.y + o.height && o.y < b.y + b.height)) {
            r.text.setAttribute("visibility", "hidden");
          } else {
            kept.push(b);
          }
        }
      }
      chooser.addEventListener("change", paint);
      paint();
      const count = regions.filter((r) => r.id !== undefined).length;
      $("kg-counts").textContent = count + " provinces of the graph on the map";
      requestAnimationFrame(() => drawn(count));
      function focus(id) {
        if (!byId[id]) return false;
        for (const r of regions) r.path.classList.toggle("kg-selected", r.id === id);
        showPanel(id);
        return true;
      }
      return { focus, api: { regions: () => regions.map((r) => ({ code: r.code, node: r.id, value: r.path.dataset.value, fill: r.path.getAttribute("fill") })) } };
    }

    // Figures of a province on the map, by year (where the documents give one), as bars and as quotes.
    function figuresByYear(panel, id) {
      const list = data.figures[id] || [];
      if (!list.length) return;
      const byYear = new Map();
      for (const [f, year] of list) {
        const k = year === null ? "—" : String(year);
        if (!byYear.has(k)) byYear.set(k, []);
        byYear.get(k).push(f);
      }
      panel.append(el("h3", "数据 Figures by year (" + list.length + ")"));
      const chart = svg("svg", { width: 300, height: 24 * byYear.size + 4, class: "kg-bars" });
      const most = Math.max(...[...byYear.values()].map((v) => v.length));
      [...byYear.entries()].forEach(([year, fs], i) => {
        const t = svg("text", { x: 0, y: 24 * i + 16 });
        t.textContent = year;
        const bar = svg("rect", { x: 48, y: 24 * i + 4, height: 16, width: Math.max(2, 200 * fs.length / most), fill: "#bcbd22" });
        const n = svg("text", { x: 54 + 200 * fs.length / most, y: 24 * i + 16 });
        n.textContent = String(fs.length);
        chart.append(t, bar, n);
      });
      panel.append(chart);
      for (const [year, fs] of byYear) {
        panel.append(el("h3", year));
        const ul = el("ul");
        for (const f of fs) {
          const li = el("li", byId[f].name);
          const ev = byId[f].evidence[0];
          if (ev) li.append(el("div", "《" + ev.document + "》" + (ev.page ? " p. " + ev.page : "") + " " + passage(ev.quote), "kg-cite"));
          ul.append(li);
        }
        panel.append(ul);
      }
    }
  }
})();
