package dev.javacached.kernel.cache;

import dev.javacached.kernel.engine.CellSnippet;
import dev.javacached.kernel.engine.LiveState;
import dev.javacached.kernel.engine.OutputSink;
import dev.javacached.kernel.engine.SnippetHook;
import dev.javacached.kernel.engine.SnippetKind;
import dev.javacached.kernel.engine.SnippetResult;
import dev.javacached.kernel.log.Log;
import dev.javacached.store.EntryInfo;
import dev.javacached.store.EntryMeta;
import dev.javacached.store.Lookup;
import dev.javacached.store.PutResult;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Caches a variable declaration with an initializer ({@code T x = init;}, {@code var x = init;})
 * or an assignment ({@code x = expr;}) by its value: on a hit the variable is declared (or
 * assigned) with the stored value and the output the initializer printed is replayed
 * ({@link Restorer}); on a miss the snippet runs and, when it took at least the threshold and
 * passed {@link StoreSafety}'s checks, its value is stored with the files it read. Runs on the
 * engine thread; the decisions it shares with statements and memoized calls (modes,
 * threshold, report, explanations) are {@link CachingHook}'s.
 */
final class DeclarationCache {
    private final CachingHook hook;

    DeclarationCache(CachingHook hook) {
        this.hook = hook;
    }

    static boolean isCandidate(CellSnippet s) {
        return (s.kind() == SnippetKind.VAR_WITH_INITIALIZER || s.kind() == SnippetKind.ASSIGNMENT)
                && !s.name().isEmpty();
    }

    SnippetResult around(CellSnippet snippet, SnippetAnalysis analysis, Fingerprint fp,
                         LiveState state, OutputSink sink, SnippetHook.Proceed proceed) {
        String name = snippet.name();
        CellMode mode = hook.cellMode();
        String blocker = blocker(snippet, analysis);
        String snapshot = null;
        boolean repeatable = true;
        if (blocker == null) {
            String nondeterministic = nondeterministic(snippet, analysis);
            if (nondeterministic != null && mode == CellMode.SNAPSHOT) {
                snapshot = nondeterministic;
            } else if (nondeterministic != null) {
                repeatable = false;
                blocker = nondeterministic + ", so a stored value would freeze it; it runs every time"
                        + " (%%snapshot on the cell's first line stores it anyway)";
            }
        }
        boolean read = hook.readsEnabled(mode) && blocker == null;
        boolean write = hook.writesEnabled(mode) && blocker == null;
        NotebookClassResolver resolver = new NotebookClassResolver(state);

        String missReason;
        if (!hook.isEnabled()) {
            missReason = "the cache is off";
        } else if (mode == CellMode.NOCACHE) {
            missReason = "nocache for this cell";
        } else if (mode == CellMode.RECOMPUTE) {
            missReason = "recompute requested";
        } else if (blocker != null) {
            missReason = blocker;
        } else {
            missReason = "no stored value for this fingerprint";
        }
        Optional<EntryMeta> big = read && snippet.kind() == SnippetKind.VAR_WITH_INITIALIZER
                ? hook.restorer().bigArray(fp.key()) : Optional.empty();
        if (big.isPresent()) {
            Optional<String> stale = hook.staleInputs(big.get());
            if (stale.isPresent()) {
                missReason = stale.get();
                big = Optional.empty();
                read = false;
            }
        }
        if (big.isPresent()) {
            Restorer.Restore restored = hook.restorer().restoreWhileReading(snippet, fp, big.get(), state, sink);
            if (restored instanceof Restorer.Restore.Done done) {
                restored(snippet, analysis, fp, done, state);
                hook.noteSnapshot(name, snapshot);
                return done.result();
            }
            missReason = "stored value could not be restored: " + ((Restorer.Restore.Failed) restored).reason();
        }
        if (read && big.isEmpty()) {
            Lookup lookup;
            long t0 = System.nanoTime();
            try {
                lookup = hook.store().get(fp.key(), resolver);
            } catch (RuntimeException e) {
                lookup = new Lookup.Unusable("store error: " + e.getMessage());
            }
            if (Log.debugEnabled()) {
                Log.debug("cache lookup of %s: %.1f ms, %s", name, (System.nanoTime() - t0) / 1e6,
                        lookup.getClass().getSimpleName());
            }
            Optional<String> stale = lookup instanceof Lookup.Hit h ? hook.staleInputs(h.meta()) : Optional.empty();
            if (stale.isPresent()) {
                missReason = stale.get();
            } else if (lookup instanceof Lookup.Hit hit) {
                Restorer.Restore restored = hook.restorer().restore(snippet, hit, state, sink);
                if (restored instanceof Restorer.Restore.Done done) {
                    restored(snippet, analysis, fp, done, state);
                    hook.noteSnapshot(name, snapshot);
                    return done.result();
                }
                missReason = "stored value could not be restored: " + ((Restorer.Restore.Failed) restored).reason();
            } else if (lookup instanceof Lookup.Unusable u) {
                missReason = "stored value unusable: " + u.reason();
            }
        }

        List<StoreSafety.Probe> probes = write ? hook.safety().probes(snippet, analysis, state, !hook.predictedFast(analysis))
                : List.of();
        TeeSink tee = write ? new TeeSink(sink, CachingHook.MAX_RECORDED_CHARS) : null;
        FileAccess.Window window = hook.beginWindow(analysis, write);
        SnippetResult result = proceed.run(tee != null ? tee : sink);
        hook.rememberRunTime(analysis, result);
        hook.recordRun(snippet, analysis, fp, result, state);
        CachingHook.Observation observed = CachingHook.ran(result) ? hook.observeRun(window, Set.of(name), analysis)
                : null;
        if (!repeatable) {
            hook.unrepeatable(Set.of(name));
        }
        if (!(result instanceof SnippetResult.Ok ok)) {
            hook.decided(name, fp, Explanation.Decision.FAILED, "the snippet failed");
            return result;
        }
        hook.cellReport().computed(name);
        if (blocker != null) {
            hook.cellReport().uncacheable(name, blocker);
            hook.decided(name, fp, Explanation.Decision.NOT_STORABLE, blocker);
        } else if (!write) {
            hook.decided(name, fp, Explanation.Decision.COMPUTED, missReason);
        } else {
            store(snippet, analysis, probes, fp, ok, tee, observed, state, sink, resolver, mode, missReason);
            hook.noteSnapshot(name, snapshot);
        }
        return result;
    }

