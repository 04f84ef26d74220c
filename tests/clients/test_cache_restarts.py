"""The persistent cache across REAL restarts: each restart shuts the kernel process down and
starts a new one on the same JAVA_CACHED_DIR. Whether an initializer ran is read from a
side-effect file that `mark(...)` appends a byte to (see cache_e2e.MARK), never from the
kernel's own report; the report (execute_reply metadata.java_cached) is checked against it.
"""
import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path

from cache_e2e import CacheTestCase


class RestoreAcrossRestartsTest(CacheTestCase):

    def test_identicalRerunAndWhitespaceCommentEdits_restoredWithFeedbackAndReplayedOutput(self):
        self.start()
        cell = (f'int heavy(int m) {{ System.out.println("computing a"); return 41 + m; }}\n'
                f'var a = heavy({self.mark("a")});\n'
                f'var b = a * 10 + {self.mark("b")};')
        r = self.ok(cell)
        self.assertEqual(["a", "b"], r.names("stored"))
        self.assertEqual(["a", "b"], r.names("computed"))
        self.assertEqual([], r.names("restored"))
        self.assertEqual("computing a\n", r.stdout)
        self.assertEqual([], r.displays, "no feedback line when nothing was restored")

        self.restart()
        r = self.ok(cell)
        self.assertEqual((1, 1), (self.runs("a"), self.runs("b")), "initializers ran again after a restart")
        self.assertEqual(["a", "b"], r.names("restored"))
        self.assertEqual([], r.names("computed"))
        self.assertEqual([], r.names("stored"))
        self.assertEqual({}, r.names("uncacheable"))
        self.assertEqual("computing a\n", r.stdout, "output printed while computing is replayed")
        self.assertEqual(1, len(r.displays), f"one feedback line: {r.displays}")
        feedback = r.displays[0]
        self.assertIn("text/plain", feedback)
        self.assertIn("text/html", feedback)
        self.assertEqual(1, len(feedback["text/plain"].strip().splitlines()))
        self.assertIn("restored a, b", feedback["text/plain"])
        self.assertIn("<code>a</code>", feedback["text/html"])
        self.assertIn("<code>b</code>", feedback["text/html"])
        self.assertEqual("42", self.value("a"))
        self.assertEqual("421", self.value("b"))

        self.restart()
        edited = (f'int heavy(int m) {{ System.out.println("computing a"); return 41 + m; }}\n'
                  f'// a comment that changes nothing\n'
                  f'var   a =\n   heavy( {self.mark("a")} ) ;  /* and another */\n'
                  f'var b = a*10+{self.mark("b")};  // trailing')
        r = self.ok(edited)
        self.assertEqual((1, 1), (self.runs("a"), self.runs("b")), "a whitespace/comment edit recomputed")
        self.assertEqual(["a", "b"], r.names("restored"))
        self.assertEqual("421", self.value("b"))

    def test_assignmentChain_restoredAfterRestart(self):
        self.start()
        cells = [f'int twice(int x, int m) {{ return 2 * x + m - 1; }}',
                 f'var data = 5 + {self.mark("data")} - 1;',
                 f'data = twice(data, {self.mark("clean")});',
                 f'data = twice(data, {self.mark("clean2")});']
        for c in cells:
            self.ok(c)
        self.assertEqual("20", self.value("data"))
        self.restart()
        results = [self.ok(c) for c in cells]
        self.assertEqual([["data"], ["data"], ["data"]], [r.names("restored") for r in results[1:]])
        self.assertEqual((1, 1, 1), (self.runs("data"), self.runs("clean"), self.runs("clean2")))
        self.assertEqual("20", self.value("data"))


