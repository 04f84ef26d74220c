package dev.javacached.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javacached.kernel.testkit.RecordingSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Snippets a class file cannot hold are refused before JShell compiles them; JShell itself
 * would fail every later snippet of the session ("cannot be used until it is declared").
 */
class ClassFileLimitsTest {
    private static JShellEngine engine;

    @BeforeAll
    static void start() {
        engine = new JShellEngine();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private static ExecuteOutcome run(String code) {
        return engine.execute(code, new RecordingSink());
    }

    private static void refusedAndTheSessionGoesOn(String code, String what) {
        assertInstanceOf(ExecuteOutcome.Success.class, run("int keep = 41;"));
        ExecuteOutcome.Failure f = assertInstanceOf(ExecuteOutcome.Failure.class, run(code));
        assertEquals("CompilationException", f.ename(), f.toString());
        assertTrue(f.evalue().contains(what) && f.evalue().contains("65535"), f.evalue());
        ExecuteOutcome after = run("keep + 1");
        ExecuteOutcome.Success ok = assertInstanceOf(ExecuteOutcome.Success.class, after, "the session is poisoned: " + after);
        assertEquals("42", ok.result().orElseThrow().plain());
    }

    @Test
    void hugeStringLiteral_refused() {
        refusedAndTheSessionGoesOn("String big = \"" + "x".repeat(70_000) + "\";", "string literal of 70000 bytes");
    }

    @Test
    void hugeTextBlock_refused() {
        refusedAndTheSessionGoesOn("String block = \"\"\"\n" + "line of text\n".repeat(6_000) + "\"\"\";", "string literal");
    }

    @Test
    void literalsFoldedIntoOneHugeConstant_refused() {
        refusedAndTheSessionGoesOn("String two = \"" + "a".repeat(40_000) + "\" + \"" + "b".repeat(40_000) + "\";",
                "80000 bytes"); // javac folds the literals while parsing
    }

    @Test
    void multiByteCharactersCountInBytes_refused() {
        refusedAndTheSessionGoesOn("String e = \"" + "é".repeat(33_000) + "\";", "66000 bytes");
    }

    @Test
    void hugeIdentifier_refused() {
        refusedAndTheSessionGoesOn("int " + "v".repeat(100_000) + " = 1;", "a name of 100000 bytes");
    }

    @Test
    void largeButLegalLiteral_andRuntimeBuiltString_run() {
        assertInstanceOf(ExecuteOutcome.Success.class, run("String ok = \"" + "x".repeat(60_000) + "\";"));
        assertInstanceOf(ExecuteOutcome.Success.class, run("String built = \"x\".repeat(70_000);"));
        assertEquals("70000", ((ExecuteOutcome.Success) run("built.length()")).result().orElseThrow().plain());
    }
}
