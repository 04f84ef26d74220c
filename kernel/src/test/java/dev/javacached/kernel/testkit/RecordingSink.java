package dev.javacached.kernel.testkit;

import dev.javacached.kernel.display.MimeBundle;
import dev.javacached.kernel.engine.Engine;
import dev.javacached.kernel.engine.ExecuteOutcome;
import dev.javacached.kernel.engine.OutputSink;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * An {@link OutputSink} that keeps what a cell sent, in order ({@link #events()}): its stdout and
 * stderr text, and every display with its id, whether it updated an earlier one, and the thread
 * that sent it. Two latches let a test wait for a running cell: {@link #displayed} (the first
 * display, or the first input request that has no line to answer) and {@link #printed} (the
 * first stdout text).
 *
 * <p>Input: {@code new RecordingSink()} refuses it ({@link InputNotAllowedException}, as from a
 * frontend without stdin); {@link #answering} gives the lines in order, then waits like
 * {@link #waitingForInput()}, which leaves an input request waiting until the cell is
 * interrupted.
 */
public class RecordingSink implements OutputSink {

    /** Something a cell sent. */
    public sealed interface Event {
    }

    /** Text on stdout. */
    public record Out(String text) implements Event {
    }

    /** Text on stderr. */
    public record Err(String text) implements Event {
    }

    /** One display: its bundle, display id, whether it was an update, and who sent it. */
    public record Display(MimeBundle bundle, String displayId, boolean update, Thread thread) implements Event {
        public String plain() {
            return bundle.plain();
        }
    }

    private final List<Event> events = new ArrayList<>();
    private final boolean allowInput;
    private final Deque<String> input = new ArrayDeque<>();
    /** Counted down by the first display, or by an input request with no line to answer. */
    public final CountDownLatch displayed = new CountDownLatch(1);
    /** Counted down by the first stdout text. */
    public final CountDownLatch printed = new CountDownLatch(1);
    /** readLine waits here (interruptibly) when input is allowed but no line is left. */
    private final CountDownLatch never = new CountDownLatch(1);

    /** A sink that refuses input. */
    public RecordingSink() {
        this(false);
    }

    private RecordingSink(boolean allowInput, String... lines) {
        this.allowInput = allowInput;
        input.addAll(List.of(lines));
    }

    /** A sink that answers input requests with {@code lines}, in order, then waits. */
    public static RecordingSink answering(String... lines) {
        return new RecordingSink(true, lines);
    }

    /** A sink whose input requests wait until the cell is interrupted. */
    public static RecordingSink waitingForInput() {
        return new RecordingSink(true);
    }

    @Override
    public synchronized void stdout(String text) {
        events.add(new Out(text));
        printed.countDown();
    }

    @Override
    public synchronized void stderr(String text) {
        events.add(new Err(text));
    }

    @Override
    public synchronized void display(MimeBundle bundle, String displayId, boolean update) {
        events.add(new Display(bundle, displayId, update, Thread.currentThread()));
        displayed.countDown();
    }

    @Override
    public String readLine(String prompt, boolean password) throws InputNotAllowedException {
        synchronized (this) {
            if (!allowInput) {
                throw new InputNotAllowedException("the frontend does not support input requests");
            }
            if (!input.isEmpty()) {
                return input.removeFirst();
            }
        }
        displayed.countDown();
        try {
            never.await();
            throw new IllegalStateException("unreachable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("input request interrupted", e);
        }
    }

    /** Everything sent so far, in order. */
    public synchronized List<Event> events() {
        return List.copyOf(events);
    }

    /** The stdout text sent so far. */
    public synchronized String stdout() {
        return events.stream().filter(e -> e instanceof Out).map(e -> ((Out) e).text()).collect(Collectors.joining());
    }

    /** The stderr text sent so far. */
    public synchronized String stderr() {
        return events.stream().filter(e -> e instanceof Err).map(e -> ((Err) e).text()).collect(Collectors.joining());
    }

    /** The displays sent so far, in order. */
    public synchronized List<Display> displays() {
        return events.stream().filter(e -> e instanceof Display).map(e -> (Display) e).toList();
    }

    /** The text/plain of the last display; empty when there was none. */
    public synchronized String lastDisplay() {
        List<Display> displays = displays();
        return displays.isEmpty() ? "" : displays.get(displays.size() - 1).plain();
    }

    /** Runs {@code code} on {@code engine} and returns its result's text/plain; fails the test unless it succeeded with a result. */
    public static String resultOf(Engine engine, String code) {
        ExecuteOutcome outcome = engine.execute(code, new RecordingSink());
        return org.junit.jupiter.api.Assertions.assertInstanceOf(ExecuteOutcome.Success.class, outcome, outcome.toString())
                .result().orElseThrow().plain();
    }
}
