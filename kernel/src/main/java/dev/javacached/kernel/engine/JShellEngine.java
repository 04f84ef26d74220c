package dev.javacached.kernel.engine;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import dev.javacached.kernel.display.Display;
import dev.javacached.kernel.display.DisplayTarget;
import dev.javacached.kernel.display.MimeBundle;
import dev.javacached.kernel.display.Renderers;
import dev.javacached.kernel.log.Log;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;

/**
 * The {@link Engine} on JShell, executing in this JVM so the cache can reach live objects.
 *
 * <p>One thread ("jshell-engine") owns the JShell instance: it is created on that thread in
 * the background at construction, and every public method hands its work to it. Snippets
 * themselves run on the short-lived threads {@code LocalExecutionControl} starts, which is
 * what {@link #interrupt()} stops.
 */
public final class JShellEngine implements Engine {

    /** Startup snippets: a few imports, display(...) / updateDisplay(...) and @Cached in every cell. */
    private static final List<String> STARTUP = List.of(
            "import java.util.*;",
            "import java.util.function.*;",
            "import java.util.stream.*;",
            "import java.io.*;",
            "import java.nio.file.*;",
            "import static " + Display.class.getName() + ".*;",
            "import " + Memo.class.getName() + ".*;");

    /** A result's text/plain is cut here: frontends choke on megabytes of one string. */
    static final int MAX_RESULT_TEXT = 1 << 20;

    private static final Pattern VAR_KEYWORD = Pattern.compile("\\bvar\\b");
    /** How a method or type declaration starts: modifiers, then `class ...` or `Type name(`. */
    private static final Pattern MEMBER_START = Pattern.compile(
            "\\s*(?:@[\\w.$]+\\s*)*(?:(?:public|protected|private|static|final|abstract|sealed|non-sealed|strictfp"
            + "|synchronized|native|default)\\s+)*(?:(?:class|interface|enum|record|@interface)\\s"
            + "|(?:<[^(){};=]*>\\s*)?[\\w$.]+\\s*(?:<[^(){};=]*>)?(?:\\s*\\[\\s*])*\\s+[\\w$]+\\s*\\()");
    private static final Pattern REPL_PREFIX = Pattern.compile("^REPL\\.\\$JShell\\$\\d+\\.");

    private final SnippetHook hook;
    private final Renderers renderers;
    /** The current session's execution control (a replaced JShell gets a new one); read by interrupt. */
    private volatile KernelExecutionControl control;
    private final StdStreams streams;
    private final ExecutorService executor;
    /** The JShell; replaced by a fresh one when it stops working ({@link #replace}). */
    private volatile Future<Session> session;
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

    private record Session(JShell shell, SourceCodeAnalysis analysis, KernelExecutionControl control) {
    }

    /** A piece of the cell holding one snippet: its source (as JShell wants it) and offset. */
    private record Split(String source, int offset, int end, SourceCodeAnalysis.Completeness completeness) {
    }

    /**
     * Whether the cell's last snippet, an expression, shows its value. By default it does,
     * {@code ;} or not, as in IJava ({@code list.size();} shows the size); with
     * {@link #semicolonHidesValue(boolean)} set, a final {@code ;} hides it, as in IPython. A
     * call of {@code display(...)} never shows the display id it returns: the display is the
     * output.
     */
    private boolean showsValue(String cell, Split split, CellSnippet snippet) {
        if (isDisplayCall(snippet.source())) {
            return false;
        }
        return !semicolonHides || !endsWithSemicolon(cell, split);
    }

    /** {@code display(...)} or {@code Display.display(...)} as a whole statement. */
    private static boolean isDisplayCall(String source) {
        if (!source.contains("display")) {
            return false;
        }
        JavacParse parser = JavacParse.forThisThread();
        if (!parser.available()) {
            return false;
        }
        Optional<CompilationUnitTree> body = parser.parse(JavacParse.asStatements(source));
        List<? extends StatementTree> statements = body.map(JShellEngine::wrapperBody).orElse(List.of());
        if (statements.size() != 1 || !(statements.get(0) instanceof ExpressionStatementTree e)
                || !(e.getExpression() instanceof MethodInvocationTree call)) {
            return false;
        }
        Tree callee = call.getMethodSelect();
        return callee instanceof IdentifierTree id && id.getName().contentEquals("display")
                || callee instanceof MemberSelectTree m && m.getIdentifier().contentEquals("display")
                        && m.getExpression().toString().endsWith("Display");
    }

    /**
     * Sets the rule for a cell ending in an expression written with {@code ;}: hidden when
     * {@code hides} (IPython's rule), else shown (IJava's rule, the default).
     */
    public void semicolonHidesValue(boolean hides) {
        semicolonHides = hides;
    }

    /** The current rule; see {@link #semicolonHidesValue(boolean)}. */
    public boolean semicolonHidesValue() {
        return semicolonHides;
    }

