"""Object-graph values through the real kernel: for each case of issue 10, the declaration's
cell in three kernel processes on one cache directory:

1. compute and store (cache on, threshold 0),
2. a NEW kernel restores it (the cell's wall time is the restore),
3. a NEW kernel with `%cache off` computes it again (the cell's wall time is the compute).

Types and helpers are declared first in each kernel (not timed). The restore is run RERUNS
times in fresh kernels (median). Appends a table to bench/results/codec.md. A benchmark:
never fails on time.

    /usr/bin/python3 bench/codec/bench_kernel_values.py
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from jupyter_client.manager import start_new_kernel

ROOT = Path(__file__).resolve().parents[2]
JAR = ROOT / "kernel" / "target" / "java-cached.jar"
RERUNS = 3

SETUP = [
    "record Row(int id, String name, double x, double y) {}",
    "class Link { Link next; Link first; int v; double[] payload; "
    "Link(Link first, int v) { this.first = first; this.v = v; this.payload = new double[] {v, v * 0.5}; } }",
    "java.util.List<Link> links(int n) { var l = new java.util.ArrayList<Link>(); var f = new Link(null, 0); l.add(f);"
    " for (int i = 1; i < n; i++) { var x = new Link(f, i); l.get(i - 1).next = x; l.add(x); } return l; }",
]

CASES = {
    "a: 60,000 notebook records": "var rows = java.util.stream.IntStream.range(0, 60_000)"
                                   ".mapToObj(i -> new Row(i, \"row\" + i, i * 0.5, -i))"
                                   ".collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));",
    "b: 1M strings": "var strings = java.util.stream.IntStream.range(0, 1_000_000).mapToObj(i -> \"string number \" + i)"
                     ".collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));",
    "c: 1M-entry HashMap<String, double[]>": "var byKey = buildMap(1_000_000);",
    "d: 1,000 linked notebook objects": "var chain = links(1000);",
}
# (c) is built by a method: a statement that fills a map is not a declaration, so it is not cached
SETUP.append("java.util.HashMap<String, double[]> buildMap(int n) { var m = new java.util.HashMap<String, double[]>(); "
             "for (int i = 0; i < n; i++) m.put(\"key\" + i, new double[] {i, i + 1, i + 2, i + 3}); return m; }")


def install(prefix):
    subprocess.run(["java", "-jar", str(JAR), "install", "--prefix", prefix], check=True,
                   stdout=subprocess.DEVNULL)
    os.environ["JUPYTER_PATH"] = str(Path(prefix) / "share" / "jupyter")


def run(kc, code):
    s = time.monotonic()
    reply = kc.execute_interactive(code, timeout=600, output_hook=lambda m: None)
    took = time.monotonic() - s
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"cell failed: {code[:60]}: {reply['content']}")
    return took, reply.get("metadata", {}).get("java_cached", {})


def session(cell, first=(), off=False):
    km, kc = start_new_kernel(kernel_name="java-cached", startup_timeout=60)
    try:
        for c in list(first) + SETUP:
            run(kc, c)
        if off:
            run(kc, "%cache off")
        return run(kc, cell)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)


def main():
    rows = []
    with tempfile.TemporaryDirectory() as prefix, tempfile.TemporaryDirectory() as cache:
        os.environ["JAVA_CACHED_DIR"] = cache
        install(prefix)
        load0 = os.getloadavg()[0]
        for name, cell in CASES.items():
            stored_t, meta = session(cell, first=["%cache threshold 0"])
            restores = []
            for _ in range(RERUNS):
                t, m = session(cell)
                if not m.get("restored"):
                    raise RuntimeError(f"{name}: not restored: {m}")
                restores.append(t)
            compute, _ = session(cell, off=True)
            restore = statistics.median(restores)
            rows.append((name, compute, stored_t, restore, meta.get("stored")))
        load1 = os.getloadavg()[0]
    lines = [
        "",
        "## Through the kernel, after a restart",
        "",
        f"`bench/codec/bench_kernel_values.py` on {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, "
        f"load {load0:.2f} → {load1:.2f}. Wall time of the declaration's cell (JShell's compile of it included), "
        f"each in a new kernel process; restore = median of {RERUNS} new kernels.",
        "",
        "| case | compute (cache off) | compute + store (first run) | restore after restart | restore / compute |",
        "|---|---|---|---|---|",
    ]
    for name, compute, stored_t, restore, _ in rows:
        lines.append(f"| {name} | {compute * 1000:.0f} ms | {stored_t * 1000:.0f} ms | {restore * 1000:.0f} ms "
                     f"| {restore / compute:.2f}× |")
    lines += ["", "Targets (issue 10): restore ≤ 0.2× compute for values that took ≥ 100 ms; "
              "60,000 records restore in under 0.5 s."]
    out = ROOT / "bench" / "results" / "codec.md"
    with out.open("a") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
