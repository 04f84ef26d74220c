"""Helpers for the persistent-cache end-to-end tests: a real kernel process on a given cache
directory, cells run through jupyter_client, and side-effect files that say whether an
initializer really ran.

A "restart" is always: shut the kernel process down, start a new one on the same
JAVA_CACHED_DIR.
"""
import os
import shutil
import tempfile
import unittest
from pathlib import Path

import kernel_env
from jupyter_client.manager import start_new_kernel

# A notebook helper that appends one byte to a file each time it runs: the ground truth for
# "the initializer ran". Not static (top-level JShell methods are already top-level).
MARK = ('int mark(String f) { try { java.nio.file.Files.writeString(java.nio.file.Path.of(f), "x", '
        'java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND); } '
        'catch (Exception e) { throw new RuntimeException(e); } return 1; }')


class CellResult:
    def __init__(self, reply, outputs):
        self.reply = reply
        self.outputs = outputs

    @property
    def status(self):
        return self.reply["content"]["status"]

    @property
    def cache(self):
        return self.reply.get("metadata", {}).get("java_cached", {})

    def names(self, section):
        return self.cache.get(section, [] if section != "uncacheable" else {})

    @property
    def stdout(self):
        return "".join(m["content"]["text"] for m in self.outputs
                       if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")

    @property
    def stderr(self):
        return "".join(m["content"]["text"] for m in self.outputs
                       if m["msg_type"] == "stream" and m["content"]["name"] == "stderr")

    @property
    def results(self):
        return [m["content"]["data"].get("text/plain") for m in self.outputs if m["msg_type"] == "execute_result"]

    @property
    def displays(self):
        return [m["content"]["data"] for m in self.outputs if m["msg_type"] == "display_data"]

    @property
    def text(self):
        """Everything shown, as plain text (streams, results, displays, errors)."""
        parts = []
        for m in self.outputs:
            c = m["content"]
            if m["msg_type"] == "stream":
                parts.append(c["text"])
            elif m["msg_type"] in ("execute_result", "display_data"):
                parts.append(c["data"].get("text/plain", ""))
            elif m["msg_type"] == "error":
                parts.append(c["ename"] + ": " + c["evalue"] + "\n" + "\n".join(c["traceback"]))
        return "".join(parts)

    @property
    def error(self):
        errs = [m["content"] for m in self.outputs if m["msg_type"] == "error"]
        return errs[0] if errs else None

    def __repr__(self):
        return f"<{self.status} cache={self.cache} text={self.text!r}>"


class Kernel:
    """One real kernel process on `cache_dir`."""

    def __init__(self, cache_dir, kernel_name=kernel_env.KERNEL):
        os.environ["JAVA_CACHED_DIR"] = cache_dir
        self.km, self.kc = start_new_kernel(kernel_name=kernel_name, startup_timeout=60)

    def run(self, code, timeout=120):
        outputs = []
        reply = self.kc.execute_interactive(code, timeout=timeout, output_hook=outputs.append,
                                            allow_stdin=False)
        return CellResult(reply, outputs)

    def ok(self, test, code, timeout=120):
        r = self.run(code, timeout)
        test.assertEqual("ok", r.status, f"cell failed: {code!r}\n{r.text}")
        return r

    def value(self, test, expr):
        r = self.ok(test, expr)
        test.assertEqual(1, len(r.results), f"{expr!r} gave no single result: {r!r}")
        return r.results[0]

    def complete(self, code, cursor_pos=None):
        msg_id = self.kc.complete(code, cursor_pos if cursor_pos is not None else len(code))
        return self._reply(msg_id)

    def is_complete(self, code):
        msg_id = self.kc.is_complete(code)
        return self._reply(msg_id)

    def _reply(self, msg_id):
        while True:
            msg = self.kc.get_shell_msg(timeout=30)
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg["content"]

    def close(self):
        try:
            self.kc.stop_channels()
        finally:
            self.km.shutdown_kernel(now=False)


class CacheTestCase(unittest.TestCase):
    """A fresh cache dir and a marks dir per test; `start()` / `restart()` manage the kernel."""

    kernel = None

    def setUp(self):
        self.cache_dir = kernel_env.fresh_cache_dir()
        self.marks = Path(tempfile.mkdtemp(prefix="marks-"))
        self.addCleanup(shutil.rmtree, self.marks, True)
        self.addCleanup(self._stop)

    def _stop(self):
        if self.kernel is not None:
            k, self.kernel = self.kernel, None
            k.close()

    def start(self, threshold0=True):
        self._stop()
        self.kernel = Kernel(self.cache_dir)
        if threshold0:
            self.kernel.ok(self, "%cache threshold 0")
            self.kernel.ok(self, MARK)
        return self.kernel

    def restart(self, threshold0=True):
        return self.start(threshold0)

    def mark(self, name):
        """Java expression that marks the file `name` and returns 1."""
        return f'mark("{self.marks / name}")'

    def runs(self, name):
        p = self.marks / name
        return p.stat().st_size if p.exists() else 0

    def cell(self, code):
        return self.kernel.run(code)

    def ok(self, code):
        return self.kernel.ok(self, code)

    def value(self, expr):
        return self.kernel.value(self, expr)
