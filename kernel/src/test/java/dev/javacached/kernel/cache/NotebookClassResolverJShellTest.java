package dev.javacached.kernel.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javacached.kernel.engine.ExecuteOutcome;
import dev.javacached.kernel.engine.JShellEngine;
import dev.javacached.kernel.engine.LiveState;
import dev.javacached.kernel.engine.SnippetResult;
import dev.javacached.kernel.testkit.RecordingSink;
import dev.javacached.store.PutResult;
import dev.javacached.store.RocksCacheStore;
import dev.javacached.store.EntryInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Notebook classes with real JShell: stable names for the current definition, none for an earlier one. */
class NotebookClassResolverJShellTest {
    @TempDir
    Path dir;
    private Consumer<LiveState> probe = state -> { };
    private final JShellEngine engine = new JShellEngine((snippet, state, sink, proceed) -> {
        if (snippet.source().contains("probe")) {
            probe.accept(state);
            return new SnippetResult.Ok(Optional.empty(), "", 0);
        }
        return proceed.run(sink);
    });

    @AfterEach
    void close() {
        engine.close();
    }

    private void run(String code) {
        ExecuteOutcome outcome = engine.execute(code, new RecordingSink());
        assertInstanceOf(ExecuteOutcome.Success.class, outcome, outcome.toString());
    }

    @Test
    void earlierDefinition_keepsItsGeneratedName_andIsNotStored() {
        run("record Row(int a) { record Cell(int c) { } }");
        run("Object old = new Row(1);");
        run("record Row(int a, int b) { record Cell(int c) { } }");
        run("Object now = new Row(1, 2);\nObject cell = new Row.Cell(3);");
        List<Object> seen = new ArrayList<>();
        probe = state -> {
            NotebookClassResolver r = new NotebookClassResolver(state);
            Object old = state.value("old").orElseThrow();
            Object now = state.value("now").orElseThrow();
            seen.add(r.nameOf(now.getClass()));
            seen.add(r.nameOf(state.value("cell").orElseThrow().getClass()));
            seen.add(r.nameOf(old.getClass()));
            try (RocksCacheStore store = RocksCacheStore.open(dir)) {
                EntryInfo info = new EntryInfo("v", "Object", 1, Map.of(), new byte[0]);
                seen.add(store.put("a".repeat(64), info, new ArrayList<>(List.of(now)), r));
                seen.add(store.put("b".repeat(64), info, new ArrayList<>(List.of(old)), r));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        run("/* probe */ int ignored = 0;");
        assertEquals("jshell:Row", seen.get(0));
        assertEquals("jshell:Row$Cell", seen.get(1));
        assertTrue(((String) seen.get(2)).startsWith("REPL.$JShell$"), seen.get(2).toString());
        assertInstanceOf(PutResult.Stored.class, seen.get(3));
        PutResult.NotStorable ns = assertInstanceOf(PutResult.NotStorable.class, seen.get(4));
        assertTrue(ns.reason().contains("earlier definition"), ns.reason());
    }
}
