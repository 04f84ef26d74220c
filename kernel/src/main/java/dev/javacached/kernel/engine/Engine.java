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

    /** Completions at {@code cursor}, a UTF-16 index into {@code code}. */
    Completion complete(String code, int cursor);

    /** Documentation for the symbol at {@code cursor} (UTF-16 index). */
    Inspection inspect(String code, int cursor, int detailLevel);

    /** Whether {@code code} is ready to run (is_complete_request). */
    Completeness isComplete(String code);

    /** Stops the running cell, if any; returns at once. */
    void interrupt();

    EngineInfo info();

    @Override
    void close();
}
