package dev.javacached.kernel.cache;

import dev.javacached.kernel.engine.CellSnippet;
import dev.javacached.kernel.engine.ExecuteOutcome;
import dev.javacached.kernel.engine.LiveState;
import dev.javacached.kernel.engine.OutputSink;
import dev.javacached.kernel.engine.SnippetHook;
import dev.javacached.kernel.engine.SnippetKind;
import dev.javacached.kernel.engine.SnippetResult;
import dev.javacached.kernel.log.Log;
import dev.javacached.store.CacheStore;
import dev.javacached.store.EntryMeta;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The cache, as the engine sees it: around every snippet, fingerprint it and route it: a
 * variable declaration with an initializer or an assignment to {@link DeclarationCache} (restore
 * the stored value instead of running it, or run it and store the value), a statement to
 * {@link StatementCache} (the same, by the variables it sets), a method or class declaration
 * with {@code @Cached} methods through {@link MemoRewrite} to the session's {@link MemoTable}.
 * Everything else runs as usual and only updates the dependency graph. This class owns what
 * they share: the session's switches and threshold, the cell's report, the explanations, and
 * the files a run read ({@link FileAccess}, {@link FileInputs}).
 *
 * <p>Rules: never a wrong value, never a crash. Any failure to restore (type no longer
 * resolves, define fails, corrupt attachment) falls back to running the snippet; any failure
 * to store is one line on stderr.
 *
 * <p>Wiring: {@code new CachingHook(store)} is the engine's {@link SnippetHook}; the kernel
 * ({@link CachedEngine}) calls {@link #beginCell} before a cell and {@link #endCell} after it for the per-cell
 * {@link CellReport}. {@code around} runs on the engine thread; the setters and
 * {@link #why}/{@link #endCell} may be called from another thread between cells.
 *
 * <p>This class decides; its helpers do: {@link Restorer} puts a stored value back,
 * {@link StoreSafety} checks a computed value before it is stored, {@link Explanations} keeps
 * what was decided for {@code %cache why}, {@link DependencyGraph} computes fingerprints and
 * state versions.
 */
public final class CachingHook implements SnippetHook {
    /**
     * Values computed faster than this are not stored. The engine's time includes JShell
     * compiling the snippet (typically 10–60 ms), and a restore costs a JShell eval to declare
     * the variable plus reading and decoding the bytes, so below about 100 ms a restore saves
     * nothing while the entry costs disk. 0 stores everything storable.
     */
    public static final long DEFAULT_THRESHOLD_MILLIS = 100;
    /** Store setting holding the threshold, so it survives restarts. */
    public static final String THRESHOLD_SETTING = "kernel.thresholdMillis";
    /** Output beyond this many characters is not recorded, and the value is not stored. */
    static final long MAX_RECORDED_CHARS = 4L * 1024 * 1024;

    private final CacheStore store;
    private final SourceAnalyzer analyzer = new SourceAnalyzer();
    private final DependencyGraph graph;
    private final StoreSafety safety;
    private final Restorer restorer;
    private final Explanations explanations;
    private final FileAccess files;
    private final StatementCache statements;
    private final DeclarationCache declarations;
    /**
     * The last compute time of each candidate's normalised source, in this kernel or the one
     * before it: a candidate that ran in under half the threshold last time skips the
     * before-digests of its inputs (it will most likely not be stored); if it turns out slow, it
     * is not stored this time.
     */
    private final RunTimes runTimes;
    private volatile ClasspathState classpath = ClasspathState.empty();
    private volatile boolean enabled = true;
    /** Read from the store's settings when first needed (-1 until then): opening the store is not start-up work. */
    private volatile long thresholdNanos = -1;
    private volatile CellMode cellMode = CellMode.NORMAL;
    private volatile CellReport.Builder cell = new CellReport.Builder();
    private final CacheTally tally = new CacheTally();
    /** The live state of the snippet running now, for memoized calls; null between snippets. */
    private volatile LiveState running;
    private final MemoTable memo;

    public CachingHook(CacheStore store) {
        this(store, new DependencyGraph());
    }

    CachingHook(CacheStore store, DependencyGraph graph) {
        this(store, graph, System::nanoTime);
    }

    /** {@code ticker} is the clock restores are timed with (tests freeze it). */
    CachingHook(CacheStore store, DependencyGraph graph, java.util.function.LongSupplier ticker) {
        this(store, graph, ticker, FileAccess.shared());
    }

    /** {@code files} observes the files snippets read and write (tests pass one that cannot). */
    CachingHook(CacheStore store, DependencyGraph graph, java.util.function.LongSupplier ticker, FileAccess files) {
        this.store = store;
        this.files = files;
        this.runTimes = new RunTimes(store);
        this.graph = graph;
        this.safety = new StoreSafety(graph);
        this.restorer = new Restorer(store, ticker);
        this.explanations = new Explanations(store);
        this.memo = new MemoTable(store, graph, new MemoTable.Context() {
            @Override
            public boolean enabled() {
                return enabled;
            }

            @Override
            public CellMode mode() {
                return cellMode;
            }

            @Override
            public long thresholdNanos() {
                return CachingHook.this.thresholdNanos();
            }

            @Override
            public ClasspathState classpath() {
                return classpath;
            }

            @Override
            public LiveState state() {
                return running;
            }

            @Override
            public FileAccess files() {
                return files;
            }
        }, ticker);
        this.statements = new StatementCache(this);
        this.declarations = new DeclarationCache(this);
    }

    private long thresholdNanos() {
        long nanos = thresholdNanos;
        if (nanos < 0) {
            long millis = DEFAULT_THRESHOLD_MILLIS;
            try {
                millis = store.setting(THRESHOLD_SETTING).map(Long::parseLong).orElse(millis);
            } catch (RuntimeException e) {
                // an unreadable setting keeps the default
            }
            nanos = Math.max(0, millis) * 1_000_000;
            thresholdNanos = nanos;
        }
        return nanos;
    }

    /**
     * Parses a trivial snippet so javac's parser is loaded before the first cell (the first
     * parse takes about half a second). Call on the engine thread, e.g. after engine start.
     */
    public void warmUp() {
        analyzer.analyze(new CellSnippet("int x = 1;", 0, SnippetKind.VAR_WITH_INITIALIZER, "x", "int"));
    }

    /**
     * Starts the threads the object codec's libraries start for themselves (Guava's
     * reference-cleaning thread, {@code com.google.comm} to Linux) and counts them as the
     * kernel's ({@link ThreadIoCounter#adopt}): started in the middle of a snippet by the codec's
     * warm-up, its start-up reads made that snippet's window look as if the user's code had read
     * a file, and the window took a JFR snapshot (25-60 ms) to find it had not. Call on the
     * kernel's start, before any snippet runs.
     */
    public static void startLibraryThreads() {
        ThreadIoCounter.adopt("com.google.comm", dev.javacached.store.codec.ValueCodec::startLibraryThreads);
    }

    /**
     * Waits for the moment the kernel's deferred start-up work may run ({@link StartMoment}):
     * the kernel's lazy store opens and warms the codec after it.
     */
    public void awaitStartMoment() throws InterruptedException {
        files.moment().await();
    }

    /** Waits until the kernel has been idle for a moment after a cell ({@link StartMoment#awaitIdleOr}). */
    public void awaitIdle() throws InterruptedException {
        files.moment().awaitIdleOr(new java.util.concurrent.CountDownLatch(1));
    }

    /**
     * Decodes a recorded output once, off the engine thread, so a restarted kernel's first
     * restore does not build the JSON decoder for it (about 40 ms of a new JVM). Never throws.
     */
    public static void warmUpRestores() {
        try {
            RecordedOutput.warmUp();
        } catch (RuntimeException | LinkageError e) {
            // only a warm-up
        }
    }

    // ---- session switches (for %cache and %maven) ----

    /** Turns reading and writing the store on or off for the session; tracking continues. */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean isEnabled() {
        return enabled;
    }

    /** Minimum compute time for a value to be stored; persisted in the store's settings. */
    public void setThresholdMillis(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("threshold must be >= 0 ms: " + millis);
        }
        thresholdNanos = millis * 1_000_000;
        try {
            store.setSetting(THRESHOLD_SETTING, Long.toString(millis));
        } catch (RuntimeException e) {
            // the session still uses it
        }
    }

    public long thresholdMillis() {
        return thresholdNanos() / 1_000_000;
    }

    /** The classpath that every later fingerprint includes (called after %maven / %jars). */
    public void setClasspath(ClasspathState classpath) {
        this.classpath = classpath;
    }

    public ClasspathState classpath() {
        return classpath;
    }

    // ---- per cell ----

    /** Starts a cell in {@link CellMode#NORMAL}. */
    public void beginCell() {
        beginCell(CellMode.NORMAL);
    }

    /** Starts a cell: a fresh report; {@code mode} applies until {@link #endCell}. */
    public void beginCell(CellMode mode) {
        files.busy();
        cell = new CellReport.Builder();
        cellMode = mode;
    }

    /** Changes the current cell's mode (for a magic that runs after {@link #beginCell()}). */
    public void setCellMode(CellMode mode) {
        cellMode = mode;
    }

    public CellMode cellMode() {
        return cellMode;
    }

    /** The store's one-time warning about itself (a damaged index replaced), once; else empty. */
    public Optional<String> takeStoreWarning() {
        return store.takeWarning();
    }

    /** Ends the cell: its report (also added to {@link #tally()}); the mode returns to NORMAL. */
    public CellReport endCell() {
        CellReport report = cell.build();
        runTimes.save();
        files.idle();
        cell = new CellReport.Builder();
        cellMode = CellMode.NORMAL;
        tally.add(report);
        return report;
    }

    /** The session's totals over every cell's report. */
    public CacheTally tally() {
        return tally;
    }

    // ---- explanations ----

    /** Unregisters the memo table: calls of memoized methods still running after this run their bodies plainly. */
    public void close() {
        memo.close();
    }

    /** The memoized calls' table (tests). */
    MemoTable memoTable() {
        return memo;
    }

    /** The decision for the current definition of {@code name}, with differences for a miss. */
    public Optional<Explanation> explain(String name) {
        return explanations.explain(name);
    }

    /** {@link #explain} rendered as text for {@code %cache why NAME}. */
    public String why(String name) {
        Optional<String> memoized = memo.why(name);
        if (memoized.isPresent() && explanations.explain(name).isEmpty()) {
            return memoized.get();
        }
        return explanations.why(name) + memoized.orElse("");
    }

    /** The variables declared or assigned this session that the cache decided about (for completion). */
    public Set<String> knownNames() {
        return explanations.knownNames();
    }

    /** The dependency graph (read-only use: versions and declaration fingerprints). */
    public DependencyGraph graph() {
        return graph;
    }

    // ---- the hook ----

    @Override
    public SnippetResult around(CellSnippet snippet, LiveState state, OutputSink sink, Proceed proceed) {
        LiveState outer = running;
        running = state;
        try {
            return aroundSnippet(snippet, state, memo.wrap(sink), proceed);
        } finally {
            running = outer;
        }
    }

    private SnippetResult aroundSnippet(CellSnippet snippet, LiveState state, OutputSink sink, Proceed proceed) {
        SnippetAnalysis analysis;
        Fingerprint fp;
        long t0 = System.nanoTime();
        try {
            analysis = analyzer.analyze(snippet);
            synchronized (graph) {
                fp = graph.fingerprint(snippet, analysis, classpath);
                if (Log.debugEnabled()) {
                    Log.debug("analysed and fingerprinted %s in %.1f ms", snippet.kind(), (System.nanoTime() - t0) / 1e6);
                }
            }
        } catch (RuntimeException | LinkageError e) {
            SnippetResult r = proceed.run(sink);
            synchronized (graph) {
                graph.taint(snippet.source());
            }
            if (DeclarationCache.isCandidate(snippet)) {
                cell.computed(snippet.name());
                cell.uncacheable(snippet.name(), "could not fingerprint: " + e);
            }
            return r;
        }
        if (snippet.kind() == SnippetKind.METHOD || snippet.kind() == SnippetKind.TYPE_DECLARATION) {
            // a notebook that declares methods or classes will soon declare values: the store
            // opens now, beside this compile, rather than in the first value's lookup
            files.moment().now();
            SnippetResult r = declare(snippet, analysis, sink, proceed);
            recordRun(snippet, analysis, fp, r, state);
            return r;
        }
        memo.beginSnippet(reusableArguments(snippet, analysis, state));
        try {
            if (!DeclarationCache.isCandidate(snippet)) {
                if (StatementCache.isCandidate(snippet)) {
                    return statements.around(snippet, analysis, fp, state, sink, proceed);
                }
                long t1 = System.nanoTime();
                SnippetResult r = proceed.run(sink);
                long t2 = System.nanoTime();
                recordRun(snippet, analysis, fp, r, state);
                if (Log.debugEnabled()) {
                    Log.debug("ran %s in %.1f ms, recorded in %.1f ms", snippet.kind(), (t2 - t1) / 1e6,
                            (System.nanoTime() - t2) / 1e6);
                }
                return r;
            }
            // the cache is in use: the store opens now (the file recorder starts when a snippet
            // that runs needs it, or once the kernel is idle; not beside a restart's restores)
            files.moment().now();
            return declarations.around(snippet, analysis, fp, state, sink, proceed);
        } finally {
            memo.endSnippet();
        }
    }

    /**
     * The objects of the top-level variables this snippet only hands to memoized methods (or
     * reads as {@code v.length} / {@code v[i]}): mentioned by the snippet itself, not by a method
     * it calls, sharing their object with no other variable ({@link MemoArgumentUse}). A memoized
     * call digests each of them once per snippet.
     */
    private java.util.Collection<Object> reusableArguments(CellSnippet snippet, SnippetAnalysis analysis,
                                                          LiveState state) {
        try {
            Set<String> memoized = memo.topLevelNames();
            if (memoized.isEmpty() || analysis.references().stream().noneMatch(memoized::contains)) {
                return List.of();
            }
            Set<String> candidates = new java.util.TreeSet<>();
            synchronized (graph) {
                candidates.addAll(graph.mentionedVariables(analysis));
                candidates.retainAll(analysis.references());
                candidates.removeAll(graph.mentionedThroughDeclarations(analysis));
                candidates.removeIf(v -> !graph.aliasesOf(v).isEmpty());
                memoized.removeIf(n -> graph.overloadCount(n) != memo.overloadCount(n));
            }
            List<Object> out = new java.util.ArrayList<>();
            for (String v : MemoArgumentUse.readOnly(snippet.source(), candidates, memoized)) {
                state.value(v).ifPresent(out::add);
            }
            return out;
        } catch (RuntimeException | LinkageError e) {
            return List.of();  // every call digests its arguments
        }
    }

    /**
     * A method or type declaration: its {@code @Cached} methods are rewritten to go through the
     * memo table. The rewrite compiles only if the method does as written, so when JShell
     * rejects it, the method as written runs instead and its own compile error, at its own
     * position, is what the user sees. An annotated method that cannot be memoized ({@code void})
     * is a compile error of the cell.
     */
    private SnippetResult declare(CellSnippet snippet, SnippetAnalysis analysis, OutputSink sink, Proceed proceed) {
        MemoRewrite.Result rewrite;
        try {
            boolean ownCached;
            synchronized (graph) {
                // the notebook imported or declared a `Cached` of its own: the annotation is not ours
                ownCached = graph.importsSingle("Cached") || graph.declarationFingerprint("Cached").isPresent();
            }
            rewrite = ownCached ? new MemoRewrite.None()
                    : MemoRewrite.rewrite(snippet.source(), snippet.name(), memo.id());
        } catch (RuntimeException | LinkageError e) {
            rewrite = new MemoRewrite.None();
        }
        if (rewrite instanceof MemoRewrite.Refused refused) {
            return new SnippetResult.Failed(new ExecuteOutcome.Failure(ExecuteOutcome.Cause.COMPILE_ERROR,
                    refused.message(), List.of("Compilation error: " + refused.message()), Map.of()));
        }
        if (!(rewrite instanceof MemoRewrite.Rewrite r)) {
            SnippetResult plain = proceed.run(sink);
            if (plain instanceof SnippetResult.Ok) {
                memo.replaced(snippet.kind() == SnippetKind.METHOD, snippet.name(), analysis.label(), List.of());
            }
            return plain;
        }
        if (r.checkOriginalFirst()) {
            SnippetResult asWritten = proceed.run(sink);
            if (!(asWritten instanceof SnippetResult.Ok)) {
                return asWritten;
            }
        }
        SnippetResult result;
        try {
            result = proceed.runInstead(r.source(), sink);
        } catch (UnsupportedOperationException e) {
            return proceed.run(sink);
        }
        if (result instanceof SnippetResult.Ok) {
            memo.replaced(snippet.kind() == SnippetKind.METHOD, snippet.name(), analysis.label(), r.methods());
        } else if (result instanceof SnippetResult.Failed f && f.failure().cause() == ExecuteOutcome.Cause.COMPILE_ERROR) {
            SnippetResult plain = proceed.run(sink);   // the error as written (or, if it compiles that way, unmemoized)
            if (plain instanceof SnippetResult.Ok) {
                memo.replaced(snippet.kind() == SnippetKind.METHOD, snippet.name(), analysis.label(), List.of());
            }
            return plain;
        }
        return result;
    }

    /** Why a stored entry must not be used because a file it was computed from changed, or empty. */
    Optional<String> staleInputs(EntryMeta meta) {
        try {
            return FileInputs.fromProvenance(meta.provenance()).firstChange();
        } catch (RuntimeException e) {
            return Optional.of("its input files cannot be checked: " + e.getMessage());
        }
    }

    /** The snippet's code ran (it succeeded, threw or was interrupted: it may have read files), not a compile error. */
    static boolean ran(SnippetResult result) {
        return !(result instanceof SnippetResult.Failed f && f.failure().cause() == ExecuteOutcome.Cause.COMPILE_ERROR);
    }

    /** What the user's code did to files while a snippet ran: seen (the files read, identified, and the files written), or not. */
    sealed interface Observation {
        record Seen(FileInputs inputs, Set<String> writes) implements Observation {
        }

        /** Why the snippet's file reads are unknown: nothing it set may be stored. */
        record Unseen(String reason) implements Observation {
        }
    }

    /**
     * The files read and written since {@code window} began, after a snippet ran; mixed at once
     * into the versions of {@code vars} (what the snippet set), or, when unknown, a version no
     * other run shares ({@link #unrepeatable}). Every run of a snippet that may set a variable
     * goes through here, fast or slow, stored or not, so a value computed from a file is keyed
     * by that file's content downstream even when the reader itself is never stored.
     */
    Observation observeRun(FileAccess.Window window, java.util.Collection<String> vars, SnippetAnalysis analysis) {
        FileAccess.Observed o = files.observe(window);
        runTimes.io(analysis.normalizedSource(), window.quiet());
        Observation result;
        if (o instanceof FileAccess.Observed.Known k) {
            try {
                // what it read, and what the memoized results it restored were computed from
                Set<String> reads = new java.util.TreeSet<>(k.reads());
                reads.addAll(memo.takeHitInputs());
                result = new Observation.Seen(FileInputs.of(reads), k.writes());
            } catch (java.io.IOException | RuntimeException e) {
                result = new Observation.Unseen("a file it read cannot be identified now: " + e.getMessage());
            }
        } else {
            result = new Observation.Unseen("the files it reads cannot be observed ("
                    + ((FileAccess.Observed.Unknown) o).reason() + "), so a changed input file could not be noticed");
        }
        if (result instanceof Observation.Seen seen) {
            mixInputs(vars, seen.inputs());
        } else {
            unrepeatable(vars);
        }
        return result;
    }

    /** Mixes the files read into the versions of the variables the snippet set (nothing when it read none). */
    void mixInputs(java.util.Collection<String> vars, FileInputs inputs) {
        if (!inputs.isEmpty()) {
            graph.mixInputs(vars, inputs.digest());
        }
    }

    /**
     * After a snippet that always runs because its result is not repeatable (it reads the clock
     * or unseeded randomness and the cell did not ask for a snapshot): the variables it set
     * get a version no other run shares, so nothing computed from them is restored from an entry
     * made from another run's values.
     */
    void unrepeatable(java.util.Collection<String> vars) {
        graph.mixInputs(vars, "unrepeatable " + java.util.UUID.randomUUID());
    }

    Restorer restorer() {
        return restorer;
    }

    void noteSnapshot(String name, String snapshot) {
        explanations.noteSnapshot(name, snapshot);
    }

    FileAccess files() {
        return files;
    }

    CacheStore store() {
        return store;
    }

    StoreSafety safety() {
        return safety;
    }

    CellReport.Builder cellReport() {
        return cell;
    }

    boolean readsEnabled(CellMode mode) {
        return enabled && (mode == CellMode.NORMAL || mode == CellMode.SNAPSHOT);
    }

    boolean writesEnabled(CellMode mode) {
        return enabled && mode != CellMode.NOCACHE;
    }

    long threshold() {
        return thresholdNanos();
    }

    /**
     * Whether this source ran in under half the threshold the last time, in this kernel or the
     * one before it (so it will most likely not be stored). Ask only when the snippet may be
     * stored: the first question reads the store's settings.
     */
    boolean predictedFast(SnippetAnalysis analysis) {
        long ms = runTimes.lastMillis(analysis.normalizedSource());
        return ms >= 0 && ms * 1_000_000 < thresholdNanos() / 2;
    }

    /**
     * Opens the file window of a snippet about to run ({@link FileAccess#begin}). Where the cache
     * may store it ({@code mayStore}: the store is open then), a source whose runs so far made no
     * read or write system call (in this kernel or the one before it) need not wait for the file
     * recorder's start.
     */
    FileAccess.Window beginWindow(SnippetAnalysis analysis, boolean mayStore) {
        return files.begin(mayStore && runTimes.quiet(analysis.normalizedSource()));
    }

    /** Remembers how long a source that ran took, for {@link #predictedFast}. */
    void rememberRunTime(SnippetAnalysis analysis, SnippetResult result) {
        if (result instanceof SnippetResult.Ok done) {
            runTimes.ran(analysis.normalizedSource(), done.nanos());
        }
    }

    /** Waits until the run times saved after the last cell are in the store (tests). */
    void flushRunTimes() {
        runTimes.flush();
    }

    /** Why a snippet that refers to JShell's temporary variables ($1, $2) must always run, or null. */
    static String refersToTemporary(SnippetAnalysis analysis) {
        return analysis.references().stream().filter(r -> JSHELL_TEMP.matcher(r).matches()).findFirst()
                .map(t -> "refers to JShell's temporary variable " + t + ", which the cache does not track")
                .orElse(null);
    }

    private static final java.util.regex.Pattern JSHELL_TEMP = java.util.regex.Pattern.compile("\\$\\d+");

    /**
     * Updates the graph after a snippet ran. A snippet rejected by the compiler ran nothing and
     * changes nothing; one that threw or was interrupted may have mutated what it mentions.
     */
    void recordRun(CellSnippet snippet, SnippetAnalysis analysis, Fingerprint fp, SnippetResult result,
                   LiveState state) {
        if (result instanceof SnippetResult.Failed f && f.failure().cause() == ExecuteOutcome.Cause.COMPILE_ERROR) {
            return;
        }
        synchronized (graph) {
            try {
                graph.record(snippet, analysis, fp, result instanceof SnippetResult.Ok, state);
            } catch (RuntimeException | LinkageError e) {
                graph.taint(snippet.source());
            }
        }
    }

    void decided(String name, Fingerprint fp, Explanation.Decision decision, String detail) {
        explanations.put(name, fp, decision, detail);
    }

    void deleteQuietly(String key) {
        try {
            store.delete(key);
        } catch (RuntimeException e) {
            // a stale entry under an exact fingerprint is still a correct value
        }
    }

    static void warnStore(OutputSink sink, String name, String message) {
        String line = message == null ? "" : message.lines().findFirst().orElse("");
        if (line.length() > 160) {
            line = line.substring(0, 157) + "...";
        }
        try {
            sink.stderr(String.format(Locale.ROOT, "java-cached: could not store `%s`: %s%n", name, line));
        } catch (RuntimeException e) {
            // the warning is best effort
        }
    }
}
