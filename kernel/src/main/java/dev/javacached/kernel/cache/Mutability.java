package dev.javacached.kernel.cache;

import dev.javacached.store.codec.JdkValueTypes;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Judges whether a live value can change without its variable being assigned: if not,
 * snippets that merely read the variable do not advance its state version.
 *
 * <p>Immutable here means: null, boxed primitives, String, BigInteger/BigDecimal, UUID, the
 * default file system's {@code Path}s, the value-based java.time classes ({@link JdkValueTypes#isTimeValue}), JDK-generated lambdas
 * that hold only final primitives ({@code TemporalAdjusters.next(MONDAY)}), enums and records
 * whose fields hold such values, Optional of such, and the JDK's unmodifiable collections
 * ({@code List.of}, {@code Map.of}, {@code copyOf}) of such. Everything else — arrays,
 * ArrayList, any other class, the rest of java.time (a {@code Clock}, the adjuster of
 * {@code TemporalAdjusters.ofDateAdjuster(f)}, which calls the notebook's {@code f} and holds
 * what {@code f} holds), and {@code Collections.unmodifiableList} views (their backing list
 * may change) — is mutable.
 * When in doubt, mutable: that costs a recomputation, never a stale value.
 */
final class Mutability {
    private static final int BUDGET = 10_000;
    private static final int MAX_DEPTH = 16;

    private int budget = BUDGET;

    private Mutability() {
    }

    static boolean isImmutable(Object value) {
        try {
            return new Mutability().check(value, 0);
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private boolean check(Object o, int depth) {
        if (o == null) {
            return true;
        }
        if (--budget < 0 || depth > MAX_DEPTH) {
            return false;
        }
        Class<?> c = o.getClass();
        if (JdkValueTypes.contains(c)) {
            return true;
        }
        if (JdkValueTypes.isTimeValue(c)) {
            return true;
        }
        if (ObjectGraph.isJdkCode(c)) {
            return ObjectGraph.fixedCode(c);
        }
        if (o instanceof java.nio.file.Path && c.getModule() == Object.class.getModule()) {
            return true;    // the default file system's paths: immutable, as Path's contract says
        }
        if (o instanceof Optional<?> opt) {
            return opt.isEmpty() || check(opt.get(), depth + 1);
        }
        if (o instanceof Enum<?> e) {
            Class<?> enumClass = e.getDeclaringClass();
            if (enumClass.getModule().isNamed()) {
                return true;    // JDK enums (TimeUnit, DayOfWeek, ...) hold no mutable state
            }
            return fieldsImmutable(o, c, enumClass, depth);
        }
        if (c.isRecord()) {
            for (RecordComponent rc : c.getRecordComponents()) {
                if (!rc.getType().isPrimitive() && !check(read(o, c, rc.getName()), depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        if (c.getName().startsWith("java.util.ImmutableCollections$")) {
            if (o instanceof Map<?, ?> m) {
                for (Map.Entry<?, ?> en : m.entrySet()) {
                    if (!check(en.getKey(), depth + 1) || !check(en.getValue(), depth + 1)) {
                        return false;
                    }
                }
                return true;
            }
            if (o instanceof Collection<?> col) {
                for (Object x : col) {
                    if (!check(x, depth + 1)) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    /** Every instance field of an enum constant (its class up to {@code top}) is final and immutable. */
    private boolean fieldsImmutable(Object o, Class<?> c, Class<?> top, int depth) {
        for (Class<?> k = c; k != null && k != Enum.class; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                if (!Modifier.isFinal(f.getModifiers())) {
                    return false;
                }
                if (!f.getType().isPrimitive() && !check(read(o, f), depth + 1)) {
                    return false;
                }
            }
            if (k == top) {
                break;
            }
        }
        return true;
    }

    private static Object read(Object o, Class<?> c, String field) {
        try {
            return read(o, c.getDeclaredField(field));
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object read(Object o, Field f) {
        try {
            f.setAccessible(true);
            return f.get(o);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
