"""Kernel start-up and per-cell latency, measured through jupyter_client.

Measures, for each JDK: launch → kernel_info_reply, launch → first `1+1` result,
the median of 50 trivial cells, and the kernel's RSS after start. Writes a Markdown
table to bench/results/kernel.md. A benchmark, not a test: it never fails on time.

    /usr/bin/python3 bench/kernel/bench_kernel.py [--runs 5]
"""
import argparse
import atexit
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from jupyter_client import BlockingKernelClient
from jupyter_client.connect import write_connection_file

ROOT = Path(__file__).resolve().parents[2]
JAR = ROOT / "kernel" / "target" / "java-cached.jar"
JDKS = {"JDK 17": "java", "JDK 25": "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java"}


def kernel_argv(java):
    """The argv of the kernelspec that installing with the given java binary writes (its JVM
    flags and CDS archive depend on that JDK, so installing with another JDK would measure a
    mismatched archive). The prefix must outlive the kernel: the argv points at its CDS archive
    (deleting it at once, as this did before, measured the kernel without any archive)."""
    prefix = tempfile.mkdtemp(prefix="bench-kernelspec-")
    atexit.register(shutil.rmtree, prefix, True)
    subprocess.run([java, "-jar", str(JAR), "install", "--prefix", prefix], check=True,
                   stdout=subprocess.DEVNULL)
    spec = json.loads((Path(prefix) / "share/jupyter/kernels/java-cached/kernel.json").read_text())
    return spec["argv"]   # /bin/sh -c ... exec JAVA ...: the pid is the kernel's


def rss_mib(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def interrupt_latency(client, code):
    """Seconds from interrupt_request (control channel) to the cell's execute_reply."""
    msg_id = client.execute(code)
    while True:
        msg = client.get_iopub_msg(timeout=30)
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "execute_input":
            break
    time.sleep(0.3)
    started = time.monotonic()
    interrupt = client.session.msg("interrupt_request", {})
    client.control_channel.send(interrupt)
    while True:
        reply = client.get_shell_msg(timeout=30)
        if reply["parent_header"].get("msg_id") == msg_id:
            elapsed = time.monotonic() - started
            break
    while True:   # the cell is over once the kernel is idle again
        msg = client.get_iopub_msg(timeout=30)
        if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                and msg["content"]["execution_state"] == "idle"):
            return elapsed


class Launched:
    """A kernel process started from a kernelspec argv, with a connected client; `first` is
    launch → kernel_info_reply and `first_result` launch → the result of `1+1` (seconds)."""

    def __init__(self, argv, env):
        self.conn_file, _ = write_connection_file(tempfile.mktemp(suffix=".json"), ip="127.0.0.1")
        self.client = BlockingKernelClient(connection_file=self.conn_file)
        self.client.load_connection_file()
        argv = [a.replace("{connection_file}", self.conn_file) for a in argv]
        self.client.start_channels()
        t0 = time.monotonic()
        self.proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        reply = None
        while reply is None:   # the kernel may not be listening yet: ask again
            if self.proc.poll() is not None:
                raise RuntimeError(f"kernel exited with {self.proc.returncode}: {argv}")
            self.client.kernel_info()
            try:
                reply = self.client.get_shell_msg(timeout=0.05)
            except Exception:
                pass
        self.info = time.monotonic() - t0
        outputs = []
        self.client.execute_interactive("1+1", timeout=60, output_hook=outputs.append)
        self.first_result = time.monotonic() - t0
        assert any(m["msg_type"] == "execute_result" and m["content"]["data"]["text/plain"] == "2"
                   for m in outputs), outputs

    def cell_median(self, cells):
        lat = []
        for i in range(cells):
            s = time.monotonic()
            self.client.execute_interactive(f"{i} + 1", timeout=60, output_hook=lambda m: None)
            lat.append(time.monotonic() - s)
        return statistics.median(lat)

    def close(self):
        try:
            self.client.shutdown()
            self.proc.wait(10)
        except Exception:
            self.proc.kill()
        self.client.stop_channels()
        os.unlink(self.conn_file)


def one_run(java, cells, cache_dir):
    k = Launched(kernel_argv(java), dict(os.environ, JAVA_CACHED_DIR=cache_dir))
    try:
        rss_start = rss_mib(k.proc.pid)
        cell = k.cell_median(cells)
        rss_cells = rss_mib(k.proc.pid)
        stops = [interrupt_latency(k.client, code) for code in ("while (true) { }", "Thread.sleep(600_000);")]
        return k.info, k.first_result, cell, rss_start, rss_cells, *stops
    finally:
        k.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cells", type=int, default=50)
    args = parser.parse_args()
    rows = []
    for name, java in JDKS.items():
        if java != "java" and not Path(java).exists():
            continue
        runs = []
        for _ in range(args.runs):
            with tempfile.TemporaryDirectory() as cache_dir:
                runs.append(one_run(java, args.cells, cache_dir))
        med = [statistics.median(r[i] for r in runs) for i in range(7)]
        rows.append((name, *med))
        print(name, med, file=sys.stderr)
    out = ROOT / "bench" / "results" / "kernel.md"
    lines = [
        "# Kernel start-up and latency",
        "",
        f"Measured by `bench/kernel/bench_kernel.py` on {time.strftime('%Y-%m-%d')}, "
        f"{os.cpu_count()} cores; median of {args.runs} launches, {args.cells} trivial cells each.",
        "",
        "| JDK | launch → kernel_info_reply | launch → first `1+1` result | trivial cell (median) | RSS after first result | RSS after 50 cells | interrupt `while (true) {}` | interrupt `Thread.sleep` |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, info, first, cell, rss0, rss1, loop, sleep in rows:
        lines.append(f"| {name} | {info * 1000:.0f} ms | {first * 1000:.0f} ms | {cell * 1000:.1f} ms "
                     f"| {rss0:.0f} MiB | {rss1:.0f} MiB | {loop * 1000:.0f} ms | {sleep * 1000:.0f} ms |")
    lines += ["", f"Load average during the run: {os.getloadavg()[0]:.2f} (1 min).",
              "", "Targets (issue 2): first result ≤ 1.0 s, trivial cell ≤ 60 ms median, RSS ≤ 150 MB, "
              "interrupt ≤ 1 s on JDK 17 and JDK 25."]
    out.write_text("\n".join(lines) + "\n")
    print(out.read_text())


if __name__ == "__main__":
    main()
