"""The shared remote tier through real kernels (jupyter_client) and a real nginx with WebDAV,
started here on 127.0.0.1 and a free port (test.sh installs Debian's nginx-light).

A writer kernel computes and uploads; a reader kernel that shares nothing with it but the
server and the writer's public key -- another JAVA_CACHED_DIR, another working directory,
another home folder and so another local Maven repository (~/.m2 through -Duser.home) --
restores every value without running an initializer (side-effect files are the ground truth),
and its next restart is served by its local store with the server gone. Tampered entries are
misses with the right value computed; a server stopped mid-session costs a bounded time and the
kernel goes on; a reader never uploads.
"""
import os
import shutil
import socket
import subprocess
import tempfile
import time
import unittest
from pathlib import Path

import kernel_env
from cache_e2e import MARK, CellResult
from jupyter_client.manager import start_new_kernel
from test_maven_kernel import ARTIFACT, GROUP, build_repo

NGINX = next((p for p in ("/usr/sbin/nginx", "/usr/bin/nginx") if Path(p).exists()), None)

CONF = """daemon off;
master_process off;
worker_processes 1;
pid {d}/nginx.pid;
error_log {d}/error.log warn;
events {{ worker_connections 256; }}
http {{
  access_log off;
  client_body_temp_path {d}/tmp/body;
  proxy_temp_path {d}/tmp/proxy;
  fastcgi_temp_path {d}/tmp/fastcgi;
  uwsgi_temp_path {d}/tmp/uwsgi;
  scgi_temp_path {d}/tmp/scgi;
  client_max_body_size 0;
  server {{
    listen 127.0.0.1:{port};
    root {d}/data;
    location / {{ dav_methods PUT DELETE; create_full_put_path on; dav_access user:rw; {extra}}}
  }}
}}
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Nginx:
    """nginx in the foreground with its own prefix in a temp folder; stop() ends it."""

    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="nginx-"))
        (self.dir / "data").mkdir()
        (self.dir / "tmp").mkdir()
        self.port = free_port()
        self.start()

    def start(self, extra=""):
        (self.dir / "nginx.conf").write_text(CONF.format(d=self.dir, port=self.port, extra=extra))
        self.proc = subprocess.Popen([NGINX, "-p", str(self.dir), "-c", str(self.dir / "nginx.conf"),
                                      "-e", str(self.dir / "error.log")],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise RuntimeError("nginx did not start: " + (self.dir / "error.log").read_text())
                time.sleep(0.02)  # a child process starting to listen: nothing else to wait on

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/java-cached/"

    def files(self, sub=""):
        root = self.dir / "data" / "java-cached" / sub
        return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []

    def restart(self, extra):
        """The same files and port, with {extra} added to the location (e.g. a rate limit)."""
        self.stop()
        self.start(extra)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)

    def remove(self):
        self.stop()
        shutil.rmtree(self.dir, True)


class Machine:
    """What differs between two people's kernels: cache dir, working directory, home (so ~/.m2)."""

    def __init__(self, root, name):
        self.cache = root / name / "cache"
        self.cwd = root / name / "work"
        self.home = root / name / "home"
        for d in (self.cache, self.cwd, self.home):
            d.mkdir(parents=True)


class RemoteKernel:
    def __init__(self, machine, **remote_env):
        env = dict(os.environ)
        for k in list(env):
            if k.startswith("JAVA_CACHED_REMOTE"):
                del env[k]
        env["JAVA_CACHED_DIR"] = str(machine.cache)
        env["JAVA_TOOL_OPTIONS"] = f"-Duser.home={machine.home}"
        env.update({k: str(v) for k, v in remote_env.items()})
        self.km, self.kc = start_new_kernel(kernel_name=kernel_env.KERNEL, startup_timeout=60, env=env,
                                            cwd=str(machine.cwd))

    def run(self, code, timeout=120):
        outputs = []
        reply = self.kc.execute_interactive(code, timeout=timeout, output_hook=outputs.append, allow_stdin=False)
        return CellResult(reply, outputs)

    def close(self):
        try:
            self.kc.stop_channels()
        finally:
            self.km.shutdown_kernel(now=False)


