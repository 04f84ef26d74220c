package dev.javacached.kernel.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javacached.kernel.engine.Completeness;
import dev.javacached.kernel.engine.Completion;
import dev.javacached.kernel.engine.Engine;
import dev.javacached.kernel.engine.EngineInfo;
import dev.javacached.kernel.engine.ExecuteOutcome;
import dev.javacached.kernel.engine.Inspection;
import dev.javacached.kernel.engine.JShellEngine;
import dev.javacached.kernel.engine.OutputSink;
import dev.javacached.kernel.testkit.RecordingSink;
import dev.javacached.store.RocksCacheStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The cache's cell around the JShell engine, over a real store in a temp folder. */
@Timeout(120)
class CachedEngineTest {
    @TempDir
    Path dir;

    /** Deterministic (the clock would keep it from being stored) and slower than threshold 0. */
    private static final String SLOW = "long slow() { long s = 0; for (int i = 0; i < 1_000_000; i++) { s += i % 7; }"
            + " return s; }";

    private static Map<?, ?> report(ExecuteOutcome o) {
        return (Map<?, ?>) o.replyMetadata().get(CachedEngine.METADATA_KEY);
    }

    @Test
    void execute_restoreAfterRestart_reportsInMetadataAndShowsTheRestoreLine() throws Exception {
        for (int session = 0; session < 2; session++) {
            RocksCacheStore store = RocksCacheStore.open(dir);
            CachingHook hook = new CachingHook(store);
            hook.setThresholdMillis(0);
            try (Engine engine = new CachedEngine(new JShellEngine(hook), hook, store)) {
                RecordingSink sink = new RecordingSink();
                assertInstanceOf(ExecuteOutcome.Success.class, engine.execute(SLOW, sink));
                ExecuteOutcome o = engine.execute("var x = \"v\" + slow();", sink);
                if (session == 0) {
                    assertEquals(List.of("x"), report(o).get("stored"), o::toString);
                    assertTrue(sink.displays().isEmpty(), "nothing restored, no restore line: " + sink.displays());
                } else {
                    assertEquals(List.of("x"), report(o).get("restored"), o::toString);
                    assertEquals(1, sink.displays().size(), "one restore line");
                    assertTrue(sink.displays().get(0).plain().contains("x"), sink.displays().get(0).plain());
                }
                assertEquals(2, hook.tally().totals().cells());
            }
        }
    }

    @Test
    void execute_userExpressions_evaluatedOutsideTheCellAndLeaveNothingBehind() throws Exception {
        RocksCacheStore store = RocksCacheStore.open(dir);
        CachingHook hook = new CachingHook(store);
        hook.setThresholdMillis(0);
        try (Engine engine = new CachedEngine(new JShellEngine(hook), hook, store)) {
            RecordingSink sink = new RecordingSink();
            engine.execute("var list = new java.util.ArrayList<>(java.util.List.of(1, 2));", sink);
            java.util.Map<String, String> expressions = new java.util.LinkedHashMap<>();
            expressions.put("n", "list.size()");
            expressions.put("decl", "int q = 1");
            ExecuteOutcome.Success ok = assertInstanceOf(ExecuteOutcome.Success.class,
                    engine.execute("int z = 0;", new dev.javacached.kernel.engine.ExecuteOptions(false, true,
                            expressions), sink));
            ExecuteOutcome.Success n = assertInstanceOf(ExecuteOutcome.Success.class, ok.userExpressions().get("n"));
            assertEquals("2", n.result().orElseThrow().plain());
            ExecuteOutcome.Failure decl = assertInstanceOf(ExecuteOutcome.Failure.class,
                    ok.userExpressions().get("decl"));
            assertEquals(ExecuteOutcome.Cause.COMPILE_ERROR, decl.cause());
            assertEquals(2, hook.tally().totals().cells(), "user expressions are no cells");
            assertEquals(List.of("list", "z"), store.list().stream().map(m -> m.name()).sorted().toList());
            assertInstanceOf(ExecuteOutcome.Failure.class, engine.execute("q", sink), "q was not declared");
        }
    }