    /** Why this snippet must always run, or null. */
    private String blocker(CellSnippet snippet, SnippetAnalysis analysis) {
        String temporary = CachingHook.refersToTemporary(analysis);
        if (temporary != null) {
            return temporary;
        }
        Set<String> writes = hook.graph().sideEffectWrites(snippet, analysis);
        if (!writes.isEmpty()) {
            return "assigns " + String.join(", ", writes) + " as a side effect, which a restore would skip";
        }
        return null;
    }

    /**
     * Why the value depends on the clock or unseeded randomness (its own source or a notebook
     * method or class it uses, transitively), or null: such a value is not stored or restored
     * unless the cell asks for a snapshot ({@link CellMode#SNAPSHOT}).
     */
    private String nondeterministic(CellSnippet snippet, SnippetAnalysis analysis) {
        try {
            String subject = snippet.kind() == SnippetKind.ASSIGNMENT ? "the assigned value" : "its initializer";
            return hook.graph().nondeterminism(analysis).map(f -> f.describe(subject)).orElse(null);
        } catch (RuntimeException e) {
            return null;    // the detection is a courtesy; the fingerprint is unaffected
        }
    }

    /** The graph, the report and the explanation after a restore. */
    private void restored(CellSnippet snippet, SnippetAnalysis analysis, Fingerprint fp, Restorer.Restore.Done done,
                          LiveState state) {
        EntryMeta meta = done.meta();
        long took = done.tookNanos();
        hook.recordRun(snippet, analysis, fp, done.result(), state);
        hook.mixInputs(Set.of(snippet.name()), FileInputs.fromProvenance(meta.provenance()));
        hook.cellReport().restored(snippet.name(), meta.sizeBytes(), Math.max(0, meta.computeNanos() - took));
        hook.decided(snippet.name(), fp, Explanation.Decision.RESTORED, "computing it took "
                + CellReport.duration(meta.computeNanos()) + "; restored " + CellReport.bytes(meta.sizeBytes())
                + " in " + CellReport.duration(took));
    }

