"""@Cached methods and precise imports across REAL restarts (a new kernel process on the same
JAVA_CACHED_DIR). Which bodies ran is read from side-effect files that `mark(...)` appends a
byte to (cache_e2e.MARK), never from the kernel's own report.
"""
import unittest

from cache_e2e import CacheTestCase


class MemoizedMethodTest(CacheTestCase):

    def heavy(self):
        return (f'@Cached\nlong heavy(int n) {{\n'
                f'    mark("{self.marks}/heavy-" + n);\n'
                f'    System.out.println("heavy " + n);\n'
                f'    long s = 0; for (int i = 0; i < 1000; i++) s += (long) i * n;\n'
                f'    return s;\n}}')

    def sweep(self, values):
        return ('long total = 0;\n'
                f'for (int n : new int[] {{{", ".join(map(str, values))}}}) total += heavy(n);\n'
                'System.out.println("total " + total);')

    def test_loopOfTenCalls_twoArgumentsChanged_exactlyTwoBodiesRun(self):
        first = list(range(1, 11))
        second = list(range(1, 9)) + [21, 22]
        self.start()
        self.ok(self.heavy())
        r = self.ok(self.sweep(first))
        self.assertEqual([1] * 10, [self.runs(f"heavy-{n}") for n in first])
        self.assertIn("heavy 1\n", r.stdout)

        self.restart()
        self.ok(self.heavy())
        r = self.ok(self.sweep(second))
        ran = sorted(n for n in set(first + second) if self.runs(f"heavy-{n}") > (1 if n in first else 0))
        self.assertEqual([21, 22], ran, "exactly the two new arguments ran their bodies")
        expected = sum(sum(i * n for i in range(1000)) for n in second)
        self.assertIn(f"total {expected}\n", r.stdout)
        self.assertIn("heavy 1\n", r.stdout, "a hit replays what the body printed")
        self.assertEqual(r.stdout.count("heavy "), 10)

        why = self.ok("%cache why heavy")
        self.assertIn("8 calls restored", why.text)
        self.assertIn("2 computed (2 stored)", why.text)
        listing = self.ok("%cache list")
        self.assertIn("12 stored calls", listing.text)
        cleared = self.ok("%cache clear heavy")
        self.assertIn("removed 12 entries of `heavy`", cleared.text)

    def test_editingACallee_recomputes_andAnUnchangedOneDoesNot(self):
        cells = lambda factor: [
            f'int factor() {{ return {factor}; }}',
            f'@Cached int scaled(int x) {{ mark("{self.marks}/scaled-" + x); return x * factor(); }}',
            'System.out.println(scaled(3) + scaled(4));']
        self.start()
        self.assertEqual("14\n", [self.ok(c) for c in cells(2)][-1].stdout)
        self.restart()
        self.assertEqual("14\n", [self.ok(c) for c in cells(2)][-1].stdout)
        self.assertEqual((1, 1), (self.runs("scaled-3"), self.runs("scaled-4")), "unchanged: restored")
        self.restart()
        self.assertEqual("21\n", [self.ok(c) for c in cells(3)][-1].stdout)
        self.assertEqual((2, 2), (self.runs("scaled-3"), self.runs("scaled-4")), "callee edited: recomputed")

    def test_voidMethod_isAClearError(self):
        self.start()
        r = self.cell("@Cached void show(int x) { System.out.println(x); }")
        self.assertEqual("error", r.status)
        self.assertIn("returns void", r.error["evalue"])


class PreciseImportsTest(CacheTestCase):

    def cells(self, top=""):
        return ([top] if top else []) + [
            f'var rows = new ArrayList<Integer>(List.of({self.mark("rows")}, 2, 3));',
            f'@Cached int total(List<Integer> xs) {{ mark("{self.marks}/total"); return xs.stream().mapToInt(i -> i).sum(); }}',
            'var sum = total(rows);']

    def test_unrelatedSingleTypeImportAtTheTop_recomputesNothing(self):
        self.start()
        for c in self.cells():
            self.ok(c)
        self.restart()
        results = [self.ok(c) for c in self.cells("import java.awt.Point;")]
        self.assertEqual((1, 1), (self.runs("rows"), self.runs("total")), "nothing ran again")
        self.assertEqual(["rows"], results[1].names("restored"))
        self.assertEqual(["sum"], results[3].names("restored"))
        self.assertEqual("6", self.value("sum"))

    def test_importTheSnippetUses_recomputesIt(self):
        self.start()
        self.ok("import java.util.Date;")
        self.ok(f'var p = Date.class.getName().length() * {self.mark("p")};')
        self.ok(f'var q = 2 + {self.mark("q")};')
        self.assertEqual("14", self.value("p"))
        self.restart()
        self.ok("import java.sql.Date;")
        r = self.ok(f'var p = Date.class.getName().length() * {self.mark("p")};')
        self.assertEqual(2, self.runs("p"), "the import changes what `Date` means: recomputed")
        self.assertEqual(["p"], r.names("computed"))
        self.assertEqual("13", self.value("p"))
        r = self.ok(f'var q = 2 + {self.mark("q")};')
        self.assertEqual(1, self.runs("q"), "q does not use Date: restored")
        self.assertEqual(["q"], r.names("restored"))


if __name__ == "__main__":
    unittest.main()