class InvalidationAcrossRestartsTest(CacheTestCase):

    def test_initializerAndHelperEdits_recomputeDependentsOnly(self):
        self.start()
        helpers = 'int base(int m) { return 10 + m; }\nint other(int m) { return 5 + m; }'
        cells = [helpers,
                 f'var a = base({self.mark("a")});',          # 11
                 f'var b = a * 2 + {self.mark("b")} - 1;',     # 22 (a → b → c)
                 f'var c = b + 100 + {self.mark("c")} - 1;',   # 122
                 f'var x = other({self.mark("x")});',          # 6, independent of base
                 f'var y = 7 + {self.mark("y")};']             # 8
        for c in cells:
            self.ok(c)
        self.assertEqual(["11", "22", "122", "6", "8"], [self.value(v) for v in "abcxy"])

        self.restart()
        edited = list(cells)
        edited[0] = helpers.replace("10 + m", "20 + m")
        edited[5] = f'var y = 70 + {self.mark("y")};'
        results = [self.ok(c) for c in edited]
        self.assertEqual(2, self.runs("a"), "a's helper changed")
        self.assertEqual(2, self.runs("b"), "b depends on a")
        self.assertEqual(2, self.runs("c"), "c depends on b")
        self.assertEqual(1, self.runs("x"), "x does not depend on base")
        self.assertEqual(2, self.runs("y"), "y's initializer changed")
        self.assertEqual([[], [], [], ["x"], []], [r.names("restored") for r in results[1:]])
        self.assertEqual([["a"], ["b"], ["c"], [], ["y"]], [r.names("computed") for r in results[1:]])
        self.assertEqual(["21", "42", "142", "6", "71"], [self.value(v) for v in "abcxy"])

    def test_mutatingStatementEdit_recomputesEverythingDownstream(self):
        self.start()
        def cells(n):
            return ['var list = new java.util.ArrayList<Integer>(java.util.List.of(1, 2, 3));',
                    f'list.add({n});',
                    f'var sum = list.stream().mapToInt(i -> i).sum() + {self.mark("sum")} - 1;',
                    f'var twice = sum * 2 + {self.mark("twice")} - 1;',
                    f'var unrelated = 3 + {self.mark("unrelated")} - 1;']
        for c in cells(4):
            self.ok(c)
        self.assertEqual(("10", "20"), (self.value("sum"), self.value("twice")))

        self.restart()
        results = [self.ok(c) for c in cells(4)]
        self.assertEqual((1, 1, 1), (self.runs("sum"), self.runs("twice"), self.runs("unrelated")))
        self.assertEqual(["sum"], results[2].names("restored"))
        self.assertEqual("[1, 2, 3, 4]", self.value("list"))
        self.assertEqual(("10", "20"), (self.value("sum"), self.value("twice")))

        self.restart()
        results = [self.ok(c) for c in cells(5)]
        self.assertEqual((2, 2, 1), (self.runs("sum"), self.runs("twice"), self.runs("unrelated")))
        self.assertEqual(["sum"], results[2].names("computed"))
        self.assertEqual(["twice"], results[3].names("computed"))
        self.assertEqual("[1, 2, 3, 5]", self.value("list"))
        self.assertEqual(("11", "22", "3"), (self.value("sum"), self.value("twice"), self.value("unrelated")))

    def test_recordClass_restoresWhenUnchangedRecomputesWhenComponentChanged(self):
        self.start()
        record = 'record Row(int id, String name) {}'
        decl = f'var row = new Row(7 + {self.mark("row")} - 1, "seven");'
        self.ok(record)
        self.assertEqual(["row"], self.ok(decl).names("stored"))

        self.restart()
        self.ok(record)
        r = self.ok(decl)
        self.assertEqual(["row"], r.names("restored"), repr(r))
        self.assertEqual(1, self.runs("row"))
        self.assertEqual('"seven"', self.value("row.name()"))
        self.assertEqual("7", self.value("row.id()"))
        self.assertEqual("true", self.value("row instanceof Row"))

        self.restart()
        self.ok('record Row(long id, String name) {}')
        r = self.ok(decl)
        self.assertEqual(["row"], r.names("computed"), repr(r))
        self.assertEqual(2, self.runs("row"))
        self.assertEqual("7", self.value("row.id()"))
        self.assertEqual('"long"', self.value("((Object) row.id()).getClass() == Long.class ? \"long\" : \"int\""))

    def test_twoDeclarationsInOneCell_editOnlyB(self):
        self.start()
        def cell(k):
            return (f'var a = 10 + {self.mark("a")};\n'
                    f'var b = {k} + {self.mark("b")};\n'
                    f'System.out.println("printed " + a + " " + b);')
        r = self.ok(cell(20))
        self.assertEqual("printed 11 21\n", r.stdout)
        self.restart()
        r = self.ok(cell(30))
        self.assertEqual(["a"], r.names("restored"))
        self.assertEqual(["b"], r.names("computed"))
        self.assertEqual((1, 2), (self.runs("a"), self.runs("b")))
        self.assertEqual("printed 11 31\n", r.stdout, "the println is not a declaration: it always runs")


