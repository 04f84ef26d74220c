package dev.javacached.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javacached.kernel.cache.CachedEngine;
import dev.javacached.kernel.cache.CachingHook;
import dev.javacached.kernel.display.MimeBundle;
import dev.javacached.kernel.engine.Completeness;
import dev.javacached.kernel.engine.Completion;
import dev.javacached.kernel.engine.Engine;
import dev.javacached.kernel.engine.ExecuteOutcome;
import dev.javacached.kernel.engine.JShellEngine;
import dev.javacached.kernel.testkit.RecordingSink;
import dev.javacached.store.EntryMeta;
import dev.javacached.store.RocksCacheStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dispatcher over the real JShell engine and a real store. A "restart" closes engine and
 * store and opens new ones on the same folder. Initializers call {@code mark(name)}, which
 * appends the name to a file: the file says which initializers really ran.
 */
class MagicDispatcherJShellTest {
    @TempDir
    Path dir;

    /** One kernel session. */
    private final class Kernel implements AutoCloseable {
        final RocksCacheStore store;
        final Engine engine;
        final RecordingSink sink = new RecordingSink();

        Kernel() throws IOException {
            store = RocksCacheStore.open(dir.resolve("cache"));
            CachingHook hook = new CachingHook(store);
            hook.setThresholdMillis(0);
            engine = new CachedEngine(MagicDispatcher.builder(new JShellEngine(hook), hook).cacheMagic(store).build(), hook,
                    store);
            String log = dir.resolve("ran.txt").toString().replace("\\", "\\\\");
            ok("String mark(String s) { try { Files.writeString(Path.of(\"" + log + "\"), s + \"\\n\","
                    + " StandardOpenOption.CREATE, StandardOpenOption.APPEND); } catch (IOException e) {"
                    + " throw new UncheckedIOException(e); } return s.toUpperCase(); }");
        }

        ExecuteOutcome.Success ok(String code) {
            ExecuteOutcome o = engine.execute(code, sink);
            return assertInstanceOf(ExecuteOutcome.Success.class, o, () -> code + " -> " + o);
        }

        String text(String code) {
            return ok(code).result().map(MimeBundle::plain).orElse("");
        }

        List<String> names() {
            return store.list().stream().map(EntryMeta::name).toList();
        }

        @Override
        public void close() {
            engine.close();
            store.close();
        }
    }

