package dev.javacached.kernel.cache;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Which live values cannot change without an assignment. A value judged immutable lets the
 * snippets that only read its variable leave the variable's state version alone; judged so
 * wrongly, a later snippet's fingerprint would miss a change and restore a stale value. So
 * every doubt must come out "mutable" (a recomputation, never a wrong value).
 */
@Timeout(60)
class MutabilityTest {

    record Point(int x, String label) {
    }

    record Line(Point from, Point to) {
    }

    record WithArray(int[] values) {
    }

    record WithList(List<String> names) {
    }

    record Chain(Chain next) {
    }

    enum Plain { A, B }

    enum WithFinalLeaf {
        A("a");
        final String code;

        WithFinalLeaf(String code) {
            this.code = code;
        }
    }

    enum WithCounter {
        A;
        int calls;
    }

    enum WithFinalList {
        A;
        final List<String> seen = new ArrayList<>();
    }

    enum WithBody {
        A {
            int hidden;
        }
    }

    @Test
    void valuesOfTheJdk_areImmutable() {
        for (Object v : new Object[] {null, 1, 2L, 3.0, 'c', true, "s", BigInteger.TEN, new BigDecimal("1.5"),
                UUID.randomUUID(), LocalDate.of(2024, 1, 1), Instant.EPOCH, Duration.ofSeconds(3),
                ZoneId.of("UTC"), TimeUnit.SECONDS, java.nio.file.Path.of("/tmp", "sales.csv")}) {
            assertTrue(Mutability.isImmutable(v), () -> String.valueOf(v));
        }
    }

    @Test
    void immutableContainersOfImmutables_areImmutable() {
        assertTrue(Mutability.isImmutable(List.of("a", "b")));
        assertTrue(Mutability.isImmutable(List.copyOf(new ArrayList<>(List.of(1, 2)))));
        assertTrue(Mutability.isImmutable(Map.of("k", 1)));
        assertTrue(Mutability.isImmutable(Set.of(LocalDate.of(2024, 1, 1))));
        assertTrue(Mutability.isImmutable(Optional.of("x")));
        assertTrue(Mutability.isImmutable(Optional.empty()));
        assertTrue(Mutability.isImmutable(List.of(List.of(1), Map.of("a", Optional.of(2)))));
    }

    @Test
    void recordsOfImmutables_areImmutable() {
        assertTrue(Mutability.isImmutable(new Point(1, "a")));
        assertTrue(Mutability.isImmutable(new Line(new Point(1, "a"), new Point(2, null))));
        assertTrue(Mutability.isImmutable(new WithList(List.of("a"))));
    }

    @Test
    void enumsWithoutMutableState_areImmutable() {
        assertTrue(Mutability.isImmutable(Plain.A));
        assertTrue(Mutability.isImmutable(WithFinalLeaf.A));
    }

    @Test
    void arraysAndMutableCollections_areMutable() {
        assertFalse(Mutability.isImmutable(new int[0]));
        assertFalse(Mutability.isImmutable(new String[] {"a"}));
        assertFalse(Mutability.isImmutable(new ArrayList<>()));
        assertFalse(Mutability.isImmutable(new StringBuilder()));
        assertFalse(Mutability.isImmutable(new Object()));
    }

    @Test
    void unmodifiableView_isMutable() {
        // the list behind the view can change, and the view shows it
        assertFalse(Mutability.isImmutable(Collections.unmodifiableList(new ArrayList<>(List.of("a")))));
        assertFalse(Mutability.isImmutable(Collections.unmodifiableMap(Map.of("k", 1))));
    }

    @Test
    void immutableContainerOfMutable_isMutable() {
        assertFalse(Mutability.isImmutable(List.of(new ArrayList<>())));
        assertFalse(Mutability.isImmutable(Map.of("k", new int[1])));
        assertFalse(Mutability.isImmutable(Map.of(new ArrayList<>(), "v")));
        assertFalse(Mutability.isImmutable(Optional.of(new ArrayList<>())));
    }

    @Test
    void recordWithMutableComponent_isMutable() {
        assertFalse(Mutability.isImmutable(new WithArray(new int[] {1})));
        assertFalse(Mutability.isImmutable(new WithList(new ArrayList<>())));
        assertFalse(Mutability.isImmutable(new WithList(Collections.unmodifiableList(new ArrayList<>()))));
        assertFalse(Mutability.isImmutable(List.of(new Line(new Point(1, "a"), null), new WithArray(new int[0]))));
    }

