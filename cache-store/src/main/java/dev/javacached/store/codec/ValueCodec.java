package dev.javacached.store.codec;

import dev.javacached.store.ClassResolver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.BaseStream;

/**
 * Encodes values as a tagged little-endian stream. Fast paths (no intermediate copies, exact by
 * construction) cover primitive arrays, strings and boxed primitives; every other value is an
 * object graph written by {@link GraphCodec} (Apache Fory) and is stored only if it passes the
 * round-trip check: its bytes, decoded, give a graph that {@link RoundTrip} finds the same as the
 * live value (classes, every field, iteration orders, sharing). Every class the graph names is
 * recorded in the class table returned by {@link #encode}; {@link #decode} resolves only those.
 */
public final class ValueCodec {
    private static final byte NULL = 0;
    private static final byte TRUE = 1;
    private static final byte FALSE = 2;
    private static final byte BYTE = 3;
    private static final byte SHORT = 4;
    private static final byte CHAR = 5;
    private static final byte INT = 6;
    private static final byte LONG = 7;
    private static final byte FLOAT = 8;
    private static final byte DOUBLE = 9;
    private static final byte STRING = 10;
    private static final byte A_BOOLEAN = 20;
    private static final byte A_BYTE = 21;
    private static final byte A_SHORT = 22;
    private static final byte A_CHAR = 23;
    private static final byte A_INT = 24;
    private static final byte A_LONG = 25;
    private static final byte A_FLOAT = 26;
    private static final byte A_DOUBLE = 27;
    private static final byte GRAPH = 40;

    /**
     * What {@link #encode} learned about the value.
     *
     * @param classes stream class name → name recorded through the resolver
     * @param pure    true when decoding runs no foreign code (a fast-path value, no object graph),
     *                so it may proceed while the bytes are still being verified
     */
    public record Encoded(Map<String, String> classes, boolean pure) {
        public Encoded {
            classes = Map.copyOf(classes);
        }
    }

    private ValueCodec() {
    }

    /** A small graph of the usual shapes: a record, lists, maps, strings, arrays. */
    private record Sample(int id, String name, double[] xs, List<String> tags) {
    }

    /**
     * Starts the threads the object codec's libraries start for themselves, now rather than at
     * the codec's first use: Fory's weak-keyed maps start Guava's reference-cleaning thread
     * ({@code com.google.common.base.internal.Finalizer}) when their class initialises. The
     * kernel calls this before any snippet runs and counts that thread as its own, so that its
     * start-up reads never land in a snippet's file window. Never throws.
     */
    public static void startLibraryThreads() {
        try {
            Class.forName("org.apache.fory.collection.MultiKeyWeakMap", true, ValueCodec.class.getClassLoader());
        } catch (ClassNotFoundException | RuntimeException | LinkageError e) {
            // another Fory: its threads start at first use, as before
        }
    }

