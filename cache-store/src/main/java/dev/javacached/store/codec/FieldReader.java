package dev.javacached.store.codec;

import java.lang.reflect.Field;

/**
 * Reads any instance field. Fields of classes outside the JDK are read by reflection; the JDK's
 * own packages are not open to reflection (strong encapsulation), so their fields are read through
 * {@code sun.misc.Unsafe} (module jdk.unsupported), read-only: the round-trip check must see the
 * configuration a JDK collection keeps in private fields (a {@code LinkedHashMap}'s access order).
 */
final class FieldReader {
    private static final sun.misc.Unsafe UNSAFE = unsafe();

    final Field field;
    /** Unsafe offset, or -1 when the field is read by reflection. */
    private final long offset;

    @SuppressWarnings("deprecation")
    FieldReader(Field f) {
        this.field = f;
        if (f.trySetAccessible()) {
            offset = -1;
        } else if (UNSAFE != null) {
            offset = UNSAFE.objectFieldOffset(f);
        } else {
            throw new IllegalStateException("cannot read " + f + " (no access)");
        }
    }

    private static sun.misc.Unsafe unsafe() {
        try {
            Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (sun.misc.Unsafe) f.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** The field's value, primitives boxed. */
    @SuppressWarnings("deprecation")
    Object read(Object target) {
        if (offset < 0) {
            try {
                return field.get(target);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot read " + field + ": " + e.getMessage(), e);
            }
        }
        long off = offset;
        Class<?> t = field.getType();
        if (!t.isPrimitive()) {
            return UNSAFE.getObject(target, off);
        } else if (t == int.class) {
            return UNSAFE.getInt(target, off);
        } else if (t == long.class) {
            return UNSAFE.getLong(target, off);
        } else if (t == boolean.class) {
            return UNSAFE.getBoolean(target, off);
        } else if (t == double.class) {
            return UNSAFE.getDouble(target, off);
        } else if (t == float.class) {
            return UNSAFE.getFloat(target, off);
        } else if (t == byte.class) {
            return UNSAFE.getByte(target, off);
        } else if (t == short.class) {
            return UNSAFE.getShort(target, off);
        }
        return UNSAFE.getChar(target, off);
    }
}