    @Test
    void enumsWithMutableState_areMutable() {
        assertFalse(Mutability.isImmutable(WithCounter.A), "a non-final field can change");
        assertFalse(Mutability.isImmutable(WithFinalList.A), "a final field holding a list can change");
        assertFalse(Mutability.isImmutable(WithBody.A), "a constant's own class body has a field");
    }

    @Test
    void clockIsMutable() {
        // a clock's instant changes without an assignment
        assertFalse(Mutability.isImmutable(Clock.systemUTC()));
    }

    @Test
    void valueBasedTimeClasses_areImmutable() {
        ZoneId paris = ZoneId.of("Europe/Paris");
        for (Object v : new Object[] {java.time.LocalTime.NOON, java.time.LocalDateTime.of(2024, 1, 1, 9, 30),
                java.time.ZonedDateTime.of(2024, 1, 1, 9, 30, 0, 0, paris), paris, java.time.ZoneOffset.ofHours(2),
                java.time.OffsetDateTime.of(2024, 1, 1, 9, 0, 0, 0, java.time.ZoneOffset.UTC),
                java.time.OffsetTime.of(9, 0, 0, 0, java.time.ZoneOffset.UTC), java.time.Period.ofDays(3),
                java.time.Year.of(2024), java.time.YearMonth.of(2024, 2), java.time.MonthDay.of(2, 29),
                java.time.DayOfWeek.MONDAY, java.time.Month.MAY, java.time.temporal.ChronoUnit.DAYS,
                java.time.chrono.JapaneseDate.of(2024, 1, 1), java.time.chrono.HijrahDate.of(1445, 1, 1),
                java.time.chrono.MinguoDate.of(113, 1, 1), java.time.chrono.ThaiBuddhistDate.of(2567, 1, 1)}) {
            assertTrue(Mutability.isImmutable(v), () -> v + " (" + v.getClass().getName() + ")");
        }
    }

    @Test
    void timeAdjusterAroundANotebookFunction_isMutable() {
        // java.time.temporal.TemporalAdjusters$$Lambda...: the JDK's class, but it calls f, which
        // holds (and here changes) a list
        List<LocalDate> seen = new ArrayList<>();
        java.time.temporal.TemporalAdjuster adj = java.time.temporal.TemporalAdjusters.ofDateAdjuster(d -> {
            seen.add(d);
            return d.plusDays(seen.size());
        });
        assertTrue(adj.getClass().getName().startsWith("java.time."), adj.getClass().getName());
        assertFalse(Mutability.isImmutable(adj));
        assertFalse(Mutability.isImmutable(List.of(adj)));
        assertFalse(Mutability.isImmutable(Optional.of(adj)));
    }

    @Test
    void jdkLambdasHoldingOnlyPrimitives_areImmutable() {
        // captures two ints and nothing else: it can never change
        assertTrue(Mutability.isImmutable(java.time.temporal.TemporalAdjusters.dayOfWeekInMonth(2,
                java.time.DayOfWeek.MONDAY)));
        assertTrue(Mutability.isImmutable(java.time.temporal.TemporalAdjusters.firstDayOfMonth()));
        // captures two functions: what they hold is unknown
        java.util.function.Function<Integer, Integer> inc = x -> x + 1;
        assertFalse(Mutability.isImmutable(inc.andThen(inc)));
    }

    @Test
    void otherTimeObjects_areMutable() {
        // not value-based: a clock may wrap another clock (here a fixed one, still a clock)
        assertFalse(Mutability.isImmutable(Clock.offset(Clock.systemUTC(), Duration.ofHours(1))));
        assertFalse(Mutability.isImmutable(java.time.format.DateTimeFormatter.ISO_DATE));
    }

    @Test
    void beyondTheBudgets_inDoubtMutable() {
        Chain deep = null;
        for (int i = 0; i < 40; i++) {
            deep = new Chain(deep);
        }
        assertFalse(Mutability.isImmutable(deep), "deeper than the walk goes: mutable");
        List<Integer> wide = IntStream.range(0, 20_000).boxed().toList();
        assertFalse(Mutability.isImmutable(List.copyOf(wide)), "more than the walk's budget: mutable");
    }
}
