"""Statements cached by their effect: notebooks/07-declare-then-fill.ipynb run with this tree's
jar and with the main branch's jar (which caches declarations only), side by side in one run.

For each jar: a first run on an empty cache, reruns in NEW kernel processes on the same cache
(median of RERUNS), and this tree's jar once more with the cache off (`%cache off`). Times are
wall-clock from the first cell sent to the last reply, kernel start-up excluded. Writes
bench/results/effects.md. A benchmark: never fails on time.

    /usr/bin/python3 bench/effects/bench_effects.py [MAIN_JAR]
"""
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
MAIN_JAR = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/work/main/kernel/target/java-cached.jar")
NOTEBOOK = ROOT / "notebooks" / "07-declare-then-fill.ipynb"
RERUNS = 3


def install(jar, prefix):
    subprocess.run(["java", "-jar", str(jar), "install", "--prefix", prefix], check=True,
                   stdout=subprocess.DEVNULL)
    return str(Path(prefix) / "share" / "jupyter")


def session(jupyter_path, cache, cells, cache_off=False):
    os.environ["JUPYTER_PATH"] = jupyter_path
    os.environ["JAVA_CACHED_DIR"] = cache
    km, kc = start_new_kernel(kernel_name="java-cached", startup_timeout=60)
    try:
        if cache_off:
            kc.execute_interactive("%cache off", timeout=60, output_hook=lambda m: None)
        per_cell, meta = [], []
        t0 = time.monotonic()
        for code in cells:
            s = time.monotonic()
            reply = kc.execute_interactive(code, timeout=600, output_hook=lambda m: None)
            per_cell.append(time.monotonic() - s)
            if reply["content"]["status"] != "ok":
                raise RuntimeError(f"cell failed: {code[:60]}: {reply['content']}")
            meta.append(reply.get("metadata", {}).get("java_cached", {}))
        return time.monotonic() - t0, per_cell, meta
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)


def runs(jar, cells, prefix, cache):
    jp = install(jar, prefix)
    first = session(jp, cache, cells)
    reruns = sorted((session(jp, cache, cells) for _ in range(RERUNS)), key=lambda r: r[0])
    return jp, first, reruns


def main():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    cells = [c.source for c in nb.cells if c.cell_type == "code"]
    load0 = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as p1, tempfile.TemporaryDirectory() as c1, \
            tempfile.TemporaryDirectory() as p2, tempfile.TemporaryDirectory() as c2, \
            tempfile.TemporaryDirectory() as c3:
        jp, first, reruns = runs(JAR, cells, p1, c1)
        off = session(jp, c3, cells, cache_off=True)
        _, mfirst, mreruns = runs(MAIN_JAR, cells, p2, c2)
    load1 = os.getloadavg()[0]
    rerun, mrerun = reruns[len(reruns) // 2], mreruns[len(mreruns) // 2]
    restored = [", ".join(m.get("restored", [])) for m in rerun[2]]
    stored = sorted({n for m in first[2] for n in m.get("stored", [])})
    saved = 1 - rerun[0] / mrerun[0]
    # the cells whose heavy work is a statement (the ones restored on this branch's rerun)
    heavy = [i for i, m in enumerate(rerun[2]) if m.get("restored")]
    h_ours = sum(rerun[1][i] for i in heavy)
    h_main = sum(mrerun[1][i] for i in heavy)
    h_off = sum(off[1][i] for i in heavy)
    lines = [
        "# Statements cached by their effect",
        "",
        f"`bench/effects/bench_effects.py` on {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, "
        f"notebook `notebooks/{NOTEBOOK.name}` ({len(cells)} code cells: declare-then-fill loops over "
        "a 60,000-line CSV, a parameter sweep). \"main\" is the main branch's jar, which caches "
        "declarations only; both run in this one session, one after the other.",
        "",
        "| run | this branch | main |",
        "|---|---|---|",
        f"| first run, empty cache | {first[0]:.2f} s | {mfirst[0]:.2f} s |",
        f"| rerun after restart, median of {RERUNS} | {rerun[0]:.2f} s ({', '.join(f'{r[0]:.2f}' for r in reruns)}) "
        f"| {mrerun[0]:.2f} s ({', '.join(f'{r[0]:.2f}' for r in mreruns)}) |",
        f"| rerun, cache off | {off[0]:.2f} s | |",
        "",
        f"Statement caching saves **{saved:.0%}** of the notebook's rerun time after a restart "
        f"({mrerun[0]:.2f} s → {rerun[0]:.2f} s); the cached rerun is {off[0] / rerun[0]:.1f}× faster than "
        f"with the cache off. Stored on the first run: {', '.join(stored) or 'nothing'}. "
        f"Load average (1 min) {load0:.2f} before, {load1:.2f} after.",
        "",
        f"The cells whose heavy step is a statement (cells {', '.join(str(i + 1) for i in heavy)}) took "
        f"{h_ours:.2f} s on this branch's rerun, {h_main:.2f} s on main's and {h_off:.2f} s with the cache off: "
        f"statement caching saves {1 - h_ours / h_main:.0%} of their time. The rest of the notebook "
        "(imports, the record, the CSV check, the printing loop) runs either way; most of it is JShell "
        "compiling the first cells of a fresh kernel.",
        "",
        "Per cell (ms):",
        "",
        "| cell | " + " | ".join(str(i + 1) for i in range(len(cells))) + " |",
        "|---|" + "---|" * len(cells),
        "| first run | " + " | ".join(f"{t * 1000:.0f}" for t in first[1]) + " |",
        "| first run, main | " + " | ".join(f"{t * 1000:.0f}" for t in mfirst[1]) + " |",
        "| rerun | " + " | ".join(f"{t * 1000:.0f}" for t in rerun[1]) + " |",
        "| rerun, main | " + " | ".join(f"{t * 1000:.0f}" for t in mrerun[1]) + " |",
        "| cache off | " + " | ".join(f"{t * 1000:.0f}" for t in off[1]) + " |",
        "| restored on the rerun | " + " | ".join(r or "–" for r in restored) + " |",
    ]
    out = ROOT / "bench" / "results" / "effects.md"
    out.write_text("\n".join(lines) + "\n")
    print(out.read_text())


if __name__ == "__main__":
    sys.exit(main())
