package dev.javacached.store.codec;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The round-trip guarantee: compares a live value with the copy its stored form decodes to, and
 * names the first difference. A value is stored only when there is none, so a codec bug turns
 * into "not stored", never into a different value.
 *
 * <p>Two graphs are the same when, walked side by side from their roots:
 * <ul>
 *   <li>every node has the same runtime class;</li>
 *   <li>strings are equal to the UTF-16 unit, boxed numbers bit for bit, enum constants and
 *       {@code Class} objects identical;</li>
 *   <li>every instance field is the same: all fields, {@code transient} ones included, of
 *       classes outside the JDK; the non-transient fields of JDK classes (their transient fields
 *       are caches and the storage behind a custom {@code writeObject}: a {@code HashMap}'s table,
 *       an {@code ArrayList}'s array), which keeps what they configure (capacity threshold and
 *       load factor, access order, comparators);</li>
 *   <li>every collection and map iterates the same elements / entries in the same order;</li>
 *   <li>sharing is the same: an object reached twice in one graph is reached twice, as one
 *       object, in the other (a bijection), so cycles and shared references survive.</li>
 * </ul>
 * Immutable JDK values (strings, boxes, {@code BigInteger}, {@code BigDecimal}, {@code UUID},
 * {@code java.time} values) are compared with {@code equals} and their identity is not part of
 * the comparison.
 *
 * <p>The kernel's {@code cache/ObjectGraph} also walks object graphs, for other questions
 * (sharing with other variables, a content digest) and by other rules (it enters JDK views
 * through serialization); its Javadoc says why the two are kept apart.
 */
public final class RoundTrip {

