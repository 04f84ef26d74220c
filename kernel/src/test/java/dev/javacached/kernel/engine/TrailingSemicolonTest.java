package dev.javacached.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javacached.kernel.display.MimeBundle;
import dev.javacached.kernel.testkit.RecordingSink;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A final expression shows its value, {@code ;} or not (IJava's rule, the default); with
 * {@link JShellEngine#semicolonHidesValue(boolean)} a final {@code ;} hides it (IPython's).
 */
class TrailingSemicolonTest {
    private static JShellEngine engine;

    @BeforeAll
    static void start() {
        engine = new JShellEngine();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private static Optional<MimeBundle> result(String code) {
        ExecuteOutcome outcome = engine.execute(code, new RecordingSink());
        assertTrue(outcome instanceof ExecuteOutcome.Success, () -> code + " failed: " + outcome);
        return ((ExecuteOutcome.Success) outcome).result();
    }

    @Test
    void execute_finalExpressionWithoutSemicolon_showsValue() {
        assertEquals("42", result("6 * 7").orElseThrow().plain());
        assertEquals("5", result("int q = 5;\nq // a comment").orElseThrow().plain());
        assertEquals("\"a;\"", result("String s = \"a;\";\ns").orElseThrow().plain());
    }

    @Test
    void execute_finalExpressionWithSemicolon_showsValueByDefault() {
        assertEquals("42", result("6 * 7;").orElseThrow().plain());
        assertEquals("1", result("Math.abs(-1); // trailing comment").orElseThrow().plain());
        assertEquals("3", result("var list = List.of(1, 2, 3);\nlist.size();").orElseThrow().plain());
        assertEquals("\"1\"", result("String.valueOf(1); /* block */").orElseThrow().plain());
    }

    /** JShell takes a bare name with a semicolon (`chart;`), which Java would not: its value shows. */
    @Test
    void execute_bareNameWithSemicolon_showsTheValue() {
        result("String chart = \"a chart\";");
        assertEquals("\"a chart\"", result("chart;").orElseThrow().plain());
    }

    @Test
    void execute_semicolonHides_finalSemicolonShowsNothingButBareExpressionStill() {
        engine.semicolonHidesValue(true);
        try {
            assertTrue(result("6 * 7;").isEmpty());
            assertTrue(result("Math.abs(-1); // trailing comment").isEmpty());
            assertEquals("42", result("6 * 7").orElseThrow().plain());
            // a ; inside a literal or a comment does not end the snippet
            assertEquals("\";\"", result("\";\" // ;").orElseThrow().plain());
            assertEquals("';'", result("';' /* ; */").orElseThrow().plain());
            assertEquals("\"a;\\n\"", result("\"\"\"\n  a;\n  \"\"\"").orElseThrow().plain());
        } finally {
            engine.semicolonHidesValue(false);
        }
        assertEquals("42", result("6 * 7;").orElseThrow().plain());
    }

    @Test
    void execute_declarationOrAssignmentLast_showsNothingEitherWay() {
        assertTrue(result("var d = 6 * 7;").isEmpty());
        assertTrue(result("d = 43;").isEmpty());
        assertTrue(result("int e;").isEmpty());
    }

    /** The display is the output; the id it returns is noise (IJava shows it). */
    @Test
    void execute_displayCallLast_showsNoDisplayId() {
        RecordingSink sink = new RecordingSink();
        ExecuteOutcome o = engine.execute("display(\"shown\");", sink);
        assertTrue(((ExecuteOutcome.Success) o).result().isEmpty(), o::toString);
        assertTrue(((ExecuteOutcome.Success) engine.execute("display(\"shown\")", sink)).result().isEmpty());
        // only a call as the whole statement: an expression using the id shows its value
        assertEquals("36", ((ExecuteOutcome.Success) engine.execute("display(\"x\").length()", sink)).result()
                .orElseThrow().plain());
    }

    @Test
    void lastSignificantChar_skipsCommentsButNotLiterals() {
        assertEquals(';', ResultVisibility.lastSignificantChar("x; // y"));
        assertEquals('x', ResultVisibility.lastSignificantChar("x /* ; */"));
        assertEquals('"', ResultVisibility.lastSignificantChar("\"a;\""));
        assertEquals('"', ResultVisibility.lastSignificantChar("\"\"\"\n  a; \"\"\" "));
        assertEquals('\'', ResultVisibility.lastSignificantChar("';'"));
        assertEquals('\'', ResultVisibility.lastSignificantChar("'\"' // \";"));
        assertEquals('"', ResultVisibility.lastSignificantChar("\"\"\"\n  a \\\"\"\"; \"\"\""));
        assertEquals(0, ResultVisibility.lastSignificantChar("/* ; */ // ;"));
    }
}