    private List<String> ran() throws IOException {
        Path log = dir.resolve("ran.txt");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    @SuppressWarnings("unchecked")
    private static List<String> cached(ExecuteOutcome o, String what) {
        return (List<String>) ((Map<String, Object>) o.replyMetadata().get("java_cached")).get(what);
    }

    @Test
    void nocacheCell_writesNothingAndReadsNothing() throws Exception {
        try (Kernel k = new Kernel()) {
            k.ok("%%nocache\nvar a = mark(\"a\");");
            assertEquals(List.of(), k.names());
            ExecuteOutcome.Success normal = k.ok("var a = mark(\"a\");");
            assertEquals(List.of("a"), cached(normal, "stored"));
            ExecuteOutcome.Success again = k.ok("%%nocache\nvar a = mark(\"a\");");
            assertEquals(List.of(), cached(again, "restored"));
            assertEquals(List.of("a", "a", "a"), ran());
        }
    }

    @Test
    void restart_restoresWithFeedback_recomputeRunsAgainAndOverwrites() throws Exception {
        try (Kernel k = new Kernel()) {
            k.ok("var a = mark(\"a\");");
        }
        try (Kernel k = new Kernel()) {
            ExecuteOutcome.Success restored = k.ok("var a = mark(\"a\");");
            assertEquals(List.of("a"), cached(restored, "restored"));
            assertEquals(List.of("a"), ran());
            assertTrue(k.sink.displays().stream().anyMatch(b -> b.plain().startsWith("♻ restored a")),
                    k.sink.displays().toString());
            long created = k.store.list().get(0).createdMillis();
            ExecuteOutcome.Success again = k.ok("%%recompute\nvar a = mark(\"a\");");
            assertEquals(List.of("a"), cached(again, "stored"));
            assertEquals(List.of("a", "a"), ran());
            assertEquals(List.of("a"), k.names());
            assertTrue(k.store.list().get(0).createdMillis() >= created);
            assertTrue(k.text("%cache status").contains("1 restored"), k.text("%cache status"));
            assertEquals("\"A\"", k.text("a"));
        }
    }

    @Test
    void clearedEntry_isNotRestoredAfterRestart() throws Exception {
        try (Kernel k = new Kernel()) {
            k.ok("var a = mark(\"a\");\nvar b = mark(\"b\");");
            assertTrue(k.text("%cache clear a").contains("removed 1 entry of `a`"));
        }
        try (Kernel k = new Kernel()) {
            ExecuteOutcome.Success s = k.ok("var a = mark(\"a\");\nvar b = mark(\"b\");");
            assertEquals(List.of("b"), cached(s, "restored"));
            assertEquals(List.of("a", "b", "a"), ran());
        }
    }

    @Test
    void pinnedEntry_survivesEvictionAndRestart() throws Exception {
        try (Kernel k = new Kernel()) {
            k.ok("var a = mark(\"a\");\nvar b = mark(\"b\");\n%cache pin a\n%cache limit 1");
            assertEquals(List.of("a"), k.names());
        }
        try (Kernel k = new Kernel()) {
            ExecuteOutcome.Success s = k.ok("var a = mark(\"a\");\nvar b = mark(\"b\");");
            assertEquals(List.of("a"), cached(s, "restored"));
            assertEquals(List.of("b"), cached(s, "stored"));
        }
    }

    @Test
    void unseededRandom_runsAfterRestart_unlessTheCellAsksForASnapshot() throws Exception {
        String random = "var r = new java.util.Random().nextLong();";
        String snap = "var s = java.util.UUID.randomUUID().toString();";
        String first;
        String snapshot;
        try (Kernel k = new Kernel()) {
            ExecuteOutcome.Success o = k.ok(random);
            assertEquals(List.of("r"), cached(o, "computed"));
            assertEquals(List.of(), cached(o, "stored"));
            first = k.text("r");
            String why = k.text("%cache why r");
            assertTrue(why.contains("`new Random()` (reads unseeded randomness)"), why);
            ExecuteOutcome.Success s = k.ok("%%snapshot\n" + snap);
            assertEquals(List.of("s"), cached(s, "stored"));
            snapshot = k.text("s");
            assertTrue(k.text("%cache why s").contains("stored as a snapshot by request"), k.text("%cache why s"));
        }
        try (Kernel k = new Kernel()) {
            ExecuteOutcome.Success o = k.ok(random);
            assertEquals(List.of(), cached(o, "restored"));
            assertTrue(!first.equals(k.text("r")), "a new random number after the restart, twice " + first);
            ExecuteOutcome.Success s = k.ok("%%snapshot\n" + snap);
            assertEquals(List.of("s"), cached(s, "restored"));
            assertEquals(snapshot, k.text("s"));
            assertTrue(k.text("%cache why s").contains("snapshot stored by request"), k.text("%cache why s"));
            ExecuteOutcome.Success plain = k.ok(snap);
            assertEquals(List.of(), cached(plain, "restored"), "without %%snapshot the value is new");
        }
    }

    @Test
    void unknownMagic_isAnErrorAndTheJavaDidNotRun() throws Exception {
        try (Kernel k = new Kernel()) {
            ExecuteOutcome o = k.engine.execute("var z = mark(\"z\");\n%cahce list", k.sink);
            ExecuteOutcome.Failure f = assertInstanceOf(ExecuteOutcome.Failure.class, o);
            assertEquals("MagicError", f.ename());
            assertTrue(f.evalue().contains("did you mean %cache?"), f.evalue());
            assertEquals(List.of(), ran());
            ExecuteOutcome z = k.engine.execute("z", k.sink);
            assertInstanceOf(ExecuteOutcome.Failure.class, z);
        }
    }

    @Test
    void magicsAndJavaInOneCell_runInOrder() throws Exception {
        try (Kernel k = new Kernel()) {
            String table = k.text("%cache threshold 0\nvar q = mark(\"q\");\nint r = 7\n  % 4;\n%cache list q");
            assertTrue(table.contains("q") && table.contains("1 entry"), table);
            assertEquals("3", k.text("r"));
        }
    }

    @Test
    void compileErrorBelowMagic_reportsTheCellLine() throws Exception {
        try (Kernel k = new Kernel()) {
            ExecuteOutcome o = k.engine.execute("%cache status\n\nint x = \"s\";", k.sink);
            ExecuteOutcome.Failure f = assertInstanceOf(ExecuteOutcome.Failure.class, o);
            assertTrue(f.evalue().startsWith("line 3:"), f.evalue());
        }
    }

    @Test
    void completion_namesAfterCacheWhy_andJavaBelowMagics() throws Exception {
        try (Kernel k = new Kernel()) {
            k.ok("var alpha = mark(\"alpha\");");
            Completion why = k.engine.complete("%cache why al", 13);
            assertEquals(List.of("alpha"), why.matches());
            assertEquals(11, why.start());
            String cell = "%cache status\nalp";
            Completion java = k.engine.complete(cell, cell.length());
            assertTrue(java.matches().contains("alpha"), java.matches().toString());
            assertEquals(cell.length() - 3, java.start());
        }
    }

    @Test
    void isComplete_magicLineAndOpenJavaBelowIt() throws Exception {
        try (Kernel k = new Kernel()) {
            assertEquals(Completeness.Status.COMPLETE, k.engine.isComplete("%cache list").status());
            assertEquals(Completeness.Status.INCOMPLETE, k.engine.isComplete("%cache list\nvoid f() {").status());
            assertEquals(Completeness.Status.COMPLETE, k.engine.isComplete("%cache list\nint x = 1;").status());
        }
    }

    /** Where a magic line may start is JavaLexer's call, the same one the engine makes. */
    @Test
    void isComplete_percentLineInsideATextBlock_isJava() throws Exception {
        try (Kernel k = new Kernel()) {
            assertEquals(Completeness.Status.INCOMPLETE,
                    k.engine.isComplete("String t = \"\"\"\n%cache list\n").status());
            assertEquals(Completeness.Status.COMPLETE,
                    k.engine.isComplete("String t = \"\"\"\n%cache list\n\"\"\";").status());
            assertEquals(Completeness.Status.INCOMPLETE,
                    k.engine.isComplete("%cache why \"x\nvoid f() {").status());
        }
    }
}
