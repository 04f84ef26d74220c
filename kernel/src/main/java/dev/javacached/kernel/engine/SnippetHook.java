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

        /**
         * Runs {@code source} in the snippet's place (the cache's rewrite of a {@code @Cached}
         * method), as if the cell had it at the snippet's offset. Unsupported unless the engine
         * made this with {@link #of}.
         */
        default SnippetResult runInstead(String source, OutputSink sink) {
            throw new UnsupportedOperationException("this engine cannot run a rewritten snippet");
        }

        /** A proceed that runs {@code snippet}, or a rewrite of it, through {@code evaluate}. */
        static Proceed of(CellSnippet snippet, java.util.function.BiFunction<CellSnippet, OutputSink, SnippetResult> evaluate) {
            return new Proceed() {
                @Override
                public SnippetResult run(OutputSink sink) {
                    return evaluate.apply(snippet, sink);
                }

                @Override
                public SnippetResult runInstead(String source, OutputSink sink) {
                    return evaluate.apply(new CellSnippet(source, snippet.offset(), snippet.kind(), snippet.name(),
                            snippet.typeName()), sink);
                }
            };
        }
    }

    SnippetHook RUN_ALL = (snippet, state, sink, proceed) -> proceed.run(sink);
}
