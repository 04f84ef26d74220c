package dev.javacached.kernel.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The walk behind the cache's store-time checks. A miss here is a stale value: a digest that
 * does not change when content does lets a snippet that changed another variable be stored
 * (its restore would skip the change), and a shared mutable object the walk does not see lets
 * a value be stored that a restore would copy apart from the variable it shares with. The
 * classes declared in this test stand in for notebook classes (they are outside the JDK's
 * named modules, so they are walked field by field, as notebook classes are).
 */
@Timeout(120)
class ObjectGraphTest {

    static final class Node {
        Node next;
        int value;
        Object payload;

        Node(int value) {
            this.value = value;
        }
    }

    record Pair(Object left, Object right) {
    }

    record Holder(int[] numbers, List<String> names) {
    }

    /** A notebook class extending a JDK collection: its JDK part is content too. */
    static final class Bag extends ArrayList<Object> {
        String label = "bag";
    }

    enum Color { RED, GREEN }

    /**
     * Builds a value twice and mutates one copy: the digests of the two builds are equal, and
     * the mutation changes the digest of the mutated one.
     */
    private static <T> void digestSeesChange(Supplier<T> build, Consumer<T> mutate) {
        T a = build.get();
        T b = build.get();
        String before = digest(a);
        assertEquals(before, digest(b), "the same content built twice must give the same digest");
        assertEquals(before, digest(a), "a digest must not depend on when it is taken");
        mutate.accept(a);
        assertNotEquals(before, digest(a), "a change of content must change the digest");
    }

    private static String digest(Object o) {
        ObjectGraph g = ObjectGraph.digestOf(o);
        assertFalse(g.tooLarge(), "the walk must not give up on a small value");
        return g.digest();
    }

    // ------------------------------------------------------------------ digests

    @Test
    void digest_primitiveArrays_seeEveryElement() {
        digestSeesChange(() -> new int[] {1, 2, 3}, a -> a[2] = 4);
        digestSeesChange(() -> new long[] {1, 2, 3}, a -> a[0] = -1);
        digestSeesChange(() -> new double[] {1.5, 2.5}, a -> a[1] = -0.0);
        digestSeesChange(() -> new float[] {1f, 2f}, a -> a[1] = Float.NaN);
        digestSeesChange(() -> new byte[] {1, 2}, a -> a[0] = 9);
        digestSeesChange(() -> new short[] {1, 2}, a -> a[0] = 9);
        digestSeesChange(() -> new char[] {'a', 'b'}, a -> a[1] = 'c');
        digestSeesChange(() -> new boolean[] {true, false}, a -> a[1] = true);
    }

    @Test
    void digest_negativeZeroAndZero_differ() {
        // a restore of -0.0 where 0.0 was computed would print differently (1 / x)
        assertNotEquals(digest(new double[] {0.0}), digest(new double[] {-0.0}));
    }

    @Test
    void digest_objectArraysAndNesting_seeDeepChanges() {
        digestSeesChange(() -> new Object[] {"a", new int[] {1}}, a -> ((int[]) a[1])[0] = 2);
        digestSeesChange(() -> new Object[][] {{"x"}, {"y"}}, a -> a[1][0] = "z");
    }

    @Test
    void digest_collectionsAndMaps_seeElementsAndValues() {
        digestSeesChange(() -> new ArrayList<>(List.of(1, 2)), l -> l.add(3));
        digestSeesChange(() -> new ArrayList<>(List.of("a", "b")), l -> l.set(0, "c"));
        digestSeesChange(() -> new HashMap<>(Map.of("k", 1)), m -> m.put("k", 2));
        digestSeesChange(() -> new TreeMap<>(Map.of("k", new ArrayList<>(List.of(1)))),
                m -> m.get("k").add(2));
    }

    @Test
    void digest_notebookClass_seesPrimitiveAndReferenceFields() {
        digestSeesChange(() -> new Node(1), n -> n.value = 2);
        digestSeesChange(() -> {
            Node n = new Node(1);
            n.payload = new ArrayList<>(List.of("x"));
            return n;
        }, n -> ((List<Object>) n.payload).add("y"));
    }

    @Test
    void digest_notebookClassExtendingJdkCollection_seesItsElements() {
        digestSeesChange(Bag::new, b -> b.add("x"));
        digestSeesChange(Bag::new, b -> b.label = "other");
    }

    @Test
    void digest_cycle_terminatesAndSeesChange() {
        digestSeesChange(() -> {
            Node a = new Node(1);
            Node b = new Node(2);
            a.next = b;
            b.next = a;
            return a;
        }, a -> a.next.value = 3);
        digestSeesChange(() -> {
            List<Object> self = new ArrayList<>();
            self.add(self);
            self.add("x");
            return self;
        }, l -> l.set(1, "y"));
    }

    @Test
    void digest_sharingChange_isAChange() {
        // [a, a] and [a, a'] hold equal contents but are different values: a later a.add(...)
        // shows in both elements of one and in one element of the other
        List<Object> shared = new ArrayList<>(List.of(1));
        List<Object> same = Arrays.asList(shared, shared);
        List<Object> apart = Arrays.asList(shared, new ArrayList<>(List.of(1)));
        assertNotEquals(digest(same), digest(apart));
    }