    private static final ClassValue<List<FieldReader>> FIELDS = new ClassValue<>() {
        @Override
        protected List<FieldReader> computeValue(Class<?> type) {
            List<FieldReader> out = new ArrayList<>();
            List<Class<?>> chain = new ArrayList<>();
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                chain.add(0, c);
            }
            for (Class<?> c : chain) {
                boolean jdk = isJdk(c);
                for (Field f : c.getDeclaredFields()) {
                    int m = f.getModifiers();
                    // a HashSet's capacity lives in its (transient) backing map
                    boolean shape = c == java.util.HashSet.class && f.getName().equals("map");
                    if (Modifier.isStatic(m) || (jdk && Modifier.isTransient(m) && !shape)) {
                        continue;
                    }
                    out.add(new FieldReader(f));
                }
            }
            return List.copyOf(out);
        }
    };

    /** JDK classes that define equals: a copy they call equal is the same value. */
    private static final ClassValue<Boolean> EQUALS = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            try {
                return type.getMethod("equals", Object.class).getDeclaringClass() != Object.class;
            } catch (NoSuchMethodException e) {
                return false;
            }
        }
    };

    private final Function<Class<?>, String> namer;
    private final IdentityHashMap<Object, Object> forward = new IdentityHashMap<>();
    private final IdentityHashMap<Object, Object> backward = new IdentityHashMap<>();
    private final ArrayDeque<Step> work = new ArrayDeque<>();

    /** One pair of nodes to compare, and how the walk got there (for the message). */
    private record Step(Object live, Object copy, Step parent, Object label) {
    }

    private RoundTrip(Function<Class<?>, String> namer) {
        this.namer = namer;
    }

    /**
     * The first difference between {@code live} and {@code copy}, in words naming the path from
     * the root, the class and the field; empty when they are the same.
     *
     * @param namer how to print a class (notebook classes have generated names)
     */
    public static Optional<String> difference(Object live, Object copy, Function<Class<?>, String> namer) {
        RoundTrip r = new RoundTrip(namer);
        try {
            return Optional.ofNullable(r.run(live, copy));
        } catch (RuntimeException | Error e) {
            GraphCodec.rethrowIfFatal(e);
            return Optional.of("the copy could not be compared with the value: " + e);
        }
    }

    private String run(Object live, Object copy) {
        work.push(new Step(live, copy, null, null));
        while (!work.isEmpty()) {
            Step s = work.pop();
            String d = compare(s);
            if (d != null) {
                String where = s.label instanceof Field f ? "field " + describe(f) + ": " : "";
                return where + d + " (at " + path(s) + ")";
            }
        }
        return null;
    }

    private String compare(Step s) {
        Object a = s.live;
        Object b = s.copy;
        if (a == null || b == null) {
            return a == b ? null : (a == null ? "null came back as " + name(b.getClass()) : name(a.getClass())
                    + " came back as null");
        }
        Class<?> type = a.getClass();
        if (type != b.getClass()) {
            return name(type) + " came back as " + name(b.getClass());
        }
        if (JdkValueTypes.contains(type)) {
            return sameValue(a, b) ? null : name(type) + " " + show(a) + " came back as " + show(b);
        }
        if (a instanceof Enum<?> || a instanceof Class<?>) {
            return a == b ? null : show(a) + " came back as " + show(b);
        }
        if (isJdk(type) && type.getName().startsWith("java.time.") && a instanceof Comparable<?>) {
            return a.equals(b) ? null : name(type) + " " + a + " came back as " + b;
        }
        Object seen = forward.get(a);
        if (seen != null) {
            return seen == b ? null : "one " + name(type) + " reached twice came back as two objects";
        }
        if (backward.containsKey(b)) {
            return "two " + name(type) + " objects came back as one";
        }
        forward.put(a, b);
        backward.put(b, a);
        if (type.isArray()) {
            return compareArrays(s, a, b);
        }
        boolean container = false;
        if (a instanceof Map<?, ?> ma) {
            container = true;
            String d = compareMaps(s, ma, (Map<?, ?>) b);
            if (d != null) {
                return d;
            }
        } else if (a instanceof Collection<?> ca) {
            container = true;
            String d = compareCollections(s, ca, (Collection<?>) b);
            if (d != null) {
                return d;
            }
        } else if (isJdk(type)) {
            if (a instanceof CharSequence) {
                // StringBuilder and friends: their content, not their buffer's spare capacity
                return a.toString().equals(b.toString()) ? null
                        : name(type) + " " + show(a.toString()) + " came back as " + show(b.toString());
            }
            if (EQUALS.get(type) && a.equals(b)) {
                return null; // the JDK's own definition of the same value (BitSet, Date, ...)
            }
        }
        return compareFields(s, a, b, container && isJdk(type));
    }

    private String compareArrays(Step s, Object a, Object b) {
        Class<?> elem = a.getClass().getComponentType();
        if (elem.isPrimitive()) {
            boolean same;
            if (a instanceof double[] x) {
                same = Arrays.equals(x, (double[]) b);
            } else if (a instanceof long[] x) {
                same = Arrays.equals(x, (long[]) b);
            } else if (a instanceof int[] x) {
                same = Arrays.equals(x, (int[]) b);
            } else if (a instanceof float[] x) {
                same = Arrays.equals(x, (float[]) b);
            } else if (a instanceof byte[] x) {
                same = Arrays.equals(x, (byte[]) b);
            } else if (a instanceof short[] x) {
                same = Arrays.equals(x, (short[]) b);
            } else if (a instanceof char[] x) {
                same = Arrays.equals(x, (char[]) b);
            } else {
                same = Arrays.equals((boolean[]) a, (boolean[]) b);
            }
            return same ? null : name(a.getClass()) + " has different elements";
        }
        Object[] x = (Object[]) a;
        Object[] y = (Object[]) b;
        if (x.length != y.length) {
            return name(a.getClass()) + " of length " + x.length + " came back with length " + y.length;
        }
        for (int i = x.length - 1; i >= 0; i--) {
            work.push(new Step(x[i], y[i], s, i));
        }
        return null;
    }

    private String compareCollections(Step s, Collection<?> a, Collection<?> b) {
        if (a.size() != b.size()) {
            return name(a.getClass()) + " of " + a.size() + " elements came back with " + b.size();
        }
        List<Step> steps = new ArrayList<>(a.size());
        Iterator<?> ib = b.iterator();
        int i = 0;
        for (Object x : a) {
            if (!ib.hasNext()) {
                return name(a.getClass()) + " came back with fewer elements";
            }
            Object y = ib.next();
            if (!sameLeaves(x, y)) {
                steps.add(new Step(x, y, s, new Element(i)));
            }
            i++;
        }
        pushAll(steps);
        return null;
    }

    private String compareMaps(Step s, Map<?, ?> a, Map<?, ?> b) {
        if (a.size() != b.size()) {
            return name(a.getClass()) + " of " + a.size() + " entries came back with " + b.size();
        }
        List<Step> steps = new ArrayList<>(2 * a.size());
        Iterator<? extends Map.Entry<?, ?>> ib = b.entrySet().iterator();
        int i = 0;
        for (Map.Entry<?, ?> x : a.entrySet()) {
            if (!ib.hasNext()) {
                return name(a.getClass()) + " came back with fewer entries";
            }
            Map.Entry<?, ?> y = ib.next();
            if (!sameLeaves(x.getKey(), y.getKey())) {
                steps.add(new Step(x.getKey(), y.getKey(), s, new Key(i)));
            }
            if (!sameLeaves(x.getValue(), y.getValue())) {
                steps.add(new Step(x.getValue(), y.getValue(), s, new Value(i)));
            }
            i++;
        }
        pushAll(steps);
        return null;
    }

    private void pushAll(List<Step> steps) {
        for (int i = steps.size() - 1; i >= 0; i--) {
            work.push(steps.get(i));
        }
    }

    /**
     * @param storageSeen the iteration already compared the elements of this JDK collection, so
     *                    its array fields (storage with spare capacity: a Vector's, a List.of's)
     *                    are skipped
     */
    private String compareFields(Step s, Object a, Object b, boolean storageSeen) {
        List<FieldReader> fields = FIELDS.get(a.getClass());
        List<Step> steps = new ArrayList<>();
        for (FieldReader r : fields) {
            Field f = r.field;
            if (storageSeen && f.getType().isArray() && isJdk(f.getDeclaringClass())) {
                continue;
            }
            Object x = r.read(a);
            Object y = r.read(b);
            if (f.getType().isPrimitive()) {
                if (!sameValue(x, y)) {
                    return "field " + describe(f) + " was " + show(x) + " and came back as " + show(y);
                }
            } else {
                steps.add(new Step(x, y, s, f));
            }
        }
        pushAll(steps);
        return null;
    }

    /**
     * True when both are the same string or box (settled without a step); false when the pair
     * needs the full comparison (anything else, or a difference to report with its path).
     */
    private boolean sameLeaves(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        Class<?> type = a.getClass();
        if (type != b.getClass()) {
            return false;
        }
        if (JdkValueTypes.contains(type)) {
            return sameValue(a, b);
        }
        // a primitive array met for the first time on both sides, with equal elements: settled
        // here (and paired up for sharing) without a step; anything else takes the full path
        if (type.isArray() && type.getComponentType().isPrimitive() && !forward.containsKey(a)
                && !backward.containsKey(b) && java.util.Objects.deepEquals(a, b)) {
            forward.put(a, b);
            backward.put(b, a);
            return true;
        }
        return false;
    }

    private static boolean sameValue(Object a, Object b) {
        if (a instanceof Double x) {
            return Double.doubleToRawLongBits(x) == Double.doubleToRawLongBits((Double) b);
        }
        if (a instanceof Float x) {
            return Float.floatToRawIntBits(x) == Float.floatToRawIntBits((Float) b);
        }
        if (a instanceof BigDecimal x) {
            return x.equals(b); // value and scale
        }
        return a.equals(b);
    }

    private String describe(Field f) {
        return name(f.getDeclaringClass()) + "." + f.getName()
                + (Modifier.isTransient(f.getModifiers()) ? " (transient)" : "");
    }

    private String name(Class<?> c) {
        if (c.isArray()) {
            return name(c.getComponentType()) + "[]";
        }
        return namer.apply(c);
    }

    private String show(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String str) {
            String q = str.length() > 40 ? str.substring(0, 40) + "…" : str;
            StringBuilder sb = new StringBuilder("\"");
            for (int i = 0; i < q.length(); i++) {
                char ch = q.charAt(i);
                if (Character.isSurrogate(ch) || Character.isISOControl(ch)) {
                    sb.append(String.format("\\u%04x", (int) ch));
                } else {
                    sb.append(ch);
                }
            }
            return sb.append('"').toString();
        }
        if (v instanceof Class<?> c) {
            return "class " + name(c);
        }
        if (v instanceof Enum<?> e) {
            return name(e.getDeclaringClass()) + "." + e.name();
        }
        String t = String.valueOf(v);
        return t.length() > 60 ? t.substring(0, 60) + "…" : t;
    }

    private record Element(int index) {
    }

    private record Key(int index) {
    }

    private record Value(int index) {
    }

    private String path(Step s) {
        ArrayDeque<String> parts = new ArrayDeque<>();
        for (Step p = s; p != null && p.label != null; p = p.parent) {
            Object l = p.label;
            if (l instanceof Field f) {
                parts.push("." + f.getName());
            } else if (l instanceof Integer i) {
                parts.push("[" + i + "]");
            } else if (l instanceof Element e) {
                parts.push(" element " + e.index);
            } else if (l instanceof Key k) {
                parts.push(" key " + k.index);
            } else if (l instanceof Value v) {
                parts.push(" value " + v.index);
            }
        }
        return "the value" + String.join("", parts);
    }

    /**
     * Every class of an object reachable from {@code root}, walked as {@link #difference} walks
     * it (the codec registers the notebook classes among them before it writes). Objects of the
     * JDK's runtime machinery (threads, class loaders, reflection) are not entered: no codec
     * stores them.
     */
    static Set<Class<?>> classesOf(Object root) {
        Set<Class<?>> classes = new java.util.HashSet<>();
        java.util.Set<Object> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Object> work = new ArrayDeque<>();
        if (root != null) {
            work.push(root);
        }
        while (!work.isEmpty()) {
            Object o = work.pop();
            Class<?> type = o.getClass();
            classes.add(type);
            if (JdkValueTypes.contains(type) || o instanceof Enum<?> || o instanceof Class<?> || opaqueMachinery(type)) {
                continue;
            }
            if (type.isArray()) {
                if (!type.getComponentType().isPrimitive() && seen.add(o)) {
                    for (Object e : (Object[]) o) {
                        if (e != null) {
                            work.push(e);
                        }
                    }
                }
                continue;
            }
            if (!seen.add(o)) {
                continue;
            }
            if (o instanceof Map<?, ?> m) {
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    visit(e.getKey(), classes, work);
                    visit(e.getValue(), classes, work);
                }
            } else if (o instanceof Collection<?> c) {
                for (Object e : c) {
                    visit(e, classes, work);
                }
            }
            for (FieldReader r : FIELDS.get(type)) {
                if (!r.field.getType().isPrimitive()) {
                    Object v = r.read(o);
                    if (v != null) {
                        work.push(v);
                    }
                }
            }
        }
        return classes;
    }

    /** Notes a leaf's class at once (strings, boxes, primitive arrays); queues anything else. */
    private static void visit(Object o, Set<Class<?>> classes, ArrayDeque<Object> work) {
        if (o == null) {
            return;
        }
        Class<?> type = o.getClass();
        if (JdkValueTypes.contains(type) || (type.isArray() && type.getComponentType().isPrimitive())) {
            classes.add(type);
        } else {
            work.push(o);
        }
    }

    private static boolean opaqueMachinery(Class<?> type) {
        return Thread.class.isAssignableFrom(type) || ThreadGroup.class.isAssignableFrom(type)
                || ClassLoader.class.isAssignableFrom(type) || type == Module.class
                || (isJdk(type) && (type.getName().startsWith("java.lang.invoke.")
                        || type.getName().startsWith("java.lang.reflect.")
                        || type.getName().startsWith("java.lang.ref.")));
    }

    /** A class of the JDK itself (boot or platform loader). */
    static boolean isJdk(Class<?> c) {
        ClassLoader l = c.getClassLoader();
        return l == null || l == ClassLoader.getPlatformClassLoader();
    }
}
