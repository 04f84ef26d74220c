package dev.javacached.kernel.engine;

/**
 * The language side of the kernel: one method per kind of request, speaking engine types
 * (never protocol JSON). Implementations own one thread for their interpreter; every
 * method may be called from the kernel's shell thread, and {@link #interrupt()} from any
 * thread while {@link #execute} runs.
 */
public interface Engine extends AutoCloseable {

    /** Runs a cell: its snippets in order, stopping at the first error. */
    ExecuteOutcome execute(String code, OutputSink sink);

    /**
     * Runs a cell with the request's options; after a successful cell, evaluates each of
     * {@link ExecuteOptions#userExpressions()} with {@link #evaluate} into
     * {@link ExecuteOutcome.Success#userExpressions()}. Decorators pass the options on.
     */
    default ExecuteOutcome execute(String code, ExecuteOptions options, OutputSink sink) {
        ExecuteOutcome outcome = execute(code, sink);
        return outcome instanceof ExecuteOutcome.Success s ? s.withUserExpressions(evaluateAll(options)) : outcome;
    }

    /**
     * Evaluates one expression for user_expressions: as an expression only (no magics, nothing
     * stored or restored, no state version advanced, no snippet or variable left behind, no
     * output). The default runs it as a cell, for engines with nothing more to keep apart.
     */
    default ExecuteOutcome evaluate(String expression) {
        return execute(expression, OutputSink.discarding("user_expressions cannot read input"));
    }

    /** Every user expression of {@code options}, by key, in order. */
    default java.util.Map<String, ExecuteOutcome> evaluateAll(ExecuteOptions options) {
        java.util.Map<String, ExecuteOutcome> values = new java.util.LinkedHashMap<>();
        options.userExpressions().forEach((key, expression) -> values.put(key, evaluate(expression)));
        return values;
    }

    /** Completions at {@code cursor}, a UTF-16 index into {@code code}. */
    Completion complete(String code, int cursor);

    /** Documentation for the symbol at {@code cursor} (UTF-16 index). */
    Inspection inspect(String code, int cursor, int detailLevel);

    /** Whether {@code code} is ready to run (is_complete_request). */
    Completeness isComplete(String code);

    /** Stops the running cell, if any; returns at once. */
    void interrupt();

    /**
     * An execute request begins: until {@link #endRequest}, an {@link #interrupt} also stops a
     * cell of this request that has not started running yet (the interrupt can overtake it:
     * a client sends it as soon as it sees the kernel busy). Default: nothing.
     */
    default void beginRequest() {
    }

    /** The execute request of {@link #beginRequest} has its reply. Default: nothing. */
    default void endRequest() {
    }

    EngineInfo info();

    @Override
    void close();
}
