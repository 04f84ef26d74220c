package dev.javacached.kernel.engine;

import dev.javacached.kernel.display.Display;
import dev.javacached.kernel.display.Renderers;
import dev.javacached.kernel.log.Log;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import jdk.jshell.JShell;
import jdk.jshell.SourceCodeAnalysis;

/**
 * The {@link Engine} on JShell, executing in this JVM so the cache can reach live objects.
 *
 * <p>This class owns the engine thread and the request lifecycle: one thread ("jshell-engine")
 * owns the JShell instance ({@link JShellSession}): it is created on that thread in the
 * background at construction, and every public method hands its work to it. Snippets
 * themselves run on the short-lived threads {@code LocalExecutionControl} starts, which is
 * what {@link #interrupt()} stops. The work itself is done by the classes it hands it to:
 * {@link CellRun} runs a cell (split by {@link CellSplitter}, classified by
 * {@link SnippetClassifier}, each snippet through the {@link SnippetHook} and evaluated there,
 * its value shown per {@link ResultVisibility} and rendered by {@link ResultRenderer});
 * {@link UserExpression} evaluates a user expression; {@link EditorAssist} answers
 * completion, inspection and is_complete; {@link JShellLiveState} is the cache's view of
 * the live variables; {@link ShellReplacement} carries a broken JShell's state into a fresh one.
 */
public final class JShellEngine implements Engine {

    private final SnippetHook hook;
    private final ResultRenderer renderer;
    /** The current session's execution control (a replaced JShell gets a new one); read by interrupt. */
    private volatile KernelExecutionControl control;
    private final StdStreams streams;
    private final ExecutorService executor;
    /** The JShell; replaced by a fresh one when it stops working ({@link #replace}). */
    private volatile Future<JShellSession> session;
    /** Everything put on JShell's class path so far, in order: a replacement gets the same. */
    private final List<Path> classpath = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Thread engineThread;
    private volatile boolean semicolonHides;

    private final Object runLock = new Object();
    private boolean cellRunning;
    /** Between beginRequest and endRequest: an interrupt then also stops a cell not yet running. */
    private boolean requestOpen;
    private boolean interruptPending;
    private boolean closed;

    // Engine-thread state.
    private final Map<String, Tracebacks.Origin> origins = new HashMap<>();
    private int cellCount;

    /**
     * Sets the rule for a cell ending in an expression written with {@code ;}: hidden when
     * {@code hides} (IPython's rule), else shown (IJava's rule, the default); see
     * {@link ResultVisibility}.
     */
    public void semicolonHidesValue(boolean hides) {
        semicolonHides = hides;
    }

    /** The current rule; see {@link #semicolonHidesValue(boolean)}. */
    public boolean semicolonHidesValue() {
        return semicolonHides;
    }

    /** An engine that runs every snippet ({@link SnippetHook#RUN_ALL}). */
    public JShellEngine() {
        this(builder());
    }

    public JShellEngine(SnippetHook hook) {
        this(builder().hook(hook));
    }

