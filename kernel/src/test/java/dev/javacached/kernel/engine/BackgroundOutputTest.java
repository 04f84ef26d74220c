package dev.javacached.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.javacached.kernel.testkit.RecordingSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/** What a thread started by a cell prints after that cell ended reaches the user, as in other Jupyter kernels. */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackgroundOutputTest {
    private final JShellEngine engine = new JShellEngine();

    @AfterAll
    void close() {
        engine.close();
    }

    private static void waitFor(RecordingSink sink, String text) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!sink.stdout().contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    @Test
    void threadStartedByACell_printsAfterIt_toThatCell_kernelPrintsStayOut() throws Exception {
        RecordingSink first = new RecordingSink();
        ExecuteOutcome outcome = engine.execute("""
                new Thread(() -> {
                    while (System.getProperty("java.cached.test.go") == null) {
                        try { Thread.sleep(10); } catch (InterruptedException e) { return; }
                    }
                    System.out.println("late");
                }).start();
                """, first);
        assertInstanceOf(ExecuteOutcome.Success.class, outcome, outcome.toString());
        // the cell is over: the kernel's own printing goes to its real stdout, not to the cell
        System.out.println("a kernel line");
        System.setProperty("java.cached.test.go", "now");
        waitFor(first, "late");
        Thread.sleep(100);
        assertEquals("late\n", first.stdout());
    }
}
