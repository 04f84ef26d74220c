package dev.javacached.store.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.Comparator;
import org.junit.jupiter.api.Test;

/** The comparator behind the round-trip guarantee: every difference it must see, and none it must not. */
class RoundTripTest {
    private static Optional<String> diff(Object a, Object b) {
        return RoundTrip.difference(a, b, Class::getSimpleName);
    }

    private static void assertSame(Object a, Object b) {
        assertEquals(Optional.empty(), diff(a, b));
    }

    private static void assertDiffers(Object a, Object b, String expectedPart) {
        Optional<String> d = diff(a, b);
        assertTrue(d.isPresent(), "expected a difference");
        assertTrue(d.get().contains(expectedPart), d.get());
    }

    static final class Node implements Serializable {
        Node parent;
        int v;
        transient double[] cache;

        Node(Node parent, int v) {
            this.parent = parent;
            this.v = v;
        }
    }

    @Test
    void equalGraphs_areTheSame() {
        Node a = new Node(null, 1);
        Node b = new Node(null, 1);
        assertSame(List.of(a, new BigDecimal("1.50"), "x", 3.0), List.of(b, new BigDecimal("1.50"), "x", 3.0));
        assertSame(new Random(42), new Random(42));
    }

    @Test
    void hashMapTableSize_differs() {
        HashMap<String, Integer> big = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            big.put("k" + i, i);
        }
        big.keySet().removeIf(k -> !k.equals("k1") && !k.equals("k2"));
        HashMap<String, Integer> small = new HashMap<>(big);
        assertDiffers(big, small, "HashMap.threshold");
    }

    @Test
    void accessOrder_differs() {
        LinkedHashMap<String, Integer> lru = new LinkedHashMap<>(16, .75f, true);
        LinkedHashMap<String, Integer> plain = new LinkedHashMap<>(16, .75f, false);
        assertDiffers(lru, plain, "accessOrder");
    }

    @Test
    void iterationOrder_differs() {
        Map<String, Integer> a = new LinkedHashMap<>();
        a.put("x", 1);
        a.put("y", 2);
        Map<String, Integer> b = new LinkedHashMap<>();
        b.put("y", 2);
        b.put("x", 1);
        assertDiffers(a, b, "key 0");
    }

    @Test
    void sharing_differs() {
        List<Integer> inner = new ArrayList<>(List.of(1));
        List<Object> shared = new ArrayList<>(List.of(inner, inner));
        List<Object> split = new ArrayList<>(List.of(new ArrayList<>(inner), new ArrayList<>(inner)));
        assertDiffers(shared, split, "two objects");
        assertDiffers(split, shared, "came back as one");
    }

    @Test
    void cycles_terminate() {
        List<Object> a = new ArrayList<>();
        a.add(a);
        List<Object> b = new ArrayList<>();
        b.add(b);
        assertSame(a, b);
    }

    @Test
    void unpairedSurrogate_differs() {
        String s = "a\uD83D\uDE00".substring(0, 2);
        assertDiffers(s, "a?", "\\ud83d");
    }

    @Test
    void transientField_ofNotebookClass_isCompared() {
        Node a = new Node(null, 1);
        a.cache = new double[] {1};
        Node b = new Node(null, 1);
        assertDiffers(a, b, "Node.cache (transient)");
    }

    @Test
    void negativeZero_andNaNPayloads_differ() {
        assertDiffers(0.0, -0.0, "Double");
        assertDiffers(new BigDecimal("1.5"), new BigDecimal("1.50"), "BigDecimal");
    }

    @Test
    void comparator_differs() {
        TreeMap<String, Integer> a = new TreeMap<>(Comparator.reverseOrder());
        TreeMap<String, Integer> b = new TreeMap<>();
        assertDiffers(a, b, "comparator");
    }

    @Test
    void deepLinkedChain_doesNotOverflow() {
        Node a = null;
        Node b = null;
        for (int i = 0; i < 200_000; i++) {
            a = new Node(a, i);
            b = new Node(b, i);
        }
        assertSame(a, b);
    }
}
