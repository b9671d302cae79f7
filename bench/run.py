"""`kg run` stage by stage on the sample corpus, 1× and 10× and 100× over, with ratios against 1×.

A scale of N holds N copies of every corpus document, renamed, each copy after the first with
one line appended, so every copy is a distinct document (its own content, sha256 and key). Each
scale runs `kg run` in its own process with a private KG_HOME (its own embedded server, stopped
afterwards) and prints per stage the seconds, the seconds per 1× of corpus against 1× (1.00
means the stage grows linearly), the CPU seconds of the `kg` process and its extraction workers
(the database server's own are not counted) with the same ratio, the peak memory of the `kg`
process (or of the largest of its workers and forked processes) after the stage, and the peak memory
of the database server. The memory all of `kg run`'s processes hold at once is sampled too: the sum of
their proportional set sizes (a page shared by n processes counts 1/n in each), at its highest. On a
busy machine the CPU seconds are the figures to compare. The union Turtle file and then the views are
written by processes beside the database load (a forked copy, then a process sent the views'
snapshot): their time is in the publish stage, and
the views stage is what is left to wait for once the load is done (their CPU seconds are counted
in the stage in which they are waited for).

    .venv/bin/python bench/run.py [--scales 1,10,100] [--jobs N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
KG = Path(sys.executable).with_name("kg")


def make_corpus(factor: int, into: Path) -> int:
    """``factor`` distinct copies of every corpus document in ``into``; returns the characters written."""
    into.mkdir(parents=True, exist_ok=True)
    chars = 0
    for src in sorted(CORPUS.glob("*.txt")):
        text = src.read_text(encoding="utf-8")
        for i in range(factor):
            copy = text if i == 0 else f"{text.rstrip()}\n\n（copy {i}）\n"
            (into / f"{src.stem}-{i:03d}{src.suffix}").write_text(copy, encoding="utf-8")
            chars += len(copy)
    return chars


def server_peak_mib(home: Path) -> float | None:
    """VmHWM of the embedded server started for this scale, if it is still running."""
    pidfile = home / "falkordb" / "falkordb.pid"
    try:
        pid = int(pidfile.read_text().strip())
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        return None
    return None


class Footprint(threading.Thread):
    """The highest sum of the proportional set sizes of a process and its descendants (the embedded
    database server, ``server_pid``, and its own children left out), sampled until ``stop``."""

    def __init__(self, pid: int, server_pidfile: Path) -> None:
        super().__init__(daemon=True)
        self.pid, self.server_pidfile = pid, server_pidfile
        self.peak_mib: float | None = None
        self._done = threading.Event()

    def run(self) -> None:
        if not Path("/proc/self/smaps_rollup").exists():  # not Linux: not measured
            return
        while not self._done.wait(0.2):
            total = sum(_pss_kib(pid) for pid in self._processes())
            self.peak_mib = max(self.peak_mib or 0.0, total / 1024)

    def stop(self) -> None:
        self._done.set()
        self.join()

    def _processes(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
                children.setdefault(ppid, []).append(int(entry.name))
        try:
            server = int(self.server_pidfile.read_text().strip())
        except (OSError, ValueError):
            server = None
        found, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            if pid != server:
                found.append(pid)
                todo.extend(children.get(pid, []))
        return found


def _pss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:  # the process has ended
        return 0
    return 0


def measure(factor: int, jobs: int | None, work: Path) -> dict:
    corpus, home = work / f"corpus-{factor}", work / f"home-{factor}"
    chars = make_corpus(factor, corpus)
    timings = work / f"timings-{factor}.json"
    env = {**os.environ, "KG_HOME": str(home)}
    cmd = [str(KG), "run", str(corpus), "-o", str(work / f"graph-{factor}.ttl"), "--views", str(work / f"views-{factor}"),
           "--timings", str(timings)]
    if jobs is not None:
        cmd += ["--jobs", str(jobs)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    footprint = Footprint(proc.pid, home / "falkordb" / "falkordb.pid")
    footprint.start()
    try:
        _, stderr = proc.communicate()
        if proc.returncode:
            sys.exit(f"{factor}×: kg run failed: {stderr.strip()[-2000:]}")
    finally:
        wall = time.perf_counter() - start
        footprint.stop()
        server = server_peak_mib(home)
        subprocess.run([str(KG), "db", "stop"], env=env, capture_output=True)
    result = json.loads(timings.read_text())
    result.update(chars=chars, wall=wall, server_mib=server, footprint_mib=footprint.peak_mib)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10,100", help="corpus repetitions, comma separated")
    parser.add_argument("--jobs", type=int, default=None, help="extraction workers (default: kg run's own default)")
    parser.add_argument("--keep", type=Path, default=None, help="keep corpora, graphs and views in this directory")
    args = parser.parse_args()
    scales = [int(s) for s in args.scales.split(",")]
    work = args.keep or Path(tempfile.mkdtemp(prefix="kgb-", dir="/tmp"))  # short: unix socket paths are limited
    base: dict[str, float] = {}
    try:
        for factor in scales:
            r = measure(factor, args.jobs, work)
            stages = r["stages"]
            print(f"\n{factor}×: {r['documents']} documents, {r['chars']:,} characters, {r['resources']:,} resources, "
                  f"{r['triples']:,} triples; wall {r['wall']:.1f} s (process start included); all kg run's processes "
                  "at once at most " + (f"{r['footprint_mib']:.0f} MiB" if r["footprint_mib"] is not None else "n/a")
                  + "; database server peak " + (f"{r['server_mib']:.0f} MiB" if r["server_mib"] is not None else "n/a"))
            print(f"  {'stage':<10} {'seconds':>9} {'s per 1×':>9} {'vs 1×':>7} {'CPU s':>8} {'CPU vs 1×':>9} "
                  f"{'peak MiB':>9}")
            before = 0.0
            for name, st in [*stages.items(), ("total", None)]:
                seconds = sum(s["seconds"] for s in stages.values()) if st is None else st["seconds"]
                cpu = before if st is None else st["cpu_total"] - before
                before = before if st is None else st["cpu_total"]
                per, cpu_per = seconds / factor, cpu / factor
                base.setdefault(name, per)
                base.setdefault(f"{name} cpu", cpu_per)
                ratio = per / base[name] if base[name] else float("nan")
                cpu_ratio = cpu_per / base[f"{name} cpu"] if base[f"{name} cpu"] else float("nan")
                peak = max(s["peak_mib"] for s in stages.values()) if st is None else st["peak_mib"]
                print(f"  {name:<10} {seconds:>9.2f} {per:>9.2f} {ratio:>6.2f}× {cpu:>8.2f} {cpu_ratio:>8.2f}× {peak:>9.0f}")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
