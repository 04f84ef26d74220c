package dev.javacached.kernel.cache;

import dev.javacached.kernel.display.MimeBundle;
import dev.javacached.kernel.engine.Engine;
import dev.javacached.kernel.engine.ExecuteOptions;
import dev.javacached.kernel.engine.ExecuteOutcome;
import dev.javacached.kernel.engine.ForwardingEngine;
import dev.javacached.kernel.engine.OutputSink;
import dev.javacached.store.CacheStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A cell, with the cache around it: the outermost {@link Engine} of the kernel. For every cell
 * it begins the hook's cell ({@link CachingHook#beginCell}), lets the inner engine (the magic
 * dispatcher over the JShell engine, which calls the hook per snippet) run it, ends the cell
 * ({@link CachingHook#endCell}), shows the one-line restore summary and the store's one-time
 * warning, and puts the cell's {@link CellReport} in the reply metadata under
 * {@value #METADATA_KEY}. It owns the store: {@link #close} closes the inner engine, then the
 * store. Everything else (complete, inspect, interrupt, ...) goes straight to the inner engine
 * ({@link ForwardingEngine}).
 *
 * <p>A magic may change the cell's mode after it began ({@link CachingHook#setCellMode}, for
 * {@code %%nocache} and friends): the mode applies to the snippets that follow, which are all
 * of the cell's Java.
 */
public final class CachedEngine extends ForwardingEngine {

    /** The execute_reply metadata section holding {@link CellReport#metadata()}. */
    public static final String METADATA_KEY = "java_cached";

    private final CachingHook hook;
    private final CacheStore store;
    private final Runnable afterCell;

    /**
     * @param inner     the engine that runs cells and calls {@code hook} around each snippet
     * @param hook      the cache's per-snippet decisions, over {@code store}
     * @param store     closed with this engine, after {@code inner}
     * @param afterCell runs after every cell, outcome sent or not (the kernel opens its lazy store
     *                  there, while it waits for the next request)
     */
    public CachedEngine(Engine inner, CachingHook hook, CacheStore store, Runnable afterCell) {
        super(inner);
        this.hook = Objects.requireNonNull(hook, "hook");
        this.store = Objects.requireNonNull(store, "store");
        this.afterCell = Objects.requireNonNull(afterCell, "afterCell");
    }

    public CachedEngine(Engine inner, CachingHook hook, CacheStore store) {
        this(inner, hook, store, () -> { });
    }

    @Override
    public ExecuteOutcome execute(String code, OutputSink sink) {
        return execute(code, ExecuteOptions.DEFAULT, sink);
    }

    /**
     * Runs the cell inside the cache's cell; a silent cell shows no restore line (the store's
     * warning waits for a cell that is shown). User expressions are evaluated after the cell has
     * ended, outside it: the cache never sees them.
     */
    @Override
    public ExecuteOutcome execute(String code, ExecuteOptions options, OutputSink sink) {
        try {
            hook.beginCell(CellMode.NORMAL);
            ExecuteOutcome outcome;
            CellReport report;
            try {
                outcome = inner.execute(code, options.withoutUserExpressions(), sink);
            } finally {
                report = hook.endCell();
            }
            if (!options.silent()) {
                showFeedback(report, sink);
            }
            Map<String, Object> metadata = new LinkedHashMap<>(outcome.replyMetadata());
            metadata.put(METADATA_KEY, report.metadata());
            ExecuteOutcome result = outcome.withReplyMetadata(metadata);
            return result instanceof ExecuteOutcome.Success s ? s.withUserExpressions(evaluateAll(options)) : result;
        } finally {
            afterCell.run();
        }
    }

    /** The restore summary and the store's warning: courtesies, so a failing sink changes nothing. */
    private void showFeedback(CellReport report, OutputSink sink) {
        Optional<MimeBundle> feedback = report.feedback();
        if (feedback.isPresent()) {
            try {
                sink.display(feedback.get(), null, false);
            } catch (RuntimeException e) {
                // the feedback line is a courtesy
            }
        }
        try {
            hook.takeStoreWarning().ifPresent(w -> sink.stderr("java-cached: " + w + "\n"));
        } catch (RuntimeException e) {
            // a courtesy too
        }
    }

    /** Closes the inner engine, then the store (last: the engine may still write to it). */
    @Override
    public void close() {
        try {
            inner.close();
        } finally {
            hook.close();
            store.close();
        }
    }
}