class AliasingTest(CacheTestCase):
    """`var alias = list;` holds the same object as list: a restore would make a copy (so it is
    not stored), and `alias.add(..)` changes list too (so what reads list is recomputed)."""

    def test_mutationThroughAlias_recomputesWhatReadsTheAliasedObject(self):
        def cells(k):
            return ['var list = new java.util.ArrayList<Integer>(java.util.List.of(1, 2, 3));',
                    'var alias = list;',
                    f'alias.add({k});',
                    f'var sum = list.stream().mapToInt(i -> i).sum() + {self.mark("sum")} - 1;']
        self.start()
        for c in cells(7):
            r = self.ok(c)
            if c.startswith("var alias"):
                self.assertIn("same object as `list`", r.names("uncacheable").get("alias", ""), repr(r))
        self.assertEqual("13", self.value("sum"))
        self.restart()
        for c in cells(7):
            self.ok(c)
        self.assertEqual("true", self.value("alias == list"))
        self.assertEqual(1, self.runs("sum"), "an unchanged notebook still restores sum")
        self.restart()
        for c in cells(8):
            self.ok(c)
        self.assertEqual("true", self.value("alias == list"), "alias was restored as a copy of list")
        self.assertEqual("[1, 2, 3, 8]", self.value("list"))
        self.assertEqual("14", self.value("sum"))
        self.assertEqual(2, self.runs("sum"))


class SharedElementTest(CacheTestCase):
    """Sharing below the top level. `var first = lists.get(0);` holds an object that is also
    inside `lists`: a restore would make a separate copy, so it is not stored (reported as
    uncacheable) and after a restart `first.add(8)` still changes `lists`, as in a fresh run."""

    def test_mutationThroughSharedElement_changesTheContainerAfterRestart(self):
        cells = ['var lists = new java.util.ArrayList<java.util.List<Integer>>('
                 'java.util.List.of(new java.util.ArrayList<>(java.util.List.of(1))));',
                 'var first = lists.get(0);',
                 'first.add(8);']
        self.start()
        for c in cells:
            r = self.ok(c)
            if c.startswith("var first"):
                self.assertIn("shares objects with `lists`", r.names("uncacheable").get("first", ""), repr(r))
        self.assertEqual("[[1, 8]]", self.value("lists"))
        self.restart()
        for c in cells:
            self.ok(c)
        self.assertEqual("true", self.value("first == lists.get(0)"))
        self.assertEqual("[[1, 8]]", self.value("lists"))

    def test_containerOfAVariable_seesLaterMutationsAfterRestart(self):
        cells = ['var base = new java.util.ArrayList<Integer>(java.util.List.of(1));',
                 'var wrap = java.util.List.of(base);',
                 'base.add(2);']
        self.start()
        for c in cells:
            self.ok(c)
        self.assertEqual("[[1, 2]]", self.value("wrap"))
        self.restart()
        for c in cells:
            self.ok(c)
        self.assertEqual("[[1, 2]]", self.value("wrap"))
        self.assertEqual("true", self.value("wrap.get(0) == base"))