    @Test
    void evaluate_endlessExpression_stopsOnInterrupt() throws Exception {
        RocksCacheStore store = RocksCacheStore.open(dir);
        CachingHook hook = new CachingHook(store);
        java.util.concurrent.ExecutorService shell = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (Engine engine = new CachedEngine(new JShellEngine(hook), hook, store)) {
            engine.execute("boolean spin() { while (true) { } }", new RecordingSink());
            java.util.concurrent.Future<ExecuteOutcome> running = shell.submit(() -> engine.evaluate("spin()"));
            ExecuteOutcome o = null;
            while (o == null) {
                engine.interrupt();     // until the expression has started and stopped
                try {
                    o = running.get(50, java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException notYet) {
                    // interrupt again
                }
            }
            assertEquals(ExecuteOutcome.Cause.INTERRUPTED,
                    assertInstanceOf(ExecuteOutcome.Failure.class, o).cause());
            ExecuteOutcome after = engine.execute("1 + 1", new RecordingSink());
            assertEquals("2", assertInstanceOf(ExecuteOutcome.Success.class, after).result().orElseThrow().plain());
        } finally {
            shell.shutdownNow();
        }
    }

    @Test
    void execute_silent_showsNoRestoreLine() throws Exception {
        for (int session = 0; session < 2; session++) {
            RocksCacheStore store = RocksCacheStore.open(dir);
            CachingHook hook = new CachingHook(store);
            hook.setThresholdMillis(0);
            try (Engine engine = new CachedEngine(new JShellEngine(hook), hook, store)) {
                RecordingSink sink = new RecordingSink();
                engine.execute(SLOW, sink);
                ExecuteOutcome o = engine.execute("var x = \"v\" + slow();",
                        new dev.javacached.kernel.engine.ExecuteOptions(true, false, Map.of()), sink);
                assertEquals(List.of("x"), report(o).get(session == 0 ? "stored" : "restored"), o::toString);
                assertTrue(sink.displays().isEmpty(), "silent: no restore line " + sink.displays());
            }
        }
    }

    @Test
    void execute_innerEngineThrows_endsTheCellAndRunsAfterCell() throws Exception {
        try (RocksCacheStore store = RocksCacheStore.open(dir)) {
            CachingHook hook = new CachingHook(store);
            AtomicInteger after = new AtomicInteger();
            Engine failing = new Inner() {
                @Override
                public ExecuteOutcome execute(String code, OutputSink sink) {
                    hook.setCellMode(CellMode.NOCACHE);
                    throw new IllegalStateException("inner failed");
                }
            };
            Engine engine = new CachedEngine(failing, hook, store, after::incrementAndGet);
            assertThrows(IllegalStateException.class, () -> engine.execute("int x = 1;", new RecordingSink()));
            assertEquals(1, after.get());
            assertEquals(CellMode.NORMAL, hook.cellMode(), "the cell ended: its mode is gone");
            assertEquals(1, hook.tally().totals().cells());
        }
    }

    @Test
    void execute_keepsTheInnerOutcomesCauseAndMetadata() throws Exception {
        try (RocksCacheStore store = RocksCacheStore.open(dir)) {
            CachingHook hook = new CachingHook(store);
            Engine inner = new Inner() {
                @Override
                public ExecuteOutcome execute(String code, OutputSink sink) {
                    return ExecuteOutcome.Failure.interrupted(Map.of("other", 1));
                }
            };
            ExecuteOutcome.Failure f = assertInstanceOf(ExecuteOutcome.Failure.class,
                    new CachedEngine(inner, hook, store).execute("x", new RecordingSink()));
            assertEquals(ExecuteOutcome.Cause.INTERRUPTED, f.cause());
            assertEquals("Interrupted", f.ename());
            assertEquals(1, f.replyMetadata().get("other"));
            assertEquals(CellReport.empty().metadata(), f.replyMetadata().get(CachedEngine.METADATA_KEY));
        }
    }

    @Test
    void close_closesTheInnerEngineBeforeTheStore() throws Exception {
        List<String> closed = new ArrayList<>();
        RocksCacheStore store = RocksCacheStore.open(dir);
        CachingHook hook = new CachingHook(store);
        Engine inner = new Inner() {
            @Override
            public void close() {
                closed.add("inner");
                store.put("k", new dev.javacached.store.EntryInfo("k", "int", 1, Map.of(), null), 1,
                        dev.javacached.store.ClassResolver.DEFAULT);   // the store is still open
                closed.add("wrote");
            }
        };
        new CachedEngine(inner, hook, store).close();
        assertEquals(List.of("inner", "wrote"), closed);
        try (RocksCacheStore reopened = RocksCacheStore.open(dir)) {
            assertEquals(1, reopened.list().size(), "the put before the store closed was committed");
        }
    }

    /** An inner engine that runs nothing; tests override what they need. */
    private abstract static class Inner implements Engine {
        @Override
        public ExecuteOutcome execute(String code, OutputSink sink) {
            return new ExecuteOutcome.Success(Optional.empty(), Map.of());
        }

        @Override
        public Completion complete(String code, int cursor) {
            return new Completion(List.of(), cursor, cursor);
        }

        @Override
        public Inspection inspect(String code, int cursor, int detailLevel) {
            return Inspection.none();
        }

        @Override
        public Completeness isComplete(String code) {
            return Completeness.of(Completeness.Status.COMPLETE);
        }

        @Override
        public void interrupt() {
        }

        @Override
        public EngineInfo info() {
            return null;
        }

        @Override
        public void close() {
        }
    }
}
