package dev.javacached.kernel.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javacached.kernel.engine.CellSnippet;
import dev.javacached.kernel.engine.SnippetKind;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which calls read the clock or unseeded randomness: in a snippet, and through notebook declarations. */
class NondeterminismTest {

    private static List<String> found(String initializer) {
        SnippetAnalysis a = GraphSession.ANALYZER.analyze(new CellSnippet("var v = " + initializer + ";", 0,
                SnippetKind.VAR_WITH_INITIALIZER, "v", ""));
        assertTrue(a.parsed(), initializer);
        return a.nondeterministic().stream().map(Nondeterminism.Source::call).toList();
    }

    private static Nondeterminism.Kind kind(String initializer) {
        SnippetAnalysis a = GraphSession.ANALYZER.analyze(new CellSnippet("var v = " + initializer + ";", 0,
                SnippetKind.VAR_WITH_INITIALIZER, "v", ""));
        assertEquals(1, a.nondeterministic().size(), initializer + " -> " + a.nondeterministic());
        return a.nondeterministic().get(0).kind();
    }

    @Test
    void find_randomnessSources() {
        for (String src : List.of("new Random().nextInt()", "new java.util.Random()", "new SecureRandom()",
                "new java.security.SecureRandom(seedBytes)", "Math.random()", "java.lang.Math.random() * 2",
                "StrictMath.random()", "ThreadLocalRandom.current().nextInt(10)", "UUID.randomUUID()",
                "java.util.UUID.randomUUID().toString()", "new SplittableRandom().nextLong()",
                "RandomGenerator.getDefault().nextInt()", "RandomGenerator.of(\"L64X128MixRandom\")",
                "RandomGeneratorFactory.of(\"L64X128MixRandom\").create()",
                "Stream.generate(Math::random).limit(5).toList()", "Stream.generate(Random::new)",
                "java.util.stream.Stream.generate(java.util.UUID::randomUUID)",
                "fill(list, l -> Collections.shuffle(l))", "new Random() { }")) {
            assertEquals(Nondeterminism.Kind.RANDOM, kind(src), src);
        }
    }

    @Test
    void find_clockSources() {
        for (String src : List.of("System.nanoTime()", "System.currentTimeMillis() / 1000", "Instant.now()",
                "java.time.Instant.now()", "LocalDate.now()", "LocalDateTime.now(ZoneId.of(\"UTC\"))",
                "LocalTime.now()", "ZonedDateTime.now()", "OffsetDateTime.now()", "Year.now().getValue()",
                "YearMonth.now()", "MonthDay.now()", "Clock.systemUTC()", "Clock.systemDefaultZone().millis()",
                "new Date()", "new java.util.Date().getTime()", "Supplier<Instant> s = Instant::now")) {
            assertEquals(Nondeterminism.Kind.CLOCK, kind(src), src);
        }
    }

    @Test
    void find_namesWhatItFound() {
        assertEquals(List.of("new Random()", "UUID.randomUUID()", "Instant::now"),
                found("List.of(new Random().nextInt(), java.util.UUID.randomUUID(), (Supplier<?>) Instant::now)"));
    }

    @Test
    void find_seededOrDeterministic_notFlagged() {
        for (String src : List.of("new Random(42).nextInt()", "new java.util.Random(seed)", "new SplittableRandom(7)",
                "new Date(0L)", "Collections.shuffle(list, new Random(1))", "Math.abs(-1)", "Math.PI",
                "Instant.ofEpochSecond(0)", "LocalDate.of(2024, 1, 1)", "Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)",
                "UUID.nameUUIDFromBytes(bytes)", "Duration.ofSeconds(5)", "System.getProperty(\"x\")")) {
            assertEquals(List.of(), found(src), src);
        }
    }

    @Test
    void find_textInLiteralsAndComments_notFlagged() {
        assertEquals(List.of(), found("\"Math.random()\" + \"new Random()\" /* Instant.now() */"));
        assertEquals(List.of(), found("\"\"\"\n  System.nanoTime()\n  \"\"\""));
    }

    @Test
    void find_otherPackagesAndNotebookNames_notFlagged() {
        assertEquals(List.of(), found("com.example.Math.random()"), "another package's Math");
        assertEquals(List.of(), found("Timer.now()"), "not a java.time class");
        assertEquals(List.of(), found("now()"), "an unqualified call is a notebook method (or a static import)");
        assertEquals(List.of(), found("random.nextInt()"), "a variable, not a construction");
    }

