package dev.javacached.kernel.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javacached.kernel.engine.Engine;
import dev.javacached.kernel.engine.ExecuteOutcome;
import dev.javacached.kernel.engine.JShellEngine;
import dev.javacached.kernel.testkit.RecordingSink;
import dev.javacached.store.RocksCacheStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code @Cached} methods through the real JShell engine and a real store, over simulated
 * restarts (a new engine and store on the same folder); a file the bodies append to is the
 * ground truth of which bodies ran.
 */
@Timeout(180)
class MemoEngineTest {
    @TempDir
    Path dir;

    private Path runs() {
        return dir.resolve("runs.txt");
    }

    private String log(String what) {
        return "try { java.nio.file.Files.writeString(java.nio.file.Path.of(\"" + runs().toString().replace("\\", "\\\\")
                + "\"), " + what + " + \"\\n\", java.nio.file.StandardOpenOption.CREATE, "
                + "java.nio.file.StandardOpenOption.APPEND); } catch (java.io.IOException e) { throw new RuntimeException(e); }";
    }

    private List<String> bodies() throws Exception {
        return Files.exists(runs()) ? Files.readAllLines(runs()) : List.of();
    }

    /** The running session's hook (for {@code %cache why}). */
    private CachingHook hook;

    private void session(Consumer<Engine> cells) throws Exception {
        Files.deleteIfExists(runs());
        RocksCacheStore store = RocksCacheStore.open(dir.resolve("store"));
        CachingHook hook = new CachingHook(store);
        this.hook = hook;
        hook.setThresholdMillis(0);
        try (Engine engine = new CachedEngine(new JShellEngine(hook), hook, store)) {
            cells.accept(engine);
        }
    }

    private static ExecuteOutcome.Success ok(Engine engine, String code, RecordingSink sink) {
        ExecuteOutcome o = engine.execute(code, sink);
        return assertInstanceOf(ExecuteOutcome.Success.class, o, () -> code + " -> " + o);
    }

    private static String run(Engine engine, String code) {
        RecordingSink sink = new RecordingSink();
        ok(engine, code, sink);
        return sink.stdout();
    }

    @Test
    void loopOfTenCalls_twoArgumentsChanged_exactlyTwoBodiesRunAfterRestart() throws Exception {
        String method = "@Cached long heavy(int n) { " + log("\"heavy \" + n") + " System.out.println(\"ran \" + n);"
                + " long s = 0; for (int i = 0; i < 1000; i++) s += i * n; return s; }";
        String[] sums = new String[2];
        session(e -> {
            run(e, method);
            sums[0] = run(e, "long total = 0; for (int n : new int[] {1,2,3,4,5,6,7,8,9,10}) total += heavy(n);"
                    + " System.out.println(\"total \" + total);");
        });
        assertEquals(10, bodies().size(), bodies()::toString);
        session(e -> {
            run(e, method);
            sums[1] = run(e, "long total = 0; for (int n : new int[] {1,2,3,4,5,6,7,8,11,12}) total += heavy(n);"
                    + " System.out.println(\"total \" + total);");
        });
        assertEquals(List.of("heavy 11", "heavy 12"), bodies());
        // the output the bodies printed is replayed on a hit
        assertTrue(sums[1].contains("ran 1\n") && sums[1].contains("ran 11\n"), sums[1]);
        assertEquals(sums[0].replace("ran 9\n", "").replace("ran 10\n", "").replace("ran 11\n", "").replace("ran 12\n", "").split("total")[0],
                sums[1].replace("ran 11\n", "").replace("ran 12\n", "").split("total")[0]);
    }

    private static List<String> sortedLines(String out) {
        return out.lines().sorted().toList();
    }

