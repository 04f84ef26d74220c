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

    /**
     * The java.time classes the JDK's Javadoc calls value-based (dates, times, instants,
     * durations, periods, offsets, zone ids and the four non-ISO dates of java.time.chrono), and
     * {@code ZoneRegion}, the JDK's own {@code ZoneId} of a named region. All are final, and hold
     * only primitives and one another, so an instance is fixed and its {@code toString} names
     * all of it. Not here: the rest of java.time, which can hold anything: a {@code Clock} may
     * wrap another clock, a {@code TemporalAdjusters.ofDateAdjuster(f)} holds the notebook's
     * function {@code f}, a {@code DateTimeFormatter} may hold the notebook's fields.
     */
    private static final Set<String> TIME_VALUES = Set.of("java.time.Duration", "java.time.Instant",
            "java.time.LocalDate", "java.time.LocalDateTime", "java.time.LocalTime", "java.time.MonthDay",
            "java.time.OffsetDateTime", "java.time.OffsetTime", "java.time.Period", "java.time.Year",
            "java.time.YearMonth", "java.time.ZonedDateTime", "java.time.ZoneOffset", "java.time.ZoneRegion",
            "java.time.chrono.HijrahDate", "java.time.chrono.JapaneseDate", "java.time.chrono.MinguoDate",
            "java.time.chrono.ThaiBuddhistDate");

    private JdkValueTypes() {
    }

    public static boolean contains(Class<?> type) {
        return TYPES.contains(type);
    }

    /**
     * Whether {@code type} is one of the JDK's value-based java.time classes (see
     * {@link #TIME_VALUES}): immutable, holding nothing else, its {@code toString} its whole
     * content. Any other java.time class is not a leaf: walk it like any JDK object.
     */
    public static boolean isTimeValue(Class<?> type) {
        return TIME_VALUES.contains(type.getName()) && type.getModule() == Object.class.getModule();
    }
}