    private JShellEngine(Builder builder) {
        this.hook = builder.hook;
        this.renderer = new ResultRenderer(builder.renderers);
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        this.streams = StdStreams.install();
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "jshell-engine");
            t.setDaemon(true);
            engineThread = t;
            return t;
        });
        this.classpath.addAll(builder.classpath);
        this.session = executor.submit(() -> open(List.copyOf(classpath)));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options for a {@link JShellEngine}. */
    public static final class Builder {
        private SnippetHook hook = SnippetHook.RUN_ALL;
        private Renderers renderers = Renderers.defaults();
        private final List<Path> classpath = new ArrayList<>();

        private Builder() {
        }

        /** Called around every snippet; default {@link SnippetHook#RUN_ALL}. */
        public Builder hook(SnippetHook hook) {
            this.hook = Objects.requireNonNull(hook, "hook");
            return this;
        }

        /** Renders cell results and {@code display(...)} values. */
        public Builder renderers(Renderers renderers) {
            this.renderers = Objects.requireNonNull(renderers, "renderers");
            return this;
        }

        /** Jars or folders visible to compilation and execution from the start. */
        public Builder classpath(Path... entries) {
            classpath.addAll(List.of(entries));
            return this;
        }

        public JShellEngine build() {
            return new JShellEngine(this);
        }
    }

    private JShellSession open(List<Path> classpath) {
        Log.debug("jshell: starting");
        KernelExecutionControl fresh = new KernelExecutionControl(new NotebookLoader());
        control = fresh;
        return JShellSession.open(fresh, classpath);
    }

    /** The current JShell (tests break it on purpose). */
    JShell shellForTests() {
        return onEngineThread(s -> s.shell());
    }

    /** JShell's source analysis (tests check its indexing pause). */
    SourceCodeAnalysis analysisForTests() {
        return onEngineThread(s -> s.analysis());
    }

    /** Makes jars or class folders visible to compilation and execution (for %maven). */
    public void addToClasspath(Path... entries) {
        onEngineThread(s -> {
            for (Path entry : entries) {
                s.shell().addToClasspath(entry.toAbsolutePath().toString());
                classpath.add(entry.toAbsolutePath());
            }
            return null;
        });
    }

    // ------------------------------------------------------------------ execute

    @Override
    public ExecuteOutcome execute(String code, OutputSink sink) {
        Objects.requireNonNull(sink, "sink");
        return onEngineThread(s -> runCell(s, code, sink));
    }

    /**
     * An expression for user_expressions, on the engine thread: not through the hook (nothing
     * stored, restored or advanced), its output dropped, and the temporary variable JShell makes
     * of it ({@code $N}) dropped again. Anything but an expression is refused unrun.
     */
    @Override
    public ExecuteOutcome evaluate(String expression) {
        return onEngineThread(s -> evaluateExpression(s, expression.strip()));
    }

    private ExecuteOutcome evaluateExpression(JShellSession s, String expression) {
        if (!UserExpression.isExpression(s, expression)) {
            return Tracebacks.compileError(expression, 0, "a user expression must be a Java expression");
        }
        synchronized (runLock) {
            cellRunning = true;     // an interrupt stops a user expression as it stops a cell
            control.resetCancel();
        }
        OutputSink previous = streams.swap(OutputSink.discarding("user_expressions cannot read input"));
        try {
            return UserExpression.evaluate(s, expression, renderer);
        } finally {
            streams.swap(previous);
            synchronized (runLock) {
                cellRunning = false;
            }
        }
    }

    @SuppressWarnings("try")
    private ExecuteOutcome runCell(JShellSession s, String code, OutputSink sink) {
        int cell = ++cellCount;
        synchronized (runLock) {
            cellRunning = true;
            control.resetCancel();
            if (interruptPending) {
                control.cancel(); // the interrupt came before this cell of the request ran
            }
        }
        String restored = streams.restoreNulled();
        OutputSink previous = streams.swap(sink);
        if (!restored.isEmpty()) {
            sink.stderr("java-cached: " + restored + " had been set to null; it now goes to the notebook again\n");
        }
        IndexingPause indexing = new IndexingPause(s.analysis());
        boolean paused = indexing.suspend();
        try (Display.Binding ignored = Display.bind(renderer.displayTarget(streams))) {
            ExecuteOutcome outcome;
            Throwable crash = null;
            try {
                outcome = new CellRun(s, code, cell, sink, hook, streams, origins, renderer,
                        () -> semicolonHides, engineThread).run();
            } catch (RuntimeException | Error e) {
                // JShell or javac itself failed (user code's exceptions come back as events)
                Log.error("JShell failed in cell " + cell, e);
                crash = e;
                outcome = new ExecuteOutcome.Failure(ExecuteOutcome.Cause.KERNEL_ERROR, String.valueOf(e.getMessage()),
                        List.of("JShell failed: " + e), Map.of());
            }
            if (outcome instanceof ExecuteOutcome.Failure failure && !control.isCancelled()
                    && (crash != null || Tracebacks.fromJShell(failure))
                    && !new JShellLiveState(s, engineThread).works()) {
                replace(s, crash != null ? crash.toString() : failure.evalue(), sink);
            }
            return outcome;
        } finally {
            if (paused) {
                indexing.resume();
            }
            streams.afterCell(sink, control.snippetGroup());
            streams.swap(previous);
            synchronized (runLock) {
                cellRunning = false;
            }
        }
    }

    // ------------------------------------------------------------------ a JShell that stopped working

    /**
     * Puts a fresh JShell in place of {@code old}, which no longer runs even {@code 1 + 1}: the
     * same class path, the old one's imports, types and methods evaluated again, and its
     * variables declared again holding the same objects where they can still be read.
     */
    private void replace(JShellSession old, String cause, OutputSink sink) {
        Log.warn("jshell: replacing a JShell that stopped working (%s)", cause);
        JShellSession fresh = open(List.copyOf(classpath));
        origins.clear();
        ShellReplacement.Carried carried = ShellReplacement.carry(old.shell(), fresh.shell(), JShellSession.STARTUP,
                old::liveValue, (name, type, value) -> new JShellLiveState(fresh, engineThread).define(name, type, value));
        session = java.util.concurrent.CompletableFuture.completedFuture(fresh);
        try {
            old.shell().close();
        } catch (RuntimeException | Error e) {
            Log.debug("closing the broken JShell failed: %s", e);
        }
        sink.stderr(ShellReplacement.message(cause, carried));
    }

    // ------------------------------------------------------------------ completion, inspection

    @Override
    public Completion complete(String code, int cursor) {
        return onEngineThread(s -> EditorAssist.complete(s, code, cursor));
    }

    @Override
    public Inspection inspect(String code, int cursor, int detailLevel) {
        return onEngineThread(s -> EditorAssist.inspect(s, code, cursor));
    }

    @Override
    public Completeness isComplete(String code) {
        if (!session.isDone()) {
            return QuickCompleteness.guess(code);   // never keep a console waiting on JShell's start
        }
        return onEngineThread(s -> EditorAssist.isComplete(s, code));
    }

    // ------------------------------------------------------------------ interrupt, info, close

    @Override
    public void interrupt() {
        synchronized (runLock) {
            if (cellRunning) {
                control.cancel();
            } else if (requestOpen) {
                interruptPending = true;
            }
        }
    }

    @Override
    public void beginRequest() {
        synchronized (runLock) {
            requestOpen = true;
            interruptPending = false;
        }
    }

    @Override
    public void endRequest() {
        synchronized (runLock) {
            requestOpen = false;
            interruptPending = false;
        }
    }

    @Override
    public EngineInfo info() {
        String version = Runtime.version().toString();
        return new EngineInfo(version, "java-cached: Java " + version + " (JShell), with a persistent value cache");
    }

    @Override
    public void close() {
        synchronized (runLock) {
            if (closed) {
                return;
            }
            closed = true;
            if (cellRunning) {
                control.cancel();
            }
        }
        Future<?> closing = executor.submit(() -> {
            try {
                session.get().shell().close();
            } catch (ExecutionException e) {
                // It never opened: nothing to close.
            }
            return null;
        });
        executor.shutdown();
        try {
            closing.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            executor.shutdownNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ the engine thread

    @FunctionalInterface
    private interface Task<T> {
        T run(JShellSession s) throws Exception;
    }

    private <T> T onEngineThread(Task<T> task) {
        Callable<T> call = () -> task.run(session.get());
        try {
            if (Thread.currentThread() == engineThread) {
                return call.call();
            }
            Future<T> future;
            synchronized (runLock) {
                if (closed) {
                    throw new IllegalStateException("the engine is closed");
                }
                future = executor.submit(call);
            }
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof ExecutionException inner ? inner.getCause() : e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("engine task failed", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the engine", e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("engine task failed", e);
        }
    }
}
