package dev.javacached.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javacached.kernel.testkit.RecordingSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/** Every test has a minute: a stranded lock hangs the engine, and that must fail, not stall. */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JShellEngineInterruptTest {
    /**
     * How soon an interrupted cell must have stopped. Every loop here runs forever unless
     * stopped, so stopping at all is the point; the bound only catches a stop that waits for
     * something (a timeout, a poll). It is not a latency target: an interrupt takes a few ms,
     * and a loaded 2-core machine has taken over a second, so it is 10 s.
     */
    private static final long STOPPED_WITHIN_MILLIS = 10_000;

    private final JShellEngine engine = new JShellEngine();

    @AfterAll
    void close() {
        engine.close();
    }

    private String result(String code) {
        return RecordingSink.resultOf(engine, code);
    }

    /** Runs {@code loop} after the cell displayed "started", interrupts it, returns the elapsed time. */
    private Duration interruptAfterStart(String loop) throws Exception {
        return interruptOnceStarted("display(\"started\");\n" + loop);
    }

    @Test
    void interrupt_busyLoop_stopsAndKeepsState() throws Exception {
        result("int keptBusy = 41; keptBusy");
        Duration elapsed = interruptAfterStart("while (true) { }");
        assertTrue(elapsed.toMillis() < STOPPED_WITHIN_MILLIS, "stopped in " + elapsed.toMillis() + " ms");
        assertEquals("42", result("keptBusy + 1"));
    }

    @Test
    void interrupt_busyLoopInNotebookMethod_stops() throws Exception {
        result("long spin(long n) { long s = 0; for (long i = 0; ; i++) { s += i ^ n; } }\n1");
        Duration elapsed = interruptAfterStart("spin(3)");
        assertTrue(elapsed.toMillis() < STOPPED_WITHIN_MILLIS, "stopped in " + elapsed.toMillis() + " ms");
        assertEquals("2", result("1 + 1"));
    }

    /** Runs {@code code} (which displays "started" itself, then loops), interrupts it, returns the elapsed time. */
    private Duration interruptOnceStarted(String code) throws Exception {
        RecordingSink sink = new RecordingSink();
        CompletableFuture<ExecuteOutcome> running = CompletableFuture.supplyAsync(() -> engine.execute(code, sink));
        assertTrue(sink.displayed.await(30, TimeUnit.SECONDS), "the cell started");
        long start = System.nanoTime();
        engine.interrupt();
        ExecuteOutcome outcome = running.get(30, TimeUnit.SECONDS);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        ExecuteOutcome.Failure failure = assertInstanceOf(ExecuteOutcome.Failure.class, outcome);
        assertEquals("Interrupted", failure.ename());
        return elapsed;
    }

    @Test
    void interrupt_toStringThatLoops_whileTheValueIsShown_stops() throws Exception {
        result("class Slow { public String toString() { display(\"started\"); while (true) { } } }\n"
                + "int keptSlow = 6; keptSlow");
        Duration elapsed = interruptOnceStarted("new Slow()");
        assertTrue(elapsed.toMillis() < STOPPED_WITHIN_MILLIS, "stopped in " + elapsed.toMillis() + " ms");
        assertEquals("7", result("keptSlow + 1"));
        elapsed = interruptOnceStarted("var slow = new Slow();");
        assertTrue(elapsed.toMillis() < STOPPED_WITHIN_MILLIS, "stopped in " + elapsed.toMillis() + " ms");
        assertEquals("8", result("keptSlow + 2"));
    }

    @Test
    void toStringThatThrows_stillShowsAValue() {
        result("class Bad { public String toString() { throw new IllegalStateException(\"no\"); } }\n1");
        String shown = result("new Bad()");
        assertTrue(shown.contains("toString() threw") && shown.contains("no"), shown);
        assertEquals("3", result("1 + 2"));
    }

    @Test
    void interrupt_sleep_stopsAndKeepsState() throws Exception {
        result("String keptSleep = \"still here\"; keptSleep");
        Duration elapsed = interruptAfterStart("Thread.sleep(600_000);");
        assertTrue(elapsed.toMillis() < STOPPED_WITHIN_MILLIS, "stopped in " + elapsed.toMillis() + " ms");
        assertEquals("\"still here\"", result("keptSleep"));
    }

    @Test
    void interrupt_remainingSnippetsOfCell_doNotRun() throws Exception {
        interruptAfterStart("while (true) { }\nint neverDefined = 1;");
        ExecuteOutcome outcome = engine.execute("neverDefined", new RecordingSink());
        assertInstanceOf(ExecuteOutcome.Failure.class, outcome);
    }

    @Test
    void interrupt_waitingForInput_stops() throws Exception {
        RecordingSink sink = RecordingSink.waitingForInput();
        CompletableFuture<ExecuteOutcome> running = CompletableFuture.supplyAsync(
                () -> engine.execute("new Scanner(System.in).nextLine()", sink));
        assertTrue(sink.displayed.await(30, TimeUnit.SECONDS), "the cell asked for input");
        long start = System.nanoTime();
        engine.interrupt();
        ExecuteOutcome outcome = running.get(30, TimeUnit.SECONDS);
        long stoppedMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(stoppedMillis < STOPPED_WITHIN_MILLIS, "stopped in " + stoppedMillis + " ms");
        assertEquals("Interrupted", assertInstanceOf(ExecuteOutcome.Failure.class, outcome).ename());
        assertEquals("3", result("1 + 2"));
    }

    @Test
    void output_beforeLongRunningCode_arrivesWhileCellRuns() throws Exception {
        RecordingSink sink = new RecordingSink();
        CompletableFuture<ExecuteOutcome> running = CompletableFuture.supplyAsync(
                () -> engine.execute("{ System.out.print(\"ab\"); while (true) { } }", sink));
        assertTrue(sink.printed.await(30, TimeUnit.SECONDS), "pending output was flushed while the cell runs");
        engine.interrupt();
        assertInstanceOf(ExecuteOutcome.Failure.class, running.get(30, TimeUnit.SECONDS));
        assertEquals("ab", sink.stdout());
    }

    @Test
    void interrupt_printLoop_sinkCallsStayOnOutputThread() throws Exception {
        List<String> threads = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.CountDownLatch printing = new java.util.concurrent.CountDownLatch(1);
        OutputSink sink = new RecordingSink() {
            @Override
            public synchronized void stdout(String text) {
                threads.add(Thread.currentThread().getName());
                printing.countDown();
            }
        };
        CompletableFuture<ExecuteOutcome> running = CompletableFuture.supplyAsync(
                () -> engine.execute("for (long i = 0; ; i++) System.out.println(i);", sink));
        assertTrue(printing.await(30, TimeUnit.SECONDS));
        engine.interrupt();
        ExecuteOutcome outcome = running.get(30, TimeUnit.SECONDS);
        assertEquals("Interrupted", assertInstanceOf(ExecuteOutcome.Failure.class, outcome).ename());
        assertEquals(List.of(StdStreams.OUTPUT_THREAD), threads.stream().distinct().toList());
        assertEquals("3", result("1 + 2"));
    }

    /**
     * JDK 17 stops the snippet thread with Thread.stop, which can land inside println after the
     * text went into the PrintStream's own buffer: that text belongs to the stopped cell, never
     * to the next one. Timing-dependent, so many rounds (without the fix about 1 in 10 leaks).
     */
    @Test
    void interrupt_printLoop_leavesNoOutputForTheNextCell() throws Exception {
        for (int round = 0; round < 40; round++) {
            RecordingSink sink = new RecordingSink();
            CompletableFuture<ExecuteOutcome> running = CompletableFuture.supplyAsync(
                    () -> engine.execute("for (long i = 0; ; i++) System.out.println(i);", sink));
            assertTrue(sink.printed.await(30, TimeUnit.SECONDS));
            engine.interrupt();
            assertInstanceOf(ExecuteOutcome.Failure.class, running.get(30, TimeUnit.SECONDS));
            RecordingSink next = new RecordingSink();
            engine.execute("System.out.print(\"ab\");", next);
            assertEquals("ab", next.stdout(), "round " + round);
        }
    }

    @Test
    void interrupt_whenIdle_isNoOp() {
        engine.interrupt();
        assertEquals("3", result("1 + 2"));
    }
}
