"""Statements cached by their effect, and input files, across REAL restarts (issue 13, parts 2
and 3). Whether a statement really ran is read from a counter in a memory-mapped file that
`tick(...)` increments: memory-mapped writes are the one kind of file write the kernel cannot
see (see kernel/.../cache/README.md), so the counter does not itself stop the statement from
being cached, as the appending `mark(...)` of cache_e2e would. Declarations keep using
`mark(...)` (a file write does not stop a declaration from being stored).
"""
import struct
import tempfile
import shutil
import unittest
from pathlib import Path

import kernel_env
from cache_e2e import MARK, CacheTestCase, Kernel

TICK = ('int tick(String f) { try (var ch = java.nio.channels.FileChannel.open(java.nio.file.Path.of(f), '
        'java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.READ, '
        'java.nio.file.StandardOpenOption.WRITE)) { var m = ch.map(java.nio.channels.FileChannel.MapMode.READ_WRITE, 0, 8); '
        'm.putLong(0, m.getLong(0) + 1); m.force(); } catch (Exception e) { throw new RuntimeException(e); } return 1; }')


class EffectsTestCase(CacheTestCase):

    def setUp(self):
        super().setUp()
        self.data = Path(tempfile.mkdtemp(prefix="inputs-"))
        self.addCleanup(shutil.rmtree, self.data, True)

    kernel_name = kernel_env.KERNEL

    def start(self, threshold0=True):
        self._stop()
        self.kernel = Kernel(self.cache_dir, self.kernel_name)
        if threshold0:
            self.kernel.ok(self, "%cache threshold 0")
            self.kernel.ok(self, MARK)
        self.ok(TICK)
        return self.kernel

    def tick(self, name):
        return f'tick("{self.marks / name}")'

    def ticks(self, name):
        p = self.marks / name
        return struct.unpack(">q", p.read_bytes()[:8])[0] if p.exists() else 0


class DeclareThenFillTest(EffectsTestCase):

    def cells(self, loop_body="rows.add(scale(i))", decl="var rows = new java.util.ArrayList<Integer>();",
              helper="int scale(int i) { return i * 10; }"):
        return [helper, decl,
                f'for (int i = 0; i < 5; i++) {{ {self.tick("loop")}; {loop_body}; }}',
                'var total = rows.stream().mapToInt(Integer::intValue).sum();']

    def run_all(self, cells):
        return [self.ok(c) for c in cells]

    def test_fillLoop_restoredAfterRestart_andRecomputedAfterEdits(self):
        self.start()
        r = self.run_all(self.cells())
        self.assertEqual(5, self.ticks("loop"))
        self.assertEqual(["rows"], r[2].names("stored"))
        self.assertEqual("100", self.value("total"))

        self.restart()
        r = self.run_all(self.cells())
        self.assertEqual(5, self.ticks("loop"), "the loop ran again after a restart")
        self.assertEqual(["rows"], r[2].names("restored"))
        self.assertEqual(["total"], r[3].names("restored"), "a later cell hits after the statement's restore")
        self.assertEqual("[0, 10, 20, 30, 40]", self.value("rows"))
        self.assertEqual("100", self.value("total"))
        self.assertIn("cached statement", self.ok("%cache why rows").text)

        # editing the loop
        self.restart()
        r = self.run_all(self.cells(loop_body="rows.add(scale(i) + 1)"))
        self.assertEqual(10, self.ticks("loop"))
        self.assertEqual("[1, 11, 21, 31, 41]", self.value("rows"))
        self.assertEqual(["total"], r[3].names("computed"))

        # editing the filled variable's declaration
        self.restart()
        r = self.run_all(self.cells(decl="var rows = new java.util.ArrayList<Integer>(java.util.List.of(7));"))
        self.assertEqual(15, self.ticks("loop"))
        self.assertEqual("[7, 0, 10, 20, 30, 40]", self.value("rows"))

        # editing a method the loop calls
        self.restart()
        r = self.run_all(self.cells(helper="int scale(int i) { return i * 100; }"))
        self.assertEqual(20, self.ticks("loop"))
        self.assertEqual("[0, 100, 200, 300, 400]", self.value("rows"))
        self.assertEqual("1000", self.value("total"))

        # and the original once more: restored, nothing runs
        self.restart()
        r = self.run_all(self.cells())
        self.assertEqual(20, self.ticks("loop"))
        self.assertEqual("100", self.value("total"))

    def test_twoVariablesSharingAnObject_restoredAsOneGraph(self):
        cells = ['var a = new java.util.ArrayList<java.util.List<Integer>>();',
                 'var b = new java.util.ArrayList<java.util.List<Integer>>();',
                 f'for (int i = 0; i < 3; i++) {{ {self.tick("pair")}; var l = new java.util.ArrayList<Integer>(); '
                 'l.add(i); a.add(l); b.add(l); }',
                 'a.get(0).add(99);']
        self.start()
        for c in cells:
            self.ok(c)
        self.assertEqual("[[0, 99], [1], [2]]", self.value("b"))
        self.restart()
        r = [self.ok(c) for c in cells]
        self.assertEqual(3, self.ticks("pair"))
        self.assertEqual(["a, b"], r[2].names("restored"))
        self.assertEqual("[[0, 99], [1], [2]]", self.value("b"), "the lists a and b share stay shared")
        self.assertEqual("true", self.value("a.get(1) == b.get(1)"))

    def test_statementWithCounter_primitiveRestored(self):
        cells = ['int count = 0;', 'long sum = 0;',
                 f'for (int i = 1; i <= 10; i++) {{ {self.tick("count")}; count++; sum += i; }}']
        self.start()
        for c in cells:
            self.ok(c)
        self.restart()
        r = [self.ok(c) for c in cells]
        self.assertEqual(10, self.ticks("count"))
        self.assertEqual(["count, sum"], r[2].names("restored"))
        self.assertEqual("55", self.value("sum"))
        self.assertEqual("10", self.value("count"))


