package dev.javacached.kernel.cache;

import dev.javacached.kernel.engine.CellSnippet;
import dev.javacached.kernel.engine.SnippetKind;
import dev.javacached.kernel.testkit.FakeLiveState;

/** Drives a {@link DependencyGraph} the way the hook does, without a store. */
final class GraphSession {
    static final SourceAnalyzer ANALYZER = new SourceAnalyzer();
    final DependencyGraph graph = new DependencyGraph(17);
    final FakeLiveState state = new FakeLiveState();
    ClasspathState classpath = ClasspathState.empty();

    /** Runs one snippet: fingerprint, then "execute" (put {@code value} in the state), then record. */
    Fingerprint run(SnippetKind kind, String name, String source, Object value) {
        CellSnippet s = new CellSnippet(source, 0, kind, name, "");
        SnippetAnalysis a = ANALYZER.analyze(s);
        Fingerprint fp = graph.fingerprint(s, a, classpath);
        if (value != null) {
            state.values.put(name, value);
        }
        graph.record(s, a, fp, true, state);
        return fp;
    }

    Fingerprint var(String name, String source, Object value) {
        return run(SnippetKind.VAR_WITH_INITIALIZER, name, source, value);
    }

    Fingerprint method(String name, String source) {
        return run(SnippetKind.METHOD, name, source, null);
    }

    Fingerprint type(String name, String source) {
        return run(SnippetKind.TYPE_DECLARATION, name, source, null);
    }

    Fingerprint stmt(String source) {
        return run(SnippetKind.STATEMENT, "", source, null);
    }

    Fingerprint imp(String source) {
        return run(SnippetKind.IMPORT, "", source, null);
    }
}
