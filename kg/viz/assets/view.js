// ipgov-kg view: draws the embedded graph with vis-network at the positions computed in Python,
// and adds search, filters by class and province, tooltips and a side panel.
// All document text is put into the page with textContent or as plain-text tooltips, never as HTML.
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  function short(text, max) {
    const s = String(text).replace(/\s+/g, " ").trim();
    return s.length > max ? s.slice(0, max - 1) + "…" : s;
  }

  // The graph is gzip-compressed JSON in base64, decompressed by the browser itself.
  async function readData() {
    const text = $("kg-data").textContent.trim();
    let bytes;
    if (Uint8Array.fromBase64) {
      bytes = Uint8Array.fromBase64(text);
    } else {
      const binary = atob(text);
      bytes = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    }
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return JSON.parse(await new Response(stream).text());
  }

  readData().then(show).catch((error) => {
    const message = el("p", "This view could not be drawn: " + error, "kg-error");
    $("kg-network").replaceChildren(message);
    throw error;
  });

  function show(data) {
    const byId = data.nodes;
    const provinceNames = data.provinces;

    function groupLabel(n) {
      return (data.legend[n.group] || { label: n.group }).label;
    }

    function tooltip(n) {
      const lines = [groupLabel(n) + "：" + n.name];
      if (n.aliases.length) lines.push("又称 " + n.aliases.join("、"));
      const ev = n.evidence[0];
      if (ev) lines.push("《" + ev.document + "》 " + short(ev.quote, 160));
      return lines.join("\n");
    }

    // ---- header --------------------------------------------------------------------------
    $("kg-description").textContent = data.description;
    $("kg-source").textContent = "数据来源 Source: " + data.documents.join("；") + " — read from " + data.source +
      " on " + data.generated + " · " + data.nodes.length + " nodes, " + data.edges.length + " links";

    // ---- the network -----------------------------------------------------------------------
    const nodes = new vis.DataSet(data.nodes.map((n, i) => ({
      id: i, label: short(n.name, 18), title: tooltip(n), x: n.x, y: n.y, size: n.size,
      color: { background: data.legend[n.group].colour, border: "#555",
               highlight: { background: data.legend[n.group].colour, border: "#000" } },
    })));
    const edges = new vis.DataSet(data.edges.map(([from, to, type, weight], i) => ({
      id: i, from, to, title: weight > 1 ? data.edgeTypes[type] + " × " + weight : data.edgeTypes[type],
      width: weight > 1 ? 1 + Math.log2(weight) : 1,
    })));
    const hidden = new Set();
    let province = "";
    const visible = (n) => !hidden.has(n.group) && (province === "" || n.provinces.includes(Number(province)));
    const nodeView = new vis.DataView(nodes, { filter: (item) => visible(byId[item.id]) });
    const large = data.nodes.length > 5000;
    const network = new vis.Network($("kg-network"), { nodes: nodeView, edges: edges }, {
      physics: false,
      layout: { improvedLayout: false },
      nodes: { shape: "dot", borderWidth: 1, font: { size: 12, color: "#222" }, scaling: { label: { drawThreshold: 9 } } },
      edges: { smooth: false, color: { color: "#c8c8c8", highlight: "#333", hover: "#666" },
               arrows: { to: { enabled: data.directed, scaleFactor: 0.4 } }, selectionWidth: 1.5 },
      interaction: { hover: !large, tooltipDelay: 150, hideEdgesOnDrag: large, hideEdgesOnZoom: large,
                     navigationButtons: false, keyboard: false },
    });
    network.once("afterDrawing", () => {
      document.body.dataset.drawn = String(nodeView.length);
      window.dispatchEvent(new CustomEvent("kg-drawn", { detail: nodeView.length }));
    });

    // ---- counts, legend (the class filter) and province filter ----------------------------------
    function updateCounts() {
      $("kg-counts").textContent = "显示 " + nodeView.length + " / " + data.nodes.length + " nodes";
    }
    function refresh() {
      nodeView.refresh();
      updateCounts();
    }
    for (const [group, entry] of Object.entries(data.legend)) {
      const label = el("label");
      const box = el("input");
      box.type = "checkbox";
      box.checked = true;
      box.dataset.group = group;
      box.addEventListener("change", () => {
        if (box.checked) hidden.delete(group); else hidden.add(group);
        refresh();
      });
      const swatch = el("span", null, "kg-swatch");
      swatch.style.background = entry.colour;
      label.append(box, swatch, document.createTextNode(entry.label + " (" + entry.count + ")"));
      $("kg-legend").append(label);
    }
    for (const [index, [, name]] of data.provinces.entries()) {
      const option = el("option", name);
      option.value = String(index);
      $("kg-province").append(option);
    }
    $("kg-province").addEventListener("change", (event) => {
      province = event.target.value;
      refresh();
    });
    updateCounts();

    // ---- side panel ------------------------------------------------------------------------
    function showPanel(id) {
      const n = byId[id];
      const panel = $("kg-panel");
      panel.replaceChildren();
      if (!n) return;
      panel.append(el("h2", n.name), el("div", groupLabel(n), "kg-cite"));
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
        for (const ev of n.evidence) {
          const where = "《" + ev.document + "》 characters " + ev.start + "–" + ev.end +
            (ev.more ? " (and " + ev.more + " more places)" : "");
          panel.append(el("div", where, "kg-cite"), el("blockquote", ev.quote));
        }
      }
      const neighbours = network.getConnectedNodes(id).map((other) => [other, byId[other]]);
      if (neighbours.length) {
        panel.append(el("h3", "相连 Linked (" + neighbours.length + ")"));
        const list = el("ul");
        for (const [otherId, other] of neighbours.sort((a, b) => a[1].name.localeCompare(b[1].name, "zh"))) {
          const item = el("li");
          const link = el("button", other.name, "kg-link");
          link.type = "button";
          link.addEventListener("click", () => focus(otherId));
          item.append(link, el("span", " " + groupLabel(other), "kg-cite"));
          list.append(item);
        }
        panel.append(list);
      }
    }

    function focus(id) {
      const n = byId[id];
      if (!n) return false;
      if (!visible(n)) {
        hidden.delete(n.group);
        for (const box of $("kg-legend").querySelectorAll("input")) box.checked = !hidden.has(box.dataset.group);
        if (province !== "" && !n.provinces.includes(Number(province))) {
          province = "";
          $("kg-province").value = "";
        }
        refresh();
      }
      network.selectNodes([id]);
      network.focus(id, { scale: Math.max(network.getScale(), 1.2), animation: false });
      showPanel(id);
      return true;
    }

    network.on("click", (params) => {
      if (params.nodes.length) showPanel(params.nodes[0]);
    });

    // ---- search: names and aliases, exact matches first, then prefixes, then substrings -------
    const keys = [];
    data.nodes.forEach((n, id) => {
      for (const key of [n.name, ...n.aliases]) keys.push([key.toLowerCase(), key, id]);
    });
    function matches(query, limit) {
      const q = query.trim().toLowerCase();
      if (!q) return [];
      const ranked = [[], [], []];
      for (const [lower, key, id] of keys) {
        if (lower === q) ranked[0].push([key, id]);
        else if (lower.startsWith(q)) ranked[1].push([key, id]);
        else if (lower.includes(q)) ranked[2].push([key, id]);
      }
      const seen = new Set();
      const out = [];
      for (const [key, id] of ranked.flat()) {
        if (seen.has(id)) continue;
        seen.add(id);
        out.push([key, id]);
        if (out.length === limit) break;
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
      search.value = byId[hit[1]].name;
      focus(hit[1]);
    }
    function mark() {
      suggestions.querySelectorAll("li").forEach((li, i) => li.setAttribute("aria-selected", String(i === active)));
    }
    search.addEventListener("input", () => {
      current = matches(search.value, 12);
      active = current.length ? 0 : -1;
      suggestions.replaceChildren(...current.map(([key, id], i) => {
        const li = el("li", key);
        li.setAttribute("role", "option");
        const n = byId[id];
        if (key !== n.name) li.append(el("span", "→ " + n.name, "kg-class"));
        li.append(el("span", groupLabel(n), "kg-class"));
        li.addEventListener("mousedown", (event) => { event.preventDefault(); choose(i); });
        return li;
      }));
      suggestions.hidden = current.length === 0;
      mark();
    });
    search.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!current.length) return;
        active = (active + (event.key === "ArrowDown" ? 1 : current.length - 1)) % current.length;
        mark();
        event.preventDefault();
      } else if (event.key === "Enter") {
        if (!current.length) current = matches(search.value, 12);
        choose(Math.max(active, 0));
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
      if (hit) focus(hit[1]);
    }

    window.kgView = { network, nodes: nodeView, focus, matches };
  }
})();
