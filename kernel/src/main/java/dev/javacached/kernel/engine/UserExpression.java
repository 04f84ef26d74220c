package dev.javacached.kernel.engine;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.VarSnippet;

/**
 * One of a request's user_expressions, evaluated on the engine thread after the cell
 * ({@link Engine#evaluate}): not through the hook (nothing stored, restored or advanced), and
 * the temporary variable JShell makes of it ({@code $N}) dropped again. The engine has checked
 * that it is an expression, holds the running flag and routes its output away.
 */
final class UserExpression {

    private UserExpression() {
    }

    /** Whether {@code expression} parses as a Java expression (anything else is refused unrun). */
    static boolean isExpression(JShellSession s, String expression) {
        CellSnippet parsed = SnippetClassifier.classifyByParse(s, expression, 0);
        return parsed != null && parsed.kind() == SnippetKind.EXPRESSION;
    }

    static ExecuteOutcome evaluate(JShellSession s, String expression, ResultRenderer renderer) {
        try {
            List<SnippetEvent> events = s.shell().eval(expression);
            if (s.control().isCancelled()) {
                return Tracebacks.interrupted();
            }
            for (SnippetEvent event : events) {
                if (event.causeSnippet() != null) {
                    continue;
                }
                Snippet sn = event.snippet();
                try {
                    if (event.status() == Snippet.Status.REJECTED) {
                        Diag diag = s.shell().diagnostics(sn).filter(Diag::isError).findFirst().orElse(null);
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
                    return new ExecuteOutcome.Success(Optional.of(renderer.render(s, sn, event.value())), Map.of());
                } finally {
                    if (sn instanceof VarSnippet v && sn.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
                        s.shell().drop(v);
                    }
                }
            }
            return Tracebacks.compileError(expression, 0, "the expression could not be compiled");
        } catch (IllegalStateException e) {
            return new ExecuteOutcome.Failure(ExecuteOutcome.Cause.KERNEL_ERROR, String.valueOf(e.getMessage()),
                    List.of("JShell failed: " + e), Map.of());
        }
    }
}