    @Test
    void find_insideMethodAndClassBodies() {
        SnippetAnalysis m = GraphSession.ANALYZER.analyze(new CellSnippet(
                "double noise() { return Math.random(); }", 0, SnippetKind.METHOD, "noise", ""));
        assertEquals(List.of("Math.random()"), m.nondeterministic().stream().map(Nondeterminism.Source::call).toList());
        SnippetAnalysis t = GraphSession.ANALYZER.analyze(new CellSnippet(
                "class Dice { final Random r = new Random(); int roll() { return r.nextInt(6) + 1; } }", 0,
                SnippetKind.TYPE_DECLARATION, "Dice", ""));
        assertEquals(List.of("new Random()"), t.nondeterministic().stream().map(Nondeterminism.Source::call).toList());
    }

    // ---- through the notebook's declarations ----

    private static Optional<String> why(GraphSession s, String source) {
        SnippetAnalysis a = GraphSession.ANALYZER.analyze(new CellSnippet(source, 0,
                SnippetKind.VAR_WITH_INITIALIZER, "v", ""));
        return s.graph.nondeterminism(a).map(f -> f.describe("its initializer"));
    }

    @Test
    void nondeterminism_direct() {
        assertEquals(Optional.of("its initializer calls `Math.random()` (reads unseeded randomness)"),
                why(new GraphSession(), "var v = Math.random();"));
        assertEquals(Optional.of("its initializer uses `Random::new` (reads unseeded randomness)"),
                why(new GraphSession(), "var v = Stream.generate(Random::new).limit(2).toList();"));
    }

    @Test
    void nondeterminism_throughNotebookMethods_namesThePath() {
        GraphSession s = new GraphSession();
        s.method("noise", "double noise() { return Math.random(); }");
        s.method("sample", "double[] sample(double x) { return new double[] { x }; }");
        assertEquals(Optional.of("its initializer calls `noise()`, which calls `Math.random()` (reads unseeded"
                + " randomness)"), why(s, "var xs = sample(noise());"));

        s.method("jitter", "double jitter(double x) { return x + noise(); }");
        s.method("measure", "double measure(int n) { return jitter(n) * 2; }");
        assertEquals(Optional.of("its initializer calls `measure(int)`, which calls `jitter(double)`, which calls"
                + " `noise()`, which calls `Math.random()` (reads unseeded randomness)"), why(s, "var m = measure(3);"));
        assertEquals(Optional.empty(), why(s, "var d = sample(2.0);"));
    }

    @Test
    void nondeterminism_throughAClass() {
        GraphSession s = new GraphSession();
        s.type("Dice", "class Dice { int roll() { return new Random().nextInt(6) + 1; } }");
        assertEquals(Optional.of("its initializer uses class `Dice`, which calls `new Random()` (reads unseeded"
                + " randomness)"), why(s, "var r = new Dice().roll();"));
    }

    @Test
    void nondeterminism_editedHelperNoLongerRandom_notFlagged() {
        GraphSession s = new GraphSession();
        s.method("noise", "double noise() { return Math.random(); }");
        s.method("noise", "double noise() { return new Random(42).nextDouble(); }");
        assertEquals(Optional.empty(), why(s, "var n = noise();"));
    }

    @Test
    void nondeterminism_notebookClassNamedLikeAJdkClass_decidesByItsOwnBody() {
        GraphSession s = new GraphSession();
        s.type("Clock", "class Clock { static int now() { return 3; } static int systemUTC() { return 0; } }");
        assertEquals(Optional.empty(), why(s, "var t = Clock.systemUTC();"), "the notebook's Clock is not the clock");
        s.type("Timer", "class Timer { static long now() { return 7; } }");
        assertEquals(Optional.empty(), why(s, "var t = Timer.now();"));
        s.type("Timer", "class Timer { static long now() { return System.nanoTime(); } }");
        assertEquals(Optional.of("its initializer uses class `Timer`, which calls `System.nanoTime()` (reads the"
                + " clock)"), why(s, "var t = Timer.now();"));
    }

    @Test
    void nondeterminism_notebookMethodNamedNow_onlyWhenItReadsTheClock() {
        GraphSession s = new GraphSession();
        s.method("now", "long now() { return 42L; }");
        assertEquals(Optional.empty(), why(s, "var t = now();"));
        s.method("now", "long now() { return java.time.Instant.now().toEpochMilli(); }");
        assertEquals(Optional.of("its initializer calls `now()`, which calls `Instant.now()` (reads the clock)"),
                why(s, "var t = now();"));
    }

    @Test
    void nondeterminism_mutualRecursion_terminates() {
        GraphSession s = new GraphSession();
        s.method("even", "boolean even(int n) { return n == 0 || odd(n - 1); }");
        s.method("odd", "boolean odd(int n) { return n != 0 && even(n - 1); }");
        assertEquals(Optional.empty(), why(s, "var e = even(10);"));
    }
}
