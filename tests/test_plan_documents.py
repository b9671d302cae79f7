"""The evaluation set's plans written as Word, old Word, a GBK web page and an OFD give the same rows
and agencies as the hand-checked set; `kg run` reads a directory mixing all these formats, text and
scanned PDFs included."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph

from kg.evaluation import evaluate_work_plans
from kg.extract.pipeline import ExtractionReport, extract_paths
from kg.ontology.mapping import to_graph
from tests.conftest import CORPUS, ROOT
from tests.plan_documents import FIXTURE_PROVINCES, GOLD, write_doc, write_docx, write_html, write_ofd
from tests.plan_pdfs import plan_html, print_pdf, scan_pdf
from tests.test_cli import kg

NO_OFFICE = "LibreOffice (Debian package libreoffice-writer) is not installed; `make test` installs it"
WRITERS: dict[str, Callable[[Path], Path]] = {"docx": write_docx, "html": write_html, "ofd": write_ofd, "doc": write_doc}
#: format → (rows F1, lead F1, support F1) the plans read from it must reach
TARGETS = {"docx": (0.98, 0.97, 0.97), "doc": (0.98, 0.97, 0.97), "html": (0.98, 0.97, 0.97),
           "ofd": (0.97, 0.95, 0.95)}


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_plans_in_other_formats_give_the_evaluation_rows(fmt: str, tmp_path: Path) -> None:
    if fmt == "doc" and shutil.which("soffice") is None:
        pytest.skip(NO_OFFICE)
    path = WRITERS[fmt](tmp_path / f"plans.{fmt}")
    report = ExtractionReport()
    model = extract_paths([path], report)
    assert not report.failures and report.layouts == {str(path): "work-plan"}
    rows, lead, support = evaluate_work_plans(to_graph(model), GOLD, FIXTURE_PROVINCES)
    assert rows.gold == 221
    for score, target in zip((rows, lead, support), TARGETS[fmt], strict=True):
        assert score.f1 >= target, (score.category, score.f1, score.misses[:5], score.false_hits[:5])


def test_run_reads_a_directory_of_mixed_formats_and_lists_what_it_cannot(kg_home, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("KG_HOME", tempfile.mkdtemp(prefix="kgm-", dir="/tmp"))  # a knowledge base of its own
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(CORPUS / "strong-province-pilot-cases-batch1.txt", docs)
    for fmt, writer in WRITERS.items():
        if fmt != "doc" or shutil.which("soffice"):
            writer(docs / f"plans-{fmt}.{fmt}")
    printed = print_pdf(plan_html(provinces=("天津市",)), docs / "plans-tianjin.pdf")
    scan_pdf(printed, docs / "plans-tianjin-scan.pdf", dpi=100, pages=1)  # one page of OCR keeps it short
    (docs / "damaged.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    (docs / "budget.xlsx").write_bytes(b"\x01\x02\x03")
    out = tmp_path / "graph.ttl"
    try:
        result = kg("run", str(docs), "-o", str(out), "--views", str(tmp_path / "views"), cwd=ROOT)
    finally:
        kg("db", "stop", cwd=ROOT, check=False)
    text = " ".join((result.stdout + result.stderr).split())
    assert "damaged.docx" in text and "budget.xlsx" in text
    graph = Graph().parse(out)
    names = {str(o) for o in graph.objects(None, graph.namespace_manager.expand_curie("ipkg:fileName"))}
    expected = {p.name for p in docs.iterdir() if p.suffix not in (".xlsx",) and p.name != "damaged.docx"}
    assert names == expected
