"""A restarted kernel's first restores of small values, beside same-shape plain declarations.

Kernel A (a fresh cache) declares a slow helper and three values computed by it — a `long`,
a `String`, a small `List<record>` — and stores them. Then, per run, kernel B starts on the
same cache, answers `1+1` (the start is not measured here), declares the helper again and
restores the three values, each restoring cell next to a plain declaration of the same shape
(`long w0 = 42L;` ...), which no cache answers (a literal is not stored); which of the two
comes first alternates by run, as the first of a shape pays JShell's first compile of it. The
restore's extra cost is the restoring cell's wall time minus its plain twin's; `%cache why`
gives the kernel's own breakdown. Writes bench/results/first-restore.md. A benchmark: it never
fails on time.

    /usr/bin/python3 bench/cache/bench_first_restore.py [--runs 5]
"""
import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "kernel"))
from bench_kernel import JDKS, ROOT, Launched, kernel_argv  # noqa: E402

HELPER = ("record P(int x, String s) {}\n"
          "<T> T slow(T t) { try { Thread.sleep(1500); } catch (InterruptedException e) { } return t; }")
CELLS = [   # (restoring cell, its plain twin)
    ("long v = slow(41L) + 1;", "long w0 = 42L;"),
    ('String s = slow("ab") + "c";', 'String w1 = "abc";'),
    ("java.util.List<P> ps = slow(java.util.List.of(new P(1, \"a\"), new P(2, \"b\")));",
     "java.util.List<P> w2 = java.util.List.of(new P(1, \"a\"), new P(2, \"b\"));"),
]


def run(k, code):
    s = time.monotonic()
    out = []
    reply = k.client.execute_interactive(code, timeout=120, output_hook=out.append)
    elapsed = time.monotonic() - s
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"cell failed: {code}: {reply['content']}")
    return elapsed, reply.get("metadata", {}).get("java_cached", {}), out


def text(out):
    return "".join(m["content"].get("text", "") if m["msg_type"] == "stream" else m["content"]["data"]["text/plain"]
                   for m in out if m["msg_type"] in ("stream", "execute_result", "display_data"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    rows, whys = [], {}
    for name, java in JDKS.items():
        if java != "java" and not Path(java).exists():
            continue
        argv = kernel_argv(java)
        with tempfile.TemporaryDirectory() as cache:
            env = dict(os.environ, JAVA_CACHED_DIR=cache)
            a = Launched(argv, env)
            try:
                run(a, HELPER)
                for code, _ in CELLS:
                    run(a, code)
            finally:
                a.close()
            restore = [[] for _ in CELLS]
            plain = [[] for _ in CELLS]
            load = [os.getloadavg()[0]]
            for r in range(args.runs):
                b = Launched(argv, env)
                try:
                    run(b, HELPER)
                    # one plain declaration first, so that neither twin pays JShell's first
                    # evaluation of a declaration in this kernel (a literal needs no file
                    # recorder; a twin that calls the notebook's code may wait for its start,
                    # 0.4-0.5 s, in a kernel whose earlier runs of it were not seen quiet)
                    run(b, "int recorderStarted = 0;")
                    for i, (code, twin) in enumerate(CELLS):
                        if r % 2 == 0:   # alternate which of the two pays JShell's first evaluation of its shape
                            t, meta, _ = run(b, code)
                            p, _, _ = run(b, twin)
                        else:
                            p, _, _ = run(b, twin)
                            t, meta, _ = run(b, code)
                        restore[i].append(t)
                        plain[i].append(p)
                        if t > 1.0:
                            print(f"{name}: not restored? {code} {t:.2f}s {meta}", file=sys.stderr)
                    if r == args.runs - 1:
                        for var in ("v", "s", "ps"):
                            whys[(name, var)] = text(run(b, f"%cache why {var}")[2])
                finally:
                    b.close()
                print(name, [f"{x[-1] * 1000:.0f}/{y[-1] * 1000:.0f}" for x, y in zip(restore, plain)],
                      file=sys.stderr)
            load.append(os.getloadavg()[0])
            rows.append((name, restore, plain, load))
    lines = [
        "# First restore of a small value in a restarted kernel",
        "",
        f"Measured by `bench/cache/bench_first_restore.py` on {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores; "
        f"{args.runs} restarted kernels per JDK, each restoring three values right after `1+1`, the helper's "
        "declaration and one plain declaration (a literal), each restoring cell beside its plain twin (restore first in odd runs, "
        "twin first in even). Median (range) of wall time per cell; "
        "extra = median of (restore − plain) per kernel. Target (issue 15): extra ≤ 50 ms.",
        "",
        "| JDK | value | restoring cell | plain twin | extra | load avg (1 min, before → after) |",
        "|---|---|---|---|---|---|",
    ]

    def fmt(xs):
        ms = [x * 1000 for x in xs]
        return f"{statistics.median(ms):.0f} ms ({min(ms):.0f}–{max(ms):.0f})"

    for name, restore, plain, load in rows:
        for (code, _), r, p in zip(CELLS, restore, plain):
            extra = statistics.median(x - y for x, y in zip(r, p)) * 1000
            lines.append(f"| {name} | `{code.split('=')[0].strip()}` | {fmt(r)} | {fmt(p)} | {extra:.0f} ms "
                         f"| {load[0]:.1f} → {load[1]:.1f} |")
    lines += ["", "`%cache why` in the last restarted kernel:", ""]
    for (name, var), why in whys.items():
        lines += [f"{name}, `{var}`:", "", "```", why.strip(), "```", ""]
    out = ROOT / "bench" / "results" / "first-restore.md"
    out.write_text("\n".join(lines) + "\n")
    print(out.read_text())


if __name__ == "__main__":
    main()
