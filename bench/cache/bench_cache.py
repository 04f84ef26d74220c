"""Cached execution end to end: notebooks/03-heavy-cells.ipynb run three ways.

1. first run on an empty cache (computes and stores),
2. rerun in a NEW kernel process on the same cache (restores), five times (the median counts),
3. rerun in a new kernel with the cache off (`%cache off` first) — the uncached baseline;
and the cache machinery's cost on a trivial cell: median of 100 `1 + 1` cells with the
cache on vs off. Times are wall-clock from the first cell sent to the last reply, kernel
start-up excluded. Writes bench/results/cache.md. A benchmark: never fails on time.

    /usr/bin/python3 bench/cache/bench_cache.py
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from jupyter_client.manager import start_new_kernel

ROOT = Path(__file__).resolve().parents[2]
JAR = ROOT / "kernel" / "target" / "java-cached.jar"
NOTEBOOK = ROOT / "notebooks" / "03-heavy-cells.ipynb"
RERUNS = 5


def install(prefix):
    subprocess.run(["java", "-jar", str(JAR), "install", "--prefix", prefix], check=True,
                   stdout=subprocess.DEVNULL)
    os.environ["JUPYTER_PATH"] = str(Path(prefix) / "share" / "jupyter")


def run_cells(kc, cells, per_cell=None):
    meta = []
    for code in cells:
        s = time.monotonic()
        reply = kc.execute_interactive(code, timeout=600, output_hook=lambda m: None)
        if per_cell is not None:
            per_cell.append(time.monotonic() - s)
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"cell failed: {code[:60]}: {reply['content']}")
        meta.append(reply.get("metadata", {}).get("java_cached", {}))
    return meta


def session(cells, cache_off=False, trivial=0):
    km, kc = start_new_kernel(kernel_name="java-cached", startup_timeout=60)
    try:
        if cache_off:
            run_cells(kc, ["%cache off"])
        per_cell = []
        t0 = time.monotonic()
        meta = run_cells(kc, cells, per_cell)
        total = time.monotonic() - t0
        lat = []
        for i in range(trivial):
            s = time.monotonic()
            run_cells(kc, [f"{i} + 1"])
            lat.append(time.monotonic() - s)
        return total, meta, (statistics.median(lat) if lat else None), per_cell
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)


def main():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    cells = [c.source for c in nb.cells if c.cell_type == "code"]
    with tempfile.TemporaryDirectory() as prefix, tempfile.TemporaryDirectory() as cache:
        install(prefix)
        os.environ["JAVA_CACHED_DIR"] = cache
        load0 = os.getloadavg()[0]
        first, meta1, _, _ = session(cells)
        # reruns are short and the machine is noisy (shared 2-core VM): take the median of RERUNS
        reruns = [session(cells, trivial=100 if i == 0 else 0) for i in range(RERUNS)]
        uncached, _, off_cell, off_cells = session(cells, cache_off=True, trivial=100)
        load1 = os.getloadavg()[0]
    ordered = sorted(reruns, key=lambda r: r[0])
    rerun, meta2, _, on_cells = ordered[len(ordered) // 2]
    on_cell = reruns[0][2]
    restored = sorted({n for m in meta2 for n in m.get("restored", [])})
    stored = sorted({n for m in meta1 for n in m.get("stored", [])})
    lines = [
        "# Cached execution",
        "",
        f"`bench/cache/bench_cache.py` on {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, "
        f"notebook `notebooks/{NOTEBOOK.name}` ({len(cells)} code cells; one value is 320 MB).",
        "",
        "| run | wall time (cells only) |",
        "|---|---|",
        f"| first run, empty cache | {first:.2f} s |",
        f"| rerun after restart (new JVM, same cache), median of {RERUNS} | {rerun:.2f} s "
        f"({', '.join(f'{r[0]:.2f}' for r in reruns)}) |",
        f"| rerun after restart, cache off | {uncached:.2f} s |",
        f"| speed-up of the cached rerun over uncached | {uncached / rerun:.1f}× |",
        "",
        f"Stored on the first run: {', '.join(stored) or 'nothing'}; restored on the rerun: {', '.join(restored) or 'nothing'}. "
        f"Load average (1 min) {load0:.2f} before, {load1:.2f} after.",
        "",
        "Per cell (ms), the median rerun vs the uncached rerun:",
        "",
        "| cell | " + " | ".join(str(i + 1) for i in range(len(cells))) + " |",
        "|---|" + "---|" * len(cells),
        "| cached rerun | " + " | ".join(f"{t * 1000:.0f}" for t in on_cells) + " |",
        "| cache off | " + " | ".join(f"{t * 1000:.0f}" for t in off_cells) + " |",
        "",
        "| trivial cell `i + 1` | median of 100 |",
        "|---|---|",
        f"| cache on | {on_cell * 1000:.1f} ms |",
        f"| cache off | {off_cell * 1000:.1f} ms |",
        f"| overhead of the cache machinery | {(on_cell - off_cell) * 1000:+.1f} ms |",
        "",
        "Targets (issue 4): rerun after restart ≥ 20× faster than uncached; ≤ 5 ms median overhead on a trivial cell.",
    ]
    out = ROOT / "bench" / "results" / "cache.md"
    out.write_text("\n".join(lines) + "\n")
    print(out.read_text())


if __name__ == "__main__":
    sys.exit(main())
