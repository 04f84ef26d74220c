package dev.javacached.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javacached.kernel.testkit.RecordingSink;
import java.lang.reflect.Field;
import jdk.jshell.JShell;
import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.Test;

class IndexingPauseTest {
    /** JShell's own pause counter: above 0 while indexing is held off. */
    private static int depth(SourceCodeAnalysis analysis) throws ReflectiveOperationException {
        Field f = analysis.getClass().getDeclaredField("suspend");
        f.setAccessible(true);
        return f.getInt(analysis);
    }

    /** Its reads are the kernel's: named as the kernel's threads are, file observation leaves them out. */
    @Test
    void jshellsIndexingThread_hasAKernelName() throws Exception {
        try (JShellEngine engine = new JShellEngine()) {
            engine.execute("int a = 1;", new RecordingSink());
            long deadline = System.nanoTime() + 60_000_000_000L;     // behind whatever indexing was queued before
            boolean named = false;
            while (!named && System.nanoTime() < deadline) {
                named = Thread.getAllStackTraces().keySet().stream()
                        .anyMatch(t -> t.getName().equals(IndexingPause.INDEXER_THREAD));
                Thread.sleep(20);
            }
            assertTrue(named, "no thread named " + IndexingPause.INDEXER_THREAD);
        }
    }

    @Test
    void suspendAndResume_moveJShellsPauseCounter() throws Exception {
        assertTrue(IndexingPause.available(), "the tests run with the kernel's --add-opens (kernel/pom.xml)");
        try (JShell shell = JShell.create()) {
            SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
            IndexingPause pause = new IndexingPause(analysis);
            int before = depth(analysis);
            assertTrue(pause.suspend());
            assertEquals(before + 1, depth(analysis));
            pause.resume();
            assertEquals(before, depth(analysis));
        }
    }

    @Test
    void indexingIsPausedBetweenJShellCallsWhileACellRuns() throws Exception {
        // The hook runs between JShell's own calls (which pause indexing themselves): that is
        // where the cache restores values, and only the kernel's pause covers it.
        java.util.concurrent.atomic.AtomicReference<SourceCodeAnalysis> analysis =
                new java.util.concurrent.atomic.AtomicReference<>();
        java.util.List<Integer> seen = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        SnippetHook probe = (snippet, state, sink, proceed) -> {
            try {
                seen.add(depth(analysis.get()));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            return proceed.run(sink);
        };
        try (JShellEngine engine = new JShellEngine(probe)) {
            analysis.set(engine.analysisForTests());
            engine.execute("int a = 1; int b = a + 1;", new RecordingSink());
            assertEquals(java.util.List.of(1, 1), seen, "pause depth when the hook ran");
            assertEquals(0, depth(analysis.get()), "resumed after the cell");
        }
    }

    @Test
    void aCellThatFails_stillResumesIndexing() throws Exception {
        try (JShellEngine engine = new JShellEngine()) {
            RecordingSink sink = new RecordingSink();
            engine.execute("throw new RuntimeException(\"boom\");", sink);
            engine.execute("int x = ;", sink);
            // completion waits for nothing but must not hang; the counter is checked directly
            SourceCodeAnalysis analysis = engine.analysisForTests();
            assertEquals(0, depth(analysis), "every cell resumed what it paused");
        }
    }
}
