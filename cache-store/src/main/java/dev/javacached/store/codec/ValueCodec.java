package dev.javacached.store.codec;

import dev.javacached.store.ClassResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.OutputStream;
import java.io.Serializable;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.BaseStream;

/**
 * Encodes values as a tagged little-endian stream. Fast paths (no intermediate copies) cover
 * primitive arrays, strings, boxed primitives, and lists/sets/maps/records built of them;
 * anything else that is {@link Serializable} falls back to Java serialization, framed in
 * chunks so no size limit applies. Every class the stream names is recorded in a class table
 * returned by {@link #encode}; {@link #decode} resolves only classes in that table (through the
 * {@link ClassResolver}) and an {@link ObjectInputFilter} rejects every other class.
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
    private static final byte LIST = 30;
    private static final byte SET = 31;
    private static final byte MAP = 32;
    private static final byte RECORD = 33;
    private static final byte SERIAL = 34;

    private static final int MAX_DEPTH = 200;
    private static final int SERIAL_FRAME = 64 * 1024;

    /**
     * What {@link #encode} learned about the value.
     *
     * @param classes stream class name → name recorded through the resolver
     * @param pure    true when decoding runs no foreign code (no records, no Java serialization),
     *                so it may proceed while the bytes are still being verified
     */
    public record Encoded(Map<String, String> classes, boolean pure) {
        public Encoded {
            classes = Map.copyOf(classes);
        }
    }

    private ValueCodec() {
    }

    public static Encoded encode(Object value, ClassResolver resolver, Output out)
            throws IOException, NotStorableException {
        Encoder e = new Encoder(resolver, out);
        e.write(value, 0);
        out.flush();
        return new Encoded(e.classes, e.pure);
    }

    /** Decodes one value; {@code classes} is the table recorded by {@link #encode}. */
    public static Object decode(Input in, ClassResolver resolver, Map<String, String> classes) throws IOException {
        Decoder d = new Decoder(in, resolver, classes);
        Object v = d.read(0);
        if (in.remaining() != 0) {
            throw new CorruptValueException(in.remaining() + " trailing bytes after the value");
        }
        return v;
    }

    private static final class Encoder {
        private final ClassResolver resolver;
        private final Output out;
        private final Map<String, String> classes = new HashMap<>();
        private final IdentityHashMap<Object, Boolean> path = new IdentityHashMap<>();
        private boolean pure = true;

        Encoder(ClassResolver resolver, Output out) {
            this.resolver = resolver;
            this.out = out;
        }

        void write(Object v, int depth) throws IOException, NotStorableException {
            if (depth > MAX_DEPTH) {
                throw new NotStorableException("nested deeper than " + MAX_DEPTH + " levels");
            }
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
            } else if (v instanceof Thread) {
                throw new NotStorableException(v.getClass().getName() + " is not serializable");
            } else if (!writeStructured(v, depth)) {
                writeSerial(v);
            }
        }

        /** Writes a list/set/map/record of a known shape; false when {@code v} is none of them. */
        private boolean writeStructured(Object v, int depth) throws IOException, NotStorableException {
            int kind;
            if (v instanceof List<?> l && (kind = listKind(l)) >= 0) {
                enter(v);
                out.writeByte(LIST);
                out.writeByte(kind);
                writeAll(l, depth);
            } else if (v instanceof Set<?> s && (kind = setKind(s)) >= 0) {
                enter(v);
                out.writeByte(SET);
                out.writeByte(kind);
                writeAll(s, depth);
            } else if (v instanceof Map<?, ?> m && (kind = mapKind(m)) >= 0) {
                enter(v);
                out.writeByte(MAP);
                out.writeByte(kind);
                out.writeInt(m.size());
                int n = 0;
                for (Map.Entry<?, ?> en : m.entrySet()) {
                    write(en.getKey(), depth + 1);
                    write(en.getValue(), depth + 1);
                    n++;
                }
                if (n != m.size()) {
                    throw new NotStorableException("map changed while it was being stored");
                }
            } else if (v.getClass().isRecord()) {
                enter(v);
                writeRecord(v, depth);
            } else {
                return false;
            }
            path.remove(v);
            return true;
        }

        private void enter(Object v) throws NotStorableException {
            if (path.put(v, Boolean.TRUE) != null) {
                throw new NotStorableException(v.getClass().getName() + " contains itself");
            }
        }

        private void writeAll(Collection<?> c, int depth) throws IOException, NotStorableException {
            out.writeInt(c.size());
            int n = 0;
            for (Object e : c) {
                write(e, depth + 1);
                n++;
            }
            if (n != c.size()) {
                throw new NotStorableException("collection changed while it was being stored");
            }
        }

        private void writeRecord(Object v, int depth) throws IOException, NotStorableException {
            pure = false;
            Class<?> type = v.getClass();
            String name = resolver.nameOf(type);
            classes.put(name, name);
            RecordComponent[] comps = type.getRecordComponents();
            out.writeByte(RECORD);
            out.writeString(name);
            out.writeInt(comps.length);
            for (RecordComponent c : comps) {
                Object cv;
                try {
                    Method acc = c.getAccessor();
                    acc.setAccessible(true);
                    cv = acc.invoke(v);
                } catch (IllegalAccessException | RuntimeException e) {
                    throw new NotStorableException("cannot read component " + c.getName() + " of " + name + ": " + e);
                } catch (InvocationTargetException e) {
                    throw new NotStorableException("accessor " + c.getName() + " of " + name + " threw " + e.getCause());
                }
                out.writeString(c.getName());
                write(cv, depth + 1);
            }
        }

        private void writeSerial(Object v) throws IOException, NotStorableException {
            if (!(v instanceof Serializable)) {
                throw new NotStorableException(describe(v.getClass()) + " is not serializable");
            }
            pure = false;
            out.writeByte(SERIAL);
            FramedOut framed = new FramedOut(out);
            try (ObjectOutputStream oos = new RecordingOutputStream(framed, resolver, classes)) {
                oos.writeObject(v);
            } catch (NotSerializableException e) {
                throw new NotStorableException(describeName(e.getMessage()) + " is not serializable");
            } catch (InvalidClassException e) {
                throw new NotStorableException("cannot serialize: " + e.getMessage());
            } catch (RuntimeException e) {
                throw new NotStorableException("serialization failed: " + e);
            }
            framed.end();
        }
    }

    private static String describe(Class<?> c) {
        return describeName(c.getName());
    }

    private static String describeName(String name) {
        return name.contains("$$Lambda") ? name + " (a lambda)" : name;
    }

    private static int listKind(List<?> l) {
        Class<?> c = l.getClass();
        if (c == ArrayList.class) {
            return 0;
        } else if (c == LinkedList.class) {
            return 1;
        } else if (c.getName().startsWith("java.util.ImmutableCollections$")) {
            return 2;
        } else if (c.getName().equals("java.util.Arrays$ArrayList")) {
            return 3;
        }
        return -1;
    }

    private static int setKind(Set<?> s) {
        Class<?> c = s.getClass();
        if (c == HashSet.class) {
            return 0;
        } else if (c == LinkedHashSet.class) {
            return 1;
        } else if (c == TreeSet.class && ((TreeSet<?>) s).comparator() == null) {
            return 2;
        } else if (c.getName().startsWith("java.util.ImmutableCollections$")) {
            return 3;
        }
        return -1;
    }

    private static int mapKind(Map<?, ?> m) {
        Class<?> c = m.getClass();
        if (c == HashMap.class) {
            return 0;
        } else if (c == LinkedHashMap.class) {
            return 1;
        } else if (c == TreeMap.class && ((TreeMap<?, ?>) m).comparator() == null) {
            return 2;
        } else if (c.getName().startsWith("java.util.ImmutableCollections$")) {
            return 3;
        }
        return -1;
    }

    private static final class Decoder {
        private final Input in;
        private final ClassResolver resolver;
        private final Map<String, String> classes;

        Decoder(Input in, ClassResolver resolver, Map<String, String> classes) {
            this.in = in;
            this.resolver = resolver;
            this.classes = classes;
        }

        Object read(int depth) throws IOException {
            if (depth > MAX_DEPTH + 1) {
                throw new CorruptValueException("nested deeper than " + MAX_DEPTH);
            }
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
                case LIST:
                    return readList(in.readByte(), depth);
                case SET:
                    return readSet(in.readByte(), depth);
                case MAP:
                    return readMap(in.readByte(), depth);
                case RECORD:
                    return readRecord(depth);
                case SERIAL:
                    return readSerial();
                default:
                    throw new CorruptValueException("unknown tag " + tag);
            }
        }

        private List<Object> readElements(int depth) throws IOException {
            int n = in.readCount(1);
            List<Object> items = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                items.add(read(depth + 1));
            }
            return items;
        }

        private Object readList(byte kind, int depth) throws IOException {
            List<Object> items = readElements(depth);
            switch (kind) {
                case 0:
                    return items;
                case 1:
                    return new LinkedList<>(items);
                case 2:
                    return items.contains(null) ? Collections.unmodifiableList(items) : List.copyOf(items);
                case 3:
                    return Arrays.asList(items.toArray());
                default:
                    throw new CorruptValueException("unknown list kind " + kind);
            }
        }

        private Object readSet(byte kind, int depth) throws IOException {
            List<Object> items = readElements(depth);
            try {
                switch (kind) {
                    case 0:
                        return new HashSet<>(items);
                    case 1:
                        return new LinkedHashSet<>(items);
                    case 2:
                        return new TreeSet<>(items);
                    case 3:
                        return Set.copyOf(items);
                    default:
                        throw new CorruptValueException("unknown set kind " + kind);
                }
            } catch (RuntimeException e) {
                throw new CorruptValueException("cannot rebuild set: " + e, e);
            }
        }

        private Object readMap(byte kind, int depth) throws IOException {
            int n = in.readCount(2);
            Map<Object, Object> m = kind == 2 ? new TreeMap<>() : new LinkedHashMap<>(Math.max(16, n * 4 / 3 + 1));
            try {
                for (int i = 0; i < n; i++) {
                    Object k = read(depth + 1);
                    m.put(k, read(depth + 1));
                }
                switch (kind) {
                    case 0:
                        return new HashMap<>(m);
                    case 1:
                    case 2:
                        return m;
                    case 3:
                        return Map.copyOf(m);
                    default:
                        throw new CorruptValueException("unknown map kind " + kind);
                }
            } catch (RuntimeException e) {
                throw new CorruptValueException("cannot rebuild map: " + e, e);
            }
        }

        private Class<?> resolve(String recorded) throws IOException {
            if (!classes.containsKey(recorded) && !classes.containsValue(recorded)) {
                throw new CorruptValueException("class " + recorded + " was not recorded with the entry");
            }
            try {
                return resolver.resolve(recorded);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new UnresolvableClassException(recorded, e);
            }
        }

        private Object readRecord(int depth) throws IOException {
            String name = in.readString();
            Class<?> type = resolve(name);
            if (!type.isRecord()) {
                throw new UnresolvableClassException(name + " now resolves to " + type.getName() + ", not a record", null);
            }
            int n = in.readCount(1);
            Map<String, Object> values = new HashMap<>();
            for (int i = 0; i < n; i++) {
                String comp = in.readString();
                values.put(comp, read(depth + 1));
            }
            RecordComponent[] comps = type.getRecordComponents();
            if (comps.length != n) {
                throw new UnresolvableClassException(name + " now has " + comps.length + " components, stored " + n, null);
            }
            Object[] args = new Object[comps.length];
            Class<?>[] types = new Class<?>[comps.length];
            for (int i = 0; i < comps.length; i++) {
                if (!values.containsKey(comps[i].getName())) {
                    throw new UnresolvableClassException(name + " has no stored component " + comps[i].getName(), null);
                }
                args[i] = values.get(comps[i].getName());
                types[i] = comps[i].getType();
            }
            try {
                Constructor<?> ctor = type.getDeclaredConstructor(types);
                ctor.setAccessible(true);
                return ctor.newInstance(args);
            } catch (ReflectiveOperationException | IllegalArgumentException e) {
                Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
                throw new UnresolvableClassException("cannot construct " + name + ": " + cause, e);
            }
        }

        private Object readSerial() throws IOException {
            try (ObjectInputStream ois = new ResolvingInputStream(new FramedIn(in), resolver, classes)) {
                return ois.readObject();
            } catch (ClassNotFoundException e) {
                throw new UnresolvableClassException(e.getMessage(), e);
            } catch (InvalidClassException e) {
                throw new UnresolvableClassException("class rejected or changed: " + e.getMessage(), e);
            } catch (RuntimeException e) {
                throw new CorruptValueException("deserialization failed: " + e, e);
            }
        }
    }

    /** Java serialization that records the name of every class it writes. */
    private static final class RecordingOutputStream extends ObjectOutputStream {
        private final ClassResolver resolver;
        private final Map<String, String> classes;

        RecordingOutputStream(OutputStream out, ClassResolver resolver, Map<String, String> classes) throws IOException {
            super(out);
            this.resolver = resolver;
            this.classes = classes;
        }

        @Override
        protected void annotateClass(Class<?> cl) {
            Class<?> base = cl;
            while (base.isArray()) {
                base = base.getComponentType();
            }
            if (!base.isPrimitive()) {
                classes.put(base.getName(), resolver.nameOf(base));
            }
        }
    }

    /**
     * Java deserialization limited to the recorded classes: names are mapped through the table
     * and the resolver, a class that resolves under a different name is read with its local
     * descriptor (its computed serialVersionUID depends on the name), and a filter rejects any
     * class the entry did not record.
     */
    private static final class ResolvingInputStream extends ObjectInputStream {
        private final ClassResolver resolver;
        private final Map<String, String> classes;
        private final Map<String, Class<?>> resolved = new HashMap<>();
        private final Set<Class<?>> allowed = new HashSet<>();

        ResolvingInputStream(InputStream in, ClassResolver resolver, Map<String, String> classes) throws IOException {
            super(in);
            this.resolver = resolver;
            this.classes = classes;
            setObjectInputFilter(this::check);
        }

        private ObjectInputFilter.Status check(ObjectInputFilter.FilterInfo info) {
            Class<?> c = info.serialClass();
            if (c == null) {
                return info.depth() > 1000 ? ObjectInputFilter.Status.REJECTED : ObjectInputFilter.Status.UNDECIDED;
            }
            while (c.isArray()) {
                c = c.getComponentType();
            }
            // Object carries no state; collections' readObject checks Object[] for their backing array.
            // The filter also sees the class of what a readResolve returned, which the stream never
            // names: EnumSet's proxy resolves to RegularEnumSet. Every class the stream names already
            // goes through lookup(), which refuses unrecorded names, so a bootstrap (JDK core) class
            // seen here was made by code of recorded classes and is allowed.
            return c.isPrimitive() || c == Object.class || allowed.contains(c) || c.getClassLoader() == null
                    ? ObjectInputFilter.Status.ALLOWED : ObjectInputFilter.Status.REJECTED;
        }

        private Class<?> lookup(String streamName) throws ClassNotFoundException {
            Class<?> c = resolved.get(streamName);
            if (c != null) {
                return c;
            }
            String recorded = classes.get(streamName);
            if (recorded == null) {
                throw new ClassNotFoundException(streamName + " was not recorded with the entry");
            }
            c = resolver.resolve(recorded);
            resolved.put(streamName, c);
            allowed.add(c);
            return c;
        }

        @Override
        protected ObjectStreamClass readClassDescriptor() throws IOException, ClassNotFoundException {
            ObjectStreamClass stored = super.readClassDescriptor();
            String name = stored.getName();
            if (name.startsWith("[")) {
                return stored;
            }
            Class<?> local = lookup(name);
            if (!local.getName().equals(name)) {
                ObjectStreamClass desc = ObjectStreamClass.lookup(local);
                if (desc == null) {
                    throw new InvalidClassException(local.getName(), "is no longer serializable");
                }
                resolved.put(local.getName(), local);
                return desc;
            }
            return stored;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            String name = desc.getName();
            if (name.startsWith("[")) {
                String elem = name.replaceFirst("^\\[+L", "").replaceFirst(";$", "");
                if (!elem.equals(name) && !elem.startsWith("[")) {
                    Class<?> base = lookup(elem);
                    int dims = name.lastIndexOf('[') + 1;
                    return java.lang.reflect.Array.newInstance(base, new int[dims]).getClass();
                }
                return super.resolveClass(desc);
            }
            return lookup(name);
        }

        @Override
        protected Class<?> resolveProxyClass(String[] interfaces) throws IOException, ClassNotFoundException {
            throw new InvalidClassException("proxy classes are not restored");
        }
    }

    /** Frames an unbounded byte stream as [int length][bytes]... [0]. */
    private static final class FramedOut extends OutputStream {
        private final Output out;
        private final byte[] frame = new byte[SERIAL_FRAME];
        private int n;

        FramedOut(Output out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            if (n == frame.length) {
                emit();
            }
            frame[n++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (n == frame.length) {
                    emit();
                }
                int k = Math.min(len, frame.length - n);
                System.arraycopy(b, off, frame, n, k);
                n += k;
                off += k;
                len -= k;
            }
        }

        private void emit() throws IOException {
            if (n > 0) {
                out.writeInt(n);
                out.writeBytes(frame, 0, n);
                n = 0;
            }
        }

        @Override
        public void close() {
            // the ObjectOutputStream closes us; the end marker is written by end()
        }

        void end() throws IOException {
            emit();
            out.writeInt(0);
        }
    }

    private static final class FramedIn extends InputStream {
        private final Input in;
        private int left;
        private boolean ended;

        FramedIn(Input in) {
            this.in = in;
        }

        private boolean fill() throws IOException {
            while (left == 0 && !ended) {
                int n = in.readCount(1);
                if (n == 0) {
                    ended = true;
                }
                left = n;
            }
            return left > 0;
        }

        @Override
        public int read() throws IOException {
            if (!fill()) {
                return -1;
            }
            left--;
            return in.readByte() & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int k = Math.min(len, left);
            in.readBytes(b, off, k);
            left -= k;
            return k;
        }

        @Override
        public void close() throws IOException {
            // drain to the end marker so the outer stream stays aligned
            byte[] skip = new byte[4096];
            while (read(skip, 0, skip.length) > 0) {
                // discard
            }
        }
    }
}
