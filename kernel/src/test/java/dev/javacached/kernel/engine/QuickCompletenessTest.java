package dev.javacached.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.javacached.kernel.engine.Completeness.Status;
import org.junit.jupiter.api.Test;

class QuickCompletenessTest {
    private static Status status(String code) {
        return QuickCompleteness.guess(code).status();
    }

    @Test
    void guess_balancedCode_isComplete() {
        assertEquals(Status.COMPLETE, status("int x = 6;"));
        assertEquals(Status.COMPLETE, status("x * 7"));
        assertEquals(Status.COMPLETE, status("String s = \"{(\"; // ) {"));
        assertEquals(Status.COMPLETE, status("%cache why x"));
        assertEquals(Status.COMPLETE, status("%maven a:b:1 (\nint y = 1;"));
    }

    @Test
    void guess_openBracketOrLiteral_isIncompleteWithIndent() {
        Completeness open = QuickCompleteness.guess("void f() {\n  if (x) {");
        assertEquals(Status.INCOMPLETE, open.status());
        assertEquals("        ", open.indent());
        assertEquals(Status.INCOMPLETE, status("String t = \"\"\"\n  text"));
        assertEquals(Status.INCOMPLETE, status("int y = 1; /* still"));
    }

    @Test
    void guess_strayClosingBracketOrBrokenString_isInvalid() {
        assertEquals(Status.INVALID, status("}"));
        assertEquals(Status.INVALID, status("int x = 3 )"));
        assertEquals(Status.INVALID, status("String s = \"abc\nint y;"));
    }

    @Test
    void guess_quotesAndBracketsInsideLiteralsAndComments_doNotCount() {
        assertEquals(Status.COMPLETE, status("char c = '\"'; char d = '(';"));
        assertEquals(Status.COMPLETE, status("String t = \"\"\"\n  say \"hi\" \\\"\"\" {\n  \"\"\";"));
        assertEquals(Status.COMPLETE, status("/* \" ( */ int x = 1; // '{"));
        assertEquals(Status.INCOMPLETE, status("String t = \"\"\"\n  \\\"\"\" still open"));
        assertEquals(Status.INCOMPLETE, status("char c = '"));
    }

    /** Regression: a backslash before a line break took the break into the string, which javac never does. */
    @Test
    void guess_backslashBeforeLineBreakInString_isInvalid() {
        assertEquals(Status.INVALID, status("String s = \"a\\\nb\";"));
    }

    @Test
    void guess_magicLineOnlyAtTheStartOfALineOutsideBrackets() {
        assertEquals(Status.COMPLETE, status("int x = 1;\n  %cache \"unbalanced ( quote"));
        assertEquals(Status.COMPLETE, status("f(1,\n%2)"));   // Java: f(1, % 2) is JShell's to judge
    }
}
