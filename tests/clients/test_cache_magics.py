"""%cache, %%nocache, %%recompute, %%snapshot, %lsmagic, completion and is_complete through the real
kernel; the persistent effects are checked across REAL restarts (a new kernel process on the
same JAVA_CACHED_DIR), with side-effect files as the ground truth for "the initializer ran".
"""
import shutil
import tempfile
import unittest
from pathlib import Path

import kernel_env
from cache_e2e import MARK, CacheTestCase, Kernel


class CacheMagicRestartTest(CacheTestCase):

    def test_statusListWhy_afterInitializerEdit(self):
        self.start()
        self.ok(f'var a = 1 + {self.mark("a")};')
        self.ok(f'var b = 2 + {self.mark("b")};')
        status = self.ok("%cache status").text
        self.assertIn(self.cache_dir, status)
        self.assertRegex(status, r"entries\s+2\b")
        self.assertRegex(status, r"threshold\s+0 ms")
        listing = self.ok("%cache list").text
        self.assertRegex(listing, r"(?m)^a\s+int\b")
        self.assertRegex(listing, r"(?m)^b\s+int\b")
        self.assertIn("2 entries", listing)
        self.assertNotRegex(self.ok("%cache list b").text, r"(?m)^a\s")

        self.restart()
        self.assertEqual(["a"], self.ok(f'var a = 1 + {self.mark("a")};').names("restored"))
        self.assertIn("restored", self.ok("%cache why a").text)
        r = self.ok(f'var b = 20 + {self.mark("b")};')
        self.assertEqual(["b"], r.names("computed"))
        why = self.ok("%cache why b").text
        self.assertIn("source changed", why)
        self.assertNotIn("classpath changed", why)
        self.assertRegex(self.ok("%cache status").text, r"this session\s+1 restored")
        unknown = self.ok("%cache why nosuch").text
        self.assertIn("nosuch", unknown)

    def test_clearName_andClearAll_notRestoredAfterRestart(self):
        self.start()
        cells = {n: f'var {n} = 5 + {self.mark(n)};' for n in ("a", "b", "c")}
        for c in cells.values():
            self.ok(c)
        self.assertIn("removed 1 entry of `a`", self.ok("%cache clear a").text)
        self.restart()
        results = {n: self.ok(c) for n, c in cells.items()}
        self.assertEqual(["a"], results["a"].names("computed"))
        self.assertEqual(["b"], results["b"].names("restored"))
        self.assertEqual(["c"], results["c"].names("restored"))
        self.assertEqual((2, 1, 1), (self.runs("a"), self.runs("b"), self.runs("c")))
        self.assertIn("Removed all 3 entries", self.ok("%cache clear --all").text)
        self.assertIn("The cache is empty", self.ok("%cache list").text)
        self.restart()
        for n, c in cells.items():
            self.assertEqual([n], self.ok(c).names("computed"))
        self.assertEqual((3, 2, 2), (self.runs("a"), self.runs("b"), self.runs("c")))

    def test_cacheOff_noReadsNoWrites(self):
        self.start()
        self.ok(f'var a = 1 + {self.mark("a")};')
        self.ok("%cache off")
        r = self.ok(f'var a = 1 + {self.mark("a")};')
        self.assertEqual(([], []), (r.names("restored"), r.names("stored")))
        self.assertEqual(2, self.runs("a"), "the cache is off but a was restored")
        r = self.ok(f'var b = 2 + {self.mark("b")};')
        self.assertEqual([], r.names("stored"))
        self.assertRegex(self.ok("%cache status").text, r"entries\s+1\b")
        self.ok("%cache on")
        self.assertEqual(["a"], self.ok(f'var a = 1 + {self.mark("a")};').names("restored"))
        self.restart()
        r = self.ok(f'var b = 2 + {self.mark("b")};')
        self.assertEqual(["b"], r.names("computed"), "b was stored while the cache was off")
        self.assertEqual(2, self.runs("b"))

    def test_pinAndTinyLimit_pinnedSurvivesEvictionAcrossRestart(self):
        self.start()
        cells = {n: f'var {n} = new int[2000 + {self.mark(n)}];' for n in ("keep", "drop")}
        for c in cells.values():
            self.ok(c)
        self.assertIn("pinned `keep`", self.ok("%cache pin keep").text)
        r = self.ok("%cache limit 1K")
        self.assertIn("evicted 1 entry", r.text)
        listing = self.ok("%cache list").text
        self.assertRegex(listing, r"(?m)^keep\s.*\byes\b")
        self.assertNotRegex(listing, r"(?m)^drop\s")
        self.restart()
        self.assertEqual(["keep"], self.ok(cells["keep"]).names("restored"))
        self.assertEqual(["drop"], self.ok(cells["drop"]).names("computed"))
        self.assertEqual((1, 2), (self.runs("keep"), self.runs("drop")))
        self.assertEqual("2001", self.value("keep.length"))
        self.assertIn("1.0 KB", self.ok("%cache limit").text, "the limit is kept across restarts")
        self.assertIn("unpinned 1 entry of `keep`", self.ok("%cache unpin keep").text)

    def test_threshold_persistedAcrossRestart(self):
        self.start()
        self.assertIn("(was 0 ms)", self.ok("%cache threshold 400").text)
        self.restart(threshold0=False)
        self.ok(MARK)
        self.assertRegex(self.ok("%cache status").text, r"threshold\s+400 ms")
        self.assertIn("400 ms", self.ok("%cache threshold").text)
        r = self.ok(f'var fast = 1 + {self.mark("fast")};')
        self.assertEqual((["fast"], []), (r.names("computed"), r.names("stored")))
        r = self.ok(f'var slow = {self.mark("slow")} + sleepy(500);'.replace(
            "sleepy(500)", "((java.util.function.IntSupplier) () -> { try { Thread.sleep(500); } "
                           "catch (InterruptedException e) { } return 1; }).getAsInt()"))
        self.assertEqual(["slow"], r.names("stored"), repr(r))

    def test_nocacheAndRecomputeCells(self):
        self.start()
        # The value is how many times the initializer ran so far, so an overwrite is visible.
        self.ok('long count(String f) { mark(f); try { return java.nio.file.Files.size(java.nio.file.Path.of(f)); }'
                ' catch (Exception e) { throw new RuntimeException(e); } }')
        decl = f'var n = count("{self.marks / "n"}");'
        self.assertEqual(["n"], self.ok(decl).names("stored"))
        r = self.ok("%%nocache\n" + decl)
        self.assertEqual((["n"], [], []), (r.names("computed"), r.names("stored"), r.names("restored")))
        self.assertEqual("2", self.value("n"))
        r = self.ok("%%nocache\n" + f'var fresh = 1 + {self.mark("fresh")};')
        self.assertEqual([], r.names("stored"))
        self.assertEqual(["n"], self.ok(decl).names("restored"))
        self.assertEqual("1", self.value("n"), "nocache must not have overwritten the stored value")
        r = self.ok("%%recompute\n" + decl)
        self.assertEqual((["n"], ["n"]), (r.names("computed"), r.names("stored")))
        self.assertEqual(3, self.runs("n"))
        self.assertEqual("3", self.value("n"))
        self.restart()
        self.ok('long count(String f) { mark(f); try { return java.nio.file.Files.size(java.nio.file.Path.of(f)); }'
                ' catch (Exception e) { throw new RuntimeException(e); } }')
        self.assertEqual(["n"], self.ok(decl).names("restored"))
        self.assertEqual("3", self.value("n"), "recompute overwrote the stored value")
        self.assertEqual(["fresh"], self.ok(f'var fresh = 1 + {self.mark("fresh")};').names("computed"))


