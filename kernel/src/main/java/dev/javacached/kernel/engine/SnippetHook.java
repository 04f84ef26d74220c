package dev.javacached.kernel.engine;

/**
 * The seam between the engine and the cache: called around every snippet of every cell,
 * in order, on the engine thread. An implementation may run the snippet
 * ({@code proceed.run(sink)}, possibly with a recording sink), or skip it and restore its
 * effect through {@link LiveState}. The default runs everything.
 */
@FunctionalInterface
public interface SnippetHook {

    SnippetResult around(CellSnippet snippet, LiveState state, OutputSink sink, Proceed proceed);

    /** Runs the snippet for real, sending its output to {@code sink}. */
    @FunctionalInterface
    interface Proceed {
        SnippetResult run(OutputSink sink);
    }

    SnippetHook RUN_ALL = (snippet, state, sink, proceed) -> proceed.run(sink);
}
