package dev.javacached.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javacached.kernel.testkit.RecordingSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * A cell that starts a thread which outlives it ends when its own code ends: JShell joins every
 * thread of the snippet's group it lists, and a thread started before that listing was joined too.
 */
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LongLivedThreadTest {
    private final JShellEngine engine = new JShellEngine();

    @AfterAll
    void close() {
        System.setProperty("java.cached.test.stop", "1"); // snippets run in this JVM: their threads end
        engine.close();
    }

    @Test
    void cellStartingAThreadAtOnce_endsWithoutWaitingForIt() {
        // the thread starts as the snippet's first act, the moment most likely to beat JShell's listing
        engine.execute("""
                Runnable forever = () -> { while (System.getProperty("java.cached.test.stop") == null) {
                    try { Thread.sleep(20); } catch (InterruptedException e) { return; } } };
                """, new RecordingSink());
        // busy threads make it likelier that JShell's thread is descheduled between start and listing
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        for (int b = 0; b < 3; b++) {
            Thread busy = new Thread(() -> {
                while (!done.get()) {
                    Thread.onSpinWait();
                }
            });
            busy.setDaemon(true);
            busy.start();
        }
        try {
            startMany();
        } finally {
            done.set(true);
        }
    }

    private void startMany() {
        for (int i = 0; i < 200; i++) {
            long t0 = System.nanoTime();
            ExecuteOutcome outcome = engine.execute("new Thread(forever).start();", new RecordingSink());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertInstanceOf(ExecuteOutcome.Success.class, outcome, outcome.toString());
            assertTrue(ms < 3_000, "cell " + i + " took " + ms + " ms: it waited for the thread it started");
        }
    }
}
