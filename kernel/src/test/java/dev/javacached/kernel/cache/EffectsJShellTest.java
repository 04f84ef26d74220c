package dev.javacached.kernel.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javacached.kernel.display.MimeBundle;
import dev.javacached.kernel.engine.Engine;
import dev.javacached.kernel.engine.ExecuteOutcome;
import dev.javacached.kernel.engine.JShellEngine;
import dev.javacached.kernel.magic.MagicDispatcher;
import dev.javacached.kernel.testkit.RecordingSink;
import dev.javacached.store.RocksCacheStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Statements cached by their effect and input files (issue 13, parts 2 and 3) over the real
 * JShell engine, the real RocksDB store and the JVM's real file recording. A "restart" closes
 * engine and store and opens new ones on the same folder. What really ran is counted by
 * {@code count(key)} in an {@code AtomicInteger} kept in the system properties: the same JVM
 * for every "kernel", and a side effect the cache cannot see, so counting does not itself stop
 * a statement from being cached (a file write would).
 */
class EffectsJShellTest {
    @TempDir
    Path dir;

    private static final String COUNT = "int count(String k) { return ((java.util.concurrent.atomic.AtomicInteger)"
            + " System.getProperties().computeIfAbsent(\"effects.\" + k,"
            + " x -> new java.util.concurrent.atomic.AtomicInteger())).incrementAndGet(); }";

    private final class Kernel implements AutoCloseable {
        final RocksCacheStore store;
        final CachingHook hook;
        final Engine engine;
        final RecordingSink sink = new RecordingSink();

        Kernel() throws IOException {
            this(FileAccess.shared());
        }

        Kernel(FileAccess files) throws IOException {
            store = RocksCacheStore.open(dir.resolve("cache"));
            hook = new CachingHook(store, new DependencyGraph(), System::nanoTime, files);
            hook.setThresholdMillis(0);
            engine = new CachedEngine(MagicDispatcher.builder(new JShellEngine(hook), hook).cacheMagic(store).build(),
                    hook, store);
            ok(COUNT);
        }

        ExecuteOutcome.Success ok(String code) {
            ExecuteOutcome o = engine.execute(code, sink);
            return assertInstanceOf(ExecuteOutcome.Success.class, o, () -> code + " -> " + o);
        }

        String text(String code) {
            return ok(code).result().map(MimeBundle::plain).orElse("");
        }

        @Override
        public void close() {
            engine.close();
            store.close();
        }
    }

    private static int runs(String key) {
        Object c = System.getProperties().get("effects." + key);
        return c == null ? 0 : ((java.util.concurrent.atomic.AtomicInteger) c).get();
    }