    /**
     * Encodes and decodes a small graph once, so that a later restore does not pay for loading and
     * initialising the object codec (a few hundred ms in a new JVM). Never throws.
     */
    public static void warmUp() {
        try {
            List<Sample> samples = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                samples.add(new Sample(i, "s" + i, new double[] {i}, List.of("t" + i)));
            }
            Map<String, Object> graph = new LinkedHashMap<>();
            graph.put("samples", samples);
            graph.put("map", new HashMap<>(Map.of("k", 1L)));
            graph.put("tree", new TreeMap<>(Map.of("a", 1.5)));
            java.io.ByteArrayOutputStream bos = new java.io.ByteArrayOutputStream();
            Encoded e = encode(graph, ClassResolver.DEFAULT, new Output(1 << 16, chunk -> {
                byte[] b = new byte[chunk.remaining()];
                chunk.get(b);
                bos.write(b);
            }));
            decode(new Input(bos.toByteArray()), ClassResolver.DEFAULT, e.classes());
        } catch (IOException | NotStorableException | RuntimeException | LinkageError e) {
            // only a warm-up
        }
    }

    public static Encoded encode(Object value, ClassResolver resolver, Output out)
            throws IOException, NotStorableException {
        Encoder e = new Encoder(resolver, out);
        e.write(value);
        out.flush();
        return new Encoded(e.classes, e.pure);
    }

    /** Decodes one value; {@code classes} is the table recorded by {@link #encode}. */
    public static Object decode(Input in, ClassResolver resolver, Map<String, String> classes) throws IOException {
        return finish(in, new Decoder(in, resolver, classes, true).read());
    }

    /**
     * Decodes one value of the fast paths only (primitive arrays, strings, boxed values): an
     * object graph is refused as corrupt, so decoding runs no class's code. For bytes whose
     * checks are still running (an entry recorded as {@code pure}, see {@link Encoded}).
     */
    public static Object decodeFastPath(Input in) throws IOException {
        return finish(in, new Decoder(in, ClassResolver.DEFAULT, Map.of(), false).read());
    }

    private static Object finish(Input in, Object v) throws IOException {
        if (in.remaining() != 0) {
            throw new CorruptValueException(in.remaining() + " trailing bytes after the value");
        }
        return v;
    }

    private static final class Encoder {
        private final ClassResolver resolver;
        private final Output out;
        private final Map<String, String> classes = new HashMap<>();
        private boolean pure = true;

        Encoder(ClassResolver resolver, Output out) {
            this.resolver = resolver;
            this.out = out;
        }

        void write(Object v) throws IOException, NotStorableException {
            if (v == null) {
                out.writeByte(NULL);
            } else if (v instanceof double[] a) {
                out.writeByte(A_DOUBLE);
                out.writeInt(a.length);
                out.writeDoubles(a);
            } else if (v instanceof long[] a) {
                out.writeByte(A_LONG);
                out.writeInt(a.length);
                out.writeLongs(a);
            } else if (v instanceof int[] a) {
                out.writeByte(A_INT);
                out.writeInt(a.length);
                out.writeInts(a);
            } else if (v instanceof float[] a) {
                out.writeByte(A_FLOAT);
                out.writeInt(a.length);
                out.writeFloats(a);
            } else if (v instanceof byte[] a) {
                out.writeByte(A_BYTE);
                out.writeInt(a.length);
                out.writeBytes(a, 0, a.length);
            } else if (v instanceof short[] a) {
                out.writeByte(A_SHORT);
                out.writeInt(a.length);
                out.writeShorts(a);
            } else if (v instanceof char[] a) {
                out.writeByte(A_CHAR);
                out.writeInt(a.length);
                out.writeChars(a);
            } else if (v instanceof boolean[] a) {
                out.writeByte(A_BOOLEAN);
                out.writeInt(a.length);
                out.writeBooleans(a);
            } else if (v instanceof String s) {
                out.writeByte(STRING);
                out.writeString(s);
            } else if (v instanceof Boolean b) {
                out.writeByte(b ? TRUE : FALSE);
            } else if (v instanceof Integer i) {
                out.writeByte(INT);
                out.writeInt(i);
            } else if (v instanceof Long l) {
                out.writeByte(LONG);
                out.writeLong(l);
            } else if (v instanceof Double d) {
                out.writeByte(DOUBLE);
                out.writeDouble(d);
            } else if (v instanceof Float f) {
                out.writeByte(FLOAT);
                out.writeFloat(f);
            } else if (v instanceof Byte b) {
                out.writeByte(BYTE);
                out.writeByte(b);
            } else if (v instanceof Short s) {
                out.writeByte(SHORT);
                out.writeShort(s);
            } else if (v instanceof Character c) {
                out.writeByte(CHAR);
                out.writeChar(c);
            } else if (v instanceof BaseStream<?, ?>) {
                throw new NotStorableException(v.getClass().getName() + " is a stream; streams cannot be stored");
            } else {
                writeGraph(v);
            }
        }

        /**
         * An object graph: Fory's bytes, stored only when they decode to the same graph. The
         * check decodes with the classes the encode saw (no notebook lookups) and compares with
         * the live value; any difference, or any failure to decode, makes the value not storable,
         * with the difference as the reason.
         */
        /** A class as its user reads it: as recorded, without the resolver's namespace ("jshell:Row" → "Row"). */
        private String displayName(Class<?> c) {
            String recorded = resolver.nameOf(c);
            int colon = recorded.indexOf(':');
            return colon > 0 ? recorded.substring(colon + 1) : recorded;
        }

        private void writeGraph(Object v) throws IOException, NotStorableException {
            pure = false;
            GraphCodec.Written w = GraphCodec.encode(v, resolver, classes);
            Object copy;
            try {
                copy = GraphCodec.checkDecode(w, resolver, classes);
            } catch (IOException | RuntimeException | Error e) {
                GraphCodec.rethrowIfFatal(e);
                throw new NotStorableException("its stored form does not decode: " + e.getMessage());
            }
            java.util.Optional<String> diff = RoundTrip.difference(v, copy, this::displayName);
            if (diff.isPresent()) {
                throw new NotStorableException("a stored copy would differ: " + diff.get());
            }
            out.writeByte(GRAPH);
            out.writeInt(w.bytes().length);
            out.writeBytes(w.bytes(), 0, w.bytes().length);
        }
    }

    private static final class Decoder {
        private final Input in;
        private final ClassResolver resolver;
        private final Map<String, String> classes;
        private final boolean graphs;

        Decoder(Input in, ClassResolver resolver, Map<String, String> classes, boolean graphs) {
            this.in = in;
            this.resolver = resolver;
            this.classes = classes;
            this.graphs = graphs;
        }

        Object read() throws IOException {
            byte tag = in.readByte();
            switch (tag) {
                case NULL:
                    return null;
                case TRUE:
                    return Boolean.TRUE;
                case FALSE:
                    return Boolean.FALSE;
                case BYTE:
                    return in.readByte();
                case SHORT:
                    return in.readShort();
                case CHAR:
                    return in.readChar();
                case INT:
                    return in.readInt();
                case LONG:
                    return in.readLong();
                case FLOAT:
                    return in.readFloat();
                case DOUBLE:
                    return in.readDouble();
                case STRING:
                    return in.readString();
                case A_BOOLEAN: {
                    boolean[] a = new boolean[in.readCount(1)];
                    in.readBooleans(a);
                    return a;
                }
                case A_BYTE: {
                    byte[] a = new byte[in.readCount(1)];
                    in.readBytes(a, 0, a.length);
                    return a;
                }
                case A_SHORT: {
                    short[] a = new short[in.readCount(2)];
                    in.readShorts(a);
                    return a;
                }
                case A_CHAR: {
                    char[] a = new char[in.readCount(2)];
                    in.readChars(a);
                    return a;
                }
                case A_INT: {
                    int[] a = new int[in.readCount(4)];
                    in.readInts(a);
                    return a;
                }
                case A_LONG: {
                    long[] a = new long[in.readCount(8)];
                    in.readLongs(a);
                    return a;
                }
                case A_FLOAT: {
                    float[] a = new float[in.readCount(4)];
                    in.readFloats(a);
                    return a;
                }
                case A_DOUBLE: {
                    double[] a = new double[in.readCount(8)];
                    in.readDoubles(a);
                    return a;
                }
                case GRAPH: {
                    if (!graphs) {
                        throw new CorruptValueException("an object graph where only a plain value may be");
                    }
                    byte[] b = new byte[in.readCount(1)];
                    in.readBytes(b, 0, b.length);
                    return GraphCodec.decode(b, resolver, classes);
                }
                default:
                    throw new CorruptValueException("unknown tag " + tag);
            }
        }
    }
}
