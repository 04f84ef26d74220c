package dev.javacached.kernel.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateVersionTest {

    record Point(int x, String label) {
    }

    record Holder(List<Integer> items) {
    }

    private static String sizeAfter(String mutation) {
        GraphSession s = new GraphSession();
        s.var("list", "var list = new ArrayList<>(List.of(1, 2, 3));", new ArrayList<>(List.of(1, 2, 3)));
        s.stmt(mutation);
        return s.var("n", "int n = list.size();", 4).key();
    }

    @Test
    void mutationStatementEdit_invalidatesDownstream() {
        assertNotEquals(sizeAfter("list.add(4);"), sizeAfter("list.add(5);"));
        assertEquals(sizeAfter("list.add(4);"), sizeAfter("list.add( 4 ); // same"));
    }

    @Test
    void loopFillingVariable_advancesIt() {
        GraphSession s = new GraphSession();
        s.var("list", "var list = new ArrayList<Integer>();", new ArrayList<>());
        String before = s.graph.version("list").orElseThrow();
        s.stmt("for (int i = 0; i < 10; i++) list.add(i);");
        assertNotEquals(before, s.graph.version("list").orElseThrow());
    }

    @Test
    void readerOfMutableValue_advancesIt() {
        GraphSession s = new GraphSession();
        s.var("list", "var list = new ArrayList<Integer>();", new ArrayList<>());
        String before = s.graph.version("list").orElseThrow();
        s.var("copy", "var copy = list;", new ArrayList<>());
        assertNotEquals(before, s.graph.version("list").orElseThrow());
    }

    @Test
    void readersOfImmutableValues_doNotAdvance() {
        GraphSession s = new GraphSession();
        s.var("k", "int k = 5;", 5);
        s.var("name", "String name = \"x\";", "x");
        s.var("p", "var p = new Point(1, \"a\");", new Point(1, "a"));
        s.var("ys", "var ys = List.of(1, 2);", List.of(1, 2));
        s.var("m", "var m = Map.of(\"a\", 1);", Map.of("a", 1));
        List<String> before = List.of("k", "name", "p", "ys", "m").stream()
                .map(v -> s.graph.version(v).orElseThrow()).toList();
        s.var("a", "var a = k * 2 + name.length() + p.x() + ys.size() + m.size();", 14);
        s.stmt("System.out.println(k + name + p + ys + m);");
        List<String> after = List.of("k", "name", "p", "ys", "m").stream()
                .map(v -> s.graph.version(v).orElseThrow()).toList();
        assertEquals(before, after);
    }

    @Test
    void immutableReaderInBetween_doesNotChangeLaterKeys() {
        GraphSession s1 = new GraphSession();
        s1.var("k", "int k = 5;", 5);
        String b1 = s1.var("b", "int b = k + 1;", 6).key();
        GraphSession s2 = new GraphSession();
        s2.var("k", "int k = 5;", 5);
        s2.var("a", "int a = k * 2;", 10);
        assertEquals(b1, s2.var("b", "int b = k + 1;", 6).key());
    }

    @Test
    void mutability_judgedFromLiveValue() {
        assertTrue(Mutability.isImmutable(new Point(1, "a")));
        assertTrue(Mutability.isImmutable(List.of(new Point(1, "a"))));
        assertTrue(Mutability.isImmutable(java.util.Optional.of("x")));
        assertTrue(Mutability.isImmutable(java.time.LocalDate.of(2024, 1, 1)));
        assertTrue(Mutability.isImmutable(java.util.concurrent.TimeUnit.SECONDS));
        assertFalse(Mutability.isImmutable(new Holder(new ArrayList<>())));
        assertFalse(Mutability.isImmutable(List.of(new ArrayList<>())));
        assertFalse(Mutability.isImmutable(new int[] {1}));
        assertFalse(Mutability.isImmutable(java.util.Collections.unmodifiableList(new ArrayList<>())));
        assertFalse(Mutability.isImmutable(new StringBuilder()));
    }

    @Test
    void primitiveIncrement_advances() {
        GraphSession s = new GraphSession();
        s.var("counter", "int counter = 0;", 0);
        String before = s.graph.version("counter").orElseThrow();
        s.stmt("counter++;");
        assertNotEquals(before, s.graph.version("counter").orElseThrow());
    }

    @Test
    void callingMethodThatMutatesVariable_advancesIt() {
        GraphSession s = new GraphSession();
        s.var("list", "var list = new ArrayList<Integer>();", new ArrayList<>());
        s.var("counter", "int counter = 0;", 0);
        s.method("push", "void push(int x) { list.add(x); }");
        s.method("inc", "void inc() { counter++; }");
        s.method("tick", "void tick() { inc(); }");
        String list0 = s.graph.version("list").orElseThrow();
        String counter0 = s.graph.version("counter").orElseThrow();
        s.stmt("push(3);");
        assertNotEquals(list0, s.graph.version("list").orElseThrow());
        assertEquals(counter0, s.graph.version("counter").orElseThrow());
        s.stmt("tick();");
        assertNotEquals(counter0, s.graph.version("counter").orElseThrow(), "through tick() -> inc()");
    }

    @Test
    void declaringMethod_doesNotAdvance() {
        GraphSession s = new GraphSession();
        s.var("list", "var list = new ArrayList<Integer>();", new ArrayList<>());
        String before = s.graph.version("list").orElseThrow();
        s.method("push", "void push(int x) { list.add(x); }");
        assertEquals(before, s.graph.version("list").orElseThrow());
    }

    @Test
    void sameNotebookTwice_reproducesVersions() {
        List<String> first = runNotebook();
        assertEquals(first, runNotebook());
    }

    private static List<String> runNotebook() {
        GraphSession s = new GraphSession();
        s.imp("import java.util.*;");
        s.var("list", "var list = new ArrayList<Integer>();", new ArrayList<>());
        s.method("push", "void push(int x) { list.add(x); }");
        s.stmt("for (int i = 0; i < 3; i++) push(i);");
        s.var("n", "int n = list.size();", 3);
        s.stmt("n += 1;");
        return List.of(s.graph.version("list").orElseThrow(), s.graph.version("n").orElseThrow(),
                s.var("z", "int z = n + list.size();", 7).key());
    }
}
