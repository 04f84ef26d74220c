"""Statements cached by their effect: notebooks/07-declare-then-fill.ipynb run with this tree's
jar and, given OTHER_JAR (e.g. a jar that caches declarations only), with that one too, side
by side in one run.

For each jar: a first run on an empty cache, reruns in NEW kernel processes on the same cache
(median of RERUNS), and this tree's jar once more with the cache off (`%cache off`). Times are
wall-clock from the first cell sent to the last reply, kernel start-up excluded.

--scale N multiplies the notebook's work (the aggregation passes and the training epochs) by
N in the copy that is run: the notebook itself keeps its heavy steps under a few seconds so the
test suite that runs it stays quick, while a real notebook's heavy steps take minutes. Writes
bench/results/effects.md (effects-scale-N.md for N > 1). A benchmark: never fails on time.

    /usr/bin/python3 bench/effects/bench_effects.py [--scale N] [OTHER_JAR]
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
SCALE = 1
if len(sys.argv) > 2 and sys.argv[1] == "--scale":
    SCALE = int(sys.argv[2])
    del sys.argv[1:3]
MAIN_JAR = Path(sys.argv[1]) if len(sys.argv) > 1 else None
# the constants that set how much work the notebook's heavy steps do
WORK = ["pass < 150", "fit(sales, rate, 2000)", "fit(train, rate, 4000)"]


def scaled(code):
    for w in WORK:
        number = next(t for t in w.replace(")", " ").split() if t.isdigit())
        code = code.replace(w, w.replace(number, str(int(number) * SCALE)))
    return code
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
    cells = [scaled(c.source) for c in nb.cells if c.cell_type == "code"]
    assert SCALE == 1 or all(any(w.replace(next(t for t in w.replace(")", " ").split() if t.isdigit()),
                                              str(int(next(t for t in w.replace(")", " ").split() if t.isdigit())) * SCALE))
                                    in c for c in cells) for w in WORK), "the notebook's work constants changed"
    load0 = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as p1, tempfile.TemporaryDirectory() as c1, \
            tempfile.TemporaryDirectory() as p2, tempfile.TemporaryDirectory() as c2, \
            tempfile.TemporaryDirectory() as c3:
        jp, first, reruns = runs(JAR, cells, p1, c1)
        off = session(jp, c3, cells, cache_off=True)
        _, mfirst, mreruns = runs(MAIN_JAR, cells, p2, c2) if MAIN_JAR else (None, first, reruns)
    load1 = os.getloadavg()[0]
    rerun, mrerun = reruns[len(reruns) // 2], mreruns[len(mreruns) // 2]
    restored = [", ".join(m.get("restored", [])) for m in rerun[2]]
    stored = sorted({n for m in first[2] for n in m.get("stored", [])})
    heavy = [i for i, m in enumerate(rerun[2]) if m.get("restored")]
    other = MAIN_JAR is not None
    lines = [
        "# Statements cached by their effect",
        "",
        f"`bench/effects/bench_effects.py{' --scale ' + str(SCALE) if SCALE > 1 else ''}` on "
        f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, notebook `notebooks/{NOTEBOOK.name}` "
        f"({len(cells)} code cells: declare-then-fill loops over a 60,000-line CSV, a parameter sweep)"
        + (f", its aggregation passes and training epochs × {SCALE}" if SCALE > 1 else "") + ". "
        + (f"\"other\" is `{MAIN_JAR}`, run in this same session, one after the other." if other else ""),
        "",
        "| run | this jar |" + (" other |" if other else ""),
        "|---|---|" + ("---|" if other else ""),
        f"| first run, empty cache | {first[0]:.2f} s |" + (f" {mfirst[0]:.2f} s |" if other else ""),
        f"| rerun after restart, median of {RERUNS} | {rerun[0]:.2f} s ({', '.join(f'{r[0]:.2f}' for r in reruns)}) |"
        + (f" {mrerun[0]:.2f} s ({', '.join(f'{r[0]:.2f}' for r in mreruns)}) |" if other else ""),
        f"| rerun, cache off | {off[0]:.2f} s |" + (" |" if other else ""),
        "",
        f"The rerun after a restart is **{off[0] / rerun[0]:.1f}×** faster than with the cache off "
        f"(target ≥ 10×). Stored on the first run: {', '.join(stored) or 'nothing'}; restored on the rerun: "
        f"{', '.join(r for r in restored if r) or 'nothing'}. Load average (1 min) {load0:.2f} before, {load1:.2f} after.",
        "",
        f"The cells restored on the rerun (cells {', '.join(str(i + 1) for i in heavy)}) took "
        f"{sum(rerun[1][i] for i in heavy):.2f} s on the rerun and {sum(off[1][i] for i in heavy):.2f} s with the "
        "cache off; the rest of the notebook (imports, the record, the CSV check, the printing loop) runs "
        "either way, most of it JShell compiling the cells of a fresh kernel.",
        "",
        "Per cell (ms):",
        "",
        "| cell | " + " | ".join(str(i + 1) for i in range(len(cells))) + " |",
        "|---|" + "---|" * len(cells),
        "| first run | " + " | ".join(f"{t * 1000:.0f}" for t in first[1]) + " |",
        "| rerun | " + " | ".join(f"{t * 1000:.0f}" for t in rerun[1]) + " |",
        "| cache off | " + " | ".join(f"{t * 1000:.0f}" for t in off[1]) + " |",
        "| restored on the rerun | " + " | ".join(r or "–" for r in restored) + " |",
    ]
    if other:
        lines += ["| first run, other | " + " | ".join(f"{t * 1000:.0f}" for t in mfirst[1]) + " |",
                  "| rerun, other | " + " | ".join(f"{t * 1000:.0f}" for t in mrerun[1]) + " |"]
    out = ROOT / "bench" / "results" / ("effects.md" if SCALE == 1 else f"effects-scale-{SCALE}.md")
    out.write_text("\n".join(lines) + "\n")
    print(out.read_text())


if __name__ == "__main__":
    sys.exit(main())
