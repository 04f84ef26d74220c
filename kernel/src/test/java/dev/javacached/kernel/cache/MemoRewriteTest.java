package dev.javacached.kernel.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The source rewrite of {@code @Cached} methods. */
class MemoRewriteTest {
    private static MemoRewrite.Rewrite rewrite(String src, String name) {
        return assertInstanceOf(MemoRewrite.Rewrite.class, MemoRewrite.rewrite(src, name, "T"));
    }

    @Test
    void rewrite_topLevelMethod_callsTheTableWithItsArguments() {
        MemoRewrite.Rewrite r = rewrite("@Cached\ndouble[] simulate(int n, long seed) { return new double[n]; }", "simulate");
        assertEquals(List.of(new MemoRewrite.Method("simulate(int,long)", "simulate", "simulate")), r.methods());
        assertFalse(r.source().contains("@Cached"), r.source());
        assertTrue(r.source().contains("double[] simulate(int n, long seed) { return dev.javacached.kernel.engine.Memo.call("
                + "\"T\", \"simulate(int,long)\", null, new Object[] {n, seed}, () -> {  return new double[n]; }); }"),
                r.source());
        assertFalse(r.checkOriginalFirst());
    }

    @Test
    void rewrite_assignedParameter_isRenamedAndCopied() {
        MemoRewrite.Rewrite r = rewrite("@Cached int f(final int x, int... ys) { x = 1; return ys.length; }", "f");
        assertTrue(r.source().contains("int f(final int x$memo, int... ys$memo)"), r.source());
        assertTrue(r.source().contains("() -> { final int x = x$memo; int[] ys = ys$memo;"), r.source());
    }

    @Test
    void rewrite_parametersTheBodyOnlyReads_areKnown() {
        MemoRewrite.Rewrite r = rewrite("@Cached double f(double[] xs, double[] ys, List<Integer> zs, int[] w) {"
                + " double s = xs.length; for (double y : ys) s += y + xs[0]; zs.add(1); w[0] = 2; return s; }", "f");
        assertEquals(java.util.Set.of(0, 1), r.methods().get(0).readOnlyParameters());
    }

    @Test
    void rewrite_voidConstructorAndAbstract_areRefused() {
        assertTrue(assertInstanceOf(MemoRewrite.Refused.class, MemoRewrite.rewrite("@Cached void p() { }", "p", "T"))
                .message().contains("returns void"));
        assertInstanceOf(MemoRewrite.Refused.class,
                MemoRewrite.rewrite("class A { @Cached A() { } }", "A", "T"));
        assertInstanceOf(MemoRewrite.Refused.class,
                MemoRewrite.rewrite("interface I { @Cached int f(); }", "I", "T"));
    }

    @Test
    void rewrite_instanceMethodOfAClass_passesThis_staticOneNull() {
        MemoRewrite.Rewrite r = rewrite("class Model { @Cached double fit(int n) { return n; }"
                + " @Cached static int g(int n) { return n; } }", "Model");
        assertEquals(List.of("Model.fit(int)", "Model.g(int)"), r.methods().stream().map(MemoRewrite.Method::id).toList());
        assertEquals("Model", r.methods().get(0).owner());
        assertTrue(r.source().contains("\"Model.fit(int)\", this,"), r.source());
        assertTrue(r.source().contains("\"Model.g(int)\", null,"), r.source());
    }

    @Test
    void rewrite_twoThrownTypes_rethrowsAndChecksTheOriginalFirst() {
        MemoRewrite.Rewrite r = rewrite("@Cached int f(int x) throws java.io.IOException, InterruptedException"
                + " { return x; }", "f");
        assertTrue(r.checkOriginalFirst());
        assertTrue(r.source().contains("catch (Throwable $memoThrown)"), r.source());
    }

    @Test
    void rewrite_noAnnotationOrAnotherOne_isNone() {
        assertInstanceOf(MemoRewrite.None.class, MemoRewrite.rewrite("int f(int x) { return x; }", "f", "T"));
        assertInstanceOf(MemoRewrite.None.class,
                MemoRewrite.rewrite("@Deprecated int fCached(int x) { return x; }", "fCached", "T"));
        // a local class inside a body is not rewritten
        assertInstanceOf(MemoRewrite.None.class, MemoRewrite.rewrite(
                "int f(int x) { class L { @Cached int g() { return 1; } } return x; }", "f", "T"));
    }
}