class MagicFrontEndTest(unittest.TestCase):
    """Stateless magic behaviour; one kernel for the class."""

    @classmethod
    def setUpClass(cls):
        cls.marks = Path(tempfile.mkdtemp(prefix="marks-"))
        cls.kernel = Kernel(kernel_env.fresh_cache_dir())

    @classmethod
    def tearDownClass(cls):
        cls.kernel.close()
        shutil.rmtree(cls.marks, True)

    def test_unknownMagic_clearErrorAndNothingRan(self):
        f = self.marks / "z"
        r = self.kernel.run(f'%nosuchmagic arg\nvar z = java.nio.file.Files.writeString(java.nio.file.Path.of("{f}"), "x");')
        self.assertEqual("error", r.status)
        self.assertIn("nosuchmagic", r.reply["content"]["evalue"] + r.text)
        self.assertFalse(f.exists(), "the cell ran after an unknown magic")
        self.assertEqual("error", self.kernel.run("z").status, "z was declared")

    def test_unknownCacheSubcommand_clearError(self):
        r = self.kernel.run("%cache frobnicate")
        self.assertEqual("error", r.status)
        self.assertIn("frobnicate", r.text)

    def test_completion_magicNamesAndVariableNames(self):
        self.kernel.ok(self, "var alpha = 1; var alps = 2;")
        c = self.kernel.complete("%ca")
        self.assertEqual("ok", c["status"])
        self.assertIn("%cache", [m if m.startswith("%") else "%" + m for m in c["matches"]] , c)
        c = self.kernel.complete("%cache wh")
        self.assertIn("why", [m.split()[-1] for m in c["matches"]], c)
        c = self.kernel.complete("%cache why ")
        self.assertIn("alpha", c["matches"], c)
        self.assertIn("alps", c["matches"], c)
        self.assertEqual(len("%cache why "), c["cursor_start"])
        c = self.kernel.complete("%cache why al")
        self.assertEqual({"alpha", "alps"}, set(c["matches"]), c)

    def test_isComplete_magicLine(self):
        self.assertEqual("complete", self.kernel.is_complete("%cache status")["status"])
        self.assertEqual("complete", self.kernel.is_complete("%lsmagic")["status"])
        self.assertEqual("incomplete", self.kernel.is_complete("%%nocache\nvar q = foo(")["status"])

    def test_lsmagic_listsLineAndCellMagics(self):
        text = self.kernel.ok(self, "%lsmagic").text
        for name in ("%cache", "%maven", "%mavenRepo", "%jars", "%classpath", "%lsmagic", "%%nocache",
                     "%%recompute", "%%snapshot"):
            self.assertIn(name, text)

    def test_cacheHelp(self):
        text = self.kernel.ok(self, "%cache help").text
        for sub in ("status", "list", "why", "clear", "pin", "unpin", "off", "limit", "threshold"):
            self.assertIn(sub, text)


if __name__ == "__main__":
    unittest.main()
