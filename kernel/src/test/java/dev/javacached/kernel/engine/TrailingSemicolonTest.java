package dev.javacached.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javacached.kernel.display.MimeBundle;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A final expression shows its value unless the user ended it with a semicolon (as in IPython). */
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
    void execute_finalExpressionWithSemicolon_showsNothing() {
        assertTrue(result("6 * 7;").isEmpty());
        assertTrue(result("Math.abs(-1); // trailing comment").isEmpty());
        assertTrue(result("String.valueOf(1); /* block */").isEmpty());
    }

    @Test
    void lastSignificantChar_skipsCommentsButNotLiterals() {
        assertEquals(';', JShellEngine.lastSignificantChar("x; // y"));
        assertEquals('x', JShellEngine.lastSignificantChar("x /* ; */"));
        assertEquals('"', JShellEngine.lastSignificantChar("\"a;\""));
        assertEquals('"', JShellEngine.lastSignificantChar("\"\"\"\n  a; \"\"\" "));
        assertEquals('\'', JShellEngine.lastSignificantChar("';'"));
    }
}
