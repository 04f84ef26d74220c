package dev.javacached.store.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.javacached.store.ClassResolver;
import java.io.ByteArrayOutputStream;
import java.io.Externalizable;
import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectInputStream;
import java.io.ObjectOutput;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The codec's own behaviour: the fast paths, the class table and the allow-list, refusals.
 * The 40+ value kinds stored through a real store are in {@code dev.javacached.store.ValueKindsTest}.
 */
class ValueCodecTest {
    record Bytes(byte[] data, ValueCodec.Encoded enc) {
    }

    static Bytes encode(Object v) throws Exception {
        return encode(v, ClassResolver.DEFAULT);
    }

    static Bytes encode(Object v, ClassResolver resolver) throws Exception {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        ValueCodec.Encoded enc = ValueCodec.encode(v, resolver, new Output(100, chunk -> {
            byte[] b = new byte[chunk.remaining()];
            chunk.get(b);
            bos.write(b);
        }));
        return new Bytes(bos.toByteArray(), enc);
    }

    static Object roundtrip(Object v) throws Exception {
        Bytes b = encode(v);
        return ValueCodec.decode(new Input(b.data()), ClassResolver.DEFAULT, b.enc().classes());
    }

    @Test
    void fastPaths_areExactAndPure() throws Exception {
        long[] many = new long[1001]; // crosses the 100-byte chunks
        Arrays.setAll(many, i -> i * 31L);
        String lone = "a\uD83D\uDE00".substring(0, 2);
        for (Object v : new Object[] {new double[] {1.5, -0.0, Double.NaN}, many, new int[] {1, 2}, new float[] {2.5f},
                new byte[] {-1, 0}, new short[] {300}, new char[] {'é', '\uDC00'}, new boolean[] {true},
                "héllo ☃", lone, "\uDE00x", "", 1, 2L, -0.0, Double.NaN, 4f, (byte) 5, (short) 6, 'c', true}) {
            Bytes b = encode(v);
            assertTrue(b.enc().pure(), v.getClass().getName());
            assertEquals(Optional.empty(), RoundTrip.difference(v, roundtrip(v), Class::getName));
        }
    }

    @Test
    void string_unpairedSurrogate_keepsEveryUnit() throws Exception {
        String lone = "x😀😀😀".substring(0, 4); // ends with a high surrogate
        assertEquals(lone, roundtrip(lone));
        assertEquals(List.of(lone, "\uDC00"), roundtrip(new ArrayList<>(List.of(lone, "\uDC00"))));
    }

    static final class Counted implements Serializable {
        static final AtomicInteger MADE = new AtomicInteger();
        static final AtomicInteger READ = new AtomicInteger();
        int v = 3;

