package dev.javacached.kernel.engine;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The kernel's side of {@link Memo}: memo tables register here and generated code finds its
 * table by the id baked into it. Not part of the snippet API (snippets cannot name it), so
 * notebooks cannot replace a table or reach the output sink through it.
 */
public final class MemoBridge {
    /** What a memo table does with one call of a {@code @Cached} method. */
    public interface Table {
        /**
         * Returns the call's result: stored, or {@code body}'s (which flushes the body's output to
         * the sink before it returns). Throws what the body throws.
         */
        Object call(String method, Object receiver, Object[] args, MemoBody<?, ?> body) throws Throwable;
    }

    private static final Map<String, Table> TABLES = new ConcurrentHashMap<>();

    private MemoBridge() {
    }

    /** Registers {@code table}; returns the id generated code uses to reach it. */
    public static String register(Table table) {
        String id = UUID.randomUUID().toString();
        TABLES.put(id, table);
        return id;
    }

    public static void unregister(String id) {
        TABLES.remove(id);
    }

    @SuppressWarnings("unchecked")
    static <T, E extends Throwable> T call(String table, String method, Object receiver, Object[] args,
                                           MemoBody<T, E> body) throws E {
        Table t = TABLES.get(table);
        if (t == null) {
            return body.run();     // a table of a closed session: plainly run
        }
        flushOutput();             // what the caller printed before the call is not the body's
        try {
            return (T) t.call(method, receiver, args, () -> {
                try {
                    return body.run();
                } finally {
                    flushOutput();
                }
            });
        } catch (Throwable e) {
            throw MemoBridge.<E>sneaky(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <X extends Throwable> RuntimeException sneaky(Throwable t) throws X {
        throw (X) t;
    }

    /** Sends what the running cell printed so far to its sink, so a table can tell the body's output apart. */
    public static void flushOutput() {
        StdStreams streams = StdStreams.installedOrNull();
        if (streams != null) {
            streams.flush();
        }
    }

    /**
     * While on (counted: each true needs its false), the running cell's output reaches its sink
     * in chunks printed by one thread each, so that {@link #printingThread()} can name it.
     */
    public static void attributeOutput(boolean on) {
        StdStreams streams = StdStreams.installedOrNull();
        if (streams != null) {
            streams.attribute(on);
        }
    }

    /**
     * Inside a call of the running cell's sink: the thread that printed the text (or showed the
     * display, or replays output through {@link #withSink}) the sink receives; null when unknown.
     */
    public static Thread printingThread() {
        StdStreams streams = StdStreams.installedOrNull();
        return streams == null ? null : streams.origin();
    }

    /** Runs {@code call} with the running cell's sink on the output thread (replaying a body's output); false outside a cell. */
    public static boolean withSink(Consumer<OutputSink> call) {
        StdStreams streams = StdStreams.installedOrNull();
        return streams != null && streams.withSink(call);
    }
}
