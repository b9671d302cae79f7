"""Extraction throughput and peak memory on the sample corpus, 1× and repeated 10× and 100×.

Each scale runs in a fresh process, so its peak resident memory is its own. Throughput is
characters per second of document text; the ratios compare each scale with 1× in the same
run (1.00 everywhere means cost grows linearly with the text).

    .venv/bin/python bench/extract.py [--scales 1,10,100]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"

RUN_ONE = """
import json, resource, sys, time
from pathlib import Path
from kg.extract import nlp
from kg.extract.pipeline import extract_documents
from kg.extract.reader import SourceText, read_document

factor = int(sys.argv[1])
docs = [read_document(p) for p in sorted(Path(sys.argv[2]).glob("*.txt"))]
batch = [SourceText(d.path.with_name(f"{d.path.stem}-x{factor}{d.path.suffix}"), d.text * factor, d.encoding)
         for d in docs]
nlp.pipeline()
ready = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
model = extract_documents(batch)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"chars": sum(len(d.text) for d in batch), "seconds": seconds, "resources": len(model),
                  "ready_kib": ready, "peak_kib": peak}))
"""


def measure(factor: int) -> dict:
    out = subprocess.run([sys.executable, "-c", RUN_ONE, str(factor), str(CORPUS)], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10,100", help="corpus repetitions, comma separated")
    scales = [int(s) for s in parser.parse_args().scales.split(",")]
    base: dict | None = None
    print(f"{'scale':>5}  {'chars':>12}  {'seconds':>8}  {'chars/s':>9}  {'rate vs 1×':>10}  "
          f"{'peak MiB':>8}  {'extraction MiB':>14}  {'MiB per M chars':>15}")
    for factor in scales:
        r = measure(factor)
        rate = r["chars"] / r["seconds"]
        grown = (r["peak_kib"] - r["ready_kib"]) / 1024
        base = base or {"rate": rate}
        print(f"{factor:>4}×  {r['chars']:>12,}  {r['seconds']:>8.2f}  {rate:>9,.0f}  {rate / base['rate']:>9.2f}×  "
              f"{r['peak_kib'] / 1024:>8.0f}  {grown:>14.0f}  {grown / (r['chars'] / 1e6):>15.0f}")


if __name__ == "__main__":
    main()
