package dev.javacached.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.javacached.kernel.testkit.RecordingSink;
import org.junit.jupiter.api.Test;

/** Output is routed to the sink of the cell that wrote it, never to the next cell's. */
class StdStreamsTest {
    @Test
    void swap_leftoverUndecodedBytes_goToTheEndingCellNotTheNext() {
        StdStreams streams = StdStreams.install();
        RecordingSink first = new RecordingSink();
        RecordingSink second = new RecordingSink();
        OutputSink before = streams.swap(first);
        try {
            System.out.print("x");
            System.out.write(0xC3);          // the first byte of "é", never finished
            System.out.flush();
            streams.swap(second);
            System.out.print("ab");
            streams.flush();
            assertEquals("x\uFFFD", first.stdout());
            assertEquals("ab", second.stdout());
        } finally {
            streams.swap(before);
        }
    }

    /**
     * While attribution is on, every chunk the sink receives was printed by one thread, named by
     * {@code origin()}: four threads printing 200 lines each at once, and each thread's lines,
     * gathered by origin, are exactly its own, in order.
     */
    @Test
    void attribution_eachChunkHasTheThreadThatPrintedIt() throws Exception {
        StdStreams streams = StdStreams.install();
        java.util.Map<Thread, StringBuilder> byOrigin = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.List<String> unknown = new java.util.concurrent.CopyOnWriteArrayList<>();
        OutputSink sink = new RecordingSink() {
            @Override
            public void stdout(String text) {
                Thread from = streams.origin();
                if (from == null) {
                    unknown.add(text);
                } else {
                    byOrigin.computeIfAbsent(from, t -> new StringBuilder()).append(text);
                }
            }
        };
        OutputSink before = streams.swap(sink);
        streams.attribute(true);
        try {
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(4);
            java.util.List<Thread> threads = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int id = t;
                threads.add(new Thread(() -> {
                    try {
                        start.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    for (int i = 0; i < 200; i++) {
                        System.out.println("t" + id + " line " + i);
                    }
                }, "printer-" + t));
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join();
            }
            streams.flush();
            assertEquals(java.util.List.of(), unknown, "text without a single origin");
            for (int t = 0; t < 4; t++) {
                StringBuilder expected = new StringBuilder();
                for (int i = 0; i < 200; i++) {
                    expected.append("t").append(t).append(" line ").append(i).append(System.lineSeparator());
                }
                StringBuilder got = byOrigin.get(threads.get(t));
                assertNotNull(got, "nothing from printer-" + t);
                assertEquals(expected.toString(), got.toString(), "printer-" + t);
            }
        } finally {
            streams.attribute(false);
            streams.swap(before);
        }
    }
}
