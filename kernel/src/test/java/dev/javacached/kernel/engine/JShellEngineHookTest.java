package dev.javacached.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javacached.kernel.testkit.RecordingSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JShellEngineHookTest {
    private final List<CellSnippet> seen = new ArrayList<>();
    /** Runs on the engine thread when a snippet containing "probe" comes up (instead of running it). */
    private Consumer<LiveState> probe = state -> { };
    private final List<Object> probed = new ArrayList<>();

    private final JShellEngine engine = new JShellEngine((snippet, state, sink, proceed) -> {
        seen.add(snippet);
        if (snippet.source().contains("probe")) {
            probe.accept(state);
            return new SnippetResult.Ok(Optional.empty(), "", 0);
        }
        if (snippet.kind() == SnippetKind.VAR_WITH_INITIALIZER && snippet.name().startsWith("cached")) {
            try {
                state.define(snippet.name(), snippet.typeName(), List.of("from cache"));
            } catch (LiveState.DefineException e) {
                throw new AssertionError(e);
            }
            return new SnippetResult.Ok(Optional.empty(), snippet.typeName(), 0);
        }
        return proceed.run(sink);
    });

    @AfterEach
    void close() {
        engine.close();
    }

    private String result(String code) {
        return RecordingSink.resultOf(engine, code);
    }

    private void run(String code) {
        ExecuteOutcome outcome = engine.execute(code, new RecordingSink());
        assertInstanceOf(ExecuteOutcome.Success.class, outcome, outcome.toString());
    }

    @Test
    void hook_seesKindsNamesAndWrittenTypes() {
        run("""
                import java.util.*;
                int a = 1;
                String s;
                a = 2;
                void m() { }
                record P(int x) { }
                System.out.println(a);
                var v = List.of("x");
                for (int i = 0; i < 2; i++) { a += i; }
                int[] arr = new int[2];
                arr[0] = 3;
                int p = 1, q = 2;
                static final double F = 2.5;
                enum E { X, Y }
                interface I { }
                <T> T id(T t) { return t; }
                Map<String, List<Integer>> m2 = new HashMap<>();
                new StringBuilder("looks like a declaration").append(1);
                a + 1
                """);
        List<String> got = seen.stream().map(c -> c.kind() + " " + c.name() + " " + c.typeName()).toList();
        assertEquals(List.of(
                "IMPORT  ",
                "VAR_WITH_INITIALIZER a int",
                "VAR_WITHOUT_INITIALIZER s String",
                "ASSIGNMENT a int",
                "METHOD m ",
                "TYPE_DECLARATION P ",
                // an expression statement, void or not: whether it shows a value is read from its run
                "EXPRESSION  ",
                "VAR_WITH_INITIALIZER v var",
                "STATEMENT  ",
                "VAR_WITH_INITIALIZER arr int[]",
                "EXPRESSION  ",
                "STATEMENT  ",
                "VAR_WITH_INITIALIZER F double",
                "TYPE_DECLARATION E ",
                "TYPE_DECLARATION I ",
                "METHOD id ",
                "VAR_WITH_INITIALIZER m2 Map<String, List<Integer>>",
                "EXPRESSION  ",
                "EXPRESSION  "), got);
        assertEquals("int a = 1;", seen.get(1).source());
        assertEquals(20, seen.get(1).offset());
    }

    @Test
    void lastExpression_voidCallShowsNothing_valueShowsValue_assignmentToUnknownFails() {
        ExecuteOutcome quiet = engine.execute("System.out.print(\"x\")", new RecordingSink());
        assertTrue(assertInstanceOf(ExecuteOutcome.Success.class, quiet, quiet.toString()).result().isEmpty());
        assertEquals("3", result("java.util.List.of(1, 2, 3).size()"));
        ExecuteOutcome unknown = engine.execute("nowhere = 3;", new RecordingSink());
        assertInstanceOf(ExecuteOutcome.Failure.class, unknown, unknown.toString());
        assertEquals("EXPRESSION", seen.get(seen.size() - 1).kind().name());
    }

    @Test
    void hook_skipsSnippetAndDefinesVariable_initializerNotRun() {
        run("List<String> sideEffect() { System.out.println(\"ran\"); return List.of(\"computed\"); }");
        RecordingSink sink = new RecordingSink();
        ExecuteOutcome outcome = engine.execute("List<String> cachedList = sideEffect();\ncachedList.get(0)", sink);
        ExecuteOutcome.Success success = assertInstanceOf(ExecuteOutcome.Success.class, outcome, outcome.toString());
        assertEquals("\"from cache\"", success.result().orElseThrow().plain());
        assertFalse(sink.stdout().contains("ran"), "the initializer did not run");
    }

    @Test
    void liveState_userClass_isTheCurrentDefinition_afterRedefinitionAndDependentRecompiles() {
        run("record Row(int a) { }");
        run("Row first = new Row(1);");
        run("record Row(int a, String b) { }");
        run("int helper() { return 1; }\nclass Uses { Row r; int h = helper(); }");
        run("int helper() { return 2; }"); // Uses is recompiled against the new helper
        probe = state -> {
            probed.add(state.userClass("Row").orElseThrow());
            probed.add(state.userClass("Uses").orElseThrow());
            probed.add(state.userClass("Nope").isPresent());
            probed.add(state.value("first").map(Object::getClass).orElse(null));
        };
        run("/* probe */ int ignored = 0;");
        Class<?> row = (Class<?>) probed.get(0);
        assertEquals(2, row.getRecordComponents().length, "the later definition");
        assertEquals("Row", row.getSimpleName());
        Class<?> uses = (Class<?>) probed.get(1);
        assertEquals("Uses", uses.getSimpleName());
        assertEquals(false, probed.get(2));
        run("Uses u = new Uses();");
        assertEquals("true", result("u.getClass() == Uses.class"));
        probe = state -> probed.add(state.value("u").map(Object::getClass).orElse(null) == state.userClass("Uses").orElseThrow());
        run("/* probe */ int ignored2 = 0;");
        assertEquals(true, probed.get(probed.size() - 1), "userClass is the class new objects are made of");
    }

    @Test
    void liveState_readsValueAndTypeOfNotebookRecord() {
        run("record Point(int x, int y) { }\nPoint p = new Point(1, 2);\ndouble d = 1.5;");
        probe = state -> {
            probed.add(state.value("p").orElseThrow());
            probed.add(state.typeName("p").orElseThrow());
            probed.add(state.value("d").orElseThrow());
            probed.add(state.typeName("d").orElseThrow());
            probed.add(state.value("nope").isPresent());
        };
        run("/* probe */ int ignored = 0;");
        assertEquals("Point[x=1, y=2]", probed.get(0).toString());
        assertEquals("Point", probed.get(1));
        assertEquals(1.5, probed.get(2));
        assertEquals("double", probed.get(3));
        assertEquals(false, probed.get(4));
    }

    @Test
    void liveState_definesPrimitiveArrayGenericAndNotebookRecord() {
        run("record Point(int x, int y) { }\nPoint orig = new Point(3, 4);");
        probe = state -> {
            try {
                Object point = state.value("orig").orElseThrow();
                state.define("copy", "Point", point);
                state.define("x", "double", 2.5);
                state.define("arr", "int[]", new int[] {1, 2});
                state.define("names", "List<String>", new ArrayList<>(List.of("a", "b")));
                state.define("inferred", "var", "text");
            } catch (LiveState.DefineException e) {
                throw new AssertionError(e);
            }
        };
        run("/* probe */ int ignored = 0;");
        assertEquals("true", result("copy == orig"));
        assertEquals("3.5", result("x + 1"));
        assertEquals("3", result("arr[0] + arr[1]"));
        assertEquals("\"a\"", result("names.get(0)"));
        assertEquals("4", result("inferred.length()"));
    }

    @Test
    void liveState_assignsExistingVariable() {
        run("int counter = 1;\nList<Integer> xs = List.of();");
        probe = state -> {
            try {
                state.assign("counter", 42);
                state.assign("xs", List.of(7));
            } catch (LiveState.DefineException e) {
                throw new AssertionError(e);
            }
        };
        run("/* probe */ int ignored = 0;");
        assertEquals("42", result("counter"));
        assertEquals("[7]", result("xs"));
    }

    @Test
    void liveState_assign_setsTheFieldOrEvaluates_andAWrongValueFails() {
        run("int counter = 1;\nString name = \"a\";\nlong big = 2L;\nObject any = null;");
        List<Exception> errors = new ArrayList<>();
        probe = state -> {
            try {
                state.assign("counter", 41);             // the field, directly
                state.assign("any", List.of(1, 2));
                state.assign("name", null);
                state.assign("big", 5L);
            } catch (LiveState.DefineException e) {
                throw new AssertionError(e);
            }
            // what the field cannot hold goes through the evaluation, which refuses it as before
            errors.add(assertThrows(LiveState.DefineException.class, () -> state.assign("name", 7)));
            errors.add(assertThrows(LiveState.DefineException.class, () -> state.assign("big", 6)));
        };
        run("/* probe */ int ignored = 0;");
        assertEquals("41", result("counter + 0"));
        assertEquals("[1, 2]", result("any"));
        assertEquals("null", result("name"));
        assertEquals("5", result("big"));
        assertTrue(errors.get(0).getMessage().contains("ClassCastException"), errors.get(0).getMessage());
        assertTrue(errors.get(1).getMessage().contains("ClassCastException"), errors.get(1).getMessage());
        assertEquals("\"a\"", result("name == null ? \"a\" : name"), "the failed assignments changed nothing");
        assertEquals("5", result("big + 0"));
    }

    @Test
    void liveState_defineWithWrongType_fails() {
        List<Exception> errors = new ArrayList<>();
        probe = state -> {
            errors.add(assertThrows(LiveState.DefineException.class, () -> state.define("bad", "Integer", "text")));
            errors.add(assertThrows(LiveState.DefineException.class, () -> state.define("bad2", "NoSuchType", 1)));
        };
        run("/* probe */ int ignored = 0;");
        assertTrue(errors.get(0).getMessage().contains("ClassCastException"), errors.get(0).getMessage());
        assertTrue(errors.get(1).getMessage().contains("cannot find symbol"), errors.get(1).getMessage());
    }
}