    /**
     * Calls running at once on the threads of a parallel stream: each records only what its own
     * thread printed, so after a restart every hit replays exactly its own two lines (before,
     * a call's recording also took the lines the other threads printed meanwhile).
     */
    @Test
    void parallelStreamOfPrintingCalls_eachHitReplaysExactlyItsOwnLines() throws Exception {
        String method = "@Cached String slow(int i) { " + log("\"slow \" + i") + " System.out.println(\"start \" + i);"
                + " try { Thread.sleep(150); } catch (InterruptedException e) { throw new RuntimeException(e); }"
                + " System.out.println(\"end \" + i); return \"r\" + i; }";
        String parallel = "System.out.println(java.util.stream.IntStream.range(0, 8).parallel()"
                + ".mapToObj(i -> slow(i)).toList());";
        List<String> expected = new java.util.ArrayList<>(List.of("[r0, r1, r2, r3, r4, r5, r6, r7]"));
        for (int i = 0; i < 8; i++) {
            expected.add("start " + i);
            expected.add("end " + i);
        }
        expected.sort(null);
        session(e -> {
            run(e, method);
            assertEquals(expected, sortedLines(run(e, parallel)));
        });
        assertEquals(8, bodies().size(), bodies()::toString);
        session(e -> {
            run(e, method);
            for (int i = 0; i < 8; i++) {
                assertEquals("start " + i + "\nend " + i + "\nr" + i + "\n", run(e, "System.out.println(slow(" + i + "));"),
                        "the hit of slow(" + i + ") replays its own lines, and only those");
            }
            assertEquals(expected, sortedLines(run(e, parallel)), "parallel hits: each call's lines once");
        });
        assertEquals(List.of(), bodies(), "every call was restored");
    }

    /**
     * A thread outside any {@code @Cached} call printing while a call runs (here the body's own
     * thread) may be the call's output or not: the call is computed, not stored, and says why.
     */
    @Test
    void outputOfAThreadOutsideAnyCall_isNotTakenForTheCallsOwn() throws Exception {
        String method = "@Cached String bg(int i) { " + log("\"bg \" + i") + " Thread t = new Thread(() ->"
                + " System.out.println(\"bg \" + i), \"helper-\" + i); t.start(); try { t.join(); }"
                + " catch (InterruptedException e) { throw new RuntimeException(e); } return \"b\" + i; }";
        for (int session = 0; session < 2; session++) {
            session(e -> {
                run(e, method);
                assertEquals("bg 1\nb1\n", run(e, "System.out.println(bg(1));"));
                String why = hook.why("bg");
                assertTrue(why.contains("helper-1") && why.contains("not stored"), why);
            });
            assertEquals(List.of("bg 1"), bodies(), "not stored: the body runs in every session");
        }
    }

    @Test
    void aChangedInputFile_recomputesTheCall_anUnchangedOneDoesNot() throws Exception {
        Path data = dir.resolve("data.txt");
        Files.writeString(data, "1 2 3");
        String method = "@Cached long total(String file) { " + log("\"total\"") + " try { long s = 0;"
                + " for (String w : java.nio.file.Files.readString(java.nio.file.Path.of(file)).split(\" \")) s += Long.parseLong(w);"
                + " return s; } catch (java.io.IOException e) { throw new java.io.UncheckedIOException(e); } }";
        String call = "System.out.println(total(\"" + data.toString().replace("\\", "\\\\") + "\"));";
        session(e -> {
            run(e, method);
            assertEquals("6\n", run(e, call));
        });
        assertEquals(List.of("total"), bodies());
        session(e -> {
            run(e, method);
            assertEquals("6\n", run(e, call));
        });
        assertEquals(List.of(), bodies(), "an unchanged file: restored");
        Files.writeString(data, "1 2 3 4");
        session(e -> {
            run(e, method);
            assertEquals("10\n", run(e, call));
        });
        assertEquals(List.of("total"), bodies(), "a changed file: the body runs again");
    }

    @Test
    void editingACallee_recomputes() throws Exception {
        session(e -> {
            run(e, "int scale() { return 2; }");
            run(e, "@Cached int f(int x) { " + log("\"f \" + x") + " return x * scale(); }");
            assertEquals("6\n", run(e, "System.out.println(f(3));"));
            assertEquals("6\n", run(e, "System.out.println(f(3));"));
        });
        assertEquals(List.of("f 3"), bodies());
        session(e -> {
            run(e, "int scale() { return 3; }");
            run(e, "@Cached int f(int x) { " + log("\"f \" + x") + " return x * scale(); }");
            assertEquals("9\n", run(e, "System.out.println(f(3));"));
        });
        assertEquals(List.of("f 3"), bodies());
    }

