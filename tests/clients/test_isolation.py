"""Notebook code sees the JDK, the snippet API (display(...) and friends) and what %maven added,
never the kernel's own libraries, through jupyter_client with the real kernel jar.

The kernel jar carries Jackson 2.18, Gson 2.13, slf4j 2.0.17 (with slf4j-nop), Fory, RocksDB,
Guava and Maven's resolver, unrelocated. A notebook that asks %maven for another version of one
of them must run against that version, and libraries that look things up through ServiceLoader or
the thread's context class loader must find the notebook's jars. The artifacts come from Maven
Central through the kernel's own resolver (into ~/.m2, where they stay, as for any user).
"""
import unittest

import kernel_env
from cache_e2e import CacheTestCase, Kernel

KERNEL_LIBRARIES = ["com.fasterxml.jackson.databind.ObjectMapper", "com.google.gson.Gson",
                    "org.slf4j.LoggerFactory", "org.apache.fory.Fory", "org.rocksdb.RocksDB",
                    "com.google.common.collect.ImmutableList", "org.zeromq.ZMQ",
                    "dev.javacached.kernel.cache.CachingHook"]

CODE_SOURCE = "java.nio.file.Path.of({}.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString()"


class IsolationTests:
    kernel_name = None

    def start_kernel(self):
        self._stop()
        self.kernel = Kernel(self.cache_dir, self.kernel_name)
        return self.kernel

    def error_of(self, code):
        r = self.cell(code)
        self.assertEqual("error", r.status, f"{code!r} should fail: {r!r}")
        return r.error

    def test_kernelLibraries_notVisibleToNotebookCode(self):
        self.start_kernel()
        for name in KERNEL_LIBRARIES:
            with self.subTest(name=name):
                error = self.error_of(f'Class.forName("{name}")')
                self.assertEqual("java.lang.ClassNotFoundException", error["ename"], error)
                error = self.error_of(f'Thread.currentThread().getContextClassLoader().loadClass("{name}")')
                self.assertEqual("java.lang.ClassNotFoundException", error["ename"], error)
        # nor to the compiler
        self.assertEqual("CompilationException", self.error_of("com.google.gson.Gson g = null;")["ename"])
        # the JDK is all there, with the modules the system loader defines
        self.assertEqual('"com.sun.source.tree.Tree"', self.value('Class.forName("com.sun.source.tree.Tree").getName()'))
        self.assertEqual("true", self.value("java.sql.Types.class != null"))

    def test_mavenJackson_isTheNotebooksVersion_fromItsJar(self):
        self.start_kernel()
        self.ok("%maven com.fasterxml.jackson.core:jackson-databind:2.9.10.8")
        version = self.value("com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString()").strip('"')
        self.assertTrue(version.startswith("2.9.10"), version)
        self.assertTrue(self.value(CODE_SOURCE.format("com.fasterxml.jackson.databind.ObjectMapper"))
                        .strip('"').endswith("jackson-databind-2.9.10.8.jar"))
        self.assertEqual('"{\\"a\\":1}"', self.value(
            'new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(Map.of("a", 1))'))
        # a real library's ServiceLoader lookup through the context class loader (Jackson 2.9's
        # findModules passes no loader), on the cell's thread and on a thread it starts
        self.ok("%maven com.fasterxml.jackson.datatype:jackson-datatype-jdk8:2.9.10")
        self.assertIn("Jdk8Module", self.value(
            "com.fasterxml.jackson.databind.ObjectMapper.findModules().toString()"))
        self.assertIn("Jdk8Module", self.value(
            "String[] found = new String[1];\n"
            "Thread t = new Thread(() -> found[0] = com.fasterxml.jackson.databind.ObjectMapper.findModules().toString());\n"
            "t.start(); t.join(); found[0]"))

    def test_mavenGson_worksFromTheMavenJar(self):
        self.start_kernel()
        self.ok("%maven com.google.code.gson:gson:2.8.0")
        self.assertEqual('"{\\"a\\":[1,2]}"', self.value(
            'new com.google.gson.Gson().toJson(Map.of("a", List.of(1, 2)))'))
        where = self.value(CODE_SOURCE.format("com.google.gson.Gson")).strip('"')
        self.assertTrue(where.endswith("gson-2.8.0.jar"), where)
        self.assertNotIn("java-cached.jar", where)

    def test_slf4j_findsTheNotebooksProvider_notTheKernels(self):
        self.start_kernel()
        self.ok("%maven org.slf4j:slf4j-api:2.0.9 org.slf4j:slf4j-simple:2.0.9")
        self.assertEqual('"org.slf4j.simple.SimpleLoggerFactory"',
                         self.value("org.slf4j.LoggerFactory.getILoggerFactory().getClass().getName()"))
        self.assertEqual('"[org.slf4j.simple.SimpleServiceProvider]"', self.value(
            "ServiceLoader.load(org.slf4j.spi.SLF4JServiceProvider.class).stream()"
            ".map(p -> p.type().getName()).toList().toString()"))
        r = self.ok('org.slf4j.LoggerFactory.getLogger("nb").info("from the notebook");')
        self.assertIn("from the notebook", r.stderr)

    def test_display_stillWorks(self):
        self.start_kernel()
        r = self.ok('display("<b>hi</b>", "text/html");')
        self.assertEqual([{"text/html": "<b>hi</b>", "text/plain": "<b>hi</b>"}], r.displays)


class Jdk17IsolationTest(IsolationTests, CacheTestCase):
    kernel_name = kernel_env.KERNEL

    def test_cachedMavenValue_ofAClassTheKernelAlsoHas_restoresAfterRestart(self):
        """The cache decodes a Jackson Version with the notebook's jackson-core 2.9, not the kernel's 2.18."""
        self.start()
        cell = ("%maven com.fasterxml.jackson.core:jackson-core:2.9.10\n"
                f"var version = new com.fasterxml.jackson.core.Version(2, 9, {self.mark('version')} + 9,"
                ' "nb", "g", "a");')
        self.assertEqual(["version"], self.ok(cell).names("stored"))
        self.restart()
        self.assertEqual(["version"], self.ok(cell).names("restored"))
        self.assertEqual(1, self.runs("version"))
        self.assertEqual('"2.9.10-nb"', self.value("version.toString()"))
        where = self.value("java.nio.file.Path.of(version.getClass().getProtectionDomain().getCodeSource()"
                           ".getLocation().toURI()).toString()").strip('"')
        self.assertTrue(where.endswith("jackson-core-2.9.10.jar"), where)


@unittest.skipUnless(kernel_env.JDK25.exists(), "JDK 25 not installed")
class Jdk25IsolationTest(IsolationTests, CacheTestCase):
    kernel_name = kernel_env.KERNEL_25


if __name__ == "__main__":
    unittest.main()
