package dev.javacached.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.javacached.kernel.testkit.RecordingSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * An interrupt that overtakes its cell (sent as soon as the client sees the kernel busy, before
 * the cell ran: seen in 2 of 30 tries from JupyterLab) stops that cell; one sent while no
 * request is open does not stop the next cell.
 */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EarlyInterruptTest {
    private final JShellEngine engine = new JShellEngine();

    @AfterAll
    void close() {
        engine.close();
    }

    @Test
    void interruptBeforeTheCellRuns_stopsIt_andTheNextRequestRuns() {
        engine.beginRequest();
        engine.interrupt();
        ExecuteOutcome spun = engine.execute("while (true) { }", new RecordingSink());
        engine.endRequest();
        ExecuteOutcome.Failure failure = assertInstanceOf(ExecuteOutcome.Failure.class, spun);
        assertEquals(ExecuteOutcome.Cause.INTERRUPTED, failure.cause());

        engine.beginRequest();
        ExecuteOutcome next = engine.execute("6 * 7", new RecordingSink());
        engine.endRequest();
        assertEquals("42", assertInstanceOf(ExecuteOutcome.Success.class, next).result().orElseThrow().plain());
    }

    @Test
    void interruptWhileIdle_doesNotStopTheNextCell() {
        engine.interrupt();
        engine.beginRequest();
        ExecuteOutcome next = engine.execute("int idle = 5; idle", new RecordingSink());
        engine.endRequest();
        assertEquals("5", assertInstanceOf(ExecuteOutcome.Success.class, next).result().orElseThrow().plain());
    }
}
