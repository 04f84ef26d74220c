package dev.javacached.store.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.javacached.store.ClassResolver;
import dev.javacached.store.EntryInfo;
import dev.javacached.store.Lookup;
import dev.javacached.store.PutResult;
import dev.javacached.store.RocksCacheStore;
import java.io.Externalizable;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInput;
import java.io.ObjectInputStream;
import java.io.ObjectOutput;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.Vector;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The round-trip guarantee over 50 value kinds: each is stored in a real store, read back by a new
 * store instance with a fresh codec (as a restarted kernel would), and compared with the live value
 * by content, class, field, iteration order and identity structure. Values that cannot come back
 * the same are refused, each with its reason.
 */
class ValueKindsTest {
    @TempDir
    Path dir;

    // ---- classes a notebook would declare (here: plain test classes) ----

    /** Not Serializable, final fields, no no-arg constructor. */
    static final class Row {
        final String name;
        final double[] xs;

        Row(String name, double... xs) {
            this.name = name;
            this.xs = xs;
        }
    }

    /** Not Serializable, a transient field set by an initializer. */
    static final class Cached {
        int n = 2;
        transient List<String> memo = new ArrayList<>(List.of("m"));
    }

    record Point(double x, double y, String label) {
    }

    record Segment(Point from, Point to, List<Point> via) {
    }

    enum Color {
        RED, GREEN { @Override public String toString() { return "g"; } }, BLUE
    }

    static final class Node implements Serializable {
        Node parent;
        int v;

        Node(Node parent, int v) {
            this.parent = parent;
            this.v = v;
        }
    }

    static final class Custom implements Serializable {
        int[] data;
        transient int sum;

        Custom(int... data) {
            this.data = data;
            this.sum = Arrays.stream(data).sum();
        }