class MutatingInitializerTest(CacheTestCase):
    """`var n = fill(list);` adds to `list`: restoring `n` would skip that, so `n` is not
    stored, and after a restart what reads `list` sees the same as a fresh run."""

    def test_initializerThatFillsAnInput_runsAgainAfterRestart(self):
        cells = ['var list = new java.util.ArrayList<Integer>(java.util.List.of(1));',
                 'int fill(java.util.List<Integer> l) { l.add(2); l.add(3); return l.size(); }',
                 f'var n = fill(list) + {self.mark("n")} - 1;',
                 'System.out.println("list=" + list);',
                 'var total = list.stream().mapToInt(i -> i).sum();']
        self.start()
        outs = []
        for c in cells:
            r = self.ok(c)
            if c.startswith("var n"):
                self.assertIn("changed `list`", r.names("uncacheable").get("n", ""), repr(r))
            outs.append(r.text)
        self.assertEqual("6", self.value("total"))
        self.restart()
        for c, first in zip(cells, outs):
            r = self.ok(c)
            if c.startswith("System.out"):
                self.assertEqual(first, r.text)
                self.assertIn("list=[1, 2, 3]", r.text)
        self.assertEqual(2, self.runs("n"))
        self.assertEqual("3", self.value("n"))
        self.assertEqual("6", self.value("total"))
        self.assertEqual("[1, 2, 3]", self.value("list"))

    def test_readOnlyInitializerOverAnArray_stillRestored(self):
        cells = ['var samples = new double[] {1, 2, 3, 4};',
                 'double mean(double[] a) { double s = 0; for (double x : a) s += x; return s / a.length; }',
                 f'var m = mean(samples) + {self.mark("m")} - 1;']
        self.start()
        for c in cells:
            self.ok(c)
        self.restart()
        for c in cells:
            r = self.ok(c)
        self.assertEqual(["m"], r.names("restored"), repr(r))
        self.assertEqual(1, self.runs("m"))
        self.assertEqual("2.5", self.value("m"))


class NotStoredTest(CacheTestCase):

    def test_unserializableValuesAndExceptions_runEveryTime(self):
        self.start()
        cells = [f'var t = {self.mark("t")} > 0 ? new Thread(() -> {{}}) : null;',
                 f'Runnable fn = {self.mark("fn")} > 0 ? () -> {{}} : null;']
        for name, c in zip(["t", "fn"], cells):
            r = self.ok(c)
            self.assertEqual([name], r.names("computed"), repr(r))
            self.assertEqual([], r.names("stored"), repr(r))
            self.assertIn(name, r.names("uncacheable"), repr(r))
            self.assertTrue(r.names("uncacheable")[name].strip(), "a reason is given")
            self.assertIsNone(r.error)
        failing = f'var boom = 10 / ({self.mark("boom")} - 1);'
        r = self.cell(failing)
        self.assertEqual("error", r.status)
        self.assertIn("ArithmeticException", r.text)
        self.assertNotIn("boom", r.names("stored"))

        self.restart()
        for name, c in zip(["t", "fn"], cells):
            r = self.ok(c)
            self.assertEqual([], r.names("restored"))
            self.assertIn(name, r.names("uncacheable"))
        self.assertEqual((2, 2), (self.runs("t"), self.runs("fn")))
        self.assertEqual("true", self.value("t.getState() == Thread.State.NEW"))
        r = self.cell(failing)
        self.assertEqual("error", r.status, "an exception's value was restored")
        self.assertIn("ArithmeticException", r.text)
        self.assertEqual(2, self.runs("boom"))
        self.assertNotIn("boom", self.ok("%cache list").text)


