package dev.javacached.kernel.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javacached.kernel.engine.ExecuteOutcome;
import dev.javacached.kernel.engine.JShellEngine;
import dev.javacached.kernel.engine.LiveState;
import dev.javacached.kernel.engine.SnippetResult;
import dev.javacached.kernel.testkit.RecordingSink;
import dev.javacached.store.EntryInfo;
import dev.javacached.store.Lookup;
import dev.javacached.store.PutResult;
import dev.javacached.store.RocksCacheStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A value's own code that the cache calls (writeObject while storing, readObject while
 * restoring) stops at the user's interrupt, as a snippet does, on JDK 17 and JDK 25.
 */
@Timeout(120)
class InterruptValueCodeTest {
    private static final String KEY_A = "a".repeat(64);
    private static final String KEY_B = "b".repeat(64);
    @TempDir
    Path dir;
    private Function<LiveState, Object> probe = state -> null;
    private final List<Object> seen = new ArrayList<>();
    private final JShellEngine engine = new JShellEngine((snippet, state, sink, proceed) -> {
        if (snippet.source().contains("probe")) {
            seen.add(probe.apply(state));
            return new SnippetResult.Ok(Optional.empty(), "", 0);
        }
        return proceed.run(sink);
    });

    @AfterEach
    void close() {
        engine.close();
        System.clearProperty("slow.write");
        System.clearProperty("slow.read");
    }

    private ExecuteOutcome run(String code) {
        return engine.execute(code, new RecordingSink());
    }

    /**
     * Runs the probe cell and interrupts it, again every 300 ms until it ends (an interrupt that
     * comes before the cell started is dropped, as a kernel drops it); returns how long it took.
     */
    private long probeInterrupted() throws InterruptedException {
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Thread interrupter = new Thread(() -> {
            while (!done.get()) {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    return;
                }
                engine.interrupt();
            }
        });
        long t0 = System.nanoTime();
        interrupter.start();
        try {
            run("/* probe */ int ignored = 0;");
        } finally {
            done.set(true);
        }
        interrupter.join();
        return (System.nanoTime() - t0) / 1_000_000;
    }

    @Test
    void writeObjectAndReadObjectThatLoop_stopAtInterrupt_andTheSessionGoesOn() throws Exception {
        assertInstanceOf(ExecuteOutcome.Success.class, run("""
                class Slow implements java.io.Serializable {
                    int v = 7;
                    private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
                        while (Boolean.getBoolean("slow.write")) { }
                        out.defaultWriteObject();
                    }
                    private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
                        in.defaultReadObject();
                        while (Boolean.getBoolean("slow.read")) { }
                    }
                }
                Object s = new Slow();
                """));
        EntryInfo info = new EntryInfo("s", "Object", 1, Map.of(), new byte[0]);
        try (RocksCacheStore store = RocksCacheStore.open(dir)) {
            // storing: writeObject loops until the interrupt
            System.setProperty("slow.write", "true");
            probe = state -> store.put(KEY_A, info, state.value("s").orElseThrow(), new NotebookClassResolver(state));
            long ms = probeInterrupted();
            PutResult.Failed failed = assertInstanceOf(PutResult.Failed.class, seen.get(0), String.valueOf(seen.get(0)));
            assertTrue(failed.message().contains("interrupt"), failed.message());
            assertTrue(ms < 20_000, "the interrupted store took " + ms + " ms");
            System.clearProperty("slow.write");

            // stored for real, then restoring: readObject loops until the interrupt
            probe = state -> store.put(KEY_B, info, state.value("s").orElseThrow(), new NotebookClassResolver(state));
            assertInstanceOf(ExecuteOutcome.Success.class, run("/* probe */ int ignored = 0;"));
            assertInstanceOf(PutResult.Stored.class, seen.get(1), String.valueOf(seen.get(1)));
            System.setProperty("slow.read", "true");
            probe = state -> store.get(KEY_B, new NotebookClassResolver(state));
            ms = probeInterrupted();
            Lookup.Unusable unusable = assertInstanceOf(Lookup.Unusable.class, seen.get(2), String.valueOf(seen.get(2)));
            assertTrue(unusable.reason().contains("interrupt"), unusable.reason());
            assertTrue(ms < 20_000, "the interrupted restore took " + ms + " ms");
            System.clearProperty("slow.read");

            // the same entry restores once readObject no longer loops, and the session goes on
            assertInstanceOf(ExecuteOutcome.Success.class, run("/* probe */ int ignored = 0;"));
            Lookup.Hit hit = assertInstanceOf(Lookup.Hit.class, seen.get(3), String.valueOf(seen.get(3)));
            assertEquals("Slow", hit.value().getClass().getSimpleName());
            ExecuteOutcome after = run("((Slow) s).v * 6");
            assertEquals("42", ((ExecuteOutcome.Success) after).result().orElseThrow().plain());
        }
    }
}
