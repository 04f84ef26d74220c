package dev.javacached.kernel.cache;

import dev.javacached.kernel.display.MimeBundle;
import dev.javacached.kernel.engine.LiveState;
import dev.javacached.kernel.engine.Memo;
import dev.javacached.kernel.engine.MemoBody;
import dev.javacached.kernel.engine.MemoBridge;
import dev.javacached.kernel.engine.OutputSink;
import dev.javacached.store.CacheStore;
import dev.javacached.store.EntryInfo;
import dev.javacached.store.Lookup;
import dev.javacached.store.PutResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The session's memo table: what happens at each call of a {@code @Cached} method
 * ({@link MemoRewrite} routes the calls here through {@link Memo#call}).
 *
 * <p>A call's key is SHA-256 over the cache format version, the Java feature version, the
 * classpath, the method's id and its <em>current</em> effective fingerprint (its source and
 * everything it uses, transitively, as the {@link DependencyGraph} has it when the call is
 * made: editing a helper it calls changes the key), and the content digest of the receiver and
 * of every argument ({@link ArgumentDigest}). A hit returns a fresh copy of the stored result
 * and replays the output the body printed, without running the body. A miss runs the body and
 * stores the result under the declarations' rules: it took at least the threshold; the result
 * is not null, shares no mutable object with the arguments or receiver, and the body did not
 * change them (digests before and after); it did not read stdin or print more than the cache
 * records; and the codec can store it and give it back the same (round-trip check).
 *
 * <p>Runs uncached, with the reason kept for {@code %cache why}: an argument without a digest
 * (a stream, a lock, a lambda), a method that reaches a top-level variable (its value can change
 * while a cell runs; pass it as an argument instead), one that reads the clock or unseeded
 * randomness (unless the cell is {@code %%snapshot}), the cache off, {@code %%nocache}.
 *
 * <p>Calls run on snippet threads (and on any thread a snippet starts), while the engine
 * thread waits in JShell: the table reads the dependency graph under its lock, and never holds
 * a lock while a body runs (a body may call memoized methods from other threads).
 *
 * <p>The output a call records is what <em>its own thread</em> printed (and displayed) while
 * its body ran, nested calls on that thread and the replays of their hits included
 * ({@link Recording}; the output streams name the printing thread,
 * {@link MemoBridge#printingThread}): calls running at once on other threads (a parallel
 * stream of calls) keep their own lines. Output of other threads is not the call's. What
 * cannot be told apart is not stored: a call during which a thread outside any
 * {@code @Cached} call printed (a thread its body started, or the cell's own parallel code),
 * or during which it made nested {@code @Cached} calls while other threads' calls printed (its
 * own parallel stream over memoized calls: their lines on other threads are part of its
 * output), is computed and not stored, the reason in {@code %cache why}.
 */
final class MemoTable implements MemoBridge.Table {
    /** Keys looked up and not stored this session: not looked up again (a cheap method called often). */
    private static final int MAX_KNOWN_MISSES = 100_000;

    /** The cache's switches and current state, read at each call. */
    interface Context {
        boolean enabled();

        CellMode mode();

        long thresholdNanos();

        ClasspathState classpath();

        /** The live state of the snippet running now (for notebook classes); null between snippets. */
        LiveState state();

        /** What observes the files a body reads (the hook's recorder). */
        FileAccess files();
    }

    /** What the session learned about one memoized method, for {@code %cache why} and {@code %cache list}. */
    static final class Stats {
        final String id;
        long hits;
        long computed;
        long stored;
        long uncached;
        long savedNanos;
        String lastDecision = "";

        Stats(String id) {
            this.id = id;
        }
    }

    private final CacheStore store;
    private final DependencyGraph graph;
    private final Context context;
    private final LongSupplier ticker;
    private final String id;
    /** Calls from threads a cell starts (a parallel stream) reach the store one at a time; never held while a body runs. */
    private final Object storeLock = new Object();
    /** Method id → the top-level declaration whose fingerprint it has. */
    private final Map<String, MemoRewrite.Method> methods = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Stats> stats = Collections.synchronizedMap(new TreeMap<>());
    private final Set<String> knownMisses = Collections.synchronizedSet(new java.util.HashSet<>());
    /**
     * Immutable results of calls below the threshold, by key, for this session only: returning the
     * same immutable value again is what running the body again would give (a recursive
     * {@code fib} runs each argument once). Cleared when full.
     */
    private final Map<String, Quick> quickResults = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_QUICK_RESULTS = 100_000;

    private record Quick(Object value, RecordedOutput output) {
    }
    private final Map<String, DependencyGraph.MemoFacts> facts = new HashMap<>();
    private long factsGeneration = -1;
    /**
     * Objects of top-level variables the running snippet only passes to memoized methods (or
     * reads as {@code v.length} / {@code v[i]}; {@link MemoArgumentUse}), by identity, with the
     * digest taken of each at its first call ("" until then): the next call in the same snippet
     * reuses it instead of hashing the object again. A miss re-digests its arguments after the
     * body ran and drops an object whose digest changed. Cleared when the snippet ends.
     */
    private final Map<Object, String> reusable = Collections.synchronizedMap(new java.util.IdentityHashMap<>());
    /** The recordings of the bodies running now (on any thread), outermost first. */
    private final List<Recording> recordings = new CopyOnWriteArrayList<>();
    /** The threads inside a call of a memoized method now (hit, miss or uncached), with their depth. */
    private final Map<Thread, Integer> inCall = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * What one running body records: the output its own thread prints, and whether output it
     * cannot tell apart from its own reached the cell meanwhile.
     */
    private static final class Recording {
        final Thread thread = Thread.currentThread();
        final TeeSink tee = new TeeSink(OutputSink.discarding("recording"), CachingHook.MAX_RECORDED_CHARS);
        /** The thread outside any memoized call that printed while it ran ("?": unknown), or null. */
        volatile String unowned;
        /** Another thread's memoized call printed while it ran. */
        volatile boolean otherCalls;
        /** It called a memoized method on its own thread. */
        volatile boolean nested;

        /** Why its recorded output may not be exactly its own, or null. */
        String uncertain() {
            if (unowned != null) {
                return "while it ran, " + (unowned.equals("?") ? "output of an unknown thread"
                        : "thread `" + unowned + "`, outside any @Cached call,") + " printed to the cell (a thread"
                        + " its body started?), so its own output cannot be told apart to replay it";
            }
            if (otherCalls && nested) {
                return "it called @Cached methods while @Cached calls on other threads printed (a parallel"
                        + " stream of its own?), so which of their output belongs to it cannot be told apart";
            }
            return null;
        }
    }

    /** Sends an output event to the recordings of the thread that printed it; notes it in the others. */
    private void offer(Consumer<TeeSink> event) {
        if (recordings.isEmpty()) {
            return;
        }
        Thread from = MemoBridge.printingThread();
        boolean fromCall = from != null && inCall.containsKey(from);
        for (Recording r : recordings) {
            if (r.thread == from) {
                event.accept(r.tee);
            } else if (!fromCall) {
                if (r.unowned == null) {
                    r.unowned = from == null ? "?" : from.getName();
                }
            } else {
                r.otherCalls = true;
            }
        }
    }

    MemoTable(CacheStore store, DependencyGraph graph, Context context, LongSupplier ticker) {
        this.store = store;
        this.graph = graph;
        this.context = context;
        this.ticker = ticker;
        this.id = MemoBridge.register(this);
    }

    /** The id generated code reaches this table by. */
    String id() {
        return id;
    }

    void close() {
        MemoBridge.unregister(id);
    }

    /**
     * Notes a method or type declaration that just ran: it replaced what was memoized under its
     * name (a method: the overload {@code label}; a type: all its methods) with {@code declared}.
     */
    void replaced(boolean method, String name, String label, List<MemoRewrite.Method> declared) {
        String overload = label.replace(" ", "");
        methods.values().removeIf(m -> method ? m.owner().equals(name) && m.id().equals(overload)
                : m.owner().equals(name) && !m.owner().equals(m.name()));
        for (MemoRewrite.Method m : declared) {
            methods.put(m.id(), m);
            stats.computeIfAbsent(m.id(), Stats::new);
        }
    }

    /** Whether {@code name} is a memoized method (or a class with one) declared this session. */
    boolean knows(String name) {
        return methods.values().stream().anyMatch(m -> m.name().equals(name) || m.owner().equals(name));
    }

    /** The sink the engine writes a snippet's output to: the real one, plus the recorders of the running bodies. */
    OutputSink wrap(OutputSink target) {
        return new OutputSink() {
            @Override
            public void stdout(String text) {
                target.stdout(text);
                offer(r -> r.stdout(text));
            }

            @Override
            public void stderr(String text) {
                target.stderr(text);
                offer(r -> r.stderr(text));
            }

            @Override
            public void display(MimeBundle bundle, String displayId, boolean update) {
                target.display(bundle, displayId, update);
                offer(r -> r.display(bundle, displayId, update));
            }

            @Override
            public void clearOutput(boolean wait) {
                target.clearOutput(wait);
            }

            @Override
            public String readLine(String prompt, boolean password) throws InputNotAllowedException {
                for (Recording r : recordings) {
                    try {
                        r.tee.readLine(prompt, password);   // notes the read; the recorder's own target refuses
                    } catch (InputNotAllowedException e) {
                        // expected
                    }
                }
                return target.readLine(prompt, password);
            }
        };
    }

    /** The running snippet's objects whose digests calls may reuse ({@link #reusable}). */
    void beginSnippet(java.util.Collection<Object> objects) {
        reusable.clear();
        synchronized (hitInputs) {
            hitInputs.clear();
        }
        for (Object o : objects) {
            if (o != null && !Mutability.isImmutable(o)) {
                reusable.put(o, "");
            }
        }
    }

    void endSnippet() {
        reusable.clear();
    }

    /**
     * The files that results restored during the current snippet were computed from (a hit
     * reads none of them, so the snippet's own observation cannot see them), for the snippet's
     * record: a value the snippet stores then depends on them too. Clears the set.
     */
    Set<String> takeHitInputs() {
        synchronized (hitInputs) {
            Set<String> out = Set.copyOf(hitInputs);
            hitInputs.clear();
            return out;
        }
    }

    private final Set<String> hitInputs = new java.util.HashSet<>();

    /** Digests reused instead of recomputed this session (for tests and %cache why). */
    long reusedDigests() {
        return reusedDigests.get();
    }

    private final java.util.concurrent.atomic.AtomicLong reusedDigests = new java.util.concurrent.atomic.AtomicLong();

    private ArgumentDigest.Result digest(Object input, NotebookClassResolver resolver) {
        String known = input == null ? null : reusable.get(input);
        if (known != null && !known.isEmpty()) {
            reusedDigests.incrementAndGet();
            return new ArgumentDigest.Digest(known);
        }
        ArgumentDigest.Result d = ArgumentDigest.of(input, resolver);
        if (known != null && d instanceof ArgumentDigest.Digest dd) {
            reusable.put(input, dd.hex());
        }
        return d;
    }

    // ------------------------------------------------------------------ a call

    @Override
    public Object call(String methodId, Object receiver, Object[] args, MemoBody<?, ?> body) throws Throwable {
        Thread me = Thread.currentThread();
        if (inCall.merge(me, 1, Integer::sum) > 1) {
            for (Recording r : recordings) {
                if (r.thread == me) {
                    r.nested = true;
                }
            }
        }
        try {
            return callInside(methodId, receiver, args, body);
        } finally {
            inCall.computeIfPresent(me, (t, depth) -> depth <= 1 ? null : depth - 1);
        }
    }

    private Object callInside(String methodId, Object receiver, Object[] args, MemoBody<?, ?> body) throws Throwable {
        Stats st = stats.computeIfAbsent(methodId, Stats::new);
        MemoRewrite.Method method = methods.get(methodId);
        LiveState state = context.state();
        CellMode mode = context.mode();
        String skip = null;
        if (method == null || state == null) {
            skip = "called outside a cell the cache saw";
        } else if (!context.enabled()) {
            skip = "the cache is off";
        } else if (mode == CellMode.NOCACHE) {
            skip = "nocache for this cell";
        }
        DependencyGraph.MemoFacts f = null;
        if (skip == null) {
            f = facts(method.owner());
            if (f == null) {
                skip = "its declaration is not known to the cache";
            } else if (!f.variables().isEmpty()) {
                skip = "it reads the top-level variable" + (f.variables().size() == 1 ? " `" : "s `")
                        + String.join("`, `", f.variables()) + "`, which can change while a cell runs"
                        + " (pass the value as an argument instead)";
            } else if (f.nondeterminism().isPresent() && mode != CellMode.SNAPSHOT) {
                skip = f.nondeterminism().get().describe("its body") + ", so a stored result would freeze it";
            }
        }
        if (skip != null) {
            return uncached(st, skip, body);
        }
        NotebookClassResolver resolver = new NotebookClassResolver(direct(state));
        List<String> digests = new ArrayList<>();
        Object[] inputs = inputs(receiver, args);
        for (int i = 0; i < inputs.length; i++) {
            ArgumentDigest.Result d = digest(inputs[i], resolver);
            if (d instanceof ArgumentDigest.NotDigestible nd) {
                return uncached(st, describeInput(receiver, i) + " has no content digest: " + nd.reason(), body);
            }
            digests.add(((ArgumentDigest.Digest) d).hex());
        }
        String key = key(methodId, f.fingerprint(), digests);

        if (mode != CellMode.RECOMPUTE) {
            Quick quick = quickResults.get(key);
            if (quick != null) {
                if (!quick.output().events().isEmpty()) {
                    MemoBridge.withSink(quick.output()::replay);
                }
                synchronized (st) {
                    st.hits++;
                    st.lastDecision = "returned the result computed earlier in this session (below the threshold,"
                            + " so not stored)";
                }
                return quick.value();
            }
        }
        String staleReason = null;
        if (mode != CellMode.RECOMPUTE && !knownMisses.contains(key)) {
            long t0 = ticker.getAsLong();
            Lookup lookup;
            try {
                synchronized (storeLock) {
                    lookup = store.get(key, resolver);
                }
            } catch (RuntimeException e) {
                lookup = new Lookup.Unusable("store error: " + e.getMessage());
            }
            Optional<String> staleFile = Optional.empty();
            FileInputs stored = FileInputs.NONE;
            if (lookup instanceof Lookup.Hit hit) {
                try {
                    stored = FileInputs.fromProvenance(hit.meta().provenance());
                    staleFile = stored.firstChange();
                } catch (RuntimeException e) {
                    staleFile = Optional.of("its input files cannot be checked: " + e.getMessage());
                }
            }
            if (staleFile.isPresent()) {
                staleReason = staleFile.get();
            } else if (lookup instanceof Lookup.Hit hit) {
                try {
                    RecordedOutput output = RecordedOutput.decode(hit.meta().attachment());
                    if (!output.events().isEmpty()) {
                        MemoBridge.withSink(output::replay);
                    }
                    long took = ticker.getAsLong() - t0;
                    synchronized (st) {
                        st.hits++;
                        st.savedNanos += Math.max(0, hit.meta().computeNanos() - took);
                        st.lastDecision = "restored a stored result (computing it took "
                                + CellReport.duration(hit.meta().computeNanos()) + ")";
                    }
                    if (!stored.isEmpty()) {
                        synchronized (hitInputs) {
                            hitInputs.addAll(stored.paths());
                        }
                    }
                    return hit.value();
                } catch (RuntimeException e) {
                    // unreadable output: run the body instead
                }
            }
        }

        FileAccess.Window window = context.files().beginNow();
        Recording recording = new Recording();
        TeeSink recorder = recording.tee;
        MemoBridge.attributeOutput(true);     // from now on each chunk of output has one thread
        recordings.add(recording);
        long start = ticker.getAsLong();
        Object result;
        try {
            result = body.run();
        } finally {
            recordings.remove(recording);
            MemoBridge.attributeOutput(false);
        }
        long nanos = ticker.getAsLong() - start;
        synchronized (st) {
            st.computed++;
        }
        boolean keeps = result != null && (nanos >= context.thresholdNanos() || Mutability.isImmutable(result));
        String changed;
        if (keeps) {
            changed = changedInputs(receiver, inputs, digests, resolver, method.readOnlyParameters());
        } else {
            // nothing of this call is kept, so no need to know whether the body changed its inputs;
            // but a later call must not reuse a digest taken before the body ran
            for (Object input : inputs) {
                if (input != null) {
                    reusable.replace(input, "");
                }
            }
            changed = null;
        }
        String notStored = changed != null ? changed : recording.uncertain();
        if (notStored == null) {
            notStored = notStorable(recorder, result, inputs);
        }
        FileInputs read = FileInputs.NONE;
        if (keeps && notStored == null) {
            // the files the body read: checked before its result is used again (a changed one is a miss)
            FileAccess.Observed seen = context.files().observe(window);
            if (seen instanceof FileAccess.Observed.Known k) {
                try {
                    read = FileInputs.of(k.reads());
                } catch (java.io.IOException | RuntimeException e) {
                    notStored = "a file it read cannot be identified now: " + e.getMessage();
                }
            } else {
                notStored = "the files it reads cannot be observed (" + ((FileAccess.Observed.Unknown) seen).reason()
                        + "), so a changed input file could not be noticed";
            }
        }
        if (notStored == null && nanos < context.thresholdNanos()) {
            notStored = "took " + CellReport.duration(nanos) + ", below the " + context.thresholdNanos() / 1_000_000
                    + " ms threshold";
            if (Mutability.isImmutable(result) && read.isEmpty()) {
                // a quick call made again this session (a recursion, a loop) need not run again
                // (not one that read files: they may change before the next call)
                if (quickResults.size() >= MAX_QUICK_RESULTS) {
                    quickResults.clear();
                }
                quickResults.put(key, new Quick(result, recorder.recorded(Optional.empty())));
            }
        } else if (notStored == null) {
            Map<String, String> provenance = provenance(methodId, f.fingerprint(), key);
            read.addTo(provenance);
            EntryInfo info = new EntryInfo(method.name(), "@Cached " + methodId + " → " + result.getClass().getName(),
                    nanos, provenance, recorder.recorded(Optional.empty()).encode());
            try {
                PutResult put;
                synchronized (storeLock) {
                    put = store.put(key, info, result, resolver);
                }
                if (put instanceof PutResult.Stored) {
                    synchronized (st) {
                        st.stored++;
                        st.lastDecision = (staleReason != null ? "recomputed because " + staleReason + ", " : "computed (")
                                + CellReport.duration(nanos) + (staleReason != null ? ", and stored" : ") and stored");
                    }
                    knownMisses.remove(key);
                    return result;
                }
                notStored = put instanceof PutResult.NotStorable ns ? ns.reason()
                        : "storing failed: " + ((PutResult.Failed) put).message();
            } catch (RuntimeException e) {
                notStored = "storing failed: " + e;
            }
        }
        if (knownMisses.size() > MAX_KNOWN_MISSES) {
            knownMisses.clear();
        }
        knownMisses.add(key);
        synchronized (st) {
            st.lastDecision = (staleReason != null ? "recomputed because " + staleReason + ", " : "computed, ")
                    + "not stored: " + notStored;
        }
        return result;
    }

    private Object uncached(Stats st, String reason, MemoBody<?, ?> body) throws Throwable {
        synchronized (st) {
            st.uncached++;
            st.lastDecision = "ran uncached: " + reason;
        }
        return body.run();
    }

    /**
     * After a body ran: whether it changed one of its mutable inputs (digests before and after;
     * a stored result would skip that change). Updates or drops the reusable digests.
     */
    private String changedInputs(Object receiver, Object[] inputs, List<String> before,
                                 NotebookClassResolver resolver, Set<Integer> readOnlyParameters) {
        String changed = null;
        int first = receiver == null ? 0 : 1;
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] == null || Mutability.isImmutable(inputs[i])) {
                continue;
            }
            if (i >= first && readOnlyParameters.contains(i - first)) {
                continue;   // the body only reads it (MemoArgumentUse): it cannot have changed it
            }
            ArgumentDigest.Result after = ArgumentDigest.of(inputs[i], resolver);
            boolean same = after instanceof ArgumentDigest.Digest d && d.hex().equals(before.get(i));
            if (!same) {
                reusable.replace(inputs[i], "");
                if (changed == null) {
                    changed = "the body changed " + describeInput(receiver, i) + "; a stored result would skip"
                            + " that change";
                }
            }
        }
        return changed;
    }

    /** Why the result of a miss is not stored, or null when it may be (its inputs unchanged). */
    private String notStorable(TeeSink recorder, Object result, Object[] inputs) {
        if (recorder.readStdin()) {
            return "the body reads standard input";
        }
        if (recorder.overflow()) {
            return "the body printed more output than the cache records (" + CachingHook.MAX_RECORDED_CHARS + " chars)";
        }
        if (result == null) {
            return "it returned null";
        }
        ObjectGraph given = ObjectGraph.mutableObjects(inputs);
        if (given.tooLarge()) {
            return "its arguments are too large to check for sharing";
        }
        ObjectGraph shared = ObjectGraph.search(result, given);
        if (shared.found() != null || shared.tooLarge()) {
            return "its result shares objects with its arguments; a stored copy would not";
        }
        return null;
    }

    private static Object[] inputs(Object receiver, Object[] args) {
        if (receiver == null) {
            return args;
        }
        Object[] all = new Object[args.length + 1];
        all[0] = receiver;
        System.arraycopy(args, 0, all, 1, args.length);
        return all;
    }

    private static String describeInput(Object receiver, int i) {
        if (receiver == null) {
            return "argument " + i;
        }
        return i == 0 ? "the receiver (this)" : "argument " + (i - 1);
    }

    private String key(String methodId, String methodFingerprint, List<String> digests) {
        Hasher h = new Hasher().add("java-cached memo").add(DependencyGraph.FORMAT_VERSION).add(graph.javaFeature())
                .add(context.classpath().fingerprint()).add(methodId).add(methodFingerprint);
        synchronized (graph) {
            h.add(graph.salt());
        }
        h.add(digests.size());
        digests.forEach(h::add);
        return h.hex();
    }

    private Map<String, String> provenance(String methodId, String methodFingerprint, String key) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("fingerprint", key);
        p.put("format", DependencyGraph.FORMAT_VERSION);
        p.put("memo", methodId);
        p.put("memo.method", methodFingerprint);
        p.put("classpath", context.classpath().fingerprint());
        p.put("java", Integer.toString(graph.javaFeature()));
        return p;
    }

    /** The facts of {@code owner} at the graph's current generation (computed once per generation). */
    private DependencyGraph.MemoFacts facts(String owner) {
        synchronized (graph) {
            if (factsGeneration != graph.generation()) {
                facts.clear();
                factsGeneration = graph.generation();
            }
            DependencyGraph.MemoFacts known = facts.get(owner);
            if (known == null) {
                known = graph.memoFacts(owner).orElse(null);
                if (known != null) {
                    facts.put(owner, known);
                }
            }
            return known;
        }
    }

    /** A view of {@code state} whose value code runs right here: a call already runs on a snippet thread. */
    private static LiveState direct(LiveState state) {
        return new LiveState() {
            @Override
            public Optional<Object> value(String name) {
                return state.value(name);
            }

            @Override
            public Optional<String> typeName(String name) {
                return state.typeName(name);
            }

            @Override
            public void define(String name, String typeName, Object value) throws DefineException {
                throw new DefineException("not during a memoized call");
            }

            @Override
            public void assign(String name, Object value) throws DefineException {
                throw new DefineException("not during a memoized call");
            }

            @Override
            public Optional<Class<?>> userClass(String simpleName) {
                return state.userClass(simpleName);
            }

            @Override
            public ClassLoader classLoader() {
                return state.classLoader();
            }
        };
    }

    // ------------------------------------------------------------------ %cache

    /** {@code %cache why NAME} for a memoized method (by name, or a class with memoized methods); empty if none. */
    Optional<String> why(String name) {
        StringBuilder b = new StringBuilder();
        synchronized (stats) {
            for (Stats s : stats.values()) {
                MemoRewrite.Method m = methods.get(s.id);
                if (m == null || !(m.name().equals(name) || m.owner().equals(name))) {
                    continue;
                }
                synchronized (s) {
                    b.append("memoized:    @Cached ").append(s.id).append(": ")
                            .append(s.hits).append(s.hits == 1 ? " call" : " calls").append(" restored, ")
                            .append(s.computed).append(" computed (").append(s.stored).append(" stored), ")
                            .append(s.uncached).append(" ran uncached this session");
                    if (s.savedNanos > 0) {
                        b.append("; saved ").append(CellReport.duration(s.savedNanos));
                    }
                    b.append('\n');
                    if (!s.lastDecision.isEmpty()) {
                        b.append("last call:   ").append(s.lastDecision).append('\n');
                    }
                }
            }
        }
        return b.isEmpty() ? Optional.empty() : Optional.of(b.toString());
    }

    /** The names of the memoized top-level methods (not members of notebook classes). */
    Set<String> topLevelNames() {
        Set<String> out = new java.util.TreeSet<>();
        methods.values().stream().filter(m -> m.owner().equals(m.name())).forEach(m -> out.add(m.name()));
        return out;
    }

    /** How many overloads of top-level method {@code name} are memoized. */
    int overloadCount(String name) {
        return (int) methods.values().stream().filter(m -> m.owner().equals(name) && m.name().equals(name)).count();
    }

    /** The memoized methods' ids by name (for completion and the list). */
    Map<String, String> idsByName() {
        Map<String, String> out = new TreeMap<>();
        methods.values().forEach(m -> out.put(m.id(), m.name()));
        return out;
    }

    /** For tests: the decision on the last call of {@code methodId}. */
    String lastDecision(String methodId) {
        Stats s = stats.get(methodId);
        if (s == null) {
            return "";
        }
        synchronized (s) {
            return s.lastDecision;
        }
    }
}
