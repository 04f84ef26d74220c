"""The kernel's launch through jupyter_client: JVM options (installed and per launch), a quiet
start, and a stale start-up archive refreshed without a word in the console."""
import json
import os
import shutil
import tempfile
import time
import unittest
from pathlib import Path

from jupyter_client import KernelManager

import kernel_env

VECTOR = "import jdk.incubator.vector.*;"
VECTOR_SUM = "IntVector.fromArray(IntVector.SPECIES_128, new int[] {1, 2, 3, 4}, 0).add(1)"
# The JDK itself prints this once at start when an incubator module is resolved; no option turns it off.
INCUBATOR_WARNING = "WARNING: Using incubator modules: jdk.incubator.vector"


class Kernel:
    """A kernel started by jupyter_client from a kernelspec, its stdout and stderr kept in a file."""

    def __init__(self, name, **env):
        self.output = tempfile.TemporaryFile()
        self.km = KernelManager(kernel_name=name)
        self.km.start_kernel(env=dict(os.environ, **env), stdout=self.output, stderr=self.output)
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=90)

    def run(self, code):
        """Runs a cell; returns (status, the text/plain result or the error's evalue)."""
        shown = []

        def hook(msg):
            content = msg["content"]
            if msg["msg_type"] == "execute_result":
                shown.append(content["data"]["text/plain"])
            elif msg["msg_type"] == "error":
                shown.append(content["evalue"])

        reply = self.kc.execute_interactive(code, timeout=90, output_hook=hook)
        return reply["content"]["status"], "\n".join(shown)

    def stop(self):
        """Shuts the kernel down; returns everything it wrote to stdout and stderr."""
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=False)
        self.output.seek(0)
        text = self.output.read().decode()
        self.output.close()
        return text