    @SuppressWarnings("unchecked")
    private static List<String> cached(ExecuteOutcome o, String what) {
        return (List<String>) ((Map<String, Object>) o.replyMetadata().get("java_cached")).get(what);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> uncacheable(ExecuteOutcome o) {
        return (Map<String, String>) ((Map<String, Object>) o.replyMetadata().get("java_cached")).get("uncacheable");
    }

    @Test
    void fillLoop_restoredInANewSession_andLaterCellsHit() throws IOException {
        String key = "fill" + System.nanoTime();
        List<String> cells = List.of("var rows = new java.util.ArrayList<Integer>();",
                "for (int i = 0; i < 4; i++) { count(\"" + key + "\"); rows.add(i * i); }",
                "var total = rows.stream().mapToInt(Integer::intValue).sum();");
        try (Kernel k = new Kernel()) {
            cells.forEach(k::ok);
            assertEquals(4, runs(key));
        }
        try (Kernel k = new Kernel()) {
            k.ok(cells.get(0));
            ExecuteOutcome loop = k.ok(cells.get(1));
            ExecuteOutcome total = k.ok(cells.get(2));
            assertEquals(4, runs(key), "the loop did not run again");
            assertEquals(List.of("rows"), cached(loop, "restored"));
            assertEquals(List.of("total"), cached(total, "restored"));
            assertEquals("[0, 1, 4, 9]", k.text("rows"));
        }
    }

    /**
     * A statement that mentions only a variable holding an immutable value (a Path), and assigns
     * it nothing, can set no variable: it just runs, and the file it reads is not taken into that
     * variable's version. So a value computed from the path alone is restored after the file
     * changed. (Observed like any statement, the file's content went into the path's version,
     * and the value was computed again.)
     */
    @Test
    void statementThatCanSetNoVariable_runsWithoutKeyingTheVariablesItReads() throws IOException {
        Path input = dir.resolve("notes.txt");
        Files.writeString(input, "first");
        String key = "inert" + System.nanoTime();
        // the statement runs in under the threshold (not stored either way), n above it
        List<String> cells = List.of("%cache threshold 200",
                "int sleepMillis(int ms) { try { Thread.sleep(ms); } catch (InterruptedException e) { } return 0; }",
                "var p = java.nio.file.Path.of(\"" + input + "\");",
                "if (java.nio.file.Files.readString(p).isEmpty()) System.out.println(\"empty\");",
                "var n = p.toString().length() + count(\"" + key + "\") * 0 + sleepMillis(300);");
        try (Kernel k = new Kernel()) {
            cells.forEach(k::ok);
        }
        Files.writeString(input, "second, longer");
        try (Kernel k = new Kernel()) {
            cells.forEach(k::ok);
            assertEquals(1, runs(key), "n depends on the path, not on the file's content");
        }
    }

    @Test
    void changedInputFile_recomputesAndNamesTheFile() throws IOException {
        Path input = dir.resolve("in.txt");
        Files.writeString(input, "3");
        String key = "in" + System.nanoTime();
        String cell = "var n = Integer.parseInt(java.nio.file.Files.readString(java.nio.file.Path.of(\""
                + input + "\"))) + count(\"" + key + "\") * 0;";
        try (Kernel k = new Kernel()) {
            k.ok(cell);
        }
        try (Kernel k = new Kernel()) {
            assertEquals(List.of("n"), cached(k.ok(cell), "restored"));
        }
        Files.writeString(input, "44");
        try (Kernel k = new Kernel()) {
            assertEquals(List.of("n"), cached(k.ok(cell), "computed"));
            assertEquals("44", k.text("n"));
            String why = k.hook.why("n");
            assertTrue(why.contains(input.toString()) && why.contains("changed"), why);
        }
        assertEquals(2, runs(key));
    }

    @Test
    void fastReaderNeverStored_changedFileStillRecomputesWhatWasComputedFromIt() throws IOException {
        Path input = dir.resolve("words.txt");
        Files.writeString(input, "hello");
        String key = "slow" + System.nanoTime();
        List<String> cells = List.of(
                "String slow(String s) { try { Thread.sleep(150); } catch (InterruptedException e) { }"
                        + " count(\"" + key + "\"); return s.toUpperCase(); }",
                "var text = java.nio.file.Files.readString(java.nio.file.Path.of(\"" + input + "\"));",
                "var shout = slow(text);");
        try (Kernel k = new Kernel()) {
            k.hook.setThresholdMillis(100);     // the read is fast: never stored, only the slow value is
            cells.forEach(k::ok);
        }
        try (Kernel k = new Kernel()) {
            k.hook.setThresholdMillis(100);
            k.ok(cells.get(0));
            assertEquals(List.of(), cached(k.ok(cells.get(1)), "stored"));
            assertEquals(List.of("shout"), cached(k.ok(cells.get(2)), "restored"));
        }
        Files.writeString(input, "world");
        try (Kernel k = new Kernel()) {
            k.hook.setThresholdMillis(100);
            cells.forEach(k::ok);
            assertEquals("\"WORLD\"", k.text("shout"));
        }
        assertEquals(2, runs(key));
    }

    @Test
    void statementWritingAFile_notCached() throws IOException {
        Path out = dir.resolve("out.txt");
        String cell = "var rows = new java.util.ArrayList<Integer>();\n"
                + "for (int i = 0; i < 2; i++) { rows.add(i); java.nio.file.Files.writeString(java.nio.file.Path.of(\""
                + out + "\"), \"x\" + i); }";
        try (Kernel k = new Kernel()) {
            ExecuteOutcome o = k.ok(cell);
            assertTrue(uncacheable(o).getOrDefault("rows", "").contains("writes the file " + out), uncacheable(o).toString());
        }
        Files.delete(out);
        try (Kernel k = new Kernel()) {
            k.ok(cell);
            assertTrue(Files.exists(out), "the statement ran again");
        }
    }

    /**
     * A java.time object is not an immutable leaf just for its package: the adjuster of
     * {@code TemporalAdjusters.ofDateAdjuster(f)} (a JDK lambda in java.time.temporal) calls the
     * notebook's {@code f}, which here changes a list. Restoring {@code x} would skip that change;
     * the cache cannot read what the JDK lambda captured, so {@code x} is recomputed, and
     * {@code %cache why} says why.
     */
    @Test
    void timeAdjusterAroundMutableState_recomputedAndExplained() throws IOException {
        String key = "adj" + System.nanoTime();
        List<String> cells = List.of("var seen = new java.util.ArrayList<java.time.LocalDate>();",
                "java.time.temporal.TemporalAdjuster adj = java.time.temporal.TemporalAdjusters.ofDateAdjuster("
                        + "d -> { count(\"" + key + "\"); seen.add(d); return d.plusDays(seen.size()); });",
                "var x = java.time.LocalDate.of(2024, 1, 1).with(adj);",
                "var y = java.time.LocalDate.of(2024, 1, 1).with(adj);");
        String why = "";
        for (int session = 1; session <= 2; session++) {
            try (Kernel k = new Kernel()) {
                cells.forEach(k::ok);
                assertEquals("2024-01-02", k.text("x"), "session " + session);
                assertEquals("2024-01-03", k.text("y"), "session " + session);
                assertEquals("2", k.text("seen.size()"), "session " + session + ": the adjuster ran for x and y");
                why = k.hook.why("x");
            }
        }
        assertEquals(4, runs(key));
        assertTrue(why.contains("`adj`") && why.contains("TemporalAdjusters"), why);
    }

    /**
     * A restarted kernel runs a snippet whose last run made no read or write system call without
     * waiting for the file recorder, which here never starts: the counters alone show that it read
     * nothing, so its variable keeps its version and the slow value computed from it is restored.
     * (Waiting for the recorder, the window would give up after 30 s, with the reads unknown, and
     * the slow value would be computed again.)
     */
    @Test
    @org.junit.jupiter.api.condition.EnabledOnOs(org.junit.jupiter.api.condition.OS.LINUX)
    void aQuietSnippet_runsBeforeTheRecorderStarts_andWhatFollowsIsRestored() throws IOException {
        List<String> cells = List.of("long sum(int[] a) { long s = 0; for (int x : a) s += x; return s; }",
                "long doubledSlowly(long x) { count(\"doubled\"); try { Thread.sleep(300); }"
                        + " catch (InterruptedException e) { } return 2 * x; }",
                "int[] arr = {1, 2, 3};",
                "long total = sum(arr);",                  // fast: runs in every kernel, never stored
                "long big = doubledSlowly(total);");      // slow: stored, then restored
        try (Kernel k = new Kernel()) {
            k.hook.setThresholdMillis(200);
            cells.forEach(k::ok);
            assertEquals("12", k.text("big"));
            k.hook.flushRunTimes();
        }
        assertEquals(1, runs("doubled"));
        try (Kernel k = new Kernel(java.util.Objects.requireNonNull(FileAccess.neverStarting()))) {
            k.hook.setThresholdMillis(200);
            long t0 = System.nanoTime();
            List<ExecuteOutcome.Success> outcomes = cells.stream().map(k::ok).toList();
            assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "no window waited for the recorder");
            assertEquals("12", k.text("big"));
            assertEquals(List.of("big"), cached(outcomes.get(4), "restored"), outcomes.get(4).replyMetadata().toString());
        }
        assertEquals(1, runs("doubled"), "computed once, restored after the restart");
    }

