package dev.javacached.kernel.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javacached.store.ClassResolver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntUnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The content digest of a memoized call's arguments. */
class ArgumentDigestTest {
    private static String hex(Object v) {
        return assertInstanceOf(ArgumentDigest.Digest.class, ArgumentDigest.of(v, ClassResolver.DEFAULT)).hex();
    }

    private static String reason(Object v) {
        return assertInstanceOf(ArgumentDigest.NotDigestible.class, ArgumentDigest.of(v, ClassResolver.DEFAULT)).reason();
    }

    record Point(int x, double y) {
    }

    @Test
    void of_equalContent_equalDigest_otherContent_otherDigest() {
        assertEquals(hex(new double[] {1, 2, 3}), hex(new double[] {1, 2, 3}));
        assertNotEquals(hex(new double[] {1, 2, 3}), hex(new double[] {1, 2, 4}));
        assertEquals(hex(new ArrayList<>(List.of("a", "b"))), hex(new ArrayList<>(List.of("a", "b"))));
        assertNotEquals(hex(new ArrayList<>(List.of("a", "b"))), hex(new ArrayList<>(List.of("b", "a"))));
        assertEquals(hex(new Point(1, 2.5)), hex(new Point(1, 2.5)));
        assertNotEquals(hex(new Point(1, 2.5)), hex(new Point(1, 2.25)));
        Map<String, double[]> m1 = new HashMap<>(Map.of("k", new double[] {1}));
        Map<String, double[]> m2 = new HashMap<>(Map.of("k", new double[] {1}));
        assertEquals(hex(m1), hex(m2));
    }

    @Test
    void of_typesAreTellApart() {
        assertNotEquals(hex(1), hex(1L));
        assertNotEquals(hex(1.0), hex(1.0f));
        assertNotEquals(hex("1"), hex(1));
        assertNotEquals(hex(0.0), hex(-0.0));
        assertNotEquals(hex(null), hex("N"));
        assertNotEquals(hex(new int[] {1}), hex(new long[] {1}));
        // a long string goes through the codec, a short one not: still equal content, equal digest
        String longer = "x".repeat(10_000);
        assertEquals(hex(longer), hex(new String(longer.toCharArray())));
    }

    @Test
    void of_streamsLocksAndLambdas_haveNoDigest() {
        assertTrue(reason(IntStream.range(0, 3)).contains("stream"), reason(IntStream.range(0, 3)));
        assertTrue(reason(new ReentrantLock()).contains("lock"));
        IntUnaryOperator doubled = v -> v * 2;
        reason(doubled);
        reason(new ReentrantLock());
        reason(new Object[] {Thread.currentThread()});
    }
}
