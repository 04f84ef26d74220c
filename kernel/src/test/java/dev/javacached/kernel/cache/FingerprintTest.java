package dev.javacached.kernel.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FingerprintTest {

    private static String keyOf(String source) {
        return new GraphSession().var("x", source, 1).key();
    }

    @Test
    void fingerprint_sameForWhitespaceAndCommentEdits() {
        assertEquals(keyOf("int x = 1 + 2;"), keyOf("int x=1+2; // three"));
        assertEquals(keyOf("int x = 1 + 2;"), keyOf("int x =\n  1 /* one */ + 2;"));
    }

    @Test
    void fingerprint_differsForLiteralEdits() {
        assertNotEquals(keyOf("int x = 1 + 2;"), keyOf("int x = 1 + 3;"));
        assertNotEquals(keyOf("var x = \"a b\";"), keyOf("var x = \"a  b\";"));
    }

    @Test
    void fingerprint_differsForClasspathAndImports() {
        GraphSession a = new GraphSession();
        GraphSession b = new GraphSession();
        b.classpath = new ClasspathState(List.of("org.example:lib:1.0"), Map.of("lib.jar", "abc"));
        assertNotEquals(a.var("x", "var x = f();", 1).key(), b.var("x", "var x = f();", 1).key());

        GraphSession c = new GraphSession();
        c.imp("import java.util.stream.*;");
        assertNotEquals(new GraphSession().var("x", "var x = f();", 1).key(), c.var("x", "var x = f();", 1).key());
    }

    @Test
    void fingerprint_differsForJavaVersion() {
        var s = new dev.javacached.kernel.engine.CellSnippet("int x = 1;", 0,
                dev.javacached.kernel.engine.SnippetKind.VAR_WITH_INITIALIZER, "x", "int");
        SnippetAnalysis a = GraphSession.ANALYZER.analyze(s);
        assertNotEquals(new DependencyGraph(17).fingerprint(s, a, ClasspathState.empty()).key(),
                new DependencyGraph(21).fingerprint(s, a, ClasspathState.empty()).key());
    }

    @Test
    void dependencies_throughVariableInitializers() {
        GraphSession s1 = new GraphSession();
        s1.var("a", "int a = 1;", 1);
        s1.var("b", "int b = a * 2;", 2);
        Fingerprint c1 = s1.var("c", "int c = b + 1;", 3);

        GraphSession s2 = new GraphSession();
        s2.var("a", "int a = 5;", 5);
        s2.var("b", "int b = a * 2;", 10);
        Fingerprint c2 = s2.var("c", "int c = b + 1;", 11);
        assertNotEquals(c1.key(), c2.key(), "a change two declarations upstream reaches c");
    }

    @Test
    void dependencies_throughMethodBodiesTransitively() {
        GraphSession s1 = new GraphSession();
        s1.method("inner", "int inner(int x) { return x + 1; }");
        s1.method("outer", "int outer(int x) { return inner(x) * 2; }");
        Fingerprint y1 = s1.var("y", "int y = outer(3);", 8);
        Fingerprint z1 = s1.var("z", "int z = 42;", 42);

        GraphSession s2 = new GraphSession();
        s2.method("inner", "int inner(int x) { return x + 2; }");
        s2.method("outer", "int outer(int x) { return inner(x) * 2; }");
        Fingerprint y2 = s2.var("y", "int y = outer(3);", 10);
        Fingerprint z2 = s2.var("z", "int z = 42;", 42);

        assertNotEquals(y1.key(), y2.key());
        assertEquals(z1.key(), z2.key());
        assertTrue(y1.dependencies().stream().anyMatch(d -> d.label().equals("inner(int)")));
    }

    @Test
    void dependencies_methodDefinedAfterCallerStillCounts() {
        GraphSession s1 = new GraphSession();
        s1.method("outer", "int outer() { return inner(); }");
        s1.method("inner", "int inner() { return 1; }");
        GraphSession s2 = new GraphSession();
        s2.method("outer", "int outer() { return inner(); }");
        s2.method("inner", "int inner() { return 2; }");
        assertNotEquals(s1.var("y", "int y = outer();", 1).key(), s2.var("y", "int y = outer();", 2).key());
    }

    @Test
    void dependencies_mutualRecursionTerminatesAndIsStable() {
        GraphSession s1 = new GraphSession();
        s1.method("even", "boolean even(int n) { return n == 0 || odd(n - 1); }");
        s1.method("odd", "boolean odd(int n) { return n != 0 && even(n - 1); }");
        GraphSession s2 = new GraphSession();
        s2.method("even", "boolean even(int n) { return n == 0 || odd(n - 1); }");
        s2.method("odd", "boolean odd(int n) { return n != 0 && even(n - 1); }");
        assertEquals(s1.var("e", "boolean e = even(10);", true).key(), s2.var("e", "boolean e = even(10);", true).key());
    }

    @Test
    void dependencies_throughClassesAndOverloads() {
        GraphSession s1 = new GraphSession();
        s1.type("Row", "record Row(double v) { double twice() { return v * 2; } }");
        s1.method("f", "double f(int x) { return x; }");
        s1.method("f", "double f(String s) { return 1; }");
        Fingerprint r1 = s1.var("r", "var r = new Row(f(1));", null);

        GraphSession s2 = new GraphSession();
        s2.type("Row", "record Row(double v) { double twice() { return v * 3; } }");
        s2.method("f", "double f(int x) { return x; }");
        s2.method("f", "double f(String s) { return 1; }");
        Fingerprint r2 = s2.var("r", "var r = new Row(f(1));", null);
        assertNotEquals(r1.key(), r2.key());

        GraphSession s3 = new GraphSession();
        s3.type("Row", "record Row(double v) { double twice() { return v * 2; } }");
        s3.method("f", "double f(int x) { return x; }");
        s3.method("f", "double f(String s) { return 2; }");
        assertNotEquals(r1.key(), s3.var("r", "var r = new Row(f(1));", null).key(), "every overload counts");
    }

    @Test
    void provenance_recordsDependenciesForExplanations() {
        GraphSession s = new GraphSession();
        s.method("normalize", "double[] normalize(double[] xs) { return xs; }");
        s.var("data", "double[] data = {1, 2};", new double[] {1, 2});
        Map<String, String> p = s.var("n", "var n = normalize(data);", new double[] {1, 2}).provenance();
        assertTrue(p.containsKey("dep.method normalize(double[])"), p.toString());
        assertTrue(p.containsKey("dep.var data"), p.toString());
        assertEquals("var n = normalize ( data )", p.get("source"));
    }

    /**
     * Regression: the old tokenizer split an identifier outside the Basic Multilingual Plane
     * into two lone surrogates, which UTF-8 hashes as '?', so these two cells (1 and 5) had
     * one key and the second restored the first's value.
     */
    @Test
    void fingerprint_differsForSupplementaryIdentifiers() {
        String x = "\uD835\uDC65";
        String y = "\uD835\uDC66";
        String cell = "int x = ((java.util.function.IntUnaryOperator) %s -> { int %s = 5; return %s; }).applyAsInt(1);";
        assertNotEquals(keyOf(String.format(cell, x, y, x)), keyOf(String.format(cell, x, y, y)));
    }
}
