package dev.javacached.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