class NotCachedTest(EffectsTestCase):

    def test_loopThatWritesAFile_notCached(self):
        out = self.data / "out.txt"
        cells = ['var rows = new java.util.ArrayList<Integer>();',
                 f'for (int i = 0; i < 3; i++) {{ {self.tick("w")}; rows.add(i); '
                 f'java.nio.file.Files.writeString(java.nio.file.Path.of("{out}"), "done " + i); }}']
        self.start()
        r = [self.ok(c) for c in cells]
        reason = r[1].cache["uncacheable"].get("rows", "")
        self.assertIn("writes the file", reason)
        self.assertIn(str(out), reason)
        self.restart()
        out.unlink()
        [self.ok(c) for c in cells]
        self.assertEqual(6, self.ticks("w"), "a statement that writes a file runs every time")
        self.assertTrue(out.exists())

    def test_loopThatChangesAStaticField_notCached(self):
        cells = ['class Counter { static int n; }',
                 'var rows = new java.util.ArrayList<Integer>();',
                 f'for (int i = 0; i < 3; i++) {{ {self.tick("s")}; Counter.n++; rows.add(i); }}']
        self.start()
        r = [self.ok(c) for c in cells]
        self.assertIn("static field", r[2].cache["uncacheable"].get("rows", ""))
        self.restart()
        [self.ok(c) for c in cells]
        self.assertEqual(6, self.ticks("s"))
        self.assertEqual("3", self.value("Counter.n"))

    def test_sharedWithAnUnmentionedVariable_notCached(self):
        cells = ['var rows = new java.util.ArrayList<Integer>();',
                 'var holder = new java.util.ArrayList<java.util.List<Integer>>(); holder.add(rows);',
                 f'for (int i = 0; i < 3; i++) {{ {self.tick("h")}; rows.add(i); }}']
        self.start()
        r = [self.ok(c) for c in cells]
        self.assertIn("holder", r[2].cache["uncacheable"].get("rows", ""))
        self.restart()
        [self.ok(c) for c in cells]
        self.assertEqual(6, self.ticks("h"))
        self.assertEqual("[[0, 1, 2]]", self.value("holder"))


class InputFilesTest(EffectsTestCase):

    def test_declarationReadingAFile_changedRecomputes_unchangedRestores(self):
        f = self.data / "data.csv"
        f.write_text("1\n2\n3\n")
        cells = [f'var n = java.nio.file.Files.readAllLines(java.nio.file.Path.of("{f}")).stream()'
                 f'.mapToInt(Integer::parseInt).sum() + {self.mark("n")} - 1;',
                 f'var twice = n * 2 + {self.mark("twice")} - 1;']
        self.start()
        for c in cells:
            self.ok(c)
        self.restart()
        r = [self.ok(c) for c in cells]
        self.assertEqual((1, 1), (self.runs("n"), self.runs("twice")), "unchanged input: restored")
        self.assertEqual(["n"], r[0].names("restored"))

        f.write_text("1\n2\n30\n")
        self.restart()
        r = [self.ok(c) for c in cells]
        self.assertEqual((2, 2), (self.runs("n"), self.runs("twice")),
                         "a changed input recomputes the value and what was computed from it")
        self.assertEqual("66", self.value("twice"))
        why = self.ok("%cache why n").text
        self.assertIn(str(f), why)
        self.assertIn("changed", why)

        self.restart()
        [self.ok(c) for c in cells]
        self.assertEqual((2, 2), (self.runs("n"), self.runs("twice")))

    def test_loopReadingFiles_changedRecomputes(self):
        files = []
        for i in range(3):
            p = self.data / f"part{i}.txt"
            p.write_text(f"{i}\n")
            files.append(p)
        listing = ", ".join(f'"{p}"' for p in files)
        cells = ['var parts = new java.util.ArrayList<String>();',
                 f'for (var p : java.util.List.of({listing})) {{ {self.tick("read")}; '
                 'parts.add(java.nio.file.Files.readString(java.nio.file.Path.of(p)).trim()); }',
                 'var joined = String.join("+", parts);']
        self.start()
        for c in cells:
            self.ok(c)
        self.restart()
        r = [self.ok(c) for c in cells]
        self.assertEqual(3, self.ticks("read"))
        self.assertEqual(["parts"], r[1].names("restored"))
        files[1].write_text("one\n")
        self.restart()
        r = [self.ok(c) for c in cells]
        self.assertEqual(6, self.ticks("read"))
        self.assertEqual('"0+one+2"', self.value("joined"))
        self.assertIn(str(files[1]), self.ok("%cache why parts").text)


@unittest.skipUnless(kernel_env.JDK25.exists(), "needs JDK 25")
class InputFilesJdk25Test(InputFilesTest):
    """The same on JDK 25, where the JDK's file events are built into java.io and sun.nio.ch."""
    kernel_name = kernel_env.KERNEL_25


@unittest.skipUnless(kernel_env.JDK25.exists(), "needs JDK 25")
class NotCachedJdk25Test(NotCachedTest):
    kernel_name = kernel_env.KERNEL_25


if __name__ == "__main__":
    unittest.main()
