package dev.javacached.kernel.cache;

import dev.javacached.kernel.engine.CellSnippet;
import dev.javacached.kernel.engine.LiveState;
import dev.javacached.kernel.engine.OutputSink;
import dev.javacached.kernel.engine.SnippetHook;
import dev.javacached.kernel.engine.SnippetKind;
import dev.javacached.kernel.engine.SnippetResult;
import dev.javacached.store.EntryInfo;
import dev.javacached.store.Lookup;
import dev.javacached.store.PutResult;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Caches a top-level statement (a loop, an {@code if}, a block, an expression statement such as
 * {@code rows.addAll(load())}) by its effect: the key is its fingerprint (which holds the state
 * versions of every variable it mentions), the value the state after it of the variables it
 * changed, stored as one object graph (so objects they share stay shared), plus its output.
 * A hit sets those variables ({@link LiveState#assign}) and replays the output; the statement
 * does not run. The rule and its limits are in this package's README. Runs on the engine
 * thread; the decisions it shares with declarations (modes, threshold, report) are
 * {@link CachingHook}'s.
 */
final class StatementCache {
    /** Provenance key: the variables an entry sets, in the order of its stored array. */
    static final String VARS_KEY = "statement.vars";
    static final String TYPE = "(statement)";

    private final CachingHook hook;

    StatementCache(CachingHook hook) {
        this.hook = hook;
    }

    static boolean isCandidate(CellSnippet s) {
        return s.kind() == SnippetKind.STATEMENT || s.kind() == SnippetKind.EXPRESSION;
    }

    SnippetResult around(CellSnippet snippet, SnippetAnalysis analysis, Fingerprint fp, LiveState state,
                         OutputSink sink, SnippetHook.Proceed proceed) {
        if (setsNoVariable(analysis, state)) {
            // it can set no top-level variable (`1 + 1`, `System.out.println("hi")`, a call of a
            // method that mentions none, `if (!Files.exists(csv)) ...` with `csv` a Path): there
            // is no effect to look up, store, or key by the files it read, so it just runs. Most
            // display cells are like this; observing their file reads cost a window each, a
            // snapshot whenever a class was loaded, and in a new kernel the recorder's start.
            SnippetResult result = proceed.run(sink);
            hook.recordRun(snippet, analysis, fp, result, state);
            return result;
        }
        hook.files().moment().now();     // the store opens now, if it has not
        CellMode mode = hook.cellMode();
        boolean nondeterministic = mode != CellMode.SNAPSHOT && nondeterminism(analysis) != null;
        String blocker = blocker(analysis, mode);
        boolean read = hook.readsEnabled(mode) && blocker == null;
        boolean write = hook.writesEnabled(mode) && blocker == null;
        NotebookClassResolver resolver = new NotebookClassResolver(state);
        String missReason = !read ? (blocker != null ? blocker : "reading the cache is off for this cell")
                : "no stored effect for this fingerprint";
        if (read) {
            Lookup lookup;
            try {
                lookup = hook.store().get(fp.key(), resolver);
            } catch (RuntimeException e) {
                lookup = new Lookup.Unusable("store error: " + e.getMessage());
            }
            if (lookup instanceof Lookup.Hit hit) {
                Optional<String> stale = hook.staleInputs(hit.meta());
                if (stale.isPresent()) {
                    missReason = stale.get();
                } else {
                    Restored restored = restore(snippet, analysis, fp, hit, state, sink);
                    if (restored instanceof Restored.Done done) {
                        return done.result();
                    }
                    missReason = "stored effect could not be restored: " + ((Restored.Failed) restored).reason();
                }
            } else if (lookup instanceof Lookup.Unusable u) {
                missReason = "stored effect unusable: " + u.reason();
            }
        }

        DependencyGraph graph = hook.graph();
        boolean consider = write && !hook.predictedFast(analysis);
        Set<String> mentioned = consider ? graph.mentionedVariables(analysis) : Set.of();
        List<StoreSafety.Probe> probes = consider ? hook.safety().probes(snippet, analysis, state, true) : List.of();
        Map<String, Object> before = new LinkedHashMap<>();
        for (String v : mentioned) {
            before.put(v, state.value(v).orElse(null));
        }
        TeeSink tee = consider ? new TeeSink(sink, CachingHook.MAX_RECORDED_CHARS) : null;
        FileAccess.Window window = hook.beginWindow(analysis, write);
        SnippetResult result = proceed.run(tee != null ? tee : sink);
        hook.rememberRunTime(analysis, result);
        hook.recordRun(snippet, analysis, fp, result, state);
        boolean mayStore = result instanceof SnippetResult.Ok r && consider && r.nanos() >= hook.threshold();
        if (CachingHook.ran(result) && !mayStore) {
            // not stored: the files it read go into the versions of every variable it may have set
            hook.observeRun(window, graph.mentionedVariables(analysis), analysis);
        }
        if (nondeterministic) {
            hook.unrepeatable(hook.graph().mentionedVariables(analysis));
        }
        if (!(result instanceof SnippetResult.Ok ok) || !consider || ok.nanos() < hook.threshold()) {
            return result;
        }
        store(snippet, analysis, fp, ok, tee, window, mentioned, probes, before, state, sink, resolver, missReason);
        return result;
    }

    /**
     * Whether the statement can set no top-level variable: it mentions none, or it assigns none
     * of those it mentions, reaches none through a notebook method or class (which could assign
     * or change it out of sight), and each holds an immutable value ({@link Mutability}) that it
     * therefore cannot change either. Such a statement changes nothing {@link #store} would keep
     * (it stores only statements that changed a variable), and no variable's version takes in
     * the files it read.
     */
    private boolean setsNoVariable(SnippetAnalysis analysis, LiveState state) {
        DependencyGraph graph = hook.graph();
        Set<String> mentioned = graph.mentionedVariables(analysis);
        if (mentioned.isEmpty()) {
            return true;
        }
        if (!analysis.parsed() || !java.util.Collections.disjoint(analysis.writes(), mentioned)
                || !graph.mentionedThroughDeclarations(analysis).isEmpty()) {
            return false;
        }
        for (String v : mentioned) {
            Optional<Object> value;
            try {
                value = state.value(v);
            } catch (RuntimeException e) {
                return false;
            }
            if (value.isEmpty() || !Mutability.isImmutable(value.get())) {
                return false;
            }
        }
        return true;
    }

    /** What came of restoring a stored effect. */
    private sealed interface Restored {
        record Done(SnippetResult.Ok result) implements Restored {
        }

        /** Not restored; the session is as before. */
        record Failed(String reason) implements Restored {
        }
    }

    /** Why this statement must always run, or null. */
    private String blocker(SnippetAnalysis analysis, CellMode mode) {
        String temporary = CachingHook.refersToTemporary(analysis);
        if (temporary != null) {
            return temporary;
        }
        String nd = mode == CellMode.SNAPSHOT ? null : nondeterminism(analysis);
        return nd == null ? null : nd + ", so a stored effect would freeze it; it runs every time"
                + " (%%snapshot on the cell's first line stores it anyway)";
    }

    /** The statement's read of the clock or unseeded randomness (itself or through what it calls), or null. */
    private String nondeterminism(SnippetAnalysis analysis) {
        try {
            return hook.graph().nondeterminism(analysis).map(f -> f.describe("the statement")).orElse(null);
        } catch (RuntimeException e) {
            return null;    // a courtesy, as for declarations
        }
    }

    /** Restores a hit: the variables are set to their stored values and the output is replayed. */
    private Restored restore(CellSnippet snippet, SnippetAnalysis analysis, Fingerprint fp, Lookup.Hit hit,
                           LiveState state, OutputSink sink) {
        long start = System.nanoTime();
        String varsText = hit.meta().provenance().getOrDefault(VARS_KEY, "");
        List<String> vars = varsText.isEmpty() ? List.of() : List.of(varsText.split(","));
        Object[] values = vars.size() == 1 ? new Object[] {hit.value()}
                : hit.value() instanceof Object[] a && a.length == vars.size() ? a : null;
        if (values == null || vars.isEmpty()) {
            return new Restored.Failed("the entry does not hold the statement's variables");
        }
        RecordedOutput output;
        try {
            output = RecordedOutput.decode(hit.meta().attachment());
        } catch (RuntimeException e) {
            return new Restored.Failed(e.toString());
        }
        Map<String, Object> old = new LinkedHashMap<>();
        for (String v : vars) {
            Optional<String> type = state.typeName(v);
            if (type.isEmpty()) {
                return new Restored.Failed("variable `" + v + "` is not declared");
            }
            old.put(v, state.value(v).orElse(null));
        }
        List<String> assigned = new ArrayList<>();
        try {
            for (int i = 0; i < values.length; i++) {
                state.assign(vars.get(i), values[i]);
                assigned.add(vars.get(i));
            }
        } catch (LiveState.DefineException | RuntimeException | LinkageError e) {
            for (String v : assigned) {     // put back what was there: the statement runs on the state before it
                try {
                    state.assign(v, old.get(v));
                } catch (LiveState.DefineException | RuntimeException | LinkageError e2) {
                    // the variable keeps the restored object; its version still says "not run"
                }
            }
            return new Restored.Failed(String.valueOf(e.getMessage()));
        }
        output.replay(sink);
        long took = System.nanoTime() - start;
        SnippetResult.Ok result = new SnippetResult.Ok(output.valueBundle(), "", took);
        hook.recordRun(snippet, analysis, fp, result, state);
        hook.mixInputs(vars, FileInputs.fromProvenance(hit.meta().provenance()));
        String label = label(vars);
        hook.cellReport().restored(label, hit.meta().sizeBytes(), Math.max(0, hit.meta().computeNanos() - took));
        for (String v : vars) {
            hook.decided(v, fp, Explanation.Decision.RESTORED, "set by a cached statement; computing it took "
                    + CellReport.duration(hit.meta().computeNanos()) + "; restored in " + CellReport.duration(took));
        }
        return new Restored.Done(result);
    }

    private void store(CellSnippet snippet, SnippetAnalysis analysis, Fingerprint fp, SnippetResult.Ok ok, TeeSink tee,
                       FileAccess.Window window, Set<String> mentioned, List<StoreSafety.Probe> probes,
                       Map<String, Object> before, LiveState state, OutputSink sink,
                       NotebookClassResolver resolver, String missReason) {
        DependencyGraph graph = hook.graph();
        // what it changed: assigned, reassigned, or different content
        Set<String> changed = new TreeSet<>(graph.sideEffectWrites(snippet, analysis));
        for (Map.Entry<String, Object> e : before.entrySet()) {
            Object now = state.value(e.getKey()).orElse(null);
            Object was = e.getValue();
            // primitives come back boxed afresh on every read: equal immutable values are the same value
            boolean same = now == was || (was != null && Mutability.isImmutable(was) && was.equals(now));
            if (!same) {
                changed.add(e.getKey());
            }
        }
        String unsafe = null;
        for (StoreSafety.Probe p : probes) {
            if (changed.contains(p.name())) {
                continue;
            }
            StoreSafety.Change c = StoreSafety.change(p, state);
            if (c instanceof StoreSafety.Change.Known k && k.changed()) {
                changed.add(p.name());
            } else if (c instanceof StoreSafety.Change.Unknown u && unsafe == null) {
                changed.add(p.name());      // it may have changed: reported under its name
                unsafe = u.reason();
            }
        }
        // the files it read go into the versions of what it set, as they will after a restore
        CachingHook.Observation observed = hook.observeRun(window, changed, analysis);
        if (changed.isEmpty()) {
            // it set no variable: its effect, if any, is its output or outside the kernel (a
            // database, a server, a property); skipping it could lose that, so it always runs
            return;
        }
        String label = label(changed);
        if (unsafe == null && observed instanceof CachingHook.Observation.Unseen u) {
            unsafe = u.reason();
        }
        CachingHook.Observation.Seen accesses = observed instanceof CachingHook.Observation.Seen seen ? seen : null;
        if (unsafe == null && tee.readStdin()) {
            unsafe = "reads standard input";
        } else if (unsafe == null && tee.overflow()) {
            unsafe = "printed more output than the cache records (" + CachingHook.MAX_RECORDED_CHARS + " chars)";
        }
        if (unsafe == null && !accesses.writes().isEmpty()) {
            unsafe = "it writes the file " + accesses.writes().iterator().next() + ", which a restore would not do";
        }
        if (unsafe == null) {
            unsafe = staticState(fp, state);
        }
        if (unsafe == null) {
            for (String v : changed) {
                Set<String> aliases = graph.aliasesOf(v);
                if (!aliases.isEmpty()) {
                    unsafe = "`" + v + "` is the same object as `" + String.join("`, `", aliases)
                            + "`; a restore would make a separate copy";
                    break;
                }
            }
        }
        if (unsafe == null) {
            Set<String> others = new TreeSet<>(graph.variables());
            others.removeAll(changed);
            others.removeIf(graph::isImmutable);
            for (String v : changed) {
                Object value = state.value(v).orElse(null);
                if (value != null) {
                    unsafe = hook.safety().sharedWith(value, others, state);
                    if (unsafe != null) {
                        unsafe = "`" + v + "`: " + unsafe;
                        break;
                    }
                }
            }
        }
        hook.cellReport().computed(label);
        if (unsafe != null) {
            hook.cellReport().uncacheable(label, unsafe);
            for (String v : changed) {
                hook.decided(v, fp, Explanation.Decision.NOT_STORABLE, "a statement that sets it is not cached: "
                        + unsafe);
            }
            return;
        }
        RecordedOutput recorded = tee.recorded(ok.value());
        List<String> vars = List.copyOf(changed);
        Object[] values = new Object[vars.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = state.value(vars.get(i)).orElse(null);
        }
        Map<String, String> provenance = new LinkedHashMap<>(fp.provenance());
        provenance.put(VARS_KEY, String.join(",", vars));
        accesses.inputs().addTo(provenance);
        try {
            EntryInfo info = new EntryInfo(label, TYPE, ok.nanos(), provenance, recorded.encode());
            // one variable is stored as itself, so a big primitive array keeps the store's fast path
            PutResult put = hook.store().put(fp.key(), info, values.length == 1 ? values[0] : values, resolver);
            if (put instanceof PutResult.Stored) {
                hook.cellReport().stored(label);
                for (String v : vars) {
                    hook.decided(v, fp, Explanation.Decision.STORED, "set by a statement whose effect was stored ("
                            + missReason + ")");
                }
            } else if (put instanceof PutResult.NotStorable ns) {
                hook.cellReport().uncacheable(label, ns.reason());
                for (String v : vars) {
                    hook.decided(v, fp, Explanation.Decision.NOT_STORABLE, "a statement that sets it: "
                            + ns.reason());
                }
            } else if (put instanceof PutResult.Failed f) {
                CachingHook.warnStore(sink, label, f.message());
            }
        } catch (RuntimeException | LinkageError e) {
            CachingHook.warnStore(sink, label, e.toString());
        }
    }

    /**
     * Why the statement may change state the kernel cannot see through the notebook's classes:
     * a static field of a notebook class it uses (directly or through its methods) that is not
     * final, or final but holding a mutable object. Null if none.
     */
    private String staticState(Fingerprint fp, LiveState state) {
        for (Dependency d : fp.dependencies()) {
            if (d.kind() != Dependency.Kind.TYPE) {
                continue;
            }
            Optional<Class<?>> c;
            try {
                c = state.userClass(d.label());
            } catch (RuntimeException | LinkageError e) {
                return "could not inspect class `" + d.label() + "` for static fields";
            }
            if (c.isEmpty()) {
                continue;
            }
            String found = staticField(c.get(), new IdentityHashMap<>());
            if (found != null) {
                return "it uses class `" + d.label() + "`, whose static field " + found
                        + " it may change, which a restore would not do";
            }
        }
        return null;
    }

    private static String staticField(Class<?> c, IdentityHashMap<Class<?>, Boolean> seen) {
        if (seen.put(c, Boolean.TRUE) != null) {
            return null;
        }
        try {
            for (Field f : c.getDeclaredFields()) {
                int m = f.getModifiers();
                if (!Modifier.isStatic(m) || f.isSynthetic()) {
                    continue;
                }
                if (!Modifier.isFinal(m)) {
                    return "`" + f.getName() + "`";
                }
                if (f.getType().isPrimitive() || f.getType() == String.class) {
                    continue;
                }
                f.setAccessible(true);
                Object v = f.get(null);
                if (v != null && !Mutability.isImmutable(v) && !c.isEnum()) {
                    return "`" + f.getName() + "` (final, holding a mutable object)";
                }
            }
            for (Class<?> inner : c.getDeclaredClasses()) {
                String found = staticField(inner, seen);
                if (found != null) {
                    return found;
                }
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return "(could not be inspected: " + e + ")";
        }
        return null;
    }

    /** How the report names the statement: by the variables it sets. */
    private static String label(java.util.Collection<String> vars) {
        return String.join(", ", vars);
    }
}