    @Test
    void digest_records_seeMutableComponents() {
        digestSeesChange(() -> new Holder(new int[] {1, 2}, new ArrayList<>(List.of("a"))), h -> h.numbers()[0] = 5);
        digestSeesChange(() -> new Holder(new int[] {1, 2}, new ArrayList<>(List.of("a"))), h -> h.names().add("b"));
    }

    @Test
    void digest_unmodifiableView_seesItsBackingList() {
        List<String> backing = new ArrayList<>(List.of("a"));
        List<String> view = Collections.unmodifiableList(backing);
        String before = digest(view);
        backing.add("b");
        assertNotEquals(before, digest(view), "a view's content is its backing list's");
    }

    @Test
    void digest_serializableJdkObject_seesContent() {
        digestSeesChange(() -> new StringBuilder("abc"), sb -> sb.setCharAt(0, 'x'));
        digestSeesChange(() -> new java.util.BitSet(), bits -> bits.set(3));
    }

    @Test
    void digest_leaves_byValue() {
        assertEquals(digest(new String("abc")), digest("abc"));
        assertNotEquals(digest("abc"), digest("abd"));
        assertNotEquals(digest(1), digest(1L), "an Integer and a Long are different values");
        assertNotEquals(digest(new BigDecimal("1.0")), digest(new BigDecimal("1.00")));
        UUID u = UUID.randomUUID();
        assertEquals(digest(u), digest(new UUID(u.getMostSignificantBits(), u.getLeastSignificantBits())));
        assertNotEquals(digest(LocalDate.of(2024, 1, 1)), digest(LocalDate.of(2024, 1, 2)));
        assertNotEquals(digest(Color.RED), digest(Color.GREEN));
        assertNotEquals(digest(Optional.of("a")), digest(Optional.of("b")));
        assertNotEquals(digest(null), digest("null"));
    }

    // ------------------------------------------------------------------ mutable objects and sharing

    @Test
    void mutableObjects_areTrackedByIdentity_leavesAreNot() {
        List<Object> inner = new ArrayList<>();
        String s = "shared string";
        List<Object> outer = new ArrayList<>(List.of(inner, s, 5, Color.RED));
        ObjectGraph g = ObjectGraph.mutableObjects(outer);
        assertTrue(g.containsMutable(outer));
        assertTrue(g.containsMutable(inner));
        assertFalse(g.containsMutable(s), "a string cannot change: sharing it is harmless");
        assertFalse(g.containsMutable(Color.RED));
        assertFalse(g.containsMutable(new ArrayList<>()), "identity, not equality");
    }

    @Test
    void search_findsSharedObject_throughArraysRecordsAndFields() {
        int[] shared = {1, 2, 3};
        ObjectGraph other = ObjectGraph.mutableObjects(new Object[] {"x", shared});
        assertSame(shared, ObjectGraph.search(new Pair("a", new Pair(shared, null)), other).found());
        Node n = new Node(1);
        n.payload = new Object[] {shared};
        assertSame(shared, ObjectGraph.search(n, other).found());
        assertNull(ObjectGraph.search(new Pair("x", new int[] {1, 2, 3}), other).found(),
                "an equal copy is not shared");
    }

    @Test
    void search_findsBackingListOfUnmodifiableView() {
        List<String> backing = new ArrayList<>(List.of("a"));
        ObjectGraph other = ObjectGraph.mutableObjects(backing);
        ObjectGraph g = ObjectGraph.search(Collections.unmodifiableList(backing), other);
        assertSame(backing, g.found(), "the view's backing list is the other variable's list");
    }

    @Test
    void search_findsSharedObjectInsideImmutableCollectionAndRecord() {
        List<Object> shared = new ArrayList<>();
        ObjectGraph other = ObjectGraph.mutableObjects(shared);
        assertSame(shared, ObjectGraph.search(List.of("a", shared), other).found());
        assertSame(shared, ObjectGraph.search(Map.of("k", shared), other).found());
        assertSame(shared, ObjectGraph.search(Optional.of(shared), other).found());
        assertSame(shared, ObjectGraph.search(new Pair(1, shared), other).found());
    }

    @Test
    void recordsAndImmutableCollections_areNotMutableThemselves() {
        Pair p = new Pair("a", "b");
        List<String> fixed = List.of("a");
        ObjectGraph g = ObjectGraph.mutableObjects(new Object[] {p, fixed});
        assertFalse(g.containsMutable(p));
        assertFalse(g.containsMutable(fixed));
        assertFalse(ObjectGraph.mutableObjects(p).hasMutable());
        assertTrue(ObjectGraph.mutableObjects(new Pair("a", new int[0])).hasMutable(),
                "a record holding an array holds something mutable");
    }

    @Test
    void search_inCycle_terminates() {
        Node a = new Node(1);
        a.next = a;
        ObjectGraph other = ObjectGraph.mutableObjects(new ArrayList<>());
        ObjectGraph g = ObjectGraph.search(a, other);
        assertNull(g.found());
        assertFalse(g.tooLarge());
    }