class ValueShapesAcrossRestartTest(CacheTestCase):
    """Values of the shapes notebooks hold restore after a restart, or are honestly reported
    as uncacheable; none is stored only to fail its restore on every later run."""

    CELLS = {
        "m": 'var m = new java.util.HashMap<String, java.util.List<Integer>>(java.util.Map.of("k", java.util.List.of(1, 2 + MARK - 1)));',
        "arr": 'var arr = new String[][] {{"a"}, {"b", "c" + "!".repeat(MARK - 1)}};',
        "boxed": 'Object boxed = new Box(5 + MARK - 1);',
        "col": 'var col = MARK > 0 ? Color.GREEN : Color.RED;',
        "colmap": 'var colmap = new java.util.EnumMap<Color, Integer>(java.util.Map.of(Color.RED, MARK));',
        "cols": 'var cols = java.util.EnumSet.of(Color.RED, MARK > 0 ? Color.GREEN : Color.RED);',
        "mixed": 'var mixed = java.util.List.of(MARK, "a");',
        "sup": 'java.util.function.Supplier<Integer> sup = MARK > 0 ? (java.util.function.Supplier<Integer> & java.io.Serializable) () -> 3 : null;',
    }
    TYPES = ['class Box implements java.io.Serializable { int v; Box(int v) { this.v = v; } public String toString() { return "Box" + v; } }',
             'enum Color { RED, GREEN }']
    CHECKS = {"m": ('m.get("k").get(1)', "2"), "arr": ("arr[1][1]", '"c"'), "boxed": ("boxed", "Box5"),
              "col": ("col == Color.GREEN", "true"), "colmap": ("colmap", "{RED=1}"),
              "cols": ("cols", "[RED, GREEN]"), "mixed": ("mixed.get(1)", '"a"'), "sup": ("sup.get()", "3")}

    def test_valueShapes_restoredOrUncacheableNeverStoredInVain(self):
        self.start()
        for t in self.TYPES:
            self.ok(t)
        first = {n: self.ok(c.replace("MARK", self.mark(n))) for n, c in self.CELLS.items()}
        self.restart()
        for t in self.TYPES:
            self.ok(t)
        for n, c in self.CELLS.items():
            r = self.ok(c.replace("MARK", self.mark(n)))
            expr, expected = self.CHECKS[n]
            with self.subTest(name=n):
                self.assertEqual(expected, self.value(expr), n)
                if n in first[n].names("stored"):
                    self.assertEqual([n], r.names("restored"),
                                     f"{n} was stored but not restored after a restart: {r!r}\n"
                                     + self.ok("%cache why " + n).text)
                    self.assertEqual(1, self.runs(n))
                else:
                    self.assertIn(n, first[n].names("uncacheable"), repr(first[n]))
                    self.assertIn(n, r.names("uncacheable"), repr(r))
                    self.assertEqual([], r.names("stored"))