    @Test
    void voidMethod_isRefusedWithAClearError() throws Exception {
        session(e -> {
            ExecuteOutcome o = e.execute("@Cached void p(int x) { }", new RecordingSink());
            ExecuteOutcome.Failure f = assertInstanceOf(ExecuteOutcome.Failure.class, o);
            assertTrue(f.evalue().contains("returns void"), f.evalue());
        });
    }

    @Test
    void checkedExceptions_genericsRecursionAndReassignedParameters_behaveAsWritten() throws Exception {
        session(e -> {
            run(e, "@Cached String read(String p) throws java.io.IOException { if (p.isEmpty()) throw new java.io.IOException(\"empty\"); return p + \"!\"; }");
            assertEquals("a!\n", run(e, "try { System.out.println(read(\"a\")); } catch (java.io.IOException x) { System.out.println(x); }"));
            assertEquals("java.io.IOException: empty\n", run(e, "try { System.out.println(read(\"\")); } catch (java.io.IOException x) { System.out.println(x); }"));
            run(e, "@Cached long fib(int n) { if (n < 2) return n; return fib(n - 1) + fib(n - 2); }");
            assertEquals("832040\n", run(e, "System.out.println(fib(30));"));
            run(e, "@Cached <T extends Comparable<T>> List<T> sorted(List<T> xs) { xs = new ArrayList<>(xs); Collections.sort(xs); return xs; }");
            assertEquals("[1, 2, 3]\n", run(e, "System.out.println(sorted(List.of(3, 1, 2)));"));
            // a method whose body does not compile reports its own error at its own place
            ExecuteOutcome o = e.execute("@Cached int bad(int x) {\n  return \"s\";\n}", new RecordingSink());
            ExecuteOutcome.Failure f = assertInstanceOf(ExecuteOutcome.Failure.class, o);
            assertTrue(f.evalue().startsWith("line 2:"), f.evalue());
        });
    }

    @Test
    void lambdaArgument_runsUncachedWithTheReason() throws Exception {
        session(e -> {
            run(e, "@Cached int apply(java.util.function.IntUnaryOperator op, int x) { " + log("\"apply\"") + " return op.applyAsInt(x); }");
            assertEquals("4\n", run(e, "System.out.println(apply(v -> v * 2, 2));"));
            assertEquals("4\n", run(e, "System.out.println(apply(v -> v * 2, 2));"));
        });
        assertEquals(List.of("apply", "apply"), bodies());
    }

    @Test
    void methodReadingATopLevelVariable_runsUncached() throws Exception {
        session(e -> {
            run(e, "int k = 2;");
            run(e, "@Cached int g(int x) { " + log("\"g\"") + " return x * k; }");
            assertEquals("6\n", run(e, "System.out.println(g(3));"));
            assertEquals("9\n", run(e, "k = 3; System.out.println(g(3));"));
        });
        assertEquals(List.of("g", "g"), bodies());
    }

    @Test
    void bodyMutatingItsArgument_isNotStored() throws Exception {
        session(e -> {
            run(e, "@Cached int take(List<Integer> xs) { " + log("\"take\"") + " return xs.remove(0); }");
            run(e, "var l = new ArrayList<>(List.of(1, 2, 3));");
            assertEquals("1\n", run(e, "System.out.println(take(new ArrayList<>(List.of(1, 2, 3))));"));
        });
        session(e -> {
            run(e, "@Cached int take(List<Integer> xs) { " + log("\"take\"") + " return xs.remove(0); }");
            assertEquals("1\n", run(e, "System.out.println(take(new ArrayList<>(List.of(1, 2, 3))));"));
        });
        assertEquals(List.of("take"), bodies());
    }

    @Test
    void instanceMethodOfANotebookClass_keysOnTheReceiver() throws Exception {
        String type = "record Model(double rate) { @Cached double fit(int n) { " + log("\"fit \" + rate + \" \" + n")
                + " return rate * n; } }";
        session(e -> {
            run(e, type);
            assertEquals("2.0 3.0\n", run(e, "System.out.println(new Model(1).fit(2) + \" \" + new Model(1.5).fit(2));"));
        });
        session(e -> {
            run(e, type);
            assertEquals("2.0 3.0 4.0\n", run(e, "System.out.println(new Model(1).fit(2) + \" \" + new Model(1.5).fit(2) + \" \" + new Model(2).fit(2));"));
        });
        assertEquals(List.of("fit 2.0 2"), bodies());
    }

