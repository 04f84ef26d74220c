package dev.javacached.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javacached.kernel.testkit.RecordingSink;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A snippet's time (what the cache's admission threshold and "time saved" are about) is the
 * time its code ran, not JShell's compile: a fresh session's first declaration compiles for
 * 100 ms and more, and was stored as if it were heavy.
 */
@Timeout(60)
class RunTimeTest {

    @Test
    void snippetTime_isRunTime_notCompileTime() {
        List<Long> nanos = new ArrayList<>();
        SnippetHook timing = (snippet, state, sink, proceed) -> {
            SnippetResult r = proceed.run(sink);
            if (r instanceof SnippetResult.Ok ok) {
                nanos.add(ok.nanos());
            }
            return r;
        };
        try (JShellEngine engine = new JShellEngine(timing)) {
            long t0 = System.nanoTime();
            engine.execute("int first = 6;", new RecordingSink());   // the session's first compile
            long wall = System.nanoTime() - t0;
            engine.execute("int sleepy() { try { Thread.sleep(300); } catch (InterruptedException e) { } return 1; }\nint slept = sleepy();",
                    new RecordingSink());
            assertTrue(nanos.get(0) < wall / 2, "the first declaration counted " + nanos.get(0) / 1_000_000
                    + " ms of its " + wall / 1_000_000 + " ms, compile included");
            assertTrue(nanos.get(0) < 50_000_000L, "int first = 6 ran " + nanos.get(0) / 1_000_000 + " ms");
            long sleptNanos = nanos.stream().mapToLong(Long::longValue).max().orElse(0);
            assertTrue(sleptNanos >= 300_000_000L, "a 300 ms sleep counted " + sleptNanos / 1_000_000 + " ms");
        }
    }
}