class ObjectValuesAcrossRestartTest(CacheTestCase):
    """Values that are not Serializable, big record graphs, an LRU map and shared objects come
    back after a restart as the same value: same content, order and sharing."""

    TYPES = ['class Pt { final String name; final double[] xs; transient int unused;'
             ' Pt(String n, double... xs) { name = n; this.xs = xs; }'
             ' public String toString() { return name + java.util.Arrays.toString(xs); } }',
             'record Rec(int i, String s, double x) {}',
             'java.util.LinkedHashMap<String, Integer> makeLru(int m) {'
             ' var l = new java.util.LinkedHashMap<String, Integer>(16, .75f, true);'
             ' for (int i = 0; i < 5; i++) l.put("e" + i, i * m); l.get("e1"); l.get("e0"); return l; }',
             'java.util.List<java.util.List<Integer>> twice(int m) {'
             ' var in = new java.util.ArrayList<Integer>(java.util.List.of(m));'
             ' return new java.util.ArrayList<>(java.util.List.of(in, in)); }']

    def cells(self):
        return {
            "pt": f'var pt = new Pt("p" + {self.mark("pt")}, 1, 2);',
            "recs": (f'var recs = java.util.stream.IntStream.range(0, 60_000 + {self.mark("recs")} - 1)'
                     '.mapToObj(i -> new Rec(i, "r" + i, i / 2.0))'
                     '.collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));'),
            "lru": f'var lru = makeLru({self.mark("lru")});',
            "shared": f'var shared = twice({self.mark("shared")});',
            "byName": (f'var byName = java.util.stream.IntStream.range(0, 500 + {self.mark("byName")} - 1).boxed()'
                       '.collect(java.util.stream.Collectors.toMap(i -> "k" + i, i -> i));'),
        }

    def test_plainClassRecordsLruAndSharing_sameValueAfterRestart(self):
        self.start()
        for t in self.TYPES:
            self.ok(t)
        for n, c in self.cells().items():
            r = self.ok(c)
            self.assertEqual([n], r.names("stored"), repr(r) + self.ok("%cache why " + n).text)
        order = self.value("byName.keySet().toString()")

        self.restart()
        for t in self.TYPES:
            self.ok(t)
        for n, c in self.cells().items():
            r = self.ok(c)
            self.assertEqual([n], r.names("restored"), repr(r) + self.ok("%cache why " + n).text)
            self.assertEqual(1, self.runs(n), n)
        self.assertEqual('"p1[1.0, 2.0]"', self.value("pt.toString()"))
        self.assertEqual("60000", self.value("recs.size()"))
        self.assertEqual('Rec[i=59999, s=r59999, x=29999.5]', self.value("recs.get(59999)"))
        self.assertEqual("true", self.value("recs.get(7).getClass() == Rec.class"))
        self.assertEqual("[e2, e3, e4, e1, e0]", self.value("lru.keySet()"))
        self.ok('lru.get("e2");')
        self.assertEqual("[e3, e4, e1, e0, e2]", self.value("lru.keySet()"), "access order kept")
        self.assertEqual("true", self.value("shared.get(0) == shared.get(1)"))
        self.ok("shared.get(0).add(7);")
        self.assertEqual("[1, 7]", self.value("shared.get(1)"), "one object, as before the restart")
        self.assertEqual(order, self.value("byName.keySet().toString()"), "HashMap iteration order kept")

    def test_redefinedClass_recomputes(self):
        self.start()
        self.ok(self.TYPES[0])
        cell = self.cells()["pt"]
        self.assertEqual(["pt"], self.ok(cell).names("stored"))
        self.restart()
        self.ok(self.TYPES[0].replace("transient int unused;", "transient int unused; int extra = 3;"))
        r = self.ok(cell)
        self.assertEqual([], r.names("restored"), "a changed class must not receive an old value")
        self.assertEqual(2, self.runs("pt"))
        self.assertEqual("3", self.value("pt.extra"))


class ClasspathChangeTest(CacheTestCase):

    def build_jar(self, folder, value):
        src = folder / "src" / "e2ecp"
        src.mkdir(parents=True, exist_ok=True)
        (src / "Lib.java").write_text(f"package e2ecp; public class Lib {{ public static int v() {{ return {value}; }} }}")
        classes = folder / "classes"
        shutil.rmtree(classes, ignore_errors=True)
        subprocess.run(["javac", "--release", "11", "-d", str(classes), str(src / "Lib.java")], check=True)
        jar = folder / "lib.jar"
        jar.unlink(missing_ok=True)
        subprocess.run(["jar", "cf", str(jar), "-C", str(classes), "."], check=True)
        return jar

    def test_jarContentChange_recomputesDeclarationsAfterIt(self):
        folder = Path(tempfile.mkdtemp(prefix="jars-"))
        self.addCleanup(shutil.rmtree, folder, True)
        jar = self.build_jar(folder, 1)
        cells = [f'%jars {jar}',
                 f'var fromJar = e2ecp.Lib.v() + {self.mark("fromJar")} - 1;',
                 f'var plain = 100 + {self.mark("plain")} - 1;']
        self.start()
        for c in cells:
            self.ok(c)
        self.assertEqual("1", self.value("fromJar"))

        self.restart()
        results = [self.ok(c) for c in cells]
        self.assertEqual([["fromJar"], ["plain"]], [r.names("restored") for r in results[1:]])
        self.assertEqual((1, 1), (self.runs("fromJar"), self.runs("plain")))

        self.build_jar(folder, 2)   # same path, new content
        self.restart()
        results = [self.ok(c) for c in cells]
        self.assertEqual([["fromJar"], ["plain"]], [r.names("computed") for r in results[1:]])
        self.assertEqual((2, 2), (self.runs("fromJar"), self.runs("plain")))
        self.assertEqual("2", self.value("fromJar"))
        self.assertIn("classpath", self.ok("%cache why plain").text)


