package dev.javacached.kernel.engine;

import dev.javacached.kernel.display.MimeBundle;
import dev.javacached.kernel.log.Log;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;

/**
 * One cell's run, on the engine thread: its snippets in order ({@link CellSplitter},
 * {@link SnippetClassifier}), each through the {@link SnippetHook}, which either restores it or
 * lets it be evaluated here ({@code jshell.eval}); a snippet's events become a
 * {@link SnippetResult}, and the cell's an {@link ExecuteOutcome} (the first failure, or the
 * last expression's value when {@link ResultVisibility} shows it).
 */
final class CellRun {
    private final JShellSession s;
    private final String code;
    private final int cell;
    private final OutputSink sink;
    private final SnippetHook hook;
    private final StdStreams streams;
    /** Where each snippet id was written (engine-thread state kept across cells), for tracebacks. */
    private final Map<String, Tracebacks.Origin> origins;
    private final ResultRenderer renderer;
    private final BooleanSupplier semicolonHides;
    private final Thread engineThread;
    private final Tracebacks.CellText text;
    private final List<Map.Entry<Snippet, Integer>> unresolved = new ArrayList<>();

    CellRun(JShellSession s, String code, int cell, OutputSink sink, SnippetHook hook, StdStreams streams,
            Map<String, Tracebacks.Origin> origins, ResultRenderer renderer, BooleanSupplier semicolonHides,
            Thread engineThread) {
        this.s = s;
        this.code = code;
        this.cell = cell;
        this.sink = sink;
        this.hook = hook;
        this.streams = streams;
        this.origins = origins;
        this.renderer = renderer;
        this.semicolonHides = semicolonHides;
        this.engineThread = engineThread;
        this.text = new Tracebacks.CellText(code);
    }

    ExecuteOutcome run() {
        List<CellSplitter.Split> splits = CellSplitter.split(s.analysis(), code);
        Optional<MimeBundle> result = Optional.empty();
        LiveState state = new JShellLiveState(s, engineThread);
        for (int i = 0; i < splits.size(); i++) {
            if (s.control().isCancelled()) {
                return Tracebacks.interrupted();
            }
            CellSplitter.Split split = splits.get(i);
            long t0 = System.nanoTime();
            CellSnippet snippet = SnippetClassifier.classify(s, split);
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
            if (last && snippet.kind() == SnippetKind.EXPRESSION
                    && ResultVisibility.showsValue(semicolonHides.getAsBoolean(), code, split, snippet)) {
                result = ((SnippetResult.Ok) outcome).value();
            }
        }
        for (Map.Entry<Snippet, Integer> pending : unresolved) {
            Snippet declaration = pending.getKey();
            if (s.shell().status(declaration) != Snippet.Status.VALID
                    && s.shell().status(declaration).isActive()) {
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
        s.control().takeRunNanos();
        List<SnippetEvent> events;
        try {
            events = s.shell().eval(snippet.source());
        } catch (IllegalStateException e) {
            return failed(new ExecuteOutcome.Failure(ExecuteOutcome.Cause.KERNEL_ERROR, String.valueOf(e.getMessage()),
                    List.of("JShell failed: " + e), Map.of()));
        }
        // the time the snippet ran, not JShell's compile (the first cell of a session compiles
        // for 100 ms and more: a trivial declaration there was stored as if it were heavy)
        long nanos = s.control().takeRunNanos();
        int firstLine = text.line(snippet.offset());
        for (SnippetEvent event : events) {
            if (event.causeSnippet() == null) {
                origins.put(event.snippet().id(), new Tracebacks.Origin(cell, firstLine));
            }
        }
        if (s.control().isCancelled()) {
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
                value = Optional.of(renderer.render(s, sn, event.value()));
            }
        }
        return new SnippetResult.Ok(value, typeName, nanos);
    }

    private ExecuteOutcome.Failure rejected(Snippet sn, int offset) {
        List<Diag> errors = s.shell().diagnostics(sn).filter(Diag::isError).collect(Collectors.toList());
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
                ? s.shell().unresolvedDependencies(d).collect(Collectors.joining(", "))
                : "";
        String name = declaration instanceof jdk.jshell.PersistentSnippet p ? p.name() : declaration.source();
        return "cannot find symbol: " + (missing.isEmpty() ? "?" : missing)
                + " (" + name + " cannot be used until it is declared)";
    }

    private SnippetResult failed(ExecuteOutcome.Failure failure) {
        return new SnippetResult.Failed(failure);
    }
}