    // ------------------------------------------------------------------ where the walk cannot tell

    @Test
    void viewWithHiddenBacking_isOpaque() {
        List<Integer> backing = new ArrayList<>(List.of(1, 2, 3, 4));
        assertTrue(ObjectGraph.digestOf(backing.subList(1, 3)).opaque(),
                "a subList's backing list is not visible: the caller must assume the worst");
        assertTrue(ObjectGraph.mutableObjects(new HashMap<>(Map.of(1, 2)).keySet()).opaque());
        assertFalse(ObjectGraph.digestOf(new ArrayList<>(backing)).opaque());
    }

    @Test
    void nonSerializableJdkObject_isOpaque() {
        assertTrue(ObjectGraph.digestOf(new Object()).opaque());
        assertTrue(ObjectGraph.digestOf(new Thread(() -> { })).opaque());
    }

    @Test
    void timeAdjusterAroundANotebookFunction_isUnreadableNotALeaf() {
        // the JDK's java.time.temporal.TemporalAdjusters$$Lambda: it calls the function, which
        // holds a list; the walk cannot read the lambda's captured values, and says so
        List<LocalDate> seen = new ArrayList<>();
        java.time.temporal.TemporalAdjuster adj = java.time.temporal.TemporalAdjusters.ofDateAdjuster(d -> {
            seen.add(d);
            return d;
        });
        ObjectGraph g = ObjectGraph.digestOf(adj);
        assertTrue(g.unreadable() != null && g.unreadable().startsWith("java.time.temporal.TemporalAdjusters"),
                String.valueOf(g.unreadable()));
        assertTrue(g.opaque());
        assertTrue(ObjectGraph.mutableObjects(adj).containsMutable(adj), "it may change: tracked by identity");
        assertTrue(ObjectGraph.digestOf(new ArrayList<>(List.of(LocalDate.EPOCH, adj))).unreadable() != null,
                "met inside a collection");
        assertTrue(ObjectGraph.digestOf(Collections.unmodifiableList(new ArrayList<>(List.of(adj)))).unreadable()
                != null, "met inside a view walked by serialization");
        java.util.function.Function<Integer, Integer> inc = x -> x + 1;
        assertTrue(ObjectGraph.digestOf(inc.andThen(inc)).unreadable() != null, "any JDK lambda holding references");
    }

    @Test
    void valueBasedTimeClasses_areLeaves_otherTimeObjectsAreNot() {
        java.time.ZoneId paris = java.time.ZoneId.of("Europe/Paris");
        Object[] leaves = {LocalDate.EPOCH, java.time.Instant.EPOCH, java.time.Duration.ofSeconds(1),
                java.time.ZonedDateTime.of(2024, 1, 1, 9, 0, 0, 0, paris), paris, java.time.ZoneOffset.UTC,
                java.time.Period.ofDays(1), java.time.YearMonth.of(2024, 1), java.time.chrono.JapaneseDate.of(2024, 1, 1),
                java.time.temporal.TemporalAdjusters.next(java.time.DayOfWeek.MONDAY)};
        for (Object leaf : leaves) {
            ObjectGraph g = ObjectGraph.mutableObjects(leaf);
            assertFalse(g.hasMutable() || g.opaque() || g.unreadable() != null, () -> leaf.getClass().getName());
        }
        assertNotEquals(digest(java.time.ZonedDateTime.of(2024, 1, 1, 9, 0, 0, 0, paris)),
                digest(java.time.ZonedDateTime.of(2024, 1, 1, 9, 0, 0, 0, java.time.ZoneId.of("Europe/Berlin"))));
        // a clock is walked like other JDK objects (serializable: by its content)
        java.time.Clock fixed = java.time.Clock.fixed(java.time.Instant.EPOCH, java.time.ZoneOffset.UTC);
        assertTrue(ObjectGraph.mutableObjects(fixed).containsMutable(fixed));
        assertNotEquals(digest(fixed), digest(java.time.Clock.fixed(java.time.Instant.EPOCH.plusSeconds(1),
                java.time.ZoneOffset.UTC)));
    }

    @Test
    void tooDeep_givesUp() {
        Node head = new Node(0);
        Node n = head;
        for (int i = 1; i < 5_000; i++) {
            n.next = new Node(i);
            n = n.next;
        }
        assertTrue(ObjectGraph.digestOf(head).tooLarge());
        assertTrue(ObjectGraph.mutableObjects(head).tooLarge());
    }

    @Test
    void tooManyObjects_givesUp() {
        Object[] many = new Object[ObjectGraph.MAX_OBJECTS + 1];
        for (int i = 0; i < many.length; i++) {
            many[i] = new int[0];
        }
        assertTrue(ObjectGraph.mutableObjects(many).tooLarge());
    }

    @Test
    void jdkEnum_isALeaf() {
        assertFalse(ObjectGraph.mutableObjects(TimeUnit.SECONDS).hasMutable());
    }
}
