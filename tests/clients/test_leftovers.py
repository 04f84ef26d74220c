"""Nothing the kernel creates outside its cache and its kernelspec outlives it, even when it is
killed with SIGKILL.

What it may write elsewhere: the temporary copy of the snippet API classes that JShell
compiles against, made when the kernelspec's installed copy is missing or was written from
another jar, and the repository of the JFR recording that sees which files a cell reads
(java-cached-jfr-*). A kernel that exits removes them; a killed one cannot, so the next kernel
removes those of dead kernels. Here the kernelspec has no installed copy and the kernel a
private temp folder (-Djava.io.tmpdir), which must be empty once the last kernel is gone.
"""
import json
import os
import shutil
import signal
import tempfile
import unittest
from pathlib import Path

import kernel_env
from jupyter_client.manager import KernelManager

SPEC = "java-cached-no-api"


class LeftoversTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = Path(tempfile.mkdtemp(prefix="kernel-tmp-"))
        kernels = Path(os.environ["JUPYTER_PATH"]) / "kernels"
        spec = json.loads((kernels / kernel_env.KERNEL / "kernel.json").read_text())
        argv = [a for a in spec["argv"] if not a.startswith("-Djava.cached.api=")]
        argv.insert(argv.index("-jar"), f"-Djava.io.tmpdir={cls.tmp}")
        (kernels / SPEC).mkdir(exist_ok=True)
        (kernels / SPEC / "kernel.json").write_text(json.dumps(dict(spec, argv=argv), indent=1))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, True)

    def start(self):
        km = KernelManager(kernel_name=SPEC)
        km.start_kernel()
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=60)
        reply = kc.execute_interactive("int x = 6 * 7;", timeout=60)
        self.assertEqual("ok", reply["content"]["status"])
        return km, kc

    def copies(self):
        return sorted(p.name for p in self.tmp.glob("java-cached-api-*"))

    def test_killedKernelsCopy_removedByTheNextKernel_lastOneRemovesItsOwn(self):
        km, kc = self.start()
        first = self.copies()
        self.assertEqual(1, len(first), first)
        pid = km.provisioner.process.pid
        kc.stop_channels()
        os.kill(pid, signal.SIGKILL)  # no shutdown hooks, no deleteOnExit
        km.provisioner.process.wait(timeout=30)
        km.shutdown_kernel(now=True)  # releases the manager's ports and connection file
        self.assertEqual(first, self.copies(), "a killed kernel cannot clean up after itself")

        km, kc = self.start()
        second = self.copies()
        self.assertEqual(1, len(second), second)
        self.assertNotEqual(first, second)
        kc.stop_channels()
        km.shutdown_kernel(now=False)
        self.assertEqual([], sorted(os.listdir(self.tmp)), "the kernel left files in its temp folder")


if __name__ == "__main__":
    unittest.main()