        Counted() {
            MADE.incrementAndGet();
        }

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            READ.incrementAndGet();
            in.defaultReadObject();
        }
    }

    static final class Holder {
        Object inner;
    }

    @Test
    void decode_classNotRecorded_isRefusedWithoutInstantiatingIt() throws Exception {
        Holder h = new Holder();
        h.inner = new Counted();
        Bytes b = encode(h);
        assertTrue(b.enc().classes().containsKey(Counted.class.getName()), b.enc().classes().toString());
        Map<String, String> without = new HashMap<>(b.enc().classes());
        without.remove(Counted.class.getName());
        int made = Counted.MADE.get();
        int read = Counted.READ.get();
        IOException e = assertThrows(IOException.class,
                () -> ValueCodec.decode(new Input(b.data()), ClassResolver.DEFAULT, without));
        assertTrue(e.getMessage().contains("not recorded"), e.getMessage());
        assertEquals(made, Counted.MADE.get(), "the refused class was constructed");
        assertEquals(read, Counted.READ.get(), "the refused class's readObject ran");
        // a resolver that would answer for the name does not help: only recorded names are looked up
        ClassResolver sneaky = n -> n.equals("x") ? Counted.class : ClassResolver.DEFAULT.resolve(n);
        Map<String, String> renamed = new HashMap<>(without);
        renamed.put("unrelated", "x");
        assertThrows(IOException.class, () -> ValueCodec.decode(new Input(b.data()), sneaky, renamed));
        assertEquals(made, Counted.MADE.get());
    }

    /** Stands for a class declared in the notebook: recorded under a stable name, mapped on decode. */
    static final class Row {
        final String name;
        final double x;

        Row(String name, double x) {
            this.name = name;
            this.x = x;
        }
    }

    static final class RowNextSession {
        final String name;
        final double x;

        RowNextSession(String name, double x) {
            this.name = name;
            this.x = x;
        }
    }

    @Test
    void renamedClass_isRecordedByItsStableName_andResolvedOncePerDecode() throws Exception {
        ClassResolver writer = new ClassResolver() {
            @Override
            public Class<?> resolve(String recorded) throws ClassNotFoundException {
                return recorded.equals("nb:Row") ? Row.class : DEFAULT.resolve(recorded);
            }

            @Override
            public String nameOf(Class<?> type) {
                return type == Row.class ? "nb:Row" : type.getName();
            }
        };
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            rows.add(new Row("r" + i, i));
        }
        Bytes b = encode(rows, writer);
        assertEquals("nb:Row", b.enc().classes().get("nb:Row"));
        assertTrue(b.enc().classes().keySet().stream().noneMatch(n -> n.endsWith("$Row")), b.enc().classes().toString());
        AtomicInteger asked = new AtomicInteger();
        ClassResolver reader = recorded -> {
            if (recorded.equals("nb:Row")) {
                asked.incrementAndGet();
                return RowNextSession.class;
            }
            return ClassResolver.DEFAULT.resolve(recorded);
        };
        List<?> back = (List<?>) ValueCodec.decode(new Input(b.data()), reader, b.enc().classes());
        assertEquals(1, asked.get(), "resolved once per decode, not once per instance");
        RowNextSession r = assertInstanceOf(RowNextSession.class, back.get(999));
        assertEquals("r999", r.name);
        assertEquals(999.0, r.x);
    }

    @Test
    void notStorable_saysWhy() {
        Runnable lambda = () -> { };
        assertThrows(NotStorableException.class, () -> encode(lambda));
        assertThrows(NotStorableException.class, () -> encode(new Thread(() -> { })));
        assertThrows(NotStorableException.class, () -> encode(List.of(1, 2).stream()));
        NotStorableException e = assertThrows(NotStorableException.class, () -> encode(new ForgetsItsCache(4)));
        assertTrue(e.getMessage().contains("ForgetsItsCache.cache (transient)"), e.getMessage());
    }

    /** Serializable with a transient field its readObject does not rebuild. */
    static final class ForgetsItsCache implements Serializable {
        final int n;
        transient double[] cache;

        ForgetsItsCache(int n) {
            this.n = n;
            this.cache = new double[n];
        }

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
        }
    }

    static final class Ext implements Externalizable {
        int a;
        String b;

        public Ext() {
        }

        @Override
        public void writeExternal(ObjectOutput out) throws IOException {
            out.writeInt(a * 2);
            out.writeUTF(b);
        }

        @Override
        public void readExternal(ObjectInput in) throws IOException {
            a = in.readInt() / 2;
            b = in.readUTF();
        }
    }

    @Test
    void ownSerialization_isHonoured() throws Exception {
        Ext x = new Ext();
        x.a = 21;
        x.b = "b";
        Ext back = (Ext) roundtrip(x);
        assertEquals(21, back.a);
        assertEquals("b", back.b);
        Single s = (Single) roundtrip(Single.INSTANCE);
        assertSame(Single.INSTANCE, s, "readResolve keeps the singleton");
    }

    static final class Single implements Serializable {
        static final Single INSTANCE = new Single();

        private Single() {
        }

        private Object readResolve() {
            return INSTANCE;
        }
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

    @Test
    void decode_garbledGraph_isCorruptOrUnresolvable_neverAValue() throws Exception {
        List<Object> v = new ArrayList<>(List.of("a", 1, new int[] {1, 2}, new HashMap<>(Map.of("k", 2.0))));
        Bytes b = encode(v);
        java.util.Random rnd = new java.util.Random(7);
        int decoded = 0;
        for (int round = 0; round < 200; round++) {
            byte[] bad = b.data().clone();
            int at = 5 + rnd.nextInt(bad.length - 5);
            bad[at] ^= (byte) (1 + rnd.nextInt(255));
            try {
                Object back = ValueCodec.decode(new Input(bad), ClassResolver.DEFAULT, b.enc().classes());
                decoded++; // a flipped byte inside a string's bytes can still decode: the store's tag catches those
                assertTrue(back == null || back instanceof Object);
            } catch (IOException expected) {
                // refused
            } catch (RuntimeException | Error e) {
                fail("a damaged graph escaped as " + e);
            }
        }
        assertTrue(decoded < 200);
    }

}
