package dev.javacached.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javacached.kernel.testkit.RecordingSink;
import java.util.ArrayList;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/**
 * JShell formats a declaration's value after every snippet; formatting a 40-million-element
 * array in full took 25 s (longer than computing it) before the value string was bounded.
 */
class BoundedValueStringTest {
    @Test
    void boundedValueString_bigArray_showsFirstElementsOnly() {
        String s = KernelExecutionControl.boundedValueString(new double[1_000_000]);
        assertTrue(s.startsWith("double[1000000] { 0.0, 0.0"), s.substring(0, 40));
        assertTrue(s.endsWith(", ... }"));
        assertEquals(KernelExecutionControl.SHOWN_ELEMENTS, s.split("0\\.0").length - 1);
    }

    @Test
    void boundedValueString_bigCollection_showsFirstElementsAndSize() {
        String s = KernelExecutionControl.boundedValueString(new ArrayList<>(Collections.nCopies(5000, 7)));
        assertTrue(s.endsWith("... (5000 elements)]"), s.substring(s.length() - 30));
    }

    @Test
    void boundedValueString_smallValues_asJShellShowsThem() {
        assertEquals("int[3] { 1, 2, 3 }", KernelExecutionControl.boundedValueString(new int[] {1, 2, 3}));
        assertEquals("\"a\\nb\"", KernelExecutionControl.boundedValueString("a\nb"));
        assertEquals("null", KernelExecutionControl.boundedValueString(null));
    }

    @Test
    void execute_finalExpressionOfBigArray_resultIsBounded() {
        try (JShellEngine engine = new JShellEngine()) {
            ExecuteOutcome outcome = engine.execute("int[] big = new int[2_000_000];\nbig", new RecordingSink());
            String plain = ((ExecuteOutcome.Success) outcome).result().orElseThrow().plain();
            assertTrue(plain.startsWith("int[2000000] { 0, 0"), plain.substring(0, 30));
            assertTrue(plain.length() < 10_000, "length " + plain.length());
        }
    }
}