    @Test
    void bigArgumentPassedOnlyToMemoizedCalls_isDigestedOncePerSnippet_andAMutatedOneEveryTime() throws Exception {
        RocksCacheStore store = RocksCacheStore.open(dir.resolve("store"));
        CachingHook hook = new CachingHook(store);
        hook.setThresholdMillis(0);
        try (Engine e = new CachedEngine(new JShellEngine(hook), hook, store)) {
            run(e, "double[] big = new double[200_000];");
            run(e, "@Cached double at(double[] xs, int k) { return xs[0] + k; }");
            long before = hook.memoTable().reusedDigests();
            assertEquals("45.0\n", run(e, "double s = 0; for (int k = 0; k < 10; k++) s += at(big, k); System.out.println(s);"));
            assertEquals(9, hook.memoTable().reusedDigests() - before, "one digest of big, reused by the 9 later calls");
            before = hook.memoTable().reusedDigests();
            // the snippet writes big between the calls: every call digests it again, and sees the change
            assertEquals("90.0\n", run(e, "double t = 0; for (int k = 0; k < 10; k++) { big[0] = k; t += at(big, k); }"
                    + " System.out.println(t);"));
            assertEquals(0, hook.memoTable().reusedDigests() - before);
            // a non-memoized helper that gets big could change it: no reuse either
            run(e, "void touch(double[] xs, int k) { xs[0] = k; }");
            assertEquals("90.0\n", run(e, "double u = 0; for (int k = 0; k < 10; k++) { touch(big, k); u += at(big, k); }"
                    + " System.out.println(u);"));
            assertEquals(0, hook.memoTable().reusedDigests() - before);
        }
    }

    @Test
    void interruptInsideAMemoizedBody_stopsTheCell_storesNothing_andTheKernelGoesOn() throws Exception {
        session(e -> {
            run(e, "@Cached long spin(long n) { display(\"started\"); long s = 0; for (long i = 0; ; i++) { s += i ^ n; } }");
            java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
            RecordingSink sink = new RecordingSink() {
                @Override
                public void display(dev.javacached.kernel.display.MimeBundle bundle, String displayId, boolean update) {
                    super.display(bundle, displayId, update);
                    started.countDown();
                }
            };
            java.util.concurrent.CompletableFuture<ExecuteOutcome> running =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> e.execute("var r = spin(3);", sink));
            try {
                assertTrue(started.await(30, java.util.concurrent.TimeUnit.SECONDS), "the body started");
                e.interrupt();
                ExecuteOutcome o = running.get(30, java.util.concurrent.TimeUnit.SECONDS);
                assertEquals("Interrupted", assertInstanceOf(ExecuteOutcome.Failure.class, o).ename());
            } catch (Exception x) {
                throw new AssertionError(x);
            }
            run(e, "@Cached long twice(long n) { return 2 * n; }");
            assertEquals("6\n", run(e, "System.out.println(twice(3));"));
        });
    }

    @Test
    void aNotebookAnnotationNamedCached_isLeftAlone() throws Exception {
        session(e -> {
            run(e, "@interface Cached { }");
            run(e, "@Cached int plain(int x) { " + log("\"plain\"") + " return x; }");
            assertEquals("2\n", run(e, "System.out.println(plain(1) + plain(1));"));
        });
        assertEquals(List.of("plain", "plain"), bodies());
    }

    @Test
    void theKernelSideOfMemo_isInvisibleToNotebookCode() throws Exception {
        session(e -> {
            assertEquals("true\n", run(e, "System.out.println(dev.javacached.kernel.engine.Memo.Cached.class.isAnnotation());"));
            assertEquals("hidden\n", run(e, "try { Class.forName(\"dev.javacached.kernel.engine.MemoBridge\", false,"
                    + " Thread.currentThread().getContextClassLoader()); System.out.println(\"visible\"); }"
                    + " catch (ClassNotFoundException x) { System.out.println(\"hidden\"); }"));
        });
    }
}