        private void writeObject(java.io.ObjectOutputStream out) throws IOException {
            out.defaultWriteObject();
        }

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            sum = Arrays.stream(data).sum(); // rebuilds its transient state
        }
    }

    /** readObject without writeObject, plus a transient field: Fory 0.14.0 cannot decode its own bytes. */
    static final class ReadOnlyHook implements Serializable {
        int[] data = {1, 2};
        transient int sum = 3;

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            sum = 3;
        }
    }

    static final class Proxied implements Serializable {
        final String text;

        Proxied(String text) {
            this.text = text;
        }

        private Object writeReplace() {
            return new Form(text.toUpperCase());
        }
    }

    static final class Form implements Serializable {
        final String upper;

        Form(String upper) {
            this.upper = upper;
        }

        private Object readResolve() {
            return new Proxied(upper.toLowerCase());
        }
    }

    static final class Ext implements Externalizable {
        String s;
        long n;

        public Ext() {
        }

        Ext(String s, long n) {
            this.s = s;
            this.n = n;
        }

        @Override
        public void writeExternal(ObjectOutput out) throws IOException {
            out.writeUTF(s);
            out.writeLong(n);
        }

        @Override
        public void readExternal(ObjectInput in) throws IOException {
            s = in.readUTF();
            n = in.readLong();
        }
    }

    /** Serializable whose transient state is set by a constructor and never rebuilt (like rapaio's VarDouble). */
    static final class Broken implements Serializable {
        final int size;
        transient double[] values;

        Broken(int size) {
            this.size = size;
            this.values = new double[size];
        }
    }

    /** A key with identity hashing: its bucket differs in every run. */
    static final class Key {
        final int id;

        Key(int id) {
            this.id = id;
        }
    }

    // ---- the kinds ----

    static Map<String, Object> kinds() {
        Map<String, Object> k = new LinkedHashMap<>();
        k.put("double[]", new double[] {1.5, -0.0, Double.NaN, Double.MIN_VALUE});
        k.put("long[]", new long[] {Long.MIN_VALUE, 0, 7});
        k.put("int[][] jagged", new int[][] {{1}, {}, {2, 3, 4}, null});
        k.put("String ascii", "plain");
        k.put("String emoji", "a😀b");
        k.put("String lone high surrogate", "x😀".substring(0, 2));
        k.put("String lone low surrogate", "😀y".substring(1));
        k.put("String control and NUL", "a\u0000b\u0007\r\n\t");
        k.put("boxes", new ArrayList<>(Arrays.asList(1, 2L, 3.0, 4f, (byte) 5, (short) 6, 'c', true, null)));
        k.put("negative zero and NaN", new ArrayList<>(List.of(-0.0, Double.NaN, Float.NaN)));
        k.put("ArrayList mixed", new ArrayList<>(List.of("a", 1, List.of(2.5))));
        k.put("LinkedList", new LinkedList<>(List.of(3, 1, 2)));
        k.put("HashMap from toMap", IntStream.range(0, 1000).boxed()
                .collect(Collectors.toMap(i -> "k" + i, i -> i)));
        HashMap<String, Integer> shrunk = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            shrunk.put("k" + i, i);
        }
        shrunk.keySet().removeIf(key -> Integer.parseInt(key.substring(1)) >= 10);
        k.put("HashMap grown then shrunk", shrunk);
        k.put("HashMap groupingBy", IntStream.range(0, 200).boxed()
                .collect(Collectors.groupingBy(i -> "g" + (i % 7))));
        k.put("HashMap empty, presized", new HashMap<>(64));
        LinkedHashMap<String, Integer> lru = new LinkedHashMap<>(16, .75f, true);
        for (int i = 0; i < 5; i++) {
            lru.put("e" + i, i);
        }
        lru.get("e1");
        lru.get("e0");
        k.put("LinkedHashMap access order", lru);
        LinkedHashMap<String, Integer> ins = new LinkedHashMap<>();
        ins.put("z", 1);
        ins.put("a", 2);
        k.put("LinkedHashMap insertion order", ins);
        k.put("TreeMap natural", new TreeMap<>(Map.of("b", 2, "a", 1)));
        TreeMap<String, Integer> rev = new TreeMap<>(Comparator.reverseOrder());
        rev.putAll(Map.of("b", 2, "a", 1, "c", 3));
        k.put("TreeMap reverse", rev);
        k.put("HashSet", new HashSet<>(List.of("x", "y", "zz")));
        k.put("LinkedHashSet", new LinkedHashSet<>(List.of("q", "a", "m")));
        k.put("TreeSet", new TreeSet<>(List.of(5, 1, 3)));
        k.put("List.of", List.of(1, 2, 3));
        k.put("Set.of", Set.of("a", "b", "c"));
        k.put("Map.of", Map.of("a", 1, "b", 2));
        k.put("Arrays.asList", Arrays.asList("p", "q"));
        k.put("unmodifiableList", Collections.unmodifiableList(new ArrayList<>(List.of(1, 2))));
        k.put("synchronizedMap", Collections.synchronizedMap(new HashMap<>(Map.of("s", 1))));
        k.put("ConcurrentHashMap", new ConcurrentHashMap<>(Map.of("c", 1, "d", 2)));
        k.put("CopyOnWriteArrayList", new CopyOnWriteArrayList<>(List.of(1, 2)));
        k.put("Vector", new Vector<>(List.of(1, 2, 3)));
        k.put("ArrayDeque", new ArrayDeque<>(List.of(1, 2, 3)));
        PriorityQueue<Integer> pq = new PriorityQueue<>(Comparator.reverseOrder());
        pq.addAll(List.of(4, 9, 1, 7));
        k.put("PriorityQueue reverse", pq);
        EnumMap<Color, String> em = new EnumMap<>(Color.class);
        em.put(Color.BLUE, "b");
        em.put(Color.RED, "r");
        k.put("EnumMap", em);
        k.put("EnumSet", EnumSet.of(Color.RED, Color.BLUE));
        k.put("enum with a body", Color.GREEN);
        BitSet bits = new BitSet();
        bits.set(3);
        bits.set(700);
        k.put("BitSet", bits);
        k.put("Optional.of", Optional.of(new Row("opt", 1)));
        k.put("Optional.empty", Optional.empty());
        k.put("BigDecimal and BigInteger", new ArrayList<>(List.of(new BigDecimal("1.2300"), new BigInteger("123456789012345678901234567890"))));
        k.put("java.time", new ArrayList<>(List.of(LocalDate.of(2024, 2, 29), Instant.ofEpochSecond(1, 5),
                Duration.ofMillis(1500), LocalDateTime.of(2020, 1, 1, 0, 0),
                ZonedDateTime.of(2020, 6, 1, 12, 0, 0, 0, ZoneId.of("Europe/Paris")))));
        k.put("UUID", UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
        k.put("java.util.Date", new java.util.Date(1_700_000_000_000L));
        StringBuilder sb = new StringBuilder(100);
        sb.append("built");
        k.put("StringBuilder", sb);
        k.put("AtomicLong", new AtomicLong(42));
        Random seeded = new Random(42);
        seeded.nextInt();
        k.put("Random seeded and advanced", seeded);
        k.put("record graph", new Segment(new Point(0, 0, "o"), new Point(1, 1, "p"),
                List.of(new Point(0.5, 0.5, "mid"))));
        k.put("plain class, final fields, no no-arg constructor", new Row("r", 1, 2, 3));
        k.put("Serializable with readObject", new Custom(1, 2, 3));
        k.put("writeReplace/readResolve", new Proxied("proxy"));
        k.put("Externalizable", new Ext("e", 9));
        List<Integer> inner = new ArrayList<>(List.of(1));
        k.put("one list held twice", new ArrayList<>(List.of(inner, inner)));
        List<Object> cycle = new ArrayList<>();
        cycle.add("head");
        cycle.add(cycle);
        k.put("a list containing itself", cycle);
        List<Node> nodes = new ArrayList<>();
        Node root = new Node(null, 0);
        nodes.add(root);
        for (int i = 1; i < 1000; i++) {
            nodes.add(new Node(nodes.get(i / 2), i));
        }
        k.put("1000 linked Serializable nodes", nodes);
        Map<String, Integer> surrogateKeys = new HashMap<>();
        surrogateKeys.put("k\uD800", 1);
        surrogateKeys.put("k\uD801", 2);
        k.put("map keys differing in a lone surrogate", surrogateKeys);
        k.put("Object[] mixed", new Object[] {1, "s", new int[] {2}, null, Color.RED});
        k.put("Guava ImmutableList (proxy)", ImmutableList.of("g", "u"));
        k.put("Guava ImmutableMap (proxy)", ImmutableMap.of("a", 1, "b", 2));
        try {
            k.put("Jackson JsonNode", new ObjectMapper().readTree("{\"a\":[1,2.5,\"x\"],\"b\":{\"c\":null}}"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
        ols.newSampleData(new double[] {1, 2, 3, 4.5, 5}, new double[][] {{1, 0}, {2, 1}, {3, 1}, {4, 3}, {5, 2}});
        k.put("commons-math OLS regression", ols);
        k.put("records, 60,000 in a list", IntStream.range(0, 60_000).mapToObj(i -> new Point(i, -i, "p" + i))
                .collect(Collectors.toCollection(ArrayList::new)));
        Map<String, double[]> series = new HashMap<>();
        for (int i = 0; i < 2000; i++) {
            series.put("s" + i, new double[] {i, i / 2.0});
        }
        k.put("HashMap<String, double[]>", series);
        return k;
    }

    private static EntryInfo info(String name) {
        return new EntryInfo(name, "Object", 1_000_000, Map.of(), new byte[0]);
    }

    @Test
    void everyKind_storedAndReadByAFreshStore_isTheSameGraph() throws Exception {
        Map<String, Object> kinds = kinds();
        assertTrue(kinds.size() >= 50, "kinds: " + kinds.size());
        List<String> keys = new ArrayList<>();
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            int i = 0;
            for (Map.Entry<String, Object> e : kinds.entrySet()) {
                String key = String.format("%064x", i++);
                keys.add(key);
                PutResult r = s.put(key, info(e.getKey()), e.getValue(), ClassResolver.DEFAULT);
                assertInstanceOf(PutResult.Stored.class, r, e.getKey() + ": " + r);
            }
        }
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            int i = 0;
            for (Map.Entry<String, Object> e : kinds.entrySet()) {
                Lookup l = s.get(keys.get(i++), ClassResolver.DEFAULT);
                Lookup.Hit hit = assertInstanceOf(Lookup.Hit.class, l, e.getKey() + ": " + l);
                assertEquals(Optional.empty(), RoundTrip.difference(e.getValue(), hit.value(), Class::getName), e.getKey());
            }
        }
    }

    private Object storeAndRead(Object v) throws Exception {
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            PutResult r = s.put("k".repeat(64), info("v"), v, ClassResolver.DEFAULT);
            assertInstanceOf(PutResult.Stored.class, r, r.toString());
        }
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            return assertInstanceOf(Lookup.Hit.class, s.get("k".repeat(64), ClassResolver.DEFAULT)).value();
        }
    }

    static final class Chain {
        Chain next;
        final int v;

        Chain(int v) {
            this.v = v;
        }
    }

    @Test
    void linkedListOf5000Nodes_deeperThanTheCallersStack_isStored() throws Exception {
        Chain head = new Chain(0);
        Chain at = head;
        for (int i = 1; i < 5000; i++) {
            at.next = new Chain(i);
            at = at.next;
        }
        Chain back = (Chain) storeAndRead(head);
        int n = 0;
        for (Chain c = back; c != null; c = c.next) {
            assertEquals(n++, c.v);
        }
        assertEquals(5000, n);
    }

    /** Each element once, one stream: the old codec wrote each Serializable element through its own stream (4.9 MB here). */
    @Test
    void linkedSerializableNodes_keepTheirLinks_inSpaceLinearInTheirNumber() throws Exception {
        List<Node> nodes = new ArrayList<>();
        nodes.add(new Node(null, 0));
        for (int i = 1; i < 1000; i++) {
            nodes.add(new Node(nodes.get(i - 1), i));
        }
        long size;
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            PutResult r = s.put("n".repeat(64), info("nodes"), nodes, ClassResolver.DEFAULT);
            size = assertInstanceOf(PutResult.Stored.class, r, r.toString()).meta().sizeBytes();
        }
        assertTrue(size < 40_000, "1,000 nodes took " + size + " bytes");
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            List<?> back = (List<?>) assertInstanceOf(Lookup.Hit.class, s.get("n".repeat(64), ClassResolver.DEFAULT)).value();
            for (int i = 1; i < 1000; i++) {
                assertSame(back.get(i - 1), ((Node) back.get(i)).parent);
            }
        }
    }

    /** Throws an Error from its own serialization hooks when told to. */
    static final class Throws implements Serializable {
        static volatile boolean onWrite;
        static volatile boolean onRead;
        int v = 1;

        private void writeObject(java.io.ObjectOutputStream out) throws IOException {
            if (onWrite) {
                throw new AssertionError("writeObject refuses");
            }
            out.defaultWriteObject();
        }

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            if (onRead) {
                throw new AssertionError("readObject refuses");
            }
            in.defaultReadObject();
        }
    }

    @Test
    void errorsFromAClassesOwnHooks_meanNotStoredOrUnusable_neverAnEscape() throws Exception {
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            Throws.onWrite = true;
            PutResult r = s.put("w".repeat(64), info("w"), new ArrayList<>(List.of(new Throws())), ClassResolver.DEFAULT);
            assertTrue(assertInstanceOf(PutResult.NotStorable.class, r).reason().contains("writeObject refuses"), r.toString());
            Throws.onWrite = false;
            assertInstanceOf(PutResult.Stored.class, s.put("r".repeat(64), info("r"), new ArrayList<>(List.of(new Throws())),
                    ClassResolver.DEFAULT));
        }
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            Throws.onRead = true;
            Lookup l = s.get("r".repeat(64), ClassResolver.DEFAULT);
            assertInstanceOf(Lookup.Unusable.class, l, l.toString());
        } finally {
            Throws.onRead = false;
        }
    }

    @Test
    void lruMap_behavesAsAnLruAfterRestore() throws Exception {
        LinkedHashMap<String, Integer> lru = new LinkedHashMap<>(16, .75f, true);
        lru.put("a", 1);
        lru.put("b", 2);
        lru.put("c", 3);
        @SuppressWarnings("unchecked")
        LinkedHashMap<String, Integer> back = (LinkedHashMap<String, Integer>) storeAndRead(lru);
        for (Map<String, Integer> m : List.of(lru, back)) {
            m.get("a");
            m.put("d", 4);
        }
        assertEquals(List.of("b", "c", "a", "d"), new ArrayList<>(back.keySet()));
        assertEquals(new ArrayList<>(lru.keySet()), new ArrayList<>(back.keySet()));
    }

    @Test
    void sharedList_staysOneObject_andLinkedNodesKeepTheirParents() throws Exception {
        List<Integer> inner = new ArrayList<>(List.of(1));
        List<?> back = (List<?>) storeAndRead(new ArrayList<>(List.of(inner, inner)));
        assertSame(back.get(0), back.get(1));
        @SuppressWarnings("unchecked")
        List<Integer> first = (List<Integer>) back.get(0);
        first.add(2);
        assertEquals(List.of(1, 2), back.get(1));
    }

    @Test
    void seededRandom_continuesTheSameSequence() throws Exception {
        Random r = new Random(7);
        r.nextDouble();
        Random back = (Random) storeAndRead(r);
        for (int i = 0; i < 5; i++) {
            assertEquals(r.nextLong(), back.nextLong());
        }
    }

    @Test
    void hashMapThatShrank_keepsItsIterationOrderAndItsFutureOrder() throws Exception {
        HashMap<String, Integer> m = new HashMap<>();
        for (int i = 0; i < 5000; i++) {
            m.put("k" + i, i);
        }
        m.keySet().removeIf(key -> key.length() > 3);
        @SuppressWarnings("unchecked")
        HashMap<String, Integer> back = (HashMap<String, Integer>) storeAndRead(m);
        assertEquals(new ArrayList<>(m.keySet()), new ArrayList<>(back.keySet()));
        m.put("new", 0);
        back.put("new", 0);
        assertEquals(new ArrayList<>(m.keySet()), new ArrayList<>(back.keySet()));
    }

    /** Values that cannot come back the same: refused, and the reason names what differs. */
    @Test
    void refusals_sayWhy() throws Exception {
        Map<String, Object[]> refused = new LinkedHashMap<>();
        refused.put("transient state not rebuilt", new Object[] {new Broken(3), "Broken.values (transient)"});
        Supplier<Integer> lambda = () -> 3;
        refused.put("a lambda", new Object[] {lambda, "lambda"});
        // Fory writes no transient field; a class that is not Serializable gets no readObject to rebuild it
        refused.put("plain class, transient field set by an initializer", new Object[] {new Cached(), "Cached.memo (transient)"});
        refused.put("a list holding a lambda", new Object[] {new ArrayList<>(List.of(lambda)), "lambda"});
        refused.put("readObject without writeObject, transient field (a Fory 0.14.0 bug)",
                new Object[] {new ReadOnlyHook(), "ReadOnlyHook.data"});
        refused.put("a thread", new Object[] {new Thread(() -> { }), "java.lang.Thread"});
        IdentityHashMap<Key, Integer> ids = new IdentityHashMap<>();
        for (int i = 0; i < 50; i++) {
            ids.put(new Key(i), i);
        }
        refused.put("IdentityHashMap", new Object[] {ids, "differ"});
        HashMap<Key, Integer> byIdentity = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            byIdentity.put(new Key(i), i);
        }
        refused.put("HashMap keyed by identity hash", new Object[] {byIdentity, "differ"});
        refused.put("WeakHashMap", new Object[] {new WeakHashMap<>(Map.of("w", 1)), "WeakHashMap"});
        refused.put("an open stream", new Object[] {InputStream.nullInputStream(), "InputStream"});
        try (RocksCacheStore s = RocksCacheStore.open(dir)) {
            for (Map.Entry<String, Object[]> e : refused.entrySet()) {
                PutResult r = s.put("r".repeat(64), info(e.getKey()), e.getValue()[0], ClassResolver.DEFAULT);
                PutResult.NotStorable ns = assertInstanceOf(PutResult.NotStorable.class, r, e.getKey() + ": " + r);
                assertTrue(ns.reason().contains((String) e.getValue()[1]), e.getKey() + ": " + ns.reason());
                assertInstanceOf(Lookup.Miss.class, s.get("r".repeat(64), ClassResolver.DEFAULT));
            }
        }
    }
}
