package dev.javacached.kernel.cache;

import dev.javacached.kernel.engine.CellSnippet;
import dev.javacached.kernel.engine.ExecuteOutcome;
import dev.javacached.kernel.engine.OutputSink;
import dev.javacached.kernel.engine.SnippetKind;
import dev.javacached.kernel.engine.SnippetResult;
import dev.javacached.kernel.testkit.FakeLiveState;
import dev.javacached.kernel.testkit.RecordingSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * One kernel session for hook tests: a fake LiveState, a CachingHook over a shared store, and
 * a fake engine that "runs" a snippet by calling its Java stand-in (recording that it ran).
 * A new Notebook over the same store is a kernel restart.
 */
final class Notebook {
    /** Simulated compute time of every snippet that runs: above the default threshold. */
    static final long NANOS = 200_000_000L;

    /** A snippet and what running it does. */
    record Step(CellSnippet snippet, BiFunction<FakeLiveState, OutputSink, SnippetResult> run) {
    }

    final FakeLiveState state = new FakeLiveState();
    final CachingHook hook;
    final RecordingSink sink = RecordingSink.answering("typed");
    final List<String> ran = new ArrayList<>();

    Notebook(dev.javacached.store.CacheStore store) {
        hook = new CachingHook(store, new DependencyGraph(17), () -> 0L);   // restores take no time
    }

    CellReport cell(Step... steps) {
        return cell(CellMode.NORMAL, steps);
    }

    /** A cell whose first line is a cell magic ({@code %%snapshot} → {@link CellMode#SNAPSHOT}). */
    CellReport cell(CellMode mode, Step... steps) {
        hook.beginCell(mode);
        for (Step step : steps) {
            SnippetResult r = hook.around(step.snippet(), state, sink, out -> {
                ran.add(step.snippet().source());
                return step.run().apply(state, out);
            });
            if (r instanceof SnippetResult.Failed) {
                break;
            }
        }
        return hook.endCell();
    }

    static Step var(String name, String source, Object value) {
        return var(name, source, value, "");
    }

    /** {@code T name = init;} that prints {@code output} and yields {@code value}. */
    static Step var(String name, String source, Object value, String output) {
        String type = value == null ? "Object" : value.getClass().getSimpleName();
        return new Step(new CellSnippet(source, 0, SnippetKind.VAR_WITH_INITIALIZER, name, "var"), (st, out) -> {
            if (!output.isEmpty()) {
                out.stdout(output);
            }
            st.values.put(name, value);
            st.types.put(name, type);
            return new SnippetResult.Ok(Optional.empty(), type, NANOS);
        });
    }

    static Step assign(String name, String source, Object value) {
        return new Step(new CellSnippet(source, 0, SnippetKind.ASSIGNMENT, name, ""), (st, out) -> {
            st.values.put(name, value);
            return new SnippetResult.Ok(Optional.empty(), "", NANOS);
        });
    }

    static Step throwing(String name, String source) {
        return new Step(new CellSnippet(source, 0, SnippetKind.VAR_WITH_INITIALIZER, name, "var"), (st, out) ->
                new SnippetResult.Failed(new ExecuteOutcome.Failure(ExecuteOutcome.Cause.EXCEPTION, "java.lang.IllegalStateException", "boom",
                        List.of("boom"), Map.of())));
    }

    static Step method(String name, String source) {
        return new Step(new CellSnippet(source, 0, SnippetKind.METHOD, name, ""),
                (st, out) -> new SnippetResult.Ok(Optional.empty(), "", 1000));
    }

    static Step stmt(String source, Consumer<FakeLiveState> effect) {
        return new Step(new CellSnippet(source, 0, SnippetKind.STATEMENT, "", ""), (st, out) -> {
            effect.accept(st);
            return new SnippetResult.Ok(Optional.empty(), "", 1000);
        });
    }

    static Step custom(SnippetKind kind, String name, String source,
                       BiFunction<FakeLiveState, OutputSink, SnippetResult> run) {
        return new Step(new CellSnippet(source, 0, kind, name, ""), run);
    }
}
