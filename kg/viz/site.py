"""Writing the views: every view of the catalogue (or one) into a folder, with an index page."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from pathlib import Path

from kg.load.property_graph import PropertyGraph
from kg.load.store import GraphStore
from kg.runtime import settled
from kg.viz import page
from kg.viz.snapshot import Snapshot, from_property_graph, snapshot
from kg.viz.views import View, catalogue, select


def write_views(store: GraphStore, outdir: Path, source: str, only: str | None = None,
                progress: Callable[[], None] | None = None, stored: PropertyGraph | None = None) -> list[Path]:
    """Write every view (or just ``only``) of the graph in ``store``; returns the paths written. ``stored``:
    the graph the store is known to hold (just loaded into it), which spares reading it back."""
    with settled():
        snap = from_property_graph(stored) if stored is not None else snapshot(store)
        return write_snapshot(snap, outdir, source, only, progress)


def _size(view: View) -> str:
    if view.kind == "matrix":
        return f"{len(view.extra['rows'])} × {len(view.extra['cols'])} ({len(view.extra['cells'])} cells)"
    if view.kind == "map":
        return f"{len(view.extra['regions'])} provinces"
    return f"{len(view.nodes)} nodes, {len(view.edges)} links"


def write_snapshot(snap: Snapshot, outdir: Path, source: str, only: str | None = None,
                   progress: Callable[[], None] | None = None) -> list[Path]:
    entries = [select(snap, only)] if only else catalogue(snap)
    generated = dt.date.today().isoformat()
    names = snap.province_names
    written: list[Path] = []
    rows = []
    for entry in entries:
        view = entry.build(snap)
        written.append(page.write(page.page_data(view, source, snap.documents, generated, names), outdir / view.file))
        rows.append(f'<tr><td><a href="{html.escape(view.file)}">{html.escape(view.title)}</a></td>'
                    f"<td>{html.escape(view.description)}</td><td class=n>{_size(view)}</td></tr>")
        if progress:
            progress()
    if not only:
        about = f"Read from {source} on {generated}; documents: {'；'.join(snap.documents)}."
        parts = {"source": html.escape(about), "rows": "\n".join(rows)}
        (outdir / "index.html").write_text(page.fill("index.html", parts), encoding="utf-8")
        written.append(outdir / "index.html")
    return written
