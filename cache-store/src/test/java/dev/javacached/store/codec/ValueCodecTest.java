package dev.javacached.store.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javacached.store.ClassResolver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ValueCodecTest {
    record Point(double x, int[] tags, String label) {
    }

    record Outer(List<Point> points, Map<String, Long> counts) {
    }

    static final class Box implements Serializable {
        final List<Integer> items = new ArrayList<>(List.of(1, 2, 3));
        final TreeSet<String> names = new TreeSet<>(Set.of("a", "b"));
    }

    static final class Other implements Serializable {
        int v = 3;
    }

    static final class Holder implements Serializable {
        Object inner = new Other();
    }

    private record Bytes(byte[] data, ValueCodec.Encoded enc) {
    }

    private static Bytes encode(Object v) throws Exception {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        ValueCodec.Encoded enc = ValueCodec.encode(v, ClassResolver.DEFAULT, new Output(100, chunk -> {
            byte[] b = new byte[chunk.remaining()];
            chunk.get(b);
            bos.write(b);
        }));
        return new Bytes(bos.toByteArray(), enc);
    }

    private static Object roundtrip(Object v) throws Exception {
        Bytes b = encode(v);
        return ValueCodec.decode(new Input(b.data()), ClassResolver.DEFAULT, b.enc().classes());
    }

    @Test
    void roundtrip_primitiveArrays_areEqual() throws Exception {
        double[] d = {1.5, -0.0, Double.NaN};
        assertArrayEquals(d, (double[]) roundtrip(d));
        assertArrayEquals(new long[] {Long.MIN_VALUE, 7}, (long[]) roundtrip(new long[] {Long.MIN_VALUE, 7}));
        assertArrayEquals(new int[] {1, 2, 3}, (int[]) roundtrip(new int[] {1, 2, 3}));
        assertArrayEquals(new float[] {1f, 2.5f}, (float[]) roundtrip(new float[] {1f, 2.5f}));
        assertArrayEquals(new byte[] {-1, 0, 1}, (byte[]) roundtrip(new byte[] {-1, 0, 1}));
        assertArrayEquals(new short[] {-3, 300}, (short[]) roundtrip(new short[] {-3, 300}));
        assertArrayEquals(new char[] {'h', 'é'}, (char[]) roundtrip(new char[] {'h', 'é'}));
        assertArrayEquals(new boolean[] {true, false}, (boolean[]) roundtrip(new boolean[] {true, false}));
        // arrays larger than the 100-byte chunk cross chunk boundaries
        long[] many = new long[1001];
        Arrays.setAll(many, i -> i * 31L);
        assertArrayEquals(many, (long[]) roundtrip(many));
    }

    @Test
    void roundtrip_scalarsAndStrings_areEqual() throws Exception {
        for (Object v : new Object[] {"héllo ☃", 1, 2L, 3.0, 4f, (byte) 5, (short) 6, 'c', true, false, null}) {
            assertEquals(v, roundtrip(v));
        }
    }

    @Test
    void roundtrip_nestedCollectionsMapsRecords_keepTypes() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("list", new ArrayList<>(List.of(1, "two", List.of(3.0))));
        m.put("linked", new LinkedList<>(List.of(1L)));
        m.put("tree", new TreeMap<>(Map.of("b", 2, "a", 1)));
        m.put("hash", new HashMap<>(Map.of(1, Set.of("x"))));
        m.put("asList", Arrays.asList("p", "q"));
        Object back = roundtrip(m);
        assertEquals(m, back);
        assertEquals(LinkedHashMap.class, back.getClass());
        Map<?, ?> mb = (Map<?, ?>) back;
        assertEquals(TreeMap.class, mb.get("tree").getClass());
        assertEquals(LinkedList.class, mb.get("linked").getClass());

        Outer o = new Outer(List.of(new Point(1.5, new int[] {4}, "p")), Map.of("n", 9L));
        Outer ob = (Outer) roundtrip(o);
        assertEquals(1.5, ob.points().get(0).x());
        assertArrayEquals(new int[] {4}, ob.points().get(0).tags());
        assertEquals(o.counts(), ob.counts());
    }

    @Test
    void roundtrip_serializableFallback_works() throws Exception {
        Box b = (Box) roundtrip(new Box());
        assertEquals(List.of(1, 2, 3), b.items);
        assertEquals(Set.of("a", "b"), b.names);
        Bytes enc = encode(new Box());
        assertTrue(enc.enc().classes().containsKey(Box.class.getName()), enc.enc().classes().toString());
    }

    @Test
    void decode_classNotRecorded_isRejectedByFilter() throws Exception {
        Bytes b = encode(new Holder());
        Map<String, String> without = new HashMap<>(b.enc().classes());
        without.remove(Other.class.getName());
        assertThrows(IOException.class, () -> ValueCodec.decode(new Input(b.data()), ClassResolver.DEFAULT, without));
        // the same table with a resolver answering for the missing name still fails: the filter
        // admits only classes the entry recorded
        ClassResolver sneaky = n -> n.equals("x") ? Other.class : ClassResolver.DEFAULT.resolve(n);
        Map<String, String> renamed = new HashMap<>(without);
        renamed.put("unrelated", "x");
        assertThrows(IOException.class, () -> ValueCodec.decode(new Input(b.data()), sneaky, renamed));
    }

    @Test
    void decode_resolverMapsRecordedNameToNewClass_usesLocalDescriptor() throws Exception {
        // Simulates a notebook class re-declared under a new generated name: the stream names
        // Other, the resolver now answers with Other2 (same shape, different computed SUID).
        Bytes b = encode(new Other());
        Map<String, String> classes = new HashMap<>(b.enc().classes());
        classes.put(Other.class.getName(), "Notebook.Other");
        ClassResolver moved = n -> n.equals("Notebook.Other") ? Other2.class : ClassResolver.DEFAULT.resolve(n);
        Object v = ValueCodec.decode(new Input(b.data()), moved, classes);
        assertEquals(3, ((Other2) v).v);
    }

    static final class Other2 implements Serializable {
        int v;
    }

    @Test
    void encode_notStorable_throwsReason() {
        NotStorableException e = assertThrows(NotStorableException.class, () -> encode(new Object()));
        assertEquals("java.lang.Object is not serializable", e.getMessage());
        List<Object> self = new ArrayList<>();
        self.add(self);
        assertThrows(NotStorableException.class, () -> encode(self));
    }

    @Test
    void decode_truncatedOrHugeLength_isCorruptNotOom() throws Exception {
        Bytes b = encode(new double[10]);
        byte[] cut = Arrays.copyOf(b.data(), b.data().length - 3);
        assertThrows(CorruptValueException.class, () -> ValueCodec.decode(new Input(cut), ClassResolver.DEFAULT, Map.of()));
        byte[] huge = b.data().clone();
        huge[1] = (byte) 0xFF;
        huge[2] = (byte) 0xFF;
        huge[3] = (byte) 0xFF;
        huge[4] = (byte) 0x7F;
        assertThrows(CorruptValueException.class, () -> ValueCodec.decode(new Input(huge), ClassResolver.DEFAULT, Map.of()));
    }

    enum Shade { LIGHT, DARK }

    @Test
    void roundtrip_enumSet_isEqual() throws Exception {
        java.util.EnumSet<Shade> set = java.util.EnumSet.of(Shade.DARK);
        assertEquals(set, roundtrip(set));
    }
}