    private void store(CellSnippet snippet, SnippetAnalysis analysis, List<StoreSafety.Probe> probes, Fingerprint fp,
                       SnippetResult.Ok ok, TeeSink tee, CachingHook.Observation observed, LiveState state,
                       OutputSink sink, NotebookClassResolver resolver, CellMode mode, String missReason) {
        String name = snippet.name();
        String notStorable = null;
        if (tee.readStdin()) {
            notStorable = "reads standard input";
        } else if (tee.overflow()) {
            notStorable = "printed more output than the cache records (" + CachingHook.MAX_RECORDED_CHARS + " chars)";
        }
        if (notStorable != null) {
            hook.cellReport().uncacheable(name, notStorable);
            hook.decided(name, fp, Explanation.Decision.NOT_STORABLE, notStorable);
            return;
        }
        if (ok.nanos() < hook.threshold()) {
            if (mode == CellMode.RECOMPUTE) {
                hook.deleteQuietly(fp.key());
            }
            hook.decided(name, fp, Explanation.Decision.COMPUTED, missReason + "; took " + CellReport.duration(ok.nanos())
                    + ", below the " + hook.thresholdMillis() + " ms threshold");
            return;
        }
        if (observed instanceof CachingHook.Observation.Unseen u) {
            hook.cellReport().uncacheable(name, u.reason());
            hook.decided(name, fp, Explanation.Decision.NOT_STORABLE, u.reason());
            return;
        }
        FileInputs inputs = ((CachingHook.Observation.Seen) observed).inputs();
        try {
            Optional<Object> value = state.value(name);
            if (value.isEmpty()) {
                hook.cellReport().uncacheable(name, "its value is null");
                hook.decided(name, fp, Explanation.Decision.NOT_STORABLE, "its value is null");
                return;
            }
            Set<String> aliases = hook.graph().aliasesOf(name);
            if (!aliases.isEmpty()) {
                String reason = "it is the same object as `" + String.join("`, `", aliases)
                        + "`; a restore would make a separate copy";
                hook.cellReport().uncacheable(name, reason);
                hook.decided(name, fp, Explanation.Decision.NOT_STORABLE, reason);
                return;
            }
            String unsafe = StoreSafety.changedByInitializer(probes, state);
            if (unsafe == null) {
                unsafe = hook.safety().sharedWithOthers(name, value.get(), analysis, state);
            }
            if (unsafe != null) {
                hook.cellReport().uncacheable(name, unsafe);
                hook.decided(name, fp, Explanation.Decision.NOT_STORABLE, unsafe);
                return;
            }
            String typeName = !ok.typeName().isBlank() ? ok.typeName()
                    : state.typeName(name).orElse(snippet.typeName());
            String unrestorable = StoreSafety.unrestorable(typeName, value.get());
            if (unrestorable != null) {
                hook.cellReport().uncacheable(name, unrestorable);
                hook.decided(name, fp, Explanation.Decision.NOT_STORABLE, unrestorable);
                return;
            }
            Map<String, String> provenance = new java.util.LinkedHashMap<>(fp.provenance());
            inputs.addTo(provenance);
            EntryInfo info = new EntryInfo(name, typeName, ok.nanos(), provenance,
                    tee.recorded(ok.value()).encode());
            PutResult put = hook.store().put(fp.key(), info, value.get(), resolver);
            if (put instanceof PutResult.Stored) {
                hook.cellReport().stored(name);
                hook.decided(name, fp, Explanation.Decision.STORED, missReason);
            } else if (put instanceof PutResult.NotStorable ns) {
                hook.cellReport().uncacheable(name, ns.reason());
                hook.decided(name, fp, Explanation.Decision.NOT_STORABLE, ns.reason());
            } else if (put instanceof PutResult.Failed f) {
                CachingHook.warnStore(sink, name, f.message());
                hook.decided(name, fp, Explanation.Decision.COMPUTED, "storing failed: " + f.message());
            }
        } catch (RuntimeException | LinkageError e) {
            CachingHook.warnStore(sink, name, e.toString());
            hook.decided(name, fp, Explanation.Decision.COMPUTED, "storing failed: " + e);
        }
    }
}
