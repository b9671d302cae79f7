"""Extraction throughput and peak memory on the sample corpus, 1× and repeated 10× and 100×.

Each scale runs in a fresh process, so its peak resident memory is its own. Throughput is
characters per second of document text, and per second of this process's CPU time (which a
busy machine does not distort; with workers it counts only the merging); the ratios compare
each scale with 1× in the same run (1.00 everywhere means cost grows linearly with the text).

    .venv/bin/python bench/extract.py [--scales 1,10,100] [--jobs N]

``--jobs 1`` (the default) measures one process; more runs that many extraction workers.
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
from kg.extract.pipeline import extract_documents, warm
from kg.extract.reader import SourceText, read_document

factor, jobs = int(sys.argv[1]), int(sys.argv[3])
docs = [read_document(p) for p in sorted(Path(sys.argv[2]).glob("*.txt"))]
batch = [SourceText(d.path.with_name(f"{d.path.stem}-x{factor}{d.path.suffix}"), d.text * factor, d.encoding)
         for d in docs]
warm()  # as each extraction worker does once
ready = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start, cpu = time.perf_counter(), time.process_time()
model = extract_documents(batch, jobs=jobs)
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
print(json.dumps({"chars": sum(len(d.text) for d in batch), "seconds": seconds, "cpu": cpu, "resources": len(model),
                  "ready_kib": ready, "peak_kib": peak}))
"""


def measure(factor: int, jobs: int) -> dict:
    out = subprocess.run([sys.executable, "-c", RUN_ONE, str(factor), str(CORPUS), str(jobs)], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10,100", help="corpus repetitions, comma separated")
    parser.add_argument("--jobs", type=int, default=1, help="extraction worker processes")
    args = parser.parse_args()
    scales = [int(s) for s in args.scales.split(",")]
    base: dict | None = None
    print(f"{'scale':>5}  {'chars':>12}  {'seconds':>8}  {'chars/s':>9}  {'rate vs 1×':>10}  {'chars/cpu s':>11}  "
          f"{'peak MiB':>8}  {'extraction MiB':>14}  {'MiB per M chars':>15}")
    for factor in scales:
        r = measure(factor, args.jobs)
        rate = r["chars"] / r["seconds"]
        grown = (r["peak_kib"] - r["ready_kib"]) / 1024
        base = base or {"rate": rate}
        print(f"{factor:>4}×  {r['chars']:>12,}  {r['seconds']:>8.2f}  {rate:>9,.0f}  {rate / base['rate']:>9.2f}×  "
              f"{r['chars'] / r['cpu']:>11,.0f}  "
              f"{r['peak_kib'] / 1024:>8.0f}  {grown:>14.0f}  {grown / (r['chars'] / 1e6):>15.0f}")


if __name__ == "__main__":
    main()