    /**
     * A snippet whose earlier runs made no system call, which reads a file after all (a library
     * that reads its configuration on first use): before the recorder has started, its reads are
     * unknown, so its value is not stored, and the reason says why.
     */
    @Test
    @org.junit.jupiter.api.condition.EnabledOnOs(org.junit.jupiter.api.condition.OS.LINUX)
    void aQuietSnippetThatReadsAfterAll_beforeTheRecorderStarts_hasUnknownReads() throws IOException {
        Path input = Files.writeString(dir.resolve("input.txt"), "12345");
        List<String> cells = List.of("long probe() { String p = System.getProperty(\"effects.input\", \"\");"
                        + " try { return p.isEmpty() ? 1 : java.nio.file.Files.readAllBytes(java.nio.file.Path.of(p)).length; }"
                        + " catch (java.io.IOException e) { return -1; } }",
                "long n = probe();");
        System.setProperty("effects.input", "");
        try {
            try (Kernel k = new Kernel()) {
                k.hook.setThresholdMillis(60_000);         // runs in every kernel: never stored
                cells.forEach(k::ok);
                assertEquals("1", k.text("n"));
                k.hook.flushRunTimes();
            }
            System.setProperty("effects.input", input.toString());
            try (Kernel k = new Kernel(java.util.Objects.requireNonNull(FileAccess.neverStarting()))) {
                k.ok(cells.get(0));
                ExecuteOutcome.Success o = k.ok(cells.get(1));
                assertEquals("5", k.text("n"));
                assertTrue(uncacheable(o).getOrDefault("n", "").contains("before the file recorder had started"),
                        o.replyMetadata().toString());
                assertEquals(0, k.store.list().stream().filter(e -> e.name().equals("n")).count());
            }
        } finally {
            System.clearProperty("effects.input");
        }
    }

