package dev.javacached.kernel.engine;

import dev.javacached.kernel.display.MimeBundle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/** An OutputSink that records what a cell sent, in order. */
class RecordingSink implements OutputSink {
    sealed interface Event {
    }

    record Out(String text) implements Event {
    }

    record Err(String text) implements Event {
    }

    record Shown(MimeBundle bundle, String displayId, boolean update) implements Event {
    }

    private final List<Event> events = new ArrayList<>();
    private final Deque<String> input = new ArrayDeque<>();
    private final boolean allowInput;
    final CountDownLatch displayed = new CountDownLatch(1);
    final CountDownLatch printed = new CountDownLatch(1);
    /** readLine waits here (interruptibly) when input is allowed but no line was queued. */
    private final CountDownLatch never = new CountDownLatch(1);

    RecordingSink() {
        this(true);
    }

    RecordingSink(boolean allowInput, String... lines) {
        this.allowInput = allowInput;
        input.addAll(List.of(lines));
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
        events.add(new Shown(bundle, displayId, update));
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

    synchronized List<Event> events() {
        return List.copyOf(events);
    }

    synchronized String stdout() {
        return events.stream().filter(e -> e instanceof Out).map(e -> ((Out) e).text()).collect(Collectors.joining());
    }

    synchronized String stderr() {
        return events.stream().filter(e -> e instanceof Err).map(e -> ((Err) e).text()).collect(Collectors.joining());
    }

    synchronized List<Shown> displays() {
        return events.stream().filter(e -> e instanceof Shown).map(e -> (Shown) e).toList();
    }

    /** Runs {@code code} on {@code engine} and returns its result's text/plain; fails the test unless it succeeded with a result. */
    static String resultOf(Engine engine, String code) {
        ExecuteOutcome outcome = engine.execute(code, new RecordingSink());
        return org.junit.jupiter.api.Assertions.assertInstanceOf(ExecuteOutcome.Success.class, outcome, outcome.toString())
                .result().orElseThrow().plain();
    }
}
