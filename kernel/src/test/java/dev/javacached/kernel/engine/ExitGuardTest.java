package dev.javacached.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javacached.kernel.testkit.RecordingSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A cell that calls System.exit must not end the kernel: if the guard fails, this JVM exits and the run fails. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExitGuardTest {
    private final JShellEngine engine = new JShellEngine();

    @AfterAll
    void close() {
        engine.close();
    }

    private String result(String code) {
        return RecordingSink.resultOf(engine, code);
    }

    private ExecuteOutcome.Failure fails(String code) {
        ExecuteOutcome outcome = engine.execute(code, new RecordingSink());
        return assertInstanceOf(ExecuteOutcome.Failure.class, outcome, outcome.toString());
    }

    @Test
    void systemExit_failsTheCell_keepsTheSession() {
        result("int keptAcrossExit = 41; keptAcrossExit");
        ExecuteOutcome.Failure failure = fails("System.out.println(\"before\");\nSystem.exit(3);\nint never = 1;");
        assertTrue(String.join("\n", failure.traceback()).contains("System.exit(3) was called"),
                String.join("\n", failure.traceback()));
        assertEquals("42", result("keptAcrossExit + 1"));
        assertInstanceOf(ExecuteOutcome.Failure.class, engine.execute("never", new RecordingSink()));
    }

    @Test
    void runtimeExitAndHalt_inMethodsAndClasses_failTheCall() {
        result("void quit() { Runtime.getRuntime().exit(0); }\n"
                + "class Stopper { static void stop() { Runtime.getRuntime().halt(9); } }\n1");
        assertTrue(String.join("\n", fails("quit()").traceback()).contains("Runtime.exit(0) was called"));
        assertTrue(String.join("\n", fails("Stopper.stop()").traceback()).contains("Runtime.halt(9) was called"));
        assertEquals("2", result("1 + 1"));
    }

    @Test
    void classWithoutExitCalls_isLoadedUnchanged() {
        byte[] bytes = {(byte) 0xCA, (byte) 0xFE, 1, 2, 3};
        assertSame(bytes, ExitGuard.rewrite(bytes));
        assertEquals("\"exit halt\"", result("String words = \"exit halt\"; words"));
    }
}
