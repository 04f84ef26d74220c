package dev.javacached.kernel.engine;

import java.util.Objects;

/**
 * An {@link Engine} in front of another that passes every request on unchanged: the base of
 * the engine's decorators ({@code cache/CachedEngine}, {@code magic/MagicDispatcher}), which
 * override only what they add, so the request lifecycle (begin/end, interrupt) and the
 * editor's requests reach the inner engine without each decorator repeating them.
 */
public abstract class ForwardingEngine implements Engine {

    /** The engine requests go on to. */
    protected final Engine inner;

    protected ForwardingEngine(Engine inner) {
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    @Override
    public ExecuteOutcome execute(String code, OutputSink sink) {
        return inner.execute(code, sink);
    }

    @Override
    public ExecuteOutcome execute(String code, ExecuteOptions options, OutputSink sink) {
        return inner.execute(code, options, sink);
    }

    @Override
    public ExecuteOutcome evaluate(String expression) {
        return inner.evaluate(expression);
    }

    @Override
    public Completion complete(String code, int cursor) {
        return inner.complete(code, cursor);
    }

    @Override
    public Inspection inspect(String code, int cursor, int detailLevel) {
        return inner.inspect(code, cursor, detailLevel);
    }

    @Override
    public Completeness isComplete(String code) {
        return inner.isComplete(code);
    }

    @Override
    public void interrupt() {
        inner.interrupt();
    }

    @Override
    public void beginRequest() {
        inner.beginRequest();
    }

    @Override
    public void endRequest() {
        inner.endRequest();
    }

    @Override
    public EngineInfo info() {
        return inner.info();
    }

    @Override
    public void close() {
        inner.close();
    }
}