    /** Whether the user ended this snippet with {@code ;} (comments after it aside). */
    private static boolean endsWithSemicolon(String cell, Split split) {
        String written = cell.substring(split.offset(), Math.min(cell.length(), split.end()));
        return lastSignificantChar(written) == ';';
    }

    /**
     * The last character outside comments and whitespace, per {@link JavaLexer}; a literal
     * counts as its opening quote, so a {@code ;} inside one is not the end of the snippet.
     */
    static char lastSignificantChar(String src) {
        JavaLexer.Token last = JavaLexer.last(src);
        if (last == null) {
            return 0;
        }
        return src.charAt(last.kind().isLiteral() ? last.start() : last.end() - 1);
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
        this.renderers = builder.renderers;
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

    private Session open(List<Path> classpath) {
        Log.debug("jshell: starting");
        KernelExecutionControl fresh = new KernelExecutionControl(new NotebookLoader());
        control = fresh;
        Path api = SnippetApi.classpathEntry();
        fresh.compileOnly(api); // at run time snippets get the kernel's own API classes
        JShell shell = compilingAgainst(api, () -> JShell.builder()
                .executionEngine(new KernelExecutionControl.Provider(fresh), Map.of())
                .compilerOptions(JvmCompilerOptions.ofThisJvm().toArray(String[]::new))
                .build());
        shell.addToClasspath(api.toString()); // javac's -classpath from now on: "api:api", never the jar
        for (Path entry : classpath) {
            shell.addToClasspath(entry.toString());
        }
        for (String source : STARTUP) {
            for (SnippetEvent event : shell.eval(source)) {
                if (event.status() != Snippet.Status.VALID) {
                    throw new IllegalStateException("startup snippet failed: " + source);
                }
            }
        }
        // Warm the compile-load-invoke path while the kernel is still connecting: an empty
        // block declares nothing the user could see.
        shell.eval("{ }");
        Log.debug("jshell: ready");
        return new Session(shell, shell.sourceCodeAnalysis(), fresh);
    }

    /** The current JShell (tests break it on purpose). */
    JShell shellForTests() {
        return onEngineThread(s -> s.shell);
    }

    /**
     * Builds JShell with {@code api} as the start of its compile class path. JShell starts that
     * class path from the {@code java.class.path} property, read once as it is built: the
     * kernel jar, whose shaded libraries notebooks would compile against (and JShell would index
     * for completion). The property is the API folder only while JShell is built.
     */
    private static JShell compilingAgainst(Path api, java.util.function.Supplier<JShell> build) {
        String classPath = System.getProperty("java.class.path");
        System.setProperty("java.class.path", api.toString());
        try {
            return build.get();
        } finally {
            if (classPath == null) {
                System.clearProperty("java.class.path");
            } else {
                System.setProperty("java.class.path", classPath);
            }
        }
    }

    /** JShell's source analysis (tests check its indexing pause). */
    SourceCodeAnalysis analysisForTests() {
        return onEngineThread(s -> s.analysis);
    }

    /** Makes jars or class folders visible to compilation and execution (for %maven). */
    public void addToClasspath(Path... entries) {
        onEngineThread(s -> {
            for (Path entry : entries) {
                s.shell.addToClasspath(entry.toAbsolutePath().toString());
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

    private ExecuteOutcome evaluateExpression(Session s, String expression) {
        CellSnippet parsed = classifyByParse(s, expression, 0);
        if (parsed == null || parsed.kind() != SnippetKind.EXPRESSION) {
            return Tracebacks.compileError(expression, 0, "a user expression must be a Java expression");
        }
        synchronized (runLock) {
            cellRunning = true;     // an interrupt stops a user expression as it stops a cell
            control.resetCancel();
        }
        OutputSink previous = streams.swap(OutputSink.discarding("user_expressions cannot read input"));
        try {
            List<SnippetEvent> events = s.shell.eval(expression);
            if (control.isCancelled()) {
                return Tracebacks.interrupted();
            }
            for (SnippetEvent event : events) {
                if (event.causeSnippet() != null) {
                    continue;
                }
                Snippet sn = event.snippet();
                try {
                    if (event.status() == Snippet.Status.REJECTED) {
                        Diag diag = s.shell.diagnostics(sn).filter(Diag::isError).findFirst().orElse(null);
                        return diag == null ? Tracebacks.compileError(expression, 0, "the expression could not be compiled")
                                : Tracebacks.compileError(expression, (int) Math.max(0, diag.getPosition()),
                                        diag.getMessage(Locale.ROOT));
                    }
                    JShellException exception = event.exception();
                    if (exception != null) {
                        String name = exception instanceof EvalException e ? e.getExceptionClassName()
                                : exception.getClass().getName();
                        return Tracebacks.exception(exception, name,
                                exception.getMessage() == null ? "" : exception.getMessage(), Map.of(), 0);
                    }
                    return new ExecuteOutcome.Success(Optional.of(render(s, sn, event.value())), Map.of());
                } finally {
                    if (sn instanceof VarSnippet v && sn.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
                        s.shell.drop(v);
                    }
                }
            }
            return Tracebacks.compileError(expression, 0, "the expression could not be compiled");
        } catch (IllegalStateException e) {
            return new ExecuteOutcome.Failure(ExecuteOutcome.Cause.KERNEL_ERROR, String.valueOf(e.getMessage()),
                    List.of("JShell failed: " + e), Map.of());
        } finally {
            streams.swap(previous);
            synchronized (runLock) {
                cellRunning = false;
            }
        }
    }

    @SuppressWarnings("try")
    private ExecuteOutcome runCell(Session s, String code, OutputSink sink) {
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
        IndexingPause indexing = new IndexingPause(s.analysis);
        boolean paused = indexing.suspend();
        try (Display.Binding ignored = Display.bind(new CellDisplay())) {
            ExecuteOutcome outcome;
            Throwable crash = null;
            try {
                outcome = new CellRun(s, code, cell, sink).run();
            } catch (RuntimeException | Error e) {
                // JShell or javac itself failed (user code's exceptions come back as events)
                Log.error("JShell failed in cell " + cell, e);
                crash = e;
                outcome = new ExecuteOutcome.Failure(ExecuteOutcome.Cause.KERNEL_ERROR, String.valueOf(e.getMessage()),
                        List.of("JShell failed: " + e), Map.of());
            }
            if (outcome instanceof ExecuteOutcome.Failure failure && !control.isCancelled()
                    && (crash != null || Tracebacks.fromJShell(failure)) && !works(s)) {
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

    /** display(...) from a running cell: rendered, then sent to the sink output goes to now. */
    private final class CellDisplay implements DisplayTarget {
        @Override
        public MimeBundle render(Object value, List<String> mimeTypes) {
            return renderers.render(value, String.valueOf(value), mimeTypes);
        }

        @Override
        public void show(MimeBundle bundle, String displayId, boolean update) {
            if (!streams.withSink(target -> target.display(bundle, displayId, update))) {
                throw new IllegalStateException("display is only available while a cell runs");
            }
        }

        @Override
        public void clear(boolean wait) {
            if (!streams.withSink(target -> target.clearOutput(wait))) {
                throw new IllegalStateException("clearOutput is only available while a cell runs");
            }
        }
    }

    /** One cell's run: its snippets in order, through the hook. */
    private final class CellRun {
        private final Session s;
        private final String code;
        private final int cell;
        private final OutputSink sink;
        private final Tracebacks.CellText text;
        private final List<Map.Entry<Snippet, Integer>> unresolved = new ArrayList<>();

        CellRun(Session s, String code, int cell, OutputSink sink) {
            this.s = s;
            this.code = code;
            this.cell = cell;
            this.sink = sink;
            this.text = new Tracebacks.CellText(code);
        }

        ExecuteOutcome run() {
            List<Split> splits = split(s.analysis, code);
            Optional<MimeBundle> result = Optional.empty();
            LiveState state = new Live(s);
            for (int i = 0; i < splits.size(); i++) {
                if (control.isCancelled()) {
                    return Tracebacks.interrupted();
                }
                Split split = splits.get(i);
                long t0 = System.nanoTime();
                CellSnippet snippet = classify(s, split);
                long t1 = System.nanoTime();
                boolean last = i == splits.size() - 1;
                SnippetResult outcome;
                try {
                    outcome = hook.around(snippet, state, sink, SnippetHook.Proceed.of(snippet, this::proceed));
                    if (Log.debugEnabled()) {
                        Log.debug("snippet %s %s: classify %.1f ms, run or restore %.1f ms",
                                snippet.kind(), snippet.name(), (t1 - t0) / 1e6, (System.nanoTime() - t1) / 1e6);
                    }
                } catch (RuntimeException e) {
                    return new ExecuteOutcome.Failure(ExecuteOutcome.Cause.KERNEL_ERROR, String.valueOf(e),
                            List.of("Internal error around snippet at cell line " + text.line(snippet.offset())
                                    + ": " + e), Map.of());
                }
                if (outcome instanceof SnippetResult.Failed failed) {
                    return failed.failure();
                }
                if (last && snippet.kind() == SnippetKind.EXPRESSION && showsValue(code, split, snippet)) {
                    result = ((SnippetResult.Ok) outcome).value();
                }
            }
            for (Map.Entry<Snippet, Integer> pending : unresolved) {
                Snippet declaration = pending.getKey();
                if (s.shell.status(declaration) != Snippet.Status.VALID
                        && s.shell.status(declaration).isActive()) {
                    return Tracebacks.compileError(code, pending.getValue(), unresolvedMessage(declaration));
                }
            }
            return new ExecuteOutcome.Success(result, Map.of());
        }

        private SnippetResult proceed(CellSnippet snippet, OutputSink target) {
            OutputSink outer = streams.swap(target);
            try {
                return evaluate(snippet);
            } finally {
                streams.swap(outer);
            }
        }

        private SnippetResult evaluate(CellSnippet snippet) {
            Optional<ClassFileLimits.Violation> tooBig = ClassFileLimits.check(snippet.source());
            if (tooBig.isPresent()) {
                // JShell would not survive it: refused like a compile error, and nothing ran
                return failed(Tracebacks.compileError(code, snippet.offset() + tooBig.get().position(),
                        tooBig.get().message()));
            }
            s.control.takeRunNanos();
            List<SnippetEvent> events;
            try {
                events = s.shell.eval(snippet.source());
            } catch (IllegalStateException e) {
                return failed(new ExecuteOutcome.Failure(ExecuteOutcome.Cause.KERNEL_ERROR, String.valueOf(e.getMessage()),
                        List.of("JShell failed: " + e), Map.of()));
            }
            // the time the snippet ran, not JShell's compile (the first cell of a session compiles
            // for 100 ms and more: a trivial declaration there was stored as if it were heavy)
            long nanos = s.control.takeRunNanos();
            int firstLine = text.line(snippet.offset());
            for (SnippetEvent event : events) {
                if (event.causeSnippet() == null) {
                    origins.put(event.snippet().id(), new Tracebacks.Origin(cell, firstLine));
                }
            }
            if (control.isCancelled()) {
                return failed(Tracebacks.interrupted());
            }
            Optional<MimeBundle> value = Optional.empty();
            String typeName = "";
            for (SnippetEvent event : events) {
                if (event.causeSnippet() != null) {
                    continue;
                }
                Snippet sn = event.snippet();
                switch (event.status()) {
                    case REJECTED -> {
                        return failed(rejected(sn, snippet.offset()));
                    }
                    case RECOVERABLE_DEFINED, RECOVERABLE_NOT_DEFINED ->
                            unresolved.add(Map.entry(sn, snippet.offset()));
                    default -> {
                    }
                }
                JShellException exception = event.exception();
                if (exception != null) {
                    return failed(exceptionFailure(exception));
                }
                if (sn instanceof VarSnippet v) {
                    typeName = v.typeName();
                } else if (sn instanceof ExpressionSnippet e) {
                    typeName = e.typeName();
                }
                boolean hasValue = sn instanceof ExpressionSnippet
                        || sn instanceof VarSnippet && sn.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
                if (snippet.kind() == SnippetKind.EXPRESSION && hasValue) {
                    value = Optional.of(render(s, sn, event.value()));
                }
            }
            return new SnippetResult.Ok(value, typeName, nanos);
        }

        private ExecuteOutcome.Failure rejected(Snippet sn, int offset) {
            List<Diag> errors = s.shell.diagnostics(sn).filter(Diag::isError).collect(Collectors.toList());
            if (errors.isEmpty()) {
                return Tracebacks.compileError(code, offset, "the snippet could not be compiled");
            }
            Diag diag = errors.get(0);
            long position = diag.getPosition() >= 0 ? diag.getPosition() : diag.getStartPosition();
            return Tracebacks.compileError(code, offset + (int) Math.max(0, position), diag.getMessage(Locale.ROOT));
        }

        private ExecuteOutcome.Failure exceptionFailure(JShellException exception) {
            if (exception instanceof EvalException e) {
                String message = e.getMessage() == null ? "" : e.getMessage();
                return Tracebacks.exception(e, e.getExceptionClassName(), message, origins, cell);
            }
            if (exception instanceof UnresolvedReferenceException e) {
                return Tracebacks.exception(e, "UnresolvedReferenceException", unresolvedMessage(e.getSnippet()),
                        origins, cell);
            }
            return Tracebacks.exception(exception, exception.getClass().getName(),
                    String.valueOf(exception.getMessage()), origins, cell);
        }

        private String unresolvedMessage(Snippet declaration) {
            String missing = declaration instanceof jdk.jshell.DeclarationSnippet d
                    ? s.shell.unresolvedDependencies(d).collect(Collectors.joining(", "))
                    : "";
            String name = declaration instanceof jdk.jshell.PersistentSnippet p ? p.name() : declaration.source();
            return "cannot find symbol: " + (missing.isEmpty() ? "?" : missing)
                    + " (" + name + " cannot be used until it is declared)";
        }

        private SnippetResult failed(ExecuteOutcome.Failure failure) {
            return new SnippetResult.Failed(failure);
        }
    }

    private MimeBundle render(Session s, Snippet sn, String valueString) {
        String plain = valueString == null ? "null" : valueString;
        if (plain.length() > MAX_RESULT_TEXT) {
            plain = plain.substring(0, MAX_RESULT_TEXT) + "... (" + (plain.length() - MAX_RESULT_TEXT)
                    + " more characters)";
        }
        Optional<VarSnippet> variable = sn instanceof VarSnippet v ? Optional.of(v)
                : sn instanceof ExpressionSnippet e ? findVariable(s, e.name()) : Optional.empty();
        if (variable.isEmpty()) {
            return MimeBundle.text(plain);
        }
        try {
            return renderers.render(liveValue(s, variable.get()), plain);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return MimeBundle.text(plain);
        }
    }

    private Object liveValue(Session s, VarSnippet variable) throws ReflectiveOperationException {
        return s.control.liveValue(() -> s.shell.varValue(variable));
    }

    private static Optional<VarSnippet> findVariable(Session s, String name) {
        return s.shell.variables()
                .filter(v -> v.name().equals(name) && s.shell.status(v) == Snippet.Status.VALID)
                .reduce((a, b) -> b);
    }

    // ------------------------------------------------------------------ a JShell that stopped working

    /** Whether JShell still compiles and runs a snippet: {@code 1 + 1} comes back as 2. */
    private boolean works(Session s) {
        try {
            return new Live(s).give("1 + 1").filter(Integer.valueOf(2)::equals).isPresent();
        } catch (RuntimeException | Error e) {
            return false;
        }
    }

    /**
     * Puts a fresh JShell in place of {@code old}, which no longer runs even {@code 1 + 1}: the
     * same class path, the old one's imports, types and methods evaluated again, and its
     * variables declared again holding the same objects where they can still be read.
     */
    private void replace(Session old, String cause, OutputSink sink) {
        Log.warn("jshell: replacing a JShell that stopped working (%s)", cause);
        Session fresh = open(List.copyOf(classpath));
        origins.clear();
        ShellReplacement.Carried carried = ShellReplacement.carry(old.shell, fresh.shell, STARTUP,
                v -> liveValue(old, v), (name, type, value) -> new Live(fresh).define(name, type, value));
        session = java.util.concurrent.CompletableFuture.completedFuture(fresh);
        try {
            old.shell.close();
        } catch (RuntimeException | Error e) {
            Log.debug("closing the broken JShell failed: %s", e);
        }
        sink.stderr(ShellReplacement.message(cause, carried));
    }

    // ------------------------------------------------------------------ splitting and classifying

    /** Splits a cell into snippets (syntax only), keeping each one's offset. */
    private static List<Split> split(SourceCodeAnalysis analysis, String code) {
        List<Split> splits = new ArrayList<>();
        int offset = 0;
        String rest = code;
        while (!rest.isBlank()) {
            int lead = 0;
            while (Character.isWhitespace(rest.charAt(lead))) {
                lead++;
            }
            // Leading whitespace shifts JShell's line numbers inconsistently: start at the code.
            offset += lead;
            rest = rest.substring(lead);
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            SourceCodeAnalysis.Completeness c = info.completeness();
            if (c == SourceCodeAnalysis.Completeness.EMPTY) {
                break;
            }
            if (!c.isComplete() && c != SourceCodeAnalysis.Completeness.UNKNOWN || info.source() == null) {
                // An unfinished tail: compile it as is so JShell reports what is missing.
                splits.add(new Split(rest, offset, code.length(), c));
                break;
            }
            int consumed = rest.length() - info.remaining().length();
            if (consumed <= 0) {
                splits.add(new Split(rest, offset, code.length(), c));
                break;
            }
            splits.add(new Split(info.source(), offset, offset + consumed, c));
            offset += consumed;
            rest = info.remaining();
        }
        return splits;
    }

    private CellSnippet classify(Session s, Split split) {
        String source = split.source();
        CellSnippet parsed = classifyByParse(s, source, split.offset());
        if (parsed != null) {
            return parsed;
        }
        List<Snippet> snippets;
        try {
            snippets = s.analysis.sourceToSnippets(source);
        } catch (RuntimeException e) {
            snippets = List.of();
        }
        if (snippets.size() != 1) {
            SnippetKind kind = snippets.isEmpty() ? SnippetKind.ERRONEOUS : SnippetKind.STATEMENT;
            return new CellSnippet(source, split.offset(), kind, "", "");
        }
        Snippet sn = snippets.get(0);
        return switch (sn.kind()) {
            case IMPORT -> new CellSnippet(source, split.offset(), SnippetKind.IMPORT, "", "");
            case VAR -> {
                VarSnippet v = (VarSnippet) sn;
                yield switch (sn.subKind()) {
                    case TEMP_VAR_EXPRESSION_SUBKIND ->
                            new CellSnippet(source, split.offset(), SnippetKind.EXPRESSION, "", "");
                    case VAR_DECLARATION_WITH_INITIALIZER_SUBKIND -> new CellSnippet(source, split.offset(),
                            SnippetKind.VAR_WITH_INITIALIZER, v.name(), writtenType(source, v.name(), v.typeName()));
                    default -> new CellSnippet(source, split.offset(), SnippetKind.VAR_WITHOUT_INITIALIZER,
                            v.name(), writtenType(source, v.name(), v.typeName()));
                };
            }
            case EXPRESSION -> {
                ExpressionSnippet e = (ExpressionSnippet) sn;
                yield sn.subKind() == Snippet.SubKind.ASSIGNMENT_SUBKIND
                        ? new CellSnippet(source, split.offset(), SnippetKind.ASSIGNMENT, e.name(), e.typeName())
                        : new CellSnippet(source, split.offset(), SnippetKind.EXPRESSION, "", "");
            }
            case STATEMENT -> new CellSnippet(source, split.offset(), SnippetKind.STATEMENT, "", "");
            case METHOD -> new CellSnippet(source, split.offset(), SnippetKind.METHOD,
                    ((jdk.jshell.MethodSnippet) sn).name(), "");
            case TYPE_DECL -> new CellSnippet(source, split.offset(), SnippetKind.TYPE_DECLARATION,
                    ((jdk.jshell.TypeDeclSnippet) sn).name(), "");
            case ERRONEOUS -> new CellSnippet(source, split.offset(), SnippetKind.ERRONEOUS, "", "");
        };
    }

    /**
     * The snippet's kind from javac's parser alone, or null when the parse does not settle it
     * (imports, syntax errors, anything unusual: {@link SourceCodeAnalysis#sourceToSnippets}
     * decides those). JShell's own classification attributes every expression statement to
     * learn whether it is void, which costs as much as compiling it (20-70 ms); here an
     * expression statement is an {@link SnippetKind#EXPRESSION} either way, and whether it
     * has a value to show is read from the evaluation.
     */
    private CellSnippet classifyByParse(Session s, String source, int offset) {
        JavacParse parser = JavacParse.forThisThread();
        if (!parser.available() || source.stripLeading().startsWith("import")) {
            return null;
        }
        // A failed parse costs as much as a good one: what starts like a method or type
        // declaration is parsed as a member first.
        boolean memberFirst = MEMBER_START.matcher(source).lookingAt();
        if (!memberFirst) {
            Optional<CompilationUnitTree> body = parser.parse(JavacParse.asStatements(source));
            if (body.isPresent()) {
                return fromStatements(s, source, offset, body.get());
            }
        }
        Optional<CompilationUnitTree> members = parser.parse(JavacParse.asMembers(source));
        if (members.isPresent()) {
            List<? extends Tree> declared = wrapperMembers(members.get());
            if (declared.size() != 1) {
                return null;
            }
            Tree member = declared.get(0);
            if (member instanceof MethodTree m) {
                return new CellSnippet(source, offset, SnippetKind.METHOD, m.getName().toString(), "");
            }
            if (member instanceof ClassTree c) {
                return new CellSnippet(source, offset, SnippetKind.TYPE_DECLARATION, c.getSimpleName().toString(), "");
            }
            if (member instanceof VariableTree v) {
                return variable(source, offset, v);
            }
            return null;
        }
        if (memberFirst) {
            Optional<CompilationUnitTree> body = parser.parse(JavacParse.asStatements(source));
            if (body.isPresent()) {
                return fromStatements(s, source, offset, body.get());
            }
        }
        return parser.parse(JavacParse.asExpression(source)).isPresent()
                ? new CellSnippet(source, offset, SnippetKind.EXPRESSION, "", "") : null;
    }

    private CellSnippet fromStatements(Session s, String source, int offset, CompilationUnitTree body) {
        List<? extends StatementTree> statements = wrapperBody(body);
        if (statements.size() != 1) {
            // `int a = 1, b = 2;` declares two variables: one snippet to JShell, never cached
            boolean declarators = !statements.isEmpty()
                    && statements.stream().allMatch(VariableTree.class::isInstance);
            return declarators ? new CellSnippet(source, offset, SnippetKind.STATEMENT, "", "") : null;
        }
        StatementTree statement = statements.get(0);
        if (statement instanceof VariableTree v) {
            return variable(source, offset, v);
        }
        if (statement instanceof ClassTree c) {
            return new CellSnippet(source, offset, SnippetKind.TYPE_DECLARATION, c.getSimpleName().toString(), "");
        }
        if (statement instanceof ExpressionStatementTree e) {
            if (e.getExpression() instanceof AssignmentTree a && a.getVariable() instanceof IdentifierTree id) {
                String name = id.getName().toString();
                Optional<VarSnippet> variable = findVariable(s, name);
                if (variable.isPresent()) {
                    return new CellSnippet(source, offset, SnippetKind.ASSIGNMENT, name, variable.get().typeName());
                }
            }
            return new CellSnippet(source, offset, SnippetKind.EXPRESSION, "", "");
        }
        return new CellSnippet(source, offset, SnippetKind.STATEMENT, "", "");
    }

    private static CellSnippet variable(String source, int offset, VariableTree v) {
        String name = v.getName().toString();
        String type = writtenType(source, name, v.getType() == null ? "var" : v.getType().toString());
        return new CellSnippet(source, offset, v.getInitializer() != null ? SnippetKind.VAR_WITH_INITIALIZER
                : SnippetKind.VAR_WITHOUT_INITIALIZER, name, type);
    }

    private static List<? extends Tree> wrapperMembers(CompilationUnitTree unit) {
        return unit.getTypeDecls().size() == 1 && unit.getTypeDecls().get(0) instanceof ClassTree c
                ? c.getMembers() : List.of();
    }

    /** The wrapper method's statements, without empty ones (the wrapper adds a `;`). */
    private static List<? extends StatementTree> wrapperBody(CompilationUnitTree unit) {
        List<? extends Tree> members = wrapperMembers(unit);
        return members.size() == 1 && members.get(0) instanceof MethodTree m && m.getBody() != null
                ? m.getBody().getStatements().stream().filter(t -> t.getKind() != Tree.Kind.EMPTY_STATEMENT).toList()
                : List.of();
    }

    /** "var" when the declaration infers its type, else {@code declared}. */
    private static String writtenType(String source, String name, String declared) {
        java.util.regex.Matcher at = Pattern.compile("(?<![\\w$])" + Pattern.quote(name) + "(?![\\w$])")
                .matcher(source);
        String before = at.find() ? source.substring(0, at.start()) : source;
        return VAR_KEYWORD.matcher(before).find() ? "var" : declared;
    }

    // ------------------------------------------------------------------ live state

    /** {@link LiveState} on the engine thread, inside a cell. */
    private final class Live implements LiveState {
        private final Session s;

        Live(Session s) {
            this.s = s;
        }

        @Override
        public Optional<Object> value(String name) {
            Optional<VarSnippet> variable = findVariable(s, name);
            if (variable.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.ofNullable(liveValue(s, variable.get()));
            } catch (ReflectiveOperationException e) {
                return Optional.empty();
            }
        }

        @Override
        public Optional<String> typeName(String name) {
            return findVariable(s, name).map(VarSnippet::typeName);
        }

        @Override
        public void define(String name, String typeName, Object value) throws DefineException {
            String type = typeName == null || typeName.isBlank() || typeName.equals("var")
                    ? inferredType(value) : typeName;
            evalHandoff(value, id -> type + " " + name + " = (" + type + ") " + take(id) + ";");
        }

        @Override
        public void defineLater(String name, String typeName, java.util.concurrent.Callable<Object> value)
                throws DefineException {
            if (typeName == null || typeName.isBlank() || typeName.equals("var")) {
                throw new DefineException("a value still being read needs a written type, not `" + typeName + "`");
            }
            define(name, typeName, new Handoff.Later(value)); // take() waits for the value
        }

        @Override
        public void assign(String name, Object value) throws DefineException {
            VarSnippet variable = findVariable(s, name)
                    .orElseThrow(() -> new DefineException("no variable " + name));
            String type = variable.typeName();
            evalHandoff(value, id -> name + " = (" + type + ") " + take(id) + ";");
        }

        @Override
        public Optional<Class<?>> userClass(String simpleName) {
            boolean declared = s.shell.types()
                    .anyMatch(t -> t.name().equals(simpleName) && s.shell.status(t).isActive());
            if (!declared) {
                return Optional.empty();
            }
            // the class JShell last loaded for it, without an evaluation (~60 ms on a restore)
            Optional<Class<?>> loaded = control.loadedType(simpleName);
            if (loaded.isPresent()) {
                return loaded;
            }
            return give(simpleName + ".class").filter(Class.class::isInstance).map(c -> (Class<?>) c);
        }

        @Override
        public <T> T stoppable(java.util.concurrent.Callable<T> step) throws Exception {
            return s.control.runStoppable(step);
        }

        @Override
        public ClassLoader classLoader() {
            return s.control.notebookLoader();
        }

        /** Evaluates {@code expression} (which must run no user code) and returns its value. */
        private Optional<Object> give(String expression) {
            if (Thread.currentThread() != engineThread) {
                // a stoppable step (a value's own code) runs on a snippet thread: an evaluation
                // there would be a second invocation inside the first, after which JShell's stop
                // no longer reaches the step; and JShell belongs to the engine thread
                return Optional.empty();
            }
            String id = "give-" + UUID.randomUUID();
            for (SnippetEvent event : s.shell.eval(Handoff.class.getName() + ".give(\"" + id + "\", " + expression + ");")) {
                if (event.causeSnippet() == null && event.snippet() != null) {
                    s.shell.drop(event.snippet());
                }
            }
            return Handoff.collect(id);
        }

        private String take(String id) {
            return Handoff.class.getName() + ".take(\"" + id + "\")";
        }

        private String inferredType(Object value) throws DefineException {
            if (value == null || value.getClass().getCanonicalName() == null) {
                throw new DefineException("cannot infer a type to declare for " + value);
            }
            return REPL_PREFIX.matcher(value.getClass().getCanonicalName()).replaceFirst("");
        }

        private void evalHandoff(Object value, java.util.function.Function<String, String> source)
                throws DefineException {
            String id = Handoff.put(value);
            try {
                String code = source.apply(id);
                for (SnippetEvent event : s.shell.eval(code)) {
                    if (event.causeSnippet() != null) {
                        continue;
                    }
                    if (event.status() == Snippet.Status.REJECTED) {
                        String why = s.shell.diagnostics(event.snippet()).filter(Diag::isError)
                                .map(d -> d.getMessage(Locale.ROOT)).collect(Collectors.joining("; "));
                        throw new DefineException("cannot restore with `" + code + "`: " + why);
                    }
                    if (event.status() != Snippet.Status.VALID) {
                        throw new DefineException("cannot restore with `" + code + "`: " + event.status());
                    }
                    if (event.exception() != null) {
                        JShellException e = event.exception();
                        String name = e instanceof EvalException ev ? ev.getExceptionClassName() : e.getClass().getName();
                        throw new DefineException("cannot restore with `" + code + "`: " + name + ": " + e.getMessage());
                    }
                }
            } finally {
                Handoff.discard(id);
            }
        }
    }

    // ------------------------------------------------------------------ completion, inspection

    @Override
    public Completion complete(String code, int cursor) {
        return onEngineThread(s -> {
            Split at = splitAt(s, code, cursor);
            String input = code.substring(at.offset(), at.end());
            int[] anchor = new int[1];
            List<SourceCodeAnalysis.Suggestion> suggestions =
                    s.analysis.completionSuggestions(input, cursor - at.offset(), anchor);
            Map<String, Boolean> matches = new LinkedHashMap<>();
            for (SourceCodeAnalysis.Suggestion suggestion : suggestions) {
                matches.merge(suggestion.continuation(), suggestion.matchesType(), Boolean::logicalOr);
            }
            List<String> sorted = matches.entrySet().stream()
                    .sorted(Comparator.comparing((Map.Entry<String, Boolean> e) -> !e.getValue())
                            .thenComparing(Map.Entry::getKey, String.CASE_INSENSITIVE_ORDER))
                    .map(Map.Entry::getKey)
                    .toList();
            int start = suggestions.isEmpty() ? cursor : at.offset() + anchor[0];
            return new Completion(sorted, start, cursor);
        });
    }

    @Override
    public Inspection inspect(String code, int cursor, int detailLevel) {
        return onEngineThread(s -> {
            Split at = splitAt(s, code, cursor);
            String input = code.substring(at.offset(), at.end());
            int rel = cursor - at.offset();
            List<SourceCodeAnalysis.Documentation> docs = s.analysis.documentation(input, rel, true);
            if (docs.isEmpty()) {
                // Jupyter sends the cursor on a name; JShell documents a call being typed: name(|
                int end = rel;
                while (end < input.length() && Character.isJavaIdentifierPart(input.charAt(end))) {
                    end++;
                }
                String call = input.substring(0, end) + "(";
                docs = s.analysis.documentation(call, call.length(), true);
            }
            if (docs.isEmpty()) {
                return Inspection.none();
            }
            String doc = docs.stream()
                    .map(d -> d.javadoc() == null || d.javadoc().isBlank()
                            ? d.signature() : d.signature() + "\n\n" + d.javadoc())
                    .distinct()
                    .collect(Collectors.joining("\n\n"));
            return new Inspection(Optional.of(MimeBundle.text(doc)));
        });
    }

    /** The piece of the cell holding {@code cursor} (the last piece when past all of them). */
    private static Split splitAt(Session s, String code, int cursor) {
        Split found = new Split(code, 0, code.length(), SourceCodeAnalysis.Completeness.EMPTY);
        for (Split split : split(s.analysis, code)) {
            if (split.offset() <= cursor) {
                found = split;
            }
        }
        if (cursor > found.end()) {
            found = new Split(code.substring(found.end(), cursor), found.end(), cursor,
                    SourceCodeAnalysis.Completeness.EMPTY);
        }
        return found;
    }

    @Override
    public Completeness isComplete(String code) {
        if (!session.isDone()) {
            return QuickCompleteness.guess(code);   // never keep a console waiting on JShell's start
        }
        return onEngineThread(s -> {
            String rest = code;
            while (!rest.isBlank()) {
                SourceCodeAnalysis.CompletionInfo info = s.analysis.analyzeCompletion(rest);
                switch (info.completeness()) {
                    case EMPTY:
                        return Completeness.of(Completeness.Status.COMPLETE);
                    case UNKNOWN:
                        return Completeness.of(Completeness.Status.INVALID);
                    case DEFINITELY_INCOMPLETE:
                    case CONSIDERED_INCOMPLETE:
                        return new Completeness(Completeness.Status.INCOMPLETE, QuickCompleteness.indent(rest));
                    default:
                        if (info.remaining().length() >= rest.length()) {
                            return Completeness.of(Completeness.Status.UNKNOWN);
                        }
                        rest = info.remaining();
                }
            }
            return Completeness.of(Completeness.Status.COMPLETE);
        });
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
                session.get().shell.close();
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
        T run(Session s) throws Exception;
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
