package dev.javacached.kernel.app;

import dev.javacached.kernel.engine.CellSnippet;
import dev.javacached.kernel.engine.LiveState;
import dev.javacached.kernel.engine.OutputSink;
import dev.javacached.kernel.engine.SnippetHook;
import dev.javacached.kernel.engine.SnippetResult;

/**
 * The engine's hook, filled in after the engine exists: JShell's start is the longest part of
 * the kernel's start, so it begins before the cache store is opened and the cache hook built.
 * The engine is handed out only after {@link #set}, so no cell runs before the hook is there.
 */
final class DeferredHook implements SnippetHook {
    private volatile SnippetHook hook;

    void set(SnippetHook hook) {
        this.hook = hook;
    }

    @Override
    public SnippetResult around(CellSnippet snippet, LiveState state, OutputSink sink, Proceed proceed) {
        SnippetHook h = hook;
        if (h == null) {
            throw new IllegalStateException("the cache hook is not set yet");
        }
        return h.around(snippet, state, sink, proceed);
    }
}
