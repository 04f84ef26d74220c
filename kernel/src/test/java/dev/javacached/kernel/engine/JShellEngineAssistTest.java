package dev.javacached.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javacached.kernel.testkit.RecordingSink;
import java.util.HashSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Completion, inspection and is_complete. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JShellEngineAssistTest {
    private final JShellEngine engine = new JShellEngine();

    @AfterAll
    void close() {
        engine.close();
    }

    @Test
    void complete_memberPrefix_offersPrintlnOnce() {
        String code = "System.out.pri";
        Completion c = engine.complete(code, code.length());
        assertTrue(c.matches().contains("println("), c.matches().toString());
        assertEquals(c.matches().size(), new HashSet<>(c.matches()).size(), "no duplicates");
        assertEquals(11, c.start());
        assertEquals(14, c.end());
    }

    @Test
    void complete_variablePrefix_offersVariable() {
        assertInstanceOf(ExecuteOutcome.Success.class, engine.execute("int myCounter = 1;", new RecordingSink()));
        Completion c = engine.complete("myCo", 4);
        assertTrue(c.matches().contains("myCounter"), c.matches().toString());
        assertEquals(0, c.start());
    }

    @Test
    void complete_inLaterSnippetOfCell_usesCellOffsets() {
        // Only what is already defined completes: the cell's earlier snippets have not run yet.
        String code = "int a = 1;\nString s = \"x\";\n\"y\".toUpp";
        Completion c = engine.complete(code, code.length());
        assertTrue(c.matches().contains("toUpperCase("), c.matches().toString());
        assertEquals(code.length() - "toUpp".length(), c.start());
    }

    @Test
    void complete_nothingKnown_isEmpty() {
        Completion c = engine.complete("qqqzzz", 6);
        assertEquals(0, c.matches().size());
    }

    @Test
    void inspect_methodName_givesSignature() {
        Inspection i = engine.inspect("Math.max(1, 2)", 6, 0);
        String text = i.doc().orElseThrow().plain();
        assertTrue(text.contains("Math.max(int a, int b)"), text);
    }

    @Test
    void inspect_unknownSymbol_isEmpty() {
        assertTrue(engine.inspect("qqqzzz", 3, 0).doc().isEmpty());
    }

    @Test
    void isComplete_verdicts() {
        // JShell's own analysis, once it is up (before that, QuickCompleteness answers).
        engine.execute("1", new RecordingSink());
        assertEquals(Completeness.Status.COMPLETE, engine.isComplete("int x = 1;").status());
        assertEquals(Completeness.Status.COMPLETE, engine.isComplete("int x = 1").status());
        assertEquals(Completeness.Status.COMPLETE, engine.isComplete("int x = 1;\nx + 1").status());
        assertEquals(new Completeness(Completeness.Status.INCOMPLETE, "    "), engine.isComplete("for (int i=0;"));
        assertEquals(new Completeness(Completeness.Status.INCOMPLETE, "    "), engine.isComplete("class A {"));
        assertEquals(new Completeness(Completeness.Status.INCOMPLETE, "        "),
                engine.isComplete("class A {\n  void m() {"));
        assertEquals(Completeness.Status.INVALID, engine.isComplete("x = )").status());
        assertEquals(Completeness.Status.INVALID, engine.isComplete("int x = ;").status());
    }

    /** The indent counts brackets over JavaLexer's tokens: none inside literals or comments. */
    @Test
    void isComplete_bracketsInsideLiteralsAndComments_doNotIndent() {
        engine.execute("1", new RecordingSink());
        assertEquals(new Completeness(Completeness.Status.INCOMPLETE, "    "),
                engine.isComplete("class A {\n  String s = \"{(\"; char c = '{'; // {"));
        assertEquals(new Completeness(Completeness.Status.INCOMPLETE, "    "),
                engine.isComplete("void m() {\n  String t = \"\"\"\n    { \\\"\"\" (\n    \"\"\";"));
    }
}
