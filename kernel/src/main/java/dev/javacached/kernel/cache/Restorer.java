package dev.javacached.kernel.cache;

import dev.javacached.kernel.engine.CellSnippet;
import dev.javacached.kernel.engine.LiveState;
import dev.javacached.kernel.engine.OutputSink;
import dev.javacached.kernel.engine.SnippetKind;
import dev.javacached.kernel.engine.SnippetResult;
import dev.javacached.kernel.log.Log;
import dev.javacached.store.CacheStore;
import dev.javacached.store.EntryMeta;
import dev.javacached.store.Lookup;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * Puts a stored value into the session in place of running its snippet: declares or assigns
 * the variable with it and replays the output recorded when it was computed. A big primitive
 * array is read on a helper thread while its declaration compiles. Says what came of it
 * ({@link Restore}); what the cache makes of that (graph, report, explanation) is
 * {@link CachingHook}'s. Runs on the engine thread.
 */
final class Restorer {
    private final CacheStore store;
    private final LongSupplier ticker;

    /** {@code ticker} is the clock restores are timed with (tests freeze it). */
    Restorer(CacheStore store, LongSupplier ticker) {
        this.store = store;
        this.ticker = ticker;
    }

    /** Declares or assigns the restored variable. */
    @FunctionalInterface
    interface Declare {
        void run(String name, String typeName) throws LiveState.DefineException;
    }

    /** What came of restoring a stored value: the snippet's result, or why it could not be restored. */
    sealed interface Restore {
        /** Restored: the snippet's result, the entry it came from, and how long the restore took. */
        record Done(SnippetResult.Ok result, EntryMeta meta, long tookNanos) implements Restore {
        }

        record Failed(String reason) implements Restore {
        }
    }

    /** Restores a hit. */
    Restore restore(CellSnippet snippet, Lookup.Hit hit, LiveState state, OutputSink sink) {
        return restore(snippet, hit.meta(), state, sink, (name, type) -> {
            if (snippet.kind() == SnippetKind.ASSIGNMENT) {
                state.assign(name, hit.value());
            } else {
                state.define(name, type, hit.value());
            }
        });
    }

    /** Primitive arrays at least this big restore while their declaration compiles. */
    static final long OVERLAP_MIN_BYTES = 16L << 20;
    private static final Pattern PRIMITIVE_ARRAY = Pattern.compile("(?:byte|short|int|long|float|double|char|boolean)(?:\\[])+");
    /** Decoding a primitive array needs no class: this resolver is never asked, and refuses if it is. */
    private static final dev.javacached.store.ClassResolver NO_CLASSES = recorded -> {
        throw new ClassNotFoundException(recorded + " (not resolved while restoring in the background)");
    };
    private java.util.concurrent.ExecutorService reader;

    /** The entry under {@code key} when it is a big primitive array, or empty (also on any store error). */
    Optional<EntryMeta> bigArray(String key) {
        try {
            return store.meta(key).filter(m -> m.sizeBytes() >= OVERLAP_MIN_BYTES
                    && PRIMITIVE_ARRAY.matcher(m.typeName()).matches());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Restores a big primitive array while JShell compiles the declaration that receives it
     * (35-75 ms that would otherwise come after the read): the store reads on another thread
     * and the declaration waits for the value. Decoding a primitive array runs no user code and
     * asks no notebook class, so nothing that belongs on the engine thread runs off it. Returns
     * like {@link #restore}; a failed read fails the declaration, and the snippet then runs.
     */
    Restore restoreWhileReading(CellSnippet snippet, Fingerprint fp, EntryMeta meta, LiveState state,
                                OutputSink sink) {
        if (reader == null) {
            reader = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "java-cached-restore");
                t.setDaemon(true);
                return t;
            });
        }
        long t0 = System.nanoTime();
        java.util.concurrent.CompletableFuture<Lookup> reading = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return store.get(fp.key(), NO_CLASSES);
            } catch (RuntimeException e) {
                return new Lookup.Unusable("store error: " + e.getMessage());
            }
        }, reader);
        Restore restored = restore(snippet, meta, state, sink, (name, type) -> state.defineLater(name, type, () -> {
            Lookup lookup = reading.join();
            if (Log.debugEnabled()) {
                Log.debug("cache read of %s (while its declaration compiled): %.1f ms, %s", name,
                        (System.nanoTime() - t0) / 1e6, lookup.getClass().getSimpleName());
            }
            if (lookup instanceof Lookup.Hit hit) {
                return hit.value();
            }
            throw new IllegalStateException(lookup instanceof Lookup.Unusable u ? u.reason() : "the entry is gone");
        }));
        if (restored instanceof Restore.Failed) {
            reading.join(); // the store is quiet again before the snippet runs and stores its value
        }
        return restored;
    }

    private Restore restore(CellSnippet snippet, EntryMeta meta, LiveState state, OutputSink sink,
                            Declare declare) {
        String name = snippet.name();
        long start = ticker.getAsLong();
        RecordedOutput output;
        try {
            output = RecordedOutput.decode(meta.attachment());
            long decoded = ticker.getAsLong();
            declare.run(name, meta.typeName());
            long declared = ticker.getAsLong();
            output.replay(sink);
            if (Log.debugEnabled()) {
                Log.debug("restore of %s: output decoded %.1f ms, declared %.1f ms, output replayed %.1f ms", name,
                        (decoded - start) / 1e6, (declared - decoded) / 1e6, (ticker.getAsLong() - declared) / 1e6);
            }
        } catch (LiveState.DefineException e) {
            return new Restore.Failed(e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            return new Restore.Failed(e.toString());
        }
        long took = ticker.getAsLong() - start;
        return new Restore.Done(new SnippetResult.Ok(output.valueBundle(), meta.typeName(), took), meta, took);
    }
}