class LaunchTest(unittest.TestCase):
    java = "java"
    kernel = kernel_env.KERNEL

    @classmethod
    def setUpClass(cls):
        # A kernelspec of its own, from a copy of the jar (the stale-archive test touches it).
        cls.prefix = Path(tempfile.mkdtemp(prefix="java-cached-launch-"))
        cls.jar = cls.prefix / "java-cached.jar"
        shutil.copy2(kernel_env.JAR, cls.jar)
        cls.vector = "vector"
        cls.spec_dir = kernel_env.install(cls.prefix, f"--name={cls.vector}",
                                          "--jvm-opt=--add-modules=jdk.incubator.vector", java=cls.java, jar=cls.jar)
        cls.saved_path = os.environ["JUPYTER_PATH"]
        os.environ["JUPYTER_PATH"] = os.pathsep.join([str(cls.prefix / "share" / "jupyter"), cls.saved_path])

    @classmethod
    def tearDownClass(cls):
        os.environ["JUPYTER_PATH"] = cls.saved_path
        shutil.rmtree(cls.prefix, ignore_errors=True)

    def start(self, name, **env):
        kernel = Kernel(name, JAVA_CACHED_DIR=kernel_env.fresh_cache_dir(), **env)
        self.addCleanup(lambda: kernel.km.is_alive() and kernel.stop())
        return kernel

    def test_jvmOpt_reachesTheCellsCompilerAndJvm(self):
        k = self.start(self.vector)
        self.assertEqual(("ok", ""), k.run(VECTOR))
        self.assertEqual(("ok", "[2, 3, 4, 5]"), k.run(VECTOR_SUM))
        self.assertEqual([INCUBATOR_WARNING], k.stop().splitlines())

    def test_withoutTheOption_vectorImportIsACompileErrorSayingWhatToAdd(self):
        k = self.start(self.kernel)
        status, error = k.run(VECTOR)
        self.assertEqual("error", status)
        self.assertIn("not in the module graph", error)
        self.assertIn("--jvm-opt=--add-modules=jdk.incubator.vector", error)
        self.assertIn("JAVA_CACHED_JVM_OPTS=--add-modules=jdk.incubator.vector", error)
        self.assertEqual("", k.stop())

    def test_javaCachedJvmOpts_addOptionsPerLaunchWithoutNoise(self):
        k = self.start(self.kernel,
                       JAVA_CACHED_JVM_OPTS=" --add-modules=jdk.incubator.vector  -Djava.cached.test=per-launch ")
        self.assertEqual(("ok", '"per-launch"'), k.run('System.getProperty("java.cached.test")'))
        self.assertEqual(("ok", ""), k.run(VECTOR))
        self.assertEqual(("ok", "[2, 3, 4, 5]"), k.run(VECTOR_SUM))
        # no "Picked up JDK_JAVA_OPTIONS" line: the options reach java through the kernelspec's argv
        self.assertEqual([INCUBATOR_WARNING], k.stop().splitlines())

    def test_quietStart_kernelWritesNothingToItsConsole(self):
        k = self.start(self.kernel)
        self.assertEqual(("ok", "2"), k.run("1 + 1"))
        # a stored value: the codec's first Unsafe call must not warn either (JDK 24+)
        self.assertEqual("ok", k.run("%cache threshold 0")[0])
        self.assertEqual("ok", k.run("var stored = new java.util.ArrayList<>(java.util.List.of(1, 2, 3));")[0])
        self.assertEqual("", k.stop())

    def test_quietStart_logSaysMoreWhenAskedTo(self):
        k = self.start(self.kernel, JAVA_CACHED_LOG="info")
        self.assertEqual(("ok", "2"), k.run("1 + 1"))
        self.assertIn("INFO main] kernel started", k.stop())

    def test_staleArchive_startsQuietlyAndIsRefreshedInTheBackground(self):
        stamp_file = self.spec_dir / "java-cached-archive.json"
        self.assertTrue(json.loads(stamp_file.read_text())["made"])
        # The jar rebuilt after the install: the JVM refuses the archive made from the old one.
        later = time.time() + 5
        os.utime(self.jar, (later, later))
        jar_ms = os.stat(self.jar).st_mtime_ns // 1_000_000
        log = self.prefix / "class-load-1.log"
        k = self.start(self.vector, JAVA_CACHED_JVM_OPTS=f"-Xlog:class+load=info:file={log}")
        self.assertEqual(("ok", "2"), k.run("1 + 1"))
        self.assertEqual([INCUBATOR_WARNING], k.stop().splitlines())   # no CDS/AOT warning
        self.assertEqual("file:", self.main_class_source(log)[:5])
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            stamp = json.loads(stamp_file.read_text())
            if stamp["jar_modified"] == jar_ms and not (self.spec_dir / "java-cached-archive.json.lock").exists():
                break
            time.sleep(1)
        self.assertEqual(jar_ms, stamp["jar_modified"], "the archive was not refreshed in time")
        self.assertTrue(stamp["made"])
        log = self.prefix / "class-load-2.log"
        k = self.start(self.vector, JAVA_CACHED_JVM_OPTS=f"-Xlog:class+load=info:file={log}")
        self.assertEqual(("ok", "[2, 3, 4, 5]"), k.run(VECTOR + "\n" + VECTOR_SUM))
        self.assertEqual([INCUBATOR_WARNING], k.stop().splitlines())
        self.assertTrue(self.main_class_source(log).startswith("shared objects file"), self.main_class_source(log))

    def test_archive_mapsWhereItWasDumpedWithoutRelocating(self):
        # relocating the archive (the JVM's default) cost 50-95 ms of every start
        archive = json.loads((self.spec_dir / "java-cached-archive.json").read_text())["archive"]
        self.assertEqual("java-cached.aot" if self.java != "java" else "java-cached.jsa", Path(archive).name)
        log = self.prefix / "mapping.log"
        k = self.start(self.vector, JAVA_CACHED_JVM_OPTS=f"-Xlog:cds=info,aot=info:file={log}"
                       if self.java != "java" else f"-Xlog:cds=info:file={log}")
        self.assertEqual(("ok", "2"), k.run("1 + 1"))
        k.stop()
        text = log.read_text()
        self.assertIn("Mapped static", text)
        self.assertNotIn("always map archive(s) at an alternative address", text)
        self.assertNotIn("Try to map archive(s) at an alternative address", text)

    @staticmethod
    def main_class_source(log):
        """Where the kernel's main class came from: the archive ('shared objects file') or the jar."""
        for line in Path(log).read_text().splitlines():
            if " dev.javacached.kernel.app.Main source: " in line:
                return line.split(" source: ", 1)[1]
        raise AssertionError(f"Main not loaded? {log}")


@unittest.skipUnless(kernel_env.JDK25.exists(), "JDK 25 not installed")
class LaunchTestJdk25(LaunchTest):
    java = str(kernel_env.JDK25)
    kernel = kernel_env.KERNEL_25



if __name__ == "__main__":
    unittest.main()
