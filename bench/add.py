"""Growing a knowledge base: adding one new document to one holding the 5 sample documents, against
building all six from scratch, each through the command line (``kg add``) in its own process and data home.

The new document is a copy of a sample document under another name, with one line of its own (so it
is a distinct document); by default the sample of median size. Prints seconds (wall clock, and CPU time
of the command: the machine may be shared) of each and the ratio incremental/scratch (target < 0.25).

    .venv/bin/python bench/add.py [--new strong-province-pilot-cases-batch1.txt]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"


def kg(home: Path, *args: str) -> tuple[float, float]:
    """Seconds (wall clock, CPU) taken by ``kg ARGS`` with data home ``home``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kg", *args], env={**os.environ, "KG_HOME": str(home)}, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return time.perf_counter() - start, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--new", default="strong-province-pilot-cases-batch1.txt",
                    help="the sample document the new one is a copy of")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kgadd-", dir="/tmp"))
    homes = [work / "h1", work / "h2"]
    try:
        samples = sorted(str(p) for p in CORPUS.glob("*.txt"))
        new = work / f"new-{args.new}"
        new.write_text((CORPUS / args.new).read_text(encoding="utf-8") + "\n附：新增一行。\n", encoding="utf-8")
        out = str(work / "graph.ttl")
        setup = kg(homes[0], "add", *samples, "-o", out)
        incremental = kg(homes[0], "add", str(new), "-o", out)
        scratch = kg(homes[1], "add", *samples, str(new), "-o", out)
        for label, (wall, cpu) in (("5 sample documents (setup)", setup), (f"adding {new.name}", incremental),
                                   ("all six from scratch", scratch)):
            print(f"{label:<60} {wall:8.2f} s wall {cpu:8.2f} s cpu")
        print(f"ratio incremental/scratch: {incremental[0] / scratch[0]:.3f} wall, {incremental[1] / scratch[1]:.3f} cpu "
              "(target < 0.25)")
    finally:
        for home in homes:
            if home.exists():
                kg(home, "db", "stop")  # the servers' own time is not counted: CPU is the command's
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