class ClockAndRandomnessAcrossRestartsTest(CacheTestCase):
    """A value read from unseeded randomness or the clock is not frozen by a restart, unless the
    cell asks for a snapshot with %%snapshot."""

    def test_unseededRandom_newValueAfterRestart_snapshotKeepsIt(self):
        self.start()
        helper = 'double noise() { return Math.random(); }'
        random = 'var r = new java.util.Random().nextLong();'
        through = 'var n = noise() * 1e9;'
        snap = '%%snapshot\nvar s = java.util.UUID.randomUUID().toString();'
        self.ok(helper)
        r = self.ok(random)
        self.assertEqual(["r"], r.names("computed"), repr(r))
        self.assertEqual([], r.names("stored"), repr(r))
        self.assertIn("unseeded randomness", r.names("uncacheable")["r"])
        first = self.value("r")
        self.assertIn("`new Random()` (reads unseeded randomness)", self.ok("%cache why r").text)
        r = self.ok(through)
        self.assertIn("calls `noise()`, which calls `Math.random()`", r.names("uncacheable")["n"], repr(r))
        r = self.ok(snap)
        self.assertEqual(["s"], r.names("stored"), repr(r))
        snapshot = self.value("s")
        self.assertIn("stored as a snapshot by request", self.ok("%cache why s").text)

        self.restart()
        self.ok(helper)
        r = self.ok(random)
        self.assertEqual([], r.names("restored"), repr(r))
        self.assertNotEqual(first, self.value("r"), "the same random number came back after a restart")
        self.assertIn("unseeded randomness", self.ok("%cache why r").text)
        self.assertEqual([], self.ok(through).names("restored"))
        r = self.ok(snap)
        self.assertEqual(["s"], r.names("restored"), repr(r))
        self.assertEqual(snapshot, self.value("s"))
        self.assertIn("snapshot stored by request", self.ok("%cache why s").text)


class LargeValueTest(CacheTestCase):

    def test_doubleArrayOver100MB_restoresExactly(self):
        self.start()
        cell = ('double[] makeBig(int m) { double[] d = new double[14_000_000];'
                ' for (int i = 0; i < d.length; i++) d[i] = Math.sin(i) * i + m; return d; }\n'
                f'var big = makeBig({self.mark("big")});')
        r = self.ok(cell)
        self.assertEqual(["big"], r.names("stored"), repr(r))
        checksum = self.value("java.util.Arrays.hashCode(big)")
        self.restart()
        r = self.ok(cell)
        self.assertEqual(["big"], r.names("restored"), repr(r))
        self.assertEqual(1, self.runs("big"))
        self.assertEqual("14000000", self.value("big.length"))
        self.assertEqual(checksum, self.value("java.util.Arrays.hashCode(big)"))
        self.assertEqual(str(14_000_000 * 8), self.value("big.length * 8L"))


if __name__ == "__main__":
    unittest.main()
