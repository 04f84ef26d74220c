package dev.javacached.kernel.cache;

import dev.javacached.store.codec.JdkValueTypes;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * One bounded walk over a live object graph, for the two store-time checks of the cache:
 * <ul>
 *   <li>which <em>mutable</em> objects it reaches, by identity (does a new value share an
 *       object with another variable? a restore would copy them apart), and</li>
 *   <li>a 64-bit content digest (did an initializer change a variable it mentions? a restore
 *       would skip that change).</li>
 * </ul>
 *
 * <p>Traversal: primitive arrays are one object hashed by content in a tight loop; object
 * arrays, JDK collections and maps by their elements; classes declared in the notebook (and
 * other classes outside the JDK's named modules) field by field, reflectively; other JDK
 * objects that are {@link Serializable} through Java serialization (which also reports the
 * objects inside them, e.g. the list behind a {@code Collections.unmodifiableList} view); any
 * other JDK object is <em>opaque</em> (its content is unknown: {@link #opaque()}).
 * Strings, boxed primitives, BigInteger/BigDecimal, UUID, the value-based java.time classes
 * ({@link JdkValueTypes#isTimeValue}: LocalDate, Instant, Duration, ZonedDateTime, ...) and enum
 * constants are immutable leaves: hashed, never tracked (sharing them is harmless); the rest of
 * java.time (clocks, {@code TemporalAdjusters.ofDateAdjuster(f)}, formatters) is walked like
 * any JDK object. A lambda or method reference the JDK generated (e.g. the adjuster of
 * {@code ofDateAdjuster(f)}, {@code f.andThen(g)}) holds what it captured in private fields of
 * java.base that the kernel cannot read: if it holds only final primitives it is a leaf too
 * (nothing in it can change), otherwise it is opaque and {@link #unreadable()} names it, for
 * the digest cannot see a change to what it captured (the notebook's own lambdas are walked
 * field by field like its other classes). Records,
 * {@code Optional} and {@code List.of}-style collections cannot change themselves and are not
 * tracked either, but what they hold is.
 *
 * <p>The walk stops after {@link #MAX_OBJECTS} objects or {@link #MAX_STEPS} references
 * ({@link #tooLarge()}); callers then must assume the worst.
 *
 * <p>Why this is not {@code store/codec/RoundTrip}'s walk: the two answer different questions
 * and so enter different objects. This one walks one live graph and must see what a JDK view
 * or wrapper hides (the list behind {@code Collections.unmodifiableList}, through Java
 * serialization) and counts a class as the JDK's by its named module; RoundTrip walks a value
 * and its decoded copy side by side over the fields the codec writes (a JDK class's
 * non-transient fields, boot or platform loader) and compares iteration order. One walker
 * with the two as visitors would have to carry both rules and would change what one of them
 * reports; both guard against a wrong value, so each keeps its own (ObjectGraphTest and
 * RoundTripTest pin what each sees).
 */
final class ObjectGraph {
    static final int MAX_OBJECTS = 1_000_000;
    static final long MAX_STEPS = 20_000_000L;
    private static final int MAX_DEPTH = 2_000;
    /** JDK collections that hold their elements themselves (no backing object elsewhere): walked element by element. */
    private static final Set<String> SELF_CONTAINED = Set.of(
            "java.util.ArrayList", "java.util.LinkedList", "java.util.ArrayDeque", "java.util.HashMap",
            "java.util.LinkedHashMap", "java.util.TreeMap", "java.util.HashSet", "java.util.LinkedHashSet",
            "java.util.TreeSet", "java.util.PriorityQueue", "java.util.IdentityHashMap", "java.util.WeakHashMap",
            "java.util.Hashtable", "java.util.Vector", "java.util.Stack", "java.util.EnumMap",
            "java.util.concurrent.ConcurrentHashMap", "java.util.concurrent.CopyOnWriteArrayList",
            "java.util.concurrent.ConcurrentLinkedQueue", "java.util.concurrent.ConcurrentSkipListMap",
            "java.util.concurrent.ConcurrentSkipListSet", "java.util.concurrent.LinkedBlockingQueue",
            "java.util.concurrent.ArrayBlockingQueue", "java.util.concurrent.ConcurrentLinkedDeque");

    /** Instance fields per class (a ClassValue: classes JShell replaced can still be unloaded). */
    private static final ClassValue<List<Field>> FIELDS = new ClassValue<>() {
        @Override
        protected List<Field> computeValue(Class<?> cls) {
            List<Field> out = new ArrayList<>();
            for (Field f : cls.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    f.setAccessible(true);
                    out.add(f);
                }
            }
            return List.copyOf(out);
        }
    };

    private static final class TooLarge extends RuntimeException {
        TooLarge() {
            super(null, null, false, false);
        }
    }

    /** How many digests were taken (for tests: which inputs cost a digest). */
    static final java.util.concurrent.atomic.AtomicLong DIGESTS = new java.util.concurrent.atomic.AtomicLong();

    private final boolean hash;
    private final IdentityHashMap<Object, Integer> seen = new IdentityHashMap<>();
    private final ObjectGraph lookFor;
    private Object found;
    private long steps;
    private boolean tooLarge;
    private boolean opaque;
    private String unreadable;
    private long h1 = 0x9E3779B97F4A7C15L;
    private long h2 = 0xC2B2AE3D27D4EB4FL;

    private ObjectGraph(boolean hash, ObjectGraph lookFor) {
        this.hash = hash;
        this.lookFor = lookFor;
    }

    /** The mutable objects reachable from {@code root}, by identity. */
    static ObjectGraph mutableObjects(Object root) {
        return new ObjectGraph(false, null).run(root);
    }

    /** Walks {@code root} until it meets one of the mutable objects of {@code other}: {@link #found()}. */
    static ObjectGraph search(Object root, ObjectGraph other) {
        return new ObjectGraph(false, other).run(root);
    }

    /** The content digest of {@code root} ({@link #digest()}). */
    static ObjectGraph digestOf(Object root) {
        DIGESTS.incrementAndGet();
        return new ObjectGraph(true, null).run(root);
    }

    /** The walk hit its limits: what it reports is incomplete. */
    boolean tooLarge() {
        return tooLarge;
    }

    /** Some object's content could not be read (a JDK object that is not serializable). */
    boolean opaque() {
        return opaque;
    }

    /**
     * The class of the first JDK-generated lambda met whose captured values cannot be read
     * (e.g. {@code TemporalAdjusters.ofDateAdjuster(f)} holding the notebook's {@code f}), or
     * null. Such a lambda is also {@link #opaque()}; a digest cannot see a change inside it.
     */
    String unreadable() {
        return unreadable;
    }

    /** Whether the walk met {@code o}, a mutable object (by identity). */
    boolean containsMutable(Object o) {
        Integer id = seen.get(o);
        return id != null && id >= 0;
    }

    /** Whether the walk met any mutable object. */
    boolean hasMutable() {
        return seen.values().stream().anyMatch(id -> id >= 0);
    }

    /** The first object of the searched set met, or null. */
    Object found() {
        return found;
    }

    /** The content digest (hex); only for {@link #digestOf}. Equal contents, equal digests. */
    String digest() {
        return Long.toHexString(mix(h1 ^ seen.size())) + Long.toHexString(mix(h2 + steps));
    }

    private ObjectGraph run(Object root) {
        try {
            visit(root, 0);
        } catch (TooLarge e) {
            tooLarge = true;
        } catch (Found e) {
            // done
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            tooLarge = true;    // cannot tell: the caller assumes the worst
        }
        return this;
    }

    private static final class Found extends RuntimeException {
        Found() {
            super(null, null, false, false);
        }
    }

    private void step() {
        if (++steps > MAX_STEPS) {
            throw new TooLarge();
        }
    }

    private static final int LEAF = 0;
    private static final int ENUM = 1;
    private static final int TIME = 2;
    private static final int ARRAY = 3;
    /** Cannot change itself (records, Optional, List.of-style collections); what it holds can. */
    private static final int FIXED = 4;
    private static final int OTHER = 5;
    /** A JDK-generated lambda holding only final primitives (or nothing): fixed, a leaf. */
    private static final int FIXED_CODE = 7;
    /** A JDK-generated lambda whose captured values the kernel cannot read ({@link #unreadable()}). */
    private static final int CODE = 6;
    private static final ClassValue<Integer> KIND = new ClassValue<>() {
        @Override
        protected Integer computeValue(Class<?> c) {
            String n = c.getName();
            if (JdkValueTypes.contains(c)) {
                return LEAF;
            }
            if (Enum.class.isAssignableFrom(c)) {
                return ENUM;
            }
            if (JdkValueTypes.isTimeValue(c)) {
                return TIME;
            }
            if (isJdkCode(c)) {
                return fixedCode(c) ? FIXED_CODE : CODE;
            }
            if (c.isArray()) {
                return ARRAY;
            }
            if (c.isRecord() || c == Optional.class || n.startsWith("java.util.ImmutableCollections$")) {
                return FIXED;
            }
            return OTHER;
        }
    };

    private void visit(Object o, int depth) {
        step();
        if (o == null) {
            add(0x6E756C6CL);
            return;
        }
        Class<?> c = o.getClass();
        int kind = KIND.get(c);
        if (kind == LEAF) {
            if (hash) {
                add(c.getName().hashCode());
                if (o instanceof String s) {
                    chars(s);
                } else if (o instanceof UUID u) {
                    add(u.getMostSignificantBits());
                    add(u.getLeastSignificantBits());
                } else if (o instanceof BigInteger || o instanceof BigDecimal) {
                    chars(o.toString());
                } else {
                    primitive(o);
                }
            }
            return;
        }
        if (kind == ENUM) {
            if (hash) {
                Enum<?> e = (Enum<?>) o;
                add(e.getDeclaringClass().getName().hashCode());
                add(e.ordinal());
            }
            return;
        }
        if (kind == TIME) {
            if (hash) {
                chars(o.toString());
            }
            return;
        }
        if (kind == FIXED_CODE) {
            if (hash) {
                // its primitives cannot be read (nor change): one object is one content
                add(c.getName().hashCode());
                add(System.identityHashCode(o));
            }
            return;
        }
        Integer id = seen.get(o);
        if (id != null) {
            add(0x5EE4L);
            add(id);
            return;
        }
        if (lookFor != null && lookFor.containsMutable(o)) {
            found = o;
            throw new Found();
        }
        boolean tracked = kind != FIXED;
        int n = seen.size();
        seen.put(o, tracked ? n : -n - 1);
        if (n >= MAX_OBJECTS || depth > MAX_DEPTH) {
            throw new TooLarge();
        }
        if (hash) {
            add(c.getName().hashCode());
        }
        if (kind == ARRAY) {
            array(o, depth);
            return;
        }
        if (kind == CODE) {
            opaque = true;
            if (unreadable == null) {
                unreadable = c.getName();
            }
            if (hash) {
                add(System.identityHashCode(o));
            }
            return;
        }
        if (isJdk(c)) {
            jdk(o, depth);
            return;
        }
        Class<?> k = c;
        for (; k != null && !isJdk(k); k = k.getSuperclass()) {
            for (Field f : fields(k)) {
                if (f.getType().isPrimitive()) {
                    if (hash) {
                        try {
                            primitive(f.get(o));
                        } catch (IllegalAccessException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                } else {
                    Object v;
                    try {
                        v = f.get(o);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                    visit(v, depth + 1);
                }
            }
        }
        if (k != null && k != Object.class && k != Record.class) {
            // a notebook class extending a JDK class (ArrayList, HashMap, ...): its JDK part too
            // (a record's superclass, java.lang.Record, has no state)
            jdk(o, depth);
        }
    }

    private void jdk(Object o, int depth) {
        boolean selfContained = SELF_CONTAINED.contains(o.getClass().getName())
                || o.getClass().getName().startsWith("java.util.ImmutableCollections$");
        if (!selfContained && (o instanceof Map<?, ?> || o instanceof Collection<?>)) {
            if (o instanceof Serializable) {
                serial(o);      // a view or wrapper: serialization also reaches what backs it
                return;
            }
            opaque = true;      // e.g. subList/keySet views: what backs them is not visible
        }
        if (o instanceof Map<?, ?> m) {
            add(m.size());
            for (Map.Entry<?, ?> en : m.entrySet()) {
                visit(en.getKey(), depth + 1);
                visit(en.getValue(), depth + 1);
            }
        } else if (o instanceof Collection<?> col) {
            add(col.size());
            for (Object x : col) {
                visit(x, depth + 1);
            }
        } else if (o instanceof Optional<?> opt) {
            visit(opt.orElse(null), depth + 1);
        } else if (o instanceof Serializable) {
            serial(o);
        } else {
            opaque = true;
        }
    }

    private void array(Object o, int depth) {
        if (o instanceof Object[] a) {
            add(a.length);
            for (Object x : a) {
                visit(x, depth + 1);
            }
            return;
        }
        if (!hash) {
            return;
        }
        if (o instanceof double[] a) {
            add(a.length);
            for (double x : a) {
                add(Double.doubleToRawLongBits(x));
            }
        } else if (o instanceof long[] a) {
            add(a.length);
            for (long x : a) {
                add(x);
            }
        } else if (o instanceof int[] a) {
            add(a.length);
            for (int x : a) {
                add(x);
            }
        } else if (o instanceof float[] a) {
            add(a.length);
            for (float x : a) {
                add(Float.floatToRawIntBits(x));
            }
        } else if (o instanceof byte[] a) {
            add(a.length);
            for (byte x : a) {
                add(x);
            }
        } else if (o instanceof short[] a) {
            add(a.length);
            for (short x : a) {
                add(x);
            }
        } else if (o instanceof char[] a) {
            add(a.length);
            for (char x : a) {
                add(x);
            }
        } else if (o instanceof boolean[] a) {
            add(a.length);
            for (boolean x : a) {
                add(x ? 1 : 2);
            }
        }
    }

    private void primitive(Object v) {
        if (v instanceof Double d) {
            add(Double.doubleToRawLongBits(d));
        } else if (v instanceof Float f) {
            add(Float.floatToRawIntBits(f));
        } else if (v instanceof Long l) {
            add(l);
        } else if (v instanceof Boolean b) {
            add(b ? 1 : 2);
        } else if (v instanceof Character ch) {
            add(ch);
        } else if (v instanceof Number n) {
            add(n.longValue());
        }
    }

    /** Java serialization of a JDK object: its bytes feed the digest, the objects inside it are tracked. */
    private void serial(Object o) {
        OutputStream sink = new OutputStream() {
            @Override
            public void write(int b) {
                add(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                step();
                if (hash) {
                    for (int i = off; i < off + len; i++) {
                        add(b[i]);
                    }
                }
            }
        };
        try (ObjectOutputStream out = new ObjectOutputStream(sink) {
            {
                enableReplaceObject(true);
            }

            @Override
            protected Object replaceObject(Object obj) {
                if (obj != o) {
                    step();
                    int kind = KIND.get(obj.getClass());
                    if (kind == CODE && unreadable == null) {
                        unreadable = obj.getClass().getName();
                    }
                    if ((kind == ARRAY || kind == OTHER || kind == CODE) && !seen.containsKey(obj)) {
                        if (lookFor != null && lookFor.containsMutable(obj)) {
                            found = obj;
                            throw new Found();
                        }
                        int n = seen.size();
                        seen.put(obj, n);
                        if (n >= MAX_OBJECTS) {
                            throw new TooLarge();
                        }
                    }
                }
                return obj;
            }
        }) {
            out.writeObject(o);
        } catch (IOException e) {
            opaque = true;      // e.g. a non-serializable object inside
        }
    }

    private void chars(String s) {
        add(s.length());
        for (int i = 0; i < s.length(); i++) {
            add(s.charAt(i));
        }
    }

    private static boolean isJdk(Class<?> c) {
        return c.getModule().isNamed();
    }

    /**
     * Whether a JDK-generated class (a lambda of java.base: {@code TemporalAdjusters.next(MONDAY)},
     * {@code Function.identity()}) holds only final primitive fields, or none: then an instance
     * can never change. Listing its fields needs no access; reading them would.
     */
    static boolean fixedCode(Class<?> c) {
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                int m = f.getModifiers();
                if (!Modifier.isStatic(m) && !(Modifier.isFinal(m) && f.getType().isPrimitive())) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether {@code c} is a class the JDK generated (a lambda or method reference of a named module). */
    static boolean isJdkCode(Class<?> c) {
        return c.isHidden() && isJdk(c);
    }

    private static List<Field> fields(Class<?> k) {
        return FIELDS.get(k);
    }

    private void add(long x) {
        if (!hash) {
            return;
        }
        h1 = Long.rotateLeft(h1 + x * 0xC2B2AE3D27D4EB4FL, 31) * 0x9E3779B97F4A7C15L;
        h2 = Long.rotateLeft(h2 ^ (x * 0x165667B19E3779F9L), 27) * 0x85EBCA77C2B2AE63L + 0x27D4EB2F165667C5L;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }
}
