package dev.javacached.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javacached.kernel.testkit.RecordingSink;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jdk.jshell.JShell;
import org.junit.jupiter.api.Test;

/** A JShell that stops working is replaced by a fresh one, carrying what can be carried safely. */
class ShellReplacementTest {

    private static String ok(JShellEngine engine, String code) {
        ExecuteOutcome outcome = engine.execute(code, new RecordingSink());
        if (outcome instanceof ExecuteOutcome.Failure f) {
            throw new AssertionError(f.ename() + ": " + f.evalue() + "\n" + String.join("\n", f.traceback()));
        }
        return ((ExecuteOutcome.Success) outcome).result().map(b -> b.plain()).orElse("");
    }

    /** Breaks JShell's compiler side the way a corrupted JShell behaves: every eval fails, values still read. */
    private static void breakCompiler(JShell shell) throws ReflectiveOperationException {
        Field taskFactory = JShell.class.getDeclaredField("taskFactory");
        taskFactory.setAccessible(true);
        taskFactory.set(shell, null);
    }

    @Test
    void brokenCompiler_freshShellCarriesDeclarationsAndPlainVariables() throws Exception {
        try (JShellEngine engine = new JShellEngine()) {
            ok(engine, """
                    import java.util.concurrent.atomic.*;
                    record Row(int id) { }
                    int twice(int x) { return 2 * x; }
                    int n = 21;
                    var names = new ArrayList<>(List.of("a", "b"));
                    Map<String, int[]> table = new HashMap<>(Map.of("k", new int[] {1, 2}));
                    var rows = List.of(new Row(1));
                    Row one = new Row(7);
                    var counter = new AtomicInteger(3);
                    """);
            breakCompiler(engine.shellForTests());
            RecordingSink sink = new RecordingSink();
            ExecuteOutcome broken = engine.execute("1 + 2", sink);
            assertInstanceOf(ExecuteOutcome.Failure.class, broken);
            String said = sink.events().toString();
            assertTrue(said.contains("replaced by a fresh JShell"), said);
            assertTrue(said.contains("1 imports, 1 types, 1 methods, 3 variables (n, names, table)"), said);
            assertTrue(said.contains("rows (it holds a REPL."), said);
            assertTrue(said.contains("one (it holds a REPL."), said);
            assertTrue(said.contains("counter (it holds a java.util.concurrent.atomic.AtomicInteger"), said);

            // the fresh JShell works, with the same objects and definitions
            assertEquals("42", ok(engine, "twice(n)"));
            assertEquals("[a, b]", ok(engine, "names"));
            assertEquals("2", ok(engine, "table.get(\"k\")[1]"));
            assertEquals("Row[id=5]", ok(engine, "new Row(5)"));
            assertEquals("3", ok(engine, "new AtomicInteger(3).get()"));
            // what was not carried is not there (no variable silently left null)
            ExecuteOutcome gone = engine.execute("one", new RecordingSink());
            assertInstanceOf(ExecuteOutcome.Failure.class, gone);
        }
    }

    @Test
    void closedShell_replacedAndSaysWhatWasLost() throws Exception {
        try (JShellEngine engine = new JShellEngine()) {
            ok(engine, "int kept = 5;");
            engine.shellForTests().close();
            RecordingSink sink = new RecordingSink();
            assertInstanceOf(ExecuteOutcome.Failure.class, engine.execute("kept", sink));
            String said = sink.events().toString();
            assertTrue(said.contains("replaced by a fresh JShell"), said);
            assertTrue(said.contains("lost:"), said);
            assertEquals("4", ok(engine, "2 + 2"));
        }
    }

    @Test
    void compileErrorInWorkingShell_keepsTheShell() throws Exception {
        try (JShellEngine engine = new JShellEngine()) {
            ok(engine, "int kept = 5;");
            JShell before = engine.shellForTests();
            RecordingSink sink = new RecordingSink();
            assertInstanceOf(ExecuteOutcome.Failure.class, engine.execute("int bad = ;", sink));
            assertTrue(!sink.events().toString().contains("fresh JShell"), sink.events().toString());
            assertTrue(before == engine.shellForTests());
            assertEquals("5", ok(engine, "kept"));
        }
    }

    @Test
    void unsure_plainJdkValuesCarryOthersDoNot() {
        assertNull(ShellReplacement.unsure(null));
        assertNull(ShellReplacement.unsure(List.of(1, "x", 2.5, new double[3], java.time.LocalDate.of(2026, 1, 1))));
        Map<String, Object> nested = new java.util.TreeMap<>(Map.of("a", new ArrayList<>(List.of(new String[] {"s"}))));
        assertNull(ShellReplacement.unsure(nested));
        assertNotNull(ShellReplacement.unsure(new java.util.Random()));
        assertNotNull(ShellReplacement.unsure(List.of(List.of(new Object()))));
    }

    @Test
    void unsure_theStoresValueTypes_carry() {
        // the kernel's one list of JDK value types (JdkValueTypes), UUID included since it is used here
        assertNull(ShellReplacement.unsure(List.of(java.util.UUID.randomUUID(), new java.math.BigDecimal("1.50"),
                java.math.BigInteger.TWO, 'c', (short) 1, (byte) 2, true, 1.5f)));
        assertNull(ShellReplacement.unsure(java.util.concurrent.TimeUnit.SECONDS));
    }

    /** A notebook clock inside a JDK one: the JDK's class in package java.time, but not a plain value. */
    static final class NotebookClock extends java.time.Clock {
        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return java.time.Instant.EPOCH;
        }
    }

    @Test
    void unsure_onlyValueBasedTimeClassesCarry() {
        java.time.ZoneId paris = java.time.ZoneId.of("Europe/Paris");
        assertNull(ShellReplacement.unsure(List.of(java.time.ZonedDateTime.of(2026, 1, 1, 0, 0, 0, 0, paris), paris,
                java.time.Duration.ofSeconds(1), java.time.ZoneOffset.UTC, java.time.YearMonth.of(2026, 1))));
        String why = ShellReplacement.unsure(java.time.Clock.offset(new NotebookClock(), java.time.Duration.ofSeconds(1)));
        assertNotNull(why);
        assertTrue(why.contains("java.time.Clock$OffsetClock"), why);
    }
}
