package dev.javacached.kernel.engine;

import dev.javacached.kernel.log.Log;
import java.lang.reflect.Method;
import jdk.jshell.SourceCodeAnalysis;

/**
 * Holds JShell's background class-path indexing off while a cell runs.
 *
 * <p>JShell's {@code SourceCodeAnalysis} indexes every class of the JDK and the class path on a
 * thread of its own (for completion of classes not imported yet); it starts when the analysis is
 * created and after each class-path change, and pauses only inside JShell's own calls
 * ({@code eval}, {@code completionSuggestions}, ...). Everything the kernel does between those
 * calls — above all restoring a cached value, which hashes on both cores — shared the 2-core
 * machine with it: in a restarted kernel the first big restore took ~250 ms longer than the
 * same restore a cell later (seen in a JFR profile: the indexer on the second core). Paused for
 * the whole cell, it runs while the kernel waits for the next request instead.
 *
 * <p>JShell's pause is public on its non-public implementation class, so it is reached by
 * reflection; that needs {@code --add-opens jdk.jshell/jdk.jshell=ALL-UNNAMED} (the kernelspec
 * passes it). Without it, or on a JDK where the methods are gone, this does nothing: indexing
 * then runs as JShell schedules it, which is only slower. {@code -Djava.cached.noIndexingPause=true}
 * turns the pause off (for measuring).
 */
final class IndexingPause {
    private static final Method SUSPEND;
    private static final Method RESUME;

    static {
        Method[] pair = Boolean.getBoolean("java.cached.noIndexingPause") ? null : lookUp();
        SUSPEND = pair == null ? null : pair[0];
        RESUME = pair == null ? null : pair[1];
    }

    private static Method[] lookUp() {
        try {
            Class<?> impl = Class.forName("jdk.jshell.SourceCodeAnalysisImpl");
            Method suspend = impl.getMethod("suspendIndexing");
            Method resume = impl.getMethod("resumeIndexing");
            suspend.setAccessible(true);
            resume.setAccessible(true);
            return new Method[] {suspend, resume};
        } catch (ReflectiveOperationException | RuntimeException e) {
            Log.debug("JShell indexing cannot be paused during cells: %s", e);
            return null;
        }
    }

    /** The name {@link #nameIndexerThread} gives JShell's indexing thread (15 characters as Linux's {@code comm}). */
    static final String INDEXER_THREAD = "java-cached-index";
    private static final java.util.concurrent.atomic.AtomicBoolean NAMED = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Names JShell's indexing thread {@value #INDEXER_THREAD} (JShell leaves it "Thread-N"), as
     * the first task of its one-thread pool ({@code SourceCodeAnalysisImpl.INDEXER}, the same
     * field on JDK 17 and 25), before any analysis queues indexing. Its reads of the JDK image and
     * the class path are the kernel's, not the notebook's, and {@code cache/FileAccess} and
     * {@code cache/ThreadIoCounter} tell the two apart by thread name: unnamed, a snippet that ran
     * while it indexed looked as if it had read files, and took a JFR snapshot (20-100 ms).
     * Without {@code --add-opens jdk.jshell/jdk.jshell} this does nothing.
     */
    static void nameIndexerThread() {
        if (!NAMED.compareAndSet(false, true)) {
            return;
        }
        try {
            java.lang.reflect.Field f = Class.forName("jdk.jshell.SourceCodeAnalysisImpl").getDeclaredField("INDEXER");
            f.setAccessible(true);
            ((java.util.concurrent.ExecutorService) f.get(null)).submit(() -> Thread.currentThread().setName(INDEXER_THREAD));
        } catch (ReflectiveOperationException | RuntimeException e) {
            Log.debug("JShell's indexing thread keeps its name: %s", e);
        }
    }

    private final SourceCodeAnalysis analysis;

    IndexingPause(SourceCodeAnalysis analysis) {
        this.analysis = analysis;
    }

    /** Whether pausing works in this JVM. */
    static boolean available() {
        return SUSPEND != null;
    }

    /** Pauses indexing; returns whether it did (then {@link #resume} must follow). */
    boolean suspend() {
        if (SUSPEND == null || !SUSPEND.getDeclaringClass().isInstance(analysis)) {
            return false;
        }
        try {
            SUSPEND.invoke(analysis);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    void resume() {
        try {
            RESUME.invoke(analysis);
        } catch (ReflectiveOperationException | RuntimeException e) {
            Log.warn("JShell indexing could not be resumed: %s", e);
        }
    }
}
