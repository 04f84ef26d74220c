package dev.javacached.store.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Set;

/**
 * The immutable JDK value classes whose instances are values, never containers: strings, the
 * boxed primitives, {@code BigInteger}, {@code BigDecimal} and {@code UUID}. Their identity never
 * matters and they reference nothing mutable. The one list for every place that asks: the
 * round-trip check compares them with {@code equals}, the kernel's mutability check takes them as
 * immutable and its object-graph walk stops at them.
 */
public final class JdkValueTypes {
    private static final Set<Class<?>> TYPES = Set.of(String.class, Boolean.class, Character.class, Byte.class,
            Short.class, Integer.class, Long.class, Float.class, Double.class, BigInteger.class, BigDecimal.class,
            java.util.UUID.class);

    private JdkValueTypes() {
    }

    public static boolean contains(Class<?> type) {
        return TYPES.contains(type);
    }
}