    @Test
    void fileReadsUnobservable_nothingStored() throws IOException {
        try (RocksCacheStore store = RocksCacheStore.open(dir.resolve("cache"))) {
            CachingHook hook = new CachingHook(store, new DependencyGraph(), System::nanoTime,
                    FileAccess.unavailable("no JFR in this test"));
            hook.setThresholdMillis(0);
            try (Engine engine = new CachedEngine(new JShellEngine(hook), hook, store)) {
                // String.format is not on IoFreeCode's list: the window starts, and JFR is not there
                ExecuteOutcome o = engine.execute("var s = String.format(\"%s\", \"a\".repeat(3));", new RecordingSink());
                assertTrue(uncacheable(o).getOrDefault("s", "").contains("cannot be observed"), o.replyMetadata().toString());
                assertEquals(List.of(), store.list());
            }
        }
    }

    /**
     * Code that cannot reach a file (IoFreeCode, decided from the class JShell loads) runs without
     * the file recorder: its window never starts, so even with JFR missing the value is stored.
     */
    @Test
    void ioFreeCode_needsNoRecorder() throws IOException {
        try (RocksCacheStore store = RocksCacheStore.open(dir.resolve("cache"))) {
            CachingHook hook = new CachingHook(store, new DependencyGraph(), System::nanoTime,
                    FileAccess.unavailable("no JFR in this test"));
            hook.setThresholdMillis(0);
            try (Engine engine = new CachedEngine(new JShellEngine(hook), hook, store)) {
                ExecuteOutcome o = engine.execute("var s = \"a\".repeat(3);", new RecordingSink());
                assertEquals(Map.of(), java.util.Objects.requireNonNullElse(uncacheable(o), Map.of()),
                        o.replyMetadata().toString());
                assertEquals(1, store.list().size(), store.list().toString());
                // a variable that holds a string (or a primitive, or a primitive array) has no code to run
                ExecuteOutcome p = engine.execute("var t = s.repeat(2);", new RecordingSink());
                assertEquals(Map.of(), java.util.Objects.requireNonNullElse(uncacheable(p), Map.of()),
                        p.replyMetadata().toString());
                engine.execute("var words = new ArrayList<String>();", new RecordingSink());
                // one that holds a collection may hold notebook objects, whose code could read a file
                ExecuteOutcome q = engine.execute("var n = words.size();", new RecordingSink());
                assertTrue(uncacheable(q).getOrDefault("n", "").contains("cannot be observed"), q.replyMetadata().toString());
            }
        }
    }

    /**
     * How long a snippet ran is kept across a restart: a declaration that ran fast in one kernel
     * is predicted fast in the next, so it does not digest the mutable array it passes to a
     * helper beforehand; when it then turns out slow, it is not stored that time (and says
     * why), and is stored on its next run. Without the kept time, the second kernel would
     * digest the array and store the value at once.
     */
    @Test
    void aRunTimeSurvivesTheRestart_soAFastSnippetSkipsItsDigests() throws IOException {
        String helper = "long sumSlowly(int[] a) { try { Thread.sleep(Long.getLong(\"effects.sleep\", 0L)); }"
                + " catch (InterruptedException e) { } long s = 0; for (int x : a) s += x; return s; }";
        String decl = "long total = sumSlowly(arr);";
        System.setProperty("effects.sleep", "0");
        try {
            try (Kernel k = new Kernel()) {
                k.hook.setThresholdMillis(200);
                k.ok(helper);
                k.ok("int[] arr = {1, 2, 3};");
                k.ok(decl);                                                  // fast: not stored
                assertEquals(0, k.store.list().stream().filter(e -> e.name().equals("total")).count());
                k.hook.flushRunTimes();
            }
            System.setProperty("effects.sleep", "300");
            try (Kernel k = new Kernel()) {                                  // a restart
                k.hook.setThresholdMillis(200);
                k.ok(helper);
                k.ok("int[] arr = {1, 2, 3};");
                ExecuteOutcome.Success second = k.ok(decl);
                assertTrue(uncacheable(second).getOrDefault("total", "").contains("ran fast last time"),
                        second.replyMetadata().toString());
                assertEquals(0, k.store.list().stream().filter(e -> e.name().equals("total")).count());
                k.ok(decl);                                                  // now known slow: stored
                assertEquals(1, k.store.list().stream().filter(e -> e.name().equals("total")).count());
            }
        } finally {
            System.clearProperty("effects.sleep");
        }
    }
}