@unittest.skipIf(NGINX is None, "nginx is not installed (test.sh installs nginx-light)")
class RemoteTierTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.root = Path(tempfile.mkdtemp(prefix="remote-tier-"))
        cls.repo = cls.root / "mvnrepo"
        cls.repo.mkdir()
        build_repo(cls.repo)
        cls.keys = cls.root / "keys"
        subprocess.run(["java", "-jar", str(kernel_env.JAR), "keygen", str(cls.keys)], check=True,
                       stdout=subprocess.DEVNULL)
        cls.other_keys = cls.root / "other-keys"
        subprocess.run(["java", "-jar", str(kernel_env.JAR), "keygen", str(cls.other_keys)], check=True,
                       stdout=subprocess.DEVNULL)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.root, True)

    def setUp(self):
        self.server = Nginx()
        self.addCleanup(self.server.remove)
        self.marks = Path(tempfile.mkdtemp(prefix="marks-", dir=self.root))
        self.kernels = []
        self.addCleanup(self._close_all)
        self.n = 0

    def _close_all(self):
        for k in self.kernels:
            try:
                k.close()
            except Exception:
                pass

    def machine(self, name):
        self.n += 1
        return Machine(self.root / f"{self._testMethodName}-{self.n}", name)

    def kernel(self, machine, writer=False, trust=None, url=None):
        env = {"JAVA_CACHED_REMOTE": url or self.server.url,
               "JAVA_CACHED_REMOTE_TRUST": trust or self.keys / "public.pem",
               "JAVA_CACHED_REMOTE_TIMEOUT_MS": 1000}
        if writer:
            env["JAVA_CACHED_REMOTE_WRITE"] = (writer if isinstance(writer, Path) else self.keys / "private.pem")
        k = RemoteKernel(machine, **env)
        self.kernels.append(k)
        return k

    def stop(self, k):
        self.kernels.remove(k)
        k.close()

    def ok(self, k, code):
        r = k.run(code)
        self.assertEqual("ok", r.status, f"cell failed: {code!r}\n{r.text}")
        return r

    def value(self, k, expr):
        r = self.ok(k, expr)
        return r.results[0]

    def mark(self, name):
        return f'mark("{self.marks / name}")'

    def runs(self, name):
        p = self.marks / name
        return p.stat().st_size if p.exists() else 0

    def cells(self):
        return [f"%mavenRepo e2elocal {self.repo.as_uri()}\n%maven {GROUP}:{ARTIFACT}:1.0",
                f'var p = new e2emvn.Lib.Point(3, 4 + {self.mark("p")} - 1);',
                'double[] roots(int n) { double[] d = new double[n]; for (int i = 0; i < n; i++) d[i] = Math.sqrt(i);'
                ' return d; }\n'
                f'double[] big = roots(2_000_000 + {self.mark("big")} - 1);',
                f'var words = new java.util.ArrayList<>(java.util.List.of("a", "b", "c" + {self.mark("words")}));',
                f'long total = java.util.Arrays.stream(big).mapToLong(d -> (long) d).sum() + {self.mark("total")};']

    def jar_in_local_repo(self, machine):
        """The library's jar in this machine's own local Maven repository (so at its own absolute path)."""
        jars = list((machine.home / ".m2" / "repository").rglob(f"{ARTIFACT}-1.0.jar"))
        self.assertEqual(1, len(jars), f"the kernel resolved into {machine.home}/.m2")
        return jars[0]

    def compute_as_writer(self):
        self.a_machine = self.machine("a")
        a = self.kernel(self.a_machine, writer=True)
        self.ok(a, "%cache threshold 0")
        self.ok(a, MARK)
        results = [self.ok(a, c) for c in self.cells()]
        self.assertEqual(["p"], results[1].names("stored"), repr(results[1]))
        expected = {e: self.value(a, e) for e in ("p.toString()", "big[1_999_999]", "words", "total")}
        self.assertIn("writer", self.ok(a, "%cache remote").text)
        self.stop(a)  # the kernel finishes its uploads before it exits
        self.assertEqual(4, len(self.server.files("ac")), [str(f) for f in self.server.files()])
        return expected

    def test_readerOnAnotherMachine_restoresEverything_thenLocallyWithoutTheServer(self):
        expected = self.compute_as_writer()
        uploaded = self.server.files()
        b_machine = self.machine("b")
        b = self.kernel(b_machine)
        self.ok(b, MARK)
        restored = []
        for c in self.cells():
            restored += self.ok(b, c).names("restored")
        self.assertEqual(["p", "big", "words", "total"], restored)
        self.assertEqual((1, 1, 1, 1), tuple(self.runs(n) for n in ("p", "big", "words", "total")),
                         "no initializer ran on the reader")
        self.assertEqual(expected, {e: self.value(b, e) for e in expected})
        self.assertNotEqual(self.jar_in_local_repo(self.a_machine), self.jar_in_local_repo(b_machine))
        status = self.ok(b, "%cache remote").text
        self.assertIn("reader (never uploads)", status)
        self.assertIn("4 hit(s)", status)
        self.assertIn("reachable", status)
        self.stop(b)
        self.assertEqual(uploaded, self.server.files(), "a reader never uploads")

        self.server.stop()
        b = self.kernel(b_machine)
        self.ok(b, MARK)
        restored = []
        for c in self.cells():
            restored += self.ok(b, c).names("restored")
        self.assertEqual(["p", "big", "words", "total"], restored, "served by the local store")
        self.assertEqual((1, 1, 1, 1), tuple(self.runs(n) for n in ("p", "big", "words", "total")))

    def test_tamperedEntries_areMisses_withTheRightValueComputed(self):
        expected = self.compute_as_writer()
        blobs = self.server.files("cas")
        big_blob = max(blobs, key=lambda f: f.stat().st_size)
        data = bytearray(big_blob.read_bytes())
        data[len(data) // 2] ^= 0x40                    # the bytes of big, replaced on the server
        big_blob.write_bytes(bytes(data))
        b = self.kernel(self.machine("b"))
        self.ok(b, MARK)
        self.ok(b, self.cells()[0])
        self.ok(b, self.cells()[1])
        r = self.ok(b, self.cells()[2])
        self.assertIn("big", r.names("computed"), repr(r))
        self.assertEqual(2, self.runs("big"))
        self.assertIn("SHA-256 mismatch", r.stderr)
        self.assertEqual(expected["big[1_999_999]"], self.value(b, "big[1_999_999]"))
        self.stop(b)

        c = self.kernel(self.machine("c"), trust=self.other_keys / "public.pem")
        self.ok(c, MARK)
        self.ok(c, self.cells()[0])
        r = self.ok(c, self.cells()[1])
        self.assertEqual(["p"], r.names("computed"), repr(r))
        self.assertIn("not signed by a trusted writer", r.stderr)
        self.assertEqual(expected["p.toString()"], self.value(c, "p.toString()"))
        self.assertEqual(2, self.runs("p"))

    def test_serverStoppedMidSession_boundedAndTheKernelGoesOn(self):
        b = self.kernel(self.machine("b"))
        self.ok(b, "%cache threshold 0")
        self.ok(b, MARK)
        self.assertEqual(["x"], self.ok(b, f"var x = 1 + {self.mark('x')};").names("computed"))
        self.server.stop()
        t0 = time.monotonic()
        r = self.ok(b, f"var y = 2 + {self.mark('y')};")
        first = time.monotonic() - t0
        self.assertIn("unavailable", r.stderr)
        t0 = time.monotonic()
        for i in range(10):
            r = self.ok(b, f"var z{i} = {i} + {self.mark('z')};")
            self.assertNotIn("unavailable", r.stderr, "said once")
        rest = time.monotonic() - t0
        self.assertLess(first, 5, "bounded by the 1 s timeout")
        self.assertLess(rest, 10)
        self.assertEqual("3", self.value(b, "y"))
        self.assertIn("unreachable", self.ok(b, "%cache remote").text)


    def test_interruptedDownload_keepsNothing_andTheKernelGoesOn(self):
        self.compute_as_writer()
        self.server.restart("limit_rate 2m; ")    # big's 16 MB now take ~8 s to come down
        b = self.kernel(self.machine("b"))
        self.ok(b, MARK)
        self.ok(b, self.cells()[0])
        msg_id = b.kc.execute(self.cells()[2])
        while True:
            msg = b.kc.get_iopub_msg(timeout=30)
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "execute_input":
                break
        time.sleep(1.5)  # well into the download: the thing under test is stopping it
        started = time.monotonic()
        b.km.interrupt_kernel()
        reply = b.kc.get_shell_msg(timeout=15)
        elapsed = time.monotonic() - started
        self.assertEqual(msg_id, reply["parent_header"]["msg_id"])
        self.assertEqual("error", reply["content"]["status"])
        self.assertLess(elapsed, 4.0, f"the interrupt took {elapsed:.1f} s to stop the download")
        self.assertEqual(1, self.runs("big"), "the initializer did not run either")
        self.assertEqual("2", self.value(b, "1 + 1"), "the kernel goes on")
        self.server.stop()                         # so only the local store could serve big now
        r = self.ok(b, self.cells()[2])
        self.assertEqual(["big"], r.names("computed"), "nothing was kept from the stopped download")
        self.assertEqual(2, self.runs("big"))

if __name__ == "__main__":
    unittest.main()
